/**
 * The command that reruns a certification, from the resolved options: every option that shapes
 * the plan, the verdict or how the target is spoken to (rate, retries, concurrency, -x), whether it
 * came from a flag, the config file or the library's object, so the same seed draws the same plan
 * and the same target gets the same verdict. Credentials and header values stay in the environment;
 * paths are as given. --shard is left out: the shards' merged report reruns the whole certification.
 */
import { DEFAULTS } from '../../contracts/limits.ts';
import { shellWord } from '../../reports/text.ts';
import { headerRerunArgs } from './headers.ts';
import type { ResolvedOptions } from './model.ts';

export function rerunCommand(o: ResolvedOptions, target: { url: string; embedded: boolean }, extra: readonly string[] = []): string {
  const words: string[] = [];
  const add = (flag: string, value?: string | number) => words.push(value === undefined ? flag : `${flag} ${shellWord(String(value))}`);
  if (!target.embedded) add('--target', target.url);
  add('--seed', o.seed);
  add('--runs', o.runs);
  if (o.only?.length) add('--only', o.only.join(','));
  if (o.skip?.length) add('--skip', o.skip.join(','));
  if (o.requiredLevel !== DEFAULTS.requireLevel) add('--require-level', o.requiredLevel);
  for (const sid of o.policySids ?? []) add('--policy-sid', sid);
  if (o.target?.publicBaseUrl) add('--public-base-url', o.target.publicBaseUrl);
  if (!o.shrink) add('--no-shrink');
  if (o.concurrency !== DEFAULTS.concurrency) add('--concurrency', o.concurrency);
  if (o.timeoutMs !== DEFAULTS.timeout) add('--timeout', o.timeoutMs);
  if (o.maxResponseBytes !== DEFAULTS.maxResponseBytes) add('--max-response-bytes', o.maxResponseBytes);
  if (o.maxFailures !== undefined) add('-x', o.maxFailures);
  if (o.live.production) add('--live');
  // under --live the default budget needs no flag
  if (o.live.maxCreates !== undefined && !(o.live.production && o.live.maxCreates === DEFAULTS.liveMaxCreates)) add('--max-creates', o.live.maxCreates);
  if (o.live.keepCreated) add('--keep-created');
  const t = o.transport;
  if (t.rps !== undefined) add('--rps', t.rps);
  if (t.retries !== DEFAULTS.retries) add('--retries', t.retries);
  if (t.retryMaxMs !== DEFAULTS.retryMaxTime) add('--retry-max-time', t.retryMaxMs);
  if (t.insecure) add('--insecure');
  if (t.caFile) add('--ca-file', t.caFile);
  // the names only: each value from its TRUSTHUB_HEADER_<NAME> variable
  words.push(...headerRerunArgs(o.headers));
  words.push(...extra);
  if (o.evidence.observations) add('--observations', o.evidence.observations);
  if (o.evidence.deviations) add('--deviations', o.evidence.deviations);
  return ['npx trusthub-conformance run', ...words].join(' ');
}
