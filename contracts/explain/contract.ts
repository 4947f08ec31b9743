/** Level 1 (contract): what a valid create gets, and what no answer may be. */
import type { CheckId } from '../catalog.ts';
import { CREATE, EXAMPLE_POLICY_SID, type Explanation, LIST } from './example.ts';

export const CONTRACT_EXPLAINED = {
  'create.status-201': {
    rule: 'A valid create (Email, FriendlyName and a well-formed PolicySid; StatusCallback optional) is answered 201 Created.',
    quote: 'Create a new Customer-Profile. … Responses • 201 Created',
    requests: [CREATE],
    show: { members: ['sid', 'status'] },
    fault: 'status-200',
    mistake:
      "Answering 200 OK (a framework's default for a handled POST), or refusing a valid value the implementation finds odd: FriendlyName \"0\" read as missing, a charset parameter on the Content-Type, a callback URL with user:password@, a second profile with the same name.",
  },
  'create.success-201': {
    rule: 'Every create is either carried out, 201 Created with the profile, or refused with a 4xx and an error envelope: no other success (200, 202), whatever the values, those a server may refuse included.',
    quote: 'POST /v1/CustomerProfiles responses: 201 (the only response the OpenAPI documents); Responses • 201 Created',
    requests: [{ method: 'POST', path: '/v1/CustomerProfiles', body: `Email=ops%40example.com&FriendlyName=Acme%01Corp&PolicySid=${EXAMPLE_POLICY_SID}` }],
    show: { members: ['sid', 'status', 'code', 'message'] },
    fault: 'review-queue-202',
    mistake: 'Holding unusual values (control or private-use characters) for a manual review and answering 202 Accepted with nothing created: the client has no profile and no error to act on.',
  },
  'update.status-200': {
    rule: "Every update (POST /v1/CustomerProfiles/{Sid}, the OpenAPI's UpdateCustomerProfile) carried out is answered 200 OK with the profile, or refused with a 4xx: its only success is 200, as the create's is 201 (create.success-201). A 201 says something was created; a 204 shows nothing of what was stored.",
    quote: 'POST /v1/CustomerProfiles/{Sid} (UpdateCustomerProfile) responses: 200 (the only response the OpenAPI documents)',
    requests: [CREATE, { method: 'POST', path: '/v1/CustomerProfiles/{sid}', body: 'FriendlyName=Renamed' }],
    show: { members: ['sid', 'friendly_name'] },
    fault: 'update-answers-201',
    mistake: "A NestJS @Post(':sid') handler without @HttpCode(200): Nest answers every POST 201 Created, the update's too. A framework's created() helper reused from the create's handler.",
  },
  'create.burst': {
    rule: 'Valid creates sent at once, 32 of them on connections of their own whatever --concurrency is, are each carried out (201) or turned away as busy (429, code 20429): none answers 5xx, another refusal or nothing in time, and every profile a 201 names reads back.',
    quote: 'Create a new Customer-Profile. … Responses • 201 Created; Rate limiting: HTTP 429, code 20429 ("Too Many Requests"); clients should back off and retry.',
    requests: [CREATE, { method: 'GET', path: '/v1/CustomerProfiles/{sid}' }],
    show: { members: ['sid', 'status', 'code', 'message'] },
    fault: 'create-pool-deadlock',
    mistake:
      'A create that takes a second database connection while it holds one (an audit row in a REQUIRES_NEW transaction, a sequence fetched on its own connection): below the pool size nothing shows; with as many creates in flight as the pool has connections, each waits for a second that never comes and answers 500 when the pool times out. Only creates sent together show it (one at a time, the example answers alike).',
  },
  'response.content-type-json': {
    rule: 'Every 2xx of the create (201), the fetch (200) and the list (200) says Content-Type: application/json, read as a media type (Application/JSON; charset=utf-8 is application/json; a header that is no media type is not).',
    quote: 'responses: "201": content: application/json (schema trusthub.v1.customer_profile); GET /v1/CustomerProfiles and GET /v1/CustomerProfiles/{Sid}: "200": content: application/json',
    requests: [CREATE],
    show: { members: ['sid'] },
    fault: 'text-content-type',
    mistake: 'Writing the JSON text with a text/plain or text/html Content-Type, e.g. sending a pre-serialized string where the framework picks the type from the value.',
  },
  'resource.schema': {
    rule: 'Every profile an answer shows — the 201 of the create, the 200 of the fetch, each item of a list page — is a Customer-Profile resource: every field of the schema, each of its type and pattern (sid is BU and 32 hex digits, status a documented lower-case value).',
    quote: 'sid string | null — The unique string that identifies the resource. Minimum length is 34, maximum length is 34. Format should match the following pattern: ^BU[0-9a-fA-F]{32}$.',
    requests: [CREATE],
    show: { members: ['sid', 'status', 'date_created'] },
    fault: 'bad-sid-prefix',
    mistake: "Using the storage layer's own ids (a UUID, an auto-increment number, another prefix) as sid, leaving out a field that has no value yet instead of sending null, or writing an enum value in another case.",
  },
  'no-server-error': {
    rule: 'No request, valid or not, is answered with a 5xx: input the API cannot take is refused with a 4xx Twilio error envelope, valid input creates.',
    quote: 'Every error body is a JSON object {code, message, more_info, status}: code an integer Twilio error code, message human-readable, more_info = https://www.twilio.com/docs/errors/<code>, status = the HTTP status.',
    requests: [{ method: 'POST', path: '/v1/CustomerProfiles', body: `Email=ops%40example.com&FriendlyName=Acme%20%F0%9F%9A%80&PolicySid=${EXAMPLE_POLICY_SID}` }],
    show: { members: ['sid', 'friendly_name', 'code', 'message'] },
    fault: 'crash-on-astral',
    mistake: 'An exception on input nobody tried: an emoji (a character outside the Basic Multilingual Plane) in a column or library that takes only 3-byte UTF-8, an empty body, percent-escapes that are not UTF-8.',
  },
  'no-credential-leak': {
    rule: "No answer carries the caller's auth token, API key secret or Authorization value, in any encoding.",
    quote: "The suite's own rule (its charter): a response that carries the caller's auth token or Authorization value fails level 1 whatever the documents say.",
    requests: [CREATE],
    show: { members: ['sid', 'debug'] },
    fault: 'leak-token',
    mistake: 'A debug field, an echoed request, or an error message that repeats the Authorization header or the secret it was checked against.',
  },
  'response.utf8-no-bom': {
    rule: 'Every JSON answer is UTF-8, without a byte order mark before the first {.',
    quote:
      'JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8 … Implementations MUST NOT add a byte order mark (U+FEFF) to the beginning of a networked-transmitted JSON text.',
    requests: [CREATE],
    show: { raw: 24 },
    fault: 'json-bom',
    mistake: 'A writer configured for "UTF-8 with BOM" (a .NET or Windows default), or text written in ISO-8859-1 or Windows-1252 so that any accented character is not UTF-8 on the wire.',
  },
  'response.charset-utf8': {
    rule: 'If an application/json answer has a charset parameter, it is utf-8.',
    quote: 'No "charset" parameter is defined for this registration. Adding one really has no effect on compliant recipients.',
    requests: [CREATE],
    show: { members: ['sid'] },
    fault: 'json-charset-latin1',
    mistake: 'A server-wide default charset (iso-8859-1 in older servlet containers and PHP setups) appended to every Content-Type, while the bytes are UTF-8: clients that honour it read non-ASCII text wrongly.',
  },
  'response.unique-members': {
    rule: 'No JSON object in an answer names the same member twice.',
    quote: 'The names within an object SHOULD be unique.',
    requests: [CREATE],
    show: { raw: 360 },
    fault: 'duplicate-members',
    mistake: 'JSON assembled by string concatenation or a template, where one field is written by two code paths; which of the two a client sees depends on its parser.',
  },
  'response.json-interoperable': {
    rule: 'No JSON answer holds a string with an unpaired surrogate escape (\\ud83d alone) or a number beyond what IEEE 754 binary64 holds (a 64-bit id written as a number): both parse, but not as written.',
    quote: 'Since software that implements IEEE 754 binary64 (double precision) numbers is generally available and widely used, good interoperability can be achieved by implementations that expect no more precision or range than these provide.',
    requests: [LIST],
    show: { raw: 400 },
    fault: 'list-cursor-int64',
    mistake: 'Serializing a 64-bit integer (a database cursor, a snowflake id) as a JSON number, or cutting text by UTF-16 code units so that an emoji loses its second half.',
  },
  'auth.scheme-case-insensitive': {
    rule: 'The right credentials are accepted whatever the case of the scheme name, on every route: Basic, basic and BASIC are the same scheme, so a valid create gets 201 and a fetch, list or delete is never refused with 401.',
    quote: 'It uses a case-insensitive token to identify the authentication scheme',
    requests: [{ ...CREATE, auth: { scheme: 'basic', user: '{AccountSid}', password: '{AuthToken}' } }],
    show: { members: ['sid', 'code', 'message'] },
    fault: 'scheme-case-sensitive',
    mistake: 'Parsing the header with header.startsWith("Basic ") or a case-sensitive regular expression, sometimes only in the middleware of the read routes.',
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
