import type { Command } from 'commander';
import type { Level } from '../../contracts/check.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseLevel } from '../options.ts';

export interface MergeFlags {
  reportDir: string;
  format?: string;
  requireLevel?: Level;
  config?: string;
}

/** `trusthub-conformance merge`: combine the shard reports of one certification into its report. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the report.json files of all shards (run --shard i/n) into the report of the whole certification')
    .argument('<reports...>', "every shard's report.json (e.g. shard-*/report.json)")
    .option('--report-dir <dir>', 'where the merged reports are written', 'conformance-report')
    .option('--format <list>', 'report formats: json,junit,md,html,badge,codequality (comma-separated)', 'json,junit,md,html,badge')
    .option('--require-level <1|2|3>', 'level needed for exit code 0 (default: the level the shards required)', parseLevel('--require-level'))
    .option('--config <path>', 'config file for reportDir, format and requireLevel (default: trusthub-conformance.config.* here)')
    .addHelpText(
      'after',
      '\nThe shards must come from one certification: same seed, runs, checks, target and tool version, each of 1..n once.\n' +
        'Exit codes: 0 conformant, 1 not conformant, 2 the reports do not make one certification, 74 a merged report could not be written.',
    )
    .action(async (files: string[], flags: MergeFlags, cmd: Command) => {
      const { applyConfig } = await import('../config.ts');
      process.exitCode = await executeMerge(files, await applyConfig(flags, cmd));
    });
}

/** The whole `merge` command; returns the exit code. */
export async function executeMerge(files: string[], flags: MergeFlags): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const { MergeError, mergeShardReports, parseShardReport } = await import('../../shard/merge.ts');
  const { emitReport, exitAfter } = await import('../emit.ts');
  const { checkFormats, checkReportDir, checkStepSummary } = await import('../preflight.ts');
  // where the merged report goes, before reading the shards
  await checkFormats(flags.format ?? 'json,junit,md,html,badge');
  await checkReportDir(flags.reportDir);
  await checkStepSummary();
  const shards = await Promise.all(
    files.map(async (file) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      try {
        return parseShardReport(file, text);
      } catch (err) {
        if (err instanceof MergeError) throw new UsageError(err.message);
        throw err;
      }
    }),
  );
  let report: Awaited<ReturnType<typeof mergeShardReports>>;
  try {
    report = mergeShardReports(shards, flags.requireLevel !== undefined ? { requiredLevel: flags.requireLevel } : {});
  } catch (err) {
    if (err instanceof MergeError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(`merged ${shards.length} shard${shards.length === 1 ? '' : 's'} (seed ${report.seed}, ${report.runs} runs per category)\n`);
  const unwritten = await emitReport(report, flags);
  return exitAfter(report.verdict.conformant ? EXIT.conformant : EXIT.notConformant, unwritten);
}
