import { describe, expect, it } from 'vitest';
import { ACCEPTED_AUTH, type AuthMode, alteredShapeOf, CROSSED_AUTH, isOtherPairAltered, isSecondAltered, MIXED_ACCOUNT_AUTH, OTHER_PAIR_REFUSED_AUTH, type OtherPairAltered, PAIR_ALTERED_AUTH, REFUSED_AUTH, refusesAuth, SECOND_ALTERED_SHAPES, SECOND_REFUSED_AUTH, type SecondAltered, secondShapeOf } from '../../../contracts/exchange.ts';
import {
  authorizationFor,
  basicAuth,
  type Credentials,
  credentialsBeside,
  withoutCredentialQuery,
  OTHER_ACCOUNT_SID,
  redact,
  caseSwappedPassword,
  knowsShape,
  resolveCredentials,
  SECOND_ACCOUNT,
  sameLengthPassword,
  secretsOf,
  UNKNOWN_KEY_SID,
} from '../../../engine/transport/credentials.ts';
import { decodeBasic } from '../../../mock/auth.ts';

const TOKEN_CREDS: Credentials = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  username: 'AC0123456789abcdef0123456789abcdef',
  password: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  kind: 'auth-token',
};
const KEY_CREDS: Credentials = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  username: 'SKfedcba9876543210fedcba9876543210',
  password: 'keySecretEndingInx',
  kind: 'api-key',
};
/** A run given both pairs of the account: an Auth Token run that knows the key too. */
const BOTH_CREDS: Credentials = { ...TOKEN_CREDS, also: { apiKey: KEY_CREDS.username, apiSecret: KEY_CREDS.password } };
const KEY_SECRET = KEY_CREDS.password;

/** What each mode must send, as user and password for Basic, or the raw header. */
function expected(mode: AuthMode, c: Credentials): string | undefined {
  // a shape of the other pair: the same shape as the other pair's own credentials would build it
  if (isOtherPairAltered(mode)) {
    const other: Credentials =
      c.kind === 'api-key' ? { accountSid: c.accountSid, username: c.accountSid, password: TOKEN_CREDS.password, kind: 'auth-token' } : { ...KEY_CREDS, accountSid: c.accountSid };
    return expected(alteredShapeOf(mode)!, other);
  }
  // a shape of the second account: the same shape as its own credentials would build it
  if (isSecondAltered(mode)) return c.second ? expected(secondShapeOf(mode)!, c.second) : undefined;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const table: Record<Exclude<AuthMode, OtherPairAltered | SecondAltered>, string | undefined> = {
    valid: basicAuth(c.username, c.password),
    none: undefined,
    wrong: basicAuth(c.username, `${c.password}-wrong`),
    'other-account': basicAuth(OTHER_ACCOUNT_SID, c.password),
    'empty-password': basicAuth(c.username, ''),
    'same-length': basicAuth(c.username, `${c.password.slice(0, -1)}${c.password.endsWith('x') ? 'y' : 'x'}`),
    'password-prefix': basicAuth(c.username, c.password.slice(0, -1)),
    'password-plus-one': basicAuth(c.username, `${c.password}x`),
    'unknown-key': basicAuth(UNKNOWN_KEY_SID, c.password),
    'no-colon': `Basic ${b64(c.username)}`,
    'bad-base64': 'Basic !!!!',
    'empty-credentials': 'Basic Og==',
    'empty-user': basicAuth('', c.password),
    'bare-basic': 'Basic',
    'bearer-password': `Bearer ${c.password}`,
    'bearer-basic': `Bearer ${b64(`${c.username}:${c.password}`)}`,
    'colon-suffix': basicAuth(c.username, `${c.password}:x`),
    'password-case-swapped': basicAuth(c.username, [...c.password].map((ch) => (/[a-z]/.test(ch) ? ch.toUpperCase() : ch.toLowerCase())).join('')),
    'password-trailing-space': basicAuth(c.username, `${c.password} `),
    'password-trailing-newline': basicAuth(c.username, `${c.password}\n`),
    'user-leading-space': basicAuth(` ${c.username}`, c.password),
    'user-trailing-space': basicAuth(`${c.username} `, c.password),
    'user-case-swapped': basicAuth(c.username.replace(/[A-Za-z]/g, (x) => (x === x.toLowerCase() ? x.toUpperCase() : x.toLowerCase())), c.password),
    'password-nul-suffix': basicAuth(c.username, `${c.password}\u0000x`),
    // the token cut after its first half's whole quanta (4 characters each), a . there; the token with ! after it
    'token-dot-inside': basicAuth(c.username, c.password).replace(/^Basic (.*)$/, (_, t: string) => `Basic ${t.slice(0, 4 * Math.floor(t.length / 8))}.${t.slice(4 * Math.floor(t.length / 8))}`),
    'token-bang-after': `${basicAuth(c.username, c.password)}!`,
    'token-space-junk': `${basicAuth(c.username, c.password)} x`,
    'bearer-then-basic': `Bearer x, ${basicAuth(c.username, c.password)}`,
    // the credentials outside Authorization (credentialsBeside): no Authorization header
    'query-credentials': undefined,
    'api-key-headers': undefined,
    'account-sid-key-secret': basicAuth(c.accountSid, KEY_SECRET),
    'key-sid-auth-token': basicAuth(KEY_CREDS.username, TOKEN_CREDS.password),
    'scheme-lower': `basic ${b64(`${c.username}:${c.password}`)}`,
    'scheme-upper': `BASIC ${b64(`${c.username}:${c.password}`)}`,
    'second-account': c.second ? basicAuth(c.second.username, c.second.password) : undefined,
    'own-user-second-password': c.second ? basicAuth(c.accountSid, c.second.password) : undefined,
    'second-user-own-password': c.second ? basicAuth(c.second.accountSid, c.kind === 'auth-token' ? c.password : c.also && 'authToken' in c.also ? c.also.authToken : c.password) : undefined,
    'other-pair': c.kind === 'api-key' ? basicAuth(c.accountSid, TOKEN_CREDS.password) : basicAuth(KEY_CREDS.username, KEY_SECRET),
  };
  return table[mode];
}

describe('authorizationFor', () => {
  it.each([TOKEN_CREDS, KEY_CREDS, BOTH_CREDS])('builds each shape it knows from the caller’s credentials ($kind)', (creds) => {
    for (const mode of [...REFUSED_AUTH, ...ACCEPTED_AUTH]) {
      if (knowsShape(mode, creds)) expect(authorizationFor(mode, creds), mode).toBe(expected(mode, creds));
    }
  });

  it("builds each wrong shape of a pair from the other pair too, only when the run knows both; none is either pair's right credentials", () => {
    const keyRun: Credentials = { ...KEY_CREDS, also: { authToken: TOKEN_CREDS.password } };
    expect(OTHER_PAIR_REFUSED_AUTH.map(alteredShapeOf)).toEqual([...PAIR_ALTERED_AUTH]);
    for (const c of [TOKEN_CREDS, KEY_CREDS]) expect(OTHER_PAIR_REFUSED_AUTH.filter((m) => knowsShape(m, c))).toEqual([]);
    expect(() => authorizationFor('other-pair-wrong', KEY_CREDS)).toThrow(/second pair/);
    for (const c of [BOTH_CREDS, keyRun]) {
      for (const mode of OTHER_PAIR_REFUSED_AUTH) {
        const header = authorizationFor(mode, c);
        expect(header, mode).toBe(expected(mode, c));
        const basic = header === undefined ? 'missing' : decodeBasic(header);
        if (typeof basic === 'string') continue;
        expect(basic, mode).not.toEqual({ user: c.username, password: c.password });
        expect(basic, mode).not.toEqual(decodeBasic(authorizationFor('other-pair', c)!));
      }
    }
    // a key run tries the Auth Token in upper case, extended by a non-hex character, cut short (what a hex-decoding compare takes or not)
    const sent = (mode: AuthMode) => decodeBasic(authorizationFor(mode, keyRun)!);
    expect(sent('other-pair-password-case-swapped')).toEqual({ user: keyRun.accountSid, password: TOKEN_CREDS.password.toUpperCase() });
    expect(sent('other-pair-password-plus-one')).toEqual({ user: keyRun.accountSid, password: `${TOKEN_CREDS.password}x` });
    expect(sent('other-pair-password-prefix')).toEqual({ user: keyRun.accountSid, password: TOKEN_CREDS.password.slice(0, -1) });
    // the encoded credentials of each are redacted like the caller's own
    const secrets = secretsOf(keyRun);
    const token = (mode: AuthMode) => authorizationFor(mode, keyRun)!.replace(/^\S+ /, '');
    for (const mode of ['other-pair-password-case-swapped', 'other-pair-password-plus-one', 'other-pair-wrong'] as const) expect(secrets, mode).toContain(token(mode));
  });

  it("builds each shape of SECOND_ALTERED_SHAPES from the second account's Account SID and Auth Token, only when the run knows them", () => {
    const second = { accountSid: `AC${'f'.repeat(32)}`, username: `AC${'f'.repeat(32)}`, password: 'secondToken0123456789', kind: 'auth-token' as const };
    const run: Credentials = { ...TOKEN_CREDS, second };
    expect(SECOND_REFUSED_AUTH.map(secondShapeOf)).toEqual([...SECOND_ALTERED_SHAPES]);
    expect(SECOND_REFUSED_AUTH.every(refusesAuth)).toBe(true);
    // no second account, or one given by an API key (the words and the replay line name its Auth Token): none
    for (const c of [TOKEN_CREDS, { ...TOKEN_CREDS, second: { ...second, username: `SK${'e'.repeat(32)}`, kind: 'api-key' as const } }]) {
      expect(SECOND_REFUSED_AUTH.filter((m) => knowsShape(m, c))).toEqual([]);
    }
    for (const mode of SECOND_REFUSED_AUTH) {
      const header = authorizationFor(mode, run);
      expect(header, mode).toBe(expected(mode, run));
      expect(decodeBasic(header!), mode).not.toEqual({ user: second.username, password: second.password });
    }
    expect(decodeBasic(authorizationFor('second-account-password-case-swapped', run)!)).toEqual({ user: second.accountSid, password: 'SECONDtOKEN0123456789' });
    // the encoded credentials of each are redacted like the caller's own
    const secrets = secretsOf(run);
    for (const mode of SECOND_REFUSED_AUTH) expect(secrets, mode).toContain(authorizationFor(mode, run)!.replace(/^\S+ /, ''));
  });

  it("builds the account's other pair only when the run knows both: the key for a token run, the Auth Token for a key run", () => {
    expect([TOKEN_CREDS, KEY_CREDS].map((c) => knowsShape('other-pair', c))).toEqual([false, false]);
    expect(authorizationFor('other-pair', BOTH_CREDS)).toBe(basicAuth(KEY_CREDS.username, KEY_SECRET));
    const keyRun: Credentials = { ...KEY_CREDS, also: { authToken: TOKEN_CREDS.password } };
    expect(authorizationFor('other-pair', keyRun)).toBe(basicAuth(keyRun.accountSid, TOKEN_CREDS.password));
    expect(() => authorizationFor('other-pair', TOKEN_CREDS)).toThrow(/second pair/);
  });

  it('builds a crossed pair only from a second pair the run knows: none with one Auth Token, Account SID + secret with a key, both with both', () => {
    const known = (c: Credentials) => CROSSED_AUTH.filter((m) => knowsShape(m, c));
    expect(known(TOKEN_CREDS)).toEqual([]);
    expect(known(KEY_CREDS)).toEqual(['account-sid-key-secret']);
    expect(known(BOTH_CREDS)).toEqual(['account-sid-key-secret', 'key-sid-auth-token']);
    expect(() => authorizationFor('key-sid-auth-token', KEY_CREDS)).toThrow(/second pair/);
  });

  it('a run given an API key and an Auth Token acts with the key and knows the token for the crossed pairs (its secret redacted)', () => {
    const creds = resolveCredentials({ accountSid: TOKEN_CREDS.accountSid, authToken: TOKEN_CREDS.password, apiKey: KEY_CREDS.username, apiSecret: 'keySecretLongEnough0123' }, {});
    expect(creds).toMatchObject({ kind: 'api-key', username: KEY_CREDS.username, also: { authToken: TOKEN_CREDS.password } });
    expect(secretsOf(creds as Credentials)).toContain(TOKEN_CREDS.password);
  });

  it.each([TOKEN_CREDS, KEY_CREDS, BOTH_CREDS])('no refused shape carries the right credentials, every accepted one does ($kind)', (creds) => {
    for (const mode of REFUSED_AUTH.filter((m) => knowsShape(m, creds))) {
      const header = authorizationFor(mode, creds);
      const basic = header === undefined ? 'missing' : decodeBasic(header);
      if (typeof basic !== 'string') expect(basic, mode).not.toEqual({ user: creds.username, password: creds.password });
    }
    for (const mode of ACCEPTED_AUTH) expect(decodeBasic(authorizationFor(mode, creds)!), mode).toEqual({ user: creds.username, password: creds.password });
  });

  it("builds the pairs of two accounts only with a second account: the Account SID with the second's token, the second's SID with the Auth Token; redacted", () => {
    const second = { accountSid: `AC${'f'.repeat(32)}`, username: `AC${'f'.repeat(32)}`, password: 'secondAccountToken0123', kind: 'auth-token' as const };
    expect(MIXED_ACCOUNT_AUTH.filter((m) => knowsShape(m, BOTH_CREDS))).toEqual([]);
    const keyRun: Credentials = { ...KEY_CREDS, also: { authToken: TOKEN_CREDS.password }, second };
    expect(authorizationFor('own-user-second-password', keyRun)).toBe(basicAuth(TOKEN_CREDS.accountSid, second.password));
    expect(authorizationFor('second-user-own-password', keyRun)).toBe(basicAuth(second.accountSid, TOKEN_CREDS.password));
    const secrets = secretsOf(keyRun);
    for (const mode of MIXED_ACCOUNT_AUTH) expect(secrets).toContain(authorizationFor(mode, keyRun)!.slice('Basic '.length));
  });

  it('sends a second account only when the run knows one, with its own pair; its secret is redacted like the first', () => {
    const second = { accountSid: `AC${'f'.repeat(32)}`, username: `AC${'f'.repeat(32)}`, password: 'secondAccountToken0123', kind: 'auth-token' as const };
    const creds: Credentials = { ...TOKEN_CREDS, second };
    expect(knowsShape('second-account', TOKEN_CREDS)).toBe(false);
    expect(() => authorizationFor('second-account', TOKEN_CREDS)).toThrow(/second pair/);
    expect(authorizationFor('second-account', creds)).toBe(expected('second-account', creds));
    const secrets = secretsOf(creds);
    expect(secrets).toContain(second.password);
    expect(secrets).toContain(Buffer.from(`${second.username}:${second.password}`).toString('base64'));
  });

  it('resolves a second account from its own flags and TRUSTHUB_SECOND_*, and names those in its errors', () => {
    const env = { TRUSTHUB_SECOND_AUTH_TOKEN: 'secondAccountToken0123' };
    expect(resolveCredentials({ accountSid: `AC${'f'.repeat(32)}` }, env, SECOND_ACCOUNT)).toMatchObject({ kind: 'auth-token', password: 'secondAccountToken0123' });
    expect(resolveCredentials({}, { TWILIO_ACCOUNT_SID: TOKEN_CREDS.accountSid }, SECOND_ACCOUNT)).toBeUndefined();
    expect(resolveCredentials({ accountSid: `AC${'f'.repeat(32)}` }, {}, SECOND_ACCOUNT)).toEqual({ error: 'an Auth Token is needed (--second-auth-token or TRUSTHUB_SECOND_AUTH_TOKEN)' });
    expect(resolveCredentials({ accountSid: 'ACnope' }, {}, SECOND_ACCOUNT)).toMatchObject({ error: expect.stringMatching(/^the second account's Account SID must be AC/) });
  });

  it('never uses the caller’s own SID as the other account or the unknown key', () => {
    const own = { ...TOKEN_CREDS, accountSid: OTHER_ACCOUNT_SID, username: OTHER_ACCOUNT_SID };
    expect(decodeBasic(authorizationFor('other-account', own)!)).toMatchObject({ user: `AC${'1'.repeat(32)}` });
    const key = { ...KEY_CREDS, username: UNKNOWN_KEY_SID };
    expect(decodeBasic(authorizationFor('unknown-key', key)!)).toMatchObject({ user: `SK${'1'.repeat(32)}` });
  });

  it('a case-swapped password swaps every ASCII letter, and still differs when the password has none', () => {
    expect(caseSwappedPassword('a1B2c3')).toBe('A1b2C3');
    expect(caseSwappedPassword('0123456789')).toBe('012345678x');
    expect(caseSwappedPassword('é1')).toBe('éx');
  });

  it('a same-length password has the same length and differs in the last character only', () => {
    for (const p of ['abc', 'abx', 'x', '0123456789abcdef0123456789abcdef']) {
      const wrong = sameLengthPassword(p);
      expect(wrong).toHaveLength(p.length);
      expect(wrong).not.toBe(p);
      expect(wrong.slice(0, -1)).toBe(p.slice(0, -1));
    }
  });
});

describe('secretsOf', () => {
  it('holds the password, all but its last character, and every encoded credential that contains them', () => {
    const secrets = secretsOf(TOKEN_CREDS);
    expect(secrets).toContain(TOKEN_CREDS.password);
    expect(secrets).toContain(TOKEN_CREDS.password.slice(0, -1));
    for (const mode of ['valid', 'wrong', 'same-length', 'password-prefix', 'password-plus-one', 'bearer-basic'] as const) {
      const header = authorizationFor(mode, TOKEN_CREDS)!;
      expect(secrets, mode).toContain(header.slice(header.indexOf(' ') + 1));
    }
    // the user alone is no secret
    expect(secrets).not.toContain(Buffer.from(TOKEN_CREDS.username).toString('base64'));
    expect([...secrets].sort((a, b) => b.length - a.length)).toEqual(secrets);
  });

  it.each([TOKEN_CREDS, BOTH_CREDS])('redacts each shape whole, leaving no piece of either secret ($kind)', (creds) => {
    const secrets = secretsOf(creds);
    for (const mode of REFUSED_AUTH.filter((m) => knowsShape(m, creds))) {
      const out = redact(`echo: ${authorizationFor(mode, creds) ?? ''}`, secrets);
      expect(out, mode).not.toContain(TOKEN_CREDS.password.slice(0, 8));
      expect(out, mode).not.toContain(KEY_SECRET.slice(0, 8));
    }
  });
});

describe('the shapes that carry the credentials outside Authorization', () => {
  it("send the caller's user and password in the query (an API key's SID and secret under ApiKey and ApiSecret too), and nothing else besides", () => {
    expect(credentialsBeside('query-credentials', TOKEN_CREDS)).toEqual({ query: `AccountSid=${TOKEN_CREDS.username}&AuthToken=${TOKEN_CREDS.password}` });
    expect(credentialsBeside('query-credentials', KEY_CREDS)).toEqual({
      query: `AccountSid=${KEY_CREDS.username}&AuthToken=${KEY_SECRET}&ApiKey=${KEY_CREDS.username}&ApiSecret=${KEY_SECRET}`,
    });
    for (const mode of [...REFUSED_AUTH, ...ACCEPTED_AUTH].filter((m) => m !== 'query-credentials' && m !== 'api-key-headers')) expect(credentialsBeside(mode, TOKEN_CREDS), mode).toEqual({});
  });

  it("send user:password in X-API-Key and the password alone in Api-Key, keeping a header of that name the user gave", () => {
    expect(credentialsBeside('api-key-headers', KEY_CREDS)).toEqual({ headers: { 'x-api-key': `${KEY_CREDS.username}:${KEY_SECRET}`, 'api-key': KEY_SECRET } });
    expect(credentialsBeside('api-key-headers', TOKEN_CREDS, ['X-API-Key'])).toEqual({ headers: { 'api-key': TOKEN_CREDS.password } });
  });

  it('the credential query is found again at the end of a URL, its ? or & with it; a URL without one stays whole', () => {
    const url = 'http://127.0.0.1:1/v1/CustomerProfiles';
    for (const creds of [TOKEN_CREDS, KEY_CREDS]) {
      const query = credentialsBeside('query-credentials', creds).query!;
      expect(withoutCredentialQuery(`${url}?${query}`)).toBe(url);
      expect(withoutCredentialQuery(`${url}?PageSize=1&${query}`)).toBe(`${url}?PageSize=1`);
    }
    expect(withoutCredentialQuery(`${url}?AccountSid=AC1`)).toBe(`${url}?AccountSid=AC1`);
  });

  it.each([TOKEN_CREDS, KEY_CREDS])('hold no secret the redaction leaves ($kind)', (creds) => {
    const secrets = secretsOf(creds);
    const beside = [credentialsBeside('query-credentials', creds).query!, ...Object.values(credentialsBeside('api-key-headers', creds).headers!)];
    for (const text of beside) expect(redact(text, secrets), text).not.toContain(creds.password.slice(0, 8));
  });
});
