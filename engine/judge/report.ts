import { CATALOG, catalogFingerprint } from '../../contracts/catalog.ts';
import { TOOL } from '../../contracts/tool.ts';
import {
  type CheckReport,
  casesNotSent,
  certificateTarget,
  checkStatus,
  type DeclaredDeviation,
  type Divergence,
  type Incomplete,
  type DiffSummary,
  isExcused,
  judgeLevels,
  neededWords,
  planFingerprint,
  type LiveSummary,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportMeta,
  type ShardInfo,
} from '../../contracts/report.ts';
import type { RunResult } from './result.ts';

/** What a run adds to the report beside its tally: everything the verdict is judged over comes in here, once. */
export interface ReportInputs {
  /** checks from outside the catalog, e.g. one per Pact interaction */
  extraChecks?: readonly CheckReport[];
  /** declarations of deviation (run --deviations), with whether each has expired */
  declarations?: ReadonlyArray<{ check: string; reason: string; expires?: string; expired: boolean }>;
  /** changes to the catalog checks before they are judged (an observations file's citation; merge's copy of shard 1) */
  amendChecks?: (checks: CheckReport[]) => void;
  /** the run's account of creates, budget and cleanup, for a real target */
  live?: LiveSummary;
  /** options beyond concurrency and timeout (TLS, proxy, rate, retries) */
  options?: Partial<Report['options']>;
  shard?: ShardInfo;
  merged?: { shards: number };
  diff?: { divergences: Divergence[]; summary: DiffSummary };
}

/**
 * The one report of a run, judged once: the catalog checks from the tally, any checks from
 * outside the catalog, the declared deviations, then levels, verdict and certificate.
 */
export function buildReport(run: RunResult, meta: ReportMeta, inputs: ReportInputs = {}): Report {
  const checks: CheckReport[] = [];
  for (const info of CATALOG) {
    const t = run.tally.byCheck.get(info.id);
    if (!t) continue;
    const status = checkStatus(t);
    const { shrinks: _s, followUps: _f, ...shown } = info as typeof info & { shrinks?: false; followUps?: true };
    checks.push({
      ...shown,
      source: { ...info.source },
      status,
      passed: t.passed,
      failed: t.failed,
      skipped: t.skipped,
      ...(status === 'skip' ? { skipReason: t.skipReason ?? 'no exchange of this run applied to it' } : {}),
      ...(status === 'skip' && t.needs ? { needs: neededWords(t.needs, meta.naming) } : {}),
      ...failuresOf(run, info.id),
    });
  }
  inputs.amendChecks?.(checks);
  checks.push(...(inputs.extraChecks ?? []));
  const declared = declare(checks, inputs.declarations);
  const notSent = casesNotSent(run);
  const { levels, verdict, partial } = judgeLevels(checks, meta.requiredLevel, CATALOG, notSent);
  if (run.incomplete) verdict.conformant = false;
  const incomplete = incompleteOf(run, notSent);
  const finishedAt = run.finishedAt.toISOString();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { ...TOOL },
    target: { url: meta.targetUrl, embedded: meta.embedded },
    seed: meta.seed,
    runs: meta.runs,
    startedAt: run.startedAt.toISOString(),
    finishedAt,
    durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
    ...(incomplete ? { incomplete } : {}),
    ...(partial ? { partial } : {}),
    verdict,
    levels,
    checks,
    exchanges: {
      total: run.tally.exchanges,
      otherAnswers: run.tally.otherAnswers,
      byCategory: run.tally.byCategory,
      byStatus: run.tally.byStatus,
      transportErrors: run.tally.transportErrors,
      retries: run.retries,
    },
    latencyMs: {
      p50: run.latency.quantile(0.5),
      p95: run.latency.quantile(0.95),
      p99: run.latency.quantile(0.99),
      max: Math.round(run.latency.max * 100) / 100,
      histogram: run.latency.coarse(),
    },
    certificate: {
      tool: { ...TOOL },
      catalogFingerprint: catalogFingerprint(),
      targetUrl: certificateTarget(meta.targetUrl, meta.embedded, TOOL.version),
      date: finishedAt,
      seed: meta.seed,
      runs: meta.runs,
      levelAchieved: verdict.levelAchieved,
      conformant: verdict.conformant,
      rerun: meta.rerun,
      ...planOf(meta),
      ...(declared ? { declaredDeviations: declared } : {}),
      ...(partial ? { partial } : {}),
      ...(incomplete ? { incomplete } : {}),
    },
    options: {
      concurrency: meta.concurrency,
      timeoutMs: meta.timeoutMs,
      ...(meta.only ? { only: meta.only } : {}),
      ...(meta.skip ? { skip: meta.skip } : {}),
      ...(meta.insecure ? { insecure: true } : {}),
      ...inputs.options,
    },
    ...(inputs.shard ? { shard: inputs.shard } : {}),
    ...(inputs.live ? { live: inputs.live } : {}),
    ...(inputs.merged ? { merged: inputs.merged } : {}),
    ...(inputs.diff ? { divergences: inputs.diff.divergences, diff: inputs.diff.summary } : {}),
  };
}

/** A check's first failure and its classes; the count of failures past the classes told apart, when any. */
function failuresOf(run: RunResult, id: string): Pick<CheckReport, 'firstFailure' | 'classes' | 'unclassed'> {
  const t = run.tally.byCheck.get(id)!;
  if (t.failed === 0) return {};
  const first = run.tally.firstFailure(id);
  return { ...(first ? { firstFailure: first } : {}), classes: run.tally.failureClasses(id), ...(t.unclassed > 0 ? { unclassed: t.unclassed } : {}) };
}

/** The certificate's plan fingerprint and what it is computed from (a merge passes on the shards'). */
function planOf(meta: ReportMeta): Pick<Report['certificate'], 'planFingerprint' | 'plan'> {
  if (!meta.plan) return meta.planFingerprint ? { planFingerprint: meta.planFingerprint } : {};
  const plan = { ...(meta.plan.policySids?.length ? { policySids: [...meta.plan.policySids] } : {}), shrink: meta.plan.shrink };
  const fingerprint = planFingerprint({ seed: meta.seed, runs: meta.runs, ...plan, catalogFingerprint: catalogFingerprint(), toolVersion: TOOL.version });
  return { planFingerprint: meta.planFingerprint ?? fingerprint, plan };
}

/** Why a run is incomplete: what stopped it, or the create budget that kept planned cases back. */
function incompleteOf(run: RunResult, notSent: number): Incomplete | undefined {
  const budget = run.live?.notSent ? `the create budget${run.live.maxCreates !== undefined ? ` (--max-creates ${run.live.maxCreates})` : ''} was spent` : undefined;
  const reason = [run.incomplete, budget].filter(Boolean).join('; ');
  if (!reason) return undefined;
  return { reason, ...(notSent > 0 ? { notSent } : {}) };
}

/** Mark the declared checks; the certificate's list says which declarations excuse a failure. */
function declare(checks: CheckReport[], declarations: ReportInputs['declarations']): DeclaredDeviation[] | undefined {
  if (!declarations?.length) return undefined;
  return declarations.map((d) => {
    const check = checks.find((c) => c.id === d.check);
    if (check) check.declared = { reason: d.reason, ...(d.expires ? { expires: d.expires } : {}), expired: d.expired };
    return {
      check: d.check,
      reason: d.reason,
      ...(d.expires ? { expires: d.expires } : {}),
      expired: d.expired,
      checkStatus: check?.status ?? 'not-run',
      excused: check?.status === 'fail' && isExcused(check),
    };
  });
}
