import { describe, expect, it } from 'vitest';
import { CATALOG, formerIds, RENAMED_CHECKS, resolveCheckId } from '../../../contracts/catalog.ts';
import { inScope } from '../../../contracts/check.ts';
import { explanationOf } from '../../../contracts/explain.ts';
import type { Exchange, FollowUp, ListWalk, Reply } from '../../../contracts/exchange.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { selectChecks } from '../../../engine/plan/select.ts';
import { parseDeviations } from '../../../evidence/deviations.ts';
import { BASE, context, envelope, exchangeOf, followUp, replyTo, resource, response, SID, validCaseOf } from '../../helpers/exchange.ts';

const ITEM = `/v1/CustomerProfiles/${SID}`;

/** The outcome of a rule of `answers` on one answer; null when the answer is out of its scope. */
function judge(id: string, reply: Reply) {
  const check = CHECKS.find((c) => c.id === id)!;
  return inScope(check.answers!, reply) ? check.judgeReply!(reply, context()) : null;
}

describe('rules by kind of answer', () => {
  it('say in the catalog which answers they judge, and every rule of one answer has a scope', () => {
    const scoped = CATALOG.filter((c) => 'answers' in c).map((c) => c.id);
    for (const id of ['response.content-type-json', 'resource.schema', 'list.page-schema', 'error.envelope', 'error.content-type-json', 'error.envelope-status', 'error.more-info', 'auth.code-20003', 'not-found.code-20404', 'rate-limit.code-20429', 'delete.no-content', 'resource.timestamps-gmt', 'resource.url', 'resource.account-sid', 'list.own-account', 'response.date-header', 'response.date-imf-fixdate', 'response.allow-405']) {
      expect(scoped, id).toContain(id);
    }
  });

  it('judge a HEAD answer as the GET it stands for, by every rule that does not read the content', () => {
    const head = (path: string, status: number, headers: Record<string, string> = {}, extra: Partial<Reply> = {}) => {
      const res = response(status, '', headers);
      return replyTo('HEAD', path, res, extra);
    };
    // before: response.date-header never saw a HEAD answer (its scope did not opt HEAD in)
    const noDate = head(ITEM, 200);
    delete noDate.response!.headers.date;
    expect(judge('response.date-header', noDate)).toMatchObject({ status: 'fail', message: expect.stringContaining('the 200 answer has no Date header') });
    expect(judge('response.date-header', head('/v1/CustomerProfiles', 200))).toEqual({ status: 'pass' });
    expect(judge('response.date-imf-fixdate', head(ITEM, 404, { date: 'Friday, 27-Nov-26 10:00:01 GMT' }))?.status).toBe('fail');
    expect(judge('no-server-error', head(ITEM, 500))?.status).toBe('fail');
    // the fetch's rule of lookup: a HEAD of a profile without valid credentials answered 404
    expect(judge('auth.before-lookup', head(ITEM, 404, {}, { auth: 'none' }))?.status).toBe('fail');
    expect(judge('auth.before-lookup', head('/v1/CustomerProfiles', 404, {}, { auth: 'none' }))).toBeNull();
    // the rules of the content leave its empty body alone
    for (const id of ['resource.schema', 'response.content-type-json', 'response.utf8-no-bom', 'list.page-schema', 'error.envelope', 'not-found.code-20404']) {
      expect(judge(id, head(id.startsWith('list') ? '/v1/CustomerProfiles' : ITEM, id === 'error.envelope' || id === 'not-found.code-20404' ? 404 : 200)), id).toBeNull();
    }
    // every rule of one answer says whether it reads the content: none of those that do not takes a HEAD answer's empty body for a fault
    for (const c of CHECKS) {
      if (!c.answers || c.answers.body) continue;
      for (const [path, status] of [[ITEM, 200], ['/v1/CustomerProfiles', 200], [ITEM, 404], [ITEM, 401]] as const) {
        const reply = head(path, status, status === 401 ? { 'www-authenticate': 'Basic realm="Twilio API"' } : {}, status === 401 ? { auth: 'none' } : {});
        expect(judge(c.id, reply)?.status, `${c.id} on HEAD ${path} ${status}`).not.toBe('fail');
      }
    }
  });

  it("hold a profile a create with the second account's pair altered made to that account: the user the credentials name", () => {
    const second = `AC${'2'.repeat(32)}`;
    const made = (auth: Reply['auth'], account: string) => replyTo('POST', '/v1/CustomerProfiles', response(201, resource({ account_sid: account })), { auth });
    const check = CHECKS.find((c) => c.id === 'resource.account-sid')!;
    const ctx = context({ secondAccountSid: second });
    expect(check.judgeReply!(made('second-account-password-case-swapped', second), ctx)).toEqual({ status: 'pass' });
    expect(check.judgeReply!(made('second-account-password-case-swapped', context().accountSid), ctx)?.status).toBe('fail');
    expect(check.judgeReply!(made('password-case-swapped', second), ctx)?.status).toBe('fail');
  });

  it('hold every error answer of every route to the envelope, its media type, status and more_info', () => {
    const html413 = replyTo('POST', ITEM, response(413, '<html>413</html>', { 'content-type': 'text/html' }), { purpose: 'oversized body' });
    expect(judge('error.envelope', html413)).toMatchObject({ status: 'fail', message: expect.stringContaining(`the answer to POST ${ITEM} (oversized body): the 413 body is not JSON`) });
    expect(judge('error.content-type-json', html413)?.status).toBe('fail');
    const absorbed503 = { ...replyTo('GET', '/v1/CustomerProfiles', response(503, envelope(503, 20503))), absorbed: true };
    expect(judge('error.envelope', absorbed503)).toEqual({ status: 'pass' });
    expect(judge('error.more-info', { ...absorbed503, response: response(503, { ...envelope(503, 20503), more_info: 'x' }) })?.status).toBe('fail');
    // a success is out of their scope
    expect(judge('error.envelope', replyTo('GET', ITEM, response(200, resource())))).toBeNull();
  });

  it('a 404 names the path as requested, raw or percent-decoded, with code 20404', () => {
    const at = (path: string, message: string) => replyTo('GET', path, response(404, envelope(404, 20404, message)));
    expect(judge('not-found.code-20404', at('/v1/CustomerProfiles/not%20a%20sid', 'The requested resource /v1/CustomerProfiles/not a sid was not found'))).toEqual({ status: 'pass' });
    expect(judge('not-found.code-20404', at('/v1/CustomerProfiles/not%20a%20sid', 'The requested resource /v1/CustomerProfiles/not%20a%20sid was not found'))).toEqual({ status: 'pass' });
    expect(judge('not-found.code-20404', at('/v1/CustomerProfiles/x?PageSize=1', 'The requested resource /v1/CustomerProfiles/x was not found'))).toEqual({ status: 'pass' });
    expect(judge('not-found.code-20404', at(ITEM, 'The requested resource /v1/CustomerProfiles was not found'))?.status).toBe('fail');
    expect(judge('not-found.code-20404', replyTo('GET', ITEM, response(404, '<html>Not Found</html>')))).toMatchObject({ status: 'fail', message: expect.stringContaining('code absent') });
  });

  it('judge each item of a list page, naming which one fails', () => {
    const page = replyTo('GET', '/v1/CustomerProfiles?PageSize=50', response(200, { results: [resource(), resource({ sid: `BU${'f'.repeat(32)}`, date_created: '2026-11-27 10:00:00' })], meta: {} }));
    expect(judge('resource.timestamps-gmt', page)).toMatchObject({ status: 'fail', message: expect.stringContaining(`results[1] (BU${'f'.repeat(32)}): date_created`) });
    expect(judge('resource.schema', page)?.status).toBe('fail');
    // a create's refusal and a fetch's 404 show no profile
    expect(judge('resource.url', replyTo('GET', ITEM, response(404, envelope(404, 20404))))).toBeNull();
    // the create's 201 is judged, a create's 200 shows no profile of its kind
    expect(judge('resource.schema', replyTo('POST', '/v1/CustomerProfiles', response(200, { sid: 'x' })))).toBeNull();
    expect(judge('resource.schema', replyTo('POST', '/v1/CustomerProfiles', response(201, 'not json')))).toMatchObject({ status: 'fail', message: expect.stringContaining('not JSON') });
  });

  it('a successful DELETE is 204 with nothing in it; a 405 lists the methods in Allow, not the one refused', () => {
    expect(judge('delete.no-content', replyTo('DELETE', ITEM, response(204, '')))).toEqual({ status: 'pass' });
    expect(judge('delete.no-content', replyTo('DELETE', ITEM, response(404, envelope(404, 20404))))).toBeNull();
    const put = (allow?: string) => replyTo('PUT', '/v1/CustomerProfiles', response(405, envelope(405, 20004), allow === undefined ? {} : { allow }));
    expect(judge('response.allow-405', put('GET, POST'))).toEqual({ status: 'pass' });
    expect(judge('response.allow-405', put(''))).toEqual({ status: 'pass' });
    expect(judge('response.allow-405', put('GET, PUT'))).toMatchObject({ status: 'fail', message: expect.stringContaining('lists it') });
    expect(judge('response.allow-405', put('GET POST'))?.status).toBe('fail');
  });

  it('read Date, Content-Type and WWW-Authenticate by their grammar', () => {
    const at = (headers: Record<string, string>) => replyTo('GET', ITEM, response(200, resource(), headers));
    expect(judge('response.date-header', at({ date: 'Fri Nov 27 10:00:01 2026' }))).toEqual({ status: 'pass' });
    expect(judge('response.date-imf-fixdate', at({ date: 'Fri Nov 27 10:00:01 2026' }))).toMatchObject({ status: 'fail', message: expect.stringContaining('asctime-date') });
    expect(judge('response.date-imf-fixdate', at({ date: 'Mon, 27 Nov 2026 10:00:01 GMT' }))).toMatchObject({ status: 'fail', message: expect.stringContaining('day of the week') });
    expect(judge('response.content-type-json', at({ 'content-type': 'APPLICATION/json;charset="utf-8"' }))).toEqual({ status: 'pass' });
    expect(judge('response.content-type-json', at({ 'content-type': 'application/json charset=utf-8' }))?.status).toBe('fail');
    expect(judge('response.charset-utf8', at({ 'content-type': 'application/json; CHARSET="ISO-8859-1"' }))?.status).toBe('fail');
    const unauthorized = (challenge: string) => replyTo('GET', ITEM, response(401, envelope(401, 20003), { 'www-authenticate': challenge }), { auth: 'none' });
    expect(judge('auth.challenge', unauthorized('Basic realm=Twilio API'))).toMatchObject({ status: 'fail', message: expect.stringContaining('auth-param') });
    expect(judge('auth.challenge', unauthorized('Basic realm=Twilio'))).toEqual({ status: 'pass' });
  });
});

describe('list.paging', () => {
  const sids = (n: number) => Array.from({ length: n }, (_, i) => `BU${String(i).padStart(32, '0')}`);
  const page = (list: string[], i: number, last: boolean): FollowUp => ({
    ...followUp(200, { results: list.map((sid) => resource({ sid })), meta: { next_page_url: last ? null : `${BASE}/v1/CustomerProfiles?PageSize=2&Page=${i + 1}` } }),
    request: { method: 'GET', url: `${BASE}/v1/CustomerProfiles?PageSize=2&Page=${i}`, headers: {}, body: '' },
  });
  const whole = (list: string[]) => followUp(200, { results: list.map((sid) => resource({ sid })), meta: { next_page_url: null } });
  const walkOf = (pages: string[][], before: string[], extra: Partial<ListWalk> = {}): Exchange =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      listWalk: { pageSize: 2, pages: pages.map((p, i) => page(p, i, i === pages.length - 1)), before: whole(before), after: whole(before), ...extra },
    });
  const judgeWalk = (ex: Exchange) => CHECKS.find((c) => c.id === 'list.paging')!.judge(ex, context());
  const all = sids(5);

  it('passes a walk that shows the whole list once, page by page', () => {
    expect(judgeWalk(walkOf([all.slice(0, 2), all.slice(2, 4), all.slice(4)], all))).toEqual({ status: 'pass' });
  });

  it('fails a page over PageSize, a profile shown twice or never, a loop, a page that is no list page', () => {
    expect(judgeWalk(walkOf([all.slice(0, 3), all.slice(3)], all))).toMatchObject({ status: 'fail', message: expect.stringContaining('more than PageSize=2') });
    expect(judgeWalk(walkOf([all.slice(0, 2), all.slice(1, 3), all.slice(3)], all))).toMatchObject({ status: 'fail', message: expect.stringContaining('twice') });
    expect(judgeWalk(walkOf([all.slice(0, 2), all.slice(3)], all))).toMatchObject({ status: 'fail', message: expect.stringContaining('never show') });
    const loop = walkOf([all.slice(0, 2), all.slice(0, 2)], all, { stopped: { reason: 'loop', detail: 'page 2 leads back' } });
    expect(judgeWalk(loop)).toMatchObject({ status: 'fail', message: expect.stringContaining('never reaches the end') });
    const broken = walkOf([all.slice(0, 2)], all);
    broken.listWalk!.pages.push(followUp(500, envelope(500, 20500)));
    expect(judgeWalk(broken)).toMatchObject({ status: 'fail', message: expect.stringContaining('page 2') });
  });

  it('judges completeness only on an account nobody changed during the walk, and never follows a URL off the target', () => {
    const changed = walkOf([all.slice(0, 2), all.slice(3)], all, { after: whole([...all, `BU${'f'.repeat(32)}`]) });
    expect(judgeWalk(changed)).toEqual({ status: 'pass' });
    const capped = walkOf([all.slice(0, 2)], all, { after: whole(all.slice(1)), stopped: { reason: 'cap', detail: 'still not null' } });
    expect(judgeWalk(capped)?.status).toBe('skip');
    const away = walkOf([all.slice(0, 2)], all, { stopped: { reason: 'not-on-target', detail: 'https://trusthub.twilio.com/… is not on the target' } });
    expect(judgeWalk(away)).toMatchObject({ status: 'skip', reason: expect.stringContaining('not on the target') });
  });

  it('fails a first_page_url that does not lead to the first page', () => {
    const ex = walkOf([all.slice(0, 2), all.slice(2, 4), all.slice(4)], all, { firstAgain: page(all.slice(2, 4), 0, false) });
    expect(judgeWalk(ex)).toMatchObject({ status: 'fail', message: expect.stringContaining('first_page_url') });
  });
});

describe('list.previous-page', () => {
  const sids = (n: number) => Array.from({ length: n }, (_, i) => `BU${String(i).padStart(32, '0')}`);
  const all = sids(5);
  const at = (i: number) => `${BASE}/v1/CustomerProfiles?PageSize=2&Page=${i}`;
  const page = (i: number, previous: string | null = i > 0 ? at(i - 1) : null): FollowUp => ({
    ...followUp(200, { results: all.slice(2 * i, 2 * i + 2).map((sid) => resource({ sid })), meta: { previous_page_url: previous, next_page_url: i < 2 ? at(i + 1) : null } }),
    request: { method: 'GET', url: at(i), headers: {}, body: '' },
  });
  const whole = followUp(200, { results: all.map((sid) => resource({ sid })), meta: { next_page_url: null } });
  const walkOf = (pages: FollowUp[], previous: Array<FollowUp | undefined>, after = whole): Exchange =>
    exchangeOf(validCaseOf(), response(201, resource()), { listWalk: { pageSize: 2, pages, previous, before: whole, after } });
  const judgeWalk = (ex: Exchange) => CHECKS.find((c) => c.id === 'list.previous-page')!.judge(ex, context());

  it('passes a first page with none and later pages whose previous_page_url leads to the page before', () => {
    expect(judgeWalk(walkOf([page(0), page(1), page(2)], [undefined, page(0), page(1)]))).toEqual({ status: 'pass' });
  });

  it('fails a first page that names one, a later page that names none or itself', () => {
    expect(judgeWalk(walkOf([page(0, at(0)), page(1)], [undefined, page(0)]))).toMatchObject({ status: 'fail', message: expect.stringContaining('the first page has none') });
    expect(judgeWalk(walkOf([page(0), page(1, null)], []))).toMatchObject({ status: 'fail', message: expect.stringContaining('page 1 comes before it') });
    expect(judgeWalk(walkOf([page(0), page(1, at(1)), page(2)], [undefined, page(1), page(1)]))).toMatchObject({ status: 'fail', message: expect.stringContaining('that page itself') });
  });

  it('compares the pages only on an account nobody changed during the walk', () => {
    const changed = followUp(200, { results: [...all, `BU${'f'.repeat(32)}`].map((sid) => resource({ sid })), meta: { next_page_url: null } });
    expect(judgeWalk(walkOf([page(0), page(1, at(1))], [undefined, page(1)], changed))).toEqual({ status: 'pass' });
  });
});

describe('methods.keep-profile', () => {
  const created = resource();
  const sent = (method: string, status: number): FollowUp => ({ ...followUp(status, status === 405 ? envelope(405, 20004) : ''), request: { method, url: `${BASE}${ITEM}`, headers: {}, body: '' } });
  const withSteps = (readBacks: FollowUp[]): Exchange =>
    exchangeOf(validCaseOf(), response(201, created), { otherMethods: [{ sent: [sent('HEAD', 200)], readBack: readBacks[0]! }, { sent: [sent('PUT', 405), sent('PATCH', 405)], readBack: readBacks[1]! }] });
  const judgeSteps = (ex: Exchange) => CHECKS.find((c) => c.id === 'methods.keep-profile')!.judge(ex, context());

  it('passes a profile that reads back as created after HEAD, PUT and PATCH', () => {
    expect(judgeSteps(withSteps([followUp(200, created), followUp(200, created)]))).toEqual({ status: 'pass' });
  });

  it('fails a profile a HEAD removed or a PUT/PATCH changed, naming the requests', () => {
    expect(judgeSteps(withSteps([followUp(404, envelope(404, 20404)), followUp(404, envelope(404, 20404))]))).toMatchObject({ status: 'fail', message: expect.stringContaining('after HEAD') });
    const changed = followUp(200, { ...created, friendly_name: 'changed' });
    expect(judgeSteps(withSteps([followUp(200, created), changed]))).toMatchObject({ status: 'fail', message: expect.stringContaining('after PUT') });
  });

  it('fails a profile a DELETE of the collection removed, naming the collection', () => {
    const wipe: FollowUp = { ...followUp(204, ''), request: { method: 'DELETE', url: `${BASE}/v1/CustomerProfiles`, headers: {}, body: '' } };
    const ex = withSteps([followUp(200, created), followUp(200, created)]);
    ex.otherMethods = [...ex.otherMethods!, { sent: [wipe], readBack: followUp(404, envelope(404, 20404)) }];
    expect(judgeSteps(ex)).toMatchObject({ status: 'fail', message: expect.stringContaining('after DELETE /v1/CustomerProfiles (answered 204)') });
  });
});

describe('delete.concurrent', () => {
  const a = resource({ sid: `BU${'a'.repeat(32)}` });
  const b = resource({ sid: `BU${'b'.repeat(32)}` });
  const c = resource({ sid: `BU${'c'.repeat(32)}` });
  const gone = () => followUp(404, envelope(404, 20404));
  const raceOf = (during: FollowUp[], readBacks: [FollowUp, FollowUp, FollowUp]): Exchange =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      concurrentDeletes: {
        deleted: [
          { profile: a, delete: followUp(204, ''), readBack: readBacks[0] },
          { profile: b, delete: followUp(204, ''), readBack: readBacks[1] },
        ],
        created: { profile: c, readBack: readBacks[2] },
        during,
        duringOf: a,
      },
    });
  const judgeRace = (ex: Exchange) => CHECKS.find((c) => c.id === 'delete.concurrent')!.judge(ex, context());

  it('passes reads during the DELETE that show the profile as created or 404, and each DELETE doing only its own', () => {
    expect(judgeRace(raceOf([followUp(200, a), gone(), followUp(200, { results: [b], meta: {} })], [gone(), gone(), followUp(200, c)]))).toEqual({ status: 'pass' });
  });

  it('fails a half-erased profile, a deleted profile that comes back, a create that is lost', () => {
    expect(judgeRace(raceOf([followUp(200, { ...a, friendly_name: null })], [gone(), gone(), followUp(200, c)]))).toMatchObject({ status: 'fail', message: expect.stringContaining('friendly_name null') });
    expect(judgeRace(raceOf([followUp(200, { results: [{ ...a, email: null }], meta: {} })], [gone(), gone(), followUp(200, c)]))?.status).toBe('fail');
    expect(judgeRace(raceOf([], [gone(), followUp(200, b), followUp(200, c)]))).toMatchObject({ status: 'fail', message: expect.stringContaining('brought back') });
    expect(judgeRace(raceOf([], [gone(), gone(), gone()]))).toMatchObject({ status: 'fail', message: expect.stringContaining('no longer reads back') });
  });
});

describe('renamed check ids', () => {
  it('resolve to the new id in --only/--skip and declared deviations, and nowhere name a check twice', () => {
    for (const [old, now] of Object.entries(RENAMED_CHECKS)) {
      expect(resolveCheckId(old)).toBe(now);
      expect(formerIds(now)).toContain(old);
      expect(CATALOG.some((c) => c.id === old), old).toBe(false);
    }
    expect(resolveCheckId('no-such.check')).toBeUndefined();
    expect(resolveCheckId('toString')).toBeUndefined();
    expect(selectChecks(CHECKS, ['create.url'], undefined).map((c) => c.id)).toEqual(['resource.url']);
    expect(explanationOf('create.url')?.id).toBe('resource.url');
    expect(selectChecks(CHECKS, undefined, ['reject.error-envelope']).map((c) => c.id)).not.toContain('error.envelope');
    const expires = '2099-12-31';
    const declared = parseDeviations({ deviationsVersion: 1, deviations: [{ check: 'create.body-schema', reason: 'we add fields', expires }] }, 'd.json');
    expect(declared).toEqual([{ check: 'resource.schema', reason: 'we add fields', expires }]);
    expect(() =>
      parseDeviations({ deviationsVersion: 1, deviations: [{ check: 'resource.url', reason: 'a', expires }, { check: 'create.url', reason: 'b', expires }] }, 'd.json'),
    ).toThrow(/resource\.url is declared twice \(create\.url is its former id\)/);
  });
});
