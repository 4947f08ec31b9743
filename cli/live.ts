/**
 * The `run` command's part for real targets, kept apart so the shared CLI files only call it:
 * the guard for Twilio's production API (checked before anything is sent), the flags' run
 * options, --dry-run, SIGINT/SIGTERM handling, and what the report says about budget, cleanup,
 * proxy, CA and --insecure.
 */
import type { EngineOptions } from '../engine/run/certify.ts';
import { readFileSync } from 'node:fs';
import { knownSecretsMatcher } from '../contracts/secrets.ts';
import { errorWords, LEFT_BEHIND_FILE, WriteError, writeOutput } from '../reports/files.ts';
import { join } from 'node:path';
import { EXIT, UsageError } from './errors.ts';
import { parseUrl } from './options.ts';
import { parseHeaders } from './headers.ts';
import type { TestCase } from '../contracts/exchange.ts';
import { type Credentials, resolveCredentials } from '../engine/transport/credentials.ts';
import { curlFor } from '../engine/transport/curl.ts';
import { plan } from '../engine/plan/plan.ts';
import { createRequest, sentRequest } from '../engine/run/run.ts';

/** The create budget of a --live run when --max-creates is not given. */
export { liveLine, proxyOf } from '../engine/run/live.ts';

export const DEFAULT_LIVE_MAX_CREATES = 10;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_MAX_MS = 30_000;

/** The `run` flags this part reads. */
export interface LiveFlags {
  target?: string;
  live?: boolean;
  maxCreates?: number;
  keepCreated?: boolean;
  dryRun?: boolean;
  rps?: number;
  retries?: number;
  retryMaxTime?: number;
  caFile?: string;
  insecure?: boolean;
  pact?: boolean;
  pactFile?: string[];
  pactBrokerUrl?: string;
  // read by --dry-run
  seed?: number;
  shard?: { index: number; count: number };
  runs: number;
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  /** -H "Name: value" (cli/headers.ts): --dry-run prints them from their variables */
  header?: string[];
}

/** Twilio's production API: trusthub.twilio.com, its regional edges, any host under twilio.com. */
export function isTwilioProduction(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return false;
  }
  return host === 'twilio.com' || host.endsWith('.twilio.com');
}

/** How a command without --live words its refusal. */
export interface ProductionRefusal {
  /** what sends the requests, e.g. "a diff" (default "a run") */
  what: string;
  /** what to do instead of adding --live */
  instead: string;
}

/**
 * The one production guard of every command that sends requests (run, diff, replay): a URL on
 * Twilio's production API is refused unless `live` (the user's --live), in one line, exit 2,
 * before any connection is opened: it looks at the URLs, never at the network. A command that
 * has no --live passes false and says what to do instead.
 */
export function guardProduction(urls: readonly (string | undefined)[], live: boolean, refusal?: ProductionRefusal): void {
  if (live) return;
  for (const url of urls) {
    if (!url || !isTwilioProduction(url)) continue;
    const host = new URL(url).hostname;
    const instead = refusal?.instead ?? `add --live to run against it (it then creates at most ${DEFAULT_LIVE_MAX_CREATES} unless --max-creates says otherwise)`;
    throw new UsageError(`${host} is Twilio's production API and ${refusal?.what ?? 'a run'} creates real Customer Profiles on the account: ${instead}`);
  }
}

/** A target on this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The create budget in force: --max-creates, else the live default for --live, else none. */
export function maxCreatesOf(flags: LiveFlags): number | undefined {
  return flags.maxCreates ?? (flags.live ? DEFAULT_LIVE_MAX_CREATES : undefined);
}

/**
 * Check the live flags before anything is sent: a production target needs --live (exit 2 with one
 * line otherwise), a CA file must be readable PEM, the Pact verifier cannot run under a budget.
 */
export function checkLiveFlags(flags: LiveFlags): void {
  // a dry run sends nothing
  if (!flags.dryRun) guardProduction([flags.target], flags.live === true);
  if (flags.live && !flags.target) throw new UsageError('--live needs --target: the embedded mock is not a live target');
  if (flags.caFile !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(flags.caFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--ca-file: cannot read ${flags.caFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file: ${flags.caFile} holds no PEM certificate`);
  }
  const pact = flags.pact || flags.pactFile?.length || flags.pactBrokerUrl;
  if (pact && maxCreatesOf(flags) !== undefined && !flags.dryRun) {
    throw new UsageError('Pact verification cannot run under a create budget (--max-creates or --live): its creates are neither counted nor cleaned up');
  }
}

/** The engine's transport options the live flags decide (TLS, rate, retries). */
export function transportOf(flags: LiveFlags): NonNullable<EngineOptions['transport']> {
  return {
    retries: flags.retries ?? DEFAULT_RETRIES,
    retryMaxMs: flags.retryMaxTime ?? DEFAULT_RETRY_MAX_MS,
    rps: flags.rps,
    caFile: flags.caFile,
    insecure: flags.insecure === true,
  };
}

/** What the run command holds while a run is under way. */
export interface LiveRun {
  transport: NonNullable<EngineOptions['transport']>;
  signal: AbortSignal;
  /** the exit code: 130/143 when interrupted, else the one given; stops listening for signals */
  finish(code: number): number;
}

/** What a run on a target may create and what becomes of it (the run and its dry run say it). */
export function budgetNotice(flags: LiveFlags): string {
  const max = maxCreatesOf(flags);
  // a target on this machine is a test double: no budget is nothing to warn about there
  const budget = max !== undefined ? `at most ${max} creates; ` : isLoopback(flags.target) ? '' : 'no create budget (--max-creates); ';
  const fate = flags.keepCreated ? 'kept (--keep-created)' : 'deleted at the end, also when interrupted';
  return `${budget}created profiles are ${fate}${flags.insecure ? '; TLS certificates NOT verified (--insecure)' : ''}`;
}

/** Start the live part of a run: say what the run may create, listen for SIGINT/SIGTERM. */
export function startLive(flags: LiveFlags, embedded: boolean, log: (line: string) => void, leftBehind?: LeftBehind): LiveRun {
  if (!embedded) log(budgetNotice(flags));
  const interruptions = listenForInterruptions(log, embedded ? undefined : leftBehind);
  return {
    transport: transportOf(flags),
    signal: interruptions.signal,
    finish(code) {
      interruptions.dispose();
      return interruptions.exitCode() ?? code;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// --dry-run

export interface DryRunOptions {
  /** the target, or undefined for the embedded mock (a placeholder URL is printed) */
  targetUrl?: string;
  seed: number;
  runs: number;
  policySids?: string[];
  apiKey: boolean;
  maxCreates?: number;
  keepCreated?: boolean;
  shard?: { index: number; count: number };
  /** names of the extra headers (-H): printed from their TRUSTHUB_HEADER_<NAME> variables */
  headers?: readonly string[];
}

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

/**
 * The plan as shell lines: a comment per case, then the curl command that sends it, credentials
 * as environment variables. Nothing is sent. Returns how many requests and creates it planned.
 */
export function printDryRun(o: DryRunOptions, write: (line: string) => void): { requests: number; creates: number } {
  const base = o.targetUrl ?? 'http://127.0.0.1:4010';
  const creds: Credentials = { accountSid: 'AC', username: 'user', password: 'pass', kind: o.apiKey ? 'api-key' : 'auth-token' };
  const vars = o.apiKey ? '$TWILIO_ACCOUNT_SID, $TWILIO_API_KEY and $TWILIO_API_SECRET' : '$TWILIO_ACCOUNT_SID and $TWILIO_AUTH_TOKEN';
  const shard = o.shard && o.shard.count > 1 ? `, shard ${o.shard.index}/${o.shard.count}` : '';
  write(`# trusthub-conformance dry run: seed ${o.seed}, ${o.runs} runs per category${shard}; nothing is sent`);
  write(`# target ${oneLine(base)}${o.targetUrl ? '' : ' (the embedded mock listens on a free port; `trusthub-conformance mock` serves on 4010)'}`);
  write(`# credentials come from ${vars}`);
  write('# besides these POSTs: fixed refusals are bracketed by GET /v1/CustomerProfiles?PageSize=1000; the first 2 fixed');
  write('# creates are read back, deleted and read again; failures are shrunk with more POSTs of the same kind;');
  write(
    o.targetUrl && !o.keepCreated
      ? '# at the end every profile the run created is deleted (DELETE /v1/CustomerProfiles/{Sid}).'
      : '# created profiles are not deleted at the end.',
  );
  const hidden = o.headers ?? [];
  const extra = hidden.length ? Object.fromEntries(hidden.map((n) => [n, 'value'])) : undefined;
  let requests = 0;
  let creates = 0;
  const genOpts = o.policySids?.length ? { policySids: o.policySids } : {};
  for (const entry of plan({ seed: o.seed, runs: o.runs, generators: genOpts, shard: o.shard })) {
    const tc: TestCase = entry.case;
    requests++;
    if (tc.expect !== 'reject') creates++;
    const expect = tc.expect === 'create' ? 'expects a create' : tc.expect === 'either' ? 'may create' : 'expects a refusal';
    write(`# #${entry.index} ${tc.category}, ${expect}: ${oneLine(tc.label)}`);
    write(curlFor(sentRequest(createRequest(base, creds, tc, extra)), tc.auth, o.apiKey, hidden));
  }
  if (o.maxCreates !== undefined) {
    const forCreates = o.maxCreates >= 2 ? o.maxCreates - 1 : o.maxCreates;
    write(
      `# --max-creates ${o.maxCreates}: of the ${creates} cases that may create, at most ${Math.min(forCreates, creates)} are sent; a slot is kept for refusals`,
    );
  }
  return { requests, creates };
}

/** `run --dry-run`: print the plan, send nothing, exit 0. */
export function dryRun(flags: LiveFlags, policySids: string[] | undefined): number {
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new UsageError(resolved.error);
  const target = flags.target ? parseUrl('--target', flags.target) : undefined;
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (lines.length >= 512) process.stdout.write(`${lines.splice(0).join('\n')}\n`);
  };
  const planned = printDryRun(
    {
      targetUrl: target,
      seed,
      runs: flags.runs,
      policySids,
      apiKey: resolved?.kind === 'api-key',
      maxCreates: maxCreatesOf(flags),
      keepCreated: flags.keepCreated,
      shard: flags.shard,
      headers: Object.keys(parseHeaders(flags.header) ?? {}),
    },
    out,
  );
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  // what the run itself would say before its first request
  if (target) process.stderr.write(`${budgetNotice(flags)}\n`);
  process.stderr.write(`dry run: ${planned.requests} create requests planned (${planned.creates} may create), seed ${seed}; nothing was sent\n`);
  return EXIT.conformant;
}

// ---------------------------------------------------------------------------------------------
// SIGINT / SIGTERM

export interface Interruptions {
  /** aborts on the first SIGINT or SIGTERM */
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, undefined when none came */
  exitCode(): number | undefined;
  /** stop listening */
  dispose(): void;
}

/** What a run on a real target has created and not deleted yet, for a second signal to leave word of. */
export interface LeftBehind {
  /** the target, named in the line */
  target: string;
  /** the report folder: left-behind.txt goes there */
  dir: string;
  /** the sids created and not deleted so far */
  sids(): readonly string[];
}

/** The name of the file a second signal lists the profiles it leaves behind in. */
export { LEFT_BEHIND_FILE };

/**
 * Write the sids left behind (one a line) into the report folder; returns the end of the stderr
 * line that names them. Synchronous: the process exits right after.
 */
function leaveWord(left: LeftBehind): string {
  // a sid is the target's text: one word, no control characters, no secret of the run, whatever it sent
  const secrets = knownSecretsMatcher();
  const sids = left.sids().map((sid) => secrets.redact(sid).replace(/[^\x21-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const file = join(left.dir, LEFT_BEHIND_FILE);
  let where: string;
  try {
    writeOutput({ path: file, what: LEFT_BEHIND_FILE, mode: 'replace' }, sids.map((sid) => `${sid}\n`).join(''));
    where = `listed in ${file}`;
  } catch (err) {
    where = `could not write ${file} (${err instanceof WriteError ? errorWords(err.cause) : (err as Error).message})`;
  }
  const inFlight = 'a create still in flight may have made one more';
  if (sids.length === 0) return `; no profile the run created is left on ${left.target} (${where}; ${inFlight})`;
  return `; ${sids.length} profile${sids.length === 1 ? '' : 's'} left on ${left.target}, delete them with DELETE /v1/CustomerProfiles/{Sid}: ${sids.join(' ')} (${where}; ${inFlight})`;
}

/**
 * The first SIGINT/SIGTERM stops sending: requests in flight finish or time out, the run cleans
 * up and the partial report is written. A second one exits at once, naming (on stderr and in
 * left-behind.txt) the profiles the run created and had not deleted yet.
 */
export function listenForInterruptions(log: (line: string) => void, leftBehind?: LeftBehind): Interruptions {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const code = (s: NodeJS.Signals) => (s === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
  const handler = (s: NodeJS.Signals) => {
    if (received) {
      log(`${s} again: exiting now; the cleanup and the report are abandoned${leftBehind ? leaveWord(leftBehind) : ''}`);
      process.exit(code(s));
    }
    received = s;
    log(`${s}: sending stops; waiting for the requests in flight, then cleaning up and writing the partial report (${s} again exits at once)`);
    controller.abort(s);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    exitCode: () => (received ? code(received) : undefined),
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
