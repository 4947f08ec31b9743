/**
 * The data every part shares: a generated test case, the request as sent, the response as
 * received, and the exchange that joins them. Generators make TestCases, the runner makes
 * Exchanges, checks judge Exchanges, reports summarise the verdicts.
 */

/** Ordered form parameters, as they go on the wire (repeats allowed). */
export type FormParams = ReadonlyArray<readonly [name: string, value: string]>;

/** What a faithful server does with the case. */
export type Expectation =
  /** a valid request: 201 and a resource echoing `fields` */
  | 'create'
  /** a request that breaks the contract: refused with a 4xx Twilio error envelope */
  | 'reject'
  /** the contract is silent (e.g. repeated parameters): any non-5xx answer is accepted at MUST level */
  | 'either';

/**
 * Credentials a server must refuse with 401, each built from the caller's own by
 * engine/transport/credentials.ts `authorizationFor` (RFC 7617 §2, twilio-behaviour.md "Transport and auth").
 */
export const REFUSED_AUTH = [
  /** no Authorization header */
  'none',
  /** the caller's user with its password plus `-wrong` */
  'wrong',
  /** another Account SID with the caller's password */
  'other-account',
  /** the caller's user with an empty password */
  'empty-password',
  /** the caller's user with a password of the same length, its last character changed */
  'same-length',
  /** the caller's user with its password less the last character */
  'password-prefix',
  /** the caller's user with its password plus one character */
  'password-plus-one',
  /** an API key SID the target does not know, with the caller's password */
  'unknown-key',
  /** Basic with the base64 of the user alone: no colon */
  'no-colon',
  /** Basic with text that is not base64 */
  'bad-base64',
  /** Basic with the base64 of ":" (empty user and password) */
  'empty-credentials',
  /** an empty user with the caller's password (`:<password>`): names no account, never a default one */
  'empty-user',
  /** the scheme `Basic` with nothing after it */
  'bare-basic',
  /** `Bearer <the caller's password>` */
  'bearer-password',
  /** `Bearer <base64 user:password>`: the right credentials under another scheme */
  'bearer-basic',
  /** the caller's user with `<password>:x`: a password may hold a colon, only the first one splits (RFC 7617 §2) */
  'colon-suffix',
  /** the caller's user with its password's ASCII letters in the other case: a password is matched exactly */
  'password-case-swapped',
  /** the caller's user with its password followed by a space: a password is matched exactly, never trimmed */
  'password-trailing-space',
  /** the caller's user with its password followed by a line feed (a token pasted from a file) */
  'password-trailing-newline',
  /** the caller's user with a space before it, and its password: the user-id is matched exactly too */
  'user-leading-space',
  /** the caller's user with a space after it, and its password: a PAD SPACE collation would match it */
  'user-trailing-space',
  /** the caller's user with its letters in the other case (ac…, hex upper case), and its password: a case-insensitive collation would match it */
  'user-case-swapped',
  /** the caller's user with its password followed by a NUL and `x`: a C string comparison would stop at the NUL */
  'password-nul-suffix',
  /** the caller's own token with a `.` inside it: no base64 (RFC 4648 §4), though a lax decoder drops the character */
  'token-dot-inside',
  /** the caller's own token followed by `!`: no base64 either */
  'token-bang-after',
  /**
   * the caller's own token, a space and `x` (`Basic <token> x`): no token68 (RFC 9110 §11.6.2:
   * `credentials = auth-scheme [ 1*SP token68 ]`), so no credential; a parser that splits the header
   * on spaces and takes the second piece (`const [scheme, token] = header.split(' ')`) reads the token alone
   */
  'token-space-junk',
  /**
   * `Bearer x, Basic <the caller's token>`: Authorization holds one credentials (RFC 9110 §11.6.2),
   * here of the scheme Bearer; a regex that looks for `Basic` anywhere in the header finds the caller's
   */
  'bearer-then-basic',
  /**
   * no Authorization header, the caller's user and password in the query string (`?AccountSid=<user>&AuthToken=<password>`,
   * with an API key `&ApiKey=<key SID>&ApiSecret=<secret>` too: credentials.ts `credentialQuery`):
   * auth is HTTP Basic (twilio-behaviour.md), so this is a request without credentials
   */
  'query-credentials',
  /**
   * no Authorization header, an API gateway's key headers: `X-API-Key: <user>:<password>` and
   * `Api-Key: <password>` (credentials.ts `credentialHeaders`): no credentials either
   */
  'api-key-headers',
  /**
   * the Account SID with the API key's secret: the pairs are (Account SID, Auth Token) and (key SID,
   * its secret), never crossed. Sent only when the run knows the key's secret (credentials.ts `knowsShape`)
   */
  'account-sid-key-secret',
  /** the API key SID with the Auth Token: sent only when the run knows both (credentials.ts `knowsShape`) */
  'key-sid-auth-token',
  /**
   * the caller's user with the second account's password, and the second account's user with the
   * caller's password: a user-id and its password are one credential (RFC 7617 §2), never two facts
   * checked apart. Sent only when the run knows a second account (credentials.ts `knowsShape`)
   */
  'own-user-second-password',
  'second-user-own-password',
] as const;

/**
 * The refused shapes that send no Authorization header but carry the caller's credentials elsewhere
 * (the query string, an API gateway's key headers): what a server that also reads them would take as the caller.
 */
export const OUTSIDE_AUTHORIZATION_AUTH = ['query-credentials', 'api-key-headers'] as const satisfies readonly (typeof REFUSED_AUTH)[number][];

/** Whether a shape carries the caller's credentials outside the Authorization header (OUTSIDE_AUTHORIZATION_AUTH). */
export const outsideAuthorization = (mode: AuthMode): boolean => (OUTSIDE_AUTHORIZATION_AUTH as readonly string[]).includes(mode);

/** The names of the query parameters `query-credentials` sends (the user's, the password's; with an API key, the key's SID's and its secret's too). */
export const QUERY_CREDENTIAL_NAMES = ['AccountSid', 'AuthToken', 'ApiKey', 'ApiSecret'] as const;

/** The refused shapes a run can build only when it knows a second pair of the account (credentials.ts `knowsShape`). */
export const CROSSED_AUTH = ['account-sid-key-secret', 'key-sid-auth-token'] as const satisfies readonly AuthMode[];

/** The refused shapes a run can build only when it knows a second account (credentials.ts `knowsShape`): one account's user with the other's password. */
export const MIXED_ACCOUNT_AUTH = ['own-user-second-password', 'second-user-own-password'] as const satisfies readonly AuthMode[];

/** Credentials a server must accept as the caller's: the scheme name is case-insensitive (RFC 9110 §11.1). */
export const ACCEPTED_AUTH = ['valid', 'scheme-lower', 'scheme-upper'] as const;

/**
 * Credentials of a second account the user gave (--second-account-sid…; the embedded mock's own):
 * accepted, but for another account, so a profile of the caller's is no resource of it (404).
 * Sent only when the run knows a second account (credentials.ts `knowsShape`).
 */
export const SECOND_ACCOUNT_AUTH = 'second-account';

/**
 * The account's other pair, when the run knows both (an Auth Token and an API key: --auth-token with
 * --api-key, the embedded mock's): the API key when the run sends the Auth Token, the Auth Token when
 * it sends the key. Accepted, for the same account (credentials.ts `knowsShape`).
 */
export const OTHER_PAIR_AUTH = 'other-pair';

/**
 * The refused shapes that alter a pair's password or user-id (not its encoding): when the run knows
 * both pairs of the account, each is built from the other pair too (OTHER_PAIR_REFUSED_AUTH), so a
 * run that acts with an API key still tries the Auth Token wrong (a server may compare one secret
 * otherwise than the other: hex-decoded, case-insensitively…), and the other way round.
 */
export const PAIR_ALTERED_AUTH = [
  'wrong',
  'other-account',
  'empty-password',
  'same-length',
  'password-prefix',
  'password-plus-one',
  'unknown-key',
  'empty-user',
  'bearer-password',
  'colon-suffix',
  'password-case-swapped',
  'password-trailing-space',
  'password-trailing-newline',
  'user-leading-space',
  'user-trailing-space',
  'user-case-swapped',
  'password-nul-suffix',
] as const satisfies readonly (typeof REFUSED_AUTH)[number][];

export type PairAlteredShape = (typeof PAIR_ALTERED_AUTH)[number];

/** A PAIR_ALTERED_AUTH shape built from the account's other pair (the one the run does not act with): refused with 401 like the shape. */
export type OtherPairAltered = `other-pair-${PairAlteredShape}`;

const OTHER_PAIR_PREFIX = 'other-pair-';

/** Every PAIR_ALTERED_AUTH shape built from the other pair (credentials.ts `knowsShape`: only when the run knows both pairs). */
export const OTHER_PAIR_REFUSED_AUTH: readonly OtherPairAltered[] = PAIR_ALTERED_AUTH.map((shape) => `${OTHER_PAIR_PREFIX}${shape}` as const);

/** The shape an other pair's mode alters ('other-pair-wrong' → 'wrong'); undefined for any other mode. */
export function alteredShapeOf(mode: AuthMode): PairAlteredShape | undefined {
  if (!mode.startsWith(OTHER_PAIR_PREFIX)) return undefined;
  const shape = mode.slice(OTHER_PAIR_PREFIX.length);
  return (PAIR_ALTERED_AUTH as readonly string[]).includes(shape) ? (shape as PairAlteredShape) : undefined;
}

/** Whether a mode is a shape of the other pair (OTHER_PAIR_REFUSED_AUTH). */
export const isOtherPairAltered = (mode: AuthMode): mode is OtherPairAltered => alteredShapeOf(mode) !== undefined;

/**
 * The PAIR_ALTERED_AUTH shapes that alter a password or user-id by its letters or its length, built
 * from the second account's pair too (SECOND_REFUSED_AUTH) when the run knows one: the caller's
 * pair gets every shape, the second account's the few a server that keeps one batch of accounts
 * apart gets wrong (tokens of migrated accounts stored lower-cased, so the check lower-cases what
 * it is sent for them; a collation of their own).
 */
export const SECOND_ALTERED_SHAPES = [
  'password-case-swapped',
  'same-length',
  'password-prefix',
  'password-plus-one',
  'password-trailing-space',
  'user-case-swapped',
] as const satisfies readonly PairAlteredShape[];

export type SecondAlteredShape = (typeof SECOND_ALTERED_SHAPES)[number];

/** A SECOND_ALTERED_SHAPES shape built from the second account's pair: refused with 401 like the shape. */
export type SecondAltered = `second-account-${SecondAlteredShape}`;

const SECOND_PREFIX = 'second-account-';

/** Every SECOND_ALTERED_SHAPES shape built from the second account (credentials.ts `knowsShape`: only when the run knows one). */
export const SECOND_REFUSED_AUTH: readonly SecondAltered[] = SECOND_ALTERED_SHAPES.map((shape) => `${SECOND_PREFIX}${shape}` as const);

/** The shape a second account's mode alters ('second-account-same-length' → 'same-length'); undefined for any other mode. */
export function secondShapeOf(mode: AuthMode): SecondAlteredShape | undefined {
  if (!mode.startsWith(SECOND_PREFIX)) return undefined;
  const shape = mode.slice(SECOND_PREFIX.length);
  return (SECOND_ALTERED_SHAPES as readonly string[]).includes(shape) ? (shape as SecondAlteredShape) : undefined;
}

/** Whether a mode is a shape of the second account's pair (SECOND_REFUSED_AUTH). */
export const isSecondAltered = (mode: AuthMode): mode is SecondAltered => secondShapeOf(mode) !== undefined;

export type AuthMode = (typeof REFUSED_AUTH)[number] | (typeof ACCEPTED_AUTH)[number] | typeof SECOND_ACCOUNT_AUTH | typeof OTHER_PAIR_AUTH | OtherPairAltered | SecondAltered;

/** Whether a faithful server refuses the case's credentials (401). */
export function refusesAuth(mode: AuthMode): boolean {
  return (REFUSED_AUTH as readonly string[]).includes(mode) || isOtherPairAltered(mode) || isSecondAltered(mode);
}

/**
 * Whether a case is sent as the account itself: with the caller's own pair, or with the account's
 * other pair (OTHER_PAIR_AUTH: engine/phases/probes/other-pair.ts sends a few cases with it). Either
 * is the account's own credential (twilio-behaviour.md: the Account SID and Auth Token, or an API
 * key and its secret), so the rules of a case's outcome (a refusal's 4xx, its code) hold for both.
 */
export function asTheAccount(mode: AuthMode): boolean {
  return mode === 'valid' || mode === OTHER_PAIR_AUTH;
}

export type CaseCategory =
  | 'seed-example'
  | 'valid'
  | 'wire-variant'
  | 'extra-params'
  | 'missing-field'
  | 'empty-field'
  | 'policy-sid'
  | 'status-callback'
  | 'body-encoding'
  | 'repeated-param'
  | 'auth'
  /** the deterministic coverage phase: one exact value per row of generators/coverage */
  | 'coverage'
  /** a request on another route than the create (fetch, list, delete), made to judge the account */
  | 'lifecycle'
  /** any value the contract admits, spelled any legal way, with parameters the create does not take (generators/valueSpaceCase.ts) */
  | 'value-space';

/**
 * The rule of a create that names another method, in a `_method` parameter or an
 * X-HTTP-Method-Override header: still the create, its extras ignored (extra-params.ignored judges it, a SHOULD).
 */
export const METHOD_OVERRIDE_RULE = 'params.method-override';

/**
 * The rule of a create whose form Content-Type carries an empty parameter (a trailing `;`), a
 * parameter the type does not define, or whitespace before a `;`: still the form (RFC 9110
 * §5.6.6's grammar allows them; standards.md names only the charset: extra-params.ignored, a SHOULD).
 */
export const FORM_TYPE_PARAMETERS_RULE = 'body.content-type-parameters';

/**
 * The rule of a create whose body is JSON under the form Content-Type (jQuery.ajax's default type,
 * JSON.stringify(data) as the body): read as the form it is labelled, the JSON text holds no
 * parameter, so it is answered as a JSON body is (json-body.as-missing: 400, 20001).
 */
export const JSON_UNDER_FORM_TYPE_RULE = 'body.json-under-form-type';
/** The rule of the coverage row that sends the valid create as JSON under a structured-syntax +json type (application/vnd.api+json). */
export const JSON_SUFFIX_TYPE_RULE = 'body.json-under-suffix-type';

export interface TestCase {
  /** category of the case, used for grouping and for `--only` style filters */
  category: CaseCategory;
  /** what the case is, in words: for an invalid case the one rule it breaks */
  label: string;
  expect: Expectation;
  /** for an invalid case: the id of the request rule it breaks (e.g. `PolicySid.pattern`) */
  rule?: string;
  /** required parameters that a server should find missing (Twilio answers 400 / 20001 naming them) */
  missing?: string[];
  /** the parameters as a faithful server reads them (what a 201 must echo) */
  fields: Record<string, string>;
  /**
   * for an `either` case: when the target creates it anyway, the resource must still echo
   * `fields` (absent: nothing is judged about a create, e.g. bytes that are not UTF-8)
   */
  echoWhenCreated?: boolean;
  /** Content-Type header to send; null sends none */
  contentType: string | null;
  /** the exact body bytes, as text (already encoded) */
  body: string;
  /**
   * a query string for the POST URL (without the `?`), already encoded: parameters the create
   * reads only from the body (seed: Body; twilio-behaviour.md: "in the post body")
   */
  query?: string;
  /** headers the create is sent with besides its Content-Type and credentials (lower-case names): a proxy's, which must not change the answer */
  headers?: Readonly<Record<string, string>>;
  auth: AuthMode;
  /**
   * the caller's credentials appended to the body as form fields (CREDENTIAL_FIELDS) at send time,
   * never in the case itself: with `auth` none, what a server that reads a token from the
   * parameters (beside Basic) would take as the caller
   */
  credentialsInBody?: boolean;
  /**
   * the caller's own Basic credentials in a Proxy-Authorization header at send time, never in the
   * case itself: with `auth` none (no Authorization), what a server whose auth middleware falls back
   * to the proxy's header (`authorization ?? proxy-authorization`) would take as the caller
   */
  credentialsInProxyAuthorization?: boolean;
}

/**
 * The names a server might read credentials from beside the Authorization header: Twilio's own
 * (AccountSid, AuthToken), Laravel's token guard (api_token), and the common auth_token and
 * access_token (OAuth 2.0's form parameter, RFC 6750 §2.2). TestCase `credentialsInBody`.
 */
export const CREDENTIAL_FIELDS = ['AccountSid', 'AuthToken', 'api_token', 'auth_token', 'access_token'] as const;

/** The parameters a create names its profile by, and the resource field each becomes. */
const SENT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['FriendlyName', 'friendly_name'],
  ['Email', 'email'],
  ['PolicySid', 'policy_sid'],
];

/**
 * The values a create request carried (form or JSON body), by resource field, empty ones left
 * out: what a profile it stored holds, however the target answered.
 */
export function sentFields(body: string, contentType: string | null): Array<[string, string]> {
  let read: (name: string) => unknown = () => undefined;
  if (contentType?.includes('json') || body.trimStart().startsWith('{')) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      read = (name) => json?.[name];
    } catch {
      // not JSON after all: read it as a form
    }
  }
  if (read('FriendlyName') === undefined && read('Email') === undefined) {
    const form = new URLSearchParams(body);
    read = (name) => form.get(name) ?? undefined;
  }
  const out: Array<[string, string]> = [];
  for (const [param, field] of SENT_FIELDS) {
    const v = read(param);
    if (typeof v === 'string' && v !== '') out.push([field, v]);
  }
  return out;
}

export interface SentRequest {
  method: string;
  url: string;
  /** headers as sent, with credentials redacted */
  headers: Record<string, string>;
  body: string;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** the body decoded as UTF-8 (possibly cut at the size cap) */
  bodyText: string;
  /** the body parsed as JSON, when it parses; undefined otherwise */
  json: unknown;
  /** why the body did not parse as JSON, when it did not */
  jsonError?: string;
  /**
   * how many member names the JSON text's objects hold, counted as it was read (contracts/answer.ts
   * readJson): when JSON.parse kept as many keys, no object repeats a name
   */
  jsonMembers?: number;
  /** true when the body was cut at the response size cap */
  truncated?: boolean;
  /** the size cap it was cut at, in bytes (--max-response-bytes) */
  cutAt?: number;
  /** true when the raw body began with a UTF-8 byte order mark (bodyText has it removed) */
  bom?: boolean;
  /** true when the raw body was not valid UTF-8 (bodyText has U+FFFD in its place) */
  invalidUtf8?: boolean;
}

export interface TransportError {
  /** a stable code, e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, RESPONSE_TOO_LARGE */
  code: string;
  message: string;
}

/** A follow-up request made after a create (read-back, delete, list). */
export interface FollowUp {
  request: SentRequest;
  response?: ReceivedResponse;
  error?: TransportError;
  /** what it was for, in words ("read back"), and how it authenticated: the sequence a failure shows (engine/judge/sequence.ts) */
  purpose?: string;
  auth?: AuthMode;
}

/**
 * A profile created with one pair of the account and reached with the other (auth.pairs-one-account):
 * its fetch, HEAD, the list filtered by its name, the list walked page by page through
 * next_page_url until it shows up, its DELETE, and a fetch after it with the pair that created it.
 */
/** A pair of the account, by name. */
export type PairName = 'the Auth Token' | 'the API key';

export interface PairProbe {
  /** the pair that creates: the other pair (OTHER_PAIR_AUTH) or the caller's own (`valid`) */
  createdWith: AuthMode;
  /** the pair that fetches, lists and deletes: the one that did not create */
  readWith: AuthMode;
  /** the two, by name, for the messages */
  createdBy: PairName;
  readBy: PairName;
  create: FollowUp;
  fetch?: FollowUp;
  head?: FollowUp;
  list?: FollowUp;
  walk?: FollowUp[];
  delete?: FollowUp;
  /** the fetch after the DELETE, with the pair that created it */
  gone?: FollowUp;
  /** the reading pair's list filtered by the name before the create (a page a cache may keep), the same request as `list` */
  before?: FollowUp;
  /** the creating pair's list filtered by the name before the DELETE (a page with the profile a cache may keep) */
  kept?: FollowUp;
  /** the same list after the reading pair's DELETE: it must not show the profile */
  after?: FollowUp;
}

export interface Exchange {
  /** stable index of the case in the run's plan */
  index: number;
  case: TestCase;
  request: SentRequest;
  response?: ReceivedResponse;
  error?: TransportError;
  latencyMs: number;
  /** wall-clock time the response headers arrived (ms since epoch) */
  receivedAt: number;
  /** follow-ups the runner made for this exchange, when the plan asked for them */
  readBack?: FollowUp;
  deleted?: FollowUp;
  readAfterDelete?: FollowUp;
  /** HEAD of the profile after its DELETE, beside the GET (a HEAD is a GET without body: 404 too; an existence cache DELETE never purged answers 200) */
  headAfterDelete?: FollowUp;
  /** for a refused request: the collection size before and after (side-effect check) */
  listBefore?: FollowUp;
  listAfter?: FollowUp;
  /** lifecycle follow-ups of a create: the list read after it, DELETE again, DELETE of a sid that never existed and the list after that */
  listed?: FollowUp;
  deletedAgain?: FollowUp;
  deleteUnknown?: FollowUp;
  /** GET of a sid that is not even well-formed: still the 404 envelope, not the router's page */
  readMalformed?: FollowUp;
  listAfterUnknownDelete?: FollowUp;
  /** the follow-up routes without credentials: fetch, list and delete must be refused (401) */
  unauthFetch?: FollowUp;
  unauthList?: FollowUp;
  unauthDelete?: FollowUp;
  /** the DELETEs of the profile with credentials the server must refuse, and the read back (valid credentials) after them */
  refusedDeletes?: RefusedDeletes;
  /**
   * once a run: updates (POST to a profile's path) with credentials the server must refuse, each naming a
   * FriendlyName of its own, of the profile, the deleted profile and a sid that never existed, and a read after each batch
   * (engine/phases/probes/credential-routes.ts)
   */
  refusedUpdates?: RefusedUpdates[];
  /** once a run: the first list page without PageSize (the default page size) */
  listDefault?: FollowUp;
  /** once a run: the list walked from its first page through next_page_url, and the run's profiles it must show */
  listWalkAll?: ListWalkAll;
  /** the list walked page by page through next_page_url (once per run, on the first lifecycle create) */
  listWalk?: ListWalk;
  /** once a run: the profile fetched as each client of generators CLIENT_PROFILES sends it (its headers, valid credentials): each shows it as its 201 did */
  clientReads?: FollowUp[];
  /** once a run: the profile fetched BURST_CONNECTIONS times at once, each on a connection of its own (engine/phases/probes/answer-kinds.ts): each 200 shows it as its 201 did */
  burstReads?: FollowUp[];
  /** once a run: the first profile the list before the run showed (its item there, as wholeKey text), fetched (engine/phases/probes/pre-run-read.ts) */
  preRunRead?: { sid: string; item: string; fetch: FollowUp };
  /** fetch and DELETE of the profile's sid with its hex letters in the other case (no profile: a sid is matched exactly), and a read back after them */
  swappedFetch?: FollowUp;
  swappedDelete?: FollowUp;
  readAfterSwapped?: FollowUp;
  /** once a run: the list filtered by each of the lifecycle profile's own values (PageSize=1000): each holds the profile */
  listFiltered?: FollowUp[];
  /** once a run: a profile the list probes created with a name of non-ASCII text, % and _, and the lists filtered by its own values: each holds it */
  listFilteredProbe?: { created: Record<string, unknown>; lists: FollowUp[] };
  /** once a run: profiles the list probes created with names a filter gets wrong (NFD text and its NFC twin, a literal %41 and its twin with A, over 256 characters), each with the list by its very name: it holds the profile */
  listFilteredExact?: Array<{ created: Record<string, unknown>; lists: FollowUp[] }>;
  /** once a run: the list filtered by the lifecycle profile's own values after its DELETE: none shows it */
  listFilteredAfterDelete?: FollowUp[];
  /** once a run: fetch and DELETE of sids that are no sid at all (LIKE wildcards, not-a-sid), and a read back of the profile after them */
  oddSids?: OddSids;
  /**
   * once a run: the paths below the live profile (its links, <url>/NoSuchResource, engine/phases/probes/answer-kinds.ts
   * probeUnrouted): the caller's GET of the unknown one (no 2xx: not-found.envelope), the second account's GET of each
   * (no 2xx or 403: lookup.other-account-404), and the caller's GET of each after the lifecycle's DELETE (no 2xx: delete.gone)
   */
  unknownBelow?: FollowUp;
  secondBelow?: FollowUp[];
  belowAfterDelete?: FollowUp[];
  /** once a run: updates (POST to the profile's path) of a sid never made, of the deleted profile, of the caller's profile by the second account, each with the caller's read after it */
  updatesOfNone?: UpdateOfNone[];
  /** once a run: a profile of the run's own created, updated step by step (generators/updateSteps.ts), each update read after, listed by its names after the rename, and deleted (engine/phases/probes/update-route.ts) */
  updateOwn?: UpdateOwn;
  /** once a run: two DELETEs of one live profile of the run (the late create) sent together: one 204, one 404 */
  racedDeletes?: FollowUp[];
  /** once a run: HEAD, then PUT and PATCH (bodies that would change it) of the profile with the caller's credentials, each step followed by a read back */
  otherMethods?: Array<{ sent: FollowUp[]; readBack: FollowUp }>;
  /** once a run: two profiles deleted together while a third is created, reads of the first during its DELETE, and each read back */
  concurrentDeletes?: ConcurrentDeletes;
  /** once a run, when the run knows a second account: its fetch of the profile, its list filtered by the profile's FriendlyName, its DELETE, and a read back with the caller's credentials after them */
  secondFetch?: FollowUp;
  secondList?: FollowUp;
  secondDelete?: FollowUp;
  readAfterSecond?: FollowUp;
  /**
   * once a run, with a second account: its HEAD of the profile; its answers to the caller's list queries
   * repeated byte for byte right after the caller (the profile's policy, the documented policy, the
   * first page of one) and to the caller's next_page_url; the caller's answer to the second's
   * next_page_url (account isolation on every route, lookup.other-account-404)
   */
  secondHead?: FollowUp;
  /** the second account's fetch of the caller's profile with the caller's validators (If-None-Match, If-Modified-Since): 404, never 304 */
  secondConditional?: FollowUp;
  secondLists?: FollowUp[];
  callerReplays?: FollowUp[];
  /** the pages of the second account's own list the caller replayed: the rows that are the second's */
  secondOwnPages?: FollowUp[];
  /** once a run, when the run knows no second account: why those requests were not sent */
  secondAccountNotRun?: string;
  /** once a run, when the run knows a second account: creates of both accounts sent at once, each profile read and listed by both (engine/phases/probes/account-creates.ts) */
  accountCreates?: AccountCreates;
  /**
   * once a run, when the run knows both pairs of the account: a profile created with the other pair
   * (OTHER_PAIR_AUTH), then fetched, HEADed, listed (filtered by its name, and walked) and deleted
   * with the caller's own (engine/phases/probes/other-pair.ts)
   */
  otherPair?: PairProbe;
  /** the same the other way round: a profile created with the caller's own pair, reached with the other */
  otherPairBack?: PairProbe;
  /** once a run, when the run knows one pair of the account only: why that probe was not sent */
  otherPairNotRun?: string;
  /** once a run: the operation's paths spelt otherwise (another letter case, a .json suffix), fetched and listed, and a read back of the profile after them */
  pathVariants?: OddSids;
  /** once a run: creates sent at once beyond --concurrency (engine/phases/probes/create-burst.ts), and a read back of each profile a 201 named */
  createBurst?: CreateBurst;
  /** once a run: the run's own profiles of one name walked in pages of two while the run deletes and creates between pages, one next_page_url followed late, lists read while DELETEs are in flight (engine/phases/lists/changing-walk.ts) */
  changingWalk?: ChangingWalk;
  /** once a run: two creates with one Idempotency-Key and different bodies, one after the other (engine/phases/probes/idempotency-probe.ts) */
  idempotentCreates?: Exchange[];
  /** a create naming the sid of the run's profile in its body, and that profile read back after (engine/phases/probes/identity-probes.ts) */
  sidInBody?: SidInBody;
  /** fetch, list and delete of the run's profiles with ?AccountSid= a made-up account (engine/phases/probes/identity-probes.ts) */
  accountParam?: AccountParam;
  /** once a run: fetch, HEAD and DELETE of one of the run's profiles naming another of them in ?Sid= or a form body Sid= (engine/phases/probes/sid-params.ts) */
  sidParams?: SidParams;
  /** list and fetch reads sent with the validators of a read before a create or DELETE changed them (engine/phases/probes/identity-probes.ts) */
  conditionalReads?: ConditionalRead[];
  /** the profile fetched plainly, then fetched and listed with Host and forwarded headers (engine/phases/probes/url-probes.ts) */
  urlProbes?: UrlProbes;
}

/** A read sent with If-Modified-Since / If-None-Match of an earlier read, after a change to what it reads. */
export interface ConditionalRead {
  /** the change since the earlier read, in words */
  after: string;
  answer: FollowUp;
}

/** A plain fetch of the run's profile, and the requests with headers an answer's URLs must not be built from. */
export interface UrlProbes {
  plain: FollowUp;
  sent: Array<{ what: string; fetch: FollowUp; list: FollowUp }>;
}

/** A create whose body named `existing` (Sid, sid) and a DateCreated, and `existing` read back after it. */
export interface SidInBody {
  create: Exchange;
  existing: string;
  readBack: FollowUp;
  /** the list read just before (whether `existing` was still live: an earlier probe's DELETE may have removed it) */
  listBefore: FollowUp;
}

/** Requests for the run's profiles with ?AccountSid=`account` (no account the run knows). */
export interface AccountParam {
  account: string;
  /** the profile fetched and listed (the lifecycle's) */
  sid: string;
  fetch: FollowUp;
  list: FollowUp;
  /** the DELETE of another profile of the run's (the one the create naming a sid made), when there is one */
  delete?: FollowUp;
  /** the list read before them (whether `sid` was still live) */
  listBefore: FollowUp;
}

/**
 * Requests for the run's profile `target` (its sid in the path) naming another of the run's live
 * profiles, `other`, besides: in ?Sid= or ?sid= (fetch, HEAD, DELETE) or a form body Sid= (DELETE).
 */
export interface SidParams {
  target: string;
  other: string;
  /** GET of `target` with ?Sid=`other`, then with ?sid=`other` */
  fetches: FollowUp[];
  /** HEAD of `target` with ?Sid=`other` */
  head: FollowUp;
  /** in the order sent */
  deletes: SidParamDelete[];
}

/** A DELETE whose path names `target` and whose query or body names `other`, and both read back after it. */
export interface SidParamDelete {
  /** where it names `other`, in words */
  how: string;
  target: string;
  other: string;
  deleted: FollowUp;
  targetAfter: FollowUp;
  otherAfter: FollowUp;
}

/** Creates of the caller and of the second account sent at once, and what each account sees of each profile a 201 named. */
export interface AccountCreates {
  made: AccountCreate[];
  /** the second account's create with the Idempotency-Key and the body of the caller's first (after that one was answered), and that first create */
  sameKey?: { caller: Exchange; second: Exchange };
  /** the caller's DELETE of one of the second account's profiles, before its owner deletes it, and the owner's fetch of it after that DELETE (still 200) */
  otherDelete?: { sid: string; deleted: FollowUp; ownFetch: FollowUp };
  /** each profile's DELETE in its account (the DELETE that removed it, else the last sent) and that account's fetch of it after (404) */
  deletes?: Array<{ sid: string; deleted: FollowUp; readAfter?: FollowUp }>;
  /**
   * the caller's creates naming the second account's SID in a body parameter (ACCOUNT_PARAMS: AccountSid,
   * account_sid), in ?AccountSid= or in an auth proxy's identity headers (ACCOUNT_SWITCHES; `param` says where),
   * each profile a 201 named as the creates above see it: the caller's, never the second account's
   */
  naming?: Array<AccountCreate & { param: string }>;
  /** the caller's requests naming the second account's SID in ?AccountSid= or in an auth proxy's identity headers, with the second account's profiles live */
  switched?: AccountSwitch[];
}

/**
 * Requests of the caller's, with its own credentials, naming the second account another way than the
 * credentials (engine/phases/probes/account-creates.ts ACCOUNT_SWITCHES): each acts for the caller.
 */
export interface AccountSwitch {
  /** where the requests name the second account's SID, in words */
  how: string;
  /** a profile of the caller's, fetched: 200, the caller's (or a 4xx other than 404) */
  own: { sid: string; fetch: FollowUp };
  /** a profile of the second account's, fetched: 404 */
  other: { sid: string; fetch: FollowUp };
  /** the list (PageSize=1000): the caller's profiles only, `own` among them */
  list: FollowUp;
  /** the DELETE of another profile of the caller's: removed (or a 4xx other than 404) */
  delete?: { sid: string; deleted: FollowUp };
}

/** One create of AccountCreates: its owner (who sent it) fetches it and lists it by its name, and so does the other account. */
export interface AccountCreate {
  create: Exchange;
  sid: string;
  ownFetch: FollowUp;
  otherFetch: FollowUp;
  ownList: FollowUp;
  otherList: FollowUp;
}

/** Creates sent at once, each on a connection of its own, and the read back of every profile they made. */
export interface CreateBurst {
  /** how many were sent (as many as the create budget had free, at most the burst's size) */
  creates: Exchange[];
  readBacks: Array<{ sid: string; readBack: FollowUp }>;
  /** the caller's own list reads sent while the creates were in flight */
  listedDuring?: FollowUp[];
}

/**
 * A walk of the run's own profiles of one name while the run changes them (engine/phases/lists/changing-walk.ts):
 * between pages the run deletes the profile that ended the page before (the cursor's anchor) and one shown
 * earlier, and creates another of the name.
 */
export interface ChangingWalk {
  /** the FriendlyName every profile of the walk has (unique to the run) */
  name: string;
  pageSize: number;
  /** the pages, in the order read through next_page_url */
  pages: FollowUp[];
  /** the profiles created before the walk and not deleted during it: each must be listed exactly once */
  throughout: string[];
  /** what the run did between pages, in words (for the messages) */
  changes: string[];
  /** why the walk stopped before a page without next_page_url */
  stopped?: { reason: 'loop' | 'cap' | 'not-on-target' | 'not-a-page'; detail: string };
  /** a first page read again after the walk, its next_page_url followed late (at least LATE_PAGE_MS after that page was served) */
  late?: { first: FollowUp; page: FollowUp; afterMs: number; live: string[] };
  /** lists of the name read while a DELETE of one of its profiles was in flight */
  during: FollowUp[];
  /** before the walk, the name listed without PageSize while the run held `sids` (more than 10) of its profiles: every one shown */
  unpaged?: { list: FollowUp; sids: string[] };
}

/** Two DELETEs and a create sent together (engine/phases/probes/delete-race.ts), and what reads found during and after them. */
export interface ConcurrentDeletes {
  /** each profile deleted (as its create answered it), its DELETE and a read back after all */
  deleted: Array<{ profile: Record<string, unknown>; delete: FollowUp; readBack: FollowUp }>;
  /** the profile created while the DELETEs were in flight, and its read back after all */
  created?: { profile: Record<string, unknown>; readBack: FollowUp };
  /** fetches of `duringOf` and a list, sent while its DELETE was in flight */
  during: FollowUp[];
  duringOf: Record<string, unknown>;
}

/** Requests for sids no profile can have (they break the sid pattern): each must be the 404 envelope, and the profile must still read back. */
/**
 * An update (POST /v1/CustomerProfiles/{Sid}) of a sid that names no profile of its sender, and the
 * caller's read of that sid after it. `owned`: the sid is a live profile of the caller's (the
 * second account sent the update), so the read must not show the update's `marker` name; else no
 * profile may read back at all.
 */
export interface UpdateOfNone {
  what: string;
  sent: FollowUp;
  readAfter: FollowUp;
  marker: string;
  owned: boolean;
}

/**
 * What a faithful server does with one update of a profile of the sender's own (the OpenAPI's
 * UpdateCustomerProfile; generators/updateSteps.ts): `applied` — a 2xx, and each value it sets read
 * back byte for byte; `refused` — a 4xx (a parameter outside its value space), nothing changed;
 * `unread` — the body names no parameter of the update (a JSON body, names in another case): nothing
 * changed, whatever the status; `either` — what nothing documents either way (parameters that are no
 * parameters of the update beside valid ones, a form labelled with another charset): applied as
 * `applied` is, or refused whole with a 4xx that changes nothing.
 */
export type UpdateExpect = 'applied' | 'refused' | 'unread' | 'either';

/** A parameter an update's body names twice: the resource field it sets, and the values sent, in order (update.repeated-param). */
export interface UpdateRepeated {
  param: string;
  field: string;
  values: readonly string[];
}

/** One update of the run's own profile and the read after it (engine/phases/probes/update-route.ts). */
export interface UpdateStep {
  /** what it sends, in words */
  what: string;
  expect: UpdateExpect;
  /** applied: the resource fields its parameters set (friendly_name, email, status_callback), each to the value sent */
  sets: Readonly<Record<string, string>>;
  /** refused: the parameter whose value is outside its value space */
  refuses?: 'Status' | 'StatusCallback';
  /** the query string its URL carried (no parameters of the update) */
  query?: string;
  /** a parameter its body named twice (update.repeated-param) */
  repeated?: UpdateRepeated;
  sent: FollowUp;
  /** the read after it; with `readShared`, sent after the updates that followed it too */
  readAfter: FollowUp;
  /** how many updates in a row, each answered 4xx and expected to change nothing (refused, or naming no parameter), this one among them, the one read after the last of them follows */
  readShared?: number;
}

/**
 * Updates (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's UpdateCustomerProfile) of a profile the
 * run created for them alone, in order, each followed by a read; the profile is deleted after them.
 * The first renames it (FriendlyName alone): a target that answers it 404, 405 or 501 has no update
 * and gets no other. After the rename, the list by the new name and by the one it was created with
 * (`lists`).
 */
export interface UpdateOwn {
  /** the create of the profile (the 201 the updates are judged against) */
  create: Exchange;
  steps: UpdateStep[];
  lists?: { renamed: string; created: string; byRenamed: FollowUp; byCreated: FollowUp };
  /** the run waited for the target's clock: the first update went UPDATE_AFTER_MS after the 201 (update.date-updated-moves judges date_updated later) */
  clockWaited?: true;
  /** after the last update's read, before the DELETE: the lists by the profile's PolicySid and by its Status, each with its FriendlyName, and by its FriendlyName alone (update.filtered-listed) */
  filtered?: Array<{ by: 'PolicySid' | 'Status' | 'FriendlyName'; list: FollowUp }>;
}

export interface OddSids {
  fetches: FollowUp[];
  deletes: FollowUp[];
  readBack: FollowUp;
}

/** The list walked page by page from `GET /v1/CustomerProfiles`, and the sids the run held live before and after the walk. */
export interface ListWalkAll {
  pages: FollowUp[];
  /** the run's own profiles live both before and after the walk (created, not deleted): every one must show */
  own: string[];
  /** why the walk stopped before a page without next_page_url */
  stopped?: string;
}

/** DELETEs of a profile the run created, each with a credential the server must refuse, and what a read back found after them all. */
export interface RefusedDeletes {
  deletes: Array<{ auth: AuthMode; answer: FollowUp }>;
  readBack: FollowUp;
}

/**
 * Updates (POST /v1/CustomerProfiles/{Sid}) of one sid, each with a credential the server must refuse and
 * a FriendlyName of its own (`marker`), and what a read with the caller's credentials found after them all:
 * no marker may show (a refused update changes nothing, and of a sid of no profile makes none).
 */
export interface RefusedUpdates {
  /** which sid, in words: the profile, the deleted profile, a sid that never existed */
  what: string;
  updates: Array<{ auth: AuthMode; answer: FollowUp; marker: string }>;
  readAfter: FollowUp;
}

/** The collection read page by page with a small PageSize, following next_page_url to the end. */
export interface ListWalk {
  pageSize: number;
  /** the first page, then each page its predecessor's next_page_url led to */
  pages: FollowUp[];
  /** the whole list right before and right after the walk: whether the account changed meanwhile */
  before?: FollowUp;
  after?: FollowUp;
  /** the last page's first_page_url and url (meta.url), followed */
  firstAgain?: FollowUp;
  selfAgain?: FollowUp;
  /** for each page from the second (index i): the page its previous_page_url led to; undefined when it named none on the target */
  previous?: Array<FollowUp | undefined>;
  /** why the walk stopped before next_page_url was null (a loop, a URL not on the target, the page cap) */
  stopped?: { reason: 'loop' | 'not-on-target' | 'cap'; detail: string };
}

/** The resource's routes (the operation's create, list, fetch, delete, and the update, POST on one member), and `other` for any request outside them. */
export type Route = 'create' | 'fetch' | 'list' | 'delete' | 'update' | 'other';

export const COLLECTION_PATH = '/v1/CustomerProfiles';

/**
 * The route of a request: the create (POST on the collection), the list (GET on it), fetch,
 * delete and update (GET, DELETE and POST on one member: the OpenAPI's UpdateCustomerProfile);
 * anything else is `other`.
 */
export function routeOf(method: string, url: string): Route {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === COLLECTION_PATH) return method === 'POST' ? 'create' : method === 'GET' ? 'list' : 'other';
  if (trimmed.startsWith(`${COLLECTION_PATH}/`) && !trimmed.slice(COLLECTION_PATH.length + 1).includes('/')) {
    return method === 'GET' ? 'fetch' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'update' : 'other';
  }
  return 'other';
}

/**
 * One answer of the target to one request of the run — every attempt of every request, on every
 * route, whatever phase sent it; an answer a retry replaced (429, 503) included. The rules of the
 * catalog that say which answers they apply to (`CheckInfo.answers`) judge every Reply in scope.
 */
export interface Reply {
  route: Route;
  /** the request as sent (credentials redacted) */
  request: SentRequest;
  /** how the request authenticated */
  auth: AuthMode;
  response?: ReceivedResponse;
  error?: TransportError;
  latencyMs: number;
  receivedAt: number;
  /** a retry replaced this answer: the retry layer absorbed it (a 429, a 503) */
  absorbed: boolean;
  /** plan index of the case this request belongs to (its create, or the create it follows up); -1 when none */
  index: number;
  /** what the request was for, in words ("read back", "list page 2", "cleanup") */
  purpose: string;
  /** the case of the create: for a create, its own; for a follow-up, the create it follows up */
  case?: TestCase;
  /**
   * for a follow-up: the create's exchange, holding the follow-ups made before this one (a
   * failure shows that sequence, and `replay` sends it again)
   */
  follows?: Exchange;
}

/** The final answer of an exchange's create, as a Reply. */
export function replyOf(ex: Exchange): Reply {
  return {
    route: 'create',
    request: ex.request,
    auth: ex.case.auth,
    ...(ex.response ? { response: ex.response } : {}),
    ...(ex.error ? { error: ex.error } : {}),
    latencyMs: ex.latencyMs,
    receivedAt: ex.receivedAt,
    absorbed: false,
    index: ex.index,
    purpose: ex.case.label,
    case: ex.case,
  };
}

/** Sids and the plan index that named each first: a Map will do; a long run keeps them compact (engine/judge/sids.ts). */
export interface SeenSids {
  get(sid: string): number | undefined;
  has(sid: string): boolean;
  set(sid: string, index: number): unknown;
}

/** What the checks know about the run beyond one exchange. */
export interface JudgeContext {
  /** the target's base URL, e.g. http://127.0.0.1:4010 */
  targetUrl: string;
  /** the account the caller acts for (AC…) */
  accountSid: string;
  /** the second account the run knows, if any: the account of the answers to its requests (auth `second-account`) */
  secondAccountSid?: string;
  /** secrets that must never come back in a response (auth token, API secret, Authorization value) */
  secrets: string[];
  /** sids seen in earlier 201s of this run, mapped to the index of the exchange that made them */
  seenSids: SeenSids;
  /** sids the account's list showed before the run's first request (engine/phases/audit/audit.ts): no create of the run may name one */
  listedBefore?: ReadonlySet<string>;
  /** the public base URL the target builds `url` from, when the user states it */
  publicBaseUrl?: string;
  /**
   * the server's clock as the run's first answers showed it (the Judgement notes it: engine/checks/clock.ts);
   * absent, the rules that compare answers' clocks judge nothing
   */
  clock?: RunClock;
  /**
   * the origin (scheme, host, port) of the url the run's first created profile showed, a request
   * with no proxy headers (the Judgement notes it: engine/checks/resource.ts); absent, url is
   * judged by its shape alone when no public base URL is given
   */
  served?: { origin?: string; shown?: string };
}

/**
 * Where the server's clock stood against this machine's, from one answer: its offset (server time
 * minus local time, ms) lies in [lo, hi], because the value (at second resolution) was made between
 * the request's sending and the answer's arrival.
 */
export interface ClockWindow {
  lo: number;
  hi: number;
  /** the value that showed it, as written, and the answer's purpose */
  shown: string;
  purpose: string;
  /** when the answer arrived, by this machine's clock (ms since the epoch) */
  seenAt: number;
}

/** The first window the run saw of each clock the server shows: the Date header, and date_created of a new profile. */
export interface RunClock {
  date?: ClockWindow;
  created?: ClockWindow;
}
