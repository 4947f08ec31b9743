import { catalogFingerprint } from '../contracts/catalog.ts';
import type { Check } from '../contracts/check.ts';
import { TOOL } from '../contracts/tool.ts';
import type { Credentials } from '../engine/transport/credentials.ts';
import { runSecrets } from '../engine/run/run.ts';
import type { ReportInputs } from '../engine/judge/report.ts';
import { declarationsOf, type Deviation, loadDeviations } from './deviations.ts';
import { CassetteRecorder } from './har.ts';
import type { ToolError } from '../contracts/errors.ts';
import { errorWords, WriteError } from '../reports/files.ts';
import { citeObservations, type LoadedObservations, loadObservations, withObservations } from './observations.ts';
import type { RunResult } from '../engine/run/run.ts';

/**
 * What `run` does with evidence beyond the spec, in one place so the run action only calls it:
 * --record FILE (a HAR cassette of every exchange), --observations FILE (the observed.behaviour
 * check), --deviations FILE (declared deviations on the report and its certificate).
 * Problems with the files are EvidenceFileErrors: one line, exit 2.
 */
export interface RunEvidenceFlags {
  record?: string;
  observations?: string;
  deviations?: string;
}

export interface Recording {
  /** the runner's onExchange */
  add: CassetteRecorder['add'];
  /** complete the cassette; returns the line to print (a write failure is kept in RunEvidence.failures, never thrown) */
  close(result: RunResult): string;
  /** remove the partial file (no-op once closed) */
  abort(): void;
}

export interface RecordingInfo {
  target: string;
  embedded: boolean;
  seed: number;
  runs: number;
  policySids?: string[];
  shard?: { index: number; count: number };
  credentials: Credentials;
  /** headers sent with every request: their values are secrets too */
  headers?: Readonly<Record<string, string>>;
}

export interface RunEvidence {
  /** what could not be written (the cassette): the tool's own failures, kept for the exit code */
  readonly failures: ToolError[];
  observations?: LoadedObservations;
  deviations?: Deviation[];
  /** the checks to run: observed.behaviour judging by the loaded observations */
  checks(checks: readonly Check[]): Check[];
  /** start recording, when --record was given */
  record(info: RecordingInfo): Recording | undefined;
  /** what the report takes from the evidence: the observations' citation and the declared deviations (expired at `now`) */
  reportInputs(now?: Date): Pick<ReportInputs, 'amendChecks' | 'declarations'>;
}

/** Load the evidence files of a run before anything is sent. */
export async function loadRunEvidence(flags: RunEvidenceFlags): Promise<RunEvidence> {
  const observations = flags.observations ? await loadObservations(flags.observations) : undefined;
  const deviations = flags.deviations ? await loadDeviations(flags.deviations) : undefined;
  const failures: ToolError[] = [];
  return {
    failures,
    observations,
    deviations,
    checks: (checks) => withObservations(checks, observations),
    record(info) {
      if (!flags.record) return undefined;
      const recorder = CassetteRecorder.open(
        flags.record,
        {
          cassetteVersion: 1,
          tool: { ...TOOL },
          target: info.target,
          ...(info.embedded ? { embedded: true } : {}),
          seed: info.seed,
          runs: info.runs,
          ...(info.policySids?.length ? { policySids: info.policySids } : {}),
          ...(info.shard ? { shard: info.shard } : {}),
          startedAt: new Date().toISOString(),
          catalogFingerprint: catalogFingerprint(),
        },
        runSecrets(info.credentials, info.headers),
      );
      return {
        add: recorder.add,
        close(result) {
          let end: ReturnType<CassetteRecorder['close']>;
          try {
            end = recorder.close({ finishedAt: result.finishedAt, ...(result.incomplete ? { incomplete: result.incomplete } : {}) });
          } catch (err) {
            // the run is done and judged: a cassette that cannot be written costs the cassette, not the report
            if (!(err instanceof WriteError)) throw err;
            failures.push(err);
            return `cassette: not written (${errorWords(err.cause)}); the reports are written all the same`;
          }
          return `cassette: ${recorder.path} (${end.exchanges} exchanges, ${end.entries} HAR entries${end.redactedResponses ? `, credentials redacted in ${end.redactedResponses} responses` : ''})`;
        },
        abort: () => recorder.abort(),
      };
    },
    reportInputs(now = new Date()) {
      return {
        amendChecks: (checks) => citeObservations(checks, observations),
        ...(deviations ? { declarations: declarationsOf(deviations, now) } : {}),
      };
    },
  };
}
