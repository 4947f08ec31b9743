/**
 * Deleting what a run created: every profile a 201 named is deleted at the end of the run
 * (DELETE /v1/CustomerProfiles/{Sid}), also after a failure or an interruption, unless the user
 * keeps them. Only sids that look like sids are put in a URL, so a target cannot steer a DELETE
 * elsewhere with a sid such as "../../Accounts".
 */
import type { FollowUp } from '../../contracts/exchange.ts';
import { describe } from '../checks/util.ts';

export interface CleanupResult {
  /** profiles deleted (204), or already gone (404) */
  deleted: number;
  /** profiles the run could not delete, with why */
  failed: { sid: string; reason: string }[];
}

/** A sid safe to put in a path: letters and digits only, at most 64 of them. */
export function isSafeSid(sid: string): boolean {
  return /^[A-Za-z0-9]{1,64}$/.test(sid);
}

/** Delete every sid, `concurrency` at a time; never throws. */
export async function deleteAll(
  sids: Iterable<string>,
  del: (sid: string) => Promise<FollowUp>,
  concurrency: number,
): Promise<CleanupResult> {
  const result: CleanupResult = { deleted: 0, failed: [] };
  const queue = [...sids];
  const worker = async () => {
    for (let sid = queue.shift(); sid !== undefined; sid = queue.shift()) {
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
  return result;
}
