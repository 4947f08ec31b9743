import { answerOf } from '../../contracts/answer.ts';
import type { ReplyJudge } from '../../contracts/check.ts';
import type { ClockWindow, Reply, RunClock } from '../../contracts/exchange.ts';
import { bodyObject, fail, PASS, show, whose } from './util.ts';

/**
 * Rules that compare the server's clock across the run's answers: its Date header (RFC 9110
 * §6.6.1: the origin server's "now" when it made the message) and a new profile's date_created (the
 * time of the create) advance with this machine's clock. A clock may be off by any constant (the
 * rules never compare it with ours directly); it may not stand still. Each answer bounds the
 * offset of the server's clock from ours: the value, at second resolution, was made between the
 * request's sending and the answer's arrival. The answers of one honest clock all contain its true
 * offset, so their windows overlap; a clock frozen at the server's start (a Date header or a
 * default timestamp computed once) drifts out of the first window as the run goes on.
 */

/**
 * How far apart two windows may be: 1 s. One clock's windows always overlap (0 would do for one
 * host); the second is for several hosts behind one address, whose NTP-kept clocks agree within
 * milliseconds, and for a step of this machine's clock. RFC 9110 states no accuracy: the rules are SHOULDs.
 */
export const CLOCK_TOLERANCE_MS = 1000;

/** The window an answer shows for a server time `at` (ms since the epoch, whole seconds as written). */
export function windowOf(at: number, reply: Pick<Reply, 'receivedAt' | 'latencyMs' | 'purpose'>, shown: string): ClockWindow {
  // the latency runs to the end of the body: the request left no later than this
  const sentAt = reply.receivedAt - reply.latencyMs;
  return { lo: at - reply.receivedAt, hi: at + 1000 - sentAt, shown, purpose: reply.purpose, seenAt: reply.receivedAt };
}

/**
 * How long after the first answer a later request shows a clock that stands still: the tolerance,
 * the second a value is rounded to, and a margin. A run shorter than this sends its late create
 * (engine/phases/probes/answer-kinds.ts) no sooner.
 */
export const CLOCK_SPAN_MS = CLOCK_TOLERANCE_MS + 1000 + 200;

/** The Date header's window, when the answer has one that reads as an HTTP-date. */
export function dateWindow(reply: Reply): ClockWindow | undefined {
  const res = reply.response;
  if (!res || reply.receivedAt <= 0) return undefined;
  const date = answerOf(res).date;
  return date.kind === 'ok' ? windowOf(date.value.ms, reply, `Date ${res.headers.date}`) : undefined;
}

/** A create's 201: its date_created's window (an ISO 8601 date-time; one that is none is another rule's). */
export function createdWindow(reply: Reply): ClockWindow | undefined {
  const res = reply.response;
  if (reply.route !== 'create' || res?.status !== 201 || reply.receivedAt <= 0) return undefined;
  const value = bodyObject(res)?.date_created;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : windowOf(at, reply, `date_created ${value}`);
}

/** Keep the first window of each clock the run sees (the Judgement calls it after judging each answer). */
export function noteClock(clock: RunClock | undefined, reply: Reply): void {
  if (!clock) return;
  clock.date ??= dateWindow(reply);
  clock.created ??= createdWindow(reply);
}

/** Why a window is not the first one's clock, or undefined when it is (within the tolerance). */
function drift(now: ClockWindow, first: ClockWindow, what: string): string | undefined {
  const behind = first.lo - now.hi;
  const ahead = now.lo - first.hi;
  if (behind <= CLOCK_TOLERANCE_MS && ahead <= CLOCK_TOLERANCE_MS) return undefined;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const how = behind > 0 ? `stood still or went back: at least ${s(behind)} behind` : `jumped: at least ${s(ahead)} ahead of`;
  return `${what} ${show(now.shown)}: the server's clock ${how} the one its ${first.shown} showed (${first.purpose}), measured against this machine's clock (tolerance ${s(CLOCK_TOLERANCE_MS)})`;
}

export const dateAdvances: ReplyJudge = (reply, ctx) => {
  const now = dateWindow(reply);
  if (!now) return null;
  // the first answer sets the clock the others are held to, and agrees with itself: counting it
  // makes every shard's count of a sharded run add up to the whole run's
  const first = ctx.clock?.date ?? now;
  const why = drift(now, first, 'its');
  return why === undefined ? PASS : fail(`${whose(reply)}${why}`);
};

export const createdAdvances: ReplyJudge = (reply, ctx) => {
  const now = createdWindow(reply);
  if (!now) return null;
  const first = ctx.clock?.created ?? now;
  const why = drift(now, first, 'its');
  return why === undefined ? PASS : fail(`${whose(reply)}${why}`);
};
