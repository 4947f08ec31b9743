import type { PlanEntry } from './plan.ts';

/** The plan, read once from the front: a phase takes entries while they are its own. */
export class PlanCursor {
  #next: IteratorResult<PlanEntry>;
  readonly #entries: Iterator<PlanEntry>;
  /** entries taken from the plan but not sent (the run stopped first) */
  skipped = 0;

  constructor(entries: Iterator<PlanEntry>) {
    this.#entries = entries;
    this.#next = entries.next();
  }

  /** The next entry when `belongs` accepts it; undefined at the end or at another phase's entry. */
  take(belongs: (entry: PlanEntry) => boolean): PlanEntry | undefined {
    if (this.#next.done || !belongs(this.#next.value)) return undefined;
    const entry = this.#next.value;
    this.#next = this.#entries.next();
    return entry;
  }
}
