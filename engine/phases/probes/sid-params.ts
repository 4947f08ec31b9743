import type { Exchange, FollowUp, SidParams, SidParamDelete } from '../../../contracts/exchange.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';

/** The names of the sid a request may carry besides its path (the OpenAPI's Sid is `in: path`; `sid` as a binder that ignores case takes it). */
export const SID_PARAMS = ['Sid', 'sid'] as const;

/**
 * Two or three live profiles of the run's own (A, A2 and B: the creates sent at once, before their
 * own plain DELETEs, engine/phases/probes/create-burst.ts) asked with the sid of B besides the path
 * of A: GET of A with ?Sid=B and ?sid=B, HEAD of A with ?Sid=B, DELETE of A with ?Sid=B, and DELETE
 * of A2 (A again when the burst made two) with the form body Sid=B; after each DELETE both A and B
 * are read back (lookup.account-param). The path names the profile a request acts on: a binder that
 * lets the query or a body override the route's sid (`{ ...req.params, ...req.query }`, Flask's
 * request.values) shows B under A's URL, or deletes B. Every profile it asks of is the run's own and
 * deleted after it anyway; an A that still reads back is deleted plainly here. Nothing is created.
 * The profiles it deleted are its DELETEs' targets; B is left to the caller to delete.
 */
export async function probeSidParams(ctx: RunContext, ex: Exchange, made: readonly string[]): Promise<SidParams | undefined> {
  const sids = [...new Set(made)];
  if (sids.length < 2) return undefined;
  const a = sids[0]!;
  const b = sids.at(-1)!;
  // a third profile: the body's DELETE finds its path's profile live too (with two, A again, already deleted by a faithful server)
  const body = sids.length >= 3 ? sids[1]! : a;
  const at = (sid: string) => `${ctx.base}${PATH}/${sid}`;
  const query = (name: string) => `?${new URLSearchParams([[name, b]]).toString()}`;
  const fetches: FollowUp[] = [];
  for (const name of SID_PARAMS) fetches.push(await ctx.sender.follow('GET', `${at(a)}${query(name)}`, of(ex, `fetch of a profile of the run's with ?${name}= another of its profiles`)));
  const head = await ctx.sender.follow('HEAD', `${at(a)}${query('Sid')}`, of(ex, "HEAD of a profile of the run's with ?Sid= another of its profiles"));
  const readBoth = async (target: string, how: string): Promise<Pick<SidParamDelete, 'targetAfter' | 'otherAfter'>> => ({
    targetAfter: await ctx.sender.follow('GET', at(target), of(ex, `read back of the profile a DELETE ${how} named in its path`)),
    otherAfter: await ctx.sender.follow('GET', at(b), of(ex, `read back of the profile a DELETE of another ${how} named`)),
  });
  const deletes: SidParamDelete[] = [];
  // the sender counts a 2xx in live.deletedByChecks (the path's profile)
  const byQuery = await ctx.sender.follow('DELETE', `${at(a)}${query('Sid')}`, of(ex, "delete of a profile of the run's with ?Sid= another of its profiles"));
  deletes.push({ how: 'with ?Sid=', target: a, other: b, deleted: byQuery, ...(await readBoth(a, 'with ?Sid=')) });
  const form = new URLSearchParams([['Sid', b]]).toString();
  const byBody = await ctx.sender.follow('DELETE', at(body), { ...of(ex, "delete of a profile of the run's with the form body Sid= another of its profiles"), body: { type: 'application/x-www-form-urlencoded', text: form } });
  deletes.push({ how: 'with the form body Sid=', target: body, other: b, deleted: byBody, ...(await readBoth(body, 'with the form body Sid=')) });
  // what a DELETE refused (or answered without removing it) left: deleted plainly, so the run leaves nothing behind
  for (const sid of new Set([a, body])) {
    const last = deletes.filter((d) => d.target === sid).at(-1)!;
    if (last.targetAfter.response?.status !== 404) await ctx.sender.follow('DELETE', at(sid), of(ex, "delete of a profile of the run's asked with another's sid"));
  }
  return { target: a, other: b, fetches, head, deletes };
}
