import { bodyObject } from '../../contracts/answer.ts';
import { type Exchange, type FollowUp, replyOf } from '../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../generators/index.ts';
import { PATH } from '../transport/request.ts';
import type { RunContext } from './context.ts';
import { of } from './credential-routes.ts';

/** Why the probe of the account's other pair is not sent, for the report (a skip with its reason, never a pass). */
export const ONE_PAIR =
  "the run knows one pair of the account, not both an Auth Token and an API key (--auth-token with --api-key and --api-secret, or TWILIO_AUTH_TOKEN with TWILIO_API_KEY and TWILIO_API_SECRET): that a profile created with one pair is the account's for the other was not checked; with an Auth Token alone, authentication by an API key was not exercised at all";

/**
 * Once a run, when the run knows both pairs of the account (an Auth Token and an API key): the
 * lifecycle's create sent again with the other pair (OTHER_PAIR_AUTH; inside the create budget, its
 * answer judged by the rules of its kind: resource.account-sid wants the Account SID, never the key's
 * SID), then the profile fetched, listed (filtered by its name) and deleted with the caller's own
 * pair (auth.pairs-one-account): a key acts for its account, so what it creates is the account's.
 */
export async function probeOtherPair(ctx: RunContext, ex: Exchange): Promise<void> {
  if (!ctx.sender.knowsShape('other-pair')) {
    ex.otherPairNotRun = ONE_PAIR;
    return;
  }
  const words = CREDENTIAL_WORDS['other-pair'];
  const made = await ctx.sender.send({ ...ex.case, auth: 'other-pair', label: `${ex.case.label}, sent again with ${words}` }, false, ex.index);
  if (!made) return;
  ctx.answered(replyOf(made));
  const create: FollowUp = { request: made.request, purpose: made.case.label, auth: 'other-pair', ...(made.response ? { response: made.response } : { error: made.error! }) };
  ex.otherPair = { create };
  const body = made.response?.status === 201 ? bodyObject(made.response) : undefined;
  if (typeof body?.sid !== 'string') return;
  const url = `${ctx.base}${PATH}/${body.sid}`;
  const name: Record<string, string> = typeof body.friendly_name === 'string' && body.friendly_name !== '' ? { FriendlyName: body.friendly_name } : {};
  const own = (what: string) => of(ex, `${what} of the profile created with ${words}, with the caller's own`);
  ex.otherPair.fetch = await ctx.sender.follow('GET', url, own('fetch'));
  ex.otherPair.list = await ctx.sender.follow('GET', `${ctx.base}${PATH}?${new URLSearchParams({ ...name, PageSize: '1000' })}`, own('list filtered by the name'));
  // the sender counts a 2xx in live.deletedByChecks; one that fails leaves it to the cleanup
  ex.otherPair.delete = await ctx.sender.follow('DELETE', url, own('delete'));
}
