/** Level 3 (fidelity): the profile after its create, read back, listed, deleted. */
import type { CheckId } from '../catalog.ts';
import { CREATE, ENVELOPE_OR_PROFILE, type ExampleRequest, type Explanation, LIST, VALID_BODY } from './example.ts';

const FETCH: ExampleRequest = { method: 'GET', path: '/v1/CustomerProfiles/{sid}' };
const DELETE: ExampleRequest = { method: 'DELETE', path: '/v1/CustomerProfiles/{sid}' };
const UNKNOWN = '/v1/CustomerProfiles/BU00000000000000000000000000000000';
/** The reference mock's second account, by its placeholders. */
const SECOND = { user: '{SecondAccountSid}', password: '{SecondAuthToken}' };
/** The reference mock's API key of the first account, by its placeholders. */
const KEY = { user: '{ApiKeySid}', password: '{ApiKeySecret}' };
const TB_404 = 'Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found.';

export const LIFECYCLE_EXPLAINED = {
  'readback.same': {
    rule: "A GET of a new profile's own url (/v1/CustomerProfiles/{sid}) answers 200 with the resource exactly as the create answered it; so does every GET of it with the account's credentials during the run, whatever else the request carries (a client's headers, a query the fetch does not define, a validator), and each of many sent at once. A profile the account held before the run reads back with every field (status, valid_until, dates…) as the list at the run's end shows it (unless the GET shows it updated since), and one whose date_updated is the same in the list before the run and at its end, or in any list page read during the run (plain or filtered; url and links aside), shows every field the same: a value computed at each read (valid_until as now + a year) moves while nothing changed.",
    quote: 'The same resource can be read back with GET /v1/CustomerProfiles/<sid>; url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>',
    requests: [CREATE, FETCH],
    show: { members: ['sid', 'friendly_name', 'status_callback'] },
    fault: 'readback-callback-empty',
    mistake: 'A read path that renders fields differently from the create path: an absent StatusCallback stored as "" and read back as "", dates re-formatted, text re-encoded by the database.',
  },
  'fetch.no-update': {
    rule: "A GET reads, it updates nothing: the first profile the list before the run showed, fetched once during the run, shows the date_updated its item in that list showed, or one moved at another time than the fetch (someone else's update). One moved to the fetch's own second (its Date) was moved by the read; another client's write in that very second looks the same, so this is a SHOULD. A profile older than the run is read for it because the run's own are read too soon after their create for a read that writes only now and then to show.",
    quote: 'date_updated: The date and time in GMT when the resource was last updated',
    // the first profile the mock holds from before its start under its faults (mock/restart-faults.ts seededSid(0)); the reference mock holds none
    requests: [LIST, { method: 'GET', path: '/v1/CustomerProfiles/BUf0795a731e95c049c6a59678d2ac00bc' }],
    show: { members: ['results.sid', 'results.date_updated', 'sid', 'date_updated', 'code'] },
    fault: 'fetch-touches-idle-date-updated',
    mistake: "A read that records itself on the row (last_read_at, a view counter) through the ORM's save, which bumps updated_at; a read-through cache that writes back its refreshed row with a new timestamp.",
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
    rule: "Every list page, the first and every one after it, shows only profiles of the caller's account.",
    quote: 'account_sid is the account that made the request; the collection is listed with GET /v1/CustomerProfiles',
    requests: [CREATE, LIST],
    show: { members: ['sid', 'results.sid', 'results.account_sid'] },
    fault: 'list-other-accounts',
    mistake: 'A list query without the account filter (every tenant sees every profile).',
  },
  'delete.gone': {
    rule: 'DELETE /v1/CustomerProfiles/{sid} succeeds, and afterwards the profile is gone for the account that deleted it, whichever account that is: GET and HEAD (a GET without the body) answer 404 and the list no longer shows it, whatever filter it is asked with (delete.no-content judges that the success is a 204).',
    quote: 'The same resource can … be removed with DELETE /v1/CustomerProfiles/<sid> (204)',
    requests: [CREATE, DELETE, FETCH],
    show: { members: ENVELOPE_OR_PROFILE },
    fault: 'delete-noop',
    mistake: "A soft delete that marks the row but still serves it, a list, read or HEAD existence cache that the delete does not clear, or a DELETE statement still bound to the deployment's own account that answers 204 to every other account and removes nothing.",
  },
  'delete.unknown-404': {
    rule: 'DELETE of a sid that never existed (or was already deleted) is 404 with code 20404, and deletes nothing else.',
    quote: TB_404,
    requests: [{ method: 'DELETE', path: UNKNOWN }],
    show: { members: ['code', 'message', 'status'] },
    fault: 'delete-unknown-204',
    mistake: 'An "idempotent" DELETE that answers 204 whether or not there was anything to delete.',
  },
  'lookup.sid-exact': {
    rule: "A sid is matched exactly: the profile's sid with its hex letters in the other case names no profile, so its fetch and its DELETE are 404 and the profile still reads back.",
    quote: 'Sid: The unique string that we created to identify the Customer-Profile resource. … Unknown resource: HTTP 404, code 20404',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles/{SID}' }, { method: 'DELETE', path: '/v1/CustomerProfiles/{SID}' }, FETCH],
    show: { members: ['sid', 'code', 'status'] },
    fault: 'sid-case-insensitive',
    mistake: "A sid column with the database's default case-insensitive collation (MySQL utf8mb4_0900_ai_ci): WHERE sid = 'BUABC…' finds BUabc…, and a DELETE removes it.",
  },
  'lookup.update-of-none': {
    rule: "An update (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's UpdateCustomerProfile) of a sid that names no profile of its sender — a sid never made, a profile already deleted, another account's profile — is no 2xx (404 as for any unknown resource; 405 from a target without the update route) and leaves no trace: the sid never made and the deleted one still read 404 after it, and the other account's profile does not show what the update sent. The run sends no update of a profile of the sender's own: it certifies the create, not the update.",
    quote: 'POST /v1/CustomerProfiles/{Sid}: Updates a Customer-Profile in an account. … Unknown resource: HTTP 404, code 20404',
    requests: [{ method: 'POST', path: UNKNOWN, body: VALID_BODY }, { method: 'GET', path: UNKNOWN }],
    show: { members: ['sid', 'friendly_name', 'code', 'status'] },
    fault: 'update-upserts-unknown-sid',
    mistake: "An update written as an upsert keyed by the path's sid (Django's update_or_create(sid=sid, defaults=…), Mongoose's findOneAndUpdate({ sid }, doc, { upsert: true })): a sid nobody made becomes a profile whose sid the client chose. An update view scaffolded with Profile.find(sid) while fetch and delete use the account's scope; a soft-delete scope on the read repository the write repository lacks.",
  },
  'lookup.other-account-404': {
    rule: "A profile is its account's alone: asked for by another account (its own valid credentials), its fetch and its DELETE are the 404 envelope, as for a sid that never existed (never the profile, a 204 or a 403 that says the sid exists — even right after its owner fetched it), its HEAD is no 2xx, none of that account's list pages shows it (filtered by its name, its policy or the documented policy, the owner's very query asked again, the page the owner's next_page_url names; nor the owner a page of the other's through its next_page_url), and the profile still reads back for its own account. The profiles the account held before the run are asked for too (the first three, by the second account's fetch): each a 404. Judged when the run knows a second account (--second-account-sid with --second-auth-token; the embedded mock has one), else skipped with that reason.",
    quote: 'account_sid: the account that made the request. … Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found.',
    requests: [CREATE, { ...FETCH, auth: SECOND }, { ...DELETE, auth: SECOND }, FETCH],
    show: { members: ['sid', 'account_sid', 'code', 'status'] },
    fault: 'item-routes-ignore-owner',
    mistake: "Looking the profile up by its sid alone (Profile.objects.get(sid=sid), WHERE sid = ? without account_sid) in the fetch and delete views while the list is scoped; finding it by sid and then refusing another account's with 403 (Pundit's authorize, DRF's has_object_permission), which tells every caller which sids exist; or a scoped query bypassed on one path: a read-through cache keyed by sid, a list cache keyed by the query string, a PageToken that carries the account, a policy's has_many, a HEAD fast path (Profile.exists?(sid:)).",
  },
  'resource.url-not-from-request': {
    rule: "The URLs an answer gives — the profile's url and links, the list's url, first_page_url, previous_page_url, next_page_url and each listed profile's url — are the service's own: a fetch or list sent with another Host, or with X-Forwarded-Host, -Proto, -Port, -Prefix or Forwarded, gives the same base as a plain request (the --public-base-url when one is stated).",
    quote: 'url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>; links holds … (<url>/EntityAssignments) …',
    requests: [CREATE, { ...FETCH, headers: { 'x-forwarded-prefix': '/x' } }],
    show: { members: ['sid', 'url', 'links'] },
    fault: 'url-prefix-from-forwarded-prefix',
    mistake: "An absolute-URL builder that reads the request: Django's build_absolute_uri() with ALLOWED_HOSTS = ['*'] (the client's Host), werkzeug's ProxyFix(x_prefix=1) behind a StripPrefix proxy (the client's X-Forwarded-Prefix), Express's trust proxy (X-Forwarded-Host): a client chooses the host or path of the links the service hands out.",
  },
  'lookup.account-param': {
    rule: "The account is the caller's, whatever the query names: the caller's profile fetched with ?AccountSid=<another account> is that profile (account_sid the caller's), the list with it holds the caller's profiles and no other account's, and a DELETE with it removes the caller's profile; so with an auth proxy's identity headers (X-Forwarded-User…) naming another account beside the caller's own credentials, and another account's profile is not found either way. AccountSid is no parameter of these operations, and the Basic credentials name the account: ignored, or the request refused with a 4xx other than 404 — never a lookup in the account it names. So for the profile: its Sid is in the path (OpenAPI: in: path), so a fetch of one of the caller's profiles with ?Sid= or ?sid= naming another is answered as itself (or a 4xx), and a DELETE of it with ?Sid= or a form body Sid= naming another removes it alone (or nothing, when refused): the other still reads back.",
    quote: 'account_sid is the account that made the request.',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles/{sid}?AccountSid=ACfedcba9876543210fedcba9876543210' }],
    show: { members: ['sid', 'account_sid', 'code', 'status'] },
    fault: 'account-param-unchecked',
    mistake: "Parent accounts act for their subaccounts by naming one (`account = params[:AccountSid] || current_account`, a console's account switcher) and the check that it is a subaccount of the caller was never written: any caller reads, lists and deletes any account's profiles (a switcher that checks only that the account exists still lets it through for every real account). An account resolver shared with a console behind oauth2-proxy reads `req.headers['x-forwarded-user'] || req.auth.user`: on the API host a client's own header picks the account. A handler that binds the route and the query into one object, the query last (`{ ...req.params, ...req.query }`; Spring's data binder, which adds a URI variable only when no request parameter of its name exists), or a DELETE that reads `request.values.get('Sid') or sid` (Flask's request.values merges the query and a form body): GET /v1/CustomerProfiles/A?Sid=B shows B under A's URL, and a DELETE of A removes B.",
  },
  'create.sid-from-server': {
    rule: "A create makes a new profile: a Sid, sid or DateCreated in its body is no parameter of the create, so the answer's sid and date_created are the server's, and a profile whose sid was named reads back as it was. Two creates with one Idempotency-Key (new in every run) and different bodies: each answered 201 shows what it sent (a target that supports the header may refuse the second with a 4xx).",
    quote: 'sid: The unique string that we created to identify the Customer-Profile resource.',
    requests: [CREATE, { method: 'POST', path: '/v1/CustomerProfiles', body: `${VALID_BODY.replace('FriendlyName=Acme', 'FriendlyName=Other')}&Sid={sid}` }, FETCH],
    show: { members: ['sid', 'friendly_name'] },
    fault: 'create-upserts-client-sid',
    mistake: "A create written for an import from an older system as an upsert keyed by the client's sid (Django's update_or_create(sid=data.get('Sid') or new_sid()), Mongoose's findOneAndUpdate({ sid }, doc, { upsert: true })): naming an existing sid overwrites that profile, whoever's it is. A Stripe-style retry-safety cache keyed by the Idempotency-Key header alone, with no fingerprint of the body: a reused key gets the earlier profile back.",
  },
  'auth.pairs-one-account': {
    rule: "An API key acts for its account, on every route: a profile created with the key's SID and secret answers 201 with account_sid the Account SID (never the key's SK sid), and the Account SID with the Auth Token fetches it (200), HEADs it (neither 401, 403 nor 404), finds it in the list filtered by its FriendlyName and in the plain list walked through next_page_url (every page a 200), and deletes it (204, then a 404 for the key); a profile created with the Auth Token, the key reaches the same way (so the key lists, pages and deletes whichever pair the run acts with). Only the probe's own two profiles are judged. Judged when the run knows both pairs of the account (--api-key and --api-secret with --auth-token; the embedded mock has a key), else skipped with that reason.",
    quote: 'user = Account SID (AC + 32 hex) and password = Auth Token, or user = API Key SID (SK + 32 hex) and password = the key\'s secret. … account_sid is the account that made the request.',
    requests: [{ ...CREATE, auth: KEY }, FETCH, LIST, DELETE],
    show: { members: ['sid', 'account_sid', 'code', 'status'] },
    fault: 'api-key-account-from-user',
    mistake: "The service began with Account SID + Auth Token, and everything downstream reads the account from the Basic user-id (account_sid = request.authorization.username); API keys were added to the credential check only, so a key's profiles carry the SK sid and live apart from the account's.",
  },
  'route.path-exact': {
    rule: "The API's paths are /v1/CustomerProfiles and /v1/CustomerProfiles/{Sid}, spelt exactly: the same in another letter case (/v1/customerprofiles/{sid}) or with a .json suffix ({sid}.json, CustomerProfiles.json) names no resource, so none answers a 2xx. A SHOULD: the sources never say that paths are case-sensitive or take no suffix.",
    quote: 'paths: /v1/CustomerProfiles, /v1/CustomerProfiles/{Sid} … Unknown resource: HTTP 404, code 20404',
    requests: [CREATE, { method: 'GET', path: '/v1/customerprofiles/{sid}' }, { method: 'GET', path: '/v1/CustomerProfiles/{sid}.json' }],
    show: { members: ['sid', 'code', 'status'] },
    fault: 'path-case-insensitive',
    mistake: "Express's router (case sensitive routing off by default) or fastify with caseSensitive: false serves /v1/customerprofiles as the real route; Rails resources carry an optional (.:format) segment, so /v1/CustomerProfiles/BU….json is the profile. A client with a typo works against such a server and fails on the real service.",
  },
  'list.paging': {
    rule: 'With a small PageSize, next_page_url leads page by page to the last page (whose next_page_url is null): no page holds more than PageSize profiles, none is read twice, and on an account nobody else changed meanwhile every profile is listed exactly once; first_page_url and url lead to the pages they name. Walked while the run deletes the profile that ended a page (the cursor\'s anchor) and creates another, no profile is shown twice; a next_page_url followed 4 s after its page was served still leads to the next page.',
    quote: 'PageSize: How many resources to return in each list page. The default is 50, and the maximum is 1000. … next_page_url (format uri, nullable)',
    requests: [CREATE, CREATE, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1' }, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1&Page=1' }],
    show: { members: ['sid', 'results.sid', 'meta.page', 'meta.next_page_url'] },
    fault: 'paging-ignores-page',
    mistake: 'Reading PageSize but not Page (or PageToken), so every page is the first and next_page_url never reaches the end; an offset off by one that skips or repeats a profile at each page boundary; a keyset cursor whose anchor row is loaded through a soft-delete scope, so a deleted anchor starts the list again; page tokens kept in a cache with a TTL of 3000 ms where seconds were meant.',
  },
  'delete.concurrent': {
    rule: 'Two DELETEs of different profiles and a create, sent together, each do only their own: afterwards each deleted profile reads back 404 and the new one as created. A profile read while its DELETE is in flight is shown as created, or not at all (404), never half erased.',
    quote: 'The same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE /v1/CustomerProfiles/<sid> (204) … Unknown resource: HTTP 404, code 20404',
    requests: [CREATE, DELETE, FETCH],
    show: { members: ['sid', 'friendly_name', 'code', 'status'] },
    fault: 'delete-erases-first',
    mistake: "A DELETE that loads the account's array of profiles, filters it and saves it whole (a Mongoose subdocument array without a version check), undoing a create or another DELETE in between; a DELETE in two steps (erase the fields, purge later) whose reads do not skip the half-erased row.",
  },
  'methods.keep-profile': {
    rule: "HEAD, PUT and PATCH of a profile, a DELETE of the collection, and a DELETE of a path the API does not have (/v1/NoSuchResource) naming the profile in X-Original-URL and X-Rewrite-URL, with the caller's credentials, leave it as created: it reads back the same after each. HEAD is GET without the body; a profile has GET, POST (the update) and DELETE, no PUT or PATCH, and the collection GET and POST only (405 with Allow, or another 4xx); a request acts on its own path (404 where there is no resource); only a DELETE of the profile removes it. The collection's DELETE is sent only to a target on this machine (loopback): on a defective one it removes every profile of the account.",
    quote: 'The same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE /v1/CustomerProfiles/<sid> (204) … /v1/CustomerProfiles/{Sid}: get, post, delete',
    requests: [CREATE, { method: 'PUT', path: '/v1/CustomerProfiles/{sid}', body: 'FriendlyName=changed' }, FETCH],
    show: { members: ['sid', 'friendly_name', 'code', 'status'] },
    fault: 'member-put-patch-updates',
    mistake: "One handler for the profile's GET and DELETE that branches on `req.method === 'GET'` (the framework routes HEAD to it, so HEAD deletes); a scaffold's `resources` route that sends PUT and PATCH to a mass-assigning update; a DELETE route with an optional sid (`/:sid?`) whose deleteMany filter loses the undefined sid and removes the whole account; a framework that takes the request URI from X-Original-URL for IIS URL Rewrite (Symfony before CVE-2018-14773, Zend, Laminas).",
  },
  'list.previous-page': {
    rule: "A list's first page has previous_page_url null; on every later page previous_page_url leads to the page before it: followed, it shows the same profiles as that page (on an account nobody else changed meanwhile).",
    quote: 'ListCustomerProfileResponse meta: page (integer), previous_page_url (uri, nullable), url (uri), next_page_url (uri, nullable) … readEmpty, readFull: "page": 0, "previous_page_url": null',
    requests: [CREATE, CREATE, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1' }, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1&Page=1' }, { method: 'GET', path: '/v1/CustomerProfiles?PageSize=1&Page=0' }],
    show: { members: ['sid', 'results.sid', 'meta.page', 'meta.previous_page_url'] },
    fault: 'list-previous-page-self',
    mistake: "Building the links with the next page's index incremented in place (`next = link(++page); previous = link(page - 1)`): previous_page_url then names the page itself, and page 0 gets one.",
  },
  'list.page-schema': {
    rule: 'A list page is {"results": [...], "meta": {...}}, with meta.page and meta.page_size integers and url, first_page_url, next_page_url and previous_page_url absolute URLs (the last two null where there is no such page).',
    quote: 'ListCustomerProfileResponse: results (array of trusthub.v1.customer_profile), meta: page (integer), page_size (integer), first_page_url (uri), previous_page_url (uri, nullable), url (uri), next_page_url (uri, nullable), key (string)',
    requests: [LIST],
    show: { members: ['meta'] },
    fault: 'list-meta-page-string',
    mistake: 'Copying the query parameters into meta as the strings they arrived as, or writing paging URLs as paths relative to the host.',
  },
  'delete.no-content': {
    rule: 'A DELETE that removes a profile answers 204 No Content, with no body.',
    quote: 'DELETE /v1/CustomerProfiles/{Sid}: responses: "204": The resource was deleted successfully.',
    requests: [CREATE, DELETE],
    show: { members: ['sid', 'status'] },
    fault: 'delete-200-json',
    mistake: 'Returning the deleted resource with 200 (a common REST habit), which a client built from the OpenAPI does not expect.',
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
