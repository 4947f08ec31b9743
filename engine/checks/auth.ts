import { answerOf, bodyObject } from '../../contracts/answer.ts';
import type { Judge, ReplyJudge } from '../../contracts/check.ts';
import { type FollowUp, outsideAuthorization, type Reply, refusesAuth } from '../../contracts/exchange.ts';
import { describe, fail, PASS, show, skip, whose } from './util.ts';

/**
 * Checks of the credentials: the matrix of the create (generators/credentialCases.ts) and the same
 * shapes on fetch, list and delete (engine/phases/probes/credential-routes.ts), where no older check covers them.
 */

export { challengeSchemes } from '../../contracts/answer.ts';

/**
 * RFC 9110 §11.6.1: a 401 carries at least one challenge, read by the grammar of WWW-Authenticate
 * (`auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, comma lists); the resource is guarded by Basic
 * (twilio-behaviour.md).
 */
export const challenge: ReplyJudge = (reply) => {
  const res = reply.response;
  if (res?.status !== 401) return null;
  const value = res.headers['www-authenticate'];
  const parsed = answerOf(res).challenges;
  if (parsed.kind === 'absent') return fail(`${whose(reply)}401 without a WWW-Authenticate header`);
  if (parsed.kind === 'error') return fail(`${whose(reply)}401 whose WWW-Authenticate ${parsed.error}`);
  if (parsed.kind !== 'ok' || !parsed.value.some((c) => c.scheme.toLowerCase() === 'basic')) {
    return fail(`${whose(reply)}401 with WWW-Authenticate ${show(value)}, which offers no Basic challenge`);
  }
  return PASS;
};

/**
 * RFC 9110 §11.1: `basic` and `BASIC` name the Basic scheme, so the right credentials are the
 * caller's on every route: a valid create gets 201, any other request no 401 (or 403).
 */
export const schemeCaseInsensitive: ReplyJudge = (reply) => {
  const auth = reply.auth;
  if ((auth !== 'scheme-lower' && auth !== 'scheme-upper') || reply.absorbed) return null;
  const scheme = auth === 'scheme-lower' ? 'basic' : 'BASIC';
  const res = reply.response;
  if (reply.route === 'create' && reply.case?.expect === 'create') {
    if (!res) return fail(`no answer to a valid create with the scheme written ${scheme}: ${reply.error?.message ?? 'no response'}`);
    return res.status === 201
      ? PASS
      : fail(`the right credentials with the scheme written ${scheme} got ${describe(res)}, expected 201: the scheme name is case-insensitive`);
  }
  if (!res) return null;
  if (res.status === 401 || res.status === 403) {
    return fail(`${whose(reply)}${describe(res)} to the right credentials with the scheme written ${scheme}: the scheme name is case-insensitive`);
  }
  return PASS;
};

/** An answer that says nothing of the credentials: a route the target lacks, throttling, a server error (no-server-error's). */
const silent = (status: number) => status === 405 || status === 501 || status === 429 || status >= 500;

/** A refused credential's answer that either rule below judges: a final answer, to credentials the server must refuse. */
const refusedAnswer = (reply: Reply) => (refusesAuth(reply.auth) && !reply.absorbed && reply.response ? reply.response : undefined);

/** The operation's own paths: the collection, or one member of it (a method they lack is route `other`). */
const OWN_PATH = /^\/v1\/CustomerProfiles(\/[^/]+)?\/?$/;

/** A path below a profile: its links (<url>/EntityAssignments…) or one no API has (<url>/NoSuchResource). */
const BELOW_PROFILE = /^\/v1\/CustomerProfiles\/[^/]+\/[^/]/;

/**
 * A method the collection or a profile does not have (PUT, PATCH), with credentials the server
 * must refuse: 401 all the same, never 405 (a router that answers the method before the
 * credentials). A 413 may come before the credentials (a proxy's body limit): not judged here.
 * A path below a profile (`below`): whether the target has it at all is not known (a 404 there is
 * not judged), but it shows nothing without credentials: no 2xx.
 */
function otherMethod(reply: Reply): 'judge' | 'below' | 'skip' {
  let path = '';
  try {
    path = new URL(reply.request.url).pathname;
  } catch {
    return 'skip';
  }
  if (BELOW_PROFILE.test(path)) return 'below';
  return OWN_PATH.test(path) && reply.response?.status !== 413 ? 'judge' : 'skip';
}

/**
 * Fetch, list, delete and the update refuse every credential the create refuses, whatever the sid:
 * 401; so do the methods the operation's paths lack, and the paths below a profile (its links) never
 * answer 2xx to them. A 404 to a fetch or delete is auth.before-lookup's to judge; to an update it is
 * not judged (a target without the update answers POST to a profile 404, 405 or 501: no update to
 * certify, update-route.ts), and a 2xx there is judged all the same.
 */
export const followUpRoutes: ReplyJudge = (reply) => {
  const res = refusedAnswer(reply);
  if (!res) return null;
  if (reply.route === 'other') {
    const kind = otherMethod(reply);
    if (kind === 'below' && res.status >= 200 && res.status < 300) {
      return fail(`${whose(reply)}${describe(res)} to a path below a profile, expected 401: it was served without valid credentials (a controller mounted before the authentication)`);
    }
    if (kind === 'below') return res.status === 401 ? PASS : null;
    if (kind === 'skip' || res.status === 429 || res.status >= 500) return null;
  } else if (silent(res.status) || (res.status === 404 && reply.route !== 'list')) return null;
  // the update (POST to a profile): a 413 may come before the credentials (a proxy's body limit, the oversized updates), as on `other`
  else if (reply.route === 'update' && res.status === 413) return null;
  if (res.status === 401) return PASS;
  // a request that carried no credential was served without one (a CORS preflight let through, say), not accepted
  const accepted =
    res.status >= 200 && res.status < 300
      ? reply.auth === 'none'
        ? ': it was served without credentials'
        : outsideAuthorization(reply.auth)
          ? ': the credentials outside the Authorization header were taken as the caller (auth is HTTP Basic: the request had none)'
          : ': the credential was accepted'
      : '';
  // a redirect (a login form's entry point beside Basic): the client is sent elsewhere instead of being told its credentials are missing
  const location = res.headers.location;
  const redirected = res.status >= 300 && res.status < 400 ? `: redirected${location ? ` to ${location}` : ''} (a login page's entry point) instead of refused with a Basic challenge` : '';
  return fail(`${whose(reply)}${describe(res)}, expected 401${accepted}${redirected}`);
};

/** RFC 9110 §15.5.2, §15.5.5: without valid credentials the answer is 401, never 404, whether the sid exists or not. */
export const beforeLookup: ReplyJudge = (reply) => {
  const res = refusedAnswer(reply);
  if (!res) return null;
  if (res.status === 404) {
    return fail(`${whose(reply)}404 to a request without valid credentials, expected 401: the sid was looked up before the credentials were refused (or they were taken as valid)`);
  }
  return res.status === 401 ? PASS : null;
};

/** The DELETEs refused for their credentials delete nothing: the read back after them (the caller's own credentials) still finds the profile. */
export const refusedDeleteKeeps: Judge = (ex) => {
  const refused = ex.refusedDeletes;
  if (!refused || refused.deletes.length === 0) return null;
  const back = refused.readBack.response?.status;
  if (back === 404 || back === 410) {
    const first = refused.deletes[0]!.answer.request;
    const took = refused.deletes.filter((d) => { const st = d.answer.response?.status ?? 0; return st >= 200 && st < 300; });
    const why = took.length > 0 ? `the DELETE with ${took.map((d) => d.auth).join(', ')} answered ${describe(took[0]!.answer.response)}` : `answered ${statusCounts(refused.deletes.map((d) => d.answer))}`;
    return fail(`after ${refused.deletes.length} DELETEs of ${pathOf(first.url)} with credentials it must refuse (${why}), the profile no longer reads back: ${describe(refused.readBack.response)}`);
  }
  return back === 200 ? PASS : skip(`the profile did not read back after the refused DELETEs (${describe(refused.readBack.response)}): nothing to judge`);
};

/**
 * The updates refused for their credentials change nothing: each names a FriendlyName of its own,
 * and the read after them (the caller's own credentials) shows none of them — of the run's profile,
 * which keeps its name, nor of a sid of no profile, which none of them made.
 */
export const refusedUpdateKeeps: Judge = (ex) => {
  const batches = (ex.refusedUpdates ?? []).filter((b) => b.updates.length > 0);
  if (batches.length === 0) return null;
  const read = batches.filter((b) => b.readAfter.response);
  if (read.length === 0) return skip(`no read after the refused updates was answered (${batches[0]!.readAfter.error?.message ?? 'no response'}): nothing to judge`);
  for (const b of read) {
    const res = b.readAfter.response!;
    const name = res.status === 200 ? bodyObject(res)?.friendly_name : undefined;
    const took = b.updates.find((u) => u.marker === name);
    if (!took) continue;
    const made = b.what === 'the profile' ? 'renamed it' : 'made a profile of it';
    return fail(
      `after ${b.updates.length} updates (POST) of ${pathOf(took.answer.request.url)} (${b.what}) with credentials it must refuse (${statusCounts(b.updates.map((u) => u.answer))}), a read with the caller's own shows friendly_name ${show(name)}: the update with ${took.auth} (answered ${describe(took.answer.response)}) ${made}`,
    );
  }
  return PASS;
};

/** "401 ×15, 400 ×1": the statuses of some answers, most frequent first. */
function statusCounts(answers: readonly FollowUp[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.response ? String(a.response.status) : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
