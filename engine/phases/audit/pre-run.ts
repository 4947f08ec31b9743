/**
 * The end audit's reads of the profiles the account held before the run (read only, each a few
 * requests):
 * - each of the first KEPT_WHOLE whose date_updated is the same in the list before the run and at
 *   its end shows every field the same (readback.same: nothing changed it, so a value computed at
 *   each read — a valid_until of now + a year — shows);
 * - the first PRE_RUN_FETCHED still listed are fetched — never a 404 (list.exact), each showing every
 *   field as its list item shows it (readback.same; not judged when the fetch's date_updated is at or
 *   after the end list's Date: updated meanwhile);
 * - the first PRE_RUN_LISTED with a name are listed by it, each showing (list.filter-complete), and
 *   the list is asked with each Status and each of the first PRE_RUN_POLICIES PolicySids they hold:
 *   every profile of that value is in it (list.filter-complete; one missing is fetched first: a
 *   profile whose status changed meanwhile, or deleted, is not judged);
 * - when the run knows a second account, it fetches the first PRE_RUN_OTHER_ACCOUNT: each a 404
 *   (lookup.other-account-404: older profiles are the account's alone too);
 * - when the run knows both pairs, the first PRE_RUN_OTHER_PAIR are fetched with the pair the run
 *   does not act with, and the list read whole with that pair too: what it lists the run's own pair
 *   must reach (auth.pairs-one-account).
 * Data older than the run is the data a migration, an import or a legacy table leaves; it holds
 * what the run's own profiles never do (a status past draft, a valid_until, a date_updated after its
 * date_created), so these are the reads that see how the target serves it.
 */
import { bodyObject, listedProfiles } from '../../../contracts/answer.ts';
import { type FollowUp, OTHER_PAIR_AUTH } from '../../../contracts/exchange.ts';
import { SID_PATTERNS, STATUS_VALUES } from '../../../contracts/schemas.ts';
import { nextPage, wholeKey } from '../../transport/account.ts';
import { PATH } from '../../transport/request.ts';
import { SHOWN_FIELDS } from '../../transport/sender.ts';
import { asReply, type Failure, type Listed, wholeDifferences } from './read.ts';
import type { RunContext } from '../context.ts';

const PRE_RUN_FETCHED = 20;
const PRE_RUN_LISTED = 3;
const PRE_RUN_OTHER_PAIR = 5;
const PRE_RUN_OTHER_ACCOUNT = 3;
/** distinct PolicySids the pre-run profiles are listed by, at most (a Status has five values) */
const PRE_RUN_POLICIES = 3;
/** pages of one filtered list read at most (PageSize=1000) */
const FILTER_PAGES = 3;
/** a date_updated this close before the end list's Date may be an update the list had not shown yet */
const CLOCK_SLACK_MS = 1000;

type PreRunChecks = 'list.exact' | 'readback.same' | 'list.filter-complete' | 'auth.pairs-one-account' | 'lookup.other-account-404';

export async function readPreRun(
  ctx: RunContext,
  before: ReadonlyMap<string, unknown>,
  listed: ReadonlyMap<string, Listed>,
  readOther: () => Promise<ReadonlyMap<string, Listed> | undefined>,
  /** the Date of the end list's first page (epoch ms), when it had one */
  listedAt?: number,
): Promise<Partial<Record<PreRunChecks, Failure>>> {
  const out: Partial<Record<PreRunChecks, Failure>> = {};
  const runs = (id: PreRunChecks) => ctx.checks.some((c) => c.id === id);
  const still = [...before.keys()].filter((sid) => listed.has(sid));
  const fetchOf = (sid: string, other = false) =>
    ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, { purpose: `fetch of a profile the list showed before the run and still shows${other ? ', with the pair the run does not act with' : ''}`, ...(other ? { auth: OTHER_PAIR_AUTH } : {}) });
  // unchanged since the list before the run (same date_updated): every field the same; no request
  for (const [sid, then] of ctx.wholeBefore ?? []) {
    const now = listed.get(sid)?.whole;
    if (now === undefined || now === then) continue;
    const updated = fieldOf(then, 'date_updated');
    if (typeof updated !== 'string' || updated !== fieldOf(now, 'date_updated')) continue;
    out['readback.same'] = {
      message: `${sid}, a profile the list showed before the run, shows at the run's end with the same date_updated ${JSON.stringify(updated)} (nothing updated it) but otherwise: ${wholeDifferences(then, now)}; a value of the resource does not move between reads`,
    };
    break;
  }
  for (const sid of still.slice(0, PRE_RUN_FETCHED)) {
    const f = await fetchOf(sid);
    const evidence = asReply(f, 'fetch', 'fetch of a profile the list shows');
    if (f.response?.status === 404) out['list.exact'] ??= { message: `${sid}, which the list showed before the run and still shows at its end, answers 404 to GET: a profile the list shows can be read back`, evidence };
    const body = f.response?.status === 200 ? bodyObject(f.response) : undefined;
    if (!body || out['readback.same']) continue;
    const item = listed.get(sid)!.whole;
    const fetched = wholeKey(body);
    if (fetched === item || updatedSince(body.date_updated, fieldOf(item, 'date_updated'), listedAt)) continue;
    out['readback.same'] = { message: `${sid}, a profile the list showed before the run, reads back with GET otherwise than its list item (list → GET): ${wholeDifferences(item, fetched)}`, evidence };
  }
  for (const sid of still.filter((s) => nameOf(listed.get(s)!)).slice(0, PRE_RUN_LISTED)) {
    const name = nameOf(listed.get(sid)!)!;
    const f = await ctx.sender.follow('GET', `${ctx.base}${PATH}?${new URLSearchParams({ FriendlyName: name, PageSize: '1000' })}`, { purpose: 'list by the name of a profile the list showed before the run' });
    const page = listedProfiles(f);
    if (typeof page !== 'string' && !page.has(sid) && nextPage(f) === undefined) {
      out['list.filter-complete'] ??= { message: `${sid}, a profile the list showed before the run, is not in the list asked with its own FriendlyName ${JSON.stringify(name)}`, evidence: asReply(f, 'list', 'list by the name of a profile the list shows') };
    }
  }
  if (runs('list.filter-complete') && !out['list.filter-complete']) {
    const failure = (await byValue(ctx, still, listed, 'Status', 'status', STATUS_VALUES.length)) ?? (await byValue(ctx, still, listed, 'PolicySid', 'policy_sid', PRE_RUN_POLICIES));
    if (failure) out['list.filter-complete'] = failure;
  }
  if (runs('lookup.other-account-404') && ctx.sender.knowsShape('second-account')) {
    for (const sid of still.slice(0, PRE_RUN_OTHER_ACCOUNT)) {
      const f = await ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, { purpose: "fetch by the second account of the caller's profile listed before the run", auth: 'second-account' });
      const status = f.response?.status;
      if (status === undefined || status === 404 || status === 429 || status >= 500) continue;
      out['lookup.other-account-404'] = {
        message: `${sid}, a profile of the caller's account listed before the run, answers ${status} to the second account's GET${status === 200 ? ' (the profile itself)' : ''}: a profile of another account is not found (404), older profiles too`,
        evidence: asReply(f, 'fetch', "the second account's fetch of the caller's profile listed before the run", 'second-account'),
      };
      break;
    }
  }
  if (ctx.sender.knowsShape(OTHER_PAIR_AUTH)) {
    for (const sid of still.slice(0, PRE_RUN_OTHER_PAIR)) {
      const f = await fetchOf(sid, true);
      if (f.response?.status !== 404) continue;
      out['auth.pairs-one-account'] ??= { message: `${sid}, a profile the list showed before the run, answers 404 to a GET with the account's other pair: each pair of the account reaches its profiles, older ones too`, evidence: asReply(f, 'fetch', 'fetch with the other pair of a profile the list shows') };
      break;
    }
    // and what the other pair lists that the run's own pair does not: fetched with the run's pair (a 200 is a timing of the two reads)
    const theirs = out['auth.pairs-one-account'] ? undefined : await readOther();
    for (const sid of [...(theirs?.keys() ?? [])].filter((s) => !listed.has(s)).slice(0, PRE_RUN_OTHER_PAIR)) {
      const f = await fetchOf(sid);
      if (f.response?.status !== 404) continue;
      out['auth.pairs-one-account'] = { message: `${sid} is listed for the account's other pair, but the pair the run acts with neither lists it nor fetches it (404): each pair of the account reaches all its profiles`, evidence: asReply(f, 'fetch', 'fetch of a profile the other pair lists') };
      break;
    }
  }
  return out;
}

/**
 * The list asked with each value (at most `most`, in list order) the pre-run profiles hold of a filter
 * (Status: a documented value; PolicySid: a policy's sid), read to its end (FILTER_PAGES at most):
 * each pre-run profile of that value is in it. One missing is fetched: still of that value (200), it
 * is a failure; changed or gone meanwhile, not judged.
 */
async function byValue(ctx: RunContext, still: readonly string[], listed: ReadonlyMap<string, Listed>, param: 'Status' | 'PolicySid', field: 'status' | 'policy_sid', most: number): Promise<Failure | undefined> {
  const valid = (v: unknown): v is string => typeof v === 'string' && (param === 'Status' ? (STATUS_VALUES as readonly string[]).includes(v) : new RegExp(SID_PATTERNS.policy).test(v));
  const holding = new Map<string, string[]>();
  for (const sid of still) {
    const v = fieldOf(listed.get(sid)!.whole, field);
    if (!valid(v) || (!holding.has(v) && holding.size >= most)) continue;
    holding.set(v, [...(holding.get(v) ?? []), sid]);
  }
  for (const [value, sids] of holding) {
    const purpose = `list by the ${param} of profiles the list showed before the run`;
    const first = `${ctx.base}${PATH}?${new URLSearchParams({ [param]: value, PageSize: '1000' })}`;
    const shown = new Set<string>();
    let url: string | undefined = first;
    let last: FollowUp | undefined;
    for (let page = 1; url !== undefined && page <= FILTER_PAGES; page++) {
      last = await ctx.sender.follow('GET', url, { purpose: page === 1 ? purpose : `${purpose}, page ${page}` });
      const items = listedProfiles(last);
      if (typeof items === 'string') break;
      for (const sid of items.keys()) shown.add(sid);
      const next = nextPage(last);
      url = next === undefined ? undefined : `${ctx.base}${PATH}${next}`;
    }
    // judged only when the list was read to its end as a list
    if (!last || url !== undefined || typeof listedProfiles(last) === 'string') continue;
    const missing = sids.find((sid) => !shown.has(sid));
    if (missing === undefined) continue;
    const f = await ctx.sender.follow('GET', `${ctx.base}${PATH}/${missing}`, { purpose: `fetch of a profile missing from the list by its ${param}` });
    const body = f.response?.status === 200 ? bodyObject(f.response) : undefined;
    if (body?.[field] !== value) continue;
    return {
      message: `${missing}, a profile the list showed before the run with ${field} ${JSON.stringify(value)} (and its GET still shows it), is not in the list asked with ${param}=${value}${sids.length > 1 ? ` (${sids.filter((s) => !shown.has(s)).length} of the ${sids.length} such profiles missing)` : ''}: a filter holds every profile of its value, older ones too`,
      evidence: asReply(last, 'list', `list by ${param}`),
    };
  }
  return undefined;
}

/** A field of a wholeKey text. */
const fieldOf = (whole: string, field: string): unknown => (JSON.parse(whole) as Record<string, unknown>)[field];

/** Whether a fetch's date_updated says the profile was updated after the list showed it (at or after the list's Date, less a second). */
function updatedSince(fetched: unknown, itemUpdated: unknown, listedAt: number | undefined): boolean {
  if (typeof fetched !== 'string' || fetched === itemUpdated || listedAt === undefined) return false;
  const at = Date.parse(fetched);
  return Number.isFinite(at) && at >= listedAt - CLOCK_SLACK_MS;
}

const nameOf = (p: Listed): string | undefined => {
  const name = (JSON.parse(p.shown) as unknown[])[SHOWN_FIELDS.indexOf('friendly_name')];
  return typeof name === 'string' && name !== '' ? name : undefined;
};
