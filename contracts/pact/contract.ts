/**
 * The project's consumer contract for POST /v1/CustomerProfiles, as Pact interactions (spec V3).
 * One list serves the consumer test (tests/contracts/pact.test.ts), the generator that writes the
 * committed pact (contracts/pact/generate.ts), and through that file the provider verification of
 * `trusthub-conformance run --pact`.
 *
 * Requests are form bodies with matching rules per field (pact-js issue 767: needs the V3/V4
 * format and pact FFI >= 0.4.24; the FFI here is 0.5.x). PolicySid comes from the provider state
 * (`fromProviderState`-style ProviderState generator), so a provider verifies with a policy it
 * actually has instead of the example value.
 */
import { MatchersV3, type TemplateHeaders, type V3ProviderState, type V3Request, type V3Response } from '@pact-foundation/pact';
import { SID_PATTERNS, STATUS_VALUES } from '../schemas.ts';
import { type CreateResult, postCustomerProfile } from './client.ts';
import { POLICY_SID_EXPRESSION, POLICY_STATE } from './names.ts';

export * from './names.ts';

const { regex, string, datetime } = MatchersV3;

/** Example values (the SIDs of the official OpenAPI examples). Nothing here is a real credential. */
export const EXAMPLE = {
  accountSid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  authToken: 'example-auth-token',
  policySid: 'RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  profileSid: 'BUaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  friendlyName: 'Acme Inc',
  email: 'compliance@acme.test',
  statusCallback: 'https://acme.test/trusthub/status',
  date: '2019-07-30T22:29:24Z',
  baseUrl: 'https://trusthub.twilio.com',
} as const;

const FORM = 'application/x-www-form-urlencoded';
const EXAMPLE_AUTHORIZATION = `Basic ${Buffer.from(`${EXAMPLE.accountSid}:${EXAMPLE.authToken}`).toString('base64')}`;
const BASIC = '^Basic [A-Za-z0-9+/]+={0,2}$';
const JSON_TYPE = regex('^application/json\\s*(;.*)?$', 'application/json');
/** ISO 8601 in GMT, as Twilio writes dates (no fraction, a literal Z). */
const GMT_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";
const SID_BODY = SID_PATTERNS.customerProfile.slice(1, -1);
const PROFILE_URL = `^https?://[^/\\s]+(/[^\\s]*)?/v1/CustomerProfiles/${SID_BODY}`;
const EXAMPLE_URL = `${EXAMPLE.baseUrl}/v1/CustomerProfiles/${EXAMPLE.profileSid}`;

/** A regex matcher whose value the provider state supplies (pact-js's fromProviderState is a type matcher). */
function policySidFromState() {
  return {
    'pact:matcher:type': 'regex',
    regex: SID_PATTERNS.policy,
    'pact:generator:type': 'ProviderState',
    expression: POLICY_SID_EXPRESSION,
    value: EXAMPLE.policySid,
  };
}

const policyState: V3ProviderState[] = [{ description: POLICY_STATE, parameters: { policySid: EXAMPLE.policySid } }];

function requestHeaders(withAuth: boolean): TemplateHeaders {
  return withAuth ? { 'Content-Type': FORM, Authorization: regex(BASIC, EXAMPLE_AUTHORIZATION) } : { 'Content-Type': FORM };
}

/** The form fields with their matchers: PolicySid by pattern, the others by type or pattern. */
const formFields = {
  FriendlyName: string(EXAMPLE.friendlyName),
  Email: string(EXAMPLE.email),
  PolicySid: policySidFromState(),
  StatusCallback: regex('^https?://\\S+$', EXAMPLE.statusCallback),
};

function createdProfile(statusCallback: 'sent' | 'absent') {
  const link = (suffix: string) => regex(`${PROFILE_URL}/${suffix}$`, `${EXAMPLE_URL}/${suffix}`);
  return {
    sid: regex(SID_PATTERNS.customerProfile, EXAMPLE.profileSid),
    account_sid: regex(SID_PATTERNS.account, EXAMPLE.accountSid),
    policy_sid: policySidFromState(),
    friendly_name: string(EXAMPLE.friendlyName),
    status: regex(`^(${STATUS_VALUES.join('|')})$`, 'draft'),
    email: string(EXAMPLE.email),
    // a create without StatusCallback echoes null
    status_callback: statusCallback === 'sent' ? regex('^https?://\\S+$', EXAMPLE.statusCallback) : null,
    date_created: datetime(GMT_FORMAT, EXAMPLE.date),
    date_updated: datetime(GMT_FORMAT, EXAMPLE.date),
    url: regex(`${PROFILE_URL}$`, EXAMPLE_URL),
    links: {
      customer_profiles_entity_assignments: link('EntityAssignments'),
      customer_profiles_evaluations: link('Evaluations'),
      customer_profiles_channel_endpoint_assignment: link('ChannelEndpointAssignments'),
    },
  };
}

function errorEnvelope(code: number, status: number, message: unknown) {
  // code, more_info and status are exact: a client branches on the code
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export interface ContractInteraction {
  description: string;
  states: V3ProviderState[];
  request: V3Request;
  response: V3Response;
  /** what the consumer does against the Pact mock server for this interaction */
  exercise(baseUrl: string): Promise<CreateResult>;
}

const credentials = { username: EXAMPLE.accountSid, password: EXAMPLE.authToken };
const all = { friendlyName: EXAMPLE.friendlyName, email: EXAMPLE.email, policySid: EXAMPLE.policySid, statusCallback: EXAMPLE.statusCallback };

export const INTERACTIONS: readonly ContractInteraction[] = [
  {
    description: 'a create with all four parameters',
    states: policyState,
    request: { method: 'POST', path: '/v1/CustomerProfiles', contentType: FORM, headers: requestHeaders(true), body: formFields },
    response: { status: 201, headers: { 'Content-Type': JSON_TYPE }, body: createdProfile('sent') },
    exercise: (baseUrl) => postCustomerProfile({ baseUrl, credentials }, all),
  },
  {
    description: 'a create without StatusCallback',
    states: policyState,
    request: {
      method: 'POST',
      path: '/v1/CustomerProfiles',
      contentType: FORM,
      headers: requestHeaders(true),
      body: { FriendlyName: formFields.FriendlyName, Email: formFields.Email, PolicySid: formFields.PolicySid },
    },
    response: { status: 201, headers: { 'Content-Type': JSON_TYPE }, body: createdProfile('absent') },
    exercise: (baseUrl) => postCustomerProfile({ baseUrl, credentials }, { ...all, statusCallback: undefined }),
  },
  {
    description: 'a create without the required FriendlyName',
    states: policyState,
    request: {
      method: 'POST',
      path: '/v1/CustomerProfiles',
      contentType: FORM,
      headers: requestHeaders(true),
      body: { Email: formFields.Email, PolicySid: formFields.PolicySid },
    },
    response: {
      status: 400,
      headers: { 'Content-Type': JSON_TYPE },
      body: errorEnvelope(20001, 400, regex('^Missing required parameter FriendlyName(\\s.*)?$', 'Missing required parameter FriendlyName in the post body')),
    },
    exercise: (baseUrl) => postCustomerProfile({ baseUrl, credentials }, { ...all, friendlyName: undefined, statusCallback: undefined }),
  },
  {
    description: 'a create without credentials',
    states: policyState,
    request: {
      method: 'POST',
      path: '/v1/CustomerProfiles',
      contentType: FORM,
      headers: requestHeaders(false),
      body: { FriendlyName: formFields.FriendlyName, Email: formFields.Email, PolicySid: formFields.PolicySid },
    },
    response: { status: 401, headers: { 'Content-Type': JSON_TYPE }, body: errorEnvelope(20003, 401, string('Authenticate')) },
    exercise: (baseUrl) => postCustomerProfile({ baseUrl }, { ...all, statusCallback: undefined }),
  },
];
