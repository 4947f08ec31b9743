import { randomBytes } from 'node:crypto';
import { bodyObject } from '../../../contracts/answer.ts';
import { CREDENTIAL_FIELDS, type Exchange, type FollowUp } from '../../../contracts/exchange.ts';
import { BROWSER_ACCEPT, CLIENT_ADDRESSES, CLIENT_PROFILES, headerWords, identityHeaders, profileWords, WIDE_ACCEPT } from '../../../generators/index.ts';
import { PATH } from '../../transport/request.ts';
import type { FollowOptions } from '../../transport/sender.ts';
import type { RunContext } from '../context.ts';
import { of } from './credential-routes.ts';

/**
 * Requests that carry what a real client's headers or query add, once a run, for the lifecycle's
 * profile while it exists. Each answer is judged by the rules of its kind; nothing is created.
 *
 * - Without credentials, with what a server might take for them instead (twilio-behaviour.md:
 *   missing credentials get 401, whatever else the request carries): the client-address headers a
 *   proxy sets and a client can write itself (generators CLIENT_ADDRESSES), and every cookie the
 *   target set so far (a session a Basic request opened). Fetch, list and DELETE of the profile,
 *   each must be 401 (auth.follow-up-routes); and a DELETE with the caller's own credentials as
 *   form fields (CREDENTIAL_FIELDS: a token guard beside Basic); the profile still reads back
 *   after the DELETEs (auth.refused-delete-keeps). So do a fetch, a list and a DELETE with the caller's
 *   own Basic credentials in Proxy-Authorization and no Authorization (RFC 9110 §11.7.2: that field is
 *   the proxy's; not sent through a proxy the run is configured with: credentials.ts proxyAuthorizationFor).
 * - Errors asked for in another language (Accept-Language: de-DE): the 401 and the 404 still
 *   carry their documented English messages (auth.code-20003, not-found.code-20404).
 * - Fetch, list and a 404 asked for with a browser's Accept (HTML and XML ranked over the wildcard)
 *   or with application/json in another charset: still application/json in UTF-8, the 404 the JSON
 *   envelope (response.content-type-json, response.utf8-no-bom, error.content-type-json).
 * - Fetch and list as the clients of generators CLIENT_PROFILES send them (Origin, Cookie, Accept-Encoding,
 *   Accept-Charset, Accept-Language in several locales, an Accept naming application/problem+json,
 *   X-Forwarded-For lists, an older helper library's User-Agent): the same 200, the profile as its
 *   201 showed it (readback.same; resource.schema, resource.dates, response.utf8-no-bom…); a
 *   fetch without credentials carrying them the 401 envelope (auth.follow-up-routes, auth.code-20003).
 *   The identity headers an auth proxy passes (X-Remote-User…, naming the caller's account) join
 *   the client addresses above on the fetch, list and DELETE without credentials.
 *   So do a browser's Accept (a login form shared with a console answers it 302 to /login) and
 *   X-Requested-With: XMLHttpRequest (a 401 to an XHR still carries its Basic challenge: auth.challenge).
 * - Fetch and list with query parameters the operation does not define (a JSONP `callback`, a
 *   cache buster `_`): a 200 is still application/json (response.content-type-json) and a
 *   profile or list page (resource.schema, list.page-schema).
 */

/** The language the error requests ask for: a browser's, or a client configured from the OS locale. */
export const OTHER_LANGUAGE = 'de-DE,de;q=0.9';

/** What jQuery and many consoles' XHRs send: a server may leave the challenge out of such a 401 (no browser login dialog). */
export const XHR: Readonly<Record<string, string>> = { 'x-requested-with': 'XMLHttpRequest' };

/** Query parameters no operation here defines: Express's res.jsonp() callback, jQuery's cache buster. */
export const UNKNOWN_QUERY = 'callback=x&_=123';

export async function probeHeaders(ctx: RunContext, ex: Exchange, url: string): Promise<void> {
  const { sender } = ctx;
  const list = `${ctx.base}${PATH}?PageSize=1`;
  const withHeaders = (purpose: string, headers: Readonly<Record<string, string>>, auth: FollowOptions['auth'] = 'none', words = headerWords(headers)): FollowOptions => ({
    ...of(ex, `${purpose} (${words})`, auth),
    headers,
  });
  const sets: Array<[Readonly<Record<string, string>>, string]> = CLIENT_ADDRESSES.map((h) => [h, headerWords(h)]);
  // a browser's request (a console's login form would take it) and a console's XHR (a 401 left without its challenge, so no login dialog shows)
  sets.push([{ accept: BROWSER_ACCEPT }, "a browser's Accept"], [XHR, 'X-Requested-With: XMLHttpRequest']);
  // what an authenticating front end passes to the app, naming the caller's own account (the create's account_sid)
  const account = bodyObject(ex.response)?.account_sid;
  if (typeof account === 'string' && account !== '') {
    const identity = identityHeaders(account);
    sets.push([identity, `${Object.keys(identity).join(', ')} naming the caller's account`]);
  }
  // the cookies the target set so far (none, from a faithful one): a session must not stand in for credentials. Their
  // values are the target's secrets: the purpose names them only, and reports show the header redacted (the Sender's)
  const cookies = [...sender.cookies];
  if (cookies.length > 0) sets.push([{ cookie: cookies.map(([n, v]) => `${n}=${v}`).join('; ') }, `cookie: ${cookies.map(([n]) => n).join(', ')}, as the target set them`]);
  const deletes: FollowUp[] = [];
  for (const [headers, words] of sets) {
    await sender.follow('GET', url, withHeaders('fetch of the profile with no credentials', headers, 'none', words));
    await sender.follow('GET', list, withHeaders('list with no credentials', headers, 'none', words));
    deletes.push(await sender.follow('DELETE', url, withHeaders('delete of the profile with no credentials', headers, 'none', words)));
  }
  // the caller's own Basic credentials in Proxy-Authorization, no Authorization header (an auth middleware that falls back to the proxy's header)
  const proxied = "no Authorization header, the caller's credentials in Proxy-Authorization";
  await sender.follow('GET', url, { ...of(ex, `fetch of the profile with ${proxied}`, 'none'), credentialsInProxyAuthorization: true });
  await sender.follow('GET', list, { ...of(ex, `list with ${proxied}`, 'none'), credentialsInProxyAuthorization: true });
  deletes.push(await sender.follow('DELETE', url, { ...of(ex, `delete of the profile with ${proxied}`, 'none'), credentialsInProxyAuthorization: true }));
  // the caller's own credentials as form fields, no Authorization header (a token guard beside Basic takes them): in the body, never the URL
  deletes.push(await sender.follow('DELETE', url, { ...of(ex, `delete of the profile with no Authorization header, the caller's credentials as form fields (${CREDENTIAL_FIELDS.join(', ')})`, 'none'), credentialsInBody: true }));
  const readBack = await sender.follow('GET', url, of(ex, 'read back after the DELETEs with no credentials and other headers'));
  ex.refusedDeletes = { deletes: [...(ex.refusedDeletes?.deletes ?? []), ...deletes.map((answer) => ({ auth: 'none' as const, answer }))], readBack };
  const language = { 'accept-language': OTHER_LANGUAGE };
  await sender.follow('GET', url, withHeaders('fetch of the profile with no credentials, in another language', language));
  const unknown = `${ctx.base}${PATH}/BU${randomBytes(16).toString('hex')}`;
  await sender.follow('GET', unknown, withHeaders('fetch of a sid no profile has, in another language', language, 'valid'));
  const browser = { accept: BROWSER_ACCEPT };
  await sender.follow('GET', url, withHeaders("fetch of the profile with a browser's Accept", browser, 'valid'));
  await sender.follow('GET', list, withHeaders('list asking for JSON in UTF-16', { accept: WIDE_ACCEPT }, 'valid'));
  await sender.follow('GET', unknown, withHeaders("fetch of a sid no profile has, with a browser's Accept", browser, 'valid'));
  // what browsers, SDKs, proxies and CDNs add (generators CLIENT_PROFILES): fetch and list the same 200; without credentials the 401 envelope
  const clientReads: FollowUp[] = [];
  for (const profile of CLIENT_PROFILES) {
    const words = profileWords(profile);
    clientReads.push(await sender.follow('GET', url, withHeaders('fetch of the profile', profile.headers, 'valid', words)));
    await sender.follow('GET', list, withHeaders('list', profile.headers, 'valid', words));
    await sender.follow('GET', url, withHeaders('fetch of the profile with no credentials', profile.headers, 'none', words));
  }
  ex.clientReads = clientReads;
  await sender.follow('GET', `${url}?${UNKNOWN_QUERY}`, of(ex, `fetch of the profile with ?${UNKNOWN_QUERY} (parameters it does not define)`));
  await sender.follow('GET', `${list}&${UNKNOWN_QUERY}`, of(ex, `list with &${UNKNOWN_QUERY} (parameters it does not define)`));
  // a 404 asked with a query: its message names the path alone (not-found.code-20404; a handler that words it with the path and query)
  await sender.follow('GET', `${unknown}?${UNKNOWN_QUERY}`, of(ex, `fetch of a sid no profile has, with ?${UNKNOWN_QUERY}`));
}
