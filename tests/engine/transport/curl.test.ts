import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ACCEPTED_AUTH, type AuthMode, OTHER_PAIR_REFUSED_AUTH, REFUSED_AUTH, SECOND_REFUSED_AUTH } from '../../../contracts/exchange.ts';
import { authorizationFor, basicAuth, type Credentials, credentialsBeside, knowsShape, redact, secretsOf, withCredentialFields } from '../../../engine/transport/credentials.ts';
import { curlFor, repeatedTail, SHOWN_BODY_MAX, shownBody } from '../../../engine/transport/curl.ts';

const TOKEN_CREDS: Credentials = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  username: 'AC0123456789abcdef0123456789abcdef',
  password: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  kind: 'auth-token',
};
const KEY_CREDS: Credentials = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  username: 'SKfedcba9876543210fedcba9876543210',
  password: 'keySecret0123456789abcdefghijkx',
  kind: 'api-key',
};
/** a password with no letter: the case-swapped shape falls back to a changed last character */
const DIGIT_CREDS: Credentials = { ...TOKEN_CREDS, password: '01234567890123456789012345678901' };
/** a run that knows both pairs of the account: the crossed shapes too */
const BOTH_CREDS: Credentials = { ...TOKEN_CREDS, also: { apiKey: KEY_CREDS.username, apiSecret: KEY_CREDS.password } };
/** a run that acts with the key and knows the Auth Token: the wrong shapes of the Auth Token come from TWILIO_AUTH_TOKEN */
const KEY_BOTH: Credentials = { ...KEY_CREDS, also: { authToken: TOKEN_CREDS.password } };
/** runs that know a second account: by its Auth Token, and by an API key of it */
const SECOND_TOKEN: Credentials = { ...TOKEN_CREDS, second: { accountSid: `AC${'f'.repeat(32)}`, username: `AC${'f'.repeat(32)}`, password: 'secondToken0123456789', kind: 'auth-token' } };
const SECOND_KEY: Credentials = { ...KEY_CREDS, second: { accountSid: `AC${'f'.repeat(32)}`, username: `SK${'e'.repeat(32)}`, password: 'secondKeySecret0123456789', kind: 'api-key' } };
const MODES: AuthMode[] = [...REFUSED_AUTH, ...ACCEPTED_AUTH, 'second-account', ...OTHER_PAIR_REFUSED_AUTH, ...SECOND_REFUSED_AUTH];
const REQUEST = { method: 'POST', url: 'http://127.0.0.1:4010/v1/CustomerProfiles', headers: { authorization: 'Basic [redacted]' }, body: 'a=b' };

/**
 * The Authorization header a printed curl command would send: the command runs in sh with the
 * credentials in the environment and `curl` replaced by a function that prints its arguments.
 */
function headerSentBy(command: string, creds: Credentials): string | undefined {
  const env = {
    PATH: process.env.PATH,
    TWILIO_ACCOUNT_SID: creds.accountSid,
    ...(creds.kind === 'api-key' ? { TWILIO_API_KEY: creds.username, TWILIO_API_SECRET: creds.password } : { TWILIO_AUTH_TOKEN: creds.password }),
    ...(creds.also && 'apiKey' in creds.also ? { TWILIO_API_KEY: creds.also.apiKey, TWILIO_API_SECRET: creds.also.apiSecret } : {}),
    ...(creds.also && 'authToken' in creds.also ? { TWILIO_AUTH_TOKEN: creds.also.authToken } : {}),
    ...(creds.second
      ? creds.second.kind === 'api-key'
        ? { TRUSTHUB_SECOND_ACCOUNT_SID: creds.second.accountSid, TRUSTHUB_SECOND_API_KEY: creds.second.username, TRUSTHUB_SECOND_API_SECRET: creds.second.password }
        : { TRUSTHUB_SECOND_ACCOUNT_SID: creds.second.accountSid, TRUSTHUB_SECOND_AUTH_TOKEN: creds.second.password }
      : {}),
  };
  const script = `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${command}`;
  const args = execFileSync('sh', ['-c', script], { env, encoding: 'utf8' }).split('\n');
  const user = args.indexOf('-u');
  if (user >= 0) {
    const value = args[user + 1]!;
    const colon = value.indexOf(':');
    return basicAuth(value.slice(0, colon), value.slice(colon + 1));
  }
  const header = args.find((a) => /^authorization:/i.test(a));
  return header?.replace(/^authorization: ?/i, '');
}

describe('curlFor', () => {
  it.each([TOKEN_CREDS, KEY_CREDS, DIGIT_CREDS, BOTH_CREDS, KEY_BOTH, SECOND_TOKEN, SECOND_KEY])('each printed command sends exactly the credentials the run sends ($kind, $password)', (creds) => {
    for (const mode of MODES.filter((m) => knowsShape(m, creds))) {
      const command = curlFor(REQUEST, mode, creds.kind === 'api-key');
      expect(headerSentBy(command, creds), `${mode}: ${command}`).toBe(authorizationFor(mode, creds));
    }
  });

  it.each([TOKEN_CREDS, KEY_CREDS, BOTH_CREDS, KEY_BOTH, SECOND_TOKEN, SECOND_KEY])('no printed command holds a secret, in clear or in base64 ($kind)', (creds) => {
    const secrets = secretsOf(creds);
    for (const mode of MODES.filter((m) => knowsShape(m, creds))) {
      const command = curlFor(REQUEST, mode, creds.kind === 'api-key');
      for (const s of [...secrets, creds.username]) expect(command, mode).not.toContain(s);
      expect(command).not.toContain('[redacted]');
    }
  });
});

describe('a HEAD', () => {
  it('is replayed with --head, never -X HEAD (which waits for a body that never comes)', () => {
    const line = curlFor({ method: 'HEAD', url: 'http://127.0.0.1:1/v1/CustomerProfiles', headers: {}, body: '' }, 'none');
    expect(line).toContain(' --head ');
    expect(line).not.toContain('-X HEAD');
  });
});

describe('a body of megabytes (the oversized probes)', () => {
  const body = `FriendlyName=${'A'.repeat(SHOWN_BODY_MAX * 2)}`;
  const req = { method: 'POST', url: 'http://127.0.0.1:1/v1/CustomerProfiles/BU0', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };

  it('is made in the shell and piped to curl: the line stays short and sends exactly the body', () => {
    const line = curlFor(req, 'valid');
    expect(line.length).toBeLessThan(400);
    expect(line).toContain('--data-binary @-');
    // curl replaced by cat: what the pipeline hands it is the body, byte for byte
    const sent = execFileSync('sh', ['-c', `curl() { cat; }; ${line}`], { env: { ...process.env, TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }, maxBuffer: 4 * body.length, encoding: 'utf8' });
    expect(sent).toBe(body);
  });

  it('is shown by its start and its length; a body up to SHOWN_BODY_MAX whole', () => {
    expect(shownBody(body)).toBe(`FriendlyName=${'A'.repeat(16)}… (A ${SHOWN_BODY_MAX * 2} times in all: ${body.length} characters; the replay line rebuilds it)`);
    const varied = 'x'.repeat(SHOWN_BODY_MAX) + 'yz';
    expect(shownBody(varied)).toBe(`${'x'.repeat(1024)}… (cut: ${varied.length} characters in all)`);
    expect(repeatedTail(varied)).toBeUndefined();
    const small = `FriendlyName=${'A'.repeat(SHOWN_BODY_MAX - 13)}`;
    expect(shownBody(small)).toBe(small);
    expect(curlFor({ ...req, body: small }, 'valid')).toMatch(/--data-binary '?FriendlyName=AAAA/);
  });
});

describe("the caller's credentials as form fields", () => {
  it('are made from the environment in the replay line, never written in it; the rest of the body stays', () => {
    const body = withCredentialFields('FriendlyName=x', TOKEN_CREDS);
    const line = curlFor({ method: 'DELETE', url: REQUEST.url, headers: {}, body }, 'none');
    expect(line).not.toContain(TOKEN_CREDS.password);
    expect(line).toContain(`--data-binary FriendlyName=x --data-urlencode "AccountSid=$TWILIO_ACCOUNT_SID" --data-urlencode "AuthToken=$TWILIO_AUTH_TOKEN"`);
    const sent = execFileSync('sh', ['-c', `printf '%s' "api_token=$TWILIO_AUTH_TOKEN"`], { env: { TWILIO_AUTH_TOKEN: TOKEN_CREDS.password } }).toString();
    expect(body).toContain(sent);
    // an API key run: the key's SID and secret
    const keyLine = curlFor({ method: 'POST', url: REQUEST.url, headers: {}, body: withCredentialFields('', KEY_CREDS) }, 'none', true);
    expect(keyLine).toContain('--data-urlencode "AccountSid=$TWILIO_API_KEY" --data-urlencode "AuthToken=$TWILIO_API_SECRET"');
    expect(keyLine).not.toContain('--data-binary');
  });
});

describe("the caller's credentials in Proxy-Authorization", () => {
  it('are made from the environment in the replay line, never written in it, and send the same header', () => {
    for (const [creds, apiKey] of [[TOKEN_CREDS, false], [KEY_CREDS, true]] as const) {
      const line = curlFor({ method: 'GET', url: REQUEST.url, headers: { 'proxy-authorization': 'Basic [redacted]' }, body: '' }, 'none', apiKey);
      expect(line).not.toContain(creds.password);
      expect(line).not.toContain('[redacted]');
      const script = `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${line}`;
      const env = { PATH: process.env.PATH, TWILIO_ACCOUNT_SID: creds.accountSid, ...(apiKey ? { TWILIO_API_KEY: creds.username, TWILIO_API_SECRET: creds.password } : { TWILIO_AUTH_TOKEN: creds.password }) };
      const args = execFileSync('sh', ['-c', script], { env, encoding: 'utf8' }).split('\n');
      expect(args).toContain(`Proxy-Authorization: ${basicAuth(creds.username, creds.password)}`);
      expect(args.some((a) => /^authorization:/i.test(a) || a === '-u')).toBe(false);
    }
  });
});

describe("the caller's credentials outside Authorization (query-credentials, api-key-headers)", () => {
  /** The arguments a printed command hands curl, run in sh with the credentials in the environment. */
  const argsOf = (line: string, creds: Credentials): string[] => {
    const env = { PATH: process.env.PATH, TWILIO_ACCOUNT_SID: creds.accountSid, ...(creds.kind === 'api-key' ? { TWILIO_API_KEY: creds.username, TWILIO_API_SECRET: creds.password } : { TWILIO_AUTH_TOKEN: creds.password }) };
    return execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${line}`], { env, encoding: 'utf8' }).split('\n');
  };

  it.each([TOKEN_CREDS, KEY_CREDS])('the query is made from the environment in the replay line and sends the same URL, as sent or as a report shows it ($kind)', (creds) => {
    const apiKey = creds.kind === 'api-key';
    for (const base of [REQUEST.url, `${REQUEST.url}?PageSize=1`]) {
      const sent = `${base}${base.includes('?') ? '&' : '?'}${credentialsBeside('query-credentials', creds).query}`;
      for (const url of [sent, redact(sent, secretsOf(creds))]) {
        const line = curlFor({ method: 'GET', url, headers: {}, body: '' }, 'query-credentials', apiKey);
        expect(line).not.toContain(creds.password);
        expect(line).not.toContain(creds.username);
        expect(line).not.toContain('[redacted]');
        expect(argsOf(line, creds)).toContain(sent);
        expect(argsOf(line, creds).some((a) => /^authorization:/i.test(a) || a === '-u')).toBe(false);
      }
    }
  });

  it.each([TOKEN_CREDS, KEY_CREDS])("the key headers are made from the environment and send the same values; a header the user gave is theirs ($kind)", (creds) => {
    const apiKey = creds.kind === 'api-key';
    const headers = credentialsBeside('api-key-headers', creds).headers!;
    const shown = JSON.parse(redact(JSON.stringify(headers), secretsOf(creds))) as Record<string, string>;
    const line = curlFor({ method: 'DELETE', url: REQUEST.url, headers: shown, body: '' }, 'api-key-headers', apiKey);
    expect(line).not.toContain(creds.password);
    expect(line).not.toContain('[redacted]');
    const args = argsOf(line, creds);
    expect(args).toContain(`X-API-Key: ${headers['x-api-key']}`);
    expect(args).toContain(`Api-Key: ${headers['api-key']}`);
    expect(args.filter((a) => /^(x-)?api-key:/i.test(a))).toHaveLength(2);
    // the user's own X-API-Key (a gateway in front of the target): from its variable, and the shape's Api-Key alone
    const given = curlFor({ method: 'GET', url: REQUEST.url, headers: { 'x-api-key': '[redacted]', 'api-key': shown['api-key']! }, body: '' }, 'api-key-headers', apiKey, ['x-api-key']);
    expect(given).toContain('"x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
    expect(given).not.toContain('X-API-Key: $');
    expect(given).toContain('"Api-Key: $');
  });
});
