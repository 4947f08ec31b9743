import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CheckReport, Counterexample, Report } from '../../contracts/report.ts';
import { type CredentialFlags, resolveCredentials } from '../../engine/transport/credentials.ts';
import { headerEnvVar } from '../../engine/transport/curl.ts';
import type { ReplayItem, ReplayResult } from '../../engine/run/replay.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parseHeaders } from '../headers.ts';
import { checkLiveFlags, isTwilioProduction } from '../live.ts';
import { parseIntFlag, parseUrl } from '../options.ts';
import { dim, green, inert, red } from '../output.ts';

export interface ReplayFlags extends CredentialFlags {
  report: string;
  case?: number;
  failed?: boolean;
  target?: string;
  header?: string[];
  live?: boolean;
  timeout: number;
  caFile?: string;
  insecure?: boolean;
}

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `trusthub-conformance replay`: send the counterexamples of an earlier report again. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description("send a failed case of an earlier report again and compare the new answer with the recorded one")
    .option('--report <file>', 'the report.json of the earlier run', 'conformance-report/report.json')
    .option('--case <n>', 'replay the case with this plan index (as the report and the terminal show it: case #n)', parseIntFlag('--case', 0))
    .option('--failed', 'replay the example of every class of failure of every check')
    .option('--target <url>', "send to this base URL instead of the report's target")
    .option('--account-sid <AC…>', 'Account SID (default: TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Auth Token (default: TWILIO_AUTH_TOKEN)')
    .option('--api-key <SK…>', 'API Key SID, instead of the Auth Token (default: TWILIO_API_KEY)')
    .option('--api-secret <secret>', 'API Key secret (default: TWILIO_API_SECRET)')
    .option('-H, --header <"Name: value">', 'a header the run sent (redacted in the report; default: TRUSTHUB_HEADER_<NAME>)', repeat)
    .option('--live', "allow Twilio's production API (trusthub.twilio.com): a replayed create creates a real Customer Profile")
    .option('--timeout <ms>', 'connect, headers and body timeout', parseIntFlag('--timeout', 1, 600_000), 10_000)
    .option('--ca-file <path>', 'trust this PEM CA certificate (a private CA) besides the system ones')
    .option('--insecure', 'accept any TLS certificate')
    .action(async (flags: ReplayFlags) => {
      process.exitCode = await executeReplay(flags);
    });
}

/** The whole `replay` command; returns the exit code. */
export async function executeReplay(flags: ReplayFlags, write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  if ((flags.case === undefined) === (flags.failed !== true)) throw new UsageError('replay needs one of --case N or --failed');
  const report = await readReport(flags.report);
  if (!flags.target && report.target.embedded) {
    throw new UsageError(`${flags.report} is a run of the embedded mock, which is gone: give --target (e.g. a mock started with trusthub-conformance mock)`);
  }
  const target = flags.target ? parseUrl('--target', flags.target) : report.target.url;
  // before anything is sent: Twilio's production API needs --live
  if (isTwilioProduction(target) && !flags.live) {
    throw new UsageError(`${new URL(target).hostname} is Twilio's production API and a replayed create creates a real Customer Profile: add --live to replay against it`);
  }
  checkLiveFlags({ target, live: flags.live, runs: 0, caFile: flags.caFile });
  const items = select(report, flags);
  const credentials = resolveCredentials(flags);
  if (credentials && 'error' in credentials) throw new UsageError(credentials.error);
  if (!credentials) throw new UsageError('credentials are needed: --account-sid with --auth-token (or --api-key/--api-secret), or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN');
  const headers = { ...headersFromEnv(items), ...parseHeaders(flags.header) };
  const { replay } = await import('../../engine/run/replay.ts');
  write(`replaying ${items.length} case${items.length === 1 ? '' : 's'} of ${flags.report} against ${target}\n`);
  const results = await replay(items, { base: target, credentials, headers, timeoutMs: flags.timeout, caFile: flags.caFile, insecure: flags.insecure === true });
  for (const r of results) write(describe(r));
  const same = results.filter((r) => r.reproduced).length;
  const line = `${results.length} replayed: ${same} reproduced, ${results.length - same} different`;
  write(`${same === results.length ? green(line) : red(line)}\n`);
  return same === results.length ? EXIT.conformant : EXIT.notConformant;
}

async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--report: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let report: Report;
  try {
    report = JSON.parse(text) as Report;
  } catch (err) {
    throw new UsageError(`--report: ${path} is not JSON (${(err as Error).message})`);
  }
  if (!report || typeof report !== 'object' || !Array.isArray(report.checks) || typeof report.target?.url !== 'string') {
    throw new UsageError(`--report: ${path} is not a trusthub-conformance report.json`);
  }
  return report;
}

/** The counterexamples to send: each class's example of every failed check (or its first failure, in an older report), or those of one plan index. */
function select(report: Report, flags: ReplayFlags): ReplayItem[] {
  const all: ReplayItem[] = report.checks.flatMap((c) => examplesOf(c).map((counterexample) => ({ checkId: c.id, counterexample })));
  if (flags.failed) {
    if (!all.length) throw new UsageError(`${flags.report} holds no failure to replay`);
    return all;
  }
  const chosen = all.filter((i) => i.counterexample.index === flags.case);
  if (!chosen.length) {
    const held = [...new Set(all.map((i) => i.counterexample.index))].sort((a, b) => a - b);
    throw new UsageError(
      `${flags.report} holds no counterexample for case #${flags.case}${held.length ? `; it holds cases ${held.map((n) => `#${n}`).join(', ')}` : ''}`,
    );
  }
  return chosen;
}

/** Values of the headers the report shows redacted, from their TRUSTHUB_HEADER_<NAME> variables. */
function headersFromEnv(items: readonly ReplayItem[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { counterexample } of items) {
    for (const [name, value] of Object.entries(counterexample.request.headers)) {
      const v = env[headerEnvVar(name)];
      if (value === '[redacted]' && v) out[name.toLowerCase()] = parseHeaders([`${name}: ${v}`], headerEnvVar(name))![name.toLowerCase()]!;
    }
  }
  return out;
}

function describe(r: ReplayResult): string {
  const c = r.counterexample;
  const j = r.judged;
  const verdict = j.status === 'not-judged' ? `not judged (${j.reason})` : j.status === 'fail' ? 'the check fails again' : 'the check now PASSES';
  const head = `#${c.index} ${r.checkId}${c.shrunk ? ' (shrunk)' : ''}: recorded ${r.recordedAnswer}, now ${r.answer}; ${verdict}: `;
  const lines = [`${head}${r.reproduced ? green('reproduced') : red('DIFFERENT')}`];
  lines.push(dim(`    ${inert(c.caseLabel)}`));
  if (r.judged.status === 'fail' && r.judged.message) lines.push(dim(`    now: ${inert(r.judged.message)}`));
  lines.push(dim(`    body: ${inert(r.bodyDiff)}`));
  return `${lines.join('\n')}\n`;
}

/** A check's examples, one per class of failure (a report older than classes: its first failure). */
function examplesOf(c: CheckReport): Counterexample[] {
  if (!Array.isArray(c.classes) || c.classes.length === 0) return c.firstFailure ? [c.firstFailure] : [];
  return c.classes.flatMap((k) => (k?.example ? [k.example] : []));
}
