import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CheckReport, Report } from '../contracts/report.ts';
import { withoutCredentials } from './redact.ts';
import { oneLine, xmlText } from './text.ts';
import { checkCounts, failureText, isExcused, LEVELS, levelTitle, verdictHeadline } from './view.ts';

/**
 * junit.xml: one <testsuite> per level, one <testcase> per check, for CI test tabs (Jenkins,
 * GitLab, GitHub test reporters). It follows the common "junit-10" schema (tests/fixtures/reports
 * holds the XSD the tests validate against). A failed check is a <failure> typed by severity
 * (JUnit has no "warning"), carrying the counterexample and the replay curl; a failure the vendor
 * declared, and whose declaration has not expired, is <skipped> with the evidence in
 * <system-out>, so CI shows it without turning red. Every string passes through `xmlText`:
 * xmlbuilder2 escapes markup but lets through characters XML 1.0 forbids.
 */
export function renderJunit(input: Report): string {
  const report = withoutCredentials(input);
  const all = checkCounts(report.checks);
  const failing = report.checks.filter((c) => c.status === 'fail' && !isExcused(c)).length;

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: xmlText(`${report.tool.name}: POST /v1/CustomerProfiles`),
    tests: String(all.total),
    failures: String(failing),
    errors: '0',
    time: seconds(report.durationMs),
  });

  for (const level of LEVELS) {
    const checks = report.checks.filter((c) => c.level === level);
    const failures = checks.filter((c) => c.status === 'fail' && !isExcused(c)).length;
    const skipped = checks.length - failures - checks.filter((c) => c.status === 'pass').length;
    const suite = root.ele('testsuite', {
      name: levelTitle(level),
      tests: String(checks.length),
      failures: String(failures),
      errors: '0',
      skipped: String(skipped),
      timestamp: xmlText(report.startedAt),
      id: `level-${level}`,
      package: 'customer-profiles',
    });
    addProperties(suite, report);
    for (const check of checks) addTestcase(suite, check, report);
  }
  return `${root.end({ prettyPrint: true })}\n`;
}

function seconds(ms: number): string {
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

function addProperties(suite: XMLBuilder, report: Report): void {
  const props: Array<[string, string]> = [
    ['seed', String(report.seed)],
    ['runs', String(report.runs)],
    ['target', report.target.url],
    ['target.embedded', String(report.target.embedded)],
    ['tool', report.tool.name],
    ['tool.version', report.tool.version],
    ['catalog.fingerprint', report.certificate.catalogFingerprint],
    ['verdict', verdictHeadline(report)],
    ['level.achieved', String(report.verdict.levelAchieved)],
    ['level.required', String(report.verdict.requiredLevel)],
    ['started', report.startedAt],
    ['finished', report.finishedAt],
    ['rerun', report.certificate.rerun],
  ];
  if (report.incomplete) props.push(['incomplete', report.incomplete.reason]);
  const el = suite.ele('properties');
  for (const [name, value] of props) el.ele('property', { name, value: oneLine(value) }).up();
}

function addTestcase(suite: XMLBuilder, check: CheckReport, report: Report): void {
  const testcase = suite.ele('testcase', {
    name: xmlText(`${check.id}: ${check.title}`),
    classname: `customer-profiles.level${check.level}`,
  });
  if (check.status === 'skip') {
    testcase.ele('skipped', { message: oneLine(check.skipReason ?? 'skipped') });
  } else if (check.status === 'fail' && isExcused(check)) {
    testcase.ele('skipped', { message: oneLine(`declared deviation: ${check.declared!.reason}`) });
    testcase.ele('system-out').txt(xmlText(failureText(check, report)));
  } else if (check.status === 'fail') {
    const message = check.firstFailure?.message ?? `failed on ${check.failed} exchange(s)`;
    testcase.ele('failure', { message: oneLine(message), type: check.severity }).txt(xmlText(failureText(check, report)));
  }
}
