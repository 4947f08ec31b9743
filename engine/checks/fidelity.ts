import type { Judge, Outcome } from '../../contracts/check.ts';
import { ACCEPTED_AUTH, asTheAccount, type Exchange, FORM_TYPE_PARAMETERS_RULE, type FollowUp, JSON_SUFFIX_TYPE_RULE, JSON_UNDER_FORM_TYPE_RULE, METHOD_OVERRIDE_RULE, OTHER_PAIR_AUTH, type Reply } from '../../contracts/exchange.ts';
import { SHOWN_FIELDS, shownKey } from '../transport/sender.ts';
import { bodyObject, created, describe, fail, jsonText, mustCreate, PASS, pathOf, show, skip, whose } from './util.ts';

/** Level 3: fidelity to what Twilio documents. */

const MISSING_MESSAGE = /^Missing required parameter (\w+) in the post body$/;

export const missing20001: Judge = (ex) => {
  const missing = ex.case.missing;
  // Twilio documents 20001 for absent parameters; what it answers to an empty one is not documented
  // with either pair of the account (the other pair's cases: engine/phases/probes/other-pair.ts)
  if (!missing?.length || ex.case.category === 'empty-field' || !asTheAccount(ex.case.auth) || !ex.response) return null;
  const res = ex.response;
  const body = bodyObject(res);
  if (res.status !== 400 || body?.code !== 20001) {
    return fail(`missing ${missing.join(', ')}: expected 400 with code 20001, got ${describe(res)}`);
  }
  const named = MISSING_MESSAGE.exec(String(body.message ?? ''))?.[1];
  if (!named || !missing.includes(named)) {
    return fail(`message ${show(body.message)} does not name a missing parameter (${missing.join(', ')}) as "Missing required parameter <Name> in the post body"`);
  }
  return PASS;
};

export const jsonBodyAsMissing: Judge = (ex) => {
  // a JSON body under a JSON type, or under the form type (read as a form, it holds no parameter)
  const json = (ex.case.category === 'body-encoding' && ex.case.contentType?.includes('json')) || ex.case.rule === JSON_UNDER_FORM_TYPE_RULE || ex.case.rule === JSON_SUFFIX_TYPE_RULE;
  if (!json || !ex.response) return null;
  const res = ex.response;
  const code = bodyObject(res)?.code;
  return res.status === 400 && code === 20001
    ? PASS
    : fail(`a JSON body was answered ${describe(res)}; Twilio does not read JSON bodies and answers 400 / 20001`);
};

/** The create parameters and the resource fields that echo them. */
export const ECHO: ReadonlyArray<readonly [string, string]> = [
  ['FriendlyName', 'friendly_name'],
  ['Email', 'email'],
  ['PolicySid', 'policy_sid'],
  ['StatusCallback', 'status_callback'],
];

/** The first field the resource does not echo as sent, as a failure classed by that field. */
export function echoMismatch(fields: Record<string, string>, body: Record<string, unknown>): Outcome | undefined {
  for (const [param, field] of ECHO) {
    const expected = fields[param] ?? null;
    if (body[field] !== expected) return fail(`${field} is ${show(body[field])}, the request sent ${param}=${show(expected)}`, field);
  }
  return undefined;
}

export const echoFields: Judge = (ex) => {
  // an `either` case the target chose to create still echoes what it sent (when that is defined)
  if (!mustCreate(ex) && !(ex.case.expect === 'either' && ex.case.echoWhenCreated)) return null;
  const body = created(ex);
  if (!body) return null;
  return echoMismatch(ex.case.fields, body) ?? PASS;
};

/** Each 201 of the creates sent at once (engine/phases/probes/create-burst.ts) echoes what that create sent (judged with the follow-ups, by readback.same). */
function burstEcho(ex: Exchange): Outcome | undefined {
  const creates = ex.createBurst?.creates ?? [];
  for (const [i, made] of creates.entries()) {
    const body = created(made);
    const wrong = body && echoMismatch(made.case.fields, body);
    if (wrong?.status === 'fail') return fail(`create ${i + 1} of ${creates.length} sent at once: ${wrong.message}`, 'creates sent at once');
  }
  return undefined;
}

export const uniqueSid: Judge = (ex, ctx) => {
  const body = created(ex);
  if (!body || typeof body.sid !== 'string') return null;
  if (ctx.listedBefore?.has(body.sid)) return fail(`sid ${body.sid} names a profile the account's list showed before the run's first request: a create was answered with an existing profile's sid`);
  const earlier = ctx.seenSids.get(body.sid);
  if (earlier !== undefined && earlier !== ex.index) return fail(`sid ${body.sid} was already returned by exchange #${earlier}`);
  return PASS;
};

/**
 * Unknown parameters are ignored: so is a `_method` or an X-HTTP-Method-Override naming another
 * method (never routed as it), and a form Content-Type's empty or undefined parameter (still the form).
 */
export const extraParamsIgnored: Judge = (ex) => {
  const override = ex.case.rule === METHOD_OVERRIDE_RULE;
  const typeParameters = ex.case.rule === FORM_TYPE_PARAMETERS_RULE;
  if ((ex.case.category !== 'extra-params' && !override && !typeParameters) || !ex.response) return null;
  const body = created(ex);
  if (!body && override) return fail(`a valid create that names another method (${ex.case.label}) got ${describe(ex.response)}, expected 201: the POST is still the create`);
  if (!body && typeParameters) return fail(`a valid create sent with ${ex.case.label} got ${describe(ex.response)}, expected 201: that is still the form media type (RFC 9110 §5.6.6)`, 'Content-Type parameters');
  // a name longer than any server must take (generators NAME_LENGTH_TAKEN) may be refused for itself: the extras say nothing then
  if (!body && ex.case.expect === 'either' && ex.response.status >= 400 && ex.response.status < 500) return null;
  if (!body) return fail(`a valid request with unknown extra parameters got ${describe(ex.response)}, expected 201`);
  return echoMismatch(ex.case.fields, body) ?? PASS;
};

/** A route the target lacks: 405/501, or a 404 that is not a Twilio envelope. */
function lacksRoute(f: FollowUp): boolean {
  const res = f.response;
  if (!res) return false;
  if (res.status === 405 || res.status === 501) return true;
  return res.status === 404 && typeof bodyObject(res)?.code !== 'number';
}

export const readBackSame: Judge = (ex) => {
  const f = ex.readBack;
  const body = created(ex);
  if (!f || !body) return null;
  // the read back follows the resource's own url when it is on the target (engine/phases/follow-ups.ts)
  const what = `GET ${f.request.url} (the new resource)`;
  if (f.error) return fail(`${what} failed: ${f.error.message}`);
  if (lacksRoute(f)) return skip(`GET /v1/CustomerProfiles/{Sid} answered ${f.response!.status}: the target has no read route`);
  const got = bodyObject(f.response);
  if (f.response!.status !== 200 || !got) return fail(`${what} answered ${describe(f.response)}, expected 200`);
  for (const key of Object.keys(body)) {
    if (jsonText(got[key]) !== jsonText(body[key])) {
      return fail(`read back with ${what}, ${key} is ${show(got[key])}; the create answered ${show(body[key])}`);
    }
  }
  // the same profile fetched as real clients send it (their language, helper library, encodings): the same members
  for (const c of ex.clientReads ?? []) {
    const shown = c.response?.status === 200 ? bodyObject(c.response) : undefined;
    const key = differing(shown, body);
    if (key) return fail(`fetched ${(c.purpose ?? 'fetch of the profile').replace(/^fetch of the profile/, 'as')}, ${key} is ${show(shown![key])}; the create answered ${show(body[key])}: what a client's headers say of it changes no value`, 'client headers');
  }
  // the same profile fetched many times at once: each 200 as the 201 (a cache entry filled in two steps is served half made)
  const reads = ex.burstReads ?? [];
  for (const [i, r] of reads.entries()) {
    const shown = r.response?.status === 200 ? bodyObject(r.response) : undefined;
    const key = differing(shown, body);
    if (key) return fail(`fetch ${i + 1} of ${reads.length} sent at once (GET ${r.request.url}) shows ${key} ${show(shown![key])}; the create answered ${show(body[key])}: reads that come together see the profile as made`, 'reads sent at once');
  }
  // each profile of the creates sent at once holds what its create sent, and reads back as its 201 showed it
  const unsent = burstEcho(ex);
  if (unsent) return unsent;
  for (const { sid, readBack } of ex.createBurst?.readBacks ?? []) {
    const made = ex.createBurst!.creates.find((c) => created(c)?.sid === sid);
    const was = made && created(made);
    const shown = readBack.response?.status === 200 ? bodyObject(readBack.response) : undefined;
    const key = was && differing(shown, was);
    if (key) return fail(`GET of ${sid}, which one of the ${ex.createBurst!.creates.length} creates sent at once made, shows ${key} ${show(shown![key])}; its 201 showed ${show(was[key])}`, 'creates sent at once');
  }
  return PASS;
};

/** The first member of `was` that `shown` (a 200's body) shows otherwise. */
const differing = (shown: Record<string, unknown> | undefined, was: Record<string, unknown>): string | undefined =>
  shown && Object.keys(was).find((k) => jsonText(shown[k]) !== jsonText(was[k]));

/** A fetch's date_updated that moved from its list item's, to the fetch's own second (its Date, a second either way), was moved by the read. */
const SAME_SECOND_MS = 1000;

/**
 * A GET updates nothing: the profile the list showed before the run, fetched, shows the date_updated
 * its item there showed, or one another writer moved at some other time (a SHOULD: another client's
 * write in the fetch's very second looks the same).
 */
export const fetchNoUpdate: Judge = (ex) => {
  const read = ex.preRunRead;
  const body = read?.fetch.response?.status === 200 ? bodyObject(read.fetch.response) : undefined;
  if (!read || !body) return null;
  const then = (JSON.parse(read.item) as Record<string, unknown>).date_updated;
  const now = body.date_updated;
  const date = read.fetch.response!.headers.date;
  if (typeof now !== 'string' || now === then || date === undefined) return PASS;
  const moved = Math.abs(Date.parse(now) - Date.parse(date)) <= SAME_SECOND_MS;
  return moved
    ? fail(`GET ${read.fetch.request.url} (a profile the list showed before the run with date_updated ${show(then)}) shows date_updated ${show(now)}, the fetch's own second (its Date ${date}): a read updates nothing`)
    : PASS;
};

/**
 * Every fetch of a live profile of the run with the caller's account's credentials (either pair), whatever
 * phase sent it and whatever else the request carries (a query it does not define, a client's headers, a
 * validator), that answers 200 shows it as its 201 did: the fields a create sets and its dates
 * (Sender.shown; the run updates none but the one it makes to update, Sender.updating). Judged at the reply chokepoint (engine/run/run.ts), as
 * list pages are (readback.same).
 */
export function fetchedAsCreated(reply: Reply, created: ReadonlyMap<string, string>): Outcome {
  if (reply.route !== 'fetch' || reply.request.method !== 'GET' || reply.response?.status !== 200) return null;
  if (!(ACCEPTED_AUTH as readonly string[]).includes(reply.auth) && reply.auth !== OTHER_PAIR_AUTH) return null;
  const body = bodyObject(reply.response);
  const then = typeof body?.sid === 'string' ? created.get(body.sid) : undefined;
  if (!body || then === undefined) return null;
  const now = shownKey(body);
  if (now === then) return PASS;
  const [was, is] = [JSON.parse(then) as unknown[], JSON.parse(now) as unknown[]];
  const i = SHOWN_FIELDS.findIndex((_, k) => jsonText(was[k]) !== jsonText(is[k]));
  return fail(`${whose(reply)}shows ${String(body.sid)}, a profile the run created and never updated, with ${SHOWN_FIELDS[i]} ${show(is[i])}; its 201 showed ${show(was[i])}: a GET shows a profile as it is, whatever else the request carries`, SHOWN_FIELDS[i]);
}

export const deleteGone: Judge = (ex) => {
  const d = ex.deleted;
  if (!d || !created(ex)) return null;
  if (d.error) return fail(`DELETE failed: ${d.error.message}`);
  if (lacksRoute(d)) return skip(`DELETE /v1/CustomerProfiles/{Sid} answered ${d.response!.status}: the target has no delete route`);
  // a 2xx other than 204 is delete.no-content's to judge; here, whether the profile is gone
  const status = d.response!.status;
  // the DELETE of its sid in the other case removed it already: lookup.sid-exact's to judge (a SHOULD), not a delete that failed
  const swapped = ex.swappedDelete?.response?.status ?? 0;
  if (status === 404 && swapped >= 200 && swapped < 300) return skip(`the DELETE of the sid with its hex letters in the other case removed the profile already (lookup.sid-exact)`);
  if (status < 200 || status > 299) return fail(`DELETE answered ${describe(d.response)}, expected 204`);
  const after = ex.readAfterDelete;
  if (!after || after.error) return fail(`GET after DELETE failed: ${after?.error?.message ?? 'not sent'}`);
  if (after.response!.status !== 404) return fail(`GET after DELETE answered ${describe(after.response)}, expected 404`);
  // a HEAD is a GET without body (RFC 9110 §9.3.2): the deleted profile is gone for it too
  const head = ex.headAfterDelete?.response?.status;
  if (head !== undefined && head >= 200 && head < 300) return fail(`HEAD after DELETE answered ${head}, expected 404 as the GET after it: a HEAD is a GET without body (an existence cache the DELETE did not purge)`, 'HEAD after delete');
  // the paths below it (its links, an unknown one) are gone with it: a controller that loads it with no soft-delete scope still answers them
  for (const f of ex.belowAfterDelete ?? []) {
    const st = f.response?.status;
    if (st !== undefined && st >= 200 && st < 300) return fail(`GET ${pathOf(f)} (below the deleted profile) answered ${describe(f.response)}, expected 404 as the GET of the profile: what is below a deleted profile is gone with it`, 'below the deleted profile');
  }
  for (const { sid: gone, deleted, readAfter } of ex.accountCreates?.deletes ?? []) {
    const status = readAfter?.response?.status;
    if (status === undefined || status === 404 || status === 429 || status >= 500) continue;
    return fail(`DELETE ${pathOf(deleted)} (a profile ${gone} of both accounts' creates, in its account) answered ${describe(deleted.response)}, then that account's GET ${pathOf(readAfter!)} answered ${describe(readAfter!.response)}, expected 404: the DELETE removed nothing`, 'creates of two accounts');
  }
  // the list read after the delete (lifecycle follow-ups) no longer holds it
  const listed = ex.listAfterUnknownDelete?.response?.status === 200 ? bodyObject(ex.listAfterUnknownDelete.response)?.results : undefined;
  const sid = created(ex)?.sid;
  if (Array.isArray(listed) && listed.some((p) => (p as { sid?: unknown })?.sid === sid)) return fail(`the deleted profile ${String(sid)} is still in the list`);
  // nor a list asked with its own values as filters
  for (const f of ex.listFilteredAfterDelete ?? []) {
    const results = f.response?.status === 200 ? bodyObject(f.response)?.results : undefined;
    if (Array.isArray(results) && results.some((p) => (p as { sid?: unknown })?.sid === sid)) {
      return fail(`the deleted profile ${String(sid)} is still in the filtered list (GET ${f.request.url})`, 'filtered list');
    }
  }
  return PASS;
};
