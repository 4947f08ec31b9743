import type { Check } from '../../contracts/check.ts';
import type { AuthMode, Exchange, Reply, TestCase } from '../../contracts/exchange.ts';
import type { Judgement } from '../judge/evaluate.ts';
import type { HealthMonitor } from '../transport/health.ts';
import type { LatencyHistogram } from '../judge/latency.ts';
import type { PlanCursor } from '../plan/cursor.ts';
import type { Sender } from '../transport/sender.ts';
import type { Stream } from '../plan/plan.ts';

/** What every phase of a run shares: the plan, the sender, the judgement and the run's state. */
export interface RunContext {
  base: string;
  checks: readonly Check[];
  plan: PlanCursor;
  sender: Sender;
  health: HealthMonitor;
  judgement: Judgement;
  latency: LatencyHistogram;
  concurrency: number;
  /** the property streams, for shrinking */
  streams: readonly Stream[];
  shrink: boolean;
  shrinkBudget: number;
  /** the policies the run creates with (a shrunk case's PolicySid becomes the first) */
  policySids?: readonly string[];
  /** how many fixed creates get follow-ups */
  followUps: number;
  /** the late create comes no sooner than this after the first answer (RunOptions.clockSpanMs) */
  clockSpanMs: number;
  /** how long the run waited for it (RunResult.clockWaitMs) */
  clockWaitMs: number;
  /** fixed creates waiting for their whole lifecycle (their recording waits with them) */
  awaitingFollowUps: Exchange[];
  /** fixed and coverage creates with hard text, waiting to be read back */
  awaitingReadBack: Exchange[];
  /** profiles created with an accepted shape other than the caller's own, deleted with it in the follow-ups */
  shapeProfiles: ShapeProfile[];
  /** the run holds the plan's fixed cases (no shard, or shard 1): the once-a-run reads are its */
  firstShard: boolean;
  /** the profiles the account's list showed before the run's first request, sid → date_created (audit.ts); absent when it could not be read */
  before?: ReadonlyMap<string, unknown>;
  /** the first of them as that list showed them, every field (wholeKey of engine/transport/account.ts) */
  wholeBefore?: ReadonlyMap<string, string>;
  /** the plan indices whose creates are read back (follow-ups.ts readBackIndices) */
  readBackIndices: ReadonlySet<number>;
  signal?: AbortSignal;
  /** true once the run must send nothing more */
  stopped(): boolean;
  /** a planned case was dealt with (sent, or not sent for a reason the report gives) */
  progressed(): void;
  /** hand a judged exchange to the caller (recording, verbose output) */
  emit(ex: Exchange): void;
  /**
   * an answer that is no case's own, that the Sender did not hand on itself (the final answer of a
   * create the model phase sent): judged by the rules of its kind and handed to the caller
   */
  answered(reply: Reply): void;
  /**
   * a case a probe sent that is no case of the plan (the account's other pair's cases: probes/other-pair.ts):
   * judged by every case rule, and handed to the caller as an answer (not as an exchange of the plan: a
   * diff pairs those by plan index)
   */
  judgeCase(ex: Exchange): void;
  /** what the model phase runs (engine/phases/model/model.ts) */
  model: ModelPlan;
  /**
   * the target is on this machine (loopback): a probe that a defective target would answer by
   * removing every profile of the account (a DELETE of the collection) is sent only then
   */
  onThisMachine: boolean;
}

/** The account model's share of a run: its sequences, drawn from the run's seed. */
export interface ModelPlan {
  seed: number;
  /** how many sequences this run sends (0 in a shard other than the first) */
  sequences: number;
  /** at most this many creates may the phase make: what the create budget leaves the plan's cases (Infinity: no budget) */
  maxCreates: number;
}

/** A profile a create made with an accepted shape other than the caller's own (`basic`, `BASIC`): deleted with that shape (credential-routes.ts). */
export interface ShapeProfile {
  auth: AuthMode;
  sid: string;
  index: number;
  case: TestCase;
}

/** One stage of a run: the orchestrator calls each in order. */
export interface Phase {
  name: string;
  run(ctx: RunContext): Promise<void>;
}
