/**
 * The sequence of a failure: the requests a create's exchange holds besides the create (the list
 * read before a refusal, the read back, the list, the deletes, the credential probes), in the
 * order they were sent, and which of them broke a check. A check that reads a sequence shows the
 * request that broke it, with the requests before it; `replay` sends them all again.
 */
import type { Check, Outcome } from '../../contracts/check.ts';
import type { AuthMode, Exchange, FollowUp, JudgeContext } from '../../contracts/exchange.ts';
import type { SequenceStep } from '../../contracts/report.ts';
import { bodyObject } from '../../contracts/answer.ts';

/** One request of a sequence: its answer, what it was for, and where a replay puts it. */
export interface Step {
  /** the exchange's member that holds it ("readBack"), "refusedDeletes.delete" for one of several, "create" for the create */
  role: string;
  purpose: string;
  auth: AuthMode;
  followUp: FollowUp;
}

/** The members of an exchange that are its own create, not a request after it. */
const OWN = new Set(['index', 'case', 'request', 'response', 'error', 'latencyMs', 'receivedAt']);
/** Sent before the create: a refusal's list read. */
const BEFORE_CREATE = 'listBefore';

const isFollowUp = (v: unknown): v is FollowUp =>
  typeof v === 'object' && v !== null && typeof (v as FollowUp).request?.method === 'string' && typeof (v as FollowUp).request?.url === 'string';

const stepOf = (role: string, f: FollowUp, auth?: AuthMode): Step => ({ role, purpose: f.purpose ?? role, auth: auth ?? f.auth ?? 'valid', followUp: f });

/** A member of the exchange: one request, or a batch of them (the refused DELETEs and their read back) that a judge reads as one. */
type Member = { key: string; steps: Step[] };

/** The requests after (and a list read before) the create, member by member, in the order they were sent. */
function membersOf(ex: Exchange): Member[] {
  const out: Member[] = [];
  for (const [key, value] of Object.entries(ex)) {
    if (OWN.has(key) || typeof value !== 'object' || value === null) continue;
    if (isFollowUp(value)) {
      out.push({ key, steps: [stepOf(key, value)] });
      continue;
    }
    // a batch: { deletes: [{ auth, answer }], readBack }
    const batch = value as { deletes?: Array<{ auth?: AuthMode; answer?: unknown }>; readBack?: unknown };
    if (Array.isArray(batch.deletes) && isFollowUp(batch.readBack)) {
      const steps = batch.deletes.filter((d) => isFollowUp(d.answer)).map((d) => stepOf(`${key}.delete`, d.answer as FollowUp, d.auth));
      out.push({ key, steps: [...steps, stepOf(`${key}.readBack`, batch.readBack)] });
    }
  }
  // members are assigned as their answers come: the list read before a refusal is assigned after the create it preceded
  return out.sort((a, b) => Number(b.key === BEFORE_CREATE) - Number(a.key === BEFORE_CREATE));
}

/** Whether an exchange holds any request besides its create. */
export function hasSequence(ex: Exchange): boolean {
  return membersOf(ex).length > 0;
}

/** The create itself as a step. */
function createStep(ex: Exchange): Step {
  return { role: 'create', purpose: 'create', auth: ex.case.auth, followUp: { request: ex.request, ...(ex.response ? { response: ex.response } : {}), ...(ex.error ? { error: ex.error } : {}) } };
}

/**
 * Every request of an exchange in the order sent: the list before (a refusal's), the create, then
 * the rest; a request two members hold (the DELETE without credentials is also one of the refused
 * DELETEs) once.
 */
export function stepsOf(ex: Exchange): Step[] {
  const members = membersOf(ex);
  const before = members.filter((m) => m.key === BEFORE_CREATE).flatMap((m) => m.steps);
  const all = [...before, createStep(ex), ...members.filter((m) => m.key !== BEFORE_CREATE).flatMap((m) => m.steps)];
  const seen = new Set<FollowUp>();
  return all.filter((s) => !seen.has(s.followUp) && seen.add(s.followUp));
}

/**
 * What an answer judged on its own needs before it: the requests of its create's exchange so far
 * that changed the target's state — the create, and the DELETEs it took (2xx) — in the order sent.
 * The reads and refused requests between them change nothing (a refused DELETE that deleted is
 * the case rule auth.refused-delete-keeps's, shown by `brokenAt`).
 */
export function stateSteps(ex: Exchange): Step[] {
  return stepsOf(ex).filter((s) => {
    const status = s.followUp.response?.status ?? 0;
    return s.role === 'create' || (s.followUp.request.method === 'DELETE' && status >= 200 && status < 300);
  });
}

/** The exchange with only its own members and those given. */
function withMembers(ex: Exchange, members: readonly Member[]): Exchange {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ex)) if (OWN.has(key)) out[key] = value;
  for (const m of members) out[m.key] = (ex as unknown as Record<string, unknown>)[m.key];
  return out as unknown as Exchange;
}

const sameFailure = (o: Outcome, message: string) => o?.status === 'fail' && o.message === message;

/**
 * Which request of an exchange's sequence broke a check that failed on it with `message`: the
 * last request of the shortest part of the sequence (in the order sent) on which the judge fails
 * the same way; before it, the create and only the requests the judge needs to fail so (each
 * request before it is left out in turn, and stays out when the judge still fails the same way
 * without it). Undefined when the create alone fails it, or the exchange holds nothing after it.
 * The judges are pure, so judging parts of the sequence again changes nothing.
 */
export function brokenAt(check: Pick<Check, 'judge'>, ex: Exchange, ctx: JudgeContext, message: string): { step: Step; before: Step[] } | undefined {
  const members = membersOf(ex);
  const fails = (part: readonly Member[]) => sameFailure(check.judge(withMembers(ex, part), ctx), message);
  if (members.length === 0 || fails([])) return undefined;
  const k = members.findIndex((_, i) => fails(members.slice(0, i + 1)));
  if (k < 0) return undefined;
  let needed = members.slice(0, k + 1);
  for (const m of members.slice(0, k)) {
    const without = needed.filter((n) => n !== m);
    if (fails(without)) needed = without;
  }
  const steps = stepsOf(withMembers(ex, needed));
  return { step: steps.at(-1)!, before: steps.slice(0, -1) };
}

/** A step as a failure keeps it: the request, its status or error, the sid a create answered. */
export function sequenceStep(s: Step): SequenceStep {
  const f = s.followUp;
  const res = f.response;
  const sid = s.role === 'create' && res && res.status >= 200 && res.status < 300 ? bodyObject(res)?.sid : undefined;
  return {
    purpose: s.purpose,
    role: s.role,
    request: f.request,
    auth: s.auth,
    ...(res ? { status: res.status } : {}),
    ...(f.error ? { error: f.error.code } : {}),
    ...(res?.truncated && res.cutAt !== undefined ? { cutAt: res.cutAt } : {}),
    ...(typeof sid === 'string' ? { sid } : {}),
  };
}
