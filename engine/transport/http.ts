import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { readJson } from '../../contracts/answer.ts';
import type { ReceivedResponse, TransportError } from '../../contracts/exchange.ts';
import { decodeContent } from './content-coding.ts';
import { interimTolerantFactory } from './interim.ts';

export interface HttpOptions {
  /** concurrent connections to the target */
  connections: number;
  /** connect, headers and body timeout, each, in ms */
  timeoutMs: number;
  /** responses larger than this are cut and reported as RESPONSE_TOO_LARGE */
  maxResponseBytes: number;
  /** PEM file of a private CA to trust */
  caFile?: string;
  /** accept any TLS certificate (only by explicit flag) */
  insecure?: boolean;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type HttpResult =
  | { ok: true; response: ReceivedResponse; latencyMs: number; receivedAt: number }
  | { ok: false; error: TransportError; latencyMs: number; receivedAt: number };

export interface HttpClient {
  send(req: HttpRequest): Promise<HttpResult>;
  close(): Promise<void>;
}

export function hasProxyEnv(): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => Boolean(process.env[k]));
}

/** An undici keep-alive client with timeouts, a response size cap and no redirects followed. */
export function createHttpClient(opts: HttpOptions): HttpClient {
  const connect = {
    timeout: opts.timeoutMs,
    // the private CA besides Node's bundled roots (a bare `ca` would replace them)
    ...(opts.caFile ? { ca: [...rootCertificates, readFileSync(opts.caFile, 'utf8')] } : {}),
    ...(opts.insecure ? { rejectUnauthorized: false } : {}),
  };
  const agentOptions = {
    connections: opts.connections,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    keepAliveTimeout: 10_000,
    connect,
    // an unsolicited 100 Continue or 103 Early Hints before the answer is skipped (RFC 9110 §15.2)
    factory: interimTolerantFactory,
  };
  const dispatcher: Dispatcher = hasProxyEnv()
    ? new EnvHttpProxyAgent({ ...agentOptions, requestTls: connect, proxyTls: connect })
    : new Agent(agentOptions);
  const decoder = new TextDecoder('utf-8');

  const deadlineMs = opts.timeoutMs * 3;
  /** the last URL split into origin and path: nearly every request goes to the same one */
  let lastUrl = '';
  let lastTarget = { origin: '', path: '' };

  /**
   * One exchange through undici's dispatcher with a handler of our own: no response stream, async
   * iterator or abort signal per request (a third of the client's CPU time went there).
   */
  function send(req: HttpRequest): Promise<HttpResult> {
    const started = performance.now();
    return new Promise<HttpResult>((resolve) => {
      let settled = false;
      let headersIn = false;
      let receivedAt = 0;
      let status = 0;
      let headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let abort: ((reason?: Error) => void) | undefined;
      let timedOut: Error | undefined;

      const fail = (error: TransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ ok: false, error, latencyMs: performance.now() - started, receivedAt: Date.now() });
      };
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        const sent = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // decoded only through the content codings the request asked for (Accept-Encoding): what a client reads
        const raw = truncated ? sent : decodeContent(sent, headers['content-encoding'], req.headers['accept-encoding'], opts.maxResponseBytes);
        const response = receivedResponse(status, headers, raw, decoder, truncated ? opts.maxResponseBytes : undefined);
        resolve({ ok: true, response, latencyMs: performance.now() - started, receivedAt });
      };
      // the whole exchange, body included, within three times --timeout (a trickling body never ends otherwise)
      const deadline = setTimeout(() => {
        timedOut = Object.assign(new Error('the exchange took too long'), { name: 'TimeoutError' });
        fail({
          code: 'TIMEOUT',
          message: headersIn
            ? `the body did not complete within ${deadlineMs} ms (three times --timeout)`
            : `no answer within ${deadlineMs} ms (three times --timeout)`,
        });
        abort?.(timedOut);
      }, deadlineMs);

      let target = lastTarget;
      if (req.url !== lastUrl) {
        try {
          const url = new URL(req.url);
          target = { origin: url.origin, path: `${url.pathname}${url.search}` };
        } catch (err) {
          fail(toTransportError(err));
          return;
        }
        lastUrl = req.url;
        lastTarget = target;
      }
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abortRequest) {
          abort = abortRequest;
          if (timedOut) abortRequest(timedOut);
        },
        onHeaders(statusCode, rawHeaders) {
          if (statusCode < 200) return true; // 1xx: the final answer follows
          status = statusCode;
          receivedAt = Date.now();
          headersIn = true;
          headers = headerRecord(rawHeaders);
          return true;
        },
        onData(chunk) {
          if (truncated) return true;
          size += chunk.length;
          if (size > opts.maxResponseBytes) {
            truncated = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - opts.maxResponseBytes)));
            // what was read is the answer: stop reading and close the connection (outside the parser's callback)
            finish();
            queueMicrotask(() => abort?.(new Error('response too large')));
            return false;
          }
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          finish();
        },
        onError(err) {
          fail(toTransportError(err));
        },
      };
      dispatcher.dispatch({ origin: target.origin, path: target.path, method: req.method as Dispatcher.HttpMethod, ...framed(req) }, handler);
    });
  }

  return {
    send,
    close: () => dispatcher.close(),
  };
}

/** An answer as the rules read it: its body decoded (a byte order mark and bad bytes kept as flags) and read as JSON, unless it was cut at `cutAt` bytes. */
export function receivedResponse(status: number, headers: Record<string, string>, raw: Buffer, decoder: TextDecoder, cutAt?: number): ReceivedResponse {
  // the decoder drops a byte order mark and replaces bad bytes: what came is kept as flags
  const bodyText = decoder.decode(raw);
  const response: ReceivedResponse = { status, statusText: '', headers, bodyText, json: undefined };
  if (raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) response.bom = true;
  if (bodyText.includes('\uFFFD') && !isUtf8(raw)) response.invalidUtf8 = true;
  if (cutAt !== undefined) {
    response.truncated = true;
    response.cutAt = cutAt;
    response.jsonError = `RESPONSE_TOO_LARGE: the body is larger than ${cutAt} bytes (--max-response-bytes) and was cut there`;
  } else {
    // bounded whatever the target sends: a body nested too deep is not parsed (contracts/answer.ts)
    const read = readJson(bodyText);
    if (read.jsonError === undefined) {
      response.json = read.json;
      if (read.members !== undefined) response.jsonMembers = read.members;
    } else response.jsonError = read.jsonError;
  }
  return response;
}

const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no answer within the timeout (headers)',
  UND_ERR_BODY_TIMEOUT: 'body did not arrive within the timeout',
  UND_ERR_SOCKET: 'socket closed by the target',
  TimeoutError: 'request timed out',
  AbortError: 'request aborted',
};

/**
 * Errors of the tool's own machine, not of the target: out of file descriptors, memory, buffers or
 * local ports. The request never left; the run stops and says so (engine/transport/sender.ts).
 */
const TOOL_FAULT = /^(EMFILE|ENFILE|ENOMEM|ENOBUFS|EADDRNOTAVAIL|ENOSPC)$/;
export const isToolFault = (code: string): boolean => TOOL_FAULT.test(code);

/** Codes of a failed TLS handshake (certificate, protocol): the request itself was never sent. */
export const TLS_ERROR_CODE = /CERT|SELF_SIGNED|SSL|TLS|EPROTO|VERIFY|ISSUER/;

export function toTransportError(err: unknown): TransportError {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code ?? e?.name ?? 'ERROR';
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  if (!CODE_WORDS[code] && TLS_ERROR_CODE.test(code)) return { code, message: `TLS handshake failed (${detail}); --ca-file trusts a private CA` };
  const words = CODE_WORDS[code];
  return { code, message: words ? `${words} (${detail})` : detail };
}

/** Response headers as one record: names lower-cased, repeated headers joined with ", " in order. */
export function headerRecord(raw: ReadonlyArray<Buffer | string>): Record<string, string> {
  const text = (b: Buffer | string) => (typeof b === 'string' ? b : b.toString('latin1'));
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = text(raw[i]!).toLowerCase();
    const value = text(raw[i + 1]!);
    if (Object.hasOwn(headers, name)) headers[name] = `${headers[name]}, ${value}`;
    else if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, configurable: true, writable: true });
    else headers[name] = value;
  }
  return headers;
}

/**
 * The headers and body as undici sends them. A request whose headers name Transfer-Encoding: chunked
 * (a client that streams its body: curl -T -, Node's http.request with write()) has its body sent
 * as a stream of that coding, without Content-Length; undici sets the header itself.
 */
function framed(req: HttpRequest): { headers: Record<string, string>; body: string | Readable | null } {
  if (req.headers['transfer-encoding'] !== 'chunked' || req.body === undefined) return { headers: req.headers, body: req.body ?? null };
  const { 'transfer-encoding': _, ...headers } = req.headers;
  return { headers, body: Readable.from([Buffer.from(req.body)]) };
}
