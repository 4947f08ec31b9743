/**
 * A run's failures in the CI's own language: GitHub Actions workflow commands (`::error` /
 * `::warning`, shown as annotations on the run and the pull request) and a GitLab Code Quality
 * report (`artifacts:reports:codequality`, shown in the merge request). One entry per class of
 * failure a check keeps an example of (reports/failures.ts), and one for the classes past those.
 */
import { createHash } from 'node:crypto';
import type { CheckReport, Counterexample, FailureClass, Report } from '../contracts/report.ts';
import { explainCommand } from '../contracts/explain.ts';
import { classCount, classesOf, classLabel, moreClassesWords, replayWords, shownClasses, whereWords } from './failures.ts';
import { withoutCredentials } from './redact.ts';
import { cleanText } from './text.ts';
import { isExcused, neededLines } from './view.ts';

/** The classes of a failed check that CI entries are made of: those with an example, in plan order. */
export function failuresOf(check: CheckReport): FailureClass[] {
  return shownClasses(check);
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
  /** stable across runs for the same failure: the check and the class (the kind of case, the part of the rule broken) */
  key: string;
}

/** One class's line: its example's message, the class, where it was found, how to replay it. */
function classText(check: CheckReport, fc: FailureClass, f: Counterexample, of: number, what: string): string {
  const counts = `${check.failed} of ${check.failed + check.passed} exchanges failed`;
  // a check failing in one class needs no word on classes
  const cls = of > 1 ? `${classCount(of)}, this one ${classLabel(fc)} (${fc.failed} failure${fc.failed === 1 ? '' : 's'}); ` : '';
  return `${f.message} [${what}; ${cls}${whereWords(f)}; ${counts}] ${replayWords(f)}`;
}

/** Every failure class of the report (credentials redacted), in the order report.html lists them. */
export function ciFailures(input: Report): CiFailure[] {
  const report = withoutCredentials(input);
  const out: CiFailure[] = [];
  const entry = (check: CheckReport, where: string, key: string) => ({
    check,
    severity: ciSeverity(check, report.verdict.requiredLevel),
    // one line: a line break from the target shows as ␍ / ␊
    text: cleanText(`${where} · explain: ${explainCommand(check.id)}`).replace(/\r/g, '␍').replace(/\n/g, '␊'),
    key,
  });
  for (const check of report.checks) {
    if (check.status !== 'fail') continue;
    const what = `L${check.level} ${check.severity}${isExcused(check) ? ', declared deviation' : ''}`;
    const all = classesOf(check).length;
    const shown = failuresOf(check);
    for (const fc of shown) out.push(entry(check, classText(check, fc, fc.example!, all, what), `${check.id}\u0000${fc.kind}\u0000${fc.part ?? ''}`));
    const more = moreClassesWords(check);
    if (shown.length === 0) out.push(entry(check, `${check.failed} of ${check.failed + check.passed} exchanges failed "${check.title}" [${what}]`, `${check.id}\u0000`));
    else if (more) out.push(entry(check, `${check.id}: ${more} [${what}]`, `${check.id}\u0000more`));
  }
  return out;
}

/** A workflow command's message: %, CR and LF escaped (the runner's own rule). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also : and , escaped. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `::error title=<check id>::<one line>` for each class of failure that fails the verdict, `::warning` for
 * the others (SHOULD checks, levels above the required one, declared deviations), and a `::warning`
 * for each level a MUST check could not judge for lack of an input (reports/view.ts neededLines). GitHub shows
 * at most 10 of each kind per step as annotations; the rest stay in the log.
 */
export function githubAnnotations(report: Report): string[] {
  const failures = ciFailures(report).map((f) => `::${f.severity} title=${escapeProperty(cleanText(f.check.id))}::${escapeData(f.text)}`);
  // a level a MUST check could not judge for lack of an input: what to give for it
  const needed = neededLines(report).map((line) => `::warning title=${escapeProperty(line.slice(0, line.indexOf(':')))}::${escapeData(cleanText(line))}`);
  return [...failures, ...needed];
}

/**
 * gl-code-quality-report.json: GitLab's Code Quality report, one issue per class of failure. GitLab needs a
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
