import fc from 'fast-check';
import type { Check } from '../contracts/check.ts';
import type { Exchange, FollowUp, JudgeContext, SentRequest, TestCase } from '../contracts/exchange.ts';
import { TOOL } from '../contracts/tool.ts';
import { bodyObject } from './checks/util.ts';
import { authorizationFor, basicAuth, type Credentials, secretsOf } from './credentials.ts';
import { createHttpClient, type HttpClient, type HttpRequest } from './http.ts';
import { LatencyHistogram } from './latency.ts';
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
  /** sids of the profiles the run created and did not delete */
  createdSids: string[];
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
  const firstFailures = new Map<string, PlanEntry>();
  let followUpsLeft = opts.followUps ?? 2;
  let done = 0;
  let answered = 0;
  let consecutiveErrors = 0;
  const unreachableAfter = Math.max(10, opts.concurrency * 2);
  const stopped = () => opts.signal?.aborted === true || result.unreachable !== undefined;

  const sendCase = (tc: TestCase) => send(http, base, creds, tc);

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
    if (typeof sid === 'string') {
      if (!ctx.seenSids.has(sid)) ctx.seenSids.set(sid, ex.index);
      if (ex.deleted?.response?.status !== 204) result.createdSids.push(sid);
    }
  }

  async function perform(entry: PlanEntry, aroundList: boolean): Promise<void> {
    const listBefore = aroundList ? await follow(http, 'GET', `${base}${PATH}?PageSize=1000`, creds) : undefined;
    const ex = await sendCase(entry.case);
    ex.index = entry.index;
    latency.add(ex.latencyMs);
    if (ex.response) {
      answered++;
      consecutiveErrors = 0;
    } else if (++consecutiveErrors >= unreachableAfter && answered === 0) {
      result.unreachable = `no answer from ${base}: ${ex.error?.message ?? 'unknown error'}`;
    }
    if (listBefore) {
      ex.listBefore = listBefore;
      ex.listAfter = await follow(http, 'GET', `${base}${PATH}?PageSize=1000`, creds);
    }
    const sid = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
    // follow-ups only on fixed creates: which exchanges get them never depends on timing
    if (typeof sid === 'string' && followUpsLeft > 0 && !entry.origin && entry.case.expect === 'create' && /^[A-Za-z0-9]+$/.test(sid)) {
      followUpsLeft--;
      const url = `${base}${PATH}/${sid}`;
      ex.readBack = await follow(http, 'GET', url, creds);
      ex.deleted = await follow(http, 'DELETE', url, creds);
      ex.readAfterDelete = await follow(http, 'GET', url, creds);
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
    while (!next.done && !next.value.origin) {
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
      for (let entry = take(); entry && !stopped(); entry = take()) await perform(entry, false);
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
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
    await http.close().catch(() => undefined);
  }
  if (opts.signal?.aborted) result.incomplete = `interrupted (${String(opts.signal.reason ?? 'signal')})`;
  else if (result.unreachable) result.incomplete = `target unreachable: ${result.unreachable}`;
  result.finishedAt = new Date();
  return result;
}

async function shrink(
  check: Check,
  entry: PlanEntry,
  arbitrary: fc.Arbitrary<TestCase>,
  sendCase: (tc: TestCase) => Promise<Exchange>,
  ctx: JudgeContext,
  budget: number,
  stopped: () => boolean,
): Promise<{ message: string; exchange: Exchange } | undefined> {
  const origin = entry.origin!;
  let sends = 0;
  let smallest: { message: string; exchange: Exchange } | undefined;
  const shrinkCtx: JudgeContext = { ...ctx, seenSids: new Map() };
  const property = fc.asyncProperty(arbitrary, async (tc) => {
    if (sends >= budget || stopped()) return true;
    sends++;
    const ex = await sendCase(tc);
    ex.index = entry.index;
    const outcome = check.judge(ex, shrinkCtx);
    if (outcome?.status !== 'fail') return true;
    smallest = { message: outcome.message, exchange: ex };
    return false;
  });
  await fc.check(property, { seed: origin.seed, path: String(origin.run), numRuns: origin.numRuns });
  return smallest;
}

async function send(http: HttpClient, base: string, creds: Credentials, tc: TestCase): Promise<Exchange> {
  const headers: Record<string, string> = { 'user-agent': `${TOOL.name}/${TOOL.version}` };
  if (tc.contentType !== null) headers['content-type'] = tc.contentType;
  const authorization = authorizationFor(tc.auth, creds);
  if (authorization) headers.authorization = authorization;
  const req: HttpRequest = { method: 'POST', url: `${base}${PATH}`, headers, body: tc.body };
  const r = await http.send(req);
  const ex: Exchange = {
    index: -1,
    case: tc,
    request: sentRequest(req),
    latencyMs: r.latencyMs,
    receivedAt: r.receivedAt,
  };
  if (r.ok) ex.response = r.response;
  else ex.error = r.error;
  return ex;
}

async function follow(http: HttpClient, method: string, url: string, creds: Credentials): Promise<FollowUp> {
  const req: HttpRequest = {
    method,
    url,
    headers: { authorization: basicAuth(creds.username, creds.password), 'user-agent': `${TOOL.name}/${TOOL.version}` },
  };
  const r = await http.send(req);
  return r.ok ? { request: sentRequest(req), response: r.response } : { request: sentRequest(req), error: r.error };
}

/** The request as reports may show it: the Authorization value redacted. */
function sentRequest(req: HttpRequest): SentRequest {
  const headers = { ...req.headers };
  if (headers.authorization) headers.authorization = 'Basic [redacted]';
  return { method: req.method, url: req.url, headers, body: req.body ?? '' };
}
