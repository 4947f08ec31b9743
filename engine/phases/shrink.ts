import fc from 'fast-check';
import type { Check } from '../../contracts/check.ts';
import type { Exchange, JudgeContext, TestCase } from '../../contracts/exchange.ts';
import { simplified, simplifySteps } from '../../generators/index.ts';
import type { Origin } from '../plan/plan.ts';
import type { Phase, RunContext } from './context.ts';

/**
 * The first failure of each check that shrinks, replayed through fast-check's shrinker against the
 * target; then, field by field, each parameter the failure does not depend on is set to its
 * simplest valid value (generators/simplify.ts).
 */
export const shrinkPhase: Phase = {
  name: 'shrink',
  async run(ctx) {
    if (!ctx.shrink || ctx.stopped()) return;
    for (const check of ctx.checks) {
      const first = ctx.judgement.firstFailures.get(check.id);
      if (!first?.origin || check.shrinks === false || ctx.stopped()) continue;
      const stream = ctx.streams.find((s) => s.name === first.origin!.stream)!;
      const found = await shrinkOne(ctx, check, first.index, first.origin, stream.arbitrary);
      if (found) ctx.judgement.tally.replaceFirstFailure(check.id, found.message, found.exchange);
    }
  },
};

type Found = { message: string; exchange: Exchange };

/** At most `ctx.shrinkBudget` requests, the last few kept for the simplification; stops when the create budget refuses a case. */
async function shrinkOne(ctx: RunContext, check: Check, index: number, origin: Origin, arbitrary: fc.Arbitrary<TestCase>): Promise<Found | undefined> {
  const steps = simplifySteps(ctx.policySids?.length ? { policySids: [...ctx.policySids] } : {});
  const forShrinker = Math.max(1, ctx.shrinkBudget - steps.length);
  let sends = 0;
  let smallest: Found | undefined;
  const shrinkCtx: JudgeContext = { ...ctx.judgement.ctx, seenSids: new Map() };
  let unsent = false;
  /** send a case; the failure when the check still fails on it */
  const attempt = async (tc: TestCase): Promise<Found | undefined> => {
    sends++;
    const ex = await ctx.sender.send(tc, false, index);
    // not sent (the create budget is spent): shrinking stops with what it has
    if (!ex) {
      unsent = true;
      return undefined;
    }
    const outcome = check.judge(ex, shrinkCtx);
    return outcome?.status === 'fail' ? { message: outcome.message, exchange: ex } : undefined;
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
    if (!smallest || sends >= ctx.shrinkBudget || ctx.stopped() || unsent) break;
    const simpler = simplified(smallest.exchange.case, step);
    if (!simpler) continue;
    const failed = await attempt(simpler);
    if (failed) smallest = failed;
  }
  return smallest;
}
