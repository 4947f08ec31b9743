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
  /** the fault stops the mock's clock: a run must wait a little for it to show (engine/run/certify.ts) */
  stopsClock?: true;
  /** the fault shows only to a run that takes its time (a page token that expires): the run waits as for a real target (engine/run/certify.ts) */
  showsLate?: true;
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
    name: 'review-queue-202',
    description: 'a create whose FriendlyName or Email holds a control or private-use character is answered 202 {"status": "queued-for-review"} and nothing is created',
    rule: 'a create is answered 201 Created or refused with a 4xx: no other success',
    checkId: 'create.success-201',
    level: 1,
  },
  {
    name: 'text-content-type',
    description: 'the 201 is sent as text/plain (the body is still the JSON resource)',
    rule: 'a 201 is application/json',
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'bad-sid-prefix',
    description: 'sids start with XX instead of BU',
    rule: 'sid matches ^BU[0-9a-fA-F]{32}$',
    checkId: 'resource.schema',
    level: 1,
  },
  {
    name: 'missing-date-created',
    description: 'the resource has no date_created field',
    rule: 'date_created is a required field of the resource',
    checkId: 'resource.schema',
    level: 1,
  },
  {
    name: 'status-enum-case',
    description: 'status is DRAFT (upper case) instead of draft',
    rule: 'status is one of the documented lower-case values',
    checkId: 'resource.schema',
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
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'envelope-status-200',
    description: "every 400's envelope says status 200",
    rule: "the envelope's status equals the HTTP status",
    checkId: 'error.envelope-status',
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
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'fixed-account',
    description: "account_sid is a constant other account instead of the caller's",
    rule: "account_sid is the caller's account",
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'local-time',
    description: 'date_created and date_updated carry a +01:00 offset (the same instant)',
    rule: 'dates are ISO 8601 in GMT',
    checkId: 'resource.timestamps-gmt',
    level: 3,
  },
  {
    name: 'policy-secondary-created-in-review',
    description: "profiles of the Secondary Customer Profile policy (the RNdfbf… twilio-behaviour.md names) are sent to review at once: their create answers status in-review, not draft",
    rule: 'a new profile starts as draft, whatever its policy',
    checkId: 'create.initial-state',
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
    name: 'json-suffix-media-type-read',
    description:
      "a JSON body parser mounted for application/*+json (express.json({ type: 'application/*+json' })): a create whose body is JSON under application/vnd.api+json is read and made",
    rule: 'a JSON body is not read: answered as if the parameters were missing (400, code 20001), whatever JSON media type labels it',
    checkId: 'json-body.as-missing',
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
    name: 'auth-message-unauthorized',
    description: 'every 401 carries the message "Unauthorized" (the HTTP reason phrase) instead of "Authenticate"; its code is still 20003',
    rule: 'a 401 carries code 20003 and the message "Authenticate"',
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
    name: 'api-key-account-from-user',
    description: "the account is read from the Basic user-id: with an API key, a profile's account_sid is the key's SK sid, and the key's profiles live apart from the account's (the Auth Token neither reads, lists nor deletes them)",
    rule: "an API key acts for its account: what it creates is the account's (account_sid the Account SID), and the Auth Token reaches it",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'rows-scoped-by-principal',
    description: "rows are scoped by the credential that made them, not by its account (`Profile.objects.filter(owner=request.user)`, the owner the Account SID or the API key SID): account_sid is right, but what the key creates the Auth Token neither fetches, HEADs, lists nor deletes, and the other way round",
    rule: "an API key acts for its account: each pair fetches, lists and deletes what the other creates",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'api-key-no-delete',
    description: "an API key gets a default role without delete (`role = principal.is_api_key ? ['profiles:read', 'profiles:create'] : OWNER`): a DELETE signed with the key is answered 403",
    rule: "an API key acts for its account: its DELETE of the account's profile is a 204",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'api-key-list-401',
    description: 'the list is served by an older service whose authenticator knows the Account SID and Auth Token only: a list (GET or HEAD of the collection) signed with an API key is answered 401, while create, fetch and delete take the key',
    rule: "an API key acts for its account: the list signed with it is a 200 page of the account's profiles",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'api-key-later-pages-401',
    description: "the list's later pages (a Page or PageToken, what next_page_url names) go to a paging service that knows the Account SID and Auth Token only: with an API key the first page is a 200, every later one a 401",
    rule: "an API key acts for its account: every page of the list is a 200 with it",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  // The API key's own path (mock/api-key-faults.ts): the pair the embedded mock's run does not act with, sent its own cases (engine/phases/probes/other-pair.ts)
  {
    name: 'api-key-drops-status-callback',
    description:
      "creates signed with an API key go through the key's newer controller, whose permitted-parameter list was written before StatusCallback existed: the parameter is dropped silently (not validated, not stored), so the key's 201 says status_callback null and every read agrees; the Auth Token's create keeps it",
    rule: 'a create echoes the StatusCallback it sent, whichever pair of the account signed it (caught when the run knows both pairs: the embedded mock, or --auth-token with --api-key)',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'api-key-422-validation',
    description:
      "creates signed with an API key are validated by the framework's own validator, which renders the failure itself: every refused create with the key is answered 422 {\"errors\": [{\"field\", \"message\"}]}, no Twilio envelope (which also breaks the level-2 rule that every error is the envelope)",
    rule: 'a create missing a required parameter is answered 400 with code 20001 and a message naming it, whichever pair of the account signed it',
    checkId: 'missing.code-20001',
    level: 2,
  },
  {
    name: 'api-key-json-body-read',
    description:
      "the API key's controller is mounted behind the framework's default body parsers, JSON included (express.json() app-wide): a JSON create signed with a key is read and answered 201 (which also breaks the level-2 rule that such a request is refused); with the Auth Token it is refused as missing parameters",
    rule: 'a JSON body is not read, whichever pair of the account signed it: it is answered as missing parameters',
    checkId: 'json-body.as-missing',
    level: 2,
  },
  {
    name: 'api-key-fetch-policy-lowercased',
    description:
      "a fetch signed with an API key is served by the newer read controller, which joins the policies table (keyed by lower-case hex) and shows that row's sid: policy_sid in lower case, where the create and the Auth Token's reads show it as sent",
    rule: "a profile reads back as its create showed it, every field, whichever pair of the account reads it",
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'api-key-list-drops-callback',
    description:
      "lists signed with an API key read a projection made for the console's table, which has no status_callback: every item the key lists says null; the Auth Token's lists and every fetch show it",
    rule: "a list shows a profile as its create showed it, every field, whichever pair of the account lists it",
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'list-cache-per-credential',
    description: "list pages are cached per principal (the key the Authorization header and the URL, as a cache honouring Vary: Authorization) and a create's or DELETE's 2xx purges only the writer's entries: after the API key deletes a profile the Auth Token's cached list still shows it, and a profile created with one pair is missing from the other pair's cached list",
    rule: "an API key acts for its account: a profile one pair deletes is gone from the other pair's list, and one it creates is in it",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'list-policy-filter-ci',
    description:
      "the policy_sid column has the database's default case-insensitive collation (MySQL 8's utf8mb4_0900_ai_ci), as the FriendlyName one was fixed not to: the list filtered by PolicySid=RNAB… shows the profiles of RNab…",
    rule: 'a list filtered by PolicySid shows only profiles of that very PolicySid, byte for byte (another case names another string)',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'fetch-cache-per-credential',
    description:
      "the fetch is cached per principal (Spring's @Cacheable keyed by the principal and the sid) and the DELETE evicts the deleter's entry alone (@CacheEvict with the same key): after the API key deletes a profile, the Auth Token, which read it before, still reads it (200)",
    rule: 'an API key acts for its account: a profile one pair deletes is gone for the other pair, which reads 404',
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'token-param-accepted',
    description: "beside Basic, a token guard (Laravel's TokenGuard, kept for export links) takes `api_token` from the query or the form body: a request with no Authorization header and the account's Auth Token as api_token is the account's (creates, reads, DELETEs)",
    rule: 'auth is HTTP Basic: a request without an Authorization header is refused 401, whatever its parameters carry',
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
  {
    name: 'auth-token-hex-decoded',
    description:
      "the Auth Token is compared after hex-decoding both sides (Buffer.from(pw, 'hex').equals(Buffer.from(token, 'hex'))), the API key secret exactly: the token in upper case, followed by any non-hex character or by one more hex digit is accepted",
    rule: 'a password that is not exactly the secret is refused with 401, whichever pair it belongs to (caught when the run acts with an API key too: the Auth Token beside it gets the wrong-credential shapes)',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'user-case-insensitive',
    description: "the account is looked up by the Basic user-id under a case-insensitive collation: the Account SID with its letters in the other case and the right token is accepted",
    rule: 'a user-id that is not exactly the Account SID (or key SID) is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'password-nul-terminated',
    description: 'the password is compared as a C string: what follows a NUL in it is ignored, so the token followed by NUL and anything is accepted',
    rule: 'a password that is not exactly the secret is refused with 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'sid-case-insensitive',
    description: "fetch and delete find a profile by its sid in any case (a case-insensitive collation on the sid column): the sid with its hex letters swapped reads and deletes the profile",
    rule: "a sid is matched exactly: another string names no profile (404)",
    checkId: 'lookup.sid-exact',
    level: 3,
  },
  {
    name: 'method-405-before-auth',
    description: 'a method the collection or a profile does not have (PUT, PATCH) is answered 405 before the credentials are checked: without them too (a router that matches methods before the auth dependency runs)',
    rule: 'missing or wrong credentials get 401, whatever the method',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'head-skips-auth',
    description: 'HEAD and OPTIONS pass without valid credentials (a middleware that lets health probes and CORS preflights through): HEAD of the collection is 200, HEAD of a profile 200 and of an unknown sid 404, so whether a sid exists shows to anyone',
    rule: 'missing or wrong credentials get 401 on HEAD and OPTIONS too',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'accept-exact-406',
    description: 'any Accept header but exactly application/json is answered 406 (a hand-written "JSON only" guard): a valid create sent with curl\'s Accept: */*, axios\'s application/json, text/plain, */* or application/json; charset=utf-8 creates nothing',
    rule: 'a valid create is answered 201 whatever Accept a client sends that takes application/json',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'accept-xml-negotiated',
    description: "an XML converter on the classpath wins content negotiation whenever Accept ranks application/xml above JSON, as a browser's Accept does (application/xml;q=0.9 over */*;q=0.8): the create and its errors answer application/xml",
    rule: 'the create answers application/json whatever Accept a client sends that takes it (OpenAPI: the 201 content is application/json)',
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'accept-json-charset-utf16',
    description: 'the JSON is written in the charset the Accept header names (Accept: application/json;charset=UTF-16 gets UTF-16 big-endian bytes, labelled so)',
    rule: 'JSON exchanged between systems is UTF-8 whatever charset the Accept header asks for (RFC 8259 §8.1)',
    checkId: 'response.utf8-no-bom',
    level: 1,
  },
  {
    name: 'error-html-for-browsers',
    description: "an error asked for with a browser's Accept (text/html first) is an HTML error page (Spring Boot's Whitelabel Error Page), not the JSON envelope",
    rule: 'every error body is the JSON envelope, whatever Accept the request sends',
    checkId: 'error.content-type-json',
    level: 2,
  },
  {
    name: 'empty-user-default-account',
    description: "Basic credentials with an empty user and a right password (`:<auth token>`, `:<key secret>`) are taken as the deployment's default principal (`username || TWILIO_ACCOUNT_SID`): the create gets 201, fetch, list and delete work",
    rule: 'an empty user-id names no account: 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'session-cookie-auth',
    description: 'a request that authenticates gets Set-Cookie: session=<id>, and a later request with that cookie and no Authorization is taken as the caller (a session policy left on): fetch, list and DELETE without credentials succeed',
    rule: 'a request without credentials is refused with 401, whatever cookie it carries',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'xff-internal-skips-auth',
    description: 'a request without credentials whose X-Forwarded-For (or X-Real-IP) names an internal or loopback address (10.x, 127.x) is taken as the account (trust proxy on, the ops network let in)',
    rule: 'a request without credentials is refused with 401, whatever client address its headers name',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'basic-base64-lenient',
    description: "a lax base64 decoder drops every character outside the alphabet: the caller's token with a stray . inside or ! after it is taken as the caller",
    rule: 'a Basic token that is not base64 is no credential: 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'multipart-no-boundary-500',
    description: 'a multipart/form-data body whose Content-Type has no boundary is answered 500 (a multipart reader mounted app-wide throws)',
    rule: 'a body the API does not read is refused with a 4xx envelope, never a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'ua-blocklist-403',
    description: "a front end's bad-bot block answers 403 with its own HTML page to the User-Agents of curl, Python requests and Go: a valid create from them creates nothing",
    rule: 'a valid create is answered 201 whatever User-Agent the client sends',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'expect-continue-417',
    description: 'a request with Expect: 100-continue is answered 417 with an HTML page (a front end that does not do 100-continue): a valid create sent as curl sends a large body creates nothing',
    rule: 'a valid create is answered 201 when it asks for 100 Continue',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'error-messages-localized',
    description: 'an error asked for with Accept-Language: de carries its message in German (Authentifizierung erforderlich…)',
    rule: 'the documented error messages are the same whatever language the request asks for',
    checkId: 'auth.code-20003',
    level: 3,
  },
  {
    name: 'fetch-query-projection',
    description:
      "a fetch with any query string (?callback=, ?fields=…) is routed to the search API's sparse-fieldset projection, which has no email: the profile reads back with email null",
    rule: 'every GET of a profile of the run, whatever the request carries, shows it as its 201 did',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'not-found-message-fullpath',
    description:
      "the profile route's not-found handler words its message with the request's path and query (Rails' request.fullpath): a 404 asked with ?callback=x says The requested resource /v1/CustomerProfiles/BU…?callback=x was not found",
    rule: 'a 404 message names the requested path: "The requested resource <path> was not found"',
    checkId: 'not-found.code-20404',
    level: 3,
  },
  {
    name: 'jsonp-callback',
    description: "a 200 of a request with a callback query parameter is a script calling it, text/javascript (Express's res.jsonp())",
    rule: 'a fetch or list with a parameter it does not define still answers application/json',
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'method-override-query',
    description: "a POST whose query string holds _method=GET (DELETE, PUT, PATCH) is routed as that method (Express's methodOverride('_method') reads the query): a valid create is answered 405, or 400 by a list route that takes no body, and nothing is created",
    rule: 'unknown parameters are ignored: a valid create naming another method in its query string is still the create (201)',
    checkId: 'extra-params.ignored',
    level: 3,
  },
  {
    name: 'method-override',
    description: 'a POST whose body holds _method=DELETE (PUT, PATCH), or that carries X-HTTP-Method-Override with one, is routed as that method (Rack::MethodOverride): a valid create is answered 405 and nothing is created',
    rule: 'unknown parameters and headers are ignored: a valid create naming another method is still the create (201)',
    checkId: 'extra-params.ignored',
    level: 3,
  },
  {
    name: 'delete-race',
    description: 'DELETE looks the profile up, then deletes it in a second round trip with no lock and no check of what it removed: two DELETEs of one profile sent together both answer 204 (sequential ones are right)',
    rule: 'of two DELETEs of one profile, only one removes it (204): the other is 404 / 20404',
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'form-charset-honoured',
    description: "a form body's values are decoded in the charset its Content-Type names (charset=ISO-8859-1, windows-1252, Shift_JIS…), as a framework that sets the request's encoding from the label does: the UTF-8 bytes of Café are read as CafÃ©, echoed and stored so",
    rule: 'a form body is read as UTF-8 whatever its charset label (WHATWG parser); the echo is that reading',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'update-upserts-unknown-sid',
    description: "the update (POST /v1/CustomerProfiles/{Sid}) is an upsert keyed by the path's sid (update_or_create): a sid no profile has becomes a profile made from the body, under the sid the client chose",
    rule: 'an update of a sid that names no profile of the caller is 404 and makes nothing: the sid still reads 404',
    checkId: 'lookup.update-of-none',
    level: 3,
  },
  {
    name: 'update-ignores-owner',
    description: "the update (POST /v1/CustomerProfiles/{Sid}) finds the profile by its sid alone (Profile.find(sid)) while fetch and delete are scoped to the account: another account's update changes the caller's profile",
    rule: "an update of another account's profile is 404 and changes nothing",
    checkId: 'lookup.update-of-none',
    level: 3,
  },
  {
    name: 'form-body-trimmed',
    description:
      "the raw body is read as text and stripped before it is parsed (Flask's request.get_data(as_text=True).strip()): a body sent from a file (curl --data-binary @params.txt) loses the file's last line break, which is the end of the last value",
    rule: 'a form value is what the body holds between its = and the next & or the end: a raw line break that ends the body ends the last value, kept (no trimming)',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'update-other-account-403',
    description:
      "the update (POST /v1/CustomerProfiles/{Sid}) loads the profile by its sid and then checks its owner (authorize(profile) raises PermissionDenied: 403), while fetch and delete query within the caller's account (404): another account's update is told the sid exists",
    rule: "an update of another account's profile is 404, as any unknown resource, never a 403 that tells the sid exists",
    checkId: 'lookup.update-of-none',
    level: 3,
  },
  {
    name: 'update-refused-touches-date-updated',
    description:
      "the update's handler touches the row before it validates (profile.touch(), or UPDATE … SET date_updated = now() meant as the update's row lock): an update refused with a 400 (a Status outside the enum, a StatusCallback that is no URI) has moved date_updated all the same",
    rule: 'a refused update is no update: date_updated (when the resource was last updated) stays as it was',
    checkId: 'update.callback-absolute',
    level: 3,
    showsLate: true,
  },
  {
    name: 'update-auto-now-date-created',
    description:
      "the update of one's own profile saves the row through a model whose date_created is a Django DateTimeField(auto_now=True) where auto_now_add was meant: every save sets it to now, so an update moves date_created with date_updated",
    rule: "an update keeps when the resource was created: date_created stays as the 201 showed it",
    checkId: 'update.date-created-kept',
    level: 3,
    showsLate: true,
  },
  {
    name: 'update-unsent-callback-nulled',
    description:
      'the update writes UPDATE … SET friendly_name = COALESCE($1, friendly_name), email = COALESCE($2, email), status_callback = $3 — the nullable column left out of the COALESCE, and node-postgres sends undefined as NULL: an update of FriendlyName alone erases the status_callback',
    rule: 'an update changes what it is sent and keeps every field it was not sent (every parameter of the update is optional)',
    checkId: 'update.unsent-kept',
    level: 3,
  },
  {
    name: 'update-callback-unvalidated',
    description:
      "the URL validator (class-validator's @IsUrl) sits on the create's DTO, while the update's DTO was written by hand without it: an update stores StatusCallback=/status-callbacks/relative, a relative reference the create refuses (the profile then reads back with a status_callback that is no URI: resource.schema, level 1, fails too)",
    rule: 'an update with a StatusCallback that is no absolute URI is refused with a 4xx, as the create refuses it, and changes nothing',
    checkId: 'update.callback-absolute',
    level: 1,
  },
  {
    name: 'update-status-any-text',
    description:
      "the update DTO declares status as @IsString() @IsOptional() (NestJS), the enum validator forgotten, over a VARCHAR column: an update with Status=approved is answered 200 and the profile then reads back with status approved (resource.schema, level 1, fails too)",
    rule: 'an update with a Status outside the enum (draft, pending-review, in-review, twilio-rejected, twilio-approved) is refused with a 4xx and changes nothing',
    checkId: 'update.status-enum',
    level: 1,
  },
  {
    name: 'update-callback-whatwg-lenient',
    description:
      "the update checks its StatusCallback with the WHATWG URL parser (new URL(v), an http: or https: protocol) where the create checks RFC 3986: a callback with a space inside or around it, a stray %, a vertical bar or raw Unicode (an IRI) parses, so the update stores it — a value the create refuses",
    rule: 'an update with a StatusCallback the create refuses (no absolute URI of RFC 3986: whitespace, a stray %, a vertical bar, an IRI…) is refused with a 4xx and changes nothing',
    checkId: 'update.callback-absolute',
    level: 1,
  },
  {
    name: 'update-status-enum-folded',
    description:
      "the update checks Status against the enum on status.strip().lower() (a 'lenient' enum validator) and stores the value as sent: Draft, DRAFT, ' draft' and 'draft\\n' are taken and stored, no value of the enum",
    rule: "an update with a Status that is no value of the enum — draft spelt in another case, with whitespace or a line feed around it — is refused with a 4xx and changes nothing",
    checkId: 'update.status-enum',
    level: 1,
  },
  {
    name: 'update-partial-on-refusal',
    description:
      'the update sets each parameter on the loaded row as it validates it, in the order sent, and saves at the end; a refusal returns before the save, but the row the reads serve (an identity map, a cached instance) is already changed: a FriendlyName sent before a refused StatusCallback or Status is applied by a 400',
    rule: 'an update refused for one parameter is refused whole: the valid parameters sent beside it are not applied either',
    checkId: 'update.callback-absolute',
    level: 3,
  },
  {
    name: 'update-blank-ignored',
    description:
      "the update handler's `if name.strip(): profile.friendly_name = name` (Rails' present?): a FriendlyName of whitespace alone is skipped, 200, the old name kept — though the create takes it as a value",
    rule: "an update with a FriendlyName of the create's value space (whitespace alone is a value) is applied: its answer and a read after it show the value sent",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-truncates-255',
    description:
      "the update writes the FriendlyName through an ORM field declared max_length=255 that truncates (a Django CharField behind a custom save, MySQL's non-strict mode): a longer name is stored cut to 255 characters, 200 — the create keeps it whole",
    rule: 'an update with a FriendlyName of the create\'s value space is applied byte for byte, or refused whole with a 4xx: never cut',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-email-ignored',
    description: "the update serializer's Meta.fields lists friendly_name, status and status_callback but not email, and Django REST framework ignores a field it does not declare: an update of Email alone is a 200 that changes nothing",
    rule: 'an update with valid parameters is answered 2xx, and its answer and a read after it show each value sent',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-trims-text',
    description: "the update DTO has class-transformer's @Transform(({ value }) => value?.trim()) on FriendlyName and Email, the create's DTO none: an update's name with whitespace around it is stored without it",
    rule: 'an update stores the value it is sent byte for byte: no trimming, no normalization (standards.md Unicode)',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-callback-needs-tld',
    description: "the update DTO's @IsUrl() is validator.js isURL with require_tld: true, the create's validator a URI check: a StatusCallback with an IPv6 literal host or an absolute DNS name (a trailing dot), which the create takes, is refused by the update",
    rule: "an update with a StatusCallback of the create's value space (RFC 3986 hosts: IPv6 literals, a trailing dot) is applied",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-callback-normalized',
    description: "the update DTO has @Transform(({ value }) => new URL(value).href): the StatusCallback is stored as the WHATWG URL serializer writes it (HTTPS://EXAMPLE.COM:443/cb becomes https://example.com/cb)",
    rule: 'an update stores the StatusCallback it is sent byte for byte: no case change, no default port dropped',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-form-type-exact',
    description: "the update route guards with req.headers['content-type'] === 'application/x-www-form-urlencoded' before it reads the body: under '; charset=UTF-8' or another case of the type nothing is read, and the update is a 200 that changes nothing",
    rule: 'an update whose form Content-Type carries a charset or another case (the same media type, RFC 9110 §8.3.1) is applied',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-refuses-api-key',
    description: "the update is guarded by if (req.auth.principal !== req.auth.account) throw new ForbiddenException(), meant for sub-account tokens: an update signed with one of the account's API keys is a 403 (caught when the run knows both pairs: the embedded mock, or --auth-token with --api-key)",
    rule: "an update signed with either pair of the account (its Auth Token or an API key) is applied",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-reads-json',
    description: 'the update router is mounted with express.json() beside express.urlencoded() (the create has the form parser alone): a JSON body {"FriendlyName": …} renames the profile',
    rule: 'an update with a JSON body changes nothing: a JSON body is not read (twilio-behaviour.md)',
    checkId: 'update.unsent-kept',
    level: 3,
  },
  {
    name: 'update-names-case-insensitive',
    description: "the update's model binding (ASP.NET Core [FromForm]) matches form names case-insensitively: friendlyname= and EMAIL= bind as FriendlyName and Email",
    rule: 'an update changes only the parameters its form body names by their exact names: friendlyname is not FriendlyName (case-sensitive names)',
    checkId: 'update.unsent-kept',
    level: 3,
  },
  {
    name: 'update-name-filter-stale',
    description: "the list's FriendlyName filter reads a search column (name_search) the create's INSERT writes and the update does not rewrite: a renamed profile is listed by the name it was created with, not by its own",
    rule: 'after an update renames a profile, the list by the new name shows it and the list by the old one does not',
    checkId: 'update.listed-by-name',
    level: 3,
  },
  {
    name: 'update-answers-201',
    description: "the update is a NestJS @Post(':sid') handler without @HttpCode(200): Nest answers every POST 201 Created, the update's too (the profile, as stored)",
    rule: 'an update carried out is answered 200 OK (UpdateCustomerProfile documents 200 only)',
    checkId: 'update.status-200',
    level: 1,
  },
  {
    name: 'update-answer-before-refresh',
    description:
      "updated_at is set by the database (MySQL ON UPDATE CURRENT_TIMESTAMP) and the update answers the instance it saved without reloading it (no refresh_from_db / reload): the update's 200 shows the date_updated the profile had before it, the read after it the new one",
    rule: "an update's answer shows the profile as it stored it: every member as the read right after it shows it",
    checkId: 'update.answer-stored',
    level: 3,
    showsLate: true,
  },
  {
    name: 'update-keeps-date-updated',
    description: "the update's UPDATE … SET names the columns it is sent and not updated_at (no auto_now, no trigger): an update applied leaves date_updated at the create's",
    rule: 'an update applied moves date_updated (when the resource was last updated): later than the create showed',
    checkId: 'update.date-updated-moves',
    level: 3,
    showsLate: true,
  },
  {
    name: 'update-filtered-list-stale',
    description:
      "the lists filtered by Status or PolicySid are served by a search index whose documents the create's post_save signal writes, and the update goes through QuerySet.update(), which sends no signal: an updated profile is listed there as its create made it",
    rule: 'a list filtered by PolicySid or Status shows an updated profile as it is: as the read after its last update shows it',
    checkId: 'update.filtered-listed',
    level: 3,
  },
  {
    name: 'update-first-param-only',
    description:
      "the update handler is an if / elif chain over the parameters in the OpenAPI's order (Status, StatusCallback, FriendlyName, Email), one UPDATE … SET col = ? per branch: only the first parameter the body names is applied, and the answer is 200",
    rule: "an update naming StatusCallback, FriendlyName and Email in one body (the OpenAPI's update example) applies each: its answer and a read after it show every value sent",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-callback-userinfo-refused',
    description:
      "the update DTO's StatusCallback is class-validator's @IsUrl({ disallow_auth: true }) (a security review's \"no credentials in stored URLs\"), the create's the older @IsUrl(): an update with https://user:pass@host/… is refused with 400, which the create takes",
    rule: "an update with a StatusCallback of the create's value space (userinfo: Twilio documents credentials in callback URLs) is applied",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-email-domain-lowered',
    description: "the update serializer's validate_email returns Django's BaseUserManager.normalize_email(value), copied from the user model: the part after the @ is lower-cased (ops@Example.COM stored as ops@example.com); the create keeps it",
    rule: 'an update stores the Email it is sent byte for byte: no case change, the domain included (standards.md Unicode)',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-policy-sid-writable',
    description: "the update reuses the create's serializer with partial=True (Django REST framework), so every field the create writes is writable: a well-formed PolicySid in an update body moves the profile to that policy",
    rule: "an update changes only its own parameters (Status, StatusCallback, FriendlyName, Email): a PolicySid beside them is ignored (or the update refused whole), the profile's policy_sid kept",
    checkId: 'update.unsent-kept',
    level: 3,
  },
  {
    name: 'update-mass-assigns-account',
    description:
      "the update assigns every body parameter that names a column (Sequelize profile.set(mapKeys(req.body, snakeCase)); profile.save(), no attribute allow-list): AccountSid=AC… moves the profile to that account (its owner then gets 404) and DateCreated=… rewrites its creation date",
    rule: "an update with AccountSid, DateCreated and the resource's other fields beside a FriendlyName writes none of them: the profile stays its account's and reads back for it",
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-params-from-query',
    description: "the update handler reads its parameters as Flask's request.values (the query string and the form body merged, the body first): an update whose body names StatusCallback takes Email and FriendlyName from ?Email=…&FriendlyName=…",
    rule: "an update's parameters are its form body's (the OpenAPI's requestBody): a query string's Email and FriendlyName change nothing",
    checkId: 'update.unsent-kept',
    level: 3,
  },
  {
    name: 'update-form-charset-honoured',
    description:
      "the update's router is mounted with express.urlencoded() (body-parser), the create's with the WHATWG parser: the update decodes the percent-decoded bytes in the charset its Content-Type names, so a UTF-8 Café labelled charset=ISO-8859-1 is stored as CafÃ©",
    rule: 'an update form body is decoded as UTF-8 whatever charset its Content-Type names (standards.md Form bodies), as the create is: applied, its values read back as sent (or the update refused whole)',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-form-semicolon-split',
    description: "the update is a Rack endpoint (Sinatra) whose Rack::Utils.parse_nested_query splits the body on & and on ; (DEFAULT_SEP = /[&;] */n): a raw ; in a value ends it (FriendlyName=R;D stored as R); the create's parser splits on & alone",
    rule: 'an update form body is split on & only: a raw ; is data in a value (standards.md Form bodies), read back byte for byte',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-crash-on-bad-utf8',
    description:
      "the update's handler splits its body itself and decodes each name and value with decodeURIComponent (the create goes through the framework's WHATWG parser): percent-escapes that are no UTF-8 (%80, %E2%82, %ED%A0%80, %C0%AF) throw URIError, answered 500",
    rule: 'no request, on any route, is answered with a 5xx: an update whose form holds bytes that are no UTF-8 is applied with U+FFFD or refused with a 4xx (standards.md Form bodies)',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'update-form-equals-split',
    description: "the update's hand-written form parser takes each pair as const [name, value] = pair.split('='): a value holding a raw = is cut at it (FriendlyName=a=b=c stored as a); the create's parser splits each sequence at its first =",
    rule: 'an update form body splits each sequence at its first =: a raw = is data in a value (standards.md Form bodies), read back byte for byte',
    checkId: 'update.applied',
    level: 3,
  },
  {
    name: 'update-repeated-param-joined',
    description:
      "the update reads its parameters as ASP.NET Core's Request.Form[name].ToString(), a StringValues that joins every value of a name with a comma: FriendlyName=First&FriendlyName=Second is stored as First,Second (the create binds a DTO, which keeps one)",
    rule: 'an update naming a parameter twice is refused, or one of its values is stored as sent: never both, joined or as a list',
    checkId: 'update.repeated-param',
    level: 3,
  },
  {
    name: 'update-validation-before-auth',
    description:
      "the update router's validation middleware (a Status in the enum, an absolute StatusCallback) is mounted before the authentication middleware: an update without or with wrong credentials and a Status outside the enum or a relative StatusCallback is answered 400, not 401 (the create checks credentials first)",
    rule: 'missing or wrong credentials get 401 on every route, whatever the body: authentication comes before validation (RFC 9110 §15.5.2)',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'update-list-summary-stale',
    description:
      "the list unfiltered or by FriendlyName is served from a per-profile summary row the create wrote, and the update's handler, written for the rename, refreshes its friendly_name only: after an update of Email or StatusCallback the list by the profile's name shows the old ones (the lists by Status or PolicySid read the profile)",
    rule: 'a list by FriendlyName shows an updated profile as it is: as the read after its last update shows it',
    checkId: 'update.filtered-listed',
    level: 3,
  },
  {
    name: 'update-answer-raw-row',
    description:
      "the update (POST /v1/CustomerProfiles/{Sid}) answers with the ORM row (Sequelize's profile.toJSON()) instead of the serializer's view: accountSid, friendlyName, createdAt and updatedAt in place of account_sid, friendly_name, date_created and date_updated, no url or links (the create and the fetch are right)",
    rule: "the update's 200 is the Customer-Profile resource (the OpenAPI's UpdateCustomerProfile: trusthub.v1.customer_profile), as the fetch's is",
    checkId: 'resource.schema',
    level: 1,
  },
  {
    name: 'update-answer-text-html',
    description: "the update answers res.send(JSON.stringify(view)) in Express, which types a string body text/html; charset=utf-8 (the create and the fetch answer with res.json)",
    rule: "the update's 200 is application/json (the OpenAPI's UpdateCustomerProfile)",
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'update-answer-local-time',
    description: "the update sets date_updated from the host's local now() and writes it with its offset (2019-07-31T02:09:00+01:00): the create and the fetch write GMT",
    rule: "dates are ISO 8601 in GMT in every profile shown, the update's 200 included",
    checkId: 'resource.timestamps-gmt',
    level: 3,
  },
  {
    name: 'update-answer-url-singular',
    description: "the update's serializer builds url from a route template of its own with the singular /v1/CustomerProfile/<sid> (and the links under it): the create and the fetch show the right url",
    rule: "url is <base>/v1/CustomerProfiles/<sid> in every profile shown, the update's 200 included",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'update-answer-service-account',
    description: "the update is carried out by an internal worker that answers with the profile as its own service account sees it: the update's 200 shows the worker's account_sid, not the caller's",
    rule: "account_sid is the account that made the request in every profile shown, the update's 200 included",
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'update-answer-date-ahead',
    description:
      "the update sets date_updated from the database's NOW() in a session one hour east of UTC, kept in a timestamp column without a zone and written with Z: the update's 200 is dated an hour after its own Date header",
    rule: "no profile shown is dated after the answer that shows it, the update's 200 included",
    checkId: 'create.timestamps-server-clock',
    level: 3,
  },
  {
    name: 'update-password-unchecked',
    description:
      "the update route (app.post('/v1/CustomerProfiles/:sid')) is declared above router.use(basicAuth), and its handler finds the account with the logging helper accountFromHeader(req), which decodes the user-id and never compares the password: an update with a wrong password renames the profile",
    rule: 'the update refuses every missing or wrong credential with 401, as fetch, list and delete do',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'refused-update-applies',
    description: "an update whose credentials are refused is answered 401, but the profile is renamed all the same (the update's handler writes before the not-awaited credential check refuses it)",
    rule: 'a request refused for its credentials changes nothing: the profile reads back with the name it had',
    checkId: 'auth.refused-update-keeps',
    level: 2,
  },
  {
    name: 'create-crossed-pair-accepted',
    description:
      "the write gateway (the create) resolves the Basic user-id to its account, then accepts any secret of that account (account.secrets.some(s => same(pass, s))): the Account SID with the API key's secret, and the key SID with the Auth Token, create profiles, while fetch, list and delete stay strict",
    rule: 'the pairs are (Account SID, Auth Token) and (API key SID, its secret): a create with a crossed pair is refused with 401 and stores nothing (caught when the run knows both pairs: the embedded mock, or --auth-token with --api-key)',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'status-label-localized',
    description: "a read's status goes through the console's i18n layer, which has German alone: a fetch or list asked for in German (Accept-Language: de-DE) shows status 'entwurf'",
    rule: 'status is one of the documented values (draft, pending-review, in-review, twilio-rejected, twilio-approved), whatever language the request asks for',
    checkId: 'resource.schema',
    level: 1,
  },
  {
    name: 'legacy-helper-drops-status-callback',
    description: "reads for the helper libraries of before 2019 (twilio-python 6 and older, by User-Agent) go through the old serializer, which had no StatusCallback: status_callback null",
    rule: "a profile reads back the same, whatever a client's headers add",
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'lookup-friendly-id-slug',
    description:
      "the profile lookup also takes the FriendlyName as a slug (Rails friendly_id: Acme Corp is acme-corp): GET and DELETE of /v1/CustomerProfiles/acme-corp reach the profile",
    rule: "a path segment that is no sid (the profile's name as a slug) names no profile: 404",
    checkId: 'not-found.envelope',
    level: 3,
  },
  {
    name: 'lookup-numeric-row-id',
    description:
      "the lookup falls back from the sid to the row id (find_by(sid:) || find(id)): /v1/CustomerProfiles/1 is the account's first profile",
    rule: "a path segment that is no sid (a row id) names no profile: 404",
    checkId: 'not-found.envelope',
    level: 3,
  },
  {
    name: 'lookup-sid-regex-prefix',
    description:
      "the lookup is a MongoDB query by /^segment/ with no $: the sid's first 20 characters name the profile",
    rule: "a path segment that is no sid (the sid cut short) names no profile: 404, and its DELETE removes nothing",
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'lookup-sid-dollar-newline',
    description:
      "the sid is checked with /^BU[0-9a-f]{32}$/ whose $ matches before a final newline (Python's re, Ruby's), and the newline stripped before the lookup: the sid followed by %0A names the profile",
    rule: "a path segment that is no sid (the sid with a line feed) names no profile: 404, and its DELETE removes nothing",
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'conditional-304-before-account-check',
    description:
      'a conditional read (If-None-Match, If-Modified-Since) is answered 304 from a cache of validators kept by sid, before the account is checked: another account sending the owner\'s validators learns the profile exists, unchanged',
    rule: "a profile of another account is not found (404), whatever validators the request carries",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'sid-keyed-by-hex',
    description: "profiles are stored by their 32 hex digits and the route cuts the two letters off the path segment it takes for granted: the hex under another type's prefix (RN…, XX…) reads and deletes the profile",
    rule: "a path segment that is no profile's sid (the sid's hex under another prefix) names no profile: 404, and its DELETE removes nothing",
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'sid-pad-space',
    description: "fetch and delete compare sids the way a PAD SPACE collation does (MySQL's `WHERE sid = 'BU… '`): the sid followed by spaces (%20) reads and deletes the profile",
    rule: 'a path segment that is no sid (the sid followed by a space) names no profile: 404, and its DELETE removes nothing',
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'unrouted-html-404',
    description: "a path the operation does not have (a profile's links, /v1/NoSuchResource) falls through to the framework's text/html 404 page",
    rule: 'every error, on every path, is a Twilio error envelope (a 404: 20404 naming the path)',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'date-header-frozen',
    description: 'every answer carries the Date of the moment the mock started (a default-headers object built once)',
    rule: "the Date header is the server's now: it advances with time (RFC 9110 §6.6.1)",
    checkId: 'response.date-advances',
    level: 3,
    stopsClock: true,
  },
  {
    name: 'date-created-frozen',
    description: 'every new profile gets the date_created (and date_updated) of the moment the mock started (a default evaluated once)',
    rule: 'date_created is the time of the create: it advances with time',
    checkId: 'create.date-created-advances',
    level: 3,
    stopsClock: true,
  },
  {
    name: 'url-from-forwarded-host',
    description: "a create's url and links are built from the request's X-Forwarded-Host and X-Forwarded-Proto when it carries them ('trust proxy' on)",
    rule: "url is under the service's base, whatever the request's headers",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'url-scheme-from-forwarded-proto',
    description: "a create's url and links take their scheme from the request's X-Forwarded-Proto (the host stays the service's): 'trust proxy' on for the protocol only",
    rule: "url is the resource's, whatever the request's headers: the same scheme as every other profile's",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'url-base-http-scheme',
    description: "url, links and the list's meta URLs are http://trusthub.twilio.com/… (Rails' default_url_options with a host and no protocol, behind a load balancer that ends TLS: the request's own scheme is http)",
    rule: "url is under the documented base https://trusthub.twilio.com or the target's own (without --public-base-url)",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'url-base-regional-host',
    description: "url, links and the list's meta URLs are under https://trusthub.dublin.ie1.twilio.com (a base derived from the deployment's region), not the documented host",
    rule: "url is under the documented base https://trusthub.twilio.com or the target's own (without --public-base-url)",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'url-base-localhost',
    description: "url, links and the list's meta URLs are under http://localhost (an application URL left at the framework's default), while the service is reached elsewhere",
    rule: "url is under the documented base https://trusthub.twilio.com or the target's own (without --public-base-url)",
    checkId: 'resource.url',
    level: 3,
  },
  {
    name: 'reads-bracket-names',
    description: 'a create reads FriendlyName[]=v and Email[0]=v as FriendlyName and Email (a qs-style form parser): a body without the exact name is taken',
    rule: 'parameter names are compared exactly: FriendlyName[] is not FriendlyName, so it is missing (400, 20001)',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'email-cut-254',
    description: 'Email is cut to its first 254 characters, in the 201 and in storage (a 254-character column that cuts instead of refusing)',
    rule: 'email is exactly the Email sent: a length limit, if any, is a 4xx refusal, never a cut',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'trims-credentials',
    description: 'the decoded user-id and password are trimmed on every route (to forgive a token pasted with a trailing newline): the password followed by a space or a line feed is accepted',
    rule: 'a password (and a user-id) is matched exactly, never trimmed: anything else is refused with 401 (RFC 7617 §2)',
    checkId: 'auth.required-401',
    level: 2,
  },
  // Credentials on the other routes (mock/server.ts; caught by the credential matrix of the follow-ups, engine/phases/probes/credential-routes.ts)
  {
    name: 'item-routes-any-password',
    description: 'fetch and delete of one profile accept a known Account SID or API key SID with any password (their middleware checks only that the user exists)',
    rule: 'fetch, list and delete refuse every wrong credential with 401',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'any-secret-of-account',
    description: "one verify(account, secret) for every identity: a known Account SID or API key SID is accepted with any secret of its account, so the Account SID with the key's secret (and the key SID with the Auth Token) is accepted",
    rule: 'the pairs are (Account SID, Auth Token) and (API key SID, its secret): a crossed pair is refused with 401 (caught when the run knows both pairs: the embedded mock, or --auth-token with --api-key)',
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
    description: 'a profile created without StatusCallback reads back (GET, list) with status_callback "" instead of null (also breaks resource.schema on the read: "" is no URI)',
    rule: 'the resource reads back with GET as the create answered it',
    checkId: 'readback.same',
    level: 1,
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
    description: 'GET of a profile that does not exist answers 404 with an HTML page (also breaks error.envelope, error.content-type-json and not-found.code-20404, which judge every 404)',
    rule: 'a 404 is a Twilio error envelope with code 20404',
    checkId: 'not-found.envelope',
    level: 2,
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
    name: 'list-links-drop-filter',
    description: 'the meta URLs of a filtered list (url, first_page_url, next_page_url) are built from PageSize and Page alone: next_page_url leads to the unfiltered list',
    rule: "a filtered list's paging links keep its filter",
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-status-filter-upper-case',
    description: 'Status is compared with the stored enum name (DRAFT): Status=draft lists no profile',
    rule: "a list filtered by Status holds the profiles that have that status",
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-status-enum-snake',
    description: 'the list validates Status against the enum as a Python class writes it (pending_review, in_review, ...): Status=pending-review, in-review, twilio-rejected and twilio-approved are refused with 400 (draft, the one status a new profile has, still works)',
    rule: 'a list asked with any documented Status value is answered 200',
    checkId: 'list.valid-query-200',
    level: 3,
  },
  {
    name: 'list-page-int32',
    description: 'Page is read into a 32-bit int: a Page of 2147483648 or more is refused with 400 Invalid parameter Page',
    rule: 'a list asked with any Page from 0 (the OpenAPI gives no maximum) is answered 200, an empty page past the end',
    checkId: 'list.valid-query-200',
    level: 3,
  },
  {
    name: 'list-pagetoken-500',
    description: 'a PageToken is read as PA and a number with no check: a token of any other form reaches the query as NaN, and the list answers 500 with an HTML page',
    rule: 'no request is answered with a 5xx: a PageToken the server cannot read is refused with a 4xx or ignored',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'list-filters-first-only',
    description: 'only the first filter present applies (an if / elif chain: Status, else FriendlyName, else PolicySid): Status=draft with a FriendlyName shows every draft profile',
    rule: 'a list asked with several filters shows only profiles that have every value asked',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-query-latin1',
    description: "the list's query string is decoded as ISO-8859-1 (the form body as UTF-8): FriendlyName=Caf%C3%A9 is read as CafÃ© and finds no profile",
    rule: 'a list asked with the FriendlyName of a profile, non-ASCII or not, holds that profile',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-query-semicolon-separator',
    description: "the list's query is split on ; as well as & (Python's parse_qs before 3.9.2): FriendlyName=Café; ☕ with a raw ; is read as FriendlyName=Café and finds no profile",
    rule: 'a list asked with the FriendlyName of a profile, a raw ; in it or not, holds that profile (only & separates pairs)',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-query-encoded-names-ignored',
    description:
      "the list reads its parameters by their raw names (nginx's $arg_<name> in front): a name spelt with a percent-escape (Page%53ize=1, PageSize once decoded) is no parameter, and the page has the default size",
    rule: 'a query is decoded names and values alike: Page%53ize=1 is PageSize=1',
    checkId: 'list.page-size',
    level: 3,
  },
  {
    name: 'list-param-names-any-case',
    description: "the list's parameter names are matched in any case (ASP.NET Core model binding): pagesize=1 gives a page of one, friendlyname=x filters",
    rule: 'parameter names are case-sensitive: pagesize names no parameter, so the page is the default 50',
    checkId: 'list.page-size',
    level: 3,
  },
  {
    name: 'list-filter-undecodable-dropped',
    description:
      'a list query pair whose bytes are no UTF-8 is left out (Tomcat\'s strict Parameters decoder: "Character decoding failed … has been ignored"): FriendlyName=%FF or Caf%E9 lists the whole account',
    rule: 'a FriendlyName of bytes that are no UTF-8 filters as its reading (U+FFFD) or is refused with a 4xx, never dropped',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-name-stripped',
    description:
      "the list's FriendlyName is stripped before it filters, and skipped when that leaves nothing (django-filter's CharFilter): ' Acme' lists the profiles named 'Acme', FriendlyName= and FriendlyName=%20 the whole account",
    rule: 'a FriendlyName filter is the very text sent: not trimmed, and an empty one is a name too',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-name-filter-glob',
    description:
      'names are kept in a Redis index the list scans with SCAN MATCH: the FriendlyName filter is a glob, * any run and ? any one character, so Acm* lists Acme',
    rule: 'a list asked with a FriendlyName shows only profiles of that very name: * and ? are plain characters',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-friendlyname-like',
    description: 'FriendlyName is matched with SQL LIKE, the value unescaped: % and _ are wildcards, so FriendlyName=% shows every profile',
    rule: 'a list asked with a FriendlyName shows only profiles of that very name (% and _ are plain characters)',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-keeps-deleted',
    description: 'a list asked with any filter (Status, FriendlyName, PolicySid) still shows the deleted profiles it matches (a search index DELETE never updates); the unfiltered list is right',
    rule: 'after DELETE the profile is gone: not in the list, whatever filter it is asked with',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'list-cache-filter-keys-stale',
    description:
      "list pages filtered by PolicySid or Status are cached 60 s per account and query string; a DELETE purges the account's pages, but the create handler purges only the keys it can name cheaply (the unfiltered pages, its FriendlyName's), as a SCAN over the account's keys was too slow: for up to a minute a profile just created is missing from its policy's and its status's lists",
    rule: "a list shows the account's profiles as they are when it is asked: a profile just created is in the next list of its policy and status",
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-cache-filter-kept-on-delete',
    description:
      "list pages filtered by PolicySid or Status are cached 60 s per account and query string; a create purges the account's pages, but the DELETE handler, written later, purges only the unfiltered pages and its FriendlyName's: for up to a minute a profile just deleted still shows in its policy's and its status's lists",
    rule: 'after DELETE the profile is gone: not in the list, whatever filter it is asked with, however recently that list was asked',
    checkId: 'delete.gone',
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
    description: "GET of a sid that is not well-formed answers the router's HTML 404 page (also breaks error.envelope, error.content-type-json and not-found.code-20404)",
    rule: 'a 404 is a Twilio error envelope with code 20404, whatever the sid looks like',
    checkId: 'not-found.envelope',
    level: 2,
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
    name: 'blank-as-missing',
    description: "a FriendlyName of whitespace alone (' ', a tab, NO-BREAK SPACE…) counts as missing, as a presence check that strips first does (Rails' presence: true): 400 / 20001",
    rule: 'a present value is a value: a FriendlyName of spaces creates',
    checkId: 'create.status-201',
    level: 1,
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
    name: 'form-type-strict-parameters',
    description: "a form Content-Type is read only when each of its parameters is `; name=value` to the end (media-typer 0.3 under Express's body-parser): a trailing ; or a space before one leaves the body unread, answered as missing parameters though the body holds them (also a warning of extra-params.ignored, the SHOULD on these spellings)",
    rule: 'application/x-www-form-urlencoded; charset=utf-8; (an empty parameter, RFC 9110 §5.6.6) is still the form: its parameters are not missing',
    checkId: 'missing.only-when-absent',
    level: 2,
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
    name: 'callback-trailing-dot-refused',
    description: "a StatusCallback whose host ends in a dot (https://hooks.example.com./status, the absolute form of a DNS name) is refused as invalid (validator.js isURL's allow_trailing_dot: false)",
    rule: 'a callback URL whose host ends in a dot is a valid URI (RFC 3986 §3.2.2 reg-name)',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'waf-markup-sql-403',
    description: "a web application firewall in front answers 403 with its own HTML page to a create whose form values look like markup or SQL (<script>, onerror=, ' OR '1'='1, UNION SELECT, ; DROP TABLE): the create never reaches the service",
    rule: 'FriendlyName is any text: a valid create is answered 201 and its name echoed',
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
    name: 'halfwidth-kana-widened',
    description: "friendly_name is stored with its half-width katakana widened (PHP's mb_convert_kana 'KV'): ｶﾞｽ becomes ガス, a (semi-)voiced mark merged into its letter",
    rule: 'fields echo the code points sent: no width folding (NFKC) either',
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
    checkId: 'error.content-type-json',
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
    name: 'form-percent-u-escapes',
    description:
      "JavaScript escape()'s %uXXXX is read as an escape too (ASP.NET's HttpUtility.UrlDecode): a FriendlyName sent as Caf%u00e9 is stored as Café, a lone surrogate %uD83D as U+FFFD",
    rule: 'an escape is % and two hex digits: %u0041 is the text %u0041, not A',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'html-entities-decoded',
    description:
      "an input sanitizer (he.decode, Python's html.unescape) reads HTML character references in every value: a FriendlyName sent as AT&amp;T is stored as AT&T, Caf&#233; as Café, a callback ?a=1&amp;b=2 as ?a=1&b=2",
    rule: 'a form body is decoded once, never as HTML: AT&amp;T is the text AT&amp;T',
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
    name: 'form-max-keys-1000',
    description:
      "only the first 1,000 pairs of a body are read (Node's querystring.parse and its default maxKeys; qs' parameterLimit, PHP's max_input_vars): a valid create whose parameters follow 1,000 others is refused 400 / 20001 \"Missing required parameter\"",
    rule: 'a body is read whole: a create is refused as missing a parameter only when its body lacks it',
    checkId: 'missing.only-when-absent',
    level: 2,
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
      'a StatusCallback with raw non-ASCII characters (an IRI, https://bücher.example/cb) is accepted and stored as sent; its echo then breaks the resource schema (format uri, also resource.schema)',
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
  // HEAD answers meet the rules of their kind (contracts/check.ts inScope: every rule that does not read the content)
  {
    name: 'head-no-date',
    description:
      "HEAD answers carry no Date header: the app server's own Date is switched off (server.sendDate = false, uvicorn --no-date-header) because the JSON response builder sets it, and HEAD answers, built without a body, never pass through that builder",
    rule: 'an origin server with a clock sends Date in every 2xx and 4xx answer, HEAD answers included',
    checkId: 'response.date-header',
    level: 3,
  },
  {
    name: 'head-date-rfc850',
    description: "HEAD answers are written by a hand-made fast path (for clients' exists()) that formats its own Date with strftime('%A, %d-%b-%y %H:%M:%S GMT'): the obsolete RFC 850 form; every other answer's Date is IMF-fixdate",
    rule: 'a Date header is written as IMF-fixdate, on HEAD answers too',
    checkId: 'response.date-imf-fixdate',
    level: 3,
  },
  {
    name: 'head-date-frozen',
    description: "HEAD answers come from a fast path whose headers object (Date included) was hoisted to module scope for speed: every HEAD answer carries the Date of the moment the mock started; every other answer's Date is now",
    rule: "the Date header is the server's now, on HEAD answers too: it advances with time",
    checkId: 'response.date-advances',
    level: 3,
    stopsClock: true,
  },
  {
    name: 'head-gone-500',
    description: "HEAD of a profile that is not there (deleted, or never created) is answered 500: the exists() fast path reads Profile.find_by(sid:).updated_at for its Last-Modified, and the nil raises (GET of it is 404)",
    rule: 'no request is answered with a 5xx, HEAD included: HEAD of a profile that is not there is 404 like its GET',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'head-lookup-before-auth',
    description: "HEAD of a profile is answered by an exists() fast path mounted before the auth middleware for sids it does not find: HEAD of a sid that does not exist is 404 to anyone, without or with wrong credentials (GET and DELETE check the credentials first)",
    rule: 'without valid credentials a HEAD is 401 whether the sid exists or not, never 404',
    checkId: 'auth.before-lookup',
    level: 2,
  },
  // 3xx answers meet the header rules too (RFC 9110 §6.6.1 names 2xx, 3xx and 4xx): mock/redirect-faults.ts
  {
    name: 'path-case-301-without-date',
    description:
      "a \"canonical URL\" middleware answers a path that is the API's but for letter case (/v1/customerprofiles/<sid>) with 301 to its canonical spelling, written by hand with res.writeHead after the app turned the server's own Date off (its JSON builder sets Date): the redirect carries no Date",
    rule: 'an origin server with a clock sends Date in every 2xx, 3xx and 4xx answer, redirects included',
    checkId: 'response.date-header',
    level: 3,
  },
  {
    name: 'redirect-date-localtime',
    description:
      "the \"canonical URL\" middleware's 301 (a path that is the API's but for letter case) formats its own Date with strftime('%a, %d %b %Y %H:%M:%S GMT', time.localtime()) on a server in Europe/Berlin: the local wall clock labelled GMT, an hour ahead of every other answer's Date",
    rule: "the Date header is the server's now, on redirects too: it shows the same clock as every other answer",
    checkId: 'response.date-advances',
    level: 3,
  },
  {
    name: 'etag-304-without-date',
    description:
      "reads carry an ETag (a hash of the body) and a GET whose If-None-Match names it is answered 304 Not Modified by a conditional-GET layer that writes the answer itself, after the app turned the server's own Date off (its JSON builder sets Date): the 304 carries no Date",
    rule: 'an origin server with a clock sends Date in every 2xx, 3xx and 4xx answer, 304 Not Modified included',
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
  // Rules of every answer of a kind, on the routes and statuses the cases' own answers never show
  // (caught through the Replies of the follow-ups, the list walk and the probes: engine/phases/probes/answer-kinds.ts)
  {
    name: 'list-text-plain',
    description: 'the list (GET /v1/CustomerProfiles) is sent as text/plain; the body is still the JSON page',
    rule: 'every 2xx of the create, the fetch and the list is application/json',
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'content-type-colon-param',
    description: 'every JSON answer says Content-Type application/json; charset:utf-8 (a colon where the parameter needs =), which is no media type (also breaks error.content-type-json)',
    rule: 'Content-Type is a media type: type/subtype *( ; name=value ) (RFC 9110 §8.3.1)',
    checkId: 'response.content-type-json',
    level: 1,
  },
  {
    name: 'list-omits-valid-until',
    description: 'list items leave out valid_until (the list renders a lighter view of each profile)',
    rule: 'each item of a list page is a Customer-Profile the schema accepts',
    checkId: 'resource.schema',
    level: 1,
  },
  {
    name: 'list-meta-page-string',
    description: "the list page's meta.page and meta.page_size are strings (\"0\", \"50\"), copied from the query",
    rule: 'meta.page and meta.page_size are integers (OpenAPI ListCustomerProfileResponse)',
    checkId: 'list.page-schema',
    level: 1,
  },
  {
    name: 'delete-200-json',
    description: 'a DELETE that removes a profile answers 200 with the deleted resource instead of 204',
    rule: 'a DELETE that succeeds answers 204 with no content (OpenAPI)',
    checkId: 'delete.no-content',
    level: 1,
  },
  {
    name: 'list-cursor-int64',
    description: "the list page's meta carries a 64-bit cursor as a JSON number (page_token: 1234567890123456789), which binary64 does not hold exactly",
    rule: 'JSON numbers stay within what IEEE 754 binary64 holds (RFC 8259 §6)',
    checkId: 'response.json-interoperable',
    level: 1,
  },
  {
    name: 'method-not-allowed-framework-json',
    description: 'a method a route does not have (PUT on the collection) gets the web framework\'s own JSON {statusCode, error, message}, not the Twilio envelope',
    rule: 'every 4xx, on every route, carries a Twilio error envelope',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'create-pool-deadlock',
    description: 'each create takes two connections of one pool of 16, the second while it holds the first (an audit row in a REQUIRES_NEW transaction): with 16 creates in flight the pool deadlocks and each answers 500 after 500 ms (also breaks no-server-error)',
    rule: 'creates sent at once are each answered 201 (or 429 when busy): never a 5xx',
    checkId: 'create.burst',
    level: 1,
  },
  {
    name: 'create-overflow-drops-callback',
    description:
      'past a writer pool of 10 connections a create goes to a batch writer whose column list predates StatusCallback: of creates sent at once, those beyond the tenth in flight are stored and answered with status_callback null',
    rule: 'each of creates sent at once is answered holding what it sent',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'fetch-cache-half-filled',
    description:
      "a read-through cache fills a profile's entry in two steps (the row, then its contact columns in a second query 30 ms later) and serves it meanwhile: fetches of a profile sent at once, while the first fills its entry, show email and status_callback null",
    rule: 'each of many fetches sent at once shows the profile as its 201 did',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'connections-429-html',
    description: "a proxy in front limits a client's open connections to 16 (nginx limit_conn, limit_conn_status 429): a request on a connection beyond them gets 429 text/html, nginx's own page",
    rule: 'every 4xx, on every route (a 429 a retry would absorb included), carries a Twilio error envelope',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'proxy-413-html',
    description: "a body over 8 MiB is answered by a proxy in front of the app (nginx client_max_body_size 8m, no JSON error_page), before the credentials: 413 text/html, nginx's own page; smaller bodies reach the app's 413 envelope",
    rule: 'every 4xx, on every route, carries a Twilio error envelope',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'too-large-html',
    description: "a body over the size limit gets a proxy's HTML 413 page (also breaks error.content-type-json)",
    rule: 'every 4xx, on every route, carries a Twilio error envelope',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'not-found-text-plain',
    description: 'every 404 carries its JSON envelope with Content-Type text/plain',
    rule: 'every 4xx, on every route, is application/json',
    checkId: 'error.content-type-json',
    level: 2,
  },
  {
    name: 'reads-401-status-403',
    description: "a 401 to GET or DELETE (fetch, list, delete) carries an envelope whose status is 403 (the create's 401s are right)",
    rule: "the envelope's status equals the HTTP status, on every route",
    checkId: 'error.envelope-status',
    level: 2,
  },
  {
    name: 'not-found-more-info-http',
    description: 'the more_info of every 404 is http://www.twilio.com/docs/errors/20404 (http, not https)',
    rule: 'more_info is https://www.twilio.com/docs/errors/<code>, on every error',
    checkId: 'error.more-info',
    level: 3,
  },
  {
    name: 'reads-wrong-auth-code',
    description: "a 401 to GET or DELETE (fetch, list, delete) carries code 20005 (the create's 401s carry 20003)",
    rule: 'every 401, on every route, carries code 20003',
    checkId: 'auth.code-20003',
    level: 3,
  },
  {
    name: 'not-found-message-generic',
    description: 'every 404 envelope (code 20404) says "Not Found" instead of naming the resource',
    rule: 'a 404 says The requested resource <path> was not found',
    checkId: 'not-found.code-20404',
    level: 3,
  },
  {
    name: 'throttle-code-429',
    description: 'every second GET is answered 429 (Retry-After: 0) with an envelope whose code is 429; the retry that follows gets its answer',
    rule: 'a 429 carries code 20429, also when a retry replaces it',
    checkId: 'rate-limit.code-20429',
    level: 3,
  },
  {
    name: 'date-header-iso',
    description: 'every Date header is ISO 8601 (2026-11-27T10:00:01Z), which Date.parse reads but is no HTTP-date',
    rule: 'the Date header is an HTTP-date (RFC 9110 §6.6.1, §5.6.7)',
    checkId: 'response.date-header',
    level: 3,
  },
  {
    name: 'date-header-rfc850',
    description: 'every Date header is in the obsolete RFC 850 form (Friday, 27-Nov-26 10:00:01 GMT), which a recipient accepts',
    rule: 'a sender writes Date as IMF-fixdate (RFC 9110 §5.6.7)',
    checkId: 'response.date-imf-fixdate',
    level: 3,
  },
  {
    name: 'list-dates-offset',
    description: "list items' date_created and date_updated carry a +01:00 offset (the fetch and the create are GMT)",
    rule: 'dates are ISO 8601 in GMT in every profile shown',
    checkId: 'resource.timestamps-gmt',
    level: 3,
  },
  {
    name: 'list-links-relative',
    description: "list items' links are paths (/v1/CustomerProfiles/<sid>/EntityAssignments), not absolute URLs under url (also breaks resource.schema: links are URIs)",
    rule: 'links are the absolute <url>/EntityAssignments, … in every profile shown',
    checkId: 'resource.url',
    level: 1,
  },
  {
    name: 'fetch-other-account',
    description: "GET of one profile answers it with another account's account_sid (also breaks readback.same)",
    rule: "account_sid is the caller's account, in the fetch too",
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'later-pages-other-account',
    description: "list pages after the first (Page 1 and on) also show a profile of another account, which the whole list does not (the account filter only on the first page's query; also breaks list.paging)",
    rule: "every list page shows only the caller's profiles",
    checkId: 'list.own-account',
    level: 3,
  },
  {
    name: 'paging-ignores-page',
    description: 'the list ignores the Page parameter: every page is the first, and next_page_url always names page 1',
    rule: 'next_page_url leads to the next page, and the last page has none',
    checkId: 'list.paging',
    level: 3,
  },
  {
    name: 'method-not-allowed-no-allow',
    description: 'a 405 carries no Allow header',
    rule: 'a 405 lists the methods the target has in Allow (RFC 9110 §15.5.6)',
    checkId: 'response.allow-405',
    level: 2,
  },
  {
    name: 'challenge-unquoted-realm',
    description: 'every 401 says WWW-Authenticate: Basic realm=Twilio API (an unquoted value with a space), which is no challenge',
    rule: 'a 401 carries a WWW-Authenticate challenge (RFC 9110 §11.6.1: auth-param = token "=" ( token / quoted-string ))',
    checkId: 'auth.challenge',
    level: 2,
  },
  // The account over a sequence of commands (the model phase)
  {
    name: 'create-after-delete-reuses-sid',
    description: "the sid is the account's profile count plus one: after a DELETE, the next create gets the sid of the newest live profile and overwrites it",
    rule: 'each create gets a new sid; a profile reads back as created until it is deleted',
    checkId: 'account.model',
    level: 3,
  },
  {
    name: 'delete-removes-other',
    description:
      "DELETE fills the freed slot with the newest profile and never updates that profile's index: reading it then gets 404 or another profile, and deleting it removes the profile created since",
    rule: 'DELETE removes exactly the profile it names; the others read back as created',
    checkId: 'account.model',
    level: 3,
  },
  {
    name: 'readback-truncates-long',
    description: 'the 201 echoes the request, but storage keeps only the first 255 characters of each text field (a VARCHAR(255) column): GET and the list show the cut text',
    rule: 'a profile reads back with GET as it was sent, whatever its length',
    checkId: 'account.model',
    level: 3,
  },
  {
    name: 'refused-create-stored-late',
    description: 'a create refused with 400 is still queued, and stored when the next valid create is: the list read right after the refusal shows nothing, later lists show it',
    rule: 'a refused request creates nothing, then or later',
    checkId: 'reject.no-trace',
    level: 2,
  },
  {
    name: 'list-page-skips',
    description: 'every page after the first starts one profile late: the profile at each page boundary is never listed',
    rule: 'the list, walked page by page to the end, holds every profile',
    checkId: 'list.exact',
    level: 3,
  },
  {
    name: 'list-page-repeats',
    description: 'every page after the first starts one profile early: the profile at each page boundary is listed twice',
    rule: 'a list walked to the end shows each profile once',
    checkId: 'account.list-paging',
    level: 3,
  },
  {
    name: 'list-pagesize-singleton-race',
    description:
      'the page size lives in a field of one shared list controller (a Spring singleton), set as a list begins and read after its count query: lists in flight together get the last size set, a PageSize=1 list answers 3 profiles and says page_size 3',
    rule: 'a list page holds at most its own PageSize and says it, whatever other lists are in flight',
    checkId: 'list.page-size',
    level: 3,
  },
  {
    name: 'list-previous-page-self',
    description:
      "the links are built in order and the next page's index is computed in place (`next = link(++page)`): on every page after the first, previous_page_url names the page itself, so a client paging back never leaves it",
    rule: 'previous_page_url leads to the page before (null on the first page)',
    checkId: 'list.previous-page',
    level: 3,
  },
  {
    name: 'page-token-anchor-deleted-restarts',
    description:
      "a keyset cursor (PageToken=PA<the last profile of the page>) whose anchor row is loaded through a scope that hides deleted rows (acts_as_paranoid, a Django manager, Hibernate @Where): once another client deletes the profile that ended a page, the cursor finds nothing, is dropped, and the 'next' page is the first page again",
    rule: 'next_page_url leads to the next page: a profile is never shown twice in a walk, even when the profile that ended the page before was deleted meanwhile',
    checkId: 'list.paging',
    level: 3,
  },
  {
    name: 'paging-offset-behind-token',
    description:
      "next_page_url carries a PageToken (Twilio's helper libraries expect one) but the handler still pages by OFFSET Page×PageSize: a profile deleted before the cursor between two page fetches shifts the rest, and the next page skips a profile that existed all along",
    rule: 'a walk through next_page_url shows every profile that exists throughout it, whatever is created or deleted meanwhile',
    checkId: 'list.walk-complete',
    level: 3,
  },
  {
    name: 'list-row-deleted-500',
    description:
      "a list page loaded N+1 style: the page's sids selected, then each row loaded by its sid (a repository, a DataLoader); a row deleted by another request in the 10 ms between is missing and the serializer throws: the framework's HTML 500",
    rule: 'a valid list is a 200 page, whatever is deleted while it is read (never a 5xx)',
    checkId: 'no-server-error',
    level: 1,
  },
  {
    name: 'create-two-step-visible',
    description:
      'a create in two statements without a transaction (Profile.create!(account:) then update!(params), an INSERT then an UPDATE): for 10 ms a list of the account shows the new profile with friendly_name, email and policy_sid null',
    rule: 'a list shows a profile the create made with what the create answered (never a row half made)',
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'page-token-expires-3s',
    description:
      'page tokens kept server-side with a TTL meant in seconds and given in milliseconds (SET … PX 3000): a next_page_url followed more than 3 s after its page was served is refused 400 Invalid parameter PageToken',
    rule: 'the next_page_url a page gives leads to the next page, however long the client takes between pages',
    checkId: 'list.paging',
    level: 3,
    showsLate: true,
  },
  {
    name: 'head-deletes',
    description:
      "one handler serves the profile's GET and DELETE and branches on `method === 'GET'`; the framework routes HEAD to it, so a HEAD with the caller's credentials deletes the profile (204)",
    rule: 'HEAD is GET without the body: it leaves the profile as created',
    checkId: 'methods.keep-profile',
    level: 3,
  },
  {
    name: 'collection-delete-wipes',
    description:
      "one route `DELETE /v1/CustomerProfiles/:sid?` (the optional sid meant for a trailing slash) runs deleteMany({ account_sid, sid }); with no sid the ORM drops the undefined key, so a DELETE of the collection removes every profile of the account (204)",
    rule: 'the collection has no DELETE: it leaves every profile as created',
    checkId: 'methods.keep-profile',
    level: 3,
  },
  {
    name: 'member-put-patch-updates',
    description: "a scaffold's update route left on PUT and PATCH of a profile: with the caller's credentials they answer 200 and write the FriendlyName and Email they are sent",
    rule: 'a profile has no PUT or PATCH: they leave it as created',
    checkId: 'methods.keep-profile',
    level: 3,
  },
  {
    name: 'delete-rewrites-list',
    description:
      "the account's profiles are one document: a DELETE reads them, and 100 ms later saves them back without its profile (no version check), so a profile created meanwhile is lost and a profile another DELETE removed meanwhile comes back",
    rule: 'a DELETE removes its profile and nothing else: DELETEs and a create sent together each do only their own',
    checkId: 'delete.concurrent',
    level: 3,
  },
  {
    name: 'delete-erases-first',
    description: 'a DELETE nulls the friendly_name, email and status_callback and answers 204; a background job removes the profile 100 ms later: a read in between shows the profile with those fields null',
    rule: 'a profile read while its DELETE is in flight is shown as created, or not at all (404)',
    checkId: 'delete.concurrent',
    level: 3,
  },
  {
    name: 'list-filter-collation-ai-ci',
    description: "the FriendlyName filter compares under a case- and accent-insensitive collation (MySQL 8's utf8mb4_0900_ai_ci): a list asked for Café shows profiles named CAFÉ and cafe too",
    rule: 'a list filtered by FriendlyName shows only profiles of that very name: no case change, no accent folding',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-pagesize-ignored',
    description: 'PageSize is not read: every page holds up to 50 profiles (the default), whatever was asked',
    rule: 'a list page holds at most PageSize profiles',
    checkId: 'account.list-paging',
    level: 3,
  },
  {
    name: 'item-routes-ignore-owner',
    description: "fetch and delete find a profile by its sid alone (WHERE sid = ?, no account_sid): another account's credentials read and delete it (the list stays scoped)",
    rule: "a profile of another account is no resource of the caller: 404, and a DELETE of it removes nothing",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'other-account-403',
    description: "fetch and delete of another account's profile answer 403 (code 20403, Forbidden): found by sid alone, then refused by a policy check, so the answer tells the sid exists",
    rule: "a profile of another account is no resource of the caller: 404 / 20404, as for a sid that never existed",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'path-case-insensitive',
    description: "paths are matched case-insensitively (Express's router default, fastify's caseSensitive: false): /v1/customerprofiles/<sid> reads and deletes the profile, /v1/customerprofiles lists",
    rule: "the API's paths are spelt exactly: another spelling names no resource (404)",
    checkId: 'route.path-exact',
    level: 3,
  },
  {
    name: 'path-bad-escape-html',
    description: "a path segment whose escapes decode to nothing (/v1/CustomerProfiles/BU%zz, BU%, BU%C3%28) gets Express's HTML error page: 400 text/html `URIError: Failed to decode param`",
    rule: 'every error body is the JSON envelope {code, message, more_info, status}',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'routes-trailing-slash',
    description: "the router's trailing slash is optional (Express's strict: false): /v1/CustomerProfiles/{Sid}/ answers as the profile",
    rule: "the API's paths are spelt exactly: a trailing slash names no resource",
    checkId: 'route.path-exact',
    level: 3,
  },
  {
    name: 'routes-path-decoded-before-match',
    description: "the path is percent-decoded before it is matched (Spring's UrlPathHelper with urlDecode=true): /v1/CustomerProfiles%2F{Sid} answers as the profile",
    rule: "the API's paths are spelt exactly: an escaped / is no segment boundary",
    checkId: 'route.path-exact',
    level: 3,
  },
  {
    name: 'path-format-suffix',
    description: "a .json suffix is read as a format (Rails' optional (.:format) segment): /v1/CustomerProfiles/<sid>.json reads and deletes the profile, /v1/CustomerProfiles.json lists",
    rule: "the API's paths are spelt exactly: another spelling names no resource (404)",
    checkId: 'route.path-exact',
    level: 3,
  },
  {
    name: 'path-matrix-params-stripped',
    description: "\";…\" path parameters are dropped from every segment before routing (Spring MVC's UrlPathHelper, Tomcat's ;jsessionid): /v1/CustomerProfiles/<sid>;x=1 reads and deletes the profile",
    rule: 'a path segment that is no sid (the sid followed by ;x=1) names no profile: 404, and its DELETE removes nothing',
    checkId: 'delete.unknown-404',
    level: 3,
  },
  {
    name: 'list-pagesize-parseint',
    description: "PageSize and Page are read with parseInt (Rails' to_i, PHP's intval): the leading digits are the number, so PageSize=2.5 lists 2 and PageSize=20abc 20",
    rule: 'a PageSize or Page that is no integer the operation allows is refused with a 4xx',
    checkId: 'list.invalid-paging-4xx',
    level: 3,
  },
  {
    name: 'trace-echo',
    description: 'TRACE is answered by the front end itself (Apache httpd, TraceEnable On): 200 message/http echoing the request, Authorization included, on every path and without credentials',
    rule: 'missing or wrong credentials get 401 on every method, TRACE too',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'origin-not-allowed-500',
    description: "a request carrying an Origin off the CORS whitelist (a browser page, Origin: null) gets Express's 500 HTML page before authentication (cors() with an origin callback that errs)",
    rule: 'a valid create is answered 201 and a request without credentials the 401 envelope, whatever Origin it carries',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'cookie-csrf-403',
    description: "a POST, DELETE, PUT or PATCH carrying any cookie (a load balancer's AWSALB a client replays) and no X-XSRF-TOKEN is refused 403 with Spring Boot's error JSON, valid Basic credentials or not",
    rule: 'a valid create is answered 201 whatever cookie it carries',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'xff-list-500',
    description: 'a create or DELETE with credentials whose X-Forwarded-For is a list (203.0.113.7, 10.0.0.2: two proxies) is answered 500 HTML (the audit row\'s inet column refuses it) and nothing is created',
    rule: 'a valid create is answered 201 whatever X-Forwarded-For a proxy chain wrote',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'remote-user-trusted',
    description: "a request without Authorization carrying X-Remote-User, Remote-User or X-Forwarded-User naming an account is taken as that account (an auth proxy's header the app trusts, a client's own passed through)",
    rule: 'a request without credentials is refused with 401, whatever identity headers it carries',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'browser-login-redirect',
    description:
      "the service shares Spring Security with the console: formLogin() beside httpBasic(), so a request without credentials whose Accept names text/html is sent to the login form (302 Location: /login) instead of the Basic entry point's 401",
    rule: 'a request without credentials is refused with 401, whatever Accept it carries',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'xhr-401-no-challenge',
    description:
      "a 401 to a request marked X-Requested-With: XMLHttpRequest leaves out WWW-Authenticate, so that browsers do not pop up their login dialog over the console's XHRs (a common Spring Security and ASP.NET customization)",
    rule: 'every 401 carries a Basic challenge, whatever X-Requested-With the request carries',
    checkId: 'auth.challenge',
    level: 2,
  },
  {
    name: 'scheme-locale-lowercase',
    description: 'the scheme is lower-cased in the locale of the request\'s Accept-Language: under tr-TR, BASIC becomes "basıc" (dotless ı) and the right credentials get 401',
    rule: 'the scheme name is case-insensitive (RFC 9110 §11.1), whatever language the request asks for',
    checkId: 'auth.scheme-case-insensitive',
    level: 1,
  },
  {
    name: 'errors-problem-json',
    description: 'an error asked for with an Accept that names application/problem+json first is an RFC 9457 problem {type, title, status, detail, instance}, not the Twilio envelope (the 401 too)',
    rule: 'every error body is the envelope {code, message, more_info, status}, whatever Accept the request sends',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'accept-charset-utf16',
    description: 'the JSON is written in the charset Accept-Charset ranks first (Accept-Charset: utf-16 gets UTF-16LE bytes, labelled charset=utf-16)',
    rule: 'JSON exchanged between systems is UTF-8 whatever Accept-Charset asks for (RFC 8259 §8.1)',
    checkId: 'response.utf8-no-bom',
    level: 1,
  },
  {
    name: 'dates-locale-digits',
    description: "date_created and date_updated are written with the request's locale (Accept-Language ar-EG gets Arabic-Indic digits, th-TH-u-nu-thai Thai digits)",
    rule: 'dates are ISO 8601 in GMT, e.g. 2019-07-30T22:29:24Z, whatever language the request asks for',
    checkId: 'resource.timestamps-gmt',
    level: 1,
  },
  {
    name: 'gzip-stale-length',
    description: 'asked with Accept-Encoding: gzip, the answer is gzip with the Content-Length of the uncompressed JSON (a gzip filter that passes the length through): fewer bytes than announced, the body never completes',
    rule: 'a valid create is answered 201 with its body whole, whatever content coding the client accepts (RFC 9110 §8.6)',
    checkId: 'create.status-201',
    level: 1,
  },
  {
    name: 'create-upserts-client-sid',
    description: "a create keeps a well-formed Sid from its body (Django's update_or_create(sid=data.get('Sid') or new_sid()), a Mongoose upsert): naming an existing profile's sid replaces that profile",
    rule: 'a create makes a new profile with a sid of the server\'s; a profile named in its body is left as it was',
    checkId: 'create.sid-from-server',
    level: 3,
  },
  {
    name: 'account-param-unchecked',
    description: "fetch, list and delete act for the account ?AccountSid= names (a parent account's switcher whose subaccount check was never written): the caller's own profile is not found, another account's is",
    rule: "the account is the caller's whatever the query names",
    checkId: 'lookup.account-param',
    level: 3,
  },
  {
    name: 'account-param-known-account',
    description:
      "fetch, list and delete act for the account ?AccountSid= names when the service knows it (the 2010 API's switcher ported as middleware: it checks that the account exists, never that it is the caller's or a subaccount of it; an unknown one falls back to the caller): the caller's own profile is not found, the other account's is",
    rule: "the account is the caller's whatever the query names, an account the service knows included",
    checkId: 'lookup.account-param',
    level: 3,
  },
  {
    name: 'create-account-query-honoured',
    description:
      "the create takes the 2010 API's AccountSid from the query string (the same switcher, on the POST's URL) when the service knows the account: a create of the caller's with ?AccountSid=<another account> makes that account's profile",
    rule: "account_sid is the account that made the request: a create naming another account in its query string is the caller's profile, or refused",
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'identity-header-switches-account',
    description:
      "the account resolver the console and the API share reads X-Forwarded-User (oauth2-proxy's header) before the Basic user, after Basic has authenticated: a request with the caller's valid credentials and X-Forwarded-User naming another account the service knows acts for that account",
    rule: "the account is the caller's whatever identity headers an authenticated request carries",
    checkId: 'lookup.account-param',
    level: 3,
  },
  {
    name: 'path-sid-overridden-by-query',
    description:
      "a profile's GET, HEAD and DELETE bind one object from the route and the query, the query last ({ ...req.params, ...req.query } in Node; Spring's ExtendedServletRequestDataBinder adds a URI variable only when no request parameter of its name exists): GET /v1/CustomerProfiles/A?Sid=B shows B under A's URL, DELETE /v1/CustomerProfiles/A?Sid=B removes B and answers 204, and A remains",
    rule: "the profile a request acts on is the one its path names: a query parameter names no other (the OpenAPI's Sid is in: path)",
    checkId: 'lookup.account-param',
    level: 3,
  },
  {
    name: 'delete-sid-from-body',
    description:
      "the DELETE reads its sid as request.values.get('Sid') or sid (Flask's request.values merges the query string and a form body on every method): DELETE /v1/CustomerProfiles/A with the form body Sid=B removes B and answers 204, and A remains",
    rule: 'the profile a DELETE removes is the one its path names: a body names no other',
    checkId: 'lookup.account-param',
    level: 3,
  },
  {
    name: 'url-from-host-header',
    description: "a fetch's and a list's URLs are built from the request's own Host header (Django's build_absolute_uri() with ALLOWED_HOSTS = ['*']): Host: attacker.invalid gives http://attacker.invalid/v1/CustomerProfiles/<sid>",
    rule: "the URLs an answer gives are the service's, whatever the request's Host",
    checkId: 'resource.url-not-from-request',
    level: 3,
  },
  {
    name: 'url-prefix-from-forwarded-prefix',
    description: "a fetch's and a list's URLs put the client's X-Forwarded-Prefix between the base and /v1 (werkzeug's ProxyFix(x_prefix=1)): <base>/x/v1/CustomerProfiles/<sid>",
    rule: "the URLs an answer gives are the service's, whatever the request's forwarded headers",
    checkId: 'resource.url-not-from-request',
    level: 3,
  },
  {
    name: 'status-filter-projection-no-email',
    description:
      "the list by Status reads a projection (a covering index on account_sid, status with the columns the list page was first written for) that lacks email, and the serializer fills a missing column with null: every profile listed by Status shows email null; listed plain, by name or by policy, and fetched, it shows its email",
    rule: 'a list shows a profile as its create answered it, whatever filter selects it',
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'policy-filter-join-dates',
    description:
      "the PolicySid filter joins the policies table (SELECT * FROM customer_profiles JOIN policies USING (policy_sid)), and the policy's own date_created and date_updated, read last, overwrite the profile's: every profile listed by PolicySid shows the policy row's dates (2020-01-15, 2021-03-02)",
    rule: 'a list shows a profile as its create answered it, dates included, whatever filter selects it',
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'list-last-modified-stale-304',
    description: "the list says Last-Modified, the newest date_created of the account (Django's @last_modified, Rails' fresh_when), and answers If-Modified-Since at or after it with 304: after a DELETE, or a create in the same second, a revalidating client keeps its stale page",
    rule: 'a conditional list after a change to what it lists is not answered 304',
    checkId: 'list.conditional-fresh',
    level: 3,
  },
  {
    name: 'email-provider-canonicalized',
    description:
      "Email is canonicalized by provider before it is stored (validator.js normalizeEmail): at gmail.com and googlemail.com dots and +tags go and the address is lower-cased (googlemail.com becomes gmail.com), at outlook.com, hotmail.com, live.com and icloud.com +tags go, at yahoo.com -tags go",
    rule: 'email echoes Email exactly',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'x-original-url-routing',
    description:
      'the request URI is taken from X-Original-URL or X-Rewrite-URL whenever present (IIS URL Rewrite support: Symfony before CVE-2018-14773, Zend Framework, Laminas): a DELETE of /v1/NoSuchResource naming a profile in X-Original-URL deletes it',
    rule: 'a request acts on its own path: a DELETE of a path the API does not have removes no profile',
    checkId: 'methods.keep-profile',
    level: 3,
  },
  {
    name: 'idempotency-key-replays-other-body',
    description:
      "a Stripe-style retry-safety middleware caches each create's answer under the Idempotency-Key header alone, with no fingerprint of the body: a create reusing a key with another body gets the earlier profile back as its 201, and nothing is created",
    rule: 'a create makes a new profile of what it sent, whatever Idempotency-Key it carries',
    checkId: 'create.sid-from-server',
    level: 3,
  },
  // Account isolation on every route and in every shape (mock/account-faults.ts; the second account's probe, engine/phases/probes/second-account.ts)
  {
    name: 'list-policy-any-account',
    description: "a list filtered by PolicySid is answered from the policy's side (Policy.find(PolicySid).customer_profiles): policies are shared by every account, so the page shows every account's profiles with that policy",
    rule: "every list page shows only the caller's profiles, whatever the filter",
    checkId: 'list.own-account',
    level: 3,
  },
  {
    name: 'list-page-token-names-account',
    description: "next_page_url's PageToken carries the account it lists (PA<position>-AC…), and a token is trusted for the account it names: another account's next_page_url lists that account's profiles",
    rule: "every list page shows only the caller's profiles, whatever PageToken it is asked with",
    checkId: 'list.own-account',
    level: 3,
  },
  {
    name: 'list-cache-without-account',
    description: 'list pages are cached under their query string, the account left out of the key (every create and DELETE empties the cache): another account asking the same query next gets the first account\'s page',
    rule: "every list page shows only the caller's profiles, however recently another account asked the same query",
    checkId: 'list.own-account',
    level: 3,
  },
  {
    name: 'fetch-cache-skips-owner',
    description: "a read-through cache keyed by sid in front of the fetch: a profile its owner fetched is served from the cache to any account that names its sid, without the owner check (also breaks resource.account-sid)",
    rule: "a profile of another account is no resource of the caller: 404, however recently its owner read it",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'head-ignores-owner',
    description: "HEAD of a profile has a fast path for clients' exists() (Profile.exists?(sid:)) without the account: HEAD of another account's profile is 200",
    rule: "a profile of another account is no resource of the caller: HEAD of it is 404 like its GET",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'delete-skips-owner-for-first-account',
    description:
      "DELETE loads the profile by its sid alone and checks its owner unless the caller is the operator account (the one the service was deployed with, the mock's first), so support tooling can clean up any tenant: the first account's DELETE of another account's profile is 204 and removes it, while its GET of it is 404",
    rule: "a profile of another account does not exist for the caller: its DELETE is 404 and removes nothing (the owner still reads it)",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'delete-204-keeps-second-accounts',
    description:
      "a single-tenant leftover: the DELETE statement still binds the deployment's account (WHERE sid = ? AND account_sid = <the first account>) and its row count is never read: every other account's DELETE of its own profile answers 204 and the profile stays",
    rule: 'after DELETE (204) the profile is gone for the account that deleted it: its GET is 404',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'head-after-delete-cached',
    description:
      "HEAD (a client's cheap exists check) is answered from a cache of the profile rows read, which DELETE never purges: after a DELETE the GET is 404 and the HEAD still 200",
    rule: 'after DELETE the profile is gone on every read: HEAD of it is 404 like GET (a HEAD is a GET without body)',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'other-account-404-names-owner',
    description: "fetch and DELETE of another account's profile answer 404 / 20404 with the authorization error's own message, 'not allowed to show? this CustomerProfile (owned by AC…)'",
    rule: 'a 404 says "The requested resource <path> was not found", and never that the sid exists in another account',
    checkId: 'not-found.code-20404',
    level: 3,
  },
  {
    name: 'user-and-password-apart',
    description: "the credentials are two questions (a known Account SID, a known Auth Token), not one: any account's Auth Token with another account's SID is accepted as the SID's account",
    rule: "a user-id and its password are one credential: one account's SID with another account's Auth Token is refused with 401 on every route (caught when the run knows a second account: the embedded mock, or --second-account-sid)",
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'migrated-token-lowercased',
    description:
      "accounts migrated from an old auth service (here every account but the first: the second) had their Auth Tokens stored lower-cased by the migration script; rather than re-issue them, the check lower-cases the password presented for those accounts: the second account's Auth Token in upper case is accepted, the first account's is compared exactly",
    rule: "a password matches the account's secret exactly, for every account: the second account's Auth Token in another letter case is refused with 401 (caught when the run knows a second account: the embedded mock, or --second-account-sid)",
    checkId: 'auth.required-401',
    level: 2,
  },
  // The account a create acts for (mock/account-context-faults.ts; both accounts' creates, engine/phases/probes/account-creates.ts)
  {
    name: 'account-context-singleton',
    description:
      "the authenticated account is kept in one module-level variable (a global \"current account\") set as each request is authenticated, and the create reads it again after the insert's round trip: with two accounts' creates in flight, a profile is stored in and answered with the other account",
    rule: "account_sid is the account that made the request, whatever other account's requests are in flight",
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'create-account-from-default',
    description: "the create stores account_sid from the server's configured default account (an environment variable naming the first account), not the authenticated one: another account's create answers 201 with the first account's account_sid, and its profile is listed there",
    rule: 'account_sid is the account that made the request, for every account the server serves',
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'idempotency-key-ignores-account',
    description: "a retry-safety cache keys each create's answer by its Idempotency-Key and body, the account left out: another account sending the same key and body gets the first account's profile back",
    rule: "a create makes a profile of the account that sent it, whatever Idempotency-Key another account's create carried",
    checkId: 'create.sid-from-server',
    level: 3,
  },
  {
    name: 'body-parser-100kb-html',
    description:
      "the app's form parser keeps body-parser's default limit of 100 KB (express.urlencoded() with no limit set) and its PayloadTooLargeError reaches Express's default handler: a body between 100 KB and 1 MiB gets a 413 HTML page; beyond 1 MiB the edge answers first, with the envelope",
    rule: 'every error, on every route, is a Twilio JSON envelope, whatever the size of the body',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'create-body-limit-html-413',
    description:
      "the create route's own form parser (express.urlencoded({ limit: '1mb' }) mounted on that route alone) refuses a body over the limit with Express's default HTML error page; the other routes answer the envelope",
    rule: 'every error, on every route, is a Twilio JSON envelope',
    checkId: 'error.envelope',
    level: 2,
  },
  {
    name: 'fetch-strips-script-elements',
    description: "the fetch's serializer strips <script> elements from friendly_name (a show view that sanitizes what the create echoed): the profile reads back otherwise than the 201 showed it",
    rule: 'a profile reads back with GET as the create answered it',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'sid-sequence-restarts',
    description:
      'the account holds profiles made before the server started; sids come from a generator seeded with a constant, so after the restart it deals those sids again and the store upserts: the first creates are answered with, and replace, profiles that existed before',
    rule: 'each create gets a new sid: never the sid of a profile the account already held',
    checkId: 'create.unique-sid',
    level: 3,
  },
  {
    name: 'list-forgets-loaded-profiles',
    description:
      'the account holds profiles made before the server started; the list is served from a cache rebuilt from the writes since the start once the first create lands, so those profiles drop out of every list while fetch still finds them',
    rule: 'the collection lists every profile that exists, those older than the run included',
    checkId: 'list.exact',
    level: 3,
  },
  {
    name: 'rate-limit-after-commit',
    description:
      'the rate limiter counts in a response hook that runs after the handler: every 20th create is stored, then answered 429 Too Many Requests (Retry-After: 1), so a client that backs off and retries as told stores it twice',
    rule: 'a create answered 429 (or 503) stored nothing: the answer asks the client to send it again',
    checkId: 'reject.no-side-effect',
    level: 2,
  },
  {
    name: 'draft-ttl-seconds',
    description: 'drafts expire after DRAFT_TTL_DAYS=1 handed to Redis EXPIRE, which counts seconds: every profile is gone (list and fetch) a second after its create, though no DELETE removed it',
    rule: 'a profile exists until it is deleted: one the run created and never deleted is still listed, and still reads back, at the run\'s end',
    checkId: 'list.exact',
    level: 3,
  },
  {
    name: 'max-connections-reset',
    description: "the server caps its connections (Node's server.maxConnections = 16): a connection past the cap is destroyed at once, so creates sent together beyond it get a reset instead of an answer (429 is how the API says it is busy)",
    rule: 'valid creates sent at once are each answered 201, or 429 when the server is busy: never no answer',
    checkId: 'create.burst',
    level: 1,
  },
  {
    name: 'delayed-save-trims',
    description:
      'the create bulk-inserts (no model callbacks); a job moments later saves the profile again through the model, whose before_save callback trims friendly_name and email: a padded profile reads otherwise later than its 201 showed it',
    rule: "a profile shows, at any later read, the fields its 201 showed (the run never updates one)",
    checkId: 'list.same-as-created',
    level: 3,
  },
  {
    name: 'evaluation-job-resurrects',
    description:
      'the create enqueues an evaluation job carrying the whole row; the worker writes that snapshot back with an upsert a quarter of a second later: a profile deleted within that time is live again, listed and read',
    rule: 'a profile removed with DELETE (204) stays removed: no later read shows it',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'legacy-rows-local-time',
    description:
      "the account's profiles imported from the previous system (made 15 minutes before the start) keep its Europe/Berlin wall clock, and the serializer appends Z: listed, they are dated 45 minutes in the future",
    rule: "every date is a GMT instant: no profile a fetch or a list shows is dated after its answer's Date",
    checkId: 'create.timestamps-server-clock',
    level: 3,
  },
  {
    name: 'listed-profile-fetch-404',
    description:
      "after a migration the account's older profiles stay in the legacy table: the list is a UNION of both tables, the fetch reads only the new one, so a listed profile answers 404",
    rule: 'a profile the list shows can be read back with GET /v1/CustomerProfiles/<sid>',
    checkId: 'list.exact',
    level: 3,
  },
  {
    name: 'chunked-body-ignored',
    description:
      "the handler reads Content-Length bytes of the body (rfile.read(int(headers.get('Content-Length', 0)))): a body sent chunked, without Content-Length, reads as empty, and the create is refused as missing FriendlyName",
    rule: "a create is refused as missing a parameter only when its body lacks it, however the body is framed",
    checkId: 'missing.only-when-absent',
    level: 2,
  },
  {
    name: 'query-params-nfc-canonicalized',
    description:
      "a hardening filter NFC-normalizes every query value before the handler sees it (the body is left alone): a profile created as Cafe\u0301 (e and a combining accent) is echoed as sent but never listed by its own name, and the list by it shows the profile named with the precomposed é",
    rule: 'a list filtered by FriendlyName shows the profiles of that very name: no Unicode normalization of the filter',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-es-keyword-ignore-above-256',
    description:
      "the list's FriendlyName filter is served from a search index whose keyword field keeps Elasticsearch's default ignore_above: 256: a name longer than 256 characters is stored and fetched but not indexed, so the list by it is empty",
    rule: 'a list filtered by FriendlyName holds every profile of that name, however long the name',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-filter-lowercase-column',
    description:
      "the list's FriendlyName filter compares a lower-cased search column (friendly_name_lc, kept by a trigger) with the value as asked, which is never lower-cased: a profile whose name holds a capital letter is stored and read back whole, but its own name's list misses it",
    rule: "a list asked with a profile's own FriendlyName holds that profile, whatever characters the name holds",
    checkId: 'account.list-filter',
    level: 3,
  },
  {
    name: 'list-filter-double-decoded',
    description:
      'the list query is percent-decoded twice (a proxy decodes it, the framework again): a FriendlyName holding the literal text %41 (sent as %2541) is read as A, so the list shows profiles named with A in its place and not the one asked for',
    rule: 'a list filtered by FriendlyName shows the profiles of that very name: the query is decoded once',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-query-typed',
    description:
      "a query-parser middleware, added so PageSize and Page arrive as numbers, types every query value that reads as a number or a boolean, and the document store matches by type: FriendlyName=2024 asks for the number 2024, so a profile named with digits alone (a year, a store number, a ZIP code) is never listed by its name",
    rule: 'a list filtered by FriendlyName holds every profile of that name, a name of digits alone too (a FriendlyName is a string)',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-filter-plus-decoded-last',
    description:
      "the controller reads FriendlyName raw from the query (to keep a ; the framework splits on) and decodes it by hand, decodeURIComponent first and then + as a space: every %2B the client sent becomes a space, so a profile named C++ Guild is never listed by its name",
    rule: 'a list filtered by FriendlyName holds every profile of that name, a name holding + too (the query is decoded once, + as a space before the escapes)',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-filter-search-column-utf8mb3',
    description:
      "the FriendlyName filter compares a search column added later with the server's default charset utf8 (MySQL's utf8mb3) while the table is utf8mb4: non-strict, MySQL cut each name at its first character outside the BMP, so a profile named with an emoji is stored and read back whole but never listed by its name",
    rule: 'a list filtered by FriendlyName holds every profile of that name, characters outside the BMP too',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'next-page-link-encodeuri',
    description:
      "next_page_url and previous_page_url are written by hand to add the PageToken, each filter value through encodeURI (not encodeURIComponent): & + # = in a FriendlyName stay raw, so for a name holding & the next page asks for the name up to it, and a client's walk leaves the list after page 1 (so the walk misses profiles of the name too: list.walk-complete)",
    rule: "a filtered list's paging links keep its filter, whatever characters the value holds: a walk through them shows every profile of the name (list.filters warns of the link too)",
    checkId: 'list.walk-complete',
    level: 3,
  },
  {
    name: 'filtered-list-es-default-size-10',
    description:
      "filtered lists are served by a search cluster that is passed a size only when the client gave PageSize: without one Elasticsearch's default of 10 hits applies, and next_page_url is written only when the hits fill the page of 50, so a filtered list of more than 10 profiles asked without PageSize shows 10 and ends",
    rule: 'a list asked without PageSize is a page of the default size, 50: filtered by a name more than 10 profiles hold, it shows them all',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'email-contacts-citext-first-casing',
    description:
      "emails are kept in a contacts table of the account with a case-insensitive unique key (Postgres CITEXT, INSERT … ON CONFLICT DO NOTHING) that the profile joins: a later profile whose Email differs from an earlier one's only in case is answered, stored and read with the casing stored first",
    rule: 'email echoes Email exactly',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'db-clock-ahead',
    description: "date_created comes from the database's NOW(), on a host whose clock runs 4 minutes ahead of the app server that writes the Date header: every profile is dated 4 minutes after the answer that made it",
    rule: "a profile is never dated after the answer that shows it (its 201's Date, the Date of a fetch or a list)",
    checkId: 'create.timestamps-server-clock',
    level: 3,
  },
  {
    name: 'fetch-touches-idle-date-updated',
    description:
      "a fetch records the read on the row (profile.update(last_read_at: now) when the last read is 10 minutes old), which bumps updated_at: the first fetch of a profile the account held before the run moves its date_updated to that second",
    rule: "a GET updates nothing: a profile listed, then fetched, shows the date_updated its list item showed",
    checkId: 'fetch.no-update',
    level: 3,
  },
  {
    name: 'legacy-fetch-drops-callback',
    description: "the account's profiles made before a migration are fetched through the old serializer, which has no status_callback: the fetch shows null where the list shows the URL",
    rule: 'a profile reads back with GET as the list shows it',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'legacy-rows-missing-from-filtered-list',
    description: "filtered lists read a search index that the account's profiles made before a migration were never added to: listed unfiltered, but not by their own FriendlyName",
    rule: 'a list asked with the FriendlyName of a profile holds that profile',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'legacy-rows-invisible-to-api-keys',
    description: "an API key's reads are scoped by a key column the account's profiles made before a migration lack: the Auth Token lists and fetches them, the key gets 404",
    rule: "each pair of the account reaches every profile of the account, older ones too",
    checkId: 'auth.pairs-one-account',
    level: 3,
  },
  {
    name: 'status-filter-enum-unmapped',
    description:
      "the status column is an enum the ORM writes in snake case (twilio_approved, in_review); the serializer maps it to the API's hyphens, but the Status filter passes the API's value to the query unmapped: draft, a new profile's status, still matches, so the account's approved and in-review profiles (made before the run) are listed by no Status",
    rule: 'a list asked with the Status of a profile the account holds (every documented value) holds that profile',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'legacy-policy-filter-via-assignment-join',
    description:
      "the PolicySid filter joins a policy_assignments table (the new schema's many-to-many); the account's profiles imported before it carry their policy only in the row and have no assignment row: listed plain and by name, never by their policy",
    rule: 'a list asked with the PolicySid of a profile the account holds holds that profile, profiles made before the run included',
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'legacy-rows-filtered-index-no-callback',
    description:
      "a filtered list (Status, PolicySid, FriendlyName) reads a search index; the import wrote the documents of the account's older profiles through the old serializer, which had no status_callback: listed by a filter they show status_callback null, listed plain and fetched they show it",
    rule: 'a list shows a profile as it is, whatever filter selects it: a profile the account held before the run shows every field as its plain list item does',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'legacy-list-status-stale',
    description:
      "the list reads a denormalized status column, the fetch the latest review row; the import copied the status of the moment and the approval that came later never updated the column: the list shows an approved profile of the account in-review with valid_until null, its GET twilio-approved with its valid_until",
    rule: 'a profile reads back with GET as its list item shows it, every field (status and valid_until too)',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'legacy-fetch-tenant-null-wildcard',
    description:
      "the account's imported profiles have tenant_id NULL until a backfill runs; so their owner keeps reading them, the fetch's scope became WHERE sid = ? AND (tenant_id = ? OR tenant_id IS NULL): any account fetches them by their sid (list and DELETE stay strict)",
    rule: "a profile of another account is not found: its fetch is 404, older profiles too",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'valid-until-computed-at-read',
    description:
      "the serializer computes an approved profile's valid_until as now + the policy's validity (a year) instead of from its approval: every read of the account's approved profile shows a later valid_until, while date_updated says nothing changed",
    rule: 'a profile whose date_updated did not change shows every field the same at a later read (valid_until is a value of the resource)',
    checkId: 'readback.same',
    level: 3,
  },
  {
    name: 'email-display-name-unwrapped',
    description:
      "Email is validated with a mail library's address parser (Python's email.utils.parseaddr, Go's mail.ParseAddress) and the address it hands back is stored: `Jane Doe <jane@example.com>` and `jane@example.com (Jane)` are stored and echoed as `jane@example.com`",
    rule: 'email echoes Email exactly: a display name or comment is kept, or the value refused',
    checkId: 'echo.fields',
    level: 3,
  },
  {
    name: 'form-name-leading-spaces-dropped',
    description:
      "the form is read by PHP's own parser ($_POST, php_register_variable_ex), which drops the spaces a parameter name starts with and turns spaces and dots in it into _: a body naming \" Email\" (%20Email=) is read as one with Email",
    rule: 'parameter names are compared exactly: " Email" is not Email, so Email is missing (400, 20001)',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'body-leading-bom-stripped',
    description:
      'the body is read as text first (a StreamReader, TextDecoder, request.text()), which drops a leading byte order mark, and that text is handed to the form parser: a valid body preceded by EF BB BF is read as the valid create',
    rule: 'a form body is decoded as UTF-8 without BOM: a leading EF BB BF is part of the first name, so that parameter is missing (or the body refused with a 4xx)',
    checkId: 'reject.invalid-4xx',
    level: 2,
  },
  {
    name: 'form-labelled-json-body-read',
    description:
      "a shim for clients that post JSON under the form media type (jQuery.ajax's default contentType application/x-www-form-urlencoded; charset=UTF-8 with JSON.stringify(data) as the body) reads a form-labelled body that starts with { as JSON: such a create is answered 201",
    rule: 'a JSON body is not read, whatever its Content-Type: it is answered as missing parameters (400, 20001)',
    checkId: 'json-body.as-missing',
    level: 2,
  },
  {
    name: 'link-routes-skip-auth',
    description:
      "the routes the profile's links name (<url>/EntityAssignments, /Evaluations, /ChannelEndpointAssignments) were added later as one small controller mounted before the authentication middleware: a GET there without credentials, or with a wrong password, is answered 200 (an empty page)",
    rule: 'the paths below a profile (its links) answer no request without valid credentials: 401',
    checkId: 'auth.follow-up-routes',
    level: 2,
  },
  {
    name: 'link-routes-ignore-account',
    description: "the links' controller finds the profile by its sid alone (Profile.find(sid)), where fetch and delete use the account's scope: another account's GET of <url>/EntityAssignments is answered 200",
    rule: "a profile is its account's alone: another account's GET of the paths below it is 404, as its fetch",
    checkId: 'lookup.other-account-404',
    level: 3,
  },
  {
    name: 'link-routes-find-deleted',
    description: "the links' controller loads the profile through the write repository, which has no soft-delete scope: after the profile's DELETE, GET <url>/EntityAssignments is still answered 200",
    rule: 'a deleted profile is gone, and what is below it with it: its links answer 404 after the DELETE',
    checkId: 'delete.gone',
    level: 3,
  },
  {
    name: 'subpath-get-is-profile',
    description: "the member routes are dispatched on path.split('/')[3], what follows the sid never looked at: GET <url>/NoSuchResource answers 200 with the profile",
    rule: 'a path below a profile that the API does not have is no resource: 404, never a 2xx',
    checkId: 'not-found.envelope',
    level: 3,
  },
  {
    name: 'subpath-delete-removes-profile',
    description: "the member routes are dispatched on path.split('/')[3], what follows the sid never looked at: DELETE <url>/NoSuchResource deletes the profile (204)",
    rule: 'a DELETE of a path below a profile that the API does not have removes nothing: the profile reads back as created',
    checkId: 'methods.keep-profile',
    level: 3,
  },
  {
    name: 'proxy-authorization-accepted',
    description:
      "the auth middleware was copied from the company's forward proxy and reads `authorization ?? proxy-authorization`: a request with no Authorization header and the caller's Basic credentials in Proxy-Authorization is the caller's (creates, reads, DELETEs)",
    rule: 'auth is the Authorization header: a request without one is refused 401, whatever Proxy-Authorization carries',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'query-string-credentials',
    description:
      'the authenticator falls back to the query string "for clients that cannot set headers" (EventSource, a webhook tester): a request with no Authorization header and ?AccountSid=<the caller>&AuthToken=<its token> is the caller\'s (creates, reads, DELETEs)',
    rule: 'auth is HTTP Basic in the Authorization header: a request without one is refused 401, whatever its query string carries',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'api-key-header-accepted',
    description:
      "the API gateway's convention (AWS API Gateway usage plans, Kong's key-auth) was kept behind it: a request with no Authorization header and X-API-Key: <key SID or Account SID>:<its secret> is that key's account (creates, reads, DELETEs)",
    rule: 'auth is HTTP Basic in the Authorization header: a request without one is refused 401, whatever X-API-Key carries',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'auth-header-split-on-space',
    description:
      "the tutorial's parser, const [scheme, token] = header.split(' '), then a strict base64 decoding of the token: 'Basic <the caller's token> x' is the caller (what follows the token is never looked at)",
    rule: 'Authorization holds one credentials, auth-scheme [ 1*SP token68 ] (RFC 9110 §11.6.2): a token followed by other text does not decode to user-id:password, so it is no credential: 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'auth-basic-regex-unanchored',
    description:
      "the credentials are found with /Basic\\s+(\\S+)/i.exec(header), wherever they are in the header: 'Bearer x, Basic <the caller's token>' is the caller",
    rule: 'Authorization holds one credentials (RFC 9110 §11.6.2), here of the scheme Bearer: no Basic credential, 401',
    checkId: 'auth.required-401',
    level: 2,
  },
  {
    name: 'list-meta-page-keyset-0',
    description: "the list moved to a keyset paginator (PageToken), which knows no page index: every page says \"page\": 0, while its url says Page=3",
    rule: "a list page's meta.page is the Page its request asked (0 when none)",
    checkId: 'list.page-index',
    level: 3,
  },
  {
    name: 'create-account-param-honoured',
    description:
      "the create takes the 2010 API's AccountSid (or account_sid) body parameter so that a parent account creates in a subaccount, and the check that the caller is the named account's parent was never written: a create naming another account the service knows makes that account's profile (an account it does not know falls back to the caller)",
    rule: 'account_sid is the account that made the request: a create naming another account in its body is the caller\'s profile, or refused',
    checkId: 'resource.account-sid',
    level: 3,
  },
  {
    name: 'list-typed-filter-unparsable-dropped',
    description:
      'Status and PolicySid are parsed into optional typed values (Option<Status>, Option<Sid>); a value that does not parse (PolicySid=rn…, 33 hex digits, Status=approved or Draft) becomes None, and None is no filter: the whole account is listed',
    rule: 'a list filtered by a Status or PolicySid no profile can hold is refused (4xx) or shows only profiles of that very value: none',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-bad-escape-dropped',
    description:
      'a list query pair whose escape does not decode is left out (Tomcat\'s Parameters: "Character decoding failed. Parameter [FriendlyName] with value [100%] has been ignored"): FriendlyName=100% or %zz lists the whole account',
    rule: 'a FriendlyName with a % that starts no escape is that very text (a lone % is kept) or refused with a 4xx, never dropped',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-null-string-ignored',
    description:
      "a helper written for a JavaScript console client takes the text null or undefined for no value (v == null || v === 'null' || v === 'undefined'): FriendlyName=null lists the whole account",
    rule: 'a list asked with FriendlyName=null shows only profiles named null: it is a name like any other',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-snake-case-alias',
    description:
      "a django-filter FilterSet declares the model's fields (friendly_name, status, policy_sid) and the API's names as aliases: friendly_name=x filters the list",
    rule: "the list's parameters are FriendlyName, Status and PolicySid (names are case-sensitive): friendly_name names no filter, so the list is the account's",
    checkId: 'list.filter-complete',
    level: 3,
  },
  {
    name: 'list-typed-filter-comma-split',
    description:
      "Status and PolicySid bound as typed lists (Spring's @RequestParam List<Status>: the conversion service splits one value on commas): Status=draft,twilio-approved lists the profiles of either",
    rule: 'a Status or PolicySid of values joined by a comma is no value of its type: refused (4xx) or a page of none',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-repeated-in-list',
    description:
      "the query parser reads a repeated name as an array (Express's default qs parser) and the handler passes it to the ORM (where: { friendly_name: req.query.FriendlyName }), which makes it IN (…): FriendlyName=a&FriendlyName=b lists the profiles of either name",
    rule: 'a list asked with FriendlyName twice shows the profiles of one of its values (the first or the last) or is refused, never those of both',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-typed-filter-trimmed',
    description:
      "Status and PolicySid are bound by converters that trim their input (Spring's StringToEnumConverterFactory does Enum.valueOf(type, source.trim()), and the PolicySid value class copies it): Status=%20draft lists the drafts, PolicySid=RN…%0A that policy's profiles",
    rule: 'a Status or PolicySid with whitespace around it is no value of its type: refused (4xx) or a page of none',
    checkId: 'list.filters',
    level: 3,
  },
  {
    name: 'list-filter-nul-500',
    description:
      'the create path escapes U+0000 before the row reaches PostgreSQL (a text column refuses it), the list binds its filters as they arrive: a NUL in FriendlyName or PolicySid is an unhandled database error, a 500 HTML page',
    rule: 'no request is answered with a 5xx',
    checkId: 'no-server-error',
    level: 1,
  },
] as const satisfies readonly FaultInfo[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** Whether the named fault stops the mock's clock (the only way the embedded mock's clock is not this process's). */
export function stopsClock(name: string | null | undefined): boolean {
  return typeof name === 'string' && findFault(name)?.stopsClock === true;
}

/** The fault shows only to a run that waits as for a real target (a clock that stands still, a page token that expires). */
export function showsLate(name: string | null | undefined): boolean {
  return stopsClock(name) || (typeof name === 'string' && findFault(name)?.showsLate === true);
}

export function findFault(name: string): FaultInfo | undefined {
  return FAULTS.find((f) => f.name === name);
}
