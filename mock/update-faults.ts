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
import { relabelled } from './form.ts';
import { STATUS_VALUES } from '../contracts/schemas.ts';

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
  /** the request URL's query string's parameters */
  query?: URLSearchParams;
}

/** The update's parameters in the OpenAPI's order (UpdateCustomerProfileRequest). */
const UPDATE_PARAMS = ['Status', 'StatusCallback', 'FriendlyName', 'Email'] as const;

/** A host the validator that wants a top-level domain refuses (validator.js isURL, require_tld): no dotted name ending in letters, no IPv4 literal. */
const withoutTld = (uri: string): boolean => {
  const host = /^[^:]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(uri)?.[1] ?? '';
  return !/^[0-9.]+$/.test(host) && !/\.[a-z\u00a1-\uffff]{2,}$/i.test(host);
};

/** Why the update refuses a StatusCallback (the create's rule: an absolute URI), or undefined when it takes it. */
function callbackRefusal(fault: FaultName | null, callback: string): (UpdateOutcome & { ok: false }) | undefined {
  const refused = { ok: false as const, status: 400 as const, code: CODES.invalidParameter, message: 'Invalid parameter: StatusCallback' };
  if (fault === 'update-callback-userinfo-refused' && /^[^:]+:\/\/[^/?#]*@/.test(callback)) return refused;
  if (fault === 'update-callback-unvalidated') return undefined;
  // update-callback-whatwg-lenient: new URL(v) with an http(s) protocol, where the create checks RFC 3986
  if (fault === 'update-callback-whatwg-lenient') {
    try {
      return /^https?:$/.test(new URL(callback).protocol) ? undefined : refused;
    } catch {
      return refused;
    }
  }
  const checked = readCreate(new URLSearchParams({ ...VALID_REST, StatusCallback: callback }), null, fault);
  if (!checked.ok) return { ok: false, status: 400, code: checked.code, message: checked.message };
  if (fault === 'update-callback-needs-tld' && withoutTld(callback)) return refused;
  return undefined;
}

/** Whether the update takes a Status: only the one a client may set, the enum's exact value. */
function statusTaken(fault: FaultName | null, status: string): boolean {
  if (fault === 'update-status-any-text') return true;
  // update-status-enum-folded: the enum checked on status.strip().lower(), the value stored as sent
  if (fault === 'update-status-enum-folded') return STATUS_VALUES.includes(status.trim().toLowerCase() as never);
  return status === CLIENT_STATUS;
}

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
 * update-first-param-only: an if / elif chain over the parameters in the OpenAPI's order, one UPDATE
 * each: only the first parameter the body names is applied.
 * update-callback-userinfo-refused: the update DTO's @IsUrl({ disallow_auth: true }) (a security
 * review's "no credentials in stored URLs"), the create's without it: a callback with userinfo, 400.
 * update-email-domain-lowered: the update serializer's validate_email returns Django's
 * BaseUserManager.normalize_email(value): the domain lower-cased.
 * update-policy-sid-writable: the update reuses the create's serializer with partial=True: a
 * well-formed PolicySid moves the profile to that policy.
 * update-mass-assigns-account: profile.set(mapKeys(body, snakeCase)) with no allow-list: AccountSid
 * moves the profile to that account, DateCreated rewrites its creation date.
 * update-params-from-query: Flask's request.values (query string and form merged): a parameter the
 * body lacks is taken from the query string.
 * update-form-charset-honoured: express.urlencoded() (body-parser) on the update's router: the values
 * decoded in the charset the Content-Type names (the create's parser reads UTF-8).
 * update-form-semicolon-split (in the form parser, mock/server.ts): Rack's parse_nested_query splits
 * the update's body on & and ;.
 * update-repeated-param-joined: ASP.NET Core's Request.Form[name].ToString(): every value of a name
 * joined with a comma.
 * update-list-summary-stale: the list by FriendlyName reads a summary row the create wrote, whose
 * friendly_name alone an update rewrites (`summary`, shown by mock/server.ts).
 * update-crash-on-bad-utf8, update-form-equals-split (in the form parser, mock/server.ts): the update's
 * own decoder (decodeURIComponent, pair.split('=')).
 */
export function update(fault: FaultName | null, store: ProfileStore, accountSid: string, sid: string, params: URLSearchParams, request: UpdateRequest = {}): UpdateOutcome | undefined {
  const profile = store.get(accountSid, sid);
  if (!profile) return undefined;
  // update-refused-touches-date-updated: the handler touches the row first (profile.touch(), meant as the update's row lock) and
  // validates after: a refused update has moved date_updated all the same
  if (fault === 'update-refused-touches-date-updated') profile.updated = Math.max(nowSeconds(), profile.updated ?? profile.created);
  if (fault === 'update-refuses-api-key' && request.key !== undefined) return { ok: false, status: 403, code: genericCode(403), message: 'Forbidden' };
  let read = fault === 'update-form-type-exact' && request.contentType !== 'application/x-www-form-urlencoded' ? new URLSearchParams() : params;
  if (fault === 'update-form-charset-honoured') read = relabelled(read, request.contentType);
  const sent = (name: string) => {
    const named = fault === 'update-names-case-insensitive' ? [...read.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) : name;
    const all = named === undefined ? [] : read.getAll(named);
    let value: string | null = fault === 'update-repeated-param-joined' && all.length > 1 ? all.join(',') : (all[0] ?? null);
    if (value === null && fault === 'update-params-from-query') value = request.query?.get(name) ?? null;
    if (value === null || value === '') return undefined;
    return fault === 'update-trims-text' && (name === 'FriendlyName' || name === 'Email') ? value.trim() : value;
  };
  const first = fault === 'update-first-param-only' ? UPDATE_PARAMS.find((n) => sent(n) !== undefined) : undefined;
  // update-blank-ignored: `if name.strip():` — a FriendlyName of whitespace alone skipped
  const blankIgnored = (name: string, value: string | undefined) => (fault === 'update-blank-ignored' && name === 'FriendlyName' && value?.trim() === '' ? undefined : value);
  const only = (name: (typeof UPDATE_PARAMS)[number]) => (first === undefined || first === name ? blankIgnored(name, sent(name)) : undefined);
  let [friendlyName, callback, status] = [only('FriendlyName'), only('StatusCallback'), only('Status')];
  let email = only('Email');
  // update-truncates-255: a CharField(max_length=255) that cuts
  if (fault === 'update-truncates-255' && friendlyName !== undefined) friendlyName = [...friendlyName].slice(0, 255).join('');
  // update-partial-on-refusal: each parameter set on the loaded row in the order sent, the refusal returning before the save
  const callbackRefused = callback !== undefined && callbackRefusal(fault, callback) !== undefined;
  const statusRefused = status !== undefined && !statusTaken(fault, status);
  if (fault === 'update-partial-on-refusal' && (callbackRefused || statusRefused)) {
    for (const name of new Set(read.keys())) {
      if ((name === 'StatusCallback' && callbackRefused) || (name === 'Status' && statusRefused)) break;
      if (name === 'FriendlyName' && friendlyName !== undefined) profile.friendlyName = friendlyName;
      if (name === 'Email' && email !== undefined) profile.email = email;
      if (name === 'StatusCallback' && callback !== undefined) profile.statusCallback = callback;
    }
    store.changed();
  }
  if (fault === 'update-email-domain-lowered' && email?.includes('@')) email = email.slice(0, email.lastIndexOf('@')) + email.slice(email.lastIndexOf('@')).toLowerCase();
  if (callback !== undefined) {
    const refusal = callbackRefusal(fault, callback);
    if (refusal) return refusal;
  }
  if (status !== undefined && !statusTaken(fault, status)) return { ok: false, status: 400, code: CODES.invalidParameter, message: 'Invalid parameter: Status' };
  if (fault === 'update-filtered-list-stale' && profile.indexed === undefined) profile.indexed = { ...profile };
  if (fault === 'update-list-summary-stale' && profile.summary === undefined) profile.summary = { ...profile };
  if (friendlyName !== undefined) {
    if (fault === 'update-name-filter-stale' && profile.searchName === undefined) profile.searchName = profile.friendlyName;
    profile.friendlyName = friendlyName;
    if (profile.summary) profile.summary.friendlyName = friendlyName;
  }
  if (email !== undefined && fault !== 'update-email-ignored') profile.email = email;
  if (callback !== undefined) profile.statusCallback = fault === 'update-callback-normalized' ? new URL(callback).href : callback;
  else if (fault === 'update-unsent-callback-nulled') profile.statusCallback = null;
  if (status !== undefined) profile.status = status;
  const policy = read.get('PolicySid');
  if (fault === 'update-policy-sid-writable' && policy !== null && /^RN[0-9a-fA-F]{32}$/.test(policy)) profile.policySid = policy;
  const now = Math.max(nowSeconds(), profile.updated ?? profile.created);
  if (fault !== 'update-keeps-date-updated') profile.updated = now;
  if (fault === 'update-auto-now-date-created') profile.created = now;
  if (fault === 'update-mass-assigns-account') {
    const created = Date.parse(read.get('DateCreated') ?? '');
    if (Number.isFinite(created)) profile.created = created;
    const account = read.get('AccountSid');
    if (account !== null && /^AC[0-9a-fA-F]{32}$/.test(account) && account !== profile.accountSid) {
      store.delete(profile.accountSid, profile.sid);
      profile.accountSid = account;
      store.add(profile);
    }
  }
  store.changed();
  return { ok: true, profile };
}

/**
 * update-validation-before-auth: the update's validation on its own (a Status the client may set, a
 * StatusCallback by the create's rule), as a middleware mounted before the authentication runs it:
 * the refusal, or undefined when the body passes it.
 */
export function updateRefusal(params: URLSearchParams, fault: FaultName | null): { code: number; message: string } | undefined {
  const callback = params.get('StatusCallback');
  const status = params.get('Status');
  if (callback) {
    const checked = readCreate(new URLSearchParams({ ...VALID_REST, StatusCallback: callback }), null, fault);
    if (!checked.ok) return { code: checked.code, message: checked.message };
  }
  if (status && status !== CLIENT_STATUS) return { code: CODES.invalidParameter, message: 'Invalid parameter: Status' };
  return undefined;
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
