import type { ErrorObject } from 'ajv';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRequestSchema, customerProfileSchema, errorEnvelopeSchema, STATUS_VALUES } from '../../contracts/schemas.ts';
import type { CreateRequest, CustomerProfile, CustomerProfileList, ErrorEnvelope, ProfileStatus } from '../../contracts/types.ts';
import {
  describeErrors,
  type Validator,
  validateCreateRequest,
  validateCustomerProfile,
  validateCustomerProfileList,
  validateErrorEnvelope,
} from '../../contracts/validators.ts';

// ---------------------------------------------------------------------------------------------
// The published examples, copied as literals (the suite never reads the reference files).
// ---------------------------------------------------------------------------------------------

const BU = 'BUaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const PROFILE_URL = `https://trusthub.twilio.com/v1/CustomerProfiles/${BU}`;
const OPENAPI_LINKS = {
  customer_profiles_entity_assignments: `${PROFILE_URL}/EntityAssignments`,
  customer_profiles_evaluations: `${PROFILE_URL}/Evaluations`,
  customer_profiles_channel_endpoint_assignment: `${PROFILE_URL}/ChannelEndpointAssignments`,
};

/** seed description: "Request example" */
const SEED_REQUEST = { Email: 'string', FriendlyName: 'string', PolicySid: 'string', StatusCallback: 'https://example.com' };

/** seed description: "Response examples (201)" */
const SEED_RESPONSE = {
  account_sid: 'string',
  date_created: '2023-05-04T09:42:00+00:00',
  date_updated: '2023-05-04T09:42:00+00:00',
  email: 'string',
  friendly_name: 'string',
  links: {},
  policy_sid: 'string',
  sid: 'string',
  status: 'draft',
  status_callback: 'https://example.com',
  url: 'https://example.com',
  valid_until: '2023-05-04T09:42:00+00:00',
};

/**
 * The seed uses the placeholder "string" for its SIDs, which no SID pattern accepts. The tests
 * put well-formed SIDs of the right kind (AC…, RN…, BU…) in their place and change nothing else.
 */
const WELL_FORMED = {
  account_sid: 'AC0123456789abcdef0123456789abcdef',
  policy_sid: 'RN0123456789abcdef0123456789abcdef',
  sid: 'BU0123456789abcdef0123456789abcdef',
};
const SEED_REQUEST_WELL_FORMED = { ...SEED_REQUEST, PolicySid: WELL_FORMED.policy_sid };
const SEED_RESPONSE_WELL_FORMED = { ...SEED_RESPONSE, ...WELL_FORMED };

/** official OpenAPI: requestBody examples.create */
const OPENAPI_REQUEST = {
  FriendlyName: 'friendly_name',
  Email: 'email',
  PolicySid: 'RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  StatusCallback: 'http://www.example.com',
};

/** official OpenAPI: POST 201 examples.create */
const OPENAPI_CREATE = {
  sid: BU,
  account_sid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  policy_sid: 'RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  friendly_name: 'friendly_name',
  status: 'draft',
  email: 'email',
  status_callback: 'http://www.example.com',
  valid_until: null,
  date_created: '2019-07-30T22:29:24Z',
  date_updated: '2019-07-31T01:09:00Z',
  url: PROFILE_URL,
  links: OPENAPI_LINKS,
  errors: null,
};

/** official OpenAPI: GET {Sid} 200 examples.fetch */
const OPENAPI_FETCH = { ...OPENAPI_CREATE, errors: [{ code: 18601 }] };

/** official OpenAPI: POST {Sid} 200 examples.update and updateToInReview */
const OPENAPI_UPDATE = { ...OPENAPI_CREATE, email: 'notification@email.com' };
const OPENAPI_UPDATE_IN_REVIEW = { ...OPENAPI_UPDATE, status: 'in-review' };

/** official OpenAPI: GET list 200 examples.readEmpty and readFull */
const OPENAPI_READ_EMPTY = {
  results: [],
  meta: {
    page: 0,
    page_size: 50,
    first_page_url: 'https://trusthub.twilio.com/v1/CustomerProfiles?PageSize=50&Page=0',
    previous_page_url: null,
    url: 'https://trusthub.twilio.com/v1/CustomerProfiles?PageSize=50&Page=0',
    next_page_url: null,
    key: 'results',
  },
};
const READ_FULL_URL =
  'https://trusthub.twilio.com/v1/CustomerProfiles?Status=draft&FriendlyName=friendly_name&PolicySid=RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&PageSize=50&Page=0';
const OPENAPI_READ_FULL = {
  results: [
    {
      ...OPENAPI_CREATE,
      status: 'twilio-approved',
      email: 'notification@email.com',
      valid_until: '2020-07-31T01:00:00Z',
      errors: [{ code: 18601 }],
    },
  ],
  meta: { ...OPENAPI_READ_EMPTY.meta, first_page_url: READ_FULL_URL, url: READ_FULL_URL },
};

/** twilio-behaviour.md: the documented error bodies */
const ERROR_401 = { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 };
const ERROR_400 = {
  code: 20001,
  message: 'Missing required parameter FriendlyName in the post body',
  more_info: 'https://www.twilio.com/docs/errors/20001',
  status: 400,
};
const ERROR_404 = {
  code: 20404,
  message: `The requested resource /v1/CustomerProfiles/${BU} was not found`,
  more_info: 'https://www.twilio.com/docs/errors/20404',
  status: 404,
};
const ERROR_429 = { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 };

// ---------------------------------------------------------------------------------------------

/** where an error points: the property for `required`, else the instance path */
const pointer = (e: ErrorObject): string =>
  e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath;

function expectValid(validate: Validator<unknown>, data: unknown): void {
  expect(validate(data), describeErrors(validate.errors)).toBe(true);
}

/** rejected, every error at `at`, and one of them by `keyword` */
function expectRejectedAt(validate: Validator<unknown>, data: unknown, at: string, keyword: string): void {
  expect(validate(data)).toBe(false);
  const errors = validate.errors ?? [];
  expect(errors.map(pointer), describeErrors(errors)).toEqual(errors.map(() => at));
  expect(errors.map((e) => e.keyword)).toContain(keyword);
}

const without = (data: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(data).filter(([k]) => k !== key));

describe('the published examples validate', () => {
  it('seed request example, its placeholder PolicySid "string" replaced by a well-formed one', () => {
    expectValid(validateCreateRequest, SEED_REQUEST_WELL_FORMED);
    // as published, only the placeholder fails
    expectRejectedAt(validateCreateRequest, SEED_REQUEST, '/PolicySid', 'pattern');
  });

  it('seed 201 example, its placeholder SIDs "string" replaced by well-formed ones', () => {
    expectValid(validateCustomerProfile, SEED_RESPONSE_WELL_FORMED);
    expect(validateCustomerProfile(SEED_RESPONSE)).toBe(false);
    expect(new Set(validateCustomerProfile.errors!.map(pointer))).toEqual(new Set(['/account_sid', '/policy_sid', '/sid']));
  });

  it('official OpenAPI request example', () => {
    expectValid(validateCreateRequest, OPENAPI_REQUEST);
  });

  it.each([
    ['create', OPENAPI_CREATE],
    ['fetch', OPENAPI_FETCH],
    ['update', OPENAPI_UPDATE],
    ['updateToInReview', OPENAPI_UPDATE_IN_REVIEW],
    ['readFull results[0]', OPENAPI_READ_FULL.results[0]],
  ])('official OpenAPI resource example %s', (_, example) => {
    expectValid(validateCustomerProfile, example);
  });

  it.each([
    ['readEmpty', OPENAPI_READ_EMPTY],
    ['readFull', OPENAPI_READ_FULL],
  ])('official OpenAPI list example %s', (_, example) => {
    expectValid(validateCustomerProfileList, example);
  });

  it.each([
    ['401 / 20003', ERROR_401],
    ['400 / 20001', ERROR_400],
    ['404 / 20404', ERROR_404],
    ['429 / 20429', ERROR_429],
    ['with details', { ...ERROR_400, details: { field: 'FriendlyName' } }],
  ])('documented Twilio error body %s', (_, example) => {
    expectValid(validateErrorEnvelope, example);
  });
});

describe('create request schema: each constraint, broken alone, is rejected at its field', () => {
  const base = SEED_REQUEST_WELL_FORMED;
  it('StatusCallback is optional', () => expectValid(validateCreateRequest, without(base, 'StatusCallback')));
  it('unknown parameters are allowed', () => expectValid(validateCreateRequest, { ...base, Foo: 'bar' }));

  it.each(createRequestSchema.required)('%s is required', (name) => {
    expectRejectedAt(validateCreateRequest, without(base, name), `/${name}`, 'required');
  });

  it.each([
    ['FriendlyName', '', 'minLength'],
    ['FriendlyName', 1, 'type'],
    ['Email', '', 'minLength'],
    ['Email', null, 'type'],
    ['PolicySid', 'RN0123456789abcdef0123456789abcde', 'minLength'], // 33
    ['PolicySid', 'RN0123456789abcdef0123456789abcdef0', 'maxLength'], // 35
    ['PolicySid', 'BU0123456789abcdef0123456789abcdef', 'pattern'], // 34, another prefix
    ['PolicySid', 'rn0123456789abcdef0123456789abcdef', 'pattern'],
    ['PolicySid', 'RN0123456789abcdef0123456789abcdeg', 'pattern'],
    ['PolicySid', 'RN0123456789abcdef0123456789abcd\u0661\u0662', 'pattern'], // Arabic-Indic digits
    ['PolicySid', 34, 'type'],
    ['StatusCallback', 'example.com/callback', 'format'],
    ['StatusCallback', 'https://example.com/a b', 'format'],
    ['StatusCallback', '/callbacks/status', 'format'],
    ['StatusCallback', 'https:', 'format'],
    ['StatusCallback', true, 'type'],
  ])('%s = %j breaks %s', (name, value, keyword) => {
    expectRejectedAt(validateCreateRequest, { ...base, [name]: value }, `/${name}`, keyword);
  });

  it('counts length in code points: an astral FriendlyName of one character is not empty', () => {
    expectValid(validateCreateRequest, { ...base, FriendlyName: '😀' });
  });
});

describe('Customer-Profile schema: each constraint, broken alone, is rejected at its field', () => {
  const base = OPENAPI_CREATE as Record<string, unknown>;

  it.each(customerProfileSchema.required)('%s is required', (name) => {
    expectRejectedAt(validateCustomerProfile, without(base, name), `/${name}`, 'required');
  });

  it('errors may be left out (the seed example has none)', () => expectValid(validateCustomerProfile, without(base, 'errors')));

  const nullable = Object.keys(customerProfileSchema.properties).filter((k) => k !== 'status');
  it.each(nullable)('%s may be null', (name) => {
    expectValid(validateCustomerProfile, { ...base, [name]: null });
  });

  it('status may not be null (official OpenAPI: an enum, not nullable)', () => {
    expectRejectedAt(validateCustomerProfile, { ...base, status: null }, '/status', 'type');
  });

  it.each(STATUS_VALUES)('status %s is allowed', (status) => expectValid(validateCustomerProfile, { ...base, status }));

  it.each([
    ['sid', 'AC0123456789abcdef0123456789abcdef', 'pattern'],
    ['sid', 'BU0123456789abcdef0123456789abcde', 'minLength'],
    ['sid', 'BU0123456789abcdef0123456789abcdef0', 'maxLength'],
    ['sid', 42, 'type'],
    ['account_sid', 'BU0123456789abcdef0123456789abcdef', 'pattern'],
    ['account_sid', 'AC0123456789abcdef0123456789abcde', 'minLength'],
    ['account_sid', 'AC0123456789abcdef0123456789abcdef0', 'maxLength'],
    ['policy_sid', 'rn0123456789abcdef0123456789abcdef', 'pattern'],
    ['policy_sid', 'RN0123456789abcdef0123456789abcde', 'minLength'],
    ['policy_sid', 'RN0123456789abcdef0123456789abcdef0', 'maxLength'],
    ['friendly_name', 1, 'type'],
    ['email', {}, 'type'],
    ['status', 'approved', 'enum'],
    ['status', 'Draft', 'enum'],
    ['valid_until', '2020-13-31T01:00:00Z', 'format'],
    ['date_created', 'yesterday', 'format'],
    ['date_created', '2019-07-30T22:29:24', 'format'], // no time zone
    ['date_updated', '2019-07-31T25:09:00Z', 'format'],
    ['date_updated', 1564535340, 'type'],
    ['status_callback', 'www.example.com', 'format'],
    ['url', 'trusthub.twilio.com/v1/CustomerProfiles', 'format'],
    ['url', 1, 'type'],
    ['links', 'https://trusthub.twilio.com', 'type'],
    ['links', [], 'type'],
    ['errors', {}, 'type'],
    ['errors', 'none', 'type'],
  ])('%s = %j breaks %s', (name, value, keyword) => {
    expectRejectedAt(validateCustomerProfile, { ...base, [name]: value }, `/${name}`, keyword);
  });

  it('links values are absolute URIs', () => {
    const links = { ...OPENAPI_LINKS, customer_profiles_evaluations: 'Evaluations' };
    expectRejectedAt(validateCustomerProfile, { ...base, links }, '/links/customer_profiles_evaluations', 'format');
    expectRejectedAt(validateCustomerProfile, { ...base, links: { x: 1 } }, '/links/x', 'type');
    expectValid(validateCustomerProfile, { ...base, links: {} });
  });

  it('errors is an array of anything, or null', () => {
    expectValid(validateCustomerProfile, { ...base, errors: [] });
    expectValid(validateCustomerProfile, { ...base, errors: [{ code: 18601 }, 'x'] });
  });
});

describe('error envelope schema: each constraint, broken alone, is rejected at its field', () => {
  const base = ERROR_400 as Record<string, unknown>;

  it.each(errorEnvelopeSchema.required)('%s is required', (name) => {
    expectRejectedAt(validateErrorEnvelope, without(base, name), `/${name}`, 'required');
  });

  it.each([
    ['code', 20001.5, 'type'],
    ['code', '20001', 'type'],
    ['message', 20001, 'type'],
    ['more_info', 'see the Twilio docs', 'format'],
    ['more_info', null, 'type'],
    ['status', 400.5, 'type'],
    ['status', '400', 'type'],
    ['status', 99, 'minimum'],
    ['status', 600, 'maximum'],
    ['details', 'FriendlyName', 'type'],
    ['details', [], 'type'],
    ['details', null, 'type'],
  ])('%s = %j breaks %s', (name, value, keyword) => {
    expectRejectedAt(validateErrorEnvelope, { ...base, [name]: value }, `/${name}`, keyword);
  });
});

describe('list schema: each constraint, broken alone, is rejected at its field', () => {
  const base = OPENAPI_READ_EMPTY as Record<string, unknown>;

  it.each(['results', 'meta'])('%s is required', (name) => {
    expectRejectedAt(validateCustomerProfileList, without(base, name), `/${name}`, 'required');
  });

  it.each([
    ['results', {}, '/results'],
    ['results', [1], '/results/0'],
    ['meta', [], '/meta'],
    ['meta', null, '/meta'],
  ])('%s = %j breaks type at %s', (name, value, at) => {
    expectRejectedAt(validateCustomerProfileList, { ...base, [name]: value }, at, 'type');
  });
});

// ---------------------------------------------------------------------------------------------
// The TypeScript types (derived from the schemas with json-schema-to-ts) pinned to the shape
// the schemas must have: a schema change that moves a required key, an optional key or a null
// fails the type-check (tsc -p tsconfig.json includes tests/).
// ---------------------------------------------------------------------------------------------

/** the type without its index signature, optional keys kept optional */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

describe('types match the schemas', () => {
  it('CreateRequest: three required strings, an optional StatusCallback, unknown extras', () => {
    expectTypeOf<Known<CreateRequest>>().toEqualTypeOf<{
      FriendlyName: string;
      Email: string;
      PolicySid: string;
      StatusCallback?: string;
    }>();
    expectTypeOf<CreateRequest['Foo']>().toEqualTypeOf<unknown>();
    expect([...createRequestSchema.required].sort()).toEqual(['Email', 'FriendlyName', 'PolicySid']);
  });

  it('CustomerProfile: every field required and nullable but status; errors optional', () => {
    expectTypeOf<Known<CustomerProfile>>().toEqualTypeOf<{
      sid: string | null;
      account_sid: string | null;
      policy_sid: string | null;
      friendly_name: string | null;
      status: 'draft' | 'pending-review' | 'in-review' | 'twilio-rejected' | 'twilio-approved';
      valid_until: string | null;
      email: string | null;
      status_callback: string | null;
      date_created: string | null;
      date_updated: string | null;
      url: string | null;
      links: { [name: string]: string } | null;
      errors?: unknown[] | null;
    }>();
    expectTypeOf<ProfileStatus>().toEqualTypeOf<(typeof STATUS_VALUES)[number]>();
    expect(new Set(customerProfileSchema.required)).toEqual(
      new Set(Object.keys(customerProfileSchema.properties).filter((k) => k !== 'errors')),
    );
  });

  it('ErrorEnvelope: integer code and status, uri more_info, optional details object', () => {
    expectTypeOf<Known<ErrorEnvelope>>().toEqualTypeOf<{
      code: number;
      message: string;
      more_info: string;
      status: number;
      details?: { [key: string]: unknown };
    }>();
    expect([...errorEnvelopeSchema.required].sort()).toEqual(['code', 'message', 'more_info', 'status']);
  });

  it('CustomerProfileList: results array of objects and a meta object with the paging members the OpenAPI types', () => {
    expectTypeOf<Known<CustomerProfileList>>().toEqualTypeOf<{
      results: { [key: string]: unknown }[];
      meta: {
        [key: string]: unknown;
        first_page_url?: string;
        key?: string;
        next_page_url?: string | null;
        page?: number;
        page_size?: number;
        previous_page_url?: string | null;
        url?: string;
      };
    }>();
    const meta = { page: 0, page_size: 50, first_page_url: 'https://h/v1/CustomerProfiles?Page=0', previous_page_url: null, url: 'https://h/v1/CustomerProfiles?Page=0', next_page_url: null, key: 'results' };
    expect(validateCustomerProfileList({ results: [], meta })).toBe(true);
    expect(validateCustomerProfileList({ results: [], meta: { ...meta, page: '0' } })).toBe(false);
    expect(validateCustomerProfileList({ results: [], meta: { ...meta, next_page_url: '/v1/CustomerProfiles?Page=1' } })).toBe(false);
    expect(validateCustomerProfileList({ results: [] })).toBe(false);
  });

  it('a validator narrows to its type', () => {
    const data: unknown = OPENAPI_CREATE;
    if (validateCustomerProfile(data)) expectTypeOf(data).toEqualTypeOf<CustomerProfile>();
    expect(validateCustomerProfile(data)).toBe(true);
  });
});
