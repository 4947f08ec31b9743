import type { Judge, Outcome, ReplyJudge } from '../../contracts/check.ts';
import { type FollowUp, refusesAuth } from '../../contracts/exchange.ts';
import { bodyObject, created, describe, fail, isRefusal, jsonText, mustCreate, PASS, show, skip, whose } from './util.ts';
import { PROFILE_LINKS } from '../../contracts/schemas.ts';

/** Level 3: fidelity to what Twilio documents. */

const MISSING_MESSAGE = /^Missing required parameter (\w+) in the post body$/;

export const missing20001: Judge = (ex) => {
  const missing = ex.case.missing;
  // Twilio documents 20001 for absent parameters; what it answers to an empty one is not documented
  if (!missing?.length || ex.case.category === 'empty-field' || ex.case.auth !== 'valid' || !ex.response) return null;
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

export const authCode20003: Judge = (ex) => {
  if (!refusesAuth(ex.case.auth) || ex.response?.status !== 401) return null;
  const code = bodyObject(ex.response)?.code;
  return code === 20003 ? PASS : fail(`401 carries code ${show(code)}, expected 20003`);
};

export const moreInfo: Judge = (ex) => {
  if (!isRefusal(ex.response)) return null;
  const body = bodyObject(ex.response);
  if (!body || typeof body.code !== 'number') return null;
  const expected = `https://www.twilio.com/docs/errors/${body.code}`;
  return body.more_info === expected ? PASS : fail(`more_info is ${show(body.more_info)}, expected ${expected}`);
};

export const jsonBodyAsMissing: Judge = (ex) => {
  if (ex.case.category !== 'body-encoding' || !ex.case.contentType?.includes('json') || !ex.response) return null;
  const res = ex.response;
  const code = bodyObject(res)?.code;
  return res.status === 400 && code === 20001
    ? PASS
    : fail(`a JSON body was answered ${describe(res)}; Twilio does not read JSON bodies and answers 400 / 20001`);
};

const ECHO: ReadonlyArray<readonly [string, string]> = [
  ['FriendlyName', 'friendly_name'],
  ['Email', 'email'],
  ['PolicySid', 'policy_sid'],
  ['StatusCallback', 'status_callback'],
];

/** The first field the resource does not echo as sent, as a failure classed by that field. */
function echoMismatch(fields: Record<string, string>, body: Record<string, unknown>): Outcome | undefined {
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

export const initialState: Judge = (ex) => {
  const body = created(ex);
  if (!body) return null;
  if (body.status !== 'draft') return fail(`status is ${show(body.status)} at creation, expected "draft"`);
  if (body.valid_until !== null) return fail(`valid_until is ${show(body.valid_until)} at creation, expected null`);
  if (body.errors !== null) return fail(`errors is ${show(body.errors)} at creation, expected null`);
  return PASS;
};

const GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

export const timestampsGmt: Judge = (ex) => {
  const body = created(ex);
  if (!body) return null;
  for (const f of ['date_created', 'date_updated']) {
    const v = body[f];
    if (typeof v !== 'string' || !GMT.test(v) || Number.isNaN(Date.parse(v))) {
      return fail(`${f} is ${show(v)}, expected an ISO 8601 date-time in GMT (e.g. 2019-07-30T22:29:24Z)`);
    }
  }
  return PASS;
};

/**
 * How far date_created and date_updated may be from the Date header of the same answer: 5 minutes.
 * Both come from the server's own clock, at second resolution, within the same request; no honest
 * server is minutes apart from itself, while a wrong time zone or a clock hours off is caught.
 */
export const SERVER_CLOCK_TOLERANCE_MS = 5 * 60_000;

export const serverClock: Judge = (ex) => {
  const body = created(ex);
  const dateHeader = ex.response?.headers.date;
  if (!body || !dateHeader) return null;
  const now = Date.parse(dateHeader);
  if (Number.isNaN(now)) return fail(`the Date header ${show(dateHeader)} is not an HTTP date (RFC 9110 §5.6.7)`);
  for (const f of ['date_created', 'date_updated']) {
    const at = Date.parse(String(body[f]));
    if (Number.isNaN(at)) continue; // create.timestamps-gmt judges the format
    const drift = Math.abs(at - now);
    if (drift > SERVER_CLOCK_TOLERANCE_MS) {
      return fail(`${f} ${show(body[f])} is ${Math.round(drift / 1000)} s from the same answer's Date header ${show(dateHeader)} (tolerance 300 s)`);
    }
  }
  return PASS;
};

export const dateHeader: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res) return null;
  return res.headers.date ? PASS : fail(`${whose(reply)}the ${res.status} answer has no Date header`);
};

/** How far date_created may be from this machine's clock when the answer arrived (a SHOULD: either clock may be off). */
const LOCAL_CLOCK_TOLERANCE_MS = 5 * 60_000;

export const timestampsNow: Judge = (ex) => {
  const body = created(ex);
  if (!body) return null;
  if (body.date_created !== body.date_updated) {
    return fail(`date_created ${show(body.date_created)} differs from date_updated ${show(body.date_updated)} on a new resource`);
  }
  const created_ = Date.parse(String(body.date_created));
  if (Number.isNaN(created_)) return null;
  const drift = Math.abs(created_ - ex.receivedAt);
  return drift <= LOCAL_CLOCK_TOLERANCE_MS
    ? PASS
    : fail(`date_created ${show(body.date_created)} is ${Math.round(drift / 1000)} s from the time the answer arrived here`);
};

export const urlAndLinks: Judge = (ex, ctx) => {
  const body = created(ex);
  if (!body || typeof body.sid !== 'string') return null;
  const path = `/v1/CustomerProfiles/${body.sid}`;
  const url = body.url;
  if (typeof url !== 'string') return fail(`url is ${show(url)}`);
  if (ctx.publicBaseUrl !== undefined) {
    const expected = `${ctx.publicBaseUrl.replace(/\/+$/, '')}${path}`;
    if (url !== expected) return fail(`url is ${show(url)}, expected ${expected}`);
  } else if (!/^https?:\/\/[^/]+/.test(url) || !url.endsWith(path)) {
    return fail(`url is ${show(url)}, expected an absolute URL ending in ${path}`);
  }
  const links = bodyObject({ ...ex.response!, json: body.links });
  if (!links) return fail(`links is ${show(body.links)}, expected the three link URLs`);
  for (const [key, suffix] of PROFILE_LINKS) {
    if (links[key] !== `${url}/${suffix}`) return fail(`links.${key} is ${show(links[key])}, expected ${url}/${suffix}`);
  }
  return PASS;
};

export const accountSid: Judge = (ex, ctx) => {
  const body = created(ex);
  if (!body) return null;
  return body.account_sid === ctx.accountSid ? PASS : fail(`account_sid is ${show(body.account_sid)}, the caller's account is ${ctx.accountSid}`);
};

export const uniqueSid: Judge = (ex, ctx) => {
  const body = created(ex);
  if (!body || typeof body.sid !== 'string') return null;
  const earlier = ctx.seenSids.get(body.sid);
  if (earlier !== undefined && earlier !== ex.index) return fail(`sid ${body.sid} was already returned by exchange #${earlier}`);
  return PASS;
};

export const extraParamsIgnored: Judge = (ex) => {
  if (ex.case.category !== 'extra-params' || !ex.response) return null;
  const body = created(ex);
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
  if (f.error) return fail(`GET of the new resource failed: ${f.error.message}`);
  if (lacksRoute(f)) return skip(`GET /v1/CustomerProfiles/{Sid} answered ${f.response!.status}: the target has no read route`);
  const got = bodyObject(f.response);
  if (f.response!.status !== 200 || !got) return fail(`GET of the new resource answered ${describe(f.response)}, expected 200`);
  for (const key of Object.keys(body)) {
    if (jsonText(got[key]) !== jsonText(body[key])) {
      return fail(`read back, ${key} is ${show(got[key])}; the create answered ${show(body[key])}`);
    }
  }
  return PASS;
};

export const deleteGone: Judge = (ex) => {
  const d = ex.deleted;
  if (!d || !created(ex)) return null;
  if (d.error) return fail(`DELETE failed: ${d.error.message}`);
  if (lacksRoute(d)) return skip(`DELETE /v1/CustomerProfiles/{Sid} answered ${d.response!.status}: the target has no delete route`);
  if (d.response!.status !== 204) return fail(`DELETE answered ${describe(d.response)}, expected 204`);
  const after = ex.readAfterDelete;
  if (!after || after.error) return fail(`GET after DELETE failed: ${after?.error?.message ?? 'not sent'}`);
  if (after.response!.status !== 404) return fail(`GET after DELETE answered ${describe(after.response)}, expected 404`);
  // the list read after the delete (lifecycle follow-ups) no longer holds it
  const listed = ex.listAfterUnknownDelete?.response?.status === 200 ? bodyObject(ex.listAfterUnknownDelete.response)?.results : undefined;
  const sid = created(ex)?.sid;
  if (Array.isArray(listed) && listed.some((p) => (p as { sid?: unknown })?.sid === sid)) return fail(`the deleted profile ${String(sid)} is still in the list`);
  return PASS;
};
