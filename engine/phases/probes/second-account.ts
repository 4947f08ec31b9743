import { validatorsOf } from './identity-probes.ts';
import { DOCUMENTED_POLICY } from '../../../contracts/schemas.ts';
import { bodyObject } from '../../../contracts/answer.ts';
import { type Exchange, type FollowUp, MIXED_ACCOUNT_AUTH, SECOND_REFUSED_AUTH, type TestCase } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { deleteMade, of, refusedCreates, sendAll } from './credential-routes.ts';
import { onTarget } from '../lists/follow-urls.ts';
import { probeAccountCreates } from './account-creates.ts';
import { updateByOtherAccount } from './update-route.ts';

/** Why the second account's probe is not sent, for the report (a skip with its reason, never a pass). */
export const NO_SECOND_ACCOUNT =
  'no second account was given (--second-account-sid with --second-auth-token, the config\'s secondAccountSid/secondAuthToken, or TRUSTHUB_SECOND_ACCOUNT_SID/TRUSTHUB_SECOND_AUTH_TOKEN): the probe that a profile is no resource of another account was not run';

/** Twilio's policies are shared by every account, so a list filtered by the documented one is where a query reached through the policy (not the account) shows other accounts' profiles. */
export { DOCUMENTED_POLICY } from '../../../contracts/schemas.ts';

/**
 * Once a run, when the run knows a second account: account isolation on every route, in the
 * shapes real implementations lose it (lookup.other-account-404, list.own-account,
 * not-found.code-20404 and the credential rules judge the answers):
 * - the profile fetched by the caller (a cache it warms), then by the second account, and HEAD by
 *   it: 404, never the profile;
 * - lists the caller asks — filtered by the profile's name, by its policy and by the documented
 *   policy, and the first page of one — each asked again byte for byte by the second account right
 *   after (a cache keyed without the account), then the caller's next_page_url (a cursor that
 *   carries the account) asked by the second, and the second's asked by the caller: no page shows
 *   the other account's profiles;
 * - the lifecycle's create, HEAD of the profile, sent with one account's user and the other's
 *   password (MIXED_ACCOUNT_AUTH; fetch, list and DELETE with them are credential-routes.ts's):
 *   401, nothing created;
 * - the lifecycle's create and a fetch of the profile with the second account's own pair altered
 *   (SECOND_REFUSED_AUTH: its Auth Token in the other case, cut, extended…): 401, never its
 *   account's 201 or 404;
 * - the second account's update (POST) of the profile, read by the caller after it (update-route.ts);
 * - the second account's DELETE of the profile, then a read back with the caller's own;
 * - both accounts' creates sent at once, and the caller's first sent again by the second account
 *   with its Idempotency-Key (account-creates.ts).
 * Only the run's profile is asked for, nothing of the second account's is deleted but what a
 * create of this probe made in it, and the creates hold slots of the create budget.
 */
export async function probeSecondAccount(ctx: RunContext, ex: Exchange, url: string, profile: Readonly<Record<string, unknown>>): Promise<void> {
  if (!ctx.sender.knowsShape('second-account')) {
    ex.secondAccountNotRun = NO_SECOND_ACCOUNT;
    return;
  }
  const own = (method: 'GET', at: string, what: string) => ctx.sender.follow(method, at, of(ex, what));
  const second = (method: 'GET' | 'HEAD' | 'DELETE', at: string, what: string) => ctx.sender.follow(method, at, of(ex, `${what} with ${CREDENTIAL_WORDS['second-account']}`, 'second-account'));
  const ownRead = await own('GET', url, "fetch of the profile, just before the second account's");
  ex.secondFetch = await second('GET', url, "fetch of the caller's profile");
  ex.secondHead = await second('HEAD', url, "HEAD of the caller's profile");
  // the caller's validators (its ETag, its Last-Modified or Date) sent by the second account: a cache of validators by sid answers 304 before the account is checked
  if (ownRead.response?.status === 200) {
    ex.secondConditional = await ctx.sender.follow('GET', url, { ...of(ex, `fetch of the caller's profile with the caller's validators (If-None-Match, If-Modified-Since), with ${CREDENTIAL_WORDS['second-account']}`, 'second-account'), headers: validatorsOf(ownRead) });
  }
  // each query the caller asks, asked again by the second account at once, byte for byte
  const lists: FollowUp[] = [];
  let callerPage: FollowUp | undefined;
  for (const query of listQueries(profile)) {
    const at = `${ctx.base}${PATH}?${query}`;
    const mine = await own('GET', at, `list (${query}), just before the second account asks the same`);
    if (query === 'PageSize=1') callerPage = mine;
    const theirs = await second('GET', at, `list (${query}), the caller's query`);
    if (query.startsWith('FriendlyName=')) ex.secondList = theirs;
    else lists.push(theirs);
  }
  // a next_page_url given to one account, asked by the other
  const next = nextOf(ctx, callerPage);
  if (next) lists.push(await second('GET', next, "list page the caller's next_page_url names"));
  ex.secondLists = lists;
  const secondPage = await second('GET', `${ctx.base}${PATH}?PageSize=1`, 'list (PageSize=1)');
  const theirNext = nextOf(ctx, secondPage);
  if (theirNext) {
    ex.secondOwnPages = [secondPage, await second('GET', theirNext, "list page its own next_page_url names")];
    ex.callerReplays = [await own('GET', theirNext, "list page the second account's next_page_url names")];
  }
  await probeMixedPairs(ctx, ex, url);
  await probeSecondShapes(ctx, ex, url);
  await updateByOtherAccount(ctx, ex, url);
  ex.secondDelete = await second('DELETE', url, "delete of the caller's profile");
  ex.readAfterSecond = await ctx.sender.follow('GET', url, of(ex, "read back after the second account's requests"));
  // last: the second account's own profiles exist only while the reads above are over (none of its lists shows them)
  await probeAccountCreates(ctx, ex);
}

/** The list queries the caller asks and the second account repeats: the profile's name, its policy, the documented policy, a first page of one. */
function listQueries(profile: Readonly<Record<string, unknown>>): string[] {
  const queries: string[] = [];
  const name = profile.friendly_name;
  if (typeof name === 'string' && name !== '') queries.push(String(new URLSearchParams({ FriendlyName: name, PageSize: '1000' })));
  const policy = profile.policy_sid;
  if (typeof policy === 'string' && /^RN[0-9a-fA-F]{32}$/.test(policy) && policy !== DOCUMENTED_POLICY) queries.push(`PolicySid=${policy}&PageSize=1000`);
  queries.push(`PolicySid=${DOCUMENTED_POLICY}&PageSize=1000`, 'PageSize=1');
  return queries;
}

/** A list page's next_page_url, on the target; undefined when it names none. */
function nextOf(ctx: RunContext, page: FollowUp | undefined): string | undefined {
  const meta = page?.response?.status === 200 ? bodyObject(page.response)?.meta : undefined;
  const next = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>).next_page_url : undefined;
  if (typeof next !== 'string' || next === '') return undefined;
  const url = onTarget(next, ctx.base, ctx.judgement.ctx.publicBaseUrl);
  return typeof url === 'string' ? url : undefined;
}

/**
 * The lifecycle's create sent with each pair of two accounts (credential-routes.ts refusedCreates:
 * auth.required-401, reject.no-side-effect judge it as any refused create of the plan); HEAD of the
 * profile with them first (auth.follow-up-routes).
 */
async function probeMixedPairs(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  for (const auth of MIXED_ACCOUNT_AUTH) {
    await ctx.sender.follow('HEAD', url, of(ex, `HEAD of the profile with ${CREDENTIAL_WORDS[auth]}`, auth));
    await refusedCreates(ctx, ex, [auth]);
  }
}

/**
 * The shapes that alter a pair (SECOND_REFUSED_AUTH) built from the second account's Account SID
 * and Auth Token: the caller's pair gets every shape on every route, the second account's none
 * until here, so a server that compares one batch of accounts' tokens otherwise (migrated tokens
 * stored lower-cased, and the presented one lower-cased for them) passed. Each shape: a fetch of
 * the caller's profile (auth.before-lookup: 401, not the second account's 404;
 * auth.follow-up-routes), `concurrency` at a time, then a create of the lifecycle's case judged as
 * a case (auth.required-401) — 2 requests a shape. A profile such a create made anyway is deleted
 * at once, in the account its answer names.
 */
async function probeSecondShapes(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  const shapes = SECOND_REFUSED_AUTH.filter((auth) => ctx.sender.knowsShape(auth));
  await sendAll(
    ctx,
    ex,
    shapes.map((auth) => ({ method: 'GET', url, purpose: `fetch of the caller's profile with ${CREDENTIAL_WORDS[auth]}`, auth })),
  );
  for (const auth of shapes) {
    const tc: TestCase = { ...ex.case, category: 'auth', expect: 'reject', rule: `auth.${auth}`, auth, label: `${ex.case.label}, sent with ${CREDENTIAL_WORDS[auth]}` };
    const made = await ctx.sender.send(tc, false, ex.index);
    if (!made) continue;
    // judged as a case (auth.required-401…), not handed on as one: it is no case of the plan (a diff pairs those by plan index)
    ctx.judgement.judge(made);
    await deleteMade(ctx, ex, made, auth);
  }
}

