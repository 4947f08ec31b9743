/**
 * The consumer of the Pact contract: a tiny real client of POST /v1/CustomerProfiles, written the
 * way an application talks to Twilio (a form body, HTTP Basic auth, JSON back). It is what the
 * consumer test drives against the Pact mock server, so the pact records what a client really
 * sends and relies on. It is not used by the conformance run itself.
 */

export interface ClientOptions {
  /** base URL, e.g. https://trusthub.twilio.com or the Pact mock server's URL */
  baseUrl: string;
  /** Basic credentials (Account SID + Auth Token, or API Key SID + secret); none sends no Authorization */
  credentials?: { username: string; password: string };
}

export interface CreateCustomerProfileParams {
  friendlyName: string;
  email: string;
  policySid: string;
  statusCallback?: string;
}

/** The parts of the created resource this client reads. */
export interface CustomerProfile {
  sid: string;
  accountSid: string;
  policySid: string;
  friendlyName: string;
  email: string;
  statusCallback: string | null;
  status: string;
  dateCreated: Date;
  dateUpdated: Date;
  url: string;
  links: Record<string, string>;
}

/** A Twilio error envelope, read the way the official helper library reads it. */
export interface TwilioError {
  code: number;
  message: string;
  moreInfo: string;
  status: number;
}

export type CreateResult = { ok: true; status: number; profile: CustomerProfile } | { ok: false; status: number; error: TwilioError };

/** The wire names of the create parameters, in the order the client sends them. */
const WIRE_NAMES = { friendlyName: 'FriendlyName', email: 'Email', policySid: 'PolicySid', statusCallback: 'StatusCallback' } as const;

/** Creates a Customer-Profile. */
export function createCustomerProfile(options: ClientOptions, params: CreateCustomerProfileParams): Promise<CreateResult> {
  return postCustomerProfile(options, params);
}

/**
 * The request itself, with every parameter optional: a caller that forgets one (as the contract's
 * "missing parameter" interaction does) still sends a well-formed form body.
 */
export async function postCustomerProfile(options: ClientOptions, params: Partial<CreateCustomerProfileParams>): Promise<CreateResult> {
  const form = new URLSearchParams();
  for (const [key, name] of Object.entries(WIRE_NAMES)) {
    const value = params[key as keyof CreateCustomerProfileParams];
    if (value !== undefined) form.append(name, value);
  }
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (options.credentials) {
    const { username, password } = options.credentials;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const response = await fetch(`${options.baseUrl.replace(/\/+$/, '')}/v1/CustomerProfiles`, {
    method: 'POST',
    headers,
    body: form.toString(),
  });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`POST /v1/CustomerProfiles answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (response.ok) return { ok: true, status: response.status, profile: readProfile(json) };
  return {
    ok: false,
    status: response.status,
    error: { code: Number(json.code), message: String(json.message), moreInfo: String(json.more_info), status: Number(json.status) },
  };
}

function readProfile(json: Record<string, unknown>): CustomerProfile {
  const str = (name: string): string => {
    const v = json[name];
    if (typeof v !== 'string') throw new Error(`the created resource has no string ${name}`);
    return v;
  };
  const links = json.links;
  return {
    sid: str('sid'),
    accountSid: str('account_sid'),
    policySid: str('policy_sid'),
    friendlyName: str('friendly_name'),
    email: str('email'),
    statusCallback: json.status_callback === null ? null : str('status_callback'),
    status: str('status'),
    dateCreated: new Date(str('date_created')),
    dateUpdated: new Date(str('date_updated')),
    url: str('url'),
    links: links && typeof links === 'object' ? (links as Record<string, string>) : {},
  };
}
