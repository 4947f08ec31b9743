import type { Command } from 'commander';
import { Option } from 'commander';
import { DEFAULTS } from '../../contracts/limits.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { SendFlags } from '../inputs.ts';
import { collect, parseIntFlag, parseRate, TARGET_ENV } from '../options.ts';

export interface DiffFlags extends SendFlags {
  reference: string;
  concurrency: number;
  timeout: number;
  maxResponseBytes: number;
  reportDir: string;
  format: string;
  maxRows: number;
  progress: boolean;
}

/** `trusthub-conformance diff`: the same seeded corpus to a target and a reference; where do they differ? */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('send the same seeded corpus to a target and a reference (URL or recorded cassette) and report where their answers differ')
    .requiredOption('--reference <url|file.har>', 'the implementation to compare with: a base URL, or a cassette recorded with run --record')
    .addOption(new Option('--target <url>', 'base URL of the implementation under test (default: start the embedded reference mock)').env(TARGET_ENV))
    .option('--account-sid <AC…>', 'Account SID (default: TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Auth Token (default: TWILIO_AUTH_TOKEN)')
    .option('--api-key <SK…>', 'API Key SID, instead of the Auth Token (default: TWILIO_API_KEY)')
    .option('--api-secret <secret>', 'API Key secret (default: TWILIO_API_SECRET)')
    .option('--runs <n>', `property runs per category (default ${DEFAULTS.runs}; a cassette's own when replaying)`, parseIntFlag('--runs', 'runs'))
    .option('--seed <n>', "seed of the corpus (default: random, printed; a cassette's own when replaying)", parseIntFlag('--seed', 'seed'))
    .option('--concurrency <n>', 'requests in flight at once, per side', parseIntFlag('--concurrency', 'concurrency'), DEFAULTS.concurrency)
    .option('--timeout <ms>', 'connect, headers and body timeout per request', parseIntFlag('--timeout', 'timeout'), DEFAULTS.timeout)
    .option('--policy-sid <RN…>', 'an existing policy to create with (repeatable; a cassette brings its own)', collect)
    .option('--public-base-url <url>', "the base the target builds resource URLs from (for the target's own checks)")
    .option('--max-response-bytes <n>', 'cut responses larger than this', parseIntFlag('--max-response-bytes', 'maxResponseBytes'), DEFAULTS.maxResponseBytes)
    .option('--max-creates <n>', 'create at most n profiles on each side', parseIntFlag('--max-creates', 'maxCreates'))
    .option('--keep-created', 'do not delete the profiles created on the target and a URL reference (deleted at the end by default, also when interrupted)')
    .option('--rps <n>', 'at most n requests per second, per side (decimals allowed)', parseRate)
    .option('--wait-for-target <seconds>', 'before sending, wait up to this long for the target (and a URL reference) to answer; exit 3 if it never does', parseIntFlag('--wait-for-target', 'waitForTarget'))
    .option('--expect-divergence <file>', 'divergences you expect (JSON, see docs/evidence.md): reported, but no exit 1')
    .option('--report-dir <dir>', 'where the report is written', 'diff-report')
    .option('--format <formats>', 'report formats, comma-separated (json, junit, md, html, badge)', 'json,md,html')
    .option('--max-rows <n>', 'divergence rows printed on the terminal', parseIntFlag('--max-rows', 'maxRows'), 40)
    .option('--no-progress', 'no progress line')
    .action(async (flags: DiffFlags, cmd: Command) => {
      process.exitCode = await executeDiff(flags, cmd);
    });
}

/** The whole `diff` command; returns the exit code. */
export async function executeDiff(flags: DiffFlags, cmd?: Command): Promise<number> {
  const [{ resolveOptions }, { sendInput, credentialOrigins }, diffMod, { certify }, reports, output, { startLive }, { shellWord }] = await Promise.all([
    import('../../engine/options/resolve.ts'),
    import('../inputs.ts'),
    import('../../evidence/diff.ts'),
    import('../../engine/run/certify.ts'),
    import('../../reports/index.ts'),
    import('../output.ts'),
    import('../live.ts'),
    import('../../reports/text.ts'),
  ]);
  // first of all, before anything can be sent: every value, the reference (a URL passes the
  // production guard, a diff has no --live; a cassette is read and its metadata checked)
  const options = await resolveOptions(sendInput(flags), { purpose: 'diff', origins: credentialOrigins(cmd) });
  const { inert } = output;
  let formats: ReturnType<typeof reports.parseFormats>;
  try {
    formats = reports.parseFormats(flags.format);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  const { checkReportDir } = await import('../preflight.ts');
  await checkReportDir(flags.reportDir);
  const reference = options.reference!;
  const meta = reference.kind === 'cassette' ? reference.cassette.meta : undefined;
  const referenceText =
    reference.kind === 'url' ? reference.url : `${flags.reference}${meta ? ` (recorded at ${meta.target} on ${meta.startedAt.slice(0, 10)} by ${meta.tool.name} ${meta.tool.version})` : ''}`;
  const rerun = (t: { url: string; embedded: boolean }) => {
    const words = ['npx trusthub-conformance diff', ...(t.embedded ? [] : ['--target', t.url]), '--reference', flags.reference];
    if (reference.kind === 'url') words.push('--seed', String(options.seed), '--runs', String(options.runs));
    if (options.expectations) words.push('--expect-divergence', options.expectations);
    return words.map((w, i) => (i === 0 ? w : shellWord(w))).join(' ');
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const live = startLive(options, log, flags.reportDir);
  const { report, run, unusedExpectations } = await certify(options, {
    rerun,
    signal: live.signal,
    onCreated: live.onCreated,
    onDeleted: live.onDeleted,
    onProgress: flags.progress ? output.progress() : undefined,
    announce: (what) => `diffing ${what} against ${inert(referenceText)} (seed ${options.seed}, ${options.runs} runs per category)`,
    log,
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
  // an interruption's exit code wins over what the partial comparison says; a report not written over both
  const verdict = unreachable ? EXIT.unreachable : s.compared === 0 ? EXIT.usage : s.unexpected > 0 ? EXIT.notConformant : EXIT.conformant;
  const code = live.finish(failed[0] ? EXIT.writeFailed : verdict);
  if (code === EXIT.usage) {
    throw new UsageError(`--reference ${flags.reference}: no case of the corpus could be compared (was it recorded by another version of the generators?)`);
  }
  return code;
}
