import type { Phase } from './context.ts';
import { performConcurrently } from './perform.ts';

/** The property cases, drawn lazily from the seeded plan, concurrently. */
export const propertyPhase: Phase = {
  name: 'property',
  run: (ctx) => performConcurrently(ctx, (e) => e.phase === 'property'),
};
