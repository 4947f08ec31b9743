import { type AuthMode, type Exchange, type FollowUp, isSecondAltered, type ReceivedResponse, type Reply, refusesAuth, routeOf, type SentRequest, type TestCase } from '../../contracts/exchange.ts';
import type { LiveSummary } from '../../contracts/report.ts';
import { bodyObject } from '../../contracts/answer.ts';
import { ToolError } from '../../contracts/errors.ts';
import { Account, type Settled, type WaitKind } from './account.ts';
import { authorizationFor, type Credentials, credentialsBeside, knowsShape, proxyAuthorizationFor, withCredentialFields } from './credentials.ts';
import type { HealthMonitor } from './health.ts';
import { createContinueClient } from './expect.ts';
import { createHttpClient, type HttpClient, type HttpRequest, type HttpResult, isToolFault } from './http.ts';
import { CreateBudget, RateLimiter, type SlotKind, slotOutcome } from './limit.ts';
import { createRequest, PATH, sentRequest, USER_AGENT } from './request.ts';
import { DEFAULT_RETRY_POLICY, type RetryHooks, type RetryPolicy, type RetryReason, retryReason, sendWithRetry } from './retry.ts';

/** A path segment as a lenient server may read it for a sid: decoded, path parameters and spaces cut, in lower case. */
function looseSid(segment: string): string {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // a bad escape stays as sent
  }
  return s.split(';')[0]!.trim().toLowerCase();
}

/** The values of a request's query parameters and of its form body's, whatever their names. */
function paramValues(url: string, body: string | undefined): string[] {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0]! : '';
  return [...new URLSearchParams(query).values(), ...(body ? new URLSearchParams(body).values() : [])];
}

/** How many profiles' 201s the audit compares with the list at the run's end, at most. */
const SHOWN_KEPT = 20_000;

/** The fields of a profile that stay as its 201 showed them until an update (the run updates only the profile made for that, Sender.updating): what they are, and its dates. */
export const SHOWN_FIELDS = ['friendly_name', 'email', 'policy_sid', 'status_callback', 'date_created', 'date_updated'] as const;
export const shownKey = (p: Record<string, unknown>): string => JSON.stringify(SHOWN_FIELDS.map((f) => p[f] ?? null));

/** How many creates answered 429 or 503 the audit looks for in the list at most. */
const TOLD_LATER_KEPT = 50;

export interface SenderOptions {
  base: string;
  credentials: Credentials;
  concurrency: number;
  timeoutMs: number;
  maxResponseBytes?: number;
  caFile?: string;
  insecure?: boolean;
  maxCreates?: number;
  /**
   * remember what was created, for the cleanup. With it, or with a budget, the sender watches the
   * account: `open()` lists it before the run, and every POST whose answer named no new profile
   * waits for a list read to show whether it stored one (engine/transport/account.ts)
   */
  track: boolean;
  retries?: number;
  retryMaxMs?: number;
  rps?: number;
  signal?: AbortSignal;
  /** headers sent with every request (a gateway's key): lower-case names; values are secrets */
  headers?: Readonly<Record<string, string>>;
  /**
   * the tool's own machine failed under a request (out of file descriptors, memory, local ports):
   * nothing more can be sent; the caller stops the run (the answer is not the target's and is not judged)
   */
  onToolFault?: (error: ToolError) => void;
  /** a profile was created (its sid), tracked or not, or found stored: what an abandoned run leaves behind */
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
  /** a body to send (a probe of what an oversized body gets) */
  body?: { type: string; text: string };
  /** the caller's credentials as form fields in the body (credentials.ts credentialFields): sent with auth `none`, to be refused */
  credentialsInBody?: boolean;
  /** the caller's own Basic credentials in Proxy-Authorization (credentials.ts proxyAuthorizationFor): sent with auth `none`, to be refused */
  credentialsInProxyAuthorization?: boolean;
  /** headers besides the suite's own (a Cookie replayed, a client address, a language): never Authorization */
  headers?: Readonly<Record<string, string>>;
}

type ReplyMeta = Pick<Reply, 'route' | 'auth' | 'index' | 'purpose' | 'case' | 'follows'>;

/** How a create of a burst travels (Sender.createsAtOnce): on the burst's own connections, unmonitored, a reset not retried. */
interface AtOnce {
  http?: HttpClient;
  unmonitored?: boolean;
  noRetry?: boolean;
  /** a connection reset is the answer, not retried (a target that cuts connections past a limit instead of answering 429) */
  keepResets?: boolean;
}

/**
 * Every request of a run goes through here: its turn under the rate limit, retries, a slot of the
 * create budget for each POST, the health monitor's notes, and the account of what was created.
 */
export class Sender {
  readonly live: LiveSummary = { creates: 0, uncertain: 0, notSent: 0, withoutSid: 0 };
  /** profiles the run created (or was seen to store) and has not deleted yet: kept while watching, for the cleanup */
  readonly created = new Set<string>();
  /** sids a 2xx create of the run named and no DELETE of the run removed since, watching or not: what a list walked to the end must show */
  readonly own = new Set<string>();
  /** sids of `own` a DELETE of the run removed (2xx) before the cleanup: what no later read may show (the audit's) */
  readonly removed = new Set<string>();
  /** sids of `created` a create sent with the second account's credentials named: the cleanup deletes them with those (ownerOf) */
  readonly #theirs = new Set<string>();
  retries = 0;
  readonly budget?: CreateBudget;
  /** the account, while watching (a cleanup or a budget): what it held before the run, what the run stored unseen */
  readonly account?: Account;
  /** what the 201 of each of `own` showed of the fields a later read must show alike (shownKey), the first SHOWN_KEPT: the audit's */
  readonly shown = new Map<string, string>();
  /**
   * creates answered 429 or 503, final or replaced by a retry (at most TOLD_LATER_KEPT): an answer
   * that tells the client to send again, so it must have stored nothing (engine/phases/audit/audit.ts)
   */
  readonly toldLater: Array<{ case: TestCase; request: SentRequest; response: ReceivedResponse }> = [];
  /** the first error of the tool's own machine under a request, if any: the run stops */
  toolFault?: ToolError;
  /** the cookies the target set (Set-Cookie), by name: replayed on requests without credentials (engine/phases/probes/header-probes.ts) */
  readonly cookies = new Map<string, string>();
  readonly #http: ReturnType<typeof createHttpClient>;
  /** the client of a create that asks for 100 Continue, which undici will not send (engine/transport/expect.ts) */
  readonly #continue: HttpClient;
  readonly #limiter: RateLimiter;
  readonly #policy: RetryPolicy;
  readonly #opts: SenderOptions;
  #health: HealthMonitor;
  readonly #hidden: readonly string[];
  /** sids the run deleted while watching: no longer listed, never mistaken for a new profile */
  readonly #deleted = new Set<string>();
  /** every segment a DELETE of the run was answered 2xx for, whatever its credentials, loosely (looseSid) */
  readonly #deleteAnswered = new Set<string>();
  /** the run's requests have ended: DELETEs now are the cleanup's */
  #cleaning = false;
  /** the list read under way, shared by every caller */
  #checking?: Promise<void>;
  /** a list read started because many POSTs wait (no budget asks for one) */
  #background?: Promise<unknown>;

  constructor(opts: SenderOptions, health: HealthMonitor) {
    this.#opts = opts;
    this.#health = health;
    // a cookie the target set (engine/phases/probes/header-probes.ts) is its secret as much as the caller's extra headers are
    this.#hidden = [...Object.keys(opts.headers ?? {}), 'cookie'];
    const http = { connections: opts.concurrency, timeoutMs: opts.timeoutMs, maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024, caFile: opts.caFile, insecure: opts.insecure };
    this.#http = createHttpClient(http);
    this.#continue = createContinueClient(http, this.#http);
    this.#limiter = new RateLimiter(opts.rps);
    this.#policy = { ...DEFAULT_RETRY_POLICY, retries: opts.retries ?? 0, maxTotalMs: opts.retryMaxMs ?? DEFAULT_RETRY_POLICY.maxTotalMs };
    if (opts.maxCreates !== undefined) {
      this.budget = new CreateBudget(opts.maxCreates);
      Object.assign(this.live, { maxCreates: this.budget.max, heldForRefusals: this.budget.heldForRefusals });
    }
    if (opts.track || opts.maxCreates !== undefined) {
      this.account = new Account(`${opts.base}${PATH}`, {
        read: (url, purpose) => this.follow('GET', url, { purpose }),
        named: (sid) => this.created.has(sid) || this.#deleted.has(sid),
      });
    }
  }

  /**
   * Before the first request: list the account (what it holds is never the run's to delete, whatever
   * a create's answer names). When it cannot be listed, refusals are not held for a list read and the
   * report says why (`live.listing`).
   */
  async open(): Promise<void> {
    const account = this.account;
    if (!account) return;
    if (await account.open()) {
      this.live.listedBefore = account.before.size;
      const budget = this.budget;
      if (budget) {
        budget.check = async () => {
          await this.checkAccount();
          // every held refusal waits in the account: should none wait, none is held (never a reservation spinning)
          if (account.waiting === 0 && budget.held > 0) budget.settleHeld(0, budget.held);
        };
      }
    }
    const listing = account.blind ?? account.partial;
    if (listing) this.live.listing = listing;
  }

  /**
   * Read the list and settle every POST that waits for one (a no-op when none waits). One read at a
   * time: callers during a read share it, and what it settled is applied once.
   */
  checkAccount(purpose?: string): Promise<void> {
    const account = this.account;
    if (!account || account.waiting === 0) return Promise.resolve();
    this.#checking ??= account
      .check(purpose)
      .then((settled) => this.#apply(settled))
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  /** The credentials of the account that created one of the run's profiles: the second account's for its creates, else the caller's. */
  ownerOf(sid: string): AuthMode {
    return this.#theirs.has(sid) ? 'second-account' : 'valid';
  }

  /** A DELETE of a profile answered 2xx: one of the run's is gone (counted as the checks' until the cleanup begins). */
  #deletedOne(sid: string): void {
    if (this.own.has(sid) && !this.#cleaning) this.removed.add(sid);
    this.own.delete(sid);
    this.shown.delete(sid);
    this.#theirs.delete(sid);
    // without watching nothing is remembered: every 2xx DELETE is taken as one of the run's
    const own = this.account ? this.created.delete(sid) : true;
    if (!own) return;
    if (this.account) this.#deleted.add(sid);
    if (!this.#cleaning) this.live.deletedByChecks = (this.live.deletedByChecks ?? 0) + 1;
    this.#opts.onDeleted?.(sid);
  }

  /**
   * Whether a DELETE of the run was answered 2xx for a path segment that names `sid` loosely (in
   * another case, padded, with a path parameter…), with any credentials: a profile gone after it
   * went by a DELETE the run sent (the rules of those DELETEs judge them), not by itself.
   */
  deleteAnswered(sid: string): boolean {
    return this.#deleteAnswered.has(looseSid(sid));
  }

  /**
   * One of the run's profiles is about to be updated (engine/phases/probes/update-route.ts): no later
   * fetch or list page is held to what its 201 showed (readback.same, list.same-as-created).
   */
  updating(sid: string): void {
    this.shown.delete(sid);
  }

  /** The target's base URL, as every request is built on it. */
  /** Whether the run can build a credential shape (the crossed ones need a second pair of the account). */
  knowsShape(mode: AuthMode): boolean {
    return knowsShape(mode, this.#opts.credentials);
  }

  /** Which pair of the account the run acts with: an Auth Token or an API key (never a secret). */
  get pairKind(): Credentials['kind'] {
    return this.#opts.credentials.kind;
  }

  get base(): string {
    return this.#opts.base;
  }

  /** The run's requests have ended: from now on the cleanup's, watched by its own monitor. */
  beginCleanup(health: HealthMonitor): void {
    this.#health = health;
    this.#cleaning = true;
  }

  /**
   * One request: its turn under the rate limit, then retries; undefined when it was never sent.
   * Every answer goes to `onReply` as it is replaced by a retry or found final (`finalIsOwn`: the
   * caller keeps the final one).
   */
  async #transmit(
    req: HttpRequest,
    meta: ReplyMeta,
    opts: { signal?: AbortSignal; mayRetry?: RetryHooks['mayRetry']; finalIsOwn?: boolean; http?: HttpClient; unmonitored?: boolean; retriesAbsorbed?: boolean } & AtOnce = {},
  ): Promise<HttpResult | undefined> {
    const { signal, mayRetry } = opts;
    const http = opts.http ?? this.#http;
    let last: HttpResult | undefined;
    const attempt = async () => {
      if (last) this.#reply(req, last, meta, true);
      last = await http.send(req);
      return last;
    };
    const r = await sendWithRetry(attempt, opts.noRetry ? { ...this.#policy, retries: 0 } : this.#policy, {
      signal,
      beforeAttempt: () => this.#limiter.acquire(signal),
      mayRetry,
      onRetryAfter: (ms) => this.#limiter.pause(ms),
    });
    if (!r) return undefined;
    this.retries += r.retries;
    const setCookie = r.result.ok ? r.result.response.headers['set-cookie'] : undefined;
    if (setCookie !== undefined) noteCookies(this.cookies, setCookie);
    if (this.#toolFault(r.result)) return r.result;
    if (!opts.unmonitored) this.#health.note(req, r.result, this.#opts.base);
    // not retried, yet what a retry would replace (a 429, a 503, a reset): judged as an absorbed answer
    if (!opts.finalIsOwn) this.#reply(req, r.result, meta, opts.retriesAbsorbed === true && retryReason(r.result) !== undefined);
    return r.result;
  }

  /** An error of the tool's own machine: noted once, never the target's (not judged, not noted by the health monitor). */
  #toolFault(r: HttpResult): boolean {
    if (r.ok || !isToolFault(r.error.code)) return false;
    if (!this.toolFault) {
      this.toolFault = new ToolError('CT_ERR_RESOURCE', `the tool's own machine failed under a request (${r.error.message}): the run stopped; not the target's fault`);
      this.#opts.onToolFault?.(this.toolFault);
    }
    return true;
  }

  #reply(req: HttpRequest, r: HttpResult, meta: ReplyMeta, absorbed: boolean): void {
    const onReply = this.#opts.onReply;
    if (!onReply || (!r.ok && isToolFault(r.error.code))) return;
    const reply: Reply = { ...meta, request: sentRequest(req, this.#hidden), latencyMs: r.latencyMs, receivedAt: r.receivedAt, absorbed };
    if (r.ok) reply.response = r.response;
    else reply.error = r.error;
    onReply(reply);
  }

  /** A follow-up request as sent, and what its Reply says of it. */
  #followRequest(method: string, url: string, opts: FollowOptions): { req: HttpRequest; meta: ReplyMeta } {
    const auth = opts.auth ?? 'valid';
    const headers: Record<string, string> = { ...this.#opts.headers, 'user-agent': USER_AGENT, ...opts.headers };
    const authorization = authorizationFor(auth, this.#opts.credentials);
    if (authorization) headers.authorization = authorization;
    // the shapes that carry the caller's credentials outside Authorization: in the query, in key headers (the user's own headers kept)
    const beside = credentialsBeside(auth, this.#opts.credentials, Object.keys(this.#opts.headers ?? {}));
    Object.assign(headers, beside.headers);
    const proxy = opts.credentialsInProxyAuthorization ? proxyAuthorizationFor(this.#opts.credentials) : undefined;
    if (proxy) headers['proxy-authorization'] = proxy;
    const body = opts.credentialsInBody ? { type: 'application/x-www-form-urlencoded', text: withCredentialFields(opts.body?.text ?? '', this.#opts.credentials) } : opts.body;
    if (body) headers['content-type'] = body.type;
    const sentUrl = beside.query === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}${beside.query}`;
    const req: HttpRequest = { method, url: sentUrl, headers, ...(body ? { body: body.text } : {}) };
    const route = routeOf(method, url);
    const meta: ReplyMeta = { route, auth, index: opts.index ?? -1, purpose: opts.purpose ?? route, ...(opts.case ? { case: opts.case } : {}), ...(opts.follows ? { follows: opts.follows } : {}) };
    return { req, meta };
  }

  /**
   * `count` GETs of `url` sent at once, each on a connection of its own (beyond --concurrency, once
   * a run): what a target answers when many connections open together (a proxy's per-client
   * connection limit, its 429 page) meets the rules of its kind. Each takes its turn under the rate
   * limit; none is retried, and their answers say nothing of the run's health (throttling here is
   * what the burst may well bring); a 429 or 503 is judged as one a retry absorbs (its envelope and
   * media type, never as a server error).
   */
  async burst(url: string, count: number, opts: FollowOptions): Promise<FollowUp[]> {
    const o = this.#opts;
    const http = createHttpClient({ connections: count, timeoutMs: o.timeoutMs, maxResponseBytes: o.maxResponseBytes ?? 1024 * 1024, caFile: o.caFile, insecure: o.insecure });
    try {
      return await Promise.all(
        Array.from({ length: count }, async () => {
          const { req, meta } = this.#followRequest('GET', url, opts);
          const r = await this.#transmit(req, meta, { http, unmonitored: true, mayRetry: () => false, retriesAbsorbed: true });
          const sent = sentRequest(req, this.#hidden);
          const at = { request: sent, purpose: meta.purpose, auth: meta.auth };
          if (!r) return { ...at, error: { code: 'NOT_SENT', message: 'not sent: the run was stopped' } };
          return r.ok ? { ...at, response: r.response } : { ...at, error: r.error };
        }),
      );
    } finally {
      await http.close();
    }
  }

  /**
   * `cases` (creates) sent at once, each on a connection of its own (beyond --concurrency, once a
   * run): what a target answers when many creates are in flight together. Each holds a slot of the
   * create budget taken now, without waiting: only as many go as the budget has free. Each is
   * retried on a 429 or 503 as any create (an overloaded target is waited out, as the run's other
   * creates are; the answer it replaced is judged by the rules of its kind), never on a connection
   * reset (the documented way to say "busy" is 429: a target that cuts connections past a limit
   * leaves creates unanswered, create.burst), none noted by the health monitor. The exchanges of those sent.
   */
  async createsAtOnce(cases: readonly TestCase[], index: number): Promise<Exchange[]> {
    const budget = this.budget;
    const go = budget ? cases.filter((tc) => budget.tryReserve(slotKind(tc))) : cases;
    if (go.length === 0) return [];
    const o = this.#opts;
    const http = createHttpClient({ connections: go.length, timeoutMs: o.timeoutMs, maxResponseBytes: o.maxResponseBytes ?? 1024 * 1024, caFile: o.caFile, insecure: o.insecure });
    try {
      const made = await Promise.all(go.map((tc) => this.send(tc, true, index, { http, unmonitored: true, keepResets: true })));
      return made.filter((ex): ex is Exchange => ex !== undefined);
    } finally {
      await http.close();
    }
  }

  /** A request on another route (fetch, list, delete): not cut by an interruption, for it belongs to work under way. */
  async follow(method: string, url: string, opts: FollowOptions = {}): Promise<FollowUp> {
    const { req, meta } = this.#followRequest(method, url, opts);
    const { route, auth, purpose } = meta;
    const seq = this.account?.seq ?? 0;
    // a profile listed before the run is never this run's to delete, whatever phase asks (a target that
    // answers a create with an existing profile): the DELETE is not sent, with the caller's credentials or not
    // the last segment, less a query (a DELETE with ?AccountSid=, engine/phases/probes/identity-probes.ts)
    const path = url.split(/[?#]/)[0]!;
    const sid = path.slice(path.lastIndexOf('/') + 1);
    if (method === 'DELETE' && route === 'delete' && this.account?.before.has(sid)) {
      const error = { code: 'NOT_SENT_PREEXISTING', message: `not sent: ${sid} was listed before the run, so it is not this run's to delete` };
      return { request: sentRequest(req, this.#hidden), error, purpose, auth };
    }
    // a connection cut under an oversized upload is the target's answer to its size, not a mishap: sent again it is cut again
    const mayRetry = (req.body?.length ?? 0) > UPLOAD_RETRIED_BYTES ? (reason: RetryReason) => reason !== 'reset' : undefined;
    const r = (await this.#transmit(req, meta, mayRetry ? { mayRetry } : {}))!;
    // a DELETE with the caller's credentials (in any accepted shape) removed the profile
    if (r.ok && route === 'delete' && r.response.status >= 200 && r.response.status < 300) {
      if (!refusesAuth(auth)) this.#deletedOne(sid);
      this.#deleteAnswered.add(looseSid(sid));
      // a sid its query or form body named too (engine/phases/probes/sid-params.ts): a server that takes it from there removed
      // that profile, by a DELETE of the run (lookup.account-param judges it), not by itself
      for (const named of paramValues(url, req.body)) this.#deleteAnswered.add(looseSid(named));
    }
    const sent = sentRequest(req, this.#hidden);
    const f: FollowUp = r.ok ? { request: sent, response: r.response, purpose, auth } : { request: sent, error: r.error, purpose, auth };
    // a whole-account list read made for a check settles the POSTs that waited before it began
    if (route === 'list' && auth === 'valid' && this.account) {
      const settled = this.account.observe(url, f, seq);
      if (settled) this.#apply(settled);
    }
    return f;
  }

  /**
   * Profiles the run can attribute to itself though no 201 named them (a refusal that still
   * stored, seen in the list reads around it): counted against the budget and the live account,
   * and deleted by the cleanup like any other.
   */
  noteStored(sids: readonly string[]): void {
    const fresh = sids.filter((sid) => !this.created.has(sid) && !this.#deleted.has(sid) && !this.account?.before.has(sid));
    for (const sid of fresh) this.#adopt(sid, 'refused');
    if (fresh.length > 0) this.budget?.spendSeen(fresh.length);
  }

  /** A profile the run stored without an answer naming it: the run's to delete. */
  #adopt(sid: string, kind: WaitKind): void {
    this.created.add(sid);
    this.#opts.onCreated?.(sid);
    if (kind === 'refused') this.live.storedByRefusals = (this.live.storedByRefusals ?? 0) + 1;
    else this.live.storedUnnamed = (this.live.storedUnnamed ?? 0) + 1;
  }

  /** What a list read settled: profiles found are the run's, held refusals spent or given back. */
  #apply(s: Settled): void {
    let stored = 0;
    for (const { sid, kind } of s.found) {
      this.#adopt(sid, kind);
      if (kind === 'refused') stored++;
    }
    const unread = s.unread?.count.refused ?? 0;
    if (s.unread) {
      // refusals no list read could check may have stored: counted as uncertain
      this.live.uncertain += unread;
      this.live.listing ??= `a list read failed (${s.unread.reason}): ${unread} refused request${unread === 1 ? '' : 's'} could not be checked and count as uncertain`;
    }
    this.budget?.settleHeld(stored, s.clean.refused, unread);
  }

  /** Hold a budget slot for a case before sending it; false when none can be had (not sent). */
  async reserve(tc: TestCase): Promise<boolean> {
    if (!this.budget) return true;
    return this.budget.reserve(slotKind(tc), this.#opts.signal);
  }

  /**
   * Send one case and note what it created. With a budget every attempt holds a slot (the first
   * reserved here, or by the caller when `reserved`); a retry is a new create and waits for a slot
   * of its own once the attempt it replaces is counted. Undefined when it was not sent (budget spent,
   * interrupted, or the tool's own machine failed under it).
   */
  async send(tc: TestCase, reserved = false, index = -1, atOnce: AtOnce = {}): Promise<Exchange | undefined> {
    const budget = this.budget;
    const kind = slotKind(tc);
    if (budget && !reserved && !(await budget.reserve(kind, this.#opts.signal))) return undefined;
    let holding = budget !== undefined;
    let counted: HttpResult | undefined;
    // the answer a retry replaces is an outcome of its own (a 503 or a reset after a create): counted before the retry may go
    const mayRetry = async (reason: RetryReason, last: HttpResult) => {
      if (atOnce.keepResets && reason === 'reset') return false;
      this.#outcome(tc, last, holding);
      this.#toldLater(tc, req, last);
      counted = last;
      holding = false;
      if (!budget) return true;
      holding = await budget.reserve(kind, this.#opts.signal);
      return holding;
    };
    const req = createRequest(this.#opts.base, this.#opts.credentials, tc, this.#opts.headers);
    const meta: ReplyMeta = { route: 'create', auth: tc.auth, index, purpose: tc.label, case: tc };
    const http = req.headers.expect === undefined ? atOnce.http : this.#continue;
    const r = await this.#transmit(req, meta, { ...atOnce, signal: this.#opts.signal, mayRetry, finalIsOwn: true, ...(http ? { http } : {}) });
    if (!r) {
      if (holding) budget!.settle('none');
      return undefined;
    }
    if (r !== counted) {
      this.#outcome(tc, r, holding);
      this.#toldLater(tc, req, r);
    }
    if (!r.ok && isToolFault(r.error.code)) return undefined;
    const ex: Exchange = { index, case: tc, request: sentRequest(req, this.#hidden), latencyMs: r.latencyMs, receivedAt: r.receivedAt };
    if (r.ok) ex.response = r.response;
    else ex.error = r.error;
    return ex;
  }

  /** A create answered 429 or 503: kept for the audit, the first TOLD_LATER_KEPT of them. */
  #toldLater(tc: TestCase, req: HttpRequest, r: HttpResult): void {
    if (!r.ok || (r.response.status !== 429 && r.response.status !== 503) || this.toldLater.length >= TOLD_LATER_KEPT) return;
    this.toldLater.push({ case: tc, request: sentRequest(req, this.#hidden), response: r.response });
  }

  /** What one attempt of a create did: its slot settled, and the account of what it may have created. */
  #outcome(tc: TestCase, r: HttpResult, holding: boolean): void {
    const outcome = slotOutcome(r);
    if (holding) this.budget!.settle(outcome);
    const account = this.account?.blind === undefined ? this.account : undefined;
    if (outcome === 'unknown') {
      this.live.uncertain++;
      account?.wait(tc, 'unnamed');
    } else if (outcome === 'refused') account?.wait(tc, 'refused');
    else if (outcome === 'created') this.#created(tc, r.ok ? bodyObject(r.response) : undefined);
    if (account && !this.budget && account.waiting >= Math.max(WAIT_WINDOW, account.before.size + this.created.size)) {
      // no budget asks for a list read: many waiting POSTs do (the memory they hold, what the run may have stored)
      this.#background ??= this.checkAccount().finally(() => {
        this.#background = undefined;
      });
    }
  }

  /** A 2xx: the profile it names is the run's, unless it names none, one listed before the run, or one named already. */
  #created(tc: TestCase, body: Record<string, unknown> | undefined): void {
    const sid = body?.sid;
    this.live.creates++;
    const account = this.account;
    let unnamed = true;
    if (typeof sid !== 'string') this.live.withoutSid++;
    else if (account?.before.has(sid)) this.live.namedExisting = (this.live.namedExisting ?? 0) + 1;
    else if (account && (this.created.has(sid) || this.#deleted.has(sid))) this.live.namedTwice = (this.live.namedTwice ?? 0) + 1;
    else {
      unnamed = false;
      if (account) this.created.add(sid);
      // the second account's profile is no row of the caller's list (a walk of it need not show it); so is one its pair altered made
      if (tc.auth === 'second-account' || isSecondAltered(tc.auth)) this.#theirs.add(sid);
      else {
        this.own.add(sid);
        if (this.shown.size < SHOWN_KEPT) this.shown.set(sid, shownKey(body!));
      }
      this.#opts.onCreated?.(sid);
    }
    // it may still have stored a profile of its own: a list read will show
    if (unnamed && account?.blind === undefined) account?.wait(tc, 'unnamed');
  }

  async close(): Promise<unknown> {
    await this.#background;
    return this.#http.close().catch(() => undefined);
  }
}

/** The name=value of each cookie a Set-Cookie header (repeats joined by ", ", engine/transport/http.ts) sets: at most 16 remembered. */
export function noteCookies(cookies: Map<string, string>, setCookie: string): void {
  // a comma starts another cookie only before name= (an Expires date holds ", " too)
  for (const one of setCookie.split(/,\s*(?=[!#$%&'*+\-.^_`|~0-9A-Za-z]+=)/)) {
    const pair = one.split(';', 1)[0]!.trim();
    const eq = pair.indexOf('=');
    if (eq > 0 && (cookies.size < 16 || cookies.has(pair.slice(0, eq)))) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

/**
 * Bodies up to this many bytes are sent again after a connection reset; a larger one (the oversized
 * probes, 2 and 9 MiB) is not: a server that refuses it early closes the connection under the
 * upload (EPIPE), and each retry sent the whole body again to the same end (a second per run).
 */
const UPLOAD_RETRIED_BYTES = 1024 * 1024;

/** POSTs that may wait for a list read without a budget asking for one (more when the account is larger: a read costs a page per thousand profiles). */
const WAIT_WINDOW = 1000;

const slotKind = (tc: TestCase): SlotKind => (tc.expect === 'reject' ? 'probe' : 'create');
