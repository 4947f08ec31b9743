import type { Level } from '../contracts/check.ts';
import type { CredentialFlags } from '../engine/transport/credentials.ts';
import type { PactFlags } from './pact.ts';

/** The parsed `run` flags; the Pact ones are declared beside their reader (cli/pact.ts). */
export interface RunFlags extends PactFlags, CredentialFlags {
  target?: string;
  runs: number;
  seed?: number;
  concurrency: number;
  timeout: number;
  only?: string[];
  skip?: string[];
  requireLevel: Level;
  reportDir: string;
  format?: string;
  policySid?: string[];
  publicBaseUrl?: string;
  shrink: boolean;
  maxResponseBytes: number;
  progress: boolean;
  // real targets (cli/live.ts)
  live?: boolean;
  maxCreates?: number;
  keepCreated?: boolean;
  dryRun?: boolean;
  rps?: number;
  retries: number;
  retryMaxTime: number;
  caFile?: string;
  insecure?: boolean;
  /** run only shard index/count of the plan (cli/commands/merge.ts combines the shards) */
  shard?: { index: number; count: number };
  /** the config file (cli/config.ts); default: trusthub-conformance.config.* in the working directory */
  config?: string;
  // Evidence beyond the spec (evidence/run.ts, docs/evidence.md)
  record?: string;
  observations?: string;
  deviations?: string;
  /** -H "Name: value", repeatable (cli/headers.ts) */
  header?: string[];
  /** -x: stop after this many failing checks */
  maxFailures?: number;
  /** -v: one line per exchange on stderr */
  verbose?: boolean;
  /** seconds to wait for the target's first answer */
  waitForTarget?: number;
}
