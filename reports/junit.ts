import { findCheckInfo } from '../contracts/catalog.ts';
import type { CheckReport, Report } from '../contracts/report.ts';
import { withoutCredentials } from './redact.ts';
import { oneLine } from './text.ts';
import { classCount, classesOf, failureText } from './failures.ts';
import { checkCounts, incompleteWords, isExcused, LEVELS, levelTitle, neededLines, partialSummary, verdictHeadline } from './view.ts';
import { type XmlNode, xmlDocument } from './xml.ts';

/**
 * junit.xml: one <testsuite> per level, one <testcase> per check, for CI test tabs (Jenkins,
 * GitLab, GitHub test reporters). It follows the common "junit-10" schema (tests/fixtures/reports
 * holds the XSD the tests validate against). A failed check is a <failure> typed by severity
 * (JUnit has no "warning"), carrying the counterexample and the replay curl; a failure the vendor
 * declared, and whose declaration has not expired, is <skipped> with the evidence in
 * <system-out>, so CI shows it without turning red. A partial run (checks left out by --only,
 * --skip or the config's skip) lists each left-out catalog check as a <skipped> testcase and says
 * so in the properties; a check that could not judge for lack of an input (a second account, an API
 * key) is <skipped> saying what it needs, and its level's property `level.N.not-tested` says it in
 * one line. Every string is cleaned and escaped by reports/xml.ts.
 */
export function renderJunit(input: Report): string {
  const report = withoutCredentials(input);
  const leftOut = (report.partial?.leftOut ?? []).map((id) => ({ id, info: findCheckInfo(id) }));
  const all = checkCounts(report.checks);
  const failing = report.checks.filter((c) => c.status === 'fail' && !isExcused(c)).length;

  const suites = LEVELS.map((level): XmlNode => {
    const checks = report.checks.filter((c) => c.level === level);
    const notRun = leftOut.filter((c) => (c.info?.level ?? 0) === level);
    const failures = checks.filter((c) => c.status === 'fail' && !isExcused(c)).length;
    const skipped = checks.length - failures - checks.filter((c) => c.status === 'pass').length + notRun.length;
    return {
      name: 'testsuite',
      attrs: {
        name: levelTitle(level),
        tests: String(checks.length + notRun.length),
        failures: String(failures),
        errors: '0',
        skipped: String(skipped),
        timestamp: report.startedAt,
        id: `level-${level}`,
        package: 'customer-profiles',
      },
      children: [
        properties(report),
        ...checks.map((check) => testcase(check, report)),
        ...notRun.map(({ id, info }) => ({
          name: 'testcase',
          attrs: { name: `${id}: ${info?.title ?? ''}`, classname: `customer-profiles.level${level}` },
          children: [{ name: 'skipped', attrs: { message: "not run: left out of this run (--only, --skip or the config's skip)" } }],
        })),
      ],
    };
  });
  // a left-out id the catalog does not know (a report from another version): still listed, in no level
  const unknown = leftOut.filter((c) => !c.info).length;

  return xmlDocument({
    name: 'testsuites',
    attrs: {
      name: `${report.tool.name}: POST /v1/CustomerProfiles${report.partial ? ' (partial run)' : ''}${report.incomplete ? ` (${incompleteWords(report)})` : ''}`,
      tests: String(all.total + leftOut.length - unknown),
      failures: String(failing),
      errors: '0',
      time: seconds(report.durationMs),
    },
    children: suites,
  });
}

function seconds(ms: number): string {
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

function properties(report: Report): XmlNode {
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
  if (report.incomplete) {
    props.push(['incomplete', report.incomplete.reason], ['incomplete.summary', incompleteWords(report) ?? 'incomplete']);
    if (report.incomplete.notSent !== undefined) props.push(['incomplete.not-sent', String(report.incomplete.notSent)]);
  }
  // a level a MUST check could not judge for lack of an input: which, and what it needs
  for (const l of report.levels) {
    const line = l.needs?.length ? neededLines({ ...report, levels: [l] })[0] : undefined;
    if (line) props.push([`level.${l.level}.not-tested`, line]);
  }
  if (report.partial) {
    props.push(
      ['partial', 'true'],
      ['partial.left-out', report.partial.leftOut.join(',')],
      ['level.supported', String(report.partial.levelSupported)],
      ['partial.summary', partialSummary(report) ?? ''],
    );
  }
  return { name: 'properties', children: props.map(([name, value]) => ({ name: 'property', attrs: { name, value: oneLine(value) } })) };
}

function testcase(check: CheckReport, report: Report): XmlNode {
  const attrs = { name: `${check.id}: ${check.title}`, classname: `customer-profiles.level${check.level}` };
  if (check.status === 'skip') {
    const message = check.needs ? `not judged: needs ${check.needs.words}; ${check.skipReason ?? ''}` : (check.skipReason ?? 'skipped');
    return { name: 'testcase', attrs, children: [{ name: 'skipped', attrs: { message: oneLine(message) } }] };
  }
  if (check.status === 'fail' && isExcused(check)) {
    return {
      name: 'testcase',
      attrs,
      children: [
        { name: 'skipped', attrs: { message: oneLine(`declared deviation: ${check.declared!.reason}`) } },
        { name: 'system-out', text: failureText(check, report) },
      ],
    };
  }
  if (check.status === 'fail') {
    // one testcase per check, its name stable from run to run (CI history tracks tests by name): every class is in the body
    const classes = classesOf(check).length;
    const more = classes > 1 ? ` (and ${classCount(classes - 1)} more: see the failure body)` : '';
    const message = check.firstFailure ? `${check.firstFailure.message}${more}` : `failed on ${check.failed} exchange(s)`;
    return { name: 'testcase', attrs, children: [{ name: 'failure', attrs: { message: oneLine(message), type: check.severity }, text: failureText(check, report) }] };
  }
  return { name: 'testcase', attrs };
}
