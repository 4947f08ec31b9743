import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultName } from './faults.ts';

const COLLECTION = '/v1/CustomerProfiles';
/** redirect-date-localtime: the offset of the server's local time (Europe/Berlin in winter, UTC+1) the hand-written Date is formatted in. */
export const LOCAL_OFFSET_MS = 3_600_000;

/**
 * The faults of 3xx answers (RFC 9110 §6.6.1: an origin server with a clock sends Date in every 2xx,
 * 3xx and 4xx answer), hooks registered before the auth hook (mock/server.ts), as the front end's
 * middleware they model:
 * - path-case-301-without-date and redirect-date-localtime: a "canonical URL" middleware answers a
 *   path that is the API's but for letter case with 301 to its canonical spelling; written by hand
 *   (res.writeHead alone), after the app turned the server's own Date off because its JSON builder
 *   sets Date: no Date, or one formatted from the local clock;
 * - etag-304-without-date: reads carry an ETag (a hash of the body) and a GET whose If-None-Match
 *   names it is answered 304 by a conditional-GET layer that writes the answer itself, without Date.
 */
export function addRedirectFaults(app: FastifyInstance, fault: FaultName | null): void {
  if (fault === 'path-case-301-without-date' || fault === 'redirect-date-localtime') {
    app.addHook('onRequest', (request, reply, done) => {
      const [path = '', query] = request.url.split(/\?(.*)/s);
      const rest = path.slice(COLLECTION.length);
      if (path.startsWith(COLLECTION) || !path.toLowerCase().startsWith(COLLECTION.toLowerCase()) || !(rest === '' || /^\/[^/]+$/.test(rest))) return done();
      reply.hijack();
      const res = reply.raw;
      res.sendDate = false;
      const headers: Record<string, string> = { location: `${COLLECTION}${rest}${query ? `?${query}` : ''}`, 'content-length': '0' };
      // strftime('%a, %d %b %Y %H:%M:%S GMT', time.localtime()): the local wall clock labelled GMT
      if (fault === 'redirect-date-localtime') headers.date = new Date(Date.now() + LOCAL_OFFSET_MS).toUTCString();
      res.writeHead(301, headers);
      res.end();
    });
  }
  if (fault === 'etag-304-without-date') {
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
      const asked = String(request.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
      if (!asked.includes(etag)) return payload;
      reply.raw.sendDate = false;
      reply.code(304);
      reply.removeHeader('content-type');
      return '';
    });
  }
}
