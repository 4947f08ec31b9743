import { ACCEPTED_AUTH, type AuthMode, alteredShapeOf, CREDENTIAL_FIELDS, isOtherPairAltered, isSecondAltered, OTHER_PAIR_AUTH, OTHER_PAIR_REFUSED_AUTH, QUERY_CREDENTIAL_NAMES, REFUSED_AUTH, SECOND_ACCOUNT_AUTH, SECOND_REFUSED_AUTH, secondShapeOf } from '../../contracts/exchange.ts';
import { matcherFor, rememberSecrets, tooShortToRedact } from '../../contracts/secrets.ts';
import { hasProxyEnv } from './http.ts';

export interface Credentials {
  /** the account the caller acts for */
  accountSid: string;
  /** Basic user: the Account SID or an API Key SID */
  username: string;
  /** Basic password: the Auth Token or the API Key secret */
  password: string;
  kind: 'auth-token' | 'api-key';
  /**
   * the account's other pair, when the run knows it too (both an Auth Token and an API key were
   * given; the embedded mock's): only the crossed shapes use it (CROSSED_AUTH), never a request of the run
   */
  also?: { authToken: string } | { apiKey: string; apiSecret: string };
  /**
   * a second account the user gave (--second-account-sid…, the embedded mock's second account):
   * only the `second-account` shape sends it, on fetch, list and delete of the run's own profile
   */
  second?: Omit<Credentials, 'also' | 'second'>;
}

/** The Auth Token the run knows, if any. */
function authTokenOf(creds: Credentials): string | undefined {
  if (creds.kind === 'auth-token') return creds.password;
  return creds.also && 'authToken' in creds.also ? creds.also.authToken : undefined;
}

/** The API key (SID and secret) the run knows, if any. */
function apiKeyOf(creds: Credentials): { sid: string; secret: string } | undefined {
  if (creds.kind === 'api-key') return { sid: creds.username, secret: creds.password };
  return creds.also && 'apiKey' in creds.also ? { sid: creds.also.apiKey, secret: creds.also.apiSecret } : undefined;
}

/** The account's other pair as credentials of their own (the Auth Token when the run's are a key, the key when they are the Auth Token), when the run knows both. */
export function otherPairOf(creds: Credentials): Omit<Credentials, 'also' | 'second'> | undefined {
  const token = authTokenOf(creds);
  const key = apiKeyOf(creds);
  if (token === undefined || key === undefined) return undefined;
  return creds.kind === 'api-key'
    ? { accountSid: creds.accountSid, username: creds.accountSid, password: token, kind: 'auth-token' }
    : { accountSid: creds.accountSid, username: key.sid, password: key.secret, kind: 'api-key' };
}

/**
 * Whether the run can build a credential shape: every shape but the crossed ones (CROSSED_AUTH),
 * which need a second secret — the Account SID with the key's secret needs an API key, the key SID
 * with the Auth Token needs both. A run given one Auth Token can send neither.
 */
export function knowsShape(mode: AuthMode, creds: Credentials): boolean {
  if (mode === 'second-account' || mode === 'own-user-second-password' || mode === 'second-user-own-password') return creds.second !== undefined;
  // the second account's Account SID and Auth Token altered (SECOND_REFUSED_AUTH): when the run knows that pair of it
  if (isSecondAltered(mode)) return creds.second?.kind === 'auth-token';
  // the other pair as it is, or altered by a wrong-credential shape (OTHER_PAIR_REFUSED_AUTH)
  if (mode === 'other-pair' || isOtherPairAltered(mode)) return apiKeyOf(creds) !== undefined && authTokenOf(creds) !== undefined;
  if (mode === 'account-sid-key-secret') return apiKeyOf(creds) !== undefined;
  if (mode === 'key-sid-auth-token') return apiKeyOf(creds) !== undefined && authTokenOf(creds) !== undefined;
  return true;
}

const AC = /^AC[0-9a-fA-F]{32}$/;
const SK = /^SK[0-9a-fA-F]{32}$/;

export interface CredentialFlags {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
}

/** How the credentials' error lines name their flags and variables: the first account's, or the second's. */
export interface CredentialNames {
  flags: Record<keyof CredentialFlags, string>;
  env: Record<keyof CredentialFlags, string>;
}

/** The first account: its flags, and the environment the official helper libraries read. */
export const FIRST_ACCOUNT: CredentialNames = {
  flags: { accountSid: '--account-sid', authToken: '--auth-token', apiKey: '--api-key', apiSecret: '--api-secret' },
  env: { accountSid: 'TWILIO_ACCOUNT_SID', authToken: 'TWILIO_AUTH_TOKEN', apiKey: 'TWILIO_API_KEY', apiSecret: 'TWILIO_API_SECRET' },
};

/** The second account (opt-in: a profile of the first must be no resource of it): its flags and variables. */
export const SECOND_ACCOUNT: CredentialNames = {
  flags: { accountSid: '--second-account-sid', authToken: '--second-auth-token', apiKey: '--second-api-key', apiSecret: '--second-api-secret' },
  env: { accountSid: 'TRUSTHUB_SECOND_ACCOUNT_SID', authToken: 'TRUSTHUB_SECOND_AUTH_TOKEN', apiKey: 'TRUSTHUB_SECOND_API_KEY', apiSecret: 'TRUSTHUB_SECOND_API_SECRET' },
};

/**
 * Credentials from flags, else the environment the official helper libraries read
 * (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY, TWILIO_API_SECRET); the second account's
 * the same way from its own flags and TRUSTHUB_SECOND_* (`names`).
 * Returns an error message instead of throwing, so the CLI can say it in one line.
 */
export function resolveCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv = process.env,
  names: CredentialNames = FIRST_ACCOUNT,
): Credentials | { error: string } | undefined {
  const { flags: f, env: e } = names;
  const either = (k: keyof CredentialFlags) => `${f[k]} or ${e[k]}`;
  const accountSid = flags.accountSid ?? env[e.accountSid];
  const authToken = flags.authToken ?? env[e.authToken];
  const apiKey = flags.apiKey ?? env[e.apiKey];
  const apiSecret = flags.apiSecret ?? env[e.apiSecret];
  const whose = names === FIRST_ACCOUNT ? 'the' : "the second account's";
  if (!accountSid && !authToken && !apiKey && !apiSecret) return undefined;
  if (!accountSid) return { error: `an Account SID is needed (${either('accountSid')})` };
  if (!AC.test(accountSid)) return { error: `${whose} Account SID must be AC followed by 32 hex digits, got ${JSON.stringify(mask(accountSid))}` };
  if (apiKey || apiSecret) {
    if (!apiKey || !apiSecret) return { error: `an API key needs both ${f.apiKey} and ${f.apiSecret} (or ${e.apiKey} and ${e.apiSecret})` };
    if (!SK.test(apiKey)) return { error: `${whose} API key must be SK followed by 32 hex digits` };
    const short = tooShortToRedact(`${whose} API key secret (${either('apiSecret')})`, apiSecret);
    if (short) return { error: short };
    // an Auth Token given beside the key is known too: only the crossed shapes send it
    const shortToken = authToken ? tooShortToRedact(`${whose} Auth Token (${either('authToken')})`, authToken) : undefined;
    if (shortToken) return { error: shortToken };
    return { accountSid, username: apiKey, password: apiSecret, kind: 'api-key', ...(authToken ? { also: { authToken } } : {}) };
  }
  if (!authToken) return { error: `an Auth Token is needed (${either('authToken')})` };
  const short = tooShortToRedact(`${whose} Auth Token (${either('authToken')})`, authToken);
  if (short) return { error: short };
  return { accountSid, username: accountSid, password: authToken, kind: 'auth-token' };
}

function mask(value: string): string {
  return value.length > 8 ? `${value.slice(0, 6)}…` : value;
}

/** Encoded headers by user and password: a run asks for the same one or two on every request. */
const basicAuthCache = new Map<string, string>();

export function basicAuth(username: string, password: string): string {
  const key = `${username}:${password}`;
  let header = basicAuthCache.get(key);
  if (header === undefined) {
    header = `Basic ${Buffer.from(key).toString('base64')}`;
    if (basicAuthCache.size >= 16) basicAuthCache.clear();
    basicAuthCache.set(key, header);
  }
  return header;
}

/**
 * The caller's user and password as form fields (the user under AccountSid, the password under every
 * other name), to append to a body sent without an Authorization header: it must still be refused
 * (twilio-behaviour.md: auth is HTTP Basic). In the body, never the URL: a URL lands in access logs.
 * Reports redact the password there as everywhere (contracts/secrets.ts).
 */
export function credentialFields(creds: Credentials): string {
  return new URLSearchParams(CREDENTIAL_FIELDS.map((name) => [name, name === 'AccountSid' ? creds.username : creds.password])).toString();
}

/** Append the caller's credentials (credentialFields) to a form body. */
export const withCredentialFields = (body: string, creds: Credentials): string => (body === '' ? credentialFields(creds) : `${body}&${credentialFields(creds)}`);

/**
 * The caller's own Basic credentials as a Proxy-Authorization value, for a request sent without an
 * Authorization header (RFC 9110 §11.7.2: the field is the proxy's, "consumed by the first inbound
 * proxy"; twilio-behaviour.md: auth is the Authorization header's Basic). Undefined when the run goes
 * through a proxy (HTTPS_PROXY…): that proxy's credentials are its own, and undici refuses a request's
 * Proxy-Authorization there; the request then goes with no credentials at all (still to be refused).
 */
export function proxyAuthorizationFor(creds: Credentials): string | undefined {
  return hasProxyEnv() ? undefined : basicAuth(creds.username, creds.password);
}

/**
 * The caller's user and password as query parameters, for the `query-credentials` shape (no
 * Authorization header): `AccountSid=<user>&AuthToken=<password>`, the names of a server's fallback
 * "for clients that cannot set headers" (EventSource, a webhook tester); with an API key, its SID and
 * secret under `ApiKey` and `ApiSecret` as well. Auth is HTTP Basic (twilio-behaviour.md): still no
 * credentials, 401. Reports redact the password in a URL as everywhere (contracts/secrets.ts).
 */
export function credentialQuery(creds: Credentials): string {
  const [user, password, key, secret] = QUERY_CREDENTIAL_NAMES;
  const pairs: [string, string][] = [
    [user, creds.username],
    [password, creds.password],
  ];
  if (creds.kind === 'api-key') pairs.push([key, creds.username], [secret, creds.password]);
  return new URLSearchParams(pairs).toString();
}

/** The credential parameters at the end of a query, as credentialQuery appends them (the `?` or `&` before them in group 1). */
export const CREDENTIAL_QUERY = new RegExp(
  `([?&])${QUERY_CREDENTIAL_NAMES.slice(0, 2).map((n) => `${n}=[^&]*`).join('&')}(?:&${QUERY_CREDENTIAL_NAMES.slice(2).map((n) => `${n}=[^&]*`).join('&')})?$`,
);

/** A URL without the credential parameters credentialQuery appended (and without the `?` that only they needed). */
export function withoutCredentialQuery(url: string): string {
  const tail = CREDENTIAL_QUERY.exec(url);
  return tail ? url.slice(0, tail.index) : url;
}

/** The API gateway key headers the `api-key-headers` shape sends (no Authorization header), lower-case names. */
export const KEY_HEADER_NAMES = ['x-api-key', 'api-key'] as const;

/**
 * The caller's credentials in an API gateway's key headers, for the `api-key-headers` shape (no
 * Authorization header): `X-API-Key: <user>:<password>` (AWS API Gateway usage plans, Kong's key-auth
 * with the key SID and secret joined) and `Api-Key: <password>` (the secret alone). Still no credentials:
 * 401. A header of the same name the user gave (a gateway in front of the target may want one) is kept:
 * `given` names the user's headers, and the shape sends only the others.
 */
export function credentialHeaders(creds: Credentials, given: readonly string[] = []): Record<string, string> {
  const [joined, alone] = KEY_HEADER_NAMES;
  const out: Record<string, string> = { [joined]: `${creds.username}:${creds.password}`, [alone]: creds.password };
  for (const name of given) delete out[name.toLowerCase()];
  return out;
}

/**
 * What a shape sends besides its Authorization header (authorizationFor): the query parameters of
 * `query-credentials`, the key headers of `api-key-headers`; nothing for any other shape.
 */
export function credentialsBeside(mode: AuthMode, creds: Credentials, given: readonly string[] = []): { query?: string; headers?: Record<string, string> } {
  if (mode === 'query-credentials') return { query: credentialQuery(creds) };
  if (mode === 'api-key-headers') return { headers: credentialHeaders(creds, given) };
  return {};
}

/** The Account SID the `other-account` case acts as (another when it is the caller's own). */
export const OTHER_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
/** The API key SID the `unknown-key` case uses (another when it is the caller's own). */
export const UNKNOWN_KEY_SID = `SK${'0'.repeat(32)}`;

const notOwn = (sid: string, own: string): string => (sid === own ? `${sid.slice(0, 2)}${'1'.repeat(32)}` : sid);

/** The password less its last character, plus one that differs from it: same length, still wrong. */
export function sameLengthPassword(password: string): string {
  return `${password.slice(0, -1)}${password.endsWith('x') ? 'y' : 'x'}`;
}

/**
 * The password with its ASCII letters in the other case (a server must match it exactly); a
 * password with no letter, where that changes nothing, less its last character plus `x` instead.
 */
export function caseSwappedPassword(password: string): string {
  const swapped = password.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return swapped === password ? `${password.slice(0, -1)}x` : swapped;
}

/** A second secret a crossed shape needs: its caller asks `knowsShape` first, so a missing one is the suite's own error. */
function known<T>(value: T | undefined, mode: AuthMode): T {
  if (value === undefined) throw new Error(`the credential shape ${mode} needs a second pair of the account, which this run does not know`);
  return value;
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** A base64 token with a `.` after its first half's last whole quantum: what a lax decoder drops, a strict one refuses. */
export const strayInside = (token: string): string => {
  const at = 4 * Math.floor(token.length / 8);
  return `${token.slice(0, at)}.${token.slice(at)}`;
};

/**
 * The Authorization header for a case's auth mode (undefined: send none). Every wrong credential
 * is built from the caller's own, so each case tests one way of being wrong.
 */
export function authorizationFor(mode: AuthMode, creds: Credentials): string | undefined {
  // a shape of the other pair: the same shape, built from the pair the run does not act with
  if (isOtherPairAltered(mode)) return authorizationFor(alteredShapeOf(mode)!, known(otherPairOf(creds), mode));
  // a shape of the second account: the same shape, built from its pair
  if (isSecondAltered(mode)) return authorizationFor(secondShapeOf(mode)!, known(creds.second, mode));
  const { username: user, password } = creds;
  switch (mode) {
    case 'valid':
      return basicAuth(user, password);
    case 'none':
      return undefined;
    case 'wrong':
      return basicAuth(user, `${password}-wrong`);
    case 'other-account':
      return basicAuth(notOwn(OTHER_ACCOUNT_SID, creds.accountSid), password);
    case 'empty-password':
      return basicAuth(user, '');
    case 'same-length':
      return basicAuth(user, sameLengthPassword(password));
    case 'password-prefix':
      return basicAuth(user, password.slice(0, -1));
    case 'password-plus-one':
      return basicAuth(user, `${password}x`);
    case 'unknown-key':
      return basicAuth(notOwn(UNKNOWN_KEY_SID, user), password);
    case 'no-colon':
      return `Basic ${base64(user)}`;
    case 'bad-base64':
      return 'Basic !!!!';
    case 'empty-credentials':
      return `Basic ${base64(':')}`;
    case 'empty-user':
      return basicAuth('', password);
    case 'bare-basic':
      return 'Basic';
    case 'bearer-password':
      return `Bearer ${password}`;
    case 'colon-suffix':
      return basicAuth(user, `${password}:x`);
    case 'password-case-swapped':
      return basicAuth(user, caseSwappedPassword(password));
    case 'password-trailing-space':
      return basicAuth(user, `${password} `);
    case 'password-trailing-newline':
      return basicAuth(user, `${password}\n`);
    case 'user-leading-space':
      return basicAuth(` ${user}`, password);
    case 'user-trailing-space':
      return basicAuth(`${user} `, password);
    case 'user-case-swapped':
      return basicAuth(caseSwappedPassword(user), password);
    case 'password-nul-suffix':
      return basicAuth(user, `${password}\u0000x`);
    case 'token-dot-inside':
      return `Basic ${strayInside(base64(`${user}:${password}`))}`;
    case 'token-bang-after':
      return `Basic ${base64(`${user}:${password}`)}!`;
    case 'token-space-junk':
      return `Basic ${base64(`${user}:${password}`)} x`;
    case 'bearer-then-basic':
      return `Bearer x, Basic ${base64(`${user}:${password}`)}`;
    // the credentials go elsewhere (credentialsBeside): no Authorization header
    case 'query-credentials':
    case 'api-key-headers':
      return undefined;
    case 'account-sid-key-secret':
      return basicAuth(creds.accountSid, known(apiKeyOf(creds), mode).secret);
    case 'key-sid-auth-token':
      return basicAuth(known(apiKeyOf(creds), mode).sid, known(authTokenOf(creds), mode));
    case 'bearer-basic':
      return `Bearer ${base64(`${user}:${password}`)}`;
    case 'scheme-lower':
      return `basic ${base64(`${user}:${password}`)}`;
    case 'scheme-upper':
      return `BASIC ${base64(`${user}:${password}`)}`;
    case 'second-account': {
      const second = known(creds.second, mode);
      return basicAuth(second.username, second.password);
    }
    // the Account SIDs and the Auth Tokens (when the run knows the caller's): what a check of two separate facts mixes up
    case 'own-user-second-password':
      return basicAuth(creds.accountSid, known(creds.second, mode).password);
    case 'second-user-own-password':
      return basicAuth(known(creds.second, mode).accountSid, authTokenOf(creds) ?? password);
    case 'other-pair': {
      const other = known(otherPairOf(creds), mode);
      return basicAuth(other.username, other.password);
    }
  }
}

/**
 * Every string that must never appear in a report or a response: the password, all but its last
 * character (what the prefix and same-length cases reveal), and the encoded credentials of every
 * case. Longest first, so redacting one never leaves a piece of a longer one behind.
 */
const NO_SECRET: ReadonlySet<AuthMode> = new Set(['no-colon', 'empty-password', 'empty-credentials', 'bad-base64', 'bare-basic']);

export function secretsOf(creds: Credentials): string[] {
  const out = new Set([creds.password, creds.password.slice(0, -1)]);
  // the other pair's secret, when the run knows it (the crossed shapes send it)
  const other = creds.kind === 'api-key' ? authTokenOf(creds) : apiKeyOf(creds)?.secret;
  if (other !== undefined) out.add(other);
  // the second account's secret, when the run knows one: a secret in every output like the first's
  if (creds.second) out.add(creds.second.password).add(creds.second.password.slice(0, -1));
  for (const mode of [...REFUSED_AUTH, ...ACCEPTED_AUTH, SECOND_ACCOUNT_AUTH, OTHER_PAIR_AUTH, ...OTHER_PAIR_REFUSED_AUTH, ...SECOND_REFUSED_AUTH] as AuthMode[]) {
    if (!knowsShape(mode, creds)) continue;
    const header = authorizationFor(mode, creds);
    const token = header?.slice(header.indexOf(' ') + 1);
    // shapes that carry no password (the user alone, an empty password, nothing) name no secret
    if (token && header !== token && !NO_SECRET.has(alteredShapeOf(mode) ?? secondShapeOf(mode) ?? mode)) out.add(token);
  }
  const secrets = [...out].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  // the process remembers them, so that every report writer redacts them too (contracts/secrets.ts)
  rememberSecrets(secrets);
  return secrets;
}

/** Replace every secret, in whatever encoding the text holds it, with [redacted]. */
export function redact(text: string, secrets: readonly string[]): string {
  return matcherFor(secrets).redact(text);
}
