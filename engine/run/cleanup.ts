/**
 * Deleting what a run created: every profile the run can call its own — a 2xx named it, or a list
 * read showed it stored by a request of the run — is deleted at the end of the run
 * (DELETE /v1/CustomerProfiles/{Sid}), also after a failure or an interruption, unless the user
 * keeps them, each in the account that created it (the second account's creates with its credentials).
 * Never a profile listed before the run (the sender never calls one its own). Only sids
 * that look like sids are put in a URL, so a target cannot steer a DELETE elsewhere with a sid such
 * as "../../Accounts". The cleanup has a health monitor of its own: a target that stops answering
 * DELETEs ends it in bounded time, and what was left is named.
 */
import type { AuthMode, FollowUp } from '../../contracts/exchange.ts';
import type { LiveSummary } from '../../contracts/report.ts';
import { describe } from '../checks/util.ts';
import { HealthMonitor } from '../transport/health.ts';
import { PATH } from '../transport/request.ts';
import type { Sender } from '../transport/sender.ts';

export type CleanupResult = NonNullable<LiveSummary['cleanup']>;

/** A sid safe to put in a path: letters and digits only, at most 64 of them. */
export function isSafeSid(sid: string): boolean {
  return /^[A-Za-z0-9]{1,64}$/.test(sid);
}

/**
 * Delete every sid, `concurrency` at a time; never throws. Once `stopped` names a reason, no
 * further DELETE is sent: the sids not tried are failed with it.
 */
export async function deleteAll(
  sids: Iterable<string>,
  del: (sid: string) => Promise<FollowUp>,
  concurrency: number,
  stopped: () => string | undefined = () => undefined,
): Promise<CleanupResult> {
  const result: CleanupResult = { deleted: 0, failed: [] };
  const queue = [...sids];
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const why = stopped();
      if (why !== undefined) {
        result.stopped ??= why;
        break;
      }
      const sid = queue[next++]!;
      if (!isSafeSid(sid)) {
        result.failed.push({ sid, reason: 'not a well-formed sid: not put in a DELETE URL' });
        continue;
      }
      try {
        const f = await del(sid);
        const status = f.response?.status;
        if (status === 204 || status === 200 || status === 404) result.deleted++;
        else result.failed.push({ sid, reason: f.error ? f.error.message : `DELETE answered ${describe(f.response)}` });
      } catch (err) {
        result.failed.push({ sid, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  for (const sid of queue.slice(next)) result.failed.push({ sid, reason: `not deleted: the cleanup stopped (${result.stopped})` });
  return result;
}

export interface CleanupOptions {
  concurrency: number;
  timeoutMs: number;
  retries?: number;
  /** keep the profiles (--keep-created): only the last list read is made */
  keep?: boolean;
  /** the target never answered: no list read either (nothing can have been stored that a read would show) */
  unreachable?: boolean;
}

/**
 * The end of a watching sender's run: one list read settles every POST still waiting (what the run
 * stored unseen becomes its own), then every profile of the run is deleted under a health monitor of
 * the cleanup's own. Undefined when the profiles are kept. Call it once every request of the run has
 * ended, then close the sender.
 */
export async function cleanUp(sender: Sender, opts: CleanupOptions): Promise<CleanupResult | undefined> {
  const health = new HealthMonitor({ concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, retries: opts.retries ?? 0 });
  sender.beginCleanup(health);
  if (!opts.unreachable) await sender.checkAccount('list at the end, to see what refused requests stored');
  if (opts.keep) return undefined;
  const collection = `${sender.base}${PATH}`;
  return deleteAll([...sender.created], (sid) => deleteInOwner(sender, `${collection}/${sid}`, sender.ownerOf(sid)), opts.concurrency, () => health.stopReason);
}

/**
 * A profile deleted with the credentials of the account that created it; a profile the second
 * account created that its DELETE does not find, with the caller's too (a server that stored it in
 * the caller's account, whatever its 201 said).
 */
async function deleteInOwner(sender: Sender, url: string, owner: AuthMode): Promise<FollowUp> {
  const f = await sender.follow('DELETE', url, { purpose: 'cleanup', auth: owner });
  return owner === 'valid' || f.response?.status !== 404 ? f : sender.follow('DELETE', url, { purpose: 'cleanup', auth: 'valid' });
}
