import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { type HttpClient, type HttpOptions, type HttpRequest, type HttpResult, hasProxyEnv, headerRecord, receivedResponse, toTransportError } from './http.ts';

/** How long a request that asks for 100 Continue waits for it before it sends its body anyway (curl's default, 1 s). */
export const CONTINUE_WAIT_MS = 1000;

/**
 * The client of the requests that carry `Expect: 100-continue` (the coverage row of curl's larger
 * bodies): undici refuses to send that header, so node:http sends it, on a connection of its own,
 * and writes the body once the server answers 100 Continue — or after CONTINUE_WAIT_MS without an
 * answer, as curl does; a final answer that comes first is the request's (RFC 9110 §10.1.1), and
 * the body is never sent. Through a proxy (HTTPS_PROXY…), which node:http cannot use, the request
 * goes through `viaProxy` without the header. Timeouts and the response size cap are the run's.
 */
export function createContinueClient(opts: HttpOptions, viaProxy: HttpClient): HttpClient {
  if (hasProxyEnv()) {
    return {
      send: (req) => {
        const { expect: _, ...headers } = req.headers;
        return viaProxy.send({ ...req, headers });
      },
      close: async () => undefined,
    };
  }
  const tls = {
    ...(opts.caFile ? { ca: [...rootCertificates, readFileSync(opts.caFile, 'utf8')] } : {}),
    ...(opts.insecure ? { rejectUnauthorized: false } : {}),
  };
  const decoder = new TextDecoder('utf-8');
  const send = (req: HttpRequest): Promise<HttpResult> =>
    new Promise((resolve) => {
      const started = performance.now();
      let settled = false;
      const settle = (result: HttpResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(wait);
        resolve(result);
      };
      const fail = (err: unknown) => settle({ ok: false, error: toTransportError(err), latencyMs: performance.now() - started, receivedAt: Date.now() });
      let url: URL;
      try {
        url = new URL(req.url);
      } catch (err) {
        fail(err);
        return;
      }
      const body = Buffer.from(req.body ?? '');
      const headers = { ...req.headers, 'content-length': String(body.length) };
      const outgoing = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: req.method, headers, agent: false, timeout: opts.timeoutMs, ...tls });
      let written = false;
      const write = () => {
        if (written) return;
        written = true;
        outgoing.end(body);
      };
      const wait = setTimeout(write, CONTINUE_WAIT_MS);
      // the whole exchange within three times --timeout, as every other request (engine/transport/http.ts)
      const deadline = setTimeout(() => {
        outgoing.destroy(Object.assign(new Error('the exchange took too long'), { name: 'TimeoutError' }));
      }, opts.timeoutMs * 3);
      outgoing.on('continue', write);
      outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('request timed out'), { name: 'TimeoutError' })));
      outgoing.on('error', fail);
      outgoing.on('response', (res: IncomingMessage) => {
        const receivedAt = Date.now();
        const chunks: Buffer[] = [];
        let size = 0;
        let cut = false;
        res.on('data', (chunk: Buffer) => {
          if (cut) return;
          size += chunk.length;
          if (size > opts.maxResponseBytes) {
            cut = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - opts.maxResponseBytes)));
            res.destroy();
          } else chunks.push(chunk);
        });
        const done = () => {
          const response = receivedResponse(res.statusCode ?? 0, headerRecord(res.rawHeaders), Buffer.concat(chunks), decoder, cut ? opts.maxResponseBytes : undefined);
          settle({ ok: true, response, latencyMs: performance.now() - started, receivedAt });
          // a final answer before the body was asked for: the body is never sent, the connection is closed
          if (!written) outgoing.destroy();
        };
        res.on('end', done);
        res.on('close', () => (cut ? done() : fail(Object.assign(new Error('socket closed by the target'), { code: 'UND_ERR_SOCKET' }))));
        res.on('error', fail);
      });
    });
  return { send, close: async () => undefined };
}
