import { randomBytes } from 'node:crypto';
import { bodyObject } from '../../../contracts/answer.ts';
import { type ChangingWalk, type Exchange, type FollowUp, replyOf } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import { sleep } from '../../transport/retry.ts';
import type { RunContext } from '../context.ts';
import { of } from '../probes/credential-routes.ts';
import { onTarget } from './follow-urls.ts';
import { withFields } from '../model/execution.ts';

/** How many profiles of one name the run makes for the walk before it begins. */
export const WALK_PROFILES = 6;
/** The walk's page size: small, so a few profiles cross several page boundaries. */
export const CHANGING_PAGE_SIZE = 2;
/** How long after its page was served a next_page_url is followed late (ms): a client may take its time between pages. */
export const LATE_PAGE_MS = 4000;
/** When each DELETE goes after the list read it races (ms): a page loaded in two steps (its sids, then each row) has a DELETE land between them. */
export const DELETE_AFTER_LIST_MS = [1, 2, 0, 3] as const;
/** Pages the walk reads at most (its few profiles fill four or five pages of two). */
const MAX_PAGES = 10;
/**
 * The walk's name (a random suffix after it): & + # = in it, which a next_page_url written with
 * encodeURI (not encodeURIComponent) leaves raw, so its next page asks another name (list.filters).
 */
export const WALK_NAME = 'Tom & Jerry + #1 = walked while it changes';
/**
 * How many profiles of the name the run holds when it lists the name without PageSize (the default,
 * 50): more than 10, the default size of an Elasticsearch search, which a filtered list served by a
 * search cluster that is passed no size shows (list.filter-complete). The ones beyond WALK_PROFILES
 * are deleted before the walk.
 */
export const UNPAGED_PROFILES = 11;

/** The sids of a 200 list page, or undefined when it is none. */
function sidsOf(f: FollowUp | undefined): string[] | undefined {
  const results = f?.response?.status === 200 ? bodyObject(f.response)?.results : undefined;
  return Array.isArray(results) ? results.map((r) => String((r as { sid?: unknown } | null)?.sid)) : undefined;
}

function nextOf(f: FollowUp): unknown {
  const meta = bodyObject(f.response)?.meta;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>).next_page_url : undefined;
}

/**
 * Before the walk: profiles of the name made up to UNPAGED_PROFILES, the name listed without
 * PageSize (every one of them shown: the default page is 50), the ones made for it deleted.
 */
async function probeUnpaged(
  ctx: RunContext,
  ex: Exchange,
  walk: ChangingWalk,
  before: readonly string[],
  create: (why: string) => Promise<string | undefined>,
  remove: (sid: string, why: string) => Promise<void>,
): Promise<void> {
  const extra: string[] = [];
  for (let i = before.length; i < UNPAGED_PROFILES && !ctx.signal?.aborted; i++) {
    const sid = await create(`${i + 1} of ${UNPAGED_PROFILES} profiles of one name, for its list without PageSize`);
    if (sid) extra.push(sid);
  }
  if (ctx.signal?.aborted) return;
  const list = await ctx.sender.follow(
    'GET',
    `${ctx.base}${PATH}?FriendlyName=${encodeURIComponent(walk.name)}`,
    of(ex, `list of the run's ${before.length + extra.length} profiles of one name, with no PageSize (the default, 50)`),
  );
  walk.unpaged = { list, sids: [...before, ...extra] };
  for (const sid of extra) await remove(sid, `delete of ${sid}, made for the list of its name without PageSize, before the walk`);
}

/** What the late part of the walk needs: the page it keeps, when it was served, the profiles kept alive for it. */
export interface LateWalk {
  walk: ChangingWalk;
  collection: string;
  first?: FollowUp;
  servedAt: number;
  live: string[];
}

/**
 * WALK_PROFILES profiles of one FriendlyName unique to the run (WALK_NAME: & + # = in it, so every
 * link of every page must encode the filter whole, list.filters), first listed without PageSize
 * while the run holds UNPAGED_PROFILES of the name (probeUnpaged), then walked through next_page_url in
 * pages of CHANGING_PAGE_SIZE while the run changes them: after the first page it deletes the
 * profile that ended it (the cursor's anchor: a keyset cursor that loads its anchor through a scope
 * hiding deleted rows starts again), after the second the one ending that and one shown on the first
 * page (a server that pages by OFFSET behind its PageToken skips a profile), and creates another of
 * the name. list.walk-complete judges that every profile that existed throughout is shown,
 * list.paging that none is shown twice and every page is a 200 list page. Then the first page is
 * read again and its next_page_url kept for `finishChangingWalk`, the profiles alive. Inside the
 * create budget; only the run's own profiles are deleted. Undefined when it could not make enough.
 */
export async function probeChangingWalk(ctx: RunContext, ex: Exchange): Promise<LateWalk | undefined> {
  const name = `${WALK_NAME} ${randomBytes(4).toString('hex')}`;
  const mine = new Set<string>();
  const create = async (why: string): Promise<string | undefined> => {
    const tc = withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName unique to the run: ${why}`);
    const made = await ctx.sender.send(tc, false, ex.index);
    if (!made) return undefined;
    ctx.answered(replyOf(made));
    const sid = made.response?.status === 201 ? bodyObject(made.response)?.sid : undefined;
    if (typeof sid !== 'string' || !/^[A-Za-z0-9]+$/.test(sid)) return undefined;
    mine.add(sid);
    return sid;
  };
  const collection = `${ctx.base}${PATH}?FriendlyName=${encodeURIComponent(name)}&PageSize=${CHANGING_PAGE_SIZE}`;
  const deleted = new Set<string>();
  const remove = async (sid: string, why: string) => {
    const f = await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, why));
    if (f.response && f.response.status >= 200 && f.response.status < 300) deleted.add(sid);
  };
  const before: string[] = [];
  for (let i = 0; i < WALK_PROFILES && !ctx.signal?.aborted; i++) {
    const sid = await create(`${i + 1} of ${WALK_PROFILES} profiles of one name, walked in pages of ${CHANGING_PAGE_SIZE} while the run changes them`);
    if (sid) before.push(sid);
  }
  const walk: ChangingWalk = { name, pageSize: CHANGING_PAGE_SIZE, pages: [], throughout: [], changes: [], during: [] };
  if (before.length < 4 || ctx.signal?.aborted) {
    for (const sid of mine) await remove(sid, 'delete of a profile made for the walk while the list changes (too few made to walk)');
    return undefined;
  }
  await probeUnpaged(ctx, ex, walk, before, create, remove);
  const followed = new Set<string>();
  const shown: string[] = [];
  let url = collection;
  for (;;) {
    followed.add(url);
    const n = walk.pages.length + 1;
    const page = await ctx.sender.follow('GET', url, of(ex, `list page ${n} of the run's profiles of one name, PageSize ${CHANGING_PAGE_SIZE}, while the run deletes and creates between pages`));
    walk.pages.push(page);
    const sids = sidsOf(page);
    if (!sids) {
      walk.stopped = { reason: 'not-a-page', detail: `page ${n} is no 200 list page` };
      break;
    }
    shown.push(...sids);
    const next = nextOf(page);
    if (next === null || next === undefined) break;
    const to = onTarget(next, ctx.base, ctx.judgement.ctx.publicBaseUrl);
    if (typeof to !== 'string') {
      walk.stopped = { reason: 'not-on-target', detail: `page ${n}'s next_page_url: ${to.why}` };
      break;
    }
    if (followed.has(to)) {
      walk.stopped = { reason: 'loop', detail: `page ${n}'s next_page_url ${String(next)} leads to a page already read` };
      break;
    }
    if (n >= MAX_PAGES) {
      walk.stopped = { reason: 'cap', detail: `next_page_url still not null after ${n} pages of ${CHANGING_PAGE_SIZE}, for ${mine.size} profiles of the name` };
      break;
    }
    // between pages: the cursor's anchor deleted (after page 1 alone, so a cursor that starts again shows page 1's first again)
    const anchor = sids.at(-1);
    if (n <= 2 && anchor && mine.has(anchor) && !deleted.has(anchor)) {
      await remove(anchor, `delete of ${anchor}, the last profile of list page ${n} (the next page's cursor), before the next page is read`);
      walk.changes.push(`after page ${n}, ${anchor} (the last profile of page ${n}) deleted`);
    }
    if (n === 2) {
      const earlier = shown.find((s) => mine.has(s) && !deleted.has(s));
      if (earlier) {
        await remove(earlier, `delete of ${earlier}, shown on an earlier list page, before the next page is read`);
        walk.changes.push(`${earlier} (shown on an earlier page) deleted`);
      }
      const more = await create('created between two pages of the walk of its name');
      if (more) walk.changes.push(`${more} created with the name`);
    }
    url = to;
  }
  walk.throughout = before.filter((s) => !deleted.has(s));
  ex.changingWalk = walk;
  const live = [...mine].filter((s) => !deleted.has(s));
  // the first page again, its next_page_url kept to be followed late (finishChangingWalk); the profiles stay meanwhile
  const first = live.length > CHANGING_PAGE_SIZE ? await ctx.sender.follow('GET', collection, of(ex, `list page 1 of the run's profiles of one name again, its next_page_url followed late`)) : undefined;
  return { walk, collection, servedAt: Date.now(), live, ...(first ? { first } : {}) };
}

/**
 * The rest of the walk, at the end of the follow-ups: the kept page's next_page_url followed at
 * least LATE_PAGE_MS after that page was served (waiting only what is left of it; not on a target
 * whose clock the run need not wait for: `ctx.clockSpanMs` 0), judged by list.paging; then each
 * profile of the name deleted while a list of the name is read (a page loaded in two steps must
 * not fail when a row goes in between: every page a 200 list page). Deletes every profile it made.
 */
export async function finishChangingWalk(ctx: RunContext, ex: Exchange, late: LateWalk | undefined): Promise<void> {
  if (!late) return;
  const { walk, first } = late;
  const next = first ? nextOf(first) : undefined;
  const to = typeof next === 'string' ? onTarget(next, ctx.base, ctx.judgement.ctx.publicBaseUrl) : undefined;
  if (first && typeof to === 'string' && ctx.clockSpanMs > 0) {
    const wait = late.servedAt + LATE_PAGE_MS - Date.now();
    if (wait > 0) {
      ctx.clockWaitMs += wait;
      if (!(await sleep(wait, ctx.signal))) return;
    }
    const page = await ctx.sender.follow('GET', to, of(ex, `page 1's next_page_url of the run's profiles of one name, followed late (at least ${LATE_PAGE_MS / 1000} s after page 1 was served)`));
    walk.late = { first, page, afterMs: Date.now() - late.servedAt, live: late.live };
  }
  const list = `${ctx.base}${PATH}?FriendlyName=${encodeURIComponent(walk.name)}&PageSize=50`;
  for (const [i, sid] of late.live.entries()) {
    if (ctx.signal?.aborted) return;
    const ms = DELETE_AFTER_LIST_MS[i % DELETE_AFTER_LIST_MS.length]!;
    const reading = ctx.sender.follow('GET', list, of(ex, `list of the run's profiles of one name, read while the DELETE of ${sid} is in flight`));
    const deleting = sleep(ms, ctx.signal).then((go) => (go ? ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, `delete of ${sid} (of the walk while the list changes), sent ${ms} ms after a list read of its name`)) : undefined));
    const [page] = await Promise.all([reading, deleting]);
    walk.during.push(page);
  }
}
