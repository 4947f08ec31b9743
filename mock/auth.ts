import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';

/** Who a request acts for, and the secret it proved it with (so a fault can leak it). */
export interface Caller {
  accountSid: string;
  secret: string;
  /** the API key's SID, when the request signed with a key (for the faults that treat keys apart) */
  key?: string;
  /** rows-scoped-by-principal: the account the key acts for, shown as account_sid while its rows live under `accountSid`, the key's SID */
  shownAccount?: string;
}

/** Why a request was not authenticated: no header, a header that is no Basic credential, or wrong credentials. */
export type Refusal = 'missing' | 'malformed' | 'refused';

export type Authenticate = (authorization: string | undefined) => Caller | Refusal;

/** The challenge every 401 carries (RFC 9110 §11.6.1). */
export const CHALLENGE = 'Basic realm="Twilio API"';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** user-id and password of a Basic credential (RFC 7617 §2: split at the first colon), or why there is none. */
export function decodeBasic(authorization: string, caseSensitive = false): { user: string; password: string } | Refusal {
  const match = (caseSensitive ? /^(Basic)(?: +(.*))?$/ : /^(basic)(?: +(.*))?$/i).exec(authorization);
  if (!match) return 'refused';
  const token = (match[2] ?? '').trim();
  if (!BASE64.test(token)) return 'malformed';
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The password matches the secret; `token-prefix-compare` compares only over the shorter of the two. */
function matches(password: string, secret: string, fault: FaultName | null): boolean {
  if (fault === 'token-prefix-compare' && password !== '') {
    const n = Math.min(password.length, secret.length);
    return password.slice(0, n) === secret.slice(0, n);
  }
  if (fault === 'any-token-for-known-sid') return true;
  if (fault === 'password-case-insensitive') return password.toLowerCase() === secret.toLowerCase();
  if (fault === 'empty-password-accepted' && password === '') return true;
  // auth-token-hex-decoded: the token read as the bytes it spells; Node stops at the first non-hex character and drops an odd last digit
  if (fault === 'auth-token-hex-decoded') return Buffer.from(password, 'hex').equals(Buffer.from(secret, 'hex'));
  return password === secret;
}

/**
 * HTTP Basic: Account SID + Auth Token, or API Key SID + secret acting for the key's account.
 * Accepted header values are cached (at most 1,024), refused ones are not. The credential faults
 * (mock/faults.ts) each weaken one step.
 */
/**
 * The Basic header a faulty server makes of credentials it finds outside Authorization, when the
 * request has none: query-string-credentials, `?AccountSid=<user>&AuthToken=<password>` (a fallback
 * "for clients that cannot set headers": EventSource, a webhook tester); api-key-header-accepted, an API
 * gateway's `X-API-Key: <user>:<password>` (AWS API Gateway usage plans, Kong's key-auth). Undefined otherwise.
 */
export function credentialsOutside(fault: FaultName | null, url: string, headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  if (fault === 'query-string-credentials') {
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    const user = query.get('AccountSid');
    const password = query.get('AuthToken');
    return user !== null && password !== null ? basic(user, password) : undefined;
  }
  const key = headers['x-api-key'];
  if (fault === 'api-key-header-accepted' && typeof key === 'string' && key.indexOf(':') > 0) return basic(key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1));
  return undefined;
}

/**
 * The Authorization header as a faulty parser reads it: auth-header-split-on-space, the tutorial's
 * `const [scheme, token] = header.split(' ')` (what follows the token never looked at);
 * auth-basic-regex-unanchored, `/Basic\s+(\S+)/i.exec(header)` (Basic credentials found anywhere in the
 * header, after a Bearer's too). The header as it is otherwise.
 */
function parsedLoosely(authorization: string, fault: FaultName | null): string {
  if (fault === 'auth-header-split-on-space') {
    const [scheme = '', token] = authorization.split(' ');
    return token === undefined ? scheme : `${scheme} ${token}`;
  }
  if (fault === 'auth-basic-regex-unanchored') {
    const found = /Basic\s+(\S+)/i.exec(authorization);
    return found ? `Basic ${found[1]}` : authorization;
  }
  return authorization;
}

export function makeAuthenticator(config: Pick<MockConfig, 'accounts' | 'apiKeys' | 'fault'>): Authenticate {
  const fault = config.fault;
  const secrets = new Map<string, Caller>();
  for (const a of config.accounts) secrets.set(a.accountSid, { accountSid: a.accountSid, secret: a.authToken });
  // api-key-account-from-user: the account is the Basic user-id, the key's own SK sid; rows-scoped-by-principal: the key's rows
  // live under its SID too, but account_sid shows its account
  for (const k of config.apiKeys) {
    const apart = fault === 'api-key-account-from-user' || fault === 'rows-scoped-by-principal';
    secrets.set(k.sid, { accountSid: apart ? k.sid : k.accountSid, secret: k.secret, key: k.sid, ...(fault === 'rows-scoped-by-principal' ? { shownAccount: k.accountSid } : {}) });
  }
  /** the caller a secret alone proves, for the faults that look a secret up without its user */
  const bySecret = (secret: string): Caller | undefined => [...secrets.values()].find((c) => c.secret === secret);
  /** every secret of an account (its Auth Token and its keys' secrets), for the fault that takes any of them whoever is named */
  const secretsOfAccount = (accountSid: string): string[] => [...secrets.values()].filter((c) => c.accountSid === accountSid).map((c) => c.secret);
  const accepted = new Map<string, Caller>();

  const check = (header: string): Caller | Refusal => {
    const authorization = parsedLoosely(header, fault);
    if (fault === 'bearer-accepted' && /^bearer +/i.test(authorization)) {
      return bySecret(authorization.replace(/^bearer +/i, '')) ?? 'refused';
    }
    // basic-base64-lenient: a lax base64 decoder (Python's b64decode, validate=False) drops every character outside the alphabet
    const lax = fault === 'basic-base64-lenient' ? authorization.replace(/^(\S+ +)(.*)$/, (_, s: string, t: string) => s + t.replace(/[^A-Za-z0-9+/=]/g, '')) : authorization;
    const scheme = fault === 'scheme-ignored' ? lax.replace(/^\S+/, 'Basic') : lax;
    const basic = decodeBasic(scheme, fault === 'scheme-case-sensitive');
    if (typeof basic === 'string') return basic;
    // trims-credentials: user.trim() and password.trim(), to forgive a token pasted with a newline
    // empty-user-default-account: `username || TWILIO_ACCOUNT_SID`, the single-tenant fallback to the deployment's own
    // principal (the account, or the API key it is configured with): here whichever one the password belongs to
    const fallback = (password: string) => [...secrets].find(([, c]) => c.secret === password)?.[0] ?? '';
    const user = fault === 'trims-credentials' ? basic.user.trim() : fault === 'empty-user-default-account' && basic.user === '' ? fallback(basic.password) : basic.user;
    // user-case-insensitive: the account looked up under a case-insensitive collation
    const caller = secrets.get(user) ?? (fault === 'user-case-insensitive' ? [...secrets].find(([k]) => k.toLowerCase() === user.toLowerCase())?.[1] : undefined);
    // split-all-colons: "user:pass:x".split(':')[1], as a naive parser reads it; password-nul-terminated: a C comparison stops at the NUL
    const password =
      fault === 'split-all-colons'
        ? (basic.password.split(':')[0] ?? '')
        : fault === 'trims-credentials'
          ? basic.password.trim()
          : fault === 'password-nul-terminated'
            ? (basic.password.split('\u0000')[0] ?? '')
            : basic.password;
    if (caller && fault === 'any-secret-of-account') return secretsOfAccount(caller.accountSid).includes(password) ? caller : 'refused';
    // user-and-password-apart: two questions of the accounts table, Account.exists?(sid: user) && Account.exists?(auth_token: pass),
    // then the account the user names: any account's Auth Token opens every other account whose SID is known
    if (caller && fault === 'user-and-password-apart') return config.accounts.some((a) => a.authToken === password) ? caller : 'refused';
    // migrated-token-lowercased: the accounts after the first were migrated with their tokens lower-cased, so the password presented
    // for them is lower-cased before the comparison
    if (caller && fault === 'migrated-token-lowercased' && caller.key === undefined && caller.accountSid !== config.accounts[0]?.accountSid) {
      return password.toLowerCase() === caller.secret.toLowerCase() ? caller : 'refused';
    }
    // auth-token-hex-decoded: an account's Auth Token only; a key's secret is compared exactly
    if (caller) return matches(password, caller.secret, fault === 'auth-token-hex-decoded' && caller.key !== undefined ? null : fault) ? caller : 'refused';
    const unknownKind = fault === 'any-sid-for-known-token' ? 'AC' : fault === 'unknown-key-accepted' ? 'SK' : undefined;
    if (unknownKind && basic.user.startsWith(unknownKind)) return bySecret(basic.password) ?? 'refused';
    return 'refused';
  };

  return (authorization) => {
    if (!authorization) return 'missing';
    const known = accepted.get(authorization);
    if (known) return known;
    const result = check(authorization);
    if (typeof result !== 'string' && accepted.size < 1024) accepted.set(authorization, result);
    return result;
  };
}

/** Whether a request is a fetch or delete of one profile, or the list. */
const isItem = (method: string, path: string) => (method === 'GET' || method === 'DELETE') && path.startsWith('/v1/CustomerProfiles/');
const isList = (method: string, path: string) => method === 'GET' && path === '/v1/CustomerProfiles';
/** Whether a path is one profile's (the update's, with POST). */
const isMember = (path: string) => /^\/v1\/CustomerProfiles\/[^/]+\/?$/.test(path);

/** The faults of one route's credentials: there, credentials are checked as the named fault checks them everywhere. */
const ROUTE_FAULTS: Partial<Record<FaultName, { as: FaultName; on: (method: string, path: string) => boolean }>> = {
  'item-routes-any-password': { as: 'any-token-for-known-sid', on: isItem },
  'delete-any-password': { as: 'any-token-for-known-sid', on: (m, p) => m === 'DELETE' && isItem(m, p) },
  'list-any-password': { as: 'any-token-for-known-sid', on: isList },
  'reads-scheme-case-sensitive': { as: 'scheme-case-sensitive', on: (m, p) => isItem(m, p) || isList(m, p) },
  // update-password-unchecked: the update route declared above the auth middleware, its account taken from the Basic user-id alone
  'update-password-unchecked': { as: 'any-token-for-known-sid', on: (m, p) => m === 'POST' && isMember(p) },
  // create-crossed-pair-accepted: the write gateway resolves the user-id to its account, then takes any secret of that account
  'create-crossed-pair-accepted': { as: 'any-secret-of-account', on: (m, p) => m === 'POST' && p === '/v1/CustomerProfiles' },
};

/** Authenticates a request on its route (`path` without the query). */
export type RouteAuthenticate = (authorization: string | undefined, method: string, path: string) => Caller | Refusal;

/** makeAuthenticator, with a route fault's own check on that route. */
export function makeRouteAuthenticator(config: Pick<MockConfig, 'accounts' | 'apiKeys' | 'fault'>): RouteAuthenticate {
  const everywhere = makeAuthenticator(config);
  const routeFault = config.fault === null ? undefined : ROUTE_FAULTS[config.fault];
  if (!routeFault) return (authorization) => everywhere(authorization);
  const there = makeAuthenticator({ ...config, fault: routeFault.as });
  return (authorization, method, path) => (routeFault.on(method, path) ? there : everywhere)(authorization);
}

/**
 * Whether a request signed with an API key is refused on its route: api-key-list-401, the list (GET
 * or HEAD of the collection); api-key-later-pages-401, the list's pages past the first (a Page or a
 * PageToken, as next_page_url names them). Routes served by a service that knows no API key.
 */
export function refusesKey(fault: FaultName | null, method: string, url: string): boolean {
  const [path, query = ''] = url.split('?');
  if (path !== '/v1/CustomerProfiles' || (method !== 'GET' && method !== 'HEAD')) return false;
  if (fault === 'api-key-list-401') return true;
  const q = new URLSearchParams(query);
  return fault === 'api-key-later-pages-401' && (q.has('PageToken') || Number(q.get('Page') ?? 0) > 0);
}
