import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../contracts/exchange.ts';
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
