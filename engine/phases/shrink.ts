import fc from 'fast-check';
import type { Check } from '../../contracts/check.ts';
import type { Exchange, JudgeContext, TestCase } from '../../contracts/exchange.ts';
import type { Origin } from '../plan.ts';
import type { Phase, RunContext } from './context.ts';

/** The first failure of each check that shrinks, replayed through fast-check's shrinker against the target. */
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

/** At most `ctx.shrinkBudget` requests; stops when the create budget refuses a case. */
async function shrinkOne(
  ctx: RunContext,
  check: Check,
  index: number,
  origin: Origin,
  arbitrary: fc.Arbitrary<TestCase>,
): Promise<{ message: string; exchange: Exchange } | undefined> {
  let sends = 0;
  let smallest: { message: string; exchange: Exchange } | undefined;
  const shrinkCtx: JudgeContext = { ...ctx.judgement.ctx, seenSids: new Map() };
  let unsent = false;
  const property = fc.asyncProperty(arbitrary, async (tc) => {
    if (sends >= ctx.shrinkBudget || ctx.stopped() || unsent) return true;
    sends++;
    const ex = await ctx.sender.send(tc);
    // not sent (the create budget is spent): shrinking stops with what it has
    if (!ex) {
      unsent = true;
      return true;
    }
    ex.index = index;
    const outcome = check.judge(ex, shrinkCtx);
    if (outcome?.status !== 'fail') return true;
    smallest = { message: outcome.message, exchange: ex };
    return false;
  });
  await fc.check(property, { seed: origin.seed, path: String(origin.run), numRuns: origin.numRuns });
  return smallest;
}
