import { describe, expect, it } from 'vitest';
import { askedPage, askedPageSize, filterComplete, filters, invalidPaging4xx, listedAsBefore, listedAsCreated, metaKey, pageIndex, pageSize, sameAsCreated, validQuery200, walkComplete } from '../../../engine/checks/list.ts';
import { shownKey } from '../../../engine/transport/sender.ts';
import { wholeKey } from '../../../engine/transport/account.ts';
import { listPaging } from '../../../engine/checks/lifecycle.ts';
import type { ChangingWalk, FollowUp } from '../../../contracts/exchange.ts';
import { deleteGone } from '../../../engine/checks/fidelity.ts';
import { MALFORMED_TYPED_FILTERS, OUT_OF_RANGE } from '../../../engine/phases/lists/list-probes.ts';
import { controlFilters, paddedTypedFilters } from '../../../engine/phases/lists/lenient-queries.ts';
import { BASE, context, envelope, exchangeOf, resource, response, replyTo, SID, validCaseOf } from '../../helpers/exchange.ts';

const sidN = (i: number) => `BU${i.toString(16).padStart(32, '0')}`;
const items = (n: number) => Array.from({ length: n }, (_, i) => resource({ sid: sidN(i) }));
const meta = (pageSizeSaid: number, next: string | null, extra: Record<string, unknown> = {}) => ({
  page: 0,
  page_size: pageSizeSaid,
  first_page_url: `${BASE}/v1/CustomerProfiles?PageSize=${pageSizeSaid}&Page=0`,
  previous_page_url: null,
  url: `${BASE}/v1/CustomerProfiles?PageSize=${pageSizeSaid}&Page=0`,
  next_page_url: next,
  key: 'results',
  ...extra,
});
const listReply = (path: string, body: unknown, status = 200) => replyTo('GET', path, response(status, body), { purpose: 'list' });
const NEXT = `${BASE}/v1/CustomerProfiles?PageSize=50&Page=1`;
const page = (url: string, body: unknown, status = 200): FollowUp => ({ request: { method: 'GET', url, headers: {}, body: '' }, response: response(status, body) });

/** A typed filter no profile can hold: an empty page or a 4xx passes, a page holding a profile fails (list.filters, list.valid-query-200). */
function expectNoProfileMatches(param: string, value: string): void {
  const path = `/v1/CustomerProfiles?${new URLSearchParams({ [param]: value, PageSize: '20' })}`;
  const self = { url: `${BASE}${path}&Page=0`, first_page_url: `${BASE}${path}&Page=0` };
  expect(filters(listReply(path, { results: [], meta: meta(20, null, self) }), context())).toEqual({ status: 'pass' });
  expect(filters(listReply(path, { results: [resource()], meta: meta(20, null, self) }), context())).toMatchObject({ status: 'fail', part: param });
  expect(validQuery200(listReply(path, envelope(400, 60200), 400), context())).toEqual({ status: 'pass' });
}

describe('askedPageSize', () => {
  it('is the PageSize asked, the default 50 without one, and nothing for one outside 1-1000', () => {
    expect(askedPageSize(new URLSearchParams('PageSize=7'))).toBe(7);
    expect(askedPageSize(new URLSearchParams(''))).toBe(50);
    for (const bad of ['PageSize=0', 'PageSize=1001', 'PageSize=ten', 'PageSize=1&PageSize=2', 'PageSize=']) expect(askedPageSize(new URLSearchParams(bad))).toBeUndefined();
  });
});

describe('list.page-index', () => {
  it('is the Page asked, 0 without one, and nothing to judge for a Page outside the schema, repeated, or a PageToken without a Page', () => {
    expect(askedPage(new URLSearchParams('Page=3&PageSize=2'))).toBe(3);
    expect(askedPage(new URLSearchParams('PageSize=2'))).toBe(0);
    expect(askedPage(new URLSearchParams('Page=9007199254740991'))).toBe(2 ** 53 - 1);
    for (const open of ['Page=-1', 'Page=1.5', 'Page=first', 'Page=1&Page=2', 'PageToken=PA1', 'Page=']) expect(askedPage(new URLSearchParams(open))).toBeUndefined();
    expect(askedPage(new URLSearchParams('Page=2&PageToken=PA1'))).toBe(2);
  });
  it('passes meta.page equal to the Page asked; fails another, and 0 on a later page (a keyset paginator)', () => {
    expect(pageIndex(listReply('/v1/CustomerProfiles?PageSize=50&Page=1', { results: [], meta: meta(50, null, { page: 1 }) }), context())).toEqual({ status: 'pass' });
    expect(pageIndex(listReply('/v1/CustomerProfiles', { results: [], meta: meta(50, null) }), context())).toEqual({ status: 'pass' });
    expect(pageIndex(listReply('/v1/CustomerProfiles?PageSize=50&Page=1&PageToken=PA7', { results: [], meta: meta(50, null) }), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('meta.page is 0; Page=1 was asked') });
    expect(pageIndex(listReply('/v1/CustomerProfiles?PageSize=50', { results: [], meta: meta(50, null, { page: 1 }) }), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('no Page was asked') });
    // a cursor alone: the server's own index, not judged; no meta.page: list.page-schema's
    expect(pageIndex(listReply('/v1/CustomerProfiles?PageToken=PA7', { results: [], meta: meta(50, null, { page: 4 }) }), context())).toBeNull();
    expect(pageIndex(listReply('/v1/CustomerProfiles?Page=2', { results: [], meta: { key: 'results' } }), context())).toBeNull();
  });
});

describe('list.page-size', () => {
  it('passes a full page with a next page, and a short last page', () => {
    expect(pageSize(listReply('/v1/CustomerProfiles', { results: items(50), meta: meta(50, NEXT) }), context())).toEqual({ status: 'pass' });
    expect(pageSize(listReply('/v1/CustomerProfiles?PageSize=1000', { results: items(3), meta: meta(1000, null) }), context())).toEqual({ status: 'pass' });
  });

  it('fails a default page sized 20, a PageSize=1000 page cut to 100 with a next page, and a page over its size', () => {
    const twenty = pageSize(listReply('/v1/CustomerProfiles', { results: items(20), meta: meta(20, NEXT) }), context());
    expect(twenty).toMatchObject({ status: 'fail', part: 'not full', message: expect.stringContaining('the default is 50') });
    const fewAndSaid20 = pageSize(listReply('/v1/CustomerProfiles', { results: items(3), meta: meta(20, null) }), context());
    expect(fewAndSaid20).toMatchObject({ status: 'fail', part: 'meta.page_size' });
    const capped = pageSize(listReply('/v1/CustomerProfiles?PageSize=1000', { results: items(100), meta: meta(100, NEXT) }), context());
    expect(capped).toMatchObject({ status: 'fail', message: expect.stringContaining('PageSize=1000') });
    expect(pageSize(listReply('/v1/CustomerProfiles?PageSize=2', { results: items(3), meta: meta(2, null) }), context())).toMatchObject({ status: 'fail', part: 'too many' });
  });

  it('does not judge a page asked with a PageSize outside what the operation allows', () => {
    expect(pageSize(listReply('/v1/CustomerProfiles?PageSize=5000', { results: items(3), meta: meta(1000, null) }), context())).toBeNull();
  });
});

describe('list.meta-key', () => {
  it('passes "results", fails another key or a page without meta', () => {
    expect(metaKey(listReply('/v1/CustomerProfiles', { results: [], meta: meta(50, null) }), context())).toEqual({ status: 'pass' });
    expect(metaKey(listReply('/v1/CustomerProfiles', { results: [], meta: meta(50, null, { key: 'customer_profiles' }) }), context())).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('"customer_profiles"'),
    });
    expect(metaKey(listReply('/v1/CustomerProfiles', { results: [] }), context())).toMatchObject({ status: 'fail' });
    expect(metaKey(listReply('/v1/CustomerProfiles', { customer_profiles: [], meta: meta(50, null) }), context())).toMatchObject({ status: 'fail' });
  });
});

describe('list.valid-query-200', () => {
  it('fails a refusal of a page past the end, whatever its body', () => {
    for (const body of [{ detail: 'Invalid page.' }, envelope(404, 20404)]) {
      expect(validQuery200(listReply('/v1/CustomerProfiles?PageSize=50&Page=100000', body, 404), context())).toMatchObject({ status: 'fail' });
    }
    expect(validQuery200(listReply('/v1/CustomerProfiles?FriendlyName=x', envelope(400, 60200), 400), context())).toMatchObject({ status: 'fail' });
  });

  it('fails a refusal of any documented Status and of a Page beyond 32 bits up to 2^53-1 (the OpenAPI gives Page no maximum)', () => {
    for (const q of ['Status=twilio-approved', 'Status=pending-review', 'Page=2147483648', 'Page=9007199254740991', 'Page=0012345678901']) {
      expect(validQuery200(listReply(`/v1/CustomerProfiles?${q}`, envelope(400, 60200), 400), context()), q).toMatchObject({ status: 'fail' });
    }
  });

  it('passes refusals of what the operation does not allow; leaves alone refusals of credentials and a target without a list route', () => {
    for (const q of ['PageSize=0', 'PageSize=ten', 'Page=-1', 'Page=9007199254740992', 'Page=12345678901234567', 'Status=pending_review', 'Status=nope', 'PageToken=abc', 'Foo=1']) {
      expect(validQuery200(listReply(`/v1/CustomerProfiles?${q}`, envelope(400, 60200), 400), context())).toEqual({ status: 'pass' });
    }
    expect(validQuery200(listReply('/v1/CustomerProfiles?PageSize=50', envelope(401, 20003), 401), context())).toBeNull();
    // bytes that are no UTF-8 read as U+FFFD, which a server may refuse (standards.md, Form bodies); UTF-8 escapes it may not
    // and a % that starts no escape (RFC 3986 §2.1), which the WHATWG parser keeps as a %
    for (const q of ['FriendlyName=%FF', 'FriendlyName=Caf%E9', 'FriendlyName=%C3', 'FriendlyName=100%', 'FriendlyName=%zz']) {
      expect(validQuery200(listReply(`/v1/CustomerProfiles?${q}`, envelope(400, 60200), 400), context()), q).toEqual({ status: 'pass' });
    }
    for (const q of ['FriendlyName=Caf%C3%A9', 'FriendlyName=%EF%BF%BD', 'FriendlyName=', 'FriendlyName=%20']) {
      expect(validQuery200(listReply(`/v1/CustomerProfiles?${q}`, envelope(400, 60200), 400), context()), q).toMatchObject({ status: 'fail' });
    }
    expect(validQuery200(listReply('/v1/CustomerProfiles?PageSize=1000', 'Not Found', 404), context())).toMatchObject({ status: 'skip' });
  });
});

describe('list.invalid-paging-4xx', () => {
  const sized = (size: string) => listReply(`/v1/CustomerProfiles?PageSize=${size}`, { results: [resource()], meta: meta(5, null) });
  it('fails a page to every value list-probes sends outside what the operation allows', () => {
    for (const q of OUT_OF_RANGE) expect(invalidPaging4xx(listReply(`/v1/CustomerProfiles?${q}`, { results: [resource()], meta: meta(5, null) }), context()), q).toMatchObject({ status: 'fail' });
  });
  it('passes a page to an integer spelt otherwise, as Number() or a JSON Schema validator reads it (1e2, 5.0, a space before, a leading zero, 0x10, +5): a faithful server using Number() takes them', () => {
    for (const size of ['5', '1e2', '5.0', '%205', '05', '0x10', '%2B5']) expect(invalidPaging4xx(sized(size), context()), size).toEqual({ status: 'pass' });
  });
});

describe('list.filters', () => {
  it('a FriendlyName given twice: the profiles of the first or of the last pass, a page of both fails, so does a link keeping another name', () => {
    const path = '/v1/CustomerProfiles?FriendlyName=Acme&FriendlyName=Other&PageSize=1000';
    const acme = resource({ friendly_name: 'Acme' });
    const other = resource({ sid: sidN(2), friendly_name: 'Other' });
    for (const shown of [[acme], [other], []]) expect(filters(listReply(path, { results: shown, meta: meta(1000, null, { url: `${BASE}${path}&Page=0`, first_page_url: `${BASE}/v1/CustomerProfiles?FriendlyName=Other&PageSize=1000&Page=0` }) }), context())).toEqual({ status: 'pass' });
    expect(filters(listReply(path, { results: [acme, other], meta: meta(1000, null, { url: `${BASE}${path}&Page=0` }) }), context())).toMatchObject({ status: 'fail', part: 'repeated FriendlyName' });
    const third = `${BASE}/v1/CustomerProfiles?FriendlyName=Third&PageSize=1000&Page=0`;
    expect(filters(listReply(path, { results: [acme], meta: meta(1000, null, { url: third }) }), context())).toMatchObject({ status: 'fail', part: 'links keep FriendlyName' });
    // the query a repeated name makes is not one the operation surely allows: a 4xx is right
    expect(validQuery200(listReply(path, envelope(400, 60200), 400), context())).toEqual({ status: 'pass' });
  });
  it('a Status or PolicySid around whitespace (paddedTypedFilters): an empty page or a 4xx passes, a page of the value inside fails', () => {
    const policy = resource().policy_sid;
    expect(paddedTypedFilters(policy)).toHaveLength(4);
    for (const [param, value] of paddedTypedFilters(policy)) expectNoProfileMatches(param, value);
  });
  it('a filter holding a control character (controlFilters): a 4xx is right for a NUL only, as a create of it may be refused', () => {
    for (const [param, value] of controlFilters(resource().policy_sid, '0a1b2c3d')) {
      const path = `/v1/CustomerProfiles?${new URLSearchParams({ [param]: value, PageSize: '20' })}`;
      const nul = value.includes('\u0000') || param === 'PolicySid';
      expect(validQuery200(listReply(path, envelope(400, 60200), 400), context()), value).toMatchObject({ status: nul ? 'pass' : 'fail' });
    }
  });
  it('a PolicySid or Status no profile can hold (MALFORMED_TYPED_FILTERS): an empty page or a 4xx passes, a page of the account fails', () => {
    for (const [param, value] of MALFORMED_TYPED_FILTERS) expectNoProfileMatches(param, value);
  });
  it('passes a filtered page whose every item has the value, fails one that shows another', () => {
    const acme = resource({ friendly_name: 'Acme' });
    const other = resource({ sid: sidN(2), friendly_name: 'Other' });
    const kept = { first_page_url: `${BASE}/v1/CustomerProfiles?FriendlyName=Acme&PageSize=50&Page=0`, url: `${BASE}/v1/CustomerProfiles?FriendlyName=Acme&PageSize=50&Page=0` };
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=Acme', { results: [acme], meta: meta(50, null, kept) }), context())).toEqual({ status: 'pass' });
    // a link that drops the filter leads a client out of the filtered list
    const next = `${BASE}/v1/CustomerProfiles?PageSize=50&Page=1&PageToken=PA1`;
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=Acme', { results: [acme], meta: meta(50, next, kept) }), context())).toMatchObject({
      status: 'fail',
      part: 'links keep FriendlyName',
    });
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=Acme', { results: [acme, other], meta: meta(50, null) }), context())).toMatchObject({
      status: 'fail',
      part: 'FriendlyName',
    });
    expect(filters(listReply('/v1/CustomerProfiles', { results: [acme, other], meta: meta(50, null) }), context())).toBeNull();
  });

  it('fails a next_page_url whose filter value went through encodeURI: & + # = left raw ask another name', () => {
    const name = 'Tom & Jerry + #1 = ok';
    const tom = resource({ friendly_name: name });
    const asked = `/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(name)}&PageSize=1`;
    const whole = `${BASE}/v1/CustomerProfiles?${new URLSearchParams({ FriendlyName: name, PageSize: '1' })}`;
    const kept = { first_page_url: `${whole}&Page=0`, url: `${whole}&Page=0` };
    expect(filters(listReply(asked, { results: [tom], meta: meta(1, `${whole}&Page=1&PageToken=PA1`, kept) }), context())).toEqual({ status: 'pass' });
    const raw = `${BASE}/v1/CustomerProfiles?FriendlyName=${encodeURI(name)}&PageSize=1&Page=1&PageToken=PA1`;
    expect(filters(listReply(asked, { results: [tom], meta: meta(1, raw, kept) }), context())).toMatchObject({ status: 'fail', part: 'links keep FriendlyName' });
  });

  it('judges a FriendlyName empty, padded or of bytes that are no UTF-8 as the text it decodes to: never as no filter', () => {
    const blank = resource({ friendly_name: ' ' });
    const fffd = resource({ sid: sidN(3), friendly_name: 'Caf\ufffd' });
    const acme = resource({ sid: sidN(2), friendly_name: 'Acme' });
    for (const q of ['FriendlyName=', 'FriendlyName=%20', 'FriendlyName=%20Acme', 'FriendlyName=Acme%20', 'FriendlyName=%FF', 'FriendlyName=Caf%E9', 'FriendlyName=100%', 'FriendlyName=%zz', 'FriendlyName=null']) {
      expect(filters(listReply(`/v1/CustomerProfiles?${q}`, { results: [acme], meta: meta(50, null) }), context()), q).toMatchObject({ status: 'fail', part: 'FriendlyName' });
    }
    // two Statuses joined by a comma are no Status: the drafts are not what it asks for
    expect(filters(listReply('/v1/CustomerProfiles?Status=draft,twilio-approved', { results: [acme], meta: meta(50, null) }), context())).toMatchObject({ status: 'fail', part: 'Status' });
    // the links keep the value as the server read it
    const kept = (q: string) => ({ first_page_url: `${BASE}/v1/CustomerProfiles?${q}&PageSize=50&Page=0`, url: `${BASE}/v1/CustomerProfiles?${q}&PageSize=50&Page=0` });
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=%20', { results: [blank], meta: meta(50, null, kept('FriendlyName=+')) }), context())).toEqual({ status: 'pass' });
    const read = { results: [fffd], meta: meta(50, null, kept('FriendlyName=Caf%EF%BF%BD')) };
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=Caf%E9', read), context())).toEqual({ status: 'pass' });
    expect(filters(listReply('/v1/CustomerProfiles?FriendlyName=', { results: [], meta: meta(50, null, kept('FriendlyName=')) }), context())).toEqual({ status: 'pass' });
  });
});

describe('list.filter-complete', () => {
  const ex = (...lists: FollowUp[]) => exchangeOf(validCaseOf(), response(201, resource()), { listFiltered: lists });
  const own = resource();
  it("passes when each filtered list holds the run's profile, fails when one leaves it out", () => {
    expect(filterComplete(ex(page(`${BASE}/v1/CustomerProfiles?Status=draft&PageSize=1000`, { results: [own], meta: meta(1000, null) })), context())).toEqual({ status: 'pass' });
    const empty = page(`${BASE}/v1/CustomerProfiles?Status=draft&PageSize=1000`, { results: [], meta: meta(1000, null) });
    const verdict = filterComplete(ex(page(`${BASE}/v1/CustomerProfiles?FriendlyName=x&PageSize=1000`, { results: [own], meta: meta(1000, null) }), empty), context());
    expect(verdict).toMatchObject({ status: 'fail', part: 'Status' });
    expect((verdict as { message: string }).message).toContain('Status=draft (its status is "draft")');
  });
  it('judges the profile the list probes created, listed by its own name, beside the lifecycle profile', () => {
    const named = resource({ sid: sidN(7), friendly_name: 'Café ☕ 100%_ 1a2b' });
    const byName = `${BASE}/v1/CustomerProfiles?${new URLSearchParams({ FriendlyName: 'Café ☕ 100%_ 1a2b', PageSize: '1000' })}`;
    const probe = (results: unknown[]) =>
      exchangeOf(validCaseOf(), response(201, resource()), { listFilteredProbe: { created: named, lists: [page(byName, { results, meta: meta(1000, null) })] } });
    expect(filterComplete(probe([named]), context())).toEqual({ status: 'pass' });
    const verdict = filterComplete(probe([]), context());
    expect(verdict).toMatchObject({ status: 'fail', part: 'FriendlyName' });
    expect((verdict as { message: string }).message).toContain(`not ${sidN(7)}`);
  });
  it('judges each profile named as a filter gets wrong (NFD text, a literal %41, a long name), listed by its very name', () => {
    const nfd = resource({ sid: sidN(8), friendly_name: 'Exact 1a2b Cafe\u0301 Nord' });
    const long = resource({ sid: sidN(9), friendly_name: `Exact 1a2b ${'x'.repeat(289)}` });
    const byName = (p: Record<string, unknown>) => `${BASE}/v1/CustomerProfiles?${new URLSearchParams({ FriendlyName: String(p.friendly_name), PageSize: '1000' })}`;
    const exact = (longShown: unknown[]) =>
      exchangeOf(validCaseOf(), response(201, resource()), {
        listFilteredExact: [
          { created: nfd, lists: [page(byName(nfd), { results: [nfd], meta: meta(1000, null) })] },
          { created: long, lists: [page(byName(long), { results: longShown, meta: meta(1000, null) })] },
        ],
      });
    expect(filterComplete(exact([long]), context())).toEqual({ status: 'pass' });
    // an index that leaves out names over 256 characters finds none
    const verdict = filterComplete(exact([]), context());
    expect(verdict).toMatchObject({ status: 'fail', part: 'FriendlyName' });
    expect((verdict as { message: string }).message).toContain(`not ${sidN(9)}`);
  });
  it("judges the list of the changing walk's name asked without PageSize: every one of its 11 profiles shown, not Elasticsearch's 10", () => {
    const name = 'Tom & Jerry + #1 = walked while it changes 1a2b';
    const url = `${BASE}/v1/CustomerProfiles?FriendlyName=${encodeURIComponent(name)}`;
    const sids = Array.from({ length: 11 }, (_, i) => sidN(20 + i));
    const unpaged = (shown: string[], status = 200) =>
      exchangeOf(validCaseOf(), response(201, resource()), {
        changingWalk: { name, pageSize: 2, pages: [], throughout: [], changes: [], during: [], unpaged: { list: page(url, { results: shown.map((sid) => resource({ sid, friendly_name: name })), meta: meta(50, null) }, status), sids } },
      });
    expect(filterComplete(unpaged(sids), context())).toEqual({ status: 'pass' });
    const verdict = filterComplete(unpaged(sids.slice(0, 10)), context());
    expect(verdict).toMatchObject({ status: 'fail', part: 'no PageSize' });
    expect((verdict as { message: string }).message).toContain(`shows 10 profiles, not ${sidN(30)} of the 11`);
    // an answer other than a 200 page is the rules of its kind's to judge
    expect(filterComplete(unpaged([], 500), context())).toBeNull();
  });
  it('judges nothing of a list longer than a page, or one not answered 200 (other rules judge that)', () => {
    const longer = page(`${BASE}/v1/CustomerProfiles?Status=draft&PageSize=1000`, { results: [], meta: meta(1000, NEXT) });
    const refused = page(`${BASE}/v1/CustomerProfiles?Status=draft&PageSize=1000`, { code: 20001 }, 400);
    expect(filterComplete(ex(longer, refused), context())).toBeNull();
  });
});

describe('list.walk-complete', () => {
  const ex = (pages: FollowUp[], own: string[], stopped?: string) =>
    exchangeOf(validCaseOf(), response(201, resource()), { listWalkAll: { pages, own, ...(stopped ? { stopped } : {}) } });

  it("passes when the pages show every one of the run's profiles (others' profiles beside them change nothing)", () => {
    const pages = [page(`${BASE}/v1/CustomerProfiles`, { results: items(2), meta: meta(50, NEXT) }), page(NEXT, { results: [resource({ sid: sidN(9) })], meta: meta(50, null) })];
    expect(walkComplete(ex(pages, [sidN(0), sidN(9)]), context())).toEqual({ status: 'pass' });
  });

  it("fails when a profile of the run's never shows, and when a page is no list page", () => {
    const pages = [page(`${BASE}/v1/CustomerProfiles`, { results: items(2), meta: meta(50, null) })];
    expect(walkComplete(ex(pages, [sidN(0), sidN(7)]), context())).toMatchObject({ status: 'fail', message: expect.stringContaining(sidN(7)) });
    expect(walkComplete(ex([page(NEXT, { detail: 'x' }, 500)], [sidN(0)]), context())).toMatchObject({ status: 'fail' });
  });

  it('skips a walk that stopped before the end', () => {
    const pages = [page(`${BASE}/v1/CustomerProfiles`, { results: items(2), meta: meta(50, NEXT) })];
    expect(walkComplete(ex(pages, [sidN(7)], 'next_page_url still not null after 200 pages'), context())).toMatchObject({ status: 'skip' });
  });
});

describe('list.same-as-created', () => {
  it('fails a listed profile whose dates differ from the 201, passes one that is the same, and does not judge an absent one', () => {
    const made = resource();
    const listed = (item: Record<string, unknown>) => exchangeOf(validCaseOf(), response(201, made), { listed: page(`${BASE}/v1/CustomerProfiles?PageSize=1000`, { results: [item], meta: meta(1000, null) }) });
    expect(sameAsCreated(listed(made), context())).toEqual({ status: 'pass' });
    expect(sameAsCreated(listed({ ...made, date_created: '2026-11-27T11:00:00Z' }), context())).toMatchObject({ status: 'fail', part: 'date_created' });
    expect(sameAsCreated(listed(resource({ sid: sidN(3) })), context())).toBeNull();
    expect(SID).toBe(made.sid);
  });
});

describe('the walk while the list changes (list.walk-complete, list.paging)', () => {
  const named = `${BASE}/v1/CustomerProfiles?FriendlyName=W&PageSize=2`;
  const next = (n: number) => `${named}&Page=${n}&PageToken=PA${n}`;
  const pageOf = (sids: number[], n: number, last: boolean) => page(n === 0 ? named : next(n), { results: sids.map((i) => resource({ sid: sidN(i), friendly_name: 'W' })), meta: meta(2, last ? null : next(n + 1)) });
  const ex = (walk: Partial<ChangingWalk>) =>
    exchangeOf(validCaseOf(), response(201, resource()), { changingWalk: { name: 'W', pageSize: 2, pages: [], throughout: [], changes: ['after page 1, x deleted'], during: [], ...walk } });
  // six profiles 1-6; 2 (page 1's anchor) deleted after page 1, 4 and 1 after page 2, 7 created: 3, 5 and 6 lived throughout
  const throughout = [sidN(3), sidN(5), sidN(6)];
  const right = [pageOf([1, 2], 0, false), pageOf([3, 4], 1, false), pageOf([5, 6], 2, false), pageOf([7], 3, true)];

  it('passes a walk that shows every profile that lived throughout, each once', () => {
    expect(walkComplete(ex({ pages: right, throughout }), context())).toEqual({ status: 'pass' });
    expect(listPaging(ex({ pages: right, throughout }), context())).toEqual({ status: 'pass' });
  });

  it('fails a walk that skips one (OFFSET paging behind the token) and one that shows one twice (a cursor started again)', () => {
    const skipped = [pageOf([1, 2], 0, false), pageOf([4, 5], 1, false), pageOf([6, 7], 2, true)];
    expect(walkComplete(ex({ pages: skipped, throughout }), context())).toMatchObject({ status: 'fail', message: expect.stringContaining(sidN(3)), part: 'while the list changes' });
    const again = [pageOf([1, 2], 0, false), pageOf([1, 3], 1, false), pageOf([5, 6], 2, true)];
    expect(listPaging(ex({ pages: again, throughout }), context())).toMatchObject({ status: 'fail', message: expect.stringContaining(`${sidN(1)} twice`) });
    expect(listPaging(ex({ pages: [pageOf([1, 2], 0, false), page(next(1), '<html>', 500)], throughout }), context())).toMatchObject({ status: 'fail' });
  });

  it('does not judge a walk by Page=N alone (an offset, no cursor promised) or one the list did not filter by the name (list.filters judges that)', () => {
    const byOffset = (pages: FollowUp[]) => pages.map((p) => ({ ...p, request: { ...p.request, url: p.request.url.replace(/&PageToken=PA\d+/, '') } }));
    const skipped = [pageOf([1, 2], 0, false), pageOf([4, 5], 1, false), pageOf([6, 7], 2, true)];
    expect(walkComplete(ex({ pages: byOffset(skipped), throughout }), context())).toMatchObject({ status: 'skip', reason: expect.stringContaining('Page=N') });
    const other = [page(named, { results: [resource({ sid: sidN(1), friendly_name: 'another' })], meta: meta(2, null) })];
    expect(walkComplete(ex({ pages: other, throughout }), context())).toMatchObject({ status: 'skip', reason: expect.stringContaining('FriendlyName filter') });
  });

  it('fails a next_page_url followed late that is refused or repeats the page before, and a list read during a DELETE that is no page', () => {
    const first = pageOf([3, 5], 0, false);
    const late = (p: FollowUp) => ex({ pages: right, throughout, late: { first, page: p, afterMs: 4100, live: [sidN(3), sidN(5), sidN(6), sidN(7)] } });
    expect(listPaging(late(pageOf([6, 7], 1, true)), context())).toEqual({ status: 'pass' });
    expect(listPaging(late(page(next(1), { code: 60200, message: 'Invalid parameter PageToken', status: 400 }, 400)), context())).toMatchObject({ status: 'fail', part: 'followed late' });
    expect(listPaging(late(pageOf([3, 5], 1, false)), context())).toMatchObject({ status: 'fail', part: 'followed late' });
    expect(listPaging(ex({ pages: right, throughout, during: [page(named, 'oops', 404)] }), context())).toMatchObject({ status: 'fail', part: 'while a DELETE is in flight' });
  });
});

describe('list.same-as-created, while the burst creates', () => {
  it("fails a list read during the creates that shows a 201's profile half made, passes one as made", () => {
    const made = resource({ sid: sidN(5) });
    const burst = (item: Record<string, unknown>) =>
      exchangeOf(validCaseOf(), response(400, envelope(400, 20001)), {
        createBurst: { creates: [exchangeOf(validCaseOf(), response(201, made))], readBacks: [], listedDuring: [page(`${BASE}/v1/CustomerProfiles?PageSize=50`, { results: [item], meta: meta(50, null) })] },
      });
    expect(sameAsCreated(burst(made), context())).toEqual({ status: 'pass' });
    expect(sameAsCreated(burst({ ...made, friendly_name: null, email: null, policy_sid: null }), context())).toMatchObject({ status: 'fail', part: 'during creates', message: expect.stringContaining('friendly_name null') });
    expect(sameAsCreated(burst(resource({ sid: sidN(6) })), context())).toBeNull();
  });
});

describe('delete.gone, filtered', () => {
  const deleted = (results: unknown[]) =>
    exchangeOf(validCaseOf(), response(201, resource()), {
      deleted: page(`${BASE}/v1/CustomerProfiles/${SID}`, '', 204),
      readAfterDelete: page(`${BASE}/v1/CustomerProfiles/${SID}`, envelope(404, 20404), 404),
      listFilteredAfterDelete: [page(`${BASE}/v1/CustomerProfiles?FriendlyName=string&PageSize=1000`, { results, meta: meta(1000, null) })],
    });
  it('fails when the list filtered by the deleted profile\'s own name still shows it, passes when it does not', () => {
    expect(deleteGone(deleted([]), context())).toEqual({ status: 'pass' });
    expect(deleteGone(deleted([resource()]), context())).toMatchObject({ status: 'fail', part: 'filtered list' });
  });
});

describe('every list page of the account, plain or filtered, against what the run knows of its profiles', () => {
  const made = resource({ sid: sidN(1) });
  const before = resource({ sid: sidN(2), status: 'twilio-approved', status_callback: 'https://example.com/cb', date_updated: '2026-11-20T10:00:00Z' });
  const created = new Map([[sidN(1), shownKey(made)]]);
  const held = new Map([[sidN(2), wholeKey(before)]]);
  const filtered = (query: string, results: unknown[], extra = {}) => replyTo('GET', `/v1/CustomerProfiles?${query}`, response(200, { results, meta: meta(1000, null) }), { purpose: 'list filtered', ...extra });

  it('list.same-as-created: a filtered page shows the run\'s profile as its 201 did; email dropped or dates of another row fail; others not judged', () => {
    expect(listedAsCreated(filtered('Status=draft', [made, resource({ sid: sidN(9), email: null })]), created)).toEqual({ status: 'pass' });
    expect(listedAsCreated(filtered('Status=draft', [{ ...made, email: null }]), created)).toMatchObject({ status: 'fail', part: 'email', message: expect.stringContaining('Status=draft') });
    expect(listedAsCreated(filtered(`PolicySid=${made.policy_sid as string}`, [{ ...made, date_created: '2020-01-15T09:30:00Z' }]), created)).toMatchObject({ status: 'fail', part: 'date_created' });
    // a profile whose state the run does not know, another account's page, a HEAD: nothing judged
    expect(listedAsCreated(filtered('Status=draft', [resource({ sid: sidN(9) })]), created)).toBeNull();
    expect(listedAsCreated(filtered('Status=draft', [{ ...made, email: null }], { auth: 'second-account' }), created)).toBeNull();
  });

  it('readback.same: a profile held before the run shows every member as then (url and links aside) while date_updated is unchanged, and its date_created always', () => {
    expect(listedAsBefore(filtered('Status=twilio-approved', [{ ...before, url: 'http://other/v1/CustomerProfiles/x' }]), held)).toEqual({ status: 'pass' });
    expect(listedAsBefore(filtered('Status=twilio-approved', [{ ...before, status_callback: null }]), held)).toMatchObject({ status: 'fail', message: expect.stringContaining('status_callback null') });
    // updated since (a later date_updated): only date_created judged
    expect(listedAsBefore(filtered('Status=in-review', [{ ...before, status: 'in-review', date_updated: '2026-11-28T10:00:00Z' }]), held)).toEqual({ status: 'pass' });
    expect(listedAsBefore(filtered(`PolicySid=${before.policy_sid as string}`, [{ ...before, date_created: '2020-01-15T09:30:00Z', date_updated: '2021-03-02T16:45:00Z' }]), held)).toMatchObject({ status: 'fail', message: expect.stringContaining('date_created') });
  });
});
