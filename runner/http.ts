import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import type { ReceivedResponse, TransportError } from '../contracts/exchange.ts';

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

function hasProxyEnv(): boolean {
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
  };
  const dispatcher: Dispatcher = hasProxyEnv()
    ? new EnvHttpProxyAgent({ ...agentOptions, requestTls: connect, proxyTls: connect })
    : new Agent(agentOptions);
  const decoder = new TextDecoder('utf-8');

  async function send(req: HttpRequest): Promise<HttpResult> {
    const started = performance.now();
    let headersIn = false;
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        dispatcher,
        signal: AbortSignal.timeout(opts.timeoutMs * 3),
      });
      const receivedAt = Date.now();
      headersIn = true;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > opts.maxResponseBytes) {
          truncated = true;
          chunks.push(buf.subarray(0, buf.length - (size - opts.maxResponseBytes)));
          res.body.destroy();
          break;
        }
        chunks.push(buf);
      }
      const bodyText = decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      const response: ReceivedResponse = {
        status: res.statusCode,
        statusText: '',
        headers,
        bodyText,
        json: undefined,
      };
      if (truncated) {
        response.truncated = true;
        response.jsonError = `RESPONSE_TOO_LARGE: the body is larger than ${opts.maxResponseBytes} bytes (--max-response-bytes) and was cut there`;
      } else if (bodyText.length > 0) {
        try {
          response.json = JSON.parse(bodyText);
        } catch (err) {
          response.jsonError = (err as Error).message;
        }
      } else {
        response.jsonError = 'empty body';
      }
      return { ok: true, response, latencyMs: performance.now() - started, receivedAt };
    } catch (err) {
      const error =
        (err as Error)?.name === 'TimeoutError'
          ? {
              code: 'TIMEOUT',
              message: headersIn
                ? `the body did not complete within ${opts.timeoutMs * 3} ms (three times --timeout)`
                : `no answer within ${opts.timeoutMs * 3} ms (three times --timeout)`,
            }
          : toTransportError(err);
      return { ok: false, error, latencyMs: performance.now() - started, receivedAt: Date.now() };
    }
  }

  return {
    send,
    close: () => dispatcher.close(),
  };
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
