/**
 * Limits a run keeps on a real target: a request rate (--rps, plus the pauses a target asks for
 * with Retry-After) and a hard budget of creates (--max-creates), reserved before sending so
 * concurrency can never overshoot it.
 */
import { type HttpResult, isToolFault, TLS_ERROR_CODE } from './http.ts';
import { sleep } from './retry.ts';

/** The clock a limiter reads and sleeps on (a virtual one in tests). */
export interface Clock {
  now(): number;
  /** true when the whole wait passed, false when the signal aborted it */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

const REAL_CLOCK: Clock = { now: () => Date.now(), sleep };

/** Spaces requests evenly at `rps` per second (no bursts) and honours pauses asked by the target. */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #next = 0;
  #pausedUntil = 0;

  /** rps undefined or 0: no rate limit, only the pauses */
  constructor(rps?: number, clock: Clock = REAL_CLOCK) {
    this.#intervalMs = rps && rps > 0 ? 1000 / rps : 0;
    this.#clock = clock;
  }

  /** Wait for this request's turn; false when the signal aborted first (do not send). */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    const clock = this.#clock;
    for (;;) {
      if (signal?.aborted) return false;
      const now = clock.now();
      if (this.#pausedUntil > now) {
        if (!(await clock.sleep(this.#pausedUntil - now, signal))) return false;
        continue;
      }
      if (this.#intervalMs === 0) return true;
      const at = Math.max(now, this.#next);
      this.#next = at + this.#intervalMs;
      if (at > now && !(await clock.sleep(at - now, signal))) return false;
      if (this.#pausedUntil <= clock.now()) return true;
    }
  }

  /** Every sender holds off for `ms` (a Retry-After). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }
}

/** Transport errors that prove the request never reached the target's application. */
const NEVER_CONNECTED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/**
 * What an answer to a POST says about a create: a 2xx created; a 4xx refused (yet a faulty target
 * may have stored it: only a list read can tell); any other answer — a 5xx, a 3xx — and a request
 * cut or timed out after it may have been processed leave it unknown; a request that never
 * reached the target (or that the tool's own machine failed to send) created nothing.
 */
export function slotOutcome(r: HttpResult): SlotOutcome {
  if (r.ok) {
    const status = r.response.status;
    if (status >= 200 && status < 300) return 'created';
    return status >= 400 && status < 500 ? 'refused' : 'unknown';
  }
  return NEVER_CONNECTED.test(r.error.code) || TLS_ERROR_CODE.test(r.error.code) || isToolFault(r.error.code) ? 'none' : 'unknown';
}

/** A case the plan expects to create, or one a faithful target refuses (a probe). */
export type SlotKind = 'create' | 'probe';

/** What became of a request that held a slot. */
export type SlotOutcome = 'created' | 'refused' | 'none' | 'unknown';

/**
 * A hard budget of creates. Every POST attempt holds a slot while it is in flight, because any POST
 * may create on a faulty target. A 2xx spends it; an unknown outcome (a 5xx, a reset, a timeout)
 * spends it too (`uncertain`); a refusal holds it until a list read shows whether it stored a
 * profile (`check`, given by the sender: the slot is then spent or given back) — unless the account
 * cannot be listed, when it comes back at once. Cases expected to create leave one slot free (when
 * the budget is 2 or more), so refusals can still be sent once the creates have used theirs.
 */
export class CreateBudget {
  readonly max: number;
  /** slots the cases expected to create leave for refusals */
  readonly heldForRefusals: number;
  /** 2xx answers, and profiles a list read showed stored without one */
  creates = 0;
  /** attempts whose outcome is unknown: they may have created */
  uncertain = 0;
  /** refusals waiting for a list read to show whether they stored */
  held = 0;
  #pending = 0;
  readonly #waiters = new Set<() => void>();
  /** reads the list and settles the held refusals (the sender's); absent: refusals are not held */
  check?: () => Promise<void>;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a create budget is a whole number of at least 1, got ${max}`);
    this.max = max;
    this.heldForRefusals = max >= 2 ? 1 : 0;
  }

  #limit(kind: SlotKind): number {
    return kind === 'create' ? this.max - this.heldForRefusals : this.max;
  }

  /** True when no slot of this kind can ever be free again. */
  spent(kind: SlotKind): boolean {
    return this.creates + this.uncertain >= this.#limit(kind);
  }

  /** Requests holding a slot now. */
  get pending(): number {
    return this.#pending;
  }

  /** A slot now, without waiting. */
  tryReserve(kind: SlotKind): boolean {
    if (this.creates + this.uncertain + this.held + this.#pending >= this.#limit(kind)) return false;
    this.#pending++;
    return true;
  }

  /**
   * A slot, waiting while requests in flight hold the last ones, and reading the list when
   * refusals hold them; false when the budget is spent for this kind (the case is not sent) or the
   * signal aborted.
   */
  async reserve(kind: SlotKind, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted || this.spent(kind)) return false;
      if (this.tryReserve(kind)) return true;
      if (this.held > 0 && this.check) {
        await this.check();
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.#waiters.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Profiles the run saw stored that no held refusal accounts for: spent like creates. */
  spendSeen(count: number): void {
    this.creates += count;
    this.#wake();
  }

  /** Held refusals a list read settled: `stored` of them stored a profile (spent), `clean` come back, `unread` could not be checked (uncertain). */
  settleHeld(stored: number, clean: number, unread = 0): void {
    this.held -= stored + clean + unread;
    this.creates += stored;
    this.uncertain += unread;
    this.#wake();
  }

  /** The attempt holding a slot ended. */
  settle(outcome: SlotOutcome): void {
    this.#pending--;
    if (outcome === 'created') this.creates++;
    else if (outcome === 'unknown') this.uncertain++;
    else if (outcome === 'refused' && this.check) this.held++;
    this.#wake();
  }
}
