/**
 * The update the mock does not implement (POST /v1/CustomerProfiles/{Sid}, Twilio's
 * UpdateCustomerProfile: the mock answers 405), as two faulty implementations ship it. Without
 * either fault the route is refused (server.ts).
 */
import { readCreate } from './create.ts';
import type { FaultName } from './faults.ts';
import { nowSeconds } from './resource.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

const SID = /^BU[0-9a-fA-F]{32}$/;

/**
 * update-upserts-unknown-sid: the update is an upsert keyed by the path's sid (update_or_create): a
 * sid that names no profile becomes one, made from the body, 201.
 * update-ignores-owner: the update finds the profile by its sid alone (Profile.find(sid)), whichever
 * account holds it, and writes the FriendlyName and Email it is sent, 200.
 * Undefined: the fault does not apply (the route is refused as without it).
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
