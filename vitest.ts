/**
 * The suite inside a vendor's own vitest run:
 *
 *   import { conformanceSuite } from 'trusthub-conformance/vitest';
 *   conformanceSuite({ target: process.env.TARGET_URL, runs: 100, seed: 1 });
 *
 * registers one `describe` with one test per check of the catalog. The certification runs once,
 * in `beforeAll`; each test then asserts its check: a failing check fails its test with the
 * check's message, the counterexample (request and response) and the `curl` that replays it; a
 * check no exchange applied to is skipped at run time with the reason, but a MUST check at or below
 * `requireLevel` that could not judge for lack of an input (a second account, an API key) fails,
 * saying which key to give, as its level is not tested. A failure that does not
 * count against the verdict (a SHOULD check, or a level above `requireLevel`) passes with a
 * warning annotation and a `⚠ SHOULD failed: …` line on the console (shown under the test's name
 * by the default reporter), so the vitest run is green exactly when `trusthub-conformance run`
 * would exit 0.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, it } from 'vitest';
import { CATALOG, findCheckInfo } from './contracts/catalog.ts';
import { explainCommand } from './contracts/explain.ts';
import { type CertifyOptions, certify } from './index.ts';
import { ALL_FORMATS, parseFormats, writeReports } from './reports/index.ts';
import { inert } from './reports/text.ts';
import { knownSecretsMatcher } from './contracts/secrets.ts';
import { type CheckReport, type Counterexample, isExcused, type Report } from './contracts/report.ts';
import { selectChecks } from './engine/plan/select.ts';
import { classCount, classesOf, classLabel, moreClassesWords, replayCommand, sequenceLines, shownClasses } from './reports/failures.ts';

export interface ConformanceSuiteOptions extends CertifyOptions {
  /** the describe block's name (default: 'TrustHub POST /v1/CustomerProfiles conformance') */
  name?: string;
  /** also write the reports here (e.g. for CI artifacts) */
  reportDir?: string;
  /** the formats written to reportDir (default all: json, junit, md, html, badge) */
  formats?: string[];
  /** how long the certification in beforeAll may take, in ms (default 10 minutes) */
  timeoutMs?: number;
}

export type { CertifyOptions };

const BODY_SHOWN = 2000;
const cut = (s: string) => (s.length > BODY_SHOWN ? `${s.slice(0, BODY_SHOWN)}…` : s);
const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The text a failing test shows: the message, the counterexample and the replay command. */
export function describeFailure(check: Pick<CheckReport, 'id' | 'level' | 'severity' | 'title' | 'failed' | 'passed'>, f: Counterexample): string {
  const req = f.request;
  const lines = [
    `${check.id} (L${check.level} ${check.severity}): ${f.message}`,
    `  ${check.failed} of ${check.failed + check.passed} exchanges failed "${check.title}"; the first, #${f.index} (${f.category}: ${f.caseLabel})${f.shrunk ? ', shrunk to a minimal case' : ''}:`,
    '',
    `  request: ${req.method} ${req.url}`,
    ...Object.entries(req.headers).map(([k, v]) => `    ${k}: ${v}`),
    ...(req.body ? ['', indent(cut(req.body))] : []),
    '',
  ];
  if (f.response) {
    lines.push(`  response: ${f.response.status} ${f.response.statusText}`);
    for (const [k, v] of Object.entries(f.response.headers)) lines.push(`    ${k}: ${v}`);
    if (f.response.body) lines.push('', indent(cut(f.response.body)));
  } else if (f.error) {
    lines.push(`  no response: ${f.error.message}`);
  }
  const steps = sequenceLines(f);
  if (steps.length) lines.push('', '  the sequence (the last request broke the check):', ...steps.map((l) => `    ${l}`));
  lines.push('', '  replay:', ...(f.sequence?.length ? [`    ${replayCommand(f)}   (the whole sequence)`] : []), `    ${f.curl}`);
  if (findCheckInfo(check.id)) lines.push('', '  what the check asks, with a passing and a failing answer:', `    ${explainCommand(check.id)}`);
  return shown(lines.join('\n'));
}

/**
 * What a test message shows of a report, made inert as the terminal's (reports/text.ts `inert`:
 * control characters, ANSI escapes and bidi overrides from the target shown escaped), and without
 * any secret this process used (contracts/secrets.ts): vitest prints it to the same terminal.
 */
export function shown(text: string): string {
  return inert(knownSecretsMatcher().redact(text));
}

/** The classes of a check's failures besides the first (described above them): one line each, with the command that replays it. */
export function otherClasses(check: CheckReport): string {
  const all = classesOf(check);
  if (all.length <= 1) return '';
  const lines = ['', `  ${classCount(all.length)} of failure; besides the first:`];
  for (const fc of shownClasses(check).slice(1)) lines.push(`  · ${fc.failed}× ${classLabel(fc)}: ${fc.example!.message} (case #${fc.example!.index}) ${replayCommand(fc.example!)}`);
  const more = moreClassesWords(check);
  if (more) lines.push(`  · ${more}`);
  return `\n${lines.join('\n')}`;
}

/** The warning a failed check that does not count gets in the terminal: what failed, and how to replay it. */
export function warningLine(check: Pick<CheckReport, 'id' | 'level' | 'severity' | 'failed' | 'passed' | 'firstFailure'>, requiredLevel: number): string {
  const what = check.severity === 'SHOULD' ? 'SHOULD failed' : `L${check.level} failed, above the required level ${requiredLevel}`;
  const f = check.firstFailure;
  const lines = [`⚠ ${what}: ${check.id}: ${f ? f.message : `${check.failed} of ${check.failed + check.passed} exchanges failed`}`];
  if (f) lines.push(`  replay: ${f.curl}`);
  return shown(lines.join('\n'));
}

/** This module's own file (vitest.ts, or dist/vitest.js once installed): its frames are left out of the stacks below. */
const SELF = fileURLToPath(import.meta.url);

/**
 * Where the user's test file calls conformanceSuite(): the frames of the stack at that call,
 * without this module's. vitest places a failure (and its GitHub Actions annotation) at the first
 * frame outside node_modules; a stack with none of the user's frames (thrown from
 * node_modules/trusthub-conformance) gets no annotation at all.
 */
function callSite(): string {
  const stack = new Error('conformanceSuite').stack ?? '';
  return stack
    .split('\n')
    .slice(1)
    .filter((frame) => !frame.includes(SELF))
    .join('\n');
}

/** An assertion error whose message is the whole story, placed at the user's conformanceSuite() call. */
function checkFailure(text: string, site: string): Error {
  const err = new Error(text);
  err.name = 'ConformanceCheckFailure';
  err.stack = `${err.name}: ${text}${site ? `\n${site}` : ''}`;
  return err;
}

/**
 * ctx.annotate places its annotation at the frame of the test file in the stack it takes when
 * called; the tests run from this module, so there is none, and vitest's GitHub Actions reporter
 * drops such an annotation. While annotate takes its stack (synchronously, on its first line),
 * stacks read as the user's conformanceSuite() call.
 */
function annotateAt(site: string, annotate: () => Promise<unknown>): Promise<unknown> {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (err: Error) => `${err.name}: ${err.message}\n${site}`;
  try {
    return annotate();
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

/** Registers the conformance suite: one describe, one test per selected check. */
export function conformanceSuite(options: ConformanceSuiteOptions = {}): void {
  // the tests are known when the file is collected; the certification runs in beforeAll
  const { name, reportDir, formats: formatList, timeoutMs, ...certifyOptions } = options;
  const selected = selectChecks(
    CATALOG.map((c) => ({ ...c, judge: () => null })),
    typeof options.only === 'string' ? [options.only] : options.only,
    typeof options.skip === 'string' ? [options.skip] : options.skip,
    { only: 'only', skip: 'skip' },
  );
  const requiredLevel = options.requireLevel ?? 3;
  const site = callSite();
  const formats = reportDir ? parseFormats((formatList ?? ALL_FORMATS).join(',')) : [];

  describe(name ?? 'TrustHub POST /v1/CustomerProfiles conformance', () => {
    let report: Report | undefined;

    beforeAll(async () => {
      // the same options model and checks as the command line's (engine/options, through certify())
      report = await certify(certifyOptions);
      if (reportDir) await writeReports(report, reportDir, formats);
      if (report.incomplete) throw new Error(shown(`the certification did not finish: ${report.incomplete.reason}`));
    }, timeoutMs ?? 600_000);

    for (const info of selected) {
      it(`${info.id} (L${info.level} ${info.severity}): ${info.title}`, async (ctx) => {
        if (!report) throw new Error('the certification did not run');
        const check = report.checks.find((c) => c.id === info.id);
        if (!check) throw new Error(`${info.id} is missing from the report`);
        // a MUST check the run could not judge for lack of an input leaves its level untested: the run is not conformant at it
        if (check.status === 'skip' && check.needs && check.severity === 'MUST' && check.level <= requiredLevel) {
          throw checkFailure(shown(`${check.id} (L${check.level} MUST) was not judged: it needs ${check.needs.words}, so level ${check.level} is not tested`), site);
        }
        if (check.status === 'skip') {
          ctx.skip(shown(check.skipReason ?? 'no exchange of this run applied to it'));
          return;
        }
        if (check.status === 'pass') return;
        const text = `${check.firstFailure ? describeFailure(check, check.firstFailure) : `${check.id} failed ${check.failed} time(s)`}${shown(otherClasses(check))}`;
        const counts = check.severity === 'MUST' && check.level <= requiredLevel && !isExcused(check);
        if (counts) throw checkFailure(text, site);
        const why = check.severity === 'SHOULD' ? 'a SHOULD check: a warning' : `level ${check.level} is above the required level ${requiredLevel}`;
        await annotateAt(site, () => ctx.annotate(`${why}\n${text}`, 'warning'));
        // vitest's default reporter shows a passing test as a plain ✓ and its annotations only with
        // --reporter=verbose; what a test writes to the console it shows under the test's name
        console.warn(warningLine(check, requiredLevel));
      });
    }
  });
}
