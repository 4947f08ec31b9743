import { bodyObject } from '../../contracts/answer.ts';
import { refusesAuth } from '../../contracts/exchange.ts';
import { storedByRefusal } from '../checks/validation.ts';
import type { PlanEntry } from '../plan/plan.ts';
import { PATH } from '../transport/request.ts';
import type { RunContext } from './context.ts';

/**
 * Send one planned case and judge its answer. A refusal may be bracketed by list reads (to see a
 * side effect); the first fixed creates wait for their follow-ups (read back, delete) before they
 * are judged on them and recorded.
 */
export async function perform(ctx: RunContext, entry: PlanEntry, aroundList = false): Promise<void> {
  const { sender } = ctx;
  if (!(await sender.reserve(entry.case))) {
    if (!ctx.signal?.aborted) sender.live.notSent++;
    return ctx.progressed();
  }
  const list = `${ctx.base}${PATH}?PageSize=1000`;
  const around = { index: entry.index, case: entry.case };
  const listBefore = aroundList ? await sender.follow('GET', list, { ...around, purpose: 'list before a refusal' }) : undefined;
  const ex = await sender.send(entry.case, true, entry.index);
  if (!ex) return ctx.progressed();
  ctx.latency.add(ex.latencyMs);
  // no answer, nothing to judge a side effect by: the list is not read again
  if (listBefore && ex.response) {
    ex.listBefore = listBefore;
    ex.listAfter = await sender.follow('GET', list, { ...around, purpose: 'list after a refusal', follows: ex });
    const stored = storedByRefusal(ex, ctx.judgement.ctx.seenSids);
    if (Array.isArray(stored)) sender.noteStored(stored);
  }
  ctx.judgement.judge(ex, entry.origin);
  const named = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
  // a profile listed before the run is not the run's: never deleted by the follow-ups, whatever a create named
  const sid = typeof named === 'string' && sender.account?.before.has(named) ? undefined : named;
  // follow-ups only on fixed creates: which exchanges get them never depends on timing
  const followUp =
    typeof sid === 'string' &&
    /^[A-Za-z0-9]+$/.test(sid) &&
    entry.phase === 'fixed' &&
    entry.case.expect === 'create' &&
    ctx.awaitingFollowUps.length < ctx.followUps &&
    !ctx.signal?.aborted;
  // hard text is read back too (and looked up in the list): chosen by plan index, so the choice never depends on timing or sharding;
  // so is every profile a coverage row made (read back alone): each value of the value space, shown by the fetch as the create showed it
  const readBack = !followUp && typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid) && (ctx.readBackIndices.has(entry.index) || entry.phase === 'coverage');
  // made with basic or BASIC: deleted with the same in the follow-ups (an accepted shape on a DELETE of a profile that exists)
  if (typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid) && entry.phase === 'fixed' && entry.case.auth !== 'valid' && !refusesAuth(entry.case.auth)) {
    ctx.shapeProfiles.push({ auth: entry.case.auth, sid, index: entry.index, case: entry.case });
  }
  if (followUp) ctx.awaitingFollowUps.push(ex);
  else if (readBack) ctx.awaitingReadBack.push(ex);
  else ctx.emit(ex);
  ctx.progressed();
}

/** Send a phase's entries `concurrency` at a time; the first error a worker throws ends the phase and is rethrown. */
export async function performConcurrently(ctx: RunContext, belongs: (entry: PlanEntry) => boolean): Promise<void> {
  let crashed: { error: unknown } | undefined;
  const worker = async () => {
    try {
      for (let entry = ctx.plan.take(belongs); entry && !ctx.stopped() && !crashed; entry = ctx.plan.take(belongs)) await perform(ctx, entry);
    } catch (error) {
      crashed ??= { error };
    }
  };
  // every worker ends before the next phase: none may create after the cleanup ran
  await Promise.all(Array.from({ length: ctx.concurrency }, worker));
  if (crashed) throw crashed.error;
}
