import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charsetUtf8, duplicateMember, uniqueMembers, utf8NoBom } from '../../../engine/checks/bytes.ts';
import { echoFields } from '../../../engine/checks/fidelity.ts';
import { AFTER_DATE_MS, SERVER_CLOCK_TOLERANCE_MS, serverClock as serverClockOf, timestampsNow as timestampsNowOf } from '../../../engine/checks/resource.ts';
import { createHttpClient } from '../../../engine/transport/http.ts';
import { type Exchange, type JudgeContext, replyOf } from '../../../contracts/exchange.ts';
import { context, exchangeOf, resource, response, validCaseOf } from '../../helpers/exchange.ts';

const created = (body = resource(), headers: Record<string, string> = {}) => exchangeOf(validCaseOf(), response(201, body, headers));

describe('duplicateMember', () => {
  it('finds a repeated name at any depth, and only names (not values, not across objects)', () => {
    expect(duplicateMember('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeUndefined();
    expect(duplicateMember('{"a":"a","b":"a:"}')).toBeUndefined();
    expect(duplicateMember('{"a":1,"b":2,"a":3}')).toBe('a');
    expect(duplicateMember('{"x":[{"k":1, "k" :2}]}')).toBe('k');
    // escapes are compared decoded: "\u0061" is "a"
    expect(duplicateMember('{"a":1,"\\u0061":2}')).toBe('a');
    expect(duplicateMember('{"q\\"":1,"q\\\\":2}')).toBeUndefined();
  });

  it('judges the body text, not the parsed object (where the last duplicate silently wins)', () => {
    const ex = created();
    const text = `{"sid":"x",${ex.response!.bodyText.slice(1)}`;
    expect(uniqueMembers(replyOf({ ...ex, response: { ...ex.response!, bodyText: text, json: JSON.parse(text) } }), context())).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('"sid"'),
    });
  });
});

describe('charset and UTF-8 of every answer', () => {
  it('accepts no charset or utf-8 in any case and quoting; refuses another; ignores non-JSON answers', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
      expect(charsetUtf8(replyOf(created(resource(), { 'content-type': type })), context())).toEqual({ status: 'pass' });
    }
    expect(charsetUtf8(replyOf(created(resource(), { 'content-type': 'application/json; charset=utf-16' })), context())?.status).toBe('fail');
    expect(charsetUtf8(replyOf(created(resource(), { 'content-type': 'text/plain; charset=latin1' })), context())).toBeNull();
  });

  it('fails invalid UTF-8, but not in a body cut at the size cap', () => {
    const ex = created();
    expect(utf8NoBom(replyOf({ ...ex, response: { ...ex.response!, invalidUtf8: true } }), context())?.status).toBe('fail');
    expect(utf8NoBom(replyOf({ ...ex, response: { ...ex.response!, invalidUtf8: true, truncated: true } }), context())).toEqual({ status: 'pass' });
  });

  it('fails a body that is UTF-16 or UTF-32 (NULs among its first four octets, RFC 4627 §3), passes one with a NUL escaped later', () => {
    const ex = created();
    const text = (bodyText: string) => utf8NoBom(replyOf({ ...ex, response: { ...ex.response!, bodyText } }), context());
    expect(text('\u0000{\u0000"')?.status).toBe('fail');
    expect(text('{\u0000\u0000\u0000')?.status).toBe('fail');
    expect(text('{"friendly_name":"a\\u0000b"}')).toEqual({ status: 'pass' });
  });
});

const serverClock = (ex: Exchange, ctx: JudgeContext) => serverClockOf(replyOf(ex), ctx);
const timestampsNow = (ex: Exchange, ctx: JudgeContext) => timestampsNowOf(replyOf(ex), ctx);

describe('the server clock', () => {
  const at = (offsetMs: number) => `${new Date(Date.parse('2026-11-27T10:00:01Z') + offsetMs).toISOString().slice(0, 19)}Z`;

  it(`allows date_created up to ${SERVER_CLOCK_TOLERANCE_MS / 1000} s before the same answer's Date header and ${AFTER_DATE_MS / 1000} s after it, not more`, () => {
    const edge = SERVER_CLOCK_TOLERANCE_MS;
    for (const off of [-edge, AFTER_DATE_MS]) {
      expect(serverClock(created(resource({ date_created: at(off), date_updated: at(off) })), context())).toEqual({ status: 'pass' });
    }
    expect(serverClock(created(resource({ date_created: at(-edge - 1000), date_updated: at(-edge - 1000) })), context())?.status).toBe('fail');
    // a database clock 4 minutes ahead: dated after the answer that made it
    expect(serverClock(created(resource({ date_created: at(240_000), date_updated: at(240_000) })), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('after the same answer') });
    expect(serverClock(created(resource({ date_updated: at(-3 * 3_600_000) })), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('date_updated') });
  });

  it("judges against the answer's Date, whatever the local clock says; the local clock is create.timestamps-now's", () => {
    const ex = { ...created(), receivedAt: Date.parse('2030-01-01T00:00:00Z') };
    expect(serverClock(ex, context())).toEqual({ status: 'pass' });
    expect(timestampsNow(ex, context())?.status).toBe('fail');
    // a Date that is no HTTP-date is response.date-header's to judge
    expect(serverClock(created(resource(), { date: 'not a date' }), context())).toBeNull();
    expect(serverClock(created(resource(), { date: '2026-11-27T10:00:01Z' }), context())).toBeNull();
  });
});

describe('echo.fields on a case that may be refused', () => {
  const either = (echo: boolean) =>
    validCaseOf({ category: 'coverage', expect: 'either', ...(echo ? { echoWhenCreated: true } : {}), fields: { FriendlyName: 'Acme Inc', Email: '0', PolicySid: resource().policy_sid as string } });

  it('judges a create of an `either` case that asks for it, and nothing about a refusal', () => {
    const body = resource({ email: '0' });
    expect(echoFields(exchangeOf(either(true), response(201, body)), context())).toEqual({ status: 'pass' });
    expect(echoFields(exchangeOf(either(true), response(201, resource({ email: null }))), context())?.status).toBe('fail');
    expect(echoFields(exchangeOf(either(false), response(201, resource({ email: null }))), context())).toBeNull();
    expect(echoFields(exchangeOf(either(true), response(400, { code: 60200 })), context())).toBeNull();
  });
});

describe('engine/http keeps what the decoder hides', () => {
  let server: Server;
  let url: string;
  const bodies: Record<string, Buffer> = {
    '/bom': Buffer.from('\ufeff{"a":1}', 'utf8'),
    '/latin1': Buffer.from('{"a":"Caf\u00e9"}', 'latin1'),
    '/replacement': Buffer.from('{"a":"\ufffd"}', 'utf8'),
    '/clean': Buffer.from('{"a":"Caf\u00e9"}', 'utf8'),
  };
  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[req.url!]));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('flags a byte order mark and bytes that are not UTF-8; a real U+FFFD is no flag', async () => {
    const http = createHttpClient({ connections: 1, timeoutMs: 5000, maxResponseBytes: 1 << 20 });
    try {
      const get = async (path: string) => {
        const r = await http.send({ method: 'GET', url: `${url}${path}`, headers: {} });
        if (!r.ok) throw new Error(r.error.message);
        return r.response;
      };
      expect(await get('/bom')).toMatchObject({ bom: true, json: { a: 1 } });
      expect(await get('/latin1')).toMatchObject({ invalidUtf8: true });
      const replacement = await get('/replacement');
      const clean = await get('/clean');
      for (const r of [replacement, clean]) {
        expect(r.bom).toBeUndefined();
        expect(r.invalidUtf8).toBeUndefined();
      }
    } finally {
      await http.close();
    }
  });
});
