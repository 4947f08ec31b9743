import { type Command, Help, Option } from 'commander';
import type { Level } from '../../contracts/check.ts';
import { DEFAULTS } from '../../contracts/limits.ts';
import { EXIT } from '../errors.ts';
import { collect, parseIntFlag, parseLevel, parseRate, repeat, TARGET_ENV } from '../options.ts';
import type { RunFlags } from '../run-flags.ts';
import { shardFlag } from '../shard-flag.ts';

export type { RunFlags } from '../run-flags.ts';

/** The exit codes `run` ends with, from the one table in cli/errors.ts. */
export const EXIT_CODES: Array<[string, string]> = [
  [`${EXIT.conformant}`, 'conformant at the required level (--require-level)'],
  [`${EXIT.notConformant}`, 'not conformant, or stopped early by -x/--max-failures'],
  [
    `${EXIT.usage}`,
    'usage or bad input (a flag, the config file, a file it names), or the target refused the credentials (401 before the plan): one line, nothing sent',
  ],
  [`${EXIT.unreachable}`, 'target unreachable (also when --wait-for-target ran out)'],
  [`${EXIT.internal}`, 'internal error (a bug: please report it)'],
  [`${EXIT.osError}`, "the tool's own machine failed under a request (out of file descriptors, memory or local ports): the run stopped, the partial report is written"],
  [`${EXIT.writeFailed}`, 'the verdict was printed, but a report, the cassette or the job summary could not be written (one line each)'],
  [
    `${EXIT.sighup}/${EXIT.sigint}/${EXIT.sigterm}`,
    'interrupted by SIGHUP/SIGINT/SIGTERM (the run cleans up and writes the partial report, marked incomplete)',
  ],
];

/** Examples: what each does, then the command (kept short enough for an 80-column terminal). */
export const RUN_EXAMPLES: Array<[string, string]> = [
  ['certify the embedded reference mock (no target, no credentials needed)', 'trusthub-conformance run'],
  [
    'your implementation; credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (level 3 also needs TWILIO_API_KEY/TWILIO_API_SECRET and a second account, TRUSTHUB_SECOND_ACCOUNT_SID/TRUSTHUB_SECOND_AUTH_TOKEN)',
    'trusthub-conformance run --target http://127.0.0.1:8080 --require-level 2',
  ],
  ['replay a run by its printed seed, levels 1 and 2 only', 'trusthub-conformance run --seed 42 --only L1,L2'],
];

/** The text after `run --help`'s options: exit codes and examples, wrapped to `width` columns. */
export function runHelpAfter(width = 80): string {
  const help = new Help();
  const wrap = (text: string, indent: number) =>
    help
      .boxWrap(text, width - indent)
      .split('\n')
      .map((line) => `${' '.repeat(indent)}${line}`);
  const termWidth = Math.max(...EXIT_CODES.map(([code]) => code.length));
  const lines = ['', 'Exit codes:'];
  for (const [code, meaning] of EXIT_CODES) {
    const [first = '', ...rest] = wrap(meaning, termWidth + 4);
    lines.push(`  ${code.padEnd(termWidth)}  ${first.trimStart()}`, ...rest);
  }
  lines.push('', 'Examples:');
  for (const [what, command] of RUN_EXAMPLES) lines.push(...wrap(`# ${what}`, 2).map((l, i) => (i === 0 ? l : l.replace(/^ {2}/, '  # '))), `  ${command}`);
  return lines.join('\n');
}

/** The columns the help goes to, as commander measures them (80 when not a terminal). */
const columnsOf = (error: boolean) => {
  const stream = error ? process.stderr : process.stdout;
  return (stream.isTTY ? stream.columns : undefined) ?? 80;
};

/** `trusthub-conformance run`: certify a target (by default the embedded reference mock). */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('send valid and invalid create requests to a target and judge every answer')
    .addOption(new Option('--target <url>', 'base URL of the implementation (default: start the embedded reference mock)').env(TARGET_ENV))
    .option('--account-sid <AC…>', 'Account SID (default: TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Auth Token (default: TWILIO_AUTH_TOKEN)')
    .option('--api-key <SK…>', 'API Key SID, instead of the Auth Token or beside it: level 3 needs both pairs (default: TWILIO_API_KEY)')
    .option('--api-secret <secret>', 'API Key secret (default: TWILIO_API_SECRET)')
    .option('--second-account-sid <AC…>', "a second account (level 3 needs one), to check that the run's profile is no resource of it (default: TRUSTHUB_SECOND_ACCOUNT_SID)")
    .option('--second-auth-token <token>', "the second account's Auth Token (default: TRUSTHUB_SECOND_AUTH_TOKEN)")
    .option('--second-api-key <SK…>', "an API Key SID of the second account, instead of its Auth Token (default: TRUSTHUB_SECOND_API_KEY)")
    .option('--second-api-secret <secret>', "that key's secret (default: TRUSTHUB_SECOND_API_SECRET)")
    .option('--runs <n>', 'property runs per category', parseIntFlag('--runs', 'runs'), DEFAULTS.runs)
    .option('--seed <n>', 'seed of the generated plan (default: random, printed)', parseIntFlag('--seed', 'seed'))
    .option('--concurrency <n>', 'requests in flight at once', parseIntFlag('--concurrency', 'concurrency'), DEFAULTS.concurrency)
    .option('--timeout <ms>', 'connect, headers and body timeout per request', parseIntFlag('--timeout', 'timeout'), DEFAULTS.timeout)
    .option('--only <ids|levels>', 'run only these checks or levels (comma-separated, repeatable)', collect)
    .option('--skip <ids|levels>', 'skip these checks or levels (comma-separated, repeatable)', collect)
    .option('--require-level <1|2|3>', 'level needed for exit code 0', parseLevel('--require-level'), DEFAULTS.requireLevel as Level)
    .option('--report-dir <dir>', 'where the reports are written', 'conformance-report')
    .option('--format <list>', 'report formats: json,junit,md,html,badge,codequality (comma-separated)', 'json,junit,md,html,badge')
    .option('--policy-sid <RN…>', 'an existing policy to create with (repeatable; needed for live targets)', collect)
    .option('--public-base-url <url>', 'the base the target builds resource URLs from (checked exactly when given)')
    .option('--max-response-bytes <n>', 'cut responses larger than this', parseIntFlag('--max-response-bytes', 'maxResponseBytes'), DEFAULTS.maxResponseBytes)
    .option('--no-shrink', 'do not shrink failures to minimal cases')
    .option('--no-progress', 'no progress line')
    .option('--live', "allow Twilio's production API (trusthub.twilio.com): the run creates real Customer Profiles")
    .option('--max-creates <n>', 'create at most n profiles, shrinking included (default with --live: 10)', parseIntFlag('--max-creates', 'maxCreates'))
    .option('--keep-created', 'do not delete the profiles the run created (deleted at the end by default, also when interrupted)')
    .option('--dry-run', 'print the plan as curl commands (credentials as environment variables) and send nothing')
    .option('--rps <n>', 'at most n requests per second (decimals allowed)', parseRate)
    .option('--retries <n>', 'retries on 429, 503 and connection resets, with backoff and Retry-After', parseIntFlag('--retries', 'retries'), DEFAULTS.retries)
    .option('--retry-max-time <ms>', 'longest one request may wait for its retries', parseIntFlag('--retry-max-time', 'retryMaxTime'), DEFAULTS.retryMaxTime)
    .option('--wait-for-target <seconds>', 'before the run, wait up to this long for the target to answer (any HTTP answer); exit 3 if it never does', parseIntFlag('--wait-for-target', 'waitForTarget'))
    .option('--ca-file <path>', 'trust this PEM CA certificate (a private CA) besides the system ones')
    .option('--insecure', 'accept any TLS certificate (the report says so)')
    .option('--pact', "also verify the project's Pact contract (contracts/pacts) against the target")
    .option('--pact-file <path>', 'also verify this pact file against the target (repeatable)', repeat)
    .option('--pact-broker-url <url>', 'also verify the pacts a Pact Broker holds for the provider (token: PACT_BROKER_TOKEN)')
    .option(
      '--pact-consumer-version-selector <json>',
      'which consumer versions the broker gives, e.g. \'{"mainBranch":true}\' (repeatable; default mainBranch and deployedOrReleased)',
      repeat,
    )
    .option('--pact-provider <name>', 'the provider name the broker knows the target by (default trusthub-customer-profiles)')
    .option('--pact-publish', 'publish the verification results to the broker (needs --provider-version)')
    .option('--provider-version <version>', 'the version of the target the published results are for')
    .option('--provider-version-branch <branch>', 'the branch of the target the published results are for')
    .option('--shard <i/n>', 'run only shard i of n of the same seeded plan; combine the shards with merge', shardFlag)
    .option('--config <path>', 'config file (default: trusthub-conformance.config.{ts,mts,mjs,js,json} here)')
    .option('--record <file.har>', 'record every exchange as a HAR 1.2 cassette (credentials redacted), for diff --reference and observe')
    .option('--observations <file>', 'hold the target to observed behaviour (observed.behaviour, L3 SHOULD); see observe')
    .option('--deviations <file>', 'declared deviations: still run and reported, marked declared; excused until they expire')
    .option('-H, --header <"Name: value">', 'send this header with every request, e.g. a gateway key (repeatable; the value is redacted in every output)', repeat)
    .option('-x, --max-failures <n>', 'stop sending after n checks have failed (the report says the run stopped early; exit 1)', parseIntFlag('--max-failures', 'maxFailures'))
    .option('-v, --verbose', 'one line per exchange and per other answer (reads, lists, DELETEs) on stderr: index, category or route, method, status or error, latency, failing checks')
    .addHelpText('after', ({ error }) => runHelpAfter(columnsOf(error)))
    .action(async (flags: RunFlags, cmd: Command) => {
      const [{ executeRun }, { applyConfig }] = await Promise.all([import('../run-action.ts'), import('../config.ts')]);
      process.exitCode = await executeRun(await applyConfig(flags, cmd), cmd);
    });
}

export { EXIT };
