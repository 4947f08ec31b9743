import type { Command } from 'commander';
import type { Report } from '../contracts/report.ts';
import { resolveOptions } from '../engine/options/resolve.ts';
import { rerunCommand } from '../engine/options/rerun.ts';
import { certify } from '../engine/run/certify.ts';
import { cassetteOutput } from '../evidence/har.ts';
import { deviationLines } from '../evidence/deviations.ts';
import { DEFAULT_FORMATS, emitReport, exitAfter, sayFailures } from './emit.ts';
import { EXIT } from './errors.ts';
import { headerNotice } from './headers.ts';
import { credentialOrigins, runInput } from './inputs.ts';
import { startLive } from './live.ts';
import { progress } from './output.ts';
import { checkFormats, checkRecordPath, checkReportDir, checkStepSummary } from './preflight.ts';
import { pactRerunArgs } from './rerun.ts';
import type { RunFlags } from './run-flags.ts';
import { verbose } from './verbose.ts';

/** The whole `run` command; returns the exit code. */
export async function executeRun(flags: RunFlags, cmd?: Command): Promise<number> {
  // the options, resolved once before anything can be sent: every value, every input file, and
  // Twilio's production API only with --live; everything below reads `options`, not the flags
  const options = await resolveOptions(runInput(flags), { purpose: flags.dryRun ? 'plan' : 'run', origins: credentialOrigins(cmd) });
  if (flags.dryRun) return (await import('./dry-run.ts')).dryRun(options);
  // everything written at the end must be writable now: a run must not end without its report
  await checkFormats(flags.format ?? DEFAULT_FORMATS);
  await checkReportDir(flags.reportDir);
  if (options.evidence.record) await checkRecordPath(options.evidence.record, '--record', cassetteOutput(options.evidence.record));
  await checkStepSummary();
  // the Pact part loads only when a pact flag was given (its verifier is heavy)
  const pactFlags = [flags.pact, flags.pactFile?.length, flags.pactBrokerUrl, flags.pactPublish, flags.providerVersion, flags.providerVersionBranch, flags.pactConsumerVersionSelector?.length, flags.pactProvider];
  const pact = pactFlags.some(Boolean) ? await (await import('./pact.ts')).preparePact(flags) : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const live = startLive(options, log, flags.reportDir);
  const notice = headerNotice(options.headers);
  if (notice) log(notice);
  const secrets = !flags.verbose
    ? []
    : options.credentials && options.target
      ? (await import('../engine/run/run.ts')).runSecrets(options.credentials, options.headers)
      : Object.values(options.headers ?? {});
  const { report, run, target: opened, failures } = await certify(options, {
    ...(pact ? { pact } : {}),
    rerun: (t) => rerunCommand(options, t, pactRerunArgs(flags)),
    signal: live.signal,
    onCreated: live.onCreated,
    onDeleted: live.onDeleted,
    ...(flags.verbose ? verbose(secrets) : {}),
    onProgress: flags.progress ? progress() : undefined,
    log,
  });
  // what failed after the run (the cassette, the Pact verification) is said after the verdict and decides the exit code
  const after = failures;
  // nothing could be judged: one line and exit 3; what was gathered is kept in report.json (no verdict table, no badge)
  if (run.unreachable) {
    const { writeReportFiles } = await import('../reports/index.ts');
    const { written, failed } = writeReportFiles(report, flags.reportDir, ['json']);
    const kept = written[0] ? `what was gathered is in ${written[0].path}` : 'report.json could not be written';
    process.stderr.write(`trusthub-conformance: ${run.unreachable} (nothing was judged; ${kept})\n`);
    sayFailures([...failed, ...after]);
    return live.finish(EXIT.unreachable);
  }
  const unwritten = await emitReport(report, flags);
  for (const line of deviationLines(report)) process.stdout.write(`${line}\n`);
  const hint = policyHint(report, opened.embedded, options.policySids);
  if (hint) process.stderr.write(`hint: ${hint}\n`);
  sayFailures(after);
  return live.finish(exitAfter(report.verdict.conformant ? EXIT.conformant : EXIT.notConformant, [...after, ...unwritten]));
}

/** Statuses that say nothing about the policies: the credentials were refused, or the target throttled. */
const NOT_ABOUT_POLICIES = new Set([401, 429]);

/**
 * A live target refusing every valid create usually means its policies are unknown to it: said
 * only when the valid creates got a 4xx that is not about credentials (401) or throttling (429).
 */
export function policyHint(report: Report, embedded: boolean, policySids: readonly string[] | undefined): string | undefined {
  if (embedded || policySids?.length) return undefined;
  const created = report.checks.find((c) => c.id === 'create.status-201');
  if (!created || created.passed > 0 || created.failed === 0) return undefined;
  const status = created.firstFailure?.response?.status;
  if (status === undefined || status < 400 || status >= 500 || NOT_ABOUT_POLICIES.has(status)) return undefined;
  return 'every valid create was refused with a 4xx: a real account only accepts its own policies; pass --policy-sid RN… (repeatable)';
}
