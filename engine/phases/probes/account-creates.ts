import { randomUUID } from 'node:crypto';
import { bodyObject } from '../../../contracts/answer.ts';
import { type AccountCreate, type AccountCreates, type AccountSwitch, type AuthMode, type Exchange, type FollowUp, replyOf, type TestCase } from '../../../contracts/exchange.ts';
import { identityHeaders } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { createdSids } from './create-burst.ts';
import { of } from './credential-routes.ts';
import { IDEMPOTENCY_HEADER } from './idempotency-probe.ts';
import { withFields } from '../model/execution.ts';

/** How many creates each account sends in the batch sent at once (interleaved: the caller's, the second's, the caller's…). */
export const CREATES_EACH = 3;

/**
 * The body parameters a create of the caller's names the second account in (the 2010 API's AccountSid,
 * the resource's account_sid): the create takes neither (OpenAPI), so the profile is the caller's.
 */
export const ACCOUNT_PARAMS = ['AccountSid', 'account_sid'] as const;

/**
 * The ways a request of the caller's (its own credentials) names the second account besides the body:
 * ?AccountSid= in the URL (the 2010 API's switcher on every route), an auth proxy's identity headers
 * (X-Forwarded-User…, which a resolver shared with a console may read before the Basic user).
 */
export const ACCOUNT_SWITCHES = ['query', 'headers'] as const;

type Switch = (typeof ACCOUNT_SWITCHES)[number];

/** A switch in words: where the request names the second account's SID. */
const SWITCH_WORDS: Record<Switch, string> = { query: '?AccountSid= (the query string)', headers: "an auth proxy's identity headers (X-Forwarded-User…)" };

/** The query string and headers a request of the caller's carries to name `second` the `how` way. */
function switchOf(how: Switch, second: string): { query: string; headers: Readonly<Record<string, string>> } {
  return how === 'query' ? { query: new URLSearchParams([['AccountSid', second]]).toString(), headers: {} } : { query: '', headers: identityHeaders(second) };
}

type Owner = 'valid' | 'second-account';

const WHO: Record<Owner, string> = { valid: "the caller's", 'second-account': "the second account's" };

/**
 * Once a run, when the run knows a second account: both accounts ACT, not only read.
 * - CREATES_EACH valid creates of the caller's and as many of the second account's, interleaved and
 *   sent at once on connections of their own (a server that keeps the authenticated account in one
 *   variable shared by requests in flight mixes them up): each 201 shows the account that sent it
 *   (resource.account-sid); each profile is read back and listed by its name by its owner, and
 *   neither fetched nor listed by the other account (lookup.other-account-404);
 * - then the second account sends the caller's first create again, its Idempotency-Key (new in
 *   every run) and its body byte for byte: its own new profile, or a 4xx, never the caller's
 *   (create.sid-from-server; a cache keyed without the account).
 * - the caller creates twice more, its body naming the second account's SID in AccountSid, then in
 *   account_sid (ACCOUNT_PARAMS): a 4xx, or the caller's profile (resource.account-sid), which the
 *   second account neither fetches nor lists by its name (lookup.other-account-404; the 2010 API's
 *   subaccount parameter honoured without the parent check makes it the second account's);
 *   So does a create naming it in ?AccountSid= and one naming it in an auth proxy's identity headers
 *   (ACCOUNT_SWITCHES), sent with the caller's own credentials;
 * - with the second account's profiles live, the caller's requests naming it the same two ways
 *   (lookup.account-param): a fetch of a profile of the caller's (200, the caller's), of one of
 *   the second account's (404), the list (the caller's profiles, that one among them) and the DELETE
 *   of another profile of the caller's (removed; a 404 shows the request acted for the second
 *   account). Only the caller's own profiles are ever deleted so: a DELETE acting for the second
 *   account finds nothing of its;
 * - before its owner deletes it, the caller DELETEs one of the second account's profiles: 404, it
 *   removes nothing, and the owner's fetch after it is still 200 (lookup.other-account-404; an
 *   operator account whose DELETE skips the owner check);
 * Every profile is deleted with the credentials of the account its 201 names (else of the
 * account that sent it), and with the other's when that DELETE finds nothing; the account whose
 * DELETE removed it fetches it after: 404 (delete.gone; a DELETE bound to one account's rows that
 * answers 204 for the other and removes nothing); what is left goes to
 * the cleanup, which deletes in the account that created it (Sender.ownerOf). The creates hold slots
 * of the create budget; nothing else of the second account's is touched.
 */
export async function probeAccountCreates(ctx: RunContext, ex: Exchange): Promise<void> {
  const key = randomUUID();
  const cases = Array.from({ length: CREATES_EACH * 2 }, (_, i) => {
    const owner: Owner = i % 2 === 0 ? 'valid' : 'second-account';
    const tc = caseOf(ex, `${WHO[owner]} ${Math.floor(i / 2) + 1} of ${CREATES_EACH}`, owner);
    // the caller's first carries the Idempotency-Key the second account sends again
    return i === 0 ? { ...tc, headers: { ...tc.headers, [IDEMPOTENCY_HEADER]: key } } : tc;
  });
  const creates = await ctx.sender.createsAtOnce(cases, ex.index);
  for (const made of creates) ctx.answered(replyOf(made));
  const made: AccountCreate[] = [];
  for (const create of creates) {
    const [sid] = createdSids([create]);
    if (sid !== undefined) made.push(await reachBoth(ctx, ex, create, sid));
  }
  ex.accountCreates = { made };
  const first = creates.find((c) => c.case === cases[0]);
  const again = first && (await ctx.sender.send({ ...first.case, auth: 'second-account', label: `${first.case.label}: sent again by the second account, its Idempotency-Key and body` }, false, ex.index));
  if (first && again) {
    ctx.answered(replyOf(again));
    ex.accountCreates.sameKey = { caller: first, second: again };
  }
  // the caller's creates naming the second account in the body: never made in that account
  const second = ctx.judgement.ctx.secondAccountSid;
  const naming: Exchange[] = [];
  const named: NonNullable<AccountCreates['naming']> = [];
  // [where the create names it, in words; in its FriendlyName; the create that names it so]
  type Naming = [string, string, (tc: TestCase) => TestCase];
  const ways: Naming[] = second
    ? [
        ...ACCOUNT_PARAMS.map((param): Naming => [param, param, (tc) => ({ ...tc, body: `${tc.body}&${new URLSearchParams([[param, second]])}` })]),
        ...ACCOUNT_SWITCHES.map((how): Naming => {
          const { query, headers } = switchOf(how, second);
          return [SWITCH_WORDS[how], how === 'query' ? 'the query' : 'identity headers', (tc) => ({ ...tc, ...(query ? { query } : {}), headers: { ...tc.headers, ...headers } })];
        }),
      ]
    : [];
  for (const [param, short, carry] of ways) {
    const name = `${ex.case.fields.FriendlyName ?? 'Profile'} (naming the second account in ${short})`;
    const tc = withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName ${name}: a create of the caller's naming the second account's SID in ${param}`);
    const sent = await ctx.sender.send(carry(tc), false, ex.index);
    if (!sent) continue;
    ctx.answered(replyOf(sent));
    naming.push(sent);
    const [sid] = createdSids([sent]);
    if (sid !== undefined) named.push({ ...(await reachBoth(ctx, ex, sent, sid)), param });
  }
  if (named.length > 0) ex.accountCreates.naming = named;
  const theirs = made.find((m) => m.create.case.auth === 'second-account');
  // with the second account's profiles live: the caller's requests naming it in the query or the identity headers
  const mine = made.filter((m) => m.create.case.auth === 'valid').map((m) => m.sid);
  const removed = new Set<string>();
  if (second && theirs && mine.length > 0) {
    const switched: AccountSwitch[] = [];
    for (const [i, how] of ACCOUNT_SWITCHES.entries()) {
      const { query, headers } = switchOf(how, second);
      const at = (sid?: string, more?: string) => {
        const q = [query, more].filter((p) => p).join('&');
        return `${ctx.base}${PATH}${sid === undefined ? '' : `/${sid}`}${q ? `?${q}` : ''}`;
      };
      const by = (what: string) => ({ ...of(ex, `${what}, by the caller, the second account's SID in ${SWITCH_WORDS[how]}`), headers });
      const probe: AccountSwitch = {
        how: SWITCH_WORDS[how],
        own: { sid: mine[0]!, fetch: await ctx.sender.follow('GET', at(mine[0]), by("fetch of a profile the caller's create made")) },
        other: { sid: theirs.sid, fetch: await ctx.sender.follow('GET', at(theirs.sid), by("fetch of a profile the second account's create made")) },
        list: await ctx.sender.follow('GET', at(undefined, 'PageSize=1000'), by('list')),
      };
      // another of the caller's profiles (never the second account's: acting for it, the DELETE finds nothing)
      const target = mine[i + 1];
      if (target !== undefined) {
        const deleted = await ctx.sender.follow('DELETE', at(target), by("delete of a profile the caller's create made"));
        probe.delete = { sid: target, deleted };
        const status = deleted.response?.status ?? 0;
        if (status >= 200 && status < 300) removed.add(target);
      }
      switched.push(probe);
    }
    ex.accountCreates.switched = switched;
  }
  // before its owner deletes it: the caller's DELETE of one of the second account's profiles (404, it removes nothing), then the owner's fetch (still 200)
  if (theirs) {
    const url = `${ctx.base}${PATH}/${theirs.sid}`;
    const deleted = await ctx.sender.follow('DELETE', url, of(ex, "delete of a profile the second account's create made, by the caller (another account)"));
    const ownFetch = await ctx.sender.follow('GET', url, of(ex, "fetch of a profile the second account's create made, by its owner, after the caller's DELETE of it", 'second-account'));
    ex.accountCreates.otherDelete = { sid: theirs.sid, deleted, ownFetch };
  }
  const all = [...creates, ...(again ? [again] : []), ...naming];
  const deletes: NonNullable<typeof ex.accountCreates.deletes> = [];
  for (const sid of new Set(createdSids(all))) if (!removed.has(sid)) deletes.push(await deleteInOwner(ctx, ex, sid, all));
  ex.accountCreates.deletes = deletes;
}

/** The lifecycle's case, its FriendlyName marked with whose create it is, sent with `owner`'s credentials. */
function caseOf(ex: Exchange, which: string, owner: Owner): TestCase {
  const name = `${ex.case.fields.FriendlyName ?? 'Profile'} (${which} at once)`;
  return withFields(ex.case, { ...ex.case.fields, FriendlyName: name }, `${ex.case.label}, FriendlyName ${name}: one of the creates of two accounts sent at once`, owner);
}

/** The other account of the two. */
const otherOf = (owner: AuthMode): Owner => (owner === 'second-account' ? 'valid' : 'second-account');

/** A profile one account created, fetched and listed by its name by it and by the other account (the four at once). */
async function reachBoth(ctx: RunContext, ex: Exchange, create: Exchange, sid: string): Promise<AccountCreate> {
  const other = otherOf(create.case.auth);
  const owner = otherOf(other);
  const url = `${ctx.base}${PATH}/${sid}`;
  const name = create.case.fields.FriendlyName;
  const list = `${ctx.base}${PATH}?${new URLSearchParams({ ...(name === undefined ? {} : { FriendlyName: name }), PageSize: '1000' })}`;
  const by = (auth: Owner, what: string) => of(ex, `${what} of a profile ${WHO[other === 'valid' ? 'second-account' : 'valid']} create made, by ${auth === owner ? 'its owner' : 'the other account'}`, auth);
  const [ownFetch, otherFetch, ownList, otherList] = await Promise.all([
    ctx.sender.follow('GET', url, by(owner, 'fetch')),
    ctx.sender.follow('GET', url, by(other, 'fetch')),
    ctx.sender.follow('GET', list, by(owner, 'list filtered by the name')),
    ctx.sender.follow('GET', list, by(other, 'list filtered by the name')),
  ]);
  return { create, sid, ownFetch, otherFetch, ownList, otherList };
}

/**
 * A profile of the probe deleted in the account its 201 names (else the one that sent it); should
 * that DELETE find nothing, with the other account's (the server stored it elsewhere than it said).
 * The sender counts a 2xx in live.deletedByChecks; a DELETE that fails leaves it to the cleanup.
 */
async function deleteInOwner(ctx: RunContext, ex: Exchange, sid: string, creates: readonly Exchange[]): Promise<{ sid: string; deleted: FollowUp; readAfter?: FollowUp }> {
  const create = creates.find((c) => createdSids([c])[0] === sid)!;
  const named = bodyObject(create.response)?.account_sid;
  const { accountSid, secondAccountSid } = ctx.judgement.ctx;
  const owner: AuthMode = named === secondAccountSid ? 'second-account' : named === accountSid ? 'valid' : create.case.auth;
  const url = `${ctx.base}${PATH}/${sid}`;
  const first = await ctx.sender.follow('DELETE', url, of(ex, 'delete of a profile of the creates of two accounts, in the account its 201 names', owner));
  const [deleted, by] = first.response?.status === 404 ? [await ctx.sender.follow('DELETE', url, of(ex, 'delete of a profile of the creates of two accounts, in the other account', otherOf(owner))), otherOf(owner)] : [first, owner];
  // the account whose DELETE removed it reads it again: gone (a DELETE that answers 204 and removes nothing passes no other read)
  const removed = deleted.response !== undefined && deleted.response.status >= 200 && deleted.response.status < 300;
  const readAfter = removed ? await ctx.sender.follow('GET', url, of(ex, 'fetch of a profile of the creates of two accounts after its DELETE, by the account that deleted it', by)) : undefined;
  return { sid, deleted, ...(readAfter ? { readAfter } : {}) };
}
