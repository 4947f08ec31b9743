import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';

/**
 * The faults of what a request carries besides its credentials and parameters: a session cookie, a
 * client address, a User-Agent, Expect, Accept, Accept-Language, a query parameter the operation does
 * not define. Hooks registered before the auth hook (mock/server.ts), so each can stand in for the
 * credentials or answer before them, as the front end or middleware it models does.
 */
export function addHeaderFaults(app: FastifyInstance, config: Pick<MockConfig, 'accounts' | 'fault'>): void {
  const fault = config.fault;
  if (fault === null || !HEADER_FAULTS.has(fault)) return;
  const account = config.accounts[0]!;
  const own = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
  // session-cookie-auth: a request that authenticates opens a session (Set-Cookie: session=<id>); the cookie alone authenticates a later request
  const sessions = new Map<string, string>();
  app.addHook('onRequest', (request, reply, done) => {
    const headers = request.headers;
    // ua-blocklist-403: a "bad bot" block in the front end refuses the User-Agents of curl, Python requests, Go… with its own page
    if (fault === 'ua-blocklist-403' && BLOCKED_AGENTS.test(headers['user-agent'] ?? '')) {
      reply.code(403).type('text/html').send('<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (headers.authorization === undefined) {
      // browser-login-redirect: formLogin() beside httpBasic(): a request without credentials that takes text/html is sent to the login form
      if (fault === 'browser-login-redirect' && /(^|,)\s*text\/html\s*(;|,|$)/i.test(headers.accept ?? '')) {
        reply.code(302).header('location', '/login').type('text/html').send('');
        return;
      }
      if (fault === 'session-cookie-auth') {
        const id = /(?:^|;\s*)session=([0-9a-f]+)/.exec(headers.cookie ?? '')?.[1];
        const authorization = id === undefined ? undefined : sessions.get(id);
        if (authorization !== undefined) headers.authorization = authorization;
      }
      // xff-internal-skips-auth: req.ip from the left-most X-Forwarded-For (or X-Real-IP); the internal network and loopback need no credentials
      const client = String(headers['x-forwarded-for'] ?? headers['x-real-ip'] ?? '').split(',')[0]!.trim();
      if (fault === 'xff-internal-skips-auth' && /^(10|127)\.\d+\.\d+\.\d+$/.test(client)) headers.authorization = own;
    }
    done();
  });
  if (fault === 'session-cookie-auth') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (request.caller && request.headers.authorization !== undefined) {
        const id = randomBytes(8).toString('hex');
        if (sessions.size >= 1024) sessions.clear();
        sessions.set(id, request.headers.authorization);
        reply.header('set-cookie', `session=${id}; Path=/; HttpOnly`);
      }
      return payload;
    });
  }
  // xhr-401-no-challenge: no WWW-Authenticate on a 401 to an XHR, so that browsers show no login dialog over the console
  if (fault === 'xhr-401-no-challenge') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode === 401 && request.headers['x-requested-with'] === 'XMLHttpRequest') reply.removeHeader('www-authenticate');
      return payload;
    });
  }
  // error-messages-localized: the messages come from the bundle Accept-Language chooses (German here)
  if (fault === 'error-messages-localized') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!/^de\b/i.test(request.headers['accept-language'] ?? '') || reply.statusCode < 400 || typeof payload !== 'string') return payload;
      const envelope = JSON.parse(payload) as { code: number; message: string };
      return JSON.stringify({ ...envelope, message: GERMAN[envelope.code] ?? envelope.message });
    });
  }
  // jsonp-callback: Express's res.jsonp(): with a callback query parameter a 200 is a script that calls it
  if (fault === 'jsonp-callback') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const callback = new URLSearchParams(request.url.split('?')[1] ?? '').get('callback');
      if (!callback || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      reply.header('content-type', 'text/javascript; charset=utf-8');
      return `/**/ typeof ${callback} === 'function' && ${callback}(${payload});`;
    });
  }
  // fetch-query-projection: a fetch with any query string is served by the search API's sparse-fieldset projection, which has no email
  if (fault === 'fetch-query-projection') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const [path, query] = request.url.split('?');
      if (request.method !== 'GET' || !query || !/^\/v1\/CustomerProfiles\/[^/]+$/.test(path!) || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      return payload.replace(/"email":(?:null|"(?:[^"\\]|\\.)*")/, '"email":null');
    });
  }
  // not-found-message-fullpath: the profile route's not-found handler words its message with the path and its query (Rails' request.fullpath)
  if (fault === 'not-found-message-fullpath') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const query = request.url.split('?')[1];
      if (reply.statusCode !== 404 || !query || typeof payload !== 'string' || !request.url.startsWith('/v1/CustomerProfiles/')) return payload;
      return payload.replace(/(The requested resource [^"]*?) was not found/, `$1?${query} was not found`);
    });
  }
  // accept-xml-negotiated, accept-json-charset-utf16, error-html-for-browsers: the answer follows the Accept header
  if (ACCEPT_FAULTS.has(fault)) {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const accept = request.headers.accept ?? '';
      if (typeof payload !== 'string' || payload === '') return payload;
      // error-html-for-browsers: an error handler that renders an HTML page for whoever takes text/html (Spring's Whitelabel page)
      if (fault === 'error-html-for-browsers' && reply.statusCode >= 400 && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept)) {
        reply.header('content-type', 'text/html;charset=UTF-8');
        return `<html><body><h1>Whitelabel Error Page</h1><div>There was an unexpected error (status=${reply.statusCode}).</div></body></html>`;
      }
      // accept-xml-negotiated: an XML converter on the classpath wins whenever Accept ranks XML above JSON (every browser's Accept does)
      if (fault === 'accept-xml-negotiated' && /application\/xml/i.test(accept) && !/application\/json/i.test(accept)) {
        reply.header('content-type', 'application/xml;charset=UTF-8');
        return `<?xml version="1.0" encoding="UTF-8"?><Response>${payload.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Response>`;
      }
      // accept-json-charset-utf16: the JSON written in the charset the Accept's application/json range names (UTF-16 big-endian, no BOM)
      if (fault === 'accept-json-charset-utf16' && /application\/json\s*;\s*charset=utf-16/i.test(accept)) {
        reply.header('content-type', 'application/json;charset=UTF-16');
        return Buffer.from(payload, 'utf16le').swap16();
      }
      return payload;
    });
  }
  // expect-continue-417: the front end does not do Expect: 100-continue and answers 417 with its own page
  if (fault === 'expect-continue-417') {
    app.server.on('checkContinue', (req, res) => {
      req.resume();
      res.writeHead(417, { 'content-type': 'text/html', connection: 'close' });
      res.end('<html><head><title>417 Expectation Failed</title></head><body><h1>417 Expectation Failed</h1></body></html>');
    });
  }
}

/** The faults this file makes. */
const HEADER_FAULTS: ReadonlySet<FaultName> = new Set([
  'session-cookie-auth',
  'xff-internal-skips-auth',
  'ua-blocklist-403',
  'expect-continue-417',
  'error-messages-localized',
  'jsonp-callback',
  'accept-xml-negotiated',
  'accept-json-charset-utf16',
  'error-html-for-browsers',
  'fetch-query-projection',
  'not-found-message-fullpath',
  'browser-login-redirect',
  'xhr-401-no-challenge',
]);

/** The faults whose answer follows the request's Accept header. */
const ACCEPT_FAULTS: ReadonlySet<FaultName | null> = new Set<FaultName>(['accept-xml-negotiated', 'accept-json-charset-utf16', 'error-html-for-browsers']);

/** nginx-bad-bot-blocker's User-Agents of command-line and script clients. */
const BLOCKED_AGENTS = /curl|wget|python-requests|libwww-perl|go-http-client|scrapy/i;

/** The documented messages in German, by code. */
const GERMAN: Readonly<Record<number, string>> = {
  20001: 'Erforderlicher Parameter fehlt im POST-Body',
  20003: 'Authentifizierung erforderlich',
  20404: 'Die angeforderte Ressource wurde nicht gefunden',
};
