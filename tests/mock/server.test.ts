import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_AUTH, REFUSED_AUTH } from '../../contracts/exchange.ts';
import { validateCustomerProfile, validateCustomerProfileList, validateErrorEnvelope } from '../../contracts/validators.ts';
import { authorizationFor, type Credentials, knowsShape } from '../../engine/transport/credentials.ts';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY_SECRET,
  DEFAULT_API_KEY_SID,
  DEFAULT_AUTH_TOKEN,
  type MockServer,
  MockOptionError,
  startMock,
} from '../../mock/index.ts';

const POLICY = `RN${'a'.repeat(32)}`;
const OTHER_ACCOUNT = `AC${'b'.repeat(32)}`;
const OTHER_TOKEN = 'other-token';
const FORM = 'application/x-www-form-urlencoded';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
const DEFAULT_AUTH = basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function call(
  mock: MockServer,
  method: string,
  path: string,
  init: { body?: string; type?: string | null; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = init.auth === undefined ? DEFAULT_AUTH : init.auth;
  if (auth !== null) headers.authorization = auth;
  const type = init.type === undefined ? (init.body === undefined ? null : FORM) : init.type;
  if (type !== null) headers['content-type'] = type;
  const res = await fetch(`${mock.url}${path}`, { method, headers, body: init.body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the test looks at text
  }
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text, json };
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
const VALID = { FriendlyName: 'Acme Profile', Email: 'ops@example.com', PolicySid: POLICY };
const create = (mock: MockServer, body: string, init: { type?: string | null; auth?: string | null } = {}) =>
  call(mock, 'POST', '/v1/CustomerProfiles', { body, ...init });

function expectEnvelope(a: Answer, status: number, code: number, message?: string | RegExp): void {
  expect(a.status).toBe(status);
  expect(a.type).toMatch(/^application\/json/);
  expect(validateErrorEnvelope(a.json), a.text).toBe(true);
  expect(a.json).toMatchObject({ code, status, more_info: `https://www.twilio.com/docs/errors/${code}` });
  if (typeof message === 'string') expect(a.json.message).toBe(message);
  else if (message) expect(a.json.message).toMatch(message);
}

describe('the reference mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({
      accounts: [
        { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN },
        { accountSid: OTHER_ACCOUNT, authToken: OTHER_TOKEN },
      ],
      apiKeys: [{ sid: DEFAULT_API_KEY_SID, secret: DEFAULT_API_KEY_SECRET, accountSid: OTHER_ACCOUNT }],
      bodyLimit: 4096,
    });
  });
  afterAll(() => mock.close());

  describe('create', () => {
    it('answers a valid create with 201 and the full resource', async () => {
      const before = Math.floor(Date.now() / 1000) * 1000;
      const a = await create(mock, form({ ...VALID, StatusCallback: 'https://example.com/cb?x=1' }));
      const after = Date.now();
      expect(a.status).toBe(201);
      expect(a.type).toMatch(/^application\/json\b/);
      expect(validateCustomerProfile(a.json), a.text).toBe(true);
      const sid = a.json.sid as string;
      expect(sid).toMatch(/^BU[0-9a-f]{32}$/);
      const url = `${mock.url}/v1/CustomerProfiles/${sid}`;
      expect(a.json).toEqual({
        sid,
        account_sid: DEFAULT_ACCOUNT_SID,
        policy_sid: POLICY,
        friendly_name: 'Acme Profile',
        status: 'draft',
        email: 'ops@example.com',
        status_callback: 'https://example.com/cb?x=1',
        valid_until: null,
        date_created: a.json.date_created,
        date_updated: a.json.date_created,
        url,
        links: {
          customer_profiles_entity_assignments: `${url}/EntityAssignments`,
          customer_profiles_evaluations: `${url}/Evaluations`,
          customer_profiles_channel_endpoint_assignment: `${url}/ChannelEndpointAssignments`,
        },
        errors: null,
      });
      expect(a.json.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const created = Date.parse(a.json.date_created as string);
      expect(created).toBeGreaterThanOrEqual(before);
      expect(created).toBeLessThanOrEqual(after);
    });

    it('sets status_callback null when StatusCallback is absent, and ignores unknown parameters', async () => {
      const a = await create(mock, `${form(VALID)}&Unknown=1&email=lower`);
      expect(a.status).toBe(201);
      expect(a.json.status_callback).toBeNull();
      expect(a.json.email).toBe('ops@example.com');
      expect(a.json).not.toHaveProperty('Unknown');
    });

    it('gives every create a new sid', async () => {
      const sids = new Set<string>();
      for (let i = 0; i < 20; i++) sids.add((await create(mock, form(VALID))).json.sid as string);
      expect(sids.size).toBe(20);
    });

    it('decodes + as a space and percent-escapes of either case, including UTF-8', async () => {
      const a = await create(mock, `FriendlyName=a+b%2fc%2Fd%20%C3%A9%F0%9F%98%80&Email=x%2By%40example.com&PolicySid=${POLICY}`);
      expect(a.status).toBe(201);
      expect(a.json.friendly_name).toBe('a b/c/d é😀');
      expect(a.json.email).toBe('x+y@example.com');
    });

    it('echoes values exactly, surrounding and inner whitespace included', async () => {
      const a = await create(mock, form({ ...VALID, FriendlyName: '  two  spaces\tand tab ' }));
      expect(a.json.friendly_name).toBe('  two  spaces\tand tab ');
    });

    it.each([
      ['with charset', 'application/x-www-form-urlencoded; charset=utf-8'],
      ['in other case', 'Application/X-WWW-Form-URLEncoded; Charset=UTF-8'],
    ])('reads a form body %s', async (_label, type) => {
      expect((await create(mock, form(VALID), { type })).status).toBe(201);
    });

    it.each([
      ['a JSON body', 'application/json', JSON.stringify(VALID)],
      ['a form body sent as text/plain', 'text/plain', form(VALID)],
      ['a form body without Content-Type', null, form(VALID)],
      ['a form body sent as multipart', 'multipart/form-data; boundary=x', form(VALID)],
    ])('does not read %s: the parameters are missing', async (_label, type, body) => {
      const a = await create(mock, body, { type });
      expectEnvelope(a, 400, 20001, 'Missing required parameter FriendlyName in the post body');
    });

    it('uses the first value of a repeated parameter', async () => {
      const a = await create(mock, `${form(VALID)}&FriendlyName=second&Email=second%40example.com`);
      expect(a.status).toBe(201);
      expect(a.json).toMatchObject({ friendly_name: 'Acme Profile', email: 'ops@example.com' });
    });

    it('answers a form body over the limit with a 413 envelope', async () => {
      const a = await create(mock, `${form(VALID)}&Pad=${'x'.repeat(5000)}`);
      expectEnvelope(a, 413, 20413);
    });
  });

  describe('validation', () => {
    it.each([
      ['everything', {}, 'FriendlyName'],
      ['FriendlyName', { Email: 'e@x.com', PolicySid: POLICY }, 'FriendlyName'],
      ['Email', { FriendlyName: 'n', PolicySid: POLICY }, 'Email'],
      ['PolicySid', { FriendlyName: 'n', Email: 'e@x.com' }, 'PolicySid'],
      ['Email and PolicySid', { FriendlyName: 'n' }, 'Email'],
      ['an empty Email', { ...VALID, Email: '' }, 'Email'],
      ['an empty FriendlyName', { ...VALID, FriendlyName: '' }, 'FriendlyName'],
      ['an empty PolicySid', { ...VALID, PolicySid: '' }, 'PolicySid'],
    ])('names the first missing parameter when %s is missing', async (_label, fields, name) => {
      const a = await create(mock, form(fields));
      expectEnvelope(a, 400, 20001, `Missing required parameter ${name} in the post body`);
    });

    it.each([
      ['PolicySid too short', { ...VALID, PolicySid: 'RN123' }, 'PolicySid'],
      ['PolicySid with a wrong prefix', { ...VALID, PolicySid: `XX${'a'.repeat(32)}` }, 'PolicySid'],
      ['PolicySid not hex', { ...VALID, PolicySid: `RN${'g'.repeat(32)}` }, 'PolicySid'],
      ['PolicySid too long', { ...VALID, PolicySid: `${POLICY}a` }, 'PolicySid'],
      ['StatusCallback not a URI', { ...VALID, StatusCallback: 'not a url' }, 'StatusCallback'],
      ['StatusCallback empty', { ...VALID, StatusCallback: '' }, 'StatusCallback'],
    ])('refuses %s with 400 / 60200', async (_label, fields, name) => {
      const a = await create(mock, form(fields));
      expectEnvelope(a, 400, 60200, `Invalid parameter: ${name}`);
    });

    it('accepts an upper-case hex PolicySid', async () => {
      expect((await create(mock, form({ ...VALID, PolicySid: `RN${'A'.repeat(32)}` }))).status).toBe(201);
    });

    it('stores nothing for a refused create', async () => {
      const before = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000');
      await create(mock, form({ ...VALID, PolicySid: 'RN1' }));
      await create(mock, form({ FriendlyName: 'x' }));
      const after = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000');
      expect((after.json.results as unknown[]).length).toBe((before.json.results as unknown[]).length);
    });
  });

  describe('auth', () => {
    it.each([
      ['no credentials', null],
      ['a wrong token', basic(DEFAULT_ACCOUNT_SID, 'wrong')],
      ['an unknown account', basic(`AC${'c'.repeat(32)}`, DEFAULT_AUTH_TOKEN)],
      ['a wrong API key secret', basic(DEFAULT_API_KEY_SID, 'wrong')],
      ['a bearer token', `Bearer ${DEFAULT_AUTH_TOKEN}`],
      ['garbage', 'Basic !!!'],
    ])('refuses %s with 401 / 20003 before reading the body', async (_label, auth) => {
      const a = await create(mock, '', { auth });
      expectEnvelope(a, 401, 20003, 'Authenticate');
      expect(a.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    });

    it('checks auth on every route', async () => {
      for (const [method, path] of [
        ['GET', '/v1/CustomerProfiles'],
        ['GET', `/v1/CustomerProfiles/BU${'0'.repeat(32)}`],
        ['DELETE', `/v1/CustomerProfiles/BU${'0'.repeat(32)}`],
        ['GET', '/elsewhere'],
      ] as const) {
        const a = await call(mock, method, path, { auth: null });
        expect(a.status).toBe(401);
        expect(a.headers.get('www-authenticate'), `${method} ${path}`).toBe('Basic realm="Twilio API"');
      }
    });

    const KEY: Credentials = { accountSid: OTHER_ACCOUNT, username: DEFAULT_API_KEY_SID, password: DEFAULT_API_KEY_SECRET, kind: 'api-key' };
    const TOKEN: Credentials = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' };

    /** the mock's account as the embedded run knows it: both pairs, so the crossed ones are sent too */
    const BOTH: Credentials = { ...TOKEN, also: { apiKey: DEFAULT_API_KEY_SID, apiSecret: DEFAULT_API_KEY_SECRET } };

    it.each([TOKEN, KEY, BOTH])('refuses every wrong shape of the credential matrix with 401 / 20003 and a challenge ($kind)', async (creds) => {
      for (const mode of REFUSED_AUTH.filter((m) => knowsShape(m, creds))) {
        const a = await create(mock, form(VALID), { auth: authorizationFor(mode, creds) ?? null });
        expectEnvelope(a, 401, 20003, 'Authenticate');
        expect(a.headers.get('www-authenticate'), mode).toBe('Basic realm="Twilio API"');
      }
    });

    it.each([TOKEN, KEY])('accepts the scheme name in any case, and a colon inside the password ($kind)', async (creds) => {
      for (const mode of ACCEPTED_AUTH) {
        const a = await create(mock, form(VALID), { auth: authorizationFor(mode, creds)! });
        expect(a.status, mode).toBe(201);
        expect(a.json.account_sid).toBe(creds.accountSid);
      }
      const colon = await startMock({ accounts: [{ accountSid: DEFAULT_ACCOUNT_SID, authToken: 'to:ken' }] });
      try {
        expect((await create(colon, form(VALID), { auth: basic(DEFAULT_ACCOUNT_SID, 'to:ken') })).status).toBe(201);
        expect((await create(colon, form(VALID), { auth: basic(DEFAULT_ACCOUNT_SID, 'to') })).status).toBe(401);
      } finally {
        await colon.close();
      }
    });

    it('checks auth before the body size', async () => {
      const a = await create(mock, 'x'.repeat(10_000), { auth: null });
      expect(a.status).toBe(401);
    });

    it("accepts an API key acting for its account, and keeps each account's profiles apart", async () => {
      const byKey = await create(mock, form(VALID), { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) });
      expect(byKey.status).toBe(201);
      expect(byKey.json.account_sid).toBe(OTHER_ACCOUNT);
      const sid = byKey.json.sid as string;
      const asOther = await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, { auth: basic(OTHER_ACCOUNT, OTHER_TOKEN) });
      expect(asOther.json).toEqual(byKey.json);
      const asDefault = await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`);
      expectEnvelope(asDefault, 404, 20404);
      const list = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000');
      expect((list.json.results as { sid: string }[]).map((p) => p.sid)).not.toContain(sid);
      expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
    });
  });

  describe('read, delete, list', () => {
    it('reads a created profile back, deletes it (204, empty), then answers 404', async () => {
      const created = await create(mock, form(VALID));
      const path = `/v1/CustomerProfiles/${created.json.sid}`;
      const read = await call(mock, 'GET', path);
      expect(read.status).toBe(200);
      expect(read.json).toEqual(created.json);
      const del = await call(mock, 'DELETE', path);
      expect(del.status).toBe(204);
      expect(del.text).toBe('');
      expectEnvelope(await call(mock, 'GET', path), 404, 20404, `The requested resource ${path} was not found`);
      expectEnvelope(await call(mock, 'DELETE', path), 404, 20404);
    });

    it("updates the caller's own profile (POST to its path): what it is sent, every field it is not sent kept, date_created kept", async () => {
      const created = await create(mock, form({ ...VALID, StatusCallback: 'https://example.com/cb' }));
      const path = `/v1/CustomerProfiles/${created.json.sid}`;
      // a later second than the create's: date_updated moves, date_created does not
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const renamed = await call(mock, 'POST', path, { body: form({ FriendlyName: 'Renamed' }) });
      expect(renamed.status).toBe(200);
      expect(validateCustomerProfile(renamed.json), renamed.text).toBe(true);
      expect(renamed.json).toEqual({ ...created.json, friendly_name: 'Renamed', date_updated: renamed.json.date_updated });
      expect(Date.parse(renamed.json.date_updated as string)).toBeGreaterThan(Date.parse(created.json.date_created as string));
      expect((await call(mock, 'GET', path)).json).toEqual(renamed.json);
      // a StatusCallback the create refuses (a relative reference) the update refuses, and changes nothing
      expectEnvelope(await call(mock, 'POST', path, { body: form({ StatusCallback: '/status-callbacks/relative' }) }), 400, 60200);
      expect((await call(mock, 'GET', path)).json).toEqual(renamed.json);
      // a client submits a draft for review; the other statuses are not its to set
      expectEnvelope(await call(mock, 'POST', path, { body: form({ Status: 'twilio-approved' }) }), 400, 60200);
      expect((await call(mock, 'POST', path, { body: form({ Status: 'pending-review' }) })).json.status).toBe('pending-review');
      // no profile of the caller's: 404, by its sid never made and by another account
      expectEnvelope(await call(mock, 'POST', `/v1/CustomerProfiles/BU${'0'.repeat(32)}`, { body: form({ FriendlyName: 'x' }) }), 404, 20404);
      expectEnvelope(await call(mock, 'POST', path, { body: form({ FriendlyName: 'x' }), auth: basic(OTHER_ACCOUNT, OTHER_TOKEN) }), 404, 20404);
      expect((await call(mock, 'GET', path)).json.friendly_name).toBe('Renamed');
    });

    it('lists in Twilio paging shape with PageSize, Page and PageToken', async () => {
      const fresh = await startMock();
      try {
        const sids: string[] = [];
        for (let i = 0; i < 5; i++) sids.push((await create(fresh, form({ ...VALID, FriendlyName: `p${i}` }))).json.sid as string);
        const base = `${fresh.url}/v1/CustomerProfiles`;
        const first = await call(fresh, 'GET', '/v1/CustomerProfiles?PageSize=2');
        expect(first.status).toBe(200);
        expect(validateCustomerProfileList(first.json)).toBe(true);
        expect((first.json.results as { sid: string }[]).map((p) => p.sid)).toEqual(sids.slice(0, 2));
        expect(first.json.meta).toEqual({
          page: 0,
          page_size: 2,
          first_page_url: `${base}?PageSize=2&Page=0`,
          previous_page_url: null,
          url: `${base}?PageSize=2&Page=0`,
          next_page_url: `${base}?PageSize=2&Page=1&PageToken=PA2`,
          key: 'results',
        });
        // the token leads on after the last profile of the page
        const second = await call(fresh, 'GET', '/v1/CustomerProfiles?PageSize=2&Page=1&PageToken=PA2');
        expect((second.json.results as { sid: string }[]).map((p) => p.sid)).toEqual(sids.slice(2, 4));
        expect(second.json.meta).toMatchObject({ page: 1, url: `${base}?PageSize=2&Page=1&PageToken=PA2`, next_page_url: `${base}?PageSize=2&Page=2&PageToken=PA4` });
        const last = await call(fresh, 'GET', '/v1/CustomerProfiles?PageSize=2&Page=2');
        expect((last.json.results as { sid: string }[]).map((p) => p.sid)).toEqual(sids.slice(4));
        expect(last.json.meta).toMatchObject({ page: 2, previous_page_url: `${base}?PageSize=2&Page=1`, next_page_url: null });
        for (const r of last.json.results as unknown[]) expect(validateCustomerProfile(r)).toBe(true);

        const all = await call(fresh, 'GET', '/v1/CustomerProfiles');
        expect(all.json.meta).toMatchObject({ page: 0, page_size: 50, next_page_url: null, url: `${base}?PageSize=50&Page=0` });
        expect((all.json.results as unknown[]).length).toBe(5);

        const filtered = await call(fresh, 'GET', '/v1/CustomerProfiles?FriendlyName=p3&Status=draft');
        expect((filtered.json.results as { sid: string }[]).map((p) => p.sid)).toEqual([sids[3]]);
        expect((filtered.json.meta as { url: string }).url).toBe(`${base}?Status=draft&FriendlyName=p3&PageSize=50&Page=0`);
      } finally {
        await fresh.close();
      }
    });

    it('a walk by next_page_url neither skips nor repeats a profile when earlier ones are deleted or new ones created meanwhile', async () => {
      const fresh = await startMock();
      try {
        const sids: string[] = [];
        for (let i = 0; i < 6; i++) sids.push((await create(fresh, form({ ...VALID, FriendlyName: `w${i}` }))).json.sid as string);
        const walked: string[] = [];
        let path: string | null = '/v1/CustomerProfiles?PageSize=2';
        while (path) {
          const page = await call(fresh, 'GET', path);
          walked.push(...(page.json.results as { sid: string }[]).map((p) => p.sid));
          // another user of the account deletes the first profile shown and creates one
          if (walked.length === 2) {
            expect((await call(fresh, 'DELETE', `/v1/CustomerProfiles/${walked[0]}`)).status).toBe(204);
            sids.push((await create(fresh, form({ ...VALID, FriendlyName: 'late' }))).json.sid as string);
          }
          const next = (page.json.meta as { next_page_url: string | null }).next_page_url;
          path = next ? next.slice(next.indexOf('/v1/')) : null;
        }
        expect(walked).toEqual(sids);
      } finally {
        await fresh.close();
      }
    });

    it.each(['Page=2147483648', 'Page=9007199254740991', 'Status=twilio-approved', 'FriendlyName=%25'])('answers the list query %s, which the operation allows, with an empty page', async (query) => {
      const a = await call(mock, 'GET', `/v1/CustomerProfiles?${query}`);
      expect(a.status).toBe(200);
      expect(a.json.results).toEqual([]);
    });

    it.each(['PageSize=0', 'PageSize=1001', 'PageSize=abc', 'Page=-1', 'Page=9007199254740992', 'Status=DRAFT', 'PolicySid=RN1', 'PageToken=xyz'])(
      'refuses the list query %s with a 400 envelope',
      async (query) => {
        expectEnvelope(await call(mock, 'GET', `/v1/CustomerProfiles?${query}`), 400, 60200, /^Invalid parameter: /);
      },
    );
  });

  describe('routing', () => {
    it.each([
      ['GET', '/v1/Nothing'],
      ['POST', '/v1/CustomerProfile'],
      ['GET', '/v1/CustomerProfiles/BU1/Extra'],
    ])('answers %s %s with a 404 envelope naming the path', async (method, path) => {
      expectEnvelope(await call(mock, method, path), 404, 20404, `The requested resource ${path} was not found`);
    });

    it('answers an unknown sid of any length with 404 after auth', async () => {
      const path = `/v1/CustomerProfiles/BU${'f'.repeat(300)}`;
      expectEnvelope(await call(mock, 'GET', path), 404, 20404, `The requested resource ${path} was not found`);
      expect((await call(mock, 'GET', path, { auth: null })).status).toBe(401);
    });

    it('answers a path with a broken percent-escape with a 400 envelope', async () => {
      expectEnvelope(await call(mock, 'GET', '/v1/CustomerProfiles/%zz'), 400, 20400);
    });

    it('answers a request HTTP cannot parse with an envelope, then closes', async () => {
      const socket = connect(mock.port, '127.0.0.1');
      socket.write('NOT HTTP\r\n\r\n');
      let raw = '';
      socket.setEncoding('utf8').on('data', (d: string) => {
        raw += d;
      });
      await new Promise((resolve) => socket.on('close', resolve));
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      expect(validateErrorEnvelope(body)).toBe(true);
      expect(body).toMatchObject({ status: 400, code: 20400 });
    });

    it.each([
      ['PUT', '/v1/CustomerProfiles', 'GET, POST'],
      ['PATCH', '/v1/CustomerProfiles', 'GET, POST'],
      ['DELETE', '/v1/CustomerProfiles', 'GET, POST'],
      ['PUT', `/v1/CustomerProfiles/BU${'0'.repeat(32)}`, 'GET, POST, DELETE'],
      ['PATCH', `/v1/CustomerProfiles/BU${'0'.repeat(32)}`, 'GET, POST, DELETE'],
    ])('answers %s %s with a 405 envelope', async (method, path, allow) => {
      const a = await call(mock, method, path);
      expectEnvelope(a, 405, 20004);
      expect(a.headers.get('allow')).toBe(allow);
    });
  });
});

describe('mock options', () => {
  it('builds url and links from publicBaseUrl', async () => {
    const mock = await startMock({ publicBaseUrl: 'https://trusthub.example.test/' });
    try {
      expect(mock.publicBaseUrl).toBe('https://trusthub.example.test');
      const a = await create(mock, form(VALID));
      expect(a.json.url).toBe(`https://trusthub.example.test/v1/CustomerProfiles/${a.json.sid}`);
    } finally {
      await mock.close();
    }
  });

  it('refuses a well-formed but unknown PolicySid when knownPolicies is given, and learns one with addPolicy', async () => {
    const other = `RN${'b'.repeat(32)}`;
    const mock = await startMock({ knownPolicies: [POLICY] });
    try {
      expect((await create(mock, form(VALID))).status).toBe(201);
      expectEnvelope(await create(mock, form({ ...VALID, PolicySid: other })), 400, 60200, /^Invalid parameter: PolicySid/);
      mock.addPolicy(other);
      expect((await create(mock, form({ ...VALID, PolicySid: other }))).status).toBe(201);
      expect(() => mock.addPolicy('RN1')).toThrow(/RN/);
    } finally {
      await mock.close();
    }
  });

  it('evicts the oldest profile beyond maxProfiles', async () => {
    const mock = await startMock({ maxProfiles: 2 });
    try {
      const sids: string[] = [];
      for (let i = 0; i < 3; i++) sids.push((await create(mock, form(VALID))).json.sid as string);
      expect(mock.profileCount()).toBe(2);
      expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sids[0]}`)).status).toBe(404);
      expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sids[2]}`)).status).toBe(200);
      mock.clearProfiles();
      expect(mock.profileCount()).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('serves the default API key for the default account', async () => {
    const mock = await startMock();
    try {
      const a = await create(mock, form(VALID), { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) });
      expect(a.status).toBe(201);
      expect(a.json.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    } finally {
      await mock.close();
    }
  });

  it.each([
    [{ accounts: [{ accountSid: 'AC123', authToken: 't' }] }, /accounts\[0\]\.accountSid/],
    [{ accounts: [{ accountSid: DEFAULT_ACCOUNT_SID, authToken: '' }] }, /accounts\[0\]\.authToken/],
    [{ apiKeys: [{ sid: 'SK1', secret: 's', accountSid: DEFAULT_ACCOUNT_SID }] }, /apiKeys\[0\]\.sid/],
    [{ apiKeys: [{ sid: DEFAULT_API_KEY_SID, secret: 's', accountSid: OTHER_ACCOUNT }] }, /apiKeys\[0\]\.accountSid .* not one of/],
    [{ knownPolicies: [POLICY, 'RNxyz'] }, /knownPolicies\[1\]/],
    [{ fault: 'no-such-fault' }, /unknown fault "no-such-fault"/],
    [{ port: 70_000 }, /port/],
    [{ maxProfiles: 0 }, /maxProfiles/],
    [{ bodyLimit: 1.5 }, /bodyLimit/],
    [{ publicBaseUrl: 'not a url' }, /publicBaseUrl/],
  ])('refuses bad options with an error naming the option (%o)', async (options, message) => {
    await expect(startMock(options)).rejects.toThrow(MockOptionError);
    await expect(startMock(options)).rejects.toThrow(message);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const first = await startMock();
    try {
      await expect(startMock({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('stops serving after close, and close can be called twice', async () => {
    const mock = await startMock();
    await mock.close();
    await mock.close();
    await expect(fetch(`${mock.url}/v1/CustomerProfiles`)).rejects.toThrow();
  });
});
