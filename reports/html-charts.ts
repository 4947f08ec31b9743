import type { Report } from '../contracts/report.ts';
import { escapeHtml as h } from './text.ts';
import { formatMs, histogramBars } from './view.ts';

/**
 * Inline SVG charts for report.html. Shapes are computed here; colours come from the page's CSS
 * classes (so dark mode applies). Every label that comes from the report is escaped.
 */

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

/** A round axis maximum ≥ n: 1, 2, 5 × 10^k. */
function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/**
 * "≤ 5 ms" → "5", "≤ 2 s" → "2s", "> 5 s" → ">5s": axis labels must be short (the axis title says
 * the unit); before, "100ms200ms500ms" ran together.
 */
function compact(label: string): string {
  return label.replace('≤ ', '').replace(/ ms$/, '').replace(/ /g, '');
}

/** Width of an axis label in chart units: 10.5px text, overestimated so labels never touch. */
function axisLabelWidth(text: string): number {
  return text.length * 6.4;
}

/** Bars of the latency histogram, with dashed markers at p50, p95 and p99. */
export function latencyChart(latency: Report['latencyMs']): string {
  const bars = histogramBars(latency.histogram);
  const W = 560;
  const H = 230;
  const m = { top: 24, right: 12, bottom: 40, left: 44 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  if (bars.length === 0) return `<p class="muted">No latency data.</p>`;
  const max = niceMax(Math.max(...bars.map((b) => finite(b.count))));
  const slot = plotW / bars.length;
  const bw = Math.max(2, slot * 0.72);
  const y = (v: number) => m.top + plotH - (finite(v) / max) * plotH;
  const parts: string[] = [];
  for (const t of [0, max / 2, max]) {
    parts.push(
      `<line class="grid" x1="${m.left}" x2="${W - m.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/>`,
      `<text class="axis" x="${m.left - 6}" y="${(y(t) + 3.5).toFixed(1)}" text-anchor="end">${Number(t.toFixed(1))}</text>`,
    );
  }
  const gridEnd = parts.length; // markers go here: above the grid, beneath bars and labels
  let lastLabelRight = Number.NEGATIVE_INFINITY;
  bars.forEach((b, i) => {
    const x = m.left + i * slot + (slot - bw) / 2;
    const top = y(b.count);
    const height = m.top + plotH - top;
    parts.push(
      `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(0, height).toFixed(1)}" rx="2"><title>${h(`${b.label}: ${b.count}`)}</title></rect>`,
    );
    // a label that would touch the one before it is left out (the bar's tooltip still names its bucket)
    const label = compact(b.label);
    const centre = x + bw / 2;
    const half = axisLabelWidth(label) / 2;
    if (centre - half >= lastLabelRight + 4) {
      parts.push(`<text class="axis" x="${centre.toFixed(1)}" y="${H - m.bottom + 14}" text-anchor="middle">${h(label)}</text>`);
      lastLabelRight = centre + half;
    }
    if (b.count > 0) {
      parts.push(`<text class="value" x="${(x + bw / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle">${finite(b.count)}</text>`);
    }
  });
  parts.splice(gridEnd, 0, ...percentileMarkers(latency, bars.length, { left: m.left, top: m.top, slot, plotH, width: W }));
  parts.push(`<text class="axis-title" x="${m.left + plotW / 2}" y="${H - 6}" text-anchor="middle">latency bucket, upper bound in ms (s: seconds) · requests per bucket</text>`);
  const summary = `Latency histogram: p50 ${formatMs(latency.p50)}, p95 ${formatMs(latency.p95)}, p99 ${formatMs(latency.p99)}, max ${formatMs(latency.max)}`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${h(summary)}"><title>${h(summary)}</title>${parts.join('')}</svg>`;
}

/** Width of a marker label in chart units: 10.5px semi-bold text, overestimated so labels never touch. */
function labelWidth(text: string): number {
  return text.length * 6.8;
}

/**
 * Dashed lines at p50, p95 and p99. A percentile sits inside its bucket in proportion to the
 * log of its value between the bucket's bounds (the buckets grow geometrically). The labels sit
 * in one row above the plot, each starting at its line and pushed right (then, at the chart's
 * edge, left) just enough not to overlap the one before; a pushed label gets a leader line.
 */
function percentileMarkers(
  latency: Report['latencyMs'],
  barCount: number,
  g: { left: number; top: number; slot: number; plotH: number; width: number },
): string[] {
  const upper = latency.histogram.upperMs;
  const GAP = 12;
  const marks = (
    [
      ['p50', latency.p50],
      ['p95', latency.p95],
      ['p99', latency.p99],
    ] as const
  ).map(([name, raw]) => {
    const value = finite(raw);
    let i = upper.findIndex((u) => value <= u);
    if (i === -1) i = barCount - 1;
    const hi = upper[i] ?? value;
    const lo = i > 0 ? (upper[i - 1] ?? 0) : 0;
    const frac = lo > 0 && hi > lo && value > lo ? Math.log(value / lo) / Math.log(hi / lo) : value <= 0 ? 0 : 0.5;
    const x = g.left + (Math.min(i, barCount - 1) + Math.min(1, Math.max(0, frac))) * g.slot;
    const text = `${name} ${formatMs(value)}`;
    return { x, text, left: x + 3, w: labelWidth(text) };
  });
  // push right past the previous label, then back left from the chart's right edge
  for (let k = 1; k < marks.length; k++) marks[k]!.left = Math.max(marks[k]!.left, marks[k - 1]!.left + marks[k - 1]!.w + GAP);
  let limit = g.width - 2;
  for (let k = marks.length - 1; k >= 0; k--) {
    const m = marks[k]!;
    m.left = Math.min(m.left, limit - m.w);
    limit = m.left - GAP;
  }
  const labelY = g.top - 10;
  const out: string[] = [];
  for (const m of marks) {
    out.push(`<line class="marker" x1="${m.x.toFixed(1)}" x2="${m.x.toFixed(1)}" y1="${g.top - 6}" y2="${g.top + g.plotH}"/>`);
    if (Math.abs(m.left - (m.x + 3)) > 0.5) {
      out.push(`<line class="leader" x1="${m.x.toFixed(1)}" x2="${(m.left + 2).toFixed(1)}" y1="${g.top - 6}" y2="${labelY + 2}"/>`);
    }
    out.push(`<text class="marker-label" x="${m.left.toFixed(1)}" y="${labelY}">${h(m.text)}</text>`);
  }
  return out;
}

/** One row per case category: passed (green) and failed (red) exchanges, scaled to the largest category. */
export function categoryChart(byCategory: Report['exchanges']['byCategory']): string {
  const rows = Object.entries(byCategory)
    .filter((e): e is [string, { total: number; failed: number }] => e[1] !== undefined)
    .map(([name, v]) => ({ name, total: Math.max(0, finite(v.total)), failed: Math.max(0, Math.min(finite(v.failed), finite(v.total))) }));
  if (rows.length === 0) return `<p class="muted">No exchanges.</p>`;
  const W = 560;
  const rowH = 24;
  const labelW = 134;
  const valueW = 78;
  const top = 6;
  const H = top + rows.length * rowH + 26;
  const barW = W - labelW - valueW - 8;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const full = (r.total / max) * barW;
    const failW = r.total === 0 ? 0 : (r.failed / r.total) * full;
    const passW = full - failW;
    const label = `${r.name}: ${r.total - r.failed} passed, ${r.failed} failed`;
    parts.push(
      `<g><title>${h(label)}</title>`,
      `<text class="cat" x="${labelW - 8}" y="${y + 15}" text-anchor="end">${h(r.name.length > 16 ? `${r.name.slice(0, 15)}…` : r.name)}</text>`,
      `<rect class="track" x="${labelW}" y="${y + 4}" width="${barW}" height="14" rx="3"/>`,
      passW > 0 ? `<rect class="ok" x="${labelW}" y="${y + 4}" width="${passW.toFixed(1)}" height="14" rx="3"/>` : '',
      failW > 0 ? `<rect class="ko" x="${(labelW + passW).toFixed(1)}" y="${y + 4}" width="${failW.toFixed(1)}" height="14" rx="3"/>` : '',
      `<text class="value" x="${W - valueW + 4}" y="${y + 15}">${r.failed > 0 ? `<tspan class="ko-text">${r.failed}</tspan> / ${r.total}` : `${r.total}`}</text>`,
      '</g>',
    );
  });
  const ly = top + rows.length * rowH + 14;
  parts.push(
    `<rect class="ok" x="${labelW}" y="${ly - 9}" width="10" height="10" rx="2"/><text class="axis" x="${labelW + 14}" y="${ly}">passed every check</text>`,
    `<rect class="ko" x="${labelW + 130}" y="${ly - 9}" width="10" height="10" rx="2"/><text class="axis" x="${labelW + 144}" y="${ly}">failed at least one</text>`,
  );
  const summary = `Exchanges by case category: ${rows.map((r) => `${r.name} ${r.failed}/${r.total} failed`).join(', ')}`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${h(summary)}"><title>Exchanges by case category</title>${parts.join('')}</svg>`;
}
