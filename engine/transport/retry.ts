/**
 * Retries of one request: on 429, on 503 and on a connection reset, with exponential backoff and
 * full jitter, honouring Retry-After (delta-seconds or an HTTP date), bounded in attempts and in
 * the time one exchange may spend waiting. The caller judges only the final answer.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpResult } from './http.ts';

export type RetryReason = 429 | 503 | 'reset';

export interface RetryPolicy {
  /** retries after the first attempt (0: never retry) */
  retries: number;
  /** no retry is made whose wait would end more than this many ms after the first attempt began */
  maxTotalMs: number;
  /** ceiling of the first backoff wait; it doubles with each retry (full jitter below it) */
  baseMs: number;
  /** ceiling of one backoff wait without Retry-After */
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 0, maxTotalMs: 30_000, baseMs: 200, capMs: 5_000 };

/** Transport errors where the connection was cut under the request (worth another attempt). */
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Why this result deserves another attempt, if it does. */
export function retryReason(r: HttpResult): RetryReason | undefined {
  if (r.ok) {
    if (r.response.status === 429) return 429;
    if (r.response.status === 503) return 503;
    return undefined;
  }
  return RESET_CODES.has(r.error.code) ? 'reset' : undefined;
}

/**
 * Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent
 * or unreadable. A date in the past means now (0).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 10 ** 9) * 1000;
  // every HTTP date form names a day or a month; Date.parse alone reads "1.5" as a date
  if (!/^[A-Za-z]{3}/.test(v)) return undefined;
  // asctime dates carry no zone: HTTP dates are always GMT
  const t = Date.parse(/\b(GMT|UTC)\b|[+-]\d{4}$/.test(v) ? v : `${v} GMT`);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** The wait before retry number `retry` (0-based): full jitter under an exponential ceiling. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** The longest a Node timer can wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sleep, or stop early when the signal aborts; true when the whole wait passed. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  if (ms <= 0) return true;
  try {
    // a timer holds at most 2^31-1 ms (Node warns and fires at once beyond): longer waits go in pieces
    for (let left = ms; left > 0; left -= MAX_TIMER_MS) await delay(Math.min(left, MAX_TIMER_MS), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export interface RetryHooks {
  /** waits stop early when it aborts: the last answer is returned as the final one */
  signal?: AbortSignal;
  random?: () => number;
  /** before every attempt (rate limit); false: do not send it */
  beforeAttempt?: () => Promise<boolean>;
  /**
   * right before a retry is sent (after its wait); false vetoes it. A POST's retry is a new create:
   * the last attempt's outcome is counted and the retry waits for a budget slot of its own.
   */
  mayRetry?: (reason: RetryReason, last: HttpResult) => boolean | Promise<boolean>;
  /** the target asked for a pause (Retry-After): every sender should hold off for that long */
  onRetryAfter?: (ms: number) => void;
}

export interface RetriedResult {
  /** the final answer, the only one to judge */
  result: HttpResult;
  /** how many retries were made */
  retries: number;
}

/**
 * Send with retries. Resolves undefined only when the first attempt was never sent
 * (beforeAttempt refused it, e.g. the run was interrupted while it waited for its turn).
 */
export async function sendWithRetry(
  attempt: () => Promise<HttpResult>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<RetriedResult | undefined> {
  const started = Date.now();
  if (hooks.beforeAttempt && !(await hooks.beforeAttempt())) return undefined;
  let result = await attempt();
  let retries = 0;
  while (retries < policy.retries && !hooks.signal?.aborted) {
    const reason = retryReason(result);
    if (reason === undefined) break;
    const retryAfter = result.ok ? parseRetryAfter(result.response.headers['retry-after']) : undefined;
    const wait =
      retryAfter !== undefined
        ? retryAfter + Math.floor((hooks.random ?? Math.random)() * policy.baseMs)
        : backoffMs(retries, policy, hooks.random);
    if (Date.now() - started + wait > policy.maxTotalMs) break;
    if (retryAfter !== undefined) hooks.onRetryAfter?.(retryAfter);
    if (!(await sleep(wait, hooks.signal))) break;
    if (hooks.beforeAttempt && !(await hooks.beforeAttempt())) break;
    // the last gate: once it agrees, the attempt is sent
    if (hooks.mayRetry && !(await hooks.mayRetry(reason, result))) break;
    retries++;
    result = await attempt();
  }
  return { result, retries };
}
