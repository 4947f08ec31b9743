import fc from 'fast-check';
import type { TestCase } from '../../contracts/exchange.ts';
import {
  coverageCases,
  extraParamsCase,
  fixedCases,
  type GeneratorOptions,
  invalidCase,
  repeatedParamCase,
  validCase,
  valueSpaceCase,
  wireVariantCase,
} from '../../generators/index.ts';

/** A property stream: one named arbitrary, sampled --runs times per run. */
export interface Stream {
  name: string;
  arbitrary: fc.Arbitrary<TestCase>;
}

/** Built streams by policy list: arbitraries hold no state, and building them takes tens of ms. */
const builtStreams = new Map<string, readonly Stream[]>();

export function streamsFor(opts: GeneratorOptions): Stream[] {
  const key = JSON.stringify(opts.policySids ?? null);
  let streams = builtStreams.get(key);
  if (!streams) {
    streams = [
      { name: 'valid', arbitrary: validCase(opts) },
      { name: 'invalid', arbitrary: invalidCase(opts) },
      { name: 'wire-variant', arbitrary: wireVariantCase(opts) },
      { name: 'extra-params', arbitrary: extraParamsCase(opts) },
      { name: 'repeated-param', arbitrary: repeatedParamCase(opts) },
      { name: 'value-space', arbitrary: valueSpaceCase(opts) },
    ];
    if (builtStreams.size >= 16) builtStreams.clear();
    builtStreams.set(key, streams);
  }
  return [...streams];
}

/** Where a property case came from, so it can be regenerated and shrunk. */
export interface Origin {
  stream: string;
  /** the fast-check seed of the chunk the case was drawn in */
  seed: number;
  /** its run index inside that chunk (the fast-check replay path) */
  run: number;
  /** how many runs the chunk drew */
  numRuns: number;
}

/** Where an entry belongs: sent once in order, the deterministic coverage tables, or drawn by a property stream. */
export type Phase = 'fixed' | 'coverage' | 'property';

export interface PlanEntry {
  index: number;
  phase: Phase;
  case: TestCase;
  /** property entries only */
  origin?: Origin;
}

/** Built coverage cases by policy list: the same rows on every seed. */
const builtCoverage = new Map<string, readonly TestCase[]>();

/** The coverage phase's cases (generators/coverage), built once per policy list. */
export function coverageFor(opts: GeneratorOptions): readonly TestCase[] {
  const key = JSON.stringify(opts.policySids ?? null);
  let cases = builtCoverage.get(key);
  if (!cases) {
    cases = coverageCases(opts);
    if (builtCoverage.size >= 16) builtCoverage.clear();
    builtCoverage.set(key, cases);
  }
  return cases;
}

/** Cases are drawn in chunks, so a long run never holds its whole plan in memory. */
export const CHUNK = 256;

/**
 * A chunk is generated a slice at a time, as the runner takes its cases: generating all 256
 * at once would stop sending for tens of milliseconds while every connection sits idle.
 * The slices are exactly the chunk's cases (fast-check replays a run index by its path).
 */
const SLICE = 16;

/** A stable 32-bit seed for one chunk of one stream. */
export function chunkSeed(seed: number, stream: string, chunk: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of `${stream}#${chunk}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h | 0;
}

export interface PlanOptions {
  seed: number;
  /** property runs per stream */
  runs: number;
  generators: GeneratorOptions;
  /** only shard `index` (1-based) of `count` */
  shard?: { index: number; count: number };
  /** leave the coverage tables out (default: in); the fixed and property cases keep their indices' order */
  coverage?: boolean;
}

const coverageOf = (opts: PlanOptions): readonly TestCase[] => (opts.coverage === false ? [] : coverageFor(opts.generators));

function inShard(index: number, fixed: boolean, shard: PlanOptions['shard']): boolean {
  if (!shard || shard.count <= 1) return true;
  return fixed ? shard.index === 1 : index % shard.count === shard.index - 1;
}

/** The number of entries a plan will yield. */
export function planSize(opts: PlanOptions): number {
  const fixed = fixedCases(opts.generators).length;
  const all = fixed + coverageOf(opts).length + streamsFor(opts.generators).length * opts.runs;
  if (!opts.shard || opts.shard.count <= 1) return all;
  let n = 0;
  for (let i = 0; i < all; i++) if (inShard(i, i < fixed, opts.shard)) n++;
  return n;
}

/** How many entries of a plan may create: every case a faithful target does not refuse. */
export function plannedCreates(opts: PlanOptions): number {
  let n = 0;
  for (const entry of plan(opts)) if (entry.case.expect !== 'reject') n++;
  return n;
}

/**
 * The plan, in a fixed order: the fixed cases, the coverage cases (the same on every seed), then
 * chunk by chunk each stream's cases. Deterministic for a seed: the same (seed, runs) always
 * yields the same entries at the same indices. Shards split coverage and property entries by index.
 */
export function* plan(opts: PlanOptions): Generator<PlanEntry> {
  let index = 0;
  for (const c of fixedCases(opts.generators)) {
    if (inShard(index, true, opts.shard)) yield { index, phase: 'fixed', case: c };
    index++;
  }
  for (const c of coverageOf(opts)) {
    if (inShard(index, false, opts.shard)) yield { index, phase: 'coverage', case: c };
    index++;
  }
  const streams = streamsFor(opts.generators);
  const chunks = Math.ceil(opts.runs / CHUNK);
  for (let k = 0; k < chunks; k++) {
    const numRuns = Math.min(CHUNK, opts.runs - k * CHUNK);
    for (const s of streams) {
      const seed = chunkSeed(opts.seed, s.name, k);
      for (let start = 0; start < numRuns; start += SLICE) {
        const cases = fc.sample(s.arbitrary, { seed, numRuns: Math.min(SLICE, numRuns - start), path: String(start) });
        for (let i = 0; i < cases.length; i++) {
          if (inShard(index, false, opts.shard)) yield { index, phase: 'property', case: cases[i]!, origin: { stream: s.name, seed, run: start + i, numRuns } };
          index++;
        }
      }
    }
  }
}
