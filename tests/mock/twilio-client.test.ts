import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY_SECRET,
  DEFAULT_API_KEY_SID,
  DEFAULT_AUTH_TOKEN,
  type MockServer,
  startMock,
} from '../../mock/index.ts';

const POLICY = `RN${'0123456789abcdef'.repeat(2)}`;

/** The official helper library, pointed at the mock instead of trusthub.twilio.com. */
function client(mock: MockServer, username = DEFAULT_ACCOUNT_SID, password = DEFAULT_AUTH_TOKEN, accountSid?: string) {
  const c = twilio(username, password, accountSid ? { accountSid } : {});
  // never let TWILIO_EDGE / TWILIO_REGION from the environment rewrite the host
  c.edge = undefined;
  c.region = undefined;
  c.trusthub.baseUrl = mock.url;
  return c;
}

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof twilio.RestException>> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(twilio.RestException);
  return err as InstanceType<typeof twilio.RestException>;
}

describe('the official twilio client against the mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());

  it('creates a profile and reads every field', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const p = await client(mock).trusthub.v1.customerProfiles.create({
      friendlyName: 'Acme + Co / Ünïcode 😀',
      email: 'ops+tag@example.com',
      policySid: POLICY,
      statusCallback: 'https://example.com/status?x=1&y=2',
    });
    expect(p.sid).toMatch(/^BU[0-9a-f]{32}$/);
    expect(p.accountSid).toBe(DEFAULT_ACCOUNT_SID);
    expect(p.policySid).toBe(POLICY);
    expect(p.friendlyName).toBe('Acme + Co / Ünïcode 😀');
    expect(p.status).toBe('draft');
    expect(p.validUntil).toBeNull();
    expect(p.email).toBe('ops+tag@example.com');
    expect(p.statusCallback).toBe('https://example.com/status?x=1&y=2');
    expect(p.dateCreated).toBeInstanceOf(Date);
    expect(p.dateCreated.getTime()).toBeGreaterThanOrEqual(before);
    expect(p.dateUpdated.getTime()).toBe(p.dateCreated.getTime());
    expect(p.url).toBe(`${mock.url}/v1/CustomerProfiles/${p.sid}`);
    expect(p.links).toEqual({
      customer_profiles_entity_assignments: `${p.url}/EntityAssignments`,
      customer_profiles_evaluations: `${p.url}/Evaluations`,
      customer_profiles_channel_endpoint_assignment: `${p.url}/ChannelEndpointAssignments`,
    });
    expect(p.errors).toBeNull();
  });

  it('fetches, lists across pages and removes', async () => {
    const c = client(mock);
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await c.trusthub.v1.customerProfiles.create({ friendlyName: `page-${i}`, email: 'e@example.com', policySid: POLICY }));
    }
    const fetched = await c.trusthub.v1.customerProfiles(created[1]!.sid).fetch();
    expect(fetched.toJSON()).toEqual(created[1]!.toJSON());

    const listed = await c.trusthub.v1.customerProfiles.list({ pageSize: 2 });
    const sids = listed.map((p) => p.sid);
    for (const p of created) expect(sids).toContain(p.sid);

    expect(await c.trusthub.v1.customerProfiles(created[0]!.sid).remove()).toBe(true);
    const gone = await refusal(c.trusthub.v1.customerProfiles(created[0]!.sid).fetch());
    expect(gone).toMatchObject({ status: 404, code: 20404 });
  });

  it('authenticates with an API key acting for its account', async () => {
    const c = client(mock, DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET, DEFAULT_ACCOUNT_SID);
    const p = await c.trusthub.v1.customerProfiles.create({ friendlyName: 'by key', email: 'e@example.com', policySid: POLICY });
    expect(p.accountSid).toBe(DEFAULT_ACCOUNT_SID);
  });

  it('surfaces a malformed PolicySid as a RestException', async () => {
    const err = await refusal(
      client(mock).trusthub.v1.customerProfiles.create({ friendlyName: 'n', email: 'e@example.com', policySid: 'RN123' }),
    );
    expect(err.status).toBe(400);
    expect(err.code).toBe(60200);
    expect(err.message).toBe('Invalid parameter: PolicySid');
    expect(err.moreInfo).toBe('https://www.twilio.com/docs/errors/60200');
  });

  it('surfaces an empty Email as a missing parameter', async () => {
    const err = await refusal(client(mock).trusthub.v1.customerProfiles.create({ friendlyName: 'n', email: '', policySid: POLICY }));
    expect(err.status).toBe(400);
    expect(err.code).toBe(20001);
    expect(err.message).toBe('Missing required parameter Email in the post body');
  });

  it('surfaces a wrong auth token as 401 / 20003', async () => {
    const err = await refusal(
      client(mock, DEFAULT_ACCOUNT_SID, 'wrong').trusthub.v1.customerProfiles.create({
        friendlyName: 'n',
        email: 'e@example.com',
        policySid: POLICY,
      }),
    );
    expect(err.status).toBe(401);
    expect(err.code).toBe(20003);
    expect(err.message).toBe('Authenticate');
  });
});
