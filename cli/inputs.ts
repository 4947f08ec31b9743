/**
 * From a command's parsed flags (the config file merged in) to the options model's input
 * (engine/options): the one place a flag's name meets the model's key. Everything after reads the
 * resolved options, never the flags.
 */
import type { Command } from 'commander';
import { OPTION_KEYS, type OptionInput } from '../engine/options/model.ts';
import type { ResolveContext } from '../engine/options/resolve.ts';
import type { RunFlags } from './run-flags.ts';

/** Without the keys whose value is undefined: the model refuses a key given with no value. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The flags a sending command (run, diff, replay) may have: the model's keys, but the repeatable
 * flags under their own names (--policy-sid, -H).
 */
export interface SendFlags extends Omit<OptionInput, 'policySids' | 'headers'> {
  policySid?: string[];
  header?: string[];
}

/** A sending command's flags as the model's input: the keys the model knows, nothing about the terminal. */
export function sendInput(flags: SendFlags): OptionInput {
  const known = [...OPTION_KEYS].filter((k) => k !== 'policySids' && k !== 'headers').map((k) => [k, (flags as Record<string, unknown>)[k]]);
  return defined({ ...Object.fromEntries(known), policySids: flags.policySid, headers: flags.header }) as OptionInput;
}

/** `run`'s flags as the model's input, and whether Pact verification is asked for. */
export function runInput(flags: RunFlags): OptionInput {
  return { ...sendInput({ ...flags, pact: undefined } as SendFlags), ...(flags.pact || flags.pactFile?.length || flags.pactBrokerUrl ? { pact: true } : {}) };
}

/** Credentials the config file gave, named as its keys (a flag or a variable names itself). */
export function credentialOrigins(cmd: Command | undefined): ResolveContext['origins'] {
  const origins: NonNullable<ResolveContext['origins']> = {};
  for (const key of ['accountSid', 'authToken', 'apiKey', 'apiSecret', 'secondAccountSid', 'secondAuthToken', 'secondApiKey', 'secondApiSecret'] as const) {
    if (cmd?.getOptionValueSource(key) === 'config') origins[key] = `${key} in the config file`;
  }
  return origins;
}
