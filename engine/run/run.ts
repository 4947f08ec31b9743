import { type Exchange, type JudgeContext, type Reply, replyOf } from '../../contracts/exchange.ts';
import type { Check, Outcome } from '../../contracts/check.ts';
import { listedAsBefore, listedAsCreated } from '../checks/list.ts';
import { fetchedAsCreated } from '../checks/fidelity.ts';
import type { LiveSummary } from '../../contracts/report.ts';
import type { RunResult } from '../judge/result.ts';
import { rememberSecrets } from '../../contracts/secrets.ts';
import { cleanUp } from './cleanup.ts';
import { type Credentials, secretsOf } from '../transport/credentials.ts';
import { Judgement } from '../judge/evaluate.ts';
import { CLOCK_SPAN_MS } from '../checks/clock.ts';
import { HealthMonitor } from '../transport/health.ts';
import { LatencyHistogram } from '../judge/latency.ts';
import { auditPhase, keepPhase, listBeforePhase } from '../phases/audit/audit.ts';
import { coveragePhase } from '../phases/coverage.ts';
import type { Phase, RunContext } from '../phases/context.ts';
import { fixedPhase } from '../phases/fixed.ts';
import { modelPhase, modelPlan } from '../phases/model/model.ts';
import { followUpsPhase, readBackIndices } from '../phases/follow-ups.ts';
import { propertyPhase } from '../phases/property.ts';
import { shrinkPhase } from '../phases/shrink.ts';
import { plan, plannedCreates, planSize, streamsFor } from '../plan/plan.ts';
import { PlanCursor } from '../plan/cursor.ts';
import { Sender } from '../transport/sender.ts';
import { SidTable } from '../judge/sids.ts';
import { Tally } from '../judge/tally.ts';
import { guardProduction, isLoopback } from '../options/guard.ts';

export { createRequest, sentRequest } from '../transport/request.ts';

export interface RunOptions {
  /** base URL of the target, e.g. http://127.0.0.1:4010 */
  targetUrl: string;
  credentials: Credentials;
  seed: number;
  /** property runs per stream */
  runs: number;
  concurrency: number;
  timeoutMs: number;
  maxResponseBytes?: number;
  /** the checks to apply (already filtered by --only / --skip) */
  checks: readonly Check[];
  policySids?: string[];
  publicBaseUrl?: string;
  /** how many of the fixed creates are read back, deleted and read again (default 2) */
  followUps?: number;
  /**
   * how long after the first answer the late create is sent at the soonest (default CLOCK_SPAN_MS,
   * engine/checks/clock.ts): long enough for a clock frozen at the server's start to show. 0 for
   * the embedded mock without a fault, whose clock is this process's own.
   */
  clockSpanMs?: number;
  /** shrink the first failure of each check to a minimal case (default true) */
  shrink?: boolean;
  /** at most this many requests per shrunk check (default 40) */
  shrinkBudget?: number;
  /** Twilio's production API is allowed (--live); refused otherwise, before any connection */
  live?: boolean;
  /** stop sending when aborted; what was gathered is kept */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** called with every judged exchange (credentials in the request already redacted) and the ids of the checks it failed */
  onExchange?: (ex: Exchange, failed: readonly string[]) => void;
  /** called with every other judged answer (follow-ups, the cleanup, answers a retry replaced) and the ids of the checks it failed */
  onReply?: (reply: Reply, failed: readonly string[]) => void;
  /** run only shard `index` (1-based) of `count`: fixed cases in shard 1, property cases by index */
  shard?: { index: number; count: number };
  caFile?: string;
  insecure?: boolean;
  /**
   * a hard budget of creates: every POST reserves a slot before it is sent, cases expected to
   * create are not sent once theirs are spent, shrinking stops (engine/transport/limit.ts)
   */
  maxCreates?: number;
  /** delete every profile the run created, at the end, also when interrupted or failing (default false) */
  cleanup?: boolean;
  /** retries on 429, 503 and connection resets (default 0) */
  retries?: number;
  /** longest one request may wait for its retries, in ms (default 30 s) */
  retryMaxMs?: number;
  /** requests per second, every request counted (default: no limit) */
  rps?: number;
  /** headers sent with every request (e.g. a staging gateway's key; lower-case names): redacted like credentials */
  headers?: Readonly<Record<string, string>>;
  /** stop sending once this many checks have failed (the report says so) */
  maxFailures?: number;
  /** send the coverage tables (default true) */
  coverage?: boolean;
  /** every profile created (its sid), as it is created: what an abandoned run would leave behind */
  onCreated?: (sid: string) => void;
  /** every profile deleted (follow-ups and cleanup), as it is deleted */
  onDeleted?: (sid: string) => void;
}

export type { RunResult } from '../judge/result.ts';

/** The phases of a run, in order: a new phase is one file in phases/ and one entry here. */
export const PHASES: readonly Phase[] = [listBeforePhase, fixedPhase, keepPhase, modelPhase, coveragePhase, propertyPhase, followUpsPhase, shrinkPhase, auditPhase];

/** One run of the suite against a target: the phases in order, then the cleanup, whatever happened. */
export async function runSuite(opts: RunOptions): Promise<RunResult> {
  // the library exports runSuite too: Twilio's production API needs `live` here as everywhere
  guardProduction([opts.targetUrl], opts.live === true, { what: 'runSuite()', instead: 'pass live: true (and a maxCreates budget) to run against it' });
  const startedAt = new Date();
  const run = openRun(opts);
  try {
    // the account as it was: what it holds is never the run's to delete
    await run.ctx.sender.open();
    for (const phase of PHASES) {
      await phase.run(run.ctx);
      // what the phase's refusals stored is seen before the next phase (one list read, only when some POST waits for one)
      if (!run.ctx.stopped()) await run.ctx.sender.checkAccount(`list after the ${phase.name} phase`);
    }
  } finally {
    // also after an interruption or a failure: nothing the run created is left behind unless asked
    await closeRun(run, opts);
  }
  return resultOf(run, opts, startedAt);
}

interface OpenRun {
  ctx: RunContext;
  tally: Tally;
  planned: number;
  done: number;
  cleanup?: LiveSummary['cleanup'];
}

function openRun(opts: RunOptions): OpenRun {
  const base = opts.targetUrl.replace(/\/+$/, '');
  const creds = opts.credentials;
  const health = new HealthMonitor({ concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, retries: opts.retries ?? 0 });
  const onReply = (reply: Reply) => {
    const failed = run.ctx.judgement.judgeReply(reply);
    failed.push(...judgeShown(run.ctx, reply));
    opts.onReply?.(reply, failed);
  };
  // the user's interruption and the tool's own fault both stop the run: one signal for the phases
  const halt = new AbortController();
  if (opts.signal?.aborted) halt.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', () => halt.abort(opts.signal!.reason), { once: true });
  const onToolFault = () => halt.abort('the tool failed');
  const sender = new Sender({ ...opts, base, track: opts.cleanup === true, onReply, signal: halt.signal, onToolFault }, health);
  const secrets = runSecrets(creds, opts.headers);
  const tally = new Tally(opts.checks, { secrets, apiKey: creds.kind === 'api-key', hidden: Object.keys(opts.headers ?? {}) });
  // clock: the first answers' view of the server's clock, which the clock rules compare the rest with
  const judgeCtx: JudgeContext = { targetUrl: base, accountSid: creds.accountSid, ...(creds.second ? { secondAccountSid: creds.second.accountSid } : {}), secrets, seenSids: new SidTable(), publicBaseUrl: opts.publicBaseUrl, clock: {}, served: {} };
  const generators = opts.policySids?.length ? { policySids: opts.policySids } : {};
  const planOpts = { seed: opts.seed, runs: opts.runs, generators, shard: opts.shard, coverage: opts.coverage };
  const run: OpenRun = { tally, planned: planSize(planOpts), done: 0 } as OpenRun;
  run.ctx = {
    base,
    checks: opts.checks,
    plan: new PlanCursor(plan(planOpts)),
    sender,
    health,
    judgement: new Judgement(opts.checks, tally, judgeCtx),
    latency: new LatencyHistogram(),
    concurrency: opts.concurrency,
    streams: streamsFor(generators),
    shrink: opts.shrink !== false,
    shrinkBudget: opts.shrinkBudget ?? 40,
    ...(opts.policySids?.length ? { policySids: opts.policySids } : {}),
    followUps: opts.followUps ?? 2,
    clockSpanMs: opts.clockSpanMs ?? CLOCK_SPAN_MS,
    clockWaitMs: 0,
    awaitingFollowUps: [],
    awaitingReadBack: [],
    shapeProfiles: [],
    readBackIndices: readBackIndices(plan({ ...planOpts, shard: undefined })),
    firstShard: (opts.shard?.index ?? 1) === 1,
    signal: halt.signal,
    stopped: () => halt.signal.aborted || health.stopReason !== undefined || tooManyFailures(run, opts),
    progressed: () => {
      run.done++;
      opts.onProgress?.(run.done, run.planned);
    },
    emit: (ex) => opts.onExchange?.(ex, run.ctx.judgement.failedChecks(ex)),
    answered: onReply,
    judgeCase: (ex) => {
      run.ctx.judgement.judge(ex);
      opts.onReply?.(replyOf(ex), run.ctx.judgement.failedChecks(ex));
    },
    // under a create budget the model takes only what the plan's cases leave it
    onThisMachine: isLoopback(base),
    model: modelPlan({ ...opts, heldForRefusals: sender.budget?.heldForRefusals }, () => plannedCreates(planOpts)),
  };
  return run;
}

/**
 * A list page or a fetch of the caller's account, judged by what the run knows of the profiles it
 * shows: the run's own live profiles as their 201s showed them (list pages: list.same-as-created,
 * engine/checks/list.ts; fetches: readback.same, engine/checks/fidelity.ts), the profiles listed
 * before the run as their items then (list pages: readback.same). The ids of the checks it failed.
 */
function judgeShown(ctx: RunContext, reply: Reply): string[] {
  if ((reply.route !== 'list' && reply.route !== 'fetch') || reply.response?.status !== 200) return [];
  const failed: string[] = [];
  const judge = (id: string, outcome: Outcome) => {
    if (outcome === null || !ctx.checks.some((c) => c.id === id)) return;
    ctx.judgement.recordStep(id, outcome, reply);
    if (outcome.status === 'fail') failed.push(id);
  };
  if (reply.route === 'fetch') {
    judge('readback.same', fetchedAsCreated(reply, ctx.sender.shown));
    return failed;
  }
  judge('list.same-as-created', listedAsCreated(reply, ctx.sender.shown));
  if (ctx.wholeBefore) judge('readback.same', listedAsBefore(reply, ctx.wholeBefore));
  return failed;
}

/** The secrets of a run: the credentials' and the values of the caller's extra headers. */
export function runSecrets(creds: Credentials, headers?: Readonly<Record<string, string>>): string[] {
  const values = Object.values(headers ?? {}).filter((v) => v.length >= 6);
  // remembered like the credentials: every writer and every terminal line redacts them too
  rememberSecrets(values);
  return [...secretsOf(creds), ...values];
}

function tooManyFailures(run: OpenRun, opts: RunOptions): boolean {
  return opts.maxFailures !== undefined && run.ctx.judgement.firstFailures.size >= opts.maxFailures;
}

async function closeRun(run: OpenRun, opts: RunOptions): Promise<void> {
  const { ctx } = run;
  for (const ex of [...ctx.awaitingReadBack.splice(0), ...ctx.awaitingFollowUps.splice(0)]) ctx.emit(ex);
  if (ctx.sender.account) {
    const ending = { concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, retries: opts.retries, keep: !opts.cleanup, unreachable: ctx.health.answered === 0 };
    run.cleanup = await cleanUp(ctx.sender, ending);
  }
  ctx.sender.created.clear();
  await ctx.sender.close();
}

function resultOf(run: OpenRun, opts: RunOptions, startedAt: Date): RunResult {
  const { sender, health } = run.ctx;
  health.finish(run.ctx.base);
  const live: LiveSummary = { ...sender.live, ...(run.cleanup ? { cleanup: run.cleanup } : {}) };
  const stop = sender.toolFault
    ? sender.toolFault.message
    : opts.signal?.aborted
      ? `interrupted (${String(opts.signal.reason ?? 'signal')})`
      : (health.stopReason ?? (tooManyFailures(run, opts) ? `stopped after ${opts.maxFailures} failing check${opts.maxFailures === 1 ? '' : 's'} (--max-failures)` : undefined));
  return {
    startedAt,
    finishedAt: new Date(),
    planned: run.planned,
    tally: run.tally,
    latency: run.ctx.latency,
    retries: sender.retries,
    createdSids: run.cleanup?.failed.map((f) => f.sid) ?? [],
    live,
    notSent: run.planned - run.done,
    clockWaitMs: Math.round(run.ctx.clockWaitMs),
    ...(health.unreachable ? { unreachable: health.unreachable } : {}),
    ...(stop ? { incomplete: stop } : {}),
    ...(sender.toolFault ? { toolError: sender.toolFault } : {}),
  };
}
