/**
 * Sharding and merging. `run --shard i/n` runs shard i of the seeded plan (fixed cases in shard 1,
 * property cases by plan index) and writes a report with a `shard` section; `merge` combines the
 * n shard reports into the report an unsharded run with the same seed and runs would have written.
 *
 * Why the merge is exact:
 * - counts (per check, per category, per status, transport errors, retries) are sums;
 * - each check's first failure is the failure with the lowest plan index over all shards (the tally
 *   keeps the lowest indices, whatever the completion order), and the shard that holds it shrank
 *   that very case from the same fast-check seed and path, in a judge context of its own, so it is
 *   the counterexample the unsharded run would have shrunk (given a target that answers the same
 *   request the same way);
 * - latency percentiles come from the exact histogram (bucket counts and the unrounded maximum).
 * What is not exact: `create.unique-sid` compares a sid with the sids of its own shard only, and
 * the timestamps and duration are the earliest start and the latest finish of the shards.
 */
import { ToolError } from '../contracts/errors.ts';
import { catalogFingerprint, findCheckInfo } from '../contracts/catalog.ts';
import type { Level } from '../contracts/check.ts';
import { type CheckReport, checkStatus, type FailureClass, planFingerprint, type Report, type ShardInfo } from '../contracts/report.ts';
import { TOOL } from '../contracts/tool.ts';
import { reportProblem } from '../contracts/report-check.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { LatencyHistogram } from '../engine/judge/latency.ts';
import { buildReport } from '../engine/judge/report.ts';
import type { RunResult } from '../engine/run/run.ts';
import { Tally } from '../engine/judge/tally.ts';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** A problem with the shard reports given to merge (the CLI says it in one line, exit 2). */
export class MergeError extends ToolError {
  constructor(message: string) {
    super('CT_ERR_MERGE', message);
    this.name = 'MergeError';
  }
}

/** What decides the plan and its shrinking: shards of one certification share it (contracts/report.ts). */
export { planFingerprint };

/** The `shard` section of a shard's report. */
export function shardInfo(
  result: Pick<RunResult, 'latency'>,
  shard: Shard,
  plan: { seed: number; runs: number; policySids?: readonly string[]; shrink: boolean },
): ShardInfo {
  return {
    index: shard.index,
    count: shard.count,
    planFingerprint: planFingerprint({ ...plan, catalogFingerprint: catalogFingerprint(), toolVersion: TOOL.version }),
    latency: { pairs: result.latency.toPairs(), max: result.latency.max },
  };
}

/** One shard report and the name errors call it by (its path). */
export interface ShardReport {
  name: string;
  report: Report;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a report.json text, or says why it is not a shard report. */
export function parseShardReport(name: string, text: string): ShardReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MergeError(`${name} is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(value) || !Array.isArray(value.checks) || !isObject(value.verdict) || !isObject(value.certificate) || !isObject(value.exchanges)) {
    throw new MergeError(`${name} is not a trusthub-conformance report.json`);
  }
  const shard = value.shard;
  if (!isObject(shard)) throw new MergeError(`${name} is not a shard report: run each shard with --shard i/n`);
  const latency = shard.latency;
  if (
    !Number.isInteger(shard.index) ||
    !Number.isInteger(shard.count) ||
    typeof shard.planFingerprint !== 'string' ||
    !isObject(latency) ||
    !Array.isArray(latency.pairs) ||
    typeof latency.max !== 'number'
  ) {
    throw new MergeError(`${name} has a malformed shard section`);
  }
  return { name, report: value as unknown as Report };
}

const catalogIds = (r: Report) => r.checks.filter((c) => findCheckInfo(c.id)).map((c) => c.id);

/** Every way the given shards could fail to make one certification; throws the first found. */
function checkShards(shards: readonly ShardReport[]): void {
  if (shards.length === 0) throw new MergeError('no shard report given');
  const first = shards[0]!;
  const f = first.report;
  const fs = f.shard!;
  const same = (what: string, get: (r: Report) => unknown, hint: string) => {
    for (const s of shards.slice(1)) {
      const a = JSON.stringify(get(f));
      const b = JSON.stringify(get(s.report));
      if (a !== b) throw new MergeError(`${s.name} has ${what} ${b}, ${first.name} has ${a}: ${hint}`);
    }
  };
  same('schemaVersion', (r) => r.schemaVersion, 'shards of one certification are written by one version');
  same('tool', (r) => `${r.tool.name}@${r.tool.version}`, 'run every shard with the same trusthub-conformance version');
  same('catalog fingerprint', (r) => r.certificate.catalogFingerprint, 'run every shard with the same trusthub-conformance version');
  same('seed', (r) => r.seed, 'run every shard with the same --seed');
  same('runs', (r) => r.runs, 'run every shard with the same --runs');
  same('shard count', (r) => r.shard!.count, 'every shard of one certification has the same n in --shard i/n');
  same('plan fingerprint', (r) => r.shard!.planFingerprint, 'run every shard with the same --seed, --runs, --policy-sid and --shrink setting');
  same('checks', catalogIds, 'run every shard with the same --only and --skip');
  same(
    'check sources and declared deviations',
    (r) => r.checks.filter((c) => findCheckInfo(c.id)).map((c) => [c.id, c.source, c.declared ?? null]),
    'run every shard with the same --observations and --deviations files',
  );
  same('target', (r) => (r.target.embedded ? 'the embedded reference mock' : r.target.url), 'run every shard against the same --target');
  const local = catalogFingerprint();
  if (f.certificate.catalogFingerprint !== local) {
    throw new MergeError(
      `${first.name} was judged by catalog ${f.certificate.catalogFingerprint} (${f.tool.name}@${f.tool.version}), this version has ${local}: merge with the version that ran the shards`,
    );
  }
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const i = s.report.shard!.index;
    if (i < 1 || i > fs.count) throw new MergeError(`${s.name} says it is shard ${i}/${fs.count}, which does not exist`);
    const other = byIndex.get(i);
    if (other !== undefined) throw new MergeError(`shard ${i}/${fs.count} is given twice: ${other} and ${s.name}`);
    byIndex.set(i, s.name);
  }
  const missing = Array.from({ length: fs.count }, (_, k) => k + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${fs.count}`).join(', ')} missing: merge needs all ${fs.count}`);
  }
}

const BUCKETS = new LatencyHistogram().counts.length;

/**
 * What merge recomputes of each shard instead of trusting it (contracts/report-check.ts): counts
 * are integers ≥ 0 and printed fields strings, each check's status, the levels and the verdict
 * follow from its checks, the certificate from the verdict, the plan fingerprint from seed, runs,
 * plan, catalog and tool version; and the latency buckets exist.
 */
function verifyShard(s: ShardReport): void {
  const problem = reportProblem(s.report);
  if (problem) throw new MergeError(`${s.name} ${problem.message}`);
  if (!s.report.shard!.latency.pairs.every(([i]) => i < BUCKETS)) throw new MergeError(`${s.name} has a latency bucket that does not exist`);
}

/**
 * A shard's classes of failure; a report older than classes has only its first failure, which
 * stands for all its failures of the check, in one class that says so.
 */
function classesOf(c: CheckReport): FailureClass[] {
  if (c.classes) return c.classes;
  if (!c.firstFailure || c.failed === 0) return [];
  return [{ kind: 'not told apart (a report older than failure classes)', shape: '', failed: c.failed, index: c.firstFailure.index, example: c.firstFailure }];
}

export interface MergeOptions {
  /** the level needed to be conformant (default: the level the shards required, when they agree) */
  requiredLevel?: Level;
}

/**
 * Combines the reports of all n shards of one certification into the report of the whole run.
 * Throws MergeError when they are not the n shards of one certification.
 */
export function mergeShardReports(input: readonly ShardReport[], opts: MergeOptions = {}): Report {
  checkShards(input);
  for (const s of input) verifyShard(s);
  const shards = [...input].sort((a, b) => a.report.shard!.index - b.report.shard!.index);
  const reports = shards.map((s) => s.report);
  const first = reports[0]!;

  let requiredLevel = opts.requiredLevel;
  if (requiredLevel === undefined) {
    const levels = [...new Set(reports.map((r) => r.verdict.requiredLevel))];
    if (levels.length > 1) {
      throw new MergeError(`the shards required different levels (${levels.join(', ')}): say which with --require-level`);
    }
    requiredLevel = levels[0]!;
  }

  // the tally the unsharded run would have ended with
  const ids = new Set(catalogIds(first));
  const tally = new Tally(
    CHECKS.filter((c) => ids.has(c.id)),
    { secrets: [], apiKey: false },
  );
  for (const r of reports) {
    for (const c of r.checks) {
      const t = tally.byCheck.get(c.id);
      if (!t) continue;
      t.passed += c.passed;
      t.failed += c.failed;
      t.skipped += c.skipped;
      // skip reasons: the first shard's (shard 1 holds the fixed cases, which the unsharded run judges first)
      if (c.skipped > 0 && c.skipReason !== undefined) t.skipReason ??= c.skipReason;
      // a shard that could not judge for lack of an input: the merged check needs it too, unless another shard judged it (then it passes or fails)
      if (c.status === 'skip' && c.needs && !t.needs) {
        t.needs = c.needs.input;
        if (c.skipReason !== undefined) t.skipReason = c.skipReason;
      }
      for (const fc of classesOf(c)) tally.mergeClass(c.id, fc);
      t.unclassed += c.unclassed ?? 0;
    }
    tally.exchanges += r.exchanges.total;
    tally.otherAnswers += r.exchanges.otherAnswers ?? 0;
    tally.transportErrors += r.exchanges.transportErrors;
    for (const [cat, v] of Object.entries(r.exchanges.byCategory) as Array<[keyof typeof tally.byCategory, { total: number; failed: number }]>) {
      const into = tally.byCategory[cat] ?? { total: 0, failed: 0 };
      into.total += v.total;
      into.failed += v.failed;
      tally.byCategory[cat] = into;
    }
    for (const [status, n] of Object.entries(r.exchanges.byStatus)) tally.byStatus[status] = (tally.byStatus[status] ?? 0) + n;
  }
  const latency = new LatencyHistogram();
  for (const r of reports) latency.merge(LatencyHistogram.fromPairs(r.shard!.latency.pairs, r.shard!.latency.max));

  const incomplete = reports
    .filter((r) => r.incomplete)
    .map((r) => `shard ${r.shard!.index}/${r.shard!.count}: ${r.incomplete!.reason}`);
  const result: RunResult = {
    startedAt: new Date(Math.min(...reports.map((r) => Date.parse(r.startedAt)))),
    finishedAt: new Date(Math.max(...reports.map((r) => Date.parse(r.finishedAt)))),
    planned: 0,
    tally,
    latency,
    retries: reports.reduce((n, r) => n + r.exchanges.retries, 0),
    createdSids: [],
    // every shard's unsent cases (its stop and its create budget): a merged run cut short claims no level either
    notSent: reports.reduce((n, r) => n + (r.incomplete?.notSent ?? 0), 0),
    ...(incomplete.length ? { incomplete: incomplete.join('; ') } : {}),
  };
  // checks from outside the catalog (Pact interactions, verified by shard 1 only): summed as they are
  const extra = new Map<string, CheckReport>();
  for (const r of reports) {
    for (const c of r.checks) {
      if (ids.has(c.id)) continue;
      const had = extra.get(c.id);
      if (!had) {
        extra.set(c.id, structuredClone(c));
        continue;
      }
      had.passed += c.passed;
      had.failed += c.failed;
      had.skipped += c.skipped;
      had.status = checkStatus(had);
      if (c.firstFailure && (!had.firstFailure || c.firstFailure.index < had.firstFailure.index)) had.firstFailure = c.firstFailure;
    }
  }
  const declared = first.certificate.declaredDeviations;
  const report = buildReport(
    result,
    {
      targetUrl: first.target.url,
      embedded: first.target.embedded,
      seed: first.seed,
      runs: first.runs,
      requiredLevel,
      concurrency: first.options.concurrency,
      timeoutMs: first.options.timeoutMs,
      ...(first.options.only ? { only: first.options.only } : {}),
      ...(first.options.skip ? { skip: first.options.skip } : {}),
      ...(first.options.insecure ? { insecure: true } : {}),
      rerun: first.certificate.rerun,
      // recomputed from what decides the plan; verifyShard made sure the shards' equals it
      ...(first.certificate.plan ? { plan: first.certificate.plan } : first.certificate.planFingerprint ? { planFingerprint: first.certificate.planFingerprint } : {}),
    },
    {
      // what the run added beside the counts (the options as given, an observations file's citation,
      // declared deviations) is the same in every shard: shard 1's
      options: structuredClone(first.options),
      amendChecks: (checks) => {
        for (const c of checks) {
          // what a check needs, in the words of the shards' entry
          const needs = c.needs && reports.flatMap((r) => r.checks).find((d) => d.id === c.id && d.needs)?.needs;
          if (needs) c.needs = structuredClone(needs);
          const theirs = first.checks.find((d) => d.id === c.id) as unknown as Record<string, unknown> | undefined;
          if (!theirs) continue;
          c.source = structuredClone(theirs.source as CheckReport['source']);
          for (const [key, value] of Object.entries(theirs)) {
            // what a check needed is the merged tally's (another shard may have judged it), never shard 1's copied
            if (!(key in c) && key !== 'declared' && key !== 'needs') (c as unknown as Record<string, unknown>)[key] = structuredClone(value);
          }
        }
      },
      extraChecks: [...extra.values()],
      ...(declared ? { declarations: declared.map((d) => ({ check: d.check, reason: d.reason, ...(d.expires ? { expires: d.expires } : {}), expired: d.expired })) } : {}),
      merged: { shards: shards.length },
    },
  );
  report.tool = { ...first.tool };
  report.certificate.tool = { ...first.tool };
  return report;
}
