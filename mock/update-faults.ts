/**
 * The update (POST /v1/CustomerProfiles/{Sid}, Twilio's UpdateCustomerProfile): `update`, the
 * mock's own (every parameter optional, a parameter not sent kept, StatusCallback an absolute URI
 * as in the create, date_updated moved and date_created kept) with the faults of its own writes;
 * `faultyUpdate`, two faulty implementations that reach profiles the caller does not have.
 */
import { readCreate } from './create.ts';
import { CODES, genericCode } from './envelope.ts';
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

export type UpdateOutcome = { ok: true; profile: StoredProfile } | { ok: false; status: 400 | 403; code: number; message: string };

/** What the update knows of its request beyond the sid and the parameters. */
export interface UpdateRequest {
  /** the request's Content-Type, as sent */
  contentType?: string;
  /** the API key's SID, when the request signed with a key */
  key?: string;
}

/** A host the validator that wants a top-level domain refuses (validator.js isURL, require_tld): no dotted name ending in letters, no IPv4 literal. */
const withoutTld = (uri: string): boolean => {
  const host = /^[^:]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(uri)?.[1] ?? '';
  return !/^[0-9.]+$/.test(host) && !/\.[a-z\u00a1-\uffff]{2,}$/i.test(host);
};

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
 * update-status-any-text: the update DTO's status is @IsString() @IsOptional(), the enum validator
 * forgotten, over a VARCHAR column: any Status is stored.
 * update-email-ignored: the update serializer's Meta.fields lists friendly_name, status and
 * status_callback, not email, and DRF ignores an undeclared field: 200, the email unchanged.
 * update-trims-text: the update DTO has @Transform(({ value }) => value?.trim()), the create's none.
 * update-callback-needs-tld: the update DTO's @IsUrl() is validator.js isURL with require_tld: an IPv6
 * literal or an absolute DNS name (a trailing dot) is refused, which the create takes.
 * update-callback-normalized: @Transform(({ value }) => new URL(value).href): the callback stored as
 * the WHATWG serializer writes it (scheme and host lower-cased, default port dropped, dot segments).
 * update-form-type-exact: a hand-written guard, content-type === 'application/x-www-form-urlencoded',
 * before the body is read: under a charset parameter or another case nothing is read, 200.
 * update-refuses-api-key: `if (principal !== account) throw new ForbiddenException()`, meant for
 * sub-account tokens, shuts out the account's API keys: 403.
 * update-names-case-insensitive: ASP.NET Core's [FromForm] binding matches names case-insensitively.
 * update-name-filter-stale: the list's FriendlyName filter reads a search column the create's INSERT
 * wrote and no update rewrites (mock/list.ts).
 * update-keeps-date-updated: the UPDATE's SET list names the columns sent and no updated_at (no
 * auto_now, no trigger): date_updated stays the create's.
 * update-filtered-list-stale: the lists filtered by Status or PolicySid are served by a search index
 * whose document the create's post_save signal wrote; the update goes through QuerySet.update(),
 * which sends no signal: the profile is kept as the create made it (`indexed`, shown by mock/server.ts).
 */
export function update(fault: FaultName | null, store: ProfileStore, accountSid: string, sid: string, params: URLSearchParams, request: UpdateRequest = {}): UpdateOutcome | undefined {
  const profile = store.get(accountSid, sid);
  if (!profile) return undefined;
  if (fault === 'update-refuses-api-key' && request.key !== undefined) return { ok: false, status: 403, code: genericCode(403), message: 'Forbidden' };
  const read = fault === 'update-form-type-exact' && request.contentType !== 'application/x-www-form-urlencoded' ? new URLSearchParams() : params;
  const sent = (name: string) => {
    const named = fault === 'update-names-case-insensitive' ? [...read.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) : name;
    const value = named === undefined ? null : read.get(named);
    if (value === null || value === '') return undefined;
    return fault === 'update-trims-text' && (name === 'FriendlyName' || name === 'Email') ? value.trim() : value;
  };
  const [friendlyName, email, callback, status] = [sent('FriendlyName'), sent('Email'), sent('StatusCallback'), sent('Status')];
  if (callback !== undefined && fault !== 'update-callback-unvalidated') {
    const checked = readCreate(new URLSearchParams({ ...VALID_REST, StatusCallback: callback }), null, fault);
    if (!checked.ok) return { ok: false, status: 400, code: checked.code, message: checked.message };
    if (fault === 'update-callback-needs-tld' && withoutTld(callback)) return { ok: false, status: 400, code: CODES.invalidParameter, message: 'Invalid parameter: StatusCallback' };
  }
  if (status !== undefined && status !== CLIENT_STATUS && fault !== 'update-status-any-text') return { ok: false, status: 400, code: CODES.invalidParameter, message: 'Invalid parameter: Status' };
  if (fault === 'update-filtered-list-stale' && profile.indexed === undefined) profile.indexed = { ...profile };
  if (friendlyName !== undefined) {
    if (fault === 'update-name-filter-stale' && profile.searchName === undefined) profile.searchName = profile.friendlyName;
    profile.friendlyName = friendlyName;
  }
  if (email !== undefined && fault !== 'update-email-ignored') profile.email = email;
  if (callback !== undefined) profile.statusCallback = fault === 'update-callback-normalized' ? new URL(callback).href : callback;
  else if (fault === 'update-unsent-callback-nulled') profile.statusCallback = null;
  if (status !== undefined) profile.status = status;
  const now = Math.max(nowSeconds(), profile.updated ?? profile.created);
  if (fault !== 'update-keeps-date-updated') profile.updated = now;
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
