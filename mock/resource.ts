import type { Caller } from './auth.ts';
import { keyView } from './api-key-faults.ts';
import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';
import { linksFor } from '../contracts/schemas.ts';

/** The account the fixed-account fault reports instead of the caller's. */
export const FIXED_OTHER_ACCOUNT_SID = 'AC99999999999999999999999999999999';

let lastSecond = -1;
let lastGmt = '';

/** Now, cut to whole seconds, in epoch milliseconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

/** ISO 8601 in GMT without fractions, e.g. 2019-07-30T22:29:24Z (cached per second). */
export function formatGmt(ms: number): string {
  if (ms !== lastSecond) {
    lastSecond = ms;
    lastGmt = `${new Date(ms).toISOString().slice(0, 19)}Z`;
  }
  return lastGmt;
}

/** The same instant written with a +01:00 offset (the local-time fault). */
function formatPlusOne(ms: number): string {
  return `${new Date(ms + 3_600_000).toISOString().slice(0, 19)}+01:00`;
}

export interface RenderContext {
  baseUrl: string;
  fault: FaultName | null;
  /** who is asking: the leak-token fault puts their secret in the body */
  caller: Caller;
  /** rendering the create's own answer (not a later read) */
  creating?: boolean;
  /** rendering an answer of the fetch (GET of one profile) */
  fetching?: boolean;
  /** rendering an item of a list page */
  listing?: boolean;
}

/** The Customer-Profile resource as JSON-ready data, in the field order of Twilio's examples. */
/** db-clock-ahead: the database's NOW(), on a host whose clock runs 4 minutes ahead of the app's */
const DB_CLOCK_AHEAD_MS = 4 * 60_000;

export function render(p: StoredProfile, ctx: RenderContext): Record<string, unknown> {
  const fault = ctx.fault;
  const url = `${ctx.baseUrl}/v1/${fault === 'wrong-url' ? 'CustomerProfile' : 'CustomerProfiles'}/${p.sid}`;
  const offset = fault === 'local-time' || (fault === 'list-dates-offset' && ctx.listing);
  const stamp = (ms: number): string => (offset ? formatPlusOne(ms) : formatGmt(fault === 'clock-skew-hours' ? ms - 3 * 3_600_000 : fault === 'db-clock-ahead' ? ms + DB_CLOCK_AHEAD_MS : ms));
  const date = stamp(p.created);
  const resource: Record<string, unknown> = {
    sid: p.sid,
    account_sid: fault === 'fixed-account' || (fault === 'fetch-other-account' && ctx.fetching) ? FIXED_OTHER_ACCOUNT_SID : (p.shownAccount ?? p.accountSid),
    policy_sid: p.policySid,
    friendly_name: p.friendlyName,
    status: p.status,
    email: p.email,
    status_callback: p.statusCallback,
    valid_until: p.validUntil === undefined ? null : formatGmt(p.validUntil),
    date_created: date,
    date_updated: p.updated === undefined ? date : stamp(p.updated),
    url,
    // list-links-relative: the list's items link by path, as a template written for the same host would
    links: linksFor(fault === 'list-links-relative' && ctx.listing ? new URL(url).pathname : url),
    errors: null,
  };
  if (fault === 'missing-date-created') delete resource.date_created;
  if (fault === 'list-omits-valid-until' && ctx.listing) delete resource.valid_until;
  if (fault === 'readback-callback-empty' && !ctx.creating && p.statusCallback === null) resource.status_callback = '';
  if (fault === 'leak-token') resource.debug = { auth_token: ctx.caller.secret };
  keyView(fault, ctx, resource);
  return resource;
}
