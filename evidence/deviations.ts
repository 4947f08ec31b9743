import { basename } from 'node:path';
import { RENAMED_CHECKS, resolveCheckId } from '../contracts/catalog.ts';
import { type Report, UNEXCUSABLE_CHECKS } from '../contracts/report.ts';
import { EvidenceFileError, isCalendarDate, isExpired, isObject, readJsonFile } from './files.ts';

/**
 * Declared deviations: a vendor states, per check, where its implementation knowingly differs.
 * A declared check still runs and is reported, marked `declared`; while the declaration holds,
 * its failure does not cost the verdict. Every declaration needs an `expires` day: past it, the
 * failure counts again. `no-credential-leak` cannot be declared (contracts/report.ts
 * UNEXCUSABLE_CHECKS): a leak is never a known deviation.
 */

export const DEVIATIONS_VERSION = 1;

export interface Deviation {
  check: string;
  reason: string;
  /** YYYY-MM-DD: the last day the declaration holds (UTC); required */
  expires: string;
}

/** Parse a deviations document; throws EvidenceFileError naming the first problem. */
export function parseDeviations(doc: unknown, name: string): Deviation[] {
  const at = `--deviations ${name}`;
  if (!isObject(doc)) throw new EvidenceFileError(`${at}: expected a JSON object {"deviationsVersion":1,"deviations":[…]}`);
  if (doc.deviationsVersion !== DEVIATIONS_VERSION) {
    throw new EvidenceFileError(`${at}: deviationsVersion must be ${DEVIATIONS_VERSION}, got ${JSON.stringify(doc.deviationsVersion)}`);
  }
  if (!Array.isArray(doc.deviations)) throw new EvidenceFileError(`${at}: deviations must be an array`);
  const seen = new Set<string>();
  return doc.deviations.map((d: unknown, i: number) => {
    const here = `${at}: deviations[${i}]`;
    if (!isObject(d)) throw new EvidenceFileError(`${here} is not an object`);
    // a check's former id (catalog RENAMED_CHECKS) declares the check under its new id
    const check = typeof d.check === 'string' ? resolveCheckId(d.check) : undefined;
    if (check === undefined) {
      throw new EvidenceFileError(`${here}.check: no check named ${JSON.stringify(d.check)} (see 'trusthub-conformance checks')`);
    }
    if (UNEXCUSABLE_CHECKS.includes(check)) {
      throw new EvidenceFileError(`${here}.check: ${check} cannot be declared: a leak of the caller's credentials is never a known deviation`);
    }
    const also = Object.hasOwn(RENAMED_CHECKS, d.check as string) ? ` (${d.check} is its former id)` : '';
    if (seen.has(check)) throw new EvidenceFileError(`${here}.check: ${check} is declared twice${also}`);
    seen.add(check);
    if (typeof d.reason !== 'string' || d.reason.trim() === '') throw new EvidenceFileError(`${here}.reason must say why (a non-empty string)`);
    if (d.expires === undefined) throw new EvidenceFileError(`${here}.expires is required: a declaration holds until a date (YYYY-MM-DD), then counts as a failure again`);
    if (!isCalendarDate(d.expires)) {
      throw new EvidenceFileError(`${here}.expires must be a date YYYY-MM-DD, got ${JSON.stringify(d.expires)}`);
    }
    return { check, reason: d.reason, expires: d.expires };
  });
}

export async function loadDeviations(path: string): Promise<Deviation[]> {
  return parseDeviations(await readJsonFile(path, '--deviations'), basename(path));
}

/** The declarations as the report takes them: each with whether it has expired at `now`. */
export function declarationsOf(deviations: readonly Deviation[], now: Date): Array<Deviation & { expired: boolean }> {
  return deviations.map((d) => ({ ...d, expired: isExpired(d.expires, now) }));
}

/** "conformant with 1 declared deviation (resource.url)" and the lines that list them, for the terminal. */
export function deviationLines(report: Report): string[] {
  const list = report.certificate.declaredDeviations;
  if (!list?.length) return [];
  const excused = list.filter((d) => d.excused);
  const head = report.verdict.conformant
    ? `conformant with ${excused.length} declared deviation${excused.length === 1 ? '' : 's'}`
    : `not conformant; ${excused.length} declared deviation${excused.length === 1 ? '' : 's'} in effect`;
  const lines = [`${head}:`];
  for (const d of list) {
    const expiry = d.expires ? `, expires ${d.expires}` : '';
    const state = d.expired
      ? `EXPIRED${expiry}: counts as a failure again`
      : d.excused
        ? `declared${expiry}`
        : `declared${expiry}, not needed: the check ${d.checkStatus === 'not-run' ? 'did not run' : d.checkStatus === 'pass' ? 'passed' : 'was skipped'}`;
    lines.push(`  ${d.check} (${state}): ${d.reason}`);
  }
  return lines;
}
