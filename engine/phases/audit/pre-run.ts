/**
 * The end audit's reads of the profiles the account held before the run (read only, each a few
 * requests): the first PRE_RUN_FETCHED still listed are fetched — never a 404 (list.exact), each
 * showing what its list item shows (readback.same); the first PRE_RUN_LISTED with a name are listed
 * by it, each showing (list.filter-complete); and, when the run knows both pairs, the first
 * PRE_RUN_OTHER_PAIR are fetched with the pair the run does not act with, and the list read whole
 * with that pair too: what it lists the run's own pair must reach (auth.pairs-one-account).
 * Data older than the run is the data a migration, an import or a legacy table leaves.
 */
import { bodyObject, listedProfiles } from '../../../contracts/answer.ts';
import { OTHER_PAIR_AUTH } from '../../../contracts/exchange.ts';
import { nextPage } from '../../transport/account.ts';
import { PATH } from '../../transport/request.ts';
import { SHOWN_FIELDS, shownKey } from '../../transport/sender.ts';
import { asReply, differences, type Failure, type Listed } from './read.ts';
import type { RunContext } from '../context.ts';

const PRE_RUN_FETCHED = 20;
const PRE_RUN_LISTED = 3;
const PRE_RUN_OTHER_PAIR = 5;

type PreRunChecks = 'list.exact' | 'readback.same' | 'list.filter-complete' | 'auth.pairs-one-account';

export async function readPreRun(
  ctx: RunContext,
  before: ReadonlyMap<string, unknown>,
  listed: ReadonlyMap<string, Listed>,
  readOther: () => Promise<ReadonlyMap<string, Listed> | undefined>,
): Promise<Partial<Record<PreRunChecks, Failure>>> {
  const out: Partial<Record<PreRunChecks, Failure>> = {};
  const still = [...before.keys()].filter((sid) => listed.has(sid));
  const fetchOf = (sid: string, other = false) =>
    ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, { purpose: `fetch of a profile the list showed before the run and still shows${other ? ', with the pair the run does not act with' : ''}`, ...(other ? { auth: OTHER_PAIR_AUTH } : {}) });
  for (const sid of still.slice(0, PRE_RUN_FETCHED)) {
    const f = await fetchOf(sid);
    const evidence = asReply(f, 'fetch', 'fetch of a profile the list shows');
    if (f.response?.status === 404) out['list.exact'] ??= { message: `${sid}, which the list showed before the run and still shows at its end, answers 404 to GET: a profile the list shows can be read back`, evidence };
    const body = f.response?.status === 200 ? bodyObject(f.response) : undefined;
    const shown = listed.get(sid)!.shown;
    if (body && shownKey(body) !== shown) out['readback.same'] ??= { message: `${sid}, a profile the list showed before the run, reads back with GET otherwise than its list item: ${differences(shown, shownKey(body))}`, evidence };
  }
  for (const sid of still.filter((s) => nameOf(listed.get(s)!)).slice(0, PRE_RUN_LISTED)) {
    const name = nameOf(listed.get(sid)!)!;
    const f = await ctx.sender.follow('GET', `${ctx.base}${PATH}?${new URLSearchParams({ FriendlyName: name, PageSize: '1000' })}`, { purpose: 'list by the name of a profile the list showed before the run' });
    const page = listedProfiles(f);
    if (typeof page !== 'string' && !page.has(sid) && nextPage(f) === undefined) {
      out['list.filter-complete'] ??= { message: `${sid}, a profile the list showed before the run, is not in the list asked with its own FriendlyName ${JSON.stringify(name)}`, evidence: asReply(f, 'list', 'list by the name of a profile the list shows') };
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

const nameOf = (p: Listed): string | undefined => {
  const name = (JSON.parse(p.shown) as unknown[])[SHOWN_FIELDS.indexOf('friendly_name')];
  return typeof name === 'string' && name !== '' ? name : undefined;
};

