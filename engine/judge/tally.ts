import type { Check, Outcome, RunInput } from '../../contracts/check.ts';
import type { AuthMode, CaseCategory, Exchange, SentRequest, TestCase } from '../../contracts/exchange.ts';
import { CLASS_EXAMPLES, type Counterexample, type CounterexampleCase, type FailureClass } from '../../contracts/report.ts';
import type { Origin } from '../plan/plan.ts';
import { matcherFor, redactHeaderValues } from '../../contracts/secrets.ts';
import { redact } from '../transport/credentials.ts';
import { curlFor, shownBody } from '../transport/curl.ts';
import { type ClassOf, classKey, classOf, type Evidence, isReply } from './classes.ts';
import { sequenceStep, type Step, stateSteps } from './sequence.ts';

export type { Evidence } from './classes.ts';

/**
 * How many classes of failure each check tells apart; failures past them are counted, not classed.
 * The kinds of case are finite (fixed cases, coverage rows, property categories and rules, the
 * routes and purposes of other answers), so a real run stays far below; memory stays flat however
 * long the run. Only the first CLASS_EXAMPLES classes of a check (by their first plan index) keep
 * an example.
 */
export const MAX_CLASSES = 1000;
const BODY_CUT = 4096;

/** One class of a check's failures as the tally holds it. */
export interface ClassTally extends ClassOf {
  failed: number;
  /** the lowest plan index of its failures */
  index: number;
  /** when the failure at that index was counted, in the tally's order: of two classes at one index (the answers after one create), the one judged first comes first */
  seq: number;
  /** the failure at that index, while the class is among the first CLASS_EXAMPLES */
  example?: Counterexample;
  /** where that failure's case came from, when a property stream drew it: what shrinking starts from */
  origin?: Origin;
  /** the fixed cases and coverage rows among its failures: label → plan index */
  cases: Map<string, number>;
}

export interface CheckTally {
  passed: number;
  failed: number;
  skipped: number;
  skipReason?: string;
  /** the input the run lacked, when a skip said it could not judge without it (its reason is then skipReason) */
  needs?: RunInput;
  /** the classes of its failures, by key (engine/judge/classes.ts) */
  classes: Map<string, ClassTally>;
  /** failures past MAX_CLASSES classes */
  unclassed: number;
  /** classes holding an example */
  examples: number;
}

/** The request of a sequence that broke a check, and the requests before it (engine/judge/sequence.ts brokenAt). */
export interface Broken {
  step: Step;
  before: Step[];
}

export interface TallyOptions {
  secrets: readonly string[];
  apiKey: boolean;
  /** the caller's extra headers (lower-case names): replay lines read them from the environment */
  hidden?: readonly string[];
}

/** Redacted text is searched in this much of a body at most: the time stays bounded. */
const BODY_SEARCHED = 64 * 1024;
/** Longer than any encoded secret: what a cut through the searched part may leave of one. */
const CUT_MARGIN = 8192;

/**
 * The first BODY_CUT characters of a body, redacted before it is cut (a cut through a secret
 * would keep part of it). Past BODY_SEARCHED, the end of the searched part is never kept.
 */
function excerpt(body: string, secrets: readonly string[]): string {
  const head = redact(body.slice(0, BODY_SEARCHED), secrets);
  const keep = body.length > BODY_SEARCHED ? Math.min(BODY_CUT, Math.max(0, head.length - CUT_MARGIN)) : BODY_CUT;
  return head.length > keep ? `${head.slice(0, keep)}…` : head;
}

/** Plan order: an answer that belongs to no case (index -1, e.g. the cleanup's) comes after every case. */
export const order = (index: number) => (index < 0 ? Number.MAX_SAFE_INTEGER : index);

/** What a counterexample shows of a piece of evidence. */
interface Shown {
  category: CaseCategory;
  caseLabel: string;
  request: SentRequest;
  auth: AuthMode;
  answer: { response?: Exchange['response']; error?: Exchange['error'] };
  case?: TestCase;
  step?: Counterexample['step'];
  sequence?: Step[];
}

/** The parts of a piece of evidence a counterexample shows: for a failure a later request of a sequence caused, that request, with the ones before it. */
function shown(e: Evidence, broken?: Broken): Shown {
  if (!isReply(e)) {
    const own = { category: e.case.category, caseLabel: e.case.label, case: e.case };
    if (!broken) return { ...own, request: e.request, auth: e.case.auth, answer: e };
    const { step, before } = broken;
    return { ...own, request: step.followUp.request, auth: step.auth, answer: step.followUp, step: { purpose: step.purpose, auth: step.auth, role: step.role }, sequence: before };
  }
  if (e.route === 'create' && e.case) {
    const label = e.absorbed ? `${e.case.label} (an answer the retry replaced)` : e.case.label;
    return { category: e.case.category, caseLabel: label, request: e.request, auth: e.auth, answer: e, case: e.case };
  }
  let path = e.request.url;
  try {
    const u = new URL(e.request.url);
    path = `${u.pathname}${u.search}`;
  } catch {
    // as sent
  }
  const of = e.case ? `, after "${e.case.label}"` : '';
  const base: Shown = { category: 'lifecycle', caseLabel: `${e.request.method} ${path} (${e.purpose}${of})`, request: e.request, auth: e.auth, answer: e };
  // a follow-up of a create: the create and what changed the target's state after it, before this request
  if (!e.follows) return base;
  return { ...base, case: e.follows.case, step: { purpose: e.purpose, auth: e.auth }, sequence: stateSteps(e.follows) };
}

/**
 * Plan order of classes: the lowest first failure first (the same whatever the completion order);
 * at one plan index (a create's follow-ups), the one judged first, as the requests were sent.
 */
function before(a: Pick<ClassTally, 'index' | 'seq'>, b: Pick<ClassTally, 'index' | 'seq'>): boolean {
  const d = order(a.index) - order(b.index);
  return d < 0 || (d === 0 && a.seq < b.seq);
}

/** Aggregates outcomes per check and per category; each check's failures are counted per class, and each class keeps its first failure. */
export class Tally {
  readonly byCheck = new Map<string, CheckTally>();
  /** counts the failures that became a class's example, in the order they were judged */
  #seq = 0;
  readonly byCategory: Partial<Record<CaseCategory, { total: number; failed: number }>> = {};
  readonly byStatus: Record<string, number> = {};
  exchanges = 0;
  /** answers judged beside the cases' own: follow-ups, the cleanup, answers a retry replaced */
  otherAnswers = 0;
  transportErrors = 0;
  private readonly opts: TallyOptions;

  constructor(checks: readonly Check[], opts: TallyOptions) {
    this.opts = opts;
    for (const c of checks) this.byCheck.set(c.id, { passed: 0, failed: 0, skipped: 0, classes: new Map(), unclassed: 0, examples: 0 });
  }

  /** Count an exchange once, whatever number of checks judged it. */
  countExchange(ex: Exchange, anyFailed: boolean): void {
    this.exchanges++;
    const key = ex.response ? String(ex.response.status) : 'error';
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    if (ex.error) this.transportErrors++;
    const cat = this.byCategory[ex.case.category] ?? { total: 0, failed: 0 };
    this.byCategory[ex.case.category] = cat;
    cat.total++;
    if (anyFailed) cat.failed++;
  }

  /** Count an answer that is not a case's own (its checks are recorded one by one). */
  countReply(): void {
    this.otherAnswers++;
  }

  /** An exchange counted clean at first failed a check judged later (on its follow-ups). */
  countFailedLater(ex: Exchange): void {
    const cat = this.byCategory[ex.case.category];
    if (cat) cat.failed++;
  }

  /**
   * Count one outcome. A failure goes to its class (the kind of case, drawn by a property stream
   * when `origin` is given, and the part of the rule broken: the outcome's, and the request of a
   * sequence that broke it); the class keeps its lowest-index failure as its example.
   */
  record(checkId: string, outcome: Outcome, ex: Evidence, shrunk = false, origin?: Origin, broken?: Broken): void {
    if (!outcome) return;
    const t = this.byCheck.get(checkId);
    if (!t) return;
    if (outcome.status === 'pass') t.passed++;
    else if (outcome.status === 'skip') {
      t.skipped++;
      // a skip for lack of an input is the reason the report gives: the level it guards is not tested
      if (outcome.needs && !t.needs) {
        t.needs = outcome.needs;
        t.skipReason = outcome.reason;
      } else t.skipReason ??= outcome.reason;
    } else {
      t.failed++;
      const cls = classOf(ex, outcome.message, outcome.part, broken?.step.purpose);
      const key = classKey(cls);
      let c = t.classes.get(key);
      const first = c === undefined;
      if (!c) {
        if (t.classes.size >= MAX_CLASSES) {
          t.unclassed++;
          return;
        }
        c = { ...cls, failed: 0, index: ex.index, seq: this.#seq, cases: new Map() };
        t.classes.set(key, c);
      }
      c.failed++;
      // a case sent once (fixed, coverage: no origin) is listed in its class
      if (!isReply(ex) && origin === undefined) {
        const at = c.cases.get(ex.case.label);
        if (at === undefined || order(ex.index) < order(at)) c.cases.set(ex.case.label, ex.index);
      }
      // the lowest plan index is the class's example, whatever the completion order
      if (!first && order(ex.index) >= order(c.index)) return;
      c.index = ex.index;
      c.seq = this.#seq++;
      if (origin) c.origin = origin;
      else delete c.origin;
      if (this.#keepsExample(t, c)) c.example = this.counterexample(outcome.message, ex, shrunk, broken);
    }
  }

  /**
   * Whether a class whose first failure just changed keeps an example: always while fewer than
   * CLASS_EXAMPLES classes hold one; else when it comes before the last of them, which gives its up.
   */
  #keepsExample(t: CheckTally, c: ClassTally): boolean {
    if (c.example) return true;
    if (t.examples < CLASS_EXAMPLES) {
      t.examples++;
      return true;
    }
    let last: ClassTally | undefined;
    for (const other of t.classes.values()) if (other.example && (!last || before(last, other))) last = other;
    if (!last || !before(c, last)) return false;
    delete last.example;
    return true;
  }

  /** A check's classes in plan order of their first failure. */
  classesOf(checkId: string): Array<[string, ClassTally]> {
    const t = this.byCheck.get(checkId);
    if (!t) return [];
    return [...t.classes].sort(([, a], [, b]) => (before(a, b) ? -1 : 1));
  }

  /** A check's classes as the report lists them. */
  failureClasses(checkId: string): FailureClass[] {
    return this.classesOf(checkId).map(([, c]) => ({
      kind: c.kind,
      ...(c.part !== undefined ? { part: c.part } : {}),
      shape: c.shape,
      ...(c.cases.size > 0 ? { cases: [...c.cases].map(([label, index]) => ({ index, label })).sort((a, b) => a.index - b.index) } : {}),
      failed: c.failed,
      index: c.index,
      ...(c.example ? { example: c.example } : {}),
    }));
  }

  /** A check's first failure: the example of its first class. */
  firstFailure(checkId: string): Counterexample | undefined {
    return this.classesOf(checkId)[0]?.[1].example;
  }

  /** Replace a class's example with a smaller failure of the same class found by shrinking. */
  replaceExample(checkId: string, key: string, message: string, ex: Exchange): void {
    const c = this.byCheck.get(checkId)?.classes.get(key);
    if (c?.example) c.example = this.counterexample(message, ex, true);
  }

  /**
   * Add a class of another report's (a shard's): its failures counted, its example kept when its
   * first failure comes before this tally's of the same class, and while the class is among the
   * first CLASS_EXAMPLES.
   */
  mergeClass(checkId: string, fc: FailureClass): void {
    const t = this.byCheck.get(checkId);
    if (!t) return;
    const key = classKey(fc);
    let c = t.classes.get(key);
    const first = c === undefined;
    if (!c) {
      if (t.classes.size >= MAX_CLASSES) {
        t.unclassed += fc.failed;
        return;
      }
      c = { kind: fc.kind, ...(fc.part !== undefined ? { part: fc.part } : {}), shape: fc.shape, failed: 0, index: fc.index, seq: this.#seq, cases: new Map() };
      t.classes.set(key, c);
    }
    c.failed += fc.failed;
    for (const { label, index } of fc.cases ?? []) {
      const at = c.cases.get(label);
      if (at === undefined || index < at) c.cases.set(label, index);
    }
    if (!first && order(fc.index) >= order(c.index)) return;
    c.index = fc.index;
    // a shard lists its classes in its own order: merged in that order, they keep it
    c.seq = this.#seq++;
    if (c.example) {
      t.examples--;
      delete c.example;
    }
    // a class past a shard's first CLASS_EXAMPLES is past the whole run's too
    if (fc.example && this.#keepsExample(t, c)) c.example = fc.example;
  }

  counterexample(message: string, ex: Evidence, shrunk: boolean, broken?: Broken): Counterexample {
    const secrets = this.opts.secrets;
    const what = shown(ex, broken);
    const res = what.answer.response;
    const error = what.answer.error;
    // redacted together: a secret split across two header values is redacted too
    const headers = res ? redactHeaderValues(res.headers, matcherFor(secrets)) : {};
    const body = res ? excerpt(res.bodyText, secrets) : '';
    // an answer cut at the tool's own size cap: said beside any message that does not say it
    const cut = res?.truncated && !/\bcut at\b/.test(message) ? ` (the answer was cut at ${res.cutAt ?? 'the size cap in'} bytes: --max-response-bytes)` : '';
    return {
      message: redact(`${message}${cut}`, secrets),
      index: ex.index,
      category: what.category,
      caseLabel: what.caseLabel,
      // a body of megabytes (the oversized probes) is shown by its start and length: the replay line rebuilds it
      request: { ...what.request, body: shownBody(what.request.body) },
      ...(res
        ? {
            response: {
              status: res.status,
              statusText: redact(res.statusText, secrets),
              headers,
              body,
            },
          }
        : {}),
      ...(error ? { error: { ...error, message: redact(error.message, secrets) } } : {}),
      curl: curlFor(what.request, what.auth, this.opts.apiKey, this.opts.hidden),
      shrunk,
      ...(what.case ? { case: caseOf(what.case) } : {}),
      ...(what.step ? { step: what.step } : {}),
      ...(what.sequence ? { sequence: what.sequence.map((s) => redactStep(sequenceStep(s), secrets)) } : {}),
    };
  }
}

/** A step's texts redacted like the rest of a counterexample. */
function redactStep(s: ReturnType<typeof sequenceStep>, secrets: readonly string[]): ReturnType<typeof sequenceStep> {
  return { ...s, request: { ...s.request, url: redact(s.request.url, secrets), body: redact(s.request.body, secrets) } };
}

function caseOf(tc: Exchange['case']): CounterexampleCase {
  return {
    expect: tc.expect,
    auth: tc.auth,
    fields: tc.fields,
    contentType: tc.contentType,
    ...(tc.rule !== undefined ? { rule: tc.rule } : {}),
    ...(tc.missing !== undefined ? { missing: tc.missing } : {}),
  };
}
