import type { Check } from '../contracts/check.ts';
import { certify, } from '../engine/run/certify.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { deviationLines } from '../evidence/deviations.ts';
import { cassetteOutput } from '../evidence/har.ts';
import { loadRunEvidence } from '../evidence/run.ts';
import { checkLiveFlags, dryRun, maxCreatesOf, startLive } from './live.ts';
import { preparePact } from './pact.ts';
import { rerunCommand } from './rerun.ts';
import type { Report } from '../contracts/report.ts';
import type { RunFlags } from './run-flags.ts';
import { DEFAULT_FORMATS, emitReport, exitAfter, sayFailures } from './emit.ts';
import { EXIT, UsageError } from './errors.ts';
import { policySidsFrom, selectChecks, targetFromFlags } from './options.ts';
import { progress } from './output.ts';
import { headerNotice, parseHeaders } from './headers.ts';
import { verbose } from './verbose.ts';
import { runSecrets } from '../engine/run/run.ts';
import { checkFormats, checkRate, checkRecordPath, checkReportDir, checkStepSummary } from './preflight.ts';

/** The whole `run` command; returns the exit code. */
export async function executeRun(flags: RunFlags): Promise<number> {
  // first of all, before anything can be sent: Twilio's production API needs --live
  checkLiveFlags(flags);
  checkRate(flags.rps);
  const headers = parseHeaders(flags.header);
  const checks: Check[] = selectChecks(CHECKS, flags.only, flags.skip);
  const policySids = policySidsFrom(flags);
  if (flags.dryRun) return dryRun(flags, policySids);
  // everything written at the end must be writable now: a run must not end without its report
  await checkFormats(flags.format ?? DEFAULT_FORMATS);
  await checkReportDir(flags.reportDir);
  if (flags.record) await checkRecordPath(flags.record, '--record', cassetteOutput(flags.record));
  await checkStepSummary();
  const pact = await preparePact(flags);
  // --observations, --deviations (read now: a bad file stops the run before any request) and --record
  const evidence = await loadRunEvidence(flags);
  if (flags.shard && flags.seed === undefined) throw new UsageError('--shard needs --seed: every shard must draw the same plan');
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const target = targetFromFlags(flags);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // what the run created and has not deleted yet: a second signal names it (the embedded mock's go with it)
  const created = new Set<string>();
  const live = startLive(flags, target === undefined, log, target && { target: target.url, dir: flags.reportDir, sids: () => [...created] });
  const notice = headerNotice(headers);
  if (notice) log(notice);
  const { report, run, target: opened, failures } = await certify({
    ...(target ? { target } : {}),
    seed,
    runs: flags.runs,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    maxResponseBytes: flags.maxResponseBytes,
    checks,
    only: flags.only,
    skip: flags.skip,
    requiredLevel: flags.requireLevel,
    policySids,
    shrink: flags.shrink,
    ...(headers ? { headers } : {}),
    ...(flags.maxFailures !== undefined ? { maxFailures: flags.maxFailures } : {}),
    ...(flags.verbose ? { onExchange: verbose(target ? runSecrets(target.credentials, headers) : Object.values(headers ?? {})) } : {}),
    ...(flags.shard ? { shard: flags.shard } : {}),
    transport: live.transport,
    live: { maxCreates: maxCreatesOf(flags), keepCreated: flags.keepCreated === true },
    evidence,
    ...(pact ? { pact } : {}),
    rerun: (t) => rerunCommand(flags, seed, t),
    signal: live.signal,
    ...(target ? { onCreated: (sid: string) => created.add(sid), onDeleted: (sid: string) => created.delete(sid) } : {}),
    onProgress: flags.progress ? progress() : undefined,
    log,
  });
  // what failed after the run (the cassette, the Pact verification) is said after the verdict and decides the exit code
  const after = [...evidence.failures, ...failures];
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
  const hint = policyHint(report, opened.embedded, policySids);
  if (hint) process.stderr.write(`hint: ${hint}\n`);
  sayFailures(after);
  return live.finish(exitAfter(report.verdict.conformant ? EXIT.conformant : EXIT.notConformant, [...after, ...unwritten]));
}

/** A live target refusing every valid create usually means its policies are unknown to it. */
export function policyHint(report: Report, embedded: boolean, policySids: string[] | undefined): string | undefined {
  if (embedded || policySids?.length) return undefined;
  const created = report.checks.find((c) => c.id === 'create.status-201');
  if (!created || created.passed > 0 || created.failed === 0) return undefined;
  const status = created.firstFailure?.response?.status;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  return 'every valid create was refused with a 4xx: a real account only accepts its own policies; pass --policy-sid RN… (repeatable)';
}
