import { ACCEPTED_AUTH, type AuthMode, type Exchange, type FollowUp, REFUSED_AUTH } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { FollowOptions } from '../../transport/sender.ts';
import type { RunContext, ShapeProfile } from '../context.ts';

/**
 * The credential shapes of the create (REFUSED_AUTH, ACCEPTED_AUTH) on the other routes: fetch,
 * list and delete, for the profile of a create, for that profile once deleted, and for a sid that
 * never existed (the crossed pairs too, when the run knows a second pair of the account, and the
 * pairs of two accounts when it knows a second account: credentials.ts `knowsShape`). Every answer is judged by the rules of its kind as it arrives (auth.follow-up-routes,
 * auth.before-lookup, auth.scheme-case-insensitive, the 401 envelope, challenge, Date, bytes); the
 * refused DELETEs of the profile are followed by a read back (auth.refused-delete-keeps). Nothing
 * is created, only the run's own profiles are deleted, and the requests of one batch go
 * `concurrency` at a time. The caller's own credentials on these routes are the lifecycle's
 * requests (engine/phases/follow-ups.ts).
 */

/** The accepted shapes the lifecycle does not already send. */
const OTHER_ACCEPTED: readonly AuthMode[] = ACCEPTED_AUTH.filter((a) => a !== 'valid');

/** Which sid a probe is for, in words (its purpose says it: "fetch of the deleted profile with …"). */
export type Probed = 'the profile' | 'the deleted profile' | 'a sid that never existed';

/** A follow-up of a create, for its Reply: which case it belongs to, what it is for, how it authenticates. */
export const of = (ex: Exchange, purpose: string, auth: AuthMode = 'valid'): FollowOptions => ({ index: ex.index, purpose, case: ex.case, auth, follows: ex });

export interface Probe {
  method: 'GET' | 'HEAD' | 'OPTIONS' | 'DELETE' | 'PUT' | 'PATCH' | 'TRACE';
  url: string;
  purpose: string;
  auth: AuthMode;
}

const probe = (method: Probe['method'], url: string, what: string, auth: AuthMode): Probe => ({ method, url, purpose: `${what} with ${CREDENTIAL_WORDS[auth]}`, auth });

/** Send a batch `ctx.concurrency` at a time; the answers in the batch's order. */
export async function sendAll(ctx: RunContext, ex: Exchange, probes: readonly Probe[]): Promise<FollowUp[]> {
  const answers: FollowUp[] = new Array(probes.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < probes.length; i = next++) {
      const p = probes[i]!;
      answers[i] = await ctx.sender.follow(p.method, p.url, of(ex, p.purpose, p.auth));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, probes.length)) }, worker));
  return answers;
}

/**
 * The profile that exists: every refused shape and the other accepted ones on fetch and list; then
 * every refused shape on DELETE, and a read back with the caller's credentials after them (an
 * accepted DELETE would remove it: see deleteShapeProfiles). The `none` answers are the exchange's unauth* follow-ups.
 */
export async function probeProfile(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  // one profile a page: whether the credential is taken is what is judged (the page's own rules judge it as any list page)
  const list = `${ctx.base}${PATH}?PageSize=1`;
  const refused = refusedShapes(ctx);
  const readers = [...refused, ...OTHER_ACCEPTED];
  const reads = await sendAll(ctx, ex, readers.flatMap((auth) => [probe('GET', url, 'fetch of the profile', auth), probe('GET', list, 'list', auth)]));
  const none = readers.indexOf('none');
  ex.unauthFetch = reads[2 * none];
  ex.unauthList = reads[2 * none + 1];
  const deletes = await sendAll(ctx, ex, refused.map((auth) => probe('DELETE', url, 'delete of the profile', auth)));
  ex.unauthDelete = deletes[refused.indexOf('none')];
  const readBack = await ctx.sender.follow('GET', url, of(ex, 'read back after the DELETEs with refused credentials'));
  ex.refusedDeletes = { deletes: refused.map((auth, i) => ({ auth, answer: deletes[i]! })), readBack };
  // HEAD is GET without the body (RFC 9110 §9.3.2): the profile that exists is no more shown to a HEAD without valid credentials
  await sendAll(ctx, ex, BEFORE_VALIDATION.map((auth) => probe('HEAD', url, 'HEAD of the profile', auth)));
}

/** The refused shapes this run can build: the crossed pairs only when it knows a second pair of the account. */
const refusedShapes = (ctx: RunContext): AuthMode[] => REFUSED_AUTH.filter((auth) => ctx.sender.knowsShape(auth));

/**
 * Every shape but the caller's own on fetch and delete of the deleted profile and of a sid that
 * never existed: refused ones get 401, accepted ones 404. The caller's own are the lifecycle's
 * requests, but for the fetch of the sid that never existed.
 */
export async function probeGone(ctx: RunContext, ex: Exchange, deleted: string, unknown: string): Promise<void> {
  const probes: Probe[] = [probe('GET', unknown, 'fetch of a sid that never existed', 'valid')];
  for (const auth of [...refusedShapes(ctx), ...OTHER_ACCEPTED]) {
    for (const [url, what] of [
      [deleted, 'the deleted profile'],
      [unknown, 'a sid that never existed'],
    ] as const) {
      probes.push(probe('GET', url, `fetch of ${what}`, auth), probe('DELETE', url, `delete of ${what}`, auth));
    }
  }
  for (const auth of BEFORE_VALIDATION) probes.push(...wrongBeyondCredentials(ctx, unknown).map(([method, url, what]) => probe(method, url, what, auth)));
  await sendAll(ctx, ex, probes);
}

/** A path segment that is no sid at all (its fetch and delete: a 404 envelope with the caller's credentials, a 401 without). */
export const MALFORMED_SID = 'not-a-sid';

/** The shapes that go with requests wrong in more than their credentials: none, and a wrong password. */
const BEFORE_VALIDATION: readonly AuthMode[] = ['none', 'wrong'];

/**
 * Requests wrong beyond their credentials: a list query the operation does not allow, fetch and
 * delete of a segment that is no sid, PUT and PATCH (methods neither the collection nor a profile
 * has; `member` a sid that never existed), and HEAD and OPTIONS of both (a middleware that lets
 * health probes and preflights through unauthenticated). Without valid credentials each gets 401
 * all the same (auth.follow-up-routes, auth.before-lookup): authentication comes before
 * validation, lookup and the route's methods; TRACE too (a front end that answers it itself echoes
 * the request). A HEAD answer has no body: only the rules of its status and
 * headers judge it (AnswerScope `body` leaves it out of the others).
 */
const wrongBeyondCredentials = (ctx: RunContext, member: string): [Probe['method'], string, string][] => [
  ['GET', `${ctx.base}${PATH}?PageSize=0`, 'list with PageSize=0 (not allowed)'],
  ['GET', `${ctx.base}${PATH}/${MALFORMED_SID}`, `fetch of ${MALFORMED_SID}, no sid`],
  ['DELETE', `${ctx.base}${PATH}/${MALFORMED_SID}`, `delete of ${MALFORMED_SID}, no sid`],
  ['PUT', `${ctx.base}${PATH}`, 'PUT on the collection (a method it does not have)'],
  ['PATCH', `${ctx.base}${PATH}`, 'PATCH on the collection (a method it does not have)'],
  ['PUT', member, 'PUT on a profile (a method it does not have)'],
  ['PATCH', member, 'PATCH on a profile (a method it does not have)'],
  ['HEAD', `${ctx.base}${PATH}`, 'HEAD of the collection'],
  ['HEAD', member, 'HEAD of a sid that never existed'],
  ['OPTIONS', `${ctx.base}${PATH}`, 'OPTIONS of the collection'],
  ['OPTIONS', member, 'OPTIONS of a sid that never existed'],
  // a front end that answers TRACE itself (Apache httpd's TraceEnable on) echoes the request, Authorization included
  ['TRACE', `${ctx.base}${PATH}`, 'TRACE of the collection'],
  ['TRACE', member, 'TRACE of a sid that never existed'],
];

/** Each profile created with an accepted shape is deleted with that shape: an accepted DELETE of a profile that exists. */
export async function deleteShapeProfiles(ctx: RunContext, profiles: readonly ShapeProfile[]): Promise<void> {
  for (const p of profiles) {
    const purpose = `delete of the profile created with ${CREDENTIAL_WORDS[p.auth]}, with the same`;
    // the sender counts it in live.deletedByChecks (a 2xx DELETE of one of the run's profiles)
    await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${p.sid}`, { index: p.index, purpose, case: p.case, auth: p.auth });
  }
}
