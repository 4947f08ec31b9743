import fc from 'fast-check';
import type { Check } from '../../contracts/check.ts';
import type { Exchange, JudgeContext, TestCase } from '../../contracts/exchange.ts';
import { simplified, simplifySteps } from '../../generators/index.ts';
import { classKey, classOf } from '../judge/classes.ts';
import type { Origin } from '../plan/plan.ts';
import type { ClassTally } from '../judge/tally.ts';
import type { Phase, RunContext } from './context.ts';

/** At most this many classes of failure are shrunk in one run (each within `shrinkBudget` requests). */
export const SHRINK_RUN_CLASSES = 25;

/**
 * The first failure of each class of failure that a property stream drew, for each check that
 * shrinks, replayed through fast-check's shrinker against the target; then, field by field, each
 * parameter the failure does not depend on is set to its simplest valid value
 * (generators/simplify.ts). A smaller failure counts only when it fails the check in the same class.
 * Each class gets at most `shrinkBudget` requests (40 by default) and at most SHRINK_RUN_CLASSES
 * classes are shrunk in a run (1,000 requests at most), taken in turn: the first class of every
 * check (catalog order), then the second of every check, …; up to `concurrency` classes shrink at
 * once (each one request at a time). Which classes shrink never depends on timing. Classes of fixed
 * and coverage cases (one exact value each already), those past the run's bound and those without
 * an example keep their first failure as found.
 */
export const shrinkPhase: Phase = {
  name: 'shrink',
  async run(ctx) {
    if (!ctx.shrink || ctx.stopped()) return;
    const tally = ctx.judgement.tally;
    const queues = ctx.checks
      .filter((check) => check.shrinks !== false)
      .map((check) => ({ check, classes: tally.classesOf(check.id).filter(([, c]) => c.origin !== undefined && c.example !== undefined) }));
    const work: Array<{ check: Check; key: string; c: ClassTally }> = [];
    for (let round = 0; work.length < SHRINK_RUN_CLASSES && queues.some((q) => q.classes.length > round); round++) {
      for (const { check, classes } of queues) {
        const next = classes[round];
        if (next && work.length < SHRINK_RUN_CLASSES) work.push({ check, key: next[0], c: next[1] });
      }
    }
    let taken = 0;
    const worker = async () => {
      for (let item = work[taken++]; item && !ctx.stopped(); item = work[taken++]) {
        const { check, key, c } = item;
        const stream = ctx.streams.find((s) => s.name === c.origin!.stream)!;
        const found = await shrinkOne(ctx, check, key, c.index, c.origin!, stream.arbitrary);
        if (found) tally.replaceExample(check.id, key, found.message, found.exchange);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, work.length)) }, worker));
  },
};

type Found = { message: string; exchange: Exchange };

/** At most `ctx.shrinkBudget` requests, the last few kept for the simplification; stops when the create budget refuses a case. */
async function shrinkOne(ctx: RunContext, check: Check, key: string, index: number, origin: Origin, arbitrary: fc.Arbitrary<TestCase>): Promise<Found | undefined> {
  const budget = ctx.shrinkBudget;
  const steps = simplifySteps(ctx.policySids?.length ? { policySids: [...ctx.policySids] } : {});
  const forShrinker = Math.max(1, budget - steps.length);
  let sends = 0;
  let smallest: Found | undefined;
  const shrinkCtx: JudgeContext = { ...ctx.judgement.ctx, seenSids: new Map() };
  let unsent = false;
  /** send a case; the failure when the check still fails on it, in the same class */
  const attempt = async (tc: TestCase): Promise<Found | undefined> => {
    sends++;
    const ex = await ctx.sender.send(tc, false, index);
    // not sent (the create budget is spent): shrinking stops with what it has
    if (!ex) {
      unsent = true;
      return undefined;
    }
    const outcome = check.judge(ex, shrinkCtx);
    if (outcome?.status !== 'fail' || classKey(classOf(ex, outcome.message, outcome.part)) !== key) return undefined;
    return { message: outcome.message, exchange: ex };
  };
  const property = fc.asyncProperty(arbitrary, async (tc) => {
    if (sends >= forShrinker || ctx.stopped() || unsent) return true;
    const failed = await attempt(tc);
    if (failed) smallest = failed;
    return failed === undefined;
  });
  await fc.check(property, { seed: origin.seed, path: String(origin.run), numRuns: origin.numRuns });
  // fast-check shrinks a field only as far as its budget goes: the fields the failure does not need go to their simplest value
  for (const step of steps) {
    if (!smallest || sends >= budget || ctx.stopped() || unsent) break;
    const simpler = simplified(smallest.exchange.case, step);
    if (!simpler) continue;
    const failed = await attempt(simpler);
    if (failed) smallest = failed;
  }
  return smallest;
}
