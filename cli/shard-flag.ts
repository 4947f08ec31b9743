import { UsageError } from './errors.ts';

/** `--shard i/n`, parsed for commander: a bad value is one line and exit 2. */
export function shardFlag(value: string): { index: number; count: number } {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(value);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, got ${JSON.stringify(value)}`);
  }
  return { index, count };
}
