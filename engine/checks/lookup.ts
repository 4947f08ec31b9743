/**
 * Judges of lookups by another string than the run's own (engine/phases/probes/answer-kinds.ts,
 * credential-routes.ts): the sid in the other case, the sid of a profile of another account, the
 * operation's paths spelt otherwise. None reaches the profile; the profile still reads back.
 */
import type { Judge, Outcome } from '../../contracts/check.ts';
import type { Exchange, FollowUp, JudgeContext } from '../../contracts/exchange.ts';
import { listedProfiles } from '../../contracts/answer.ts';
import { bodyObject, busy, created, describe, fail, notFoundEnvelope, PASS, pathOf, show, skip } from './util.ts';

/**
 * The profile's sid with its hex letters in the other case (engine/phases/probes/answer-kinds.ts
 * probeSwappedSid): neither its fetch nor its DELETE is a 2xx, and the profile reads back after them.
 */
export const sidExact: Judge = (ex) => {
  const body = created(ex);
  if (!body || (!ex.swappedFetch && !ex.swappedDelete)) return null;
  for (const f of [ex.swappedFetch, ex.swappedDelete]) {
    const res = f?.response;
    if (res && res.status >= 200 && res.status < 300) {
      return fail(`${f!.request.method} ${new URL(f!.request.url).pathname} (the sid ${show(body.sid)} with its hex letters in the other case) answered ${describe(res)}: another string names no profile, expected 404`);
    }
  }
  // a profile already gone (an earlier request deleted it) answers 404 to both: the read back then says nothing of these
  const after = ex.readAfterSwapped?.response;
  if (after && after.status !== 200 && ex.swappedDelete?.response?.status !== 404) return fail(`after a DELETE of its sid with the hex letters in the other case, the profile ${show(body.sid)} no longer reads back: ${describe(after)}`);
  return PASS;
};

/**
 * Updates of sids that name no profile of their sender (engine/phases/probes/update-route.ts): a
 * sid never made, the deleted profile, the caller's profile sent by the second account. Each is a
 * 404, as any unknown resource (the target may have no update route: 405 or 501; never a 403, which
 * tells the sid exists in another account), and none leaves a trace: the never-made and the
 * deleted sid read 404 after it (an upsert made one, a soft-deleted row was found), the caller's
 * profile does not show the name the other account's update sent. 429 and 5xx: not judged.
 */
/** What an update of a sid that names no profile of the sender is answered: 404, or 405/501 from a target without the update route. */
const NO_SUCH_UPDATE = new Set([404, 405, 501]);

export const updateOfNone: Judge = (ex) => {
  const tries = ex.updatesOfNone;
  if (!tries || tries.length === 0) return null;
  for (const { what, sent, readAfter, marker, owned } of tries) {
    const res = sent.response;
    if (!res || busy(sent)) continue;
    if (res.status >= 200 && res.status < 300) return fail(`the update POST ${pathOf(sent)} of ${what} answered ${describe(res)}: no profile of its sender has that sid, expected 404`);
    // a 403 (or any other refusal) tells the sender the sid exists elsewhere, as lookup.other-account-404 says of fetch and delete; 405 and 501: no update route
    if (!NO_SUCH_UPDATE.has(res.status)) return fail(`the update POST ${pathOf(sent)} of ${what} answered ${describe(res)}: no profile of its sender has that sid, so it is an unknown resource, 404 (a 403 tells that the sid exists in another account)`, 'not 404');
    const after = readAfter.response;
    if (!after || busy(readAfter) || after.status !== 200) continue;
    if (!owned) return fail(`after the update POST ${pathOf(sent)} of ${what} (${describe(res)}), GET ${pathOf(readAfter)} answered 200: the refused update made or revived a profile`);
    if (bodyObject(after)?.friendly_name === marker) return fail(`after the update POST ${pathOf(sent)} of ${what} (${describe(res)}), the profile reads back with the name that update sent (${show(marker)}): another account changed it`);
  }
  return PASS;
};

/**
 * A second account's requests for the run's profile (engine/phases/probes/second-account.ts
 * probeSecondAccount): its fetch and DELETE are the 404 envelope — a profile of another account is
 * no resource of the caller, so never a 2xx, nor a 403 that tells the sid exists —, its HEAD no
 * 2xx or 403 either; none of its list pages (the caller's queries asked again, the caller's
 * next_page_url) shows one of the run's profiles, nor a page the caller asked with the second's
 * next_page_url one of the second's; and the profile still reads back with the caller's own
 * credentials. Skipped, with the reason, when the run knows no second account.
 */
export const otherAccount404: Judge = (ex, ctx) => {
  const sid = created(ex)?.sid;
  if (typeof sid !== 'string') return null;
  if (ex.secondAccountNotRun) return skip(ex.secondAccountNotRun, 'second-account');
  const reads = secondReads(ex, ctx, sid);
  if (reads?.status === 'fail') return reads;
  const creates = createsAtOnce(ex);
  return creates?.status === 'fail' ? creates : (reads ?? creates);
};


/** The second account's requests for the run's profile (the lifecycle's). */
function secondReads(ex: Exchange, ctx: JudgeContext, sid: string): Outcome | null {
  const { secondFetch: fetch, secondList: list, secondDelete: del, readAfterSecond: after } = ex;
  if (!fetch && !list && !del) return null;
  if (busy(fetch) || busy(del)) return skip("the second account's requests got 429 or 5xx: nothing to judge (no-server-error's)");
  const back = after?.response;
  if (del?.response && back && del.response.status < 300 && back.status !== 200) {
    return fail(`the second account's DELETE ${pathOf(del)} answered ${describe(del.response)}, and the profile no longer reads back with the caller's credentials (${describe(back)}): another account deleted it`);
  }
  for (const [f, method] of [[fetch, 'GET'], [del, 'DELETE']] as const) {
    const why = f && notFoundEnvelope(f, `the second account's ${method} ${pathOf(f)} (a profile of another account)`);
    if (!why) continue;
    const status = f.response?.status;
    const hint = status === 403 ? ': a 403 tells the caller the sid exists in another account; it is no resource of the caller (404, as for a sid that never existed)' : status !== undefined && status < 300 ? ': another account reached the profile' : '';
    return fail(`${why}${hint}`);
  }
  const head = ex.secondHead?.response?.status;
  if (head !== undefined && ((head >= 200 && head < 300) || head === 403)) {
    return fail(`the second account's HEAD ${pathOf(ex.secondHead!)} (a profile of another account) answered ${head}, expected 404 as its GET: ${head === 403 ? 'a 403' : 'a 2xx'} tells another account the sid exists`);
  }
  // with the caller's validators: no 304 (a 304 says the caller's profile is there, unchanged)
  const conditional = ex.secondConditional?.response?.status;
  if (conditional !== undefined && ((conditional >= 200 && conditional < 400) || conditional === 403)) {
    return fail(`the second account's GET ${pathOf(ex.secondConditional!)} with the caller's validators (a profile of another account) answered ${conditional}, expected 404 as its GET without them: a conditional read is answered after the account is checked`, 'conditional read');
  }
  // the paths below the profile (its links, an unknown one): no resource of the second account either
  for (const f of ex.secondBelow ?? []) {
    const st = f.response?.status;
    if (st !== undefined && ((st >= 200 && st < 300) || st === 403)) {
      return fail(`the second account's GET ${pathOf(f)} (below a profile of another account) answered ${describe(f.response)}, expected 404 as its GET of the profile: ${st === 403 ? 'a 403 tells another account the sid exists' : 'another account reached what is below the profile (a lookup by the sid alone)'}`, 'below the profile');
    }
  }
  const runs = (sid2: string) => sid2 === sid || ctx.seenSids.has(sid2);
  for (const page of [list, ...(ex.secondLists ?? [])]) {
    const shown = leaked(page, runs);
    if (shown) return fail(`the second account's list (GET ${pathOf(page!)}${new URL(page!.request.url).search}) shows ${shown}, a profile of another account (the caller's)`);
  }
  const theirs = new Set((ex.secondOwnPages ?? []).flatMap((p) => { const l = listedProfiles(p); return typeof l === 'object' ? [...l.keys()] : []; }));
  for (const page of ex.callerReplays ?? []) {
    const shown = leaked(page, (s2) => theirs.has(s2));
    if (shown) return fail(`the caller's GET ${pathOf(page)}${new URL(page.request.url).search} (the second account's next_page_url) shows ${shown}, a profile of the second account`);
  }
  if (back && back.status !== 200) return skip(`the profile did not read back after the second account's requests (${describe(back)}): whether they removed it is not known`);
  return PASS;
}

/**
 * The creates of both accounts sent at once (engine/phases/probes/account-creates.ts): each profile a 201
 * named reads back (the same sid and name as its 201) and is listed by its name for the account
 * that created it, and the other account's fetch of it is the 404 envelope and its list by the
 * name does not show it. The account_sid each answer shows is resource.account-sid's. So for the
 * caller's creates naming the second account's SID in AccountSid or account_sid: the caller's profiles.
 */
function createsAtOnce(ex: Exchange): Outcome | null {
  const made = ex.accountCreates?.made ?? [];
  const naming = ex.accountCreates?.naming ?? [];
  const entries = [
    ...made.map((m) => ({ ...m, how: "(one of both accounts' creates sent at once)", klass: 'creates at once' })),
    ...naming.map((m) => ({ ...m, how: `(naming the second account's SID in ${m.param})`, klass: 'create naming another account' })),
  ];
  for (const { create, sid, ownFetch, otherFetch, ownList, otherList, how, klass } of entries) {
    if (busy(ownFetch) || busy(otherFetch)) continue;
    const theirs = create.case.auth === 'second-account';
    const what = `the profile ${sid} that ${theirs ? "the second account's" : "the caller's"} create made ${how}`;
    const other = theirs ? 'the caller' : 'the second account';
    const back = ownFetch.response?.status === 200 ? bodyObject(ownFetch.response) : undefined;
    const name = created(create)?.friendly_name;
    if (back?.sid !== sid || back.friendly_name !== name) {
      const got = back ? `sid ${show(back.sid)}, friendly_name ${show(back.friendly_name)} (its 201: ${show(name)})` : ownFetch.error ? ownFetch.error.message : describe(ownFetch.response);
      return fail(`${what} does not read back for the account that created it: GET ${pathOf(ownFetch)} answered ${got}; a create is the requesting account's`, klass);
    }
    const why = notFoundEnvelope(otherFetch, `${other}'s GET ${pathOf(otherFetch)} of ${what}`);
    if (why) return fail(why, klass);
    const listed = ownList.response?.status === 200 ? listedProfiles(ownList) : undefined;
    // the creates naming the second account are the caller's when its own fetch finds them; whether its filter finds them is list.filter-complete's (a SHOULD)
    if (klass === 'creates at once' && typeof listed === 'object' && listed.size < 1000 && !listed.has(sid)) return fail(`${what} is not in the list its own account asked filtered by its name (GET ${pathOf(ownList)}${new URL(ownList.request.url).search})`, klass);
    if (leaked(otherList, (s2) => s2 === sid)) return fail(`${other}'s list filtered by the name (GET ${pathOf(otherList)}${new URL(otherList.request.url).search}) shows ${what}, a profile of another account`, klass);
  }
  // the caller's DELETE of a profile of the second account's: 404 (it does not exist for the caller), and the owner still reads it
  const gone = ex.accountCreates?.otherDelete;
  if (gone && !busy(gone.deleted)) {
    const what = `the caller's DELETE ${pathOf(gone.deleted)} of a profile the second account's create made`;
    const why = notFoundEnvelope(gone.deleted, what);
    if (why) return fail(why, 'delete by another account');
    const back = gone.ownFetch.response?.status === 200 ? bodyObject(gone.ownFetch.response) : undefined;
    if (!busy(gone.ownFetch) && back?.sid !== gone.sid) {
      return fail(`after ${what} (${describe(gone.deleted.response)}), the second account's own GET ${pathOf(gone.ownFetch)} answered ${gone.ownFetch.error ? gone.ownFetch.error.message : describe(gone.ownFetch.response)}, expected 200: another account's DELETE removed its profile`, 'delete by another account');
    }
  }
  return entries.length > 0 ? PASS : null;
}

/** The first profile a 200 list page shows that `foreign` says is not the asker's. */
function leaked(page: FollowUp | undefined, foreign: (sid: string) => boolean): string | undefined {
  const listed = page?.response?.status === 200 ? listedProfiles(page) : undefined;
  return typeof listed === 'object' ? [...listed.keys()].find(foreign) : undefined;
}

/**
 * The run's profile A asked with the sid of another of its live profiles, B, besides its path
 * (engine/phases/probes/sid-params.ts): ?Sid=B and ?sid=B on GET, ?Sid=B on HEAD and DELETE, a form
 * body Sid=B on DELETE. The path names the resource (OpenAPI: Sid is `in: path`; twilio-behaviour.md:
 * read back with GET /v1/CustomerProfiles/<sid>, removed with DELETE /v1/CustomerProfiles/<sid>): a
 * fetch answers A or a 4xx, never B; after each DELETE B still reads back, and A is gone when the
 * DELETE answered 2xx (still there when it was refused). 429 and 5xx: not judged. Part of
 * lookup.account-param: what a request names besides its credentials and path is no other resource.
 */
export const sidFromPath: Judge = (ex) => {
  const probe = ex.sidParams;
  if (!probe) return null;
  // both were read back after their creates (create-burst.ts): else whether a DELETE removed them says nothing
  const before = (sid: string) => ex.createBurst?.readBacks.find((r) => r.sid === sid)?.readBack.response?.status;
  if ([probe.target, probe.other].some((sid) => (before(sid) ?? 200) !== 200)) return skip(`the run's profiles ${probe.target} and ${probe.other} did not both read back before they were asked for with each other's sid`);
  const asked = (f: FollowUp) => `${f.request.method} ${pathOf(f)}${new URL(f.request.url).search}${f.request.body ? ` with the body ${f.request.body}` : ''}`;
  for (const f of probe.fetches) {
    if (busy(f) || f.response?.status !== 200) continue;
    const got = bodyObject(f.response)?.sid;
    if (got !== probe.target) return fail(`${asked(f)} answered 200 with sid ${show(got)}: the path names ${probe.target}, and a query parameter names no other profile (Sid is in: path), expected ${probe.target} or a 4xx`, 'sid in the query');
  }
  for (const [i, d] of probe.deletes.entries()) {
    const part = d.how.includes('body') ? 'sid in the body' : 'sid in the query';
    const res = d.deleted.response;
    if (!res || busy(d.deleted)) continue;
    const other = d.otherAfter.response;
    if (other && !busy(d.otherAfter) && other.status !== 200) {
      return fail(`after ${asked(d.deleted)} (${describe(res)}), the run's other profile ${d.other}, named ${d.how.replace(/^with /, 'in ')}, no longer reads back (GET ${pathOf(d.otherAfter)}: ${describe(other)}): a DELETE removes the profile its path names, never one a parameter names`, part);
    }
    const target = d.targetAfter.response;
    if (!target || busy(d.targetAfter)) continue;
    if (res.status >= 200 && res.status < 300 && target.status === 200) {
      return fail(`${asked(d.deleted)} answered ${describe(res)}, yet the profile its path names, ${d.target}, still reads back 200: the DELETE acted on another profile than its path's`, part);
    }
    // refused: the path's profile is still there (when it was before: an earlier DELETE of the probe may have removed it)
    const earlier = probe.deletes.slice(0, i).filter((e) => e.target === d.target).at(-1);
    const wasLive = earlier === undefined || earlier.targetAfter.response?.status === 200;
    if (res.status >= 400 && res.status < 500 && wasLive && target.status !== 200) {
      return fail(`${asked(d.deleted)} was refused (${describe(res)}), yet the profile its path names, ${d.target}, no longer reads back (${describe(target)}): a refused DELETE removes nothing`, part);
    }
  }
  return PASS;
};

/**
 * The operation's paths spelt otherwise (engine/phases/probes/answer-kinds.ts probePathVariants): none answers
 * as the real route (a 2xx). A SHOULD: the sources never say paths are case-sensitive or take no suffix.
 */
export const pathExact: Judge = (ex) => {
  const probe = ex.pathVariants;
  if (!probe || typeof created(ex)?.sid !== 'string') return null;
  for (const f of probe.fetches) {
    const res = f.response;
    if (res && res.status >= 200 && res.status < 300) {
      return fail(`${f.request.method} ${pathOf(f)}${new URL(f.request.url).search} answered ${describe(res)}: the API's paths are /v1/CustomerProfiles and /v1/CustomerProfiles/{Sid}, spelt exactly; another spelling names no resource, expected 404`);
    }
  }
  return PASS;
};
