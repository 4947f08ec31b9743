import fc from 'fast-check';
import type { ModelPlan, Phase, RunContext } from '../context.ts';
import { auditArbitrary, commandArbitraries, MAX_COMMANDS } from './commands.ts';
import { type Audit, Execution, type Model, ModelRun } from './execution.ts';
import { chunkSeed } from '../../plan/plan.ts';

/** The most sequences a run sends: each reads the whole list after every command, and a long run's list reads cost more than its cases. */
export const MAX_MODEL_SEQUENCES = 10;

/** Sequences per run: one per 50 property runs, at least two, at most MAX_MODEL_SEQUENCES (reached at 451 runs). */
export function modelSequences(runs: number): number {
  return Math.min(MAX_MODEL_SEQUENCES, Math.max(2, Math.ceil(runs / 50)));
}

/**
 * The model phase's share of a run: its sequences (all in shard 1, like the fixed cases, so merged
 * shards equal the unsharded run), and the creates the plan's cases leave it under a create budget.
 */
export function modelPlan(o: { seed: number; runs: number; shard?: { index: number; count: number }; maxCreates?: number; heldForRefusals?: number }, plannedCreates: () => number): ModelPlan {
  const sequences = o.shard && o.shard.count > 1 && o.shard.index !== 1 ? 0 : modelSequences(o.runs);
  const maxCreates = o.maxCreates === undefined || sequences === 0 ? Number.POSITIVE_INFINITY : Math.max(0, o.maxCreates - (o.heldForRefusals ?? 0) - plannedCreates());
  return { seed: o.seed, sequences, maxCreates };
}

/** Requests a failing sequence's replays may send while it shrinks, per request of the shrink budget. */
const SHRINK_REQUESTS_PER_STEP = 10;

/**
 * The account model, right after the fixed cases (their baseline create is the run's first request,
 * what a target that never answers or rate-limits is first judged by; the account still holds few profiles):
 * seeded sequences of creates, fetches, lists and deletes in random order (fast-check's
 * model-based testing), the model the oracle after every command, each sequence closed by an audit
 * (every live profile read back, the list walked, every live profile deleted). Only the run's own
 * profiles are judged. Every rule judges every command (a failure does not end the sequence, so no
 * rule hides another). A failing sequence is replayed shorter and shorter (fast-check's shrinking)
 * while its first failing rule not shrunk yet in the run still fails; the shortest is that rule's
 * counterexample, every request of it up to the failure in its message (the other rules' failures
 * are kept as found). The sequences run in shard 1 (the other shards' creates and deletes go on meanwhile, and
 * are never judged); creates stay inside what the create budget leaves the plan's cases.
 */
export const modelPhase: Phase = {
  name: 'model',
  async run(ctx) {
    const rules = ctx.checks.filter((c) => c.judgeStep);
    const plan = ctx.model;
    if (rules.length === 0 || plan.sequences === 0 || plan.maxCreates < 2 || ctx.stopped()) return;
    const run = new ModelRun(ctx, rules, `zq${(plan.seed >>> 0).toString(36)}`);
    for (let k = 0; k < plan.sequences; k++) {
      if (ctx.stopped() || run.spent) break;
      await runSequence(run, k);
    }
  },
};

type SequenceArbitrary = fc.Arbitrary<[Iterable<fc.AsyncCommand<Model, Execution>>, Audit]>;

/** Built sequence arbitraries by policy list: arbitraries hold no state, and building them is not free. */
const built = new Map<string, SequenceArbitrary>();

/** A sequence of commands and the audit that closes it. */
function sequenceArbitrary(ctx: RunContext): SequenceArbitrary {
  const opts = ctx.policySids?.length ? { policySids: [...ctx.policySids] } : {};
  const key = JSON.stringify(opts.policySids ?? null);
  let arbitrary = built.get(key);
  if (!arbitrary) {
    arbitrary = fc.tuple(fc.commands(commandArbitraries(opts), { maxCommands: MAX_COMMANDS, size: 'medium' }), auditArbitrary(opts));
    if (built.size >= 16) built.clear();
    built.set(key, arbitrary);
  }
  return arbitrary;
}

async function runSequence(run: ModelRun, k: number): Promise<void> {
  const { ctx } = run;
  const arbitrary = sequenceArbitrary(ctx);
  let original: Execution | undefined;
  let smallest: Execution | undefined;
  /** the rule the replays shrink for: the first that failed and has not been shrunk in this run */
  let wanted = '';
  let crashed: { error: unknown } | undefined;
  let replayed = 0;
  const property = fc.asyncProperty(arbitrary, async ([commands, audit]) => {
    const shrinking = original !== undefined;
    // a rule shrunk once is not shrunk again (a later failing sequence is kept as found); replays stop at the shrink budget
    const done = shrinking && (run.shrunk.has(wanted) || replayed >= ctx.shrinkBudget * SHRINK_REQUESTS_PER_STEP || ctx.stopped() || run.spent);
    if (crashed || done) return true;
    const execution = new Execution(run, k, !shrinking);
    try {
      await fc.asyncModelRun(() => ({ model: execution.model, real: execution }), commands);
      await execution.audit(audit);
    } catch (error) {
      // the tool's own error, never the target's: no shrinking, thrown again after fast-check returns
      crashed = { error };
      return true;
    }
    await execution.tearDown();
    if (shrinking) replayed += execution.lines.length;
    if (!original) {
      if (execution.failures.size === 0) return true;
      original = execution;
      const ids = [...execution.failures.keys()];
      wanted = ids.find((id) => !run.shrunk.has(id)) ?? ids[0]!;
    } else if (!execution.failures.has(wanted)) return true;
    smallest = execution;
    return false;
  });
  await fc.check(property, { seed: chunkSeed(ctx.model.seed, 'model', k), numRuns: 1, endOnFailure: !ctx.shrink });
  if (crashed) throw crashed.error;
  if (!original || !smallest) return;
  // every rule that failed: the one shrunk for from the smallest replay, the others as first found
  for (const id of original.failures.keys()) {
    const execution = id === wanted ? smallest : original;
    const failure = execution.failures.get(id)!;
    const shrunk = execution !== original;
    if (shrunk) run.shrunk.add(id);
    const story = [
      `the sequence (${sequenceName(run, k)}${shrunk ? `, shrunk from ${original.commands} to ${execution.commands} commands` : ''}), every request in order up to the failure:`,
      ...execution.lines.slice(0, failure.lines).map((line) => `  ${line}`),
    ];
    ctx.judgement.recordStep(id, { status: 'fail', message: `${failure.message}\n${story.join('\n')}` }, failure.evidence, shrunk);
  }
}

const sequenceName = (run: ModelRun, k: number) => `sequence ${k + 1} of ${run.ctx.model.sequences}, seed ${run.ctx.model.seed}`;
