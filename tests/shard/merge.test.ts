import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Level } from '../../contracts/check.ts';
import { type FaultName, startMock, stopsClock } from '../../mock/index.ts';
import { judgeLevels, neededWords, type Report } from '../../contracts/report.ts';
import { reportProblem } from '../../contracts/report-check.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { LatencyHistogram } from '../../engine/judge/latency.ts';
import { MergeError, mergeShardReports, parseShardReport, type ShardReport, shardInfo } from '../../shard/merge.ts';
import { declarationsOf, type Deviation } from '../../evidence/deviations.ts';
import type { ReportInputs } from '../../engine/judge/report.ts';
import { buildReport } from '../../engine/judge/report.ts';
import { runSuite } from '../../engine/run/run.ts';
import { renderHtml, renderMarkdown } from '../../reports/index.ts';
import { MOCK_CREDENTIALS } from '../helpers/certify.ts';

const SEED = 424242;
const RUNS = 30;

/** One run (the whole plan, or one shard of it) against a fresh reference mock. */
async function certify(fault: FaultName | undefined, shard?: { index: number; count: number }, requiredLevel: Level = 3, inputs: ReportInputs = {}) {
  const mock = await startMock({ port: 0, ...(fault ? { fault } : {}) });
  const latencies: number[] = [];
  try {
    const result = await runSuite({
      targetUrl: mock.url,
      credentials: MOCK_CREDENTIALS,
      seed: SEED,
      runs: RUNS,
      concurrency: 6,
      timeoutMs: 10_000,
      checks: CHECKS,
      publicBaseUrl: mock.publicBaseUrl,
      // a mock of this process: its clock is this process's own unless its fault stops it
      ...(stopsClock(fault) ? {} : { clockSpanMs: 0 }),
      onExchange: (ex) => latencies.push(ex.latencyMs),
      ...(shard ? { shard } : {}),
    });
    const report = buildReport(result, {
      targetUrl: mock.url,
      embedded: true,
      seed: SEED,
      runs: RUNS,
      requiredLevel,
      concurrency: 6,
      timeoutMs: 10_000,
      rerun: `npx trusthub-conformance run --seed ${SEED} --runs ${RUNS}`,
      plan: { shrink: true },
    }, { ...inputs, ...(shard ? { shard: shardInfo(result, shard, { seed: SEED, runs: RUNS, shrink: true }) } : {}) });
    return { report, latencies };
  } finally {
    await mock.close();
  }
}

/**
 * Every mock URL, sid and walk page size the same: each run had its own mock, whose port and sids
 * are random, and the list walks size their pages by what the account holds (a shard's account
 * holds its share of the creates).
 */
const samePort = (v: unknown) =>
  JSON.parse(
    JSON.stringify(v)
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT')
      .replace(/BU[0-9a-f]{32}/g, 'BU…')
      .replace(/PageSize([= ])\d+/g, 'PageSize$1N')
      // the mock's PageToken names the last profile shown (its place in the store): sharding moves it
      .replace(/PageToken=PA\d+/g, 'PageToken=PA…')
      // the list probes' profile is named with a random suffix, like a sid (engine/phases/lists/list-probes.ts)
      .replace(/(100(?:%25|%)_(?:\+| ))[0-9a-f]{8}/g, '$1…')
      // so is the walk while the list changes (engine/phases/lists/changing-walk.ts)
      .replace(/(changes(?:%20|\+| ))[0-9a-f]{8}/g, '$1…')
      // and the list probes' names a filter gets wrong (exactNames)
      .replace(/(Exact(?:%20|\+| ))[0-9a-f]{8}/g, '$1…')
      // and its name of digits alone, a digit for each character of the suffix (numericName)
      .replace(/\b2024[0-9]{8}\b/g, '2024…'),
  );

/** What must be identical between a merged and an unsharded report. */
/** `loose`: the pass counts and the count of other answers left out (see the stores-rejected scenario). */
function essence(r: Report, loose = false) {
  return samePort({
    verdict: r.verdict,
    levels: r.levels,
    checks: r.checks.map((c) => ({
      id: c.id,
      status: c.status,
      passed: loose ? undefined : c.passed,
      failed: c.failed,
      skipped: c.skipped,
      skipReason: c.skipReason,
      firstFailure: c.firstFailure && {
        index: c.firstFailure.index,
        message: c.firstFailure.message,
        caseLabel: c.firstFailure.caseLabel,
        shrunk: c.firstFailure.shrunk,
        request: c.firstFailure.request,
        status: c.firstFailure.response?.status,
        curl: c.firstFailure.curl,
      },
      // every class of failure: its counts, its cases sent once, and its example (shrunk or not) as the unsharded run has it;
      // classes at one plan index in kind order (the credential probes after one create arrive `concurrency` at a time)
      classes: [...(c.classes ?? [])].sort((a, b) => a.index - b.index || a.kind.localeCompare(b.kind)).map((k) => ({
        ...k,
        example: k.example && { index: k.example.index, message: k.example.message, shrunk: k.example.shrunk, request: k.example.request, curl: k.example.curl },
      })),
      unclassed: c.unclassed,
    })),
    exchanges: loose ? { ...r.exchanges, otherAnswers: undefined } : r.exchanges,
    seed: r.seed,
    runs: r.runs,
    certificate: { ...r.certificate, date: undefined },
  });
}

const SCENARIOS: Array<{ fault?: FaultName; failing: string[] }> = [
  { failing: [] },
  // fails fixed and property cases; property failures are shrunk
  { fault: 'trims-friendly-name', failing: ['echo.fields'] },
  // cases with an astral FriendlyName fail: first the coverage rows (exact, in every shard's share), then property cases
  { fault: 'crash-on-astral', failing: ['no-server-error'] },
  // fixed refusals bracketed by list reads (shard 1) leave a profile behind
  { fault: 'stores-rejected', failing: ['reject.no-side-effect'] },
];

describe('run --shard i/n and merge', () => {
  it.each(SCENARIOS)('merging 3 shards gives the unsharded report ($fault)', async ({ fault, failing }) => {
    const [whole, ...shards] = await Promise.all([
      certify(fault),
      certify(fault, { index: 1, count: 3 }),
      certify(fault, { index: 2, count: 3 }),
      certify(fault, { index: 3, count: 3 }),
    ]);
    // shards given in any order
    const merged = mergeShardReports([shards[2]!, shards[0]!, shards[1]!].map((s, k) => ({ name: `s${k}.json`, report: s.report })));

    // stores-rejected: refusals store profiles the run does not know of, spread otherwise over three shards' accounts
    // than over one, so the walk to the end (pages sized by what the run knows) may take a page more or less
    const loose = fault === 'stores-rejected';
    expect(essence(merged, loose)).toEqual(essence(whole!.report, loose));
    if (loose) {
      for (const c of merged.checks) expect(Math.abs(c.passed - whole!.report.checks.find((w) => w.id === c.id)!.passed), c.id).toBeLessThanOrEqual(2);
    }
    const failed = merged.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    if (failing.length === 0) expect(failed).toEqual([]);
    else expect(failed).toEqual(expect.arrayContaining(failing));
    // the shards split the plan: each did part of it
    for (const s of shards) expect(s.report.exchanges.total).toBeLessThan(whole!.report.exchanges.total);
    // latency: exactly the percentiles of all the shards' exchanges together
    const all = new LatencyHistogram();
    for (const s of shards) for (const ms of s.latencies) all.add(ms);
    expect(merged.latencyMs).toEqual({
      p50: all.quantile(0.5),
      p95: all.quantile(0.95),
      p99: all.quantile(0.99),
      max: Math.round(all.max * 100) / 100,
      histogram: all.coarse(),
    });
    expect(merged.merged).toEqual({ shards: 3 });
    expect(merged.shard).toBeUndefined();
    // the lowest-index failure is of the first case's follow-ups (the list probes create a name outside the BMP: exactNames), never shrunk
    if (fault === 'crash-on-astral') {
      const check = merged.checks.find((c) => c.id === 'no-server-error')!;
      expect(check.firstFailure).toMatchObject({ category: 'seed-example', shrunk: false });
      // the coverage rows and the property categories the crash breaks, each a class of its own; each counted in its shard
      expect(check.classes!.length).toBeGreaterThan(1);
      expect(check.classes!.reduce((n, k) => n + k.failed, 0)).toBe(check.failed);
      expect(check.classes!.some((k) => k.example?.shrunk)).toBe(true);
    }
  });

  it('merges a shard report older than failure classes: its failures counted in one class that says so, beside the other shards\' classes', async () => {
    const shards = await Promise.all([1, 2].map((index) => certify('trims-friendly-name', { index, count: 2 })));
    const echo = (r: Report) => r.checks.find((c) => c.id === 'echo.fields')!;
    const older = structuredClone(shards[0]!.report);
    for (const c of older.checks) {
      delete c.classes;
      delete c.unclassed;
    }
    const merged = mergeShardReports([{ name: 'old.json', report: older }, { name: 'new.json', report: shards[1]!.report }]);
    const check = echo(merged);
    expect(check.failed).toBe(echo(shards[0]!.report).failed + echo(shards[1]!.report).failed);
    expect(check.classes!.reduce((n, k) => n + k.failed, 0)).toBe(check.failed);
    const whole = check.classes!.find((k) => k.kind.startsWith('not told apart'))!;
    expect(whole).toMatchObject({ failed: echo(shards[0]!.report).failed, example: echo(shards[0]!.report).firstFailure });
    expect(check.classes!.length).toBe(1 + echo(shards[1]!.report).classes!.length);
    expect(check.firstFailure).toEqual(echo(shards[0]!.report).firstFailure);
  });

  it('carries a shard failure into the verdict even when the other shards pass, and --require-level re-judges', async () => {
    const shards = await Promise.all([1, 2].map((index) => certify('crash-on-astral', { index, count: 2 }, 1)));
    const input = shards.map((s, k) => ({ name: `s${k}`, report: s.report }));
    const merged = mergeShardReports(input);
    expect(merged.verdict).toMatchObject({ conformant: false, levelAchieved: 0, requiredLevel: 1 });
    const passingShards = shards.filter((s) => s.report.verdict.conformant).length;
    const failingShards = shards.length - passingShards;
    expect(failingShards).toBeGreaterThan(0);
    expect(mergeShardReports(input, { requiredLevel: 3 }).verdict.requiredLevel).toBe(3);
  });
});

describe('merge carries what a run adds beside the counts', () => {
  it('declared deviations: the merged verdict and certificate are those of the unsharded run', async () => {
    const deviations: Deviation[] = [
      { check: 'resource.url', reason: 'our URLs are singular until v2', expires: '2099-12-31' },
      { check: 'echo.fields', reason: 'not needed', expires: '2099-12-31' },
    ];
    const declarations = declarationsOf(deviations, new Date('2026-11-27T00:00:00Z'));
    const [whole, ...shards] = await Promise.all([
      certify('wrong-url', undefined, 3, { declarations }),
      ...[1, 2, 3].map((index) => certify('wrong-url', { index, count: 3 }, 3, { declarations })),
    ]);
    const merged = mergeShardReports(shards.map((s, k) => ({ name: `s${k}`, report: s.report })));
    expect(essence(merged)).toEqual(essence(whole!.report));
    expect(merged.verdict.conformant).toBe(true);
    expect(merged.certificate.declaredDeviations).toEqual(whole!.report.certificate.declaredDeviations);
    expect(merged.checks.find((c) => c.id === 'resource.url')?.declared).toEqual({ reason: 'our URLs are singular until v2', expires: '2099-12-31', expired: false });
    // a shard run without the deviations file does not belong to this certification
    const other = (await certify('wrong-url', { index: 2, count: 3 })).report;
    expect(() => mergeShardReports([shards[0]!, { report: other }, shards[2]!].map((s, k) => ({ name: `s${k}`, report: s.report })))).toThrow(
      /has check sources and declared deviations .*: run every shard with the same --observations and --deviations files$/,
    );
  });

  it('checks from outside the catalog (Pact interactions, verified in shard 1) are kept and judged', async () => {
    const pactCheck = {
      id: 'pact.create-a-profile',
      title: 'Pact interaction: create a profile',
      level: 1 as const,
      severity: 'MUST' as const,
      source: { doc: 'suite' as const, ref: 'pact file' },
      status: 'fail' as const,
      passed: 0,
      failed: 1,
      skipped: 0,
    };
    // shard 1 verifies the pacts: its report judges the pact check with the others
    const shards = await Promise.all([1, 2].map((index) => certify(undefined, { index, count: 2 }, 3, index === 1 ? { extraChecks: [pactCheck] } : {})));
    const merged = mergeShardReports(shards.map((s, k) => ({ name: `s${k}`, report: s.report })));
    expect(merged.checks.at(-1)).toEqual(pactCheck);
    expect(merged.verdict).toMatchObject({ conformant: false, levelAchieved: 0, mustFailures: 1 });
  });
});

describe('merge refuses reports that are not the shards of one certification', () => {
  let base: Report[] | undefined;
  const shardsOf = async () => {
    base ??= (await Promise.all([1, 2, 3].map((index) => certify(undefined, { index, count: 3 })))).map((s) => s.report);
    return base.map((r, k): ShardReport => ({ name: `shard-${k + 1}.json`, report: structuredClone(r) }));
  };
  const refusal = (shards: ShardReport[]) => {
    try {
      mergeShardReports(shards);
    } catch (err) {
      expect(err).toBeInstanceOf(MergeError);
      return (err as Error).message;
    }
    throw new Error('merge accepted them');
  };

  it('a shard missing, given twice, or out of range', async () => {
    const s = await shardsOf();
    expect(refusal([s[0]!, s[2]!])).toBe('shard 2/3 missing: merge needs all 3');
    expect(refusal([s[0]!, s[1]!, s[1]!, s[2]!])).toBe('shard 2/3 is given twice: shard-2.json and shard-2.json');
    s[2]!.report.shard!.index = 4;
    expect(refusal(s)).toBe('shard-3.json says it is shard 4/3, which does not exist');
    expect(refusal([])).toBe('no shard report given');
  });

  it('another seed, other runs, another shard count, other checks, another catalog, another target', async () => {
    const cases: Array<[(r: Report) => void, RegExp]> = [
      [(r) => (r.seed = 1), /^shard-2\.json has seed 1, shard-1\.json has 424242: run every shard with the same --seed$/],
      [(r) => (r.runs = 5), /has runs 5, .* has 30: run every shard with the same --runs$/],
      [(r) => (r.shard!.count = 4), /has shard count 4, .* has 3: every shard of one certification has the same n/],
      [(r) => (r.shard!.planFingerprint = 'sha256:x'), /has plan fingerprint .*--policy-sid and --shrink/],
      [(r) => r.checks.pop(), /has checks .*: run every shard with the same --only and --skip$/],
      [(r) => (r.certificate.catalogFingerprint = 'sha256:other'), /has catalog fingerprint "sha256:other"/],
      [(r) => (r.target = { url: 'https://staging.example.test', embedded: false }), /has target "https:\/\/staging\.example\.test", .* has "the embedded reference mock"/],
      [(r) => (r.tool = { ...r.tool, version: '9.9.9' }), /has tool "trusthub-conformance@9\.9\.9"/],
    ];
    for (const [change, message] of cases) {
      const s = await shardsOf();
      change(s[1]!.report);
      expect(refusal(s)).toMatch(message);
    }
  });

  it('a catalog this version does not have', async () => {
    const s = await shardsOf();
    for (const x of s) x.report.certificate.catalogFingerprint = 'sha256:older';
    expect(refusal(s)).toMatch(/^shard-1\.json was judged by catalog sha256:older .* merge with the version that ran the shards$/);
  });

  it('shards that required different levels, unless --require-level says which', async () => {
    const s = await shardsOf();
    s[1]!.report.verdict.requiredLevel = 2;
    expect(refusal(s)).toBe('the shards required different levels (3, 2): say which with --require-level');
    expect(mergeShardReports(s, { requiredLevel: 2 }).verdict.requiredLevel).toBe(2);
  });

  it('text that is not a shard report', async () => {
    const s = await shardsOf();
    const parse = (text: string) => {
      try {
        parseShardReport('r.json', text);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(parse('{')).toMatch(/^r\.json is not JSON: /);
    expect(parse('[]')).toBe('r.json is not a trusthub-conformance report.json');
    const { shard: _, ...unsharded } = s[0]!.report;
    expect(parse(JSON.stringify(unsharded))).toBe('r.json is not a shard report: run each shard with --shard i/n');
    expect(parse(JSON.stringify({ ...unsharded, shard: { index: 1 } }))).toBe('r.json has a malformed shard section');
    expect(parse(JSON.stringify(s[0]!.report))).toBe('accepted');
  });
});

describe('merge verifies what it can, and what reaches HTML or Markdown is escaped', () => {
  let base: Report[] | undefined;
  const shardsOf = async () => {
    base ??= (await Promise.all([1, 2].map((index) => certify(undefined, { index, count: 2 })))).map((s) => s.report);
    return base.map((r, k): ShardReport => ({ name: `shard-${k + 1}.json`, report: structuredClone(r) }));
  };
  const refusedWith = async (change: (r: Report) => void, everyShard = false) => {
    const s = await shardsOf();
    for (const x of everyShard ? s : [s[1]!]) change(x.report);
    try {
      mergeShardReports(s);
    } catch (err) {
      expect(err).toBeInstanceOf(MergeError);
      return (err as Error).message;
    }
    throw new Error('merge accepted them');
  };

  it('a count that is a string (a script), negative or a fraction is refused, naming the field', async () => {
    expect(await refusedWith((r) => Object.assign(r.exchanges, { transportErrors: '<script>alert(1)</script>' }))).toMatch(
      /^shard-2\.json is not a report this version can read: \/exchanges\/transportErrors must be integer/,
    );
    expect(await refusedWith((r) => Object.assign(r.checks[0]!, { passed: -3 }))).toMatch(/\/checks\/0\/passed must be >= 0/);
    expect(await refusedWith((r) => Object.assign(r.exchanges.byStatus, { '201': 1.5 }))).toMatch(/\/exchanges\/byStatus\/201 must be integer/);
    expect(await refusedWith((r) => Object.assign(r.checks[0]!, { title: { toString: 1 } }))).toMatch(/\/checks\/0\/title must be string/);
  });

  it('a verdict, a check status or a level its checks do not make is refused', async () => {
    expect(await refusedWith((r) => Object.assign(r.verdict, { mustFailures: 0, levelAchieved: 2 }))).toMatch(/says verdict\.levelAchieved is 2; its checks make it 3/);
    expect(await refusedWith((r) => Object.assign(r.checks[0]!, { status: 'fail' }))).toMatch(/is fail with \d+ passed, 0 failed/);
    expect(await refusedWith((r) => Object.assign(r.levels[0]!, { status: 'untested' }))).toMatch(/says level 1 is untested; its checks make it pass/);
  });

  it('a check judged by any shard is judged: a shard that could not judge it for lack of an input leaves no level untested', async () => {
    const id = 'lookup.other-account-404';
    /** The shard as a run without a second account reports it: the check skipped, saying what it needs, levels judged again. */
    const lacking = (r: Report) => {
      const c = r.checks.find((x) => x.id === id)!;
      Object.assign(c, { status: 'skip', passed: 0, failed: 0, skipped: 1, skipReason: 'no second account was given', needs: neededWords('second-account') });
      const judged = judgeLevels(r.checks, r.verdict.requiredLevel);
      Object.assign(r, { levels: judged.levels, verdict: judged.verdict });
      Object.assign(r.certificate, { levelAchieved: judged.verdict.levelAchieved, conformant: judged.verdict.conformant });
    };
    const s = await shardsOf();
    const judgedIn = s.findIndex((x) => x.report.checks.find((c) => c.id === id)!.status === 'pass');
    expect(judgedIn).toBeGreaterThanOrEqual(0);
    for (const [k, x] of s.entries()) if (k !== judgedIn) lacking(x.report);
    expect(s.filter((x) => x.report.levels[2]!.status === 'untested').length).toBe(s.length - 1);
    const merged = mergeShardReports(s);
    expect(merged.checks.find((c) => c.id === id)).toMatchObject({ status: 'pass' });
    expect(merged.checks.find((c) => c.id === id)!.needs).toBeUndefined();
    expect(merged.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
    expect(reportProblem(merged)).toBeUndefined();
    // every shard lacked it: level 3 not tested, and the merged report says what it needs
    lacking(s[judgedIn]!.report);
    const none = mergeShardReports(s);
    expect(none.verdict).toMatchObject({ conformant: false, levelAchieved: 2 });
    expect(none.levels[2]).toMatchObject({ status: 'untested', needs: [{ check: id, needs: 'a second account (--second-account-sid, --second-auth-token)' }] });
    expect(none.checks.find((c) => c.id === id)).toMatchObject({ status: 'skip', skipReason: 'no second account was given', needs: { input: 'second-account' } });
    expect(reportProblem(none)).toBeUndefined();
  });

  it('the plan fingerprint is recomputed from seed, runs, plan, catalog and tool version', async () => {
    // the same change in every shard: they agree with one another, not with their own seed and plan
    expect(await refusedWith((r) => Object.assign(r.certificate.plan!, { shrink: false }), true)).toMatch(
      /^shard-1\.json has plan fingerprint sha256:\w+; its seed, runs, plan, catalog and tool version make sha256:\w+$/,
    );
    expect(await refusedWith((r) => Object.assign(r.shard!.latency, { pairs: [[1e9, 1]] }))).toMatch(/has a latency bucket that does not exist/);
  });

  it('a writer given such a report anyway prints no markup from it', async () => {
    const [s] = await shardsOf();
    const r = s!.report;
    const script = '<script>alert(1)</script>';
    Object.assign(r.exchanges, { transportErrors: script, total: script });
    Object.assign(r.levels[0]!, { level: script, mustFailed: script });
    Object.assign(r.checks[0]!, { level: script, severity: script, status: 'fail', firstFailure: undefined });
    Object.assign(r, { runs: script });
    for (const [name, write] of Object.entries({ html: renderHtml, md: renderMarkdown })) expect(write(r), name).not.toContain('<script>alert');
  });
});

// ---------------------------------------------------------------------------------------------
// Through the CLI

const NODE = join(process.cwd(), 'node_modules/.bin/node');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-shard-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[]) {
  const r = spawnSync(NODE, ['cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trusthub-conformance run --shard and merge', () => {
  it.each([
    ['0/3', '--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, got "0/3"'],
    ['4/3', '--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, got "4/3"'],
    ['1/0', '--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, got "1/0"'],
    ['two', '--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, got "two"'],
  ])('--shard %s: one line, exit 2', (value, message) => {
    const r = cli(['run', '--seed', '1', '--shard', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trusthub-conformance: ${message}\n`);
  });

  it('--shard without --seed: one line, exit 2', () => {
    const r = cli(['run', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trusthub-conformance: --shard needs --seed: every shard must draw the same plan\n');
  });

  it('runs two shards, merges them into every report format, and refuses a duplicate in one line', () => {
    const dir = tempDir();
    for (const i of [1, 2]) {
      const r = cli(['run', '--seed', '11', '--runs', '6', '--shard', `${i}/2`, '--report-dir', join(dir, `s${i}`), '--no-progress', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`shard ${i}/2: combine every shard's report.json with 'trusthub-conformance merge'`);
      const report = JSON.parse(readFileSync(join(dir, `s${i}`, 'report.json'), 'utf8')) as Report;
      expect(report.shard).toMatchObject({ index: i, count: 2 });
      expect(report.certificate.rerun).not.toContain('--shard');
    }
    const out = join(dir, 'merged');
    const m = cli(['merge', join(dir, 's2/report.json'), join(dir, 's1/report.json'), '--report-dir', out]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('CONFORMANT: level 3 achieved');
    const merged = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(merged).toMatchObject({ seed: 11, runs: 6, merged: { shards: 2 }, verdict: { conformant: true, levelAchieved: 3 } });
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testsuites');

    const twice = cli(['merge', join(dir, 's1/report.json'), join(dir, 's1/report.json'), '--report-dir', out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe(`trusthub-conformance: shard 1/2 is given twice: ${join(dir, 's1/report.json')} and ${join(dir, 's1/report.json')}\n`);

    const missing = cli(['merge', join(dir, 's1/report.json'), '--report-dir', out]);
    expect(missing.stderr).toBe('trusthub-conformance: shard 2/2 missing: merge needs all 2\n');
    expect(missing.code).toBe(2);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"checks": []}');
    const notShard = cli(['merge', bad, join(dir, 's1/report.json')]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toBe(`trusthub-conformance: ${bad} is not a trusthub-conformance report.json\n`);

    const none = cli(['merge', join(dir, 'nope.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`trusthub-conformance: cannot read ${join(dir, 'nope.json')}: no such file\n`);
  }, 180_000);
});
