import type { Check } from '../contracts/check.ts';
import { type OpenedTarget, type TargetSpec, certify } from '../engine/certify.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { resolveCredentials } from '../engine/credentials.ts';
import { deviationLines } from '../evidence/deviations.ts';
import { evidenceRerunArgs, loadRunEvidence } from '../evidence/run.ts';
import { checkLiveFlags, dryRun, maxCreatesOf, startLive } from './live.ts';
import { pactRerunArgs, preparePact } from './pact.ts';
import type { Report } from '../contracts/report.ts';
import { policySidsFrom, type RunFlags } from './commands/run.ts';
import { EXIT, UsageError } from './errors.ts';
import { selectChecks } from './options.ts';
import { progress, renderSummary } from './output.ts';
import { headerNotice, headerRerunArgs, parseHeaders } from './headers.ts';
import { verbose } from './verbose.ts';
import { runSecrets } from '../engine/run.ts';
import { parseUrl } from './options.ts';

function rerunCommand(flags: RunFlags, seed: number, target: OpenedTarget): string {
  const parts = ['npx trusthub-conformance run'];
  if (!target.embedded) parts.push(`--target ${target.url}`);
  parts.push(`--seed ${seed}`, `--runs ${flags.runs}`);
  if (flags.only?.length) parts.push(`--only ${flags.only.join(',')}`);
  if (flags.skip?.length) parts.push(`--skip ${flags.skip.join(',')}`);
  // the names only: each value from its TRUSTHUB_HEADER_<NAME> variable
  parts.push(...headerRerunArgs(parseHeaders(flags.header)));
  parts.push(...pactRerunArgs(flags));
  parts.push(...evidenceRerunArgs(flags));
  return parts.join(' ');
}

/** Write every requested format (and the GitHub step summary when set); say where they went. */
export async function emitReport(report: Report, flags: Pick<RunFlags, 'reportDir' | 'format'>): Promise<void> {
  const { appendStepSummary, parseFormats, writeReports } = await import('../reports/index.ts');
  let formats: ReturnType<typeof parseFormats>;
  try {
    formats = parseFormats(flags.format ?? 'json,junit,md,html,badge');
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  const written = await writeReports(report, flags.reportDir, formats);
  await appendStepSummary(report);
  process.stdout.write(renderSummary(report));
  process.stderr.write(`reports: ${written.map((w) => w.path).join(', ')}\n`);
}

/** The target the flags name, or none (the embedded mock); credentials are needed for a target. */
function targetOf(flags: RunFlags): TargetSpec | undefined {
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new UsageError(resolved.error);
  if (!flags.target) return undefined;
  const url = parseUrl('--target', flags.target);
  if (!resolved) {
    throw new UsageError('credentials are needed for --target: --account-sid with --auth-token (or --api-key/--api-secret), or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN');
  }
  const publicBaseUrl = flags.publicBaseUrl ? parseUrl('--public-base-url', flags.publicBaseUrl) : undefined;
  return { url, credentials: resolved, ...(publicBaseUrl ? { publicBaseUrl } : {}) };
}

/** The whole `run` command; returns the exit code. */
export async function executeRun(flags: RunFlags): Promise<number> {
  // first of all, before anything can be sent: Twilio's production API needs --live
  checkLiveFlags(flags);
  const headers = parseHeaders(flags.header);
  const checks: Check[] = selectChecks(CHECKS, flags.only, flags.skip);
  const policySids = policySidsFrom(flags);
  if (flags.dryRun) return dryRun(flags, policySids);
  const pact = await preparePact(flags);
  // --observations, --deviations (read now: a bad file stops the run before any request) and --record
  const evidence = await loadRunEvidence(flags);
  if (flags.shard && flags.seed === undefined) throw new UsageError('--shard needs --seed: every shard must draw the same plan');
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const target = targetOf(flags);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const live = startLive(flags, target === undefined, log);
  const notice = headerNotice(headers);
  if (notice) log(notice);
  const { report, run, target: opened } = await certify({
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
    onProgress: flags.progress ? progress() : undefined,
    log,
  });
  if (run.unreachable) {
    await emitReport(report, flags);
    process.stderr.write(`trusthub-conformance: ${run.unreachable}\n`);
    return live.finish(EXIT.unreachable);
  }
  await emitReport(report, flags);
  for (const line of deviationLines(report)) process.stdout.write(`${line}\n`);
  const hint = policyHint(report, opened.embedded, policySids);
  if (hint) process.stderr.write(`hint: ${hint}\n`);
  return live.finish(report.verdict.conformant ? EXIT.conformant : EXIT.notConformant);
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
