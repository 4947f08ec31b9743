import type { Check, Outcome } from '../../contracts/check.ts';
import type { Exchange, JudgeContext } from '../../contracts/exchange.ts';
import { bodyObject } from '../../contracts/answer.ts';
import type { Origin } from '../plan/plan.ts';
import type { Tally } from './tally.ts';

/** Every check's outcome on one exchange: pure, in the order of `checks`. */
export function evaluate(ex: Exchange, checks: readonly Check[], ctx: JudgeContext): Outcome[] {
  return checks.map((check) => check.judge(ex, ctx));
}

/**
 * Judges exchanges into the tally and remembers, per check, the lowest plan index that failed
 * (what shrinking starts from). Checks that read follow-ups are judged when those have been made.
 */
export class Judgement {
  /** per check id, its lowest failing exchange: plan index, and where a property case came from */
  readonly firstFailures = new Map<string, { index: number; origin?: Origin }>();
  readonly #now: readonly Check[];
  readonly #later: readonly Check[];
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
  }

  /** Judge an exchange as it arrives. */
  judge(ex: Exchange, origin?: Origin): void {
    const failed = this.#record(ex, this.#now, origin);
    if (failed) this.#failed.add(ex);
    this.tally.countExchange(ex, failed);
    const sid = ex.response?.status === 201 ? bodyObject(ex.response)?.sid : undefined;
    if (typeof sid === 'string' && !this.ctx.seenSids.has(sid)) this.ctx.seenSids.set(sid, ex.index);
  }

  /** Judge an exchange's follow-ups, once they have been made. */
  judgeFollowUps(ex: Exchange): void {
    if (this.#record(ex, this.#later) && !this.#failed.has(ex)) this.tally.countFailedLater(ex);
  }

  /** The ids of the checks an exchange failed so far (its follow-ups included, once judged). */
  failedChecks(ex: Exchange): readonly string[] {
    return this.#failedIds.get(ex) ?? [];
  }

  #record(ex: Exchange, checks: readonly Check[], origin?: Origin): boolean {
    const outcomes = evaluate(ex, checks, this.ctx);
    let failed = false;
    for (let i = 0; i < checks.length; i++) {
      const id = checks[i]!.id;
      const outcome = outcomes[i]!;
      if (outcome?.status === 'fail') {
        failed = true;
        const ids = this.#failedIds.get(ex);
        if (ids) ids.push(id);
        else this.#failedIds.set(ex, [id]);
        const first = this.firstFailures.get(id);
        if (first === undefined || ex.index < first.index) this.firstFailures.set(id, { index: ex.index, ...(origin ? { origin } : {}) });
      }
      this.tally.record(id, outcome, ex);
    }
    return failed;
  }
}
