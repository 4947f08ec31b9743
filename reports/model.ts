import type { CheckInfo, Level } from '../contracts/check.ts';
import type { CaseCategory, SentRequest, TransportError } from '../contracts/exchange.ts';

/** Version of the report.json shape; bump on any breaking change. */
export const REPORT_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** A failure as a person can replay it. Every string from the target is kept verbatim here; writers escape. */
export interface Counterexample {
  /** the failure, in words */
  message: string;
  /** index of the exchange in the run's plan */
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
}

export interface CheckReport extends CheckInfo {
  status: CheckStatus;
  passed: number;
  failed: number;
  skipped: number;
  /** why the check was skipped, when status is skip */
  skipReason?: string;
  firstFailure?: Counterexample;
  /** a declared deviation (issue: declared deviations), when the vendor declared one */
  declared?: { reason: string; expires?: string; expired: boolean };
}

export interface LevelReport {
  level: Level;
  /** pass when every MUST check of this level passed or was skipped */
  status: 'pass' | 'fail';
  mustFailed: number;
  shouldFailed: number;
}

export interface Verdict {
  conformant: boolean;
  /** highest level whose MUST checks, and those of every level below, all passed (0: none) */
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
  /** set when the run stopped early (interrupted, target unreachable): the report holds what was gathered */
  incomplete?: { reason: string };
  verdict: Verdict;
  levels: LevelReport[];
  checks: CheckReport[];
  exchanges: {
    total: number;
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
  };
  /** set on the report of one shard (`run --shard i/n`): what `merge` needs beyond the rest of the report */
  shard?: ShardInfo;
  /** set on a report `merge` combined from shard reports */
  merged?: { shards: number };
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
}

/** Level status and verdict from per-check statuses: pure, shared by run and merge. */
export function judgeLevels(
  checks: readonly Pick<CheckReport, 'level' | 'severity' | 'status' | 'declared'>[],
  requiredLevel: Level,
): { levels: LevelReport[]; verdict: Verdict } {
  const counts = (level: Level, severity: 'MUST' | 'SHOULD') =>
    checks.filter((c) => c.level === level && c.severity === severity && c.status === 'fail' && !(c.declared && !c.declared.expired)).length;
  const levels: LevelReport[] = ([1, 2, 3] as const).map((level) => {
    const mustFailed = counts(level, 'MUST');
    return { level, status: mustFailed === 0 ? 'pass' : 'fail', mustFailed, shouldFailed: counts(level, 'SHOULD') };
  });
  let levelAchieved: 0 | Level = 0;
  for (const l of levels) {
    if (l.status !== 'pass') break;
    levelAchieved = l.level;
  }
  const mustFailures = levels.reduce((n, l) => n + l.mustFailed, 0);
  const shouldWarnings = levels.reduce((n, l) => n + l.shouldFailed, 0);
  return {
    levels,
    verdict: { conformant: levelAchieved >= requiredLevel, levelAchieved, requiredLevel, mustFailures, shouldWarnings },
  };
}

export function checkStatus(t: { passed: number; failed: number; skipped: number }): CheckStatus {
  if (t.failed > 0) return 'fail';
  return t.passed > 0 ? 'pass' : 'skip';
}
