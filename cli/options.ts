/**
 * Parsers commander runs on each flag's text: from a string to the value the options model takes
 * (engine/options validates it again, for every entry). Loaded by every command's registration,
 * so it imports nothing of the engine: `--help` and `checks` stay quick.
 */
import type { Command } from 'commander';
import type { Level } from '../contracts/check.ts';
import { type Bounded, boundWords, LIMITS } from '../contracts/limits.ts';
import { UsageError } from './errors.ts';

/** A whole number flag within its bounds (contracts/limits.ts), or one line saying which flag is wrong. */
export function parseIntFlag(flag: string, key: Bounded) {
  const b = LIMITS[key];
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} takes a whole number, got ${JSON.stringify(value)}`);
    const n = Number(value);
    if (n < b.min || n > b.max) throw new UsageError(`${flag} must be ${boundWords(b)}, got ${n}`);
    return n;
  };
}

/** --rps: a number of requests per second, decimals allowed. */
export function parseRate(value: string): number {
  const n = Number(value.trim());
  const b = LIMITS.rps;
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`--rps takes a positive number of requests per second, got ${JSON.stringify(value)}`);
  if (n < b.min || n > b.max) throw new UsageError(`--rps must be ${boundWords(b)} (one request every ${1 / b.min} s at the slowest), got ${n}`);
  return n;
}

export function parseLevel(flag: string) {
  return (value: string): Level => {
    const n = Number(value);
    if (n !== 1 && n !== 2 && n !== 3) throw new UsageError(`${flag} takes 1, 2 or 3, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** A repeatable comma-separated flag (--only L1,L2 --only echo.fields). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** A repeatable flag whose values are kept whole (paths and JSON may hold commas). */
export const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The variable --target falls back on, in every command that sends (run, diff, replay). */
export const TARGET_ENV = 'TRUSTHUB_TARGET';

/**
 * Every option of every command that takes a value refuses an empty one: `--target ''` (an unset
 * variable) would otherwise mean "no target" and certify the embedded mock.
 */
export function refuseEmptyValues(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    for (const opt of cmd.options) {
      if (!opt.required && !opt.optional) continue;
      const parse = opt.parseArg;
      const name = opt.long ?? opt.short ?? opt.flags;
      opt.argParser((value: string, previous: unknown) => {
        if (value.trim() === '') throw new UsageError(`${name} is empty (an unset variable?): give it a value or leave it out`);
        return parse ? parse(value, previous) : value;
      });
    }
  }
}
