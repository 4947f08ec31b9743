import { CHECK_IDS } from '../contracts/catalog.ts';
import type { Level } from '../contracts/check.ts';
import type { SentRequest } from '../contracts/exchange.ts';
import { type CheckReport, type CheckStatus, type Counterexample, isExcused, type LevelReport, type Report } from '../contracts/report.ts';

/**
 * Wording and derived figures every human-facing writer shares, so that the Markdown, HTML,
 * JUnit and badge say the same thing in the same words. Nothing here escapes: callers do.
 */

export const LEVEL_NAMES: Record<Level, string> = { 1: 'contract', 2: 'validation', 3: 'fidelity' };

export const LEVELS: readonly Level[] = [1, 2, 3];

const CATALOG_IDS = new Set<string>(CHECK_IDS);

/** "Level 2 — validation" */
export function levelTitle(level: Level): string {
  return `Level ${level} — ${LEVEL_NAMES[level]}`;
}

/** The first level a partial run did not test, if any. */
export function firstUntested(report: Report): LevelReport | undefined {
  return report.levels.find((l) => l.status === 'untested');
}

/**
 * For each level a MUST check could not judge for lack of an input (contracts/report.ts
 * judgeLevels), one line a person acts on: "Level 3 not tested: lookup.other-account-404 needs a
 * second account (--second-account-sid, --second-auth-token); auth.pairs-one-account needs an API
 * key beside the Auth Token (--api-key, --api-secret with --auth-token)". A level that failed
 * anyway reads "not fully tested". Nothing escaped: callers do.
 */
export function neededLines(report: Report): string[] {
  return report.levels
    .filter((l) => (l.needs?.length ?? 0) > 0)
    .map((l) => `Level ${numberText(l.level)} ${l.status === 'fail' ? 'not fully tested' : 'not tested'}: ${l.needs!.map((n) => `${n.check} needs ${n.needs}`).join('; ')}`);
}

/** "level 3 not tested: 2 checks left out" / "…: 2 checks need an input the run lacked" / both: why an untested level is untested. */
export function untestedWords(l: LevelReport): string {
  const parts = [
    l.leftOut?.length ? `${plural(l.leftOut.length, 'check')} left out` : '',
    l.needs?.length ? `${plural(l.needs.length, 'check')} lacked ${l.needs.length === 1 ? 'an input' : 'inputs'}` : '',
  ].filter(Boolean);
  return `not tested: ${parts.join(', ') || 'checks left out'}`;
}

/**
 * true when the run is not conformant only because a level it needed was not tested (checks left
 * out, or unable to judge for lack of an input), not because a check failed: no MUST check that
 * ran failed at the required level or below.
 */
export function stoppedByUntested(report: Report): boolean {
  const { verdict } = report;
  if (verdict.conformant || report.incomplete) return false;
  const needed = report.levels.filter((l) => l.level <= verdict.requiredLevel);
  return needed.some((l) => l.status === 'untested') && needed.every((l) => l.status !== 'fail');
}

/**
 * A run cut short (contracts/report.ts judgeLevels: it claims no level), in the words every writer
 * uses: "incomplete: 139 cases not sent"; "incomplete" when the count is unknown; undefined for a
 * run that sent its whole plan.
 */
export function incompleteWords(report: Report): string | undefined {
  const i = report.incomplete;
  if (!i) return undefined;
  return i.notSent ? `incomplete: ${notSentWords(report)}` : 'incomplete';
}

/** "139 cases not sent" (a run cut short), or "cut short" when the count is unknown. */
export function notSentWords(report: Report): string {
  const n = report.incomplete?.notSent;
  return n ? `${plural(n, 'case')} not sent` : 'cut short';
}

/** A run cut short that saw no failure: a warning, not a red verdict. */
export function cutShortClean(report: Report): boolean {
  return report.incomplete !== undefined && !report.verdict.conformant && !report.levels.some((l) => l.status === 'fail');
}

/**
 * "Conformant at level 3" / "Not conformant" / "Incomplete: 139 cases not sent" (a run cut short
 * that saw no failure) / "Not conformant (incomplete: 139 cases not sent)"; for a partial run
 * (checks left out) "Conformant at level 1 (partial run)", "Not conformant (partial run)" or
 * "Partial run: level 1 not tested"; "Not conformant: level 3 not tested" when checks that ran could
 * not judge for lack of an input. Never "Conformant" at a level whose MUST checks did not all
 * run, judge, or see all their cases.
 */
export function verdictHeadline(report: Report): string {
  const { verdict } = report;
  const partial = report.partial ? ' (partial run)' : '';
  if (verdict.conformant) return `Conformant at level ${verdict.levelAchieved}${partial}`;
  const cut = incompleteWords(report);
  if (cut) return report.levels.some((l) => l.status === 'fail') ? `Not conformant (${cut})` : `${cut[0]!.toUpperCase()}${cut.slice(1)}`;
  if (stoppedByUntested(report)) return `${report.partial ? 'Partial run' : 'Not conformant'}: level ${firstUntested(report)!.level} not tested`;
  return `Not conformant${partial}`;
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

/** "levels 1 and 2" / "level 3" / "levels 1, 2 and 3" */
function levelList(levels: readonly number[]): string {
  if (levels.length === 1) return `level ${levels[0]}`;
  return `levels ${levels.slice(0, -1).join(', ')} and ${levels.at(-1)}`;
}

/**
 * A partial run in one sentence, or undefined for a full run: "Partial run: 24 of 26 catalog
 * checks left out (--only, --skip or the config's skip); levels 1, 2 and 3 not tested. The checks
 * that ran support level 3; only a full run certifies it."
 */
export function partialSummary(report: Report): string | undefined {
  const p = report.partial;
  if (!p) return undefined;
  const total = report.checks.filter((c) => CATALOG_IDS.has(c.id)).length + p.leftOut.length;
  const untested = report.levels.filter((l) => l.status === 'untested').map((l) => l.level);
  const parts = [`Partial run: ${p.leftOut.length} of ${total} catalog checks left out (--only, --skip or the config's skip)`];
  parts[0] += untested.length > 0 ? `; ${levelList(untested)} not tested.` : '; every MUST check ran.';
  parts.push(
    p.levelSupported === 0
      ? 'The checks that ran support no level.'
      : `The checks that ran support level ${p.levelSupported}${p.levelSupported > report.verdict.levelAchieved ? '; only a full run certifies it' : ''}.`,
  );
  return parts.join(' ');
}

export function plural(n: number, noun: string): string {
  return `${numberText(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A count or level as text: the number, or "?" when it is not one. A report read back (merge,
 * verify) is checked first, but a writer never prints a field it was told is a number as is.
 */
export function numberText(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? String(n) : '?';
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

/** A declared deviation that excuses its check (contracts/report.ts: dated, not expired, not no-credential-leak). */
export { isExcused };

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
