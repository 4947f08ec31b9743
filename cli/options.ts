
import type { Level } from '../contracts/check.ts';
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

export { selectChecks } from '../engine/select.ts';
