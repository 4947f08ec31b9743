import { CATALOG, catalogFingerprint } from '../contracts/catalog.ts';
import { TOOL } from '../contracts/tool.ts';
import {
  type CheckReport,
  certificateTarget,
  checkStatus,
  judgeLevels,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportMeta,
} from '../contracts/report.ts';
import type { RunResult } from './run.ts';

/** The one report model of a run, from what the runner gathered. */
export function buildReport(run: RunResult, meta: ReportMeta): Report {
  const checks: CheckReport[] = [];
  for (const info of CATALOG) {
    const t = run.tally.byCheck.get(info.id);
    if (!t) continue;
    const status = checkStatus(t);
    checks.push({
      ...info,
      source: { ...info.source },
      status,
      passed: t.passed,
      failed: t.failed,
      skipped: t.skipped,
      ...(status === 'skip' ? { skipReason: t.skipReason ?? 'no exchange of this run applied to it' } : {}),
      ...(t.failures[0] ? { firstFailure: t.failures[0] } : {}),
    });
  }
  const { levels, verdict, partial } = judgeLevels(checks, meta.requiredLevel);
  if (run.incomplete) verdict.conformant = false;
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
    ...(run.incomplete ? { incomplete: { reason: run.incomplete } } : {}),
    ...(partial ? { partial } : {}),
    verdict,
    levels,
    checks,
    exchanges: {
      total: run.tally.exchanges,
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
      ...(partial ? { partial } : {}),
    },
    options: {
      concurrency: meta.concurrency,
      timeoutMs: meta.timeoutMs,
      ...(meta.only ? { only: meta.only } : {}),
      ...(meta.skip ? { skip: meta.skip } : {}),
      ...(meta.insecure ? { insecure: true } : {}),
    },
  };
}
