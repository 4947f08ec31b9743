import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, findCheckInfo } from '../../contracts/catalog.ts';
import { validateCustomerProfile, validateCustomerProfileList, validateErrorEnvelope } from '../../contracts/validators.ts';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY_SECRET,
  DEFAULT_API_KEY_SID,
  DEFAULT_AUTH_TOKEN,
  DEFAULT_SECOND_ACCOUNT_SID,
  DEFAULT_SECOND_AUTH_TOKEN,
  FAULT_NAMES,
  FAULTS,
  type FaultName,
  FIXED_OTHER_ACCOUNT_SID,
  type MockServer,
  startMock,
} from '../../mock/index.ts';
import { PURGE_AFTER_MS } from '../../mock/delete-faults.ts';
import { KEYWORD_IGNORE_ABOVE } from '../../mock/list.ts';

const POLICY = `RN${'a'.repeat(32)}`;
const AUTH = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;
const VALID = { FriendlyName: 'Acme', Email: 'ops@example.com', PolicySid: POLICY };

interface Answer {
  status: number;
  type: string;
  /** the WWW-Authenticate header, null when absent */
  challenge: string | null;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

async function call(
  mock: MockServer,
  method: string,
  path: string,
  body?: string,
  { type = 'application/x-www-form-urlencoded', auth = AUTH as string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = type;
  const res = await fetch(`${mock.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', challenge: res.headers.get('www-authenticate'), headers: res.headers, text, json };
}

/** The raw answer: bytes as they came (fetch's text() would drop a byte order mark) and the headers. */
async function raw(mock: MockServer, body = form(VALID), type = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': type }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: JSON.parse(bytes.toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '')) as Record<string, unknown> };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** Any request, its answer with every header (with the caller's credentials unless `auth` says otherwise). */
const send = (mock: MockServer, method: string, path: string, { auth = AUTH as string | null, body = undefined as string | undefined } = {}) =>
  call(mock, method, path, body, { auth });
/** The results of a list answer, and an object member of an answer ({} when absent). */
const resultsOf = (a: { json?: Record<string, unknown> }) => (a.json?.results ?? []) as Array<Record<string, unknown>>;
const memberOf = (a: { json?: Record<string, unknown> } | undefined, name: string) => (a?.json?.[name] ?? {}) as Record<string, unknown>;
/** A profile created, and the path of it. */
const profilePath = async (mock: MockServer) => `/v1/CustomerProfiles/${(await create(mock)).json?.sid}`;
const UNKNOWN_PATH = `/v1/CustomerProfiles/BU${'0'.repeat(32)}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** a valid create with the given Authorization header (null: none) */
const post = (mock: MockServer, auth: string | null) => call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth });
/** A valid create sent with `accept`, as a client sends it. */
const postAccepting = (mock: MockServer, accept: string) =>
  fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', accept }, body: form(VALID) });
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const OTHER_SID = `AC${'0'.repeat(32)}`;
const UNKNOWN_KEY = `SK${'0'.repeat(32)}`;
const create = (mock: MockServer, fields: Record<string, string> = VALID) => call(mock, 'POST', '/v1/CustomerProfiles', form(fields));

/** Every URL the mock gives is under `base`: the create's url and links, a fetch's, a list page's meta URLs. */
async function baseIn(mock: MockServer, base: string): Promise<void> {
  const a = await create(mock);
  const url = `${base}/v1/CustomerProfiles/${a.json?.sid}`;
  expect(a.json?.url).toBe(url);
  expect((a.json?.links as Record<string, string> | undefined)?.customer_profiles_evaluations).toBe(`${url}/Evaluations`);
  expect((await call(mock, 'GET', `/v1/CustomerProfiles/${a.json?.sid}`)).json?.url).toBe(url);
  const meta = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1')).json?.meta as Record<string, string>;
  expect(meta.url).toBe(`${base}/v1/CustomerProfiles?PageSize=1&Page=0`);
  expect(mock.publicBaseUrl).toBe(mock.url);
}
const listSize = async (mock: MockServer) =>
  ((await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json?.results as unknown[] | undefined)?.length;

/**
 * One probe per fault: it asserts the faulty behaviour. Each probe is also run against the faithful
 * mock, where it must fail, so every probe shows an observable difference the fault makes.
 */
const PROBES: Record<FaultName, (mock: MockServer) => Promise<void>> = {
  'status-200': async (mock) => {
    const a = await create(mock);
    expect(a.status).toBe(200);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'text-content-type': async (mock) => {
    const a = await create(mock);
    expect(a.status).toBe(201);
    expect(a.type).toMatch(/^text\/plain/);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'bad-sid-prefix': async (mock) => {
    const a = await create(mock);
    expect(a.json?.sid).toMatch(/^XX[0-9a-f]{32}$/);
    expect(validateCustomerProfile(a.json)).toBe(false);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${a.json?.sid}`)).status).toBe(200);
  },
  'missing-date-created': async (mock) => {
    const a = await create(mock);
    expect(a.status).toBe(201);
    expect(a.json).not.toHaveProperty('date_created');
    expect(a.json?.date_updated).toMatch(/Z$/);
    expect(validateCustomerProfile(a.json)).toBe(false);
  },
  'status-enum-case': async (mock) => {
    const a = await create(mock);
    expect(a.json?.status).toBe('DRAFT');
    expect(validateCustomerProfile(a.json)).toBe(false);
  },
  'crash-on-astral': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: 'caf\u00e9 \u4e2d' })).status).toBe(201);
    const a = await create(mock, { ...VALID, FriendlyName: 'party \u{1F389}' });
    expect(a.status).toBe(500);
    expect(a.json).toMatchObject({ code: 20500, status: 500 });
  },
  'leak-token': async (mock) => {
    const a = await create(mock);
    expect(a.status).toBe(201);
    expect(a.text).toContain(DEFAULT_AUTH_TOKEN);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'email-optional': async (mock) => {
    const a = await create(mock, { FriendlyName: 'Acme', PolicySid: POLICY });
    expect(a.status).toBe(201);
    expect(a.json?.email).toBeNull();
    expect(validateCustomerProfile(a.json)).toBe(true);
    expect((await create(mock, { Email: 'e@x.com', PolicySid: POLICY })).json?.code).toBe(20001);
  },
  'policy-pattern-unchecked': async (mock) => {
    const a = await create(mock, { ...VALID, PolicySid: 'RN123' });
    expect(a.status).toBe(201);
    expect(validateCustomerProfile(a.json)).toBe(true);
    expect((await create(mock, { FriendlyName: 'n', Email: 'e@x.com' })).status).toBe(400);
  },
  'plain-text-errors': async (mock) => {
    const a = await create(mock, { FriendlyName: 'x' });
    expect(a.status).toBe(400);
    expect(a.type).toMatch(/^text\/plain/);
    expect(a.json).toBeUndefined();
    expect(validateErrorEnvelope((await call(mock, 'GET', '/v1/Nowhere')).json)).toBe(true);
  },
  'envelope-status-200': async (mock) => {
    const a = await create(mock, { FriendlyName: 'x' });
    expect(a.status).toBe(400);
    expect(a.json).toMatchObject({ code: 20001, status: 200 });
  },
  'auth-bypass': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: null });
    expect(a.status).toBe(201);
    expect(a.json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    const wrong = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:wrong`).toString('base64')}`;
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: wrong })).status).toBe(401);
  },
  'stores-rejected': async (mock) => {
    const before = await listSize(mock);
    expect((await create(mock, { ...VALID, PolicySid: 'RN1' })).status).toBe(400);
    expect(await listSize(mock)).toBe((before ?? Number.NaN) + 1);
  },
  'wrong-missing-code': async (mock) => {
    const a = await create(mock, { FriendlyName: 'x', PolicySid: POLICY });
    expect(a.status).toBe(400);
    expect(a.json).toMatchObject({
      code: 21000,
      message: 'Missing required parameter Email in the post body',
      more_info: 'https://www.twilio.com/docs/errors/21000',
    });
  },
  'trims-friendly-name': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: '  Acme \t Corp  ' })).json?.friendly_name).toBe('Acme Corp');
  },
  'plus-not-space': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `FriendlyName=Acme+Corp%20Ltd&Email=e%40x.com&PolicySid=${POLICY}`);
    expect(a.json?.friendly_name).toBe('Acme+Corp Ltd');
  },
  'wrong-url': async (mock) => {
    const a = await create(mock);
    const url = `${mock.url}/v1/CustomerProfile/${a.json?.sid}`;
    expect(a.json?.url).toBe(url);
    expect((a.json?.links as Record<string, string> | undefined)?.customer_profiles_evaluations).toBe(`${url}/Evaluations`);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'fixed-account': async (mock) => {
    const a = await create(mock);
    expect(a.json?.account_sid).toBe(FIXED_OTHER_ACCOUNT_SID);
    expect(FIXED_OTHER_ACCOUNT_SID).not.toBe(DEFAULT_ACCOUNT_SID);
  },
  'local-time': async (mock) => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const a = await create(mock);
    const after = Date.now();
    expect(a.json?.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);
    const instant = Date.parse(a.json?.date_created as string);
    expect(instant).toBeGreaterThanOrEqual(before);
    expect(instant).toBeLessThanOrEqual(after);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'policy-secondary-created-in-review': async (mock) => {
    expect((await create(mock, { ...VALID, PolicySid: 'RNdfbf3fae0e1107f8aded0e7cead80bf5' })).json?.status).toBe('in-review');
    expect((await create(mock)).json?.status).toBe('draft');
  },
  'status-pending': async (mock) => {
    const a = await create(mock);
    expect(a.json?.status).toBe('pending-review');
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'reused-sid': async (mock) => {
    const first = await create(mock);
    const second = await create(mock);
    expect(second.json?.sid).toBe(first.json?.sid);
    expect(validateCustomerProfile(second.json)).toBe(true);
  },
  'json-suffix-media-type-read': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/vnd.api+json' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ friendly_name: 'Acme', email: 'ops@example.com' });
    // JSON under application/json is still not read
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/json' })).status).toBe(400);
  },
  'reads-json': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/json' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ friendly_name: 'Acme', email: 'ops@example.com', policy_sid: POLICY });
  },
  'delete-noop': async (mock) => {
    const path = `/v1/CustomerProfiles/${(await create(mock)).json?.sid}`;
    expect((await call(mock, 'DELETE', path)).status).toBe(204);
    expect((await call(mock, 'GET', path)).status).toBe(200);
  },
  'wrong-auth-code': async (mock) => {
    const a = await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: null });
    expect(a.status).toBe(401);
    expect(a.json).toMatchObject({ code: 20005, status: 401, more_info: 'https://www.twilio.com/docs/errors/20005' });
  },
  'more-info-wrong': async (mock) => {
    const a = await call(mock, 'GET', '/v1/Nowhere');
    expect(a.status).toBe(404);
    expect(a.json?.more_info).not.toBe('https://www.twilio.com/docs/errors/20404');
    expect(validateErrorEnvelope(a.json)).toBe(true);
  },  // credentials: each probe sends the shape the fault wrongly accepts (or answers wrongly), and checks a right one still works
  'any-token-for-known-sid': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, 'not-the-token'))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, 'not-the-secret'))).status).toBe(201);
    expect((await post(mock, basic(OTHER_SID, DEFAULT_AUTH_TOKEN))).status).toBe(401);
  },
  'empty-password-accepted': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, ''))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, 'x'))).status).toBe(401);
  },
  'empty-user-default-account': async (mock) => {
    expect((await post(mock, basic('', DEFAULT_AUTH_TOKEN))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await post(mock, basic('', 'x'))).status).toBe(401);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, 'x'))).status).toBe(401);
  },
  'token-prefix-compare': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN.slice(0, -1)))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN}x`))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, ''))).status).toBe(401);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN.slice(0, -1)}x`))).status).toBe(401);
  },
  'any-sid-for-known-token': async (mock) => {
    expect((await post(mock, basic(OTHER_SID, DEFAULT_AUTH_TOKEN))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await post(mock, basic(UNKNOWN_KEY, DEFAULT_AUTH_TOKEN))).status).toBe(401);
  },
  'unknown-key-accepted': async (mock) => {
    expect((await post(mock, basic(UNKNOWN_KEY, DEFAULT_API_KEY_SECRET))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await post(mock, basic(UNKNOWN_KEY, DEFAULT_AUTH_TOKEN))).status).toBe(201);
    expect((await post(mock, basic(OTHER_SID, DEFAULT_AUTH_TOKEN))).status).toBe(401);
  },
  'malformed-basic-400': async (mock) => {
    for (const auth of ['Basic', 'Basic !!!!', `Basic ${Buffer.from(DEFAULT_ACCOUNT_SID).toString('base64')}`]) {
      const a = await post(mock, auth);
      expect(a.status, auth).toBe(400);
      expect(validateErrorEnvelope(a.json)).toBe(true);
    }
    expect((await post(mock, 'Bearer x')).status).toBe(401);
  },
  'bearer-accepted': async (mock) => {
    expect((await post(mock, `Bearer ${DEFAULT_AUTH_TOKEN}`)).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await post(mock, 'Bearer not-a-secret')).status).toBe(401);
  },
  'scheme-ignored': async (mock) => {
    expect((await post(mock, AUTH.replace(/^Basic/, 'Bearer'))).status).toBe(201);
    expect((await post(mock, `Bearer ${DEFAULT_AUTH_TOKEN}`)).status).toBe(401);
  },
  'api-key-account-from-user': async (mock) => {
    const made = await post(mock, basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET));
    expect([made.status, made.json?.account_sid]).toEqual([201, DEFAULT_API_KEY_SID]);
    const path = `/v1/CustomerProfiles/${made.json?.sid}`;
    expect((await send(mock, 'GET', path)).status).toBe(404);
    expect((await send(mock, 'GET', path, { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) })).status).toBe(200);
  },
  'rows-scoped-by-principal': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const made = await post(mock, key.auth);
    expect([made.status, made.json?.account_sid]).toEqual([201, DEFAULT_ACCOUNT_SID]);
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`)).status).toBe(404);
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`, key)).status).toBe(200);
    const mine = await create(mock);
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${mine.json?.sid}`, key)).status).toBe(404);
  },
  'api-key-no-delete': async (mock) => {
    const mine = await create(mock);
    const path = `/v1/CustomerProfiles/${mine.json?.sid}`;
    expect((await send(mock, 'DELETE', path, { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) })).status).toBe(403);
    expect((await send(mock, 'GET', path)).status).toBe(200);
  },
  'api-key-list-401': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    expect((await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1', key)).status).toBe(401);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1')).status).toBe(200);
    expect((await post(mock, key.auth)).status).toBe(201);
  },
  'api-key-later-pages-401': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    await create(mock);
    await create(mock);
    const first = await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1', key);
    expect(first.status).toBe(200);
    const next = new URL(String(memberOf(first, 'meta').next_page_url));
    expect((await send(mock, 'GET', `${next.pathname}${next.search}`, key)).status).toBe(401);
    expect((await send(mock, 'GET', `${next.pathname}${next.search}`)).status).toBe(200);
  },
  'list-policy-filter-ci': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    // the policy's hex letters in the other case name another string, yet the list by it shows the profile
    const other = POLICY.slice(0, 2) + POLICY.slice(2).replace(/[a-f]/g, (c) => c.toUpperCase());
    expect(other).not.toBe(POLICY);
    expect(resultsOf(await send(mock, 'GET', `/v1/CustomerProfiles?PolicySid=${other}&PageSize=1000`)).map((p) => p.sid)).toContain(sid);
  },
  'fetch-cache-per-credential': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const path = await profilePath(mock);
    // the Auth Token reads it (kept for it), the key deletes it: the key reads 404, the Auth Token still 200
    expect((await send(mock, 'GET', path)).status).toBe(200);
    expect((await send(mock, 'DELETE', path, key)).status).toBe(204);
    expect((await send(mock, 'GET', path, key)).status).toBe(404);
    expect((await send(mock, 'GET', path)).status).toBe(200);
  },
  'list-cache-per-credential': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const query = '/v1/CustomerProfiles?PageSize=999';
    const sids = async (auth?: { auth: string }) => resultsOf(await send(mock, 'GET', query, auth)).map((p) => p.sid);
    const sid = (await create(mock)).json?.sid;
    // the Auth Token's page kept; the key deletes: the key's own list is fresh, the Auth Token's still shows the profile
    expect(await sids()).toContain(sid);
    expect(await sids(key)).toContain(sid);
    expect((await send(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`, key)).status).toBe(204);
    expect(await sids(key)).not.toContain(sid);
    expect(await sids()).toContain(sid);
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
    // a create with the key is missing from the Auth Token's kept page; the Auth Token's own write purges it
    const made = (await post(mock, key.auth)).json?.sid;
    expect(await sids()).not.toContain(made);
    await create(mock);
    expect(await sids()).toEqual(expect.arrayContaining([made]));
    expect(await sids()).not.toContain(sid);
  },
  // the API key's own path (mock/api-key-faults.ts): the key gets it wrong, the Auth Token right
  'api-key-drops-status-callback': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const fields = { ...VALID, StatusCallback: 'https://example.com/cb' };
    const byKey = await call(mock, 'POST', '/v1/CustomerProfiles', form(fields), key);
    expect([byKey.status, byKey.json?.status_callback]).toEqual([201, null]);
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${byKey.json?.sid}`)).json?.status_callback).toBeNull();
    expect((await create(mock, fields)).json?.status_callback).toBe('https://example.com/cb');
  },
  'api-key-422-validation': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const { FriendlyName: _, ...unnamed } = VALID;
    const byKey = await call(mock, 'POST', '/v1/CustomerProfiles', form(unnamed), key);
    expect([byKey.status, byKey.json]).toEqual([422, { errors: [{ field: 'FriendlyName', message: 'is required' }] }]);
    expect(validateErrorEnvelope(byKey.json)).toBe(false);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, PolicySid: 'RN123' }), key)).json).toEqual({ errors: [{ field: 'PolicySid', message: 'is invalid' }] });
    const byToken = await create(mock, unnamed);
    expect([byToken.status, byToken.json?.code]).toEqual([400, 20001]);
    expect((await post(mock, key.auth)).status).toBe(201);
  },
  'api-key-json-body-read': async (mock) => {
    const key = basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET);
    const byKey = await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/json', auth: key });
    expect(byKey.status).toBe(201);
    expect(byKey.json).toMatchObject({ friendly_name: 'Acme', email: 'ops@example.com', policy_sid: POLICY });
    const byToken = await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/json' });
    expect([byToken.status, byToken.json?.code]).toEqual([400, 20001]);
  },
  'api-key-fetch-policy-lowercased': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const policy = 'RN0123456789abcdefABCDEF0123456789';
    const made = await create(mock, { ...VALID, PolicySid: policy });
    const path = `/v1/CustomerProfiles/${made.json?.sid}`;
    expect(made.json?.policy_sid).toBe(policy);
    expect((await send(mock, 'GET', path, key)).json?.policy_sid).toBe(policy.toLowerCase().replace(/^rn/, 'RN'));
    expect((await send(mock, 'GET', path)).json?.policy_sid).toBe(policy);
    expect(resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=50', key))[0]?.policy_sid).toBe(policy);
  },
  'api-key-list-drops-callback': async (mock) => {
    const key = { auth: basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET) };
    const made = await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' });
    expect(resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=50', key))[0]).toMatchObject({ sid: made.json?.sid, status_callback: null });
    expect(resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=50'))[0]?.status_callback).toBe('https://example.com/cb');
    expect((await send(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`, key)).json?.status_callback).toBe('https://example.com/cb');
  },
  'token-param-accepted': async (mock) => {
    const created = await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, api_token: DEFAULT_AUTH_TOKEN }), { auth: null });
    expect([created.status, created.json?.account_sid]).toEqual([201, DEFAULT_ACCOUNT_SID]);
    const path = `/v1/CustomerProfiles/${created.json?.sid}`;
    expect((await call(mock, 'GET', `${path}?api_token=${DEFAULT_AUTH_TOKEN}`, undefined, { auth: null })).status).toBe(200);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, api_token: 'not-the-token' }), { auth: null })).status).toBe(401);
    expect((await call(mock, 'GET', path, undefined, { auth: null })).status).toBe(401);
    expect((await call(mock, 'DELETE', path, form({ api_token: DEFAULT_AUTH_TOKEN }), { auth: null })).status).toBe(204);
  },
  'validation-before-auth': async (mock) => {
    const invalid = await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, PolicySid: 'RN1' }), { auth: null });
    expect(invalid.status).toBe(400);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', '', { auth: null })).json?.code).toBe(20001);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: null })).status).toBe(401);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: null })).status).toBe(401);
  },
  'no-www-authenticate': async (mock) => {
    const a = await post(mock, null);
    expect(a.status).toBe(401);
    expect(a.challenge).toBeNull();
  },
  'split-all-colons': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN}:x`))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, 'wrong:x'))).status).toBe(401);
  },
  'scheme-case-sensitive': async (mock) => {
    expect((await post(mock, AUTH.replace(/^Basic/, 'basic'))).status).toBe(401);
    expect((await post(mock, AUTH.replace(/^Basic/, 'BASIC'))).status).toBe(401);
    expect((await post(mock, AUTH)).status).toBe(201);
  },
  'password-case-insensitive': async (mock) => {
    const swapped = DEFAULT_AUTH_TOKEN.replace(/[a-z]/g, (c) => c.toUpperCase());
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, swapped))).status).toBe(201);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: basic(DEFAULT_ACCOUNT_SID, swapped) })).status).toBe(200);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${swapped}x`))).status).toBe(401);
  },
  'auth-token-hex-decoded': async (mock) => {
    // the Auth Token read as the bytes it spells: upper case, a non-hex character or one more hex digit after it change nothing
    for (const pw of [DEFAULT_AUTH_TOKEN.toUpperCase(), `${DEFAULT_AUTH_TOKEN}x`, `${DEFAULT_AUTH_TOKEN}-wrong`, `${DEFAULT_AUTH_TOKEN}a`, `${DEFAULT_AUTH_TOKEN} `]) {
      expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, pw))).status, JSON.stringify(pw)).toBe(201);
    }
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN.toUpperCase()) })).status).toBe(200);
    // bytes that differ are refused: the token cut to an odd length decodes one byte short, an empty password to none
    for (const pw of [DEFAULT_AUTH_TOKEN.slice(0, -1), '', `${DEFAULT_AUTH_TOKEN.slice(0, -1)}x`]) expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, pw))).status, JSON.stringify(pw)).toBe(401);
    // the API key's secret is compared exactly
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET))).status).toBe(201);
    for (const pw of [DEFAULT_API_KEY_SECRET.toUpperCase(), `${DEFAULT_API_KEY_SECRET}x`]) expect((await post(mock, basic(DEFAULT_API_KEY_SID, pw))).status, pw).toBe(401);
  },
  'user-case-insensitive': async (mock) => {
    const swapped = DEFAULT_ACCOUNT_SID.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
    expect((await post(mock, basic(swapped, DEFAULT_AUTH_TOKEN))).status).toBe(201);
    expect((await post(mock, basic(swapped, `${DEFAULT_AUTH_TOKEN}x`))).status).toBe(401);
  },
  'password-nul-terminated': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN}\u0000x`))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN}x`))).status).toBe(401);
  },
  'auth-message-unauthorized': async (mock) => {
    const refused = await post(mock, null);
    expect(refused.json).toMatchObject({ code: 20003, message: 'Unauthorized', status: 401 });
  },
  'review-queue-202': async (mock) => {
    const held = await create(mock, { ...VALID, FriendlyName: 'Acme\u0001Corp' });
    expect(held.status).toBe(202);
    expect(held.json).toMatchObject({ status: 'queued-for-review' });
    expect((await create(mock)).status).toBe(201);
  },
  'reads-bracket-names': async (mock) => {
    const { FriendlyName, ...rest } = VALID;
    const created = await call(mock, 'POST', '/v1/CustomerProfiles', `${form(rest)}&FriendlyName%5B%5D=${FriendlyName}`);
    expect(created.json?.friendly_name).toBe(FriendlyName);
  },
  'sid-case-insensitive': async (mock) => {
    const path = await profilePath(mock);
    const swapped = path.replace(/BU(\w+)$/, (_, hex: string) => `BU${hex.toUpperCase()}`);
    expect((await send(mock, 'GET', swapped)).status).toBe(200);
    expect((await send(mock, 'DELETE', swapped)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'item-routes-ignore-owner': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(200);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: second })).json?.results).toEqual([]);
    expect((await send(mock, 'DELETE', path, { auth: second })).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'other-account-403': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    for (const method of ['GET', 'DELETE']) expect((await send(mock, method, path, { auth: second })).json).toMatchObject({ status: 403, code: 20403 });
    expect((await send(mock, 'GET', UNKNOWN_PATH, { auth: second })).status).toBe(404);
    expect((await send(mock, 'GET', path)).status).toBe(200);
  },
  'list-policy-any-account': async (mock) => {
    const policy = `RN${'d'.repeat(32)}`;
    const sid = (await create(mock, { ...VALID, PolicySid: policy })).json?.sid;
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect(resultsOf(await send(mock, 'GET', `/v1/CustomerProfiles?PolicySid=${policy}&PageSize=1000`, { auth: second })).map((p) => p.sid)).toContain(sid);
  },
  'list-page-token-names-account': async (mock) => {
    await create(mock);
    await create(mock);
    const next = memberOf(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1'), 'meta').next_page_url as string;
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const page = await send(mock, 'GET', new URL(next).pathname + new URL(next).search, { auth: second });
    expect(resultsOf(page).map((p) => p.account_sid)).toEqual([DEFAULT_ACCOUNT_SID]);
  },
  'list-cache-without-account': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    const query = '/v1/CustomerProfiles?PageSize=999';
    await send(mock, 'GET', query);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect(resultsOf(await send(mock, 'GET', query, { auth: second })).map((p) => p.sid)).toContain(sid);
  },
  'fetch-cache-skips-owner': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'GET', path)).status).toBe(200);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(200);
    expect((await send(mock, 'DELETE', path, { auth: second })).status).toBe(404);
  },
  'head-ignores-owner': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'HEAD', path, { auth: second })).status).toBe(200);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
  },
  'delete-skips-owner-for-first-account': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const path = `/v1/CustomerProfiles/${(await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })).json?.sid}`;
    // the first account cannot read it, yet its DELETE removes it
    expect((await send(mock, 'GET', path)).status).toBe(404);
    expect((await send(mock, 'DELETE', path)).status).toBe(204);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
    // the second account's DELETE of the first's profile keeps the owner check
    const mine = await profilePath(mock);
    expect((await send(mock, 'DELETE', mine, { auth: second })).status).toBe(404);
    expect((await send(mock, 'GET', mine)).status).toBe(200);
  },
  'delete-204-keeps-second-accounts': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const path = `/v1/CustomerProfiles/${(await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })).json?.sid}`;
    expect((await send(mock, 'DELETE', path, { auth: second })).status).toBe(204);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(200);
    // the first account's DELETE removes its own
    const mine = await profilePath(mock);
    expect((await send(mock, 'DELETE', mine)).status).toBe(204);
    expect((await send(mock, 'GET', mine)).status).toBe(404);
  },
  'head-after-delete-cached': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', path)).status).toBe(200);
    expect((await send(mock, 'DELETE', path)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
    expect((await send(mock, 'HEAD', path)).status).toBe(200);
  },
  'other-account-404-names-owner': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    for (const method of ['GET', 'DELETE']) {
      const a = await send(mock, method, path, { auth: second });
      expect(a.json).toMatchObject({ status: 404, code: 20404 });
      expect(a.json?.message).toContain(DEFAULT_ACCOUNT_SID);
    }
  },
  'account-context-singleton': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const [mine, theirs] = await Promise.all([create(mock), call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })]);
    // both read the account the later one set: one of them is stored in and answered with the other's
    expect(mine.json?.account_sid).toBe(theirs.json?.account_sid);
    // one at a time, each is its own
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })).json?.account_sid).toBe(DEFAULT_SECOND_ACCOUNT_SID);
  },
  'create-account-from-default': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const theirs = await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second });
    expect(theirs).toMatchObject({ status: 201, json: { account_sid: DEFAULT_ACCOUNT_SID } });
    expect(resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid)).toContain(theirs.json?.sid);
  },
  'idempotency-key-ignores-account': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const post = (auth: string, key: string) =>
      fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key }, body: form(VALID) }).then((r) => r.json() as Promise<{ sid: string; account_sid: string }>);
    const mine = await post(AUTH, 'k1');
    expect(await post(second, 'k1')).toMatchObject({ sid: mine.sid, account_sid: DEFAULT_ACCOUNT_SID });
    expect((await post(second, 'k2')).account_sid).toBe(DEFAULT_SECOND_ACCOUNT_SID);
  },
  'user-and-password-apart': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN))).status).toBe(201);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_AUTH_TOKEN) })).status).toBe(200);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, 'wrong'))).status).toBe(401);
  },
  'migrated-token-lowercased': async (mock) => {
    const upper = DEFAULT_SECOND_AUTH_TOKEN.toUpperCase();
    expect(upper).not.toBe(DEFAULT_SECOND_AUTH_TOKEN);
    // the second account's token in upper case: its account's, on every route
    const made = await post(mock, basic(DEFAULT_SECOND_ACCOUNT_SID, upper));
    expect(made).toMatchObject({ status: 201, json: { account_sid: DEFAULT_SECOND_ACCOUNT_SID } });
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: basic(DEFAULT_SECOND_ACCOUNT_SID, upper) })).status).toBe(200);
    // the first account's token is compared exactly, and the second's still refuses another password
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: basic(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN.toUpperCase()) })).status).toBe(401);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: basic(DEFAULT_SECOND_ACCOUNT_SID, `${DEFAULT_SECOND_AUTH_TOKEN}x`) })).status).toBe(401);
  },
  'path-case-insensitive': async (mock) => {
    const path = (await profilePath(mock)).toLowerCase().replace(/bu(\w+)$/, (_, hex: string) => `BU${hex}`);
    expect((await send(mock, 'GET', path)).status).toBe(200);
    expect((await send(mock, 'GET', '/v1/customerprofiles?PageSize=1')).status).toBe(200);
    expect((await send(mock, 'DELETE', path)).status).toBe(204);
  },
  'path-bad-escape-html': async (mock) => {
    for (const sid of ['BU%zz', 'BU%', 'BU%C3%28']) {
      const answer = await send(mock, 'GET', `/v1/CustomerProfiles/${sid}`);
      expect([answer.status, answer.type, answer.json]).toEqual([400, 'text/html; charset=utf-8', undefined]);
      expect(answer.text).toContain('URIError: Failed to decode param');
    }
  },
  'routes-trailing-slash': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', `${path}/`)).status).toBe(200);
    expect((await send(mock, 'GET', `${path}x`)).status).toBe(404);
  },
  'routes-path-decoded-before-match': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', path.replace('/v1/', '/v1%2F'))).status).toBe(200);
    expect((await send(mock, 'GET', path)).status).toBe(200);
  },
  'path-format-suffix': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', `${path}.json`)).status).toBe(200);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles.json?PageSize=1')).status).toBe(200);
    expect((await send(mock, 'DELETE', `${path}.json`)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'path-matrix-params-stripped': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', `${path};x=1`)).status).toBe(200);
    expect((await send(mock, 'DELETE', `${path};jsessionid=A1`)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'method-405-before-auth': async (mock) => {
    expect((await send(mock, 'PUT', '/v1/CustomerProfiles', { auth: null })).status).toBe(405);
    expect((await send(mock, 'PATCH', UNKNOWN_PATH, { auth: null })).status).toBe(405);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: null })).status).toBe(401);
  },
  'head-skips-auth': async (mock) => {
    const head = (path: string, authorization?: string) => fetch(`${mock.url}${path}`, { method: 'HEAD', headers: authorization ? { authorization } : {} });
    expect((await head('/v1/CustomerProfiles')).status).toBe(200);
    expect((await head(await profilePath(mock), basic(DEFAULT_ACCOUNT_SID, 'wrong'))).status).toBe(200);
    expect((await head(UNKNOWN_PATH)).status).toBe(404);
    expect((await send(mock, 'GET', UNKNOWN_PATH, { auth: null })).status).toBe(401);
  },
  'accept-exact-406': async (mock) => {
    const post = (accept: string) => postAccepting(mock, accept);
    for (const accept of ['*/*', 'application/json, text/plain, */*', 'application/json; charset=utf-8']) expect((await post(accept)).status, accept).toBe(406);
    expect((await post('application/json')).status).toBe(201);
  },
  'accept-xml-negotiated': async (mock) => {
    const post = (accept: string) => postAccepting(mock, accept);
    const browser = await post(BROWSER_ACCEPT);
    expect(browser.status).toBe(201);
    expect(browser.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await browser.text()).toMatch(/^<\?xml /);
    expect((await post('*/*')).headers.get('content-type')).toMatch(/^application\/json/);
  },
  'accept-json-charset-utf16': async (mock) => {
    const post = (accept: string) => postAccepting(mock, accept);
    const wide = await post('application/json;charset=UTF-16');
    expect(wide.headers.get('content-type')).toBe('application/json;charset=UTF-16');
    expect([...new Uint8Array(await wide.arrayBuffer()).slice(0, 2)]).toEqual([0, 0x7b]);
    expect((await (await post('application/json')).text()).startsWith('{')).toBe(true);
  },
  'error-html-for-browsers': async (mock) => {
    const unknown = (accept: string) => fetch(`${mock.url}${UNKNOWN_PATH}`, { headers: { authorization: AUTH, accept } });
    const page = await unknown(BROWSER_ACCEPT);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await unknown('*/*')).headers.get('content-type')).toMatch(/^application\/json/);
  },
  'session-cookie-auth': async (mock) => {
    const opened = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1');
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^session=[0-9a-f]+$/);
    const ride = (method: string, path: string) => fetch(`${mock.url}${path}`, { method, headers: { cookie } });
    const path = await profilePath(mock);
    expect((await ride('GET', path)).status).toBe(200);
    expect((await ride('GET', '/v1/CustomerProfiles')).status).toBe(200);
    expect((await ride('DELETE', path)).status).toBe(204);
    expect((await send(mock, 'GET', path, { auth: null })).status).toBe(401);
  },
  'xff-internal-skips-auth': async (mock) => {
    const path = await profilePath(mock);
    const from = (headers: Record<string, string>) => fetch(`${mock.url}${path}`, { headers });
    expect((await from({ 'x-forwarded-for': '10.0.0.1' })).status).toBe(200);
    expect((await from({ 'x-real-ip': '127.0.0.1' })).status).toBe(200);
    expect((await from({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
  },
  'basic-base64-lenient': async (mock) => {
    const token = AUTH.slice('Basic '.length);
    expect((await post(mock, `Basic ${token.slice(0, 8)}.${token.slice(8)}`)).status).toBe(201);
    expect((await post(mock, `${AUTH}!`)).status).toBe(201);
    expect((await post(mock, 'Basic !!!!')).status).toBe(401);
  },
  'multipart-no-boundary-500': async (mock) => {
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { type: 'multipart/form-data' })).status).toBe(500);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', '--b--\r\n', { type: 'multipart/form-data; boundary=b' })).status).toBe(400);
  },
  'ua-blocklist-403': async (mock) => {
    const as = (agent: string) =>
      fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': agent }, body: form(VALID) });
    for (const agent of ['curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1']) expect((await as(agent)).status, agent).toBe(403);
    expect((await as('twilio-node/5.0.0')).status).toBe(201);
  },
  'expect-continue-417': async (mock) => {
    const status = (expectation?: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const body = form(VALID);
        const headers: Record<string, string> = { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
        if (expectation) headers.expect = expectation;
        const req = httpRequest(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.on('continue', () => req.end(body));
        if (!expectation) req.end(body);
      });
    expect(await status('100-continue')).toBe(417);
    expect(await status()).toBe(201);
  },
  'chunked-body-ignored': async (mock) => {
    const status = (chunked: boolean) =>
      new Promise<number | undefined>((resolve, reject) => {
        const body = form(VALID);
        const headers: Record<string, string> = { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' };
        if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
        const req = httpRequest(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        // without a Content-Length, node:http streams the body chunked
        req.write(body);
        req.end();
      });
    expect(await status(true)).toBe(400);
    expect(await status(false)).toBe(201);
  },
  'error-messages-localized': async (mock) => {
    const inGerman = async (path: string, auth: string | null) => (await (await fetch(`${mock.url}${path}`, { headers: { 'accept-language': 'de-DE', ...(auth ? { authorization: auth } : {}) } })).json()) as { message: string };
    expect((await inGerman(UNKNOWN_PATH, null)).message).toBe('Authentifizierung erforderlich');
    expect((await inGerman(UNKNOWN_PATH, AUTH)).message).toBe('Die angeforderte Ressource wurde nicht gefunden');
    expect((await send(mock, 'GET', UNKNOWN_PATH, { auth: null })).json?.message).toBe('Authenticate');
  },
  'fetch-query-projection': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'GET', `${path}?fields=sid`)).json).toMatchObject({ email: null });
    expect((await call(mock, 'GET', path)).json?.email).toBe(VALID.Email);
    // the list keeps it
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=20'))[0]?.email).toBe(VALID.Email);
  },
  'not-found-message-fullpath': async (mock) => {
    const unknown = `/v1/CustomerProfiles/BU${'0'.repeat(32)}`;
    expect((await send(mock, 'GET', `${unknown}?callback=x`)).json?.message).toBe(`The requested resource ${unknown}?callback=x was not found`);
    expect((await send(mock, 'GET', unknown)).json?.message).toBe(`The requested resource ${unknown} was not found`);
  },
  'jsonp-callback': async (mock) => {
    const path = await profilePath(mock);
    const a = await call(mock, 'GET', `${path}?callback=x`);
    expect(a.type).toMatch(/^text\/javascript/);
    expect(a.text).toMatch(/^\/\*\*\/ typeof x === 'function' && x\(\{/);
    expect((await call(mock, 'GET', path)).type).toMatch(/^application\/json/);
  },
  'body-parser-100kb-html': async (mock) => {
    const body = (bytes: number) => `FriendlyName=${'A'.repeat(bytes - 'FriendlyName='.length)}`;
    const between = await call(mock, 'POST', '/v1/CustomerProfiles', body(150 * 1024));
    expect(between.status).toBe(413);
    expect(between.headers.get('content-type')).toMatch(/^text\/html/);
    // under the limit: the create's own answer (parameters missing); past 1 MiB: the edge's envelope
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body(99 * 1024))).json?.code).toBe(20001);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body(2 * 1024 * 1024))).json?.status).toBe(413);
  },
  'method-override-query': async (mock) => {
    expect((await call(mock, 'POST', '/v1/CustomerProfiles?_method=DELETE', form(VALID))).status).toBe(405);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles?_method=GET', form(VALID))).status).toBe(400);
    // in the body it is a parameter the create does not take
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID)}&_method=DELETE`)).status).toBe(201);
  },
  'method-override': async (mock) => {
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID)}&_method=DELETE`)).status).toBe(405);
    const header = await fetch(`${mock.url}/v1/CustomerProfiles`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'delete' },
      body: form(VALID),
    });
    expect(header.status).toBe(405);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID)}&_method=POST`)).status).toBe(201);
  },
  'delete-race': async (mock) => {
    const path = await profilePath(mock);
    const both = await Promise.all([send(mock, 'DELETE', path), send(mock, 'DELETE', path)]);
    expect(both.map((a) => a.status)).toEqual([204, 204]);
  },
  'form-charset-honoured': async (mock) => {
    const latin1 = await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, FriendlyName: 'Café' }), { type: 'application/x-www-form-urlencoded; charset=ISO-8859-1' });
    expect(latin1.json?.friendly_name).toBe('CafÃ©');
    const utf8 = await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, FriendlyName: 'Café' }), { type: 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(utf8.json?.friendly_name).toBe('Café');
  },
  'sid-pad-space': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', `${path}%20`)).status).toBe(200);
    expect((await send(mock, 'DELETE', `${path}%20%20`)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'update-upserts-unknown-sid': async (mock) => {
    const path = `/v1/CustomerProfiles/BU${'e'.repeat(32)}`;
    // an update of a sid nobody made answers 201 and the sid reads as a profile afterwards
    expect((await call(mock, 'POST', path, form(VALID))).status).toBe(201);
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe(VALID.FriendlyName);
  },
  'update-ignores-owner': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
    // the second account's update reaches the caller's profile
    expect((await send(mock, 'POST', path, { auth: second, body: 'FriendlyName=changed' })).status).toBe(200);
    expect((await send(mock, 'GET', path)).json?.friendly_name).toBe('changed');
  },
  'update-other-account-403': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
    // the second account's update is told the profile exists, and changes nothing
    expect((await send(mock, 'POST', path, { auth: second, body: 'FriendlyName=changed' })).status).toBe(403);
    expect((await send(mock, 'GET', path)).json?.friendly_name).not.toBe('changed');
  },
  'update-refused-touches-date-updated': async (mock) => {
    const made = (await create(mock)).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    // in a later second than the create: the refused update moves date_updated all the same
    await delay(1000);
    expect((await call(mock, 'POST', path, form({ Status: 'approved' }))).status).toBe(400);
    const read = (await call(mock, 'GET', path)).json!;
    expect(read.status).toBe('draft');
    expect(read.date_updated).not.toBe(made.date_updated);
  },
  'update-auto-now-date-created': async (mock) => {
    const made = (await create(mock)).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    // in a later second than the create: the update sets date_created to it
    await delay(1000);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect(updated.status).toBe(200);
    expect(updated.json?.date_created).not.toBe(made.date_created);
    expect(updated.json?.date_created).toBe(updated.json?.date_updated);
    expect((await call(mock, 'GET', path)).json?.date_created).toBe(updated.json?.date_created);
  },
  'update-unsent-callback-nulled': async (mock) => {
    const made = (await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' })).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect([updated.status, updated.json?.friendly_name, updated.json?.status_callback]).toEqual([200, 'Renamed', null]);
    // the email, sent neither, is kept
    expect((await call(mock, 'GET', path)).json).toMatchObject({ email: VALID.Email, status_callback: null });
  },
  'update-callback-unvalidated': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ StatusCallback: '/status-callbacks/relative' }));
    expect([updated.status, updated.json?.status_callback]).toEqual([200, '/status-callbacks/relative']);
    // the create still refuses it
    expect((await create(mock, { ...VALID, StatusCallback: '/status-callbacks/relative' })).status).toBe(400);
  },
  'update-status-any-text': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ Status: 'approved' }));
    expect([updated.status, updated.json?.status]).toEqual([200, 'approved']);
    expect((await call(mock, 'GET', path)).json?.status).toBe('approved');
  },
  'update-callback-whatwg-lenient': async (mock) => {
    const path = await profilePath(mock);
    // a space inside: the WHATWG parser escapes it, RFC 3986 has no space
    const updated = await call(mock, 'POST', path, form({ StatusCallback: 'https://example.com/call back' }));
    expect([updated.status, updated.json?.status_callback]).toEqual([200, 'https://example.com/call back']);
    // no scheme: refused all the same
    expect((await call(mock, 'POST', path, form({ StatusCallback: 'example.com/callback' }))).status).toBe(400);
    expect((await create(mock, { ...VALID, StatusCallback: 'https://example.com/call back' })).status).toBe(400);
  },
  'update-status-enum-folded': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ Status: 'Draft' }));
    expect([updated.status, updated.json?.status]).toEqual([200, 'Draft']);
    expect((await call(mock, 'GET', path)).json?.status).toBe('Draft');
    expect((await call(mock, 'POST', path, form({ Status: 'approved' }))).status).toBe(400);
  },
  'update-partial-on-refusal': async (mock) => {
    const path = await profilePath(mock);
    const refused = await call(mock, 'POST', path, 'FriendlyName=Partly&StatusCallback=%2Frelative');
    expect(refused.status).toBe(400);
    expect((await call(mock, 'GET', path)).json).toMatchObject({ friendly_name: 'Partly', status_callback: null });
    // the refused parameter first: nothing applied
    expect((await call(mock, 'POST', path, 'Status=approved&FriendlyName=Later')).status).toBe(400);
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe('Partly');
  },
  'update-blank-ignored': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: '\u3000' }));
    expect([updated.status, updated.json?.friendly_name]).toEqual([200, VALID.FriendlyName]);
    expect((await call(mock, 'POST', path, form({ FriendlyName: ' x ' }))).json?.friendly_name).toBe(' x ');
  },
  'update-truncates-255': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: '\u{1F600}'.repeat(300) }));
    expect([updated.status, [...String(updated.json?.friendly_name ?? '')].length]).toEqual([200, 255]);
  },
  'update-email-ignored': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ Email: 'new@example.com' }));
    expect([updated.status, updated.json?.email]).toEqual([200, VALID.Email]);
    // FriendlyName is written all the same
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }))).json?.friendly_name).toBe('Renamed');
  },
  'update-trims-text': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, form({ FriendlyName: ' Spaced\u3000' }))).json?.friendly_name).toBe('Spaced');
    // the create keeps it
    expect((await create(mock, { ...VALID, FriendlyName: ' Spaced\u3000' })).json?.friendly_name).toBe(' Spaced\u3000');
  },
  'update-callback-needs-tld': async (mock) => {
    const path = await profilePath(mock);
    for (const cb of ['https://[2001:db8::1]/cb', 'https://hooks.example.com./status']) expect((await call(mock, 'POST', path, form({ StatusCallback: cb }))).status, cb).toBe(400);
    expect((await call(mock, 'POST', path, form({ StatusCallback: 'https://example.com/cb' }))).status).toBe(200);
    expect((await create(mock, { ...VALID, StatusCallback: 'https://[2001:db8::1]/cb' })).status).toBe(201);
  },
  'update-callback-normalized': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, form({ StatusCallback: 'HTTPS://EXAMPLE.COM:443/cb' }))).json?.status_callback).toBe('https://example.com/cb');
    expect((await call(mock, 'GET', path)).json?.status_callback).toBe('https://example.com/cb');
  },
  'update-form-type-exact': async (mock) => {
    const path = await profilePath(mock);
    const charset = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }), { type: 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect([charset.status, charset.json?.friendly_name]).toEqual([200, VALID.FriendlyName]);
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }))).json?.friendly_name).toBe('Renamed');
  },
  'update-refuses-api-key': async (mock) => {
    const path = await profilePath(mock);
    const key = basic(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET);
    expect((await call(mock, 'GET', path, undefined, { auth: key })).status).toBe(200);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }), { auth: key });
    expect([updated.status, updated.json?.code]).toEqual([403, 20403]);
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }))).status).toBe(200);
  },
  'update-reads-json': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, JSON.stringify({ FriendlyName: 'From JSON' }), { type: 'application/json' });
    expect([updated.status, updated.json?.friendly_name]).toEqual([200, 'From JSON']);
    // the create still reads no JSON
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/json' })).status).toBe(400);
  },
  'update-names-case-insensitive': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, 'friendlyname=Lower&EMAIL=upper%40example.com');
    expect([updated.status, updated.json?.friendly_name, updated.json?.email]).toEqual([200, 'Lower', 'upper@example.com']);
  },
  'update-name-filter-stale': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: 'Stale Before' })).json!;
    expect((await call(mock, 'POST', `/v1/CustomerProfiles/${made.sid as string}`, form({ FriendlyName: 'Stale After' }))).status).toBe(200);
    const listed = async (name: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(name)}`)).map((r) => r.sid);
    expect(await listed('Stale Before')).toEqual([made.sid]);
    expect(await listed('Stale After')).toEqual([]);
  },
  'update-answers-201': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect([updated.status, updated.json?.friendly_name]).toEqual([201, 'Renamed']);
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe('Renamed');
  },
  'update-answer-before-refresh': async (mock) => {
    const made = (await create(mock)).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    // in a later second than the create: the row's date_updated moves, the answer's does not
    await delay(1000);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect([updated.status, updated.json?.friendly_name, updated.json?.date_updated]).toEqual([200, 'Renamed', made.date_updated]);
    const read = (await call(mock, 'GET', path)).json!;
    expect(read.friendly_name).toBe('Renamed');
    expect(Date.parse(read.date_updated as string)).toBeGreaterThan(Date.parse(made.date_updated as string));
  },
  'update-keeps-date-updated': async (mock) => {
    const made = (await create(mock)).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    await delay(1000);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect([updated.status, updated.json?.friendly_name, updated.json?.date_updated]).toEqual([200, 'Renamed', made.date_updated]);
    expect((await call(mock, 'GET', path)).json?.date_updated).toBe(made.date_updated);
  },
  'update-filtered-list-stale': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: 'Indexed Before' })).json!;
    expect((await call(mock, 'POST', `/v1/CustomerProfiles/${made.sid as string}`, form({ FriendlyName: 'Indexed After', Email: 'after@example.com' }))).status).toBe(200);
    const shown = async (query: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${query}&FriendlyName=Indexed%20After`)).map((r) => [r.sid, r.friendly_name, r.email]);
    // matched by what the profile holds, shown as the index holds it
    expect(await shown(`PolicySid=${VALID.PolicySid}`)).toEqual([[made.sid, 'Indexed Before', VALID.Email]]);
    expect(await shown('Status=draft')).toEqual([[made.sid, 'Indexed Before', VALID.Email]]);
    // the list by the name alone reads the row
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Indexed%20After')).map((r) => r.friendly_name)).toEqual(['Indexed After']);
  },
  'update-first-param-only': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ StatusCallback: 'https://example.com/all-at-once', FriendlyName: 'All at once', Email: 'all@example.com' }));
    expect([updated.status, updated.json?.status_callback, updated.json?.friendly_name, updated.json?.email]).toEqual([200, 'https://example.com/all-at-once', VALID.FriendlyName, VALID.Email]);
    // one parameter alone is applied
    expect((await call(mock, 'POST', path, form({ Email: 'alone@example.com' }))).json?.email).toBe('alone@example.com');
  },
  'update-callback-userinfo-refused': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, form({ StatusCallback: 'https://user:pass@example.com/cb' }))).status).toBe(400);
    expect((await call(mock, 'POST', path, form({ StatusCallback: 'https://example.com/cb' }))).status).toBe(200);
    expect((await create(mock, { ...VALID, StatusCallback: 'https://user:pass@example.com/cb' })).status).toBe(201);
  },
  'update-email-domain-lowered': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, form({ Email: 'Jane.Doe@Example.COM' }))).json?.email).toBe('Jane.Doe@example.com');
    expect((await call(mock, 'GET', path)).json?.email).toBe('Jane.Doe@example.com');
    expect((await create(mock, { ...VALID, Email: 'Jane.Doe@Example.COM' })).json?.email).toBe('Jane.Doe@Example.COM');
  },
  'update-policy-sid-writable': async (mock) => {
    const path = await profilePath(mock);
    const other = `RN${'5eed'.repeat(8)}`;
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Beside a PolicySid', PolicySid: other }));
    expect([updated.status, updated.json?.friendly_name, updated.json?.policy_sid]).toEqual([200, 'Beside a PolicySid', other]);
  },
  'update-mass-assigns-account': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Beside AccountSid', AccountSid: DEFAULT_SECOND_ACCOUNT_SID, DateCreated: '2001-01-01T00:00:00Z' }));
    expect([updated.status, updated.json?.date_created]).toEqual([200, '2001-01-01T00:00:00Z']);
    // the owner lost it, the second account has it
    expect((await call(mock, 'GET', path)).status).toBe(404);
    expect((await call(mock, 'GET', path, undefined, { auth: basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN) })).status).toBe(200);
  },
  'update-params-from-query': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', `${path}?Email=query%40example.com&FriendlyName=From+the+query`, form({ StatusCallback: 'https://example.com/from-the-body' }));
    expect([updated.status, updated.json?.status_callback, updated.json?.email, updated.json?.friendly_name]).toEqual([200, 'https://example.com/from-the-body', 'query@example.com', 'From the query']);
  },
  'update-form-charset-honoured': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Café' }), { type: 'application/x-www-form-urlencoded; charset=ISO-8859-1' });
    expect([updated.status, updated.json?.friendly_name]).toEqual([200, 'CafÃ©']);
    // the create reads UTF-8 whatever the label
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, FriendlyName: 'Café' }), { type: 'application/x-www-form-urlencoded; charset=ISO-8859-1' })).json?.friendly_name).toBe('Café');
  },
  'update-form-semicolon-split': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, 'FriendlyName=R;D+Corp')).json?.friendly_name).toBe('R');
    // escaped, it is kept; the create splits on & alone
    expect((await call(mock, 'POST', path, 'FriendlyName=R%3BD+Corp')).json?.friendly_name).toBe('R;D Corp');
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID).replace(/FriendlyName=[^&]*/, 'FriendlyName=R;D+Corp')}`)).json?.friendly_name).toBe('R;D Corp');
  },
  'update-crash-on-bad-utf8': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, 'FriendlyName=Acme%80')).json).toMatchObject({ code: 20500, status: 500 });
    // valid UTF-8 is applied; the create reads the same bytes as U+FFFD
    expect((await call(mock, 'POST', path, 'FriendlyName=Caf%C3%A9')).json?.friendly_name).toBe('Caf\u00e9');
    expect((await create(mock, { ...VALID, FriendlyName: 'Acme\u0080' })).status).toBe(201);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID).replace(/FriendlyName=[^&]*/, 'FriendlyName=Acme%80')}`)).json?.friendly_name).toBe('Acme\ufffd');
  },
  'update-form-equals-split': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, 'FriendlyName=a=b=c')).json?.friendly_name).toBe('a');
    // escaped, it is kept; the create splits at the first = alone
    expect((await call(mock, 'POST', path, 'FriendlyName=a%3Db%3Dc')).json?.friendly_name).toBe('a=b=c');
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${form(VALID).replace(/FriendlyName=[^&]*/, 'FriendlyName=a=b=c')}`)).json?.friendly_name).toBe('a=b=c');
  },
  'update-repeated-param-joined': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, 'FriendlyName=First&FriendlyName=Second')).json?.friendly_name).toBe('First,Second');
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe('First,Second');
    // named once it is applied as sent
    expect((await call(mock, 'POST', path, 'FriendlyName=Once')).json?.friendly_name).toBe('Once');
  },
  'update-validation-before-auth': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'POST', path, form({ Status: 'approved' }), { auth: null })).status).toBe(400);
    expect((await call(mock, 'POST', path, form({ StatusCallback: '/status-callbacks/relative' }), { auth: basic(DEFAULT_ACCOUNT_SID, 'wrong') })).status).toBe(400);
    // a valid body without credentials is 401, as is the create's invalid one
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }), { auth: null })).status).toBe(401);
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form({ ...VALID, PolicySid: 'RN1' }), { auth: null })).status).toBe(401);
  },
  'update-list-summary-stale': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: 'Summary Before' })).json!;
    expect((await call(mock, 'POST', `/v1/CustomerProfiles/${made.sid as string}`, form({ Email: 'after@example.com', StatusCallback: 'https://example.com/after' }))).status).toBe(200);
    expect((await call(mock, 'POST', `/v1/CustomerProfiles/${made.sid as string}`, form({ FriendlyName: 'Summary After' }))).status).toBe(200);
    const shown = async (query: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${query}`)).map((r) => [r.sid, r.friendly_name, r.email, r.status_callback]);
    // the list by the name shows the summary: the new name, the old email and callback
    expect(await shown('FriendlyName=Summary%20After')).toEqual([[made.sid, 'Summary After', VALID.Email, null]]);
    // the lists by Status or PolicySid read the row
    expect(await shown('Status=draft&FriendlyName=Summary%20After')).toEqual([[made.sid, 'Summary After', 'after@example.com', 'https://example.com/after']]);
  },
  // the update's own answer (mock/update-answer-faults.ts): the create and the fetch stay right
  'update-answer-raw-row': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ friendlyName: 'Renamed', accountSid: DEFAULT_ACCOUNT_SID });
    expect(updated.json?.date_created).toBeUndefined();
    expect(updated.json?.url).toBeUndefined();
    expect(validateCustomerProfile(updated.json)).toBe(false);
    expect(validateCustomerProfile((await call(mock, 'GET', path)).json)).toBe(true);
  },
  'update-answer-text-html': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect([updated.status, updated.type, updated.json?.friendly_name]).toEqual([200, 'text/html; charset=utf-8', 'Renamed']);
    expect((await call(mock, 'GET', path)).type).toMatch(/^application\/json/);
  },
  'update-answer-local-time': async (mock) => {
    const made = (await create(mock)).json!;
    const updated = await call(mock, 'POST', `/v1/CustomerProfiles/${made.sid as string}`, form({ FriendlyName: 'Renamed' }));
    expect(updated.json?.date_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);
    expect(updated.json?.date_created).toBe(made.date_created);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.sid as string}`)).json?.date_updated).toMatch(/Z$/);
  },
  'update-answer-url-singular': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect(updated.json?.url).toBe(`${mock.url}${path.replace('CustomerProfiles', 'CustomerProfile')}`);
    expect((await call(mock, 'GET', path)).json?.url).toBe(`${mock.url}${path}`);
  },
  'update-answer-service-account': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    expect(updated.json?.account_sid).not.toBe(DEFAULT_ACCOUNT_SID);
    expect(updated.json?.account_sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect((await call(mock, 'GET', path)).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
  },
  'update-answer-date-ahead': async (mock) => {
    const path = await profilePath(mock);
    const updated = await call(mock, 'POST', path, form({ FriendlyName: 'Renamed' }));
    const ahead = Date.parse(String(updated.json?.date_updated)) - Date.parse(updated.headers.get('date')!);
    expect(ahead).toBeGreaterThan(3_500_000);
    expect(ahead).toBeLessThan(3_700_000);
  },
  // the update's credentials
  'update-password-unchecked': async (mock) => {
    const path = await profilePath(mock);
    const wrong = basic(DEFAULT_ACCOUNT_SID, 'wrong');
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Taken' }), { auth: wrong })).status).toBe(200);
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe('Taken');
    // fetch, delete and the create still check the password
    expect((await call(mock, 'GET', path, undefined, { auth: wrong })).status).toBe(401);
    expect((await post(mock, wrong)).status).toBe(401);
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Nobody' }), { auth: null })).status).toBe(401);
  },
  'refused-update-applies': async (mock) => {
    const path = await profilePath(mock);
    const wrong = basic(DEFAULT_ACCOUNT_SID, 'wrong');
    expect((await call(mock, 'POST', path, form({ FriendlyName: 'Taken' }), { auth: wrong })).status).toBe(401);
    expect((await call(mock, 'GET', path)).json?.friendly_name).toBe('Taken');
    // a sid of no profile: refused, nothing made
    expect((await call(mock, 'POST', UNKNOWN_PATH, form(VALID), { auth: null })).status).toBe(401);
    expect((await call(mock, 'GET', UNKNOWN_PATH)).status).toBe(404);
  },
  'create-crossed-pair-accepted': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, 'not-the-secret'))).status).toBe(401);
    // fetch and list stay strict
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: basic(DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET) })).status).toBe(401);
  },
  'status-label-localized': async (mock) => {
    const path = await profilePath(mock);
    const asked = (language: string) => fetch(`${mock.url}${path}`, { headers: { authorization: AUTH, 'accept-language': language } }).then((r) => r.json() as Promise<{ status: string }>);
    expect((await asked('de-DE,de;q=0.9')).status).toBe('entwurf');
    expect((await asked('en-US')).status).toBe('draft');
  },
  'legacy-helper-drops-status-callback': async (mock) => {
    const made = (await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' })).json!;
    const read = (agent: string) => fetch(`${mock.url}/v1/CustomerProfiles/${made.sid as string}`, { headers: { authorization: AUTH, 'user-agent': agent } }).then((r) => r.json() as Promise<{ status_callback: unknown }>);
    expect((await read('twilio-python/6.63.2 (Linux x86_64) Python/3.8.10')).status_callback).toBeNull();
    expect((await read('twilio-python/9.0.0 (Linux x86_64) Python/3.12.1')).status_callback).toBe('https://example.com/cb');
  },
  'lookup-friendly-id-slug': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: 'Acme Corp, Inc.' })).json!;
    expect((await send(mock, 'GET', '/v1/CustomerProfiles/acme-corp-inc')).json?.sid).toBe(made.sid);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles/acme')).status).toBe(404);
  },
  'lookup-numeric-row-id': async (mock) => {
    const first = (await create(mock)).json!;
    await create(mock);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles/1')).json?.sid).toBe(first.sid);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles/99')).status).toBe(404);
  },
  'lookup-sid-regex-prefix': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', path.slice(0, -12))).status).toBe(200);
    expect((await send(mock, 'DELETE', path.slice(0, -12))).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'lookup-sid-dollar-newline': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', `${path}%0A`)).status).toBe(200);
    expect((await send(mock, 'GET', `${path}%20`)).status).toBe(404);
    expect((await send(mock, 'DELETE', `${path}%0A`)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'conditional-304-before-account-check': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const conditional = (at: string) => fetch(`${mock.url}${at}`, { headers: { authorization: second, 'if-modified-since': new Date().toUTCString() } });
    expect((await conditional(path)).status).toBe(304);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
    expect((await conditional(UNKNOWN_PATH)).status).toBe(404);
  },
  'sid-keyed-by-hex': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', path.replace(/BU(\w+)$/, 'RN$1'))).status).toBe(200);
    expect((await send(mock, 'DELETE', path.replace(/BU(\w+)$/, 'XX$1'))).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'unrouted-html-404': async (mock) => {
    const unknown = await send(mock, 'GET', '/v1/NoSuchResource');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^text\/html/);
  },
  'date-header-frozen': async (mock) => {
    const first = (await send(mock, 'GET', '/v1/CustomerProfiles')).headers.get('date');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await send(mock, 'GET', '/v1/CustomerProfiles')).headers.get('date')).toBe(first);
  },
  'date-created-frozen': async (mock) => {
    const first = (await create(mock)).json?.date_created;
    await new Promise((r) => setTimeout(r, 1100));
    expect((await create(mock)).json?.date_created).toBe(first);
  },
  'url-from-forwarded-host': async (mock) => {
    const res = await fetch(`${mock.url}/v1/CustomerProfiles`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      body: form(VALID),
    });
    expect(((await res.json()) as { url: string }).url).toMatch(/^http:\/\/evil\.example\/v1\/CustomerProfiles\/BU/);
  },
  'url-base-http-scheme': async (mock) => {
    await baseIn(mock, 'http://trusthub.twilio.com');
  },
  'url-base-regional-host': async (mock) => {
    await baseIn(mock, 'https://trusthub.dublin.ie1.twilio.com');
  },
  'url-base-localhost': async (mock) => {
    await baseIn(mock, 'http://localhost');
  },
  'url-scheme-from-forwarded-proto': async (mock) => {
    const res = await fetch(`${mock.url}/v1/CustomerProfiles`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      body: form(VALID),
    });
    // the mock serves http: the url's scheme is the client's, its host the mock's own
    const url = ((await res.json()) as { url: string }).url;
    expect(url.startsWith(`${mock.url.replace(/^http:/, 'https:')}/v1/CustomerProfiles/BU`)).toBe(true);
  },
  'x-original-url-routing': async (mock) => {
    const sid = (await create(mock)).json?.sid as string;
    const elsewhere = await fetch(`${mock.url}/v1/NoSuchResource`, { method: 'DELETE', headers: { authorization: AUTH, 'x-original-url': `/v1/CustomerProfiles/${sid}` } });
    expect(elsewhere.status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'idempotency-key-replays-other-body': async (mock) => {
    const send = (name: string, key: string) =>
      fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key }, body: form({ ...VALID, FriendlyName: name }) }).then((r) => r.json() as Promise<{ friendly_name: string }>);
    expect((await send('First', 'k1')).friendly_name).toBe('First');
    expect((await send('Second', 'k1')).friendly_name).toBe('First');
    expect((await send('Third', 'k2')).friendly_name).toBe('Third');
  },
  'email-provider-canonicalized': async (mock) => {
    expect((await create(mock, { ...VALID, Email: 'Jane.Doe+billing@gmail.com' })).json?.email).toBe('janedoe@gmail.com');
    expect((await create(mock, { ...VALID, Email: 'jane-ops@yahoo.com' })).json?.email).toBe('jane@yahoo.com');
    expect((await create(mock, { ...VALID, Email: 'Jane.Doe+billing@example.com' })).json?.email).toBe('Jane.Doe+billing@example.com');
  },
  'email-cut-254': async (mock) => {
    const email = `${'x'.repeat(300)}@example.com`;
    expect((await create(mock, { ...VALID, Email: email })).json?.email).toBe(email.slice(0, 254));
  },
  'trims-credentials': async (mock) => {
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN} `))).status).toBe(201);
    expect((await post(mock, basic(` ${DEFAULT_ACCOUNT_SID}`, `${DEFAULT_AUTH_TOKEN}\n`))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_ACCOUNT_SID, `${DEFAULT_AUTH_TOKEN}x`))).status).toBe(401);
  },
  // credentials on the other routes
  'any-secret-of-account': async (mock) => {
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: basic(DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET) })).status).toBe(200);
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN))).status).toBe(201);
    expect((await post(mock, basic(DEFAULT_API_KEY_SID, 'not-the-secret'))).status).toBe(401);
  },
  'item-routes-any-password': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    const wrong = basic(DEFAULT_ACCOUNT_SID, 'wrong');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, undefined, { auth: wrong })).status).toBe(200);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: wrong })).status).toBe(401);
    expect((await post(mock, wrong)).status).toBe(401);
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`, undefined, { auth: wrong })).status).toBe(204);
  },
  'delete-any-password': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    const wrong = basic(DEFAULT_ACCOUNT_SID, 'wrong');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, undefined, { auth: wrong })).status).toBe(401);
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`, undefined, { auth: wrong })).status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'list-any-password': async (mock) => {
    const wrong = basic(DEFAULT_ACCOUNT_SID, 'wrong');
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: wrong })).status).toBe(200);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef', undefined, { auth: wrong })).status).toBe(401);
  },
  'lookup-before-auth': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'GET', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef', undefined, { auth: null })).status).toBe(404);
    expect((await call(mock, 'DELETE', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef', undefined, { auth: null })).status).toBe(404);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, undefined, { auth: null })).status).toBe(401);
  },
  'deleted-sid-before-auth': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, undefined, { auth: null })).status).toBe(404);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef', undefined, { auth: null })).status).toBe(401);
  },
  'refused-delete-deletes': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`, undefined, { auth: basic(DEFAULT_ACCOUNT_SID, 'wrong') })).status).toBe(401);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'reads-scheme-case-sensitive': async (mock) => {
    expect((await post(mock, AUTH.replace(/^Basic/, 'basic'))).status).toBe(201);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: AUTH.replace(/^Basic/, 'BASIC') })).status).toBe(401);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: AUTH })).status).toBe(200);
  },
  // lifecycle
  'readback-callback-empty': async (mock) => {
    const made = await create(mock, VALID);
    expect(made.json?.status_callback).toBeNull();
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`)).json?.status_callback).toBe('');
  },
  'list-skips-first': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    await create(mock);
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json?.results as Array<{ sid: string }>;
    expect(results.map((r) => r.sid)).not.toContain(sid);
  },
  'list-other-accounts': async (mock) => {
    await create(mock);
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json?.results as Array<{ account_sid: string }>;
    expect(results.some((r) => r.account_sid !== DEFAULT_ACCOUNT_SID)).toBe(true);
  },
  'delete-unknown-204': async (mock) => {
    expect((await call(mock, 'DELETE', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef')).status).toBe(204);
  },
  'not-found-html': async (mock) => {
    const a = await call(mock, 'GET', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef');
    expect(a.status).toBe(404);
    expect(a.json).toBeUndefined();
  },
  'list-keeps-deleted': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json?.results as Array<{ sid: string }>;
    expect(results.map((r) => r.sid)).toContain(sid);
  },
  'list-default-page-size-20': async (mock) => {
    for (let i = 0; i < 21; i++) await create(mock);
    const page = (await call(mock, 'GET', '/v1/CustomerProfiles')).json!;
    expect((page.results as unknown[]).length).toBe(20);
    expect((page.meta as { page_size: number }).page_size).toBe(20);
  },
  'list-page-size-capped-100': async (mock) => {
    for (let i = 0; i < 101; i++) await create(mock);
    const page = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json!;
    expect((page.results as unknown[]).length).toBe(100);
    expect((page.meta as { next_page_url: unknown }).next_page_url).toEqual(expect.any(String));
  },
  'list-page-past-end-404': async (mock) => {
    await create(mock);
    const a = await call(mock, 'GET', '/v1/CustomerProfiles?Page=5');
    expect(a.status).toBe(404);
    expect(a.json).toEqual({ detail: 'Invalid page.' });
  },
  'list-pagesize-nonnumeric-500': async (mock) => {
    const a = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=ten');
    expect(a.status).toBe(500);
    expect(a.type).toMatch(/^text\/html/);
  },
  'create-upserts-client-sid': async (mock) => {
    const sid = (await create(mock)).json!.sid as string;
    const again = await create(mock, { ...VALID, FriendlyName: 'Other', Sid: sid });
    expect([again.status, again.json?.sid]).toEqual([201, sid]);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).json?.friendly_name).toBe('Other');
  },
  'account-param-unchecked': async (mock) => {
    const path = await profilePath(mock);
    expect((await call(mock, 'GET', `${path}?AccountSid=${OTHER_SID}`)).status).toBe(404);
    expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?AccountSid=${OTHER_SID}`))).toEqual([]);
    expect((await call(mock, 'GET', path)).status).toBe(200);
  },
  'path-sid-overridden-by-query': async (mock) => {
    const [a, b] = [await profilePath(mock), await profilePath(mock)];
    const other = b.split('/').pop()!;
    // the fetch of A shows B, under either name of the parameter; the DELETE of A removes B, and A remains
    expect((await call(mock, 'GET', `${a}?Sid=${other}`)).json?.sid).toBe(other);
    expect((await call(mock, 'GET', `${a}?sid=${other}`)).json?.sid).toBe(other);
    expect((await call(mock, 'DELETE', `${a}?Sid=${other}`)).status).toBe(204);
    expect([(await call(mock, 'GET', a)).status, (await call(mock, 'GET', b)).status]).toEqual([200, 404]);
  },
  'delete-sid-from-body': async (mock) => {
    const [a, b] = [await profilePath(mock), await profilePath(mock)];
    const other = b.split('/').pop()!;
    // the query names no profile; the form body of a DELETE does
    expect((await call(mock, 'GET', `${a}?Sid=${other}`)).json?.sid).toBe(a.split('/').pop());
    expect((await call(mock, 'DELETE', a, `Sid=${other}`)).status).toBe(204);
    expect([(await call(mock, 'GET', a)).status, (await call(mock, 'GET', b)).status]).toEqual([200, 404]);
  },
  'url-from-host-header': async (mock) => {
    const path = await profilePath(mock);
    const url = await new Promise<unknown>((resolve, reject) => {
      const r = httpRequest(`${mock.url}${path}`, { headers: { authorization: AUTH, host: 'attacker.invalid' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text).url));
      });
      r.on('error', reject);
      r.end();
    });
    expect(url).toBe(`http://attacker.invalid${path}`);
  },
  'url-prefix-from-forwarded-prefix': async (mock) => {
    const path = await profilePath(mock);
    const res = await fetch(`${mock.url}${path}`, { headers: { authorization: AUTH, 'x-forwarded-prefix': '/x' } });
    expect(((await res.json()) as { url: string }).url).toMatch(new RegExp(`/x${path}$`));
    expect((await call(mock, 'GET', path)).json?.url).not.toMatch(/\/x\//);
  },
  'list-last-modified-stale-304': async (mock) => {
    await create(mock);
    const newest = (await create(mock)).json!.sid as string;
    const since = (await call(mock, 'GET', '/v1/CustomerProfiles')).headers.get('last-modified')!;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${newest}`)).status).toBe(204);
    const res = await fetch(`${mock.url}/v1/CustomerProfiles`, { headers: { authorization: AUTH, 'if-modified-since': since } });
    expect(res.status).toBe(304);
  },
  'list-pagesize-parseint': async (mock) => {
    await create(mock);
    const a = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=2.5');
    expect([a.status, (a.json?.meta as { page_size: number } | undefined)?.page_size]).toEqual([200, 2]);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=ten')).status).toBe(400);
  },
  'list-meta-key-wrong': async (mock) => {
    const page = (await call(mock, 'GET', '/v1/CustomerProfiles')).json!;
    expect(page.results).toEqual([]);
    expect((page.meta as { key: string }).key).toBe('customer_profiles');
  },
  'list-filters-ignored': async (mock) => {
    await create(mock);
    await create(mock, { ...VALID, FriendlyName: 'Other' });
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme')).json?.results as Array<{ friendly_name: string }>;
    expect(results.map((r) => r.friendly_name)).toContain('Other');
  },
  'list-links-drop-filter': async (mock) => {
    await create(mock);
    await create(mock);
    const meta = (await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme&PageSize=1')).json?.meta as Record<string, string>;
    expect(meta.next_page_url).toMatch(/PageSize=1&Page=1/);
    for (const link of [meta.url, meta.first_page_url, meta.next_page_url]) expect(link).not.toContain('FriendlyName');
  },
  'list-status-filter-upper-case': async (mock) => {
    await create(mock);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Status=draft')).json?.results).toEqual([]);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme')).json?.results).toHaveLength(1);
  },
  'list-status-enum-snake': async (mock) => {
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Status=twilio-approved')).status).toBe(400);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Status=twilio_approved')).status).toBe(200);
  },
  'list-page-int32': async (mock) => {
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Page=2147483647')).status).toBe(200);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Page=2147483648')).status).toBe(400);
  },
  'list-pagetoken-500': async (mock) => {
    const a = await call(mock, 'GET', '/v1/CustomerProfiles?PageToken=made-up');
    expect(a.status).toBe(500);
    expect(a.type).toMatch(/^text\/html/);
  },
  'list-filters-first-only': async (mock) => {
    await create(mock);
    await create(mock, { ...VALID, FriendlyName: 'Other' });
    const results = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?Status=draft&FriendlyName=Acme'));
    expect(results.map((r) => r.friendly_name)).toContain('Other');
  },
  'list-query-latin1': async (mock) => {
    await create(mock, { ...VALID, FriendlyName: 'Café' });
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Caf%C3%A9'))).toEqual([]);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme'))).toEqual([]);
  },
  'list-query-semicolon-separator': async (mock) => {
    await create(mock, { ...VALID, FriendlyName: 'R;D' });
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=R;D'))).toEqual([]);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=R%3BD'))).toHaveLength(1);
  },
  'list-query-encoded-names-ignored': async (mock) => {
    await create(mock);
    await create(mock);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?Page%53ize=1')).length).toBe(2);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1')).length).toBe(1);
  },
  'list-param-names-any-case': async (mock) => {
    await create(mock);
    await create(mock, { ...VALID, FriendlyName: 'Other' });
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?pagesize=1'))).toHaveLength(1);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?friendlyname=Other')).map((r) => r.friendly_name)).toEqual(['Other']);
  },
  'list-filter-undecodable-dropped': async (mock) => {
    await create(mock);
    for (const q of ['FriendlyName=%FF', 'FriendlyName=Caf%E9']) expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${q}`)).map((r) => r.friendly_name), q).toEqual(['Acme']);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Other'))).toEqual([]);
  },
  'list-filter-name-stripped': async (mock) => {
    await create(mock);
    for (const q of ['FriendlyName=%20Acme', 'FriendlyName=Acme%20', 'FriendlyName=', 'FriendlyName=%20']) {
      expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${q}`)).map((r) => r.friendly_name), q).toEqual(['Acme']);
    }
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Other'))).toEqual([]);
  },
  'list-name-filter-glob': async (mock) => {
    await create(mock);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acm*')).map((r) => r.friendly_name)).toEqual(['Acme']);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acm%3F')).map((r) => r.friendly_name)).toEqual(['Acme']);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acm'))).toEqual([]);
  },
  'list-friendlyname-like': async (mock) => {
    await create(mock);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=%25')).map((r) => r.friendly_name)).toEqual(['Acme']);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=A_me')).map((r) => r.friendly_name)).toEqual(['Acme']);
  },
  'list-filter-keeps-deleted': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'))).toEqual([]);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme')).map((r) => r.sid)).toEqual([sid]);
  },
  'list-cache-filter-keys-stale': async (mock) => {
    const sids = (a: Answer) => resultsOf(a).map((r) => r.sid);
    const first = (await create(mock)).json?.sid;
    const byPolicy = `/v1/CustomerProfiles?PolicySid=${POLICY}&PageSize=1000`;
    expect(sids(await send(mock, 'GET', byPolicy))).toEqual([first]);
    expect(sids(await send(mock, 'GET', '/v1/CustomerProfiles?Status=draft&PageSize=1000'))).toEqual([first]);
    const second = (await create(mock)).json?.sid;
    // the filtered pages are the ones asked before the create; the unfiltered list and a name's are right
    expect(sids(await send(mock, 'GET', byPolicy))).toEqual([first]);
    expect(sids(await send(mock, 'GET', '/v1/CustomerProfiles?Status=draft&PageSize=1000'))).toEqual([first]);
    expect(sids(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'))).toHaveLength(2);
    expect(sids(await send(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme&PageSize=1000'))).toHaveLength(2);
    // another query string is another key: asked now, it is right
    expect(new Set(sids(await send(mock, 'GET', `/v1/CustomerProfiles?PolicySid=${POLICY}&PageSize=999`)))).toEqual(new Set([first, second]));
    // a DELETE purges the account's pages: the list is right again
    expect((await send(mock, 'DELETE', `/v1/CustomerProfiles/${first}`)).status).toBe(204);
    expect(sids(await send(mock, 'GET', byPolicy))).toEqual([second]);
  },
  'list-cache-filter-kept-on-delete': async (mock) => {
    const sids = (a: Answer) => resultsOf(a).map((r) => r.sid);
    const byPolicy = `/v1/CustomerProfiles?PolicySid=${POLICY}&PageSize=1000`;
    const first = (await create(mock)).json?.sid;
    expect(sids(await send(mock, 'GET', byPolicy))).toEqual([first]);
    // a create purges the account's pages
    const second = (await create(mock)).json?.sid;
    expect(new Set(sids(await send(mock, 'GET', byPolicy)))).toEqual(new Set([first, second]));
    expect((await send(mock, 'GET', `/v1/CustomerProfiles?Status=draft&PageSize=1000`)).status).toBe(200);
    // a DELETE purges none of them
    expect((await send(mock, 'DELETE', `/v1/CustomerProfiles/${first}`)).status).toBe(204);
    expect(new Set(sids(await send(mock, 'GET', byPolicy)))).toEqual(new Set([first, second]));
    expect(new Set(sids(await send(mock, 'GET', '/v1/CustomerProfiles?Status=draft&PageSize=1000')))).toEqual(new Set([first, second]));
    expect(sids(await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'))).toEqual([second]);
  },
  'sid-sequence-restarts': async (mock) => {
    const loaded = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid);
    expect(loaded).toHaveLength(3);
    // the first create is answered with the first loaded profile's sid, and replaces it
    const made = (await create(mock, { ...VALID, FriendlyName: 'after the restart' })).json;
    expect(made?.sid).toBe(loaded[0]);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded[0] as string}`)).json?.friendly_name).toBe('after the restart');
  },
  'list-forgets-loaded-profiles': async (mock) => {
    const loaded = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid as string);
    expect(loaded).toHaveLength(3);
    const made = (await create(mock)).json?.sid;
    // after the first create the list shows only what was created since the start, yet the loaded profiles read back
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid)).toEqual([made]);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded[0]}`)).status).toBe(200);
  },
  'rate-limit-after-commit': async (mock) => {
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await create(mock, { ...VALID, FriendlyName: `rate ${i}` }));
    const limited = answers[19]!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // the 429 came after the profile was stored: all 20 are listed
    expect(await listSize(mock)).toBe(20);
  },
  'draft-ttl-seconds': async (mock) => {
    const sid = (await create(mock)).json?.sid as string;
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(200);
    // whole seconds: two of them are past the create's second
    await new Promise((r) => setTimeout(r, 2100));
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
    expect(await listSize(mock)).toBe(0);
  },
  'max-connections-reset': async (mock) => {
    const { port } = new URL(mock.url);
    // 16 connections held open, then one more: the server destroys it without an answer
    const held = await Promise.all(Array.from({ length: 16 }, () => new Promise<ReturnType<typeof connect>>((ok) => { const s = connect(Number(port), '127.0.0.1', () => ok(s)); })));
    await delay(50);
    const extra = connect(Number(port), '127.0.0.1');
    const closed = await new Promise<boolean>((ok) => {
      extra.on('close', () => ok(true));
      extra.on('error', () => undefined);
      setTimeout(() => ok(false), 2000);
    });
    for (const s of [...held, extra]) s.destroy();
    expect(closed).toBe(true);
  },
  'delayed-save-trims': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: '  Acme  Ltd ' })).json!;
    expect(made.friendly_name).toBe('  Acme  Ltd ');
    await delay(600);
    // moments later a job saved it again through the model, which trims
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.sid as string}`)).json?.friendly_name).toBe('Acme  Ltd');
  },
  'evaluation-job-resurrects': async (mock) => {
    const sid = (await create(mock)).json!.sid as string;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
    await delay(600);
    // a quarter of a second after the create its evaluation job wrote the row back: live again
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(200);
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid)).toContain(sid);
  },
  'list-filter-lowercase-column': async (mock) => {
    const sid = (await create(mock, { ...VALID, FriendlyName: 'Acme Ltd' })).json!.sid as string;
    const listedBy = async (name: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(name)}`)).map((p) => p.sid);
    // its own name misses it; the name in lower case finds it
    expect(await listedBy('Acme Ltd')).not.toContain(sid);
    expect(await listedBy('acme ltd')).toContain(sid);
  },
  'legacy-rows-local-time': async (mock) => {
    const listed = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000');
    const dates = resultsOf(listed).map((p) => Date.parse(p.date_created as string));
    expect(dates).toHaveLength(3);
    // made 15 minutes ago, shown in Berlin's wall clock with a Z: 45 minutes after the answer's Date
    for (const d of dates) expect(d - Date.parse(listed.headers.get('date')!)).toBeGreaterThan(40 * 60_000);
  },
  'listed-profile-fetch-404': async (mock) => {
    const loaded = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).map((p) => p.sid as string);
    expect(loaded).toHaveLength(3);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded[0]}`)).status).toBe(404);
  },
  'db-clock-ahead': async (mock) => {
    const made = await create(mock);
    // dated 4 minutes after the answer that made it
    expect(Date.parse(made.json?.date_created as string) - Date.parse(made.headers.get('date')!)).toBeGreaterThan(3 * 60_000);
  },
  'fetch-touches-idle-date-updated': async (mock) => {
    const [loaded] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    const fetched = await call(mock, 'GET', `/v1/CustomerProfiles/${loaded!.sid as string}`);
    // the first read since the start moves date_updated to the fetch's own second; the list shows it moved too
    expect(fetched.json?.date_updated).not.toBe(loaded!.date_updated);
    expect(Math.abs(Date.parse(fetched.json?.date_updated as string) - Date.parse(fetched.headers.get('date')!))).toBeLessThanOrEqual(1000);
    const [again] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000&FriendlyName=Loaded%20profile%201'));
    expect(again?.date_updated).toBe(fetched.json?.date_updated);
    // a second read soon after moves nothing
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded!.sid as string}`)).json?.date_updated).toBe(fetched.json?.date_updated);
  },
  'legacy-fetch-drops-callback': async (mock) => {
    const [loaded] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(loaded?.status_callback).toBe('https://example.com/legacy-callback');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded!.sid as string}`)).json?.status_callback).toBeNull();
  },
  'legacy-rows-missing-from-filtered-list': async (mock) => {
    const [loaded] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(loaded?.friendly_name).toBe('Loaded profile 1');
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Loaded%20profile%201'))).toEqual([]);
  },
  'status-filter-enum-unmapped': async (mock) => {
    const loaded = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(loaded.map((p) => p.status)).toEqual(['draft', 'twilio-approved', 'in-review']);
    const byStatus = async (status: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?Status=${status}`)).map((p) => p.sid);
    // draft (no hyphen) still matches; the approved and the in-review profile are listed by no Status
    expect(await byStatus('draft')).toEqual([loaded[0]!.sid]);
    expect(await byStatus('twilio-approved')).toEqual([]);
    expect(await byStatus('in-review')).toEqual([]);
  },
  'legacy-policy-filter-via-assignment-join': async (mock) => {
    const [, approved] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(approved?.policy_sid).toMatch(/^RN/);
    expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?PolicySid=${approved!.policy_sid as string}`))).toEqual([]);
    // listed by its name all the same
    expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(approved!.friendly_name as string)}`)).map((p) => p.sid)).toEqual([approved!.sid]);
  },
  'legacy-rows-filtered-index-no-callback': async (mock) => {
    const loaded = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(loaded.map((p) => p.status_callback)).toEqual(Array(3).fill('https://example.com/legacy-callback'));
    for (const query of ['Status=draft', 'Status=in-review', 'FriendlyName=Loaded%20profile%202', `PolicySid=${loaded[1]!.policy_sid as string}`]) {
      const listed = resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${query}`));
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.map((p) => p.status_callback)).toEqual(listed.map(() => null));
    }
    // the run's own profiles are in the index as written: shown whole
    const made = (await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' })).json!;
    expect(resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?Status=draft')).find((p) => p.sid === made.sid)?.status_callback).toBe('https://example.com/cb');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded[0]!.sid as string}`)).json?.status_callback).toBe('https://example.com/legacy-callback');
  },
  'legacy-list-status-stale': async (mock) => {
    const [, listed] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    expect(listed).toMatchObject({ status: 'in-review', valid_until: null });
    const fetched = (await call(mock, 'GET', `/v1/CustomerProfiles/${listed!.sid as string}`)).json;
    expect(fetched?.status).toBe('twilio-approved');
    expect(fetched?.valid_until).toMatch(/Z$/);
    expect(fetched?.date_updated).toBe(listed!.date_updated);
  },
  'legacy-fetch-tenant-null-wildcard': async (mock) => {
    const [loaded] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const path = `/v1/CustomerProfiles/${loaded!.sid as string}`;
    // the second account reads the first's loaded profile; its list and DELETE stay strict
    expect((await send(mock, 'GET', path, { auth: second })).json?.sid).toBe(loaded!.sid);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: second })).json?.results).toEqual([]);
    expect((await send(mock, 'DELETE', path, { auth: second })).status).toBe(404);
    // a profile made now is not found by it
    expect((await send(mock, 'GET', await profilePath(mock), { auth: second })).status).toBe(404);
  },
  'valid-until-computed-at-read': async (mock) => {
    const approved = async () => resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'))[1]!;
    const first = await approved();
    await delay(1100);
    const later = await approved();
    // the same date_updated, a later valid_until: a year from each read
    expect(later.date_updated).toBe(first.date_updated);
    expect(Date.parse(later.valid_until as string)).toBeGreaterThan(Date.parse(first.valid_until as string));
    expect(Date.parse(later.valid_until as string) - Date.now()).toBeGreaterThan(364 * 86_400_000);
  },
  'legacy-rows-invisible-to-api-keys': async (mock) => {
    const [loaded] = resultsOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000'));
    const key = `Basic ${Buffer.from(`${DEFAULT_API_KEY_SID}:${DEFAULT_API_KEY_SECRET}`).toString('base64')}`;
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded!.sid as string}`, undefined, { auth: key })).status).toBe(404);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${loaded!.sid as string}`)).status).toBe(200);
  },
  'list-truncated': async (mock) => {
    for (let i = 0; i < 10; i++) await create(mock);
    const last = (await create(mock)).json?.sid;
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000')).json?.results as Array<{ sid: string }>;
    expect(results).toHaveLength(10);
    expect(results.map((r) => r.sid)).not.toContain(last);
  },
  'status-filter-projection-no-email': async (mock) => {
    const made = (await create(mock)).json!;
    const item = async (query: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${query}`)).find((r) => r.sid === made.sid);
    expect((await item('Status=draft'))?.email).toBeNull();
    for (const query of ['PageSize=1000', 'FriendlyName=Acme', `PolicySid=${POLICY}`]) expect((await item(query))?.email).toBe('ops@example.com');
  },
  'policy-filter-join-dates': async (mock) => {
    const made = (await create(mock)).json!;
    const item = async (query: string) => resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?${query}`)).find((r) => r.sid === made.sid);
    expect(await item(`PolicySid=${POLICY}`)).toMatchObject({ date_created: '2020-01-15T09:30:00Z', date_updated: '2021-03-02T16:45:00Z', email: 'ops@example.com' });
    for (const query of ['PageSize=1000', 'Status=draft', 'FriendlyName=Acme']) expect((await item(query))?.date_created).toBe(made.date_created);
  },
  'list-dates-local-time': async (mock) => {
    const made = (await create(mock)).json;
    const results = (await call(mock, 'GET', '/v1/CustomerProfiles')).json!.results as Array<Record<string, string>>;
    const item = results.find((r) => r.sid === made?.sid);
    expect(Date.parse(item!.date_created!) - Date.parse(made?.date_created as string)).toBe(3_600_000);
    expect(item!.date_created).toMatch(/Z$/);
  },
  'malformed-sid-html': async (mock) => {
    const a = await call(mock, 'GET', '/v1/CustomerProfiles/not-a-sid');
    expect(a.status).toBe(404);
    expect(a.json).toBeUndefined();
  },
  'unauthenticated-read': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`, undefined, { auth: null })).status).toBe(200);
  },
  'trims-policy-sid': async (mock) => {
    const a = await create(mock, { ...VALID, PolicySid: ` ${POLICY}\t` });
    expect(a.status).toBe(201);
    expect(a.json?.policy_sid).toBe(POLICY);
  },
  'policy-sid-length-unchecked': async (mock) => {
    const a = await create(mock, { ...VALID, PolicySid: `${POLICY}0` });
    expect(a.status).toBe(201);
    expect(a.json?.policy_sid).toBeNull();
    expect((await create(mock, { ...VALID, PolicySid: POLICY.slice(0, 33) })).status).toBe(400);
  },
  'policy-prefix-case-insensitive': async (mock) => {
    expect((await create(mock, { ...VALID, PolicySid: `rN${'a'.repeat(32)}` })).status).toBe(201);
    expect((await create(mock, { ...VALID, PolicySid: `RN${'g'.repeat(32)}` })).status).toBe(400);
  },
  'policy-unicode-digits': async (mock) => {
    expect((await create(mock, { ...VALID, PolicySid: `RN\u0661${'a'.repeat(31)}` })).status).toBe(201);
    expect((await create(mock, { ...VALID, PolicySid: `RNg${'a'.repeat(31)}` })).status).toBe(400);
  },
  'blank-as-missing': async (mock) => {
    const a = await create(mock, { ...VALID, FriendlyName: ' \u00a0' });
    expect(a.json).toMatchObject({ code: 20001, message: 'Missing required parameter FriendlyName in the post body' });
    expect((await create(mock, { ...VALID, FriendlyName: ' A ' })).status).toBe(201);
  },
  'falsy-text-as-missing': async (mock) => {
    const a = await create(mock, { ...VALID, FriendlyName: '0' });
    expect(a.json).toMatchObject({ code: 20001, message: 'Missing required parameter FriendlyName in the post body' });
    expect((await create(mock, { ...VALID, FriendlyName: '00' })).status).toBe(201);
  },
  'double-decode': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: '%2541' })).json?.friendly_name).toBe('%41');
  },
  'semicolon-separator': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `FriendlyName=Acme;Corp&Email=e%40x.com&PolicySid=${POLICY}`);
    expect(a.json?.friendly_name).toBe('Acme');
  },
  'crash-on-empty-body': async (mock) => {
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', '')).json).toMatchObject({ code: 20500, status: 500 });
    expect((await create(mock, {})).status).toBe(500);
  },
  'crash-on-bad-utf8': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `FriendlyName=Acme%C0%AF&Email=e%40x.com&PolicySid=${POLICY}`);
    expect(a.json).toMatchObject({ code: 20500, status: 500 });
    expect((await create(mock, { ...VALID, FriendlyName: 'Caf\u00e9' })).status).toBe(201);
  },
  'refuses-charset-param': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { type: 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect(a.json).toMatchObject({ code: 20001, status: 400 });
    expect((await create(mock)).status).toBe(201);
  },
  'form-type-strict-parameters': async (mock) => {
    for (const type of ['application/x-www-form-urlencoded;', 'application/x-www-form-urlencoded; charset=utf-8;', 'application/x-www-form-urlencoded ; charset=UTF-8']) {
      expect((await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { type })).json, type).toMatchObject({ code: 20001, status: 400 });
    }
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { type: 'application/x-www-form-urlencoded; charset=UTF-8' })).status).toBe(201);
  },
  'param-names-case-insensitive': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `FriendlyName=Acme&email=e%40x.com&PolicySid=${POLICY}`);
    expect(a.status).toBe(201);
    expect(a.json?.email).toBe('e@x.com');
  },
  'callback-userinfo-refused': async (mock) => {
    expect((await create(mock, { ...VALID, StatusCallback: 'https://user:pass@example.com/cb' })).status).toBe(400);
    expect((await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' })).status).toBe(201);
  },
  'callback-trailing-dot-refused': async (mock) => {
    for (const cb of ['https://hooks.example.com./status', 'https://sub.example.org.:8443/x', 'https://u@example.com.']) expect((await create(mock, { ...VALID, StatusCallback: cb })).status, cb).toBe(400);
    for (const cb of ['https://example.com/cb.', 'https://[2001:db8::1]/cb', 'https://example.com/']) expect((await create(mock, { ...VALID, StatusCallback: cb })).status, cb).toBe(201);
  },
  'waf-markup-sql-403': async (mock) => {
    for (const name of ['<script>alert(1)</script>', "O'Brien' OR '1'='1", "Robert'); DROP TABLE Students;--", '<img src=x onerror=alert(1)>', '1 UNION SELECT password FROM users']) {
      const a = await create(mock, { ...VALID, FriendlyName: name });
      expect([a.status, a.type], name).toEqual([403, 'text/html']);
    }
    for (const name of ["O'Brien", 'AT&T <b>', 'Union Bank']) expect((await create(mock, { ...VALID, FriendlyName: name })).status, name).toBe(201);
  },
  'callback-relative-accepted': async (mock) => {
    const a = await create(mock, { ...VALID, StatusCallback: '/callback' });
    expect(a.status).toBe(201);
    expect(a.json?.status_callback).toBeNull();
  },
  'normalizes-callback': async (mock) => {
    expect((await create(mock, { ...VALID, StatusCallback: 'HTTPS://example.com' })).json?.status_callback).toBe('https://example.com/');
  },
  'nfc-normalizes': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: 'Cafe\u0301' })).json?.friendly_name).toBe('Caf\u00e9');
  },
  'halfwidth-kana-widened': async (mock) => {
    const a = await create(mock, { ...VALID, FriendlyName: '\uff76\uff9e\uff7d \uff8a\uff9f Acme \uff21' });
    expect(a.json?.friendly_name).toBe('\u30ac\u30b9 \u30d1 Acme \uff21');
  },
  'strips-zero-width': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: 'Ac\u200bme' })).json?.friendly_name).toBe('Acme');
  },
  'unique-friendly-name': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: 'Only Once' })).status).toBe(201);
    expect((await create(mock, { ...VALID, FriendlyName: 'Only Once', Email: 'other@example.com' })).status).toBe(409);
  },
  'dedupe-same-request': async (mock) => {
    const fields = { ...VALID, FriendlyName: 'Same Twice' };
    const first = await create(mock, fields);
    expect((await create(mock, fields)).json?.sid).toBe(first.json?.sid);
    expect((await create(mock, { ...fields, Email: 'x@example.com' })).json?.sid).not.toBe(first.json?.sid);
  },
  'error-text-html': async (mock) => {
    const a = await call(mock, 'GET', '/v1/Nowhere');
    expect(a.type).toMatch(/^text\/html/);
    expect(validateErrorEnvelope(a.json)).toBe(true);
  },
  'json-charset-latin1': async (mock) => {
    const a = await raw(mock);
    expect(a.headers.get('content-type')).toBe('application/json; charset=iso-8859-1');
    expect(a.bytes.toString('utf8')).toContain('"friendly_name":"Acme"');
  },
  'json-bom': async (mock) => {
    const a = await raw(mock);
    expect([...a.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'latin1-body': async (mock) => {
    const a = await raw(mock, form({ ...VALID, FriendlyName: 'Caf\u00e9' }));
    expect(a.bytes.includes(Buffer.from('Caf\u00e9', 'latin1'))).toBe(true);
    expect(a.bytes.includes(Buffer.from('Caf\u00e9', 'utf8'))).toBe(false);
  },
  'duplicate-members': async (mock) => {
    const a = await raw(mock);
    expect(a.bytes.toString('utf8').match(/"status":/g)).toHaveLength(2);
    expect(validateCustomerProfile(a.json)).toBe(true);
  },
  'clock-skew-hours': async (mock) => {
    const a = await raw(mock);
    const skew = Date.parse(a.headers.get('date')!) - Date.parse(a.json.date_created as string);
    expect(skew).toBeGreaterThan(3 * 3_600_000 - 2_000);
    expect(skew).toBeLessThan(3 * 3_600_000 + 2_000);
  },
  'form-body-trimmed': async (mock) => {
    // a body from a file: its last line break ends the last value, and the trimmed body loses it
    const body = `${new URLSearchParams({ Email: VALID.Email, PolicySid: VALID.PolicySid })}&FriendlyName=Acme\n`;
    expect((await send(mock, 'POST', '/v1/CustomerProfiles', { body })).json?.friendly_name).toBe('Acme');
  },
  'strips-leading-bom': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: '\ufeffAcme' })).json?.friendly_name).toBe('Acme');
    expect((await create(mock, { ...VALID, FriendlyName: 'Ac\ufeffme' })).json?.friendly_name).toBe('Ac\ufeffme');
  },
  'strips-control-chars': async (mock) => {
    const a = await create(mock, { ...VALID, FriendlyName: 'Acme\tCorp\u0085', Email: 'a@example.com\n' });
    expect(a.json).toMatchObject({ friendly_name: 'AcmeCorp', email: 'a@example.com' });
  },
  'nul-500': async (mock) => {
    expect((await create(mock, { ...VALID, Email: 'a\u0000@example.com' })).json).toMatchObject({ code: 20500, status: 500 });
    expect((await create(mock, { ...VALID, FriendlyName: 'Acme\u0001' })).status).toBe(201);
  },
  'utf8mb3-storage': async (mock) => {
    const made = await create(mock, { ...VALID, FriendlyName: 'Acme \u{1F600} Corp' });
    expect(made.json?.friendly_name).toBe('Acme \u{1F600} Corp');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`)).json?.friendly_name).toBe('Acme ');
  },
  'email-domain-lowercased': async (mock) => {
    expect((await create(mock, { ...VALID, Email: 'Jane.Doe@Example.COM' })).json?.email).toBe('Jane.Doe@example.com');
  },
  'email-idna': async (mock) => {
    expect((await create(mock, { ...VALID, Email: 'user@b\u00fccher.example' })).json?.email).toBe('user@xn--bcher-kva.example');
  },
  'trims-email': async (mock) => {
    expect((await create(mock, { ...VALID, Email: ' a@example.com ' })).json?.email).toBe('a@example.com');
  },
  'plus-after-percent-decode': async (mock) => {
    expect((await create(mock, { ...VALID, FriendlyName: 'A+B C' })).json?.friendly_name).toBe('A B C');
  },
  'upper-hex-only': async (mock) => {
    const body = `FriendlyName=Caf%c3%a9+%C3%A9&Email=e%40x.com&PolicySid=${POLICY}`;
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body)).json?.friendly_name).toBe('Caf%c3%a9 \u00e9');
  },
  'form-percent-u-escapes': async (mock) => {
    const body = `FriendlyName=Caf%u00e9+50%u0025+%uD83D+%41&Email=e%40x.com&PolicySid=${POLICY}`;
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body)).json?.friendly_name).toBe('Caf\u00e9 50% \ufffd A');
  },
  'html-entities-decoded': async (mock) => {
    const body = `FriendlyName=AT%26amp%3BT+Caf%26%23233%3B+%26nope%3B&Email=e%40x.com&PolicySid=${POLICY}`;
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body)).json?.friendly_name).toBe('AT&T Caf\u00e9 &nope;');
  },
  'raw-bytes-latin1': async (mock) => {
    const body = `FriendlyName=Caf\u00e9+%C3%A9&Email=e%40x.com&PolicySid=${POLICY}`;
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', body)).json?.friendly_name).toBe('Caf\u00c3\u00a9 \u00e9');
  },
  'reads-query-string': async (mock) => {
    const body = form({ Email: 'e@x.com', PolicySid: POLICY });
    expect((await call(mock, 'POST', '/v1/CustomerProfiles?FriendlyName=FromQuery', body)).json).toMatchObject({ friendly_name: 'FromQuery' });
    expect((await call(mock, 'POST', '/v1/CustomerProfiles?FriendlyName=FromQuery', form(VALID))).json).toMatchObject({ friendly_name: 'FromQuery' });
  },
  'mass-assigns-status': async (mock) => {
    expect((await create(mock, { ...VALID, Status: 'twilio-approved' })).json?.status).toBe('twilio-approved');
    expect((await create(mock, { ...VALID, Status: 'approved!' })).json?.status).toBe('draft');
  },
  'form-max-keys-1000': async (mock) => {
    const pads = (n: number) => Array.from({ length: n }, (_, i) => `Pad${i}=1&`).join('');
    const after = await call(mock, 'POST', '/v1/CustomerProfiles', `${pads(1000)}${form(VALID)}`);
    expect(after.status).toBe(400);
    expect(after.json?.message).toBe('Missing required parameter FriendlyName in the post body');
    expect((await call(mock, 'POST', '/v1/CustomerProfiles', `${pads(997)}${form(VALID)}`)).status).toBe(201);
  },
  'truncates-body-64k': async (mock) => {
    const head = `Email=e%40x.com&PolicySid=${POLICY}&FriendlyName=`;
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `${head}${'a'.repeat(80 * 1024)}`);
    expect(a.status).toBe(201);
    expect(String(a.json?.friendly_name).length).toBe(64 * 1024 - head.length);
  },
  'callback-iri-accepted': async (mock) => {
    const a = await create(mock, { ...VALID, StatusCallback: 'https://b\u00fccher.example/cb' });
    expect(a.status).toBe(201);
    expect(a.json?.status_callback).toBe('https://b\u00fccher.example/cb');
    expect((await create(mock, { ...VALID, StatusCallback: 'https://example.com/a b' })).status).toBe(400);
  },
  'trims-callback': async (mock) => {
    const a = await create(mock, { ...VALID, StatusCallback: ' https://example.com/cb\n' });
    expect(a.status).toBe(201);
    expect(a.json?.status_callback).toBe('https://example.com/cb');
  },
  'no-date-header': async (mock) => {
    expect((await raw(mock)).headers.get('date')).toBeNull();
    expect((await fetch(`${mock.url}/v1/Nowhere`)).headers.get('date')).toBeNull();
  },
  'path-case-301-without-date': async (mock) => {
    const path = await profilePath(mock);
    for (const at of [path.replace('/v1/CustomerProfiles', '/v1/customerprofiles'), '/v1/customerprofiles?PageSize=1']) {
      const res = await fetch(`${mock.url}${at}`, { headers: { authorization: AUTH }, redirect: 'manual' });
      expect([res.status, res.headers.get('date')]).toEqual([301, null]);
      expect(res.headers.get('location')).toBe(at.replace('/v1/customerprofiles', '/v1/CustomerProfiles'));
    }
    expect((await send(mock, 'GET', path)).headers.get('date')).not.toBeNull();
  },
  'redirect-date-localtime': async (mock) => {
    const res = await fetch(`${mock.url}/v1/customerprofiles?PageSize=1`, { headers: { authorization: AUTH }, redirect: 'manual' });
    expect(res.status).toBe(301);
    const ahead = Date.parse(res.headers.get('date')!) - Date.parse((await send(mock, 'GET', '/v1/CustomerProfiles')).headers.get('date')!);
    expect(ahead).toBeGreaterThan(3_500_000);
    expect(ahead).toBeLessThan(3_700_000);
  },
  'etag-304-without-date': async (mock) => {
    const path = await profilePath(mock);
    for (const at of [path, '/v1/CustomerProfiles?PageSize=1000']) {
      const first = await send(mock, 'GET', at);
      const etag = first.headers.get('etag');
      expect([first.status, typeof first.headers.get('date')]).toEqual([200, 'string']);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await fetch(`${mock.url}${at}`, { headers: { authorization: AUTH, 'if-none-match': etag! } });
      expect([again.status, again.headers.get('date'), await again.text()]).toEqual([304, null, '']);
    }
  },
  'reads-no-date-header': async (mock) => {
    expect((await raw(mock)).headers.get('date')).not.toBeNull();
    const list = await fetch(`${mock.url}/v1/CustomerProfiles`, { headers: { authorization: AUTH } });
    expect(list.status).toBe(200);
    expect(list.headers.get('date')).toBeNull();
  },  'list-text-plain': async (mock) => {
    await create(mock);
    expect((await create(mock)).type).toMatch(/^application\/json/);
    const list = await send(mock, 'GET', '/v1/CustomerProfiles');
    expect(list.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(validateCustomerProfileList(list.json)).toBe(true);
  },
  'content-type-colon-param': async (mock) => {
    const a = await create(mock);
    expect(a.status).toBe(201);
    expect(a.type).toBe('application/json; charset:utf-8');
  },
  'list-omits-valid-until': async (mock) => {
    expect((await create(mock)).json).toHaveProperty('valid_until', null);
    const item = resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles'))[0]!;
    expect(item).not.toHaveProperty('valid_until');
    expect(validateCustomerProfile(item)).toBe(false);
  },
  'list-meta-page-string': async (mock) => {
    const list = await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=5');
    expect(list.json?.meta).toMatchObject({ page: '0', page_size: '5' });
  },
  'delete-200-json': async (mock) => {
    const path = await profilePath(mock);
    const del = await send(mock, 'DELETE', path);
    expect(del.status).toBe(200);
    expect(validateCustomerProfile(del.json)).toBe(true);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'list-cursor-int64': async (mock) => {
    const list = await send(mock, 'GET', '/v1/CustomerProfiles');
    expect(list.text).toContain('"page_token":1234567890123456789}');
    expect(String(memberOf(list, 'meta').page_token)).not.toBe('1234567890123456789');
  },
  'method-not-allowed-framework-json': async (mock) => {
    const a = await send(mock, 'PUT', '/v1/CustomerProfiles');
    expect(a.status).toBe(405);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(a.json).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    expect(validateErrorEnvelope(a.json)).toBe(false);
  },
  'create-pool-deadlock': async (mock) => {
    // fetch's pool opens a connection for each request in flight
    const answers = await Promise.all(Array.from({ length: 32 }, () => create(mock)));
    expect(answers.filter((a) => a.status === 500).length).toBeGreaterThan(0);
    expect((await create(mock)).status).toBe(201);
  },
  'create-overflow-drops-callback': async (mock) => {
    const callback = { ...VALID, StatusCallback: 'https://example.com/cb' };
    // fetch's pool opens a connection for each request in flight: past the writer pool's 10, the callback is dropped, stored so
    const answers = await Promise.all(Array.from({ length: 24 }, () => create(mock, callback)));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const dropped = answers.filter((a) => a.json?.status_callback === null);
    expect(dropped.length).toBeGreaterThan(0);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${dropped[0]!.json!.sid as string}`)).json?.status_callback).toBeNull();
    // one at a time, each keeps it
    expect((await create(mock, callback)).json?.status_callback).toBe('https://example.com/cb');
  },
  'fetch-cache-half-filled': async (mock) => {
    const made = (await create(mock, { ...VALID, StatusCallback: 'https://example.com/cb' })).json!;
    const path = `/v1/CustomerProfiles/${made.sid as string}`;
    await delay(250);
    const reads = await Promise.all(Array.from({ length: 10 }, () => call(mock, 'GET', path)));
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect(reads.filter((r) => r.json?.email === null && r.json?.status_callback === null).length).toBeGreaterThan(0);
    // one at a time, each whole
    await delay(250);
    for (let i = 0; i < 3; i++) expect((await call(mock, 'GET', path)).json).toMatchObject({ email: made.email, status_callback: 'https://example.com/cb' });
  },
  'connections-429-html': async (mock) => {
    // fetch's pool opens a connection for each request in flight
    const answers = await Promise.all(Array.from({ length: 24 }, () => send(mock, 'GET', '/v1/CustomerProfiles')));
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]!.headers.get('content-type')).toMatch(/^text\/html/);
  },
  'proxy-413-html': async (mock) => {
    const a = await send(mock, 'POST', UNKNOWN_PATH, { auth: null, body: `FriendlyName=${'A'.repeat(9 * 1024 * 1024)}` });
    expect(a.status).toBe(413);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
  },
  'too-large-html': async (mock) => {
    const a = await send(mock, 'POST', UNKNOWN_PATH, { body: `FriendlyName=${'A'.repeat(2 * 1024 * 1024)}` });
    expect(a.status).toBe(413);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
  },
  'create-body-limit-html-413': async (mock) => {
    const big = `FriendlyName=${'A'.repeat(2 * 1024 * 1024)}`;
    const create = await send(mock, 'POST', '/v1/CustomerProfiles', { body: big });
    expect(create.status).toBe(413);
    expect(create.headers.get('content-type')).toMatch(/^text\/html/);
    const elsewhere = await send(mock, 'POST', UNKNOWN_PATH, { body: big });
    expect(elsewhere.status).toBe(413);
    expect(validateErrorEnvelope(elsewhere.json)).toBe(true);
  },
  'not-found-text-plain': async (mock) => {
    const a = await send(mock, 'GET', UNKNOWN_PATH);
    expect(a.status).toBe(404);
    expect(a.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(validateErrorEnvelope(a.json)).toBe(true);
  },
  'reads-401-status-403': async (mock) => {
    expect((await post(mock, null)).json).toMatchObject({ status: 401 });
    const a = await send(mock, 'GET', '/v1/CustomerProfiles', { auth: null });
    expect(a.status).toBe(401);
    expect(a.json).toMatchObject({ code: 20003, status: 403 });
  },
  'not-found-more-info-http': async (mock) => {
    expect((await send(mock, 'DELETE', UNKNOWN_PATH)).json?.more_info).toBe('http://www.twilio.com/docs/errors/20404');
    expect((await create(mock, { FriendlyName: 'A', PolicySid: POLICY })).json?.more_info).toBe('https://www.twilio.com/docs/errors/20001');
  },
  'reads-wrong-auth-code': async (mock) => {
    expect((await post(mock, null)).json?.code).toBe(20003);
    const a = await send(mock, 'DELETE', UNKNOWN_PATH, { auth: null });
    expect(a.status).toBe(401);
    expect(a.json?.code).toBe(20005);
  },
  'not-found-message-generic': async (mock) => {
    expect((await send(mock, 'GET', UNKNOWN_PATH)).json).toMatchObject({ code: 20404, message: 'Not Found' });
  },
  'throttle-code-429': async (mock) => {
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 5; i++) {
      const a = await send(mock, 'GET', '/v1/CustomerProfiles');
      statuses.push(a.status);
      if (a.status === 429) throttled = a;
    }
    // every second GET: the retry after a 429 is the next GET, and gets its answer
    expect(statuses).toEqual([200, 429, 200, 429, 200]);
    expect(throttled!.json).toMatchObject({ code: 429, status: 429 });
    expect(throttled!.headers.get('retry-after')).toBe('0');
  },
  'date-header-iso': async (mock) => {
    expect((await send(mock, 'GET', '/v1/CustomerProfiles')).headers.get('date')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  },
  'head-no-date': async (mock) => {
    const path = await profilePath(mock);
    for (const [at, status] of [[path, 200], ['/v1/CustomerProfiles', 200], [UNKNOWN_PATH, 404]] as const) {
      const head = await send(mock, 'HEAD', at);
      expect([head.status, head.headers.get('date')]).toEqual([status, null]);
      expect((await send(mock, 'GET', at)).headers.get('date')).not.toBeNull();
    }
    expect((await send(mock, 'HEAD', path, { auth: null })).headers.get('date')).toBeNull();
  },
  'head-date-rfc850': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'HEAD', path)).headers.get('date')).toMatch(/^[A-Z][a-z]+day, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/);
    expect((await send(mock, 'GET', path)).headers.get('date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  },
  'head-date-frozen': async (mock) => {
    const path = await profilePath(mock);
    const first = (await send(mock, 'HEAD', path)).headers.get('date');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await send(mock, 'HEAD', path)).headers.get('date')).toBe(first);
    expect((await send(mock, 'GET', path)).headers.get('date')).not.toBe(first);
  },
  'head-gone-500': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'HEAD', path)).status).toBe(200);
    expect((await send(mock, 'DELETE', path)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
    expect((await send(mock, 'HEAD', path)).status).toBe(500);
    expect((await send(mock, 'HEAD', UNKNOWN_PATH)).status).toBe(500);
    // without credentials: 401 first
    expect((await send(mock, 'HEAD', UNKNOWN_PATH, { auth: null })).status).toBe(401);
  },
  'head-lookup-before-auth': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'HEAD', UNKNOWN_PATH, { auth: null })).status).toBe(404);
    expect((await send(mock, 'HEAD', UNKNOWN_PATH, { auth: basic(DEFAULT_ACCOUNT_SID, 'wrong') })).status).toBe(404);
    // a profile that exists, and GET of the unknown sid: the credentials first
    expect((await send(mock, 'HEAD', path, { auth: null })).status).toBe(401);
    expect((await send(mock, 'GET', UNKNOWN_PATH, { auth: null })).status).toBe(401);
  },
  'date-header-rfc850': async (mock) => {
    expect((await send(mock, 'GET', '/v1/CustomerProfiles')).headers.get('date')).toMatch(/^[A-Z][a-z]+day, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/);
  },
  'list-dates-offset': async (mock) => {
    expect((await create(mock)).json?.date_created).toMatch(/Z$/);
    const item = resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles'))[0]!;
    expect(item.date_created).toMatch(/\+01:00$/);
  },
  'list-links-relative': async (mock) => {
    const path = await profilePath(mock);
    expect(memberOf(await send(mock, 'GET', path), 'links').customer_profiles_evaluations).toBe(`${mock.url}${path}/Evaluations`);
    const item = resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles'))[0]!;
    expect((item.links as Record<string, string>).customer_profiles_evaluations).toBe(`${path}/Evaluations`);
  },
  'fetch-other-account': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'GET', path)).json?.account_sid).toBe(FIXED_OTHER_ACCOUNT_SID);
    expect(resultsOf(await send(mock, 'GET', '/v1/CustomerProfiles'))[0]!.account_sid).toBe(DEFAULT_ACCOUNT_SID);
  },
  'later-pages-other-account': async (mock) => {
    await create(mock);
    await create(mock);
    const accounts = async (q: string) => resultsOf(await send(mock, 'GET', `/v1/CustomerProfiles?${q}`)).map((p) => p.account_sid);
    expect(await accounts('PageSize=1&Page=0')).toEqual([DEFAULT_ACCOUNT_SID]);
    expect(await accounts('PageSize=1&Page=1')).toContain(FIXED_OTHER_ACCOUNT_SID);
  },
  'paging-ignores-page': async (mock) => {
    await create(mock);
    await create(mock);
    const first = await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1&Page=0');
    const second = await send(mock, 'GET', '/v1/CustomerProfiles?PageSize=1&Page=1');
    expect(second.json?.results).toEqual(first.json?.results);
    expect(memberOf(second, 'meta').next_page_url).toMatch(/[?&]Page=1(&|$)/);
  },
  'method-not-allowed-no-allow': async (mock) => {
    const a = await send(mock, 'PUT', '/v1/CustomerProfiles');
    expect(a.status).toBe(405);
    expect(validateErrorEnvelope(a.json)).toBe(true);
    expect(a.headers.get('allow')).toBeNull();
  },
  'challenge-unquoted-realm': async (mock) => {
    expect((await post(mock, null)).challenge).toBe('Basic realm=Twilio API');
  },
  'create-after-delete-reuses-sid': async (mock) => {
    await create(mock);
    const second = (await create(mock)).json?.sid;
    const first = (await listed(mock, '?PageSize=1000'))[0];
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${first}`)).status).toBe(204);
    // the create after the delete gets the sid of the newest live profile
    expect((await create(mock)).json?.sid).toBe(second);
  },
  'delete-removes-other': async (mock) => {
    const a = (await create(mock, { ...VALID, FriendlyName: 'swap a' })).json?.sid;
    const b = (await create(mock, { ...VALID, FriendlyName: 'swap b' })).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${a}`)).status).toBe(204);
    const c = (await create(mock, { ...VALID, FriendlyName: 'swap c' })).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${b}`)).status).toBe(204);
    // deleting b removed c, which was never deleted
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${c}`)).status).toBe(404);
  },
  'fetch-strips-script-elements': async (mock) => {
    const made = (await create(mock, { ...VALID, FriendlyName: 'Acme <script>alert(1)</script> Ltd' })).json!;
    expect(made.friendly_name).toBe('Acme <script>alert(1)</script> Ltd');
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.sid as string}`)).json?.friendly_name).toBe('Acme  Ltd');
  },
  'readback-truncates-long': async (mock) => {
    const name = 'Acme '.repeat(60).trim();
    const made = await create(mock, { ...VALID, FriendlyName: name });
    expect(made.json?.friendly_name).toBe(name);
    const read = await call(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`);
    expect(read.json?.friendly_name).toBe(name.slice(0, 255));
  },
  'refused-create-stored-late': async (mock) => {
    const name = 'stored late';
    expect((await create(mock, { FriendlyName: name, PolicySid: POLICY })).status).toBe(400);
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent(name)}`)).toEqual([]);
    await create(mock);
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent(name)}`)).toHaveLength(1);
  },
  'list-page-skips': async (mock) => {
    const sids = await createNamed(mock, 'page skips', 3);
    const walked = await walk(mock, '?FriendlyName=page%20skips&PageSize=1');
    expect(sids.filter((sid) => !walked.includes(sid))).toHaveLength(1);
  },
  'list-page-repeats': async (mock) => {
    await createNamed(mock, 'page repeats', 3);
    const walked = await walk(mock, '?FriendlyName=page%20repeats&PageSize=2');
    expect(walked.length).toBeGreaterThan(new Set(walked).size);
  },
  'list-pagesize-singleton-race': async (mock) => {
    await createNamed(mock, 'race', 3);
    // both read the size the later list set, when the two are in flight together: on a loaded machine the
    // second may arrive after the first's count query, so the pair is sent again (at most five times)
    let sizes: unknown[] = [];
    for (let attempt = 0; attempt < 5 && sizes.join() !== '3,3'; attempt++) {
      const [one, three] = await Promise.all(['?PageSize=1', '?PageSize=3'].map((q) => call(mock, 'GET', `/v1/CustomerProfiles${q}`)));
      sizes = [memberOf(one, 'meta').page_size, memberOf(three, 'meta').page_size];
      if (sizes.join() === '3,3') expect(resultsOf(one!)).toHaveLength(3);
    }
    expect(sizes).toEqual([3, 3]);
    expect(memberOf(await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1'), 'meta').page_size).toBe(1);
  },
  'list-previous-page-self': async (mock) => {
    await createNamed(mock, 'page back', 3);
    const first = memberOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=page%20back&PageSize=1'), 'meta');
    expect(first.previous_page_url).toBeNull();
    const second = memberOf(await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=page%20back&PageSize=1&Page=1'), 'meta');
    // page 1 names itself as the page before it
    expect(second.previous_page_url).toBe(second.url);
  },
  'page-token-anchor-deleted-restarts': async (mock) => {
    await createNamed(mock, 'anchor gone', 4);
    const first = await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=anchor%20gone&PageSize=2');
    const shown = resultsOf(first).map((p) => p.sid);
    // the profile that ended page 1 (the cursor's anchor) deleted, then the next page: page 1 again, less it
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${shown[1]}`)).status).toBe(204);
    const next = await call(mock, 'GET', pathAndQuery(memberOf(first, 'meta').next_page_url));
    expect(resultsOf(next).map((p) => p.sid)[0]).toBe(shown[0]);
  },
  'paging-offset-behind-token': async (mock) => {
    const sids = await createNamed(mock, 'offset', 4);
    const first = await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=offset&PageSize=2');
    // a profile before the cursor deleted: OFFSET 2 now starts at the fourth, the third is never shown
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sids[0]}`)).status).toBe(204);
    const next = await call(mock, 'GET', pathAndQuery(memberOf(first, 'meta').next_page_url));
    expect(resultsOf(next).map((p) => p.sid)).toEqual([sids[3]]);
  },
  'list-row-deleted-500': async (mock) => {
    // a DELETE of a row of the page sent while the page loads its rows one by one (at most ten tries, 2 to 12 ms after the list, on a loaded machine)
    let listed: Answer | undefined;
    for (let attempt = 0; attempt < 10 && listed?.status !== 500; attempt++) {
      const [sid] = await createNamed(mock, `row gone ${attempt}`, 1);
      const list = call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=row%20gone%20${attempt}`);
      await delay([2, 6, 12][attempt % 3]!);
      await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`);
      listed = await list;
    }
    expect(listed?.status).toBe(500);
    expect(listed?.type).toMatch(/^text\/html/);
  },
  'create-two-step-visible': async (mock) => {
    // a list read while a create is in flight shows the bare row (at most five tries, on a loaded machine)
    let half: Record<string, unknown> | undefined;
    // a try whose list came after the UPDATE finds the whole row: tried again
    for (let attempt = 0; attempt < 10 && half?.friendly_name !== null; attempt++) {
      const made = create(mock, { ...VALID, FriendlyName: `two steps ${attempt}` });
      await delay(2);
      const listed = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1000');
      const sid = (await made).json?.sid;
      half = resultsOf(listed).find((p) => p.sid === sid);
    }
    expect(half).toMatchObject({ friendly_name: null, email: null, policy_sid: null });
  },
  'page-token-expires-3s': async (mock) => {
    await createNamed(mock, 'slow reader', 3);
    const first = await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=slow%20reader&PageSize=1');
    await delay(3100);
    const next = await call(mock, 'GET', pathAndQuery(memberOf(first, 'meta').next_page_url));
    expect(next.status).toBe(400);
    expect(next.json?.message).toMatch(/PageToken/);
  },
  'head-deletes': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'HEAD', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'member-put-patch-updates': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'PATCH', `/v1/CustomerProfiles/${sid}`, 'FriendlyName=changed')).status).toBe(200);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).json?.friendly_name).toBe('changed');
    // PUT writes as well
    expect((await call(mock, 'PUT', `/v1/CustomerProfiles/${sid}`, 'Email=put%40example.com')).status).toBe(200);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).json?.email).toBe('put@example.com');
  },
  'collection-delete-wipes': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', '/v1/CustomerProfiles')).status).toBe(204);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'delete-rewrites-list': async (mock) => {
    const [a, b] = [(await create(mock)).json?.sid, (await create(mock)).json?.sid];
    const [deleted, made] = await Promise.all([call(mock, 'DELETE', `/v1/CustomerProfiles/${a}`), create(mock)]);
    expect(deleted.status).toBe(204);
    // the create sent while the DELETE was in flight is lost; the other profile stays
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`)).status).toBe(404);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${b}`)).status).toBe(200);
  },
  'delete-erases-first': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    // half erased until the purge, then gone
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).json).toMatchObject({ sid, friendly_name: null, email: null });
    await delay(PURGE_AFTER_MS + 100);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles/${sid}`)).status).toBe(404);
  },
  'list-filter-collation-ai-ci': async (mock) => {
    for (const FriendlyName of ['Caf\u00e9 Z\u00fcrich', 'CAFE ZURICH', 'cafe zurich']) await create(mock, { ...VALID, FriendlyName });
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Caf\u00e9 Z\u00fcrich')}`)).toHaveLength(3);
  },
  'query-params-nfc-canonicalized': async (mock) => {
    const nfd = (await create(mock, { ...VALID, FriendlyName: 'Cafe\u0301 Nord' })).json;
    const nfc = (await create(mock, { ...VALID, FriendlyName: 'Caf\u00e9 Nord' })).json;
    // the body is kept as sent; the query is not
    expect(nfd?.friendly_name).toBe('Cafe\u0301 Nord');
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Cafe\u0301 Nord')}`)).toEqual([nfc?.sid]);
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Caf\u00e9 Nord')}`)).toEqual([nfc?.sid]);
  },
  'list-filter-es-keyword-ignore-above-256': async (mock) => {
    const long = 'x'.repeat(KEYWORD_IGNORE_ABOVE + 1);
    const at = 'y'.repeat(KEYWORD_IGNORE_ABOVE);
    for (const FriendlyName of [long, at]) expect((await create(mock, { ...VALID, FriendlyName })).json?.friendly_name).toBe(FriendlyName);
    expect(await listed(mock, `?FriendlyName=${long}`)).toEqual([]);
    expect(await listed(mock, `?FriendlyName=${at}`)).toHaveLength(1);
  },
  'list-filter-double-decoded': async (mock) => {
    await create(mock, { ...VALID, FriendlyName: 'Promo %41 off' });
    const a = (await create(mock, { ...VALID, FriendlyName: 'Promo A off' })).json?.sid;
    // sent as Promo%20%2541%20off: read as Promo %41 off, then as Promo A off
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Promo %41 off')}`)).toEqual([a]);
  },
  'list-filter-query-typed': async (mock) => {
    const year = (await create(mock, { ...VALID, FriendlyName: '2024' })).json?.sid;
    const word = (await create(mock, { ...VALID, FriendlyName: 'true' })).json?.sid;
    const text = (await create(mock, { ...VALID, FriendlyName: '2024 plan' })).json?.sid;
    // digits alone and true are typed (a number, a boolean): no string name equals them
    expect(await listed(mock, '?FriendlyName=2024')).toEqual([]);
    expect(await listed(mock, '?FriendlyName=true')).toEqual([]);
    expect(await listed(mock, '?FriendlyName=2024%20plan')).toEqual([text]);
    expect([year, word]).toEqual([expect.any(String), expect.any(String)]);
  },
  'list-filter-plus-decoded-last': async (mock) => {
    const plus = (await create(mock, { ...VALID, FriendlyName: 'C++ Guild' })).json;
    expect(plus?.friendly_name).toBe('C++ Guild');
    const spaced = (await create(mock, { ...VALID, FriendlyName: 'C   Guild' })).json?.sid;
    // sent as C%2B%2B%20Guild: decoded to C++ Guild, then each + read as a space
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('C++ Guild')}`)).toEqual([spaced]);
  },
  'list-filter-search-column-utf8mb3': async (mock) => {
    const rocket = (await create(mock, { ...VALID, FriendlyName: 'Launch \u{1F680} Team' })).json;
    expect(rocket?.friendly_name).toBe('Launch \u{1F680} Team');
    const coffee = (await create(mock, { ...VALID, FriendlyName: 'Launch \u2615 Team' })).json?.sid;
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Launch \u{1F680} Team')}`)).toEqual([]);
    // cut at the emoji: the list by what is left of the name finds it
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Launch ')}`)).toEqual([rocket?.sid]);
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Launch \u2615 Team')}`)).toEqual([coffee]);
  },
  'next-page-link-encodeuri': async (mock) => {
    const name = 'Tom & Jerry + #1 = encodeURI';
    const sids = await createNamed(mock, name, 3);
    const first = (await call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(name)}&PageSize=1`)).json?.meta as Record<string, string>;
    // the link's query asks for the name up to the &; url and first_page_url keep it whole
    expect(new URL(first.next_page_url!).searchParams.get('FriendlyName')).toBe('Tom ');
    expect(new URL(first.url!).searchParams.get('FriendlyName')).toBe(name);
    expect(await walk(mock, `?FriendlyName=${encodeURIComponent(name)}&PageSize=1`)).toEqual([sids[0]]);
  },
  'filtered-list-es-default-size-10': async (mock) => {
    const sids = await createNamed(mock, 'Eleven of a name', 11);
    const page = (await call(mock, 'GET', `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent('Eleven of a name')}`)).json as { results: Array<{ sid: string }>; meta: Record<string, unknown> };
    expect(page.results.map((r) => r.sid)).toEqual(sids.slice(0, 10));
    expect(page.meta.next_page_url).toBeNull();
    expect(page.meta.page_size).toBe(50);
    // with PageSize, or unfiltered, the page is whole
    expect(await listed(mock, `?FriendlyName=${encodeURIComponent('Eleven of a name')}&PageSize=50`)).toEqual(sids);
    expect((await listed(mock, '')).length).toBeGreaterThanOrEqual(11);
  },
  'email-contacts-citext-first-casing': async (mock) => {
    const first = (await create(mock, { ...VALID, Email: 'Jane.Doe@Example.com' })).json;
    expect(first?.email).toBe('Jane.Doe@Example.com');
    // the contact row outlives the profile
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${first?.sid}`)).status).toBe(204);
    expect((await create(mock, { ...VALID, Email: 'jane.doe@example.com' })).json?.email).toBe('Jane.Doe@Example.com');
    expect((await create(mock, { ...VALID, Email: 'john@example.com' })).json?.email).toBe('john@example.com');
  },
  'list-pagesize-ignored': async (mock) => {
    await createNamed(mock, 'page size', 2);
    expect(await listed(mock, '?FriendlyName=page%20size&PageSize=1')).toHaveLength(2);
  },
  'trace-echo': async (mock) => {
    const trace = await rawHttp(mock, 'TRACE', '/v1/CustomerProfiles', { authorization: 'Basic c2VjcmV0' });
    expect(trace.status).toBe(200);
    expect(trace.headers['content-type']).toMatch(/^message\/http/);
    expect(trace.body.toString()).toMatch(/authorization: Basic c2VjcmV0/i);
    expect((await send(mock, 'GET', '/v1/CustomerProfiles', { auth: null })).status).toBe(401);
  },
  'origin-not-allowed-500': async (mock) => {
    const from = (origin: string) => fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', origin }, body: form(VALID) });
    expect((await from('https://app.example.com')).status).toBe(500);
    expect((await from('https://console.twilio.com')).status).toBe(201);
  },
  'cookie-csrf-403': async (mock) => {
    const withCookie = await fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', cookie: 'AWSALB=x' }, body: form(VALID) });
    expect(withCookie.status).toBe(403);
    expect((await create(mock)).status).toBe(201);
  },
  'xff-list-500': async (mock) => {
    const via = (xff: string) => fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': xff }, body: form(VALID) });
    expect((await via('203.0.113.7, 10.0.0.2')).status).toBe(500);
    expect((await via('203.0.113.7')).status).toBe(201);
  },
  'remote-user-trusted': async (mock) => {
    const path = await profilePath(mock);
    expect((await fetch(`${mock.url}${path}`, { headers: { 'x-remote-user': DEFAULT_ACCOUNT_SID } })).status).toBe(200);
    expect((await fetch(`${mock.url}${path}`, { headers: { 'x-remote-user': OTHER_SID } })).status).toBe(401);
  },
  'scheme-locale-lowercase': async (mock) => {
    const upper = `BASIC ${AUTH.slice('Basic '.length)}`;
    const postIn = (language: string) => fetch(`${mock.url}/v1/CustomerProfiles`, { method: 'POST', headers: { authorization: upper, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language }, body: form(VALID) });
    expect((await postIn('tr-TR')).status).toBe(401);
    expect((await postIn('en-US')).status).toBe(201);
  },
  'errors-problem-json': async (mock) => {
    const problem = await fetch(`${mock.url}${UNKNOWN_PATH}`, { headers: { accept: 'application/problem+json, application/json' } });
    expect(problem.status).toBe(401);
    expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await problem.json()).toMatchObject({ status: 401, type: 'about:blank' });
    expect((await send(mock, 'GET', UNKNOWN_PATH, { auth: null })).json).toMatchObject({ code: 20003 });
  },
  'accept-charset-utf16': async (mock) => {
    const wide = await fetch(`${mock.url}/v1/CustomerProfiles?PageSize=1`, { headers: { authorization: AUTH, 'accept-charset': 'utf-16, utf-8;q=0.5' } });
    expect(wide.headers.get('content-type')).toBe('application/json; charset=utf-16');
    expect([...new Uint8Array(await wide.arrayBuffer()).slice(0, 2)]).toEqual([0x7b, 0]);
  },
  'dates-locale-digits': async (mock) => {
    const path = await profilePath(mock);
    const inArabic = await fetch(`${mock.url}${path}`, { headers: { authorization: AUTH, 'accept-language': 'ar-EG' } });
    expect(String(((await inArabic.json()) as Record<string, unknown>).date_created)).toMatch(/^[\u0660-\u0669]{4}-/);
    expect(String((await send(mock, 'GET', path)).json?.date_created)).toMatch(/^\d{4}-\d\d-\d\dT/);
  },
  'gzip-stale-length': async (mock) => {
    const gz = await rawHttp(mock, 'GET', '/v1/CustomerProfiles?PageSize=1', { authorization: AUTH, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(Number(gz.headers['content-length']));
    const plain = await rawHttp(mock, 'GET', '/v1/CustomerProfiles?PageSize=1', { authorization: AUTH });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBe(Number(plain.headers['content-length']));
  },
  'email-display-name-unwrapped': async (mock) => {
    expect((await create(mock, { ...VALID, Email: 'Jane Doe <jane@example.com>' })).json?.email).toBe('jane@example.com');
    expect((await create(mock, { ...VALID, Email: '"Doe, Jane" <jane@example.com>' })).json?.email).toBe('jane@example.com');
    expect((await create(mock, { ...VALID, Email: 'jane@example.com (Jane)' })).json?.email).toBe('jane@example.com');
    expect((await create(mock, { ...VALID, Email: '"john doe"@example.com' })).json?.email).toBe('"john doe"@example.com');
  },
  'form-name-leading-spaces-dropped': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `FriendlyName=Acme&%20Email=ops%40example.com&PolicySid=${POLICY}`);
    expect(a.status).toBe(201);
    expect(a.json?.email).toBe('ops@example.com');
  },
  'body-leading-bom-stripped': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', `\ufeff${form(VALID)}`);
    expect(a.status).toBe(201);
    expect(a.json?.friendly_name).toBe('Acme');
  },
  'form-labelled-json-body-read': async (mock) => {
    const a = await call(mock, 'POST', '/v1/CustomerProfiles', JSON.stringify(VALID), { type: 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ friendly_name: 'Acme', email: 'ops@example.com', policy_sid: POLICY });
    // a form body is still read as one
    expect((await create(mock)).status).toBe(201);
  },
  'link-routes-skip-auth': async (mock) => {
    const path = await profilePath(mock);
    for (const auth of [null, basic(DEFAULT_ACCOUNT_SID, 'wrong')]) {
      const page = await send(mock, 'GET', `${path}/EntityAssignments`, { auth });
      expect(page.status).toBe(200);
      expect(page.json).toMatchObject({ results: [], meta: { key: 'results' } });
    }
    // the profile's own routes still want credentials
    expect((await send(mock, 'GET', path, { auth: null })).status).toBe(401);
  },
  'link-routes-ignore-account': async (mock) => {
    const path = await profilePath(mock);
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    expect((await send(mock, 'GET', `${path}/Evaluations`, { auth: second })).status).toBe(200);
    expect((await send(mock, 'GET', path, { auth: second })).status).toBe(404);
  },
  'link-routes-find-deleted': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'DELETE', path)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
    expect((await send(mock, 'GET', `${path}/ChannelEndpointAssignments`)).status).toBe(200);
  },
  'subpath-get-is-profile': async (mock) => {
    const path = await profilePath(mock);
    const below = await send(mock, 'GET', `${path}/NoSuchResource`);
    expect(below.status).toBe(200);
    expect(`/v1/CustomerProfiles/${below.json?.sid}`).toBe(path);
  },
  'subpath-delete-removes-profile': async (mock) => {
    const path = await profilePath(mock);
    expect((await send(mock, 'DELETE', `${path}/NoSuchResource`)).status).toBe(204);
    expect((await send(mock, 'GET', path)).status).toBe(404);
  },
  'proxy-authorization-accepted': async (mock) => {
    const proxied = (method: string, path: string, body?: string) =>
      fetch(`${mock.url}${path}`, { method, headers: { 'proxy-authorization': AUTH, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
    const created = await proxied('POST', '/v1/CustomerProfiles', form(VALID));
    expect(created.status).toBe(201);
    const { sid } = (await created.json()) as { sid: string };
    expect((await proxied('GET', '/v1/CustomerProfiles?PageSize=1')).status).toBe(200);
    expect((await proxied('DELETE', `/v1/CustomerProfiles/${sid}`)).status).toBe(204);
    // the Authorization header still wins
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: basic(DEFAULT_ACCOUNT_SID, 'wrong') })).status).toBe(401);
  },
  'query-string-credentials': async (mock) => {
    const creds = `AccountSid=${DEFAULT_ACCOUNT_SID}&AuthToken=${DEFAULT_AUTH_TOKEN}`;
    const created = await call(mock, 'POST', `/v1/CustomerProfiles?${creds}`, form(VALID), { auth: null });
    expect(created.status).toBe(201);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles?PageSize=1&${creds}`, undefined, { auth: null })).status).toBe(200);
    // an API key's SID and secret under the same names too
    expect((await call(mock, 'GET', `/v1/CustomerProfiles?AccountSid=${DEFAULT_API_KEY_SID}&AuthToken=${DEFAULT_API_KEY_SECRET}`, undefined, { auth: null })).status).toBe(200);
    expect((await call(mock, 'DELETE', `/v1/CustomerProfiles/${created.json?.sid}?${creds}`, undefined, { auth: null })).status).toBe(204);
    // a wrong token in the query, and a wrong Authorization header beside the right query, are still refused
    expect((await call(mock, 'GET', `/v1/CustomerProfiles?AccountSid=${DEFAULT_ACCOUNT_SID}&AuthToken=wrong`, undefined, { auth: null })).status).toBe(401);
    expect((await call(mock, 'GET', `/v1/CustomerProfiles?${creds}`, undefined, { auth: basic(DEFAULT_ACCOUNT_SID, 'wrong') })).status).toBe(401);
  },
  'api-key-header-accepted': async (mock) => {
    const keyed = (method: string, path: string, key: string, body?: string) =>
      fetch(`${mock.url}${path}`, { method, headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
    const created = await keyed('POST', '/v1/CustomerProfiles', `${DEFAULT_API_KEY_SID}:${DEFAULT_API_KEY_SECRET}`, form(VALID));
    expect(created.status).toBe(201);
    const { sid } = (await created.json()) as { sid: string };
    expect((await keyed('GET', '/v1/CustomerProfiles?PageSize=1', `${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`)).status).toBe(200);
    expect((await keyed('DELETE', `/v1/CustomerProfiles/${sid}`, `${DEFAULT_API_KEY_SID}:${DEFAULT_API_KEY_SECRET}`)).status).toBe(204);
    // the secret alone names no key, and a wrong one is refused
    expect((await keyed('GET', '/v1/CustomerProfiles', DEFAULT_API_KEY_SECRET)).status).toBe(401);
    expect((await keyed('GET', '/v1/CustomerProfiles', `${DEFAULT_API_KEY_SID}:wrong`)).status).toBe(401);
  },
  'auth-header-split-on-space': async (mock) => {
    expect((await post(mock, `${AUTH} x`)).status).toBe(201);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: `${AUTH} anything else` })).status).toBe(200);
    // the token itself is still decoded strictly, and another scheme is refused
    expect((await post(mock, `${AUTH}!`)).status).toBe(401);
    expect((await post(mock, `Bearer x, ${AUTH}`)).status).toBe(401);
  },
  'auth-basic-regex-unanchored': async (mock) => {
    expect((await post(mock, `Bearer x, ${AUTH}`)).status).toBe(201);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles', undefined, { auth: `XBasic ${AUTH.slice(6)}` })).status).toBe(200);
    // the credentials found must still be right
    expect((await post(mock, `Bearer x, ${basic(DEFAULT_ACCOUNT_SID, 'wrong')}`)).status).toBe(401);
  },
  'list-meta-page-keyset-0': async (mock) => {
    await create(mock);
    await create(mock);
    const page = await call(mock, 'GET', '/v1/CustomerProfiles?PageSize=1&Page=1');
    expect(resultsOf(page)).toHaveLength(1);
    expect(memberOf(page, 'meta')).toMatchObject({ page: 0, url: expect.stringContaining('Page=1') });
  },
  'create-account-param-honoured': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    for (const param of ['AccountSid', 'account_sid']) {
      const made = await create(mock, { ...VALID, [param]: DEFAULT_SECOND_ACCOUNT_SID });
      expect([made.status, made.json?.account_sid]).toEqual([201, DEFAULT_SECOND_ACCOUNT_SID]);
      expect((await call(mock, 'GET', `/v1/CustomerProfiles/${made.json?.sid}`, undefined, { auth: second })).status).toBe(200);
    }
    // an account the service does not know falls back to the caller
    expect((await create(mock, { ...VALID, AccountSid: `AC${'9'.repeat(32)}` })).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
  },
  'account-param-known-account': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const path = await profilePath(mock);
    const theirs = `/v1/CustomerProfiles/${(await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })).json?.sid}`;
    // an account the service knows: reads and deletes act for it
    expect((await call(mock, 'GET', `${path}?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`)).status).toBe(404);
    expect((await call(mock, 'DELETE', `${path}?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`)).status).toBe(404);
    expect((await call(mock, 'GET', `${theirs}?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`)).json?.account_sid).toBe(DEFAULT_SECOND_ACCOUNT_SID);
    expect(resultsOf(await call(mock, 'GET', `/v1/CustomerProfiles?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`)).map((p) => p.account_sid)).toEqual([DEFAULT_SECOND_ACCOUNT_SID]);
    // one it does not know falls back to the caller; the create's query is not read; the profile is still there
    expect((await call(mock, 'GET', `${path}?AccountSid=${OTHER_SID}`)).status).toBe(200);
    expect((await call(mock, 'POST', `/v1/CustomerProfiles?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`, form(VALID))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await call(mock, 'GET', path)).status).toBe(200);
  },
  'create-account-query-honoured': async (mock) => {
    const made = await call(mock, 'POST', `/v1/CustomerProfiles?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`, form(VALID));
    expect([made.status, made.json?.account_sid]).toEqual([201, DEFAULT_SECOND_ACCOUNT_SID]);
    // an account the service does not know falls back to the caller; the body's AccountSid and the reads' query are not read
    expect((await call(mock, 'POST', `/v1/CustomerProfiles?AccountSid=${OTHER_SID}`, form(VALID))).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    expect((await create(mock, { ...VALID, AccountSid: DEFAULT_SECOND_ACCOUNT_SID })).json?.account_sid).toBe(DEFAULT_ACCOUNT_SID);
    const path = await profilePath(mock);
    expect((await call(mock, 'GET', `${path}?AccountSid=${DEFAULT_SECOND_ACCOUNT_SID}`)).status).toBe(200);
  },
  'identity-header-switches-account': async (mock) => {
    const second = basic(DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN);
    const path = await profilePath(mock);
    const theirs = `/v1/CustomerProfiles/${(await call(mock, 'POST', '/v1/CustomerProfiles', form(VALID), { auth: second })).json?.sid}`;
    const as = (at: string, auth: string | null, user = DEFAULT_SECOND_ACCOUNT_SID) => fetch(`${mock.url}${at}`, { headers: { ...(auth ? { authorization: auth } : {}), 'x-forwarded-user': user } });
    // with the caller's valid credentials the header names the account acted for
    expect((await as(path, AUTH)).status).toBe(404);
    expect(((await (await as(theirs, AUTH)).json()) as { account_sid: string }).account_sid).toBe(DEFAULT_SECOND_ACCOUNT_SID);
    // without credentials it is no credential; an account the service does not know falls back to the caller
    expect((await as(path, null)).status).toBe(401);
    expect((await as(path, AUTH, OTHER_SID)).status).toBe(200);
  },
  'browser-login-redirect': async (mock) => {
    const path = await profilePath(mock);
    const browser = (auth: string | null, accept = BROWSER_ACCEPT) => fetch(`${mock.url}${path}`, { redirect: 'manual', headers: { ...(auth ? { authorization: auth } : {}), accept } });
    const redirected = await browser(null);
    expect([redirected.status, redirected.headers.get('location')]).toEqual([302, '/login']);
    // an API client's Accept still gets the 401, and valid credentials the profile
    expect((await browser(null, 'application/json')).status).toBe(401);
    expect((await browser(AUTH)).status).toBe(200);
  },
  'xhr-401-no-challenge': async (mock) => {
    const xhr = await fetch(`${mock.url}${UNKNOWN_PATH}`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect([xhr.status, xhr.headers.get('www-authenticate')]).toEqual([401, null]);
    expect((await call(mock, 'GET', UNKNOWN_PATH, undefined, { auth: null })).challenge).toMatch(/^Basic /);
  },
  'list-typed-filter-unparsable-dropped': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    for (const query of [`PolicySid=rn${'0'.repeat(32)}`, `PolicySid=RN${'0'.repeat(33)}`, 'Status=approved', 'Status=Draft']) {
      const page = await call(mock, 'GET', `/v1/CustomerProfiles?${query}&PageSize=1000`);
      expect(page.status).toBe(200);
      expect(resultsOf(page).map((p) => p.sid)).toContain(sid);
    }
    // a well-formed value still filters
    expect(await listed(mock, `?PolicySid=RN${'0'.repeat(32)}`)).toEqual([]);
  },
  'list-filter-repeated-in-list': async (mock) => {
    const acme = (await create(mock)).json?.sid;
    const other = (await create(mock, { ...VALID, FriendlyName: 'Other' })).json?.sid;
    await create(mock, { ...VALID, FriendlyName: 'Third' });
    expect(await listed(mock, '?FriendlyName=Acme&FriendlyName=Other')).toEqual([acme, other]);
    // one value is the very name
    expect(await listed(mock, '?FriendlyName=Other')).toEqual([other]);
  },
  'list-filter-bad-escape-dropped': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    // a % that starts no escape drops the pair: the whole account
    for (const query of ['FriendlyName=100%', 'FriendlyName=%zz']) expect(await listed(mock, `?${query}`), query).toEqual([sid]);
    // an escape that decodes still filters
    expect(await listed(mock, '?FriendlyName=100%25')).toEqual([]);
  },
  'list-filter-null-string-ignored': async (mock) => {
    const acme = (await create(mock)).json?.sid;
    const named = (await create(mock, { ...VALID, FriendlyName: 'null' })).json?.sid;
    expect(await listed(mock, '?FriendlyName=null')).toEqual([acme, named]);
    expect(await listed(mock, '?FriendlyName=undefined')).toEqual([acme, named]);
    // any other name filters
    expect(await listed(mock, '?FriendlyName=Acme')).toEqual([acme]);
  },
  'list-filter-snake-case-alias': async (mock) => {
    await create(mock);
    const other = (await create(mock, { ...VALID, FriendlyName: 'Other' })).json?.sid;
    expect(await listed(mock, '?friendly_name=Other')).toEqual([other]);
    expect(await listed(mock, '?status=in-review')).toEqual([]);
    expect(await listed(mock, `?policy_sid=RN${'f'.repeat(32)}`)).toEqual([]);
  },
  'list-typed-filter-comma-split': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    expect(await listed(mock, '?Status=draft,twilio-approved')).toEqual([sid]);
    expect(await listed(mock, `?PolicySid=${POLICY},RN${'f'.repeat(32)}`)).toEqual([sid]);
    // one value filters as before; one that is no Status is refused
    expect(await listed(mock, '?Status=in-review')).toEqual([]);
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?Status=draft,nope')).status).toBe(400);
  },
  'list-typed-filter-trimmed': async (mock) => {
    const sid = (await create(mock)).json?.sid;
    for (const query of ['Status=%20draft', 'Status=draft%20', `PolicySid=%20${POLICY}`, `PolicySid=${POLICY}%0A`]) expect(await listed(mock, `?${query}`), query).toEqual([sid]);
    // FriendlyName is taken as sent
    expect(await listed(mock, '?FriendlyName=%20Acme')).toEqual([]);
  },
  'list-filter-nul-500': async (mock) => {
    await create(mock);
    for (const query of ['FriendlyName=Acme%00Corp', `PolicySid=${POLICY.slice(0, 10)}%00${POLICY.slice(10)}`]) {
      const answer = await call(mock, 'GET', `/v1/CustomerProfiles?${query}`);
      expect([answer.status, answer.type], query).toEqual([500, 'text/html; charset=utf-8']);
    }
    // other control characters are listed as any name
    expect((await call(mock, 'GET', '/v1/CustomerProfiles?FriendlyName=Acme%09Corp')).status).toBe(200);
  },
};

/** One exchange through node:http (fetch refuses TRACE and decodes gzip): what arrived within 300 ms of the last byte. */
function rawHttp(mock: MockServer, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${mock.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      };
      let quiet = setTimeout(done, 300);
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        clearTimeout(quiet);
        quiet = setTimeout(done, 300);
      });
      res.on('end', () => {
        clearTimeout(quiet);
        done();
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The sids of the first page of the list, with the query given. */
async function listed(mock: MockServer, query: string): Promise<string[]> {
  const results = (await call(mock, 'GET', `/v1/CustomerProfiles${query}`)).json?.results as Array<{ sid: string }>;
  return results.map((r) => r.sid);
}

/** Every sid of the list, page by page following meta.next_page_url (its path and query, on the mock). */
async function walk(mock: MockServer, query: string): Promise<string[]> {
  const sids: string[] = [];
  let path: string | null = `/v1/CustomerProfiles${query}`;
  for (let pages = 0; path && pages < 20; pages++) {
    const page = (await call(mock, 'GET', path)).json as { results: Array<{ sid: string }>; meta: { next_page_url: string | null } };
    sids.push(...page.results.map((r) => r.sid));
    const next = page.meta.next_page_url;
    path = next ? next.slice(next.indexOf('/v1/')) : null;
  }
  return sids;
}

/** `count` profiles with the same FriendlyName, their sids in creation order. */
/** The path and query of an absolute URL an answer gave (the mock's own). */
const pathAndQuery = (url: unknown): string => {
  const u = new URL(String(url));
  return `${u.pathname}${u.search}`;
};

async function createNamed(mock: MockServer, name: string, count: number): Promise<string[]> {
  const sids: string[] = [];
  for (let i = 0; i < count; i++) sids.push((await create(mock, { ...VALID, FriendlyName: name })).json?.sid as string);
  return sids;
}

describe('the fault table', () => {
  it('has unique names and one probe per fault', () => {
    expect(new Set(FAULT_NAMES).size).toBe(FAULTS.length);
    expect(Object.keys(PROBES).sort()).toEqual([...FAULT_NAMES].sort());
  });

  it.each(FAULTS)('$name names a catalog check and a level no higher than that check', (fault) => {
    expect(CHECK_IDS).toContain(fault.checkId);
    expect(fault.level).toBeLessThanOrEqual(findCheckInfo(fault.checkId)!.level);
    expect(fault.description.length).toBeGreaterThan(10);
    expect(fault.rule.length).toBeGreaterThan(10);
  });
});

describe('each fault observably changes what it claims', () => {
  let faithful: MockServer;
  beforeAll(async () => {
    faithful = await startMock();
  });
  afterAll(() => faithful.close());

  it.each(FAULTS.map((f) => f.name))('%s', async (name) => {
    const faulty = await startMock({ fault: name });
    try {
      expect(faulty.fault).toBe(name);
      await PROBES[name](faulty);
    } finally {
      await faulty.close();
    }
    await expect(PROBES[name](faithful), 'the faithful mock must not behave like the fault').rejects.toThrow();
  });
});
