import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../contracts/exchange.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { Judgement } from '../../../engine/judge/evaluate.ts';
import { Tally } from '../../../engine/judge/tally.ts';
import { HealthMonitor } from '../../../engine/transport/health.ts';
import { Sender } from '../../../engine/transport/sender.ts';
import { ACCOUNT, context, envelope, replyTo, resource, response, SID, TOKEN, validCaseOf } from '../../helpers/exchange.ts';

const judgement = () => new Judgement(CHECKS, new Tally(CHECKS, { secrets: [TOKEN], apiKey: false }), context());
const counts = (j: Judgement, id: string) => j.tally.byCheck.get(id)!;
/** a check's examples, one per class, in plan order */
const examples = (j: Judgement, id: string) => j.tally.failureClasses(id).map((c) => c.example!);

describe('Judgement of answers on every route', () => {
  it('applies the rules of an answer kind to a follow-up answer, and only those in scope', () => {
    const j = judgement();
    const fetch404 = replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(404, envelope(404, 20404), { date: '' }), { purpose: 'read after the delete', auth: 'valid' });
    delete fetch404.response!.headers.date;
    const failed = j.judgeReply(fetch404);
    expect(failed).toContain('response.date-header');
    // a 404 is no 401: the challenge rule is out of scope and counts nothing
    expect(counts(j, 'auth.challenge')).toMatchObject({ passed: 0, failed: 0 });
    const kept = examples(j, 'response.date-header')[0]!;
    expect(kept).toMatchObject({ category: 'lifecycle', caseLabel: `GET /v1/CustomerProfiles/${SID} (read after the delete)` });
    expect(kept.message).toContain('the answer to GET');
    expect(kept.case).toBeUndefined();
    expect(j.tally.otherAnswers).toBe(1);
    // case checks never see a bare answer
    expect(counts(j, 'create.status-201')).toMatchObject({ passed: 0, failed: 0 });
  });

  it('judges a 401 of the list without credentials by the challenge rule, with a replay line that sends no credentials', () => {
    const j = judgement();
    const list401 = replyTo('GET', '/v1/CustomerProfiles?PageSize=1', response(401, envelope(401, 20003)), { auth: 'none', purpose: 'list without credentials' });
    expect(j.judgeReply(list401)).toContain('auth.challenge');
    const kept = examples(j, 'auth.challenge')[0]!;
    expect(kept.curl).not.toContain('TWILIO_AUTH_TOKEN');
    expect(kept.curl).toContain('/v1/CustomerProfiles?PageSize=1');
  });

  it('holds an answer a retry replaced to the rules of its kind, but not to no-server-error', () => {
    const j = judgement();
    const absorbed: Reply = { ...replyTo('POST', '/v1/CustomerProfiles', response(503, 'busy', { 'content-type': 'text/plain' })), absorbed: true, case: validCaseOf() };
    const failed = j.judgeReply(absorbed);
    expect(counts(j, 'no-server-error')).toMatchObject({ passed: 0, failed: 0 });
    expect(failed).not.toContain('no-server-error');
    const leaky: Reply = { ...absorbed, response: response(429, { ...envelope(429, 20429), token: TOKEN }) };
    expect(j.judgeReply(leaky)).toContain('no-credential-leak');
    expect(examples(j, 'no-credential-leak')[0]!.caseLabel).toContain('(an answer the retry replaced)');
  });

  it('orders an answer that belongs to no case after every case', () => {
    const j = judgement();
    const cleanup = replyTo('DELETE', `/v1/CustomerProfiles/${SID}`, response(204, '', { 'content-type': 'text/plain' }), { index: -1, purpose: 'cleanup' });
    delete cleanup.response!.headers.date;
    j.judgeReply(cleanup);
    const early = replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource()), { index: 7 });
    delete early.response!.headers.date;
    j.judgeReply(early);
    expect(examples(j, 'response.date-header').map((f) => f.index)).toEqual([7, -1]);
    expect(j.firstFailures.get('response.date-header')).toEqual({ index: 7 });
  });
});

describe('the Sender hands every answer to the judgement', () => {
  let server: Server;
  let url: string;
  let posts = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST' && posts++ === 0) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('later');
          return;
        }
        const body = req.method === 'POST' ? resource() : { results: [], meta: {} };
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('every attempt: the 503 a retry replaced, and each follow-up; the final create answer stays its exchange', async () => {
    const replies: Reply[] = [];
    const health = new HealthMonitor({ concurrency: 1, timeoutMs: 2000, retries: 1 });
    const credentials = { accountSid: ACCOUNT, username: ACCOUNT, password: TOKEN, kind: 'auth-token' as const };
    const sender = new Sender({ base: url, credentials, concurrency: 1, timeoutMs: 2000, track: false, retries: 1, onReply: (r) => replies.push(r) }, health);
    try {
      const ex = await sender.send(validCaseOf(), false, 3);
      expect(ex?.response?.status).toBe(201);
      expect(ex?.index).toBe(3);
      await sender.follow('GET', `${url}/v1/CustomerProfiles?PageSize=5`, { index: 3, purpose: 'list after the create', auth: 'none' });
    } finally {
      await sender.close();
    }
    expect(replies.map((r) => [r.route, r.response?.status, r.absorbed, r.index, r.auth])).toEqual([
      ['create', 503, true, 3, 'valid'],
      ['list', 200, false, 3, 'none'],
    ]);
    expect(replies[1]!.request.headers.authorization).toBeUndefined();
  });
});
