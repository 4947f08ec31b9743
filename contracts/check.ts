import type { Exchange, JudgeContext } from './exchange.ts';

export type Level = 1 | 2 | 3;
export type Severity = 'MUST' | 'SHOULD';

/**
 * Where a check's rule comes from. Only the first four ('standard': a public
 * standard such as RFC 9110 or RFC 8259, cited with its section) may back a MUST, with one exception the
 * suite's charter (issue 3) sets on purpose: no response may carry the caller's credentials, a
 * level 1 MUST resting on 'suite'. Every other 'suite' check is a SHOULD (a test enforces it).
 */
export type SourceDoc = 'seed' | 'openapi' | 'twilio-behaviour' | 'standard' | 'suite';

export interface Source {
  doc: SourceDoc;
  /** the passage or public reference the rule rests on */
  ref: string;
}

export interface CheckInfo {
  id: string;
  title: string;
  level: Level;
  severity: Severity;
  source: Source;
}

/** The outcome of one check on one exchange; null when the check does not apply. */
export type Outcome =
  | { status: 'pass' }
  | { status: 'fail'; message: string }
  | { status: 'skip'; reason: string }
  | null;

export type Judge = (exchange: Exchange, context: JudgeContext) => Outcome;

export interface Check extends CheckInfo {
  judge: Judge;
}
