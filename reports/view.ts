import type { Level } from '../contracts/check.ts';
import type { SentRequest } from '../contracts/exchange.ts';
import type { CheckReport, CheckStatus, Counterexample, Report } from '../contracts/report.ts';

/**
 * Wording and derived figures every human-facing writer shares, so that the Markdown, HTML,
 * JUnit and badge say the same thing in the same words. Nothing here escapes: callers do.
 */

export const LEVEL_NAMES: Record<Level, string> = { 1: 'contract', 2: 'validation', 3: 'fidelity' };

export const LEVELS: readonly Level[] = [1, 2, 3];

/** "Level 2 — validation" */
export function levelTitle(level: Level): string {
  return `Level ${level} — ${LEVEL_NAMES[level]}`;
}

/** "Conformant at level 3" / "Not conformant" (and "Incomplete run" when the run stopped early and failed). */
export function verdictHeadline(report: Report): string {
  const { verdict } = report;
  if (verdict.conformant) return `Conformant at level ${verdict.levelAchieved}`;
  return report.incomplete ? 'Not conformant (incomplete run)' : 'Not conformant';
}

/** "Level 1 of 3 achieved (level 3 required) · 4 MUST failures · 2 SHOULD warnings" */
export function verdictDetail(report: Report): string {
  const { verdict } = report;
  const achieved = verdict.levelAchieved === 0 ? 'No level achieved' : `Level ${verdict.levelAchieved} of 3 achieved`;
  return [
    `${achieved} (level ${verdict.requiredLevel} required)`,
    plural(verdict.mustFailures, 'MUST failure'),
    plural(verdict.shouldWarnings, 'SHOULD warning'),
  ].join(' · ');
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface CheckCounts {
  total: number;
  pass: number;
  fail: number;
  skip: number;
}

export function checkCounts(checks: readonly CheckReport[]): CheckCounts {
  const counts: CheckCounts = { total: checks.length, pass: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

export const STATUS_WORDS: Record<CheckStatus, string> = { pass: 'passed', fail: 'failed', skip: 'skipped' };

/** Failed checks, lowest level first, MUST before SHOULD, then in catalog order. */
export function failedChecks(report: Report): CheckReport[] {
  return report.checks
    .map((check, i) => ({ check, i }))
    .filter(({ check }) => check.status === 'fail')
    .sort(
      (a, b) =>
        a.check.level - b.check.level ||
        Number(a.check.severity === 'SHOULD') - Number(b.check.severity === 'SHOULD') ||
        a.i - b.i,
    )
    .map(({ check }) => check);
}

/** A declared deviation that still holds (not expired). */
export function isExcused(check: CheckReport): boolean {
  return check.declared !== undefined && !check.declared.expired;
}

/** "POST /v1/CustomerProfiles" (path and query only; the origin is in the report's target). */
export function requestLine(req: SentRequest): string {
  let path = req.url;
  try {
    const url = new URL(req.url);
    path = url.pathname + url.search;
  } catch {
    // not an absolute URL: show it as sent
  }
  return `${req.method} ${path}`;
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** The request as an HTTP message. */
export function requestText(req: SentRequest): string {
  const lines = [`${req.method} ${req.url}`];
  const headers = headerLines(req.headers);
  if (headers) lines.push(headers);
  if (req.body) lines.push('', req.body);
  return lines.join('\n');
}

/** The response (or the transport error) as an HTTP message, body cut to `maxBody` characters. */
export function responseText(c: Counterexample, maxBody = 4096): string {
  if (!c.response) {
    return c.error ? `(no response) ${c.error.code}: ${c.error.message}` : '(no response)';
  }
  const { status, statusText, headers, body } = c.response;
  const lines = [`HTTP ${status}${statusText ? ` ${statusText}` : ''}`];
  const headerText = headerLines(headers);
  if (headerText) lines.push(headerText);
  if (body) lines.push('', cut(body, maxBody));
  return lines.join('\n');
}

/** "201 Created" / "no response: UND_ERR_HEADERS_TIMEOUT" */
export function statusSummary(c: Counterexample): string {
  if (c.response) return `${c.response.status}${c.response.statusText ? ` ${c.response.statusText}` : ''}`;
  return c.error ? `no response: ${c.error.code}` : 'no response';
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** 850 → "850 ms", 12_400 → "12.4 s", 0.42 → "0.42 ms" */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${trim(ms / 1000)} s`;
  return `${trim(ms)} ms`;
}

function trim(n: number): string {
  const digits = n >= 100 ? 0 : n >= 10 ? 1 : 2;
  return String(Number(n.toFixed(digits)));
}

export interface HistogramBar {
  /** "≤ 5 ms"; the last, catch-all bucket reads "> 5 s" */
  label: string;
  count: number;
}

/**
 * The latency histogram as labelled bars. The runner's last bucket is a catch-all with a very
 * high bound (100 s): it reads "> <previous bound>". Extra counts beyond the bounds are summed
 * into a final "> last bound" bar.
 */
export function histogramBars(histogram: Report['latencyMs']['histogram']): HistogramBar[] {
  const { upperMs, counts } = histogram;
  const bars: HistogramBar[] = [];
  for (let i = 0; i < upperMs.length; i++) {
    const upper = upperMs[i]!;
    const isCatchAll = i === upperMs.length - 1 && i > 0 && upper >= 60_000;
    bars.push({
      label: isCatchAll ? `> ${formatMs(upperMs[i - 1]!)}` : `≤ ${formatMs(upper)}`,
      count: counts[i] ?? 0,
    });
  }
  const overflow = counts.slice(upperMs.length).reduce((a, b) => a + b, 0);
  if (overflow > 0 && upperMs.length > 0) bars.push({ label: `> ${formatMs(upperMs.at(-1)!)}`, count: overflow });
  return bars;
}

/**
 * A failed check as plain text: what failed, the counterexample as HTTP messages, the replay
 * command and the seed. The JUnit failure body; not escaped (callers clean and escape).
 */
export function failureText(check: CheckReport, report: Report): string {
  const lines = [
    `${check.id} (${levelTitle(check.level)}, ${check.severity}): ${check.title}`,
    `Source: ${check.source.doc}: ${check.source.ref}`,
    `Failed on ${check.failed} of ${check.passed + check.failed} exchanges.`,
  ];
  if (check.declared) {
    const expiry = check.declared.expires ? ` (expires ${check.declared.expires}${check.declared.expired ? ', EXPIRED' : ''})` : '';
    lines.push(`Declared deviation${expiry}: ${check.declared.reason}`);
  }
  const c = check.firstFailure;
  if (c) {
    lines.push(
      '',
      c.message,
      '',
      `Counterexample${c.shrunk ? ' (minimal: shrunk)' : ''}: case #${c.index} [${c.category}] ${c.caseLabel}`,
      '--- request',
      requestText(c.request),
      '--- response',
      responseText(c),
      '',
      'Reproduce with:',
      c.curl,
    );
  }
  lines.push('', `Seed: ${report.seed}`, `Rerun: ${report.certificate.rerun}`);
  return lines.join('\n');
}
