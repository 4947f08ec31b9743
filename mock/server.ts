import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CHALLENGE, type Caller, credentialsOutside, makeRouteAuthenticator, refusesKey, type RouteAuthenticate } from './auth.ts';
import { canonicalEmail, citextContacts, parsedAddress, readCreate } from './create.ts';
import { faultyDelete } from './delete-faults.ts';
import { CODES, errorBody, genericCode, moreInfo } from './envelope.ts';
import { filterListCache } from './filter-cache-fault.ts';
import { pairFetchCache, pairListCache } from './pair-cache-fault.ts';
import { accountFaults } from './account-faults.ts';
import { keyCreateParams, keyReadsJson, keyRefusal } from './api-key-faults.ts';
import { createAccountFaults } from './account-context-faults.ts';
import { addClientProfileFaults } from './client-profile-faults.ts';
import { addRequestAccountFaults } from './request-account-faults.ts';
import { addHeaderFaults } from './header-faults.ts';
import { decodeStrictly, FIRST_CHUNK_BYTES, jsonUnderFormType, paramsFromJson, parseForm, relabelled, splitAtEveryEquals } from './form.ts';
import { listPage } from './list.ts';
import { addLoadFaults } from './load-faults.ts';
import { addSidParamFaults, lookalike } from './lookup-faults.ts';
import { twoDeepPool } from './pool-fault.ts';
import { expiringPageTokens, faultyListItem, faultyQuery, faultyRefusal, LIST_LIMIT, ROW_LOAD_500, ROW_LOAD_MS, sharedPageSize, TWO_STEP_MS, withDeleted } from './list-faults.ts';
import { setTimeout as delay } from 'node:timers/promises';
import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';
import { FIXED_OTHER_ACCOUNT_SID, nowSeconds, render } from './resource.ts';
import { randomHex32 } from './sid.ts';
import { evaluateLater, expireDrafts, restartFaults, trimLater } from './restart-faults.ts';
import { DOCUMENTED_POLICY, STATUS_VALUES } from '../contracts/schemas.ts';
import type { ProfileStore, StoredProfile } from './store.ts';
import { WAF_PAGE, wafBlocks } from './waf-fault.ts';
import { faultyUpdate, update, updateRefusal } from './update-faults.ts';
import { updateAnswer } from './update-answer-faults.ts';
import { addRedirectFaults } from './redirect-faults.ts';
import { addLinkFaults, linkSkipsAuth } from './link-faults.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** What the routes share and what the handle returned by startMock can change at run time. */
export interface MockState {
  config: MockConfig;
  store: ProfileStore;
  /** null: any well-formed PolicySid is accepted */
  policies: Set<string> | null;
  /** the base of every url; set once the server listens */
  baseUrl: string;
}

const COLLECTION = '/v1/CustomerProfiles';
const ITEM = '/v1/CustomerProfiles/:Sid';
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
/** What the review-queue-202 fault holds for a review: C0 and C1 controls, DEL, private use. */
const REVIEWED = /[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff\u{f0000}-\u{10fffd}]/u;
const STATUSES: ReadonlySet<string> = new Set(STATUS_VALUES);
/** The form-type-strict-parameters fault: the type, then only `; name=value` parameters to the end (media-typer 0.3: no empty parameter, no space before a ;). */
const STRICT_FORM_TYPE = /^[^;\s]+(?:; *[!#$%&'*+\-.^_`|~0-9A-Za-z]+ *= *(?:"(?:[^"\\]|\\.)*"|[!#$%&'*+\-.^_`|~0-9A-Za-z]+) *)*$/;

/** The utf8mb3-storage fault: a value as a 3-byte UTF-8 column keeps it, cut before its first astral character. */
function cutAtAstral(text: string | null): string | null {
  const at = text === null ? -1 : text.search(ASTRAL);
  return at < 0 ? text : text!.slice(0, at);
}
const EMPTY = new URLSearchParams();

/** An error the error handler answers with 500 (the crash faults). */
function serverFault(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 500 });
}

/** Faults in the bytes or headers of every answer, applied as it is sent. */
const ANSWER_FAULTS: ReadonlySet<FaultName> = new Set([
  'json-charset-latin1',
  'json-bom',
  'latin1-body',
  'duplicate-members',
  'no-date-header',
  'reads-no-date-header',
  'date-header-iso',
  'date-header-rfc850',
  'content-type-colon-param',
  'date-header-frozen',
  'head-no-date',
  'head-date-rfc850',
  'head-date-frozen',
  'head-gone-500',
]);

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The Date header as the date faults write it: ISO 8601, or the obsolete RFC 850 form. */
function faultyDate(fault: FaultName, now = new Date()): string {
  if (fault === 'date-header-iso') return `${now.toISOString().slice(0, 19)}Z`;
  const [, day, month, year, time] = now.toUTCString().split(' ');
  return `${DAY_NAMES[now.getUTCDay()]}, ${day}-${month}-${year!.slice(2)} ${time} GMT`;
}

function answerFault(fault: FaultName) {
  // date-header-frozen: a default-headers object built once, when the server starts
  const started = new Date().toUTCString();
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const head = request.method === 'HEAD';
    // head-gone-500: the exists() fast path reads the missing row's updated_at, and the nil raises
    if (fault === 'head-gone-500') {
      if (head && reply.statusCode === 404) reply.code(500);
      return payload;
    }
    // the HEAD faults of the Date: a fast path of HEAD with no Date, one of its own hand-formatted (RFC 850), or one frozen at start
    if (fault === 'head-no-date' || fault === 'head-date-rfc850' || fault === 'head-date-frozen') {
      if (!head) return payload;
      reply.raw.sendDate = false;
      if (fault === 'head-date-rfc850') reply.header('date', faultyDate(fault));
      if (fault === 'head-date-frozen') reply.header('date', started);
      return payload;
    }
    if (fault === 'date-header-frozen') {
      reply.raw.sendDate = false;
      reply.header('date', started);
      return payload;
    }
    if (fault === 'no-date-header' || (fault === 'reads-no-date-header' && request.method !== 'POST')) {
      reply.raw.sendDate = false;
      return payload;
    }
    if (fault === 'date-header-iso' || fault === 'date-header-rfc850') {
      reply.raw.sendDate = false;
      reply.header('date', faultyDate(fault));
      return payload;
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (typeof payload !== 'string' || !type.startsWith('application/json')) return payload;
    if (fault === 'content-type-colon-param') reply.header('content-type', 'application/json; charset:utf-8');
    if (fault === 'json-charset-latin1') reply.header('content-type', 'application/json; charset=iso-8859-1');
    if (fault === 'json-bom') return `\ufeff${payload}`;
    if (fault === 'latin1-body') return Buffer.from(payload, 'latin1');
    if (fault === 'duplicate-members' && reply.statusCode === 201) return `{"status":"draft",${payload.slice(1)}`;
    return payload;
  };
}

/** The mass-assigns-status fault: the update's Status, when the body carries a valid one. */
function massAssigned(params: URLSearchParams, fault: FaultName | null): string | undefined {
  const status = params.get('Status');
  return fault === 'mass-assigns-status' && status !== null && STATUSES.has(status) ? status : undefined;
}

/** A new sid; under create-after-delete-reuses-sid, the account's profile count plus one (reused once a profile is deleted). */
function newSid(state: MockState, accountSid: string): string {
  const fault = state.config.fault;
  if (fault === 'reused-sid') return 'BU00000000000000000000000000000000';
  if (fault === 'create-after-delete-reuses-sid') return `BU${(state.store.list(accountSid).length + 1).toString(16).padStart(32, '0')}`;
  return `${fault === 'bad-sid-prefix' ? 'XX' : 'BU'}${randomHex32()}`;
}

/** readback-truncates-long: the profile as a VARCHAR(255) column keeps it (the first 255 characters of each text). */
function cutTo255(p: StoredProfile): StoredProfile {
  const cut = (v: string | null) => (v === null ? null : Array.from(v).slice(0, 255).join(''));
  return { ...p, friendlyName: cut(p.friendlyName), email: cut(p.email), statusCallback: cut(p.statusCallback) };
}

export function sendError(reply: FastifyReply, state: MockState, status: number, code: number, message: string): FastifyReply {
  const { type, body } = errorBody(status, code, message, state.config.fault);
  return reply.code(status).header('content-type', type).send(body);
}

/**
 * 401 / 20003 with the Basic challenge (RFC 9110 §11.6.1), unless a fault changes it; `read`: the
 * request is on another route than the create (GET, DELETE), where the reads-* faults apply.
 */
function unauthorized(reply: FastifyReply, state: MockState, read = false): FastifyReply {
  const fault = state.config.fault;
  if (fault === 'challenge-unquoted-realm') reply.header('www-authenticate', 'Basic realm=Twilio API');
  else if (fault !== 'no-www-authenticate') reply.header('www-authenticate', CHALLENGE);
  const code = fault === 'wrong-auth-code' || (fault === 'reads-wrong-auth-code' && read) ? 20_005 : CODES.authenticate;
  if (fault === 'reads-401-status-403' && read) {
    const body = { code, message: 'Authenticate', more_info: moreInfo(code, fault), status: 403 };
    return reply.code(401).header('content-type', 'application/json').send(JSON.stringify(body));
  }
  return sendError(reply, state, 401, code, fault === 'auth-message-unauthorized' ? 'Unauthorized' : 'Authenticate');
}

function sendJson(reply: FastifyReply, status: number, data: unknown, type = 'application/json'): FastifyReply {
  return reply.code(status).header('content-type', type).send(JSON.stringify(data));
}

function notFound(reply: FastifyReply, state: MockState, path: string): FastifyReply {
  const message = state.config.fault === 'not-found-message-generic' ? 'Not Found' : `The requested resource ${path} was not found`;
  return sendError(reply, state, 404, CODES.notFound, message);
}

function methodNotAllowed(allow: string, state: MockState) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const fault = state.config.fault;
    if (fault !== 'method-not-allowed-no-allow') reply.header('allow', allow);
    const message = `Method ${request.method} not allowed on ${request.url.split('?')[0]}`;
    // the web framework's own error shape, not Twilio's envelope
    if (fault === 'method-not-allowed-framework-json') return sendJson(reply, 405, { statusCode: 405, error: 'Method Not Allowed', message });
    return sendError(reply, state, 405, CODES.methodNotAllowed, message);
  };
}

/** The methods a path of the operation has (its Allow), undefined for any other path. */
function allowedOn(path: string): string | undefined {
  if (path === COLLECTION) return 'GET, POST';
  return path.startsWith(`${COLLECTION}/`) && !path.slice(COLLECTION.length + 1).includes('/') ? 'GET, POST, DELETE' : undefined;
}

/** connections-429-html: how many open connections of one client the proxy in front allows; max-connections-reset: how many the server takes. */
const CONNECTION_LIMIT = 16;

/** delete-race: the time between a DELETE's lookup and its delete (a second round trip to the database). */
const RACE_GAP_MS = 25;

/** Between two list items. */
const COMMA = Buffer.from(',');

/** proxy-413-html: the body size beyond which the proxy in front answers itself. */
const PROXY_BODY_LIMIT = 8 * 1024 * 1024;

/** throttle-code-429: every THROTTLE_EVERY-th GET is answered 429, with code 429 where 20429 belongs. */
const THROTTLE_EVERY = 2;
/** rate-limit-after-commit: every 20th create is stored, then answered 429 */
const RATE_LIMITED_EVERY = 20;

/** A request too malformed for HTTP parsing still gets a Twilio envelope, then the connection closes. */
function clientError(state: MockState) {
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const { type, body } = errorBody(status, genericCode(status), STATUS_CODES[status] ?? 'Bad Request', state.config.fault);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/** The fastify app: routes, auth hook, body parsers and the error envelope for everything else. */
export function buildServer(state: MockState): FastifyInstance {
  const { config } = state;
  const fault = config.fault;
  const authenticate: RouteAuthenticate = makeRouteAuthenticator(config);
  const app = fastify({
    logger: false,
    bodyLimit: config.bodyLimit,
    return503OnClosing: false,
    clientErrorHandler: clientError(state),
    // long sids reach the handler (and get 404 after auth) instead of a router error;
    // path-case-insensitive: the router matches paths in any letter case (Express's default)
    // routes-trailing-slash: a trailing slash is optional (Express's strict: false)
    routerOptions: { maxParamLength: 2048, caseSensitive: fault !== 'path-case-insensitive', ignoreTrailingSlash: fault === 'routes-trailing-slash' },
    // routes-path-decoded-before-match: the path is percent-decoded before it is matched (Spring's UrlPathHelper, urlDecode=true): %2F is a /
    ...(fault === 'routes-path-decoded-before-match' ? { rewriteUrl: (req: { url?: string }) => (req.url ?? '/').replace(/^[^?]*/, (path) => path.replace(/%2F/gi, '/')) } : {}),
    // path-format-suffix: a .json suffix on the collection or a profile is a format, not part of the path (Rails' (.:format))
    ...(fault === 'path-format-suffix' ? { rewriteUrl: (req: { url?: string }) => (req.url ?? '/').replace(/^(\/v1\/CustomerProfiles(?:\/[^/?]+?)?)\.json(?=\?|$)/, '$1') } : {}),
    // path-matrix-params-stripped: ";…" path parameters are dropped from each segment before routing (Spring's UrlPathHelper, Tomcat)
    ...(fault === 'path-matrix-params-stripped' ? { rewriteUrl: (req: { url?: string }) => (req.url ?? '/').replace(/^[^?]*/, (path) => path.replace(/;[^/]*/g, '')) } : {}),
    // x-original-url-routing: the request URI is taken from X-Original-URL or X-Rewrite-URL when either is present (IIS URL Rewrite support: Symfony before CVE-2018-14773, Zend, Laminas)
    ...(fault === 'x-original-url-routing'
      ? { rewriteUrl: (req: { url?: string; headers: Record<string, string | string[] | undefined> }) => String(req.headers['x-original-url'] ?? req.headers['x-rewrite-url'] ?? req.url ?? '/') }
      : {}),
    // errors raised before routing (a bad percent-escape in the path, an over-long parameter)
    frameworkErrors: (error, request, reply) => {
      // path-bad-escape-html: Express's decode_param throws URIError, and finalhandler's HTML page answers it
      if (fault === 'path-bad-escape-html' && error.code === 'FST_ERR_BAD_URL') {
        (reply as unknown as FastifyReply).code(400).type('text/html; charset=utf-8').send(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>URIError: Failed to decode param &#39;${request.url.split('/').pop()?.replace(/[<>&'"]/g, '')}&#39;</pre>\n</body>\n</html>\n`);
        return;
      }
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      sendError(reply, state, status, genericCode(status), STATUS_CODES[status] ?? 'Bad Request');
    },
  });
  app.decorateRequest('caller', null);
  /** The faults that answer a sid's fetch or delete before the credentials are checked: 404 when it does not exist, or was deleted. */
  const lookedUpBeforeAuth = (f: FaultName | null, sid: string): boolean =>
    (f === 'lookup-before-auth' && state.store.owner(sid) === undefined) || (f === 'deleted-sid-before-auth' && deletedSids.has(sid));
  /** dedupe-same-request: the sid each request's parameters first created */
  const seen = new Map<string, string>();
  /** email-contacts-citext-first-casing: the casing each address of an account was first stored in */
  const contacts = citextContacts();
  /** refused-create-stored-late: refused creates waiting to be stored with the next valid one */
  const late: StoredProfile[] = [];
  /** list-keeps-deleted: what DELETE removed, still listed (a stale list cache) */
  const tombstones: Array<Parameters<typeof render>[0]> = [];
  let gets = 0;
  if (fault !== null && ANSWER_FAULTS.has(fault)) app.addHook('onSend', answerFault(fault));

  // Only form bodies are read; any other body is drained (up to bodyLimit) and ignored.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    // refuses-charset-param: a form Content-Type with any parameter is left unread
    if (fault === 'refuses-charset-param' && (req.headers['content-type'] ?? '').includes(';')) return done(null, undefined);
    // form-type-strict-parameters: media-typer 0.3's parse (under body-parser's type-is): every parameter `; name=value`, else no form
    if (fault === 'form-type-strict-parameters' && !STRICT_FORM_TYPE.test(req.headers['content-type'] ?? '')) return done(null, undefined);
    if (fault === 'crash-on-empty-body' && body === '') return done(serverFault('cannot read an empty body'));
    // chunked-body-ignored: the body read as Content-Length bytes, none when the body is chunked
    if (fault === 'chunked-body-ignored' && req.headers['content-length'] === undefined) return done(null, parseForm('', fault));
    let read = fault === 'truncates-body-64k' ? Buffer.from(body as string).subarray(0, FIRST_CHUNK_BYTES).toString() : (body as string);
    // update-form-semicolon-split: the update is a Rack endpoint, whose parse_nested_query splits on & and ; (DEFAULT_SEP = /[&;] */n)
    if (fault === 'update-form-semicolon-split' && req.method === 'POST' && (req.url ?? '').split('?')[0] !== COLLECTION) read = read.replace(/; */g, '&');
    const updating = req.method === 'POST' && (req.url ?? '').split('?')[0] !== COLLECTION;
    try {
      // update-crash-on-bad-utf8: the update's handler decodes its body itself with decodeURIComponent, which throws on bytes that are no UTF-8
      if (fault === 'update-crash-on-bad-utf8' && updating) decodeStrictly(read);
    } catch (err) {
      return done(serverFault((err as Error).message));
    }
    // update-form-equals-split: the update's hand-written parser, const [name, value] = pair.split('='): a value is cut at a raw =
    if (fault === 'update-form-equals-split' && updating) return done(null, splitAtEveryEquals(read));
    // body-leading-bom-stripped: the body read as text first (a StreamReader, TextDecoder, request.text()), which drops a leading byte order mark
    if (fault === 'body-leading-bom-stripped') read = read.replace(/^\ufeff/, '');
    // form-labelled-json-body-read: a form-labelled body that starts with { read as JSON
    const json = fault === 'form-labelled-json-body-read' ? jsonUnderFormType(read) : undefined;
    if (json) return done(null, json);
    try {
      // form-charset-honoured: the values decoded in the charset the label names
      done(null, fault === 'form-charset-honoured' ? relabelled(parseForm(read, fault), req.headers['content-type']) : parseForm(read, fault));
    } catch (err) {
      done(serverFault((err as Error).message));
    }
  });
  // multipart-no-boundary-500: a multipart reader mounted app-wide (busboy) throws on a type without a boundary: 500
  if (fault === 'multipart-no-boundary-500') {
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (req, _body, done) =>
      done(/;\s*boundary=/i.test(req.headers['content-type'] ?? '') ? null : serverFault('Multipart: Boundary not found'), undefined),
    );
  }
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const type = req.headers['content-type'] ?? '';
    // json-suffix-media-type-read: express.json({ type: 'application/*+json' }): a body under a +json type is read as JSON
    const suffixed = fault === 'json-suffix-media-type-read' && /^application\/[^;\s]+\+json\b/i.test(type);
    // update-reads-json: the update's router is mounted with express.json() beside express.urlencoded() (the create's has the form parser alone)
    const updating = fault === 'update-reads-json' && req.method === 'POST' && /^application\/json\b/i.test(type) && (req.url ?? '').split('?')[0] !== COLLECTION;
    const json = suffixed || updating || (fault === 'reads-json' && /^application\/json\b/i.test(type)) || keyReadsJson(fault, req.caller, type);
    done(null, json ? paramsFromJson(body as string) : undefined);
  });

  /** deleted-sid-before-auth: the sids DELETE removed, answered 404 before authentication (a negative cache) */
  const deletedSids = new Set<string>();
  // delete-rewrites-list, delete-erases-first: the profiles whose DELETE is under way
  const erasing = new Set<StoredProfile>();

  // connections-429-html: a proxy in front limits each client's open connections (nginx limit_conn, limit_conn_status 429)
  let open = 0;
  if (fault === 'connections-429-html') {
    app.server.on('connection', (socket: Socket) => {
      open++;
      socket.once('close', () => open--);
    });
  }

  // max-connections-reset: the server's connection cap (Node's server.maxConnections): a connection past it is destroyed unanswered
  if (fault === 'max-connections-reset') app.server.maxConnections = CONNECTION_LIMIT;

  addHeaderFaults(app, config);
  addRedirectFaults(app, fault);
  addClientProfileFaults(app, config);
  // Auth comes first, before the body is read or validated.
  app.addHook('onRequest', (request, reply, done) => {
    if (fault === 'connections-429-html' && open > CONNECTION_LIMIT) {
      reply.code(429).type('text/html').send('<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (fault === 'throttle-code-429' && request.method === 'GET' && ++gets % THROTTLE_EVERY === 0) {
      const { body } = errorBody(429, 429, 'Too Many Requests', fault);
      reply.code(429).header('retry-after', '0').header('content-type', 'application/json').send(body);
      return;
    }
    // proxy-413-html: a proxy's body limit (nginx client_max_body_size 8m) answers before the app, with its own page
    if (fault === 'proxy-413-html' && Number(request.headers['content-length'] ?? 0) > PROXY_BODY_LIMIT) {
      request.raw.resume();
      request.raw.once('end', () => {
        reply.code(413).header('connection', 'close').type('text/html').send('<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>');
      });
      return;
    }
    // body-parser-100kb-html: the app's parser keeps body-parser's default 100 KB limit, its 413 Express's HTML page; past 1 MiB the edge answers first, with the envelope
    const length = Number(request.headers['content-length'] ?? 0);
    if (fault === 'body-parser-100kb-html' && length > 100 * 1024 && length <= 1024 * 1024) {
      request.raw.resume();
      request.raw.once('end', () => {
        reply.code(413).type('text/html; charset=utf-8').send('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>PayloadTooLargeError: request entity too large</pre>\n</body>\n</html>\n');
      });
      return;
    }
    // proxy-authorization-accepted: the auth middleware, copied from the company's forward proxy, reads either header
    // query-string-credentials, api-key-header-accepted: without Authorization, the credentials found elsewhere (auth.ts credentialsOutside)
    const authorization =
      request.headers.authorization ?? (fault === 'proxy-authorization-accepted' ? request.headers['proxy-authorization'] : credentialsOutside(fault, request.url, request.headers));
    const path = request.url.split('?')[0]!;
    // method-405-before-auth: the router answers a method the path lacks before the credentials are checked
    const allow = fault === 'method-405-before-auth' ? allowedOn(path) : undefined;
    if (allow && !allow.split(', ').includes(request.method) && request.method !== 'HEAD') {
      methodNotAllowed(allow, state)(request, reply);
      return;
    }
    const result = authenticate(authorization, request.method, path);
    let caller = typeof result === 'string' ? null : result;
    const itemRead = request.method === 'GET' && path.startsWith(`${COLLECTION}/`);
    // head-skips-auth: the auth middleware lets HEAD and OPTIONS through (health probes, CORS preflights), missing or wrong credentials alike
    const probeMethod = fault === 'head-skips-auth' && (request.method === 'HEAD' || request.method === 'OPTIONS');
    if (!caller && ((fault === 'auth-bypass' && !authorization) || (fault === 'unauthenticated-read' && !authorization && itemRead) || probeMethod || linkSkipsAuth(fault, request.method, path))) {
      const account = config.accounts[0]!;
      caller = { accountSid: account.accountSid, secret: account.authToken };
    }
    if (!caller) {
      const sid = (request.method === 'GET' || request.method === 'DELETE') && path.startsWith(`${COLLECTION}/`) ? path.slice(COLLECTION.length + 1) : undefined;
      // head-lookup-before-auth: HEAD's exists() fast path, before the auth middleware, answers a sid it does not find
      const headFirst = fault === 'head-lookup-before-auth' && request.method === 'HEAD' && path.startsWith(`${COLLECTION}/`) && state.store.owner(path.slice(COLLECTION.length + 1)) === undefined;
      if (headFirst || (sid !== undefined && lookedUpBeforeAuth(fault, sid))) {
        notFound(reply, state, path);
        return;
      }
      // refused-update-applies: the update's handler runs (its preHandler below) before the credentials are found wrong
      if (fault === 'refused-update-applies' && request.method === 'POST' && /^\/v1\/CustomerProfiles\/[^/]+$/.test(path)) return done();
      // update-validation-before-auth: the update router's validation middleware (its preHandler below) runs before the credentials are checked
      if (fault === 'update-validation-before-auth' && request.method === 'POST' && /^\/v1\/CustomerProfiles\/[^/]+$/.test(path)) return done();
      // refused-delete-deletes: the delete has begun before the credentials are found wrong
      const owner = fault === 'refused-delete-deletes' && request.method === 'DELETE' && sid !== undefined ? state.store.owner(sid) : undefined;
      if (owner !== undefined) state.store.delete(owner, sid!);
      if (fault === 'malformed-basic-400' && result === 'malformed') {
        sendError(reply, state, 400, genericCode(400), 'Invalid Authorization header');
        return;
      }
      // token-param-accepted: the token guard reads api_token from the query or the form body (preHandler, once the body is read)
      if (fault === 'token-param-accepted' && !authorization && (request.url.includes('api_token=') || (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))) return done();
      // the create route validates the body first, then refuses the credentials
      if (fault === 'validation-before-auth' && request.method === 'POST' && request.url.split('?')[0] === COLLECTION) return done();
      unauthorized(reply, state, request.method !== 'POST');
      return;
    }
    // api-key-list-401, api-key-later-pages-401: the list (or its later pages) served by a service that knows no API key
    if (caller.key && refusesKey(fault, request.method, request.url)) {
      unauthorized(reply, state, true);
      return;
    }
    request.caller = caller;
    // account-param-unchecked: reads and deletes act for the account ?AccountSid= names (a parent's switcher, the subaccount check never written)
    const acting = fault === 'account-param-unchecked' && request.method !== 'POST' ? new URLSearchParams(request.url.split('?')[1] ?? '').get('AccountSid') : null;
    if (acting && /^AC[0-9a-fA-F]{32}$/.test(acting)) request.caller = { ...caller, accountSid: acting };
    // accept-exact-406: a hand-written "JSON only" guard refuses any Accept but exactly application/json
    const accept = request.headers.accept;
    if (fault === 'accept-exact-406' && accept !== undefined && accept !== 'application/json') {
      sendError(reply, state, 406, genericCode(406), 'Not Acceptable: this API answers application/json');
      return;
    }
    done();
  });

  if (fault === 'token-param-accepted') {
    app.addHook('preHandler', (request, reply, done) => {
      if (request.caller) return done();
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const token = query.get('api_token') ?? (request.body instanceof URLSearchParams ? request.body.get('api_token') : null);
      const account = config.accounts.find((a) => a.authToken === token);
      if (!account) return unauthorized(reply, state, request.method !== 'POST');
      request.caller = { accountSid: account.accountSid, secret: account.authToken };
      done();
    });
  }
  // refused-update-applies: an unauthenticated update reaches this with its body read: written to the profile its sid names, then refused
  if (fault === 'refused-update-applies') {
    app.addHook('preHandler', (request, reply, done) => {
      if (request.caller) return done();
      const sid = request.url.split('?')[0]!.slice(COLLECTION.length + 1);
      const owner = state.store.owner(sid);
      if (owner !== undefined) update(null, state.store, owner, sid, request.body instanceof URLSearchParams ? request.body : EMPTY);
      unauthorized(reply, state);
    });
  }
  // validation-before-auth: an unauthenticated create reaches this with its body read, and is validated first
  if (fault === 'validation-before-auth') {
    app.addHook('preHandler', (request, reply, done) => {
      if (request.caller) return done();
      const outcome = readCreate(request.body instanceof URLSearchParams ? request.body : EMPTY, state.policies, fault);
      if (!outcome.ok) sendError(reply, state, 400, outcome.code, outcome.message);
      else unauthorized(reply, state);
    });
  }

  // update-validation-before-auth: an unauthenticated update reaches this with its body read, and its Status and StatusCallback are validated first
  if (fault === 'update-validation-before-auth') {
    app.addHook('preHandler', (request, reply, done) => {
      if (request.caller) return done();
      const refused = updateRefusal(request.body instanceof URLSearchParams ? request.body : EMPTY, fault);
      if (refused) sendError(reply, state, 400, refused.code, refused.message);
      else unauthorized(reply, state);
    });
  }

  // create-pool-deadlock: each create takes two connections of one pool, the second while it holds the first
  if (fault === 'create-pool-deadlock') {
    const throughPool = twoDeepPool();
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST' || !request.caller || request.url.split('?')[0] !== COLLECTION) return;
      if (!(await throughPool())) return sendError(reply, state, 500, genericCode(500), 'Connection is not available, request timed out');
    });
  }

  // fetch-cache-half-filled, create-overflow-drops-callback: answers to requests sent at once
  addLoadFaults(app, fault, COLLECTION, ITEM);
  // path-sid-overridden-by-query, delete-sid-from-body: the sid a profile's route acts on, taken from the query or the body
  addSidParamFaults(app, fault, ITEM);

  // account-context-singleton, create-account-from-default, idempotency-key-ignores-account: the account a create acts for
  const createAccount = createAccountFaults(app, fault, state.store, config, COLLECTION);
  // account-param-known-account, create-account-query-honoured, identity-header-switches-account: the account the request says it acts for
  addRequestAccountFaults(app, config, COLLECTION);

  const startedAt = nowSeconds();
  const restart = restartFaults(fault, state.store, config.accounts[0]!.accountSid);
  if (fault === 'draft-ttl-seconds') {
    const accountSids = config.accounts.map((a) => a.accountSid);
    app.addHook('onRequest', async () => expireDrafts(state.store, accountSids));
  }
  let committed = 0;
  app.post(COLLECTION, (request, reply) => {
    const caller = request.caller!;
    let params = request.body instanceof URLSearchParams ? request.body : EMPTY;
    // reads-query-string: the query's parameters first, then the body's (the first of a name wins)
    if (fault === 'reads-query-string') params = new URLSearchParams([...new URLSearchParams(request.url.split('?')[1] ?? ''), ...params]);
    // reads-bracket-names: a qs-style parser (extended: true) reads Name[]=v and Name[0]=v as Name
    if (fault === 'reads-bracket-names') params = new URLSearchParams([...params, ...[...params].map(([n, v]): [string, string] => [n.replace(/\[\d*\]$/, ''), v])]);
    if (fault === 'waf-markup-sql-403' && wafBlocks(params)) return reply.code(403).type('text/html').send(WAF_PAGE);
    if (fault === 'crash-on-astral' && ASTRAL.test(params.get('FriendlyName') ?? '')) {
      throw new Error('cannot store a FriendlyName outside the Basic Multilingual Plane');
    }
    if (fault === 'nul-500' && `${params.get('FriendlyName')}${params.get('Email')}`.includes('\u0000')) {
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    }
    // method-override: a POST whose body's _method or X-HTTP-Method-Override header names another method is routed as it
    // method-override-query: Express's methodOverride('_method') reads it from the POST's query string (GET: a list route that refuses a body)
    const override =
      fault === 'method-override' ? (params.get('_method') ?? request.headers['x-http-method-override']) : fault === 'method-override-query' ? new URLSearchParams(request.url.split('?')[1] ?? '').get('_method') : undefined;
    if (typeof override === 'string' && ['DELETE', 'PUT', 'PATCH'].includes(override.toUpperCase())) return methodNotAllowed('GET, POST', state)(request, reply);
    if (fault === 'method-override-query' && typeof override === 'string' && override.toUpperCase() === 'GET') return sendError(reply, state, 400, genericCode(400), 'A list takes no body');
    // api-key-drops-status-callback: the key's controller permits no StatusCallback
    params = keyCreateParams(fault, caller, params);
    const outcome = readCreate(params, state.policies, fault);
    if (outcome.ok && fault === 'unique-friendly-name' && state.store.list(caller.accountSid).some((p) => p.friendlyName === outcome.fields.friendlyName)) {
      return sendError(reply, state, 409, genericCode(409), `A Customer-Profile named ${outcome.fields.friendlyName} already exists`);
    }
    // idempotency-key-replays-other-body: a retry-safety cache keyed by the Idempotency-Key header alone (no fingerprint of the body)
    const idempotencyKey = fault === 'idempotency-key-replays-other-body' && outcome.ok ? request.headers['idempotency-key'] : undefined;
    const replayed = typeof idempotencyKey === 'string' ? seen.get(`idem:${idempotencyKey}`) : undefined;
    const sameAs = fault === 'dedupe-same-request' && outcome.ok ? seen.get(`${caller.accountSid} ${params}`) : replayed;
    const earlier = sameAs === undefined ? createAccount.replayed(request.headers['idempotency-key'], params) : state.store.get(caller.accountSid, sameAs);
    if (earlier) return sendJson(reply, 201, render(earlier, { baseUrl: state.baseUrl, fault, caller }));
    const profile: StoredProfile = {
      // create-upserts-client-sid: update_or_create(sid=data.get('Sid') or new_sid()): a well-formed Sid in the body is kept
      sid: fault === 'create-upserts-client-sid' && /^BU[0-9a-fA-F]{32}$/.test(params.get('Sid') ?? '') ? params.get('Sid')! : ((outcome.ok ? restart.nextSid() : undefined) ?? newSid(state, caller.accountSid)),
      accountSid: caller.accountSid,
      ...(caller.shownAccount ? { shownAccount: caller.shownAccount } : {}),
      ...outcome.fields,
      // policy-secondary-created-in-review: profiles of the Secondary Customer Profile policy skip the draft state
      status: fault === 'status-pending' ? 'pending-review' : fault === 'status-enum-case' ? 'DRAFT' : fault === 'policy-secondary-created-in-review' && outcome.fields.policySid === DOCUMENTED_POLICY ? 'in-review' : (massAssigned(params, fault) ?? 'draft'),
      // date-created-frozen: an ORM default evaluated once, when the server starts
      created: fault === 'date-created-frozen' ? startedAt : nowSeconds(),
    };
    if (!outcome.ok) {
      if (fault === 'stores-rejected') state.store.add(profile);
      if (fault === 'refused-create-stored-late') late.push(profile);
      // api-key-422-validation: the key's controller lets the framework render its validation failures
      const framework = keyRefusal(fault, caller, outcome.message);
      if (framework) return sendJson(reply, 422, framework);
      return sendError(reply, state, 400, outcome.code, outcome.message);
    }
    // review-queue-202: a value with a control or private-use character is held for a manual review, nothing is created
    if (fault === 'review-queue-202' && REVIEWED.test(`${profile.friendlyName}${profile.email}`)) {
      return sendJson(reply, 202, { status: 'queued-for-review', message: 'The Customer-Profile will be created once its text has been reviewed' });
    }
    // email-cut-254: an EmailField(max_length=254) on a database that cuts instead of refusing
    if (fault === 'email-cut-254' && profile.email) profile.email = [...profile.email].slice(0, 254).join('');
    if (fault === 'email-provider-canonicalized' && profile.email) profile.email = canonicalEmail(profile.email);
    // email-display-name-unwrapped: the address parser that validates Email also gives what is stored
    if (fault === 'email-display-name-unwrapped' && profile.email) profile.email = parsedAddress(profile.email);
    // email-contacts-citext-first-casing: the account's contacts(email CITEXT UNIQUE), INSERT … ON CONFLICT DO NOTHING; the profile joins the row
    if (fault === 'email-contacts-citext-first-casing' && profile.email) profile.email = contacts.casing(caller.accountSid, profile.email);
    if (fault === 'trims-friendly-name' && profile.friendlyName) profile.friendlyName = profile.friendlyName.trim().replace(/\s+/g, ' ');
    for (const queued of late.splice(0)) state.store.add(queued);
    let halfMade: StoredProfile | undefined;
    if (fault === 'utf8mb3-storage') {
      const { friendlyName, email, statusCallback } = profile;
      state.store.add({ ...profile, friendlyName: cutAtAstral(friendlyName), email: cutAtAstral(email), statusCallback: cutAtAstral(statusCallback) });
    } else if (fault === 'create-two-step-visible') {
      // create-two-step-visible: the row INSERTed bare, its values UPDATEd TWO_STEP_MS later, no transaction around them
      halfMade = { ...profile, friendlyName: null, email: null, policySid: null };
      state.store.add(halfMade);
    } else state.store.add(fault === 'readback-truncates-long' ? cutTo255(profile) : profile);
    restart.created();
    if (fault === 'delayed-save-trims') trimLater(profile);
    if (fault === 'evaluation-job-resurrects') evaluateLater(state.store, profile);
    // rate-limit-after-commit: the rate limiter counts in an onSend hook, after the handler stored the profile: every RATE_LIMITED_EVERY-th create is answered 429
    if (fault === 'rate-limit-after-commit' && ++committed % RATE_LIMITED_EVERY === 0) return sendError(reply.header('retry-after', '1'), state, 429, genericCode(429), 'Too Many Requests');
    if (fault === 'dedupe-same-request') seen.set(`${caller.accountSid} ${params}`, profile.sid);
    if (typeof idempotencyKey === 'string') seen.set(`idem:${idempotencyKey}`, profile.sid);
    createAccount.keep(request.headers['idempotency-key'], params, profile.sid);
    // url-from-forwarded-host: 'trust proxy' on, the base taken from the client's X-Forwarded-Host and -Proto
    const forwarded = fault === 'url-from-forwarded-host' ? request.headers['x-forwarded-host'] : undefined;
    const proto = request.headers['x-forwarded-proto'];
    // url-scheme-from-forwarded-proto: the service's host, the client's scheme
    const baseUrl =
      typeof forwarded === 'string'
        ? `${proto ?? 'https'}://${forwarded}`
        : fault === 'url-scheme-from-forwarded-proto' && typeof proto === 'string'
          ? state.baseUrl.replace(/^[a-z]+:/i, `${proto}:`)
          : state.baseUrl;
    const resource = render(profile, { baseUrl, fault, caller, creating: true });
    const status = fault === 'status-200' ? 200 : 201;
    if (halfMade) {
      const row = halfMade;
      return delay(TWO_STEP_MS).then(() => {
        Object.assign(row, { friendlyName: profile.friendlyName, email: profile.email, policySid: profile.policySid });
        return sendJson(reply, status, resource, 'application/json');
      });
    }
    return sendJson(reply, status, resource, fault === 'text-content-type' ? 'text/plain; charset=utf-8' : 'application/json');
  });

  /**
   * A stored profile as a list item, in UTF-8 JSON, without a fault: rendered and encoded once while
   * it holds the same values (its caller is its account; an update changes what it holds: `stamp`),
   * not again for every page that shows it.
   */
  const listed = new WeakMap<StoredProfile, { baseUrl: string; stamp: string; bytes: Buffer }>();
  const stampOf = (p: StoredProfile): string => JSON.stringify([p.friendlyName, p.email, p.statusCallback, p.status, p.policySid, p.updated, p.validUntil]);
  const listedBytes = (p: StoredProfile): Buffer => {
    const kept = listed.get(p);
    const stamp = stampOf(p);
    if (kept?.baseUrl === state.baseUrl && kept.stamp === stamp) return kept.bytes;
    const bytes = Buffer.from(JSON.stringify(render(p, { baseUrl: state.baseUrl, fault: null, caller: { accountSid: p.accountSid, secret: '' }, listing: true })));
    listed.set(p, { baseUrl: state.baseUrl, stamp, bytes });
    return bytes;
  };
  /** The page JSON.stringify({ results, meta }) writes, from the items' bytes. */
  const pageBytes = (profiles: readonly StoredProfile[], meta: unknown): Buffer => {
    const parts: Buffer[] = [Buffer.from('{"results":[')];
    profiles.forEach((p, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(listedBytes(p));
    });
    parts.push(Buffer.from(`],"meta":${JSON.stringify(meta)}}`));
    return Buffer.concat(parts);
  };

  /**
   * The base of the URLs a fetch or list answers with: the service's. Under url-from-host-header the request's own
   * Host (Django's build_absolute_uri with ALLOWED_HOSTS = ['*']); under url-prefix-from-forwarded-prefix the
   * client's X-Forwarded-Prefix after it (werkzeug's ProxyFix(x_prefix=1)).
   */
  const readBase = (request: FastifyRequest): string => {
    if (fault === 'url-from-host-header' && request.headers.host) return `http://${request.headers.host}`;
    const prefix = fault === 'url-prefix-from-forwarded-prefix' ? request.headers['x-forwarded-prefix'] : undefined;
    return typeof prefix === 'string' ? `${state.baseUrl}/${prefix.replace(/^\/+|\/+$/g, '')}` : state.baseUrl;
  };
  const racedPageSize = fault === 'list-pagesize-singleton-race' ? sharedPageSize() : undefined;
  const pageTokens = fault === 'page-token-expires-3s' ? expiringPageTokens() : undefined;
  const isolation = accountFaults(fault, state.store, config);
  /** delete-skips-owner-for-first-account, delete-204-keeps-second-accounts: the account the service was deployed with */
  const firstAccount = config.accounts[0]?.accountSid;
  /** head-after-delete-cached: the rows fetched, by account and sid, for HEAD */
  const headCache = new Map<string, StoredProfile>();
  const pairCache = pairListCache(app, fault);
  const filterCache = filterListCache(app, fault);
  app.get(COLLECTION, async (request, reply) => {
    const raw = request.url.split('?')[1] ?? '';
    const cachedPage = isolation.cachedList(raw) ?? pairCache.cached(request.method, request.headers.authorization, request.url) ?? filterCache.cached(request);
    if (cachedPage !== undefined) return reply.code(200).header('content-type', 'application/json').send(cachedPage);
    const { accountSid: listing, query } = isolation.listFor(request.caller!.accountSid, faultyQuery(fault, raw));
    const caller = { ...request.caller!, accountSid: listing };
    if (racedPageSize) await racedPageSize(query);
    const pageAsked = Number(query.get('Page') ?? 0);
    if (fault === 'paging-ignores-page') {
      query.delete('Page');
      query.delete('PageToken');
    }
    const stored = restart.listed(isolation.listed(caller.accountSid, query), query, caller.key !== undefined);
    // list-last-modified-stale-304: Last-Modified is the newest date_created of the account (@last_modified, fresh_when):
    // a DELETE lowers it or leaves it, a create in the same second leaves it, and If-Modified-Since at or after it is 304
    if (fault === 'list-last-modified-stale-304' && stored.length > 0) {
      const last = Math.floor(Math.max(...stored.map((p) => p.created)) / 1000) * 1000;
      reply.header('last-modified', new Date(last).toUTCString());
      const since = Date.parse(request.headers['if-modified-since'] ?? '');
      if (since >= last) return reply.code(304).send();
    }
    const all = fault === 'list-filter-keeps-deleted' ? withDeleted(query, stored, tombstones.filter((p) => p.accountSid === caller.accountSid)) : stored;
    const base = readBase(request);
    const page = listPage(fault === 'list-truncated' ? all.slice(0, LIST_LIMIT) : all, query, `${base}${COLLECTION}`, fault);
    const refusal = faultyRefusal(fault, query, 'invalid' in page ? 0 : page.profiles.length) ?? pageTokens?.refusal(query);
    if (refusal) return reply.code(refusal.status).header('content-type', refusal.type).send(refusal.body);
    if ('invalid' in page) return sendError(reply, state, 400, CODES.invalidParameter, `Invalid parameter: ${page.invalid}`);
    pageTokens?.issued(page.meta.next_page_url);
    // list-row-deleted-500: the page's sids selected, then each row loaded by its sid (N+1): a row deleted in between is missing
    if (fault === 'list-row-deleted-500') {
      await delay(ROW_LOAD_MS);
      if (page.profiles.some((p) => state.store.get(caller.accountSid, p.sid) !== p)) return reply.code(500).header('content-type', 'text/html; charset=utf-8').send(ROW_LOAD_500);
    }
    let profiles = page.profiles;
    if (fault === 'list-skips-first') profiles = profiles.slice(1);
    if (fault === 'list-keeps-deleted') profiles = [...profiles, ...tombstones.filter((p) => p.accountSid === caller.accountSid)];
    // update-filtered-list-stale: a list filtered by Status or PolicySid is a search of the index, whose documents no update rewrites
    if (fault === 'update-filtered-list-stale' && (query.has('Status') || query.has('PolicySid'))) profiles = profiles.map((p) => p.indexed ?? p);
    // update-list-summary-stale: the list unfiltered or by FriendlyName is served from the summary rows, which an update refreshes the name of alone
    if (fault === 'update-list-summary-stale' && !query.has('Status') && !query.has('PolicySid')) profiles = profiles.map((p) => p.summary ?? p);
    // without a fault an item is the same text on every page that shows it: written once (listedJson)
    const results = fault === null ? undefined : profiles.map((p) => faultyListItem(fault, render(p, { baseUrl: base, fault, caller, listing: true }), query));
    if (results && (fault === 'list-other-accounts' || (fault === 'later-pages-other-account' && pageAsked >= 1))) {
      const other = { sid: 'BUffffffffffffffffffffffffffffffff', accountSid: FIXED_OTHER_ACCOUNT_SID, friendlyName: 'Other', email: 'o@example.com', policySid: 'RNffffffffffffffffffffffffffffffff', statusCallback: null, status: 'draft', created: nowSeconds() };
      results.push(render(other as never, { baseUrl: state.baseUrl, fault, caller }));
    }
    const meta: Record<string, unknown> = fault === 'list-meta-key-wrong' ? { ...page.meta, key: 'customer_profiles' } : { ...page.meta, next_page_url: isolation.nextUrl(page.meta.next_page_url, listing) };
    if (fault === 'list-meta-page-string') Object.assign(meta, { page: String(meta.page), page_size: String(meta.page_size) });
    if (results === undefined) return reply.code(200).header('content-type', 'application/json').send(pageBytes(profiles, meta));
    let text = JSON.stringify({ results, meta });
    // list-cursor-int64: a 64-bit cursor written as a JSON number, beyond what binary64 holds exactly
    if (fault === 'list-cursor-int64') text = `${text.slice(0, -2)},"page_token":1234567890123456789}}`;
    isolation.keepList(raw, text);
    pairCache.keep(request.method, request.headers.authorization, request.url, text);
    filterCache.keep(request, text);
    return reply.code(200).header('content-type', fault === 'list-text-plain' ? 'text/plain; charset=utf-8' : 'application/json').send(text);
  });

  /**
   * The stored sid a request names: itself, or under sid-case-insensitive (a case-insensitive
   * collation) one equal to it in any case, under sid-pad-space (a PAD SPACE collation) itself less trailing spaces,
   * under sid-keyed-by-hex (profiles stored by their hex) any two letters before the hex.
   */
  const sidNamed = (accountSid: string, sid: string): string => {
    const looked = lookalike(fault, state.store.list(accountSid), sid);
    if (looked !== undefined) return looked;
    if (fault === 'sid-pad-space') return sid.replace(/ +$/, '');
    if (fault === 'sid-keyed-by-hex' && /^[A-Za-z]{2}[0-9a-fA-F]{32}$/.test(sid)) return `BU${sid.slice(2)}`;
    return fault === 'sid-case-insensitive' ? (state.store.list(accountSid).find((p) => p.sid.toLowerCase() === sid.toLowerCase())?.sid ?? sid) : sid;
  };

  /**
   * The account whose profile a fetch or delete looks for: the caller's; under item-routes-ignore-owner
   * (WHERE sid = ?, no account_sid) whichever account holds the sid. Under other-account-403 a
   * profile of another account is refused with 403 (found by sid, then a policy check): `forbidden`.
   */
  const ownerFor = (accountSid: string, sid: string): string => (fault === 'item-routes-ignore-owner' ? (state.store.owner(sid) ?? accountSid) : accountSid);
  const forbidden = (accountSid: string, sid: string, reply: FastifyReply, method: string): FastifyReply | undefined => {
    const named = isolation.notFoundMessage(method, accountSid, sid);
    if (named) return sendError(reply, state, 404, CODES.notFound, named);
    const owner = fault === 'other-account-403' ? state.store.owner(sid) : undefined;
    return owner !== undefined && owner !== accountSid ? sendError(reply, state, 403, genericCode(403), 'Forbidden') : undefined;
  };

  const fetchCache = pairFetchCache<StoredProfile>(app, fault);
  app.get<{ Params: { Sid: string } }>(ITEM, (request, reply) => {
    const caller = request.caller!;
    // conditional-304-before-account-check: a conditional read answered from a cache of validators kept by sid, before the account is checked
    const conditional = request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined;
    if (fault === 'conditional-304-before-account-check' && conditional && state.store.owner(request.params.Sid) !== undefined) return reply.code(304).send();
    const refused = forbidden(caller.accountSid, request.params.Sid, reply, request.method);
    if (refused) return refused;
    const owner = ownerFor(caller.accountSid, request.params.Sid);
    const stored = state.store.get(owner, sidNamed(owner, request.params.Sid)) ?? restart.anyonesFetch(request.params.Sid);
    const found = stored && restart.found(stored.sid, caller.key !== undefined) ? stored : undefined;
    if (found) isolation.keepRead(found);
    // head-after-delete-cached: every row read is kept for HEAD, and no DELETE purges it
    if (found && fault === 'head-after-delete-cached' && headCache.size < 10_000) headCache.set(`${caller.accountSid} ${found.sid}`, found);
    const cachedHead = fault === 'head-after-delete-cached' && request.method === 'HEAD' ? headCache.get(`${caller.accountSid} ${request.params.Sid}`) : undefined;
    // fetch-cache-per-credential: a read kept for this Authorization, evicted only by its own DELETE
    if (found) fetchCache.keep(request.headers.authorization, request.params.Sid, found);
    const profile = found ?? isolation.cachedRead(request.params.Sid) ?? isolation.headFinds(request.method, request.params.Sid) ?? cachedHead ?? fetchCache.cached(request.headers.authorization, request.params.Sid);
    if (!profile && fault === 'malformed-sid-html' && !/^BU[0-9a-fA-F]{32}$/.test(request.params.Sid)) {
      return reply.code(404).type('text/html; charset=utf-8').send('<html><body>Cannot GET</body></html>');
    }
    if (!profile && fault === 'not-found-html') return reply.code(404).type('text/html; charset=utf-8').send('<html><body><h1>404 Not Found</h1></body></html>');
    if (!profile) return notFound(reply, state, `${COLLECTION}/${request.params.Sid}`);
    // head-deletes: one handler for the profile's GET and DELETE that branches on `method === 'GET'`; the framework routes HEAD to it
    if (fault === 'head-deletes' && request.method === 'HEAD') return reply.code(state.store.delete(caller.accountSid, profile.sid) ? 204 : 404).send();
    // fetch-strips-script-elements: the read serializer sanitizes markup the create's answer echoed (a show view's strip of <script> elements)
    const shown = restart.fetched(fault === 'fetch-strips-script-elements' && profile.friendlyName ? { ...profile, friendlyName: profile.friendlyName.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '') } : profile);
    return sendJson(reply, 200, render(shown, { baseUrl: readBase(request), fault, caller, fetching: true }));
  });

  app.delete<{ Params: { Sid: string } }>(ITEM, async (request, reply) => {
    // api-key-no-delete: a key's default role has no delete
    if (fault === 'api-key-no-delete' && request.caller!.key) return sendError(reply, state, 403, genericCode(403), 'Forbidden');
    const refused = forbidden(request.caller!.accountSid, request.params.Sid, reply, 'DELETE');
    if (refused) return refused;
    // item-routes-ignore-owner: the profile's own account, whoever asks; delete-skips-owner-for-first-account: so for the operator account
    const operator = fault === 'delete-skips-owner-for-first-account' && request.caller!.accountSid === firstAccount ? state.store.owner(request.params.Sid) : undefined;
    const caller = { ...request.caller!, accountSid: operator ?? ownerFor(request.caller!.accountSid, request.params.Sid) };
    const sid = sidNamed(caller.accountSid, request.params.Sid);
    // delete-race: the lookup, then the delete in another round trip, with no lock and no check of what it removed
    if (fault === 'delete-race') {
      const found = state.store.get(caller.accountSid, sid) !== undefined;
      await new Promise((resolve) => setTimeout(resolve, RACE_GAP_MS));
      state.store.delete(caller.accountSid, sid);
      return found ? reply.code(204).send() : notFound(reply, state, `${COLLECTION}/${sid}`);
    }
    const faulty = await faultyDelete(fault, state.store, caller.accountSid, sid, erasing);
    if (faulty !== undefined) return faulty ? reply.code(204).send() : notFound(reply, state, `${COLLECTION}/${sid}`);
    const tomb = fault === 'list-keeps-deleted' || fault === 'list-filter-keeps-deleted';
    const before = tomb || fault === 'delete-200-json' ? state.store.get(caller.accountSid, sid) : undefined;
    if (before && tomb) tombstones.push(before);
    // delete-204-keeps-second-accounts: the DELETE statement binds the first account, whoever asks (its row count never read)
    const keeps = fault === 'delete-noop' || (fault === 'delete-204-keeps-second-accounts' && caller.accountSid !== firstAccount);
    const found = keeps ? state.store.get(caller.accountSid, sid) !== undefined : state.store.delete(caller.accountSid, sid);
    if (found && fault === 'deleted-sid-before-auth') {
      if (deletedSids.size >= 10_000) deletedSids.clear();
      deletedSids.add(sid);
    }
    if (!found && fault !== 'delete-unknown-204') return notFound(reply, state, `${COLLECTION}/${sid}`);
    // delete-200-json: the deleted resource comes back with 200
    if (before && fault === 'delete-200-json') return sendJson(reply, 200, render(before, { baseUrl: state.baseUrl, fault, caller }));
    return reply.code(204).send();
  });

  const noSuchMethod = methodNotAllowed('GET, POST', state);
  app.route({
    method: ['PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: COLLECTION,
    handler: (request, reply) => {
      // collection-delete-wipes: the DELETE route's sid is optional, and the ORM drops the undefined key from its filter
      if (state.config.fault !== 'collection-delete-wipes' || request.method !== 'DELETE') return noSuchMethod(request, reply);
      const caller = request.caller!;
      for (const profile of state.store.list(caller.accountSid)) state.store.delete(caller.accountSid, profile.sid);
      return reply.code(204).send();
    },
  });
  // POST on an item is Twilio's update (UpdateCustomerProfile: mock/update-faults.ts); a profile has no PUT or PATCH
  const refuse = methodNotAllowed('GET, POST, DELETE', state);
  app.route<{ Params: { Sid: string } }>({
    method: ['POST', 'PUT', 'PATCH', 'OPTIONS'],
    url: ITEM,
    handler: (request, reply) => {
      const body = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const updated = request.method === 'POST' ? faultyUpdate(fault, state.store, request.caller!.accountSid, request.params.Sid, body, state.policies) : undefined;
      if (updated) return sendJson(reply, updated.status, render(updated.profile, { baseUrl: state.baseUrl, fault, caller: request.caller! }));
      if (request.method === 'POST') {
        // update-answer-before-refresh: the row's updated_at is set by the database (ON UPDATE CURRENT_TIMESTAMP) and the instance
        // the update answers is not reloaded after the save: its date_updated is the one it was loaded with
        const loaded = state.store.get(request.caller!.accountSid, request.params.Sid)?.updated;
        const outcome = update(fault, state.store, request.caller!.accountSid, request.params.Sid, body, { contentType: request.headers['content-type'], key: request.caller!.key, query: new URL(request.url, 'http://localhost').searchParams });
        // update-other-account-403: the profile loaded by its sid alone, then its owner checked (authorize(profile): PermissionDenied)
        if (!outcome && fault === 'update-other-account-403' && state.store.owner(request.params.Sid) !== undefined) return sendError(reply, state, 403, genericCode(403), 'Forbidden');
        if (!outcome) return notFound(reply, state, `${COLLECTION}/${request.params.Sid}`);
        if (!outcome.ok) return sendError(reply, state, outcome.status, outcome.code, outcome.message);
        const answered = fault === 'update-answer-before-refresh' ? { ...outcome.profile, updated: loaded } : outcome.profile;
        const view = render(answered, { baseUrl: state.baseUrl, fault, caller: request.caller! });
        // update-answer-*: the update's own answer as a handler written apart renders it (mock/update-answer-faults.ts)
        const odd = updateAnswer(fault, outcome.profile, view);
        if (odd) return reply.code(200).header('content-type', odd.type).send(odd.body);
        // update-answers-201: a NestJS @Post(':sid') handler answers 201 unless it says @HttpCode(200)
        return sendJson(reply, fault === 'update-answers-201' ? 201 : 200, view);
      }
      const profile = fault === 'member-put-patch-updates' && ['PUT', 'PATCH'].includes(request.method) ? state.store.get(request.caller!.accountSid, request.params.Sid) : undefined;
      if (!profile) return refuse(request, reply);
      // member-put-patch-updates: a scaffold's update route left on PUT and PATCH writes every field the body names
      profile.friendlyName = body.get('FriendlyName') ?? profile.friendlyName;
      profile.email = body.get('Email') ?? profile.email;
      return sendJson(reply, 200, render(profile, { baseUrl: state.baseUrl, fault, caller: request.caller! }));
    },
  });

  // the paths below a profile (its links, any other) as faulty implementations serve them; none without a fault
  addLinkFaults(app, state, {
    notFound: (reply, path) => notFound(reply, state, path),
    shown: (profile, request) => render(profile, { baseUrl: readBase(request), fault, caller: request.caller!, fetching: true }),
  });

  app.setNotFoundHandler((request, reply) => {
    // unrouted-html-404: a path the operation does not have falls through to the framework's page
    if (fault === 'unrouted-html-404') return reply.code(404).type('text/html; charset=utf-8').send(`<pre>Cannot ${request.method} ${request.url.split('?')[0]}</pre>`);
    return notFound(reply, state, request.url.split('?')[0]!);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    // create-body-limit-html-413: the form parser mounted on the create route alone, its PayloadTooLargeError left to Express's default handler
    const createRoute = fault === 'create-body-limit-html-413' && request.method === 'POST' && request.url.split('?')[0] === '/v1/CustomerProfiles';
    if (status === 413 && (fault === 'too-large-html' || createRoute)) {
      return reply.code(413).type('text/html; charset=utf-8').send('<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1></body></html>');
    }
    if (status === 413) return sendError(reply, state, 413, genericCode(413), `Request body larger than ${config.bodyLimit} bytes`);
    if (status === 500) return sendError(reply, state, 500, CODES.internal, 'Internal Server Error');
    return sendError(reply, state, status, genericCode(status), 'Bad Request');
  });

  return app;
}
