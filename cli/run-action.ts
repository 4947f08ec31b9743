import type { Check } from '../contracts/check.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { type Credentials, resolveCredentials } from '../engine/credentials.ts';
import { buildReport } from '../engine/report.ts';
import { runSuite } from '../engine/run.ts';
import { addLiveToReport, checkLiveFlags, dryRun, startLive } from './live.ts';
import { addPactChecks, pactRerunArgs, preparePact, runPactVerification } from './pact.ts';
import { evidenceRerunArgs, loadRunEvidence, type Recording } from '../evidence/run.ts';
import type { Report } from '../contracts/report.ts';
import { policySidsFrom, type RunFlags } from './commands/run.ts';
import { EXIT, UsageError } from './errors.ts';
import { selectChecks } from './options.ts';
import { progress, renderSummary } from './output.ts';
import { parseUrl } from './options.ts';

interface Target {
  url: string;
  embedded: boolean;
  credentials: Credentials;
  publicBaseUrl?: string;
  /** the embedded mock's hook for Pact provider states */
  addPolicy?: (policySid: string) => void;
  close: () => Promise<void>;
}

async function openTarget(flags: RunFlags): Promise<Target> {
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new UsageError(resolved.error);
  if (flags.target) {
    const url = parseUrl('--target', flags.target);
    if (!resolved) {
      throw new UsageError('credentials are needed for --target: --account-sid with --auth-token (or --api-key/--api-secret), or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN');
    }
    const publicBaseUrl = flags.publicBaseUrl ? parseUrl('--public-base-url', flags.publicBaseUrl) : undefined;
    return { url, embedded: false, credentials: resolved, publicBaseUrl, close: async () => undefined };
  }
  const mock = await import('../mock/index.ts');
  const server = await mock.startMock({ port: 0 });
  return {
    url: server.url,
    embedded: true,
    credentials: {
      accountSid: mock.DEFAULT_ACCOUNT_SID,
      username: mock.DEFAULT_ACCOUNT_SID,
      password: mock.DEFAULT_AUTH_TOKEN,
      kind: 'auth-token',
    },
    publicBaseUrl: server.url,
    addPolicy: (policySid: string) => server.addPolicy(policySid),
    close: () => server.close(),
  };
}

function rerunCommand(flags: RunFlags, seed: number, target: Target): string {
  const parts = ['npx trusthub-conformance run'];
  if (!target.embedded) parts.push(`--target ${target.url}`);
  parts.push(`--seed ${seed}`, `--runs ${flags.runs}`);
  if (flags.only?.length) parts.push(`--only ${flags.only.join(',')}`);
  if (flags.skip?.length) parts.push(`--skip ${flags.skip.join(',')}`);
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

/** The whole `run` command; returns the exit code. */
export async function executeRun(flags: RunFlags): Promise<number> {
  // first of all, before anything can be sent: Twilio's production API needs --live
  checkLiveFlags(flags);
  const checks: Check[] = selectChecks(CHECKS, flags.only, flags.skip);
  const policySids = policySidsFrom(flags);
  if (flags.dryRun) return dryRun(flags, policySids);
  const pact = await preparePact(flags);
  // --observations, --deviations (read now: a bad file stops the run before any request) and --record
  const evidence = await loadRunEvidence(flags);
  if (flags.shard && flags.seed === undefined) throw new UsageError('--shard needs --seed: every shard must draw the same plan');
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const target = await openTarget(flags);
  const live = startLive(flags, target.embedded, (line) => process.stderr.write(`${line}\n`));
  let report: Report;
  let recording: Recording | undefined;
  let declaredLines: string[] = [];
  try {
    process.stderr.write(`certifying ${target.embedded ? `the embedded reference mock at ${target.url}` : target.url} (seed ${seed}, ${flags.runs} runs per category)\n`);
    recording = evidence.record({ target: target.url, embedded: target.embedded, seed, runs: flags.runs, policySids, shard: flags.shard, credentials: target.credentials });
    const result = await runSuite({
      targetUrl: target.url,
      credentials: target.credentials,
      seed,
      runs: flags.runs,
      concurrency: flags.concurrency,
      timeoutMs: flags.timeout,
      maxResponseBytes: flags.maxResponseBytes,
      checks: evidence.checks(checks),
      policySids,
      publicBaseUrl: target.publicBaseUrl,
      shrink: flags.shrink,
      ...live.runOptions,
      onProgress: flags.progress ? progress() : undefined,
      onExchange: recording?.add,
      ...(flags.shard ? { shard: flags.shard } : {}),
    });
    if (recording) process.stderr.write(`${recording.close(result)}\n`);
    report = buildReport(result, {
      targetUrl: target.url,
      embedded: target.embedded,
      seed,
      runs: flags.runs,
      requiredLevel: flags.requireLevel,
      concurrency: flags.concurrency,
      timeoutMs: flags.timeout,
      only: flags.only,
      skip: flags.skip,
      rerun: rerunCommand(flags, seed, target),
    });
    declaredLines = evidence.finishReport(report);
    if (flags.shard) {
      const { shardInfo } = await import('../shard/merge.ts');
      report.shard = shardInfo(result, flags.shard, { seed, runs: flags.runs, policySids, shrink: flags.shrink });
      process.stderr.write(`shard ${flags.shard.index}/${flags.shard.count}: combine every shard's report.json with 'trusthub-conformance merge'\n`);
    }
    addLiveToReport(report, result, flags, target.embedded, (line) => process.stderr.write(`${line}\n`));
    if (result.unreachable) {
      await emitReport(report, flags);
      process.stderr.write(`trusthub-conformance: ${result.unreachable}\n`);
      return live.finish(EXIT.unreachable);
    }
    // a sharded certification verifies its pacts once, in shard 1
    if (pact && !result.incomplete && (!flags.shard || flags.shard.index === 1)) {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const pactChecks = await runPactVerification(pact, target, { timeoutMs: flags.timeout, policySids, log });
      addPactChecks(report, pactChecks, flags.requireLevel);
    }
  } finally {
    recording?.abort();
    await target.close();
  }
  await emitReport(report, flags);
  for (const line of declaredLines) process.stdout.write(`${line}\n`);
  const hint = policyHint(report, target.embedded, policySids);
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
