/**
 * A log-scale latency histogram: constant memory whatever the number of requests, with
 * percentiles accurate to 2%.
 */
const GROWTH = 1.02;
const MIN_MS = 0.01;
const BUCKETS = Math.ceil(Math.log(1e7) / Math.log(GROWTH)) + 1; // 0.01 ms .. 100 s
const LOG_GROWTH = Math.log(GROWTH);

export class LatencyHistogram {
  readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  add(ms: number): void {
    const v = Math.max(ms, MIN_MS);
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / LOG_GROWTH));
    this.counts[i]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** the upper bound of the bucket holding the q-quantile (0..1) */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return Math.min(round(MIN_MS * GROWTH ** (i + 1)), round(this.max));
    }
    return round(this.max);
  }

  /** counts over a coarse, readable set of bounds for charts */
  coarse(upperMs: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e5]): {
    upperMs: number[];
    counts: number[];
  } {
    const counts = upperMs.map(() => 0);
    for (let i = 0; i < BUCKETS; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      const mid = MIN_MS * GROWTH ** (i + 0.5);
      const j = upperMs.findIndex((u) => mid <= u);
      counts[j === -1 ? counts.length - 1 : j]! += n;
    }
    return { upperMs: [...upperMs], counts };
  }

  /** a compact form for shard reports: [bucket, count] pairs */
  toPairs(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    this.counts.forEach((n, i) => {
      if (n > 0) out.push([i, n]);
    });
    return out;
  }

  static fromPairs(pairs: ReadonlyArray<readonly [number, number]>, max: number): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [i, n] of pairs) {
      h.counts[i]! += n;
      h.count += n;
    }
    h.max = max;
    return h;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
