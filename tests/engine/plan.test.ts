import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK, chunkSeed, plan, planSize, streamsFor } from '../../engine/plan.ts';

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
