import type { UpdateExpect, UpdateRepeated } from '../contracts/exchange.ts';
import { FORM_CONTENT_TYPE } from './_internals/formCase.ts';
import { DECODE_ADDRESSES, PROVIDER_ADDRESSES } from './coverage/email.ts';
import { LABELLED_CHARSETS, LABELLED_TEXT } from './coverage/requests.ts';
import { CHARACTER_REFERENCES, DECODE_ONCE, UNICODE_TEXT, WHITESPACE_ONLY } from './coverage/friendlyName.ts';
import { VALID_CALLBACKS } from './coverage/statusCallback.ts';
import { encodeForm } from './encodeForm.ts';
import { updateBodySteps } from './updateBodies.ts';
import { FORM_CONTENT_TYPES } from './wireVariantCase.ts';

/**
 * One update of a profile of the sender's own (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's
 * UpdateCustomerProfile): what it sends, with which pair and body shape, and what a faithful server
 * does with it (`expect`, contracts/exchange.ts UpdateExpect).
 */
export interface UpdateStepPlan {
  /** what it sends, in words */
  what: string;
  /** the body's Content-Type */
  type: string;
  text: string;
  expect: UpdateExpect;
  /** applied: the resource fields its parameters set, each to the value sent */
  sets: Readonly<Record<string, string>>;
  /** refused: the parameter whose value is outside its value space */
  refuses?: 'Status' | 'StatusCallback';
  /** a query string the update's URL carries (its parameters are no parameters of the update: its body is the form) */
  query?: string;
  /** sent with the account's pair the run does not act with, when the run knows it (twilio-behaviour.md: either pair is the account's) */
  otherPair: boolean;
  /** a parameter the body names twice, the field it sets and the values sent (generators/updateBodies.ts: update.repeated-param) */
  repeated?: UpdateRepeated;
}

/**
 * A Status no profile can hold (the enum is draft, pending-review, in-review, twilio-rejected,
 * twilio-approved), none of them an enum value in another case or spacing: a server that takes it
 * stores a status outside the enum, one that refuses it changes nothing. Never a value of the enum,
 * nor pending-review written otherwise: a valid Status submits a real profile for review.
 */
export const STATUSES_OUTSIDE_ENUM = ['approved', 'active', 'verified', 'submitted', 'complete'] as const;

/** A relative reference (RFC 3986 §4.2), no absolute URI: what the update's StatusCallback (format: uri) must refuse, as the create does. */
export const RELATIVE_CALLBACK = '/status-callbacks/relative';

/** The host of an absolute URI (its userinfo and port aside). */
const hostOf = (uri: string): string => /^[^:]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(uri)?.[1] ?? '';

/**
 * The create's valid callbacks whose host is no registered name ending in a top-level label (an
 * IPv6 literal, an absolute DNS name with its trailing dot): RFC 3986 §3.2.2 hosts a URL validator
 * that wants a TLD refuses.
 */
export const CALLBACKS_UNUSUAL_HOST = VALID_CALLBACKS.map(([v]) => v).filter((v) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(hostOf(v)));

/**
 * The create's valid callbacks a URL parser writes otherwise (WHATWG URL's href: scheme and host
 * lower-cased, the default port dropped, dot segments removed…): what a server that stores the
 * parser's serialization instead of the value sent changes (standards.md: kept as sent).
 */
export const CALLBACKS_REWRITTEN = VALID_CALLBACKS.map(([v]) => v).filter((v) => !CALLBACKS_UNUSUAL_HOST.includes(v) && new URL(v).href !== v);

/** Whether a URI has userinfo (RFC 3986 §3.2.1). */
const hasUserinfo = (uri: string): boolean => /^[^:]+:\/\/[^/?#]*@/.test(uri);

/**
 * The classes of the create's valid callbacks an update's validator or serializer has been seen to
 * get wrong, each sent every run (one value of each, drawn from the seed): userinfo (a validator
 * with disallow_auth), an IPv6 literal and a trailing-dot host (a validator that wants a top-level
 * domain), one a URL parser writes otherwise (a serializer's href stored).
 */
export const CALLBACK_CLASSES: ReadonlyArray<readonly [what: string, values: readonly string[]]> = [
  ['with userinfo (credentials, as Twilio documents for a webhook)', VALID_CALLBACKS.map(([v]) => v).filter(hasUserinfo)],
  ['with an IPv6 literal host (no top-level label)', CALLBACKS_UNUSUAL_HOST.filter((v) => hostOf(v).startsWith('['))],
  ['with a trailing dot in the host (an absolute DNS name, no top-level label after it)', CALLBACKS_UNUSUAL_HOST.filter((v) => hostOf(v).endsWith('.'))],
  ['written otherwise than a URL parser writes it', CALLBACKS_REWRITTEN],
];

/** The create's Emails with capitals in the domain (Email.case-kept, echo.exact): kept as sent, the domain's case too. */
export const EMAILS_DOMAIN_CASE = ['Casing.Check@Example.com', 'Jane.Doe@Example.COM'] as const;

/**
 * Parameters that are no parameters of the update (UpdateCustomerProfileRequest names Status,
 * StatusCallback, FriendlyName and Email): the resource's identity and dates by the create's names
 * and by the resource's own (snake_case) names, a status outside the enum among them (never one of
 * it). A server ignores them (Twilio ignores parameters it does not know; the create's
 * extra-params.ignored) or refuses the whole update with a 4xx (nothing documents either way): it
 * never writes them.
 */
export function identityParams(other: { accountSid: string; sid: string }): Array<[string, string]> {
  return [
    ['AccountSid', other.accountSid],
    ['Sid', other.sid],
    ['DateCreated', '2001-01-01T00:00:00Z'],
    ['DateUpdated', '2001-01-01T00:00:00Z'],
    ['account_sid', other.accountSid],
    ['sid', other.sid],
    ['date_created', '2001-01-01T00:00:00Z'],
    ['status', 'approved'],
    ['valid_until', '2001-01-01T00:00:00Z'],
  ];
}

/** The names of coverage's FriendlyName value space whose bytes a server must keep (Unicode, escapes, character references). */
const NAMES = [...UNICODE_TEXT, ...DECODE_ONCE, ...CHARACTER_REFERENCES];

/** Addresses every server must take (form decoding, providers' sub-addresses), echoed exactly. */
const ADDRESSES = [...DECODE_ADDRESSES, ...PROVIDER_ADDRESSES];

/** A parameter name in another case (parameter names are case-sensitive: twilio-behaviour.md). */
const OTHER_CASES: ReadonlyArray<readonly [(name: string) => string, string]> = [
  [(n) => n.toLowerCase(), 'lower case'],
  [(n) => n.toUpperCase(), 'upper case'],
  [(n) => n.charAt(0).toLowerCase() + n.slice(1), 'camelCase'],
];

/** A 32-bit integer's bits mixed (MurmurHash3's finalizer): neighbouring seeds draw unrelated items. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The item of a list a seed draws (salt: which draw of the run). */
const pick = <T>(list: readonly T[], seed: number, salt: number): T => list[mix(Math.imul(seed, 31) + salt) % list.length]!;

/** What the update steps name that is not the profile's: another policy, another account's SID, another profile's sid. */
export interface UpdateOthers {
  policySid: string;
  accountSid: string;
  sid: string;
}

/** Made-up values of UpdateOthers, for a run that knows no other (well-formed: a server that writes them must find them valid). */
export const OTHERS: UpdateOthers = { policySid: `RN${'5eed'.repeat(8)}`, accountSid: `AC${'5eed'.repeat(8)}`, sid: `BU${'5eed'.repeat(8)}` };

/**
 * The updates the run sends to the profile it makes for them, in order (what each is, in words, holds
 * no name: the words name a failure's class, the same in every run and shard). `names.created` is its
 * create's FriendlyName, `names.renamed` the first update's, `tag` unique to the run (every name
 * it sets holds it: a list by it shows no other run's profile, and no other shard's). Which value of
 * each value space goes is drawn from the seed; the first update, FriendlyName alone with the pair the
 * run acts with, says whether the target has the update at all. The pairs alternate after it.
 */
export function updateSteps(seed: number, names: { base: string; renamed: string; tag: string }, other: UpdateOthers = OTHERS): UpdateStepPlan[] {
  const form = (params: Array<[string, string]>) => encodeForm(params);
  const applied = (what: string, params: Array<[string, string]>, sets: Record<string, string>, type = FORM_CONTENT_TYPE) =>
    ({ what, type, text: form(params), expect: 'applied' as const, sets });
  const either = (what: string, params: Array<[string, string]>, sets: Record<string, string>, type = FORM_CONTENT_TYPE) =>
    ({ what, type, text: form(params), expect: 'either' as const, sets });
  const { base, renamed, tag } = names;
  const ws = pick(WHITESPACE_ONLY, seed, 1);
  const spaced = ` ${base} (spaced ${tag})${ws}`;
  const [text, textWhat] = pick(NAMES, seed, 2);
  const unicode = `${text} (${tag})`;
  const [address, addressWhat] = pick(ADDRESSES, seed, 3);
  const [userinfo, ipv6, dotted, rewritten] = CALLBACK_CLASSES.map(([, values], i) => pick(values, seed, 10 + i)) as [string, string, string, string];
  const [userinfoWhat, ipv6What, dottedWhat, rewrittenWhat] = CALLBACK_CLASSES.map(([what]) => what) as [string, string, string, string];
  const domainCase = pick(EMAILS_DOMAIN_CASE, seed, 4);
  const atOnce = `${base} (${tag}; all at once; R;D)`;
  const fromBody = 'https://example.com/status-callbacks/from-the-body';
  const type = pick(FORM_CONTENT_TYPES.slice(1), seed, 6);
  const charsetName = `${base} (${tag}, under another spelling of the form type)`;
  const [otherCase, caseWhat] = pick(OTHER_CASES, seed, 7);
  const status = pick(STATUSES_OUTSIDE_ENUM, seed, 8);
  const steps: Array<Omit<UpdateStepPlan, 'otherPair'>> = [
    applied('FriendlyName alone', [['FriendlyName', renamed]], { friendly_name: renamed }),
    applied(`Email alone (an address ${addressWhat})`, [['Email', address]], { email: address }),
    applied(`FriendlyName with whitespace around it (a space before, ${JSON.stringify(ws)} after) and StatusCallback ${userinfo} (${userinfoWhat})`, [['FriendlyName', spaced], ['StatusCallback', userinfo]], { friendly_name: spaced, status_callback: userinfo }),
    applied(`FriendlyName ${textWhat} and StatusCallback ${ipv6} (${ipv6What})`, [['FriendlyName', unicode], ['StatusCallback', ipv6]], { friendly_name: unicode, status_callback: ipv6 }),
    applied(`FriendlyName and StatusCallback ${dotted} (${dottedWhat}) under Content-Type ${type}`, [['FriendlyName', charsetName], ['StatusCallback', dotted]], { friendly_name: charsetName, status_callback: dotted }, type),
    // the OpenAPI's "update" example: StatusCallback, FriendlyName and Email in one body; a ; is data in a form value (sent raw, as curl -d sends it)
    {
      what: `StatusCallback ${rewritten} (${rewrittenWhat}), FriendlyName with a raw ; and Email ${domainCase} (capitals in its domain) in one body, as the OpenAPI's update example`,
      type: FORM_CONTENT_TYPE,
      text: encodeForm([['StatusCallback', rewritten], ['FriendlyName', atOnce], ['Email', domainCase]], { rawInValues: ';' }),
      expect: 'applied',
      sets: { status_callback: rewritten, friendly_name: atOnce, email: domainCase },
    },
    {
      what: 'a JSON body naming FriendlyName and Email (Content-Type application/json)',
      type: 'application/json',
      text: JSON.stringify({ FriendlyName: `${base} (${tag}, from a JSON body)`, Email: 'json-body@example.com' }),
      expect: 'unread',
      sets: {},
    },
    {
      what: `FriendlyName and Email named in ${caseWhat} (${otherCase('FriendlyName')}, ${otherCase('Email')})`,
      type: FORM_CONTENT_TYPE,
      text: form([
        [otherCase('FriendlyName'), `${base} (${tag}, names in ${caseWhat})`],
        [otherCase('Email'), 'names-in-another-case@example.com'],
      ]),
      expect: 'unread',
      sets: {},
    },
    either(`FriendlyName and PolicySid ${other.policySid} (no parameter of the update)`, [['FriendlyName', `${base} (${tag}, beside a PolicySid)`], ['PolicySid', other.policySid]], { friendly_name: `${base} (${tag}, beside a PolicySid)` }),
    either(
      `FriendlyName beside ${identityParams(other).map(([n]) => n).join(', ')} (another account's SID, another profile's sid, dates of 2001, status approved: no parameters of the update)`,
      [['FriendlyName', `${base} (${tag}, beside the resource's identity)`], ...identityParams(other)],
      { friendly_name: `${base} (${tag}, beside the resource's identity)` },
    ),
    {
      what: `StatusCallback ${fromBody} in the form body, Email and FriendlyName in the query string (no parameters of the update: its body is the form)`,
      type: FORM_CONTENT_TYPE,
      text: form([['StatusCallback', fromBody]]),
      query: new URLSearchParams([['Email', 'from-the-query@example.com'], ['FriendlyName', `${base} (${tag}, from the query string)`]]).toString(),
      expect: 'applied',
      sets: { status_callback: fromBody },
    },
    // the create's labelled charsets (coverage's body.charset-label rows): the bytes are UTF-8 whatever the label, a 4xx allowed
    ...LABELLED_CHARSETS.map((charset) => {
      const name = `${LABELLED_TEXT.FriendlyName} (${tag}, labelled ${charset})`;
      return either(`FriendlyName ${LABELLED_TEXT.FriendlyName} and Email ${LABELLED_TEXT.Email} in UTF-8 under Content-Type ${FORM_CONTENT_TYPE}; charset=${charset}`, [['FriendlyName', name], ['Email', LABELLED_TEXT.Email]], { friendly_name: name, email: LABELLED_TEXT.Email }, `${FORM_CONTENT_TYPE}; charset=${charset}`);
    }),
    ...updateBodySteps(seed, names),
    { what: `Status ${status} (outside the enum)`, type: FORM_CONTENT_TYPE, text: form([['Status', status]]), expect: 'refused', sets: {}, refuses: 'Status' },
    { what: `StatusCallback ${RELATIVE_CALLBACK} (a relative reference)`, type: FORM_CONTENT_TYPE, text: form([['StatusCallback', RELATIVE_CALLBACK]]), expect: 'refused', sets: {}, refuses: 'StatusCallback' },
  ];
  return steps.map((s, i) => ({ ...s, otherPair: i % 2 === 1 }));
}

