import { bodyObject, listedProfiles } from '../../../contracts/answer.ts';
import { type Exchange, type FollowUp, OTHER_PAIR_AUTH, OTHER_PAIR_REFUSED_AUTH, type PairName, type PairProbe, type TestCase } from '../../../contracts/exchange.ts';
import { alteredPairWords, otherPairCases, type RequestFields } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of, sendAll } from './credential-routes.ts';
import { onTarget } from '../lists/follow-urls.ts';

/** Why the probe of the account's other pair is not sent, for the report (a skip with its reason, never a pass). */
export const ONE_PAIR =
  "the run knows one pair of the account, not both an Auth Token and an API key (--auth-token with --api-key and --api-secret, or TWILIO_AUTH_TOKEN with TWILIO_API_KEY and TWILIO_API_SECRET): that a profile created with one pair is the account's for the other was not checked; with an Auth Token alone, authentication by an API key was not exercised at all";

/** Pages the walk reads at most looking for the profile (an account beyond them: the walk stops there, unjudged). */
export const PAIR_WALK_PAGES = 40;

/**
 * Once a run, when the run knows both pairs of the account (an Auth Token and an API key), each
 * pair reaches what the other creates (auth.pairs-one-account: a key acts for its account, so what
 * it creates is the account's, and the other way round). Two creates inside the create budget: the
 * lifecycle's case sent again with the other pair (OTHER_PAIR_AUTH; resource.account-sid wants the
 * Account SID, never the key's SID) and with the caller's own, each judged as a case by every case
 * rule (`RunContext.judgeCase`: echo.fields…), with the other pair's fetch and list by the name as its
 * read back and list (readback.same, list.same-as-created). Each profile is then fetched, HEADed,
 * listed by its FriendlyName, found by walking the list through next_page_url (paging with that
 * pair) and deleted with the pair that did not create it, and fetched before (with the reads) and after with the one that did.
 * So the API key (whichever pair the run acts with) fetches, lists, pages and deletes. Only the
 * probe's own two profiles are judged (parallel shards' profiles on a page are not looked at).
 *
 * Each pair's list by the name is asked on both sides of the other pair's write, byte for byte the
 * same request, so a list cached per credential (Authorization + URL) and purged only for the
 * writer's is seen: the reading pair lists by the name before the create (a page without the
 * profile, kept) and after (it must show it); the creating pair lists by it before the DELETE (a
 * page with it, kept) and after the DELETE's 204 (it must not show it). The second direction's
 * list before its create is the first direction's list after its DELETE (the same pair, the same
 * URL): 5 requests more than the reads themselves. The creating pair's fetch is asked on both sides of the DELETE
 * the same way (a fetch cached per credential, evicted only for the deleter's: 2 requests). Then the lifecycle's fields refused three ways
 * with the other pair (probeOtherPairCases): 3 creates more.
 */
export async function probeOtherPair(ctx: RunContext, ex: Exchange): Promise<void> {
  if (!ctx.sender.knowsShape(OTHER_PAIR_AUTH)) {
    ex.otherPairNotRun = ONE_PAIR;
    return;
  }
  const own: PairName = ctx.sender.pairKind === 'api-key' ? 'the API key' : 'the Auth Token';
  const other: PairName = own === 'the API key' ? 'the Auth Token' : 'the API key';
  const there = await reachAcross(ctx, ex, { createdWith: OTHER_PAIR_AUTH, readWith: 'valid', createdBy: other, readBy: own });
  if (there) ex.otherPair = there;
  // the other pair's list by the name after its profile's DELETE is, for the second direction, its list before the create
  const warmed = there?.after && there.after.request.url === byName(ctx, nameOf(ex)) ? there.after : undefined;
  const back = await reachAcross(ctx, ex, { createdWith: 'valid', readWith: OTHER_PAIR_AUTH, createdBy: own, readBy: other }, warmed);
  if (back) ex.otherPairBack = back;
  await probeOtherPairCases(ctx, ex, `${other} (the account's other pair: the run acts with ${own})`);
}

/**
 * The lifecycle's fields refused three ways with the other pair (generators/credentialCases.ts
 * `otherPairCases`: a malformed PolicySid, FriendlyName missing, a JSON body), each judged as a case
 * by every case rule (reject.invalid-4xx, missing.code-20001, json-body.as-missing; every error rule
 * on its answer): the pair the run does not act with may reach another validator, body parser or
 * error renderer. 3 creates, one after the other; a profile one made anyway is deleted at once with
 * the caller's own credentials.
 */
async function probeOtherPairCases(ctx: RunContext, ex: Exchange, pair: string): Promise<void> {
  for (const tc of otherPairCases(ex.case.fields as Partial<RequestFields>, ex.case.label, pair)) {
    const made = await ctx.sender.send(tc, false, ex.index);
    if (!made) continue;
    ctx.judgeCase(made);
    const body = made.response && made.response.status < 300 ? bodyObject(made.response) : undefined;
    if (typeof body?.sid === 'string' && /^[A-Za-z0-9]{1,64}$/.test(body.sid)) {
      await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${body.sid}`, of(ex, `delete of the profile made by the create ${tc.label}`));
    }
  }
}

/** The FriendlyName the lifecycle's case sends (what both directions' creates carry), when it has one. */
const nameOf = (ex: Exchange): string | undefined => (ex.case.fields.FriendlyName ? ex.case.fields.FriendlyName : undefined);

/** The list filtered by a name, in one page of up to 1000. */
const byName = (ctx: RunContext, name: string | undefined): string => `${ctx.base}${PATH}?${new URLSearchParams({ ...(name === undefined ? {} : { FriendlyName: name }), PageSize: '1000' })}`;

/** Who creates and who reaches. */
type Pairs = Pick<PairProbe, 'createdWith' | 'readWith' | 'createdBy' | 'readBy'>;

/**
 * The lifecycle's case created with one pair, then reached with the other: undefined when the create budget refused the create.
 * `warmed`: the reading pair's list by the name already asked since the last write (else it is asked here, before the create).
 */
async function reachAcross(ctx: RunContext, ex: Exchange, pairs: Pairs, warmed?: FollowUp): Promise<PairProbe | undefined> {
  const { createdWith, readWith, createdBy, readBy } = pairs;
  const sent = nameOf(ex);
  const before =
    warmed ?? (sent === undefined ? undefined : await ctx.sender.follow('GET', byName(ctx, sent), of(ex, `list filtered by the name of the profile about to be created with ${createdBy}, with ${readBy}, before the create`, readWith)));
  const made = await ctx.sender.send({ ...ex.case, auth: createdWith, label: `${ex.case.label}, sent again with ${createdBy}, for ${readBy} to reach` }, false, ex.index);
  if (!made) return undefined;
  // a case of its own, judged by every case rule (echo.fields: the profile holds what was sent, whichever pair sent it)
  ctx.judgeCase(made);
  const create: FollowUp = { request: made.request, purpose: made.case.label, auth: createdWith, ...(made.response ? { response: made.response } : { error: made.error! }) };
  const probe: PairProbe = { ...pairs, create, ...(before ? { before } : {}) };
  const body = made.response?.status === 201 ? bodyObject(made.response) : undefined;
  if (typeof body?.sid !== 'string') return probe;
  const sid = body.sid;
  const url = `${ctx.base}${PATH}/${sid}`;
  // the name the 201 gives (the one sent when it echoes it: then each list by it is the very request asked before)
  const listUrl = byName(ctx, typeof body.friendly_name === 'string' && body.friendly_name !== '' ? body.friendly_name : undefined);
  const across = (what: string) => of(ex, `${what} of the profile created with ${createdBy}, with ${readBy}`, readWith);
  const mine = (what: string) => of(ex, `${what} of the profile created with ${createdBy}, with the same`, createdWith);
  // the reads together (nothing is deleted meanwhile: the two directions go one after the other, so no walk sees a profile vanish);
  // the creating pair fetches too, as it lists: a read cached per credential and evicted only for the deleter's still shows it after
  [probe.fetch, probe.head, probe.list, probe.walk, probe.kept] = await Promise.all([
    ctx.sender.follow('GET', url, across('fetch')),
    ctx.sender.follow('HEAD', url, across('HEAD')),
    ctx.sender.follow('GET', listUrl, across('list filtered by the name')),
    walkTo(ctx, ex, sid, across),
    ctx.sender.follow('GET', listUrl, mine(`list filtered by the name, before its DELETE with ${readBy},`)),
    ctx.sender.follow('GET', url, mine(`fetch, before its DELETE with ${readBy},`)),
  ]);
  // the sender counts a 2xx in live.deletedByChecks; one that fails leaves it to the cleanup
  probe.delete = await ctx.sender.follow('DELETE', url, across('delete'));
  probe.gone = await ctx.sender.follow('GET', url, of(ex, `fetch after its DELETE with ${readBy}, of the profile created with ${createdBy}, with the same`, createdWith));
  probe.after = await ctx.sender.follow('GET', listUrl, mine(`list filtered by the name, after its DELETE with ${readBy},`));
  // the other pair's profile read and listed by the caller, the caller's by the other pair: each shows the 201 as a case's read back
  // and list after the create do (readback.same, list.shows-created, list.same-as-created)
  made.readBack = probe.fetch;
  made.listed = probe.list;
  if (!ctx.sender.toolFault) ctx.judgement.judgeFollowUps(made);
  return probe;
}

/**
 * The plain list (no filter) walked with the reading pair through next_page_url, in pages of about half
 * the account (what the lifecycle's whole list held), until a page shows `sid` and one more page
 * was read when there is one (so a later page is asked with that pair too), or the list ends.
 */
async function walkTo(ctx: RunContext, ex: Exchange, sid: string, across: (what: string) => ReturnType<typeof of>): Promise<FollowUp[]> {
  const held = listedProfiles(ex.listed);
  const size = Math.min(1000, Math.max(1, Math.ceil(((typeof held === 'string' ? 1000 : held.size) + 1) / 2)));
  const pages: FollowUp[] = [];
  const seen = new Set<string>();
  let url: string | { why: string } = `${ctx.base}${PATH}?PageSize=${size}`;
  let found = false;
  while (typeof url === 'string' && !seen.has(url) && pages.length < PAIR_WALK_PAGES) {
    seen.add(url);
    // the page size (half the account) is in the URL, not in the purpose: a failure class is the same whatever the account held
    const page = await ctx.sender.follow('GET', url, across(`list page ${pages.length + 1} of a walk in pages of half the account`));
    pages.push(page);
    const listed = listedProfiles(page);
    if (typeof listed === 'string') break;
    found ||= listed.has(sid);
    if (found && pages.length >= 2) break;
    const meta = bodyObject(page.response)?.meta as Record<string, unknown> | undefined;
    const next = meta?.next_page_url;
    if (next === null || next === undefined) break;
    url = onTarget(next, ctx.base, ctx.judgement.ctx.publicBaseUrl);
  }
  return pages;
}

/**
 * When the run knows both pairs of the account, the wrong-credential shapes that alter a pair
 * (PAIR_ALTERED_AUTH: a password cut, extended, in the other case, empty; another or a padded user…)
 * built from the other pair as well (OTHER_PAIR_REFUSED_AUTH). The run's own pair gets them in the
 * create matrix and on every route (credential-routes.ts); the other pair only here, so a server that
 * compares one secret otherwise than the other (the Auth Token hex-decoded, while the key secret is
 * compared exactly) is caught whichever pair the run acts with. Each shape: a create of the
 * lifecycle's case (judged as a case: auth.required-401) and a fetch of the lifecycle's profile
 * (auth.follow-up-routes, auth.before-lookup) — 2 requests a shape, the fetches `concurrency` at a
 * time. Their labels name the pair altered. A profile such a create made anyway is deleted at once
 * with the caller's own credentials.
 */
export async function probeOtherPairShapes(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  if (!ctx.sender.knowsShape(OTHER_PAIR_AUTH)) return;
  const pair: PairName = ctx.sender.pairKind === 'api-key' ? 'the Auth Token' : 'the API key';
  const shapes = OTHER_PAIR_REFUSED_AUTH.filter((auth) => ctx.sender.knowsShape(auth)).map((auth) => ({ auth, words: alteredPairWords(auth, pair) }));
  await sendAll(
    ctx,
    ex,
    shapes.map(({ auth, words }) => ({ method: 'GET', url, purpose: `fetch of the profile with ${words}`, auth })),
  );
  for (const { auth, words } of shapes) {
    const tc: TestCase = { ...ex.case, category: 'auth', expect: 'reject', rule: `auth.${auth}`, auth, label: `${ex.case.label}, sent with ${words}` };
    const made = await ctx.sender.send(tc, false, ex.index);
    if (!made) continue;
    // judged as a case (auth.required-401…), not handed on as one: it is no case of the plan (a diff pairs those by plan index)
    ctx.judgement.judge(made);
    const body = made.response && made.response.status < 300 ? bodyObject(made.response) : undefined;
    if (typeof body?.sid === 'string' && /^[A-Za-z0-9]{1,64}$/.test(body.sid)) {
      await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${body.sid}`, of(ex, `delete of the profile the create with ${words} made`));
    }
  }
}
