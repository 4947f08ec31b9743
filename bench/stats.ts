/** Small helpers of the benchmarks: a median and a right-aligned text table. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Table {
  header: string[];
  rows: Array<Array<string | number>>;
}

export function table(t: Table): string {
  const cells = t.rows.map((r) => r.map(String));
  const widths = t.header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => s.padStart(widths[i]!)).join('  ');
  return [line(t.header), ...cells.map(line)].join('\n');
}
