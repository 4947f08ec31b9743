import type { CheckId } from '../contracts/catalog.ts';
import type { Level } from '../contracts/check.ts';

export interface FaultInfo {
  name: string;
  /** what the faulty mock does, in words */
  description: string;
  /** the one rule of a faithful server it breaks */
  rule: string;
  /** the catalog check that must catch it */
  checkId: CheckId;
  /**
   * the lowest conformance level it breaks (1 contract, 2 validation, 3 fidelity); for a fault
   * whose check is a SHOULD, that check's level: the verdict keeps its level and warns
   */
  level: Level;
}

/**
 * The named faults the mock can be started with, as data. Each breaks one rule so the suite can
 * prove its check for that rule catches it. Where a fault unavoidably breaks a second rule, the
 * description says so and `level` is the lowest level broken.
 */
export const FAULTS = [
  {
    name: 'status-200',
    description: 'a valid create is answered 200 instead of 201',
    rule: 'a valid create request is answered 201 Created',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'text-content-type',
    description: 'the 201 is sent as text/plain (the body is still the JSON resource)',
    rule: 'a 201 is application/json',
    checkId: 'create.content-type-json',
    level: 1,
  },
  {
    name: 'bad-sid-prefix',
    description: 'sids start with XX instead of BU',
    rule: 'sid matches ^BU[0-9a-fA-F]{32}$',
    checkId: 'create.body-schema',
    level: 1,
  },
  {
    name: 'missing-date-created',
    description: 'the resource has no date_created field',
    rule: 'date_created is a required field of the resource',
    checkId: 'create.body-schema',
    level: 1,
  },
  {
    name: 'status-enum-case',
    description: 'status is DRAFT (upper case) instead of draft',
    rule: 'status is one of the documented lower-case values',
    checkId: 'create.body-schema',
    level: 1,
  },
  {
    name: 'crash-on-astral',
    description: 'a FriendlyName with an astral (non-BMP) code point, e.g. an emoji, gets a 500',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'leak-token',
    description: "the resource carries the caller's auth token (or API key secret) in a debug field",
    rule: "no response contains the caller's credentials",
    checkId: 'no-credential-leak',
    level: 1,
  },
  {
    name: 'email-optional',
    description: 'a create without Email (or with an empty one) is accepted: 201 with email null',
    rule: 'Email is required: its absence is refused with a 4xx',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'policy-pattern-unchecked',
    description:
      'a malformed PolicySid is accepted: 201 with policy_sid null (null, a value the resource schema allows, so only the validation rule breaks)',
    rule: 'a PolicySid not matching ^RN[0-9a-fA-F]{32}$ is refused with a 4xx',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'plain-text-errors',
    description: 'every 400 carries a plain-text body instead of a Twilio error envelope',
    rule: 'a refusal carries a Twilio error envelope',
    checkId: 'reject.error-envelope',
    level: 2,
  },
  {
    name: 'envelope-status-200',
    description: "every 400's envelope says status 200",
    rule: "the envelope's status equals the HTTP status",
    checkId: 'reject.envelope-status',
    level: 2,
  },
  {
    name: 'auth-bypass',
    description: 'a request without credentials is served as the first configured account (wrong credentials still get 401)',
    rule: 'a request without credentials is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'stores-rejected',
    description: 'a create refused with 400 still stores a profile, which then shows in the list',
    rule: 'a refused request creates nothing',
    checkId: 'reject.no-side-effect',
    level: 2,
  },
  {
    name: 'wrong-missing-code',
    description: 'a missing parameter is answered 400 with code 21000 instead of 20001',
    rule: 'a missing parameter gets code 20001',
    checkId: 'missing.code-20001',
    level: 3,
  },
  {
    name: 'trims-friendly-name',
    description: 'friendly_name is stored trimmed, with inner runs of whitespace collapsed to one space',
    rule: 'friendly_name echoes FriendlyName exactly',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'plus-not-space',
    description: 'form decoding keeps + literally instead of reading it as a space',
    rule: 'form bodies decode + as a space',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'wrong-url',
    description: 'url (and the links under it) is <base>/v1/CustomerProfile/<sid>, singular',
    rule: 'url is <base>/v1/CustomerProfiles/<sid>',
    checkId: 'create.url',
    level: 3,
  },
  {
    name: 'fixed-account',
    description: "account_sid is a constant other account instead of the caller's",
    rule: "account_sid is the caller's account",
    checkId: 'create.account-sid',
    level: 3,
  },
  {
    name: 'local-time',
    description: 'date_created and date_updated carry a +01:00 offset (the same instant)',
    rule: 'dates are ISO 8601 in GMT',
    checkId: 'create.timestamps-gmt',
    level: 3,
  },
  {
    name: 'status-pending',
    description: 'a new profile has status pending-review instead of draft',
    rule: 'a new profile starts as draft',
    checkId: 'create.initial-state',
    level: 3,
  },
  {
    name: 'reused-sid',
    description: 'every create returns the same sid (the latest create replaces the stored one)',
    rule: 'each create gets a new sid',
    checkId: 'create.unique-sid',
    level: 3,
  },
  {
    name: 'reads-json',
    description:
      'a JSON body is read like a form body; a JSON create is then answered 201, which also breaks the level-2 rule that such a request is refused',
    rule: 'a JSON body is not read: it is answered as missing parameters',
    checkId: 'json-body.as-missing',
    level: 2,
  },
  {
    name: 'delete-noop',
    description: 'DELETE answers 204 but the profile stays readable and listed',
    rule: 'after DELETE the resource is gone (404)',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'wrong-auth-code',
    description: 'a refused credential gets code 20005 instead of 20003',
    rule: 'a refused credential gets code 20003',
    checkId: 'auth.code-20003',
    level: 3,
  },
  {
    name: 'more-info-wrong',
    description: 'more_info of every error is https://example.com/errors/<code>',
    rule: 'more_info is https://www.twilio.com/docs/errors/<code>',
    checkId: 'error.more-info',
    level: 3,
  },
  // Credentials (mock/auth.ts; caught by the credential matrix, generators/credentialCases.ts)
  {
    name: 'any-token-for-known-sid',
    description: 'a known Account SID or API key SID is accepted with any password',
    rule: 'a wrong password is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'empty-password-accepted',
    description: 'a known Account SID or API key SID with an empty password is accepted',
    rule: 'an empty password is refused with 401 like any other wrong one (RFC 7617 §2)',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'token-prefix-compare',
    description:
      'the password is compared only over the shorter of it and the secret, so a non-empty prefix of the secret, or the secret plus more characters, is accepted',
    rule: 'a password that is not exactly the secret is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'any-sid-for-known-token',
    description: "an Account SID the mock does not know is accepted with a known secret, as the secret's account",
    rule: 'another Account SID with the right password is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'unknown-key-accepted',
    description: "an API key SID the mock does not know is accepted with a known secret, as the secret's account",
    rule: 'an unknown API key SID is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'malformed-basic-400',
    description: 'a Basic header that does not decode to user-id:password (no colon, not base64, no credentials) is answered 400 instead of 401',
    rule: 'anything that does not decode to user-id:password is no credential: 401 (RFC 7617 §2)',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'bearer-accepted',
    description: "Bearer <secret> is accepted as the secret's account",
    rule: 'a scheme other than Basic is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'scheme-ignored',
    description: 'the scheme name is not read: any scheme followed by base64 user-id:password is accepted (Bearer too)',
    rule: 'a scheme other than Basic is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'validation-before-auth',
    description:
      'a create is validated before its credentials are checked: without or with wrong credentials, an invalid or empty body is answered 400',
    rule: 'missing or wrong credentials get 401 whatever the body',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'no-www-authenticate',
    description: 'a 401 carries no WWW-Authenticate header',
    rule: 'a 401 carries a WWW-Authenticate challenge (RFC 9110 §11.6.1)',
    checkId: 'auth.challenge',
    level: 2,
  },
  {
    name: 'split-all-colons',
    description: 'the credentials are split at every colon, so "<token>:x" reads as the token and is accepted',
    rule: 'only the first colon splits user-id and password; a password with more is another password (RFC 7617 §2)',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'scheme-case-sensitive',
    description: 'only the exact scheme name Basic is accepted: the right credentials with basic or BASIC get 401',
    rule: 'the scheme name is case-insensitive (RFC 9110 §11.1)',
    checkId: 'auth.scheme-case-insensitive',
    level: 1,
  },
  {
    name: 'password-case-insensitive',
    description: 'passwords are compared case-insensitively on every route (a case-insensitive collation on the secret column): the password with its letters swapped is accepted',
    rule: 'a password that is not exactly the secret is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  // Credentials on the other routes (mock/server.ts; caught by the credential matrix of the follow-ups, engine/phases/credential-routes.ts)
  {
    name: 'item-routes-any-password',
    description: 'fetch and delete of one profile accept a known Account SID or API key SID with any password (their middleware checks only that the user exists)',
    rule: 'fetch, list and delete refuse every wrong credential with 401',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'delete-any-password',
    description: 'DELETE of a profile accepts a known Account SID or API key SID with any password, and deletes (fetch and list check the password)',
    rule: 'fetch, list and delete refuse every wrong credential with 401',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'list-any-password',
    description: 'the list accepts a known Account SID or API key SID with any password',
    rule: 'fetch, list and delete refuse every wrong credential with 401',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'lookup-before-auth',
    description: 'fetch and delete look the sid up before they authenticate: a sid that does not exist (never created, or deleted) gets 404 whatever the credentials',
    rule: 'authentication comes before lookup: a request without valid credentials gets 401, never 404',
    checkId: 'auth.before-lookup',
    level: 2,
  },
  {
    name: 'deleted-sid-before-auth',
    description: 'a deleted sid is answered 404 from a cache in front of authentication, whatever the credentials (a sid that never existed still gets 401)',
    rule: 'authentication comes before lookup: a request without valid credentials gets 401, never 404',
    checkId: 'auth.before-lookup',
    level: 2,
  },
  {
    name: 'refused-delete-deletes',
    description: 'a DELETE whose credentials are refused is answered 401, but the profile is deleted all the same (the delete starts before the credentials are checked)',
    rule: 'a request refused for its credentials changes nothing: the profile still reads back',
    checkId: 'auth.refused-delete-keeps',
    level: 2,
  },
  {
    name: 'reads-scheme-case-sensitive',
    description: 'fetch, list and delete accept only the scheme written Basic: the right credentials with basic or BASIC get 401 there (the create reads it right)',
    rule: 'the scheme name is case-insensitive (RFC 9110 §11.1), on every route',
    checkId: 'auth.scheme-case-insensitive',
    level: 1,
  },
  // Lifecycle after a create
  {
    name: 'readback-callback-empty',
    description: 'a profile created without StatusCallback reads back (GET, list) with status_callback "" instead of null',
    rule: 'the resource reads back with GET as the create answered it',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'list-skips-first',
    description: 'the list starts at the second profile (an off-by-one in paging: offset 1, not 0)',
    rule: 'a created profile appears in the list',
    checkId: 'list.shows-created',
    level: 3,
  },
  {
    name: 'list-other-accounts',
    description: 'the list also shows a profile of another account (a missing account filter)',
    rule: 'the list shows only the caller\'s profiles',
    checkId: 'list.own-account',
    level: 3,
  },
  {
    name: 'delete-unknown-204',
    description: 'DELETE of a sid that does not exist answers 204 (an idempotent delete)',
    rule: 'DELETE of an unknown sid is 404 / 20404',
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'not-found-html',
    description: 'GET of a profile that does not exist answers 404 with an HTML page',
    rule: 'a 404 is a Twilio error envelope with code 20404',
    checkId: 'not-found.envelope',
    level: 3,
  },
  {
    name: 'list-keeps-deleted',
    description: 'a deleted profile is still listed (the list is served from a cache DELETE does not clear)',
    rule: 'after DELETE the profile is gone: 404 to GET, and not in the list',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'list-default-page-size-20',
    description: "a list asked with no PageSize is paged by 20 (a framework's default page size left as configured), and says page_size 20",
    rule: 'without PageSize a list page holds up to 50 profiles (the default is 50)',
    checkId: 'list.page-size',
    level: 3,
  },
  {
    name: 'list-page-size-capped-100',
    description: 'a PageSize above 100 is quietly taken as 100 (a paginator\'s max_page_size): a page asked with PageSize=1000 holds 100 and names a next page',
    rule: 'a PageSize up to 1000 is honoured',
    checkId: 'list.page-size',
    level: 3,
  },
  {
    name: 'list-page-past-end-404',
    description: 'a Page past the last one answers 404 {"detail": "Invalid page."} (a paginator\'s EmptyPage), not an empty page',
    rule: 'a list request with valid parameters is answered 200; past the end the results are empty',
    checkId: 'list.valid-query-200',
    level: 3,
  },
  {
    name: 'list-pagesize-nonnumeric-500',
    description: 'a PageSize that is no integer crashes the list (an unguarded int()): 500 with an HTML page',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'list-meta-key-wrong',
    description: 'meta.key is "customer_profiles" (copied from another list) while the profiles are in "results"',
    rule: 'meta.key names the results member',
    checkId: 'list.meta-key',
    level: 3,
  },
  {
    name: 'list-filters-ignored',
    description: 'Status, FriendlyName and PolicySid are accepted and ignored: a filtered list shows every profile',
    rule: 'a filtered list shows only profiles with the value asked for',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-truncated',
    description: 'the list query has a safety LIMIT of 10 rows: the pages are cut from the oldest 10 profiles, the rest never listed',
    rule: 'the list walked to the end holds every profile of the account',
    checkId: 'list.walk-complete',
    level: 3,
  },
  {
    name: 'list-dates-local-time',
    description: 'the list shows date_created and date_updated one hour late, still marked Z (a naive local time from a hand-written query); create and fetch are right',
    rule: 'a profile shows in the list as the create answered it, dates included',
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'malformed-sid-html',
    description: "GET of a sid that is not well-formed answers the router's HTML 404 page",
    rule: 'a 404 is a Twilio error envelope with code 20404, whatever the sid looks like',
    checkId: 'not-found.envelope',
    level: 3,
  },
  {
    name: 'unauthenticated-read',
    description: 'GET of a single profile needs no credentials (the auth middleware only guards the collection)',
    rule: 'fetch, list and delete refuse a request without credentials (401)',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'trims-policy-sid',
    description: 'PolicySid is trimmed before it is checked, so one with surrounding whitespace is accepted (stored trimmed)',
    rule: 'a PolicySid not matching ^RN[0-9a-fA-F]{32}$ exactly is refused with a 4xx',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'policy-sid-length-unchecked',
    description: 'PolicySid is checked with an unanchored ^RN[0-9a-fA-F]{32}, so a longer one is accepted: 201 with policy_sid null',
    rule: 'a PolicySid of another length than 34 is refused with a 4xx',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'policy-prefix-case-insensitive',
    description: 'PolicySid is matched case-insensitively, so rn…, Rn… and rN… are accepted: 201 with policy_sid null',
    rule: 'the PolicySid prefix is RN, upper case',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'policy-unicode-digits',
    description: 'PolicySid digits are matched as any Unicode decimal digit (\\d of Python or .NET): Arabic-Indic, fullwidth and Devanagari digits pass; 201 with policy_sid null',
    rule: 'PolicySid digits are the ASCII hex digits',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'falsy-text-as-missing',
    description: 'a FriendlyName or Email of "0", "false", "null" or "undefined" counts as missing (PHP empty(), JS truthiness): 400 / 20001',
    rule: 'a present value is a value: FriendlyName "0" creates',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'double-decode',
    description: 'form values are percent-decoded twice: %2541 reads back as %41, %41 as A',
    rule: 'form bodies are percent-decoded exactly once',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'semicolon-separator',
    description: 'form bodies are split on ; as well as on &, so a raw ; cuts the value',
    rule: 'form bodies are split on & only; a ; is data',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'crash-on-empty-body',
    description: 'an empty form body gets a 500 instead of 400 / 20001',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'crash-on-bad-utf8',
    description: 'percent-escapes that are not UTF-8 (%80, %E2%82, %ED%A0%80, %C0%AF) make the decoder throw: 500',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'refuses-charset-param',
    description: 'a form Content-Type with a parameter (; charset=UTF-8) is not read: answered as missing parameters',
    rule: 'application/x-www-form-urlencoded; charset=UTF-8 is the same media type (RFC 9110 §8.3.1)',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'param-names-case-insensitive',
    description: 'parameter names are matched case-insensitively: email= is read as Email',
    rule: 'parameter names are case-sensitive: email is not Email',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'callback-userinfo-refused',
    description: 'a StatusCallback with userinfo (https://user:pass@host/…) is refused as invalid',
    rule: 'a callback URL with credentials is valid (Twilio documents it for webhook auth)',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'callback-relative-accepted',
    description: 'a relative StatusCallback (/callback, example.com/callback) is accepted: 201 with status_callback null',
    rule: 'StatusCallback is an absolute URI',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'normalizes-callback',
    description: 'StatusCallback is stored normalized by a URL parser (scheme lower-cased, a / added after a bare host)',
    rule: 'status_callback echoes StatusCallback exactly',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'nfc-normalizes',
    description: 'friendly_name and email are stored in Unicode NFC (a decomposed é becomes one code point)',
    rule: 'fields echo the code points sent, not normalized',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'strips-zero-width',
    description: 'zero-width characters (U+200B to U+200D, U+2060, U+FEFF) are removed from friendly_name',
    rule: 'fields echo the code points sent',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'unique-friendly-name',
    description: 'a create whose FriendlyName an existing profile of the account has is refused with 409',
    rule: 'nothing documents unique names: each valid create makes a new profile',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'dedupe-same-request',
    description: 'a request with the same parameters as an earlier create returns that profile again (201, same sid)',
    rule: 'each create gets a new sid',
    checkId: 'create.unique-sid',
    level: 3,
  },
  {
    name: 'error-text-html',
    description: 'every error carries its JSON envelope with Content-Type text/html (a framework default)',
    rule: 'a refusal is application/json',
    checkId: 'reject.content-type-json',
    level: 2,
  },
  {
    name: 'json-charset-latin1',
    description: 'every JSON answer says Content-Type application/json; charset=iso-8859-1 (the bytes stay UTF-8)',
    rule: 'a charset parameter on application/json, if any, is utf-8',
    checkId: 'response.charset-utf8',
    level: 1,
  },
  {
    name: 'json-bom',
    description: 'every JSON answer starts with a UTF-8 byte order mark',
    rule: 'JSON answers carry no byte order mark',
    checkId: 'response.utf8-no-bom',
    level: 1,
  },
  {
    name: 'latin1-body',
    description: 'JSON answers are written in ISO-8859-1, so any non-ASCII text is invalid UTF-8 on the wire (also breaks echo.fields)',
    rule: 'JSON answers are UTF-8',
    checkId: 'response.utf8-no-bom',
    level: 1,
  },
  {
    name: 'duplicate-members',
    description: 'the 201 body writes "status" twice (both draft)',
    rule: 'member names in an object are unique',
    checkId: 'response.unique-members',
    level: 1,
  },
  {
    name: 'clock-skew-hours',
    description: 'date_created and date_updated are 3 hours behind the Date header of the same answer (a time zone taken for GMT)',
    rule: "timestamps are the server's now, as its Date header says",
    checkId: 'create.timestamps-server-clock',
    level: 3,
  },
  // The whole value space (generators/coverage: unicode, spelling, email, statusCallback, notTaken, long)
  {
    name: 'strips-leading-bom',
    description: 'values are decoded with a default UTF-8 decoder (TextDecoder), which drops a leading byte order mark: a FriendlyName starting with U+FEFF loses it',
    rule: 'a value is the code points sent (UTF-8 decoded without BOM handling): a leading U+FEFF is data',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'strips-control-chars',
    description: 'C0 and C1 controls (NUL, TAB, CR, LF, DEL, NEL among them) are removed from friendly_name and email by a sanitizer',
    rule: 'a value is kept exactly or the request refused: never altered',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'nul-500',
    description: 'a FriendlyName or Email holding U+0000 gets a 500 (a PostgreSQL text column refuses NUL and the error is not handled)',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'utf8mb3-storage',
    description:
      'text is stored in a 3-byte UTF-8 column (MySQL utf8mb3, non-strict): each value is cut before its first astral character; the 201 echoes the request, GET and the list show the cut value',
    rule: 'the resource reads back with GET as the create answered it',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'email-domain-lowercased',
    description: "the domain of Email is stored in lower case (Django's normalize_email): Jane.Doe@Example.COM becomes Jane.Doe@example.com",
    rule: 'email echoes Email exactly, with its case',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'email-idna',
    description: 'the domain of Email is stored as its IDNA A-label (lower case, punycode), as a validator library returns it: user@bücher.example becomes user@xn--bcher-kva.example',
    rule: 'email echoes Email exactly: no IDNA conversion',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'trims-email',
    description: 'Email is stored trimmed (a form field with strip on)',
    rule: 'email echoes Email exactly, whitespace included, or the request is refused',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'plus-after-percent-decode',
    description:
      'form values are percent-decoded first and + is turned into a space after, so an escaped + (%2B) becomes a space; a StatusCallback or Email with a + is then refused or altered (also create.status-201)',
    rule: 'form bodies read + as a space, then percent-decode once: %2B is a literal +',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'upper-hex-only',
    description:
      'a hand-written decoder reads only escapes in upper-case hex: %c3%a9 stays as the text %c3%a9, and a StatusCallback written with lower-case escapes is refused as no URI (also create.status-201)',
    rule: 'percent-escapes decode in either hex case',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'raw-bytes-latin1',
    description: 'the body is read as a Latin-1 ("binary") string before it is decoded: raw (unescaped) UTF-8 characters become one character per byte; escaped ones are right',
    rule: 'form bodies are read as UTF-8, raw or escaped',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'reads-query-string',
    description:
      "parameters are read from the POST's query string as well as the body, the query first (Flask request.values): a required parameter only in the query creates, a copy there replaces the body's value (also echo.fields)",
    rule: 'the create reads its parameters from the post body only',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'mass-assigns-status',
    description: "the create takes the update's Status parameter from the body: Status=twilio-approved makes an approved profile",
    rule: 'a new profile starts as draft whatever the request adds',
    checkId: 'create.initial-state',
    level: 3,
  },
  {
    name: 'truncates-body-64k',
    description: 'only the first 64 KiB of a body is read (a handler that keeps the first chunk): a longer body is cut, its last parameter shortened',
    rule: 'a body is read whole, or refused with a 4xx (413)',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'callback-iri-accepted',
    description:
      'a StatusCallback with raw non-ASCII characters (an IRI, https://bücher.example/cb) is accepted and stored as sent; its echo then breaks the resource schema (format uri, also create.body-schema)',
    rule: 'StatusCallback is a URI (RFC 3986: ASCII); an IRI is refused',
    checkId: 'reject.invalid-4xx',
    level: 1,
  },
  {
    name: 'trims-callback',
    description: 'StatusCallback is trimmed before it is checked, so one with whitespace around is accepted (stored trimmed)',
    rule: 'a StatusCallback with whitespace around is no URI: refused',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'no-date-header',
    description: 'no answer carries a Date header',
    rule: 'an origin server with a clock sends Date in every 2xx and 4xx answer',
    checkId: 'response.date-header',
    level: 3,
  },
  {
    name: 'reads-no-date-header',
    description: "answers to GET and DELETE carry no Date header (the create's answers do)",
    rule: 'an origin server with a clock sends Date in every 2xx and 4xx answer, on every route',
    checkId: 'response.date-header',
    level: 3,
  },
] as const satisfies readonly FaultInfo[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

export function findFault(name: string): FaultInfo | undefined {
  return FAULTS.find((f) => f.name === name);
}
