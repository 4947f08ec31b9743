import type { Check, Outcome } from '../../contracts/check.ts';
import type { AuthMode, CaseCategory, Exchange, Reply, SentRequest, TestCase } from '../../contracts/exchange.ts';
import type { Counterexample, CounterexampleCase } from '../../contracts/report.ts';
import { matcherFor, redactHeaderValues } from '../../contracts/secrets.ts';
import { redact } from '../transport/credentials.ts';
import { curlFor } from '../transport/curl.ts';

/** How many failures each check keeps: memory stays flat however long the run. */
export const KEPT_FAILURES = 3;
const BODY_CUT = 4096;

export interface CheckTally {
  passed: number;
  failed: number;
  skipped: number;
  skipReason?: string;
  failures: Counterexample[];
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

/** What a failure is shown with: a case's exchange, or any other answer of the run. */
export type Evidence = Exchange | Reply;

const isReply = (e: Evidence): e is Reply => 'route' in e;

/** Plan order: an answer that belongs to no case (index -1, e.g. the cleanup's) comes after every case. */
export const order = (index: number) => (index < 0 ? Number.MAX_SAFE_INTEGER : index);

/** The parts of a piece of evidence a counterexample shows. */
function shown(e: Evidence): { category: CaseCategory; caseLabel: string; request: SentRequest; auth: AuthMode; case?: TestCase } {
  if (!isReply(e)) return { category: e.case.category, caseLabel: e.case.label, request: e.request, auth: e.case.auth, case: e.case };
  if (e.route === 'create' && e.case) {
    const label = e.absorbed ? `${e.case.label} (an answer the retry replaced)` : e.case.label;
    return { category: e.case.category, caseLabel: label, request: e.request, auth: e.auth, case: e.case };
  }
  let path = e.request.url;
  try {
    const u = new URL(e.request.url);
    path = `${u.pathname}${u.search}`;
  } catch {
    // as sent
  }
  const of = e.case ? `, after "${e.case.label}"` : '';
  return { category: 'lifecycle', caseLabel: `${e.request.method} ${path} (${e.purpose}${of})`, request: e.request, auth: e.auth };
}

/** Aggregates outcomes per check and per category, keeping only the first few failures. */
export class Tally {
  readonly byCheck = new Map<string, CheckTally>();
  readonly byCategory: Partial<Record<CaseCategory, { total: number; failed: number }>> = {};
  readonly byStatus: Record<string, number> = {};
  exchanges = 0;
  /** answers judged beside the cases' own: follow-ups, the cleanup, answers a retry replaced */
  otherAnswers = 0;
  transportErrors = 0;
  private readonly opts: TallyOptions;

  constructor(checks: readonly Check[], opts: TallyOptions) {
    this.opts = opts;
    for (const c of checks) this.byCheck.set(c.id, { passed: 0, failed: 0, skipped: 0, failures: [] });
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

  record(checkId: string, outcome: Outcome, ex: Evidence, shrunk = false): void {
    if (!outcome) return;
    const t = this.byCheck.get(checkId);
    if (!t) return;
    if (outcome.status === 'pass') t.passed++;
    else if (outcome.status === 'skip') {
      t.skipped++;
      t.skipReason ??= outcome.reason;
    } else {
      t.failed++;
      // keep the failures with the lowest plan indices: the same whatever the completion order
      if (t.failures.length < KEPT_FAILURES || order(ex.index) < order(t.failures[t.failures.length - 1]!.index)) {
        t.failures.push(this.counterexample(outcome.message, ex, shrunk));
        t.failures.sort((a, b) => order(a.index) - order(b.index));
        if (t.failures.length > KEPT_FAILURES) t.failures.pop();
      }
    }
  }

  /** Replace a check's first failure with a smaller one found by shrinking. */
  replaceFirstFailure(checkId: string, message: string, ex: Exchange): void {
    const t = this.byCheck.get(checkId);
    if (t && t.failures.length > 0) t.failures[0] = this.counterexample(message, ex, true);
  }

  counterexample(message: string, ex: Evidence, shrunk: boolean): Counterexample {
    const secrets = this.opts.secrets;
    const res = ex.response;
    const what = shown(ex);
    // redacted together: a secret split across two header values is redacted too
    const headers = res ? redactHeaderValues(res.headers, matcherFor(secrets)) : {};
    const body = res ? excerpt(res.bodyText, secrets) : '';
    return {
      message: redact(message, secrets),
      index: ex.index,
      category: what.category,
      caseLabel: what.caseLabel,
      request: what.request,
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
      ...(ex.error ? { error: { ...ex.error, message: redact(ex.error.message, secrets) } } : {}),
      curl: curlFor(what.request, what.auth, this.opts.apiKey, this.opts.hidden),
      shrunk,
      ...(what.case ? { case: caseOf(what.case) } : {}),
    };
  }
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
