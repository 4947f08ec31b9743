/**
 * What a config file may set (trusthub-conformance.config.*): its keys mirror the `run` flags in
 * camelCase. The schema, the words for each key's error line, and which flag attribute a key sets
 * are data here; cli/config.ts finds, loads, validates and merges the file.
 */
import { resolve } from 'node:path';
import type { Level } from './check.ts';
import { type Bound, boundWords, LIMITS } from './limits.ts';

/** What a config file may set. Every key is optional; each mirrors the `run` flag of the same name. */
export interface ConformanceConfig {
  /** base URL of the implementation (default: the embedded reference mock) */
  target?: string;
  /** Account SID (default: TWILIO_ACCOUNT_SID) */
  accountSid?: string;
  /** Auth Token (default: TWILIO_AUTH_TOKEN); better kept in the environment than in a file */
  authToken?: string;
  /** API Key SID, instead of the Auth Token (default: TWILIO_API_KEY) */
  apiKey?: string;
  /** API Key secret (default: TWILIO_API_SECRET); better kept in the environment than in a file */
  apiSecret?: string;
  /** a second account's Account SID, for the probe that a profile of the first is no resource of it (default: TRUSTHUB_SECOND_ACCOUNT_SID) */
  secondAccountSid?: string;
  /** the second account's Auth Token (default: TRUSTHUB_SECOND_AUTH_TOKEN); better kept in the environment than in a file */
  secondAuthToken?: string;
  /** an API Key SID of the second account, instead of its Auth Token (default: TRUSTHUB_SECOND_API_KEY) */
  secondApiKey?: string;
  /** that key's secret (default: TRUSTHUB_SECOND_API_SECRET); better kept in the environment than in a file */
  secondApiSecret?: string;
  /** property runs per category (default 100) */
  runs?: number;
  /** seed of the generated plan (default: random, printed) */
  seed?: number;
  /** requests in flight at once (default 8) */
  concurrency?: number;
  /** connect, headers and body timeout per request, in milliseconds (default 10000) */
  timeout?: number;
  /** run only these checks or levels, e.g. ['L1', 'L2'] or 'echo.fields' */
  only?: string | string[];
  /** skip these checks or levels */
  skip?: string | string[];
  /** level needed for exit code 0 (default 3) */
  requireLevel?: Level;
  /** where the reports are written, relative to the config file (default conformance-report) */
  reportDir?: string;
  /** report formats, e.g. ['json', 'junit'] (default all: json, junit, md, html, badge) */
  format?: string | string[];
  /** existing policies to create with (needed for live targets) */
  policySids?: string[];
  /** the base the target builds resource URLs from (checked exactly when given) */
  publicBaseUrl?: string;
  /** cut responses larger than this many bytes (default 1 MiB) */
  maxResponseBytes?: number;
  /** shrink failures to minimal cases (default true) */
  shrink?: boolean;
  /** show the progress line (default true) */
  progress?: boolean;
  /** also verify the project's Pact contract against the target */
  pact?: boolean;
  /** also verify these pact files, relative to the config file */
  pactFiles?: string[];
  /** also verify the pacts a Pact Broker holds for the provider (token: PACT_BROKER_TOKEN) */
  pactBrokerUrl?: string;
  /** which consumer versions the broker gives, e.g. [{ mainBranch: true }] */
  pactConsumerVersionSelectors?: Record<string, unknown>[];
  /** the provider name the broker knows the target by */
  pactProvider?: string;
  /** publish the verification results to the broker (needs providerVersion) */
  pactPublish?: boolean;
  /** the version of the target the published results are for */
  providerVersion?: string;
  /** the branch of the target the published results are for */
  providerVersionBranch?: string;
  /** create at most this many profiles, shrinking included */
  maxCreates?: number;
  /** do not delete the profiles the run created */
  keepCreated?: boolean;
  /** at most this many requests per second (decimals allowed) */
  rps?: number;
  /** retries on 429, 503 and connection resets (default 3) */
  retries?: number;
  /** longest one request may wait for its retries, in ms (default 30000) */
  retryMaxTime?: number;
  /** trust this PEM CA certificate besides the system ones, relative to the config file */
  caFile?: string;
  /** accept any TLS certificate (the report says so) */
  insecure?: boolean;
  /** record every exchange as a HAR 1.2 cassette, relative to the config file */
  record?: string;
  /** an observations file (observed.behaviour), relative to the config file */
  observations?: string;
  /** a declared deviations file, relative to the config file */
  deviations?: string;
  /** headers sent with every request, e.g. { 'x-api-key': process.env.GATEWAY_KEY }: values are redacted in every output, better read from the environment than written in the file */
  headers?: Record<string, string>;
  /** stop sending after this many checks have failed */
  maxFailures?: number;
  /** wait up to this many seconds for the target to answer before the run (any HTTP answer) */
  waitForTarget?: number;
}

/**
 * The `run` flags a config file does not set: they belong to one invocation (`--shard`, `--dry-run`,
 * `--config` itself, `--verbose`), or must be said each time on purpose (`--live`: Twilio's production API).
 */
export const COMMAND_LINE_ONLY = ['shard', 'dryRun', 'config', 'live', 'verbose'] as const;

/** Types a config file: `export default defineConfig({ target: 'https://…', runs: 200 })`. */
export function defineConfig(config: ConformanceConfig): ConformanceConfig {
  return config;
}

/** The names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = [
  'trusthub-conformance.config.ts',
  'trusthub-conformance.config.mts',
  'trusthub-conformance.config.mjs',
  'trusthub-conformance.config.js',
  'trusthub-conformance.config.json',
] as const;

export interface KeySpec {
  /** the commander attribute of the flag the key mirrors */
  attr: string;
  schema: object;
  /** what the key takes, in words, for the error line */
  expect: string;
  /** for a list: what one item takes, for the error line about that item (e.g. policySids[0]) */
  item?: string;
  /** from the file's value to the flag's value */
  convert?: (value: never, base: string) => unknown;
}

const url = { type: 'string', pattern: '^https?://[^\\s]+$' };
const bounded = (b: Bound) => ({ type: b.integer ? 'integer' : 'number', minimum: b.min, maximum: b.max });
const list = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] };
const text = { type: 'string', minLength: 1 };
const relativeTo = ((v: string, base: string) => resolve(base, v)) as KeySpec['convert'];
const splitList = (v: string | string[]) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);

export const KEYS: Record<keyof ConformanceConfig, KeySpec> = {
  target: { attr: 'target', schema: url, expect: 'an http or https base URL' },
  accountSid: { attr: 'accountSid', schema: text, expect: 'an Account SID (AC + 32 hex digits)' },
  authToken: { attr: 'authToken', schema: text, expect: 'a non-empty string' },
  apiKey: { attr: 'apiKey', schema: text, expect: 'an API Key SID (SK + 32 hex digits)' },
  apiSecret: { attr: 'apiSecret', schema: text, expect: 'a non-empty string' },
  secondAccountSid: { attr: 'secondAccountSid', schema: text, expect: 'an Account SID (AC + 32 hex digits)' },
  secondAuthToken: { attr: 'secondAuthToken', schema: text, expect: 'a non-empty string' },
  secondApiKey: { attr: 'secondApiKey', schema: text, expect: 'an API Key SID (SK + 32 hex digits)' },
  secondApiSecret: { attr: 'secondApiSecret', schema: text, expect: 'a non-empty string' },
  runs: { attr: 'runs', schema: bounded(LIMITS.runs), expect: boundWords(LIMITS.runs) },
  seed: { attr: 'seed', schema: bounded(LIMITS.seed), expect: boundWords(LIMITS.seed) },
  concurrency: { attr: 'concurrency', schema: bounded(LIMITS.concurrency), expect: boundWords(LIMITS.concurrency) },
  timeout: { attr: 'timeout', schema: bounded(LIMITS.timeout), expect: `milliseconds, ${boundWords(LIMITS.timeout)}` },
  only: { attr: 'only', schema: list, expect: 'a check id or level, or a list of them', convert: splitList as KeySpec['convert'] },
  skip: { attr: 'skip', schema: list, expect: 'a check id or level, or a list of them', convert: splitList as KeySpec['convert'] },
  requireLevel: { attr: 'requireLevel', schema: { enum: [1, 2, 3] }, expect: '1, 2 or 3' },
  reportDir: {
    attr: 'reportDir',
    schema: text,
    expect: 'a directory path',
    convert: relativeTo,
  },
  format: {
    attr: 'format',
    schema: list,
    expect: 'report formats (json, junit, md, html, badge), as a list or comma-separated',
    convert: ((v: string | string[]) => splitList(v).join(',')) as KeySpec['convert'],
  },
  policySids: {
    attr: 'policySid',
    schema: { type: 'array', items: { type: 'string', pattern: '^RN[0-9a-fA-F]{32}$' } },
    expect: 'a list of Policy SIDs (RN followed by 32 hex digits)',
    item: 'a Policy SID: RN followed by 32 hex digits',
  },
  publicBaseUrl: { attr: 'publicBaseUrl', schema: url, expect: 'an http or https base URL' },
  maxResponseBytes: { attr: 'maxResponseBytes', schema: bounded(LIMITS.maxResponseBytes), expect: `${boundWords(LIMITS.maxResponseBytes)} (bytes)` },
  shrink: { attr: 'shrink', schema: { type: 'boolean' }, expect: 'true or false' },
  progress: { attr: 'progress', schema: { type: 'boolean' }, expect: 'true or false' },
  pact: { attr: 'pact', schema: { type: 'boolean' }, expect: 'true or false' },
  pactFiles: {
    attr: 'pactFile',
    schema: { type: 'array', items: text },
    expect: 'a list of pact file paths',
    item: 'a pact file path',
    convert: ((v: string[], base: string) => v.map((f) => resolve(base, f))) as KeySpec['convert'],
  },
  pactBrokerUrl: { attr: 'pactBrokerUrl', schema: url, expect: 'an http or https URL' },
  pactConsumerVersionSelectors: {
    attr: 'pactConsumerVersionSelector',
    schema: { type: 'array', items: { type: 'object', minProperties: 1 } },
    expect: 'a list of selector objects, e.g. [{ "mainBranch": true }]',
    convert: ((v: object[]) => v.map((s) => JSON.stringify(s))) as KeySpec['convert'],
  },
  pactProvider: { attr: 'pactProvider', schema: text, expect: 'a provider name' },
  pactPublish: { attr: 'pactPublish', schema: { type: 'boolean' }, expect: 'true or false' },
  providerVersion: { attr: 'providerVersion', schema: text, expect: 'a version string' },
  providerVersionBranch: { attr: 'providerVersionBranch', schema: text, expect: 'a branch name' },
  maxCreates: { attr: 'maxCreates', schema: bounded(LIMITS.maxCreates), expect: boundWords(LIMITS.maxCreates) },
  keepCreated: { attr: 'keepCreated', schema: { type: 'boolean' }, expect: 'true or false' },
  rps: { attr: 'rps', schema: bounded(LIMITS.rps), expect: `requests per second, ${boundWords(LIMITS.rps)}` },
  retries: { attr: 'retries', schema: bounded(LIMITS.retries), expect: boundWords(LIMITS.retries) },
  retryMaxTime: { attr: 'retryMaxTime', schema: bounded(LIMITS.retryMaxTime), expect: `milliseconds, ${boundWords(LIMITS.retryMaxTime)}` },
  caFile: { attr: 'caFile', schema: text, expect: 'a file path', convert: relativeTo },
  insecure: { attr: 'insecure', schema: { type: 'boolean' }, expect: 'true or false' },
  record: { attr: 'record', schema: text, expect: 'a file path (.har)', convert: relativeTo },
  observations: { attr: 'observations', schema: text, expect: 'a file path', convert: relativeTo },
  deviations: { attr: 'deviations', schema: text, expect: 'a file path', convert: relativeTo },
  headers: {
    attr: 'header',
    schema: { type: 'object', additionalProperties: { type: 'string' } },
    expect: 'an object of header names and string values, e.g. { "x-api-key": "…" }',
    convert: ((v: Record<string, string>) => Object.entries(v).map(([name, value]) => `${name}: ${value}`)) as KeySpec['convert'],
  },
  maxFailures: { attr: 'maxFailures', schema: bounded(LIMITS.maxFailures), expect: boundWords(LIMITS.maxFailures) },
  waitForTarget: { attr: 'waitForTarget', schema: bounded(LIMITS.waitForTarget), expect: `seconds, ${boundWords(LIMITS.waitForTarget)}` },
};

/** The flag attribute each config key sets (for tests and tools). */
export const CONFIG_KEY_ATTRS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [k, v.attr]));

/** The JSON Schema of a config file (draft 2020-12). */
export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trusthub-conformance.dev/schemas/config.json',
  title: 'TrustHubConformanceConfig',
  type: 'object',
  properties: Object.fromEntries(Object.entries(KEYS).map(([k, spec]) => [k, spec.schema])),
  additionalProperties: false,
} as const;

