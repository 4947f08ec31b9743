/**
 * The JSON Schemas (draft 2020-12) of what POST /v1/CustomerProfiles promises.
 * Sources: the seed API description ("seed"), Twilio's official OpenAPI excerpt
 * (twilio-oai spec/json/twilio_trusthub_v1.json @ d50069b, "openapi"), and Twilio's
 * documented behaviour ("twilio-behaviour"). Where the two descriptions differ, the
 * official OpenAPI is newer and wins (links with three keys, errors, non-null status).
 */

/**
 * The policy twilio-behaviour.md names (github.com/twilio/twilio-node issue 965), the Secondary Customer
 * Profile's: Twilio's policies are shared by every account.
 */
export const DOCUMENTED_POLICY = 'RNdfbf3fae0e1107f8aded0e7cead80bf5';

export const SID_PATTERNS = {
  customerProfile: '^BU[0-9a-fA-F]{32}$',
  account: '^AC[0-9a-fA-F]{32}$',
  policy: '^RN[0-9a-fA-F]{32}$',
  apiKey: '^SK[0-9a-fA-F]{32}$',
} as const;

/**
 * The links of a Customer-Profile, each a path under the resource's url (documented Twilio
 * behaviour; the official OpenAPI's create example).
 */
export const PROFILE_LINKS = [
  ['customer_profiles_entity_assignments', 'EntityAssignments'],
  ['customer_profiles_evaluations', 'Evaluations'],
  ['customer_profiles_channel_endpoint_assignment', 'ChannelEndpointAssignments'],
] as const;

/** The `links` object of the profile at `url`. */
export function linksFor(url: string): Record<string, string> {
  return Object.fromEntries(PROFILE_LINKS.map(([key, suffix]) => [key, `${url}/${suffix}`]));
}

export const STATUS_VALUES = ['draft', 'pending-review', 'in-review', 'twilio-rejected', 'twilio-approved'] as const;

/** The create request as form fields; every value is a string. */
export const createRequestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trusthub-conformance.dev/schemas/create-request.json',
  title: 'CreateCustomerProfileRequest',
  type: 'object',
  properties: {
    FriendlyName: { type: 'string', minLength: 1 },
    Email: { type: 'string', minLength: 1 },
    PolicySid: { type: 'string', minLength: 34, maxLength: 34, pattern: SID_PATTERNS.policy },
    StatusCallback: { type: 'string', format: 'uri' },
  },
  required: ['FriendlyName', 'Email', 'PolicySid'],
} as const;

const nullableString = { type: ['string', 'null'] } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableUri = { type: ['string', 'null'], format: 'uri' } as const;
const nullableSid = (pattern: string) => ({ type: ['string', 'null'], minLength: 34, maxLength: 34, pattern }) as const;

/** The Customer-Profile resource: the body of the 201. */
export const customerProfileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trusthub-conformance.dev/schemas/customer-profile.json',
  title: 'CustomerProfile',
  type: 'object',
  properties: {
    sid: nullableSid(SID_PATTERNS.customerProfile),
    account_sid: nullableSid(SID_PATTERNS.account),
    policy_sid: nullableSid(SID_PATTERNS.policy),
    friendly_name: nullableString,
    status: { type: 'string', enum: STATUS_VALUES },
    valid_until: nullableDateTime,
    email: nullableString,
    status_callback: nullableUri,
    date_created: nullableDateTime,
    date_updated: nullableDateTime,
    url: nullableUri,
    // official OpenAPI: `format: uri-map`, a map of link names to absolute URIs
    links: { type: ['object', 'null'], additionalProperties: { type: 'string', format: 'uri' } },
    errors: { type: ['array', 'null'] },
  },
  required: [
    'sid',
    'account_sid',
    'policy_sid',
    'friendly_name',
    'status',
    'email',
    'status_callback',
    'date_created',
    'date_updated',
    'url',
    'valid_until',
    'links',
  ],
} as const;

/** The Twilio error envelope every error body carries. */
export const errorEnvelopeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trusthub-conformance.dev/schemas/error-envelope.json',
  title: 'TwilioErrorEnvelope',
  type: 'object',
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    more_info: { type: 'string', format: 'uri' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    details: { type: 'object' },
  },
  required: ['code', 'message', 'more_info', 'status'],
} as const;

const absoluteUri = { type: 'string', format: 'uri' } as const;

/**
 * A page of GET /v1/CustomerProfiles: the official OpenAPI's ListCustomerProfileResponse (results,
 * meta and its paging members, typed as the OpenAPI types them; it requires none of them) with
 * results and meta required, as twilio-behaviour.md shows the list ({"results": [...], "meta": {...}}).
 * The items are judged by customerProfileSchema (check resource.schema).
 */
export const customerProfileListSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trusthub-conformance.dev/schemas/customer-profile-list.json',
  title: 'CustomerProfileList',
  type: 'object',
  properties: {
    results: { type: 'array', items: { type: 'object' } },
    meta: {
      type: 'object',
      properties: {
        first_page_url: absoluteUri,
        key: { type: 'string' },
        next_page_url: nullableUri,
        page: { type: 'integer' },
        page_size: { type: 'integer' },
        previous_page_url: nullableUri,
        url: absoluteUri,
      },
    },
  },
  required: ['results', 'meta'],
} as const;

/**
 * The host the coverage row "sent through a proxy's headers" names in X-Forwarded-Host and
 * Forwarded (a reserved name, RFC 6761): a url built from it took the client's headers for the
 * service's base (twilio-behaviour.md: url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>).
 */
export const FORWARDED_HOST = 'forwarded.invalid';

/**
 * The base of every URL the real service gives (twilio-behaviour.md: Base URL of the real service,
 * the official OpenAPI `servers`; url = https://trusthub.twilio.com/v1/CustomerProfiles/<sid>).
 */
export const DOCUMENTED_BASE = 'https://trusthub.twilio.com';
