/**
 * The request filter the pact-js Verifier's proxy runs on every provider request (see
 * pact/worker.ts). It does three things:
 *
 * 1. Form bodies go out as form bodies. The proxy parses `application/x-www-form-urlencoded`
 *    bodies (body-parser, qs) and then re-serialises any parsed object as JSON while keeping the
 *    form Content-Type and the original Content-Length (pact-js issue 884). A Twilio-style target
 *    then reads no parameters at all. The filter turns the parsed object back into form text and
 *    fixes Content-Length; other parsed bodies (JSON) get a matching Content-Length too.
 * 2. Credentials: an interaction that carries an Authorization header (an example value in the
 *    pact) is sent with the run's real Basic credentials; one without any stays without, so
 *    "no credentials" interactions keep meaning what they say. (customProviderHeaders would add
 *    the header to every request, the unauthenticated ones included.)
 * 3. Evidence: each provider request and the response it got are recorded, credentials redacted,
 *    for the report's counterexamples.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { SentRequest, TransportError } from '../contracts/exchange.ts';

/** What the proxy hands the filter: node's request with express's parsed body and URL fields. */
export interface ProxyRequest extends IncomingMessage {
  body?: unknown;
  originalUrl?: string;
}

export interface CapturedExchange {
  request: SentRequest;
  /** whether the interaction sent credentials (then the run's) or none */
  auth: 'valid' | 'none';
  response?: { status: number; statusText: string; headers: Record<string, string>; body: string };
  error?: TransportError;
}

export interface FilterOptions {
  /** the run's Authorization header value, e.g. `Basic …` */
  authorization: string;
  /** the target's base URL, for the recorded request URL */
  targetUrl: string;
  /** re-encode parsed form bodies as form text (default true; false shows the pact-js trap) */
  fixForms?: boolean;
  /** paths of the proxy itself (state setup, messages), left alone */
  internalPaths?: readonly string[];
  onExchange?: (exchange: CapturedExchange) => void;
}

export interface PactRequestFilter {
  filter: (req: ProxyRequest, res: ServerResponse, next: () => void) => void;
  /** answers any request still in flight with 502 and records the transport error (the proxy cannot) */
  failInFlight(error: TransportError): boolean;
}

const BODY_CUT = 4096;

export function isFormType(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(contentType ?? '');
}

/**
 * A body-parser (qs, extended) object back to form text: repeated names for arrays, bracket
 * names for nested objects. Flat string fields, all that Twilio-style forms use, round-trip
 * exactly; qs-specific spellings (`a[]=`) come back as their plain equivalent.
 */
export function encodeFormObject(value: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const add = (name: string, v: unknown): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        add(item !== null && typeof item === 'object' ? `${name}[${i}]` : name, item);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, sub] of Object.entries(v)) add(`${name}[${k}]`, sub);
    } else {
      out.append(name, v === null ? '' : String(v));
    }
  };
  for (const [name, v] of Object.entries(value)) add(name, v);
  return out.toString();
}

function setBody(req: ProxyRequest, body: Buffer): void {
  req.body = body;
  req.headers['content-length'] = String(body.length);
  delete req.headers['transfer-encoding'];
}

function headerRecord(headers: NodeJS.Dict<string | string[] | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function decodeBody(chunks: Buffer[], encoding: string | undefined): string {
  const raw = Buffer.concat(chunks);
  try {
    if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
    if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
  } catch {
    // not what it said it was: show the bytes as they came
  }
  return raw.toString('utf8');
}

function cut(text: string): string {
  return text.length > BODY_CUT ? `${text.slice(0, BODY_CUT)}…` : text;
}

export function makePactRequestFilter(opts: FilterOptions): PactRequestFilter {
  const internal = new Set(opts.internalPaths ?? ['/_pactSetup', '/_messages']);
  const base = opts.targetUrl.replace(/\/+$/, '');
  const fixForms = opts.fixForms !== false;
  const inFlight = new Map<ServerResponse, CapturedExchange>();

  const filter = (req: ProxyRequest, res: ServerResponse, next: () => void): void => {
    const url = req.originalUrl ?? req.url ?? '/';
    if (internal.has(url.split('?')[0]!)) {
      next();
      return;
    }
    const auth = req.headers.authorization !== undefined ? 'valid' : 'none';
    if (auth === 'valid') req.headers.authorization = opts.authorization;

    const body = req.body;
    if (body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
      const text = fixForms && isFormType(req.headers['content-type']) ? encodeFormObject(body as Record<string, unknown>) : JSON.stringify(body);
      if (fixForms) setBody(req, Buffer.from(text));
    }
    const sentBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body === undefined ? '' : JSON.stringify(req.body);
    const headers = headerRecord(req.headers);
    if (headers.authorization) headers.authorization = 'Basic [redacted]';
    delete headers.host;
    const exchange: CapturedExchange = { request: { method: req.method ?? 'GET', url: `${base}${url}`, headers, body: sentBody }, auth };

    // the proxy pipes the target's answer into res: keep a copy of what passes through
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as typeof res.end;
    inFlight.set(res, exchange);
    res.on('finish', () => {
      inFlight.delete(res);
      if (!exchange.error) {
        const responseHeaders = headerRecord(res.getHeaders());
        exchange.response = {
          status: res.statusCode,
          statusText: res.statusMessage ?? '',
          headers: responseHeaders,
          body: cut(decodeBody(chunks, responseHeaders['content-encoding'])),
        };
      }
      opts.onExchange?.(exchange);
    });
    next();
  };

  const failInFlight = (error: TransportError): boolean => {
    let any = false;
    for (const [res, exchange] of inFlight) {
      any = true;
      exchange.error = error;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`trusthub-conformance: the target did not answer: ${error.message}`);
    }
    return any;
  };

  return { filter, failInFlight };
}
