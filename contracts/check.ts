import { type Exchange, type JudgeContext, type Reply, type Route, routeOf } from './exchange.ts';
import type { ModelStep } from './model.ts';

export type Level = 1 | 2 | 3;
export type Severity = 'MUST' | 'SHOULD';

/**
 * Where a check's rule comes from. Only the first four ('standard': a public
 * standard such as RFC 9110 or RFC 8259, cited with its section) may back a MUST, with one exception the
 * suite's charter (issue 3) sets on purpose: no response may carry the caller's credentials, a
 * level 1 MUST resting on 'suite'. Every other 'suite' check is a SHOULD (a test enforces it).
 */
export type SourceDoc = 'seed' | 'openapi' | 'twilio-behaviour' | 'standard' | 'suite';

export interface Source {
  doc: SourceDoc;
  /** the passage or public reference the rule rests on */
  ref: string;
}

/** A class of statuses, or one status. */
export type StatusMatch = '2xx' | '3xx' | '4xx' | '5xx' | number;

/**
 * Which answers a rule judges: the routes × the statuses. The engine applies the rule to every
 * answer that matches, whatever phase sent the request (engine/judge/evaluate.ts).
 */
export interface AnswerScope {
  /** the routes whose answers it judges; 'any' takes every route, requests outside the operation included */
  routes: readonly Route[] | 'any';
  /** the statuses it judges; 'any' also takes requests that got no answer */
  statuses: readonly StatusMatch[] | 'any';
  /**
   * true when the rule reads the answer's content (its JSON, its bytes, the media type or charset
   * of what it carries): a HEAD answer has none (RFC 9110 §9.3.2), so HEAD answers are out of its
   * scope. Every other rule (of the status and the headers) judges HEAD answers too, each as an
   * answer of the GET it stands for (inScope): a rule that forgets to say it reads the content
   * fails loudly on an empty HEAD body, where one that had to opt HEAD in missed it silently
   * (response.date-header never saw a HEAD answer).
   */
  body?: true;
}

export interface CheckInfo {
  id: string;
  title: string;
  level: Level;
  severity: Severity;
  source: Source;
  /**
   * false when the judge needs more than the one exchange (a list around it, earlier sids, its
   * follow-ups): shrinking replays single cases, so such a check is never shrunk. Default true.
   */
  shrinks?: false;
  /** true when the judge reads the exchange's follow-ups (read back, delete): judged in the follow-ups phase */
  followUps?: true;
  /**
   * a rule about one answer of a kind: it judges every answer in this scope, on every route and in
   * every phase (its judge is a ReplyJudge); without it the rule judges cases (a create exchange)
   */
  answers?: AnswerScope;
  /**
   * a rule of the account model: it judges each command of the model phase (engine/phases/model/model.ts)
   * against what the model held before it (its judge is a StepJudge)
   */
  model?: true;
}

/** The outcome of one check on one exchange; null when the check does not apply. */
export type Outcome =
  | { status: 'pass' }
  /** `part`: which part of the rule the answer broke, when the rule has several (echo.fields: the field); failures are classed by it */
  | { status: 'fail'; message: string; part?: string }
  /** `needs`: the input the run lacked, when that is why the check could not judge (the level it guards is then not tested: contracts/report.ts judgeLevels) */
  | { status: 'skip'; reason: string; needs?: RunInput }
  | null;

/** An input a run may lack, so that a check cannot judge: a second account, or both credential pairs of the account (an API key beside the Auth Token). */
export type RunInput = 'second-account' | 'other-pair';

export type Judge = (exchange: Exchange, context: JudgeContext) => Outcome;

/** The judge of one answer (a rule with `answers`). */
export type ReplyJudge = (reply: Reply, context: JudgeContext) => Outcome;

/**
 * The judge of one command of the account model (a rule with `model`); a failure may name the
 * answer it is about (`at`: an index into a list command's pages; default the last answer).
 */
export type StepJudge = (step: ModelStep, context: JudgeContext) => Outcome | { status: 'fail'; message: string; at: number };

export interface Check extends CheckInfo {
  /** the judge of a case's exchange; for a rule of `answers`, its ReplyJudge on the create's final answer; for a rule of the model, none (null) */
  judge: Judge;
  /** for a rule of `answers`: the judge of any answer in scope */
  judgeReply?: ReplyJudge;
  /** for a rule of the account model: the judge of each command */
  judgeStep?: StepJudge;
}

/**
 * The route whose rules an answer meets: its own, but a HEAD's is the GET's it stands for (RFC 9110
 * §9.3.2: HEAD is GET without the content), a fetch for a profile, a list for the collection.
 */
export function kindOf(reply: Pick<Reply, 'route'> & { request?: { method: string; url: string } }): Route {
  return reply.request?.method === 'HEAD' ? routeOf('GET', reply.request.url) : reply.route;
}

/** Whether an answer is in a rule's scope: a HEAD answer in every rule's but those that read the content, by the route of its GET. */
export function inScope(scope: AnswerScope, reply: Pick<Reply, 'route' | 'response'> & { request?: { method: string; url: string } }): boolean {
  if (reply.request?.method === 'HEAD' && scope.body) return false;
  if (scope.routes !== 'any' && !scope.routes.includes(kindOf(reply))) return false;
  if (scope.statuses === 'any') return true;
  const status = reply.response?.status;
  if (status === undefined) return false;
  const cls = `${Math.floor(status / 100)}xx`;
  return scope.statuses.some((s) => s === status || s === cls);
}
