import { createHash } from 'node:crypto';
import { CATALOG } from './catalog.ts';
import type { CheckInfo, Level, RunInput } from './check.ts';
import type { AuthMode, CaseCategory, SentRequest, TestCase, TransportError } from './exchange.ts';

/** Version of the report.json shape; bump on any breaking change. */
export const REPORT_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** A failure as a person can replay it. Every string from the target is kept verbatim here; writers escape. */
export interface Counterexample {
  /** the failure, in words */
  message: string;
  /** index of the exchange in the run's plan; -1 for an answer that belongs to no case (the cleanup's, the account model's) */
  index: number;
  category: CaseCategory;
  /** the case, in words (for an invalid case: the rule it breaks) */
  caseLabel: string;
  request: SentRequest;
  response?: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    /** body text, cut to a few KiB */
    body: string;
  };
  error?: TransportError;
  /** one command that replays the request (credentials as environment variables, never inline) */
  curl: string;
  /** true when the property run shrank this to a minimal case */
  shrunk: boolean;
  /** what the case expects and how it authenticates, so `replay` can send it again and judge the answer (absent in older reports) */
  case?: CounterexampleCase;
  /**
   * set when a request after the create broke the check (a read back, a delete, a list, a
   * credential probe): what it was for and how it authenticated. `request`, `response` and `curl`
   * are that request's; the case is the create's it followed.
   */
  step?: { purpose: string; auth: AuthMode; role?: string };
  /** the requests of the sequence before `request`, in the order they were sent (the create among them): what `replay` sends again first */
  sequence?: SequenceStep[];
}

/** One request of a failure's sequence, before the request that broke the check. */
export interface SequenceStep {
  /** what it was for, in words: "create", "read back", "delete", "list before a refusal" */
  purpose: string;
  /**
   * where its answer goes when a replay judges the check again: "create", or the member of the
   * create's exchange that held it ("readBack", "deleted", "refusedDeletes.delete", …); "other" for none
   */
  role: string;
  /** as sent, credentials redacted */
  request: SentRequest;
  auth: AuthMode;
  /** the status it got */
  status?: number;
  /** the transport error's code, when it got no answer */
  error?: string;
  /** the answer was cut at this many bytes (--max-response-bytes) */
  cutAt?: number;
  /** for the create: the sid it answered (later URLs name it; a replay puts the new one in its place) */
  sid?: string;
}

/**
 * One class of a check's failures: the kind of case (its category, the rule it tests and its
 * credential shape, or for another answer its route, status and purpose) and the rule broken (the
 * part the check names, the request of a sequence that broke it, the message's shape).
 * engine/judge/classes.ts says how a failure is classed.
 */
export interface FailureClass {
  /** the kind of case, in words, e.g. "coverage · echo.exact", "invalid · PolicySid.pattern", "fetch 200 · read back" */
  kind: string;
  /** the part of the rule broken, when the check names one (echo.fields: the field) or a later request of a sequence broke it */
  part?: string;
  /** the failure's message with its values taken out: the rest of the rule broken */
  shape: string;
  /** the fixed cases and coverage rows among its failures (each sends one exact value), lowest plan index first */
  cases?: Array<{ index: number; label: string }>;
  /** the failures of this class */
  failed: number;
  /** the lowest plan index among them (-1: an answer that belongs to no case) */
  index: number;
  /** its first failure, shrunk when it came from a property stream; only the first CLASS_EXAMPLES classes of a check keep one */
  example?: Counterexample;
}

/** How many classes of one check keep an example (the rest are counted). */
export const CLASS_EXAMPLES = 50;

/** The parts of a test case a counterexample's request does not show. */
export type CounterexampleCase = Pick<TestCase, 'expect' | 'auth' | 'fields' | 'contentType'> & Partial<Pick<TestCase, 'rule' | 'missing'>>;

export interface CheckReport extends CheckInfo {
  status: CheckStatus;
  passed: number;
  failed: number;
  skipped: number;
  /** why the check was skipped, when status is skip */
  skipReason?: string;
  /** when status is skip because the run lacked an input (a second account, an API key): which, in the words of the run's entry; its level is then not tested */
  needs?: Needs;
  /** the first failure (lowest plan index): the first class's example, kept for readers older than `classes` */
  firstFailure?: Counterexample;
  /** every class of the check's failures, in plan order of their first failure (absent in older reports and for checks outside the catalog) */
  classes?: FailureClass[];
  /** failures beyond the classes a check tells apart (engine/judge/tally.ts MAX_CLASSES): counted, not classed */
  unclassed?: number;
  /** a declared deviation (issue: declared deviations), when the vendor declared one */
  declared?: { reason: string; expires?: string; expired: boolean };
}

/**
 * pass: every MUST check of the level ran and none failed (a check that ran and found nothing to
 * judge, status skip, counts as run); fail: a MUST check that ran failed; untested: none failed,
 * but a MUST check of the catalog at this level did not run (left out by --only, --skip or the
 * config's skip), or ran but could not judge for lack of an input (a skip with `needs`: no second
 * account, no API key), so the run cannot vouch for the level; incomplete: none failed and none was left
 * out, but the run was cut short (the create budget, --max-failures, the health monitor, a signal)
 * and planned cases were not sent, so its checks did not see all their cases: no level is vouched
 * for (judgeLevels).
 */
export type LevelStatus = 'pass' | 'fail' | 'untested' | 'incomplete';

export interface LevelReport {
  level: Level;
  status: LevelStatus;
  mustFailed: number;
  shouldFailed: number;
  /** catalog checks of this level (MUST and SHOULD) the run left out; absent when none */
  leftOut?: string[];
  /** MUST checks of this level that ran but could not judge for lack of an input (the level is untested): each with what it needs; absent when none */
  needs?: NeededBy[];
}

/** What a check needed and the run lacked. */
export interface Needs {
  input: RunInput;
  /** the input in words, with how the run's entry names it: "a second account (--second-account-sid, --second-auth-token)" */
  words: string;
}

/** A MUST check of a level the run could not judge, and what it needed. */
export interface NeededBy {
  check: string;
  needs: string;
}

/** The inputs a run may lack, in words, and how each entry names them: the command line's flags, the library's and the vitest adapter's keys. */
const INPUT_WORDS: Record<RunInput, { what: string; flags: string; keys: string }> = {
  'second-account': { what: 'a second account', flags: '--second-account-sid, --second-auth-token', keys: 'secondCredentials' },
  'other-pair': {
    what: 'an API key beside the Auth Token',
    flags: '--api-key, --api-secret with --auth-token',
    keys: 'credentials.apiKey, credentials.apiSecret with credentials.authToken',
  },
};

/** "a second account (--second-account-sid, --second-auth-token)"; keys for the library and the vitest adapter. */
export function neededWords(input: RunInput, naming: 'flags' | 'keys' = 'flags'): Needs {
  const w = INPUT_WORDS[input];
  return { input, words: `${w.what} (${naming === 'keys' ? w.keys : w.flags})` };
}

/** A run that left catalog checks out (--only, --skip, config skip): what it cannot vouch for. */
export interface PartialRun {
  /** the catalog checks that did not run, in catalog order */
  leftOut: string[];
  /**
   * the highest level the checks that ran support: no MUST check that ran failed at it or below,
   * and at least one of its own MUST checks ran (0: none). A full run would decide whether it holds.
   */
  levelSupported: 0 | Level;
}

export interface Verdict {
  conformant: boolean;
  /** highest level whose MUST checks, and those of every level below, all ran and passed (0: none) */
  levelAchieved: 0 | Level;
  requiredLevel: Level;
  mustFailures: number;
  shouldWarnings: number;
}

export interface Certificate {
  tool: { name: string; version: string };
  /** sha256 of the check catalog (ids, levels, severities, sources) */
  catalogFingerprint: string;
  targetUrl: string;
  date: string;
  seed: number;
  runs: number;
  levelAchieved: 0 | Level;
  conformant: boolean;
  /** the command that reruns this certification */
  rerun: string;
  /** sha256 of what decides the plan (seed, runs, policy sids, shrinking, catalog, tool version): a rerun draws the same plan when it is equal */
  planFingerprint?: string;
  /** what decides the plan besides seed, runs, catalog and tool version: `verify` and `merge` recompute planFingerprint from them */
  plan?: PlanInputs;
  /** every deviation the vendor declared (run --deviations); `excused` ones are what "conformant with N declared deviations" counts */
  declaredDeviations?: DeclaredDeviation[];
  /** set when the run left catalog checks out: the certificate vouches for no level above levelAchieved */
  partial?: PartialRun;
  /** set when the run was cut short: planned cases not sent, so the certificate vouches for no level (judgeLevels) */
  incomplete?: Incomplete;
}

/** A run cut short: why, and how many planned cases it did not send. */
export interface Incomplete {
  reason: string;
  /** planned cases not sent because the run stopped early or the create budget was spent */
  notSent?: number;
}

/** What decides the plan and its shrinking, besides seed and runs. */
export interface PlanInputs {
  /** --policy-sid values (they change the generated cases) */
  policySids?: string[];
  shrink: boolean;
}

/**
 * sha256 of what decides the plan: seed, runs, policy sids, shrinking, and the catalog and tool
 * version that draw and judge it. Shards of one certification share it; `merge` and `verify`
 * recompute it from the certificate.
 */
export function planFingerprint(p: { seed: number; runs: number; policySids?: readonly string[]; shrink: boolean; catalogFingerprint: string; toolVersion: string }): string {
  const canonical = JSON.stringify([p.seed, p.runs, p.policySids?.length ? [...p.policySids] : null, p.shrink, p.catalogFingerprint, p.toolVersion]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** One declared deviation as the certificate lists it. */
export interface DeclaredDeviation {
  check: string;
  reason: string;
  /** YYYY-MM-DD, the last day it holds */
  expires?: string;
  /** past its expires day: the check's failure counts again */
  expired: boolean;
  /** what the declared check did in this run ('not-run' when it was not selected) */
  checkStatus: CheckStatus | 'not-run';
  /** the check failed and the declaration holds: this deviation is what the verdict excuses */
  excused: boolean;
}

/** What a differential run (`diff`) compares per case. `http-status` is the HTTP status; `status` the resource's status field. */
export type DivergenceAspect = 'http-status' | 'code' | 'schema' | 'friendly_name' | 'email' | 'policy_sid' | 'status_callback' | 'status';

/** One aspect of one case on which the target and the reference answered differently. Values are short display strings. */
export interface Divergence {
  /** index of the case in the run's plan */
  index: number;
  category: CaseCategory;
  /** `<category>/<rule>` (see evidence/observations.ts requestClassOf) */
  requestClass: string;
  caseLabel: string;
  aspect: DivergenceAspect;
  /** what the target answered, e.g. "400", "21000", "valid", "\"Acme\"", "absent", "error: ECONNRESET" */
  target: string;
  /** what the reference answered */
  reference: string;
  /** set when the user declared this divergence as expected (diff --expect-divergence) */
  expected?: { reason: string; expires?: string };
}

/** The outcome of a differential run, beside the divergence rows. */
export interface DiffSummary {
  reference: {
    kind: 'url' | 'cassette';
    /** the reference's URL (for a cassette: the target it was recorded against) */
    url: string;
    /** the cassette's file name */
    file?: string;
    /** when the cassette was recorded, and by which tool version */
    recordedAt?: string;
    recordedBy?: string;
  };
  /** cases both sides answered (or failed to answer) and were compared */
  compared: number;
  /** cases with at least one divergence */
  divergent: number;
  /** divergent cases with at least one divergence nobody declared: any makes `diff` exit 1 */
  unexpected: number;
  /** plan cases the reference could not be compared on (missing from the cassette, or recorded with another request) */
  unmatched: number;
  /** divergence rows in all; `divergences` holds the `shown` ones with the lowest plan indices */
  rows: number;
  shown: number;
  byAspect: Partial<Record<DivergenceAspect, number>>;
  /** the --expect-divergence file, when given */
  expectationsFile?: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** the target, never with credentials */
  target: { url: string; embedded: boolean };
  seed: number;
  runs: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /**
   * set when the run was cut short (interrupted, target unreachable, --max-failures, the health
   * monitor, the create budget spent): the report holds what was gathered, and while cases were
   * not sent it vouches for no level
   */
  incomplete?: Incomplete;
  /** set when the run left catalog checks out (--only, --skip, config skip): which, and what the rest support */
  partial?: PartialRun;
  verdict: Verdict;
  levels: LevelReport[];
  checks: CheckReport[];
  exchanges: {
    total: number;
    /** answers judged beside the cases' own (follow-ups, the cleanup, answers a retry replaced); absent in older reports */
    otherAnswers?: number;
    byCategory: Partial<Record<CaseCategory, { total: number; failed: number }>>;
    byStatus: Record<string, number>;
    transportErrors: number;
    retries: number;
  };
  latencyMs: { p50: number; p95: number; p99: number; max: number; histogram: { upperMs: number[]; counts: number[] } };
  certificate: Certificate;
  options: {
    concurrency: number;
    timeoutMs: number;
    only?: string[];
    skip?: string[];
    insecure?: boolean;
    /** the private CA file trusted (--ca-file) */
    caFile?: string;
    /** the proxy the environment names for the target's scheme (without credentials), and NO_PROXY */
    proxy?: { url: string; noProxy?: string };
    /** --rps */
    rps?: number;
    /** --retries and --retry-max-time */
    retry?: { retries: number; maxTotalMs: number };
  };
  /** a run against a real target: how the create budget was spent and what was cleaned up */
  live?: LiveSummary;
  /** set on the report of one shard (`run --shard i/n`): what `merge` needs beyond the rest of the report */
  shard?: ShardInfo;
  /** set on a report `merge` combined from shard reports */
  merged?: { shards: number };
  /** a differential run (`diff`): per case and aspect, where the target and the reference differ (lowest plan indices first, capped) */
  divergences?: Divergence[];
  /** a differential run (`diff`): what was compared with what, and the counts */
  diff?: DiffSummary;
}

/** How a run against a real target spent its create budget and cleaned up after itself. */
export interface LiveSummary {
  /** --max-creates, when a budget was set */
  maxCreates?: number;
  /** budget slots kept for refusals (the cases expected to create use the rest) */
  heldForRefusals?: number;
  /** 2xx answers to the run's POSTs, whatever the case (shrinking included) */
  creates: number;
  /** POST attempts whose outcome is unknown — a 5xx or 3xx answer, a reset, a timeout (retried ones included) — and refusals no list read could check: each may have created, each spent from the budget */
  uncertain: number;
  /** planned cases not sent because the budget was spent */
  notSent: number;
  /** 2xx answers whose body named no sid, so no DELETE can name them */
  withoutSid: number;
  /** profiles the account held before the run (listed first): never the run's, never deleted */
  listedBefore?: number;
  /** 2xx answers naming a profile listed before the run (a deduplicating target): not the run's, never deleted */
  namedExisting?: number;
  /** 2xx answers naming a sid an earlier 2xx of the run had named: one profile, deleted once */
  namedTwice?: number;
  /** profiles refused requests still stored (seen in a list read): spent from the budget and deleted like creates */
  storedByRefusals?: number;
  /** profiles stored by POSTs whose answer named none of the run's — an unknown outcome, a 2xx naming no sid or another profile — seen in a list read: deleted like creates (their budget slot was spent already) */
  storedUnnamed?: number;
  /** why the account could not be listed, or not all of it: profiles stored without a 2xx naming them may then go unseen */
  listing?: string;
  /** profiles the suite's own delete checks deleted during the run (the follow-ups of the first fixed creates): not left for the cleanup */
  deletedByChecks?: number;
  /** the profiles were left in place (--keep-created) */
  kept?: boolean;
  /** the deletion of every profile the run created and had not deleted already; `stopped` when the target stopped answering it */
  cleanup?: { deleted: number; failed: { sid: string; reason: string }[]; stopped?: string };
}

/** What a shard report carries so that merging shards gives exactly the unsharded report. */
export interface ShardInfo {
  /** 1-based */
  index: number;
  count: number;
  /** sha256 of what decides the plan and its shrinking (seed, runs, policy sids, shrink): equal for shards of one certification */
  planFingerprint: string;
  /** the exact latency histogram: [bucket, count] pairs and the unrounded maximum (the percentiles above are rounded) */
  latency: { pairs: Array<[number, number]>; max: number };
}

// ---------------------------------------------------------------------------------------------
// Building the report from a run

export interface ReportMeta {
  targetUrl: string;
  embedded: boolean;
  seed: number;
  runs: number;
  requiredLevel: Level;
  concurrency: number;
  timeoutMs: number;
  only?: string[];
  skip?: string[];
  insecure?: boolean;
  /** the command that reruns this certification */
  rerun: string;
  /** what decides the plan besides seed and runs: the certificate's planFingerprint is computed from it */
  plan?: PlanInputs;
  /** a merge: the shards' plan fingerprint, as they computed it */
  planFingerprint?: string;
  /** how the entry names its options, for what a check needs (neededWords): flags (the command line, default) or keys (the library, the vitest adapter) */
  naming?: 'flags' | 'keys';
}

/** Checks no declaration can excuse: a leak of the caller's credentials is never a known deviation. */
export const UNEXCUSABLE_CHECKS: readonly string[] = ['no-credential-leak'];

/**
 * Whether a check's declared deviation excuses its failure: it is declared with an expiry date
 * that has not passed, and the check is not one no declaration can excuse. The one rule for the
 * verdict, the certificate and every writer.
 */
export function isExcused(check: { id: string; declared?: { expires?: string; expired: boolean } }): boolean {
  const d = check.declared;
  return d !== undefined && d.expires !== undefined && !d.expired && !UNEXCUSABLE_CHECKS.includes(check.id);
}

/** What judgeLevels needs of a check. */
export type JudgedCheck = Pick<CheckReport, 'id' | 'level' | 'severity' | 'status' | 'declared' | 'needs'>;

/**
 * Level status and verdict from the checks that ran: pure, shared by run, merge and verify, and
 * the one rule every writer reads. A catalog check missing from `checks` was left out; a level with
 * a MUST check left out is untested, and the achieved level stops below it; so is a level with a
 * MUST check that ran but could not judge for lack of an input (status skip with `needs`: no
 * second account, no API key), and the level names it with what it needs. A run that did not send
 * every planned case (`notSent` > 0: the create budget, --max-failures, the health monitor, a
 * signal) claims no level: its checks did not see all their cases, so every level none of whose
 * MUST checks failed is `incomplete`, the achieved level is 0 and the verdict not conformant; a
 * failure it saw still fails its level. Checks outside the catalog (pact.*) count towards their
 * level's failures but never make a run partial. `partial` is only present for a partial run,
 * so the result can be spread into a report.
 */
export function judgeLevels(
  checks: readonly JudgedCheck[],
  requiredLevel: Level,
  catalog: readonly CheckInfo[] = CATALOG,
  notSent = 0,
): { levels: LevelReport[]; verdict: Verdict; partial?: PartialRun } {
  const ran = new Set(checks.map((c) => c.id));
  const leftOut = catalog.filter((c) => !ran.has(c.id));
  const counts = (level: Level, severity: 'MUST' | 'SHOULD') =>
    checks.filter((c) => c.level === level && c.severity === severity && c.status === 'fail' && !isExcused(c)).length;
  const cutShort = notSent > 0;
  const levels: LevelReport[] = ([1, 2, 3] as const).map((level) => {
    const mustFailed = counts(level, 'MUST');
    const out = leftOut.filter((c) => c.level === level);
    const needs = checks.filter((c) => c.level === level && c.severity === 'MUST' && c.status === 'skip' && c.needs).map((c) => ({ check: c.id, needs: c.needs!.words }));
    const untested = out.some((c) => c.severity === 'MUST') || needs.length > 0;
    const status = mustFailed > 0 ? 'fail' : untested ? 'untested' : cutShort ? 'incomplete' : 'pass';
    return {
      level,
      status,
      mustFailed,
      shouldFailed: counts(level, 'SHOULD'),
      ...(out.length > 0 ? { leftOut: out.map((c) => c.id) } : {}),
      ...(needs.length > 0 ? { needs } : {}),
    };
  });
  let levelAchieved: 0 | Level = 0;
  for (const l of levels) {
    if (l.status !== 'pass') break;
    levelAchieved = l.level;
  }
  const mustFailures = levels.reduce((n, l) => n + l.mustFailed, 0);
  const shouldWarnings = levels.reduce((n, l) => n + l.shouldFailed, 0);
  const verdict: Verdict = { conformant: !cutShort && levelAchieved >= requiredLevel, levelAchieved, requiredLevel, mustFailures, shouldWarnings };
  if (leftOut.length === 0) return { levels, verdict };
  // the checks that ran support a level when none of them failed at it or below and one of its MUST checks ran
  const ranMust = new Set(catalog.filter((c) => c.severity === 'MUST' && ran.has(c.id)).map((c) => c.level));
  let levelSupported: 0 | Level = 0;
  for (const l of levels) {
    // a run cut short supports no level either: its checks did not see all their cases
    if (l.status === 'fail' || cutShort) break;
    if (ranMust.has(l.level)) levelSupported = l.level;
  }
  return { levels, verdict, partial: { leftOut: leftOut.map((c) => c.id), levelSupported } };
}

/** The planned cases a run did not send: those left when it stopped, and those the create budget kept back. */
export function casesNotSent(run: { notSent?: number; live?: { notSent?: number } }): number {
  return (run.notSent ?? 0) + (run.live?.notSent ?? 0);
}

/** What a certificate names as its target: the URL, or for the embedded mock (an ephemeral 127.0.0.1 port) the mock and its version. */
export function certificateTarget(targetUrl: string, embedded: boolean, toolVersion: string): string {
  return embedded ? `embedded reference mock ${toolVersion}` : targetUrl;
}

export function checkStatus(t: { passed: number; failed: number; skipped: number }): CheckStatus {
  if (t.failed > 0) return 'fail';
  return t.passed > 0 ? 'pass' : 'skip';
}
