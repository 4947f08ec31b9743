import type { UpdateExpect, UpdateRepeated } from '../contracts/exchange.ts';
import { FORM_CONTENT_TYPE } from './_internals/formCase.ts';
import { mix } from './_internals/mix.ts';
import { LABELLED_CHARSETS, LABELLED_TEXT } from './coverage/requests.ts';
import { WHITESPACE_ONLY } from './coverage/friendlyName.ts';
import { VALID_CALLBACKS } from './coverage/statusCallback.ts';
import { encodeForm } from './encodeForm.ts';
import { updateBodySteps } from './updateBodies.ts';
import { allUpdateValues, FIELD_OF, joinNames, paddedBody, type SharedParam, sentWhole, type UpdateValue } from './updateValues.ts';
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
  /** either: sent next when this one is refused (4xx) — the values every server takes, without the one it may refuse */
  fallback?: Omit<UpdateStepPlan, 'otherPair'>;
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
 * get wrong, every value of each sent every run (among the create's value space: updateValues.ts): userinfo (a validator
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

/** A parameter name in another case (parameter names are case-sensitive: twilio-behaviour.md). */
const OTHER_CASES: ReadonlyArray<readonly [(name: string) => string, string]> = [
  [(n) => n.toLowerCase(), 'lower case'],
  [(n) => n.toUpperCase(), 'upper case'],
  [(n) => n.charAt(0).toLowerCase() + n.slice(1), 'camelCase'],
];

/** What the update steps name that is not the profile's: another policy, another account's SID, another profile's sid. */
export interface UpdateOthers {
  policySid: string;
  accountSid: string;
  sid: string;
}

/** Made-up values of UpdateOthers, for a run that knows no other (well-formed: a server that writes them must find them valid). */
export const OTHERS: UpdateOthers = { policySid: `RN${'5eed'.repeat(8)}`, accountSid: `AC${'5eed'.repeat(8)}`, sid: `BU${'5eed'.repeat(8)}` };

/** Spellings of draft that are no value of the enum (its values are exact: no case folding, no whitespace, no final line feed). */
export const DRAFT_SPELLINGS = ['Draft', 'DRAFT', 'draft\n', ' draft', 'draft '] as const;

/** The Status values an update sends, each refused: outside the enum, and draft spelt otherwise (never pending-review in any spelling: a valid one submits a real profile for review). */
export const STATUSES_SENT: readonly string[] = [...STATUSES_OUTSIDE_ENUM, ...DRAFT_SPELLINGS];

/** One update of the create's value space: the values of one expectation, each of its own parameter, in one body. */
function valueStep(items: readonly UpdateValue[], type: string): Omit<UpdateStepPlan, 'otherPair'> {
  const words = items.map((v) => `${v.param} ${v.what.startsWith(`${v.param} `) ? v.what.slice(v.param.length + 1) : v.what}`).join('; ');
  const pairs = items.map((v) => `${v.rawName}=${v.raw}`).join('&');
  const sized = items.find((v) => v.bodyBytes !== undefined)?.bodyBytes;
  const sets = Object.fromEntries(items.map((v) => [FIELD_OF[v.param], v.value]));
  const under = type === FORM_CONTENT_TYPE ? '' : ` under Content-Type ${type}`;
  const step = { what: `the create's values: ${words}${under}`, type, text: sized === undefined ? pairs : paddedBody(pairs, sized), sets };
  const must = items.filter((v) => v.expect === 'create');
  if (must.length === items.length) return { ...step, expect: 'applied' };
  // refused whole (which an either value allows), the values every server takes are sent again without it
  return { ...step, expect: 'either', ...(must.length > 0 && sized === undefined ? { fallback: valueStep(must, type) } : {}) };
}

/**
 * The create's value space as updates, every value every run: each update sends one value of each
 * of FriendlyName, Email and StatusCallback (a FriendlyName joined of several where none depends on
 * its place: updateValues.ts sentWhole), the values every server takes first (applied) and then those
 * it may refuse (either), under each spelling of the form's media type in turn.
 */
function valueSpaceSteps(tag: string, emailAlone: UpdateValue): Array<Omit<UpdateStepPlan, 'otherPair'>> {
  const values = allUpdateValues();
  const of = (param: SharedParam, expect: UpdateValue['expect']) => {
    const list = values.filter((v) => v.param === param && v.expect === expect && v !== emailAlone);
    return param === 'FriendlyName' ? [...list.filter(sentWhole), ...joinNames(list.filter((v) => !sentWhole(v)), tag)] : list;
  };
  const columns = (['FriendlyName', 'Email', 'StatusCallback'] as const).map((p) => [...of(p, 'create'), ...of(p, 'either')]);
  const count = Math.max(...columns.map((c) => c.length));
  return Array.from({ length: count }, (_, i) =>
    valueStep(
      columns.map((c) => c[i]).filter((v) => v !== undefined),
      FORM_CONTENT_TYPES[i % FORM_CONTENT_TYPES.length]!,
    ),
  );
}

/** The StatusCallbacks an update must refuse: a relative reference, and every value the create refuses (not an absolute URI of RFC 3986: no host, whitespace, a stray %, an IRI…). */
export function refusedCallbacks(): Array<{ raw: string; value: string; what: string }> {
  const rows = allUpdateValues().filter((v) => v.param === 'StatusCallback' && v.expect === 'reject');
  return [{ raw: encodeForm([['', RELATIVE_CALLBACK]]).slice(1), value: RELATIVE_CALLBACK, what: 'a relative reference' }, ...rows.map((v) => ({ raw: v.raw, value: v.value, what: v.what.replace(/^StatusCallback /, '') }))];
}

/**
 * The updates the run sends to the profile it makes for them, in order (what each is, in words, holds
 * no name: the words name a failure's class, the same in every run and shard). `names.created` is its
 * create's FriendlyName, `names.renamed` the first update's, `tag` unique to the run (every name
 * it sets of its own holds it: a list by it shows no other run's profile, and no other shard's; the
 * create's values sent whole hold none). Every value is sent every run; the seed draws only which of
 * the create's Emails goes alone. The first update, FriendlyName alone with the pair the
 * run acts with, says whether the target has the update at all. The pairs alternate after it.
 */
export function updateSteps(seed: number, names: { base: string; renamed: string; tag: string }, other: UpdateOthers = OTHERS): UpdateStepPlan[] {
  const form = (params: Array<[string, string]>) => encodeForm(params);
  const either = (what: string, params: Array<[string, string]>, sets: Record<string, string>, type = FORM_CONTENT_TYPE) =>
    ({ what, type, text: form(params), expect: 'either' as const, sets });
  const { base, renamed, tag } = names;
  const ws = WHITESPACE_ONLY.join('');
  const spaced = ` ${base} (spaced ${tag})${ws}`;
  const atOnce = `${base} (${tag}; all at once; R;D)`;
  const fromBody = 'https://example.com/status-callbacks/from-the-body';
  const emails = allUpdateValues().filter((v) => v.param === 'Email' && v.expect === 'create');
  const emailAlone = emails[mix(seed) % emails.length]!;
  const [rewritten] = CALLBACKS_REWRITTEN;
  const [domainCase] = EMAILS_DOMAIN_CASE;
  const marker = (what: string) => `${base} (${tag}, beside ${what})`;
  const refusing = (what: string, param: 'Status' | 'StatusCallback', raw: string): Omit<UpdateStepPlan, 'otherPair'> => ({
    what: `FriendlyName, then ${param} ${what}, in one body`,
    type: FORM_CONTENT_TYPE,
    // the FriendlyName first: a server that applies the parameters one by one in the order sent and stops at the refused one has applied it
    text: `${form([['FriendlyName', marker(`a refused ${param}: ${what}`)]])}&${param}=${raw}`,
    expect: 'refused',
    sets: {},
    refuses: param,
  });
  const steps: Array<Omit<UpdateStepPlan, 'otherPair'>> = [
    { what: 'FriendlyName alone', type: FORM_CONTENT_TYPE, text: form([['FriendlyName', renamed]]), expect: 'applied', sets: { friendly_name: renamed } },
    { what: `Email alone (${emailAlone.what.replace(/^Email /, '')})`, type: FORM_CONTENT_TYPE, text: `${emailAlone.rawName}=${emailAlone.raw}`, expect: 'applied', sets: { email: emailAlone.value } },
    { what: `FriendlyName with whitespace around it (a space before, ${JSON.stringify(ws)} after)`, type: FORM_CONTENT_TYPE, text: form([['FriendlyName', spaced]]), expect: 'applied', sets: { friendly_name: spaced } },
    // the OpenAPI's "update" example: StatusCallback, FriendlyName and Email in one body; a ; is data in a form value (sent raw, as curl -d sends it)
    {
      what: `StatusCallback ${rewritten} (written otherwise than a URL parser writes it), FriendlyName with a raw ; and Email ${domainCase} (capitals in its domain) in one body, as the OpenAPI's update example`,
      type: FORM_CONTENT_TYPE,
      text: encodeForm([['StatusCallback', rewritten!], ['FriendlyName', atOnce], ['Email', domainCase]], { rawInValues: ';' }),
      expect: 'applied',
      sets: { status_callback: rewritten!, friendly_name: atOnce, email: domainCase },
    },
    ...valueSpaceSteps(tag, emailAlone),
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
    // the named but at the end (a renamed profile before it): each changes nothing, the read after the last of them shows it
    {
      what: 'a JSON body naming FriendlyName and Email (Content-Type application/json)',
      type: 'application/json',
      text: JSON.stringify({ FriendlyName: `${base} (${tag}, from a JSON body)`, Email: 'json-body@example.com' }),
      expect: 'unread',
      sets: {},
    },
    {
      what: `FriendlyName, Email and StatusCallback named in ${OTHER_CASES.map(([, w]) => w).join(', ')} (${OTHER_CASES.map(([c]) => `${c('FriendlyName')}, ${c('Email')}, ${c('StatusCallback')}`).join('; ')})`,
      type: FORM_CONTENT_TYPE,
      text: form(
        OTHER_CASES.flatMap(([c, w]) => [
          [c('FriendlyName'), `${base} (${tag}, names in ${w})`],
          [c('Email'), `names-in-${w.replace(/\W+/g, '-')}@example.com`],
          [c('StatusCallback'), `https://example.com/status-callbacks/names-in-${w.replace(/\W+/g, '-')}`],
        ]) as Array<[string, string]>,
      ),
      expect: 'unread',
      sets: {},
    },
    ...refusedCallbacks().map((c) => refusing(c.what, 'StatusCallback', c.raw)),
    ...STATUSES_SENT.map((s) => refusing(DRAFT_SPELLINGS.includes(s as never) ? `${JSON.stringify(s)} (draft spelt otherwise: no value of the enum)` : `${s} (outside the enum)`, 'Status', encodeForm([['', s]]).slice(1))),
  ];
  return steps.map((s, i) => ({ ...s, otherPair: i % 2 === 1 }));
}
