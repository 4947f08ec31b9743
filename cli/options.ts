
import type { Level } from '../contracts/check.ts';
import type { TargetSpec } from '../engine/run/certify.ts';
import { type CredentialFlags, resolveCredentials } from '../engine/transport/credentials.ts';
import { UsageError } from './errors.ts';

/** Parse a whole number flag, or say which flag is wrong. */
export function parseIntFlag(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} takes a whole number, got ${JSON.stringify(value)}`);
    const n = Number(value);
    if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

export function parseLevel(flag: string) {
  return (value: string): Level => {
    const n = Number(value);
    if (n !== 1 && n !== 2 && n !== 3) throw new UsageError(`${flag} takes 1, 2 or 3, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function parseUrl(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${flag} is not a URL: ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${flag} must be an http or https URL, got ${u.protocol}`);
  if (u.username || u.password) throw new UsageError(`${flag} must not carry credentials; use --account-sid/--auth-token or the TWILIO_* environment`);
  if (u.search || u.hash) throw new UsageError(`${flag} must be a base URL without query or fragment`);
  return value.replace(/\/+$/, '');
}

export { selectChecks } from '../engine/plan/select.ts';

/** The target the flags name, or none (the embedded mock): every command that takes --target reads it here. */
export function targetFromFlags(flags: CredentialFlags & { target?: string; publicBaseUrl?: string }): TargetSpec | undefined {
  const resolved = resolveCredentials(flags);
  if (resolved && 'error' in resolved) throw new UsageError(resolved.error);
  if (!flags.target) return undefined;
  const url = parseUrl('--target', flags.target);
  if (!resolved) {
    throw new UsageError('credentials are needed for --target: --account-sid with --auth-token (or --api-key/--api-secret), or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN');
  }
  const publicBaseUrl = flags.publicBaseUrl ? parseUrl('--public-base-url', flags.publicBaseUrl) : undefined;
  return { url, credentials: resolved, ...(publicBaseUrl ? { publicBaseUrl } : {}) };
}

/** --policy-sid values, each RN followed by 32 hex digits. */
export function policySidsFrom(flags: { policySid?: string[] }): string[] | undefined {
  const sids = flags.policySid;
  if (!sids?.length) return undefined;
  for (const s of sids) {
    if (!/^RN[0-9a-fA-F]{32}$/.test(s)) throw new UsageError(`--policy-sid must be RN followed by 32 hex digits, got ${JSON.stringify(s)}`);
  }
  return sids;
}
