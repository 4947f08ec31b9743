import fc from 'fast-check';
import type { Check } from '../contracts/check.ts';
import type { Exchange, FollowUp, JudgeContext, SentRequest, TestCase } from '../contracts/exchange.ts';
import { TOOL } from '../contracts/tool.ts';
import { bodyObject } from './checks/util.ts';
import type { LiveSummary } from '../contracts/report.ts';
import { deleteAll } from './cleanup.ts';
import { authorizationFor, basicAuth, type Credentials, secretsOf } from './credentials.ts';
import { createHttpClient, type HttpRequest, type HttpResult } from './http.ts';
import { LatencyHistogram } from './latency.ts';
import { CreateBudget, RateLimiter, type SlotKind, slotOutcome } from './limit.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetry } from './retry.ts';
import { type PlanEntry, plan, planSize, streamsFor } from './plan.ts';
import { Tally } from './tally.ts';

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
  /** shrink the first failure of each check to a minimal case (default true) */
  shrink?: boolean;
  /** at most this many requests per shrunk check (default 40) */
  shrinkBudget?: number;
  /** stop sending when aborted; what was gathered is kept */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** called with every judged exchange (credentials in the request already redacted) */
  onExchange?: (ex: Exchange) => void;
  /** run only shard `index` (1-based) of `count`: fixed cases in shard 1, property cases by index */
  shard?: { index: number; count: number };
  caFile?: string;
  insecure?: boolean;
  /**
   * a hard budget of creates: every POST reserves a slot before it is sent, cases expected to
   * create are not sent once theirs are spent, shrinking stops (engine/limit.ts)
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
}

export interface RunResult {
  startedAt: Date;
  finishedAt: Date;
  planned: number;
  tally: Tally;
  latency: LatencyHistogram;
  /** why the run stopped early, when it did */
  incomplete?: string;
  /** set when no request ever got an answer */
  unreachable?: string;
  retries: number;
  /** with cleanup: sids of the profiles the run created and could not delete (not tracked without cleanup) */
  createdSids: string[];
  /** creates, the budget and the cleanup (always set by runSuite) */
  live?: LiveSummary;
}

/** Checks whose judge needs more than the one exchange: not shrunk. */
const NOT_SHRINKABLE = new Set(['reject.no-side-effect', 'readback.same', 'delete.gone', 'create.unique-sid']);

const PATH = '/v1/CustomerProfiles';

export async function runSuite(opts: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const base = opts.targetUrl.replace(/\/+$/, '');
  const creds = opts.credentials;
  const secrets = secretsOf(creds);
  const http = createHttpClient({
    connections: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024,
    caFile: opts.caFile,
    insecure: opts.insecure,
  });
  const tally = new Tally(opts.checks, { secrets, apiKey: creds.kind === 'api-key' });
  const latency = new LatencyHistogram();
  const ctx: JudgeContext = {
    targetUrl: base,
    accountSid: creds.accountSid,
    secrets,
    seenSids: new Map(),
    publicBaseUrl: opts.publicBaseUrl,
  };
  const genOpts = opts.policySids?.length ? { policySids: opts.policySids } : {};
  const planOpts = { seed: opts.seed, runs: opts.runs, generators: genOpts, shard: opts.shard };
  const total = planSize(planOpts);
  const result: RunResult = {
    startedAt,
    finishedAt: startedAt,
    planned: total,
    tally,
    latency,
    retries: 0,
    createdSids: [],
  };
  const live: LiveSummary = { creates: 0, uncertain: 0, notSent: 0, withoutSid: 0 };
  result.live = live;
  const firstFailures = new Map<string, PlanEntry>();
  let followUpsLeft = opts.followUps ?? 2;
  let done = 0;
  let answered = 0;
  let consecutiveErrors = 0;
  let consecutiveThrottled = 0;
  let throttled: string | undefined;
  const unreachableAfter = Math.max(10, opts.concurrency * 2);
  /** the first error a worker threw: the others stop, and it is rethrown once they have */
  let crashed: { error: unknown } | undefined;
  const stopped = () => opts.signal?.aborted === true || result.unreachable !== undefined || throttled !== undefined || crashed !== undefined;

  const limiter = new RateLimiter(opts.rps);
  const budget = opts.maxCreates !== undefined ? new CreateBudget(opts.maxCreates) : undefined;
  if (budget) Object.assign(live, { maxCreates: budget.max, heldForRefusals: budget.heldForRefusals });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: opts.retries ?? 0, maxTotalMs: opts.retryMaxMs ?? DEFAULT_RETRY_POLICY.maxTotalMs };
  /** with cleanup: profiles created and not deleted yet (nothing is kept without cleanup) */
  const created = new Set<string>();

  /** One request: its turn under the rate limit, then retries; undefined when it was never sent. */
  async function transmit(req: HttpRequest, signal?: AbortSignal, mayRetry?: (reason: unknown) => boolean): Promise<HttpResult | undefined> {
    const r = await sendWithRetry(() => http.send(req), policy, {
      signal,
      beforeAttempt: () => limiter.acquire(signal),
      mayRetry,
      onRetryAfter: (ms) => limiter.pause(ms),
    });
    if (r) result.retries += r.retries;
    return r?.result;
  }

  async function follow(method: string, url: string): Promise<FollowUp> {
    const req: HttpRequest = {
      method,
      url,
      headers: { authorization: basicAuth(creds.username, creds.password), 'user-agent': `${TOOL.name}/${TOOL.version}` },
    };
    // a follow-up belongs to an exchange already under way: it is not cut by an interruption
    const r = (await transmit(req))!;
    return r.ok ? { request: sentRequest(req), response: r.response } : { request: sentRequest(req), error: r.error };
  }

  const slotKind = (tc: TestCase): SlotKind => (tc.expect === 'reject' ? 'probe' : 'create');

  /**
   * Send one case and note what it created. With a budget the case holds a slot (reserved here,
   * or by the caller when `reserved`); undefined when it was not sent (budget spent, interrupted).
   */
  async function sendCase(tc: TestCase, reserved = false): Promise<Exchange | undefined> {
    const kind = slotKind(tc);
    if (budget && !reserved && !(await budget.reserve(kind, opts.signal))) return undefined;
    let holding = budget !== undefined;
    // a reset leaves the create unknown: that attempt spends its slot and a retry needs a new one
    const mayRetry = budget
      ? (reason: unknown) => {
          if (reason !== 'reset') return true;
          budget.settle('unknown');
          holding = budget.tryReserve(kind);
          return holding;
        }
      : undefined;
    const req = createRequest(base, creds, tc);
    const r = await transmit(req, opts.signal, mayRetry);
    if (!r) {
      if (holding) budget!.settle('none');
      return undefined;
    }
    if (holding) budget!.settle(slotOutcome(r));
    if (r.ok && r.response.status >= 200 && r.response.status < 300) {
      live.creates++;
      const sid = bodyObject(r.response)?.sid;
      if (typeof sid !== 'string') live.withoutSid++;
      else if (opts.cleanup) created.add(sid);
    }
    const ex: Exchange = { index: -1, case: tc, request: sentRequest(req), latencyMs: r.latencyMs, receivedAt: r.receivedAt };
    if (r.ok) ex.response = r.response;
    else ex.error = r.error;
    return ex;
  }

  function judge(entry: PlanEntry, ex: Exchange): void {
    let anyFailed = false;
    for (const check of opts.checks) {
      const outcome = check.judge(ex, ctx);
      if (outcome?.status === 'fail') {
        anyFailed = true;
        const first = firstFailures.get(check.id);
        if (!first || entry.index < first.index) firstFailures.set(check.id, entry);
      }
      tally.record(check.id, outcome, ex);
    }
    tally.countExchange(ex, anyFailed);
    opts.onExchange?.(ex);
    const sid = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
    if (typeof sid === 'string' && !ctx.seenSids.has(sid)) ctx.seenSids.set(sid, ex.index);
  }

  function skipped(): void {
    done++;
    opts.onProgress?.(done, total);
  }

  async function perform(entry: PlanEntry, aroundList: boolean): Promise<void> {
    if (budget && !(await budget.reserve(slotKind(entry.case), opts.signal))) {
      if (!opts.signal?.aborted) live.notSent++;
      return skipped();
    }
    const listBefore = aroundList ? await follow('GET', `${base}${PATH}?PageSize=1000`) : undefined;
    const ex = await sendCase(entry.case, true);
    if (!ex) return skipped();
    ex.index = entry.index;
    latency.add(ex.latencyMs);
    if (ex.response) {
      answered++;
      consecutiveErrors = 0;
    } else if (++consecutiveErrors >= unreachableAfter && answered === 0) {
      result.unreachable = `no answer from ${base}: ${ex.error?.message ?? 'unknown error'}`;
    }
    const status = ex.response?.status;
    if (status === 429 || status === 503) {
      if (++consecutiveThrottled >= unreachableAfter && !throttled) {
        throttled = `the target answered ${status} to ${consecutiveThrottled} requests in a row${policy.retries ? `, each after up to ${policy.retries} retries` : ''} (rate limited or overloaded)`;
      }
    } else consecutiveThrottled = 0;
    // no answer, nothing to judge a side effect by: the list is not read again
    if (listBefore && ex.response) {
      ex.listBefore = listBefore;
      ex.listAfter = await follow('GET', `${base}${PATH}?PageSize=1000`);
    }
    const sid = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
    // follow-ups only on fixed creates: which exchanges get them never depends on timing
    if (
      typeof sid === 'string' &&
      followUpsLeft > 0 &&
      entry.phase === 'fixed' &&
      entry.case.expect === 'create' &&
      /^[A-Za-z0-9]+$/.test(sid) &&
      !opts.signal?.aborted
    ) {
      followUpsLeft--;
      const url = `${base}${PATH}/${sid}`;
      ex.readBack = await follow('GET', url);
      ex.deleted = await follow('DELETE', url);
      ex.readAfterDelete = await follow('GET', url);
      if (ex.deleted.response?.status === 204) created.delete(sid);
    }
    judge(entry, ex);
    done++;
    opts.onProgress?.(done, total);
  }

  try {
    const entries = plan(planOpts);
    // Phase 1, one at a time: the fixed cases, refusals bracketed by list reads (side effects).
    const fixed: PlanEntry[] = [];
    let next = entries.next();
    while (!next.done && next.value.phase === 'fixed') {
      fixed.push(next.value);
      next = entries.next();
    }
    for (const entry of fixed) {
      if (stopped()) break;
      await perform(entry, entry.case.expect === 'reject' && entry.case.auth === 'valid');
    }
    // Phase 2, concurrently: the property cases, drawn lazily from the plan.
    const pending: PlanEntry[] = next.done ? [] : [next.value];
    const take = (): PlanEntry | undefined => {
      if (pending.length > 0) return pending.pop();
      const n = entries.next();
      return n.done ? undefined : n.value;
    };
    const worker = async () => {
      try {
        for (let entry = take(); entry && !stopped(); entry = take()) await perform(entry, false);
      } catch (error) {
        crashed ??= { error };
      }
    };
    // every worker ends before the cleanup below: none may create after it ran
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    if (crashed) throw crashed.error;
    // Phase 3, one at a time: shrink the first failure of each check to a minimal case.
    if (opts.shrink !== false && !stopped()) {
      const streams = streamsFor(genOpts);
      for (const check of opts.checks) {
        const entry = firstFailures.get(check.id);
        if (!entry?.origin || NOT_SHRINKABLE.has(check.id) || stopped()) continue;
        const stream = streams.find((s) => s.name === entry.origin!.stream)!;
        const found = await shrink(check, entry, stream.arbitrary, sendCase, ctx, opts.shrinkBudget ?? 40, stopped);
        if (found) tally.replaceFirstFailure(check.id, found.message, found.exchange);
      }
    }
  } finally {
    // also after an interruption or a failure: nothing the run created is left behind unless asked
    if (opts.cleanup) {
      const cleanup = await deleteAll(created, (sid) => follow('DELETE', `${base}${PATH}/${sid}`), opts.concurrency);
      live.cleanup = cleanup;
      result.createdSids = cleanup.failed.map((f) => f.sid);
    }
    created.clear();
    await http.close().catch(() => undefined);
  }
  if (budget) live.uncertain = budget.uncertain;
  if (opts.signal?.aborted) result.incomplete = `interrupted (${String(opts.signal.reason ?? 'signal')})`;
  else if (result.unreachable) result.incomplete = `target unreachable: ${result.unreachable}`;
  else if (throttled) result.incomplete = throttled;
  result.finishedAt = new Date();
  return result;
}

async function shrink(
  check: Check,
  entry: PlanEntry,
  arbitrary: fc.Arbitrary<TestCase>,
  sendCase: (tc: TestCase) => Promise<Exchange | undefined>,
  ctx: JudgeContext,
  budget: number,
  stopped: () => boolean,
): Promise<{ message: string; exchange: Exchange } | undefined> {
  const origin = entry.origin!;
  let sends = 0;
  let smallest: { message: string; exchange: Exchange } | undefined;
  const shrinkCtx: JudgeContext = { ...ctx, seenSids: new Map() };
  let unsent = false;
  const property = fc.asyncProperty(arbitrary, async (tc) => {
    if (sends >= budget || stopped() || unsent) return true;
    sends++;
    const ex = await sendCase(tc);
    // not sent (the create budget is spent): shrinking stops with what it has
    if (!ex) {
      unsent = true;
      return true;
    }
    ex.index = entry.index;
    const outcome = check.judge(ex, shrinkCtx);
    if (outcome?.status !== 'fail') return true;
    smallest = { message: outcome.message, exchange: ex };
    return false;
  });
  await fc.check(property, { seed: origin.seed, path: String(origin.run), numRuns: origin.numRuns });
  return smallest;
}

/** The create request of a case, exactly as the runner sends it (also what --dry-run prints). */
export function createRequest(base: string, creds: Credentials, tc: TestCase): HttpRequest {
  const headers: Record<string, string> = { 'user-agent': `${TOOL.name}/${TOOL.version}` };
  if (tc.contentType !== null) headers['content-type'] = tc.contentType;
  const authorization = authorizationFor(tc.auth, creds);
  if (authorization) headers.authorization = authorization;
  return { method: 'POST', url: `${base.replace(/\/+$/, '')}${PATH}`, headers, body: tc.body };
}

/** The request as reports may show it: the Authorization value redacted. */
export function sentRequest(req: HttpRequest): SentRequest {
  const headers = { ...req.headers };
  if (headers.authorization) headers.authorization = 'Basic [redacted]';
  return { method: req.method, url: req.url, headers, body: req.body ?? '' };
}
