/**
 * The bounds and defaults of every numeric option, in one table: the flag parsers (cli/flags.ts),
 * the config file's schema (contracts/config.ts) and the options model every entry goes through
 * (engine/options/) all read them here.
 */

export interface Bound {
  min: number;
  max: number;
  /** whole numbers only (false: decimals allowed, e.g. --rps 0.5) */
  integer: boolean;
}

const whole = (min: number, max = Number.MAX_SAFE_INTEGER): Bound => ({ min, max, integer: true });

export const LIMITS = {
  runs: whole(1, 10_000_000),
  seed: whole(0, 2 ** 31 - 1),
  concurrency: whole(1, 1024),
  /** ms */
  timeout: whole(1, 600_000),
  maxResponseBytes: whole(1024),
  maxCreates: whole(1),
  maxFailures: whole(1),
  retries: whole(0, 10),
  /** ms */
  retryMaxTime: whole(0, 600_000),
  /** requests per second: one every 1000 s at the slowest */
  rps: { min: 0.001, max: 100_000, integer: false } as Bound,
  /** seconds */
  waitForTarget: whole(1, 3600),
  /** diff: divergence rows on the terminal */
  maxRows: whole(0, 1_000_000),
  /** replay: a plan index */
  case: whole(0),
} as const satisfies Record<string, Bound>;

export type Bounded = keyof typeof LIMITS;

/** What every entry uses when an option is not given. */
export const DEFAULTS = {
  runs: 100,
  concurrency: 8,
  timeout: 10_000,
  maxResponseBytes: 1024 * 1024,
  requireLevel: 3,
  retries: 3,
  retryMaxTime: 30_000,
  /** the create budget of a run on Twilio's production API (--live) when none is given */
  liveMaxCreates: 10,
} as const;

/** "a whole number from 1 to 1024", "a whole number, at least 1", "a number from 0.001 to 100000" */
export function boundWords(b: Bound): string {
  const kind = b.integer ? 'a whole number' : 'a number';
  return b.max === Number.MAX_SAFE_INTEGER ? `${kind}, at least ${b.min}` : `${kind} from ${b.min} to ${b.max}`;
}
