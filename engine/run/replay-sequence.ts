/**
 * Replaying a failure of a sequence (engine/judge/sequence.ts): a counterexample whose check broke
 * on a request after the create holds the requests before it (`sequence`: the create and the
 * follow-ups the judge needs) and that request (`request`, `step`). The replay sends them all again
 * in order, the sid the new create answered in place of the recorded one, and judges the new
 * answers as the run did: a case rule on the create's exchange with the follow-ups in their places,
 * a rule of answers on the last answer alone. How a request is sent is the caller's
 * (engine/run/replay.ts: through the replay's Sender, a create under the budget), so this file
 * holds no transport.
 */
import { bodyObject } from '../../contracts/answer.ts';
import type { Check } from '../../contracts/check.ts';
import { type AuthMode, type Exchange, type FollowUp, type JudgeContext, type Reply, routeOf, type TestCase } from '../../contracts/exchange.ts';
import type { Counterexample, SequenceStep } from '../../contracts/report.ts';

/** One request of a replayed sequence, as sent now. */
export interface Replayed {
  role: string;
  purpose: string;
  auth: AuthMode;
  answer: FollowUp;
  latencyMs: number;
}

export interface SequenceReplay {
  /** the requests sent, in order; the last is the one that broke the check, unless `stopped` */
  sent: Replayed[];
  /** why the sequence stopped before its last request (the create got no sid, the budget was spent) */
  stopped?: string;
}

/**
 * Sends one request of a sequence: the counterexample with that request (the new sid in it) and
 * that request's auth mode as its case's; its answer and latency, or undefined when it was not
 * sent (the create budget spent, the replay interrupted).
 */
export type SendOne = (step: Counterexample) => Promise<{ answer: FollowUp; latencyMs: number } | undefined>;

/** Whether a counterexample is a sequence's, replayed whole. */
export const isSequence = (c: Counterexample): boolean => (c.sequence?.length ?? 0) > 0 && c.step !== undefined && c.case !== undefined;

/** The steps to send: the recorded ones, then the request that broke the check. */
function stepsOf(c: Counterexample): SequenceStep[] {
  const last: SequenceStep = { purpose: c.step!.purpose, role: c.step!.role ?? 'other', request: c.request, auth: c.step!.auth };
  return [...(c.sequence ?? []), last];
}

const swap = (text: string, from: string | undefined, to: string | undefined) => (from && to ? text.split(from).join(to) : text);

/**
 * Send a sequence again, in order, each step by `send` (its request with the new sid in its URL and
 * body, its own auth mode). Stops before a request that names the profile when the create got no
 * sid, and at a request that was not sent.
 */
export async function replaySequence(c: Counterexample, send: SendOne): Promise<SequenceReplay> {
  const steps = stepsOf(c);
  const recordedSid = steps.find((s) => s.role === 'create')?.sid;
  let sid: string | undefined;
  const sent: Replayed[] = [];
  for (const s of steps) {
    if (s.role !== 'create' && recordedSid && !sid && s.request.url.includes(recordedSid)) {
      return { sent, stopped: `the create answered ${answerWords(sent.find((r) => r.role === 'create')?.answer)} with no sid, so the requests after it were not sent` };
    }
    const request = { ...s.request, url: swap(s.request.url, recordedSid, sid), body: swap(s.request.body, recordedSid, sid) };
    const got = await send({ ...c, request, case: { ...c.case!, auth: s.auth } });
    if (!got) return { sent, stopped: `the ${s.purpose} was not sent (the create budget is spent, or the replay was interrupted)` };
    const { answer, latencyMs } = got;
    if (s.role === 'create') {
      const res = answer.response;
      const got = res && res.status >= 200 && res.status < 300 ? bodyObject(res)?.sid : undefined;
      if (typeof got === 'string') sid = got;
    }
    sent.push({ role: s.role, purpose: s.purpose, auth: s.auth, answer: { ...answer, purpose: s.purpose, auth: s.auth }, latencyMs });
  }
  return { sent };
}

/** "201", "error ECONNRESET" */
export function answerWords(f: Pick<FollowUp, 'response' | 'error'> | undefined): string {
  if (!f) return 'nothing';
  return f.response ? String(f.response.status) : `error ${f.error?.code ?? 'unknown'}`;
}

/** The create's exchange the replayed answers make, each follow-up in the member the run put it in. */
export function exchangeOf(c: Counterexample, tc: TestCase, sent: readonly Replayed[]): Exchange {
  const create = sent.find((r) => r.role === 'create');
  const ex: Exchange = {
    index: c.index,
    case: tc,
    request: create?.answer.request ?? c.request,
    latencyMs: create?.latencyMs ?? 0,
    receivedAt: Date.now(),
    ...(create?.answer.response ? { response: create.answer.response } : {}),
    ...(create?.answer.error ? { error: create.answer.error } : {}),
  };
  const members = ex as unknown as Record<string, unknown>;
  for (const r of sent) {
    if (r.role === 'create' || r.role === 'other') continue;
    const [key, part] = r.role.split('.', 2) as [string, string | undefined];
    if (part === undefined) members[key] = r.answer;
    else {
      // a batch: the refused DELETEs and the read back after them
      members[key] ??= { deletes: [] };
      const batch = members[key] as { deletes: Array<{ auth: AuthMode; answer: FollowUp }>; readBack?: FollowUp };
      if (part === 'delete') batch.deletes.push({ auth: r.auth, answer: r.answer });
      else if (part === 'readBack') batch.readBack = r.answer;
    }
  }
  return ex;
}

/** The check's verdict on a replayed sequence; undefined when the check does not apply to it. */
export function judgeSequence(check: Check, c: Counterexample, tc: TestCase, replayed: SequenceReplay, ctx: JudgeContext) {
  const last = replayed.sent.at(-1)!;
  // an answer judged on its own (a credential probe, a read's Date): the rule of answers on it alone
  if (c.category === 'lifecycle' || c.step?.role === undefined) {
    if (!check.judgeReply) return undefined;
    const reply: Reply = {
      route: routeOf(last.answer.request.method, last.answer.request.url),
      request: last.answer.request,
      auth: last.auth,
      ...(last.answer.response ? { response: last.answer.response } : {}),
      ...(last.answer.error ? { error: last.answer.error } : {}),
      latencyMs: last.latencyMs,
      receivedAt: Date.now(),
      absorbed: false,
      index: c.index,
      purpose: last.purpose,
      case: tc,
    };
    return check.judgeReply(reply, ctx);
  }
  return check.judge(exchangeOf(c, tc, replayed.sent), ctx);
}
