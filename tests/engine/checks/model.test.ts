/**
 * The rules of the account model (engine/checks/model.ts), each a pure judge of one command
 * against the model as it was before it: each can pass and can fail, and says why.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../contracts/catalog.ts';
import type { AccountModel, ModelProfile, ModelStep } from '../../../contracts/model.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { context, envelope, replyTo, resource, response, SID, validCaseOf } from '../../helpers/exchange.ts';

const FIELDS = validCaseOf().fields;
const OTHER = 'BUffffffffffffffffffffffffffffffff';
const profile = (sid = SID, by = 1): ModelProfile => ({ sid, fields: FIELDS, by });

function modelOf(o: { live?: ModelProfile[]; deleted?: Array<ModelProfile & { deletedBy: number }>; refused?: AccountModel['refused'] } = {}): AccountModel {
  return {
    live: new Map((o.live ?? []).map((p) => [p.sid, p])),
    deleted: new Map((o.deleted ?? []).map((p) => [p.sid, p])),
    refused: o.refused ?? [],
  };
}

const created = (sid = SID) => replyTo('POST', '/v1/CustomerProfiles', response(201, resource({ sid })));
const fetched = (sid: string, status: number, body: unknown = status === 200 ? resource({ sid }) : envelope(404, 20404)) =>
  replyTo('GET', `/v1/CustomerProfiles/${sid}`, response(status, body));
const deleted = (sid: string, status: number) => replyTo('DELETE', `/v1/CustomerProfiles/${sid}`, response(status, status === 204 ? '' : envelope(status, 20404)));

/** A page of the list: the profiles given, and a next_page_url when `next` is given. */
function page(profiles: Array<Record<string, unknown>>, next: string | null = null, query = 'PageSize=2') {
  return replyTo('GET', `/v1/CustomerProfiles?${query}`, response(200, { results: profiles, meta: { page: 0, page_size: 2, next_page_url: next, key: 'results' } }));
}

const listStep = (model: AccountModel, pages: ReturnType<typeof page>[], extra: Partial<Extract<ModelStep, { command: 'list' }>> = {}): ModelStep => ({
  command: 'list',
  n: 3,
  model,
  pageSize: 2,
  pages,
  ...extra,
});

const NEXT = 'http://127.0.0.1:4010/v1/CustomerProfiles?PageSize=2&Page=1&PageToken=PA2';
const live = modelOf({ live: [profile(SID, 1), profile(OTHER, 2)] });
const refusedModel = modelOf({ refused: [{ by: 1, marker: 'zqabcr1', label: 'Email missing' }] });

/** For each rule of the model: a step it passes and one it fails. */
const STEPS: Record<string, { pass: ModelStep; fail: ModelStep }> = {
  'account.model': {
    pass: { command: 'create', n: 2, model: modelOf({ live: [profile(OTHER)] }), case: validCaseOf(), answer: created(SID) },
    // a create after a delete that answers the sid of a live profile: overwritten or shared
    fail: { command: 'create', n: 3, model: modelOf({ live: [profile(SID)] }), case: validCaseOf(), answer: created(SID) },
  },
  'list.exact': {
    pass: listStep(live, [page([resource({ sid: SID })], NEXT), page([resource({ sid: OTHER })], null, 'PageSize=2&Page=1&PageToken=PA2')]),
    fail: listStep(live, [page([resource({ sid: SID })], NEXT), page([], null, 'PageSize=2&Page=1&PageToken=PA2')]),
  },
  'account.list-paging': {
    pass: listStep(live, [page([resource({ sid: SID }), resource({ sid: OTHER })])]),
    fail: listStep(live, [page([resource({ sid: SID }), resource({ sid: OTHER }), resource({ sid: 'BU0000000000000000000000000000000a' })])]),
  },
  'account.list-filter': {
    // both live profiles hold the name asked: the list holds both
    pass: listStep(live, [page([resource({ sid: SID }), resource({ sid: OTHER })])], { filter: { param: 'FriendlyName', value: FIELDS.FriendlyName! } }),
    fail: listStep(live, [page([resource({ sid: SID })])], { filter: { param: 'FriendlyName', value: FIELDS.FriendlyName! } }),
  },
  'reject.no-trace': {
    pass: listStep(refusedModel, [page([resource({ sid: OTHER, friendly_name: 'someone else' })])]),
    fail: listStep(refusedModel, [page([resource({ sid: OTHER, friendly_name: 'Acme zqabcr1' })])]),
  },
};

const rule = (id: string) => CHECKS.find((c) => c.id === id)!;
const judge = (id: string, step: ModelStep) => rule(id).judgeStep!(step, context());
const message = (o: ReturnType<typeof judge>) => (o?.status === 'fail' ? o.message : '');

describe('the rules of the account model', () => {
  it('are every catalog check marked model, each judged command by command and never on a case', () => {
    expect(Object.keys(STEPS).sort()).toEqual(CATALOG.filter((c) => 'model' in c).map((c) => c.id).sort());
    for (const id of Object.keys(STEPS)) {
      expect(rule(id).judgeStep).toBeTypeOf('function');
      expect(rule(id).shrinks).toBe(false);
    }
  });

  for (const [id, { pass, fail }] of Object.entries(STEPS)) {
    it(`${id} can pass and can fail`, () => {
      expect(judge(id, pass)).toEqual({ status: 'pass' });
      const outcome = judge(id, fail);
      expect(outcome?.status).toBe('fail');
      expect(message(outcome).length).toBeGreaterThan(20);
    });
  }
});

describe('account.model', () => {
  const model = modelOf({ live: [profile(SID, 1)], deleted: [{ ...profile(OTHER, 2), deletedBy: 4 }] });

  it('names the profile a reused sid belonged to: live (overwritten) or deleted (given again)', () => {
    expect(message(judge('account.model', STEPS['account.model']!.fail))).toMatch(/the sid of the live profile created by command 1/);
    const again = judge('account.model', { command: 'create', n: 5, model, case: validCaseOf(), answer: created(OTHER) });
    expect(message(again)).toMatch(/the sid of the profile command 4 deleted/);
  });

  it('a live profile reads back as sent, whatever its length; a cut one fails and says where', () => {
    const long = 'Acme '.repeat(200).trim();
    const longModel = modelOf({ live: [{ sid: SID, fields: { ...FIELDS, FriendlyName: long }, by: 1 }] });
    const whole = fetched(SID, 200, resource({ sid: SID, friendly_name: long }));
    expect(judge('account.model', { command: 'fetch', n: 2, model: longModel, sid: SID, whose: 'live', answer: whole })).toEqual({ status: 'pass' });
    const cut = fetched(SID, 200, resource({ sid: SID, friendly_name: long.slice(0, 255) }));
    const outcome = judge('account.model', { command: 'fetch', n: 2, model: longModel, sid: SID, whose: 'live', answer: cut });
    expect(message(outcome)).toMatch(/friendly_name is 255 characters where the request sent 999, the first difference at character 256/);
  });

  it('judges how a list shows a live profile (list.exact judges only which profiles it holds)', () => {
    const cut = listStep(modelOf({ live: [profile(SID, 1)] }), [page([resource({ sid: SID, friendly_name: 'Acme' })])]);
    expect(message(judge('account.model', cut))).toMatch(/shows BU\w+ \(created by command 1\) otherwise than it was sent: friendly_name is 4 characters where the request sent 8/);
    expect(judge('list.exact', cut)).toEqual({ status: 'pass' });
    expect(judge('account.model', listStep(modelOf({ live: [profile(SID, 1)] }), [page([resource({ sid: SID })])]))).toEqual({ status: 'pass' });
    // a list that shows none of the sequence's profiles says nothing about them
    expect(judge('account.model', listStep(modelOf(), [page([resource({ sid: OTHER })])]))).toBeNull();
  });

  it('a fetch of a live profile that answers another profile fails', () => {
    const outcome = judge('account.model', { command: 'fetch', n: 2, model, sid: SID, whose: 'live', answer: fetched(SID, 200, resource({ sid: OTHER })) });
    expect(message(outcome)).toMatch(new RegExp(`it is "${OTHER}", not ${SID}`));
  });

  it('a deleted or unknown sid is 404 to fetch and delete; a live one is 204 to delete', () => {
    const step = (command: 'fetch' | 'delete', sid: string, whose: 'live' | 'deleted' | 'unknown', status: number): ModelStep => ({
      command,
      n: 5,
      model,
      sid,
      whose,
      answer: command === 'fetch' ? fetched(sid, status) : deleted(sid, status),
    });
    expect(judge('account.model', step('fetch', OTHER, 'deleted', 404))).toEqual({ status: 'pass' });
    expect(message(judge('account.model', step('fetch', OTHER, 'deleted', 200)))).toMatch(/expected 404: command 4 deleted it/);
    expect(judge('account.model', step('delete', SID, 'live', 204))).toEqual({ status: 'pass' });
    expect(message(judge('account.model', step('delete', SID, 'live', 404)))).toMatch(/expected 204/);
    const unknown = 'BU00000000000000000000000000000001';
    expect(message(judge('account.model', step('delete', unknown, 'unknown', 204)))).toMatch(/no profile ever had this sid/);
  });

  it('says nothing about an answer that says nothing (no answer, 429, 503) and skips a route the target lacks', () => {
    const step = (answer: ReturnType<typeof fetched>): ModelStep => ({ command: 'fetch', n: 2, model, sid: SID, whose: 'live', answer });
    expect(judge('account.model', step(fetched(SID, 429, envelope(429, 20429))))).toBeNull();
    expect(judge('account.model', step({ ...fetched(SID, 200), response: undefined, error: { code: 'ECONNRESET', message: 'reset' } }))).toBeNull();
    expect(judge('account.model', step(fetched(SID, 405, envelope(405, 20004))))?.status).toBe('skip');
  });

  it('a refused create answered 201 fails; a refused one answered 4xx passes', () => {
    const refused = validCaseOf({ expect: 'reject', label: 'Email missing' });
    expect(message(judge('account.model', { command: 'create', n: 1, model: modelOf(), case: refused, answer: created() }))).toMatch(/refuses \(Email missing\)/);
    const answer = replyTo('POST', '/v1/CustomerProfiles', response(400, envelope(400, 20001)));
    expect(judge('account.model', { command: 'create', n: 1, model: modelOf(), case: refused, answer })).toEqual({ status: 'pass' });
  });
});

describe('the list rules', () => {
  it('list.exact: a deleted profile still listed fails; profiles of others are never judged', () => {
    const model = modelOf({ deleted: [{ ...profile(OTHER, 1), deletedBy: 2 }] });
    const foreign = resource({ sid: 'BU0000000000000000000000000000000b', friendly_name: 'not ours' });
    expect(judge('list.exact', listStep(model, [page([foreign])]))).toEqual({ status: 'pass' });
    expect(message(judge('list.exact', listStep(model, [page([foreign, resource({ sid: OTHER })])])))).toMatch(/still shows .* which command 2 deleted/);
  });

  it('list.exact skips a walk cut short; list.paging fails a cycle', () => {
    const cut = listStep(live, [page([resource({ sid: SID })], NEXT)], { cut: { reason: 'cycle', message: 'next_page_url of page 2 leads back to a page already walked' } });
    expect(judge('list.exact', cut)?.status).toBe('skip');
    expect(message(judge('account.list-paging', cut))).toMatch(/leads back/);
  });

  it('list.paging: a profile on two pages fails, and a next_page_url that is not an absolute URL of the collection', () => {
    const twice = listStep(live, [page([resource({ sid: SID })], NEXT), page([resource({ sid: SID }), resource({ sid: OTHER })], null, 'Page=1')]);
    expect(message(judge('account.list-paging', twice))).toMatch(/again \(already on page 1\)/);
    const relative = listStep(live, [page([resource({ sid: SID })], '/v1/CustomerProfiles?Page=1')]);
    expect(message(judge('account.list-paging', relative))).toMatch(/not an absolute URL/);
    const elsewhere = listStep(live, [page([resource({ sid: SID })], 'http://127.0.0.1:4010/v1/Other?Page=1')]);
    expect(message(judge('account.list-paging', elsewhere))).toMatch(/not a URL of \/v1\/CustomerProfiles/);
  });

  it('account.list-filter: a profile of another value shown fails, so does a deleted one; list.exact leaves a filtered list to it', () => {
    const byName = { filter: { param: 'FriendlyName' as const, value: FIELDS.FriendlyName! } };
    const foreign = resource({ sid: 'BU0000000000000000000000000000000b', friendly_name: `${FIELDS.FriendlyName} ` });
    expect(message(judge('account.list-filter', listStep(live, [page([resource({ sid: SID }), resource({ sid: OTHER }), foreign])], byName)))).toMatch(/shows "BU0+b", whose friendly_name is/);
    const gone = modelOf({ live: [profile(SID, 1)], deleted: [{ ...profile(OTHER, 2), deletedBy: 3 }] });
    expect(message(judge('account.list-filter', listStep(gone, [page([resource({ sid: SID }), resource({ sid: OTHER })])], byName)))).toMatch(/still shows .* which command 3 deleted/);
    expect(judge('list.exact', listStep(live, [page([resource({ sid: SID })])], byName))).toBeNull();
    expect(judge('account.list-filter', listStep(live, [page([resource({ sid: SID })])]))).toBeNull();
    const byPolicy = { filter: { param: 'PolicySid' as const, value: FIELDS.PolicySid! } };
    expect(judge('account.list-filter', listStep(live, [page([resource({ sid: SID }), resource({ sid: OTHER })])], byPolicy))).toEqual({ status: 'pass' });
  });

  it('a failure names the page it is about', () => {
    const outcome = judge('account.list-paging', listStep(live, [page([resource({ sid: SID })], NEXT), page([resource({ sid: SID })], null, 'Page=1')]));
    expect(outcome).toMatchObject({ status: 'fail', at: 1 });
  });
});
