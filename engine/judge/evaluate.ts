import { bodyObject } from '../../contracts/answer.ts';
import { type Check, inScope, type Outcome } from '../../contracts/check.ts';
import { type Exchange, type JudgeContext, type Reply, replyOf } from '../../contracts/exchange.ts';
import { noteClock } from '../checks/clock.ts';
import { noteOrigin } from '../checks/resource.ts';
import type { Origin } from '../plan/plan.ts';
import { brokenAt } from './sequence.ts';
import { type Broken, order, type Tally } from './tally.ts';

/** Every check's outcome on one exchange: pure, in the order of `checks`. */
export function evaluate(ex: Exchange, checks: readonly Check[], ctx: JudgeContext): Outcome[] {
  return checks.map((check) => check.judge(ex, ctx));
}

/** Every rule of `answers` that applies to one answer, with its outcome: pure, in the order of `checks`. */
export function evaluateReply(reply: Reply, checks: readonly Check[], ctx: JudgeContext): Array<[Check, Outcome]> {
  const out: Array<[Check, Outcome]> = [];
  for (const check of checks) if (check.answers && check.judgeReply && inScope(check.answers, reply)) out.push([check, check.judgeReply(reply, ctx)]);
  return out;
}

/**
 * Judges exchanges and answers into the tally and remembers, per check, the lowest plan index that
 * failed (what shrinking starts from). A case's exchange is judged by every check (a rule of
 * `answers` on the create's final answer); every other answer of the run — follow-ups, the
 * cleanup, answers a retry replaced — by the rules of `answers` in whose scope it falls. Checks that
 * read follow-ups are judged when those have been made.
 */
export class Judgement {
  /** per check id, its lowest failing exchange: plan index, and where a property case came from */
  readonly firstFailures = new Map<string, { index: number; origin?: Origin }>();
  readonly #now: readonly Check[];
  readonly #later: readonly Check[];
  readonly #answers: readonly Check[];
  readonly #failed = new WeakSet<Exchange>();
  /** the ids of the checks each exchange failed, in catalog order */
  readonly #failedIds = new WeakMap<Exchange, string[]>();

  readonly tally: Tally;
  readonly ctx: JudgeContext;

  constructor(checks: readonly Check[], tally: Tally, ctx: JudgeContext) {
    this.tally = tally;
    this.ctx = ctx;
    this.#now = checks.filter((c) => !c.followUps);
    this.#later = checks.filter((c) => c.followUps);
    this.#answers = checks.filter((c) => c.answers);
  }

  /** Judge an exchange as it arrives. */
  judge(ex: Exchange, origin?: Origin): void {
    const failed = this.#record(ex, this.#now, origin);
    if (failed) this.#failed.add(ex);
    this.tally.countExchange(ex, failed);
    const sid = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
    if (typeof sid === 'string' && !this.ctx.seenSids.has(sid)) this.ctx.seenSids.set(sid, ex.index);
    noteClock(this.ctx.clock, replyOf(ex));
    noteOrigin(this.ctx.served, ex);
  }

  /** Judge an exchange's follow-ups, once they have been made. */
  judgeFollowUps(ex: Exchange): void {
    if (this.#record(ex, this.#later) && !this.#failed.has(ex)) this.tally.countFailedLater(ex);
  }

  /** Judge one answer that is not a case's own (a follow-up, the cleanup, one a retry replaced) by the rules of its kind. */
  judgeReply(reply: Reply): string[] {
    this.tally.countReply();
    const failed: string[] = [];
    for (const [check, outcome] of evaluateReply(reply, this.#answers, this.ctx)) {
      if (outcome?.status === 'fail') {
        failed.push(check.id);
        this.#first(check.id, reply.index);
      }
      this.tally.record(check.id, outcome, reply);
    }
    noteClock(this.ctx.clock, reply);
    return failed;
  }

  /**
   * Record the outcome of a rule of the account model on one of its commands (engine/phases/model/model.ts):
   * the answer it is about is the evidence; a failure's message carries the command sequence.
   */
  recordStep(id: string, outcome: Outcome, evidence: Reply, shrunk = false): void {
    if (outcome?.status === 'fail') this.#first(id, evidence.index);
    this.tally.record(id, outcome, evidence, shrunk);
  }

  /** The ids of the checks an exchange failed so far (its follow-ups included, once judged). */
  failedChecks(ex: Exchange): readonly string[] {
    return this.#failedIds.get(ex) ?? [];
  }

  #first(id: string, index: number, origin?: Origin): void {
    const first = this.firstFailures.get(id);
    if (first === undefined || order(index) < order(first.index)) this.firstFailures.set(id, { index, ...(origin ? { origin } : {}) });
  }

  #record(ex: Exchange, checks: readonly Check[], origin?: Origin): boolean {
    const outcomes = evaluate(ex, checks, this.ctx);
    let failed = false;
    for (let i = 0; i < checks.length; i++) {
      const id = checks[i]!.id;
      const outcome = outcomes[i]!;
      let broken: Broken | undefined;
      if (outcome?.status === 'fail') {
        failed = true;
        const ids = this.#failedIds.get(ex);
        if (ids) ids.push(id);
        else this.#failedIds.set(ex, [id]);
        this.#first(id, ex.index, origin);
        // a request after the create broke it: that request is the failure's, with the sequence before it
        broken = brokenAt(checks[i]!, ex, this.ctx, outcome.message);
      }
      this.tally.record(id, outcome, ex, false, origin, broken);
    }
    return failed;
  }
}
