import { ToolError } from '../contracts/errors.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * Helpers shared by the evidence files a user hands the CLI (cassettes, observations,
 * deviations, expected divergences): each problem becomes one line naming the file and the
 * place in it, which the CLI prints and exits 2 with.
 */
export class EvidenceFileError extends ToolError {
  constructor(message: string) {
    super('CT_ERR_FILE', message);
    this.name = 'EvidenceFileError';
  }
}

/** Read and parse a JSON file, or say in one line why not. */
export async function readJsonFile(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new EvidenceFileError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new EvidenceFileError(`${flag} ${basename(path)}: not JSON (${(err as Error).message})`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A declaration that holds through its `expires` day (UTC) and lapses the day after. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && expires < utcDate(now);
}
