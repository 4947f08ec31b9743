/**
 * Judges of a create's lifecycle (engine/phases/follow-ups.ts): the list shows it and only the
 * caller's profiles, a DELETE of what does not exist is a 404 envelope that removes nothing, every
 * such 404 is an envelope (the credentials on those routes: auth.ts).
 */
import type { Judge, Outcome } from '../../contracts/check.ts';
import type { FollowUp } from '../../contracts/exchange.ts';
import { bodyObject, created, cutWords, describe, fail, PASS, show, skip } from './util.ts';
import { listedProfiles } from '../../contracts/answer.ts';

/** A route the target lacks: 405/501 (a target without a list or delete route is judged elsewhere). */
function lacks(f: FollowUp): boolean {
  const status = f.response?.status;
  return status === 405 || status === 501;
}

/** A 404 Twilio envelope with code 20404, or why not. */
function notFoundEnvelope(f: FollowUp, what: string): string | undefined {
  if (f.error) return `${what} failed: ${f.error.message}`;
  const res = f.response!;
  if (res.status !== 404) return `${what} answered ${describe(res)}, expected 404`;
  const body = bodyObject(res);
  if (body?.code !== 20404 || body.status !== 404) return `${what} answered 404 with ${show(res.bodyText)}, expected the envelope {"code": 20404, "status": 404, …}`;
  return undefined;
}

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

export const listOwnAccount: Judge = (ex, ctx) => {
  const lists = [ex.listBefore, ex.listAfter, ex.listed, ex.listAfterUnknownDelete].filter((f): f is FollowUp => f !== undefined);
  let judged: Outcome = null;
  for (const f of lists) {
    const listed = listedProfiles(f);
    if (typeof listed === 'string') continue;
    for (const [sid, p] of listed) {
      if (p.account_sid !== ctx.accountSid) return fail(`the list shows ${sid} of account ${show(p.account_sid)}; the caller is ${ctx.accountSid}`);
    }
    judged = PASS;
  }
  return judged;
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
  return PASS;
};

export const notFoundIsEnvelope: Judge = (ex) => {
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
  return PASS;
};
