import { bodyObject } from '../../../contracts/answer.ts';
import { type CreateBurst, type Exchange, type FollowUp, replyOf } from '../../../contracts/exchange.ts';
import { sleep } from '../../transport/retry.ts';
import { PATH } from '../../transport/request.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';
import { withFields } from '../model/execution.ts';
import { probeSidParams } from './sid-params.ts';

/**
 * How many creates the burst sends at once, whatever --concurrency is: twice a common database
 * connection pool (HikariCP's 10, a pool of 16), where a create that takes a second connection
 * while it holds one (REQUIRES_NEW) deadlocks once every connection is held.
 */
export const BURST_CREATES = 32;

/** The StatusCallback of the burst's creates when the lifecycle's case sends none. */
const BURST_CALLBACK = 'https://example.com/status-callbacks/burst';

/** How many list reads the second account sends while the burst's creates are in flight (when the run knows one). */
export const READS_ALONGSIDE = 16;

/**
 * When the caller's own list reads go after the creates are sent (ms), spread over the burst: a
 * create in two steps (INSERT, then UPDATE) shows a half-made row to a read between them. Pages of
 * 50 (a list newest first shows the burst's) and of 1000 (an account under 1000 shows it whole).
 */
export const OWN_READS_MS = [0, 1, 2, 4, 6, 10, 15, 25] as const;
const ownReadSize = (i: number) => (i % 2 === 0 ? 50 : 1000);

/** The sids the 201s among creates name (only those a URL can carry): the profiles a probe reads back and deletes. */
export function createdSids(creates: readonly Exchange[]): string[] {
  return creates.map((made) => (made.response?.status === 201 ? bodyObject(made.response)?.sid : undefined)).filter((sid): sid is string => typeof sid === 'string' && /^[A-Za-z0-9]+$/.test(sid));
}

/**
 * The lifecycle's create sent BURST_CREATES times at once (each FriendlyName numbered), on
 * connections of their own (create.burst): each is answered 201, or 429 when the server is busy;
 * never a 5xx, another refusal or no answer. Every profile a 201 names is then read back and
 * deleted. While they are in flight the second account, when the run knows one, lists its own
 * profiles READS_ALONGSIDE times (list.own-account judges its pages, resource.account-sid the
 * creates: an account kept in a variable shared by requests in flight shows), and the caller lists
 * its own OWN_READS_MS.length times (list.same-as-created: a profile a 201 names shows as that 201,
 * never a row half made). Before their DELETEs, three of them are asked with another's sid besides
 * their path (sid-params.ts: lookup.account-param). Once a run; inside
 * the create budget (only the slots free now are taken: a burst cut short by the budget is
 * smaller); only the run's own profiles are read and deleted.
 */
export async function probeCreateBurst(ctx: RunContext, ex: Exchange): Promise<void> {
  const cases = Array.from({ length: BURST_CREATES }, (_, i) => {
    const name = `${ex.case.fields.FriendlyName ?? 'Burst'} (${i + 1} of ${BURST_CREATES} at once)`;
    // every field shown: a StatusCallback too when the lifecycle's case has none (a writer used only under load may drop a column)
    const StatusCallback = ex.case.fields.StatusCallback ?? BURST_CALLBACK;
    return withFields(ex.case, { ...ex.case.fields, FriendlyName: name, StatusCallback }, `${ex.case.label}, FriendlyName ${name}: one of ${BURST_CREATES} creates sent at once`);
  });
  // the second account's list reads in flight with the creates: a server that keeps the authenticated account in one shared variable mixes them up
  const reads = ctx.sender.knowsShape('second-account')
    ? Array.from({ length: READS_ALONGSIDE }, () => ctx.sender.follow('GET', `${ctx.base}${PATH}?PageSize=20`, of(ex, "list by the second account, sent while the caller's creates are in flight", 'second-account')))
    : [];
  // the caller's own list reads in flight with its creates: every profile one shows is as its 201 (list.same-as-created)
  const own = OWN_READS_MS.map(async (ms, i) =>
    (await sleep(ms, ctx.signal)) ? ctx.sender.follow('GET', `${ctx.base}${PATH}?PageSize=${ownReadSize(i)}`, of(ex, `list (PageSize ${ownReadSize(i)}) sent ${ms} ms after the ${BURST_CREATES} creates, while they are in flight`)) : undefined,
  );
  const [creates, , listed] = await Promise.all([ctx.sender.createsAtOnce(cases, ex.index), Promise.all(reads), Promise.all(own)]);
  for (const made of creates) ctx.answered(replyOf(made));
  const burst: CreateBurst = { creates, readBacks: [], listedDuring: listed.filter((f): f is FollowUp => f !== undefined) };
  const sids = createdSids(creates);
  for (const sid of sids) burst.readBacks.push({ sid, readBack: await ctx.sender.follow('GET', `${ctx.base}${PATH}/${sid}`, of(ex, 'read back of a profile created by one of the creates sent at once')) });
  // before their plain DELETEs: two of them asked with the sid of a third besides their path, and deleted so (a DELETE that removes the third costs only its own plain DELETE)
  const sidParams = await probeSidParams(ctx, ex, sids);
  if (sidParams) ex.sidParams = sidParams;
  const asked = new Set(sidParams?.deletes.map((d) => d.target));
  // the sender counts them in live.deletedByChecks; a DELETE that fails leaves it to the cleanup
  for (const sid of new Set(sids)) if (!asked.has(sid)) await ctx.sender.follow('DELETE', `${ctx.base}${PATH}/${sid}`, of(ex, 'delete of a profile created by one of the creates sent at once'));
  ex.createBurst = burst;
}
