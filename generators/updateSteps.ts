import type { UpdateExpect } from '../contracts/exchange.ts';
import { FORM_CONTENT_TYPE } from './_internals/formCase.ts';
import { DECODE_ADDRESSES, PROVIDER_ADDRESSES } from './coverage/email.ts';
import { CHARACTER_REFERENCES, DECODE_ONCE, UNICODE_TEXT, WHITESPACE_ONLY } from './coverage/friendlyName.ts';
import { VALID_CALLBACKS } from './coverage/statusCallback.ts';
import { encodeForm } from './encodeForm.ts';
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
  /** sent with the account's pair the run does not act with, when the run knows it (twilio-behaviour.md: either pair is the account's) */
  otherPair: boolean;
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

/**
 * The updates the run sends to the profile it makes for them, in order (what each is, in words, holds
 * no name: the words name a failure's class, the same in every run and shard). `names.created` is its
 * create's FriendlyName, `names.renamed` the first update's, `tag` unique to the run (every name
 * it sets holds it: a list by it shows no other run's profile, and no other shard's). Which value of
 * each value space goes is drawn from the seed; the first update, FriendlyName alone with the pair the
 * run acts with, says whether the target has the update at all. The pairs alternate after it.
 */
export function updateSteps(seed: number, names: { base: string; renamed: string; tag: string }): UpdateStepPlan[] {
  const form = (params: Array<[string, string]>) => encodeForm(params);
  const applied = (what: string, params: Array<[string, string]>, sets: Record<string, string>, type = FORM_CONTENT_TYPE) =>
    ({ what, type, text: form(params), expect: 'applied' as const, sets });
  const { base, renamed, tag } = names;
  const ws = pick(WHITESPACE_ONLY, seed, 1);
  const spaced = ` ${base} (spaced ${tag})${ws}`;
  const [text, textWhat] = pick(NAMES, seed, 2);
  const unicode = `${text} (${tag})`;
  const [address, addressWhat] = pick(ADDRESSES, seed, 3);
  const unusual = pick(CALLBACKS_UNUSUAL_HOST, seed, 4);
  const rewritten = pick(CALLBACKS_REWRITTEN, seed, 5);
  const type = pick(FORM_CONTENT_TYPES.slice(1), seed, 6);
  const charsetName = `${base} (${tag}, under another spelling of the form type)`;
  const [otherCase, caseWhat] = pick(OTHER_CASES, seed, 7);
  const status = pick(STATUSES_OUTSIDE_ENUM, seed, 8);
  const steps: Array<Omit<UpdateStepPlan, 'otherPair'>> = [
    applied('FriendlyName alone', [['FriendlyName', renamed]], { friendly_name: renamed }),
    applied(`Email alone (an address ${addressWhat})`, [['Email', address]], { email: address }),
    applied(`FriendlyName with whitespace around it (a space before, ${JSON.stringify(ws)} after)`, [['FriendlyName', spaced]], { friendly_name: spaced }),
    applied(`FriendlyName ${textWhat}`, [['FriendlyName', unicode]], { friendly_name: unicode }),
    applied(`StatusCallback ${unusual} (a host with no top-level label: an IP literal or an absolute DNS name)`, [['StatusCallback', unusual]], { status_callback: unusual }),
    applied(`StatusCallback ${rewritten} (written otherwise than a URL parser writes it)`, [['StatusCallback', rewritten]], { status_callback: rewritten }),
    applied(`FriendlyName under Content-Type ${type}`, [['FriendlyName', charsetName]], { friendly_name: charsetName }, type),
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
    { what: `Status ${status} (outside the enum)`, type: FORM_CONTENT_TYPE, text: form([['Status', status]]), expect: 'refused', sets: {}, refuses: 'Status' },
    { what: `StatusCallback ${RELATIVE_CALLBACK} (a relative reference)`, type: FORM_CONTENT_TYPE, text: form([['StatusCallback', RELATIVE_CALLBACK]]), expect: 'refused', sets: {}, refuses: 'StatusCallback' },
  ];
  return steps.map((s, i) => ({ ...s, otherPair: i % 2 === 1 }));
}

