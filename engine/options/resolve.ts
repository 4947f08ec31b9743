/**
 * resolveOptions: from what an entry was given to the one validated model (model.ts). Every check
 * that must hold before anything is sent is here, once, for every entry: unset and empty values,
 * ranges, the credentials, the production guard, the input files, the budget's rules. A problem
 * is an OptionError with one line naming the flag (the command line) or the key (the library).
 */
import type { Level } from '../../contracts/check.ts';
import { OptionError } from '../../contracts/errors.ts';
import { DEFAULTS } from '../../contracts/limits.ts';
import { CATALOG } from '../../contracts/catalog.ts';
import { selectChecks } from '../plan/select.ts';
import { type CredentialFlags, type CredentialNames, type Credentials, FIRST_ACCOUNT, resolveCredentials, SECOND_ACCOUNT } from '../transport/credentials.ts';
import { checkInputFile, readInputText } from './files.ts';
import { guardProduction } from './guard.ts';
import { parseHeaders } from './headers.ts';
import { OPTION_KEYS, type OptionInput, type Purpose, type ResolvedOptions } from './model.ts';
import { baseUrl, bounded, type Naming, nameOf, policySids, show } from './names.ts';
import { resolveReference } from './reference.ts';

export interface ResolveContext {
  /** how error lines name an option: flags (the command line, default) or keys (the library) */
  naming?: Naming;
  /** what the options are for (default run) */
  purpose?: Purpose;
  env?: NodeJS.ProcessEnv;
  /** where each credential the input holds came from, when not its flag or key (e.g. "accountSid in trusthub-conformance.config.json") */
  origins?: Partial<Record<keyof CredentialFlags | SecondKey, string>>;
}

/** Objects resolveOptions made: the engine's entries take nothing else. */
const RESOLVED = new WeakSet<object>();

/** True for options that came out of resolveOptions (unchanged: they are frozen). */
export function isResolved(options: unknown): options is ResolvedOptions {
  return typeof options === 'object' && options !== null && RESOLVED.has(options);
}

/** The engine's entries call this first: options that were not resolved are refused, whatever their shape. */
export function assertResolved(options: unknown, entry: string, purposes: readonly Purpose[]): asserts options is ResolvedOptions {
  if (!isResolved(options)) {
    throw new OptionError(`${entry} takes options from resolveOptions() (engine/options): unchecked options are never sent with`);
  }
  if (!purposes.includes(options.purpose)) throw new OptionError(`${entry} cannot take options resolved for ${options.purpose}`);
}

/** The option keys of the second account's credentials, by the first account's key they mirror. */
const SECOND_KEYS = { accountSid: 'secondAccountSid', authToken: 'secondAuthToken', apiKey: 'secondApiKey', apiSecret: 'secondApiSecret' } as const;
type SecondKey = (typeof SECOND_KEYS)[keyof typeof SECOND_KEYS];

export async function resolveOptions(input: OptionInput, context: ResolveContext = {}): Promise<ResolvedOptions> {
  const naming = context.naming ?? 'flags';
  const purpose = context.purpose ?? 'run';
  const env = context.env ?? process.env;
  const name = (key: string) => nameOf(key, naming);
  refuseUnset(input, naming);

  const sends = purpose !== 'plan';
  const targetUrl = input.target !== undefined ? baseUrl(name('target'), input.target) : undefined;
  if (purpose === 'replay' && targetUrl === undefined) {
    throw new OptionError(
      `replay sends to ${name('target')} (or $TRUSTHUB_TARGET): a report names what to send, never where the credentials go`,
    );
  }
  const live = flag(input, 'live', naming);
  if (live && targetUrl === undefined) throw new OptionError(`${name('live')} needs ${name('target')}: the embedded mock is not a live target`);
  if (live && purpose === 'diff') throw new OptionError('a diff has no --live: record production with run --live --record FILE.har and diff against the cassette');

  const given = credentialFlags(input);
  const credentials = credentialsOf(given, env, FIRST_ACCOUNT, naming);
  // the second account: resolved the same way from its own flags, keys and TRUSTHUB_SECOND_*; a diff sends none (its sides would differ)
  const secondGiven = credentialFlags(input, SECOND_KEYS);
  const second = purpose === 'diff' ? undefined : credentialsOf(secondGiven, env, SECOND_ACCOUNT, naming);
  if (second && credentials && second.accountSid === credentials.accountSid) {
    throw new OptionError(`${name('secondAccountSid')} names the first account (${second.accountSid}): the second account must be another account`);
  }
  if (sends && targetUrl !== undefined && !credentials) {
    throw new OptionError(
      naming === 'keys'
        ? 'credentials are needed for a target: pass credentials, or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN'
        : `credentials are needed for ${name('target')}: --account-sid with --auth-token (or --api-key/--api-secret), or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN`,
    );
  }
  if (input.mock !== undefined && targetUrl !== undefined) throw new OptionError(`${name('mock')} configures the embedded reference mock: leave it out with ${name('target')}`);
  const publicBaseUrl = input.publicBaseUrl !== undefined ? baseUrl(name('publicBaseUrl'), input.publicBaseUrl) : undefined;

  const reference = purpose === 'diff' ? await resolveReference(input, credentials, naming) : undefined;
  // before any connection: Twilio's production API needs --live (a diff has none), whatever the entry
  if (sends) {
    const urls = [targetUrl, reference?.kind === 'url' ? reference.url : undefined];
    if (purpose === 'diff') {
      guardProduction(urls, false, {
        what: 'a diff',
        instead: 'record production with run --live --record FILE.har and diff against that cassette (--reference FILE.har)',
      });
    } else if (purpose === 'replay') {
      guardProduction(urls, live, { what: 'a replayed create', instead: `add --live to replay against it (it then creates at most ${DEFAULTS.liveMaxCreates} unless --max-creates says otherwise)` });
    } else if (naming === 'keys') {
      guardProduction(urls, live, { what: 'a certification', instead: `pass live: true to run against it (it then creates at most ${DEFAULTS.liveMaxCreates} unless maxCreates says otherwise)` });
    } else guardProduction(urls, live);
  }

  const recorded = reference?.kind === 'cassette' ? reference.cassette.meta : undefined;
  const seedGiven = input.seed !== undefined ? bounded('seed', input.seed, naming) : undefined;
  const shard = input.shard !== undefined ? shardOf(input.shard, naming) : recorded?.shard;
  if (shard && input.shard && seedGiven === undefined) throw new OptionError(`${name('shard')} needs ${name('seed')}: every shard must draw the same plan`);
  const policies = policySids(name('policySids'), input.policySids);
  if (recorded) {
    clash(name('seed'), seedGiven, recorded.seed);
    clash(name('runs'), input.runs, recorded.runs);
    clash(name('policySids'), policies, recorded.policySids);
  }
  const seed = recorded?.seed ?? seedGiven ?? Math.floor(Math.random() * 2 ** 31);
  const runs = recorded?.runs ?? (input.runs !== undefined ? bounded('runs', input.runs, naming) : DEFAULTS.runs);

  const only = list(input.only, name('only'));
  const skip = list(input.skip, name('skip'));
  const checks = selectChecks(CATALOG, only, skip, { only: name('only'), skip: name('skip') });
  const requiredLevel = input.requireLevel !== undefined ? level(input.requireLevel, name('requireLevel')) : (DEFAULTS.requireLevel as Level);

  const maxCreates = input.maxCreates !== undefined ? bounded('maxCreates', input.maxCreates, naming) : live ? DEFAULTS.liveMaxCreates : undefined;
  const pact = flag(input, 'pact', naming);
  if (pact && maxCreates !== undefined && sends) {
    throw new OptionError(`Pact verification cannot run under a create budget (${name('maxCreates')} or ${name('live')}): its creates are neither counted nor cleaned up`);
  }
  const caFile = input.caFile !== undefined ? await caFileOf(name('caFile'), input.caFile) : undefined;
  const evidence = {
    ...(input.record !== undefined ? { record: path(input.record, name('record')) } : {}),
    ...(input.observations !== undefined ? { observations: await inputFile(name('observations'), input.observations) } : {}),
    ...(input.deviations !== undefined ? { deviations: await inputFile(name('deviations'), input.deviations) } : {}),
  };
  const headers = parseHeaders(input.headers, name('headers'));

  const options: ResolvedOptions = {
    purpose,
    naming,
    ...(targetUrl !== undefined ? { target: { url: targetUrl, ...(publicBaseUrl ? { publicBaseUrl } : {}) } } : {}),
    ...(credentials ? { credentials, credentialsFrom: credentialsFrom(given, credentials, naming, context.origins) } : {}),
    ...(second ? { secondCredentials: second, secondCredentialsFrom: credentialsFrom(secondGiven, second, naming, context.origins, SECOND_KEYS) } : {}),
    ...(input.mock ? { mock: input.mock } : {}),
    seed,
    runs,
    concurrency: input.concurrency !== undefined ? bounded('concurrency', input.concurrency, naming) : DEFAULTS.concurrency,
    timeoutMs: input.timeout !== undefined ? bounded('timeout', input.timeout, naming) : DEFAULTS.timeout,
    maxResponseBytes: input.maxResponseBytes !== undefined ? bounded('maxResponseBytes', input.maxResponseBytes, naming) : DEFAULTS.maxResponseBytes,
    checks,
    ...(only?.length ? { only } : {}),
    ...(skip?.length ? { skip } : {}),
    requiredLevel,
    ...(recorded ? (recorded.policySids?.length ? { policySids: [...recorded.policySids] } : {}) : policies ? { policySids: policies } : {}),
    shrink: input.shrink === undefined ? true : flag(input, 'shrink', naming),
    ...(shard ? { shard } : {}),
    ...(headers ? { headers } : {}),
    ...(input.maxFailures !== undefined ? { maxFailures: bounded('maxFailures', input.maxFailures, naming) } : {}),
    transport: {
      ...(caFile ? { caFile } : {}),
      insecure: flag(input, 'insecure', naming),
      ...(input.rps !== undefined ? { rps: bounded('rps', input.rps, naming) } : {}),
      retries: input.retries !== undefined ? bounded('retries', input.retries, naming) : DEFAULTS.retries,
      retryMaxMs: input.retryMaxTime !== undefined ? bounded('retryMaxTime', input.retryMaxTime, naming) : DEFAULTS.retryMaxTime,
    },
    live: { production: live, ...(maxCreates !== undefined ? { maxCreates } : {}), keepCreated: flag(input, 'keepCreated', naming) },
    ...(input.waitForTarget !== undefined ? { waitForTargetMs: bounded('waitForTarget', input.waitForTarget, naming) * 1000 } : {}),
    evidence,
    pact,
    ...(reference ? { reference } : {}),
    ...(input.expectDivergence !== undefined ? { expectations: await inputFile(name('expectDivergence'), input.expectDivergence) } : {}),
  };
  const frozen = freeze(options);
  RESOLVED.add(frozen);
  return frozen;
}

/**
 * A key the caller wrote with no value (`target: process.env.X` with X unset) is refused, not read
 * as "not given"; so are an empty string and a key the model does not know.
 */
function refuseUnset(input: OptionInput, naming: Naming): void {
  if (typeof input !== 'object' || input === null) throw new OptionError(`the options must be an object, got ${show(input)}`);
  for (const [key, value] of Object.entries(input)) {
    if (!OPTION_KEYS.has(key as keyof OptionInput)) throw new OptionError(`unknown option ${JSON.stringify(key)}`);
    if (value === undefined || value === null) {
      throw new OptionError(`${nameOf(key, naming)} is ${value === null ? 'null' : 'not set (undefined: an unset variable?)'}: give it a value or leave it out`);
    }
    if (typeof value === 'string' && value.trim() === '') throw new OptionError(`${nameOf(key, naming)} is empty (an unset variable?): give it a value or leave it out`);
  }
}

/** Credentials from the input's keys (the first account's, or the second's `keys`), else the environment; an error line names what is wrong. */
function credentialsOf(given: CredentialFlags, env: NodeJS.ProcessEnv, names: CredentialNames, naming: Naming): Credentials | undefined {
  const resolved = resolveCredentials(given, env, names);
  if (resolved && 'error' in resolved) throw new OptionError(naming === 'keys' ? resolved.error.replace(/--([a-z-]+)/g, (_, f: string) => f.replace(/-([a-z])/g, (__, c: string) => c.toUpperCase())) : resolved.error);
  return resolved;
}

const FIRST_KEYS = { accountSid: 'accountSid', authToken: 'authToken', apiKey: 'apiKey', apiSecret: 'apiSecret' } as const;

/** The credentials the input gives, under the first account's names (`keys`: which input key holds each). */
function credentialFlags(input: OptionInput, keys: Readonly<Record<keyof CredentialFlags, keyof OptionInput>> = FIRST_KEYS): CredentialFlags {
  const out: CredentialFlags = {};
  for (const [flag, key] of Object.entries(keys) as [keyof CredentialFlags, keyof OptionInput][]) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new OptionError(`${key} must be a string`);
    out[flag] = value;
  }
  return out;
}

/** The names the credentials came from, never their values: "--account-sid and TWILIO_AUTH_TOKEN". */
function credentialsFrom(
  given: CredentialFlags,
  creds: Credentials,
  naming: Naming,
  origins: ResolveContext['origins'] = {},
  keys: Readonly<Record<keyof CredentialFlags, keyof CredentialFlags | SecondKey>> = FIRST_KEYS,
): string {
  const vars = keys === FIRST_KEYS ? FIRST_ACCOUNT.env : SECOND_ACCOUNT.env;
  const parts: (keyof CredentialFlags)[] = creds.kind === 'api-key' ? ['accountSid', 'apiKey', 'apiSecret'] : ['accountSid', 'authToken'];
  const names = parts.map((k) => (given[k] !== undefined ? (origins[keys[k]] ?? (naming === 'keys' ? `${keys === FIRST_KEYS ? 'credentials' : 'secondCredentials'}.${k}` : nameOf(keys[k], naming))) : vars[k]));
  return names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function flag(input: OptionInput, key: 'live' | 'keepCreated' | 'insecure' | 'pact' | 'shrink', naming: Naming): boolean {
  const value = input[key];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new OptionError(`${nameOf(key, naming)} must be true or false, got ${show(value)}`);
  return value;
}

function list(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw new OptionError(`${name} must be a list of check ids or levels, got ${show(value)}`);
  const out = items.flatMap((i: string) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

function level(value: unknown, name: string): Level {
  if (value !== 1 && value !== 2 && value !== 3) throw new OptionError(`${name} takes 1, 2 or 3, got ${show(value)}`);
  return value;
}

function shardOf(value: unknown, naming: Naming): { index: number; count: number } {
  const s = value as { index?: unknown; count?: unknown };
  const ok = typeof s === 'object' && s !== null && Number.isInteger(s.index) && Number.isInteger(s.count) && (s.index as number) >= 1 && (s.index as number) <= (s.count as number);
  if (!ok) throw new OptionError(`${nameOf('shard', naming)} takes i/n with 1 ≤ i ≤ n, got ${show(value)}`);
  return { index: s.index as number, count: s.count as number };
}

function path(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new OptionError(`${name} must be a file path, got ${show(value)}`);
  return value;
}

async function inputFile(name: string, value: unknown): Promise<string> {
  await checkInputFile(name, path(value, name), 'json');
  return value as string;
}

/** A CA file: a regular file of at most 1 MiB holding a PEM certificate. */
async function caFileOf(name: string, value: unknown): Promise<string> {
  const pem = await readInputText(name, path(value, name), 'pem');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new OptionError(`${name}: ${value} holds no PEM certificate`);
  return value as string;
}

/** A flag that contradicts what the cassette recorded. */
function clash(flag: string, given: unknown, recorded: unknown): void {
  if (given !== undefined && JSON.stringify(given) !== JSON.stringify(recorded)) {
    throw new OptionError(`${flag} ${JSON.stringify(given)} differs from the cassette's ${JSON.stringify(recorded)}: a replay sends the corpus it recorded (leave ${flag} out)`);
  }
}

/** Freeze what resolveOptions built (the caller's own objects, the mock's options and the cassette, are left as they are). */
function freeze(options: ResolvedOptions): ResolvedOptions {
  for (const part of [options.target, options.transport, options.live, options.evidence, options.headers, options.shard, options.checks, options.only, options.skip, options.policySids]) {
    if (part) Object.freeze(part);
  }
  return Object.freeze(options);
}
