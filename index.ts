/**
 * trusthub-conformance as a library: run the suite from code, build and write its reports, merge
 * shard reports, and type a config file. Other entry points: `trusthub-conformance/vitest` (the
 * suite inside a vitest run), `/schemas` (the JSON Schemas), `/generators` (the request
 * arbitraries), `/mock` (the reference mock server).
 */
import type { Level } from './contracts/check.ts';
import { CHECKS } from './engine/checks/index.ts';
import { type Credentials, resolveCredentials } from './engine/transport/credentials.ts';
import { certify as certifyWithEngine, type TargetSpec } from './engine/run/certify.ts';
import { OptionError } from './contracts/errors.ts';
import { selectChecks } from './engine/plan/select.ts';
import type { MockOptions } from './mock/options.ts';
import type { Report } from './contracts/report.ts';

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

/** Credentials as a caller writes them; the TWILIO_* environment fills what is not given. */
export type CredentialsInput =
  | { accountSid: string; authToken: string }
  | { accountSid: string; apiKey: string; apiSecret: string };

export interface CertifyOptions {
  /** base URL of the implementation; without it the embedded reference mock is started and certified */
  target?: string;
  /** default: TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY / TWILIO_API_SECRET) */
  credentials?: CredentialsInput;
  /** property runs per category (default 100) */
  runs?: number;
  /** seed of the generated plan (default: random; the report holds it) */
  seed?: number;
  /** requests in flight (default 8) */
  concurrency?: number;
  /** per-request timeout in ms (default 10000) */
  timeout?: number;
  /** check ids or levels ('1', 'L2') to run */
  only?: string[];
  /** check ids or levels to skip */
  skip?: string[];
  /** level needed to be conformant (default 3) */
  requireLevel?: Level;
  /** existing policies to create with (needed for live targets) */
  policySids?: string[];
  /** the base the target builds resource URLs from (checked exactly when given) */
  publicBaseUrl?: string;
  /** shrink failures to minimal cases (default true) */
  shrink?: boolean;
  /** options of the embedded reference mock when there is no target, e.g. `{ fault: 'status-200' }` */
  mock?: MockOptions;
  signal?: AbortSignal;
}

/** A configuration error of certify(): bad credentials, check names or target (a ToolError, code CT_ERR_OPTION). */
export class CertifyOptionError extends OptionError {
  constructor(message: string) {
    super(message);
    this.name = 'CertifyOptionError';
  }
}

function credentialsOf(input: CredentialsInput | undefined): Credentials | undefined {
  const flags = input
    ? 'apiKey' in input
      ? { accountSid: input.accountSid, apiKey: input.apiKey, apiSecret: input.apiSecret }
      : { accountSid: input.accountSid, authToken: input.authToken }
    : {};
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new CertifyOptionError(resolved.error);
  return resolved;
}

/**
 * Runs the whole certification and returns its report: against `target`, or against the embedded
 * reference mock (started and stopped here) when there is none. A run that could not finish (the
 * target unreachable, the signal aborted) still returns its report, with `incomplete` saying why.
 * Nothing is written to disk; pass the report to writeReports for files.
 */
export async function certify(options: CertifyOptions = {}): Promise<Report> {
  let checks: typeof CHECKS;
  try {
    checks = selectChecks(CHECKS, options.only, options.skip);
  } catch (err) {
    throw new CertifyOptionError((err as Error).message.replace(/^--/, ''));
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 100;
  let target: TargetSpec | undefined;
  if (options.target) {
    const given = credentialsOf(options.credentials);
    if (!given) {
      throw new CertifyOptionError('credentials are needed for a target: pass credentials, or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    }
    target = { url: options.target, credentials: given, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) };
  }
  const { report } = await certifyWithEngine({
    ...(target ? { target } : {}),
    ...(options.mock ? { mock: options.mock } : {}),
    seed,
    runs,
    concurrency: options.concurrency ?? 8,
    timeoutMs: options.timeout ?? 10_000,
    checks,
    only: options.only,
    skip: options.skip,
    requiredLevel: options.requireLevel ?? 3,
    ...(options.policySids?.length ? { policySids: options.policySids } : {}),
    ...(options.shrink === false ? { shrink: false } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    rerun: (t) => {
      const rerun = ['npx trusthub-conformance run'];
      if (!t.embedded) rerun.push(`--target ${t.url}`);
      rerun.push(`--seed ${seed}`, `--runs ${runs}`);
      if (options.only?.length) rerun.push(`--only ${options.only.join(',')}`);
      if (options.skip?.length) rerun.push(`--skip ${options.skip.join(',')}`);
      return rerun.join(' ');
    },
  });
  return report;
}
