import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../contracts/exchange.ts';
import { basicAuth } from '../../../engine/transport/credentials.ts';
import { createRequest, sentRequest } from '../../../engine/transport/request.ts';

const creds = { accountSid: `AC${'0'.repeat(32)}`, username: `AC${'0'.repeat(32)}`, password: 'secret', kind: 'auth-token' as const };
const tc: TestCase = { category: 'value-space', label: 'x', expect: 'either', fields: {}, contentType: 'application/x-www-form-urlencoded', body: 'Email=a', auth: 'valid' };

describe('createRequest', () => {
  it('POSTs to the collection, with the case query string when it has one, exactly as encoded', () => {
    expect(createRequest('http://127.0.0.1:4010/', creds, tc).url).toBe('http://127.0.0.1:4010/v1/CustomerProfiles');
    const req = createRequest('http://127.0.0.1:4010', creds, { ...tc, query: 'FriendlyName=Twin+Corp&Status=twilio-approved' });
    expect(req).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:4010/v1/CustomerProfiles?FriendlyName=Twin+Corp&Status=twilio-approved', body: 'Email=a' });
    expect(sentRequest(req).url).toBe(req.url);
  });
});

describe("the caller's credentials in Proxy-Authorization", () => {
  it('go in that header, with no Authorization, and reports show them redacted', () => {
    const req = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'none', credentialsInProxyAuthorization: true });
    expect(req.headers['proxy-authorization']).toBe(basicAuth(creds.username, creds.password));
    expect(req.headers.authorization).toBeUndefined();
    expect(sentRequest(req).headers['proxy-authorization']).toBe('Basic [redacted]');
    expect(JSON.stringify(sentRequest(req))).not.toContain(Buffer.from(`${creds.username}:${creds.password}`).toString('base64'));
    // not without the flag
    expect(createRequest('http://127.0.0.1:4010', creds, tc).headers['proxy-authorization']).toBeUndefined();
  });

  it('are not sent through a proxy the run is configured with (its credentials are its own): the request goes with none', () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://127.0.0.1:3128';
    try {
      const req = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'none', credentialsInProxyAuthorization: true });
      expect(req.headers['proxy-authorization']).toBeUndefined();
      expect(req.headers.authorization).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});

describe("the caller's credentials outside Authorization", () => {
  it('go in the query (after the case query, if any) with query-credentials, and in the key headers with api-key-headers; no Authorization either way', () => {
    const queried = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'query-credentials', query: 'Status=draft' });
    expect(queried.url).toBe(`http://127.0.0.1:4010/v1/CustomerProfiles?Status=draft&AccountSid=${creds.username}&AuthToken=secret`);
    expect(createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'query-credentials' }).url).toBe(`http://127.0.0.1:4010/v1/CustomerProfiles?AccountSid=${creds.username}&AuthToken=secret`);
    const keyed = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'api-key-headers' });
    expect([keyed.headers['x-api-key'], keyed.headers['api-key'], keyed.url]).toEqual([`${creds.username}:secret`, 'secret', 'http://127.0.0.1:4010/v1/CustomerProfiles']);
    for (const req of [queried, keyed]) expect(req.headers.authorization).toBeUndefined();
  });

  it('reports show the key headers redacted whole; a key header the caller gave is sent as given', () => {
    const keyed = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'api-key-headers' });
    expect(sentRequest(keyed).headers).toMatchObject({ 'x-api-key': '[redacted]', 'api-key': '[redacted]' });
    const given = createRequest('http://127.0.0.1:4010', creds, { ...tc, auth: 'api-key-headers' }, { 'x-api-key': 'gateway-key' });
    expect([given.headers['x-api-key'], given.headers['api-key']]).toEqual(['gateway-key', 'secret']);
  });
});
