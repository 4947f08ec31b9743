import { randomBytes } from 'node:crypto';
import { type AuthMode, type Exchange, replyOf, type UpdateOfNone, type UpdateOwn } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS } from '../../../generators/index.ts';
import { sleep } from '../../transport/retry.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { withFields } from '../model/execution.ts';
import { createdSids } from './create-burst.ts';
import { of } from './credential-routes.ts';

/**
 * Updates (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's UpdateCustomerProfile) of sids that name
 * no profile of the one who sends them — a sid never made, the lifecycle's profile once deleted, the
 * caller's profile sent by the second account — each followed by a read that shows what it did
 * (lookup.update-of-none). The only profile of the sender's own the run updates is one it makes for
 * that and deletes at once (probeUpdateOwn): no other profile of the run is ever updated. The body is
 * the lifecycle's create with a name of its own, so an upsert can make a profile of it and an update
 * that reached a profile shows by that name.
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

/** The StatusCallback of the profile probeUpdateOwn makes when the lifecycle's case sends none: an update must keep it. */
const OWN_CALLBACK = 'https://example.com/status-callbacks/updated-profile';

/** A relative reference (RFC 3986 §4.2), no absolute URI: what the update's StatusCallback (format: uri) must refuse, as the create does. */
export const RELATIVE_CALLBACK = '/status-callbacks/relative';

/** How long after the 201 the first update goes, on a target whose clock the run waits for: a date_created the update moves shows in another second. */
export const UPDATE_AFTER_MS = 1000;

/**
 * The update of a profile of the sender's own, once a run: a profile made for it (the lifecycle's
 * create with a name of its own and a StatusCallback, through the Sender: the create budget counts
 * it; with no slot left, nothing is sent), updated with FriendlyName alone and read back
 * (update.date-created-kept, update.unsent-kept), then with a StatusCallback that is a relative
 * reference and read back (update.callback-absolute), then deleted at once. A target without the
 * update (404, 405 or 501 to the first) gets no second: the run certifies the update only where the
 * target has it. The first update goes at least UPDATE_AFTER_MS after the 201 (not on a target whose
 * clock the run need not wait for, ctx.clockSpanMs 0), so a date_created it sets shows. The sender no
 * longer holds the profile to its 201 (Sender.updating): no other read judges it as never updated.
 */
export async function probeUpdateOwn(ctx: RunContext, ex: Exchange): Promise<void> {
  const base = ex.case.fields.FriendlyName ?? 'Profile';
  const fields = { ...ex.case.fields, FriendlyName: `${base} (to be updated)`, StatusCallback: ex.case.fields.StatusCallback ?? OWN_CALLBACK };
  const tc = withFields(ex.case, fields, `${ex.case.label}, FriendlyName ${fields.FriendlyName}: the profile the run updates`);
  const made = await ctx.sender.send(tc, false, ex.index);
  if (!made) return;
  ctx.answered(replyOf(made));
  const [sid] = createdSids([made]);
  if (sid === undefined) return;
  const url = `${ctx.base}${PATH}/${sid}`;
  ctx.sender.updating(sid);
  const remove = () => ctx.sender.follow('DELETE', url, of(ex, 'delete of the profile the run updated'));
  const wait = made.receivedAt + UPDATE_AFTER_MS - Date.now();
  if (ctx.clockSpanMs > 0 && wait > 0) {
    ctx.clockWaitMs += wait;
    // interrupted while it waits: no update, the profile deleted all the same
    if (!(await sleep(wait, ctx.signal))) {
      await remove();
      return;
    }
  }
  const form = (params: Record<string, string>) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(params).toString() });
  const name = `${base} (renamed by an update)`;
  const renamed = await ctx.sender.follow('POST', url, { ...of(ex, 'update (POST) of a profile of the run with FriendlyName alone'), body: form({ FriendlyName: name }) });
  const readAfterRename = await ctx.sender.follow('GET', url, of(ex, 'read after the update of FriendlyName alone'));
  const update: UpdateOwn = { create: made, renamed, name, readAfterRename, callback: RELATIVE_CALLBACK };
  const status = renamed.response?.status;
  if (status !== 404 && status !== 405 && status !== 501) {
    update.relative = await ctx.sender.follow('POST', url, { ...of(ex, 'update (POST) of a profile of the run with a relative StatusCallback'), body: form({ StatusCallback: RELATIVE_CALLBACK }) });
    update.readAfterRelative = await ctx.sender.follow('GET', url, of(ex, 'read after the update with a relative StatusCallback'));
  }
  ex.updateOwn = update;
  // the sender counts it in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
  await remove();
}
