import type { AuthMode } from '../contracts/exchange.ts';
import { matcherFor, rememberSecrets } from '../contracts/secrets.ts';

export interface Credentials {
  /** the account the caller acts for */
  accountSid: string;
  /** Basic user: the Account SID or an API Key SID */
  username: string;
  /** Basic password: the Auth Token or the API Key secret */
  password: string;
  kind: 'auth-token' | 'api-key';
}

const AC = /^AC[0-9a-fA-F]{32}$/;
const SK = /^SK[0-9a-fA-F]{32}$/;

export interface CredentialFlags {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
}

/**
 * Credentials from flags, else the environment the official helper libraries read
 * (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY, TWILIO_API_SECRET).
 * Returns an error message instead of throwing, so the CLI can say it in one line.
 */
export function resolveCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv = process.env,
): Credentials | { error: string } | undefined {
  const accountSid = flags.accountSid ?? env.TWILIO_ACCOUNT_SID;
  const authToken = flags.authToken ?? env.TWILIO_AUTH_TOKEN;
  const apiKey = flags.apiKey ?? env.TWILIO_API_KEY;
  const apiSecret = flags.apiSecret ?? env.TWILIO_API_SECRET;
  if (!accountSid && !authToken && !apiKey && !apiSecret) return undefined;
  if (!accountSid) return { error: 'an Account SID is needed (--account-sid or TWILIO_ACCOUNT_SID)' };
  if (!AC.test(accountSid)) return { error: `the Account SID must be AC followed by 32 hex digits, got ${JSON.stringify(mask(accountSid))}` };
  if (apiKey || apiSecret) {
    if (!apiKey || !apiSecret) return { error: 'an API key needs both --api-key and --api-secret (or TWILIO_API_KEY and TWILIO_API_SECRET)' };
    if (!SK.test(apiKey)) return { error: 'the API key must be SK followed by 32 hex digits' };
    return { accountSid, username: apiKey, password: apiSecret, kind: 'api-key' };
  }
  if (!authToken) return { error: 'an Auth Token is needed (--auth-token or TWILIO_AUTH_TOKEN)' };
  return { accountSid, username: accountSid, password: authToken, kind: 'auth-token' };
}

function mask(value: string): string {
  return value.length > 8 ? `${value.slice(0, 6)}…` : value;
}

/** Encoded headers by user and password: a run asks for the same one or two on every request. */
const basicAuthCache = new Map<string, string>();

export function basicAuth(username: string, password: string): string {
  const key = `${username}:${password}`;
  let header = basicAuthCache.get(key);
  if (header === undefined) {
    header = `Basic ${Buffer.from(key).toString('base64')}`;
    if (basicAuthCache.size >= 16) basicAuthCache.clear();
    basicAuthCache.set(key, header);
  }
  return header;
}

/** The Authorization header for a case's auth mode (undefined: send none). */
export function authorizationFor(mode: AuthMode, creds: Credentials): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'wrong') return basicAuth(creds.username, `${creds.password}-wrong`);
  return basicAuth(creds.username, creds.password);
}

/**
 * Every string that must never appear in a report or a response: the password (auth token or API
 * secret) and the Basic credentials. contracts/secrets.ts finds them in every encoding. The
 * process remembers them, so that every report writer redacts them too.
 */
export function secretsOf(creds: Credentials): string[] {
  const header = basicAuth(creds.username, creds.password);
  const wrong = basicAuth(creds.username, `${creds.password}-wrong`);
  const secrets = [creds.password, header.slice('Basic '.length), wrong.slice('Basic '.length)].filter((s) => s.length >= 6);
  rememberSecrets(secrets);
  return secrets;
}

/** Replace every secret, in whatever encoding the text holds it, with [redacted]. */
export function redact(text: string, secrets: readonly string[]): string {
  return matcherFor(secrets).redact(text);
}
