import type { ToolError } from '../contracts/errors.ts';
import type { Report } from '../contracts/report.ts';
import { EXIT, EXIT_FOR_CODE, UsageError } from './errors.ts';
import { renderSummary } from './output.ts';
import type { RunFlags } from './run-flags.ts';

export const DEFAULT_FORMATS = 'json,junit,md,html,badge';

/**
 * Write every requested format (and the GitHub step summary when set), print the verdict (and,
 * under GitHub Actions, one ::error or ::warning per failure), say
 * where the reports went. A file that cannot be written (disk full, folder removed) does not stop
 * the others nor the verdict: each failure is one line on stderr, and is returned.
 */
export async function emitReport(report: Report, flags: Pick<RunFlags, 'reportDir' | 'format'>): Promise<ToolError[]> {
  const { appendStepSummary, githubAnnotations, OutputRefusedError, parseFormats, writeReportFiles, WriteError } = await import('../reports/index.ts');
  let formats: ReturnType<typeof parseFormats>;
  try {
    formats = parseFormats(flags.format ?? DEFAULT_FORMATS);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  const { written, failed, statement } = writeReportFiles(report, flags.reportDir, formats);
  const failures: ToolError[] = [...failed];
  try {
    await appendStepSummary(report);
  } catch (err) {
    if (!(err instanceof WriteError || err instanceof OutputRefusedError)) throw err;
    failures.push(err);
  }
  process.stdout.write(renderSummary(report));
  // on GitHub Actions, each failure as a workflow command: an annotation on the run and the pull request
  if (process.env.GITHUB_ACTIONS === 'true') for (const line of githubAnnotations(report)) process.stdout.write(`${line}\n`);
  if (written.length > 0) process.stderr.write(`reports: ${[...written.map((w) => w.path), ...(statement ? [statement] : [])].join(', ')}\n`);
  sayFailures(failures);
  return failures;
}

/** Each failure after the run as one line on stderr. */
export function sayFailures(failures: readonly ToolError[]): void {
  for (const f of failures) process.stderr.write(`trusthub-conformance: ${f.message}\n`);
}

/**
 * The exit code once the verdict is printed: a failure after the run (a report, the cassette or the
 * summary not written; the Pact verification not done) wins over the verdict's code, so CI never
 * takes a run with missing outputs for a clean one. The first failure's code decides.
 */
export function exitAfter(verdictCode: number, failures: readonly ToolError[]): number {
  const first = failures[0];
  return first ? (EXIT_FOR_CODE[first.code] ?? EXIT.internal) : verdictCode;
}
