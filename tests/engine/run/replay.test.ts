import { describe, expect, it } from 'vitest';
import type { Counterexample } from '../../../contracts/report.ts';
import { authOf, bodyDiff, replayRequest, routeOf } from '../../../engine/run/replay.ts';
import { MOCK_CREDENTIALS } from '../../helpers/certify.ts';

const cex = (over: Partial<Counterexample> = {}): Counterexample => ({
  message: 'm',
  index: 4,
  category: 'valid',
  caseLabel: 'l',
  request: {
    method: 'POST',
    url: 'http://old.example:1/v1/CustomerProfiles',
    headers: { authorization: 'Basic [redacted]', 'x-api-key': '[redacted]', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'ua' },
    body: 'FriendlyName=Acme',
  },
  curl: 'curl -sS -i -X POST http://old.example:1/v1/CustomerProfiles -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN-wrong"',
  shrunk: false,
  ...over,
});

describe('replayRequest', () => {
  it('sends the recorded request to the new base, credentials rebuilt for the auth mode, hidden headers filled in', () => {
    const req = replayRequest(cex({ case: { expect: 'create', auth: 'valid', fields: {}, contentType: 'x' } }), {
      base: 'http://127.0.0.1:5/',
      credentials: MOCK_CREDENTIALS,
      headers: { 'x-api-key': 'k' },
    });
    expect(req.url).toBe('http://127.0.0.1:5/v1/CustomerProfiles');
    expect(req.headers).toMatchObject({ 'x-api-key': 'k', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'ua' });
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${MOCK_CREDENTIALS.username}:${MOCK_CREDENTIALS.password}`).toString('base64')}`);
    expect(req.body).toBe('FriendlyName=Acme');
    expect(() => replayRequest(cex(), { base: 'http://x', credentials: MOCK_CREDENTIALS })).toThrow(/TRUSTHUB_HEADER_X_API_KEY/);
  });

  it("rebuilds the credentials a shape carried outside Authorization from this run's: the query's, the key headers (the user's own header kept)", () => {
    const queried = cex({
      request: { method: 'DELETE', url: `http://old.example:1/v1/CustomerProfiles/BUabc123?AccountSid=${MOCK_CREDENTIALS.username}&AuthToken=[redacted]`, headers: {}, body: '' },
      case: { expect: 'reject', auth: 'query-credentials', fields: {}, contentType: null },
    });
    const sent = replayRequest(queried, { base: 'http://127.0.0.1:5', credentials: MOCK_CREDENTIALS });
    expect(sent.url).toBe(`http://127.0.0.1:5/v1/CustomerProfiles/BUabc123?AccountSid=${MOCK_CREDENTIALS.username}&AuthToken=${MOCK_CREDENTIALS.password}`);
    expect(sent.headers.authorization).toBeUndefined();
    const keyed = cex({ request: { ...cex().request, headers: { 'x-api-key': '[redacted]', 'api-key': '[redacted]' } }, case: { expect: 'reject', auth: 'api-key-headers', fields: {}, contentType: 'x' } });
    const again = replayRequest(keyed, { base: 'http://127.0.0.1:5', credentials: MOCK_CREDENTIALS });
    expect([again.headers['x-api-key'], again.headers['api-key'], again.headers.authorization]).toEqual([`${MOCK_CREDENTIALS.username}:${MOCK_CREDENTIALS.password}`, MOCK_CREDENTIALS.password, undefined]);
    const given = replayRequest(keyed, { base: 'http://127.0.0.1:5', credentials: MOCK_CREDENTIALS, headers: { 'x-api-key': 'gateway' } });
    expect([given.headers['x-api-key'], given.headers['api-key']]).toEqual(['gateway', MOCK_CREDENTIALS.password]);
  });

  it('reads the auth mode of an older report from its curl line', () => {
    expect(authOf(cex())).toBe('wrong');
    expect(authOf(cex({ curl: 'curl -X POST u -u "$A:$B"' }))).toBe('valid');
    expect(authOf(cex({ curl: 'curl -X POST u' }))).toBe('none');
  });
});

describe('routeOf: a report names what to send, only on the operation routes', () => {
  const at = (method: string, url: string) => cex({ request: { method, url, headers: {}, body: '' } });

  it.each([
    ['POST', 'https://evil.example/v1/CustomerProfiles', '/v1/CustomerProfiles'],
    ['GET', 'https://evil.example/base/v1/CustomerProfiles?PageSize=1000', '/v1/CustomerProfiles?PageSize=1000'],
    ['GET', 'http://x/v1/CustomerProfiles/BUabc123', '/v1/CustomerProfiles/BUabc123'],
    ['DELETE', 'http://x/v1/CustomerProfiles/BUabc123', '/v1/CustomerProfiles/BUabc123'],
  ])('keeps %s %s as the path %s (the host is never used)', (method, url, path) => {
    expect(routeOf(at(method, url))).toBe(path);
  });

  it('refuses an update (POST to a profile) in words of its own: it would write to a profile the replay did not make', () => {
    const update = at('POST', 'http://x/v1/CustomerProfiles/BUabc123');
    expect(() => routeOf(update)).toThrow(/^case #4: POST \/v1\/CustomerProfiles\/BUabc123 is an update \(POST \/v1\/CustomerProfiles\/\{Sid\}\), which replay does not send again/);
    expect(() => replayRequest(update, { base: 'http://127.0.0.1:5', credentials: MOCK_CREDENTIALS })).toThrow(/nothing was sent/);
  });

  it.each([
    ['GET', 'https://evil.example/2010-04-01/Accounts.json'],
    ['POST', 'https://evil.example/v1/CustomerProfiles/BU0123/Entities'],
    ['PUT', 'https://evil.example/v1/CustomerProfiles'],
    ['post', 'https://evil.example/v1/CustomerProfiles'],
    ['DELETE', 'https://evil.example/v1/CustomerProfiles/../../Accounts'],
    ['DELETE', 'https://evil.example/v1/CustomerProfiles'],
    ['POST', 'https://evil.example/v1/CustomerProfiles?Forward=1'],
    ['GET', 'https://evil.example/v1/CustomerProfiles/BU1?x=1'],
  ])('refuses %s %s, naming the case', (method, url) => {
    expect(() => routeOf(at(method, url))).toThrow(/^case #4: .* is not a route of the operation/);
    expect(() => replayRequest(at(method, url), { base: 'http://127.0.0.1:5', credentials: MOCK_CREDENTIALS })).toThrow(/not a route/);
  });
});

describe('bodyDiff', () => {
  it('names the JSON fields that changed (sid and dates aside), else where the text differs', () => {
    expect(bodyDiff('{"sid":"BU1","status":"draft"}', '{"sid":"BU2","status":"draft"}')).toBe('same body (sid, dates and url aside)');
    expect(bodyDiff('{"status":"draft","a":1}', '{"status":"pending","code":5}')).toBe('status: "draft" → "pending"; code: absent → 5; a: 1 → absent');
    expect(bodyDiff('oops here', 'oops there')).toBe('bodies differ from character 5: "here" → "there"');
    expect(bodyDiff(undefined, 'x')).toBe('no body recorded');
  });
});
