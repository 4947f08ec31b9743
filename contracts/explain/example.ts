/** The shape of an explanation (contracts/explain.ts) and how its example requests are written. */

/** The Account SID and Policy SID the examples use: the reference mock's default account. */
export const EXAMPLE_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const EXAMPLE_POLICY_SID = 'RN0123456789abcdef0123456789abcdef';

/**
 * The Authorization header of an example request: omitted, Basic with the right credentials;
 * 'none', no header; `{ user, password, scheme? }`, that pair base64-encoded after the scheme
 * (default Basic); `{ header }`, the value as written. {AccountSid} and {AuthToken} stand for the
 * right credentials, {SecondAccountSid} and {SecondAuthToken} for the reference mock's second account's,
 * {ApiKeySid} and {ApiKeySecret} for its API key of the first account.
 */
export type ExampleAuth = 'none' | { user: string; password: string; scheme?: string } | { header: string };

export interface ExampleRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** the path and query; {sid} is the sid the example's first create was answered with, {SID} the same with its hex letters upper-cased */
  path: string;
  auth?: ExampleAuth;
  /** default application/x-www-form-urlencoded when there is a body */
  contentType?: string;
  body?: string;
  /** the body as the explanation prints it, when it is too long to print whole */
  bodyShown?: string;
  /** headers besides the credentials and Content-Type (lower-case names) */
  headers?: Readonly<Record<string, string>>;
}

/** One answer of an example, as shown: sids, times and the base URL made the same on every run. */
export interface ExampleAnswer {
  status: number;
  statusText: string;
  /** content-type and the headers the explanation shows; null: the answer had none */
  headers: Record<string, string | null>;
  /** the body, or what the explanation shows of it */
  body: string;
  /** true when body is part of what was sent (some members, or the first characters) */
  cut: boolean;
}

/** The requests most examples are made of. */
export const VALID_BODY = `Email=ops%40example.com&FriendlyName=Acme&PolicySid=${EXAMPLE_POLICY_SID}`;
export const CREATE: ExampleRequest = { method: 'POST', path: '/v1/CustomerProfiles', body: VALID_BODY };
export const NO_EMAIL: ExampleRequest = { method: 'POST', path: '/v1/CustomerProfiles', body: `FriendlyName=Acme&PolicySid=${EXAMPLE_POLICY_SID}` };
export const LIST: ExampleRequest = { method: 'GET', path: '/v1/CustomerProfiles?PageSize=50' };
export const ENVELOPE = ['code', 'message', 'more_info', 'status'];
export const ENVELOPE_OR_PROFILE = ['sid', 'code', 'message', 'status'];

export interface Explanation {
  /** the rule, in a sentence or two */
  rule: string;
  /** the sentence of the source the rule rests on, as it is written there (the source's name is the catalog's) */
  quote: string;
  /** the example: one request, or the sequence a check that reads more than one exchange judges */
  requests: readonly ExampleRequest[];
  /**
   * what of each answer is shown: JSON members by path (`results.sid` maps over the list; a
   * member an answer lacks is left out) and headers beside content-type; `raw` shows the body's
   * first characters as sent (for rules about the bytes). Default: the whole body.
   */
  show?: { members?: readonly string[]; headers?: readonly string[]; raw?: number };
  /** the reference mock's named fault (mock/faults.ts) whose answers break the rule */
  fault: string;
  /** how implementations typically get it wrong */
  mistake: string;
}

export interface ExampleCredentials {
  accountSid: string;
  authToken: string;
  /** the reference mock's second account, for {SecondAccountSid} and {SecondAuthToken} */
  second?: { accountSid: string; authToken: string };
  /** the reference mock's API key of the first account, for {ApiKeySid} and {ApiKeySecret} */
  key?: { sid: string; secret: string };
}

const fill = (text: string, c: ExampleCredentials) =>
  text
    .replaceAll('{SecondAccountSid}', c.second?.accountSid ?? '{SecondAccountSid}')
    .replaceAll('{SecondAuthToken}', c.second?.authToken ?? '{SecondAuthToken}')
    .replaceAll('{ApiKeySid}', c.key?.sid ?? '{ApiKeySid}')
    .replaceAll('{ApiKeySecret}', c.key?.secret ?? '{ApiKeySecret}')
    .replaceAll('{AccountSid}', c.accountSid)
    .replaceAll('{AuthToken}', c.authToken);

/** The Authorization header an example request is sent with (undefined: none). */
export function authorizationOf(auth: ExampleAuth | undefined, credentials: ExampleCredentials): string | undefined {
  if (auth === 'none') return undefined;
  if (auth && 'header' in auth) return fill(auth.header, credentials);
  const { user = '{AccountSid}', password = '{AuthToken}', scheme = 'Basic' } = auth ?? {};
  return `${scheme} ${Buffer.from(`${fill(user, credentials)}:${fill(password, credentials)}`, 'utf8').toString('base64')}`;
}

/** The Authorization header as a person reads it: `Basic base64({AccountSid}:{AuthToken})` (undefined: none). */
export function authorizationShown(auth: ExampleAuth | undefined): string | undefined {
  if (auth === 'none') return undefined;
  if (auth && 'header' in auth) return auth.header;
  const { user = '{AccountSid}', password = '{AuthToken}', scheme = 'Basic' } = auth ?? {};
  return `${scheme} base64(${user}:${password})`;
}

/** The Content-Type an example request is sent with. */
export function contentTypeOf(request: ExampleRequest): string | undefined {
  return request.body === undefined ? undefined : (request.contentType ?? 'application/x-www-form-urlencoded');
}
