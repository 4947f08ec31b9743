/**
 * The one path from options to a Report: open the target (or start the embedded reference mock),
 * run the suite (or the differential run), verify pacts, and build the report once with every
 * input its verdict depends on. `run`, `diff`, the library's certify() and the vitest adapter call it.
 */
import { resolve } from 'node:path';
import { isToolError, ToolError } from '../../contracts/errors.ts';
import type { Report } from '../../contracts/report.ts';
import type { ExpectedDivergence } from '../../evidence/diff.ts';
import type { Recording, RunEvidence } from '../../evidence/run.ts';
import type { PactPlan } from '../../pact/run.ts';
import { type Credentials, otherPairOf } from '../transport/credentials.ts';
import type { MockAccount } from '../../mock/options.ts';
import { budgetLine, liveLine, proxyOf } from './live.ts';
import type { ReportInputs } from '../judge/report.ts';
import type { RunOptions, RunResult } from './run.ts';
import type { Check } from '../../contracts/check.ts';
import type { ResolvedOptions } from '../options/model.ts';
import { assertResolved } from '../options/resolve.ts';
import { rerunCommand } from '../options/rerun.ts';
import { CREDENTIALS_READ, reachTarget } from './reach.ts';

/** A target as certify() speaks to it: its base URL and the credentials it is sent. */
export interface TargetSpec {
  url: string;
  credentials: Credentials;
  /** the base the target builds resource URLs from (checked exactly when given) */
  publicBaseUrl?: string;
}

/** The target as certify() opened it. */
export interface OpenedTarget extends TargetSpec {
  embedded: boolean;
  /** the target's clock is this process's own (the embedded mock, unless its fault stops it): no wait before the late create */
  ownClock?: boolean;
  /** the embedded mock's hook for Pact provider states */
  addPolicy?: (policySid: string) => void;
}

/** What a certification reports as it goes, and what the entry adds that is not an option. */
export interface CertifyHooks {
  /** pacts to verify after the suite (the run command prepares them) */
  pact?: PactPlan;
  /** the first line, naming what is run against (default "certifying <target> (seed …)") */
  announce?: (target: string) => string;
  /** the command that reruns this certification (default: the run command the options give) */
  rerun?: (target: OpenedTarget) => string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** every judged exchange, as it is judged */
  onExchange?: RunOptions['onExchange'];
  /** every other judged answer (follow-ups, credential probes, the cleanup, answers a retry replaced), as it is judged */
  onReply?: RunOptions['onReply'];
  /** every profile created and deleted, as it happens, with the base URL it is on (a diff's reference creates too) */
  onCreated?: (sid: string, base: string) => void;
  onDeleted?: (sid: string, base: string) => void;
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
  /** a differential run against a URL: the reference's run */
  reference?: RunResult;
  /** a differential run: expectations no divergence used */
  unusedExpectations?: ExpectedDivergence[];
}

/**
 * The one path from options to a Report. It takes only options resolveOptions() made (engine/
 * options): whatever the entry, nothing reaches a target that was not validated, guarded and
 * checked. Before the plan, one authenticated read tells whether the target is there and takes the
 * credentials.
 */
export async function certify(options: ResolvedOptions, hooks: CertifyHooks = {}): Promise<Certification> {
  assertResolved(options, 'certify()', ['run', 'diff']);
  const log = hooks.log ?? (() => undefined);
  const diff = options.purpose === 'diff';
  // the evidence files are read before any connection: a bad one stops the run with nothing sent
  const evidence = await loadEvidence(options);
  const expected = options.expectations ? await (await import('../../evidence/diff.ts')).loadExpectedDivergences(options.expectations) : [];
  const { target, close } = await openTarget(options);
  let recording: Recording | undefined;
  try {
    await reach(options, target, hooks);
    // the run's machinery loads once the target is known to take the credentials: a 401 costs no more than the read
    const [{ runSuite }, { buildReport }, { CHECKS }] = await Promise.all([import('./run.ts'), import('../judge/report.ts'), import('../checks/index.ts')]);
    const budget = target.embedded && options.reference?.kind !== 'url' ? undefined : budgetLine(options);
    if (budget) log(budget);
    const what = target.embedded ? `the embedded reference mock at ${target.url}` : target.url;
    log(hooks.announce ? hooks.announce(what) : `certifying ${what} (seed ${options.seed}, ${options.runs} runs per category)`);
    const runOptions = suiteOptions(options, target, hooks, evidence, judgesOf(options, CHECKS));
    recording = diff ? undefined : evidence?.record({ target: target.url, embedded: target.embedded, seed: options.seed, runs: options.runs, policySids: options.policySids ? [...options.policySids] : undefined, shard: options.shard, credentials: target.credentials, headers: options.headers });
    const inputs: ReportInputs = { ...evidence?.reportInputs(), options: reportOptions(options, target) };
    let run: RunResult;
    let reference: RunResult | undefined;
    let unusedExpectations: ExpectedDivergence[] | undefined;
    if (options.reference) {
      const { runDiff } = await import('../../evidence/diff.ts');
      const ref = options.reference;
      const refUrl = ref.kind === 'url' ? ref.url : undefined;
      const result = await runDiff({
        target: runOptions,
        reference: ref.kind === 'url' ? ref : { kind: 'cassette', cassette: ref.cassette },
        expected,
        ...(refUrl ? { referenceRun: sideHooks(refUrl, hooks, true) } : {}),
      });
      run = result.target;
      reference = result.reference;
      if (result.reference?.unreachable && !run.unreachable) run.unreachable = result.reference.unreachable;
      unusedExpectations = result.unused;
      inputs.diff = { divergences: result.divergences, summary: { ...result.summary, ...(options.expectations ? { expectationsFile: options.expectations } : {}) } };
      delete inputs.options;
    } else {
      run = await runSuite({ ...runOptions, onExchange: combine<Parameters<NonNullable<RunOptions['onExchange']>>>(recording?.add, hooks.onExchange) });
    }
    if (recording) log(recording.close(run));
    if (options.shard && !diff) {
      const { shardInfo } = await import('../../shard/merge.ts');
      inputs.shard = shardInfo(run, options.shard, { seed: options.seed, runs: options.runs, policySids: options.policySids ? [...options.policySids] : undefined, shrink: options.shrink });
      log(`shard ${options.shard.index}/${options.shard.count}: combine every shard's report.json with 'trusthub-conformance merge'`);
    }
    if (run.live && (!target.embedded || run.live.maxCreates !== undefined)) {
      inputs.live = { ...run.live, ...(options.live.keepCreated && !target.embedded ? { kept: true } : {}) };
      const line = liveLine(inputs.live);
      if (line) log(diff ? `target: ${line}` : line);
    }
    if (reference?.live) {
      const line = liveLine({ ...reference.live, ...(options.live.keepCreated ? { kept: true } : {}) });
      if (line) log(`reference: ${line}`);
    }
    // a sharded certification verifies its pacts once, in shard 1
    // what failed after the run (the cassette not written, the Pact verification): kept for the exit code, never thrown
    // and the tool's own machine failing under a request, which stopped the run (CT_ERR_RESOURCE)
    const failures: ToolError[] = [...(run.toolError ? [run.toolError] : []), ...(evidence?.failures ?? [])];
    if (hooks.pact && !run.incomplete && (!options.shard || options.shard.index === 1)) {
      const { runPactVerification } = await import('../../pact/run.ts');
      try {
        inputs.extraChecks = await runPactVerification(hooks.pact, target, { timeoutMs: options.timeoutMs, policySids: options.policySids ? [...options.policySids] : undefined, log });
      } catch (err) {
        // the suite ran and is judged: a broker or verifier failing now costs the pact checks, not the report
        failures.push(isToolError(err) ? err : new ToolError('CT_ERR_PACT', `the Pact verification failed: ${err instanceof Error ? err.message : String(err)}`));
        log('pact: not verified (said below); the report is written without the pact checks');
      }
    }
    const report = buildReport(run, reportMeta(options, target, hooks), inputs);
    return { report, target, run, failures, ...(reference ? { reference } : {}), ...(unusedExpectations ? { unusedExpectations } : {}) };
  } finally {
    recording?.abort();
    await close();
  }
}

/** The evidence files the options name, loaded (undefined when none). */
async function loadEvidence(options: ResolvedOptions): Promise<RunEvidence | undefined> {
  const e = options.evidence;
  if (!e.record && !e.observations && !e.deviations) return undefined;
  const { loadRunEvidence } = await import('../../evidence/run.ts');
  return loadRunEvidence(e);
}

/** Credentials first: the target, and a diff's URL reference, answer one authenticated read (waiting when asked). */
async function reach(options: ResolvedOptions, target: OpenedTarget, hooks: CertifyHooks): Promise<void> {
  const sides: TargetSpec[] = [];
  if (!target.embedded) sides.push(target);
  if (options.reference?.kind === 'url') sides.push({ url: options.reference.url, credentials: options.reference.credentials });
  // the second account's credentials too: a target that refuses them stops the run as the first's would
  const second = !target.embedded && target.credentials.second ? [{ url: target.url, credentials: target.credentials.second as Credentials }] : [];
  for (const side of [...sides, ...second]) {
    const reachWith = (credentials: Credentials) => reachTarget({
      url: side.url,
      credentials,
      ...(options.credentials === side.credentials && options.credentialsFrom ? { credentialsFrom: options.credentialsFrom } : {}),
      ...(options.secondCredentials === side.credentials && options.secondCredentialsFrom ? { credentialsFrom: options.secondCredentialsFrom } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      timeoutMs: options.timeoutMs,
      caFile: options.transport.caFile,
      insecure: options.transport.insecure,
      ...(options.waitForTargetMs !== undefined ? { waitMs: options.waitForTargetMs } : {}),
      signal: hooks.signal,
      log: hooks.log,
    });
    try {
      await reachWith(side.credentials);
    } catch (e) {
      // one pair refused while the account's other pair is taken: a defect of the target (a route that knows one kind of credential), judged by the run, not a wrong credential
      const other = side === target ? otherPairOf(side.credentials) : undefined;
      if (!other || !isToolError(e) || e.code !== 'CT_ERR_CREDENTIALS') throw e;
      await reachWith(other);
      hooks.log?.(`${side.url} refused the ${side.credentials.kind === 'api-key' ? 'API key' : 'Auth Token'} on GET ${CREDENTIALS_READ} and took the account's other pair: the run goes on and judges the refusal`);
    }
  }
}

/** A side's created/deleted hooks, with the base URL they happen on. */
function sideHooks(base: string, hooks: CertifyHooks, cleanup: boolean): Pick<RunOptions, 'onCreated' | 'onDeleted' | 'cleanup'> {
  return {
    cleanup,
    ...(hooks.onCreated ? { onCreated: (sid: string) => hooks.onCreated!(sid, base) } : {}),
    ...(hooks.onDeleted ? { onDeleted: (sid: string) => hooks.onDeleted!(sid, base) } : {}),
  };
}

async function openTarget(opts: ResolvedOptions): Promise<{ target: OpenedTarget; close: () => Promise<unknown> }> {
  if (opts.target && opts.credentials) {
    const { url, publicBaseUrl } = opts.target;
    const credentials = opts.secondCredentials ? { ...opts.credentials, second: opts.secondCredentials } : opts.credentials;
    return { target: { url, credentials, ...(publicBaseUrl ? { publicBaseUrl } : {}), embedded: false }, close: async () => undefined };
  }
  const mock = await import('../../mock/index.ts');
  // the embedded mock lives for this run only: no cap on its profiles (the `mock` command's 10,000
  // would forget a long run's first profiles, and the run would rightly fail their read-backs)
  const server = await mock.startMock({ port: 0, maxProfiles: 10_000_000, ...opts.mock });
  const [account, other] = server.accounts as [MockAccount, MockAccount?];
  // the mock's key of that account, when it has one: the run knows both pairs and sends the crossed ones
  const key = server.apiKeys.find((k) => k.accountSid === account.accountSid);
  // its second account, when it has one (by default): a profile of the first must be no resource of it; never in a diff (one side only)
  const second = other && opts.purpose !== 'diff' ? { accountSid: other.accountSid, username: other.accountSid, password: other.authToken, kind: 'auth-token' as const } : undefined;
  return {
    target: {
      url: server.url,
      embedded: true,
      ownClock: !mock.showsLate(opts.mock?.fault),
      credentials: {
        accountSid: account.accountSid,
        username: account.accountSid,
        password: account.authToken,
        kind: 'auth-token',
        ...(key ? { also: { apiKey: key.sid, apiSecret: key.secret } } : {}),
        ...(second ? { second } : {}),
      },
      // only the base the mock was given: else its URLs are judged as any target's that names itself
      ...(opts.mock?.publicBaseUrl !== undefined ? { publicBaseUrl: server.publicBaseUrl } : {}),
      addPolicy: (policySid) => server.addPolicy(policySid),
    },
    close: () => server.close(),
  };
}

/** The selected checks with their judges. */
function judgesOf(opts: ResolvedOptions, all: readonly Check[]): Check[] {
  const ids = new Set(opts.checks.map((c) => c.id));
  return all.filter((c) => ids.has(c.id));
}

function suiteOptions(opts: ResolvedOptions, target: OpenedTarget, hooks: CertifyHooks, evidence: RunEvidence | undefined, checks: readonly Check[]): Omit<RunOptions, 'onExchange'> {
  const t = opts.transport;
  return {
    targetUrl: target.url,
    credentials: target.credentials,
    seed: opts.seed,
    runs: opts.runs,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    checks: evidence ? evidence.checks(checks) : checks,
    ...(opts.policySids ? { policySids: [...opts.policySids] } : {}),
    publicBaseUrl: target.publicBaseUrl,
    // both sides of a differential run must see exactly the corpus: no shrinking requests on one side only
    shrink: opts.purpose === 'diff' ? false : opts.shrink,
    maxCreates: opts.live.maxCreates,
    // no wait for a clock that cannot stand still
    ...(target.ownClock ? { clockSpanMs: 0 } : {}),
    live: opts.live.production,
    retries: t.retries,
    retryMaxMs: t.retryMaxMs,
    rps: t.rps,
    caFile: t.caFile,
    insecure: t.insecure,
    signal: hooks.signal,
    onProgress: hooks.onProgress,
    ...(hooks.onReply ? { onReply: hooks.onReply } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.maxFailures !== undefined ? { maxFailures: opts.maxFailures } : {}),
    // the embedded mock is thrown away with its profiles: nothing to delete, nothing to remember
    ...sideHooks(target.url, hooks, !target.embedded && !opts.live.keepCreated),
  };
}

function reportOptions(opts: ResolvedOptions, target: OpenedTarget): ReportInputs['options'] {
  const t = opts.transport;
  const proxy = target.embedded ? undefined : proxyOf(target.url);
  return {
    ...(t.caFile ? { caFile: resolve(t.caFile) } : {}),
    ...(t.insecure ? { insecure: true } : {}),
    ...(proxy ? { proxy } : {}),
    ...(t.rps ? { rps: t.rps } : {}),
    retry: { retries: t.retries, maxTotalMs: t.retryMaxMs },
  };
}

function reportMeta(opts: ResolvedOptions, target: OpenedTarget, hooks: CertifyHooks) {
  return {
    targetUrl: target.url,
    embedded: target.embedded,
    seed: opts.seed,
    runs: opts.runs,
    requiredLevel: opts.requiredLevel,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    ...(opts.only?.length ? { only: [...opts.only] } : {}),
    ...(opts.skip?.length ? { skip: [...opts.skip] } : {}),
    rerun: hooks.rerun ? hooks.rerun(target) : rerunCommand(opts, target),
    plan: { ...(opts.policySids?.length ? { policySids: [...opts.policySids] } : {}), shrink: opts.shrink },
    naming: opts.naming,
  };
}

function combine<A extends unknown[]>(a?: (...args: A) => void, b?: (...args: A) => void): ((...args: A) => void) | undefined {
  if (!a || !b) return a ?? b;
  return (...args) => {
    a(...args);
    b(...args);
  };
}
