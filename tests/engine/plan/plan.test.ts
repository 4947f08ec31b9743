import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK, chunkSeed, plan, planSize, streamsFor } from '../../../engine/plan/plan.ts';
import { coverageCases, fixedCases } from '../../../generators/index.ts';

describe('plan', () => {
  it('draws each chunk a slice at a time, yet exactly the cases fc.sample draws for the whole chunk', () => {
    const runs = CHUNK + 40; // one full chunk and a partial one
    const entries = [...plan({ seed: 7, runs, generators: {} })].filter((e) => e.origin);
    const streams = streamsFor({});
    expect(entries).toHaveLength(streams.length * runs);
    for (const s of streams) {
      for (let k = 0; k < 2; k++) {
        const numRuns = Math.min(CHUNK, runs - k * CHUNK);
        const seed = chunkSeed(7, s.name, k);
        const drawn = entries.filter((e) => e.origin!.stream === s.name && e.origin!.seed === seed);
        expect(drawn.map((e) => e.case)).toEqual(fc.sample(s.arbitrary, { seed, numRuns }));
        expect(drawn.map((e) => e.origin!.run)).toEqual(Array.from({ length: numRuns }, (_, i) => i));
        expect(drawn.every((e) => e.origin!.numRuns === numRuns)).toBe(true);
      }
    }
  });

  it('yields planSize entries, and the same ones for the same seed', () => {
    const opts = { seed: 3, runs: 50, generators: {} };
    const a = [...plan(opts)];
    expect(a).toHaveLength(planSize(opts));
    expect([...plan(opts)]).toEqual(a);
  });

  it('builds the streams once per policy list', () => {
    expect(streamsFor({})[0]!.arbitrary).toBe(streamsFor({})[0]!.arbitrary);
    const sids = { policySids: ['RN0123456789abcdef0123456789abcdef'] };
    expect(streamsFor(sids)[0]!.arbitrary).not.toBe(streamsFor({})[0]!.arbitrary);
    expect(fc.sample(streamsFor(sids)[0]!.arbitrary, { seed: 1, numRuns: 5 }).every((c) => c.fields.PolicySid === sids.policySids[0])).toBe(true);
  });
});

describe('the coverage phase in the plan', () => {
  const fixedCount = fixedCases({}).length;
  const coverage = coverageCases({});

  it('comes right after the fixed cases, the same entries on every seed, then the property cases', () => {
    const a = [...plan({ seed: 1, runs: 3, generators: {} })];
    const b = [...plan({ seed: 99, runs: 3, generators: {} })];
    expect(a.map((e) => e.phase)).toEqual([
      ...Array(fixedCount).fill('fixed'),
      ...Array(coverage.length).fill('coverage'),
      ...Array(streamsFor({}).length * 3).fill('property'),
    ]);
    const cov = (entries: typeof a) => entries.filter((e) => e.phase === 'coverage');
    expect(cov(a)).toEqual(cov(b));
    expect(cov(a).map((e) => e.index)).toEqual(coverage.map((_, i) => fixedCount + i));
    expect(cov(a).every((e) => e.origin === undefined && e.case.category === 'coverage')).toBe(true);
    expect(a.filter((e) => e.phase === 'property').every((e) => e.origin !== undefined)).toBe(true);
  });

  it('is split by index across shards, every entry in exactly one, and counted by planSize', () => {
    const opts = { seed: 5, runs: 4, generators: {} };
    const all = [...plan(opts)].filter((e) => e.phase === 'coverage').map((e) => e.index);
    const shards = [1, 2, 3].map((index) => [...plan({ ...opts, shard: { index, count: 3 } })]);
    const covered = shards.flatMap((s) => s.filter((e) => e.phase === 'coverage').map((e) => e.index)).sort((x, y) => x - y);
    expect(covered).toEqual(all);
    for (const [i, s] of shards.entries()) {
      expect(s).toHaveLength(planSize({ ...opts, shard: { index: i + 1, count: 3 } }));
      expect(s.filter((e) => e.phase === 'coverage').length).toBeGreaterThan(all.length / 4);
    }
  });

  it("uses the caller's policy on a live target and never invents another well-formed one to create with", () => {
    const sid = 'RNfedcba9876543210fedcba9876543210';
    const cases = coverageCases({ policySids: [sid] });
    const creates = cases.filter((c) => c.expect !== 'reject' && c.fields.PolicySid !== undefined);
    expect(creates.length).toBeGreaterThan(20);
    expect(creates.every((c) => c.fields.PolicySid === sid)).toBe(true);
  });
});
