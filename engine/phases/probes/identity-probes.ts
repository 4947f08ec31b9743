import { randomBytes } from 'node:crypto';
import { bodyObject } from '../../../contracts/answer.ts';
import { type AccountParam, type ConditionalRead, type Exchange, type FollowUp, replyOf } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';
import { withFields } from '../model/execution.ts';

/**
 * What a create must not take from its body, with the sid of a profile the run holds: the sid is
 * the server's ("the unique string that we created", OpenAPI), so a create naming one (an
 * update_or_create / upsert keyed by it) makes a new profile and leaves that one as it was.
 */
export const identityParams = (sid: string): Array<[string, string]> => [
  ['Sid', sid],
  ['sid', sid],
  ['DateCreated', '2001-01-01T00:00:00Z'],
];

/** A made-up account for the ?AccountSid= probes: no account the run knows, so no account's profiles. */
export const madeUpAccount = (): string => `AC${randomBytes(16).toString('hex')}`;

/** A date long past, for If-Modified-Since when an answer has neither Last-Modified nor Date. */
export const PAST_DATE = 'Sat, 01 Jan 2000 00:00:00 GMT';

/**
 * The conditional headers a client with an HTTP cache sends to revalidate an answer: If-Modified-Since
 * its Last-Modified (its Date when it has none, a date long past when neither) and If-None-Match its ETag.
 */
export function validatorsOf(f: FollowUp): Record<string, string> {
  const h = f.response?.headers ?? {};
  return { 'if-modified-since': h['last-modified'] ?? h.date ?? PAST_DATE, ...(h.etag ? { 'if-none-match': h.etag } : {}) };
}

/**
 * A read revalidated right after it (If-None-Match its ETag, If-Modified-Since its Last-Modified or
 * Date): nothing the run does changes it in between, so a target that keeps validators answers 304
 * Not Modified, an answer no other request gets; the rules of every answer judge it (RFC 9110
 * §6.6.1: Date in every 2xx, 3xx and 4xx answer). A 200 is as right: nothing is judged of the choice.
 */
async function unchanged(ctx: RunContext, ex: Exchange, at: string, before: FollowUp, what: string): Promise<void> {
  if (before.response?.status !== 200) return;
  await ctx.sender.follow('GET', at, { ...of(ex, what), headers: validatorsOf(before) });
}

/**
 * Once a run, with the lifecycle's profile live (create.sid-from-server): the list read (and revalidated
 * at once, unchanged: `unchanged`), then the lifecycle's create sent again with another FriendlyName and Sid, sid (the lifecycle profile's)
 * and DateCreated in its body, then the lifecycle profile read back (and revalidated at once). The list is read again
 * conditionally (the first list's validators): it holds the new profile, so no 304
 * (list.conditional-fresh). The lifecycle profile is fetched and the list read with ?AccountSid=<a
 * made-up account> (lookup.account-param), then the new profile read, deleted with that
 * ?AccountSid= and read and listed conditionally again after it. Inside the create budget; only
 * the run's own profiles are read and deleted.
 */
export async function probeIdentityParams(ctx: RunContext, ex: Exchange, url: string, existing: string): Promise<void> {
  const listUrl = `${ctx.base}${PATH}?PageSize=1000`;
  const listBefore = await ctx.sender.follow('GET', listUrl, of(ex, 'list before a create, for its validators'));
  await unchanged(ctx, ex, listUrl, listBefore, 'list revalidated at once, unchanged since the list just before (its validators)');
  const fields = { ...ex.case.fields, FriendlyName: `${ex.case.fields.FriendlyName ?? 'Profile'} (named an existing Sid)` };
  const tc = withFields(ex.case, fields, `${ex.case.label}, with Sid, sid and DateCreated of the run's profile ${existing} in the body`);
  const extra = new URLSearchParams(identityParams(existing)).toString();
  const made = await ctx.sender.send({ ...tc, body: `${tc.body}&${extra}` }, false, ex.index);
  if (made) ctx.answered(replyOf(made));
  const readBack = await ctx.sender.follow('GET', url, of(ex, `read back of ${existing} after a create that named its Sid`));
  await unchanged(ctx, ex, url, readBack, `fetch of ${existing} revalidated at once, unchanged since the read just before (its validators)`);
  if (made) ex.sidInBody = { create: made, existing, readBack, listBefore };
  const conditional = (at: string, since: FollowUp, what: string) => ctx.sender.follow('GET', at, { ...of(ex, what), headers: validatorsOf(since) });
  const changed: ConditionalRead[] = [];
  const sid = made?.response?.status === 201 ? bodyObject(made.response)?.sid : undefined;
  const own = typeof sid === 'string' && sid !== existing && /^[A-Za-z0-9]+$/.test(sid) ? sid : undefined;
  const listAfter = own ? await conditional(listUrl, listBefore, 'list after a create, conditional on the list before it') : undefined;
  if (listAfter) changed.push({ after: 'a create', answer: listAfter });
  const account = madeUpAccount();
  const param: AccountParam = {
    account,
    fetch: await ctx.sender.follow('GET', `${url}?AccountSid=${account}`, of(ex, 'fetch of the profile with ?AccountSid= another account')),
    list: await ctx.sender.follow('GET', `${ctx.base}${PATH}?PageSize=1000&AccountSid=${account}`, of(ex, 'list with ?AccountSid= another account')),
    sid: existing,
    listBefore,
  };
  if (own) {
    const at = `${ctx.base}${PATH}/${own}`;
    const fetched = await ctx.sender.follow('GET', at, of(ex, 'fetch of the profile the create naming a Sid made, for its validators'));
    // the sender counts a 2xx in live.deletedByChecks; a profile left is deleted plainly below
    param.delete = await ctx.sender.follow('DELETE', `${at}?AccountSid=${account}`, of(ex, `delete of a profile of the run's with ?AccountSid= another account`));
    const status = param.delete.response?.status ?? 0;
    if (status < 200 || status > 299) await ctx.sender.follow('DELETE', at, of(ex, 'delete of the profile the create naming a Sid made'));
    const since = listAfter?.response?.status === 200 ? listAfter : listBefore;
    changed.push({ after: 'a DELETE', answer: await conditional(listUrl, since, 'list after a DELETE, conditional on the list before it') });
    changed.push({ after: 'a DELETE', answer: await conditional(at, fetched, 'fetch of the deleted profile, conditional on its fetch before the DELETE') });
  }
  ex.accountParam = param;
  ex.conditionalReads = changed;
}
