import type { Phase } from './context.ts';
import { performConcurrently } from './perform.ts';

/** The coverage cases (each parameter's boundary and notorious values, the same on every seed), concurrently; never shrunk. */
export const coveragePhase: Phase = {
  name: 'coverage',
  run: (ctx) => performConcurrently(ctx, (e) => e.phase === 'coverage'),
};
