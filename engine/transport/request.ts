import type { SentRequest, TestCase } from '../../contracts/exchange.ts';
import { TOOL } from '../../contracts/tool.ts';
import { authorizationFor, type Credentials, credentialsBeside, KEY_HEADER_NAMES, proxyAuthorizationFor, withCredentialFields } from './credentials.ts';
import type { HttpRequest } from './http.ts';

export const PATH = '/v1/CustomerProfiles';
export const USER_AGENT = `${TOOL.name}/${TOOL.version}`;

/** The create request of a case, exactly as the engine sends it (also what --dry-run prints). */
export function createRequest(base: string, creds: Credentials, tc: TestCase, extra?: Readonly<Record<string, string>>): HttpRequest {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...extra, ...tc.headers };
  if (tc.contentType !== null) headers['content-type'] = tc.contentType;
  const authorization = authorizationFor(tc.auth, creds);
  if (authorization) headers.authorization = authorization;
  // the shapes that carry the caller's credentials outside Authorization: in the query, in key headers
  const beside = credentialsBeside(tc.auth, creds, Object.keys(extra ?? {}));
  Object.assign(headers, beside.headers);
  const proxy = tc.credentialsInProxyAuthorization ? proxyAuthorizationFor(creds) : undefined;
  if (proxy) headers['proxy-authorization'] = proxy;
  const body = tc.credentialsInBody ? withCredentialFields(tc.body, creds) : tc.body;
  const query = [tc.query, beside.query].filter((q) => q !== undefined).join('&');
  return { method: 'POST', url: `${base.replace(/\/+$/, '')}${PATH}${query === '' && tc.query === undefined ? '' : `?${query}`}`, headers, body };
}

/**
 * The request as reports may show it: the Authorization and Proxy-Authorization values, the API
 * gateway key headers (X-API-Key, Api-Key: the `api-key-headers` shape's, or the caller's own) and the
 * caller's extra headers (`hidden`) redacted.
 */
export function sentRequest(req: HttpRequest, hidden: readonly string[] = []): SentRequest {
  const headers = { ...req.headers };
  if (headers.authorization) headers.authorization = 'Basic [redacted]';
  if (headers['proxy-authorization']) headers['proxy-authorization'] = 'Basic [redacted]';
  for (const name of KEY_HEADER_NAMES) if (headers[name] !== undefined) headers[name] = '[redacted]';
  for (const name of hidden) if (headers[name] !== undefined) headers[name] = '[redacted]';
  return { method: req.method, url: req.url, headers, body: req.body ?? '' };
}
