import type { HttpRequest, HttpResult } from './http.ts';

/** Codes of a request that got no answer in time. */
const TIMEOUT = /TIMEOUT|TimeoutError/;

export interface HealthOptions {
  concurrency: number;
  /** the per-request timeout, for the reason line */
  timeoutMs: number;
  retries: number;
}

/**
 * Watches every answer and says when the run should stop: the target never answered (unreachable),
 * it keeps answering 429/503 (throttled), or one route keeps timing out (a route that stopped
 * answering must not hold the run hostage). Pure bookkeeping: the engine asks `stopReason`.
 */
export class HealthMonitor {
  answered = 0;
  unreachable?: string;
  throttled?: string;
  hanging?: string;
  #errors = 0;
  #timeouts = 0;
  #lastError = '';
  #throttledInRow = 0;
  readonly #timeoutsInRow = new Map<string, number>();
  readonly #after: number;
  readonly #opts: HealthOptions;

  constructor(opts: HealthOptions) {
    this.#opts = opts;
    this.#after = Math.max(10, opts.concurrency * 2);
  }

  /** Note one final result (after retries) of a request to `base`. */
  note(req: HttpRequest, r: HttpResult, base: string): void {
    // the route is worked out only while some route has timed out: an answer on the hot path costs nothing more
    const route = () => `${req.method} ${routeOf(req.url)}`;
    if (r.ok) {
      this.answered++;
      this.#errors = 0;
      this.#timeouts = 0;
      if (this.#timeoutsInRow.size > 0) this.#timeoutsInRow.delete(route());
      const status = r.response.status;
      if (status === 429 || status === 503) {
        if (++this.#throttledInRow >= this.#after && !this.throttled) {
          const retried = this.#opts.retries ? `, each after up to ${this.#opts.retries} retries` : '';
          this.throttled = `the target answered ${status} to ${this.#throttledInRow} requests in a row${retried} (rate limited or overloaded)`;
        }
      } else this.#throttledInRow = 0;
      return;
    }
    const timedOut = TIMEOUT.test(r.error.code);
    const name = route();
    const inRow = timedOut ? (this.#timeoutsInRow.get(name) ?? 0) + 1 : 0;
    if (inRow > 0) this.#timeoutsInRow.set(name, inRow);
    else this.#timeoutsInRow.delete(name);
    this.#errors++;
    this.#timeouts = timedOut ? this.#timeouts + 1 : 0;
    this.#lastError = r.error.message;
    // a dead target: two timeouts in a row with no answer ever (well under 3 x --timeout)
    if (this.answered === 0 && !this.unreachable && (this.#errors >= this.#after || this.#timeouts >= 2)) {
      this.unreachable = `no answer from ${base}: ${r.error.message}`;
    } else if (inRow >= 3 && !this.hanging) {
      this.hanging = `${name} stopped answering: ${inRow} requests in a row got no answer within ${this.#opts.timeoutMs} ms`;
    }
  }

  /** At the end of a run: a target that never answered is unreachable, however few requests were sent. */
  finish(base: string): void {
    if (this.answered === 0 && this.#errors > 0 && !this.unreachable) this.unreachable = `no answer from ${base}: ${this.#lastError}`;
  }

  /** Why the run must stop now, if it must. */
  get stopReason(): string | undefined {
    if (this.unreachable) return `target unreachable: ${this.unreachable}`;
    return this.throttled ?? this.hanging;
  }
}

function routeOf(url: string): string {
  try {
    const path = new URL(url).pathname;
    return path.replace(/\/CustomerProfiles\/[^/]+$/, '/CustomerProfiles/{Sid}');
  } catch {
    return url;
  }
}
