/**
 * The account before and after the run, read whole (PageSize=1000 through next_page_url):
 * - `listBeforePhase`, first: what the list shows before the run's first create, sid →
 *   date_created (a watched account, under a cleanup or a budget, has read it already). No create
 *   of the run may name one of them (create.unique-sid, through JudgeContext.listedBefore).
 * - `keepPhase`, right after the fixed cases: one padded profile made and kept to the end (createKeeper).
 * - `auditPhase`, last: the list read whole again. Every profile listed before and every live
 *   profile of the run is listed (list.exact); one that is not is fetched: a 200 is a profile the
 *   list lost; a 404 is one the run's own never lost (a profile lives until its DELETE: a TTL, an
 *   eviction), and of one listed before, a delete by someone else (a parallel shard: never judged).
 *   A profile listed before shows the date_created it showed then (create.unique-sid: otherwise
 *   something was stored under its sid since), shows every field as it did then while its date_updated
 *   is the same, and the first of them still listed are read back (every field as listed), listed by
 *   name, by each Status and PolicySid they hold, fetched by the second account (404) and with the
 *   other pair (audit/pre-run.ts). A create answered 429 or 503 stored nothing
 *   (reject.no-side-effect: Sender.toldLater). Each live profile of the run shows the fields and
 *   dates its 201 showed (list.same-as-created, Sender.shown: the run updates none but the one it makes to update); none the
 *   run deleted is listed again (delete.gone, Sender.removed).
 * Reads only: nothing is created or deleted, and the run's own reads are all it judges. In the
 * shard of the fixed cases only (RunContext.firstShard), when list.exact or create.unique-sid is run.
 */
import { answerOf, bodyObject } from '../../../contracts/answer.ts';
import fc from 'fast-check';
import { type AuthMode, type FollowUp, OTHER_PAIR_AUTH, type Reply, replyOf, sentFields } from '../../../contracts/exchange.ts';
import { validCase } from '../../../generators/index.ts';
import { fail, PASS } from '../../checks/util.ts';
import { KEPT_WHOLE, keyOf, profileFields, readWhole, type WholeRead, wholeKey, wholeListUrl } from '../../transport/account.ts';
import { PATH } from '../../transport/request.ts';
import { shownKey } from '../../transport/sender.ts';
import type { Phase, RunContext } from '../context.ts';
import { readPreRun } from './pre-run.ts';
import { asReply, differences, type Failure, type Listed } from './read.ts';
import { withFields } from '../model/execution.ts';

/** At most this many profiles missing from the list are fetched to tell lost from deleted. */
const FETCHED_AT_MOST = 10;

export const listBeforePhase: Phase = { name: 'list-before', run: listBefore };
export const keepPhase: Phase = { name: 'keep', run: createKeeper };
export const auditPhase: Phase = { name: 'audit', run: audit };

/** Once a run (in the shard of the fixed cases, as the other once-a-run reads), for a rule that reads it. */
const AUDITED = new Set(['list.exact', 'create.unique-sid', 'reject.no-side-effect', 'list.same-as-created', 'delete.gone']);
const audited = (ctx: RunContext): boolean => ctx.firstShard && ctx.checks.some((c) => AUDITED.has(c.id));

async function listBefore(ctx: RunContext): Promise<void> {
  if (!audited(ctx)) return;
  const account = ctx.sender.account;
  let before: ReadonlyMap<string, unknown> | undefined;
  let whole: ReadonlyMap<string, string> | undefined;
  if (account) {
    before = account.blind === undefined && account.partial === undefined ? account.createdBefore : undefined;
    whole = account.wholeBefore;
  } else {
    const { read } = await readAll(ctx, 'list before the run, to find it whole at the end');
    before = 'error' in read || read.partial ? undefined : new Map([...read.profiles].map(([sid, p]) => [sid, p.created]));
    whole = 'error' in read ? undefined : new Map([...read.profiles].slice(0, KEPT_WHOLE).map(([sid, p]) => [sid, p.whole]));
  }
  if (!before) return;
  ctx.before = before;
  if (whole) ctx.wholeBefore = whole;
  ctx.judgement.ctx.listedBefore = new Set(before.keys());
}

/**
 * One profile made first and kept to the run's end, its FriendlyName padded and its inner space
 * doubled (what a trim on a later save alters): the audit compares it, as every live profile of the
 * run, with its 201, so a job that saves a profile again seconds later shows in any run that lasts
 * that long. Not made under a create budget; the cleanup deletes it like any other.
 */
async function createKeeper(ctx: RunContext): Promise<void> {
  if (!audited(ctx) || ctx.stopped()) return;
  // under a create budget every slot is the plan's and the model's (engine/phases/model/model.ts): no keeper
  if (ctx.sender.budget || !ctx.checks.some((c) => c.id === 'list.same-as-created')) return;
  const [base] = fc.sample(validCase(ctx.policySids ? { policySids: [...ctx.policySids] } : {}), { seed: ctx.model.seed, numRuns: 1 });
  const name = `  Kept to the run's end  ${ctx.model.seed} `;
  const tc = withFields(base!, { ...base!.fields, FriendlyName: name }, `a valid create, FriendlyName ${JSON.stringify(name)}: made first, kept to the run's end and compared there with its 201`);
  const made = await ctx.sender.send(tc);
  if (made) ctx.answered(replyOf(made));
}

async function audit(ctx: RunContext): Promise<void> {
  const before = ctx.before;
  if (!before || ctx.stopped() || !audited(ctx)) return;
  const purpose = "list at the run's end: every profile listed before the run and every live profile of the run";
  const end = await readAll(ctx, purpose);
  if ('error' in end.read || end.read.partial || !end.first) return;
  let listed = end.read.profiles;
  const expected = [...before.keys(), ...ctx.sender.own];
  let missing = expected.filter((sid) => !listed.has(sid));
  // a walk over several pages may miss a profile when others delete meanwhile: a second walk must miss it too
  if (missing.length > 0 && end.read.pages > 1) {
    const again = await readAll(ctx, `${purpose} (read again)`);
    if ('error' in again.read || again.read.partial) return;
    listed = again.read.profiles;
    missing = missing.filter((sid) => !listed.has(sid));
  }
  const evidence = asReply(end.first, 'list', purpose);
  const readOther = async () => {
    const { read } = await readAll(ctx, "list at the run's end with the pair the run does not act with", OTHER_PAIR_AUTH);
    return 'error' in read || read.partial ? undefined : read.profiles;
  };
  const at = end.first.response ? answerOf(end.first.response).date : undefined;
  const preRun = await readPreRun(ctx, before, listed, readOther, at?.kind === 'ok' ? at.value.ms : undefined);
  record(ctx, 'list.exact', (await lost(ctx, missing, before)) ?? preRun['list.exact'], evidence);
  for (const id of ['readback.same', 'list.filter-complete', 'auth.pairs-one-account', 'lookup.other-account-404'] as const) {
    const failure = preRun[id];
    if (failure) record(ctx, id, failure, evidence);
  }
  record(ctx, 'list.same-as-created', changed(ctx, listed), evidence);
  record(ctx, 'delete.gone', resurrected(ctx, listed), evidence);
  record(ctx, 'create.unique-sid', replaced(before, listed), evidence);
  const stored = storedAnyway(ctx, before, listed);
  if (stored) record(ctx, 'reject.no-side-effect', stored, evidence);
}

/**
 * A create answered 429 or 503 — "send it again later" — whose profile is listed anyway: a profile
 * no 201 of the run named, not listed before, holding exactly the three fields it sent, created
 * (by its date_created) within a second of the answer's Date. A retry makes it twice.
 */
function storedAnyway(ctx: RunContext, before: ReadonlyMap<string, unknown>, listed: ReadonlyMap<string, Listed>): { message: string; evidence: Reply } | undefined {
  for (const told of ctx.sender.toldLater) {
    const at = answerOf(told.response).date;
    const key = keyOf(sentFields(told.case.body, told.case.contentType).filter(([, v]) => v !== ''));
    if (at.kind !== 'ok' || key === '') continue;
    for (const [sid, p] of listed) {
      const created = typeof p.created === 'string' ? Date.parse(p.created) : Number.NaN;
      if (p.key !== key || before.has(sid) || ctx.sender.own.has(sid) || !(created >= at.value.ms - 2000 && created <= at.value.ms + 1000)) continue;
      const status = told.response.status;
      return {
        message: `a create answered ${status} (${told.case.label}) — an answer that asks the client to send it again — stored ${sid} anyway: listed at the run's end with exactly the fields it sent, created as the ${status} was answered; a retry stores it twice`,
        evidence: { route: 'create', request: told.request, response: told.response, auth: told.case.auth, case: told.case, latencyMs: 0, receivedAt: Date.now(), absorbed: false, index: -1, purpose: told.case.label },
      };
    }
  }
  return undefined;
}

/** The first missing profile that still reads back, or the run's own that is gone, as a failure with its fetch for evidence. */
async function lost(ctx: RunContext, missing: readonly string[], before: ReadonlyMap<string, unknown>): Promise<{ message: string; evidence: Reply } | undefined> {
  for (const sid of missing.slice(0, FETCHED_AT_MOST)) {
    const url = `${ctx.base}${PATH}/${sid}`;
    const what = before.has(sid) ? 'a profile the list showed before the run' : 'a profile the run created and did not delete';
    const f = await ctx.sender.follow('GET', url, { purpose: `fetch of ${what}, missing from the list at the run's end` });
    const evidence = asReply(f, 'fetch', 'fetch of a profile missing from the list');
    // the run's own profile is no one else's to delete: gone without a DELETE of the run, it was lost
    if (f.response?.status === 404 && !before.has(sid) && !ctx.sender.deleteAnswered(sid)) {
      return { message: `${sid}, ${what}, is gone: the list read whole at the run's end does not show it and its fetch answers 404, yet no DELETE removed it (a profile exists until it is deleted)`, evidence };
    }
    if (f.response?.status !== 200 || bodyObject(f.response)?.sid !== sid) continue;
    return {
      message: `${sid}, ${what}, reads back with GET (200) but the list read whole at the run's end (PageSize=1000 through next_page_url) does not show it: the collection lists what exists`,
      evidence,
    };
  }
  return undefined;
}

/** The first profile of the run whose fields or dates at the run's end differ from what its 201 showed (a job that saved it again later, a trim on a later save). */
function changed(ctx: RunContext, listed: ReadonlyMap<string, Listed>): { message: string } | undefined {
  for (const [sid, then] of ctx.sender.shown) {
    const now = listed.get(sid)?.shown;
    if (now === undefined || now === then) continue;
    return { message: `${sid} shows at the run's end (the list read whole) otherwise than its 201 did, though the run never updated it: ${differences(then, now)}` };
  }
  return undefined;
}

/** The first profile of the run a DELETE of the run removed (2xx) that the list shows again at the run's end (a job that saved it again later, an upsert of a snapshot). */
function resurrected(ctx: RunContext, listed: ReadonlyMap<string, Listed>): { message: string } | undefined {
  for (const sid of ctx.sender.removed) {
    if (!listed.has(sid)) continue;
    return { message: `${sid}, a profile the run created and removed with a DELETE answered 2xx, is listed again at the run's end (the list read whole): a deleted profile stays deleted` };
  }
  return undefined;
}

/** A profile listed before the run that shows another date_created now: something else was stored under its sid. */
function replaced(before: ReadonlyMap<string, unknown>, listed: ReadonlyMap<string, Listed>): { message: string } | undefined {
  for (const [sid, created] of before) {
    const now = listed.get(sid)?.created;
    if (now === undefined || now === created) continue;
    return { message: `${sid} was listed before the run with date_created ${JSON.stringify(created)} and at the run's end with ${JSON.stringify(now)}: another profile was stored under an existing sid` };
  }
  return undefined;
}

function record(ctx: RunContext, id: string, failure: Failure | undefined, evidence: Reply): void {
  if (!ctx.checks.some((c) => c.id === id)) return;
  ctx.judgement.recordStep(id, failure ? fail(failure.message) : PASS, failure?.evidence ?? evidence);
}

async function readAll(ctx: RunContext, purpose: string, auth?: AuthMode): Promise<{ read: WholeRead<Listed>; first?: FollowUp }> {
  let first: FollowUp | undefined;
  const read = await readWhole(
    wholeListUrl(`${ctx.base}${PATH}`),
    async (url, what) => {
      const f = await ctx.sender.follow('GET', url, { purpose: what, ...(auth ? { auth } : {}) });
      first ??= f;
      return f;
    },
    purpose,
    (p) => ({ created: p.date_created, key: keyOf(profileFields(p)), shown: shownKey(p), whole: wholeKey(p) }),
  );
  return { read, ...(first ? { first } : {}) };
}
