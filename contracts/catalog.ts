import { createHash } from 'node:crypto';
import type { CheckInfo } from './check.ts';

const SEED = 'seed description: POST /v1/CustomerProfiles';
const OAS = 'official OpenAPI (twilio-oai twilio_trusthub_v1.json @ d50069b)';
const TB = "Twilio's documented behaviour";

/**
 * The one catalog of checks. IDs are stable: reports, --only/--skip, declared deviations and
 * the mock's named faults refer to them. Judges live in engine/checks, keyed by these IDs.
 */
export const CATALOG = [
  // Level 1: contract
  {
    id: 'create.status-201',
    title: 'A valid create request is answered 201 Created',
    level: 1,
    severity: 'MUST',
    source: { doc: 'seed', ref: `${SEED}: Responses 201 Created` },
  },
  {
    id: 'create.success-201',
    title: 'A create is carried out (201) or refused (4xx): its only success is 201, on every case',
    level: 1,
    severity: 'MUST',
    source: { doc: 'openapi', ref: `${OAS}: POST /v1/CustomerProfiles responses: 201 only; ${SEED}: Responses 201 Created` },
    answers: { routes: ['create'], statuses: ['2xx'], body: true },
  },
  {
    id: 'update.status-200',
    title: "An update (POST /v1/CustomerProfiles/{Sid}) carried out is answered 200 OK: its only success is 200, as the create's is 201",
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) responses: 200 only (the create's is 201 only: create.success-201)`,
    },
    answers: { routes: ['update'], statuses: ['2xx'], body: true },
  },
  {
    id: 'create.burst',
    title: 'Valid creates sent at once (32, whatever --concurrency is) are each answered 201, or 429 when the server is busy — no 5xx, no other refusal, no timeout — and each profile a 201 names reads back',
    level: 1,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'seed',
      ref: `${SEED}: Responses 201 Created; ${TB}: Errors, rate limiting is HTTP 429, code 20429 (clients back off and retry); the resource can be read back with GET /v1/CustomerProfiles/<sid>`,
    },
  },
  {
    id: 'response.content-type-json',
    title: 'Every 2xx of the create, the fetch, the list and the update is application/json (RFC 9110 §8.3.1: parameters allowed, type case-insensitive)',
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: POST /v1/CustomerProfiles responses.201, GET /v1/CustomerProfiles responses.200, GET /v1/CustomerProfiles/{Sid} responses.200, POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) responses.200: content application/json`,
    },
    answers: { routes: ['create', 'fetch', 'list', 'update'], statuses: ['2xx'], body: true },
  },
  {
    id: 'resource.schema',
    title: 'Every profile shown — the 201 of the create, the 200 of the fetch and of the update, each item of a list page — is a Customer-Profile the schema accepts',
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: components.schemas trusthub.v1.customer_profile, the schema of the create's 201, the fetch's 200, the update's 200 (UpdateCustomerProfile; its examples the whole resource) and the list's results items; ${SEED}: response attributes`,
    },
    answers: { routes: ['create', 'fetch', 'list', 'update'], statuses: [200, 201], body: true },
  },
  {
    id: 'list.page-schema',
    title: 'A list page is {results: [...], meta: {...}} with the paging members the OpenAPI types (page, page_size integers; url, first_page_url absolute URIs; next_page_url, previous_page_url absolute URIs or null)',
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles responses.200 ListCustomerProfileResponse (results, meta: page, page_size, url, first_page_url, next_page_url, previous_page_url, key); ${TB}: the collection is listed as {"results": [...], "meta": {...}}`,
    },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'delete.no-content',
    title: 'A DELETE that succeeds answers 204 No Content, with no body',
    level: 1,
    severity: 'MUST',
    source: { doc: 'openapi', ref: `${OAS}: DELETE /v1/CustomerProfiles/{Sid} responses: only 204, with no content` },
    answers: { routes: ['delete'], statuses: ['2xx'], body: true },
  },
  {
    id: 'no-server-error',
    title: 'No request, on any route, valid or not, is answered with a 5xx',
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: invalid input is refused with a 4xx Twilio error envelope; ${SEED}: valid input gets 201`,
    },
    answers: { routes: 'any', statuses: 'any' },
  },
  {
    id: 'no-credential-leak',
    title: "No response contains the caller's credentials",
    level: 1,
    severity: 'MUST',
    source: { doc: 'suite', ref: 'beyond the anchors: a response echoing the auth token or Authorization header leaks a secret' },
    // a HEAD answer has headers, where a credential may show too (judged by every rule that does not read the content)
    answers: { routes: 'any', statuses: 'any' },
  },
  {
    id: 'response.utf8-no-bom',
    title: 'Every answer body is valid UTF-8 with no byte order mark',
    level: 1,
    severity: 'MUST',
    source: { doc: 'standard', ref: 'RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8; no byte order mark at the start of a networked JSON text' },
    answers: { routes: 'any', statuses: 'any', body: true },
  },
  {
    id: 'response.charset-utf8',
    title: 'A charset parameter on an application/json answer, if present, is utf-8',
    level: 1,
    severity: 'SHOULD',
    source: { doc: 'standard', ref: 'RFC 8259 §11: application/json has no charset parameter; clients that honour one are misled by any other than utf-8' },
    answers: { routes: 'any', statuses: 'any', body: true },
  },
  {
    id: 'response.unique-members',
    title: 'No JSON object in an answer repeats a member name',
    level: 1,
    severity: 'SHOULD',
    source: { doc: 'standard', ref: 'RFC 8259 §4: the names within an object SHOULD be unique' },
    answers: { routes: 'any', statuses: 'any', body: true },
  },
  {
    id: 'response.json-interoperable',
    title: 'No JSON answer holds a string with an unpaired surrogate escape or a number beyond IEEE 754 binary64',
    level: 1,
    severity: 'SHOULD',
    source: {
      doc: 'standard',
      ref: 'RFC 8259 §8.2: strings of Unicode characters only (an unpaired surrogate such as "\\uDEAD" is unpredictable); §6: no more range or precision than binary64 interoperates',
    },
    answers: { routes: 'any', statuses: 'any', body: true },
  },
  // Level 2: validation
  {
    id: 'reject.invalid-4xx',
    title: 'A request that breaks the request contract is refused with a 4xx',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'seed',
      ref: `${SEED}: Email, FriendlyName, PolicySid required; PolicySid ^RN[0-9a-fA-F]{32}$ (34 chars); StatusCallback string(uri)`,
    },
  },
  {
    id: 'error.envelope',
    title: 'Every 4xx and 5xx, on every route, carries a Twilio error envelope {code, message, more_info, status}',
    level: 2,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Errors, every error body is a JSON object {code, message, more_info, status}` },
    answers: { routes: 'any', statuses: ['4xx', '5xx'], body: true },
  },
  {
    id: 'error.content-type-json',
    title: 'Every 4xx and 5xx, on every route, is application/json (RFC 9110 §8.3.1)',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Errors, every error body is a JSON object (its media type is application/json, RFC 8259 §11); the official helper library parses it as JSON`,
    },
    answers: { routes: 'any', statuses: ['4xx', '5xx'], body: true },
  },
  {
    id: 'error.envelope-status',
    title: "The envelope's status equals the HTTP status, on every 4xx and 5xx of every route",
    level: 2,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Errors, status = the HTTP status` },
    answers: { routes: 'any', statuses: ['4xx', '5xx'], body: true },
  },
  {
    id: 'auth.required-401',
    title: 'A request without or with wrong credentials is refused with 401',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Transport and auth, missing or wrong credentials get HTTP 401 (whatever the body, so credentials are checked before it), user = Account SID and password = Auth Token (that account's: one account's SID with another's token is wrong credentials), and auth is HTTP Basic (the caller's credentials in the query string, the body or an API key header are no credentials); RFC 7617 §2: an empty password must match like any other, the user-id and password are one credential, and anything that does not decode to user-id:password is no credential (RFC 9110 §11.6.2: Authorization holds one credentials, auth-scheme [ 1*SP token68 ], so neither a token followed by other text nor Bearer credentials followed by Basic ones decode)`,
    },
  },
  {
    id: 'reject.no-side-effect',
    title: 'A refused request creates nothing: neither a 4xx nor a 429 or 503, which asks the client to send it again',
    level: 2,
    severity: 'MUST',
    shrinks: false,
    source: { doc: 'twilio-behaviour', ref: `${TB}: a refused request is an error, not a create; the collection lists what exists` },
  },
  {
    id: 'missing.only-when-absent',
    title:
      'A create is refused as missing a parameter ("Missing required parameter <Name>") only when its form body lacks it or leaves it empty: every &-separated pair is read, however many come before it',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Errors, "Missing required parameter: HTTP 400, code 20001, message Missing required parameter <Name> in the post body"; standards.md, Form bodies (WHATWG): the body is split on & only, each sequence a name=value pair (no limit on their number)`,
    },
    answers: { routes: ['create'], statuses: ['4xx'], body: true },
  },
  {
    id: 'repeated-param.consistent',
    title: 'A repeated parameter is refused, or one of its values is used',
    level: 2,
    severity: 'SHOULD',
    source: { doc: 'suite', ref: 'the contract is silent on repeated form parameters' },
  },
  // Level 3: fidelity
  {
    id: 'missing.code-20001',
    title: 'A missing parameter gets 400, code 20001, and a message naming it',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Missing required parameter: HTTP 400, code 20001` },
  },
  {
    id: 'auth.code-20003',
    title: 'Every 401, on every route, carries code 20003 and the message "Authenticate"',
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: missing or wrong credentials get HTTP 401 with body {"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}`,
    },
    answers: { routes: 'any', statuses: [401], body: true },
  },
  {
    id: 'error.more-info',
    title: 'more_info is https://www.twilio.com/docs/errors/<code>, on every 4xx and 5xx of every route',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Errors, more_info = https://www.twilio.com/docs/errors/<code>` },
    answers: { routes: 'any', statuses: ['4xx', '5xx'], body: true },
  },
  {
    id: 'not-found.code-20404',
    title: 'Every 404, on every route, carries code 20404 and the message "The requested resource <path> was not found"',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found` },
    answers: { routes: 'any', statuses: [404], body: true },
  },
  {
    id: 'rate-limit.code-20429',
    title: 'Every 429, on every route (an answer a retry replaced included), carries code 20429',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Rate limiting: HTTP 429, code 20429 ("Too Many Requests")` },
    answers: { routes: 'any', statuses: [429], body: true },
  },
  {
    id: 'json-body.as-missing',
    title: 'A JSON body is not read: answered as missing parameters',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: request bodies are form-encoded; a JSON body is answered as missing parameters` },
  },
  {
    id: 'echo.fields',
    title: 'The resource echoes friendly_name, email, policy_sid, status_callback exactly',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: The created resource, fields are what the request sent` },
  },
  {
    id: 'create.initial-state',
    title: 'A new profile is draft, with valid_until and errors null',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: status starts as draft; valid_until is null; errors is null` },
    answers: { routes: ['create'], statuses: [201], body: true },
  },
  {
    id: 'resource.timestamps-gmt',
    title: 'date_created, date_updated (and valid_until when set) are ISO 8601 in GMT, in every profile shown (201, fetch, update, list items)',
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: Dates are ISO 8601 in GMT (${OAS}: the update's 200 example, date_updated 2019-07-31T01:09:00Z)` },
    answers: { routes: ['create', 'fetch', 'list', 'update'], statuses: [200, 201], body: true },
  },
  {
    id: 'create.timestamps-server-clock',
    title: "No profile shown (201, fetch, update, list) is dated after its answer's Date header (2 s for rounding); a new profile's date_created and date_updated are within 5 minutes before its 201's Date",
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'standard',
      ref: `RFC 9110 §6.6.1: Date is the origin server's own "now" when it generated the answer; ${OAS}: date_created, date_updated are when the resource was created and last updated (never after now)`,
    },
    answers: { routes: ['create', 'fetch', 'list', 'update'], statuses: [200, 201], body: true },
  },
  {
    id: 'response.date-header',
    title: 'Every 2xx, 3xx and 4xx answer, on every route (HEAD answers, redirects and 304s included), carries a Date header that is an HTTP-date',
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'standard',
      ref: 'RFC 9110 §6.6.1: an origin server with a clock MUST send a Date header field (Date = HTTP-date) in every 2xx, 3xx and 4xx response; §5.6.7: the three forms a recipient accepts',
    },
    answers: { routes: 'any', statuses: ['2xx', '3xx', '4xx'] },
  },
  {
    id: 'response.date-imf-fixdate',
    title: 'A Date header is written as IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT) with the right day name',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'standard',
      ref: 'RFC 9110 §5.6.7: a sender MUST generate HTTP-date as IMF-fixdate (the obsolete rfc850 and asctime forms are for recipients to accept); not a line of the reference standards, so a SHOULD here',
    },
    answers: { routes: 'any', statuses: 'any' },
  },
  {
    id: 'response.date-advances',
    title: "The Date header advances with time: every answer's Date shows the same server clock as the run's first answer, within 1 s",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    source: {
      doc: 'standard',
      ref: 'standards.md HTTP semantics, RFC 9110 §6.6.1: the Date is the origin server\'s own idea of "now" when the message was generated (no accuracy is stated: a SHOULD; a constant offset from this machine\'s clock is allowed)',
    },
    answers: { routes: 'any', statuses: ['2xx', '3xx', '4xx'] },
  },
  {
    id: 'create.date-created-advances',
    title: "date_created is the time of the create: every new profile's date_created shows the same server clock as the run's first one, within 1 s",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    source: {
      doc: 'openapi',
      ref: `${OAS}: customer_profile.date_created, "The date and time in GMT when the resource was created" (how exactly is not stated: a SHOULD; a constant offset from this machine's clock is allowed)`,
    },
    answers: { routes: ['create'], statuses: [201], body: true },
  },
  {
    id: 'create.timestamps-now',
    title: 'date_created equals date_updated and is close to the time the answer arrived here',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'suite',
      ref: "a new resource was created and last updated now; the suite's machine clock may be off, so only a SHOULD (create.timestamps-server-clock judges the server against its own Date header)",
    },
    answers: { routes: ['create'], statuses: [201], body: true },
  },
  {
    id: 'resource.url',
    title:
      "url is the absolute <base>/v1/CustomerProfiles/<sid>, with the three links absolute under it, in every profile shown (201, fetch, update, list items), and a list page's meta URLs are under <base>/v1/CustomerProfiles; <base> is the --public-base-url, else https://trusthub.twilio.com or the target as the run reaches it",
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>; links hold <url>/EntityAssignments, <url>/Evaluations, <url>/ChannelEndpointAssignments; Transport and auth, the base URL of the real service is https://trusthub.twilio.com (${OAS}: servers; the list examples' meta URLs are under it; the update's 200 example shows url and links so). A MUST: the base is stated. Reaching a local target shows the client pointed at another base URL, so a target that names itself (its scheme, host and port as the run reaches it) keeps the rule; any other base (http behind a TLS proxy, a regional host, an application URL left at http://localhost) is a deployment's public name only when the user states it (--public-base-url)`,
    },
    answers: { routes: ['create', 'fetch', 'list', 'update'], statuses: [200, 201], body: true },
  },
  {
    id: 'resource.account-sid',
    title: "account_sid is the account that made the request (the caller's; the second account's for its own requests, creates sent at once with the caller's among them), in the 201 of the create and the 200 of the fetch and of the update (list items: list.own-account)",
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: account_sid is the account that made the request` },
    answers: { routes: ['create', 'fetch', 'update'], statuses: [200, 201], body: true },
  },
  {
    id: 'create.unique-sid',
    title: "Each create gets a new sid: none an earlier answer of the run named, none of a profile the account's list showed before the run (which keeps its date_created to the run's end)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    source: { doc: 'openapi', ref: `${OAS}: sid, the unique string that identifies the resource` },
  },
  {
    id: 'extra-params.ignored',
    title: 'Unknown extra parameters are ignored: a create with one more parameter, a _method naming another method or an X-HTTP-Method-Override header included, or a form Content-Type with an empty or undefined parameter (a trailing ;), is still the create (201)',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'suite',
      ref: `Twilio ignores parameters it does not know (common practice, not documented for this operation); ${SEED}: POST creates, 201; ${OAS}: CreateCustomerProfileRequest has no additionalProperties: false; RFC 9110 §5.6.6: a media type's parameters may be empty (standards.md §8.3.1 names only the charset)`,
    },
  },
  {
    id: 'readback.same',
    title: "The created resource reads back the same with a GET of its own url, and so does every GET of it with the account's credentials whatever else the request carries (a real client's headers, a query it does not define, a validator), in each of many fetches sent at once; each profile of creates sent at once is answered holding what its create sent and reads back as its 201 showed it; a profile the account held before the run reads back with every field as its list item shows it, and shows every field the same at the run's end and in every list page, plain or filtered, while its date_updated is unchanged",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: the same resource can be read back with GET /v1/CustomerProfiles/<sid>; url = <base>/v1/CustomerProfiles/<sid>` },
  },
  {
    id: 'fetch.no-update',
    title: "A GET updates nothing: the first profile the list before the run showed, fetched, shows the date_updated its item there showed, not one moved to the fetch's own second",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: customer_profile.date_updated, "The date and time in GMT when the resource was last updated": a read is no update (another client's write in the fetch's very second looks the same, so a SHOULD)`,
    },
  },
  {
    id: 'delete.gone',
    title: 'DELETE of a profile succeeds (2xx; delete.no-content judges the 204) and the resource is gone after it, whichever account deleted its own (GET and HEAD 404, the paths below it — its links — no 2xx, and not listed, whatever filter the list is asked with)',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: removed with DELETE (204), the collection listed with GET /v1/CustomerProfiles (its filters Status, FriendlyName, PolicySid: ${OAS}); links under <url> (<url>/EntityAssignments, /Evaluations, /ChannelEndpointAssignments); unknown resource is 404 / 20404; RFC 9110 §9.3.2 (HEAD is GET without the content)` },
  },
  {
    id: 'observed.behaviour',
    title: 'A request of an observed class gets the status and error code the observations file records',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'suite',
      ref: 'observations file (run --observations FILE): what a target was seen to answer; ranks below the seed description, the official OpenAPI and documented behaviour; skipped when none is loaded',
    },
  },
  // Credentials (engine/checks/auth.ts; the cases: generators/credentialCases.ts)
  {
    id: 'auth.challenge',
    title: 'Every 401, on every route, carries a WWW-Authenticate header with a Basic challenge',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'standard',
      ref: `RFC 9110 §11.6.1: a server generating a 401 MUST send WWW-Authenticate with at least one challenge applicable to the target resource; ${TB}: auth is HTTP Basic`,
    },
    answers: { routes: 'any', statuses: [401] },
  },
  {
    id: 'response.allow-405',
    title: "Every 405 carries an Allow header listing the target's methods, not the one refused",
    level: 2,
    severity: 'SHOULD',
    source: {
      doc: 'standard',
      ref: "RFC 9110 §15.5.6: the origin server MUST generate an Allow header field in a 405 response listing the target resource's supported methods; not a line of the reference standards, so a SHOULD here",
    },
    answers: { routes: 'any', statuses: [405] },
  },
  {
    id: 'auth.scheme-case-insensitive',
    title: 'The right credentials with the scheme written basic or BASIC are accepted on every route: a valid create gets 201, fetch, list and delete no 401',
    level: 1,
    severity: 'MUST',
    source: {
      doc: 'standard',
      ref: `RFC 9110 §11.1: the authentication scheme name is a case-insensitive token (Basic = basic = BASIC); ${SEED}: a valid request gets 201`,
    },
    answers: { routes: ['create', 'fetch', 'list', 'delete'], statuses: 'any' },
  },
  // Lifecycle after a create (engine/checks/lifecycle.ts; the follow-ups: engine/phases/follow-ups.ts)
  {
    id: 'list.shows-created',
    title: 'A created profile appears in the list of the collection',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}})` },
  },
  {
    id: 'list.own-account',
    title: "Every list page shows only profiles of the caller's account",
    level: 3,
    severity: 'MUST',
    source: { doc: 'twilio-behaviour', ref: `${TB}: account_sid is the account that made the request; the collection is listed with GET /v1/CustomerProfiles` },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'list.paging',
    title:
      'next_page_url leads page by page to the end: each page a 200 list page of at most PageSize profiles, no page twice, and (on an account nobody else changed meanwhile) every profile listed once; while the run deletes and creates between pages no profile is shown twice, and a next_page_url followed seconds after its page still leads to the next page',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles PageSize (how many resources each list page returns), meta.next_page_url (the next page; null on the last), PageToken ("provided by the API": the position is the server's, Page "simply for client state"); ${TB}: the collection is listed with GET /v1/CustomerProfiles`,
    },
  },
  {
    id: 'list.previous-page',
    title: "previous_page_url is null on a list's first page, and on every later page leads to the page before it (the walk follows it from each page)",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles responses.200 meta.previous_page_url (uri, nullable), beside page, url and next_page_url; examples readEmpty and readFull: page 0 has previous_page_url null (the member's meaning is its name: a SHOULD)`,
    },
  },
  {
    id: 'methods.keep-profile',
    title: "HEAD, PUT and PATCH of a profile, a DELETE of the collection, a DELETE of a path the API does not have naming the profile in X-Original-URL and a DELETE of a path below it (<url>/NoSuchResource), with the caller's credentials, leave it as created: it reads back the same after each (only a DELETE of the profile removes it)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: the fields are what the request sent; the same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE (204); ${OAS}: /v1/CustomerProfiles/{Sid} has get, post (update) and delete, no put or patch, and /v1/CustomerProfiles get and post only; RFC 9110 §9.3.2: HEAD is GET without the body; standards.md RFC 9110 §15.5.5: a path with no resource is 404 (a request acts on its own request-target)`,
    },
  },
  {
    id: 'delete.concurrent',
    title: 'DELETEs of two profiles and a create sent together each do only their own (the deleted read back 404, the new one as created), and a profile read while its DELETE is in flight is shown as created or not at all',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: the fields are what the request sent; the same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE /v1/CustomerProfiles/<sid> (204); Unknown resource: HTTP 404, code 20404`,
    },
  },
  {
    id: 'delete.unknown-404',
    title: 'DELETE of a sid that never existed, or was already deleted (by the other of two DELETEs sent together too), is 404 / 20404 and removes nothing else',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: removed with DELETE /v1/CustomerProfiles/<sid> (204); Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found`,
    },
  },
  {
    id: 'lookup.sid-exact',
    title: "A sid is matched exactly: the profile's sid with its hex letters in the other case names no profile (404), and a DELETE of it removes nothing",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: /v1/CustomerProfiles/{Sid}, Sid "The unique string that we created to identify the Customer-Profile resource"; ${TB}: Unknown resource: HTTP 404 (whether a sid's hex may be read in either case is not stated: a SHOULD)`,
    },
  },
  {
    id: 'lookup.update-of-none',
    title: "An update (POST /v1/CustomerProfiles/{Sid}) of a sid that is no profile of its sender — one never made, a deleted one, another account's — is 404 (405 or 501 without the update route; never a 2xx, nor a 403 that tells the sid exists) and leaves no trace: the sid still reads 404, the other account's profile unchanged",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile, "Updates a Customer-Profile in an account"), Sid "The unique string that we created to identify the Customer-Profile resource"; ${TB}: Unknown resource: HTTP 404, code 20404; The created resource, account_sid is the account that made the request. The update of a profile of the sender's own is judged by the update.* checks`,
    },
  },
  {
    id: 'update.date-created-kept',
    title: "An update (POST /v1/CustomerProfiles/{Sid}) of one's own profile keeps its date_created: the update's answer and every read after it show the date_created its 201 showed (date_updated is the one that moves)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: customer_profile.date_created, "The date and time in GMT when the resource was created"; POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) 200 example "update": date_created 2019-07-30T22:29:24Z kept, date_updated 2019-07-31T01:09:00Z. Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.applied',
    title:
      "An update of one's own profile with valid parameters — every value of FriendlyName, Email and StatusCallback a create must take (the create's coverage rows, each as its row spells it: whitespace alone, names that look empty, escapes, raw UTF-8, userinfo, IPv6 literals, a trailing-dot host, one a URL parser writes otherwise…), alone or three in one body, a raw ; or raw = signs in a value, a literal + written %2B beside a space written +, between empty sequences (&&), a form body under any spelling of its media type, signed with either pair of the account — is answered 2xx (the first too: only 404, 405 or 501 say the target has no update), and its answer and a read after it show each value sent, byte for byte; with a value the create may take or refuse (the coverage rows' either: controls, noncharacters, a name of 4,000 characters, bodies of 64 KiB…), beside parameters that are not the update's (PolicySid, AccountSid, DateCreated…), under a form labelled with another charset, or with a FriendlyName holding bytes that are no UTF-8 (read as U+FFFD), it is that, or refused whole with a 4xx (never cut, never trimmed, never skipped)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) parameters FriendlyName ("The string that you assigned to describe the resource"), Email, StatusCallback (format: uri); its 200 example shows them; ${TB}: Auth is HTTP Basic with the Account SID and Auth Token, or an API Key SID and its secret; the fields are what the request sent; standards.md Unicode (no normalization, no trimming, no case change, in a later GET too), URIs (RFC 3986 §3.1, §3.2: case-insensitive schemes, IPv6 literals, userinfo), RFC 9110 §8.3.1 (application/x-www-form-urlencoded; charset=UTF-8 is the same media type), Form bodies (split on & only, a ; is data, empty sequences skipped, each sequence split at its first =, + a space, percent-decoded exactly once, an invalid UTF-8 sequence U+FFFD or the request refused with a 4xx, never a 5xx; decoded as UTF-8 whatever the label: as the create's body.charset-label, a 4xx allowed); its example "update" sends StatusCallback, FriendlyName and Email in one body. Parameters not the update's: Twilio ignores parameters it does not know (common practice, the create's extra-params.ignored), nothing documents a refusal either way, so a 4xx is allowed. Judged when the target has the update (the first answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.unsent-kept',
    title:
      "An update of one's own profile changes only the parameters of the update its form body names: answered 2xx, its answer and a read after it show every field it did not send as before it — policy_sid, account_sid, sid, status and valid_until too when the body names PolicySid, AccountSid, Sid, DateCreated or the resource's own field names beside a FriendlyName, and email and friendly_name when the query string names Email and FriendlyName; refused whole with a 4xx, it changes nothing and the profile still reads back for its owner; a body that names no parameter of the update (a JSON body, names in another case) changes nothing",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: UpdateCustomerProfileRequest (Status, StatusCallback, FriendlyName, Email), application/x-www-form-urlencoded, has no required parameter; its example "updateToInReview" sends Status alone and the 200 shows friendly_name, email and status_callback as in "update"; ${TB}: request bodies are application/x-www-form-urlencoded (the OpenAPI's update has a requestBody; only Sid is a path parameter, none is in the query), parameter names are case-sensitive, a JSON body is not read; account_sid is the account that made the request, policy_sid what the create sent; the resource reads back with GET /v1/CustomerProfiles/<sid>. Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.status-enum',
    title: "An update of one's own profile with a Status that is no value of the enum — outside it (approved, active…) or draft spelt otherwise (Draft, DRAFT, draft with a space or a line feed around it: the enum's values are exact) — is refused with a 4xx and changes nothing, a FriendlyName sent before it in the body included: the profile reads back as it was, date_updated too (a refused update is no update)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: UpdateCustomerProfileRequest Status, $ref customer_profile_enum_status (draft, pending-review, in-review, twilio-rejected, twilio-approved): an enum's values are exact strings (JSON Schema enum: equal to one of them), so no case folding, no whitespace, no final line feed; a refused request is an error, not an update (${TB}, as the create's reject.no-side-effect): refused whole, the FriendlyName beside it not applied. The run never sends a Status of the enum, nor pending-review spelt otherwise (one would submit the profile for review). Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.callback-absolute',
    title: "An update of one's own profile with a StatusCallback the create refuses — no absolute URI of RFC 3986: a relative reference, no host, whitespace in or around it, a % that starts no escape, a vertical bar, raw Unicode (an IRI), forms a lenient WHATWG URL parser takes — is refused with a 4xx, as the create refuses it, and changes nothing, a FriendlyName sent before it in the body included: the profile reads back as it was, date_updated too (a refused update is no update)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: UpdateCustomerProfileRequest StatusCallback, type string, format: uri (the create's StatusCallback string(uri): its refused values, coverage's StatusCallback.uri reject rows, are the update's); standards.md URIs (RFC 3986 §4.2 / §4.3): a relative reference is not an absolute URI (a callback must be absolute: it is called from elsewhere); RFC 3986 §2: a space, a vertical bar or a raw non-ASCII character is no URI character, §2.1: pct-encoded = "%" HEXDIG HEXDIG; RFC 9110 §4.2.2: an https URI with an empty host is invalid. A refused request is an error, not an update (${TB}, as the create's reject.no-side-effect): refused whole, the FriendlyName beside it not applied. Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.listed-by-name',
    title: "After an update renames one's own profile, the list filtered by the new FriendlyName shows it and the list filtered by the name it was created with does not",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameter FriendlyName ("The string that you assigned to describe the resource": its meaning as a filter is implied, not spelled out, so a SHOULD as list.filters), POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) FriendlyName; ${TB}: the collection is listed with GET /v1/CustomerProfiles. Both names are unique to the run. Judged when the rename reads back (the target has the update)`,
    },
  },
  {
    id: 'update.answer-stored',
    title: "An update's 2xx answer shows the profile as it stored it: every member of the answer is what the read right after it shows",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) responses.200: schema trusthub.v1.customer_profile, the resource (as the fetch's 200: GET /v1/CustomerProfiles/{Sid}); ${TB}: the resource can be read back with GET /v1/CustomerProfiles/<sid> (as readback.same holds the create's 201 to its read back). The run never sends a Status of the enum, so an answer that shows a Status the row did not keep is not reached. Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.date-updated-moves',
    title:
      "After an update applied to one's own profile, date_updated never goes back (each answer and read shows it no earlier than the profile showed before), and on a target the run waits for (the update sent 1.5 s after the 201) it is later than the 201's date_created and date_updated",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: customer_profile.date_updated, "The date and time in GMT when the resource was last updated"; POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) 200 example "update": date_created 2019-07-30T22:29:24Z, date_updated 2019-07-31T01:09:00Z (moved). Later is judged only when the run waited for the target's clock (not on the embedded mock, which answers within the second). Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'update.filtered-listed',
    title:
      "After the updates of one's own profile, the lists filtered by its PolicySid and by its Status (each with its FriendlyName) and by its FriendlyName alone show it as the read after the last update showed it, member by member (a list by name served from a summary the update refreshed only partly shows it otherwise)",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters Status, PolicySid, FriendlyName (their meaning as filters is implied, not spelled out: a SHOULD, as list.filters and update.listed-by-name), POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile); ${TB}: the collection is listed with GET /v1/CustomerProfiles, the fields are what the request sent. The name holds a tag unique to the run. Judged when the last update's read shows the profile (the target has the update)`,
    },
  },
  {
    id: 'update.repeated-param',
    title:
      "An update of one's own profile whose form body names FriendlyName twice, with two values, is refused whole with a 4xx (changing nothing), or applied with one of the two: its answer and a read after it show one of them as sent — never both, as a list or joined",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'suite',
      ref: `the contract is silent on repeated form parameters (as the create's repeated-param.consistent: refused, or one of its values used); standards.md Form bodies: each &-separated sequence is one name=value pair, decoded on its own; ${OAS}: UpdateCustomerProfileRequest FriendlyName, type string. Judged when the target has the update (an update answered 404, 405 or 501: skipped)`,
    },
  },
  {
    id: 'lookup.other-account-404',
    title: "A profile is its account's alone: another account's fetch and DELETE of it are 404 / 20404 (never 200, 204 or a 403 that says it exists, however recently its owner read it), its HEAD no 2xx, nor its GET of the paths below the profile (its links, an unknown one), none of its list pages shows it (filtered by its name or policy, the owner's very query asked again, the owner's next_page_url), and the profile still reads back; the profiles the account held before the run are 404 to another account's fetch too; whichever account creates it, with both accounts' creates in flight at once, it reads back and is listed for that account alone",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: The created resource, account_sid is the account that made the request; Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found; RFC 9110 §15.5.5 (404: the target resource does not exist for the caller). Judged when the run knows a second account (--second-account-sid; the embedded mock has one), else skipped`,
    },
  },
  {
    id: 'resource.url-not-from-request',
    title: "Every URL a fetch or list answer gives (url, links, the list's meta URLs) is the service's, whatever Host, X-Forwarded-Host, -Proto, -Port, -Prefix or Forwarded the request carried: the same base as a plain request's (or the --public-base-url)",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: The created resource, url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid> and links under it; Transport and auth, the base URL of the real service is https://trusthub.twilio.com: fixed, never taken from the request`,
    },
  },
  {
    id: 'list.conditional-fresh',
    title: 'A list or fetch sent with If-Modified-Since / If-None-Match of a read from before a create or DELETE that changed it is not answered 304 Not Modified (with no validators the date is the earlier answer\'s Date)',
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'standard',
      ref: `RFC 9110 §13.1.3-4 and §8.8: 304 only when the selected representation has not changed since the validator (Last-Modified, ETag) the client holds; not a line of the reference standards, so a SHOULD. ${TB}: the collection is listed with GET /v1/CustomerProfiles, removed with DELETE`,
    },
  },
  {
    id: 'lookup.account-param',
    title:
      "The account is the caller's, and the profile the path's, whatever the request names besides its credentials and path: the caller's profile fetched, listed and deleted with ?AccountSid=<another account> (a made-up one; the second account) or, with the caller's credentials, an auth proxy's identity headers (X-Forwarded-User…) naming the second account is found (or the request refused with a 4xx other than 404), never looked for in that account, and the second account's profile is not found so; a profile fetched with ?Sid= or ?sid= another of the caller's profiles is answered as itself (or a 4xx), and deleted with ?Sid= or a form body Sid= naming another, it alone is removed (or nothing, when refused): the other still reads back",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: The created resource, account_sid is the account that made the request; Transport and auth, HTTP Basic (user = Account SID or API Key SID: the credentials name the account); the same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE /v1/CustomerProfiles/<sid> (204); ${OAS}: GET /v1/CustomerProfiles "Retrieve a list of all Customer-Profiles for an account" (AccountSid is no parameter of fetch, list or delete, no header names an account); /v1/CustomerProfiles/{Sid}: Sid is in: path, "The unique string that we created to identify the Customer-Profile resource" (no query or body parameter of fetch or delete names a profile)`,
    },
  },
  {
    id: 'create.sid-from-server',
    title: "A create whose body names the sid of an existing profile (Sid, sid) or a DateCreated, or that carries the Idempotency-Key of an earlier create with another body (or another account's earlier create, with the same body), makes a new profile of what it sent, with a sid and date of the server's (or is refused); the profile named reads back as it was",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'seed',
      ref: `${SEED}: "Create a new Customer-Profile"; ${OAS}: trusthub.v1.customer_profile.sid "The unique string that we created to identify the Customer-Profile resource", Sid is no parameter of the create; ${TB}: parameter names are case-sensitive; the fields are what the request sent (the operation documents no Idempotency-Key)`,
    },
  },
  {
    id: 'auth.pairs-one-account',
    title: "Each pair of the account reaches what the other creates: a profile created with the API key has account_sid the Account SID, and the Auth Token fetches, HEADs, lists (filtered and page by page) and deletes it; a profile created with the Auth Token, the API key likewise; each pair's list shows the other pair's create and no longer shows what the other pair deleted",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Transport and auth, user = Account SID and password = Auth Token, or user = API Key SID and password = the key's secret; The created resource, account_sid is the account that made the request; OpenAPI account_sid ^AC[0-9a-fA-F]{32}$; The created resource, read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE (204); the collection listed with GET. Judged when the run knows both pairs of the account (--api-key and --api-secret with --auth-token; the embedded mock has a key), else skipped`,
    },
  },
  {
    id: 'route.path-exact',
    title: "The API's paths are spelt exactly: the collection and a profile asked in another letter case or with a .json suffix answer no 2xx",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: paths /v1/CustomerProfiles and /v1/CustomerProfiles/{Sid}; ${TB}: Unknown resource: HTTP 404, code 20404 (that paths are case-sensitive and take no format suffix is not stated: a SHOULD)`,
    },
  },
  {
    id: 'not-found.envelope',
    title: 'A 404 for a profile that does not exist (deleted, or not even a well-formed sid) is a Twilio error envelope with code 20404; a path below a profile that the API does not have (<url>/NoSuchResource) is no resource: never a 2xx',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: every error body is a JSON object {code, message, more_info, status}; unknown resource: HTTP 404, code 20404; ${OAS}: the paths /v1/CustomerProfiles and /v1/CustomerProfiles/{Sid}, the resource's links under <url> (EntityAssignments, Evaluations, ChannelEndpointAssignments): no API has <url>/NoSuchResource` },
  },
  {
    id: 'auth.follow-up-routes',
    title: 'Fetch, list, delete and the update (POST to a profile) — and HEAD, OPTIONS and methods the collection and a profile do not have (PUT, PATCH, TRACE) — refuse every missing or wrong credential with 401, for a sid that exists, never existed or was deleted, whatever the body (an update with a Status outside the enum or a relative StatusCallback too: authentication before validation) (an update answered 404, 405 or 501 is a target without the update: not judged); the paths below a profile (its links, an unknown one) never answer them with a 2xx',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Transport and auth, missing or wrong credentials get HTTP 401 with code 20003 (whatever the method or the body: the credentials are checked before the route's methods and before its validation), and auth is HTTP Basic (credentials in the query string or an API key header are none); RFC 7617 §2: a password matches the secret exactly, anything that does not decode to user-id:password is no credential (RFC 9110 §11.6.2: one credentials, auth-scheme [ 1*SP token68 ]); RFC 9110 §15.5.2: 401 is for missing or refused credentials; §9.3.2: HEAD is GET without the body, so it needs the same credentials (its answer is judged by status only)`,
    },
    answers: { routes: ['fetch', 'list', 'delete', 'update', 'other'], statuses: 'any' },
  },
  {
    id: 'auth.before-lookup',
    title: 'Authentication comes before lookup: fetch and delete without valid credentials get 401, never 404, whether the sid exists or not',
    level: 2,
    severity: 'MUST',
    source: {
      doc: 'standard',
      ref: `RFC 9110 §15.5.2 / §15.5.5: 401 is for missing or refused credentials, 404 when the target resource does not exist; ${TB}: Transport and auth, missing or wrong credentials get HTTP 401`,
    },
    answers: { routes: ['fetch', 'delete'], statuses: 'any' },
  },
  {
    id: 'auth.refused-delete-keeps',
    title: 'A DELETE refused for its credentials deletes nothing: the profile still reads back with the right ones',
    level: 2,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Transport and auth, missing or wrong credentials get HTTP 401 (the request is refused, not carried out); the same resource can be read back with GET /v1/CustomerProfiles/<sid>`,
    },
  },
  {
    id: 'auth.refused-update-keeps',
    title: "An update (POST to a profile) refused for its credentials changes nothing: after the updates of the run's profile, of the deleted profile and of a sid that never existed with every credential the server must refuse, each naming a FriendlyName of its own, a read with the right credentials shows none of those names",
    level: 2,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: Transport and auth, missing or wrong credentials get HTTP 401 (the request is refused, not carried out); the same resource can be read back with GET /v1/CustomerProfiles/<sid>; ${OAS}: POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile), security accountSid_authToken`,
    },
  },
  // Every list page against its request (engine/checks/list.ts; the probes: engine/phases/lists/list-probes.ts)
  {
    id: 'list.page-size',
    title: 'A list page holds at most the PageSize asked (50 when none is asked), is full when it names a next page, and says its size in meta.page_size',
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameter PageSize, "How many resources to return in each list page. The default is 50, and the maximum is 1000"; example readEmpty: meta.page_size 50 for PageSize=50; ${TB}: parameter names are case-sensitive (pagesize is no PageSize)`,
    },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'list.page-index',
    title: "A list page's meta.page is the Page its request asked (0 when it asked none and named no PageToken): the page index a client keeps",
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameter Page, "The page index. This value is simply for client state"; responses.200 meta.page (integer); examples readEmpty and readFull: meta.page 0 with url and first_page_url …&Page=0 (that meta.page repeats the Page asked is shown, not stated: a SHOULD)`,
    },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'list.meta-key',
    title: 'A list page is {"results": [...], "meta": {...}} whose meta.key names the results member',
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}}); ${OAS}: ListCustomerProfileResponse examples readEmpty and readFull, meta.key "results"`,
    },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'list.valid-query-200',
    title: 'A list request whose parameters the operation allows (PageSize 1-1000, any Page from 0 up to 2^53-1, every documented Status, any FriendlyName — one holding U+0000 may be refused, as its create may —, a well-formed PolicySid) is answered 200 — a page past the end is an empty page, not an error',
    level: 3,
    severity: 'MUST',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters PageSize (integer 1-1000), Page (integer from 0, "simply for client state"), Status, FriendlyName, PolicySid; responses.200 (readEmpty: results [] when there is nothing to show)`,
    },
    answers: { routes: ['list'], statuses: ['4xx'] },
  },
  {
    id: 'list.invalid-paging-4xx',
    title: 'A list request whose PageSize or Page is no integer the operation allows (PageSize 2.5, 20abc, ten, 0, 1001; Page 1.5, first, -1) is refused with a 4xx, never answered with a page',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters PageSize (type integer, minimum 1, maximum 1000) and Page (type integer, minimum 0); what a server does with a value outside the schema is not stated, so a SHOULD`,
    },
    answers: { routes: ['list'], statuses: ['2xx'] },
  },
  {
    id: 'list.filters',
    title: 'A list asked with Status, FriendlyName or PolicySid (one or several) shows only profiles that have every value asked (a value no profile can hold — PolicySid rn…, of 33 hex digits, around whitespace or two joined by a comma, Status approved, Draft, around whitespace or two joined by a comma — shows none, or is refused with a 4xx; a FriendlyName given twice shows the profiles of one of its values, never of both; % and _ are plain characters; case, accents and Unicode normalization count; the query is decoded once, so %2541 is the text %41, and a % that starts no escape is a % or a 4xx; null and undefined are names), and its paging links (url, first_page_url, next_page_url) keep the filters (a value holding & + # = whole)',
    level: 3,
    severity: 'SHOULD',
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters Status ("The verification status of the Customer-Profile resource"), FriendlyName, PolicySid: their meaning as filters is implied, not spelled out; example readFull: first_page_url and url ?Status=draft&FriendlyName=friendly_name&PolicySid=RN…&PageSize=50&Page=0; standards.md Unicode: no normalization; Form bodies: percent-decoded exactly once`,
    },
    answers: { routes: ['list'], statuses: [200], body: true },
  },
  {
    id: 'list.filter-complete',
    title:
      "A list asked with the Status, FriendlyName (non-ASCII, NFD, a literal %41, over 256 characters, digits alone, a + or a character outside the BMP too, a raw ; in the query too) or PolicySid of one of the run's live profiles, or all three, holds that profile; so does a list whose parameter names are in another case (friendlyname, STATUS) or the resource's field names (friendly_name, status, policy_sid): no filter; a list asked without PageSize by a name more than 10 of them hold shows them all (the default page is 50); a list asked with the FriendlyName, each Status or PolicySid of the profiles the account held before the run holds those of that value",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters Status ("The verification status of the Customer-Profile resource"), FriendlyName ({"type": "string"}), PolicySid (their meaning as filters is implied: a SHOULD), PageSize ("The default is 50"); ${TB}: status starts as draft; parameter names are case-sensitive; standards.md Form bodies: split on & only, a ; is data, + becomes a space, then the bytes are percent-decoded exactly once; Unicode: no replacement of characters outside the BMP`,
    },
  },
  {
    id: 'list.walk-complete',
    title:
      'The list walked from its first page through next_page_url to the end shows every profile the run created and has not deleted; walked while the run deletes and creates between pages, every profile that existed throughout the walk',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles "Retrieve a list of all Customer-Profiles for an account", meta.next_page_url, PageToken ("provided by the API"); ${TB}: the collection is listed with GET /v1/CustomerProfiles`,
    },
  },
  {
    id: 'list.same-as-created',
    title:
      "A created profile shows in the list as the create answered it, field by field (dates included), in every list page of the account, plain or filtered (Status, PolicySid, FriendlyName); a list read while creates are in flight shows a profile a 201 names with that 201's friendly_name, email and policy_sid, never half made",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    followUps: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: the collection is listed with GET /v1/CustomerProfiles; friendly_name, email and policy_sid are what the request sent; dates are ISO 8601 in GMT; ${OAS}: the list's results are trusthub.v1.customer_profile, the resource the create answers`,
    },
  },
  // The account model (engine/checks/model.ts; the commands: engine/phases/model/model.ts)
  {
    id: 'account.model',
    title: 'Over a seeded sequence of creates, reads, lists and deletes, every answer is what a model of the account predicts: each profile shown as it was sent',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    model: true,
    source: {
      doc: 'twilio-behaviour',
      ref: `${TB}: the same resource can be read back with GET /v1/CustomerProfiles/<sid> and removed with DELETE (204); unknown resource: HTTP 404, code 20404; ${OAS}: sid, the unique string that identifies the resource`,
    },
  },
  {
    id: 'list.exact',
    title: "A list walked to its last page holds each of the run's live profiles and none it deleted; at the run's end it still holds every profile it showed before the run that still reads back, and every profile the run made and did not delete still reads back",
    level: 3,
    severity: 'MUST',
    shrinks: false,
    model: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}}); removed with DELETE` },
  },
  {
    id: 'account.list-paging',
    title: 'A list page holds at most PageSize profiles, and next_page_url leads on to the last page without showing a profile twice',
    level: 3,
    severity: 'MUST',
    shrinks: false,
    model: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles PageSize, how many resources to return in each list page (1 to 1000); meta.next_page_url, a URI or null; sid, the unique string that identifies the resource`,
    },
  },
  {
    id: 'account.list-filter',
    title: "A list asked with the FriendlyName or PolicySid of one of a sequence's live profiles (whatever text the value space gave it), walked to its end, shows only profiles holding that very value and holds every live profile of the sequence that holds it",
    level: 3,
    severity: 'SHOULD',
    shrinks: false,
    model: true,
    source: {
      doc: 'openapi',
      ref: `${OAS}: GET /v1/CustomerProfiles parameters FriendlyName ("The string that you assigned to describe the resource") and PolicySid: their meaning as filters is implied, not spelled out (a SHOULD); standards.md Unicode: no normalization; URIs: a query is percent-decoded exactly once`,
    },
  },
  {
    id: 'reject.no-trace',
    title: 'A refused create leaves no trace, then or later: no list walked after it shows a profile it would have stored',
    level: 2,
    severity: 'MUST',
    shrinks: false,
    model: true,
    source: { doc: 'twilio-behaviour', ref: `${TB}: a refused request is an error, not a create; the collection lists what exists` },
  },
] as const satisfies readonly CheckInfo[];

export type CheckId = (typeof CATALOG)[number]['id'];

export const CHECK_IDS: readonly CheckId[] = CATALOG.map((c) => c.id);

/**
 * The IDs checks had before their rule was widened from one case's answer to every answer of its
 * kind (a `create.*` id that now also judges the fetch and the list, a `reject.*` id that now
 * judges every 4xx and 5xx). `--only`, `--skip`, the config file's `only`/`skip` and declared
 * deviations accept them and mean the new id; reports say only the new one. (Reports written
 * before the renames carry another catalog fingerprint: `merge` refuses them as it refuses any
 * report of another catalog.)
 */
export const RENAMED_CHECKS: Readonly<Record<string, CheckId>> = {
  'create.content-type-json': 'response.content-type-json',
  'create.body-schema': 'resource.schema',
  'reject.error-envelope': 'error.envelope',
  'reject.content-type-json': 'error.content-type-json',
  'reject.envelope-status': 'error.envelope-status',
  'create.timestamps-gmt': 'resource.timestamps-gmt',
  'create.url': 'resource.url',
  'create.account-sid': 'resource.account-sid',
};

/** The catalog id an id names: itself, or the new id of a renamed check; undefined for no check. */
export function resolveCheckId(id: string): CheckId | undefined {
  if ((CHECK_IDS as readonly string[]).includes(id)) return id as CheckId;
  return Object.hasOwn(RENAMED_CHECKS, id) ? RENAMED_CHECKS[id] : undefined;
}

/** The ids a check had before (empty for most). */
export function formerIds(id: string): string[] {
  return Object.keys(RENAMED_CHECKS).filter((old) => RENAMED_CHECKS[old] === id);
}

export function findCheckInfo(id: string): CheckInfo | undefined {
  return CATALOG.find((c) => c.id === id);
}

/**
 * A fingerprint of the catalog (ids, levels, severities, sources): two certificates with the
 * same fingerprint were judged by the same rules. Stable under reordering.
 */
export function catalogFingerprint(catalog: readonly CheckInfo[] = CATALOG): string {
  const canonical = [...catalog]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => [c.id, c.level, c.severity, c.source.doc, c.source.ref]);
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}
