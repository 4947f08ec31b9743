import type { Report } from '../contracts/report.ts';
import { UsageError } from './errors.ts';
import { renderSummary } from './output.ts';
import type { RunFlags } from './run-flags.ts';

export const DEFAULT_FORMATS = 'json,junit,md,html,badge';

/** Write every requested format (and the GitHub step summary when set); say where they went. */
export async function emitReport(report: Report, flags: Pick<RunFlags, 'reportDir' | 'format'>): Promise<void> {
  const { appendStepSummary, parseFormats, writeReports } = await import('../reports/index.ts');
  let formats: ReturnType<typeof parseFormats>;
  try {
    formats = parseFormats(flags.format ?? DEFAULT_FORMATS);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  const written = await writeReports(report, flags.reportDir, formats);
  await appendStepSummary(report);
  process.stdout.write(renderSummary(report));
  process.stderr.write(`reports: ${written.map((w) => w.path).join(', ')}\n`);
}
