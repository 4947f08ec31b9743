import { type AuthMode, type Exchange, type FollowUp, type Reply, refusesAuth, routeOf, type TestCase } from '../../contracts/exchange.ts';
import type { LiveSummary } from '../../contracts/report.ts';
import { bodyObject } from '../../contracts/answer.ts';
import { authorizationFor, type Credentials } from './credentials.ts';
import type { HealthMonitor } from './health.ts';
import { createHttpClient, type HttpRequest, type HttpResult } from './http.ts';
import { CreateBudget, RateLimiter, type SlotKind, slotOutcome } from './limit.ts';
import { createRequest, sentRequest, USER_AGENT } from './request.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetry } from './retry.ts';

export interface SenderOptions {
  base: string;
  credentials: Credentials;
  concurrency: number;
  timeoutMs: number;
  maxResponseBytes?: number;
  caFile?: string;
  insecure?: boolean;
  maxCreates?: number;
  /** remember what was created, for the cleanup */
  track: boolean;
  retries?: number;
  retryMaxMs?: number;
  rps?: number;
  signal?: AbortSignal;
  /** headers sent with every request (a gateway's key): lower-case names; values are secrets */
  headers?: Readonly<Record<string, string>>;
  /** a profile was created (its sid), tracked or not: what an abandoned run leaves behind */
  onCreated?: (sid: string) => void;
  /** a profile was deleted (DELETE answered 204) */
  onDeleted?: (sid: string) => void;
  /**
   * every answer as it arrives — every attempt of every request, on every route — except the final
   * answer of a create sent with `send` (that one is its Exchange's, judged with its case)
   */
  onReply?: (reply: Reply) => void;
}

/** What a follow-up request is, for its Reply. */
export interface FollowOptions {
  /** how it authenticates (default: the caller's own credentials) */
  auth?: AuthMode;
  /** the plan index of the case it belongs to (default -1: none) */
  index?: number;
  /** what it is for, in words (default: the route) */
  purpose?: string;
  /** the case of the create it follows up */
  case?: TestCase;
  /** the create's exchange it follows up (its follow-ups so far are the sequence a failure shows) */
  follows?: Exchange;
}

type ReplyMeta = Pick<Reply, 'route' | 'auth' | 'index' | 'purpose' | 'case' | 'follows'>;

/**
 * Every request of a run goes through here: its turn under the rate limit, retries, a slot of the
 * create budget for each POST, the health monitor's notes, and the account of what was created.
 */
export class Sender {
  readonly live: LiveSummary = { creates: 0, uncertain: 0, notSent: 0, withoutSid: 0 };
  /** profiles created and not deleted yet (kept only when tracking, for the cleanup) */
  readonly created = new Set<string>();
  retries = 0;
  readonly budget?: CreateBudget;
  readonly #http: ReturnType<typeof createHttpClient>;
  readonly #limiter: RateLimiter;
  readonly #policy: RetryPolicy;
  readonly #opts: SenderOptions;
  readonly #health: HealthMonitor;
  readonly #hidden: readonly string[];
  readonly #stored = new Set<string>();

  constructor(opts: SenderOptions, health: HealthMonitor) {
    this.#opts = opts;
    this.#health = health;
    this.#hidden = Object.keys(opts.headers ?? {});
    this.#http = createHttpClient({
      connections: opts.concurrency,
      timeoutMs: opts.timeoutMs,
      maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024,
      caFile: opts.caFile,
      insecure: opts.insecure,
    });
    this.#limiter = new RateLimiter(opts.rps);
    this.#policy = { ...DEFAULT_RETRY_POLICY, retries: opts.retries ?? 0, maxTotalMs: opts.retryMaxMs ?? DEFAULT_RETRY_POLICY.maxTotalMs };
    if (opts.maxCreates !== undefined) {
      this.budget = new CreateBudget(opts.maxCreates);
      Object.assign(this.live, { maxCreates: this.budget.max, heldForRefusals: this.budget.heldForRefusals });
    }
  }

  /**
   * One request: its turn under the rate limit, then retries; undefined when it was never sent.
   * Every answer goes to `onReply` as it is replaced by a retry or found final (`finalIsOwn`: the
   * caller keeps the final one).
   */
  async #transmit(
    req: HttpRequest,
    meta: ReplyMeta,
    opts: { signal?: AbortSignal; mayRetry?: (reason: unknown) => boolean; finalIsOwn?: boolean } = {},
  ): Promise<HttpResult | undefined> {
    const { signal, mayRetry } = opts;
    let last: HttpResult | undefined;
    const attempt = async () => {
      if (last) this.#reply(req, last, meta, true);
      last = await this.#http.send(req);
      return last;
    };
    const r = await sendWithRetry(attempt, this.#policy, {
      signal,
      beforeAttempt: () => this.#limiter.acquire(signal),
      mayRetry,
      onRetryAfter: (ms) => this.#limiter.pause(ms),
    });
    if (!r) return undefined;
    this.retries += r.retries;
    this.#health.note(req, r.result, this.#opts.base);
    if (!opts.finalIsOwn) this.#reply(req, r.result, meta, false);
    return r.result;
  }

  #reply(req: HttpRequest, r: HttpResult, meta: ReplyMeta, absorbed: boolean): void {
    const onReply = this.#opts.onReply;
    if (!onReply) return;
    const reply: Reply = { ...meta, request: sentRequest(req, this.#hidden), latencyMs: r.latencyMs, receivedAt: r.receivedAt, absorbed };
    if (r.ok) reply.response = r.response;
    else reply.error = r.error;
    onReply(reply);
  }

  /** A request on another route (fetch, list, delete): not cut by an interruption, for it belongs to work under way. */
  async follow(method: string, url: string, opts: FollowOptions = {}): Promise<FollowUp> {
    const auth = opts.auth ?? 'valid';
    const headers: Record<string, string> = { ...this.#opts.headers, 'user-agent': USER_AGENT };
    const authorization = authorizationFor(auth, this.#opts.credentials);
    if (authorization) headers.authorization = authorization;
    const req: HttpRequest = { method, url, headers };
    const route = routeOf(method, url);
    const purpose = opts.purpose ?? route;
    const meta: ReplyMeta = { route, auth, index: opts.index ?? -1, purpose, ...(opts.case ? { case: opts.case } : {}), ...(opts.follows ? { follows: opts.follows } : {}) };
    const r = (await this.#transmit(req, meta))!;
    // a DELETE with the caller's credentials (in any accepted shape) removed the profile
    if (r.ok && method === 'DELETE' && r.response.status === 204 && !refusesAuth(auth)) {
      const sid = url.slice(url.lastIndexOf('/') + 1);
      this.created.delete(sid);
      this.#opts.onDeleted?.(sid);
    }
    const sent = sentRequest(req, this.#hidden);
    return r.ok ? { request: sent, response: r.response, purpose, auth } : { request: sent, error: r.error, purpose, auth };
  }

  /**
   * Profiles the run can attribute to itself though no 201 named them (a refusal that still
   * stored, seen in the list reads around it): counted against the budget and the live account,
   * and deleted by the cleanup like any other.
   */
  noteStored(sids: readonly string[]): void {
    const fresh = sids.filter((sid) => !this.#stored.has(sid));
    for (const sid of fresh) {
      this.#stored.add(sid);
      if (this.#opts.track) this.created.add(sid);
    }
    if (fresh.length === 0) return;
    this.live.storedByRefusals = (this.live.storedByRefusals ?? 0) + fresh.length;
    this.budget?.spendSeen(fresh.length);
  }

  /** Hold a budget slot for a case before sending it; false when none can be had (not sent). */
  async reserve(tc: TestCase): Promise<boolean> {
    if (!this.budget) return true;
    return this.budget.reserve(slotKind(tc), this.#opts.signal);
  }

  /**
   * Send one case and note what it created. With a budget the case holds a slot (reserved here,
   * or by the caller when `reserved`); undefined when it was not sent (budget spent, interrupted).
   */
  async send(tc: TestCase, reserved = false, index = -1): Promise<Exchange | undefined> {
    const budget = this.budget;
    const kind = slotKind(tc);
    if (budget && !reserved && !(await budget.reserve(kind, this.#opts.signal))) return undefined;
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
    const req = createRequest(this.#opts.base, this.#opts.credentials, tc, this.#opts.headers);
    const meta: ReplyMeta = { route: 'create', auth: tc.auth, index, purpose: tc.label, case: tc };
    const r = await this.#transmit(req, meta, { signal: this.#opts.signal, mayRetry, finalIsOwn: true });
    if (!r) {
      if (holding) budget!.settle('none');
      return undefined;
    }
    if (holding) budget!.settle(slotOutcome(r));
    if (r.ok && r.response.status >= 200 && r.response.status < 300) {
      this.live.creates++;
      const sid = bodyObject(r.response)?.sid;
      if (typeof sid !== 'string') this.live.withoutSid++;
      else {
        if (this.#opts.track) this.created.add(sid);
        this.#opts.onCreated?.(sid);
      }
    }
    const ex: Exchange = { index, case: tc, request: sentRequest(req, this.#hidden), latencyMs: r.latencyMs, receivedAt: r.receivedAt };
    if (r.ok) ex.response = r.response;
    else ex.error = r.error;
    return ex;
  }

  close(): Promise<unknown> {
    if (this.budget) this.live.uncertain = this.budget.uncertain;
    return this.#http.close().catch(() => undefined);
  }
}

const slotKind = (tc: TestCase): SlotKind => (tc.expect === 'reject' ? 'probe' : 'create');
