/**
 * Faults of data older than the server's start: the account holds LOADED profiles when the mock
 * starts (as a real account holds profiles made before any run), and
 * - sid-sequence-restarts: sids come from a generator seeded with a constant, so after the restart
 *   it deals the loaded profiles' sids again, and the store's upsert replaces each (a create
 *   answered with an existing profile's sid);
 * - list-forgets-loaded-profiles: the list is served from a cache rebuilt from the writes since the
 *   start once the first create lands: the loaded profiles drop out of every list, yet fetch finds them.
 * - legacy-rows-local-time: the loaded rows keep the old system's local wall clock, shown with a Z;
 * - listed-profile-fetch-404: the loaded rows stay in a legacy table the list reads (a UNION) and
 *   the fetch does not;
 * - legacy-fetch-drops-callback: the fetch reads the loaded rows through an old serializer without status_callback;
 * - legacy-rows-missing-from-filtered-list: a filtered list reads an index the loaded rows were never added to;
 * - legacy-rows-invisible-to-api-keys: an API key's reads are scoped by a column the loaded rows lack;
 * - status-filter-enum-unmapped: the Status filter compares the API's value with the stored enum's snake case;
 * - legacy-policy-filter-via-assignment-join: the PolicySid filter joins an assignments table the loaded rows have no row in;
 * - legacy-list-status-stale: the list reads a denormalized status column the later approval never updated;
 * - legacy-fetch-tenant-null-wildcard: the fetch's scope also matches rows without a tenant, as the loaded rows are;
 * - valid-until-computed-at-read: valid_until of an approved profile is computed at each read, now + a year;
 * - legacy-rows-filtered-index-no-callback: a filtered list reads a search index the import filled through an old
 *   serializer without status_callback;
 * - fetch-touches-idle-date-updated: a fetch of a profile no one read for IDLE_MS records the read on the row
 *   (last_read_at) and so bumps its updated_at: the loaded profiles' first fetch moves their date_updated to now.
 * The loaded profiles hold what the run's own never do: the second approved (a policy, valid_until, updated
 * 5 minutes after its create), the third in review (updated 10 minutes after).
 * The suite sees them only as what the list shows before its first request (engine/phases/audit/audit.ts).
 * And a fault of data over time: draft-ttl-seconds, every profile gone a second after its create.
 */
import { createHash } from 'node:crypto';
import type { FaultName } from './faults.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/** Profiles loaded at the start, under these faults. */
export const LOADED = 3;
const DAY_MS = 86_400_000;

/** The i-th sid of a generator seeded with a constant: the same after every restart. */
const seededSid = (i: number): string => `BU${createHash('sha256').update(`seed 42 #${i}`).digest('hex').slice(0, 32)}`;

const LOADING: ReadonlySet<FaultName | null> = new Set<FaultName | null>([
  'sid-sequence-restarts',
  'list-forgets-loaded-profiles',
  'legacy-rows-local-time',
  'listed-profile-fetch-404',
  'legacy-fetch-drops-callback',
  'legacy-rows-missing-from-filtered-list',
  'legacy-rows-invisible-to-api-keys',
  'status-filter-enum-unmapped',
  'legacy-policy-filter-via-assignment-join',
  'legacy-list-status-stale',
  'legacy-fetch-tenant-null-wildcard',
  'valid-until-computed-at-read',
  'legacy-rows-filtered-index-no-callback',
  'fetch-touches-idle-date-updated',
]);
const loads = (fault: FaultName | null): boolean => LOADING.has(fault);
/** legacy-rows-local-time: the loaded rows were made 15 minutes ago, and keep the old system's Europe/Berlin wall clock (UTC+1 in winter) */
const LEGACY_AGE_MS = 15 * 60_000;
const BERLIN_WINTER_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** fetch-touches-idle-date-updated: a read of a profile no one read for this long is recorded on it */
const IDLE_MS = 10 * MINUTE_MS;
const YEAR_MS = 365 * DAY_MS;
/** the policy of the second and third loaded profiles (the first has none) */
const LOADED_POLICY = 'RN7d3f9a1c5b2e4d6f8a0c1e3b5d7f9a2c';

export interface RestartFaults {
  /** the sid of the next create under sid-sequence-restarts (undefined: the mock's own) */
  nextSid(): string | undefined;
  /** what the list shows of the account's profiles (`query`: the list's; `byKey`: an API key asks) */
  listed(profiles: StoredProfile[], query?: URLSearchParams, byKey?: boolean): StoredProfile[];
  /** the profile as the fetch shows it */
  fetched(profile: StoredProfile): StoredProfile;
  /** a create landed */
  created(): void;
  /** whether the fetch finds a stored profile (listed-profile-fetch-404: not the loaded ones, kept in the legacy table; legacy-rows-invisible-to-api-keys: not for a key) */
  found(sid: string, byKey?: boolean): boolean;
  /** legacy-fetch-tenant-null-wildcard: the loaded profile of that sid, found by any account's fetch */
  anyonesFetch(sid: string): StoredProfile | undefined;
}

/** valid-until-computed-at-read: the serializer computes an approved profile's valid_until as now + its validity (a year), not from its approval. */
const computedAtRead = (p: StoredProfile): StoredProfile => (p.validUntil === undefined ? p : { ...p, validUntil: Date.now() + YEAR_MS });

/** legacy-list-status-stale: the list's denormalized column, as the import wrote it: in review, no valid_until. */
function asImported(p: StoredProfile): StoredProfile {
  const row = { ...p, status: 'in-review' };
  delete row.validUntil;
  return row;
}

/** Load the profiles of before the start into the first account, and the faults' hooks. */
export function restartFaults(fault: FaultName | null, store: ProfileStore, accountSid: string): RestartFaults {
  const loaded = new Set<string>();
  /** fetch-touches-idle-date-updated: when each profile was last read (the loaded ones: never since the start) */
  const lastRead = new Map<string, number>();
  if (loads(fault)) {
    const made = fault === 'legacy-rows-local-time' ? Math.floor((Date.now() - LEGACY_AGE_MS + BERLIN_WINTER_MS) / 1000) * 1000 : Math.floor((Date.now() - DAY_MS) / 1000) * 1000;
    for (let i = 0; i < LOADED; i++) {
      const profile: StoredProfile = { sid: seededSid(i), accountSid, friendlyName: `Loaded profile ${i + 1}`, email: `loaded${i + 1}@example.com`, policySid: null, statusCallback: 'https://example.com/legacy-callback', status: 'draft', created: made };
      // the second approved since its import (valid for a year from then), the third in review
      if (i > 0) Object.assign(profile, { policySid: LOADED_POLICY, status: i === 1 ? 'twilio-approved' : 'in-review', updated: made + 5 * i * MINUTE_MS });
      if (i === 1) profile.validUntil = profile.updated! + YEAR_MS;
      store.add(profile);
      loaded.add(profile.sid);
    }
  }
  let dealt = 0;
  let writes = 0;
  // fetch-touches-idle-date-updated: profile.update(last_read_at: now) if last_read_at < IDLE_MS ago, which bumps updated_at (stored as a new row: a stored profile is never changed in place)
  const touched = (profile: StoredProfile): StoredProfile => {
    const now = Date.now();
    const idle = now - (lastRead.get(profile.sid) ?? (loaded.has(profile.sid) ? 0 : profile.created)) >= IDLE_MS;
    lastRead.set(profile.sid, now);
    if (!idle) return profile;
    const row = { ...profile, updated: Math.floor(now / 1000) * 1000 };
    store.add(row);
    return row;
  };
  return {
    nextSid: () => (fault === 'sid-sequence-restarts' ? seededSid(dealt++) : undefined),
    listed: (profiles, query = new URLSearchParams(), byKey = false) => {
      const filtered = ['FriendlyName', 'Status', 'PolicySid'].some((f) => query.has(f));
      // legacy-policy-filter-via-assignment-join: the PolicySid filter joins policy_assignments, where the loaded rows have no row
      const byPolicy = fault === 'legacy-policy-filter-via-assignment-join' && query.has('PolicySid');
      const hides = (fault === 'list-forgets-loaded-profiles' && writes > 0) || (fault === 'legacy-rows-missing-from-filtered-list' && filtered) || (fault === 'legacy-rows-invisible-to-api-keys' && byKey) || byPolicy;
      const shown = hides ? profiles.filter((p) => !loaded.has(p.sid)) : profiles;
      // legacy-list-status-stale: the list's denormalized status column keeps the status of the import (in review, no valid_until)
      if (fault === 'legacy-list-status-stale') return shown.map((p) => (loaded.has(p.sid) && p.status === 'twilio-approved' ? asImported(p) : p));
      // legacy-rows-filtered-index-no-callback: a filtered list reads the search index, whose documents of the loaded rows the import wrote through the old serializer (no status_callback)
      if (fault === 'legacy-rows-filtered-index-no-callback' && filtered) return shown.map((p) => (loaded.has(p.sid) ? { ...p, statusCallback: null } : p));
      return fault === 'valid-until-computed-at-read' ? shown.map(computedAtRead) : shown;
    },
    fetched: (profile) => {
      if (fault === 'valid-until-computed-at-read') return computedAtRead(profile);
      if (fault === 'fetch-touches-idle-date-updated') return touched(profile);
      return fault === 'legacy-fetch-drops-callback' && loaded.has(profile.sid) ? { ...profile, statusCallback: null } : profile;
    },
    created: () => {
      writes++;
    },
    found: (sid, byKey = false) => !loaded.has(sid) || (fault !== 'listed-profile-fetch-404' && !(fault === 'legacy-rows-invisible-to-api-keys' && byKey)),
    // legacy-fetch-tenant-null-wildcard: the loaded rows have tenant_id NULL, and the fetch's scope reads
    // WHERE sid = ? AND (tenant_id = ? OR tenant_id IS NULL), added so their owner keeps reading them until a backfill runs
    anyonesFetch: (sid) => (fault === 'legacy-fetch-tenant-null-wildcard' && loaded.has(sid) ? store.get(accountSid, sid) : undefined),
  };
}

/**
 * draft-ttl-seconds: drafts expire after DRAFT_TTL_DAYS=1 handed to Redis EXPIRE, which counts
 * seconds: before each request, every profile older than a second is gone (list and fetch alike).
 */
export function expireDrafts(store: ProfileStore, accountSids: readonly string[]): void {
  const before = Date.now() - 1000;
  for (const accountSid of accountSids) for (const p of store.list(accountSid)) if (p.created < before) store.delete(accountSid, p.sid);
}

/** delayed-save-trims: how long after the create the job saves the profile again (short: any run outlives it). */
const TRIM_AFTER_MS = 300;

/**
 * delayed-save-trims: the create bulk-inserts; a job moments later saves the profile again through
 * the model, whose before_save callback trims friendly_name and email.
 */
export function trimLater(profile: StoredProfile): void {
  setTimeout(() => {
    if (profile.friendlyName) profile.friendlyName = profile.friendlyName.trim();
    if (profile.email) profile.email = profile.email.trim();
  }, TRIM_AFTER_MS).unref();
}

/** evaluation-job-resurrects: how long after the create the evaluation job writes its snapshot back (a queue's latency). */
const EVALUATED_AFTER_MS = 250;

/**
 * evaluation-job-resurrects: the create enqueues an evaluation job whose payload is the whole row
 * (the object, not its id); the worker writes the snapshot back with an upsert. A profile deleted
 * before the job ran is stored again, sid, fields and dates as they were.
 */
export function evaluateLater(store: ProfileStore, profile: StoredProfile): void {
  setTimeout(() => {
    if (!store.get(profile.accountSid, profile.sid)) store.add(profile);
  }, EVALUATED_AFTER_MS).unref();
}
