import { linksFor } from '../../contracts/schemas.ts';
import { type Exchange, type FollowUp, type JudgeContext, type ReceivedResponse, type TestCase, type Reply, routeOf } from '../../contracts/exchange.ts';

export const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
export const SID = 'BU0123456789abcdef0123456789abcdef';
export const POLICY = 'RN0123456789abcdef0123456789ABCDEF';
export const BASE = 'http://127.0.0.1:4010';
export const TOKEN = 'secret-token-0123456789';

export function validCaseOf(overrides: Partial<TestCase> = {}): TestCase {
  const fields = { FriendlyName: 'Acme Inc', Email: 'ops@acme.test', PolicySid: POLICY };
  return {
    category: 'valid',
    label: 'valid request',
    expect: 'create',
    fields,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
    auth: 'valid',
    ...overrides,
  };
}

export function resource(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const url = `${BASE}/v1/CustomerProfiles/${SID}`;
  return {
    sid: SID,
    account_sid: ACCOUNT,
    policy_sid: POLICY,
    friendly_name: 'Acme Inc',
    status: 'draft',
    valid_until: null,
    email: 'ops@acme.test',
    status_callback: null,
    date_created: '2026-11-27T10:00:00Z',
    date_updated: '2026-11-27T10:00:00Z',
    url,
    links: linksFor(url),
    errors: null,
    ...overrides,
  };
}

export function response(status: number, body: unknown, headers: Record<string, string> = {}): ReceivedResponse {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let jsonError: string | undefined;
  try {
    json = JSON.parse(bodyText);
  } catch (e) {
    jsonError = (e as Error).message;
  }
  return {
    status,
    statusText: '',
    headers: { 'content-type': 'application/json', date: 'Fri, 27 Nov 2026 10:00:01 GMT', ...headers },
    bodyText,
    json,
    ...(jsonError ? { jsonError } : {}),
  };
}

/** An error envelope; a 20003's message is the one the 401 body carries ("Authenticate"), any other is "x" unless given. */
export function envelope(status: number, code: number, message = code === 20003 ? 'Authenticate' : 'x'): Record<string, unknown> {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function exchangeOf(tc: TestCase, res?: ReceivedResponse, extra: Partial<Exchange> = {}): Exchange {
  return {
    index: 0,
    case: tc,
    request: { method: 'POST', url: `${BASE}/v1/CustomerProfiles`, headers: {}, body: tc.body },
    ...(res ? { response: res } : { error: { code: 'ECONNRESET', message: 'connection reset' } }),
    latencyMs: 1,
    receivedAt: Date.parse('2026-11-27T10:00:01Z'),
    ...extra,
  };
}

export function followUp(status: number, body: unknown): FollowUp {
  return { request: { method: 'GET', url: BASE, headers: {}, body: '' }, response: response(status, body) };
}

/** An answer on another route than the create (a follow-up), as the sender hands it to the judgement. */
export function replyTo(method: string, path: string, res: ReceivedResponse, extra: Partial<Reply> = {}): Reply {
  const url = `${BASE}${path}`;
  return {
    route: routeOf(method, url),
    request: { method, url, headers: {}, body: '' },
    auth: 'valid',
    response: res,
    latencyMs: 1,
    receivedAt: Date.now(),
    absorbed: false,
    index: 0,
    purpose: 'read back',
    ...extra,
  };
}

export function context(overrides: Partial<JudgeContext> = {}): JudgeContext {
  return { targetUrl: BASE, accountSid: ACCOUNT, secrets: [TOKEN], seenSids: new Map(), publicBaseUrl: BASE, ...overrides };
}
