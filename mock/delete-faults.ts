import { setTimeout as delay } from 'node:timers/promises';
import type { FaultName } from './faults.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/** How long a faulty DELETE takes between its two steps (a round trip to the database, a purge of dependent rows). */
export const DELETE_STEP_MS = 100;
/** delete-erases-first: how long after the DELETE's answer the background job purges the row (long enough for a read on a busy machine to land in between). */
export const PURGE_AFTER_MS = 500;

/**
 * The DELETE faults that show only beside other requests in flight (mock/faults.ts); each answers
 * whether the profile was found (204, else 404). Undefined: the DELETE is the usual one.
 * - delete-rewrites-list: the account's profiles are one document: the DELETE reads them, then
 *   saves them back without its profile, undoing what changed in between (a create is lost, a
 *   profile another DELETE removed comes back).
 * - delete-erases-first: an UPDATE nulls the personal fields and the DELETE answers; a background
 *   job removes the row later: a read in between shows the profile half erased.
 */
export async function faultyDelete(fault: FaultName | null, store: ProfileStore, accountSid: string, sid: string, erasing: Set<StoredProfile>): Promise<boolean | undefined> {
  if (fault !== 'delete-rewrites-list' && fault !== 'delete-erases-first') return undefined;
  const profile = store.get(accountSid, sid);
  if (!profile || erasing.has(profile)) return false;
  erasing.add(profile);
  if (fault === 'delete-erases-first') {
    Object.assign(profile, { friendlyName: null, email: null, statusCallback: null });
    void delay(PURGE_AFTER_MS).then(() => {
      store.delete(accountSid, sid);
      erasing.delete(profile);
    });
    return true;
  } else {
    const kept = store.list(accountSid).filter((p) => p !== profile);
    await delay(DELETE_STEP_MS);
    for (const p of store.list(accountSid)) if (!kept.includes(p)) store.delete(accountSid, p.sid);
    for (const p of kept) if (!store.get(accountSid, p.sid)) store.add(p);
  }
  erasing.delete(profile);
  return true;
}
