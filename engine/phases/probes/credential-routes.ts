import { bodyObject } from '../../../contracts/answer.ts';
import { ACCEPTED_AUTH, type AuthMode, CROSSED_AUTH, type Exchange, type FollowUp, REFUSED_AUTH, type TestCase } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS, RELATIVE_CALLBACK, STATUSES_OUTSIDE_ENUM } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { FollowOptions } from '../../transport/sender.ts';
import type { RunContext, ShapeProfile } from '../context.ts';

/**
 * The credential shapes of the create (REFUSED_AUTH, ACCEPTED_AUTH) on the other routes: fetch,
 * list and delete, for the profile of a create, for that profile once deleted, and for a sid that
 * never existed (the crossed pairs too, when the run knows a second pair of the account, and the
 * pairs of two accounts when it knows a second account: credentials.ts `knowsShape`); the refused
 * ones on the update too (POST to each of those sids, a FriendlyName of its own in each; of the profile,
 * without credentials and with a wrong password, beside a Status outside the enum and beside a
 * relative StatusCallback too: 401, not the 400 the body gets with valid ones). Every answer is judged by the rules of its kind as it arrives (auth.follow-up-routes,
 * auth.before-lookup, auth.scheme-case-insensitive, the 401 envelope, challenge, Date, bytes); the
 * refused DELETEs of the profile are followed by a read back (auth.refused-delete-keeps), the refused
 * updates of each sid by a read (auth.refused-update-keeps). When the run knows both pairs of the
 * account, the lifecycle's create is sent with each crossed pair (refusedCreates: 401, nothing
 * stored). Nothing else is created, only the run's own profiles are deleted, and the requests of one batch go
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
  method: 'GET' | 'HEAD' | 'OPTIONS' | 'DELETE' | 'PUT' | 'PATCH' | 'TRACE' | 'POST';
  url: string;
  purpose: string;
  auth: AuthMode;
  /** a form body (the updates) */
  form?: Readonly<Record<string, string>>;
}

const probe = (method: Probe['method'], url: string, what: string, auth: AuthMode): Probe => ({ method, url, purpose: `${what} with ${CREDENTIAL_WORDS[auth]}`, auth });

/** Send a batch `ctx.concurrency` at a time; the answers in the batch's order. */
export async function sendAll(ctx: RunContext, ex: Exchange, probes: readonly Probe[]): Promise<FollowUp[]> {
  const answers: FollowUp[] = new Array(probes.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < probes.length; i = next++) {
      const p = probes[i]!;
      const body = p.form ? { body: { type: 'application/x-www-form-urlencoded', text: new URLSearchParams(p.form).toString() } } : {};
      answers[i] = await ctx.sender.follow(p.method, p.url, { ...of(ex, p.purpose, p.auth), ...body });
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
  // before the DELETEs: a refused DELETE that deletes leaves nothing to update
  await updateRefused(ctx, ex, url, 'the profile', refused, (marker) => ({ FriendlyName: marker }));
  await updateRefusedInvalid(ctx, ex, url);
  const deletes = await sendAll(ctx, ex, refused.map((auth) => probe('DELETE', url, 'delete of the profile', auth)));
  ex.unauthDelete = deletes[refused.indexOf('none')];
  const readBack = await ctx.sender.follow('GET', url, of(ex, 'read back after the DELETEs with refused credentials'));
  ex.refusedDeletes = { deletes: refused.map((auth, i) => ({ auth, answer: deletes[i]! })), readBack };
  // HEAD is GET without the body (RFC 9110 §9.3.2): the profile that exists is no more shown to a HEAD without valid credentials
  await sendAll(ctx, ex, BEFORE_VALIDATION.map((auth) => probe('HEAD', url, 'HEAD of the profile', auth)));
  await refusedCreates(ctx, ex, CROSSED_AUTH.filter((auth) => ctx.sender.knowsShape(auth)));
}

/** The FriendlyName a refused update of a sid sends: one of its own for each shape, so a read that shows it names the shape that was taken. */
export const refusedMarker = (auth: AuthMode): string => `renamed by an update with refused credentials (${auth})`;

/**
 * Update bodies the update refuses with valid credentials (update.status-enum, update.callback-absolute):
 * a Status outside the enum, a relative StatusCallback.
 */
const INVALID_UPDATES: ReadonlyArray<readonly [what: string, fields: Readonly<Record<string, string>>]> = [
  [`a Status outside the enum (${STATUSES_OUTSIDE_ENUM[0]})`, { Status: STATUSES_OUTSIDE_ENUM[0] }],
  [`a relative StatusCallback (${RELATIVE_CALLBACK})`, { StatusCallback: RELATIVE_CALLBACK }],
];

/**
 * Updates of the profile wrong beyond their credentials: without credentials and with a wrong
 * password (BEFORE_VALIDATION), each body of INVALID_UPDATES beside a FriendlyName of its own, then a
 * read with the caller's credentials: 401 each, not the 400 their bodies get with valid credentials
 * (auth.follow-up-routes: authentication comes before validation, RFC 9110 §15.5.2), and no name of
 * theirs shows (auth.refused-update-keeps).
 */
async function updateRefusedInvalid(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  const updates = BEFORE_VALIDATION.flatMap((auth) =>
    INVALID_UPDATES.map(([what, fields]) => ({ auth, what, fields, marker: `${refusedMarker(auth)}, beside ${what}` })),
  );
  const answers = await sendAll(
    ctx,
    ex,
    updates.map(({ auth, what, fields, marker }) => ({ ...probe('POST', url, `update (POST) of the profile with ${what} in its body`, auth), form: { FriendlyName: marker, ...fields } })),
  );
  const readAfter = await ctx.sender.follow('GET', url, of(ex, 'read after the refused updates of the profile with invalid bodies'));
  ex.refusedUpdates = [...(ex.refusedUpdates ?? []), { what: 'the profile', updates: updates.map(({ auth, marker }, i) => ({ auth, marker, answer: answers[i]! })), readAfter }];
}

/**
 * Updates (POST to the profile's path) of `url` with each refused shape, `concurrency` at a time, each
 * with a FriendlyName of its own (refusedMarker), then a read with the caller's credentials: 401 each
 * (auth.follow-up-routes), and no name of theirs shows (auth.refused-update-keeps). `form` is the body
 * around the name: the lifecycle's profile gets FriendlyName alone (an update that would rename it),
 * a sid of no profile the lifecycle's create with that name (an upsert would make a profile of it).
 * A profile a refused update made of a sid that had none is the run's to delete (noteStored).
 */
async function updateRefused(ctx: RunContext, ex: Exchange, url: string, what: Probed, shapes: readonly AuthMode[], form: (marker: string) => Record<string, string>): Promise<void> {
  if (shapes.length === 0) return;
  const updates = shapes.map((auth) => ({ auth, marker: refusedMarker(auth) }));
  const answers = await sendAll(ctx, ex, updates.map(({ auth, marker }) => ({ ...probe('POST', url, `update (POST) of ${what}`, auth), form: form(marker) })));
  const readAfter = await ctx.sender.follow('GET', url, of(ex, `read after the refused updates of ${what}`));
  ex.refusedUpdates = [...(ex.refusedUpdates ?? []), { what, updates: updates.map((u, i) => ({ ...u, answer: answers[i]! })), readAfter }];
  const shown = readAfter.response?.status === 200 ? bodyObject(readAfter.response)?.friendly_name : undefined;
  if (what !== 'the profile' && updates.some((u) => u.marker === shown)) ctx.sender.noteStored([url.slice(url.lastIndexOf('/') + 1)]);
}

/**
 * The lifecycle's create sent with each of `shapes` (credentials the server must refuse), bracketed
 * by the caller's list filtered by its name (auth.required-401 and reject.no-side-effect judge it as
 * any refused create of the plan: 401, nothing stored). A profile such a create made anyway is
 * deleted at once, in the account its answer names. Each holds a slot of the create budget.
 */
export async function refusedCreates(ctx: RunContext, ex: Exchange, shapes: readonly AuthMode[]): Promise<void> {
  const name = ex.case.fields.FriendlyName;
  const bracket = `${ctx.base}${PATH}?${new URLSearchParams({ ...(name === undefined ? {} : { FriendlyName: name }), PageSize: '1000' })}`;
  for (const auth of shapes) {
    const words = CREDENTIAL_WORDS[auth];
    const tc: TestCase = { ...ex.case, category: 'auth', expect: 'reject', rule: `auth.${auth}`, auth, label: `${ex.case.label}, sent with ${words}` };
    const around = { index: ex.index, case: tc };
    const listBefore = await ctx.sender.follow('GET', bracket, { ...around, purpose: 'list before a refusal' });
    const made = await ctx.sender.send(tc, false, ex.index);
    if (!made) continue;
    if (made.response) {
      made.listBefore = listBefore;
      made.listAfter = await ctx.sender.follow('GET', bracket, { ...around, purpose: 'list after a refusal', follows: made });
    }
    // judged as a case (auth.required-401…), not handed on as one: it is no case of the plan (a diff pairs those by plan index)
    ctx.judgement.judge(made);
    await deleteMade(ctx, ex, made, auth);
  }
}

/** A profile a create refused for its credentials made anyway: deleted at once, with the credentials of the account it names. */
export async function deleteMade(ctx: RunContext, ex: Exchange, made: Exchange, auth: AuthMode): Promise<void> {
  const body = made.response && made.response.status < 300 ? bodyObject(made.response) : undefined;
  const sid = body?.sid;
  if (typeof sid !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(sid)) return;
  const theirs = body?.account_sid === ctx.judgement.ctx.secondAccountSid;
  const as: AuthMode = theirs ? 'second-account' : 'valid';
  await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, `delete of the profile the create with ${CREDENTIAL_WORDS[auth]} made`, as));
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
  // the update of a sid of no profile, with the lifecycle's create as its body: an upsert that skips the credentials shows by the name
  const create = (marker: string) => ({ ...ex.case.fields, FriendlyName: marker });
  await updateRefused(ctx, ex, deleted, 'the deleted profile', refusedShapes(ctx), create);
  await updateRefused(ctx, ex, unknown, 'a sid that never existed', refusedShapes(ctx), create);
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
