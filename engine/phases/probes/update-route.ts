import { randomBytes } from 'node:crypto';
import type { AuthMode, Exchange, UpdateOfNone } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';

/**
 * Updates (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's UpdateCustomerProfile) of sids that name
 * no profile of the one who sends them — a sid never made, the lifecycle's profile once deleted, the
 * caller's profile sent by the second account — each followed by a read that shows what it did
 * (lookup.update-of-none). The run certifies the create, not the update: no update of a profile of
 * the sender's own is sent. The body is the lifecycle's create with a name of its own, so an upsert
 * can make a profile of it and an update that reached a profile shows by that name.
 */
async function updateOfNone(ctx: RunContext, ex: Exchange, url: string, what: string, auth: AuthMode = 'valid'): Promise<void> {
  const marker = `updated by the run: ${what}`;
  const text = new URLSearchParams({ ...ex.case.fields, FriendlyName: marker }).toString();
  const who = auth === 'valid' ? '' : ` with ${CREDENTIAL_WORDS[auth]}`;
  const sent = await ctx.sender.follow('POST', url, { ...of(ex, `update (POST) of ${what}${who}`, auth), body: { type: 'application/x-www-form-urlencoded', text } });
  const readAfter = await ctx.sender.follow('GET', url, of(ex, `read after the update of ${what}${who}`));
  const attempt: UpdateOfNone = { what, sent, readAfter, marker, owned: auth !== 'valid' };
  ex.updatesOfNone = [...(ex.updatesOfNone ?? []), attempt];
  // an update that made a profile (an upsert) leaves it on the target: the run's to delete
  const sid = url.slice(url.lastIndexOf('/') + 1);
  if (!attempt.owned && readAfter.response?.status === 200) ctx.sender.noteStored([sid]);
}

/** A sid no profile has had. */
export const updateNeverMade = (ctx: RunContext, ex: Exchange): Promise<void> =>
  updateOfNone(ctx, ex, `${ctx.base}${PATH}/BU${randomBytes(16).toString('hex')}`, 'a sid no profile has had');

/** The lifecycle's profile after its DELETE. */
export const updateDeleted = (ctx: RunContext, ex: Exchange, url: string): Promise<void> => updateOfNone(ctx, ex, url, 'the deleted profile');

/** The caller's profile, sent by the second account: no resource of its. */
export const updateByOtherAccount = (ctx: RunContext, ex: Exchange, url: string): Promise<void> =>
  updateOfNone(ctx, ex, url, "the caller's profile (a profile of another account)", 'second-account');
