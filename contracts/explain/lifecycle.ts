/** Level 3 (fidelity): the profile after its create, read back, listed, deleted. */
import type { CheckId } from '../catalog.ts';
import { CREATE, ENVELOPE_OR_PROFILE, type ExampleRequest, type Explanation, LIST } from './example.ts';

const FETCH: ExampleRequest = { method: 'GET', path: '/v1/CustomerProfiles/{sid}' };
const DELETE: ExampleRequest = { method: 'DELETE', path: '/v1/CustomerProfiles/{sid}' };
const UNKNOWN = '/v1/CustomerProfiles/BU00000000000000000000000000000000';
const TB_404 = 'Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found.';

export const LIFECYCLE_EXPLAINED = {
  'readback.same': {
    rule: 'GET /v1/CustomerProfiles/{sid} of a new profile answers 200 with the resource exactly as the create answered it.',
    quote: 'The same resource can be read back with GET /v1/CustomerProfiles/<sid>',
    requests: [CREATE, FETCH],
    show: { members: ['sid', 'friendly_name', 'status_callback'] },
    fault: 'readback-callback-empty',
    mistake: 'A read path that renders fields differently from the create path: an absent StatusCallback stored as "" and read back as "", dates re-formatted, text re-encoded by the database.',
  },
  'list.shows-created': {
    rule: 'A created profile appears in GET /v1/CustomerProfiles.',
    quote: 'the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}})',
    requests: [CREATE, LIST],
    show: { members: ['sid', 'results.sid', 'meta.page_size'] },
    fault: 'list-skips-first',
    mistake: 'An off-by-one in paging (the first page starts at offset 1), or a list served from a cache the create does not refresh.',
  },
  'list.own-account': {
    rule: "The list shows only profiles of the caller's account.",
    quote: 'account_sid is the account that made the request; the collection is listed with GET /v1/CustomerProfiles',
    requests: [CREATE, LIST],
    show: { members: ['sid', 'results.sid', 'results.account_sid'] },
    fault: 'list-other-accounts',
    mistake: 'A list query without the account filter (every tenant sees every profile).',
  },
  'delete.gone': {
    rule: 'DELETE /v1/CustomerProfiles/{sid} answers 204, and afterwards the profile is gone: GET answers 404 and the list no longer shows it.',
    quote: 'The same resource can … be removed with DELETE /v1/CustomerProfiles/<sid> (204)',
    requests: [CREATE, DELETE, FETCH],
    show: { members: ENVELOPE_OR_PROFILE },
    fault: 'delete-noop',
    mistake: 'A soft delete that marks the row but still serves it, or a list or read cache that the delete does not clear.',
  },
  'delete.unknown-404': {
    rule: 'DELETE of a sid that never existed (or was already deleted) is 404 with code 20404, and deletes nothing else.',
    quote: TB_404,
    requests: [{ method: 'DELETE', path: UNKNOWN }],
    show: { members: ['code', 'message', 'status'] },
    fault: 'delete-unknown-204',
    mistake: 'An "idempotent" DELETE that answers 204 whether or not there was anything to delete.',
  },
  'not-found.envelope': {
    rule: 'A 404 for a profile that does not exist (deleted, never created, or not even a well-formed sid) is a Twilio error envelope with code 20404.',
    quote: TB_404,
    requests: [{ method: 'GET', path: UNKNOWN }],
    show: { raw: 200 },
    fault: 'not-found-html',
    mistake: "The router's or web server's default 404 page (HTML), especially for sids that do not match the route's pattern.",
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
