/**
 * A failure a later request of a sequence caused shows that request, not the create, with the
 * requests before it in the order they were sent; a list cut at the response size cap says so.
 */
import { describe, expect, it } from 'vitest';
import type { Exchange, FollowUp, ReceivedResponse } from '../../../contracts/exchange.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { Judgement } from '../../../engine/judge/evaluate.ts';
import { brokenAt, stepsOf } from '../../../engine/judge/sequence.ts';
import { Tally } from '../../../engine/judge/tally.ts';
import { BASE, context, envelope, exchangeOf, replyTo, resource, response, SID, TOKEN, validCaseOf } from '../../helpers/exchange.ts';

const check = (id: string) => CHECKS.find((c) => c.id === id)!;
const item = `${BASE}/v1/CustomerProfiles/${SID}`;
const list = `${BASE}/v1/CustomerProfiles?PageSize=1000`;
const step = (method: string, url: string, res: ReceivedResponse, purpose: string): FollowUp => ({ request: { method, url, headers: {}, body: '' }, response: res, purpose, auth: 'valid' });
const page = (...profiles: unknown[]) => response(200, { results: profiles, meta: { page: 0, page_size: 1000 } });

/** A create with its whole lifecycle, as the follow-ups phase leaves it; `overrides` change single answers. */
function lifecycle(overrides: Partial<Record<keyof Exchange, FollowUp>> = {}): Exchange {
  const ex = exchangeOf(validCaseOf(), response(201, resource()), { index: 3 });
  ex.readBack = step('GET', item, response(200, resource()), 'read back');
  ex.listed = step('GET', list, page(resource()), 'list after the create');
  ex.deleted = step('DELETE', item, response(204, ''), 'delete');
  ex.readAfterDelete = step('GET', item, response(404, envelope(404, 20404)), 'read after the delete');
  return Object.assign(ex, overrides);
}

describe('the request of a sequence that broke a check', () => {
  it('is the follow-up on which the judge first fails the same way: the GET after the DELETE, with the create and the delete before it (the read back and list it does not need left out)', () => {
    const ex = lifecycle({ readAfterDelete: step('GET', item, response(200, resource()), 'read after the delete') });
    const outcome = check('delete.gone').judge(ex, context());
    expect(outcome).toMatchObject({ status: 'fail' });
    const broken = brokenAt(check('delete.gone'), ex, context(), (outcome as { message: string }).message)!;
    expect(broken.step).toMatchObject({ role: 'readAfterDelete', purpose: 'read after the delete', auth: 'valid' });
    expect(broken.before.map((s) => `${s.followUp.request.method} ${s.purpose}`)).toEqual(['POST create', 'DELETE delete']);
  });

  it('is the DELETE itself when the DELETE answered wrong', () => {
    const ex = lifecycle({ deleted: step('DELETE', item, response(500, envelope(500, 20500)), 'delete') });
    const outcome = check('delete.gone').judge(ex, context()) as { message: string };
    expect(brokenAt(check('delete.gone'), ex, context(), outcome.message)!.step.role).toBe('deleted');
  });

  it('is none for a failure the create alone makes', () => {
    const ex = lifecycle();
    ex.response = response(201, resource({ friendly_name: 'changed' }));
    const outcome = check('echo.fields').judge(ex, context()) as { message: string };
    expect(brokenAt(check('echo.fields'), ex, context(), outcome.message)).toBeUndefined();
  });

  it('puts the list read before a refusal before its create', () => {
    const ex = exchangeOf(validCaseOf({ expect: 'reject' }), response(400, envelope(400, 21000)));
    ex.listAfter = step('GET', list, page(), 'list after a refusal');
    ex.listBefore = step('GET', list, page(), 'list before a refusal');
    expect(stepsOf(ex).map((s) => s.purpose)).toEqual(['list before a refusal', 'create', 'list after a refusal']);
  });
});

describe('a counterexample of a sequence', () => {
  it('shows the request that broke the check (not the healthy create) and every request before it', () => {
    const j = new Judgement(CHECKS, new Tally(CHECKS, { secrets: [TOKEN], apiKey: false }), context());
    const ex = lifecycle({ readBack: step('GET', item, response(200, resource({ email: 'other@acme.test' })), 'read back') });
    j.judge(ex);
    j.judgeFollowUps(ex);
    const c = j.tally.firstFailure('readback.same')!;
    expect(c.request).toMatchObject({ method: 'GET', url: item });
    expect(c.response?.status).toBe(200);
    expect(c.step).toEqual({ purpose: 'read back', auth: 'valid', role: 'readBack' });
    expect(c.sequence!.map((s) => [s.request.method, s.status, s.sid])).toEqual([['POST', 201, SID]]);
    expect(c.curl).toContain(`-X GET ${item}`);
    const [cls] = j.tally.failureClasses('readback.same');
    expect(cls).toMatchObject({ kind: 'valid', part: 'read back' });
  });

  it('for an answer judged on its own (a credential probe), is that answer after the create and the requests before it that changed the state (a DELETE taken)', () => {
    const j = new Judgement(CHECKS, new Tally(CHECKS, { secrets: [TOKEN], apiKey: false }), context());
    const ex = lifecycle();
    delete ex.deleted;
    delete ex.readAfterDelete;
    const probe = replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource()), { auth: 'none', purpose: 'fetch of the profile with no credentials', index: 3, case: ex.case, follows: ex });
    expect(j.judgeReply(probe)).toContain('auth.follow-up-routes');
    const c = j.tally.firstFailure('auth.follow-up-routes')!;
    expect(c.step).toEqual({ purpose: 'fetch of the profile with no credentials', auth: 'none' });
    expect(c.sequence!.map((s) => s.purpose)).toEqual(['create']);
    expect(c.case).toMatchObject({ auth: 'valid', expect: 'create' });
    expect(c.curl).not.toContain('TWILIO_AUTH_TOKEN');
    // after the DELETE: the create and the DELETE (the reads between them changed nothing)
    const gone = lifecycle();
    const late = replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource()), { auth: 'none', purpose: 'fetch of the deleted profile with no credentials', index: 3, case: gone.case, follows: gone });
    j.judgeReply(late);
    const [, second] = j.tally.failureClasses('auth.follow-up-routes');
    expect(second!.example!.sequence!.map((s) => `${s.request.method} ${s.purpose}`)).toEqual(['POST create', 'DELETE delete']);
  });

  it('says a list cut at the response size cap was cut, and does not judge what it cannot read', () => {
    const cut = { ...response(200, '{"results":[{"sid":"BU'), truncated: true, cutAt: 1_048_576, json: undefined };
    const ex = lifecycle({ listed: { ...step('GET', list, cut, 'list after the create') } });
    const outcome = check('list.shows-created').judge(ex, context());
    expect(outcome).toEqual({ status: 'skip', reason: 'the list after the create was cut at 1048576 bytes (--max-response-bytes): raise --max-response-bytes to judge it' });
  });
});
