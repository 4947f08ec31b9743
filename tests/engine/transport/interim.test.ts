/**
 * Unsolicited interim responses (RFC 9110 §15.2: a client must accept 1xx answers it did not ask
 * for): a raw TCP target on 127.0.0.1 writes `100 Continue` (and `103 Early Hints`) before each
 * answer of the reference mock. The suite must judge the final answers, as if the 1xx were not there.
 */
import { request as httpRequest } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../engine/checks/index.ts';
import { createHttpClient } from '../../../engine/transport/http.ts';
import { buildReport } from '../../../engine/judge/report.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { DOCUMENTED_BASE } from '../../../contracts/schemas.ts';
import { type MockServer, startMock } from '../../../mock/index.ts';
import { HOSTILE_CREDENTIALS, HOSTILE_FULL_CREDENTIALS, startProxy } from '../../helpers/hostile-server.ts';

type Mode = 'together' | 'apart' | 'byte-by-byte';

interface RawTarget {
  url: string;
  requests: number;
  interims: number;
  close(): Promise<void>;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

/** A chunked body read from the start of `data`: its bytes and how many bytes of `data` it took, or null while incomplete. */
function dechunk(data: Buffer): { body: Buffer; used: number } | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) return null;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return data.length < eol + 4 ? null : { body: Buffer.concat(parts), used: eol + 4 };
    if (data.length < eol + 2 + size + 2) return null;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Ask the mock, answer raw: interim responses first (as `mode` says), then the mock's answer. */
async function startRawTarget(mock: MockServer, mode: Mode): Promise<RawTarget> {
  const sockets = new Set<Socket>();
  const state = { url: '', requests: 0, interims: 0, close: async () => undefined };
  const answer = (sock: Socket, head: string, body: Buffer) =>
    new Promise<void>((resolve) => {
      const [line, ...lines] = head.split('\r\n');
      const [method, path] = line!.split(' ');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        const name = l.slice(0, i).trim().toLowerCase();
        if (name && name !== 'host' && name !== 'connection') headers[name] = l.slice(i + 1).trim();
      }
      // an answer may come before the whole body was relayed (a 413): the upstream's error after it is not the target's
      let answered = false;
      if (headers['transfer-encoding']) {
        delete headers['transfer-encoding'];
        headers['content-length'] = String(body.length);
      }
      const out = httpRequest(`${mock.url}${path}`, { method, headers }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', async () => {
          const data = Buffer.concat(chunks);
          let raw = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`;
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string' && !['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(k)) raw += `${k}: ${v}\r\n`;
          }
          raw += `content-length: ${data.length}\r\n\r\n`;
          const interim =
            mode === 'byte-by-byte'
              ? 'HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n'
              : 'HTTP/1.1 100 Continue\r\n\r\n';
          state.interims++;
          // a few exchanges byte by byte are enough to split every part of the 1xx across reads
          if (mode === 'together' || (mode === 'byte-by-byte' && state.interims > 6)) sock.write(Buffer.concat([Buffer.from(interim + raw, 'latin1'), data]));
          else if (mode === 'apart') {
            sock.write(interim);
            await pause();
            sock.write(Buffer.concat([Buffer.from(raw, 'latin1'), data]));
          } else {
            for (const ch of interim) {
              sock.write(ch);
              await pause();
            }
            sock.write(Buffer.concat([Buffer.from(raw, 'latin1'), data]));
          }
          resolve();
        });
      });
      out.on('error', () => {
        if (!answered) sock.destroy();
      });
      out.end(body);
    });
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    let buf = Buffer.alloc(0);
    let busy = false;
    const next = async () => {
      if (busy) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      // a body sent chunked (the coverage row of Transfer-Encoding: chunked) ends with its last chunk, and goes on with a length
      const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head) ? dechunk(buf.subarray(end + 4)) : undefined;
      if (chunked === null) return;
      const length = chunked ? chunked.used : Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      const body = chunked ? chunked.body : buf.subarray(end + 4, end + 4 + length);
      buf = buf.subarray(end + 4 + length);
      busy = true;
      state.requests++;
      await answer(sock, head, body);
      busy = false;
      void next();
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      void next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

let mock: MockServer;
beforeAll(async () => {
  // behind the raw target the service names the documented base in its URLs (its own port is no base a client reaches)
  mock = await startMock({ port: 0, publicBaseUrl: DOCUMENTED_BASE });
});
afterAll(() => mock.close());

async function certifyAt(url: string) {
  mock.clearProfiles();
  // the mock's API key and second account beside the Auth Token: level 3 needs them
  const run = { targetUrl: url, credentials: HOSTILE_FULL_CREDENTIALS, seed: 12, runs: 3, concurrency: 4, timeoutMs: 3000, checks: CHECKS };
  const result = await runSuite(run);
  const report = buildReport(result, { ...run, targetUrl: url, embedded: false, requiredLevel: 3, rerun: 'test' });
  return { result, report };
}

describe('unsolicited 1xx before the final answer', () => {
  it.each(['together', 'apart', 'byte-by-byte'] as const)('%s: the suite judges the final answers, as against the mock itself', async (mode) => {
    const target = await startRawTarget(mock, mode);
    try {
      const { result, report } = await certifyAt(target.url);
      expect(target.interims).toBeGreaterThan(20);
      expect(target.interims).toBe(target.requests);
      expect(result.unreachable).toBeUndefined();
      expect(report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${JSON.stringify(c.firstFailure?.error ?? c.firstFailure?.message)}`)).toEqual([]);
      expect(report.verdict.conformant).toBe(true);
      // the same verdicts as the mock gives without any 1xx (not the same counts: the probes of races
      // — reads 0, 20 and 60 ms after a DELETE, lists sent together — answer as the timing falls, and
      // on a loaded machine two runs differ in how many answers each rule judged)
      const direct = await certifyAt(mock.url);
      expect(report.checks.map((c) => [c.id, c.status])).toEqual(direct.report.checks.map((c) => [c.id, c.status]));
    } finally {
      await target.close();
    }
  });

  it('also through a proxy tunnel (HTTP_PROXY)', async () => {
    const target = await startRawTarget(mock, 'together');
    const proxy = await startProxy();
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    try {
      const client = createHttpClient({ connections: 1, timeoutMs: 3000, maxResponseBytes: 1 << 20 });
      const r = await client.send({ method: 'GET', url: `${target.url}/v1/CustomerProfiles`, headers: { authorization: `Basic ${Buffer.from(`${HOSTILE_CREDENTIALS.username}:${HOSTILE_CREDENTIALS.password}`).toString('base64')}` } });
      await client.close();
      expect(proxy.tunnels.length).toBe(1);
      expect(r.ok && r.response.status).toBe(200);
      expect(target.interims).toBe(1);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.close();
      await target.close();
    }
  });

  it('a body that starts like an interim answer is left whole', async () => {
    const body = 'HTTP/1.1 100 Continue\r\n\r\n{"not": "json"}';
    const server = createServer((sock) => {
      sock.setNoDelay(true);
      sock.once('data', async () => {
        sock.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n`);
        await pause();
        sock.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = createHttpClient({ connections: 1, timeoutMs: 3000, maxResponseBytes: 1 << 20 });
      const r = await client.send({ method: 'GET', url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, headers: {} });
      await client.close();
      expect(r.ok && r.response.bodyText).toBe(body);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
