/**
 * Judges of a create's lifecycle (engine/phases/follow-ups.ts): the list shows it and only the
 * caller's profiles, a DELETE of what does not exist is a 404 envelope that removes nothing, every
 * such 404 is an envelope (the credentials on those routes: auth.ts). The update of a profile of
 * the run's own: update.ts.
 */
import type { Judge, Outcome } from '../../contracts/check.ts';
import type { Exchange, FollowUp } from '../../contracts/exchange.ts';
import { changingWalkPaging, together } from './list.ts';
import { bodyObject, created, cutWords, describe, fail, lacks, notFoundEnvelope, PASS, pathOf, show, skip } from './util.ts';
import { listedProfiles } from '../../contracts/answer.ts';

export const listShowsCreated: Judge = (ex) => {
  const body = created(ex);
  if (!ex.listed || !body || typeof body.sid !== 'string') return null;
  if (lacks(ex.listed)) return skip(`GET /v1/CustomerProfiles answered ${ex.listed.response!.status}: the target has no list route`);
  // an answer cut at the tool's own cap says nothing about the target: raise the cap to judge it
  if (ex.listed.response?.truncated) return skip(`the list after the create was ${cutWords(ex.listed.response)}: raise --max-response-bytes to judge it`);
  const listed = listedProfiles(ex.listed);
  if (typeof listed === 'string') return fail(`the list after the create: ${listed}`);
  if (ex.listed.response && bodyObject(ex.listed.response)?.meta && listed.size >= 1000) return skip('the list holds 1,000 profiles or more: the new one may be on a later page');
  return listed.has(body.sid) ? PASS : fail(`the list after the create does not hold ${body.sid} (${listed.size} profiles listed)`);
};

export const deleteUnknown404: Judge = (ex) => {
  if (!ex.deleteUnknown && !ex.deletedAgain) return null;
  if ([ex.deleteUnknown, ex.deletedAgain].some((f) => f && lacks(f))) return skip('DELETE /v1/CustomerProfiles/{Sid} answered 405/501: the target has no delete route');
  if (ex.deletedAgain && ex.deleted?.response?.status === 204) {
    const why = notFoundEnvelope(ex.deletedAgain, 'a second DELETE of the deleted profile');
    if (why) return fail(why);
  }
  if (ex.deleteUnknown) {
    const why = notFoundEnvelope(ex.deleteUnknown, 'DELETE of a sid that never existed');
    if (why) return fail(why);
    const before = listedProfiles(ex.listed);
    const after = listedProfiles(ex.listAfterUnknownDelete);
    const sid = created(ex)?.sid;
    if (typeof before !== 'string' && typeof after !== 'string') {
      const gone = [...before.keys()].filter((s) => s !== sid && !after.has(s));
      if (gone.length > 0) return fail(`after the DELETE of a sid that never existed, ${gone.join(', ')} no longer listed`);
    }
  }
  const raced = racedDeletes(ex.racedDeletes);
  if (raced) return fail(raced);
  const odd = ex.oddSids;
  for (const f of odd?.deletes ?? []) {
    const why = notFoundEnvelope(f, `DELETE ${pathOf(f)}, a path segment no sid can be`);
    if (why) return fail(why);
  }
  const back = odd?.readBack.response;
  // judged only when the profile read back just before them (a refused DELETE that deleted it is auth.refused-delete-keeps's)
  const before = ex.readAfterSwapped ?? ex.refusedDeletes?.readBack ?? ex.readBack;
  if (back && before?.response?.status === 200 && back.status !== 200) {
    return fail(`after DELETEs of ${odd.deletes.map(pathOf).join(', ')} (no sid), the profile ${show(created(ex)?.sid)} no longer reads back: ${describe(back)}`);
  }
  return PASS;
};

/**
 * Two DELETEs of one live profile sent together: one removes it, so the other names a profile
 * already gone (404 / 20404). Two 2xx: each found it before either removed it (check-then-act).
 * Judged only when one of them removed it (a 2xx).
 */
function racedDeletes(raced: readonly FollowUp[] | undefined): string | undefined {
  if (!raced || raced.length < 2) return undefined;
  const ok = (f: FollowUp) => f.response !== undefined && f.response.status >= 200 && f.response.status < 300;
  const removed = raced.filter(ok);
  if (removed.length === 0) return undefined;
  const path = pathOf(raced[0]!);
  if (removed.length > 1) return `two DELETEs of ${path} sent together both answered ${removed.map((f) => f.response!.status).join(' and ')}: only one can remove the profile, the other must be 404`;
  return notFoundEnvelope(raced.find((f) => !ok(f))!, `of two DELETEs of ${path} sent together, the one that did not remove it`);
}

export const notFoundIsEnvelope: Judge = (ex) => {
  // a path below the live profile that no API has (<url>/NoSuchResource): no resource, whatever the profile's fate after it
  const below = ex.unknownBelow?.response;
  if (below && below.status >= 200 && below.status < 300) {
    return fail(`GET ${pathOf(ex.unknownBelow!)} (a path below the profile that the API does not have) answered ${describe(below)}, expected 404: a router that reads the sid from the path and ignores what follows serves the profile there`, 'path below a profile');
  }
  const after = ex.readAfterDelete;
  // only where the read route exists (the read back answered 200) and the profile was deleted (204)
  if (!after || ex.readBack?.response?.status !== 200 || ex.deleted?.response?.status !== 204) return null;
  // a 200 after the delete is delete.gone's to judge
  if (!after.response || after.response.status === 404) {
    const why = notFoundEnvelope(after, 'GET of the deleted profile');
    if (why) return fail(why);
  }
  if (ex.readMalformed) {
    const why = notFoundEnvelope(ex.readMalformed, 'GET /v1/CustomerProfiles/not-a-sid');
    if (why) return fail(why);
  }
  for (const f of ex.oddSids?.fetches ?? []) {
    const why = notFoundEnvelope(f, `GET ${pathOf(f)}, a path segment no sid can be`);
    if (why) return fail(why);
  }
  return PASS;
};

/** The sids a list read shows, in order (repeats kept); a string says why it shows none. */
function sidsOf(f: FollowUp | undefined, what: string): string[] | string {
  if (!f) return `${what} was not read`;
  if (f.error) return `${what} failed: ${f.error.message}`;
  if (f.response!.status !== 200) return `${what} answered ${describe(f.response)}, expected a 200 list page`;
  const results = bodyObject(f.response)?.results;
  if (!Array.isArray(results)) return `${what} has no results array`;
  return results.map((r) => String((r as { sid?: unknown } | null)?.sid));
}

/** The same sids in both whole-list reads (each complete: no next page): nobody changed the account meanwhile. */
function unchanged(before: FollowUp | undefined, after: FollowUp | undefined): boolean {
  const complete = (f: FollowUp | undefined) => {
    const next = (bodyObject(f?.response)?.meta as { next_page_url?: unknown } | undefined)?.next_page_url;
    return next === null || next === undefined;
  };
  const a = sidsOf(before, '');
  const b = sidsOf(after, '');
  if (typeof a === 'string' || typeof b === 'string' || !complete(before) || !complete(after)) return false;
  return a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
}

export const listPaging: Judge = (ex) => together(wholeWalkPaging(ex), changingWalkPaging(ex));

function wholeWalkPaging(ex: Exchange): Outcome {
  const walk = ex.listWalk;
  if (!walk?.pages.length) return null;
  if (lacks(walk.pages[0]!)) return skip(`GET /v1/CustomerProfiles answered ${walk.pages[0]!.response!.status}: the target has no list route`);
  const walked: string[] = [];
  for (const [i, page] of walk.pages.entries()) {
    const sids = sidsOf(page, `page ${i + 1} (GET ${page.request.url})`);
    if (typeof sids === 'string') return fail(sids);
    if (sids.length > walk.pageSize) return fail(`page ${i + 1} (GET ${page.request.url}) holds ${sids.length} profiles, more than PageSize=${walk.pageSize}`);
    walked.push(...sids);
  }
  const stopped = walk.stopped;
  if (stopped?.reason === 'not-on-target') return skip(stopped.detail);
  if (stopped?.reason === 'loop') return fail(`next_page_url never reaches the end: ${stopped.detail}`);
  const still = unchanged(walk.before, walk.after);
  if (stopped?.reason === 'cap') return still ? fail(stopped.detail) : skip(`${stopped.detail}, while the account changed (another client): not judged`);
  const first = sidsOf(walk.pages[0], 'page 1');
  const last = sidsOf(walk.pages.at(-1), 'the last page');
  for (const [f, field, same] of [
    [walk.firstAgain, 'first_page_url', first],
    [walk.selfAgain, 'url', last],
  ] as const) {
    if (!f) continue;
    const sids = sidsOf(f, `the last page's ${field} (GET ${f.request.url})`);
    if (typeof sids === 'string') return fail(sids);
    if (still && JSON.stringify(sids) !== JSON.stringify(same)) return fail(`the last page's ${field} (GET ${f.request.url}) shows ${sids.length} profiles other than the page it names`);
  }
  // an account another client changed during the walk may shift pages: only an unchanged one is judged whole
  if (!still) return PASS;
  const before = sidsOf(walk.before, 'the list before the walk') as string[];
  const seen = new Set<string>();
  const twice = walked.filter((s) => seen.has(s) || !seen.add(s));
  if (twice.length > 0) return fail(`the pages show ${twice.slice(0, 3).join(', ')} twice (PageSize=${walk.pageSize}, ${walk.pages.length} pages)`);
  const missing = before.filter((s) => !seen.has(s));
  if (missing.length > 0) return fail(`the pages never show ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}, which the whole list holds (PageSize=${walk.pageSize}, ${walk.pages.length} pages)`);
  const extra = walked.filter((s) => !before.includes(s));
  if (extra.length > 0) return fail(`the pages show ${extra.slice(0, 3).join(', ')}, which the whole list does not hold`);
  return PASS;
}

/**
 * HEAD, then PUT and PATCH of the profile with the caller's credentials (engine/phases/probes/answer-kinds.ts
 * probeOtherMethods): after each step the profile reads back as the create answered it, field by
 * field. Only a DELETE removes a profile, and it has no PUT or PATCH.
 */
export const keepProfile: Judge = (ex) => {
  const body = created(ex);
  if (!body || !ex.otherMethods?.length) return null;
  // the DELETE of its sid in the other case removed it already (lookup.sid-exact's to judge, a SHOULD): a later step's 404 is not that step's doing
  const swapped = ex.swappedDelete?.response?.status ?? 0;
  const removedBySwapped = swapped >= 200 && swapped < 300;
  for (const { sent, readBack } of ex.otherMethods) {
    const what = `after ${sent.map((f) => `${f.request.method} ${new URL(f.request.url).pathname} (answered ${f.response ? f.response.status : f.error?.message})`).join(' and ')}`;
    if (readBack.error || lacks(readBack)) return null;
    if (removedBySwapped && readBack.response!.status === 404) continue;
    const got = bodyObject(readBack.response);
    if (readBack.response!.status !== 200 || !got) return fail(`${what}, the profile no longer reads back: GET answered ${describe(readBack.response)}`, `${sent[0]!.request.method} removes it`);
    for (const key of Object.keys(body)) {
      if (JSON.stringify(got[key]) !== JSON.stringify(body[key])) return fail(`${what}, the profile reads back with ${key} ${show(got[key])}; the create answered ${show(body[key])}`, `${sent[0]!.request.method} changes it`);
    }
  }
  return PASS;
};

/** The first key whose JSON differs between a profile shown and the profile as created; undefined when none does. */
function changedKey(shown: Record<string, unknown>, made: Record<string, unknown>): string | undefined {
  return Object.keys(made).find((key) => JSON.stringify(shown[key]) !== JSON.stringify(made[key]));
}

/**
 * Two profiles deleted together while a third is created (engine/phases/probes/delete-race.ts): each
 * DELETE removes its own profile and nothing else, the create stays, and a read while a DELETE is
 * in flight shows the profile as created or not at all (404).
 */
export const deleteConcurrent: Judge = (ex) => {
  const race = ex.concurrentDeletes;
  if (!race) return null;
  const sid = race.duringOf.sid as string;
  for (const f of race.during) {
    const status = f.response?.status;
    if (status === undefined || status === 404 || lacks(f)) continue;
    const body = bodyObject(f.response);
    const shown = Array.isArray(body?.results) ? (body.results as Array<Record<string, unknown> | null>).find((p) => p?.sid === sid) : status === 200 ? body : undefined;
    if (status !== 200) return fail(`GET ${f.request.url} while the DELETE of ${sid} was in flight answered ${describe(f.response)}: the profile as created (200) or 404`, 'read during delete');
    const key = shown ? changedKey(shown, race.duringOf) : undefined;
    if (shown && key) return fail(`GET ${f.request.url} while the DELETE of ${sid} was in flight shows ${key} ${show(shown[key])}; the create answered ${show(race.duringOf[key])}: a profile is shown as created or not at all`, 'read during delete');
  }
  for (const d of race.deleted) {
    if (d.delete.response?.status !== 204 || lacks(d.delete)) continue;
    if (d.readBack.response?.status === 200) return fail(`${d.profile.sid as string} was deleted (204) together with another profile's DELETE, yet reads back 200 after both: one DELETE brought back what the other removed`, 'deleted comes back');
  }
  const made = race.created;
  if (made && !made.readBack.error && !lacks(made.readBack)) {
    const got = bodyObject(made.readBack.response);
    if (made.readBack.response!.status !== 200 || !got) return fail(`${made.profile.sid as string}, created (201) while two DELETEs of other profiles were in flight, no longer reads back: ${describe(made.readBack.response)}`, 'create lost');
    const key = changedKey(got, made.profile);
    if (key) return fail(`${made.profile.sid as string}, created while two DELETEs were in flight, reads back with ${key} ${show(got[key])}; the create answered ${show(made.profile[key])}`, 'create changed');
  }
  return PASS;
};

/**
 * previous_page_url on the walk's pages (engine/phases/probes/answer-kinds.ts walkList): null on the first page
 * (the OpenAPI's examples of page 0), and on every later page it leads to the page before, shown
 * again with the same profiles when nobody changed the account during the walk.
 */
export const previousPage: Judge = (ex) => {
  const walk = ex.listWalk;
  if (!walk?.pages.length || lacks(walk.pages[0]!)) return null;
  const linkOf = (f: FollowUp | undefined) => (bodyObject(f?.response)?.meta as { previous_page_url?: unknown } | undefined)?.previous_page_url;
  const first = walk.pages[0]!;
  if (first.response?.status !== 200) return null;
  const none = linkOf(first);
  if (none !== null && none !== undefined) return fail(`page 1 of the list (GET ${first.request.url}, no Page asked) has previous_page_url ${show(none)}: the first page has none (null, as in the OpenAPI's examples of page 0)`, 'first page');
  const still = unchanged(walk.before, walk.after);
  for (let i = 1; i < walk.pages.length; i++) {
    const page = walk.pages[i]!;
    if (page.response?.status !== 200) break;
    const link = linkOf(page);
    if (link === null || link === undefined) return fail(`page ${i + 1} of the list (GET ${page.request.url}) has previous_page_url ${show(link)}: page ${i} comes before it`, 'names none');
    const back = walk.previous?.[i];
    if (!back || !still) continue;
    const sids = sidsOf(back, `page ${i + 1}'s previous_page_url (GET ${back.request.url})`);
    if (typeof sids === 'string') return fail(sids, 'not a page');
    const want = sidsOf(walk.pages[i - 1], '') as string[];
    if (JSON.stringify(sids) !== JSON.stringify(want)) {
      const self = JSON.stringify(sids) === JSON.stringify(sidsOf(page, ''));
      return fail(`page ${i + 1}'s previous_page_url (GET ${back.request.url}) shows ${self ? 'that page itself' : `${sids.length} profiles other than page ${i}'s`}, on an account nobody changed during the walk: it leads to page ${i}`, 'not the page before');
    }
  }
  return PASS;
};

