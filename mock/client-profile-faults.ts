import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';

/**
 * The faults triggered by the headers and methods real clients and proxies send besides the
 * credentials and parameters (generators/clientProfiles.ts): Origin, Cookie, Accept-Encoding,
 * Accept-Charset, Accept-Language, an Accept naming application/problem+json, X-Forwarded-For
 * lists, an auth proxy's identity headers, TRACE. Hooks registered before the auth hook
 * (mock/server.ts), as the front end or middleware each models.
 */
export function addClientProfileFaults(app: FastifyInstance, config: Pick<MockConfig, 'accounts' | 'fault'>): void {
  const fault = config.fault;
  if (fault === null || !PROFILE_FAULTS.has(fault)) return;
  const accounts = new Map(config.accounts.map((a) => [a.accountSid, `Basic ${Buffer.from(`${a.accountSid}:${a.authToken}`).toString('base64')}`]));
  app.addHook('onRequest', (request, reply, done) => {
    const h = request.headers;
    const unsafe = ['POST', 'DELETE', 'PUT', 'PATCH'].includes(request.method);
    // trace-echo: the front end answers TRACE itself (Apache httpd, TraceEnable On): the request echoed, before any auth
    if (fault === 'trace-echo' && request.method === 'TRACE') {
      const lines = [`TRACE ${request.url} HTTP/1.1`];
      for (let i = 0; i + 1 < request.raw.rawHeaders.length; i += 2) lines.push(`${request.raw.rawHeaders[i]}: ${request.raw.rawHeaders[i + 1]}`);
      reply.code(200).type('message/http').send(`${lines.join('\r\n')}\r\n\r\n`);
      return;
    }
    // origin-not-allowed-500: cors({ origin: callback }) that errs for an Origin off its whitelist: Express's 500 page, before auth
    if (fault === 'origin-not-allowed-500' && h.origin !== undefined && h.origin !== 'https://console.twilio.com') {
      reply.code(500).type('text/html').send('<!DOCTYPE html><html><body><pre>Error: Not allowed by CORS</pre></body></html>');
      return;
    }
    // cookie-csrf-403: a CSRF filter for unsafe methods of requests that carry any cookie (Spring Security's matcher), before Basic auth
    if (fault === 'cookie-csrf-403' && unsafe && h.cookie !== undefined && h['x-xsrf-token'] === undefined) {
      reply.code(403).type('application/json').send({ timestamp: new Date().toISOString(), status: 403, error: 'Forbidden', path: request.url.split('?')[0] });
      return;
    }
    // xff-list-500: the audited client address is X-Forwarded-For whole, into an inet column: a list of addresses throws
    if (fault === 'xff-list-500' && unsafe && h.authorization !== undefined && String(h['x-forwarded-for'] ?? '').includes(',')) {
      reply.code(500).type('text/html').send('<h1>Server Error (500)</h1>');
      return;
    }
    // remote-user-trusted: the app takes the account an auth proxy names (X-Remote-User…) and the proxy passes a client's own through
    if (fault === 'remote-user-trusted' && h.authorization === undefined) {
      const named = [h['x-remote-user'], h['remote-user'], h['x-forwarded-user']].find((v) => typeof v === 'string');
      const own = named === undefined ? undefined : accounts.get(String(named).trim());
      if (own !== undefined) h.authorization = own;
    }
    // scheme-locale-lowercase: the scheme lower-cased in the request's locale (Accept-Language): under tr, BASIC reads "basıc"
    if (fault === 'scheme-locale-lowercase' && typeof h.authorization === 'string') {
      const locale = requestLocale(h['accept-language']);
      if (locale !== undefined) h.authorization = h.authorization.replace(/^\S+/, (scheme) => scheme.toLocaleLowerCase(locale));
    }
    done();
  });
  if (ANSWER_FAULTS.has(fault)) {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (typeof payload !== 'string' || payload === '') return payload;
      const h = request.headers;
      // errors-problem-json: errors rendered by res.format(): an Accept that names application/problem+json first gets RFC 9457
      if (fault === 'errors-problem-json' && reply.statusCode >= 400 && /^\s*application\/problem\+json/i.test(h.accept ?? '')) {
        const { message } = JSON.parse(payload) as { message?: string };
        reply.header('content-type', 'application/problem+json; charset=utf-8');
        return JSON.stringify({ type: 'about:blank', title: 'Error', status: reply.statusCode, detail: message, instance: request.url.split('?')[0] });
      }
      // accept-charset-utf16: the formatter picks the charset Accept-Charset ranks first (ASP.NET Core): UTF-16LE
      if (fault === 'accept-charset-utf16' && /^\s*(utf-16|unicode)\b/i.test(String(h['accept-charset'] ?? ''))) {
        reply.header('content-type', 'application/json; charset=utf-16');
        return Buffer.from(payload, 'utf16le');
      }
      // dates-locale-digits: date-times written with the request's locale (String.format(locale, …)): its own digits
      if (fault === 'dates-locale-digits' && reply.statusCode < 300) {
        const locale = requestLocale(h['accept-language']);
        if (locale === undefined) return payload;
        const digits = new Intl.NumberFormat(locale, { useGrouping: false });
        return payload.replace(/("date_(?:created|updated)":")([^"]*)"/g, (_, key: string, date: string) => `${key}${date.replace(/\d/g, (d) => digits.format(Number(d)))}"`);
      }
      const read = request.method === 'GET' && reply.statusCode === 200;
      // status-label-localized: a read's status passed through the console's i18n layer, which has German alone
      if (fault === 'status-label-localized' && read && requestLocale(h['accept-language'])?.startsWith('de')) {
        return payload.replace(/"status":"(draft|pending-review|in-review|twilio-rejected|twilio-approved)"/g, (_, status: string) => `"status":"${GERMAN_STATUS[status]}"`);
      }
      // legacy-helper-drops-status-callback: reads for the helper libraries of before 2019 (their User-Agent) go through the old serializer, which had no StatusCallback
      if (fault === 'legacy-helper-drops-status-callback' && read && /\btwilio-python\/[1-6]\./.test(String(h['user-agent'] ?? ''))) {
        return payload.replace(/"status_callback":"(?:[^"\\]|\\.)*"/g, '"status_callback":null');
      }
      // gzip-stale-length: a hand-written gzip filter that passes the JSON's length through, then sends fewer (gzip) bytes
      if (fault === 'gzip-stale-length' && /\bgzip\b/i.test(String(h['accept-encoding'] ?? ''))) {
        reply.header('content-encoding', 'gzip');
        reply.header('content-length', String(Buffer.byteLength(payload)));
        // a stream, so that fastify keeps the stale length (it corrects the length of a string or buffer)
        return Readable.from([gzipSync(payload)]);
      }
      return payload;
    });
  }
}

/** The first language tag of Accept-Language (what a servlet's getLocale() gives), or undefined. */
function requestLocale(acceptLanguage: string | undefined): string | undefined {
  const tag = String(acceptLanguage ?? '').split(',')[0]!.split(';')[0]!.trim();
  try {
    return tag !== '' && tag !== '*' ? Intl.getCanonicalLocales(tag)[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The faults this file makes. */
const PROFILE_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>([
  'trace-echo',
  'origin-not-allowed-500',
  'cookie-csrf-403',
  'xff-list-500',
  'remote-user-trusted',
  'scheme-locale-lowercase',
  'errors-problem-json',
  'accept-charset-utf16',
  'dates-locale-digits',
  'gzip-stale-length',
  'status-label-localized',
  'legacy-helper-drops-status-callback',
]);

/** status-label-localized: the console's German labels of the statuses. */
const GERMAN_STATUS: Readonly<Record<string, string>> = {
  draft: 'entwurf',
  'pending-review': 'prüfung-ausstehend',
  'in-review': 'in-prüfung',
  'twilio-rejected': 'abgelehnt',
  'twilio-approved': 'genehmigt',
};

/** The faults that rewrite an answer. */
const ANSWER_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>(['errors-problem-json', 'accept-charset-utf16', 'dates-locale-digits', 'gzip-stale-length', 'status-label-localized', 'legacy-helper-drops-status-callback']);
