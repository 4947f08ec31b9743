import type { SentRequest, TestCase } from '../../contracts/exchange.ts';
import { TOOL } from '../../contracts/tool.ts';
import { authorizationFor, type Credentials, proxyAuthorizationFor, withCredentialFields } from './credentials.ts';
import type { HttpRequest } from './http.ts';

export const PATH = '/v1/CustomerProfiles';
export const USER_AGENT = `${TOOL.name}/${TOOL.version}`;

/** The create request of a case, exactly as the engine sends it (also what --dry-run prints). */
export function createRequest(base: string, creds: Credentials, tc: TestCase, extra?: Readonly<Record<string, string>>): HttpRequest {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...extra, ...tc.headers };
  if (tc.contentType !== null) headers['content-type'] = tc.contentType;
  const authorization = authorizationFor(tc.auth, creds);
  if (authorization) headers.authorization = authorization;
  const proxy = tc.credentialsInProxyAuthorization ? proxyAuthorizationFor(creds) : undefined;
  if (proxy) headers['proxy-authorization'] = proxy;
  const body = tc.credentialsInBody ? withCredentialFields(tc.body, creds) : tc.body;
  return { method: 'POST', url: `${base.replace(/\/+$/, '')}${PATH}${tc.query === undefined ? '' : `?${tc.query}`}`, headers, body };
}

/** The request as reports may show it: the Authorization and Proxy-Authorization values and the caller's extra headers (`hidden`) redacted. */
export function sentRequest(req: HttpRequest, hidden: readonly string[] = []): SentRequest {
  const headers = { ...req.headers };
  if (headers.authorization) headers.authorization = 'Basic [redacted]';
  if (headers['proxy-authorization']) headers['proxy-authorization'] = 'Basic [redacted]';
  for (const name of hidden) if (headers[name] !== undefined) headers[name] = '[redacted]';
  return { method: req.method, url: req.url, headers, body: req.body ?? '' };
}
