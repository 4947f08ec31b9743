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
  /** the lowest conformance level it breaks (1 contract, 2 validation, 3 fidelity) */
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
    name: 'scheme-case-sensitive',
    description: 'only the exact scheme name Basic is accepted: the right credentials with basic or BASIC get 401',
    rule: 'the scheme name is case-insensitive (RFC 9110 §11.1)',
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
    name: 'unauthenticated-read',
    description: 'GET of a single profile needs no credentials (the auth middleware only guards the collection)',
    rule: 'fetch, list and delete refuse a request without credentials (401)',
    checkId: 'auth.follow-up-routes',
    level: 2,
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
