import { shellWord } from '../reports/text.ts';
import type { PactFlags } from './pact.ts';

/**
 * The Pact words of the rerun command (the rest comes from the resolved options,
 * engine/options/rerun.ts): the pacts are the run command's own part, prepared from its flags.
 */
export function pactRerunArgs(flags: PactFlags): string[] {
  const words: string[] = [];
  const add = (flag: string, value?: string) => words.push(value === undefined ? flag : `${flag} ${shellWord(value)}`);
  if (flags.pact) add('--pact');
  for (const f of flags.pactFile ?? []) add('--pact-file', f);
  if (flags.pactBrokerUrl) add('--pact-broker-url', flags.pactBrokerUrl);
  for (const s of flags.pactConsumerVersionSelector ?? []) add('--pact-consumer-version-selector', s);
  if (flags.pactProvider) add('--pact-provider', flags.pactProvider);
  return words;
}
