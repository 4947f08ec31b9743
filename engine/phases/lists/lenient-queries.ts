import { randomBytes } from 'node:crypto';
import type { Exchange } from '../../../contracts/exchange.ts';
import type { RunContext } from '../context.ts';
import { of } from '../probes/credential-routes.ts';

/**
 * List queries a lenient query parser reads as something else than the operation's single string
 * parameters (OpenAPI: FriendlyName, Status and PolicySid are one string each; standards.md Form
 * bodies: names and values compared exactly), each judged by the rules of every list answer: a
 * repeated FriendlyName (list.filters: one of its values, never both), a Status or PolicySid around
 * whitespace (list.filters: no profile holds it, so a 4xx or a page of none) and filters holding
 * control characters (no-server-error, error.envelope: a 200 page or a 4xx envelope).
 */

/**
 * Status and PolicySid values with whitespace around them: none of their type (a Status is one of
 * the documented values, a PolicySid RN and 32 hex digits), so each is a 4xx or a page of none, as
 * MALFORMED_TYPED_FILTERS (list-probes.ts). A converter that trims (Spring's Enum.valueOf(type,
 * source.trim())) lists the profiles of the value inside.
 */
export function paddedTypedFilters(policySid: unknown): Array<readonly [param: 'PolicySid' | 'Status', value: string, what: string]> {
  const out: Array<readonly [param: 'PolicySid' | 'Status', value: string, what: string]> = [
    ['Status', ' draft', 'a Status with a space before it (%20draft)'],
    ['Status', 'draft ', 'a Status with a space after it (draft%20)'],
  ];
  if (typeof policySid === 'string' && policySid !== '') {
    out.push(['PolicySid', ` ${policySid}`, "the lifecycle's PolicySid with a space before it"]);
    out.push(['PolicySid', `${policySid}\n`, "the lifecycle's PolicySid with a line feed after it (%0A)"]);
  }
  return out;
}

/**
 * FriendlyName filters holding control and line-breaking characters (a name may hold them: the
 * creates keep them), and a PolicySid holding U+0000: each a 200 page or a 4xx envelope, never a 5xx
 * (a NUL bound as it arrived is an error of a PostgreSQL text column, which the create path may
 * escape and the list's not). `suffix` (random) keeps the names the run's own: a coverage row
 * named Acme\u0000Corp is in one shard's account only, and what its list showed would depend on it.
 */
export function controlFilters(policySid: unknown, suffix: string): Array<readonly [param: 'FriendlyName' | 'PolicySid', value: string, what: string]> {
  const out: Array<readonly [param: 'FriendlyName' | 'PolicySid', value: string, what: string]> = [
    ['FriendlyName', `Acme\u0000Corp ${suffix}`, 'a FriendlyName holding U+0000 (NUL)'],
    ['FriendlyName', `Acme\tCorp ${suffix}`, 'a FriendlyName holding a tab'],
    ['FriendlyName', `Acme\nCorp ${suffix}`, 'a FriendlyName holding a line feed'],
    ['FriendlyName', `Acme\u2028Corp ${suffix}`, 'a FriendlyName holding U+2028 (LINE SEPARATOR)'],
    ['FriendlyName', `Acme\u0085Corp ${suffix}`, 'a FriendlyName holding U+0085 (NEXT LINE)'],
  ];
  if (typeof policySid === 'string' && policySid !== '') out.push(['PolicySid', `${policySid.slice(0, 10)}\u0000${policySid.slice(10)}`, "the lifecycle's PolicySid with a NUL inside"]);
  return out;
}

/** The padded typed filters and the control filters, in pages of 20. */
export async function probeLenientFilters(ctx: RunContext, ex: Exchange, collection: string, body: Record<string, unknown>): Promise<void> {
  for (const [param, value, what] of [...paddedTypedFilters(body.policy_sid), ...controlFilters(body.policy_sid, randomBytes(4).toString('hex'))]) {
    await ctx.sender.follow('GET', `${collection}?${new URLSearchParams({ [param]: value, PageSize: '20' })}`, of(ex, `list filtered by ${what}`));
  }
}

/**
 * The list by FriendlyName given twice, naming two live profiles (the lifecycle's and the list
 * probes'): which value a server takes is not documented, so the first or the last, or a 4xx; a page
 * of both names (an IN list: qs reads a repeated name as an array, an ORM makes it IN (…)) fails list.filters.
 */
export async function probeRepeatedName(ctx: RunContext, ex: Exchange, collection: string, names: readonly [string, string]): Promise<void> {
  const query = new URLSearchParams([...names.map((name): [string, string] => ['FriendlyName', name]), ['PageSize', '1000']]);
  await ctx.sender.follow('GET', `${collection}?${query}`, of(ex, "list with FriendlyName given twice, the lifecycle's name and the list probes' profile's"));
}
