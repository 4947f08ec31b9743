/**
 * The update (POST /v1/CustomerProfiles/{Sid}, Twilio's UpdateCustomerProfile): `update`, the
 * mock's own (every parameter optional, a parameter not sent kept, StatusCallback an absolute URI
 * as in the create, date_updated moved and date_created kept) with the faults of its own writes;
 * `faultyUpdate`, two faulty implementations that reach profiles the caller does not have.
 */
import { readCreate } from './create.ts';
import { CODES } from './envelope.ts';
import type { FaultName } from './faults.ts';
import { nowSeconds } from './resource.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/** What the create's StatusCallback rule is checked on: a create whose other parameters are all valid. */
const VALID_REST = { FriendlyName: 'update', Email: 'update@example.com', PolicySid: `RN${'0'.repeat(32)}` };

/**
 * The status a client may set (the OpenAPI's "updateToInReview" example: Status=pending-review,
 * submitting a draft for review); the others are the reviewer's.
 */
const CLIENT_STATUS = 'pending-review';

export type UpdateOutcome = { ok: true; profile: StoredProfile } | { ok: false; code: number; message: string };

/**
 * The caller's update of its own profile; undefined when the caller has no profile of that sid
 * (404). An empty value counts as not sent. StatusCallback is checked by the create's rule (an
 * absolute URI); Status may only submit the profile for review. Faults:
 * update-auto-now-date-created: Django's DateTimeField(auto_now=True) on date_created where
 * auto_now_add was meant: every save sets it to now.
 * update-unsent-callback-nulled: UPDATE … SET friendly_name = COALESCE($1, friendly_name), email =
 * COALESCE($2, email), status_callback = $3: the nullable column left out of the COALESCE, and
 * node-postgres sends undefined as NULL: an update without StatusCallback erases it.
 * update-callback-unvalidated: the URL validator (@IsUrl) sits on the create's DTO, the update's was
 * written by hand: any StatusCallback is stored.
 */
export function update(fault: FaultName | null, store: ProfileStore, accountSid: string, sid: string, params: URLSearchParams): UpdateOutcome | undefined {
  const profile = store.get(accountSid, sid);
  if (!profile) return undefined;
  const sent = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const [friendlyName, email, callback, status] = [sent('FriendlyName'), sent('Email'), sent('StatusCallback'), sent('Status')];
  if (callback !== undefined && fault !== 'update-callback-unvalidated') {
    const checked = readCreate(new URLSearchParams({ ...VALID_REST, StatusCallback: callback }), null, fault);
    if (!checked.ok) return { ok: false, code: checked.code, message: checked.message };
  }
  if (status !== undefined && status !== CLIENT_STATUS) return { ok: false, code: CODES.invalidParameter, message: 'Invalid parameter: Status' };
  if (friendlyName !== undefined) profile.friendlyName = friendlyName;
  if (email !== undefined) profile.email = email;
  if (callback !== undefined) profile.statusCallback = callback;
  else if (fault === 'update-unsent-callback-nulled') profile.statusCallback = null;
  if (status !== undefined) profile.status = status;
  const now = Math.max(nowSeconds(), profile.updated ?? profile.created);
  profile.updated = now;
  if (fault === 'update-auto-now-date-created') profile.created = now;
  store.changed();
  return { ok: true, profile };
}

const SID = /^BU[0-9a-fA-F]{32}$/;

/**
 * update-upserts-unknown-sid: the update is an upsert keyed by the path's sid (update_or_create): a
 * sid that names no profile becomes one, made from the body, 201.
 * update-ignores-owner: the update finds the profile by its sid alone (Profile.find(sid)), whichever
 * account holds it, and writes the FriendlyName and Email it is sent, 200.
 * Undefined: the fault does not apply (the update is the mock's own, `update`).
 */
export function faultyUpdate(
  fault: FaultName | null,
  store: ProfileStore,
  accountSid: string,
  sid: string,
  params: URLSearchParams,
  policies: ReadonlySet<string> | null,
): { status: 200 | 201; profile: StoredProfile } | undefined {
  if (fault === 'update-upserts-unknown-sid') {
    if (!SID.test(sid) || store.owner(sid) !== undefined) return undefined;
    const outcome = readCreate(params, policies, fault);
    if (!outcome.ok) return undefined;
    const profile: StoredProfile = { sid, accountSid, ...outcome.fields, status: 'draft', created: nowSeconds() };
    store.add(profile);
    return { status: 201, profile };
  }
  if (fault === 'update-ignores-owner') {
    const owner = store.owner(sid);
    const profile = owner === undefined ? undefined : store.get(owner, sid);
    if (!profile) return undefined;
    profile.friendlyName = params.get('FriendlyName') ?? profile.friendlyName;
    profile.email = params.get('Email') ?? profile.email;
    return { status: 200, profile };
  }
  return undefined;
}
