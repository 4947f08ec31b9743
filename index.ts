/**
 * trusthub-conformance as a library: run the suite from code, build and write its reports, merge
 * shard reports, and type a config file. Other entry points: `trusthub-conformance/vitest` (the
 * suite inside a vitest run), `/schemas` (the JSON Schemas), `/generators` (the request
 * arbitraries), `/mock` (the reference mock server).
 */
import { OptionError } from './contracts/errors.ts';
import type { Report } from './contracts/report.ts';
import type { OptionInput } from './engine/options/model.ts';
import { resolveOptions } from './engine/options/resolve.ts';
import { certify as certifyWithEngine } from './engine/run/certify.ts';

// the run
export { runSuite, type RunOptions, type RunResult } from './engine/run/run.ts';
export { buildReport } from './engine/judge/report.ts';
export { CHECKS } from './engine/checks/index.ts';
export { type Credentials, resolveCredentials } from './engine/transport/credentials.ts';
export { mergeShardReports, MergeError, parseShardReport, type ShardReport, shardInfo, type Shard } from './shard/merge.ts';

// the catalog and the contract
export { CATALOG, CHECK_IDS, type CheckId, catalogFingerprint, findCheckInfo } from './contracts/catalog.ts';
export type { Check, CheckInfo, Judge, Level, Outcome, Severity, Source, SourceDoc } from './contracts/check.ts';
export type { CaseCategory, Exchange, JudgeContext, SentRequest, TestCase } from './contracts/exchange.ts';
export type { CreateRequest, CustomerProfile, CustomerProfileList, ErrorEnvelope } from './contracts/types.ts';
export {
  describeErrors,
  validateCreateRequest,
  validateCustomerProfile,
  validateCustomerProfileList,
  validateErrorEnvelope,
} from './contracts/validators.ts';
export { TOOL } from './contracts/tool.ts';
export { isToolError, OptionError, TOOL_ERROR_CODES, ToolError, type ToolErrorCode } from './contracts/errors.ts';

// reports
export {
  type CheckReport,
  type CheckStatus,
  checkStatus,
  type Counterexample,
  judgeLevels,
  type LevelReport,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ShardInfo,
  type Verdict,
} from './contracts/report.ts';
export { ALL_FORMATS, FILE_NAMES, FORMATS, parseFormats, type ReportFormat, writeReports } from './reports/index.ts';

// configuration
export { type ConformanceConfig, configSchema, defineConfig } from './contracts/config.ts';

type SecondKey = 'secondAccountSid' | 'secondAuthToken' | 'secondApiKey' | 'secondApiSecret';

/** Credentials as a caller writes them; the TWILIO_* environment fills what is not given. */
export type CredentialsInput =
  | { accountSid: string; authToken: string }
  | { accountSid: string; apiKey: string; apiSecret: string }
  /** both pairs of the account: level 3 (auth.pairs-one-account) needs them; the run acts with the key and also sends the crossed pairs */
  | { accountSid: string; authToken: string; apiKey: string; apiSecret: string };

/**
 * The options of certify(): the `run` flags as camelCase keys, each documented where the config
 * file's keys are (ConformanceConfig), plus the credentials as one object, the embedded mock's
 * options and an abort signal. `live` allows Twilio's production API (refused without it; the
 * budget is then 10 creates unless maxCreates says otherwise).
 */
export interface CertifyOptions extends Omit<OptionInput, 'accountSid' | 'authToken' | 'apiKey' | 'apiSecret' | SecondKey | 'pact' | 'reference' | 'expectDivergence' | 'shard' | 'headers'> {
  /** default: TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY / TWILIO_API_SECRET) */
  credentials?: CredentialsInput;
  /**
   * a second account (default: TRUSTHUB_SECOND_ACCOUNT_SID with TRUSTHUB_SECOND_AUTH_TOKEN, or
   * TRUSTHUB_SECOND_API_KEY / TRUSTHUB_SECOND_API_SECRET): its fetch, list and DELETE of the run's
   * profile must find none (404). Without it that probe is skipped, level 3 is not tested, and the report says so
   */
  secondCredentials?: CredentialsInput;
  /** headers sent with every request, e.g. { 'x-api-key': process.env.GATEWAY_KEY }: values redacted like credentials */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A configuration error of certify(): bad credentials, check names or target (a ToolError, code CT_ERR_OPTION). */
export class CertifyOptionError extends OptionError {
  constructor(message: string) {
    super(message);
    this.name = 'CertifyOptionError';
  }
}

/** The options as the options model takes them: the credentials object spread into its keys, the signal kept apart. */
function inputOf(options: CertifyOptions): OptionInput {
  if (typeof options !== 'object' || options === null) throw new CertifyOptionError('certify() takes an object of options');
  const { credentials, secondCredentials, signal: _signal, ...rest } = options;
  for (const [key, value] of [['credentials', credentials], ['secondCredentials', secondCredentials]] as const) {
    if (key in options && (typeof value !== 'object' || value === null)) {
      throw new CertifyOptionError(`${key} is not set (undefined: an unset variable?): give { accountSid, authToken } or leave the key out`);
    }
  }
  const second = Object.fromEntries(Object.entries(secondCredentials ?? {}).map(([k, v]) => [`second${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
  return { ...rest, ...credentials, ...second };
}

/**
 * Runs the whole certification and returns its report: against `target`, or against the embedded
 * reference mock (started and stopped here) when the key is left out. The options go through the
 * same checks as the command line's (engine/options): a key given with no value, a value out of
 * range, a file that cannot be read, Twilio's production API without `live` are refused before any
 * connection, with a CertifyOptionError. Before the plan one authenticated read tells whether the
 * target takes the credentials (a 401 throws a ToolError with code CT_ERR_CREDENTIALS). A run that
 * could not finish (the target unreachable, the signal aborted) still returns its report, with
 * `incomplete` saying why. Profiles created on a target are deleted at the end unless `keepCreated`.
 * Nothing is written to disk unless `record` asks; pass the report to writeReports for files.
 */
export async function certify(options: CertifyOptions = {}): Promise<Report> {
  let resolved: Awaited<ReturnType<typeof resolveOptions>>;
  try {
    resolved = await resolveOptions(inputOf(options), { naming: 'keys' });
  } catch (err) {
    throw err instanceof OptionError && !(err instanceof CertifyOptionError) ? new CertifyOptionError(err.message) : err;
  }
  const { report } = await certifyWithEngine(resolved, options.signal ? { signal: options.signal } : {});
  return report;
}
