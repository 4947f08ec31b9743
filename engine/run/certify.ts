/**
 * The one path from options to a Report: open the target (or start the embedded reference mock),
 * run the suite (or the differential run), verify pacts, and build the report once with every
 * input its verdict depends on. `run`, `diff`, the library's certify() and the vitest adapter call it.
 */
import { resolve } from 'node:path';
import type { Level } from '../../contracts/check.ts';
import { isToolError, ToolError } from '../../contracts/errors.ts';
import type { Report } from '../../contracts/report.ts';
import type { DiffReference, ExpectedDivergence } from '../../evidence/diff.ts';
import type { Recording, RunEvidence } from '../../evidence/run.ts';
import type { MockOptions } from '../../mock/options.ts';
import type { PactPlan } from '../../pact/run.ts';
import type { Credentials } from '../transport/credentials.ts';
import { liveLine, proxyOf } from './live.ts';
import { buildReport, type ReportInputs } from '../judge/report.ts';
import { type RunOptions, type RunResult, runSuite } from './run.ts';

/** A target the caller names; without one the embedded reference mock is certified. */
export interface TargetSpec {
  url: string;
  credentials: Credentials;
  /** the base the target builds resource URLs from (checked exactly when given) */
  publicBaseUrl?: string;
}

/** The target as certify() opened it. */
export interface OpenedTarget extends TargetSpec {
  embedded: boolean;
  /** the embedded mock's hook for Pact provider states */
  addPolicy?: (policySid: string) => void;
}

/** What the engine takes from the suite's own options as they are (engine/run/run.ts RunOptions says what each is). */
type SuiteOptions = Pick<
  RunOptions,
  'seed' | 'runs' | 'concurrency' | 'timeoutMs' | 'maxResponseBytes' | 'checks' | 'policySids' | 'shrink' | 'shard' | 'headers' | 'maxFailures'
>;

export interface EngineOptions extends SuiteOptions {
  target?: TargetSpec;
  /** options of the embedded reference mock when there is no target */
  mock?: MockOptions;
  /** what selected the checks (already applied), for the report */
  only?: string[];
  skip?: string[];
  requiredLevel: Level;
  /** TLS, rate and retries */
  transport?: { caFile?: string; insecure?: boolean; rps?: number; retries?: number; retryMaxMs?: number };
  /** a create budget, and whether the profiles created are kept (deleted at the end by default, on a real target) */
  live?: { maxCreates?: number; keepCreated?: boolean };
  /** loaded evidence files (observations, deviations, a cassette to record) */
  evidence?: RunEvidence;
  /** pacts to verify after the suite */
  pact?: PactPlan;
  /** a differential run: the target is compared case by case with this reference */
  diff?: { reference: DiffReference; expected: readonly ExpectedDivergence[]; expectationsFile?: string };
  /** the first line, naming what is run against (default "certifying <target> (seed …)") */
  announce?: (target: string) => string;
  /** the command that reruns this certification, from the opened target */
  rerun: (target: OpenedTarget) => string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** every judged exchange, as it is judged */
  onExchange?: RunOptions['onExchange'];
  /** every profile the run creates and deletes, as it happens (what a run abandoned now would leave behind) */
  onCreated?: RunOptions['onCreated'];
  onDeleted?: RunOptions['onDeleted'];
  /** a line for the person running it (what is being certified, the cassette, creates, pacts) */
  log?: (line: string) => void;
}

export interface Certification {
  report: Report;
  target: OpenedTarget;
  /** what failed after the run without stopping the report (the Pact verification): the CLI prints the verdict, then these */
  failures: ToolError[];
  /** the run as the engine saw it (unreachable, not sent, created) */
  run: RunResult;
  /** a differential run: expectations no divergence used */
  unusedExpectations?: ExpectedDivergence[];
}

export async function certify(opts: EngineOptions): Promise<Certification> {
  const log = opts.log ?? (() => undefined);
  const { target, close } = await openTarget(opts);
  let recording: Recording | undefined;
  try {
    const what = target.embedded ? `the embedded reference mock at ${target.url}` : target.url;
    log(opts.announce ? opts.announce(what) : `certifying ${what} (seed ${opts.seed}, ${opts.runs} runs per category)`);
    const runOptions = suiteOptions(opts, target);
    recording = opts.diff ? undefined : opts.evidence?.record({ target: target.url, embedded: target.embedded, seed: opts.seed, runs: opts.runs, policySids: opts.policySids, shard: opts.shard, credentials: target.credentials, headers: opts.headers });
    const inputs: ReportInputs = { ...opts.evidence?.reportInputs(), options: reportOptions(opts, target) };
    let run: RunResult;
    let unusedExpectations: ExpectedDivergence[] | undefined;
    if (opts.diff) {
      const { runDiff } = await import('../../evidence/diff.ts');
      const result = await runDiff({ target: runOptions, reference: opts.diff.reference, expected: opts.diff.expected });
      run = result.target;
      if (result.reference?.unreachable && !run.unreachable) run.unreachable = result.reference.unreachable;
      unusedExpectations = result.unused;
      inputs.diff = { divergences: result.divergences, summary: { ...result.summary, ...(opts.diff.expectationsFile ? { expectationsFile: opts.diff.expectationsFile } : {}) } };
      delete inputs.options;
    } else {
      run = await runSuite({ ...runOptions, onExchange: combine<Parameters<NonNullable<RunOptions['onExchange']>>>(recording?.add, opts.onExchange) });
    }
    if (recording) log(recording.close(run));
    if (opts.shard && !opts.diff) {
      const { shardInfo } = await import('../../shard/merge.ts');
      inputs.shard = shardInfo(run, opts.shard, { seed: opts.seed, runs: opts.runs, policySids: opts.policySids, shrink: opts.shrink !== false });
      log(`shard ${opts.shard.index}/${opts.shard.count}: combine every shard's report.json with 'trusthub-conformance merge'`);
    }
    if (!opts.diff && run.live && (!target.embedded || run.live.maxCreates !== undefined)) {
      inputs.live = { ...run.live, ...(opts.live?.keepCreated && !target.embedded ? { kept: true } : {}) };
      const line = liveLine(inputs.live);
      if (line) log(line);
    }
    // a sharded certification verifies its pacts once, in shard 1
    const failures: ToolError[] = [];
    if (opts.pact && !run.incomplete && (!opts.shard || opts.shard.index === 1)) {
      const { runPactVerification } = await import('../../pact/run.ts');
      try {
        inputs.extraChecks = await runPactVerification(opts.pact, target, { timeoutMs: opts.timeoutMs, policySids: opts.policySids, log });
      } catch (err) {
        // the suite ran and is judged: a broker or verifier failing now costs the pact checks, not the report
        failures.push(isToolError(err) ? err : new ToolError('CT_ERR_PACT', `the Pact verification failed: ${err instanceof Error ? err.message : String(err)}`));
        log('pact: not verified (said below); the report is written without the pact checks');
      }
    }
    const report = buildReport(run, reportMeta(opts, target), inputs);
    return { report, target, run, failures, ...(unusedExpectations ? { unusedExpectations } : {}) };
  } finally {
    recording?.abort();
    await close();
  }
}

async function openTarget(opts: EngineOptions): Promise<{ target: OpenedTarget; close: () => Promise<unknown> }> {
  if (opts.target) {
    const url = opts.target.url.replace(/\/+$/, '');
    return { target: { ...opts.target, url, embedded: false }, close: async () => undefined };
  }
  const mock = await import('../../mock/index.ts');
  const server = await mock.startMock({ port: 0, ...opts.mock });
  const account = server.accounts[0]!;
  return {
    target: {
      url: server.url,
      embedded: true,
      credentials: { accountSid: account.accountSid, username: account.accountSid, password: account.authToken, kind: 'auth-token' },
      publicBaseUrl: server.publicBaseUrl,
      addPolicy: (policySid) => server.addPolicy(policySid),
    },
    close: () => server.close(),
  };
}

function suiteOptions(opts: EngineOptions, target: OpenedTarget): Omit<RunOptions, 'onExchange'> {
  const t = opts.transport ?? {};
  return {
    targetUrl: target.url,
    credentials: target.credentials,
    seed: opts.seed,
    runs: opts.runs,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    checks: opts.evidence ? opts.evidence.checks(opts.checks) : opts.checks,
    policySids: opts.policySids,
    publicBaseUrl: target.publicBaseUrl,
    // both sides of a differential run must see exactly the corpus: no shrinking requests on one side only
    shrink: opts.diff ? false : opts.shrink,
    maxCreates: opts.live?.maxCreates,
    // the embedded mock is thrown away with its profiles: nothing to delete, nothing to remember
    cleanup: !opts.diff && !target.embedded && !opts.live?.keepCreated,
    retries: t.retries,
    retryMaxMs: t.retryMaxMs,
    rps: t.rps,
    caFile: t.caFile,
    insecure: t.insecure,
    signal: opts.signal,
    onProgress: opts.onProgress,
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.maxFailures !== undefined ? { maxFailures: opts.maxFailures } : {}),
    ...(opts.onCreated ? { onCreated: opts.onCreated } : {}),
    ...(opts.onDeleted ? { onDeleted: opts.onDeleted } : {}),
  };
}

function reportOptions(opts: EngineOptions, target: OpenedTarget): ReportInputs['options'] {
  const t = opts.transport;
  if (!t) return {};
  const proxy = target.embedded ? undefined : proxyOf(target.url);
  return {
    ...(t.caFile ? { caFile: resolve(t.caFile) } : {}),
    ...(t.insecure ? { insecure: true } : {}),
    ...(proxy ? { proxy } : {}),
    ...(t.rps ? { rps: t.rps } : {}),
    ...(t.retries !== undefined ? { retry: { retries: t.retries, maxTotalMs: t.retryMaxMs ?? 30_000 } } : {}),
  };
}

function reportMeta(opts: EngineOptions, target: OpenedTarget) {
  return {
    targetUrl: target.url,
    embedded: target.embedded,
    seed: opts.seed,
    runs: opts.runs,
    requiredLevel: opts.requiredLevel,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    ...(opts.only?.length ? { only: opts.only } : {}),
    ...(opts.skip?.length ? { skip: opts.skip } : {}),
    rerun: opts.rerun(target),
    plan: { ...(opts.policySids?.length ? { policySids: opts.policySids } : {}), shrink: opts.shrink !== false },
  };
}

function combine<A extends unknown[]>(a?: (...args: A) => void, b?: (...args: A) => void): ((...args: A) => void) | undefined {
  if (!a || !b) return a ?? b;
  return (...args) => {
    a(...args);
    b(...args);
  };
}
