import { randomBytes } from 'node:crypto';
import { NAMES_LISTED_BY_THEMSELVES } from '../../generators/index.ts';
import type { Check } from '../../contracts/check.ts';
import type { Exchange } from '../../contracts/exchange.ts';
import { probeIdempotencyKey } from './probes/idempotency-probe.ts';
import { probeUpdateOwn, updateDeleted, updateNeverMade } from './probes/update-route.ts';
import { probeAnswerKinds, probeBurst, probeLateCreate, probeOddSids, probeOtherMethods, probeBelowDeleted, probePathVariants, probeSwappedSid, probeUnrouted } from './probes/answer-kinds.ts';
import { readBackUrl, walkList } from './lists/follow-urls.ts';
import type { PlanEntry } from '../plan/plan.ts';
import { bodyObject } from '../../contracts/answer.ts';
import { PATH } from '../transport/request.ts';
import type { Phase, RunContext } from './context.ts';
import { probeFilteredAfterDelete, probeFilteredBeforeDelete, probeList } from './lists/list-probes.ts';
import { probeConcurrentDeletes } from './probes/delete-race.ts';
import { probeCreateBurst } from './probes/create-burst.ts';
import { probePreRunRead } from './probes/pre-run-read.ts';
import { finishChangingWalk, type LateWalk, probeChangingWalk } from './lists/changing-walk.ts';
import { deleteShapeProfiles, MALFORMED_SID, of, probeGone, probeProfile } from './probes/credential-routes.ts';
import { probeSecondAccount } from './probes/second-account.ts';
import { probeDocumentedPolicy } from './probes/documented-policy.ts';
import { probeOtherPair, probeOtherPairShapes } from './probes/other-pair.ts';
import { probeHeaders } from './probes/header-probes.ts';
import { probeIdentityParams } from './probes/identity-probes.ts';
import { probeUrlHeaders } from './probes/url-probes.ts';

/** How many creates with the hardest text are read back and looked up in the list. */
export const HARD_TEXT_READ_BACKS = 6;

/**
 * The creates held for their lifecycle, followed up; then judged on that and recorded. The first
 * fixed creates go through the whole lifecycle: read back, found in the list, deleted, read again
 * (GET and HEAD: 404), deleted again and a sid that never existed deleted (404, nothing else removed). The first
 * of them also gets every credential shape on fetch, list and delete, for the profile (before its
 * delete), the deleted profile and a sid that never existed (credential-routes.ts); then the
 * profiles created with `basic` and `BASIC` are deleted with them; it also walks the list through
 * next_page_url and sends the requests whose answers no case gets (probes/answer-kinds.ts: 405, 413). Its read
 * back follows the resource's own url. The first fixed and coverage creates with the
 * hardest text (astral, combining, long, no StatusCallback) in the whole plan are read back and
 * looked up in the list: chosen by plan index, so a shard reads back its share of the same ones;
 * every other profile a coverage row made is read back alone (a read serializer that shows a
 * value otherwise than the create did), and one named as a value that looks like none (null, false,
 * 0, undefined, whitespace alone: NAMES_LISTED_BY_THEMSELVES) listed by that name too. Not cut by a stop other than an interruption: they are under way.
 */
export const followUpsPhase: Phase = {
  name: 'follow-ups',
  async run(ctx) {
    // no rule of the run reads a follow-up or judges an answer on another route (a diff's reference, `--only` of
    // create rules): nothing is sent for none to read, and the creates held back are handed on as they are
    if (!ctx.checks.some(readsFollowUps)) {
      for (const ex of [...ctx.awaitingReadBack.splice(0), ...ctx.awaitingFollowUps.splice(0)].sort((a, b) => a.index - b.index)) ctx.emit(ex);
      ctx.shapeProfiles.splice(0);
      return;
    }
    // the hard text: a list read each (not one for them all): a shard reads back its share, and merged shards count as one run;
    // every other coverage create: read back alone, `concurrency` at a time (a read serializer that differs from the create's)
    const held = ctx.awaitingReadBack.splice(0).sort((a, b) => a.index - b.index);
    for (let at = 0; at < held.length; at += ctx.concurrency) {
      await Promise.all(
        held.slice(at, at + ctx.concurrency).map(async (ex) => {
          if (ctx.signal?.aborted) return;
          ex.readBack = await ctx.sender.follow('GET', readBackUrl(ctx, ex), of(ex, 'read back'));
          if (ctx.readBackIndices.has(ex.index)) ex.listed = await ctx.sender.follow('GET', listUrl(ctx), of(ex, 'list after the create'));
          // a name that looks like no value (null, false, a space…) listed by itself: a name like any other (list.filters; a helper
          // that takes 'null' for no filter, or strips ' ' to nothing, lists the account)
          const name = ex.case.fields.FriendlyName;
          if (ex.case.category === 'coverage' && name !== undefined && NAMES_LISTED_BY_THEMSELVES.includes(name)) {
            await ctx.sender.follow('GET', `${ctx.base}${PATH}?${new URLSearchParams({ FriendlyName: name, PageSize: '20' })}`, of(ex, `list by its FriendlyName ${name} (a name, not "no value")`));
          }
          judgeUnlessToolFault(ctx, ex);
        }),
      );
    }
    for (const ex of held) ctx.emit(ex);
    // the credential shapes on every route go with the first lifecycle only: once a run
    let matrix = true;
    for (let ex = ctx.awaitingFollowUps.shift(); ex; ex = ctx.awaitingFollowUps.shift()) {
      if (!ctx.signal?.aborted) {
        await wholeLifecycle(ctx, ex, matrix);
        matrix = false;
        judgeUnlessToolFault(ctx, ex);
      }
      ctx.emit(ex);
    }
    // with the matrix: the profiles created with basic and BASIC are deleted with the same
    const shaped = ctx.shapeProfiles.splice(0);
    if (!matrix && !ctx.signal?.aborted) await deleteShapeProfiles(ctx, shaped);
  },
};

/** A rule that reads what the follow-ups send: their answers, or any answer on a route other than the create. */
const readsFollowUps = (c: Check): boolean => c.followUps === true || (c.answers !== undefined && (c.answers.routes === 'any' || c.answers.routes.some((r) => r !== 'create')));

/** Follow-ups the tool's own machine failed under (out of file descriptors…) are not the target's to be judged on. */
function judgeUnlessToolFault(ctx: RunContext, ex: Exchange): void {
  if (!ctx.sender.toolFault) ctx.judgement.judgeFollowUps(ex);
}

async function wholeLifecycle(ctx: RunContext, ex: Exchange, matrix: boolean): Promise<void> {
  const { sender } = ctx;
  const url = resourceUrl(ctx, ex);
  // the read back follows the resource's own url: fetched, it must give the same resource
  ex.readBack = await sender.follow('GET', readBackUrl(ctx, ex), of(ex, 'read back'));
  ex.listed = await sender.follow('GET', listUrl(ctx), of(ex, 'list after the create'));
  // after the read back and the list: a refused DELETE that deletes costs only the lifecycle's own delete
  let changing: LateWalk | undefined;
  let below: string[] = [];
  if (matrix) {
    // once a run: the list walked through next_page_url to the end, and asked for what only the list route answers
    ex.listWalk = await walkList(ctx, ex, ex.listed);
    await probeList(ctx, ex);
    // early: its kept page's next_page_url is followed at the end, late, with the rest of the follow-ups in between
    changing = await probeChangingWalk(ctx, ex);
    // once a run: the answers no case gets (405, 413)
    await probeAnswerKinds(ctx, ex);
    await updateNeverMade(ctx, ex);
    await probeBurst(ctx, ex, url);
    await probePreRunRead(ctx, ex);
    await probeProfile(ctx, ex, url);
    await probeOtherPairShapes(ctx, ex, url);
    await probeHeaders(ctx, ex, url);
    await probeOtherMethods(ctx, ex, url);
    const created = bodyObject(ex.response)!;
    await probeSwappedSid(ctx, ex, created.sid as string);
    ex.oddSids = await probeOddSids(ctx, ex, created.sid as string);
    below = await probeUnrouted(ctx, ex, created.sid as string, created.links);
    ex.pathVariants = await probePathVariants(ctx, ex, created.sid as string);
    await probeConcurrentDeletes(ctx, ex);
    await probeCreateBurst(ctx, ex);
    await probeDocumentedPolicy(ctx, ex);
    // the run's one update of a profile of its own: one made for it, deleted at once
    await probeUpdateOwn(ctx, ex);
    await probeIdempotencyKey(ctx, ex);
    await probeOtherPair(ctx, ex);
    await probeIdentityParams(ctx, ex, url, created.sid as string);
    await probeUrlHeaders(ctx, ex, url);
    // last before the lifecycle's DELETE: a second account's DELETE that removes it costs no other probe its profile
    await probeSecondAccount(ctx, ex, url, created);
  }
  // right before the DELETE, the lists its purge must reach (asked again after it: probeFilteredAfterDelete)
  if (matrix) await probeFilteredBeforeDelete(ctx, ex);
  // the sender counts it in live.deletedByChecks: gone before the cleanup, which counts only the rest
  ex.deleted = await sender.follow('DELETE', url, of(ex, 'delete'));
  if (matrix) await probeFilteredAfterDelete(ctx, ex);
  ex.readAfterDelete = await sender.follow('GET', url, of(ex, 'read after the delete'));
  // a HEAD is a GET without body (RFC 9110 §9.3.2): 404 too (an existence cache the DELETE never purged answers 200)
  ex.headAfterDelete = await sender.follow('HEAD', url, of(ex, 'HEAD after the delete'));
  // the profile's links and a path below it are gone with it (a controller that loads it with no soft-delete scope)
  if (matrix) await probeBelowDeleted(ctx, ex, below);
  // an update finds no deleted profile (a soft-deleted row the write path still loads)
  if (matrix && ex.readAfterDelete.response?.status === 404) await updateDeleted(ctx, ex, url);
  ex.deletedAgain = await sender.follow('DELETE', url, of(ex, 'delete again'));
  const unknown = `${ctx.base}${PATH}/BU${randomBytes(16).toString('hex')}`;
  ex.deleteUnknown = await sender.follow('DELETE', unknown, of(ex, 'delete of a sid that never existed'));
  ex.listAfterUnknownDelete = await sender.follow('GET', listUrl(ctx), of(ex, 'list after deleting an unknown sid'));
  ex.readMalformed = await sender.follow('GET', `${ctx.base}${PATH}/${MALFORMED_SID}`, of(ex, 'fetch of a malformed sid'));
  if (matrix) {
    await probeGone(ctx, ex, url, unknown);
    // last: a short run waits for it (a frozen clock shows only 2.2 s after the first answer), and the lifecycle's requests fill that wait
    await probeLateCreate(ctx, ex);
    // after the late create's wait: what is left of LATE_PAGE_MS since the kept page was served
    await finishChangingWalk(ctx, ex, changing);
  }
}

const resourceUrl = (ctx: RunContext, ex: Exchange) => `${ctx.base}${PATH}/${bodyObject(ex.response)!.sid as string}`;
const listUrl = (ctx: RunContext) => `${ctx.base}${PATH}?PageSize=1000`;

/** Text a naive implementation mangles on the way to storage and back. */
export function hardText(fields: Readonly<Record<string, string>>): boolean {
  if (fields.StatusCallback === undefined) return true;
  return Object.values(fields).some((v) => /[\u{10000}-\u{10FFFF}]|\p{M}/u.test(v) || v.length > 255 || v !== v.trim());
}

/**
 * The plan indices of the creates whose text is read back: the first HARD_TEXT_READ_BACKS fixed
 * or coverage cases with hard text, in the unsharded plan (the same set in every shard).
 */
export function readBackIndices(entries: Iterable<PlanEntry>): Set<number> {
  const picked = new Set<number>();
  for (const entry of entries) {
    if (entry.phase === 'property' || picked.size >= HARD_TEXT_READ_BACKS) break;
    if (entry.case.expect === 'create' && hardText(entry.case.fields)) picked.add(entry.index);
  }
  return picked;
}
