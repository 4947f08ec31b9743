import type { Command } from 'commander';
// the light modules only: the server (fastify, ajv) loads when the command runs, so --help stays fast
import type { MockServer } from '../../mock/index.ts';
import type { MockOptions } from '../../mock/options.ts';
import { EXIT, UsageError } from '../errors.ts';

interface MockFlags {
  host: string;
  port: string;
  fault?: string;
  publicBaseUrl?: string;
  accountSid?: string;
  authToken?: string;
  policySid: string[];
  maxProfiles?: string;
  bodyLimit?: string;
  listFaults?: boolean;
}

/** Option names of startMock, as the flags that set them. */
const FLAG_OF: Array<[RegExp, string]> = [
  [/^accounts\[0\]\.accountSid/, '--account-sid'],
  [/^accounts\[0\]\.authToken/, '--auth-token'],
  [/^knownPolicies\[\d+\]/, '--policy-sid'],
  [/^publicBaseUrl/, '--public-base-url'],
  [/^maxProfiles/, '--max-profiles'],
  [/^bodyLimit/, '--body-limit'],
  [/^host/, '--host'],
  [/^port/, '--port'],
];

function integerFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(text)) throw new UsageError(`${flag} must be a whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

async function faultTable(): Promise<string> {
  const { FAULTS } = await import('../../mock/faults.ts');
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  return FAULTS.map((f) => `L${f.level}  ${f.name.padEnd(width)}  ${f.checkId.padEnd(26)}  ${f.description}`).join('\n');
}

function toOptions(flags: MockFlags): MockOptions {
  if ((flags.accountSid === undefined) !== (flags.authToken === undefined)) {
    throw new UsageError('--account-sid and --auth-token go together: give both or neither');
  }
  return {
    host: flags.host,
    port: integerFlag('--port', flags.port),
    fault: flags.fault,
    publicBaseUrl: flags.publicBaseUrl,
    accounts: flags.accountSid !== undefined ? [{ accountSid: flags.accountSid, authToken: flags.authToken! }] : undefined,
    knownPolicies: flags.policySid.length > 0 ? flags.policySid : undefined,
    maxProfiles: integerFlag('--max-profiles', flags.maxProfiles),
    bodyLimit: integerFlag('--body-limit', flags.bodyLimit),
  };
}

async function start(options: MockOptions): Promise<MockServer> {
  try {
    const { startMock } = await import('../../mock/index.ts');
    return await startMock(options);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'CT_ERR_MOCK_OPTION' && err instanceof Error) {
      const flag = FLAG_OF.find(([pattern]) => pattern.test(err.message));
      throw new UsageError(flag ? err.message.replace(/^\S+/, flag[1]) : err.message);
    }
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${options.host}:${options.port}`;
    if (code === 'EADDRINUSE') throw new UsageError(`cannot listen on ${where}: the port is already in use`);
    if (code === 'EACCES') throw new UsageError(`cannot listen on ${where}: permission denied`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new UsageError(`cannot listen on ${where}: no such local address`);
    }
    throw err;
  }
}

/** What a wildcard address listens on: every address of the machine, so other hosts reach it too. */
const WILDCARDS: Readonly<Record<string, string>> = {
  '0.0.0.0': 'every IPv4 address of this machine: other hosts can reach it',
  '::': 'every address of this machine, IPv6 and IPv4: other hosts can reach it',
};

/** The first lines: the address listened on (a wildcard said as one), and the URL to use from this machine. */
function listening(mock: Pick<MockServer, 'host' | 'port' | 'url'>): string[] {
  const wildcard = WILDCARDS[mock.host];
  if (!wildcard) return [`mock listening on ${mock.url}`];
  const address = mock.host.includes(':') ? `[${mock.host}]:${mock.port}` : `${mock.host}:${mock.port}`;
  return [`mock listening on ${address} (${wildcard})`, `  on this machine: ${mock.url}`];
}

export async function banner(mock: Pick<MockServer, 'host' | 'port' | 'url' | 'publicBaseUrl' | 'accounts' | 'apiKeys' | 'fault'>): Promise<string> {
  const { DEFAULT_API_KEY_SID } = await import('../../mock/options.ts');
  const account = mock.accounts[0]!;
  const lines = [
    ...listening(mock),
    ...(mock.publicBaseUrl !== mock.url ? [`  public base url: ${mock.publicBaseUrl}`] : []),
    `  account sid:     ${account.accountSid}`,
    `  auth token:      ${account.authToken}`,
    ...mock.apiKeys
      .filter((k) => k.sid === DEFAULT_API_KEY_SID)
      .map((k) => `  api key:         ${k.sid} (secret ${k.secret})`),
    // level 3 needs a second account: the mock's second, by default
    ...mock.accounts.slice(1, 2).map((a) => `  second account:  ${a.accountSid} (auth token ${a.authToken})`),
    ...(mock.fault ? [`  fault:           ${mock.fault}`] : []),
    'stop with Ctrl+C (SIGINT) or SIGTERM',
  ];
  return `${lines.join('\n')}\n`;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `trusthub-conformance mock`: run the reference mock until SIGINT or SIGTERM. */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('start the reference mock server (the embedded default target)')
    // the mock's DEFAULT_HOST (mock/options.ts), written out: --help loads nothing of the mock
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '4010')
    .option('--fault <name>', 'break one rule on purpose (see --list-faults)')
    .option('--public-base-url <url>', 'base of every resource url (default: the server address)')
    .option('--account-sid <sid>', 'the account to serve (AC + 32 hex), with --auth-token')
    .option('--auth-token <token>', "the account's auth token")
    .option('--policy-sid <sid>', 'a known policy (repeatable); when given, any other PolicySid is refused', collect, [])
    .option('--max-profiles <n>', 'profiles kept before the oldest is evicted (default 10000)')
    .option('--body-limit <bytes>', 'largest request body; larger ones get 413 (default 1048576)')
    .option('--list-faults', 'print the named faults and exit')
    .action(async (flags: MockFlags) => {
      if (flags.listFaults) {
        process.stdout.write(`${await faultTable()}\n`);
        return;
      }
      const mock = await start(toOptions(flags));
      // listen before saying we are up: a signal sent on reading the banner must not kill us
      const stopped = untilSignal();
      process.stdout.write(await banner(mock));
      const signal = await stopped;
      await mock.close();
      process.exitCode = signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
