import type { ToolError } from '../../contracts/errors.ts';
import type { LiveSummary } from '../../contracts/report.ts';
import type { LatencyHistogram } from './latency.ts';
import type { Tally } from './tally.ts';

/** What a run gathered: the tally, the latencies, how it ended and what it created. */
export interface RunResult {
  startedAt: Date;
  finishedAt: Date;
  planned: number;
  tally: Tally;
  latency: LatencyHistogram;
  /** why the run stopped early, when it did */
  incomplete?: string;
  /** set when no request ever got an answer */
  unreachable?: string;
  /** planned cases the run did not send because it stopped early (interrupted, unreachable, throttled, a route hanging) */
  notSent?: number;
  retries: number;
  /** with cleanup: sids of the profiles the run created and could not delete (not tracked without cleanup) */
  createdSids: string[];
  /** the tool's own machine failed under a request (CT_ERR_RESOURCE): the run stopped there; not the target's fault */
  toolError?: ToolError;
  /** creates, the budget and the cleanup (always set by runSuite) */
  live?: LiveSummary;
  /** how long the run waited, idle, before its late create (a short run's clock probe; 0 when it did not) */
  clockWaitMs?: number;
}
