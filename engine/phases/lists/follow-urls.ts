import { bodyObject } from '../../../contracts/answer.ts';
import type { Exchange, FollowUp, ListWalk } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from '../probes/credential-routes.ts';

/**
 * URLs an answer gave, followed on the target: the resource's own url for the read back, and the
 * list walked page by page through next_page_url (each later page's previous_page_url too).
 */

/**
 * A URL an answer gave, as the run sends it: only ever to the target. On the target's origin as it
 * is; under the public base URL the user stated, moved onto the target; on any other origin (the
 * target behind a proxy, a url built from the real service's host) its path from
 * /v1/CustomerProfiles on and its query, on the target. Anything else is not followed.
 */
export function onTarget(url: unknown, base: string, publicBaseUrl: string | undefined): string | { why: string } {
  if (typeof url !== 'string') return { why: `${JSON.stringify(url)} is not a URL` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { why: `${JSON.stringify(url)} is not an absolute URL` };
  }
  if (parsed.origin === new URL(base).origin) return url;
  const pub = publicBaseUrl?.replace(/\/+$/, '');
  if (pub && url.startsWith(`${pub}/`)) return `${base}${url.slice(pub.length)}`;
  const at = parsed.pathname.indexOf(PATH);
  if (at < 0) return { why: `${url} is on another origin than the target and not under ${PATH}: not followed` };
  return `${base}${parsed.pathname.slice(at)}${parsed.search}`;
}

/**
 * The URL the read back follows: the resource's own url, when it can be sent and names the
 * resource (its path ends in /v1/CustomerProfiles/<sid>: a url that does not is resource.url's
 * failure, and the read back then takes <base>/v1/CustomerProfiles/<sid>). So a url whose base
 * the suite cannot know (no --public-base-url) is shown to lead to the same resource.
 */
export function readBackUrl(ctx: RunContext, ex: Exchange): string {
  const body = bodyObject(ex.response)!;
  const constructed = `${ctx.base}${PATH}/${body.sid as string}`;
  const own = onTarget(body.url, ctx.base, ctx.judgement.ctx.publicBaseUrl);
  return typeof own === 'string' && new URL(own).pathname.endsWith(`${PATH}/${body.sid as string}`) ? own : constructed;
}

const meta = (f: FollowUp | undefined): Record<string, unknown> | undefined => {
  const m = f?.response?.status === 200 ? bodyObject(f.response)?.meta : undefined;
  return m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, unknown>) : undefined;
};

/** How many profiles a whole-list read holds, when it holds them all (no next page). */
function wholeCount(f: FollowUp | undefined): number | undefined {
  const results = f?.response?.status === 200 ? bodyObject(f.response)?.results : undefined;
  const next = meta(f)?.next_page_url;
  return Array.isArray(results) && (next === null || next === undefined) ? results.length : undefined;
}

/** The page a walk's page's previous_page_url leads to (list.previous-page compares it with the page before); undefined when it names none on the target. */
async function followPrevious(ctx: RunContext, ex: Exchange, page: FollowUp, n: number): Promise<FollowUp | undefined> {
  const to = onTarget(meta(page)?.previous_page_url, ctx.base, ctx.judgement.ctx.publicBaseUrl);
  return typeof to === 'string' ? ctx.sender.follow('GET', to, of(ex, `list page ${n}'s previous_page_url`)) : undefined;
}

/** Pages the walk reads at most beyond what the account held when it began (others may add profiles meanwhile). */
const PAGE_SLACK = 20;
/** The pages a walk aims at: enough to cross several page boundaries, few enough to stay cheap. */
const WALK_PAGES = 8;
/** Pages the walk reads at most: an account beyond them is not walked to the end (list.paging and list.walk-complete skip). */
const MAX_WALK_PAGES = 100;

/**
 * The collection read once a run in pages of about an eighth of what the account holds (what
 * `before`, the whole list read just before, held; or what the run knows of the account when that
 * read had a next page), following next_page_url until it is null (and from every page after the first its
 * previous_page_url), then the last page's first_page_url and url, then the whole list again. The one walk of the run: list.paging judges
 * its pages against the whole list, list.walk-complete that they show every profile of the run's
 * (`ex.listWalkAll`, the same pages).
 */
export async function walkList(ctx: RunContext, ex: Exchange, before: FollowUp | undefined): Promise<ListWalk> {
  const { sender, base } = ctx;
  const publicBaseUrl = ctx.judgement.ctx.publicBaseUrl;
  const own = [...sender.own];
  const n = wholeCount(before);
  // no whole count: the read had a next page (over 1,000 profiles) or failed
  const known = n ?? Math.max(1001, (sender.account?.before.size ?? 0) + own.length);
  const pageSize = Math.min(1000, Math.max(1, Math.ceil(known / WALK_PAGES)));
  const cap = Math.min(MAX_WALK_PAGES, Math.ceil(known / pageSize) + PAGE_SLACK);
  const previous: Array<FollowUp | undefined> = [];
  const walk: ListWalk = { pageSize, pages: [], previous, ...(before ? { before } : {}) };
  const followed = new Set<string>();
  let url = `${base}${PATH}?PageSize=${pageSize}`;
  for (;;) {
    followed.add(url);
    const page = await sender.follow('GET', url, of(ex, `list page ${walk.pages.length + 1}, PageSize ${pageSize}`));
    walk.pages.push(page);
    if (walk.pages.length > 1) previous[walk.pages.length - 1] = await followPrevious(ctx, ex, page, walk.pages.length);
    const next = meta(page)?.next_page_url;
    if (next === null || next === undefined) break;
    const to = onTarget(next, base, publicBaseUrl);
    const at = `page ${walk.pages.length}'s next_page_url`;
    if (typeof to !== 'string') {
      walk.stopped = { reason: 'not-on-target', detail: `${at}: ${to.why}` };
      break;
    }
    if (followed.has(to)) {
      walk.stopped = { reason: 'loop', detail: `${at} ${next} leads to a page already read` };
      break;
    }
    if (walk.pages.length >= cap) {
      walk.stopped = { reason: 'cap', detail: `next_page_url still not null after ${cap} pages of ${pageSize}, for ${n ?? 'over 1,000'} profiles` };
      break;
    }
    url = to;
  }
  const last = meta(walk.pages.at(-1));
  for (const [key, field] of [
    ['firstAgain', 'first_page_url'],
    ['selfAgain', 'url'],
  ] as const) {
    const to = onTarget(last?.[field], base, publicBaseUrl);
    if (last && typeof to === 'string') walk[key] = await sender.follow('GET', to, of(ex, `the last list page's ${field}`));
  }
  walk.after = await sender.follow('GET', `${base}${PATH}?PageSize=1000`, of(ex, 'list after the page walk'));
  // a profile the run deleted meanwhile (none: the walk is the lifecycle's alone) is not asked for
  ex.listWalkAll = { pages: walk.pages, own: own.filter((s) => sender.own.has(s)), ...(walk.stopped ? { stopped: walk.stopped.detail } : {}) };
  return walk;
}
