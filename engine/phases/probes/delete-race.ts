import { bodyObject } from '../../../contracts/answer.ts';
import { type ConcurrentDeletes, type Exchange, type FollowUp, replyOf } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import { sleep } from '../../transport/retry.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';

/** When the reads of a profile whose DELETE is in flight go, after the DELETE (ms): at once, and while a slow DELETE (a purge of dependent rows) still runs. */
export const READS_DURING_DELETE_MS = [0, 20, 60] as const;

/**
 * Two profiles the run creates (the lifecycle's create sent again), then sent together: a DELETE
 * of each, a third create, and reads of the first (fetch, and a list) while its DELETE is in
 * flight; then every one read back (delete.concurrent): each deleted one is gone, the new one is
 * as created, and a read during a DELETE shows the profile as created or not at all. A DELETE that
 * rewrites the account's list from a copy it read earlier loses the create or brings the other
 * deleted profile back; a DELETE in two steps shows a half-erased profile. Inside the create
 * budget (three creates); only the run's own profiles; the new one is deleted at the end.
 */
export async function probeConcurrentDeletes(ctx: RunContext, ex: Exchange): Promise<void> {
  const create = async (why: string) => {
    const made = await ctx.sender.send({ ...ex.case, label: `${ex.case.label}, sent again ${why}` }, false, ex.index);
    if (made) ctx.answered(replyOf(made));
    const body = made?.response?.status === 201 ? bodyObject(made.response) : undefined;
    return typeof body?.sid === 'string' ? body : undefined;
  };
  const first = await create('to be deleted together with another');
  const second = first && (await create('to be deleted together with another'));
  if (!first || !second) return;
  const at = (p: Record<string, unknown>) => `${ctx.base}${PATH}/${p.sid as string}`;
  const deletes = [first, second].map((p, i) => ctx.sender.follow('DELETE', at(p), of(ex, `delete of the ${i ? 'second' : 'first'} of two profiles deleted together, with a create`)));
  const meanwhile = create('while two DELETEs are in flight');
  const reads = READS_DURING_DELETE_MS.map(async (ms) => ((await sleep(ms, ctx.signal)) ? ctx.sender.follow('GET', at(first), of(ex, `fetch of a profile ${ms} ms after its DELETE was sent`)) : undefined));
  const list = sleep(READS_DURING_DELETE_MS[1], ctx.signal).then((go) => (go ? ctx.sender.follow('GET', `${ctx.base}${PATH}?PageSize=1000`, of(ex, 'list while a DELETE is in flight')) : undefined));
  const [deleted, made, during, listed] = await Promise.all([Promise.all(deletes), meanwhile, Promise.all(reads), list]);
  const race: ConcurrentDeletes = {
    deleted: [],
    during: [...during, listed].filter((f): f is FollowUp => f !== undefined),
    duringOf: first,
  };
  for (const [i, p] of [first, second].entries()) {
    race.deleted.push({ profile: p, delete: deleted[i]!, readBack: await ctx.sender.follow('GET', at(p), of(ex, 'read back of a profile deleted together with another')) });
  }
  if (made) {
    race.created = { profile: made, readBack: await ctx.sender.follow('GET', at(made), of(ex, 'read back of the profile created while two DELETEs were in flight')) };
    // the sender counts it in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
    await ctx.sender.follow('DELETE', at(made), of(ex, 'delete of the profile created while two DELETEs were in flight'));
  }
  ex.concurrentDeletes = race;
}
