import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import type { CheckReport, Counterexample, Report } from '../../contracts/report.ts';
import type { ReplayItem, ReplayResult } from '../../engine/run/replay.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { SendFlags } from '../inputs.ts';
import { parseIntFlag, repeat, TARGET_ENV } from '../options.ts';

export interface ReplayFlags extends SendFlags {
  report: string;
  case?: number;
  failed?: boolean;
}

/** `trusthub-conformance replay`: send the counterexamples of an earlier report again. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('send a failed case of an earlier report again, to --target, and compare the new answer with the recorded one')
    .option('--report <file>', 'the report.json of the earlier run', 'conformance-report/report.json')
    .option('--case <n>', 'replay the case with this plan index (as the report and the terminal show it: case #n)', parseIntFlag('--case', 'case'))
    .option('--failed', 'replay the example of every class of failure of every check')
    .addOption(new Option('--target <url>', 'the base URL to send to (required: a report names what to send, never where)').env(TARGET_ENV))
    .option('--account-sid <AC…>', 'Account SID (default: TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Auth Token (default: TWILIO_AUTH_TOKEN)')
    .option('--api-key <SK…>', 'API Key SID, instead of the Auth Token (default: TWILIO_API_KEY)')
    .option('--api-secret <secret>', 'API Key secret (default: TWILIO_API_SECRET)')
    .option('--second-account-sid <AC…>', "a second account, to check that the run's profile is no resource of it (default: TRUSTHUB_SECOND_ACCOUNT_SID)")
    .option('--second-auth-token <token>', "the second account's Auth Token (default: TRUSTHUB_SECOND_AUTH_TOKEN)")
    .option('--second-api-key <SK…>', "an API Key SID of the second account, instead of its Auth Token (default: TRUSTHUB_SECOND_API_KEY)")
    .option('--second-api-secret <secret>', "that key's secret (default: TRUSTHUB_SECOND_API_SECRET)")
    .option('-H, --header <"Name: value">', 'a header the run sent (redacted in the report; default: TRUSTHUB_HEADER_<NAME>)', repeat)
    .option('--live', "allow Twilio's production API (trusthub.twilio.com): a replayed create creates a real Customer Profile")
    .option('--max-creates <n>', 'create at most n profiles (default with --live: 10)', parseIntFlag('--max-creates', 'maxCreates'))
    .option('--keep-created', 'do not delete the profiles the replay created (deleted at the end by default, also when interrupted)')
    .option('--wait-for-target <seconds>', 'wait up to this long for the target to answer before sending; exit 3 if it never does', parseIntFlag('--wait-for-target', 'waitForTarget'))
    .option('--timeout <ms>', 'connect, headers and body timeout', parseIntFlag('--timeout', 'timeout'))
    .option('--ca-file <path>', 'trust this PEM CA certificate (a private CA) besides the system ones')
    .option('--insecure', 'accept any TLS certificate')
    .action(async (flags: ReplayFlags, cmd: Command) => {
      process.exitCode = await executeReplay(flags, undefined, cmd);
    });
}

/** The whole `replay` command; returns the exit code. */
export async function executeReplay(flags: ReplayFlags, write: (s: string) => void = (s) => process.stdout.write(s), cmd?: Command): Promise<number> {
  if ((flags.case === undefined) === (flags.failed !== true)) throw new UsageError('replay needs one of --case N or --failed');
  const [{ resolveOptions }, { sendInput, credentialOrigins }, { replay, routeOf }, { startLive, liveLine }, { dim, green, inert, red }, { readInputText }, { headersFromEnv }] = await Promise.all([
    import('../../engine/options/resolve.ts'),
    import('../inputs.ts'),
    import('../../engine/run/replay.ts'),
    import('../live.ts'),
    import('../output.ts'),
    import('../../engine/options/files.ts'),
    import('../../engine/options/headers.ts'),
  ]);
  const report = await readReport(flags.report, readInputText);
  // the headers the report shows redacted come from -H or their TRUSTHUB_HEADER_ variables
  const failures = report.checks.flatMap((c) => (c ? examplesOf(c) : []));
  const redacted = failures.flatMap((f) => Object.entries(f.request?.headers ?? {}).filter(([, v]) => v === '[redacted]').map(([n]) => n));
  const header = [...headersFromEnv(redacted, flags.header ?? []), ...(flags.header ?? [])];
  // before anything is sent: --target (never the report's), the production guard, every value
  const options = await resolveOptions(sendInput({ ...flags, ...(header.length ? { header } : {}) }), { purpose: 'replay', origins: credentialOrigins(cmd) });
  const items = select(report, flags);
  // a report names what to send: only the operation's routes, checked before anything is said or sent
  for (const item of items) routeOf(item.counterexample);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const live = startLive(options, log, dirname(flags.report));
  write(`replaying ${items.length} case${items.length === 1 ? '' : 's'} of ${inert(flags.report)} against ${options.target!.url}\n`);
  const { results, live: account } = await replay(items, options, { signal: live.signal, onCreated: live.onCreated, onDeleted: live.onDeleted, log });
  for (const r of results) write(describe(r, { dim, green, inert, red }));
  const line = liveLine(account);
  if (line && (account.creates || account.uncertain || account.storedByRefusals)) log(line);
  const same = results.filter((r) => r.reproduced).length;
  // not judged is never reproduced: counted apart from the answers that differ
  const unjudged = results.filter((r) => !r.reproduced && r.judged.status === 'not-judged').length;
  const summary = `${results.length} replayed: ${same} reproduced, ${results.length - same - unjudged} different${unjudged ? `, ${unjudged} not judged` : ''}`;
  write(`${same === results.length ? green(summary) : red(summary)}\n`);
  return live.finish(same === results.length && results.length === items.length ? EXIT.conformant : EXIT.notConformant);
}

async function readReport(path: string, read: (name: string, path: string, kind: 'report') => Promise<string>): Promise<Report> {
  const text = await read('--report', path, 'report');
  let report: Report;
  try {
    report = JSON.parse(text) as Report;
  } catch (err) {
    throw new UsageError(`--report: ${path} is not JSON (${(err as Error).message})`);
  }
  if (!report || typeof report !== 'object' || !Array.isArray(report.checks)) {
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
    // -1 is no case of the plan (a sequence, an answer of the run's own): not to be asked for by --case
    const held = [...new Set(all.map((i) => i.counterexample.index))].filter((n) => n >= 0).sort((a, b) => a - b);
    throw new UsageError(
      `${flags.report} holds no counterexample for case #${flags.case}${held.length ? `; it holds cases ${held.map((n) => `#${n}`).join(', ')}` : ''}`,
    );
  }
  return chosen;
}

type Paint = Record<'dim' | 'green' | 'inert' | 'red', (s: string) => string>;

function describe(r: ReplayResult, { dim, green, inert, red }: Paint): string {
  const c = r.counterexample;
  const j = r.judged;
  const verdict = j.status === 'not-judged' ? `not judged (${j.reason})` : j.status === 'fail' ? 'the check fails again' : 'the check now PASSES';
  const head = `#${c.index} ${r.checkId}${c.shrunk ? ' (shrunk)' : ''}: recorded ${r.recordedAnswer}, now ${r.answer}; ${verdict}: `;
  const outcome = r.reproduced ? green('reproduced') : j.status === 'not-judged' ? red('NOT REPRODUCED') : red('DIFFERENT');
  const lines = [`${head}${outcome}`];
  lines.push(dim(`    ${inert(c.caseLabel)}`));
  // a sequence: every request sent again, in order, the last the one that broke the check
  for (const [i, step] of (r.sequence ?? []).entries()) lines.push(dim(`    ${i + 1}. ${inert(step)}`));
  if (r.judged.status === 'fail' && r.judged.message) lines.push(dim(`    now: ${inert(r.judged.message)}`));
  lines.push(dim(`    body: ${inert(r.bodyDiff)}`));
  return `${lines.join('\n')}\n`;
}

/** A check's examples, one per class of failure (a report older than classes: its first failure). */
function examplesOf(c: CheckReport): Counterexample[] {
  if (!Array.isArray(c.classes) || c.classes.length === 0) return c.firstFailure ? [c.firstFailure] : [];
  return c.classes.flatMap((k) => (k?.example ? [k.example] : []));
}
