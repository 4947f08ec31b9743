/**
 * The one options model. Every entry (run, diff, replay, the library's certify(), the vitest
 * adapter) hands its options over as an `OptionInput` (flags merged with the config file, or the
 * caller's object) and gets back `ResolvedOptions`: validated once, defaults filled, the seed drawn,
 * the credentials resolved, the production guard passed, the input files checked. The engine's
 * certify() and replay() take nothing else (engine/options/resolve.ts keeps the mark they check).
 */
import type { CheckInfo, Level } from '../../contracts/check.ts';
import type { Cassette } from '../../evidence/har.ts';
import type { MockOptions } from '../../mock/options.ts';
import type { ConformanceConfig } from '../../contracts/config.ts';
import type { Credentials } from '../transport/credentials.ts';
import type { Naming } from './names.ts';

/** What an entry sends with; `plan` sends nothing (the dry run). */
export type Purpose = 'run' | 'diff' | 'replay' | 'plan';

/** The keys every entry shares with the config file (contracts/config.ts documents each). */
export type SharedKey =
  | 'target'
  | 'accountSid'
  | 'authToken'
  | 'apiKey'
  | 'apiSecret'
  | 'secondAccountSid'
  | 'secondAuthToken'
  | 'secondApiKey'
  | 'secondApiSecret'
  | 'publicBaseUrl'
  | 'runs'
  | 'seed'
  | 'concurrency'
  | 'timeout'
  | 'maxResponseBytes'
  | 'only'
  | 'skip'
  | 'requireLevel'
  | 'policySids'
  | 'shrink'
  | 'maxFailures'
  | 'maxCreates'
  | 'keepCreated'
  | 'rps'
  | 'retries'
  | 'retryMaxTime'
  | 'caFile'
  | 'insecure'
  | 'waitForTarget'
  | 'record'
  | 'observations'
  | 'deviations';

/** The options as an entry gives them: every field optional, nothing checked yet. */
export interface OptionInput extends Pick<ConformanceConfig, SharedKey> {
  /** "Name: value" lines (-H) or an object of names and values (config, library) */
  headers?: readonly string[] | Readonly<Record<string, string>>;
  /** run only shard index/count of the plan */
  shard?: { index: number; count: number };
  /** Twilio's production API is allowed (--live) */
  live?: boolean;
  /** Pact verification is asked for (the run command prepares the pacts) */
  pact?: boolean;
  /** options of the embedded reference mock (no target) */
  mock?: MockOptions;
  /** diff: the reference, a base URL or a cassette recorded with run --record */
  reference?: string;
  /** diff: the divergences expected (a JSON file, --expect-divergence) */
  expectDivergence?: string;
}

/** Every key an OptionInput may hold: anything else (a misspelt option) is refused rather than ignored. */
export const OPTION_KEYS: ReadonlySet<keyof OptionInput> = new Set<keyof OptionInput>([
  'target', 'accountSid', 'authToken', 'apiKey', 'apiSecret', 'secondAccountSid', 'secondAuthToken', 'secondApiKey', 'secondApiSecret', 'publicBaseUrl', 'runs', 'seed', 'concurrency', 'timeout', 'maxResponseBytes',
  'only', 'skip', 'requireLevel', 'policySids', 'shrink', 'headers', 'maxFailures', 'shard', 'live', 'maxCreates', 'keepCreated', 'rps',
  'retries', 'retryMaxTime', 'caFile', 'insecure', 'waitForTarget', 'record', 'observations', 'deviations', 'pact', 'mock', 'reference',
  'expectDivergence',
]);

/** A differential run's reference, resolved. */
export type ResolvedReference =
  | { kind: 'url'; url: string; credentials: Credentials }
  | { kind: 'cassette'; cassette: Cassette; path: string };

export interface ResolvedOptions {
  readonly purpose: Purpose;
  /** how the entry names its options (the command line's flags, the library's keys): the report says what a skipped check needs in these words */
  readonly naming: Naming;
  /** the target; undefined: the embedded reference mock */
  readonly target?: { readonly url: string; readonly publicBaseUrl?: string };
  /** the credentials given (flags, config, the caller's object, else TWILIO_*); always there when a target is sent to */
  readonly credentials?: Credentials;
  /** where the credentials came from, by name (never their values): "--account-sid and TWILIO_AUTH_TOKEN" */
  readonly credentialsFrom?: string;
  /**
   * a second account's credentials (--second-account-sid…, the config's second* keys, the library's
   * secondCredentials, else TRUSTHUB_SECOND_*): another account, whose requests for the run's own
   * profile must find none (404); never sent by a diff
   */
  readonly secondCredentials?: Credentials;
  /** where the second account's credentials came from, by name */
  readonly secondCredentialsFrom?: string;
  readonly mock?: MockOptions;
  readonly seed: number;
  readonly runs: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** the checks to run (--only/--skip applied), as the catalog has them: the engine takes their judges when it runs */
  readonly checks: readonly CheckInfo[];
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly requiredLevel: Level;
  readonly policySids?: readonly string[];
  readonly shrink: boolean;
  readonly shard?: { readonly index: number; readonly count: number };
  /** extra headers, lower-case names; the values are secrets */
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxFailures?: number;
  readonly transport: { readonly caFile?: string; readonly insecure: boolean; readonly rps?: number; readonly retries: number; readonly retryMaxMs: number };
  /** --live, the create budget in force (the live default included) and whether created profiles are kept */
  readonly live: { readonly production: boolean; readonly maxCreates?: number; readonly keepCreated: boolean };
  readonly waitForTargetMs?: number;
  /** evidence files, checked readable (record: the cassette to write) */
  readonly evidence: { readonly record?: string; readonly observations?: string; readonly deviations?: string };
  readonly pact: boolean;
  /** diff: the reference */
  readonly reference?: ResolvedReference;
  /** diff: the file of expected divergences, checked readable */
  readonly expectations?: string;
}
