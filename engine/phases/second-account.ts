import type { Exchange } from '../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../generators/index.ts';
import { PATH } from '../transport/request.ts';
import type { RunContext } from './context.ts';
import { of } from './credential-routes.ts';

/** Why the second account's probe is not sent, for the report (a skip with its reason, never a pass). */
export const NO_SECOND_ACCOUNT =
  'no second account was given (--second-account-sid with --second-auth-token, the config\'s secondAccountSid/secondAuthToken, or TRUSTHUB_SECOND_ACCOUNT_SID/TRUSTHUB_SECOND_AUTH_TOKEN): the probe that a profile is no resource of another account was not run';

/**
 * Once a run, when the run knows a second account: the profile asked for by that account — its
 * fetch, the list filtered by the profile's FriendlyName, its DELETE — then read back with the
 * caller's own credentials (lookup.other-account-404: each a 404, the list without it, the profile
 * still there). Each answer is judged by the rules of its kind too (the 404 envelope and message).
 */
export async function probeSecondAccount(ctx: RunContext, ex: Exchange, url: string, profile: Readonly<Record<string, unknown>>): Promise<void> {
  if (!ctx.sender.knowsShape('second-account')) {
    ex.secondAccountNotRun = NO_SECOND_ACCOUNT;
    return;
  }
  const name: Record<string, string> = typeof profile.friendly_name === 'string' && profile.friendly_name !== '' ? { FriendlyName: profile.friendly_name } : {};
  const list = `${ctx.base}${PATH}?${new URLSearchParams({ ...name, PageSize: '1000' })}`;
  const second = (method: 'GET' | 'DELETE', at: string, what: string) => ctx.sender.follow(method, at, of(ex, `${what} with ${CREDENTIAL_WORDS['second-account']}`, 'second-account'));
  ex.secondFetch = await second('GET', url, "fetch of the caller's profile");
  ex.secondList = await second('GET', list, "list filtered by the caller's profile's FriendlyName");
  ex.secondDelete = await second('DELETE', url, "delete of the caller's profile");
  ex.readAfterSecond = await ctx.sender.follow('GET', url, of(ex, "read back after the second account's requests"));
}
