/**
 * A counting target that really stores, on 127.0.0.1: the reference mock (with a fault, if asked)
 * behind a front that counts every request and every profile ever stored, and can twist any answer
 * after the mock has done its work — a create that stored and then answers 500, a reset mid-answer,
 * a DELETE that never answers, a 201 naming a profile that existed before the run, a body nested
 * 5,000 deep. What a run left behind is then a fact of the store, not of the run's own account.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type MockOptions, type MockServer, startMock } from '../../mock/index.ts';
import { askMock } from './hostile-server.ts';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the mock did with one request, and what the front may answer instead. */
export interface Exchanged {
  method: string;
  /** path and query */
  url: string;
  body: string;
  /** the mock's answer (for a twist that answers without asking the mock: see `before`) */
  answer: Answer;
  /** this request's number, from 1, every route together */
  n: number;
  /** POSTs so far, this one included */
  post: number;
}

/** The front's answer: the mock's as it is, another one, the connection reset mid-answer, or none ever. */
export type Twisted = 'pass' | 'reset' | 'hang' | { status: number; body: string; headers?: Record<string, string> };

export interface AccountOptions {
  mock?: MockOptions;
  /** profiles stored in the account before the run (created directly in the mock) */
  preexisting?: number;
  /** what the front answers, once the mock has answered */
  twist?: (x: Exchanged, account: AccountServer) => Twisted;
}

export interface AccountServer {
  url: string;
  mock: MockServer;
  /** sids stored before the run */
  preexisting: string[];
  requests: number;
  posts: number;
  /** DELETE requests received, by sid */
  deletes: Map<string, number>;
  /** profiles stored since the front started, deleted or not */
  created(): number;
  /** profiles stored since the front started and still there */
  left(): number;
  close(): Promise<void>;
}

const AUTH = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';
/** A create the mock accepts (its policies are any well-formed RN sid). */
const VALID = 'FriendlyName=existing&Email=a%40example.com&PolicySid=RN0123456789abcdef0123456789abcdef';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The sid of a member URL (/v1/CustomerProfiles/BU…), if it is one. */
export const sidOf = (url: string): string | undefined => /^\/v1\/CustomerProfiles\/([^/?]+)/.exec(url)?.[1];

/** Start the front and its mock; `preexisting` profiles are stored first. */
export async function startAccount(options: AccountOptions = {}): Promise<AccountServer> {
  const mock = await startMock({ ...options.mock, port: 0 });
  const preexisting: string[] = [];
  for (let i = 0; i < (options.preexisting ?? 0); i++) {
    const a = await askMock(mock, 'POST', '/v1/CustomerProfiles', { authorization: AUTH, 'content-type': FORM }, VALID);
    preexisting.push((JSON.parse(a.body.toString('utf8')) as { sid: string }).sid);
  }
  const sockets = new Set<Socket>();
  let deleted = 0;
  const account: AccountServer = {
    url: '',
    mock,
    preexisting,
    requests: 0,
    posts: 0,
    deletes: new Map(),
    created: () => mock.profileCount() - preexisting.length + deleted,
    left: () => mock.profileCount() - preexisting.length,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock.close();
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const n = ++account.requests;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (method === 'POST') account.posts++;
    const body = await readBody(req);
    const sid = method === 'DELETE' ? sidOf(url) : undefined;
    if (sid) account.deletes.set(sid, (account.deletes.get(sid) ?? 0) + 1);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
    const answer = await askMock(mock, method, url, headers, body);
    if (sid && answer.status >= 200 && answer.status < 300 && !preexisting.includes(sid)) deleted++;
    const twisted = options.twist?.({ method, url, body: body.toString('utf8'), answer, n, post: account.posts }, account) ?? 'pass';
    if (twisted === 'hang') return;
    if (twisted === 'reset') {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length + 100) });
      res.write(answer.body.subarray(0, 8), () => setTimeout(() => req.socket.resetAndDestroy(), 10));
      return;
    }
    if (twisted === 'pass') return void res.writeHead(answer.status, answer.headers).end(answer.body);
    res.writeHead(twisted.status, { 'content-type': 'application/json', ...twisted.headers }).end(twisted.body);
  };
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s: Socket) => {
    s.on('error', () => undefined);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  account.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return account;
}

/**
 * A deduplicating target: every 201 names the first profile the account held before the run, while
 * the profile the mock really stored is another (what a target that dedupes by content can do).
 */
export function namesPreexisting(x: Exchanged, a: AccountServer): Twisted {
  if (x.method !== 'POST' || x.answer.status !== 201) return 'pass';
  const body = JSON.parse(x.answer.body.toString('utf8')) as Record<string, string>;
  return { status: 201, body: JSON.stringify({ ...body, sid: a.preexisting[0]!, url: body.url!.replace(body.sid!, a.preexisting[0]!) }) };
}

/** A Twilio error envelope with this status. */
export const envelope = (status: number, message = 'Internal Server Error') => JSON.stringify({ code: 20000 + status, message, more_info: 'https://www.twilio.com/docs/errors', status });
