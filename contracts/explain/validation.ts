/** Level 2 (validation): what is refused, how, and that a refusal leaves nothing behind. */
import type { CheckId } from '../catalog.ts';
import { CREATE, ENVELOPE, ENVELOPE_OR_PROFILE, EXAMPLE_POLICY_SID, type ExampleRequest, type Explanation, LIST, NO_EMAIL, VALID_BODY } from './example.ts';

const WRONG_PASSWORD: ExampleRequest = { ...CREATE, auth: { user: '{AccountSid}', password: 'not-the-auth-token' } };
const TB_ERRORS =
  'Every error body is a JSON object {code, message, more_info, status}: code an integer Twilio error code, message human-readable, more_info = https://www.twilio.com/docs/errors/<code>, status = the HTTP status.';
const TB_AUTH =
  'Missing or wrong credentials: HTTP 401 with body {"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}';

export const VALIDATION_EXPLAINED = {
  'reject.invalid-4xx': {
    rule: 'A request that breaks the request contract (a required parameter missing, a PolicySid that is not RN and 32 hex digits, a StatusCallback that is no absolute URI, a parameter name in another case) is refused with a 4xx.',
    quote: 'PolicySid string Required … Minimum length is 34, maximum length is 34. Format should match the following pattern: ^RN[0-9a-fA-F]{32}$.',
    requests: [{ method: 'POST', path: '/v1/CustomerProfiles', body: 'Email=ops%40example.com&FriendlyName=Acme&PolicySid=RN123' }],
    show: { members: ['sid', 'policy_sid', 'code', 'message', 'status'] },
    fault: 'policy-pattern-unchecked',
    mistake:
      'Checking a pattern unanchored, case-insensitively or after trimming; matching digits with \\d (which takes any Unicode digit in Python and .NET); reading parameter names case-insensitively; taking any string as a callback URL.',
  },
  'error.envelope': {
    rule: 'Every 4xx and 5xx, on every route (the create, the fetch, the list, the delete, a method a route does not have, a body over the limit), carries a Twilio error envelope: a JSON object with an integer code, a message, more_info and status.',
    quote: TB_ERRORS,
    requests: [NO_EMAIL],
    fault: 'plain-text-errors',
    mistake: "Letting the framework's default error handler answer (a plain-text or HTML page, or its own JSON shape such as {\"error\": …}), so the official client library finds no code or message.",
  },
  'error.content-type-json': {
    rule: 'Every 4xx and 5xx, on every route, says Content-Type: application/json.',
    quote: `${TB_ERRORS} (its media type is application/json, RFC 8259 §11)`,
    requests: [NO_EMAIL],
    fault: 'error-text-html',
    mistake: 'An error path that writes the envelope as a string with the framework default type (text/html), while the success path sets application/json.',
  },
  'error.envelope-status': {
    rule: "The envelope's status member equals the HTTP status of the answer, on every 4xx and 5xx of every route.",
    quote: TB_ERRORS,
    requests: [NO_EMAIL],
    show: { members: ENVELOPE },
    fault: 'envelope-status-200',
    mistake: 'An envelope built before the status is decided, or copied from a template with a fixed status.',
  },
  'missing.only-when-absent': {
    rule: 'A create is refused as missing a parameter ("Missing required parameter <Name> in the post body") only when its form body lacks that parameter or leaves it empty. Every &-separated pair is read, however many come first: a valid create after 1,000 unknown pairs creates, or is refused with a 4xx that says so (too many parameters), never as a parameter missing.',
    quote: 'Missing required parameter: HTTP 400, code 20001, message Missing required parameter <Name> in the post body',
    requests: [
      {
        method: 'POST',
        path: '/v1/CustomerProfiles',
        body: `${Array.from({ length: 1000 }, (_, i) => `Pad${i + 1}=1`).join('&')}&${VALID_BODY}`,
        bodyShown: `Pad1=1&Pad2=1&…&Pad1000=1&${VALID_BODY}`,
      },
    ],
    show: { members: ['sid', 'friendly_name', 'code', 'message', 'status'] },
    fault: 'form-max-keys-1000',
    mistake:
      "A body parser's cap on the number of pairs, which drops the rest unread: Node's querystring.parse (maxKeys 1000), qs and body-parser (parameterLimit 1000), PHP's max_input_vars (1000), Tomcat's maxParameterCount (10,000). The parameters that come late are then missing.",
  },
  'auth.required-401': {
    rule: 'A request without credentials, or with wrong ones of any shape (wrong password, unknown SID, empty password, another scheme, a header that is not base64 user:password), is refused with 401, whatever its body.',
    quote: TB_AUTH,
    requests: [WRONG_PASSWORD],
    show: { members: ENVELOPE_OR_PROFILE },
    fault: 'any-token-for-known-sid',
    mistake:
      'Checking only that a known SID is present, comparing the password by prefix or over the shorter length, splitting user:password at every colon, accepting Bearer, or validating the body before the credentials (so a bad body without credentials gets 400).',
  },
  'auth.challenge': {
    rule: 'Every 401 carries a WWW-Authenticate header that parses as challenges (auth-scheme, then a token68 or name=value parameters, values quoted when they hold a space) with a Basic one.',
    quote: 'A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge applicable to the target resource.',
    requests: [WRONG_PASSWORD],
    show: { members: ['code', 'status'], headers: ['www-authenticate'] },
    fault: 'no-www-authenticate',
    mistake: 'Answering 401 from custom auth code that sets only the status and the body; the header is what tells a client (or a browser) which scheme to use.',
  },
  'reject.no-side-effect': {
    rule: 'A refused request creates nothing: the list of profiles is the same before and after it.',
    quote: 'the collection is listed with GET /v1/CustomerProfiles ({"results": [...], "meta": {...}})',
    requests: [LIST, NO_EMAIL, LIST],
    show: { members: ['results.sid', 'results.email', 'code', 'status'] },
    fault: 'stores-rejected',
    mistake: 'Inserting the row first and validating after, without rolling back; or a database default that fills the missing field so the insert succeeds while the answer says 400.',
  },
  'repeated-param.consistent': {
    rule: 'A parameter sent twice is refused (4xx), or one of its values is used as sent; a value that was never sent is not.',
    quote: "The suite's own rule: the contract is silent on repeated form parameters, so refusing them and using either value are both consistent (a SHOULD).",
    requests: [{ method: 'POST', path: '/v1/CustomerProfiles', body: `Email=ops%40example.com&FriendlyName=Acme+Corp&FriendlyName=Acme+Labs&PolicySid=${EXAMPLE_POLICY_SID}` }],
    show: { members: ['sid', 'friendly_name', 'code', 'message'] },
    fault: 'plus-not-space',
    mistake: 'Joining the values ("Acme Corp,Acme Labs"), or decoding them differently from single values (here + is kept instead of read as a space), so the stored value is none of those sent.',
  },
  'response.allow-405': {
    rule: "A 405 names the methods the target has in an Allow header (a list of method tokens), and not the method it refused.",
    quote: "The origin server MUST generate an Allow header field in a 405 response containing a list of the target resource's currently supported methods.",
    requests: [{ method: 'PUT', path: '/v1/CustomerProfiles' }],
    show: { members: ENVELOPE, headers: ['allow'] },
    fault: 'method-not-allowed-no-allow',
    mistake: 'A catch-all handler that answers 405 for any other method without saying which ones the route takes.',
  },
  'auth.follow-up-routes': {
    rule: 'Reading, listing and deleting a profile need the right credentials too: every shape of missing or wrong credential the create refuses is refused with 401 there, whether the sid exists, never existed or was deleted; so is a method the collection or a profile does not have (PUT, PATCH), which gets 401 before any 405, and an update whose body is invalid too (a Status outside the enum, a relative StatusCallback), which gets 401 before any 400.',
    quote: TB_AUTH,
    requests: [
      CREATE,
      { method: 'GET', path: '/v1/CustomerProfiles/{sid}', auth: { user: '{AccountSid}', password: 'not-the-auth-token' } },
    ],
    show: { members: ENVELOPE_OR_PROFILE },
    fault: 'item-routes-any-password',
    mistake:
      'An auth middleware mounted on the collection route only, or one on the item routes that checks only that the user exists; a password compared case-insensitively (a collation on the secret column); auth as a route dependency, so the router answers an unknown method 405 before it runs; the validation middleware of the update router mounted before its authentication, so an invalid body without credentials gets 400.',
  },
  'auth.before-lookup': {
    rule: 'Authentication comes before lookup: a fetch or delete without valid credentials gets 401 whether the sid exists or not, never 404 (which would tell anyone which sids exist).',
    quote: `${TB_AUTH} (RFC 9110 §15.5.2: 401 is for missing or refused credentials; §15.5.5: 404 when the target resource does not exist)`,
    requests: [{ method: 'GET', path: '/v1/CustomerProfiles/BU00000000000000000000000000000000', auth: 'none' }],
    show: { members: ENVELOPE },
    fault: 'lookup-before-auth',
    mistake: 'A handler that loads the profile first and checks the caller after, or a cache of deleted sids in front of the auth middleware.',
  },
  'auth.refused-delete-keeps': {
    rule: 'A DELETE refused for its credentials deletes nothing: after it, the profile still reads back with the right credentials.',
    quote: `${TB_AUTH}; the same resource can be read back with GET /v1/CustomerProfiles/<sid>`,
    requests: [
      CREATE,
      { method: 'DELETE', path: '/v1/CustomerProfiles/{sid}', auth: { user: '{AccountSid}', password: 'not-the-auth-token' } },
      { method: 'GET', path: '/v1/CustomerProfiles/{sid}' },
    ],
    show: { members: ENVELOPE_OR_PROFILE },
    fault: 'refused-delete-deletes',
    mistake: 'An asynchronous auth check that is not awaited, so the delete starts before the credentials are found wrong.',
  },
  'auth.refused-update-keeps': {
    rule: 'An update (POST to a profile) refused for its credentials changes nothing: after it, the profile reads back with the name it had, and an update of a sid that names no profile makes none.',
    quote: `${TB_AUTH}; the same resource can be read back with GET /v1/CustomerProfiles/<sid>`,
    requests: [
      CREATE,
      { method: 'POST', path: '/v1/CustomerProfiles/{sid}', auth: { user: '{AccountSid}', password: 'not-the-auth-token' }, body: 'FriendlyName=renamed+by+an+update+with+refused+credentials+%28wrong%29' },
      { method: 'GET', path: '/v1/CustomerProfiles/{sid}' },
    ],
    show: { members: [...ENVELOPE_OR_PROFILE, 'friendly_name'] },
    fault: 'refused-update-applies',
    mistake: 'An asynchronous auth check that is not awaited, so the update writes before the credentials are found wrong; the update route declared above the auth middleware.',
  },
} as const satisfies Partial<Record<CheckId, Explanation>>;
