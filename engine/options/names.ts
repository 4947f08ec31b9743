/**
 * How an option is named in a one-line error: as the flag (`--max-creates`) when the entry is the
 * command line, as the key (`maxCreates`) when it is the library or the vitest adapter.
 */
import { OptionError } from '../../contracts/errors.ts';
import { type Bounded, boundWords, LIMITS } from '../../contracts/limits.ts';

export type Naming = 'flags' | 'keys';

/** Keys whose flag is not their name in kebab case. */
const FLAG_OF: Readonly<Record<string, string>> = {
  policySids: '--policy-sid',
  headers: '--header',
  requireLevel: '--require-level',
};

/** `maxCreates` → `--max-creates` (flags) or `maxCreates` (keys). */
export function nameOf(key: string, naming: Naming): string {
  if (naming === 'keys') return key;
  return FLAG_OF[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A value given as a bounded number: in range, whole where it must be; else one line naming it. */
export function bounded(key: Bounded, value: unknown, naming: Naming): number {
  const b = LIMITS[key];
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= b.min && value <= b.max && (!b.integer || Number.isInteger(value));
  if (!ok) throw new OptionError(`${nameOf(key, naming)} must be ${boundWords(b)}, got ${show(value)}`);
  return value;
}

/** A value as the error line shows it (never a secret: only used for non-secret options). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An http(s) base URL without credentials, query or fragment; returned without trailing slashes. */
export function baseUrl(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new OptionError(`${name} must be an http or https URL, got ${show(value)}`);
  if (value.trim() === '') throw new OptionError(`${name} is empty (an unset variable?): give it a value or leave it out`);
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new OptionError(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new OptionError(`${name} must be an http or https URL, got ${u.protocol}`);
  if (u.username || u.password) throw new OptionError(`${name} must not carry credentials; use --account-sid/--auth-token or the TWILIO_* environment`);
  if (u.search || u.hash) throw new OptionError(`${name} must be a base URL without query or fragment`);
  return value.replace(/\/+$/, '');
}

/** Policy SIDs: each RN followed by 32 hex digits; undefined when none. */
export function policySids(name: string, sids: readonly unknown[] | undefined): string[] | undefined {
  if (!sids?.length) return undefined;
  for (const s of sids) {
    if (typeof s !== 'string' || !/^RN[0-9a-fA-F]{32}$/.test(s)) throw new OptionError(`${name} must be RN followed by 32 hex digits, got ${show(s)}`);
  }
  return [...(sids as string[])];
}
