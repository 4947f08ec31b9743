import { ToolError } from '../contracts/errors.ts';
import { SID_PATTERNS } from '../contracts/schemas.ts';
import { FAULT_NAMES, type FaultName, isFaultName } from './faults.ts';

/** The account the mock serves when no accounts are configured. */
export const DEFAULT_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const DEFAULT_AUTH_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/**
 * A second account, served beside the first when no accounts are configured: the suite acts as it
 * to check that a profile of the first is no resource of the second (404 to its fetch, list, delete).
 */
export const DEFAULT_SECOND_ACCOUNT_SID = 'ACfedcba9876543210fedcba9876543210';
export const DEFAULT_SECOND_AUTH_TOKEN = 'f9e8d7c6b5a4039281706f5e4d3c2b1a';
/** An API key acting for DEFAULT_ACCOUNT_SID, configured when neither accounts nor apiKeys are given. */
export const DEFAULT_API_KEY_SID = 'SKfedcba9876543210fedcba9876543210';
export const DEFAULT_API_KEY_SECRET = 'mockApiKeySecret0123456789abcdef';

/**
 * The default accounts as a run against the mock knows them (the embedded mock's own run builds
 * the same from the server it starts): the first account's Auth Token, its API key beside it and the
 * second account, what level 3 needs (the bench, the tests' certifications).
 */
export const DEFAULT_RUN_CREDENTIALS = {
  accountSid: DEFAULT_ACCOUNT_SID,
  username: DEFAULT_ACCOUNT_SID,
  password: DEFAULT_AUTH_TOKEN,
  kind: 'auth-token' as const,
  also: { apiKey: DEFAULT_API_KEY_SID, apiSecret: DEFAULT_API_KEY_SECRET },
  second: { accountSid: DEFAULT_SECOND_ACCOUNT_SID, username: DEFAULT_SECOND_ACCOUNT_SID, password: DEFAULT_SECOND_AUTH_TOKEN, kind: 'auth-token' as const },
};

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_PROFILES = 10_000;
/** 1 MiB: bodies of 64 KiB and more are in the value space the suite sends (no limit is documented) */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface MockAccount {
  accountSid: string;
  authToken: string;
}

export interface MockApiKey {
  sid: string;
  secret: string;
  /** the account the key acts for; must be one of the configured accounts */
  accountSid: string;
}

export interface MockOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** 0 (the default) picks any free port */
  port?: number;
  /** default: two accounts, DEFAULT_ACCOUNT_SID / DEFAULT_AUTH_TOKEN and DEFAULT_SECOND_ACCOUNT_SID / DEFAULT_SECOND_AUTH_TOKEN */
  accounts?: MockAccount[];
  /** default: DEFAULT_API_KEY_SID for the default account when accounts are defaulted too, else none */
  apiKeys?: MockApiKey[];
  /** the base of every `url` and link; default the server's own http://host:port */
  publicBaseUrl?: string;
  /** when given, a well-formed PolicySid outside this list is refused; default: any well-formed one is accepted */
  knownPolicies?: string[];
  /** cap on stored profiles (all accounts); the oldest is evicted. Default 10,000 */
  maxProfiles?: number;
  /** largest request body in bytes; larger ones get 413. Default 1 MiB */
  bodyLimit?: number;
  /** a named fault from mock/faults.ts; null or absent: the faithful mock */
  fault?: FaultName | string | null;
}

/** A bad option: the message names it. */
export class MockOptionError extends ToolError {
  constructor(message: string) {
    super('CT_ERR_MOCK_OPTION', message);
    this.name = 'MockOptionError';
  }
}

export interface MockConfig {
  host: string;
  port: number;
  accounts: MockAccount[];
  apiKeys: MockApiKey[];
  publicBaseUrl: string | null;
  knownPolicies: Set<string> | null;
  maxProfiles: number;
  bodyLimit: number;
  fault: FaultName | null;
}

const PATTERNS = {
  account: new RegExp(SID_PATTERNS.account),
  apiKey: new RegExp(SID_PATTERNS.apiKey),
  policy: new RegExp(SID_PATTERNS.policy),
};

function checkSid(kind: keyof typeof PATTERNS, value: unknown, option: string): string {
  if (typeof value !== 'string' || !PATTERNS[kind].test(value)) {
    throw new MockOptionError(`${option} must match ${PATTERNS[kind].source} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function checkSecret(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new MockOptionError(`${option} must be a non-empty string`);
  return value;
}

function checkInteger(value: unknown, option: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new MockOptionError(`${option} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Checks that a string is a policy sid; the error names the option. */
export function checkPolicySid(value: unknown, option = 'policy sid'): string {
  return checkSid('policy', value, option);
}

function checkBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new MockOptionError(`publicBaseUrl must be an absolute http(s) URL (got ${JSON.stringify(value)})`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new MockOptionError(`publicBaseUrl must be an http(s) URL without query or fragment (got ${JSON.stringify(value)})`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Validates the options and fills in the defaults. Throws MockOptionError naming the bad option. */
export function resolveOptions(options: MockOptions = {}): MockConfig {
  const host = options.host ?? DEFAULT_HOST;
  if (typeof host !== 'string' || host.length === 0) throw new MockOptionError('host must be a non-empty string');
  const port = checkInteger(options.port ?? 0, 'port', 0, 65_535);

  const defaults = [
    { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN },
    { accountSid: DEFAULT_SECOND_ACCOUNT_SID, authToken: DEFAULT_SECOND_AUTH_TOKEN },
  ];
  const accounts = (options.accounts ?? defaults).map((a, i) => ({
    accountSid: checkSid('account', a?.accountSid, `accounts[${i}].accountSid`),
    authToken: checkSecret(a?.authToken, `accounts[${i}].authToken`),
  }));
  if (accounts.length === 0) throw new MockOptionError('accounts must hold at least one account');
  const accountSids = new Set<string>();
  for (const [i, a] of accounts.entries()) {
    if (accountSids.has(a.accountSid)) throw new MockOptionError(`accounts[${i}].accountSid ${a.accountSid} is listed twice`);
    accountSids.add(a.accountSid);
  }

  const defaultKeys =
    options.accounts === undefined ? [{ sid: DEFAULT_API_KEY_SID, secret: DEFAULT_API_KEY_SECRET, accountSid: DEFAULT_ACCOUNT_SID }] : [];
  const keySids = new Set<string>();
  const apiKeys = (options.apiKeys ?? defaultKeys).map((k, i) => {
    const key = {
      sid: checkSid('apiKey', k?.sid, `apiKeys[${i}].sid`),
      secret: checkSecret(k?.secret, `apiKeys[${i}].secret`),
      accountSid: checkSid('account', k?.accountSid, `apiKeys[${i}].accountSid`),
    };
    if (!accountSids.has(key.accountSid)) {
      throw new MockOptionError(`apiKeys[${i}].accountSid ${key.accountSid} is not one of the configured accounts`);
    }
    if (keySids.has(key.sid)) throw new MockOptionError(`apiKeys[${i}].sid ${key.sid} is listed twice`);
    keySids.add(key.sid);
    return key;
  });

  const publicBaseUrl = options.publicBaseUrl === undefined ? null : checkBaseUrl(options.publicBaseUrl);
  const knownPolicies =
    options.knownPolicies === undefined
      ? null
      : new Set(options.knownPolicies.map((p, i) => checkSid('policy', p, `knownPolicies[${i}]`)));
  const maxProfiles = checkInteger(options.maxProfiles ?? DEFAULT_MAX_PROFILES, 'maxProfiles', 1, 10_000_000);
  const bodyLimit = checkInteger(options.bodyLimit ?? DEFAULT_BODY_LIMIT, 'bodyLimit', 1, 1024 * 1024 * 1024);

  let fault: FaultName | null = null;
  if (options.fault !== undefined && options.fault !== null) {
    if (typeof options.fault !== 'string' || !isFaultName(options.fault)) {
      throw new MockOptionError(`unknown fault ${JSON.stringify(options.fault)} (known: ${FAULT_NAMES.join(', ')})`);
    }
    fault = options.fault;
  }

  return { host, port, accounts, apiKeys, publicBaseUrl, knownPolicies, maxProfiles, bodyLimit, fault };
}
