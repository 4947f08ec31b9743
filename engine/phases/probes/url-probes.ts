import type { Exchange, FollowUp, UrlProbes } from '../../../contracts/exchange.ts';
import { FORWARDED_HOST } from '../../../contracts/schemas.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';

/** The host a request names in its own Host header: no host of the target's. */
export const OTHER_HOST = 'attacker.invalid';

/**
 * Request headers an answer's URLs must not be built from, each set sent on a fetch and a list:
 * the url and links are the service's own (twilio-behaviour.md), whatever Host, X-Forwarded-Host,
 * -Proto, -Port, -Prefix or Forwarded the request carried (a framework's absolute-URL builder reads
 * Host; a proxy fix trusts the forwarded ones, a client's own too).
 */
export const URL_HEADER_SETS: ReadonlyArray<readonly [what: string, headers: Readonly<Record<string, string>>, localOnly?: true]> = [
  [`Host: ${OTHER_HOST}`, { host: OTHER_HOST }, true],
  ['X-Forwarded-Prefix: /x and X-Forwarded-Port: 8443', { 'x-forwarded-prefix': '/x', 'x-forwarded-port': '8443' }],
  [`X-Forwarded-Host: ${FORWARDED_HOST}, X-Forwarded-Proto: http and Forwarded`, { 'x-forwarded-host': FORWARDED_HOST, 'x-forwarded-proto': 'http', forwarded: `host=${FORWARDED_HOST};proto=http` }],
];

/**
 * Once a run (resource.url-not-from-request): the lifecycle's profile fetched plainly, then fetched
 * and the list read (PageSize=1) with each set of URL_HEADER_SETS. A Host of another name goes to
 * a target on this machine only: a remote target's front end (a CDN, a virtual host) answers it
 * with a page of its own before the service. Reads only.
 */
export async function probeUrlHeaders(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  const plain = await ctx.sender.follow('GET', url, of(ex, 'fetch of the profile, before the fetches with Host and forwarded headers'));
  const sent: UrlProbes['sent'] = [];
  for (const [what, headers, localOnly] of URL_HEADER_SETS) {
    if (localOnly && !ctx.onThisMachine) continue;
    const withHeaders = (purpose: string) => ({ ...of(ex, `${purpose} with ${what}`), headers });
    const fetch: FollowUp = await ctx.sender.follow('GET', url, withHeaders('fetch of the profile'));
    const list: FollowUp = await ctx.sender.follow('GET', `${ctx.base}${PATH}?PageSize=1`, withHeaders('list'));
    sent.push({ what, fetch, list });
  }
  ex.urlProbes = { plain, sent };
}
