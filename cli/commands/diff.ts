import { existsSync } from 'node:fs';
import { shellWord } from '../../reports/text.ts';
import type { Command } from 'commander';
import type { Level } from '../../contracts/check.ts';
import type { Credentials } from '../../engine/transport/credentials.ts';
import type { OpenedTarget } from '../../engine/run/certify.ts';
import type { DiffReference } from '../../evidence/diff.ts';
import { EXIT, UsageError } from '../errors.ts';
import { guardProduction } from '../live.ts';
import { collect, parseIntFlag, parseUrl, policySidsFrom, targetFromFlags } from '../options.ts';
import { checkReadable, checkReportDir } from '../preflight.ts';
import type { CredentialFlags } from '../../engine/transport/credentials.ts';

export interface DiffFlags extends CredentialFlags {
  target?: string;
  reference: string;
  runs?: number;
  seed?: number;
  concurrency: number;
  timeout: number;
  policySid?: string[];
  publicBaseUrl?: string;
  maxResponseBytes: number;
  expectDivergence?: string;
  reportDir: string;
  format: string;
  maxRows: number;
  progress: boolean;
}

const DEFAULT_RUNS = 100;

/** `trusthub-conformance diff`: the same seeded corpus to a target and a reference; where do they differ? */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('send the same seeded corpus to a target and a reference (URL or recorded cassette) and report where their answers differ')
    .requiredOption('--reference <url|file.har>', 'the implementation to compare with: a base URL, or a cassette recorded with run --record')
    .option('--target <url>', 'base URL of the implementation under test (default: start the embedded reference mock)')
    .option('--account-sid <AC…>', 'Account SID (default: TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Auth Token (default: TWILIO_AUTH_TOKEN)')
    .option('--api-key <SK…>', 'API Key SID, instead of the Auth Token (default: TWILIO_API_KEY)')
    .option('--api-secret <secret>', 'API Key secret (default: TWILIO_API_SECRET)')
    .option('--runs <n>', `property runs per category (default ${DEFAULT_RUNS}; a cassette's own when replaying)`, parseIntFlag('--runs', 1, 10_000_000))
    .option('--seed <n>', "seed of the corpus (default: random, printed; a cassette's own when replaying)", parseIntFlag('--seed', 0, 2 ** 31 - 1))
    .option('--concurrency <n>', 'requests in flight at once, per side', parseIntFlag('--concurrency', 1, 1024), 8)
    .option('--timeout <ms>', 'connect, headers and body timeout per request', parseIntFlag('--timeout', 1, 600_000), 10_000)
    .option('--policy-sid <RN…>', 'an existing policy to create with (repeatable; a cassette brings its own)', collect)
    .option('--public-base-url <url>', "the base the target builds resource URLs from (for the target's own checks)")
    .option('--max-response-bytes <n>', 'cut responses larger than this', parseIntFlag('--max-response-bytes', 1024), 1024 * 1024)
    .option('--expect-divergence <file>', 'divergences you expect (JSON, see docs/evidence.md): reported, but no exit 1')
    .option('--report-dir <dir>', 'where the report is written', 'diff-report')
    .option('--format <formats>', 'report formats, comma-separated (json, junit, md, html, badge)', 'json,md,html')
    .option('--max-rows <n>', 'divergence rows printed on the terminal', parseIntFlag('--max-rows', 0, 1_000_000), 40)
    .option('--no-progress', 'no progress line')
    .action(async (flags: DiffFlags) => {
      process.exitCode = await executeDiff(flags);
    });
}

function mockCredentials(mock: typeof import('../../mock/index.ts')): Credentials {
  return { accountSid: mock.DEFAULT_ACCOUNT_SID, username: mock.DEFAULT_ACCOUNT_SID, password: mock.DEFAULT_AUTH_TOKEN, kind: 'auth-token' };
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** The whole `diff` command; returns the exit code. */
export async function executeDiff(flags: DiffFlags): Promise<number> {
  // first of all, before anything can be sent: diff has no --live
  guardProduction([flags.target, isUrl(flags.reference) ? flags.reference : undefined], false, {
    what: 'a diff',
    instead: 'diff neither budgets nor deletes its creates; record production with run --live --record FILE.har and diff against that cassette (--reference FILE.har)',
  });
  const [{ resolveCredentials }, diffMod, { readCassette }, { CHECKS }, { certify }, reports, output] = await Promise.all([
    import('../../engine/transport/credentials.ts'),
    import('../../evidence/diff.ts'),
    import('../../evidence/har.ts'),
    import('../../engine/checks/index.ts'),
    import('../../engine/run/certify.ts'),
    import('../../reports/index.ts'),
    import('../output.ts'),
  ]);
  const { inert } = output;
  let formats: ReturnType<typeof reports.parseFormats>;
  try {
    formats = reports.parseFormats(flags.format);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  await checkReportDir(flags.reportDir);
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new UsageError(resolved.error);
  policySidsFrom(flags);
  const expected = flags.expectDivergence ? await diffMod.loadExpectedDivergences(flags.expectDivergence) : [];

  // the corpus: a cassette brings its own seed, runs and policies; flags may only repeat them
  let seed = flags.seed;
  let runs = flags.runs;
  let policySids = flags.policySid?.length ? flags.policySid : undefined;
  let shard: { index: number; count: number } | undefined;
  const mock = await import('../../mock/index.ts');
  let reference: DiffReference;
  let referenceText: string;
  if (isUrl(flags.reference)) {
    const url = parseUrl('--reference', flags.reference);
    reference = { kind: 'url', url, credentials: resolved ?? mockCredentials(mock) };
    referenceText = url;
  } else {
    if (!existsSync(flags.reference)) throw new UsageError(`--reference ${flags.reference}: no such file (give a base URL or a cassette recorded with run --record)`);
    await checkReadable('--reference', flags.reference);
    const cassette = await readCassette(flags.reference, '--reference');
    const meta = cassette.meta;
    if (meta) {
      const clash = (flag: string, given: unknown, recorded: unknown) => {
        if (given !== undefined && JSON.stringify(given) !== JSON.stringify(recorded)) {
          throw new UsageError(`${flag} ${JSON.stringify(given)} differs from the cassette's ${JSON.stringify(recorded)}: a replay sends the corpus it recorded (leave ${flag} out)`);
        }
      };
      clash('--seed', seed, meta.seed);
      clash('--runs', runs, meta.runs);
      clash('--policy-sid', policySids, meta.policySids);
      seed = meta.seed;
      runs = meta.runs;
      policySids = meta.policySids;
      shard = meta.shard;
    } else if (seed === undefined || runs === undefined) {
      throw new UsageError(`--reference ${flags.reference}: the HAR has no _trusthubConformance metadata; give the --seed and --runs it was recorded with`);
    }
    reference = { kind: 'cassette', cassette };
    referenceText = `${flags.reference}${meta ? ` (recorded at ${meta.target} on ${meta.startedAt.slice(0, 10)} by ${meta.tool.name} ${meta.tool.version})` : ''}`;
  }
  seed ??= Math.floor(Math.random() * 2 ** 31);
  runs ??= DEFAULT_RUNS;

  const target = targetFromFlags(flags);
  const rerun = (t: OpenedTarget) => {
    const words = ['npx trusthub-conformance diff', ...(t.embedded ? [] : ['--target', t.url]), '--reference', flags.reference];
    if (reference.kind === 'url') words.push('--seed', String(seed), '--runs', String(runs));
    if (flags.expectDivergence) words.push('--expect-divergence', flags.expectDivergence);
    return words.map((w, i) => (i === 0 ? w : shellWord(w))).join(' ');
  };
  const { report, run, unusedExpectations } = await certify({
    ...(target ? { target } : {}),
    seed,
    runs,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    maxResponseBytes: flags.maxResponseBytes,
    checks: CHECKS,
    requiredLevel: 3 as Level,
    policySids,
    ...(shard ? { shard } : {}),
    diff: { reference, expected, ...(flags.expectDivergence ? { expectationsFile: flags.expectDivergence } : {}) },
    rerun,
    onProgress: flags.progress ? output.progress() : undefined,
    announce: (what) => `diffing ${what} against ${inert(referenceText)} (seed ${seed}, ${runs} runs per category)`,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const result = { divergences: report.divergences ?? [], summary: report.diff!, unused: unusedExpectations ?? [], target: run };

  const { written, failed } = reports.writeReportFiles(report, flags.reportDir, formats);
  const s = result.summary;
  const out: string[] = [diffMod.divergenceTable(result.divergences, s.rows, { maxRows: flags.maxRows, clean: inert }).trimEnd(), ''];
  const expectedCases = s.divergent - s.unexpected;
  out.push(
    `compared ${s.compared} case(s): ${s.divergent} diverge${expectedCases ? ` (${expectedCases} only as expected)` : ''}` +
      `${s.unmatched ? `; ${s.unmatched} could not be compared (not in the reference, or recorded with another request)` : ''}`,
  );
  const aspects = Object.entries(s.byAspect).map(([a, n]) => `${a} ${n}`);
  if (aspects.length) out.push(`divergence rows by aspect: ${aspects.join(', ')}`);
  for (const e of result.unused) out.push(output.dim(`expected but not seen: ${inert(e.requestClass)}${e.aspect ? ` ${e.aspect}` : ''} (${inert(e.reason)})`));
  out.push(`the target on its own: ${output.verdictLine(report)}`);
  const unreachable = run.unreachable;
  if (unreachable) {
    out.push(output.red(`UNREACHABLE: ${inert(unreachable)}`));
  } else if (s.compared === 0) {
    out.push(output.red('NOTHING COMPARED: the reference holds none of this corpus'));
  } else if (s.unexpected > 0) {
    out.push(output.red(`DIVERGENT: ${s.unexpected} case(s) differ from the reference in ways not declared expected`));
  } else {
    out.push(output.green(`NO UNEXPECTED DIVERGENCE${s.divergent ? ` (${s.divergent} expected)` : ''}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (written.length > 0) process.stderr.write(`reports: ${written.map((w) => w.path).join(', ')}\n`);
  for (const f of failed) process.stderr.write(`trusthub-conformance: ${f.message}\n`);
  if (failed[0]) return EXIT.writeFailed;
  if (unreachable) return EXIT.unreachable;
  if (s.compared === 0) throw new UsageError(`--reference ${flags.reference}: no case of the corpus could be compared (was it recorded by another version of the generators?)`);
  return s.unexpected > 0 ? EXIT.notConformant : EXIT.conformant;
}
