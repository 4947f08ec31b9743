import { randomBytes } from 'node:crypto';
import { type AuthMode, type Exchange, OTHER_PAIR_AUTH, replyOf, type UpdateOfNone, type UpdateOwn } from '../../../contracts/exchange.ts';
import { CREDENTIAL_WORDS, OTHERS, type UpdateStepPlan, updateSteps } from '../../../generators/index.ts';
import { DOCUMENTED_POLICY } from '../../../contracts/schemas.ts';
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

/**
 * How long after the 201 the first update goes, on a target whose clock the run waits for: a
 * date_created the update moves shows in another second, and a date_updated it moves is later than
 * the 201's (half a second to spare for the clocks of two hosts behind one name).
 */
export const UPDATE_AFTER_MS = 1500;

/**
 * The update of a profile of the sender's own, once a run: a profile made for it (the lifecycle's
 * create with a name of its own, unique to the run, and a StatusCallback, through the Sender: the
 * create budget counts it; with no slot left, nothing is sent), updated step by step as
 * generators/updateSteps.ts plans it — each parameter of the update to every value of the create's value
 * space (an either value refused whole: its body's create values sent again without it, `fallback`),
 * the form under every spelling of its media type, a JSON body and names in another case (no
 * parameters), every StatusCallback the create refuses and every Status outside the enum or draft spelt
 * otherwise, each after a FriendlyName (refused whole) — each step followed by a read (the update.*
 * checks; refusals of one parameter in a row, each answered 4xx, share the read after the last), the pairs of the account alternating when the run knows
 * both; after the first step (the rename), the list by the new name and by the created one; after
 * the last, the lists by its PolicySid and by its Status, each with its name, and by its name alone
 * (update.filtered-listed);
 * then the profile deleted at once. A target without the update (404, 405 or 501 to the first) gets no
 * other: the run certifies the update only where the target has it. The first update goes at least
 * UPDATE_AFTER_MS after the 201 (not on a target whose clock the run need not wait for,
 * ctx.clockSpanMs 0: UpdateOwn.clockWaited), so a date_created it sets and a date_updated it does
 * not move show. The sender no longer holds the profile to its
 * 201 (Sender.updating): no other read judges it as never updated. Interrupted (ctx.signal), it
 * sends no more updates and deletes the profile.
 */
export async function probeUpdateOwn(ctx: RunContext, ex: Exchange): Promise<void> {
  const base = ex.case.fields.FriendlyName ?? 'Profile';
  const tag = randomBytes(4).toString('hex');
  const created = `${base} (to be updated ${tag})`;
  const renamed = `${base} (renamed by an update ${tag})`;
  const fields = { ...ex.case.fields, FriendlyName: created, StatusCallback: ex.case.fields.StatusCallback ?? OWN_CALLBACK };
  // its label holds no name: a name unique to the run would make a failure's class differ from run to run and shard to shard
  const tc = withFields(ex.case, fields, `${ex.case.label}, a FriendlyName of its own: the profile the run updates`);
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
  const both = ctx.sender.knowsShape(OTHER_PAIR_AUTH);
  const update: UpdateOwn = { create: made, steps: [], ...(ctx.clockSpanMs > 0 ? { clockWaited: true as const } : {}) };
  ex.updateOwn = update;
  let hasUpdate = true;
  // what no parameter of the update may move it to: another policy (the documented one, else a made-up one), the second account when the run knows it
  const others = {
    ...OTHERS,
    policySid: ex.case.fields.PolicySid === DOCUMENTED_POLICY ? OTHERS.policySid : DOCUMENTED_POLICY,
    accountSid: ctx.judgement.ctx.secondAccountSid ?? OTHERS.accountSid,
  };
  const plan = updateSteps(ctx.model.seed, { base, renamed, tag }, others);
  // refused updates answered 4xx one after another share the read after the last of them (each sends a FriendlyName of its
  // own before its refused value: the read shows which one changed the profile, if one did)
  let unread: Array<Omit<UpdateOwn['steps'][number], 'readAfter'>> = [];
  let lastReadAt = Date.now();
  const readAfter = async (what: string) => {
    const read = await ctx.sender.follow('GET', url, of(ex, `read after the update with ${what}`));
    lastReadAt = Date.now();
    const shared = unread.length > 1 ? { readShared: unread.length } : {};
    for (const step of unread) update.steps.push({ ...step, ...shared, readAfter: read });
    unread = [];
  };
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i]!;
    if (update.steps.length + unread.length > 0 && (ctx.signal?.aborted || ctx.stopped())) break;
    // the refusals go in another second than the last update that moved date_updated, on a target whose clock the run waits for:
    // a refused update that touches the row (date_updated = now) shows
    if (step.expect === 'refused' && plan[i - 1]?.expect !== 'refused' && ctx.clockSpanMs > 0) {
      const pause = lastReadAt + UPDATE_AFTER_MS - Date.now();
      if (pause > 0) {
        ctx.clockWaitMs += pause;
        if (!(await sleep(pause, ctx.signal))) break;
      }
    }
    const auth: AuthMode = step.otherPair && both ? OTHER_PAIR_AUTH : 'valid';
    const pair = auth === 'valid' ? '' : ', with the pair the run does not act with';
    const sent = await ctx.sender.follow('POST', step.query ? `${url}?${step.query}` : url, { ...of(ex, `update (POST) of a profile of the run with ${step.what}${pair}`, auth), body: { type: step.type, text: step.text } });
    unread.push({ what: step.what, expect: step.expect, sets: step.sets, ...(step.refuses ? { refuses: step.refuses } : {}), ...(step.query ? { query: step.query } : {}), ...(step.repeated ? { repeated: step.repeated } : {}), sent });
    const status = sent.response?.status;
    const refused = status !== undefined && status >= 400 && status < 500;
    // either, refused whole: the values every server takes go again without the one it may refuse
    if (step.expect === 'either' && refused && step.fallback) plan.splice(i + 1, 0, { ...step.fallback, otherPair: step.otherPair });
    const next = plan[i + 1];
    const changesNothing = (s: UpdateStepPlan) => s.expect === 'refused' || s.expect === 'unread';
    // a read between refusals of different parameters: each rule sees the refusals of its own parameter
    if (!(refused && changesNothing(step) && next && changesNothing(next) && next.refuses === step.refuses && update.steps.length > 0)) await readAfter(step.what);
    // the first update says whether the target has the update: without it, no other is sent
    if (i === 0 && (status === 404 || status === 405 || status === 501)) {
      hasUpdate = false;
      break;
    }
    if (i === 0) {
      const list = (name: string, what: string) => ctx.sender.follow('GET', `${ctx.base}${PATH}?FriendlyName=${encodeURIComponent(name)}`, of(ex, `list by the ${what} of the profile the run updated`));
      update.lists = { renamed, created, byRenamed: await list(renamed, 'name its update gave'), byCreated: await list(created, 'name it was created with') };
    }
  }
  if (unread.length > 0) await readAfter(unread.at(-1)!.what);
  if (hasUpdate && !ctx.signal?.aborted && !ctx.stopped()) await listFiltered(ctx, ex, update);
  // the sender counts it in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
  await remove();
}

/**
 * Between the last update and the DELETE: the lists by the profile's PolicySid and by its Status as
 * the read after the last update showed them, each with its FriendlyName (unique to the run: the
 * page stays small, and shows no other run's or shard's profile), and the list by that FriendlyName
 * alone (a list by name served from a per-profile summary the update refreshed only partly shows
 * it), each held to that read (update.filtered-listed). Nothing is listed when that read showed no
 * profile.
 */
async function listFiltered(ctx: RunContext, ex: Exchange, update: UpdateOwn): Promise<void> {
  const last = update.steps.at(-1)?.readAfter.response;
  const shown = last?.status === 200 ? last.json : undefined;
  if (typeof shown !== 'object' || shown === null) return;
  const { friendly_name: name, policy_sid: policy, status } = shown as Record<string, unknown>;
  if (typeof name !== 'string') return;
  const filtered: NonNullable<UpdateOwn['filtered']> = [];
  for (const [by, value] of [
    ['PolicySid', policy],
    ['Status', status],
    ['FriendlyName', name],
  ] as const) {
    if (typeof value !== 'string') continue;
    const alone = by === 'FriendlyName';
    const query = alone ? `FriendlyName=${encodeURIComponent(name)}` : `${by}=${encodeURIComponent(value)}&FriendlyName=${encodeURIComponent(name)}`;
    const words = alone ? 'the FriendlyName alone' : `the ${by} and the FriendlyName`;
    const list = await ctx.sender.follow('GET', `${ctx.base}${PATH}?${query}`, of(ex, `list by ${words} of the profile the run updated, after its last update`));
    filtered.push({ by, list });
  }
  update.filtered = filtered;
}
