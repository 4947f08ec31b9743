/**
 * The account's two pairs (engine/phases/probes/other-pair.ts probeOtherPair): an API key acts for its
 * account, so a profile created with either pair is the account's for the other.
 */
import type { Judge, Outcome } from '../../contracts/check.ts';
import type { FollowUp, JudgeContext, PairProbe } from '../../contracts/exchange.ts';
import { bodyObject, listedProfiles } from '../../contracts/answer.ts';
import { busy, created, describe, fail, PASS, pathOf, show, skip } from './util.ts';

const answer = (f: FollowUp) => (f.response ? describe(f.response) : (f.error?.message ?? 'no response'));
const asked = (f: FollowUp) => `${f.request.method} ${pathOf(f)}${new URL(f.request.url).search}`;

/**
 * Each of the run's two probes, one per direction (a profile created with the other pair reached
 * with the caller's own, and the other way round): the create is a 201 with account_sid the Account
 * SID (never the key's SID); with the pair that did not create it, the fetch is a 200 with it, its
 * HEAD is neither refused nor a 404, the list filtered by its name and the plain list walked
 * through next_page_url are 200 pages that show it, its DELETE is a 2xx, and then the pair that
 * created it fetches a 404 and lists by the name a 200 page without it (that pair listed it just
 * before the DELETE, and the reader listed by the name before the create: a list cached per
 * credential and purged only for the writer's is seen). Skipped, with the reason, when the run
 * knows one pair of the account.
 */
export const pairsOneAccount: Judge = (ex, ctx) => {
  if (typeof created(ex)?.sid !== 'string') return null;
  if (ex.otherPairNotRun) return skip(ex.otherPairNotRun, 'other-pair');
  const probes = [ex.otherPair, ex.otherPairBack].filter((p): p is PairProbe => p !== undefined);
  if (probes.length === 0) return null;
  const judged = probes.filter((p) => ![p.create, p.before, p.fetch, p.head, p.list, ...(p.walk ?? []), p.kept, p.delete, p.gone, p.after].some(busy));
  if (judged.length === 0) return skip("a request of the probe got 429 or 5xx: nothing to judge (no-server-error's)");
  for (const p of judged) {
    const wrong = pairFailure(p, ctx);
    if (wrong) return wrong;
  }
  return PASS;
};

function pairFailure(p: PairProbe, ctx: JudgeContext): Outcome | undefined {
  const by = p.createdBy;
  const reader = p.readBy;
  const made = p.create.response;
  if (!made) return fail(`no answer to the create with ${by}: ${answer(p.create)}`);
  if (made.status !== 201) return fail(`the create with ${by} got ${describe(made)}, expected 201: an API key with its secret, and the Account SID with the Auth Token, are each valid Basic credentials of the account`);
  const body = bodyObject(made)!;
  if (body.account_sid !== ctx.accountSid) return fail(`the profile created with ${by} has account_sid ${show(body.account_sid)}, expected the Account SID ${ctx.accountSid}: a key acts for its account, so what it creates is the account's`);
  const sid = body.sid as string;
  const theirs = `the profile ${show(sid)} created with ${by}`;
  const same = `it is the same account's, and ${reader} acts for that account`;
  const { fetch, head, list, walk, delete: del, gone } = p;
  if (fetch && (fetch.response?.status !== 200 || bodyObject(fetch.response)?.sid !== sid)) return fail(`${theirs}, fetched with ${reader}, answered ${answer(fetch)}: ${same}, expected 200 with it`);
  const headStatus = head?.response?.status;
  if (head && (headStatus === undefined || headStatus === 401 || headStatus === 403 || headStatus === 404)) return fail(`${theirs}, HEAD with ${reader}, answered ${answer(head)}: ${same}, expected what a GET gets, without the body`);
  const listed = list?.response?.status === 200 ? listedProfiles(list) : undefined;
  // the same list asked before the create: a page kept for the reader's credentials and not purged by the other pair's create shows the list as it was
  const warm = p.before && list && p.before.request.url === list.request.url ? `, asked before the create too: a list cached per credential, purged only for the pair that writes, still shows the page from before` : '';
  if (list && (typeof listed !== 'object' || !listed.has(sid))) return fail(`${theirs} is not in the list filtered by its name with ${reader} (${asked(list)}: ${typeof listed === 'string' ? listed : listed ? 'a 200 page without it' : answer(list)}${warm}): ${same}`);
  const walked = walk ? walkFailure(walk, sid) : undefined;
  if (walked) return fail(`${theirs}, looked for in the list walked page by page with ${reader}: ${walked}: ${same}`);
  const status = del?.response?.status;
  if (del && (status === undefined || status < 200 || status >= 300)) return fail(`${theirs}, deleted with ${reader}, answered ${answer(del)}, expected 204: ${same}, and the account may delete its profiles`);
  if (del && gone && gone.response?.status !== 404) return fail(`${theirs}, deleted with ${reader} (${describe(del.response)}), then fetched with ${by}, answered ${answer(gone)}, expected 404: a DELETE with either pair removes the account's profile`);
  const after = del && p.after ? afterFailure(p.after, sid) : undefined;
  if (after) {
    const cached = p.kept && p.kept.request.url === p.after!.request.url ? `, as it was listed before the DELETE (a list cached per credential, purged only for the pair that writes)` : '';
    return fail(`${theirs}, deleted with ${reader} (${describe(del!.response)}), then listed by its name with ${by}: ${after}${cached}: a DELETE with either pair removes the account's profile from every list of it`);
  }
  return undefined;
}

/** Why the creating pair's list by the name after the DELETE fails: no 200 page, or a page that still shows the profile. */
function afterFailure(page: FollowUp, sid: string): string | undefined {
  const listed = page.response?.status === 200 ? listedProfiles(page) : undefined;
  if (typeof listed !== 'object') return `${asked(page)} answered ${typeof listed === 'string' ? listed : answer(page)}, expected a 200 page without it`;
  return listed.has(sid) ? `${asked(page)} still shows it` : undefined;
}

/** Why the walk's pages fail: a page that is no 200 list, or a walk to the end that never shows the profile; undefined when it holds (or stopped at its cap). */
function walkFailure(pages: readonly FollowUp[], sid: string): string | undefined {
  for (const page of pages) {
    const listed = listedProfiles(page);
    if (typeof listed === 'string') return `${asked(page)} answered ${answer(page)} (${listed})`;
    if (listed.has(sid)) return undefined;
  }
  const last = pages.at(-1);
  const next = last ? (bodyObject(last.response)?.meta as Record<string, unknown> | undefined)?.next_page_url : undefined;
  // the walk stopped before the end (its cap, or a next_page_url it does not follow): what it did not read is not judged
  if (next !== null && next !== undefined) return undefined;
  return `the ${pages.length} page${pages.length === 1 ? '' : 's'} from ${last ? asked(pages[0]!) : 'the first'} to the last did not show it`;
}
