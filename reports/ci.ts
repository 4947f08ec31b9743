/**
 * A run's failures in the CI's own language: GitHub Actions workflow commands (`::error` /
 * `::warning`, shown as annotations on the run and the pull request) and a GitLab Code Quality
 * report (`artifacts:reports:codequality`, shown in the merge request). One entry per failure a
 * check keeps: today its first (shrunk) counterexample; when checks keep one counterexample per
 * failure class, `failuresOf` returns each and every CI entry follows.
 */
import { createHash } from 'node:crypto';
import type { CheckReport, Counterexample, Report } from '../contracts/report.ts';
import { explainCommand } from '../contracts/explain.ts';
import { withoutCredentials } from './redact.ts';
import { cleanText } from './text.ts';
import { isExcused } from './view.ts';

/** The counterexamples a failed check keeps (one per failure class to come; today the first). */
export function failuresOf(check: CheckReport): Array<Counterexample | undefined> {
  if (check.status !== 'fail') return [];
  return [check.firstFailure];
}

/** error: the failure fails the verdict (a MUST at or below the required level, not declared); warning otherwise. */
export function ciSeverity(check: CheckReport, requiredLevel: number): 'error' | 'warning' {
  return check.severity === 'MUST' && check.level <= requiredLevel && !isExcused(check) ? 'error' : 'warning';
}

export interface CiFailure {
  check: CheckReport;
  severity: 'error' | 'warning';
  /** one line: the message, where it was found, how to replay and explain it */
  text: string;
  /** stable across runs for the same failure: the check and the kind of case */
  key: string;
}

/** Every failure of the report (credentials redacted), in the order report.html lists them. */
export function ciFailures(input: Report): CiFailure[] {
  const report = withoutCredentials(input);
  const out: CiFailure[] = [];
  for (const check of report.checks) {
    for (const f of failuresOf(check)) {
      const what = `L${check.level} ${check.severity}${isExcused(check) ? ', declared deviation' : ''}`;
      const where = f
        ? `${f.message} [${what}; case #${f.index} ${f.category}: ${f.caseLabel}${f.shrunk ? ', shrunk' : ''}; ${check.failed} of ${check.failed + check.passed} exchanges failed] replay: ${f.curl}`
        : `${check.failed} of ${check.failed + check.passed} exchanges failed "${check.title}" [${what}]`;
      out.push({
        check,
        severity: ciSeverity(check, report.verdict.requiredLevel),
        // one line: a line break from the target shows as ␍ / ␊
        text: cleanText(`${where} · explain: ${explainCommand(check.id)}`).replace(/\r/g, '␍').replace(/\n/g, '␊'),
        key: `${check.id}\u0000${f?.category ?? ''}`,
      });
    }
  }
  return out;
}

/** A workflow command's message: %, CR and LF escaped (the runner's own rule). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also : and , escaped. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `::error title=<check id>::<one line>` for each failure that fails the verdict, `::warning` for
 * the others (SHOULD checks, levels above the required one, declared deviations). GitHub shows
 * at most 10 of each kind per step as annotations; the rest stay in the log.
 */
export function githubAnnotations(report: Report): string[] {
  return ciFailures(report).map((f) => `::${f.severity} title=${escapeProperty(cleanText(f.check.id))}::${escapeData(f.text)}`);
}

/**
 * gl-code-quality-report.json: GitLab's Code Quality report, one issue per failure. GitLab needs a
 * file for each issue; a conformance failure has none, so the path names the check
 * (`trusthub-conformance/<check id>`): the merge request widget lists it, its file link goes nowhere.
 */
export function renderCodeQuality(report: Report): string {
  const issues = ciFailures(report).map((f) => ({
    description: `${cleanText(f.check.id)}: ${f.text}`,
    check_name: cleanText(f.check.id),
    fingerprint: createHash('sha256').update(f.key).digest('hex').slice(0, 32),
    severity: f.severity === 'error' ? 'major' : 'minor',
    location: { path: `trusthub-conformance/${cleanText(f.check.id)}`, lines: { begin: 1 } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
