import { createHash } from 'node:crypto';
import type { CheckInfo } from '../contracts/check.ts';
import type { Certificate, Verdict } from './model.ts';
import { redactUrlCredentials } from './redact.ts';

/**
 * sha256 of what a certificate vouches for: each check's id, level, severity and source, sorted
 * by id so that reordering the catalog (or editing a title) does not change it, while adding,
 * removing, relevelling or re-sourcing a check does. Returned as `sha256:<64 hex digits>`.
 */
export function catalogFingerprint(catalog: readonly CheckInfo[]): string {
  const rows = catalog
    .map((c) => [c.id, c.level, c.severity, c.source.doc, c.source.ref] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `sha256:${createHash('sha256').update(JSON.stringify(rows), 'utf8').digest('hex')}`;
}

/** Quote a word for a POSIX shell when it needs it. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}

export interface CertificateInput {
  tool: { name: string; version: string };
  catalog: readonly CheckInfo[];
  targetUrl: string;
  /** when the certification ran (ISO 8601) */
  date: string;
  seed: number;
  runs: number;
  verdict: Pick<Verdict, 'conformant' | 'levelAchieved'>;
  /**
   * the command that reruns this certification; by default
   * `npx <tool>@<version> run --target <url> --seed <seed> --runs <runs>`
   */
  rerun?: string;
}

/** The certificate section of a report (model.certificate). */
export function buildCertificate(input: CertificateInput): Certificate {
  const targetUrl = redactUrlCredentials(input.targetUrl);
  const rerun =
    input.rerun ??
    ['npx', `${input.tool.name}@${input.tool.version}`, 'run', '--target', targetUrl, '--seed', String(input.seed), '--runs', String(input.runs)]
      .map(shellWord)
      .join(' ');
  return {
    tool: { name: input.tool.name, version: input.tool.version },
    catalogFingerprint: catalogFingerprint(input.catalog),
    targetUrl,
    date: input.date,
    seed: input.seed,
    runs: input.runs,
    levelAchieved: input.verdict.levelAchieved,
    conformant: input.verdict.conformant,
    rerun,
  };
}
