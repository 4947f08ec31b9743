/**
 * Rules of every list page against the request that asked for it (PageSize, Page, the filters),
 * and of the list as a whole: walked to the end it shows every profile the run holds, each as the
 * create answered it. The probes that bring the answers: engine/phases/lists/list-probes.ts.
 */
import type { Judge, Outcome, ReplyJudge } from '../../contracts/check.ts';
import { ACCEPTED_AUTH, type Exchange, type FollowUp, OTHER_PAIR_AUTH, type Reply } from '../../contracts/exchange.ts';
import { SID_PATTERNS, STATUS_VALUES } from '../../contracts/schemas.ts';
import { SHOWN_FIELDS, shownKey } from '../transport/sender.ts';
import { wholeKey } from '../transport/account.ts';
import { bodyObject, created, describe, fail, jsonText, PASS, show, skip, whose } from './util.ts';

/** PageSize when a list request names none (the OpenAPI's "The default is 50"). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const queryOf = (reply: Pick<Reply, 'request'>): URLSearchParams | undefined => {
  try {
    return new URL(reply.request.url).searchParams;
  } catch {
    return undefined;
  }
};

const INTEGER = /^[0-9]{1,9}$/;
/** A Page the operation surely allows: an integer from 0 (no maximum in the OpenAPI) that a JSON number holds exactly, 2^53-1 at most. */
const PAGE_INDEX = /^[0-9]{1,16}$/;

/** The page size a list request asks for: its PageSize, the default without one; undefined when PageSize is not one the operation allows. */
export function askedPageSize(query: URLSearchParams): number | undefined {
  const sizes = query.getAll('PageSize');
  if (sizes.length === 0) return DEFAULT_PAGE_SIZE;
  const text = sizes[0]!;
  return sizes.length === 1 && INTEGER.test(text) && +text >= 1 && +text <= MAX_PAGE_SIZE ? +text : undefined;
}

/** The filters of the list, each with the resource field it selects on. */
const FILTERS = [
  ['Status', 'status'],
  ['FriendlyName', 'friendly_name'],
  ['PolicySid', 'policy_sid'],
] as const;

const POLICY = new RegExp(SID_PATTERNS.policy);
const VALID: Record<string, (v: string) => boolean> = {
  PageSize: (v) => INTEGER.test(v) && +v >= 1 && +v <= MAX_PAGE_SIZE,
  Page: (v) => PAGE_INDEX.test(v) && Number.isSafeInteger(+v),
  Status: (v) => (STATUS_VALUES as readonly string[]).includes(v),
  // any name, but one holding U+0000 may be refused as a create of it may be (generators/coverage/friendlyName.ts: kept, or refused)
  FriendlyName: (v) => !v.includes('\u0000'),
  PolicySid: (v) => POLICY.test(v),
};

/** Whether the operation surely allows a list query: no unknown or repeated parameter, every value in its schema, no PageToken (only the server can judge one). */
function surelyAllowed(query: URLSearchParams): boolean {
  const names = [...query.keys()];
  return names.every((name) => name in VALID && names.indexOf(name) === names.lastIndexOf(name) && VALID[name]!(query.get(name)!));
}

interface Page {
  body: Record<string, unknown>;
  results: unknown[];
  meta: Record<string, unknown> | undefined;
}

function pageOf(reply: Pick<Reply, 'response'>): Page | undefined {
  const body = bodyObject(reply.response);
  if (!body || !Array.isArray(body.results)) return undefined;
  const m = body.meta;
  return { body, results: body.results, meta: m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, unknown>) : undefined };
}

const namesNext = (meta: Record<string, unknown> | undefined): boolean => typeof meta?.next_page_url === 'string' && meta.next_page_url !== '';

export const pageSize: ReplyJudge = (reply) => {
  const query = queryOf(reply);
  const page = pageOf(reply);
  if (!query || !page) return null;
  const asked = askedPageSize(query);
  if (asked === undefined) return null;
  const how = query.has('PageSize') ? `PageSize=${asked} was asked` : `no PageSize was asked: the default is ${DEFAULT_PAGE_SIZE}`;
  const n = page.results.length;
  if (n > asked) return fail(`${whose(reply)}the page holds ${n} profiles; ${how}`, 'too many');
  if (namesNext(page.meta) && n < asked) return fail(`${whose(reply)}the page holds ${n} profiles and names a next page; ${how}, so a page before the last holds ${asked}`, 'not full');
  const said = page.meta?.page_size;
  if (said !== undefined && said !== asked) return fail(`${whose(reply)}meta.page_size is ${show(said)}; ${how}`, 'meta.page_size');
  return PASS;
};

/**
 * The page index a list request asks: its Page, 0 without one (the first page); undefined when it
 * is not one the operation allows, repeated, or absent beside a PageToken (a cursor the server
 * made, which may carry the index itself).
 */
export function askedPage(query: URLSearchParams): number | undefined {
  const pages = query.getAll('Page');
  if (pages.length === 0) return query.has('PageToken') ? undefined : 0;
  return pages.length === 1 && VALID.Page!(pages[0]!) ? +pages[0]! : undefined;
}

/** meta.page is the Page asked (OpenAPI: "The page index. This value is simply for client state"): a keyset paginator that knows no index says 0 on every page. */
export const pageIndex: ReplyJudge = (reply) => {
  const query = queryOf(reply);
  const page = pageOf(reply);
  if (!query || !page?.meta || !('page' in page.meta)) return null;
  const asked = askedPage(query);
  if (asked === undefined) return null;
  const said = page.meta.page;
  if (said === asked) return PASS;
  const how = query.has('Page') ? `Page=${asked} was asked` : 'no Page was asked: the first page, 0';
  return fail(`${whose(reply)}meta.page is ${show(said)}; ${how} (the page index is the client's state, given back as asked)`);
};

export const metaKey: ReplyJudge = (reply) => {
  const body = bodyObject(reply.response);
  if (!body) return null;
  if (!Array.isArray(body.results)) return fail(`${whose(reply)}the page has no results array (members: ${Object.keys(body).join(', ') || 'none'})`);
  const meta = pageOf(reply)!.meta;
  if (!meta) return fail(`${whose(reply)}the page has no meta object`);
  return meta.key === 'results' ? PASS : fail(`${whose(reply)}meta.key is ${show(meta.key)}: a client reads the page's profiles from the member meta.key names, and they are in "results"`);
};

/** Refusals that say nothing of the query: credentials, throttling, a method or size the target does not take. */
const NOT_ABOUT_THE_QUERY = new Set([401, 403, 405, 406, 413, 414, 429, 431, 501]);

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether the query's escapes decode as UTF-8, each % starting one. Bytes that are none read as
 * U+FFFD, and a % that starts no escape is kept as a % (standards.md, Form bodies: the query has
 * the form's syntax); a server may still refuse either with a 4xx (RFC 3986 §2.1: a % starts a
 * percent-encoded octet), never drop the pair.
 */
function decodableQuery(url: string): boolean {
  let search: string;
  try {
    // the URL parser escapes what is not ASCII and keeps the escapes sent: one character a byte
    search = new URL(url).search.slice(1);
  } catch {
    return true;
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(search)) return false;
  const bytes = Uint8Array.from(search.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), (c) => c.charCodeAt(0));
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const validQuery200: ReplyJudge = (reply) => {
  const status = reply.response!.status;
  const query = queryOf(reply);
  if (!query || NOT_ABOUT_THE_QUERY.has(status)) return null;
  // a refusal of what the operation does not allow (or of a PageToken only the server can judge, or of bytes that are no UTF-8) is right
  if (!surelyAllowed(query) || !decodableQuery(reply.request.url)) return PASS;
  // a 404 that is no Twilio envelope to a plain list request: the target has no list route (list.shows-created says so)
  if (status === 404 && !query.has('Page') && typeof bodyObject(reply.response)?.code !== 'number') return skip(`${whose(reply)}the target has no list route`);
  return fail(`${whose(reply)}answered ${describe(reply.response)}; every parameter is one the operation allows, so the answer is a 200 page (an empty results array past the last page)`);
};

/**
 * The paging parameter of a list request that is no integer the operation allows, read as a number
 * (so 1e1, 0x10, +5 are integers here: never judged): PageSize outside 1-1000, a Page below 0, or
 * text that is no number or has a fraction (2.5, 20abc, ten). Undefined when both are fine, absent,
 * empty or repeated.
 */
export function notAnInteger(query: URLSearchParams): string | undefined {
  for (const [name, min, max] of [
    ['PageSize', 1, MAX_PAGE_SIZE],
    ['Page', 0, Number.POSITIVE_INFINITY],
  ] as const) {
    const values = query.getAll(name);
    if (values.length !== 1 || values[0]!.trim() === '') continue;
    const n = Number(values[0]);
    if (!Number.isInteger(n) || n < min || n > max) return `${name}=${values[0]}`;
  }
  return undefined;
}

export const invalidPaging4xx: ReplyJudge = (reply) => {
  const query = queryOf(reply);
  if (!query || (!query.has('PageSize') && !query.has('Page'))) return null;
  const bad = notAnInteger(query);
  if (!bad) return PASS;
  return fail(`${whose(reply)}answered ${describe(reply.response)} to ${bad}, which is no integer the operation allows (PageSize 1-1000, Page from 0): a lenient parse (parseInt, to_i) read a number into it; refuse it with a 4xx envelope`);
};

/** The meta members that lead to a page of the same list: each keeps the list's filters. */
const LINKS = ['url', 'first_page_url', 'previous_page_url', 'next_page_url'] as const;

export const filters: ReplyJudge = (reply) => {
  const query = queryOf(reply);
  const page = pageOf(reply);
  if (!query || !page) return null;
  const asked = FILTERS.filter(([param]) => query.has(param));
  if (asked.length === 0) return null;
  // a repeated filter (FriendlyName=a&FriendlyName=b) is one value, the first or the last (which is not documented): never both, as an IN list shows
  const shownOf = new Map<string, unknown>();
  for (const [i, item] of page.results.entries()) {
    const p = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    for (const [param, field] of asked) {
      const wants = query.getAll(param);
      const askedText = wants.map((w) => `${param}=${w}`).join(' and ');
      if (!wants.includes(p[field] as string)) return fail(`${whose(reply)}results[${i}] (${show(p.sid)}) has ${field} ${show(p[field])}; the list was asked for ${askedText}`, param);
      if (shownOf.has(param) && shownOf.get(param) !== p[field]) {
        return fail(`${whose(reply)}the page holds profiles of ${field} ${show(shownOf.get(param))} and ${show(p[field])}; the list was asked for ${askedText}: a repeated parameter is one value (the first or the last), not a list of them`, `repeated ${param}`);
      }
      shownOf.set(param, p[field]);
    }
  }
  for (const link of LINKS) {
    const to = page.meta?.[link];
    if (typeof to !== 'string' || to === '') continue;
    let kept: URLSearchParams;
    try {
      kept = new URL(to, reply.request.url).searchParams;
    } catch {
      continue;
    }
    for (const [param] of asked) {
      const want = query.get(param)!;
      const wants = query.getAll(param);
      // a repeated filter's links keep what the page shows by: one of its values, or all
      const keeps = wants.length === 1 ? kept.get(param) === want : kept.has(param) && kept.getAll(param).every((v) => wants.includes(v));
      if (!keeps) {
        return fail(`${whose(reply)}meta.${link} ${show(to)} does not keep ${param}=${want}: a client that follows it leaves the filtered list`, `links keep ${param}`);
      }
    }
  }
  return PASS;
};

/**
 * The filtered lists of a live profile's own values (PageSize=1000) each hold that profile, unless
 * the list is longer than a page: the lifecycle profile's, the profile the list probes create
 * with a name of non-ASCII text, % and _, and those they create with names a filter gets wrong (NFD
 * text, a literal %41, over 256 characters, digits alone, a +, an astral character: exactNames,
 * engine/phases/lists/list-probes.ts); and the list of the changing walk's name asked without
 * PageSize holds every one of the more than 10 profiles the run held of it (unpagedComplete).
 */
export const filterComplete: Judge = (ex) => together(ownValuesComplete(ex), unpagedComplete(ex));

function ownValuesComplete(ex: Exchange): Outcome {
  const body = created(ex);
  const cases: Array<[Record<string, unknown> | undefined, readonly FollowUp[] | undefined]> = [
    [body, ex.listFiltered],
    [ex.listFilteredProbe?.created, ex.listFilteredProbe?.lists],
    ...(ex.listFilteredExact ?? []).map(({ created, lists }): [Record<string, unknown>, FollowUp[]] => [created, lists]),
  ];
  let judged = false;
  for (const [profile, lists] of cases) {
    if (!profile || typeof profile.sid !== 'string' || !lists?.length) continue;
    const outcome = holdsProfile(profile, lists);
    if (outcome?.status === 'fail') return outcome;
    judged ||= outcome !== null;
  }
  return judged ? PASS : null;
}

/**
 * The list of one name asked without PageSize while the run held more than 10 profiles of it (and
 * at most 50: engine/phases/lists/changing-walk.ts probeUnpaged) shows every one of them: the default
 * page is 50, whatever serves a filtered list (a search cluster asked with no size answers 10).
 */
function unpagedComplete(ex: Exchange): Outcome {
  const unpaged = ex.changingWalk?.unpaged;
  const page = unpaged?.list.response?.status === 200 ? pageOf(unpaged.list) : undefined;
  if (!unpaged || !page || unpaged.sids.length > DEFAULT_PAGE_SIZE) return null;
  const shown = new Set(page.results.map((r) => (r as { sid?: unknown } | null)?.sid));
  const missing = unpaged.sids.filter((s) => !shown.has(s));
  if (missing.length === 0) return PASS;
  return fail(
    `the list asked for FriendlyName=${ex.changingWalk!.name} with no PageSize (GET ${unpaged.list.request.url}; the default page is ${DEFAULT_PAGE_SIZE}) shows ${page.results.length} profiles${namesNext(page.meta) ? ' and names a next page' : ''}, not ${missing.join(', ')} of the ${unpaged.sids.length} the run created with that name and has not deleted`,
    'no PageSize',
  );
}

function holdsProfile(profile: Record<string, unknown>, lists: readonly FollowUp[]): Outcome {
  let judged = false;
  for (const f of lists) {
    // an answer other than a 200 page is judged by the rules of its kind (list.valid-query-200, no-server-error)
    const page = f.response?.status === 200 ? pageOf(f) : undefined;
    if (!page || namesNext(page.meta) || page.results.length >= MAX_PAGE_SIZE) continue;
    judged = true;
    if (!page.results.some((r) => (r as { sid?: unknown } | null)?.sid === profile.sid)) {
      const query = queryOf(f)!;
      const asked = FILTERS.filter(([param]) => query.has(param)).map(([param, field]) => `${param}=${query.get(param)} (its ${field} is ${show(profile[field])})`);
      if (asked.length === 0) {
        const names = [...new Set(query.keys())].join(', ');
        return fail(`the list asked with no filter (GET ${f.request.url}: ${names} name no parameter, for names are case-sensitive) shows ${page.results.length} profiles and not ${String(profile.sid)}, which the run created and has not deleted`, 'no filter');
      }
      return fail(`the list asked for ${asked.join(', ')} (GET ${f.request.url}) shows ${page.results.length} profiles and not ${String(profile.sid)}, which the run created with that value and has not deleted`, asked.map((a) => a.split('=')[0]).join(','));
    }
  }
  return judged ? PASS : null;
}

/** The sids a list page shows, or why it shows none. */
function sidsOf(f: FollowUp, what: string): string[] | string {
  if (f.error) return `${what} failed: ${f.error.message}`;
  if (f.response!.status !== 200) return `${what} answered ${describe(f.response)}, expected a 200 list page`;
  const page = pageOf(f);
  if (!page) return `${what} has no results array`;
  return page.results.map((r) => String((r as { sid?: unknown } | null)?.sid));
}

export const walkComplete: Judge = (ex) => together(wholeWalkComplete(ex), changingWalkComplete(ex));

function wholeWalkComplete(ex: Exchange): Outcome {
  const walk = ex.listWalkAll;
  if (!walk?.pages.length) return null;
  const first = walk.pages[0]!.response?.status;
  if (first === 405 || first === 501) return skip(`GET /v1/CustomerProfiles answered ${first}: the target has no list route`);
  const seen = new Set<string>();
  for (const [i, page] of walk.pages.entries()) {
    const sids = sidsOf(page, `page ${i + 1} of the walk (GET ${page.request.url})`);
    if (typeof sids === 'string') return fail(sids);
    for (const s of sids) seen.add(s);
  }
  if (walk.stopped) return skip(`the walk stopped: ${walk.stopped}`);
  const missing = walk.own.filter((s) => !seen.has(s));
  if (missing.length === 0) return PASS;
  const some = missing.slice(0, 3).join(', ');
  return fail(
    `walked through next_page_url to the end (${walk.pages.length} pages, ${seen.size} profiles), the list never shows ${some}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} of the ${walk.own.length} profiles the run created and has not deleted`,
  );
}

export const sameAsCreated: Judge = (ex) => together(sameAsCreatedOwn(ex), sameAsCreatedDuringBurst(ex));

function sameAsCreatedOwn(ex: Exchange): Outcome {
  const body = created(ex);
  if (!body || typeof body.sid !== 'string') return null;
  const lists = [ex.listed, ex.listDefault, ...(ex.listWalkAll?.pages ?? [])].filter((f): f is FollowUp => f?.response?.status === 200);
  let judged = false;
  for (const f of lists) {
    const item = pageOf(f)?.results.find((r) => (r as { sid?: unknown } | null)?.sid === body.sid) as Record<string, unknown> | undefined;
    if (!item) continue;
    judged = true;
    for (const key of Object.keys(body)) {
      if (jsonText(item[key]) !== jsonText(body[key])) return fail(`the list (GET ${f.request.url}) shows ${key} ${show(item[key])} for ${body.sid}; the create answered ${show(body[key])}`, key);
    }
  }
  return judged ? PASS : null;
}

/** Outcomes of one check's parts on one exchange, as one: the first failure; else a pass if any part passed; else the first skip. */
export function together(...outcomes: Outcome[]): Outcome {
  const failed = outcomes.find((o) => o?.status === 'fail');
  if (failed) return failed;
  if (outcomes.some((o) => o?.status === 'pass')) return PASS;
  return outcomes.find((o) => o?.status === 'skip') ?? null;
}

/**
 * Whether the walk's next pages are asked by a cursor the API gave (PageToken, the OpenAPI's "page
 * token provided by the API"): only a cursor promises a place in a list that changes. A walk by
 * Page=N alone (the OpenAPI's page index) is an OFFSET, which a delete between pages shifts.
 */
const byCursor = (walk: NonNullable<Exchange['changingWalk']>): boolean => walk.pages.slice(1).some((p) => /[?&]PageToken=/.test(p.request.url));
const NO_CURSOR = 'the walk was paged by Page=N without a PageToken: an offset, which a change between pages may shift (no cursor was promised)';
/** A page of the walk that shows a profile of another name: the list ignored the FriendlyName filter (list.filters judges that), so the walk says nothing of paging. */
const unfiltered = (walk: NonNullable<Exchange['changingWalk']>): boolean =>
  walk.pages.some((p) => (p.response?.status === 200 ? (pageOf(p)?.results ?? []) : []).some((r) => (r as { friendly_name?: unknown } | null)?.friendly_name !== walk.name));
const UNFILTERED = 'the list ignored the FriendlyName filter the walk is asked with (list.filters judges that): the walk covered other profiles, so it says nothing of paging';

/** What the run did between the pages of the walk while the list changes, for the messages. */
const changesOf = (changes: readonly string[]): string => (changes.length > 0 ? ` (between pages: ${changes.join('; ')})` : '');

/**
 * The walk of the run's own profiles of one name while the run deletes and creates between pages
 * (engine/phases/lists/changing-walk.ts): every profile created before the walk and not deleted during it
 * is shown (list.walk-complete).
 */
export function changingWalkComplete(ex: Exchange): Outcome {
  const walk = ex.changingWalk;
  if (!walk?.pages.length) return null;
  const seen = new Set<string>();
  for (const [i, page] of walk.pages.entries()) {
    const sids = sidsOf(page, `page ${i + 1} of the walk of the profiles named ${walk.name} (GET ${page.request.url})`);
    if (typeof sids === 'string') return fail(sids, 'while the list changes');
    for (const s of sids) seen.add(s);
  }
  if (unfiltered(walk)) return skip(UNFILTERED);
  if (walk.stopped) return skip(`the walk of the profiles named ${walk.name} stopped: ${walk.stopped.detail}`);
  if (!byCursor(walk)) return skip(NO_CURSOR);
  const missing = walk.throughout.filter((s) => !seen.has(s));
  if (missing.length === 0) return PASS;
  return fail(
    `walked through next_page_url in pages of ${walk.pageSize} (${walk.pages.length} pages) while the run changed the list${changesOf(walk.changes)}, the list of the profiles named ${walk.name} never shows ${missing.join(', ')}, which existed throughout the walk: a cursor is a position in the list, not an OFFSET a delete shifts`,
    'while the list changes',
  );
}

/**
 * The same walk's pages (list.paging): each a 200 list page of at most PageSize profiles, no
 * profile shown twice, the end reached; the kept page's next_page_url followed late leads to the
 * next page (a 200 page of the profiles after it, none of the page before); every list read while a
 * DELETE of one of its profiles was in flight a 200 list page.
 */
export function changingWalkPaging(ex: Exchange): Outcome {
  const walk = ex.changingWalk;
  if (!walk?.pages.length) return null;
  if (unfiltered(walk)) return skip(UNFILTERED);
  const walked: string[] = [];
  for (const [i, page] of walk.pages.entries()) {
    const sids = sidsOf(page, `page ${i + 1} of the walk of the profiles named ${walk.name} (GET ${page.request.url})`);
    if (typeof sids === 'string') return fail(sids, 'while the list changes');
    if (sids.length > walk.pageSize) return fail(`page ${i + 1} (GET ${page.request.url}) holds ${sids.length} profiles, more than PageSize=${walk.pageSize}`, 'while the list changes');
    walked.push(...sids);
  }
  if (walk.stopped?.reason === 'loop' || walk.stopped?.reason === 'cap') return fail(`walking the profiles named ${walk.name} while the run changed the list${changesOf(walk.changes)}, next_page_url never reaches the end: ${walk.stopped.detail}`, 'while the list changes');
  const seen = new Set<string>();
  const twice = byCursor(walk) ? walked.filter((s) => seen.has(s) || !seen.add(s)) : [];
  if (twice.length > 0) {
    return fail(
      `walked through next_page_url in pages of ${walk.pageSize} while the run changed the list${changesOf(walk.changes)}, the pages of the profiles named ${walk.name} show ${[...new Set(twice)].join(', ')} twice: the next page started again before the cursor (a cursor whose anchor was deleted, or an OFFSET a create shifted)`,
      'while the list changes',
    );
  }
  if (walk.late) {
    const { first, page, afterMs, live } = walk.late;
    const shown = sidsOf(first, 'page 1 read again');
    const late = sidsOf(page, `page 1's next_page_url (GET ${page.request.url}), followed ${(afterMs / 1000).toFixed(1)} s after page 1 was served,`);
    if (typeof late === 'string') return fail(`${late}: a next_page_url leads to the next page however long the client takes between pages`, 'followed late');
    if (typeof shown !== 'string') {
      const rest = live.filter((s) => !shown.includes(s));
      const again = late.filter((s) => shown.includes(s));
      const want = Math.min(walk.pageSize, rest.length);
      const got = late.filter((s) => rest.includes(s)).length;
      if (again.length > 0 || got < want) {
        return fail(
          `page 1's next_page_url (GET ${page.request.url}), followed ${(afterMs / 1000).toFixed(1)} s after page 1 was served, shows ${late.join(', ') || 'no profile'}; page 1 showed ${shown.join(', ')} of the ${live.length} profiles named ${walk.name}, none changed since: the next page holds ${want} of ${rest.join(', ')}`,
          'followed late',
        );
      }
    }
  }
  for (const f of walk.during) {
    const sids = sidsOf(f, `the list of the profiles named ${walk.name} read while a DELETE of one of them was in flight (GET ${f.request.url})`);
    if (typeof sids === 'string') return fail(sids, 'while a DELETE is in flight');
  }
  return PASS;
}

const BURST_FIELDS = ['friendly_name', 'email', 'policy_sid'] as const;

/**
 * The caller's list reads sent while the burst's creates were in flight (engine/phases/probes/create-burst.ts):
 * a profile a 201 of the burst names shows in them with the friendly_name, email and policy_sid that
 * 201 showed, never a row half made (list.same-as-created).
 */
export function sameAsCreatedDuringBurst(ex: Exchange): Outcome {
  const burst = ex.createBurst;
  if (!burst?.listedDuring?.length) return null;
  const made = new Map<string, Record<string, unknown>>();
  for (const c of burst.creates) {
    const body = c.response?.status === 201 ? bodyObject(c.response) : undefined;
    if (typeof body?.sid === 'string') made.set(body.sid, body);
  }
  let judged = false;
  for (const f of burst.listedDuring) {
    const page = f.response?.status === 200 ? pageOf(f) : undefined;
    for (const item of page?.results ?? []) {
      const p = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      const body = typeof p.sid === 'string' ? made.get(p.sid) : undefined;
      if (!body) continue;
      judged = true;
      for (const key of BURST_FIELDS) {
        if (jsonText(p[key]) !== jsonText(body[key])) {
          return fail(`the list read while ${burst.creates.length} creates were in flight (GET ${f.request.url}) shows ${key} ${show(p[key])} for ${String(p.sid)}; its create answered ${show(body[key])}: a list shows a profile only as made, never half made`, 'during creates');
        }
      }
    }
  }
  return judged ? PASS : null;
}

/** Whether a list answer is the caller's account's own (its credentials, either pair): a page a profile of the account shows on as it is. */
const ofTheAccount = (reply: Reply): boolean =>
  reply.route === 'list' && reply.request.method === 'GET' && ((ACCEPTED_AUTH as readonly string[]).includes(reply.auth) || reply.auth === OTHER_PAIR_AUTH);

/** The items of a 200 list page of the caller's account, each a JSON object with a string sid. */
function itemsOf(reply: Reply): Array<Record<string, unknown> & { sid: string }> {
  const page = ofTheAccount(reply) && reply.response?.status === 200 ? pageOf(reply) : undefined;
  return (page?.results ?? []).filter((r): r is Record<string, unknown> & { sid: string } => r !== null && typeof r === 'object' && typeof (r as { sid?: unknown }).sid === 'string');
}

/**
 * Every list page of the caller's account the run receives — plain or filtered by Status, PolicySid
 * or FriendlyName, in the cases, the model, the probes and the audit — shows each live profile of the
 * run as its 201 did: the fields a create sets and its dates (Sender.shown; the run updates none but
 * the one it makes to update, Sender.updating). A filter selects profiles, it does not change what they show: a page served from a
 * projection, a search index or a join shows the same profile (list.same-as-created). Only profiles
 * whose state the run knows are judged; the others of a changing account are not.
 */
export function listedAsCreated(reply: Reply, created: ReadonlyMap<string, string>): Outcome {
  let judged = false;
  for (const item of itemsOf(reply)) {
    const then = created.get(item.sid);
    if (then === undefined) continue;
    judged = true;
    const now = shownKey(item);
    if (now === then) continue;
    const [was, is] = [JSON.parse(then) as unknown[], JSON.parse(now) as unknown[]];
    const differ = SHOWN_FIELDS.flatMap((f, i) => (jsonText(was[i]) === jsonText(is[i]) ? [] : [[f, i] as const]));
    const shownAs = differ.map(([f, i]) => `${f} ${show(is[i])} (its 201: ${show(was[i])})`).join(', ');
    return fail(`${whose(reply)}shows ${item.sid}, a profile the run created and never updated, with ${shownAs}: a list shows a profile as it is, whatever filter selects it`, differ[0]![0]);
  }
  return judged ? PASS : null;
}

/** Members a list item may show otherwise by the request (the URLs follow the host asked: resource.url judges them). */
export const BY_REQUEST: ReadonlySet<string> = new Set(['url', 'links']);
const memberText = (o: Record<string, unknown>, f: string): string => (f in o ? jsonText(o[f]) : '(absent)');

/**
 * Every list page of the caller's account shows each profile the account held before the run as
 * its item in the list before the run (RunContext.wholeBefore) showed it, member by member (url
 * and links aside): date_created always, the rest while date_updated is unchanged (a later
 * date_updated is an update someone else made; not judged) (readback.same).
 */
export function listedAsBefore(reply: Reply, before: ReadonlyMap<string, string>): Outcome {
  let judged = false;
  for (const item of itemsOf(reply)) {
    const then = before.get(item.sid);
    if (then === undefined) continue;
    const was = JSON.parse(then) as Record<string, unknown>;
    const is = JSON.parse(wholeKey(item)) as Record<string, unknown>;
    const same = memberText(was, 'date_updated') === memberText(is, 'date_updated');
    const members = same ? [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((f) => !BY_REQUEST.has(f)).sort() : ['date_created'];
    judged = true;
    const differ = members.filter((f) => memberText(was, f) !== memberText(is, f));
    if (differ.length === 0) continue;
    const shownAs = differ.map((f) => `${f} ${f in is ? show(is[f]) : 'absent'} (before the run: ${f in was ? show(was[f]) : 'absent'})`).join(', ');
    return fail(
      `${whose(reply)}shows ${item.sid}, a profile the account held before the run${same ? ` (date_updated unchanged: ${show(is.date_updated)})` : ''}, with ${shownAs}: a list shows a profile as it is, whatever filter selects it`,
      'listed before the run',
    );
  }
  return judged ? PASS : null;
}
