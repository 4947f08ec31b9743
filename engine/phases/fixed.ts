import type { Phase } from './context.ts';
import type { PlanEntry } from '../plan/plan.ts';
import { perform } from './perform.ts';

/** The fixed cases, one at a time: refusals with valid credentials are bracketed by list reads (side effects). */
export const fixedPhase: Phase = {
  name: 'fixed',
  async run(ctx) {
    const isFixed = (e: PlanEntry) => e.phase === 'fixed';
    for (let entry = ctx.plan.take(isFixed); entry && !ctx.stopped(); entry = ctx.plan.take(isFixed)) {
      await perform(ctx, entry, entry.case.expect === 'reject' && entry.case.auth === 'valid');
    }
  },
};
