/**
 * A target that misbehaves on purpose, on 127.0.0.1 (port 0), for the robustness tests: each kind
 * shows one way a real server breaks. Kinds that need sane answers otherwise forward to a
 * reference mock started here. Also: a free port nobody listens on, a private CA with a server
 * certificate, and a tiny CONNECT/forward proxy that counts what went through it.
 */
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, createServer as createNetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { DOCUMENTED_BASE } from '../../contracts/schemas.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_RUN_CREDENTIALS, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, type MockOptions, type MockServer, startMock } from '../../mock/index.ts';

export const HOSTILE_CREDENTIALS = {
  accountSid: DEFAULT_ACCOUNT_SID,
  username: DEFAULT_ACCOUNT_SID,
  password: DEFAULT_AUTH_TOKEN,
  kind: 'auth-token' as const,
};
export const HOSTILE_CLI_CREDENTIALS = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];
/** The same on the command line of `run` (`diff` takes no second account). */
export const HOSTILE_CLI_FULL = [
  ...HOSTILE_CLI_CREDENTIALS,
  ...['--api-key', DEFAULT_API_KEY_SID, '--api-secret', DEFAULT_API_KEY_SECRET],
  ...['--second-account-sid', DEFAULT_SECOND_ACCOUNT_SID, '--second-auth-token', DEFAULT_SECOND_AUTH_TOKEN],
];
/** The Auth Token with what level 3 needs beside it, the mock's API key and its second account (the kinds that forward to a mock answer both). */
export const HOSTILE_FULL_CREDENTIALS = { ...HOSTILE_CREDENTIALS, also: DEFAULT_RUN_CREDENTIALS.also, second: DEFAULT_RUN_CREDENTIALS.second };

export type HostileKind =
  /** answers like the reference mock (over TLS too, with `tls`) */
  | 'faithful'
  /** sends a 201's headers and part of its body, then resets the connection */
  | 'reset'
  /** accepts the request and never answers */
  | 'silent'
  /** answers like the mock, the body in small pieces spread over time (it completes) */
  | 'trickle'
  /** a 201 whose body trickles in a byte at a time and never ends */
  | 'trickle-forever'
  /** a 201 announcing and streaming a 100 MB body */
  | 'huge'
  /** a 201 application/json whose body is not JSON */
  | 'bad-json'
  /** answers like the mock with Content-Type text/html */
  | 'wrong-type'
  /** 307 to another host (which counts what it receives) */
  | 'redirect'
  /** 429 with Retry-After for the first `storm` creates (POSTs; a run's first request may be a list read), then like the mock */
  | 'rate-limit'
  /** bursts of `burstStatus` (3 in every 10 requests, none twice to the same request), otherwise like the mock */
  | 'burst-5xx'
  /** like the mock, each answer held back `delayMs` */
  | 'slow'
  /** like the mock, but every DELETE is refused with 403 */
  | 'no-delete'
  /** like the mock, with `echo` planted in every answer: the body, a header and the Location header */
  | 'echo';

export interface HostileOptions {
  /** rate-limit: creates answered 429 before answering normally (default: all) */
  storm?: number;
  /** rate-limit: Retry-After as delta-seconds (default '1') or as an HTTP date this many seconds ahead */
  retryAfter?: { seconds: number; form: 'seconds' | 'date' };
  /** burst-5xx: the status of the bursts (default 503) */
  burstStatus?: number;
  /** slow: how long each answer is held back (default 300 ms) */
  delayMs?: number;
  /** serve over TLS with this key and certificate */
  tls?: { key: string; cert: string };
  /** options of the reference mock behind it */
  mock?: MockOptions;
  /** echo: the text planted as is, in the JSON source of every object body (`"echo": "<text>"`), and unless `echoInHeaders` is false in `x-echo` and `location`; several texts are planted in turn, one per answer */
  echo?: string | readonly string[];
  echoInHeaders?: boolean;
  /** echo: headers planted as they are in every answer too (a token split across two of them) */
  echoHeaders?: Record<string, string>;
}

export interface HostileServer {
  url: string;
  /** requests received (every attempt counts) */
  requests: number;
  /** POSTs received */
  posts: number;
  /** POSTs to the collection the mock behind it answered with a 2xx (profiles created; a POST to a profile is its update) */
  created: number;
  /** the reference mock behind the kinds that forward */
  mock: MockServer;
  /** redirect: the host the target redirects to, and what reached it */
  other?: { url: string; requests: number; withAuthorization: number };
  /** huge: bytes written before the client hung up */
  bytesSent: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Forward a request to the mock; resolves with its answer (status, headers, body). The mock may
 * answer a body over its limit (413) before it has read it all and close the connection: the
 * answer counts, the error writing the rest does not.
 */
function forward(mock: MockServer, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
  return askMock(mock, req.method ?? 'GET', req.url ?? '/', headers, body);
}

/** One request to the reference mock behind a test target: its whole answer. */
export function askMock(mock: MockServer, method: string, url: string, headers: Record<string, string>, body: Buffer | string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const out = httpRequest(`${mock.url}${url}`, { method, headers }, async (res) => {
      answered = true;
      const data = await readBody(res).catch(() => Buffer.alloc(0));
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string' && k !== 'connection' && k !== 'keep-alive') h[k] = v;
      resolve({ status: res.statusCode ?? 502, headers: h, body: data });
    });
    out.on('error', (err) => {
      if (!answered) reject(err);
    });
    out.end(body);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** Start a hostile target of one kind. */
export async function startHostile(kind: HostileKind, options: HostileOptions = {}): Promise<HostileServer> {
  // behind the proxy the service names the documented base in its URLs, as a service behind a real proxy names its public one (not the mock's own port, which no client reaches)
  const mock = await startMock({ publicBaseUrl: DOCUMENTED_BASE, ...options.mock, port: 0 });
  const timers = new Set<NodeJS.Timeout>();
  /** echo: answers planted so far (which of several texts comes next) */
  let echoed = 0;
  const sockets = new Set<Socket>();
  let otherServer: Server | undefined;
  const state: HostileServer = {
    url: '',
    requests: 0,
    posts: 0,
    created: 0,
    mock,
    bytesSent: 0,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (otherServer) {
        otherServer.closeAllConnections();
        await new Promise<void>((resolve) => otherServer!.close(() => resolve()));
      }
      await mock.close();
    },
  };

  if (kind === 'redirect') {
    const other = { url: '', requests: 0, withAuthorization: 0 };
    otherServer = createHttpServer((req, res) => {
      other.requests++;
      if (req.headers.authorization) other.withAuthorization++;
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    other.url = `http://127.0.0.1:${await listen(otherServer)}`;
    state.other = other;
  }

  /** burst-5xx: the requests already answered with a burst status */
  const bursted = new Set<string>();
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    state.requests++;
    if (req.method === 'POST') state.posts++;
    const n = state.requests;
    res.on('error', () => undefined);
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    const fromMock = async () => {
      const a = await forward(mock, req, body);
      // a create: a POST to the collection (a POST to a profile's path is the update, which makes nothing)
      if (req.method === 'POST' && (req.url ?? '').split('?')[0]!.replace(/\/+$/, '') === '/v1/CustomerProfiles' && a.status >= 200 && a.status < 300) state.created++;
      return a;
    };
    const passOn = async (transform?: (a: { status: number; headers: Record<string, string>; body: Buffer }) => void) => {
      const a = await fromMock();
      transform?.(a);
      res.writeHead(a.status, a.headers).end(a.body);
    };
    switch (kind) {
      case 'faithful':
        return passOn();
      case 'reset': {
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': '400' });
        res.write('{"sid": "BU', () => setTimeout(() => req.socket.resetAndDestroy(), 20));
        return;
      }
      case 'silent':
        return; // the socket stays open, nothing is ever written
      case 'trickle': {
        // the creates' answers trickle (the run's other requests, one after the other, would make it a minute's wait: the same transport reads them)
        if (req.method !== 'POST') return passOn();
        const a = await fromMock();
        res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
        const pieces = 6;
        const size = Math.ceil(a.body.length / pieces);
        let i = 0;
        const t = setInterval(() => {
          if (i * size >= a.body.length || res.destroyed) {
            clearInterval(t);
            timers.delete(t);
            res.end();
            return;
          }
          res.write(a.body.subarray(i * size, ++i * size));
        }, 15);
        timers.add(t);
        return;
      }
      case 'trickle-forever': {
        res.writeHead(201, { 'content-type': 'application/json' });
        const t = setInterval(() => {
          if (res.destroyed) {
            clearInterval(t);
            timers.delete(t);
            return;
          }
          res.write(' ');
        }, 50);
        timers.add(t);
        return;
      }
      case 'huge': {
        const total = 100 * 1024 * 1024;
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(total) });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        chunk[0] = 0x5b; // starts like JSON: '['
        let sent = 0;
        const pump = () => {
          while (sent < total && !res.destroyed) {
            const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
            sent += piece.length;
            state.bytesSent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on('close', () => {
          sent = total;
        });
        return pump();
      }
      case 'bad-json':
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid": "BU0123456789abcdef0123456789abcdef", "account_sid": ');
        return;
      case 'wrong-type':
        return passOn((a) => {
          a.headers['content-type'] = 'text/html; charset=utf-8';
        });
      case 'redirect':
        res.writeHead(307, { location: `${state.other!.url}${req.url}`, 'content-type': 'application/json' }).end('{"status": 307, "message": "moved"}');
        return;
      case 'rate-limit': {
        if (req.method === 'POST' && state.posts <= (options.storm ?? Number.POSITIVE_INFINITY)) {
          const ra = options.retryAfter ?? { seconds: 1, form: 'seconds' };
          const value = ra.form === 'seconds' ? String(ra.seconds) : new Date(Date.now() + ra.seconds * 1000).toUTCString();
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': value })
            .end('{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}');
          return;
        }
        return passOn();
      }
      case 'burst-5xx': {
        // a request already refused once passes: its retries cannot all land in bursts however many requests a run sends
        const key = `${req.method} ${req.url} ${body.toString('latin1')}`;
        if (n % 10 < 3 && !bursted.has(key)) {
          bursted.add(key);
          const status = options.burstStatus ?? 503;
          res
            .writeHead(status, { 'content-type': 'application/json' })
            .end(`{"code": 20${status}, "message": "Service Unavailable", "more_info": "https://www.twilio.com/docs/errors/20${status}", "status": ${status}}`);
          return;
        }
        return passOn();
      }
      case 'slow': {
        const a = await fromMock();
        const t = setTimeout(() => {
          timers.delete(t);
          res.writeHead(a.status, a.headers).end(a.body);
        }, options.delayMs ?? 300);
        timers.add(t);
        return;
      }
      case 'echo':
        return passOn((a) => {
          const texts = typeof options.echo === 'string' ? [options.echo] : (options.echo ?? ['']);
          const text = texts[echoed++ % texts.length]!;
          const body = a.body.toString('utf8');
          if (body.trimStart().startsWith('{')) a.body = Buffer.from(body.replace('{', `{"echo": "${text}", `), 'utf8');
          delete a.headers['content-length'];
          if (options.echoInHeaders !== false) {
            a.headers['x-echo'] = text;
            a.headers.location = `https://cp-staging.example.com/v1/next?t=${text}`;
          }
          Object.assign(a.headers, options.echoHeaders ?? {});
        });
      case 'no-delete': {
        if (req.method === 'DELETE') {
          res.writeHead(403, { 'content-type': 'application/json' }).end('{"code": 20403, "message": "Forbidden", "status": 403}');
          return;
        }
        return passOn();
      }
    }
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createHttpServer(onRequest);
  server.on('connection', (s: Socket) => {
    s.on('error', () => undefined);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => s.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_err, socket) => socket.destroy());
  state.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${await listen(server)}`;
  return state;
}

/** A port on 127.0.0.1 that nothing listens on (connection refused). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface PrivateCa {
  /** the CA certificate, PEM, as written to caFile */
  caCert: string;
  caFile: string;
  /** a server key and certificate for 127.0.0.1 and localhost, signed by the CA */
  server: { key: string; cert: string };
}

/** A private CA (written to dir/ca.pem) and a server certificate it signed. */
export async function privateCa(dir: string): Promise<PrivateCa> {
  const ca = await generate([{ name: 'commonName', value: 'trusthub-conformance test CA' }], {
    algorithm: 'sha256',
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    keySize: 2048,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  return { caCert: ca.cert, caFile, server: { key: leaf.private, cert: leaf.cert } };
}

export interface CountingProxy {
  url: string;
  /** CONNECT tunnels opened, by target authority */
  tunnels: string[];
  /** plain forward-proxy requests (absolute URIs) */
  forwarded: string[];
  close(): Promise<void>;
}

/** A tiny HTTP proxy: CONNECT tunnels and absolute-URI forwarding, counting both. */
export async function startProxy(): Promise<CountingProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    forwarded.push(req.url ?? '');
    const u = new URL(req.url ?? '');
    const out = httpRequest(u, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    sockets.add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    forwarded,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
