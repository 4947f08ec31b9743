import { catalogFingerprint } from '../contracts/catalog.ts';
import type { Check } from '../contracts/check.ts';
import { TOOL } from '../contracts/tool.ts';
import type { Report } from '../contracts/report.ts';
import { type Credentials, secretsOf } from '../engine/credentials.ts';
import { applyDeviations, type Deviation, deviationLines, loadDeviations } from './deviations.ts';
import { CassetteRecorder } from './har.ts';
import { citeObservations, type LoadedObservations, loadObservations, withObservations } from './observations.ts';
import type { RunResult } from '../engine/run.ts';

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
  /** complete the cassette; returns the line to print */
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
}

export interface RunEvidence {
  observations?: LoadedObservations;
  deviations?: Deviation[];
  /** the checks to run: observed.behaviour judging by the loaded observations */
  checks(checks: readonly Check[]): Check[];
  /** start recording, when --record was given */
  record(info: RecordingInfo): Recording | undefined;
  /** cite the observations in the report and apply the deviations; returns lines for the terminal */
  finishReport(report: Report, now?: Date): string[];
}

/** The evidence flags a rerun of the certification needs (they change its checks and verdict; --record does not). */
export function evidenceRerunArgs(flags: RunEvidenceFlags): string[] {
  const args: string[] = [];
  if (flags.observations) args.push(`--observations ${flags.observations}`);
  if (flags.deviations) args.push(`--deviations ${flags.deviations}`);
  return args;
}

/** Load the evidence files of a run before anything is sent. */
export async function loadRunEvidence(flags: RunEvidenceFlags): Promise<RunEvidence> {
  const observations = flags.observations ? await loadObservations(flags.observations) : undefined;
  const deviations = flags.deviations ? await loadDeviations(flags.deviations) : undefined;
  return {
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
        secretsOf(info.credentials),
      );
      return {
        add: recorder.add,
        close(result) {
          const end = recorder.close({ finishedAt: result.finishedAt, ...(result.incomplete ? { incomplete: result.incomplete } : {}) });
          return `cassette: ${recorder.path} (${end.exchanges} exchanges, ${end.entries} HAR entries${end.redactedResponses ? `, credentials redacted in ${end.redactedResponses} responses` : ''})`;
        },
        abort: () => recorder.abort(),
      };
    },
    finishReport(report, now = new Date()) {
      citeObservations(report.checks, observations);
      if (!deviations) return [];
      applyDeviations(report, deviations, now);
      return deviationLines(report);
    },
  };
}
