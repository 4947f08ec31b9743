import type { OpenedTarget } from '../engine/run/certify.ts';
import { shellWord } from '../reports/text.ts';
import { DEFAULT_RUNS, type RunFlags } from './run-flags.ts';
import { headerRerunArgs, parseHeaders } from './headers.ts';

/**
 * The command that reruns a certification: every option that shapes the plan or the verdict,
 * whether it came from a flag or the config file (the config is merged into the flags by then),
 * so the same seed draws the same plan and the same target gets the same verdict. Credentials
 * and tokens stay in the environment; paths are as given. --shard is left out: the shards' merged
 * report reruns the whole certification.
 */
export function rerunCommand(flags: RunFlags, seed: number, target: OpenedTarget): string {
  const words: string[] = [];
  const add = (flag: string, value?: string | number) => words.push(value === undefined ? flag : `${flag} ${shellWord(String(value))}`);
  if (!target.embedded) add('--target', target.url);
  add('--seed', seed);
  add('--runs', flags.runs ?? DEFAULT_RUNS);
  if (flags.only?.length) add('--only', flags.only.join(','));
  if (flags.skip?.length) add('--skip', flags.skip.join(','));
  if (flags.requireLevel !== undefined && flags.requireLevel !== 3) add('--require-level', flags.requireLevel);
  for (const sid of flags.policySid ?? []) add('--policy-sid', sid);
  if (flags.publicBaseUrl) add('--public-base-url', flags.publicBaseUrl);
  if (flags.shrink === false) add('--no-shrink');
  if (flags.timeout !== undefined && flags.timeout !== 10_000) add('--timeout', flags.timeout);
  if (flags.maxResponseBytes !== undefined && flags.maxResponseBytes !== 1024 * 1024) add('--max-response-bytes', flags.maxResponseBytes);
  if (flags.maxCreates !== undefined) add('--max-creates', flags.maxCreates);
  if (flags.live) add('--live');
  if (flags.insecure) add('--insecure');
  if (flags.caFile) add('--ca-file', flags.caFile);
  // the names only: each value from its TRUSTHUB_HEADER_<NAME> variable
  words.push(...headerRerunArgs(parseHeaders(flags.header)));
  if (flags.pact) add('--pact');
  for (const f of flags.pactFile ?? []) add('--pact-file', f);
  if (flags.pactBrokerUrl) add('--pact-broker-url', flags.pactBrokerUrl);
  for (const s of flags.pactConsumerVersionSelector ?? []) add('--pact-consumer-version-selector', s);
  if (flags.pactProvider) add('--pact-provider', flags.pactProvider);
  if (flags.observations) add('--observations', flags.observations);
  if (flags.deviations) add('--deviations', flags.deviations);
  return ['npx trusthub-conformance run', ...words].join(' ');
}
