import type { CheckInfo } from '../contracts/check.ts';
import { catalogFingerprint } from '../contracts/catalog.ts';
import { type Certificate, certificateTarget, type PartialRun, type Verdict } from '../contracts/report.ts';
import { redactUrlCredentials } from './redact.ts';
import { shellWord } from './text.ts';

/**
 * sha256 of what a certificate vouches for: each check's id, level, severity and source (not
 * titles), as `sha256:<64 hex digits>`. One implementation, in contracts/catalog.ts, which the
 * runner also uses, so a report's certificate and this function always agree.
 */
export { catalogFingerprint };


export interface CertificateInput {
  tool: { name: string; version: string };
  catalog: readonly CheckInfo[];
  targetUrl: string;
  /** when the certification ran (ISO 8601) */
  date: string;
  seed: number;
  runs: number;
  verdict: Pick<Verdict, 'conformant' | 'levelAchieved'>;
  /** the target was the embedded reference mock: the certificate names it, not its ephemeral 127.0.0.1 port */
  embedded?: boolean;
  /** the run left catalog checks out (judgeLevels' `partial`): the certificate says so */
  partial?: PartialRun;
  /**
   * the command that reruns this certification; by default
   * `npx <tool>@<version> run --target <url> --seed <seed> --runs <runs>`
   */
  rerun?: string;
}

/** The certificate section of a report (model.certificate). */
export function buildCertificate(input: CertificateInput): Certificate {
  const url = redactUrlCredentials(input.targetUrl);
  const targetUrl = certificateTarget(url, input.embedded === true, input.tool.version);
  const rerun =
    input.rerun ??
    ['npx', `${input.tool.name}@${input.tool.version}`, 'run', ...(input.embedded ? [] : ['--target', url]), '--seed', String(input.seed), '--runs', String(input.runs)]
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
    ...(input.partial ? { partial: input.partial } : {}),
  };
}
