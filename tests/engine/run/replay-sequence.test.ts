/**
 * Replaying a failure of a sequence: every request again, in order, the new create's sid in place
 * of the recorded one; judged as the run judged it (a case rule on the create's exchange, a rule
 * of answers on the last answer alone); a create that gives no sid stops it, never "reproduced".
 */
import { describe, expect, it } from 'vitest';
import type { FollowUp, ReceivedResponse } from '../../../contracts/exchange.ts';
import type { Counterexample } from '../../../contracts/report.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { Judgement } from '../../../engine/judge/evaluate.ts';
import { Tally } from '../../../engine/judge/tally.ts';
import { exchangeOf as rebuilt, judgeSequence, replaySequence, type SendOne } from '../../../engine/run/replay-sequence.ts';
import { BASE, context, exchangeOf, replyTo, resource, response, SID, TOKEN, validCaseOf } from '../../helpers/exchange.ts';

const check = (id: string) => CHECKS.find((c) => c.id === id)!;
const NEW = 'BUffffffffffffffffffffffffffffffff';
const item = (sid: string) => `${BASE}/v1/CustomerProfiles/${sid}`;

/** A target that creates NEW (or answers `create` instead) and answers every other request from `answers` by method. */
function target(answers: Record<string, ReceivedResponse>, create: ReceivedResponse = response(201, resource({ sid: NEW }))) {
  const sent: Array<{ method: string; url: string; auth: string }> = [];
  const send: SendOne = async (step) => {
    const { method, url } = step.request;
    sent.push({ method, url, auth: step.case!.auth });
    const res = method === 'POST' ? create : answers[method]!;
    return { answer: { request: step.request, response: res }, latencyMs: 1 };
  };
  return { sent, send };
}

/** The counterexample a run records for a read after a DELETE that still found the profile. */
function deleteGone(): Counterexample {
  const ex = exchangeOf(validCaseOf(), response(201, resource()), { index: 3 });
  ex.deleted = { request: { method: 'DELETE', url: item(SID), headers: {}, body: '' }, response: response(204, ''), purpose: 'delete', auth: 'valid' };
  ex.readAfterDelete = { request: { method: 'GET', url: item(SID), headers: {}, body: '' }, response: response(200, resource()), purpose: 'read after the delete', auth: 'valid' };
  const j = new Judgement(CHECKS, new Tally(CHECKS, { secrets: [TOKEN], apiKey: false }), context());
  j.judge(ex);
  j.judgeFollowUps(ex);
  return j.tally.firstFailure('delete.gone')!;
}

describe('replaying a failure of a sequence', () => {
  it('sends the create, the DELETE and the GET again, with the new sid, and judges the case rule on them', async () => {
    const c = deleteGone();
    const { sent, send } = target({ DELETE: response(204, ''), GET: response(200, resource({ sid: NEW })) });
    const replayed = await replaySequence(c, send);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${BASE}/v1/CustomerProfiles`, `DELETE ${item(NEW)}`, `GET ${item(NEW)}`]);
    const tc = { ...validCaseOf(), ...c.case! };
    expect(rebuilt(c, tc, replayed.sent)).toMatchObject({ deleted: { response: { status: 204 } }, readAfterDelete: { response: { status: 200 } } });
    expect(judgeSequence(check('delete.gone'), c, tc, replayed, context())).toMatchObject({ status: 'fail' });
    // fixed: the GET after the DELETE is a 404 now
    const fixed = target({ DELETE: response(204, ''), GET: response(404, { code: 20404, message: 'x', more_info: 'x', status: 404 }) });
    const again = await replaySequence(c, fixed.send);
    expect(judgeSequence(check('delete.gone'), c, tc, again, context())).toEqual({ status: 'pass' });
  });

  it('stops before the requests that name the profile when the create gives no sid', async () => {
    const { sent, send } = target({}, response(500, { code: 20500 }));
    const replayed = await replaySequence(deleteGone(), send);
    expect(sent).toHaveLength(1);
    expect(replayed.stopped).toMatch(/^the create answered 500 with no sid/);
  });

  it('judges an answer judged alone (a credential probe) by the rule of answers, with its own auth mode', async () => {
    const ex = exchangeOf(validCaseOf(), response(201, resource()), { index: 3 });
    const j = new Judgement(CHECKS, new Tally(CHECKS, { secrets: [TOKEN], apiKey: false }), context());
    j.judgeReply(replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource()), { auth: 'none', purpose: 'fetch of the profile with no credentials', index: 3, case: ex.case, follows: ex }));
    const c = j.tally.firstFailure('auth.follow-up-routes')!;
    const { sent, send } = target({ GET: response(200, resource({ sid: NEW })) });
    const replayed = await replaySequence(c, send);
    expect(sent.map((r) => [r.method, r.url, r.auth])).toEqual([
      ['POST', `${BASE}/v1/CustomerProfiles`, 'valid'],
      ['GET', item(NEW), 'none'],
    ]);
    const answer: FollowUp = replayed.sent[1]!.answer;
    expect(answer.auth).toBe('none');
    expect(judgeSequence(check('auth.follow-up-routes'), c, { ...validCaseOf(), ...c.case! }, replayed, context())).toMatchObject({ status: 'fail' });
  });
});
