/** Level 3 (fidelity): what Twilio documents of the created resource and of its errors. */
import type { CheckId } from '../catalog.ts';
import { CREATE, ENVELOPE, EXAMPLE_POLICY_SID, type ExampleRequest, type Explanation, LIST as LIST_EXAMPLE, NO_EMAIL } from './example.ts';

const JSON_CREATE: ExampleRequest = {
  method: 'POST',
  path: '/v1/CustomerProfiles',
  contentType: 'application/json',
  body: `{"Email":"ops@example.com","FriendlyName":"Acme","PolicySid":"${EXAMPLE_POLICY_SID}"}`,
};
const RESOURCE_FIELDS = 'policy_sid, friendly_name, email, status_callback are what the request sent';

export const FIDELITY_EXPLAINED = {
  'missing.code-20001': {
    rule: 'A missing parameter is answered 400 with code 20001 and a message that names it.',
    quote: 'Missing required parameter: HTTP 400, code 20001, message Missing required parameter <Name> in the post body',
    requests: [NO_EMAIL],
    show: { members: ENVELOPE },
    fault: 'wrong-missing-code',
    mistake: 'One generic validation code (21000, 400) for every input problem, or a message that does not say which parameter is missing.',
  },
  'auth.code-20003': {
    rule: 'Every 401, on every route (the create, the fetch, the list, the delete), carries code 20003 and the message "Authenticate".',
    quote: 'Missing or wrong credentials: HTTP 401 with body {"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}',
    requests: [{ ...CREATE, auth: 'none' }],
    show: { members: ENVELOPE },
    fault: 'wrong-auth-code',
    mistake: 'Another Twilio code (20005, 20401) or an HTTP status as the code; the reason phrase "Unauthorized" as the message.',
  },
  'error.more-info': {
    rule: "The more_info of every error, on every route, is https://www.twilio.com/docs/errors/<its code>.",
    quote: 'more_info = https://www.twilio.com/docs/errors/<code>',
    requests: [NO_EMAIL],
    show: { members: ENVELOPE },
    fault: 'more-info-wrong',
    mistake: "A link to the implementation's own documentation, or a fixed URL that does not end in the code.",
  },
  'json-body.as-missing': {
    rule: 'A JSON body is not read: the request is answered as if the parameters were missing (400, 20001).',
    quote: 'A JSON body is not read: the API then answers as if the parameters were missing',
    requests: [JSON_CREATE],
    show: { members: ['sid', 'code', 'message', 'status'] },
    fault: 'reads-json',
    mistake: 'A body parser that accepts JSON as well as forms (the default in many frameworks), so a client that posts JSON works against the implementation and fails against Twilio.',
  },
  'echo.fields': {
    rule: 'friendly_name, email, policy_sid and status_callback hold exactly the code points sent, after form decoding: nothing trimmed, normalized, re-cased or decoded twice.',
    quote: RESOURCE_FIELDS,
    requests: [{ method: 'POST', path: '/v1/CustomerProfiles', body: `Email=ops%40example.com&FriendlyName=%20Acme%20%20Corp%20&PolicySid=${EXAMPLE_POLICY_SID}` }],
    show: { members: ['friendly_name'] },
    fault: 'trims-friendly-name',
    mistake:
      'Trimming or collapsing whitespace, Unicode-normalizing (NFC), dropping zero-width characters, keeping + instead of a space, percent-decoding twice, splitting the body on ;, or storing a callback URL in its parsed, normalized form.',
  },
  'create.initial-state': {
    rule: 'A new profile is draft, with valid_until null and errors null.',
    quote: 'status starts as draft; valid_until is null; errors is null.',
    requests: [CREATE],
    show: { members: ['status', 'valid_until', 'errors'] },
    fault: 'status-pending',
    mistake: 'Submitting the profile for review on create (pending-review), or filling valid_until with a default expiry.',
  },
  'resource.timestamps-gmt': {
    rule: 'date_created and date_updated (and valid_until once set) are ISO 8601 in GMT (Z or +00:00), in every profile shown: the 201, the fetch, each list item.',
    quote: 'Dates are ISO 8601 in GMT, e.g. 2019-07-30T22:29:24Z.',
    requests: [CREATE],
    show: { members: ['date_created', 'date_updated'] },
    fault: 'local-time',
    mistake: "Formatting the server's local time with its offset (2026-05-04T10:42:00+01:00): the same instant, but not in GMT.",
  },
  'create.timestamps-server-clock': {
    rule: "date_created and date_updated are within 5 minutes of the Date header of the same answer: the server's own now.",
    quote: 'The "Date" header field represents the date and time at which the message was originated',
    requests: [CREATE],
    show: { members: ['date_created', 'date_updated'], headers: ['date'] },
    fault: 'clock-skew-hours',
    mistake: 'A local time written as if it were GMT (the hours of the time zone off), or a timestamp taken from a cache or a database default in another zone.',
  },
  'response.date-header': {
    rule: 'Every 2xx, 3xx and 4xx answer, on every route (HEAD answers included: a HEAD is judged by every rule that does not read the content; redirects and 304 Not Modified too: the run revalidates an unchanged fetch and list), carries a Date header that is an HTTP-date (IMF-fixdate, or one of the two obsolete forms a recipient accepts).',
    quote:
      'An origin server with a clock (as defined in Section 5.6.7) MUST generate a Date header field in all 2xx (Successful), 3xx (Redirection), and 4xx (Client Error) responses',
    requests: [CREATE],
    show: { members: ['sid'], headers: ['date'] },
    fault: 'no-date-header',
    mistake: "A hand-written HTTP layer or a serverless adapter that sends only the headers the code sets (Node and most servers add Date themselves); or the server's own Date switched off because the JSON response builder sets it, which HEAD answers, redirects and 304s never pass through.",
  },
  'create.timestamps-now': {
    rule: 'date_created equals date_updated and is close to the time the answer arrived (the suite\'s clock; hence only a SHOULD).',
    quote: "The suite's own rule: a new resource was created and last updated now; the suite's machine clock may be off, so only a SHOULD (create.timestamps-server-clock judges the server against its own Date header).",
    requests: [CREATE],
    show: { members: ['date_created', 'date_updated'], headers: ['date'] },
    fault: 'clock-skew-hours',
    mistake: 'A timestamp in another time zone written as GMT, or date_updated set by a different code path than date_created.',
  },
  'response.date-advances': {
    rule: "Every answer's Date header shows one clock that advances with time: measured against this machine's clock at sending and arrival, each answer bounds the server clock's offset, and every bound overlaps the run's first within 1 s. A constant offset (a server clock minutes off) is allowed; a Date that stands still is not.",
    quote: 'RFC 9110 §6.6.1: an origin server with a clock MUST send a Date header field in every 2xx, 3xx and 4xx response; it is the server\'s own idea of "now" when the message was generated.',
    requests: [CREATE, LIST_EXAMPLE],
    show: { headers: ['date'] },
    fault: 'date-header-frozen',
    mistake: 'A default-headers object built once at startup ({ Date: new Date().toUTCString(), Server: … }) sent on every answer, with the framework\'s own Date turned off.',
  },
  'create.date-created-advances': {
    rule: "Every new profile's date_created is the time of its create: measured against this machine's clock, it shows the same advancing server clock as the run's first create, within 1 s (a constant offset is allowed).",
    quote: 'date_created: The date and time in GMT when the resource was created specified in ISO 8601 format.',
    requests: [CREATE, CREATE],
    show: { members: ['sid', 'date_created'] },
    fault: 'date-created-frozen',
    mistake: 'An ORM default evaluated once at import (SQLAlchemy default=datetime.utcnow(), Django default=timezone.now() with the parentheses): every row gets the process start time.',
  },
  'resource.url': {
    rule: "url is the absolute <base>/v1/CustomerProfiles/<sid>, and links holds the three documented absolute URLs under it, in every profile shown: the 201, the fetch, each list item; a list page's meta URLs are under <base>/v1/CustomerProfiles. <base> is the --public-base-url when given; else the documented https://trusthub.twilio.com or the target itself as the run reaches it (scheme, host, port). Another public name must be stated: --public-base-url (config key publicBaseUrl).",
    quote:
      'url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>; links holds customer_profiles_entity_assignments (<url>/EntityAssignments), customer_profiles_evaluations (<url>/Evaluations) and customer_profiles_channel_endpoint_assignment (<url>/ChannelEndpointAssignments). Base URL of the real service: https://trusthub.twilio.com.',
    requests: [CREATE],
    show: { members: ['sid', 'url', 'links'] },
    fault: 'wrong-url',
    mistake:
      "A singular path (/CustomerProfile/), an internal host name, or an empty links object copied from the seed example; a constant base that is not the service's: http://trusthub.twilio.com behind a proxy that ends TLS, a regional host, an application URL left at http://localhost.",
  },
  'resource.account-sid': {
    rule: "account_sid is the Account SID of the caller (for an API key, the key's account), in the 201 and in the fetch's 200 (list items: list.own-account).",
    quote: 'account_sid is the account that made the request',
    requests: [CREATE],
    show: { members: ['account_sid'] },
    fault: 'fixed-account',
    mistake: 'A constant or configured account, or the API key SID instead of its account.',
  },
  'not-found.code-20404': {
    rule: 'Every 404, on every route, carries code 20404 and the message The requested resource <path> was not found, with the path that was requested.',
    quote: 'Unknown resource: HTTP 404, code 20404, message The requested resource <path> was not found.',
    requests: [{ method: 'GET', path: '/v1/CustomerProfiles/BU00000000000000000000000000000000' }],
    show: { members: ENVELOPE },
    fault: 'not-found-message-generic',
    mistake: "A generic \"Not Found\" message from a shared error helper, or the framework's own 404 text.",
  },
  'rate-limit.code-20429': {
    rule: 'Every 429, on every route, carries code 20429, also one the client retries after (the suite judges an answer before a retry replaces it).',
    quote: 'Rate limiting: HTTP 429, code 20429 ("Too Many Requests"); clients should back off and retry.',
    requests: [LIST_EXAMPLE, LIST_EXAMPLE],
    show: { members: ['meta.page', 'code', 'status'], headers: ['retry-after'] },
    fault: 'throttle-code-429',
    mistake: 'A rate limiter in front of the API (a gateway, a middleware) that writes its own error with the HTTP status as the code, or no envelope at all.',
  },
  'response.date-imf-fixdate': {
    rule: 'A Date header is written as IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT) with the right day name, not in the obsolete RFC 850 or asctime forms.',
    quote: 'When a sender generates a header field that contains one or more timestamps defined as HTTP-date, the sender MUST generate those timestamps in the IMF-fixdate format.',
    requests: [LIST_EXAMPLE],
    show: { members: ['meta.page'], headers: ['date'] },
    fault: 'date-header-rfc850',
    mistake: 'A hand-written Date from an old formatting routine (RFC 850 or asctime) instead of the one the HTTP library writes.',
  },
  'create.unique-sid': {
    rule: 'Each create gets a new sid, also for a request identical to an earlier one.',
    quote: 'sid: The unique string that we created to identify the Customer-Profile resource.',
    requests: [CREATE, CREATE],
    show: { members: ['sid', 'friendly_name'] },
    fault: 'reused-sid',
    mistake: 'A sid derived from the request (a hash of its fields), so identical requests collide, or an idempotency shortcut that returns the earlier profile.',
  },
  'extra-params.ignored': {
    rule: 'Parameters the operation does not know (email, Friendly_Name, Foo) are ignored: the request creates from the four it knows. So are a _method parameter and an X-HTTP-Method-Override header naming another method: the POST is still the create.',
    quote: 'Parameter names are case-sensitive (Email, not email).',
    requests: [
      { method: 'POST', path: '/v1/CustomerProfiles', body: `Email=ops%40example.com&FriendlyName=Acme+Corp&PolicySid=${EXAMPLE_POLICY_SID}&friendly_name=Other&Foo=bar` },
    ],
    show: { members: ['sid', 'friendly_name', 'code', 'message'] },
    // no fault of the mock targets extra parameters alone: this one decodes the fields of such a request wrongly
    fault: 'plus-not-space',
    mistake:
      'Refusing any parameter not on a list, letting an unknown one (friendly_name, email) overwrite a known one, or reading the fields of a request with extra parameters differently (here + is kept instead of read as a space).',
  },
  'observed.behaviour': {
    rule: 'A request of a class the observations file (run --observations FILE, made by observe from a cassette of a real target) records gets the same status and error code; skipped when no file is given.',
    quote: "The suite's own rule: what a target was seen to answer ranks below the seed description, the official OpenAPI and the documented behaviour, so it is at most a SHOULD.",
    requests: [JSON_CREATE],
    show: { members: ['sid', 'code', 'status'] },
    fault: 'reads-json',
    mistake: 'Answering a class of requests differently from the real API where no document says how it should be answered (here: a JSON body, which Twilio was seen to answer 400 / 20001).',
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
