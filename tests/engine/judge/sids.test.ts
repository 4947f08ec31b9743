import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SidTable } from '../../../engine/judge/sids.ts';

describe('SidTable: the sids a run has seen, compactly', () => {
  it('answers like a Map of sid to the first plan index, across growth', () => {
    const table = new SidTable(16);
    const map = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const sid = i % 7 === 0 && i > 0 ? `BU${String(i - 7).padStart(32, '0')}` : `BU${String(i).padStart(32, '0')}`;
      if (!table.has(sid)) table.set(sid, i);
      if (!map.has(sid)) map.set(sid, i);
    }
    expect(table.size).toBe(map.size);
    const wrong = [...map].filter(([sid, index]) => table.get(sid) !== index);
    expect(wrong).toEqual([]);
    expect(table.get('BU-never-seen')).toBeUndefined();
    expect(table.has('')).toBe(false);
    table.set('', -1);
    expect(table.get('')).toBe(-1);
  });

  it('tells random 128-bit sids apart (no fingerprint shared among 100,000)', () => {
    const table = new SidTable();
    const sids = new Set<string>();
    const hex = randomBytes(16 * 100_000).toString('hex');
    for (let i = 0; i < 100_000; i++) sids.add(`BU${hex.slice(i * 32, i * 32 + 32)}`);
    let shared = 0;
    let i = 0;
    for (const sid of sids) {
      if (table.has(sid)) shared++;
      table.set(sid, i++);
    }
    expect(shared).toBe(0);
    expect(table.size).toBe(sids.size);
  });
});

describe('SidTable at its cap', () => {
  it('stops recording once full, still answering for what it holds: memory stays flat', () => {
    const table = new SidTable(16, 64);
    for (let i = 0; i < 1000; i++) table.set(`BU${i}`, i);
    expect(table.full).toBe(true);
    expect(table.size).toBe(48);
    expect(table.get('BU0')).toBe(0);
    expect(table.get('BU47')).toBe(47);
    expect(table.get('BU999')).toBeUndefined();
  });
});
