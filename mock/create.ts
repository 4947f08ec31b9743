import { domainToASCII } from 'node:url';
import { createRequestSchema } from '../contracts/schemas.ts';
import type { CreateRequest } from '../contracts/types.ts';
import { validateCreateRequest } from '../contracts/validators.ts';
import { CODES } from './envelope.ts';
import type { FaultName } from './faults.ts';

const PARAMS = ['FriendlyName', 'Email', 'PolicySid', 'StatusCallback'] as const;
type ParamName = (typeof PARAMS)[number];
/** Missing parameters are named in the order the official OpenAPI lists them as required. */
const REQUIRED: readonly string[] = createRequestSchema.required;

export interface CreateFields {
  friendlyName: string | null;
  email: string | null;
  policySid: string | null;
  statusCallback: string | null;
}

export type CreateOutcome =
  | { ok: true; fields: CreateFields }
  | { ok: false; code: number; message: string; /** what was read, for the stores-rejected fault */ fields: CreateFields };

const EMPTY_HOST = /^https?:\/\/(?:[^/?#@]*@)?(?::\d*)?(?:[/?#]|$)/i;
/** what PHP's empty() or JS truthiness takes for nothing (the falsy-text-as-missing fault) */
const FALSY = new Set(['', '0', 'false', 'null', 'undefined']);

/** C0 and C1 controls and DEL (the strips-control-chars fault) */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

const EMAIL_FAULTS: ReadonlySet<FaultName> = new Set(['trims-email', 'email-domain-lowercased', 'email-idna']);

/** How the email faults store an address: trimmed, its domain lower-cased, or its domain as an IDNA A-label. */
function emailFault(email: string, fault: FaultName): string {
  if (fault === 'trims-email') return email.trim();
  const at = email.lastIndexOf('@');
  if (at < 0) return email;
  const domain = email.slice(at + 1);
  const changed = fault === 'email-domain-lowercased' ? domain.toLowerCase() : domainToASCII(domain) || domain;
  return `${email.slice(0, at + 1)}${changed}`;
}

/** Non-ASCII characters as escapes: what an IRI-accepting validator checks in place of the value */
const asciiOnly = (value: string): string => value.replace(/[^\u0000-\u007f]/gu, (ch) => encodeURIComponent(ch));

/** The lax PolicySid matches of the policy faults: each accepts what ^RN[0-9a-fA-F]{32}$ refuses. */
function laxPolicyMatch(value: string, fault: FaultName | null): boolean {
  if (fault === 'policy-sid-length-unchecked') return /^RN[0-9a-fA-F]{32}/.test(value);
  if (fault === 'policy-prefix-case-insensitive') return /^RN[0-9a-f]{32}$/i.test(value);
  if (fault === 'policy-unicode-digits') return /^RN[\p{Nd}a-fA-F]{32}$/u.test(value);
  return false;
}

function caseInsensitiveGet(params: URLSearchParams, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [n, v] of params) if (n.toLowerCase() === lower) return v;
  return null;
}

/**
 * Reads and validates a create request with the contracts' validateCreateRequest. A repeated
 * parameter counts once, with its first value. An empty required parameter counts as missing.
 */
export function readCreate(params: URLSearchParams, knownPolicies: ReadonlySet<string> | null, fault: FaultName | null): CreateOutcome {
  const request: Partial<Record<ParamName, string>> = {};
  for (const name of PARAMS) {
    const value = params.get(name) ?? (fault === 'param-names-case-insensitive' ? caseInsensitiveGet(params, name) : null);
    if (value !== null) request[name] = value;
  }
  if (fault === 'trims-policy-sid' && request.PolicySid !== undefined) request.PolicySid = request.PolicySid.trim();
  if (fault === 'trims-callback' && request.StatusCallback !== undefined) request.StatusCallback = request.StatusCallback.trim();

  const missing = new Set<string>();
  const invalid = new Set<string>();
  if (!validateCreateRequest(request as CreateRequest)) {
    for (const e of validateCreateRequest.errors ?? []) {
      const name = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.instancePath.slice(1);
      if (REQUIRED.includes(name) && (e.keyword === 'required' || request[name as ParamName] === '')) missing.add(name);
      else invalid.add(name);
    }
  }
  // an http(s) URI with an empty host is invalid (RFC 9110 §4.2.1, §4.2.2), though the uri format allows it
  if (request.StatusCallback !== undefined && EMPTY_HOST.test(request.StatusCallback)) invalid.add('StatusCallback');
  if (fault === 'callback-userinfo-refused' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(request.StatusCallback ?? '')) invalid.add('StatusCallback');
  // callback-trailing-dot-refused: a host check that takes no absolute DNS name (validator.js isFQDN, allow_trailing_dot: false)
  if (fault === 'callback-trailing-dot-refused' && /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*@)?[^/?#@:[]*\.(:\d*)?([/?#]|$)/i.test(request.StatusCallback ?? '')) invalid.add('StatusCallback');
  if (fault === 'falsy-text-as-missing') {
    for (const name of ['FriendlyName', 'Email'] as const) if (FALSY.has(request[name] ?? '')) missing.add(name);
  }
  // blank-as-missing: a presence check that strips first (Rails' blank?)
  if (fault === 'blank-as-missing' && request.FriendlyName !== undefined && request.FriendlyName.trim() === '') missing.add('FriendlyName');
  if (fault === 'email-optional') missing.delete('Email');
  const policyMalformed = invalid.has('PolicySid');
  if (fault === 'policy-pattern-unchecked' || (policyMalformed && laxPolicyMatch(request.PolicySid ?? '', fault))) invalid.delete('PolicySid');
  // callback-iri-accepted: a URL validator that takes raw Unicode (an IRI) as it is
  if (fault === 'callback-iri-accepted' && invalid.has('StatusCallback') && validateCreateRequest({ ...request, StatusCallback: asciiOnly(request.StatusCallback!) } as CreateRequest)) {
    invalid.delete('StatusCallback');
  }
  const callbackMalformed = invalid.has('StatusCallback');
  if (fault === 'callback-relative-accepted' && !/^[a-z][a-z0-9+.-]*:/i.test(request.StatusCallback ?? '')) invalid.delete('StatusCallback');

  const fields: CreateFields = {
    friendlyName: request.FriendlyName || null,
    email: request.Email || null,
    // a malformed value is never put in a resource: the resource schema would refuse it
    policySid: policyMalformed ? null : request.PolicySid || null,
    statusCallback: callbackMalformed ? null : (request.StatusCallback ?? null),
  };
  if (fault === 'nfc-normalizes') {
    fields.friendlyName = fields.friendlyName?.normalize('NFC') ?? null;
    fields.email = fields.email?.normalize('NFC') ?? null;
  }
  // halfwidth-kana-widened: mb_convert_kana($name, 'KV'): each run of half-width katakana (U+FF61..U+FF9F) as NFKC makes it
  if (fault === 'halfwidth-kana-widened') fields.friendlyName = fields.friendlyName?.replace(/[\uff61-\uff9f]+/g, (kana) => kana.normalize('NFKC')) ?? null;
  if (fault === 'strips-zero-width') fields.friendlyName = fields.friendlyName?.replace(/[\u200b-\u200d\u2060\ufeff]/g, '') ?? null;
  if (fault === 'strips-control-chars') {
    fields.friendlyName = fields.friendlyName?.replace(CONTROLS, '') ?? null;
    fields.email = fields.email?.replace(CONTROLS, '') ?? null;
  }
  if (fields.email !== null && fault !== null && EMAIL_FAULTS.has(fault)) fields.email = emailFault(fields.email, fault);
  // a URL parser rewrites what it can parse (a port above 65535 or an IPvFuture host it cannot: kept)
  if (fault === 'normalizes-callback' && fields.statusCallback && URL.canParse(fields.statusCallback)) fields.statusCallback = new URL(fields.statusCallback).href;

  const firstMissing = REQUIRED.find((name) => missing.has(name));
  if (firstMissing) {
    return {
      ok: false,
      code: fault === 'wrong-missing-code' ? 21_000 : CODES.missing,
      message: `Missing required parameter ${firstMissing} in the post body`,
      fields,
    };
  }
  const firstInvalid = PARAMS.find((name) => invalid.has(name)) ?? [...invalid][0];
  if (firstInvalid) return { ok: false, code: CODES.invalidParameter, message: `Invalid parameter: ${firstInvalid}`, fields };
  if (knownPolicies && fields.policySid && !knownPolicies.has(fields.policySid)) {
    return {
      ok: false,
      code: CODES.invalidParameter,
      message: `Invalid parameter: PolicySid ${fields.policySid} is not a policy this account may use`,
      fields,
    };
  }
  return { ok: true, fields };
}

/**
 * email-contacts-citext-first-casing: an account's contacts table keyed by email without regard to
 * case (CITEXT UNIQUE): the casing of an address as first stored, kept after its profile is deleted.
 */
export function citextContacts(): { casing(accountSid: string, email: string): string } {
  const rows = new Map<string, string>();
  return {
    casing(accountSid, email) {
      const key = `${accountSid}\n${email.toLowerCase()}`;
      if (!rows.has(key)) rows.set(key, email);
      return rows.get(key)!;
    },
  };
}

/** email-provider-canonicalized: validator.js normalizeEmail's provider rules, as a sign-up dedupe helper applies them */
export function canonicalEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email;
  const [local, domain] = [email.slice(0, at), email.slice(at + 1).toLowerCase()];
  if (domain === 'gmail.com' || domain === 'googlemail.com') return `${local.split('+')[0]!.replaceAll('.', '').toLowerCase()}@gmail.com`;
  if (['outlook.com', 'hotmail.com', 'live.com', 'icloud.com'].includes(domain)) return `${local.split('+')[0]}@${domain}`;
  if (domain === 'yahoo.com') return `${local.split('-')[0]}@${domain}`;
  return email;
}

/**
 * email-display-name-unwrapped: the address a mail library's parser hands back (Python's
 * email.utils.parseaddr, Go's mail.ParseAddress): `Jane Doe <jane@example.com>` and
 * `jane@example.com (Jane)` are `jane@example.com`; a bare address is itself.
 */
export function parsedAddress(email: string): string {
  const angle = /^\s*(?:"(?:[^"\\]|\\.)*"|[^<>"]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(email);
  if (angle) return angle[1]!;
  const comment = /^\s*([^\s()<>]+@[^\s()<>]+)\s*\([^()]*\)\s*$/.exec(email);
  return comment ? comment[1]! : email;
}
