import { type AuthMode, alteredShapeOf, CREDENTIAL_FIELDS, OTHER_PAIR_AUTH, OTHER_PAIR_REFUSED_AUTH, type OtherPairAltered, type PairAlteredShape, type PairName, SECOND_REFUSED_AUTH, type SecondAltered, secondShapeOf, type TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { TURKISH } from './clientProfiles.ts';
import { fieldsRecord, fieldsToParams, REQUIRED_FIELDS, type RequestFields } from './validFields.ts';

/**
 * Each wrong credential, in words. The credentials themselves are built at run time from the
 * caller's own (engine/transport/credentials.ts `authorizationFor`): "password" is the Auth Token, or the
 * API key secret when the run uses a key, and "user" the Account SID or the key SID. So in a run
 * with an API key, the password cases are the "known key, wrong secret" cases.
 */
export const WRONG_CREDENTIALS: ReadonlyArray<readonly [mode: AuthMode, words: string]> = [
  ['other-account', "another Account SID with the caller's password"],
  ['empty-password', "the caller's user with an empty password"],
  ['same-length', "the caller's user with a wrong password of the same length (last character changed)"],
  ['password-prefix', "the caller's user with its password less the last character"],
  ['password-plus-one', "the caller's user with its password plus one character"],
  ['unknown-key', "an unknown API key SID with the caller's password"],
  ['no-colon', 'Basic credentials with no colon (the base64 of the user alone)'],
  ['bad-base64', 'Basic followed by text that is not base64'],
  ['empty-credentials', 'Basic credentials with an empty user and password (the base64 of ":")'],
  ['empty-user', "an empty user with the caller's password (no account is named, so none is the default)"],
  ['bare-basic', 'the scheme Basic with no credentials after it'],
  ['bearer-password', "the scheme Bearer with the caller's password as its token"],
  ['bearer-basic', "the scheme Bearer with the caller's Basic credentials (base64 user:password)"],
  ['colon-suffix', "the caller's user with its password followed by \":x\" (only the first colon splits)"],
  ['password-case-swapped', "the caller's user with its password's letters in the other case (a password is matched exactly)"],
  ['password-trailing-space', "the caller's user with its password followed by a space (a password is never trimmed)"],
  ['password-trailing-newline', "the caller's user with its password followed by a line feed (a password is never trimmed)"],
  ['user-leading-space', "the caller's user with a space before it, and its password (a user-id is never trimmed)"],
  ['user-trailing-space', "the caller's user with a space after it, and its password (a user-id is never trimmed)"],
  ['user-case-swapped', "the caller's user with its letters in the other case, and its password (a user-id is matched exactly)"],
  ['password-nul-suffix', "the caller's user with its password followed by a NUL and x (a password is matched whole, past a NUL)"],
  ['token-dot-inside', "the caller's own Basic token with a . inside it (not base64: a lax decoder drops it)"],
  ['token-bang-after', "the caller's own Basic token followed by ! (not base64: a lax decoder drops it)"],
  ['token-space-junk', "the caller's own Basic token followed by a space and x (no token68: a parser that splits on spaces takes the token alone)"],
  ['bearer-then-basic', "Bearer x, then the caller's own Basic credentials (one credentials per header, of the scheme Bearer: a regex finds Basic anywhere)"],
  ['query-credentials', "no Authorization header, the caller's user and password in the query string (AccountSid, AuthToken; with an API key ApiKey, ApiSecret too)"],
  ['api-key-headers', "no Authorization header, the caller's user:password in X-API-Key and its password in Api-Key (an API gateway's key headers)"],
];

/**
 * Client-address headers a proxy sets and any client can write itself: an internal network's
 * address and loopback. Requests without credentials carry them (the create's, and the other
 * routes' in engine/phases/probes/header-probes.ts): 401 all the same, whatever address they name.
 */
export const CLIENT_ADDRESSES: ReadonlyArray<Readonly<Record<string, string>>> = [
  { 'x-forwarded-for': '10.0.0.1', 'x-real-ip': '10.0.0.1' },
  { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', forwarded: 'for=127.0.0.1' },
];

/** Headers in words: "x-forwarded-for: 10.0.0.1, x-real-ip: 10.0.0.1". */
export const headerWords = (headers: Readonly<Record<string, string>>): string =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');

/**
 * The crossed pairs, in words: sent on fetch, list, delete and the update, and with the lifecycle's
 * create (engine/phases/probes/credential-routes.ts refusedCreates), only when the run knows a second
 * pair of the account (or a second account: the pairs of two accounts, whose create
 * engine/phases/probes/second-account.ts sends), so never in the create's matrix, whose cases are
 * the same for every run.
 */
export const CROSSED_CREDENTIALS: ReadonlyArray<readonly [mode: AuthMode, words: string]> = [
  ['account-sid-key-secret', "the Account SID with the API key's secret (a crossed pair)"],
  ['key-sid-auth-token', 'the API key SID with the Auth Token (a crossed pair)'],
  ['own-user-second-password', "the caller's user with the second account's password (a pair of two accounts)"],
  ['second-user-own-password', "the second account's user with the caller's password (a pair of two accounts)"],
];

/**
 * The shapes that alter a pair (PAIR_ALTERED_AUTH) in words, `{user}` and `{password}` to be named
 * by the pair: "the Account SID with the Auth Token's letters in the other case".
 */
const ALTERED_PAIR_WORDS: Readonly<Record<PairAlteredShape, string>> = {
  wrong: '{user} with {password} followed by "-wrong"',
  'other-account': 'another Account SID with {password}',
  'empty-password': '{user} with an empty password',
  'same-length': '{user} with {password} with its last character changed (same length)',
  'password-prefix': '{user} with {password} less its last character',
  'password-plus-one': '{user} with {password} plus one character (x)',
  'unknown-key': 'an unknown API key SID with {password}',
  'empty-user': 'an empty user with {password}',
  'bearer-password': 'the scheme Bearer with {password} as its token',
  'colon-suffix': '{user} with {password} followed by ":x"',
  'password-case-swapped': "{user} with {password}, its letters in the other case",
  'password-trailing-space': '{user} with {password} followed by a space',
  'password-trailing-newline': '{user} with {password} followed by a line feed',
  'user-leading-space': '{user} with a space before it, and {password}',
  'user-trailing-space': '{user} with a space after it, and {password}',
  'user-case-swapped': '{user} with its letters in the other case, and {password}',
  'password-nul-suffix': '{user} with {password} followed by a NUL and x',
};

/**
 * An other pair's shape in words, naming the pair altered (so a failure says which secret the
 * server compared wrongly): "the Auth Token altered (the run acts with the API key): the Account
 * SID with the Auth Token, its letters in the other case". `pair` undefined: "the account's other pair".
 */
export function alteredPairWords(mode: OtherPairAltered, pair?: PairName): string {
  const shape = alteredShapeOf(mode)!;
  const [user, password, head] =
    pair === 'the Auth Token'
      ? ['the Account SID', 'the Auth Token', 'the Auth Token altered (the run acts with the API key)']
      : pair === 'the API key'
        ? ['the API key SID', "the API key's secret", 'the API key altered (the run acts with the Auth Token)']
        : ["the other pair's user", "the other pair's password", "the account's other pair altered (the pair the run does not act with)"];
  return `${head}: ${ALTERED_PAIR_WORDS[shape].replace('{user}', user).replace('{password}', password)}`;
}

/**
 * A second account's shape in words: "the second account's pair altered (--second-account-sid): its
 * Account SID with its Auth Token, its letters in the other case".
 */
export function alteredSecondWords(mode: SecondAltered): string {
  const shape = secondShapeOf(mode)!;
  return `the second account's pair altered (--second-account-sid): ${ALTERED_PAIR_WORDS[shape].replace('{user}', 'its Account SID').replace('{password}', 'its Auth Token')}`;
}

/** Every credential shape in words, the caller's own included: what a request on any route was sent with. */
export const CREDENTIAL_WORDS = {
  ...Object.fromEntries(WRONG_CREDENTIALS),
  ...Object.fromEntries(CROSSED_CREDENTIALS),
  ...Object.fromEntries(OTHER_PAIR_REFUSED_AUTH.map((mode) => [mode, alteredPairWords(mode)])),
  ...Object.fromEntries(SECOND_REFUSED_AUTH.map((mode) => [mode, alteredSecondWords(mode)])),
  valid: "the caller's credentials",
  none: 'no credentials',
  wrong: "the caller's user with a wrong password",
  'scheme-lower': "the caller's credentials with the scheme written basic",
  'scheme-upper': "the caller's credentials with the scheme written BASIC",
  'second-account': "a second account's own credentials (--second-account-sid)",
  'other-pair': "the account's other pair (its API key when the run sends the Auth Token, the Auth Token when it sends the key)",
} as Readonly<Record<AuthMode, string>>;

/** A case sent with headers besides its own, named in its label. */
const withHeaders = (tc: TestCase, headers: Readonly<Record<string, string>>): TestCase => ({ ...tc, label: `${tc.label}, with ${headerWords(headers)}`, headers });

/**
 * The credential matrix, sent once per run with a valid body: every wrong credential must get
 * 401 / 20003; the right one with the scheme in lower or upper case must get 201 (RFC 9110
 * §11.1); and a request without or with wrong credentials gets 401 whatever its body, so an
 * invalid or empty body must not be answered 400 (authentication comes before validation).
 */
export function credentialCases(seed: RequestFields): TestCase[] {
  const valid = { params: fieldsToParams(seed), fields: fieldsRecord(seed) };
  const empty = { params: [], fields: {}, body: '' };
  const badPolicy = { ...seed, PolicySid: 'RN123' };
  return [
    ...WRONG_CREDENTIALS.map(([mode, words]) =>
      formCase({ category: 'auth', label: `seed example with ${words}`, expect: 'reject', rule: `auth.${mode}`, auth: mode, ...valid }),
    ),
    formCase({ category: 'auth', label: 'seed example with the scheme written basic', expect: 'create', auth: 'scheme-lower', ...valid }),
    // sent by a Turkish client: a scheme lower-cased in the request's locale reads BASIC as "basıc" (dotless ı)
    withHeaders(formCase({ category: 'auth', label: 'seed example with the scheme written BASIC', expect: 'create', auth: 'scheme-upper', ...valid }), TURKISH),
    // twilio-behaviour.md: auth is HTTP Basic; the credentials elsewhere (a token guard's api_token) are none
    {
      ...formCase({
        category: 'auth',
        label: `no Authorization header, the caller's credentials as form fields (${CREDENTIAL_FIELDS.join(', ')})`,
        expect: 'reject',
        rule: 'auth.credentials-in-body',
        auth: 'none',
        ...valid,
      }),
      credentialsInBody: true,
    },
    // RFC 9110 §11.7.2: Proxy-Authorization is the proxy's, not the origin's; an auth middleware copied from a forward proxy falls back to it
    {
      ...formCase({
        category: 'auth',
        label: "no Authorization header, the caller's credentials in Proxy-Authorization",
        expect: 'reject',
        rule: 'auth.proxy-authorization',
        auth: 'none',
        ...valid,
      }),
      credentialsInProxyAuthorization: true,
    },
    // each carries a client address a server might let in without credentials (CLIENT_ADDRESSES)
    withHeaders(
      formCase({
        category: 'auth',
        label: 'no credentials and an invalid body (PolicySid RN123)',
        expect: 'reject',
        rule: 'auth.before-validation.invalid-body',
        auth: 'none',
        params: fieldsToParams(badPolicy),
        fields: fieldsRecord(badPolicy),
      }),
      CLIENT_ADDRESSES[0]!,
    ),
    withHeaders(
      formCase({ category: 'auth', label: 'no credentials and an empty body', expect: 'reject', rule: 'auth.before-validation.empty-body', auth: 'none', ...empty }),
      CLIENT_ADDRESSES[1]!,
    ),
    formCase({
      category: 'auth',
      label: 'wrong credentials and an empty body',
      expect: 'reject',
      rule: 'auth.before-validation.wrong-empty-body',
      auth: 'wrong',
      ...empty,
    }),
  ];
}

/** The malformed PolicySid the other pair's refused case sends (an RN sid cut short: the pattern wants 32 hex digits). */
export const OTHER_PAIR_BAD_POLICY_SID = 'RN123';

/**
 * The cases the account's other pair sends besides its valid create (engine/phases/probes/other-pair.ts
 * `probeOtherPairCases`), built from the lifecycle's fields: a malformed PolicySid, FriendlyName
 * missing, and the same parameters as a JSON body — each refused (400), as the caller's own are. The
 * run acts with one pair and every case of the plan is that pair's; a server may take the other pair
 * down another path (an older adapter for the Auth Token, a newer controller for API keys) that
 * validates, reads bodies and words its errors otherwise. Judged by every case rule.
 * `base`: the lifecycle case's label; `pair`: the other pair, in words.
 */
export function otherPairCases(fields: Partial<RequestFields>, base: string, pair: string): TestCase[] {
  const sent = (what: string) => `${base}, ${what}, sent with ${pair}`;
  const badPolicy = { ...fields, PolicySid: OTHER_PAIR_BAD_POLICY_SID };
  const { FriendlyName: _, ...unnamed } = fields;
  return [
    formCase({
      category: 'policy-sid',
      label: sent(`with PolicySid ${OTHER_PAIR_BAD_POLICY_SID}`),
      expect: 'reject',
      rule: 'PolicySid.pattern',
      auth: OTHER_PAIR_AUTH,
      params: fieldsToParams(badPolicy),
      fields: fieldsRecord(badPolicy),
    }),
    formCase({
      category: 'missing-field',
      label: sent('without FriendlyName'),
      expect: 'reject',
      rule: 'FriendlyName.required',
      missing: ['FriendlyName'],
      auth: OTHER_PAIR_AUTH,
      params: fieldsToParams(unnamed),
      fields: fieldsRecord(unnamed),
    }),
    {
      category: 'body-encoding',
      label: sent('as a JSON body with Content-Type application/json'),
      expect: 'reject',
      rule: 'body.form-encoded',
      missing: [...REQUIRED_FIELDS],
      fields: {},
      contentType: 'application/json',
      body: JSON.stringify(fieldsRecord(fields)),
      auth: OTHER_PAIR_AUTH,
    },
  ];
}
