/**
 * Limits a run keeps on a real target: a request rate (--rps, plus the pauses a target asks for
 * with Retry-After) and a hard budget of creates (--max-creates), reserved before sending so
 * concurrency can never overshoot it.
 */
import { type HttpResult, TLS_ERROR_CODE } from './http.ts';
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

/** What an answer says about a create: any 2xx may have created; no answer may too, unless it never arrived. */
export function slotOutcome(r: HttpResult): SlotOutcome {
  if (r.ok) return r.response.status >= 200 && r.response.status < 300 ? 'created' : 'none';
  return NEVER_CONNECTED.test(r.error.code) || TLS_ERROR_CODE.test(r.error.code) ? 'none' : 'unknown';
}

/** A case the plan expects to create, or one a faithful target refuses (a probe). */
export type SlotKind = 'create' | 'probe';

/** What became of a request that held a slot. */
export type SlotOutcome = 'created' | 'none' | 'unknown';

/**
 * A hard budget of creates. Every POST reserves a slot before it is sent, because any POST may
 * create on a faulty target; a slot comes back when the answer shows nothing was created, is spent
 * on a 201, and is spent too when no answer came after the request may have been processed
 * (`uncertain`). Cases expected to create leave one slot free (when the budget is 2 or more), so
 * refusals can still be sent, one at a time, once the creates have used theirs.
 */
export class CreateBudget {
  readonly max: number;
  /** slots the cases expected to create leave for refusals */
  readonly heldForRefusals: number;
  /** 201s received on reserved requests */
  creates = 0;
  /** requests that got no answer and may have created */
  uncertain = 0;
  #pending = 0;
  readonly #waiters = new Set<() => void>();

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
    if (this.creates + this.uncertain + this.#pending >= this.#limit(kind)) return false;
    this.#pending++;
    return true;
  }

  /**
   * A slot, waiting while requests in flight hold the last ones; false when the budget is spent
   * for this kind (the case is not sent) or the signal aborted.
   */
  async reserve(kind: SlotKind, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted || this.spent(kind)) return false;
      if (this.tryReserve(kind)) return true;
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

  /** Profiles the run saw stored without a 201 (a refused request that still created): spent like creates. */
  spendSeen(count: number): void {
    this.creates += count;
    for (const wake of [...this.#waiters]) wake();
  }

  /** The request holding a slot ended. */
  settle(outcome: SlotOutcome): void {
    this.#pending--;
    if (outcome === 'created') this.creates++;
    else if (outcome === 'unknown') this.uncertain++;
    for (const wake of [...this.#waiters]) wake();
  }
}
