/**
 * The health monitor: a target that never answers, or a route that stopped answering, ends the
 * run instead of holding it hostage; the cases it did not send are counted in the report.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../contracts/report.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { HealthMonitor } from '../../../engine/transport/health.ts';
import type { HttpRequest, HttpResult } from '../../../engine/transport/http.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { startMock } from '../../../mock/index.ts';
import { freePort, HOSTILE_CLI_CREDENTIALS, HOSTILE_CREDENTIALS } from '../../helpers/hostile-server.ts';
import { runCli } from '../../helpers/spawn-cli.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const post: HttpRequest = { method: 'POST', url: 'http://t/v1/CustomerProfiles', headers: {} };
const get: HttpRequest = { method: 'GET', url: 'http://t/v1/CustomerProfiles?PageSize=1000', headers: {} };
const timeout: HttpResult = { ok: false, error: { code: 'UND_ERR_HEADERS_TIMEOUT', message: 'no answer within the timeout (headers)' } } as HttpResult;
const refused: HttpResult = { ok: false, error: { code: 'ECONNREFUSED', message: 'connection refused' } } as HttpResult;
const answer = (status: number): HttpResult => ({ ok: true, response: { status, statusText: '', headers: {}, bodyText: '{}' } }) as unknown as HttpResult;

describe('HealthMonitor', () => {
  const monitor = () => new HealthMonitor({ concurrency: 8, timeoutMs: 1000, retries: 0 });

  it('a target that never answered: unreachable after two timeouts in a row, on any routes', () => {
    const h = monitor();
    h.note(get, timeout, 'http://t');
    expect(h.stopReason).toBeUndefined();
    h.note(post, timeout, 'http://t');
    expect(h.stopReason).toMatch(/^target unreachable: no answer from http:\/\/t: no answer within the timeout/);
  });

  it('refused connections: unreachable after max(10, 2 x concurrency) of them', () => {
    const h = monitor();
    for (let i = 0; i < 15; i++) h.note(post, refused, 'http://t');
    expect(h.stopReason).toBeUndefined();
    h.note(post, refused, 'http://t');
    expect(h.unreachable).toMatch(/connection refused/);
  });

  it('a route that stopped answering while others answer: stops after three timeouts in a row on it', () => {
    const h = monitor();
    h.note(get, answer(200), 'http://t');
    h.note(post, timeout, 'http://t');
    h.note(get, answer(200), 'http://t');
    h.note(post, timeout, 'http://t');
    expect(h.stopReason).toBeUndefined();
    h.note(post, timeout, 'http://t');
    expect(h.stopReason).toBe('POST /v1/CustomerProfiles stopped answering: 3 requests in a row got no answer within 1000 ms');
    expect(h.unreachable).toBeUndefined();
  });

  it('an answer on the route starts the count again', () => {
    const h = monitor();
    h.note(get, answer(200), 'http://t');
    h.note(post, timeout, 'http://t');
    h.note(post, timeout, 'http://t');
    h.note(post, answer(201), 'http://t');
    h.note(post, timeout, 'http://t');
    h.note(post, timeout, 'http://t');
    expect(h.stopReason).toBeUndefined();
  });

  it('a run that ends with no answer at all is unreachable, however few requests it sent', () => {
    const h = monitor();
    h.note(post, refused, 'http://t');
    h.finish('http://t');
    expect(h.unreachable).toBe('no answer from http://t: connection refused');
  });
});

/** A server that answers GETs as an empty list, the first POST with a refusal, and never another POST. */
async function hangingCreates(): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      if (posts++ === 0) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":20001,"message":"Missing","more_info":"x","status":400}');
      }
      return; // the others are never answered
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"meta":{}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    posts: () => posts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('a run against a hanging route', () => {
  it('a create route that never answers ends the run after three timeouts; the rest is counted as not sent', async () => {
    const s = await hangingCreates();
    try {
      const result = await runSuite({ targetUrl: s.url, credentials: HOSTILE_CREDENTIALS, seed: 3, runs: 50, concurrency: 4, timeoutMs: 300, checks: CHECKS });
      expect(result.incomplete).toMatch(/^POST \/v1\/CustomerProfiles stopped answering: 3 requests in a row/);
      expect(result.unreachable).toBeUndefined();
      expect(result.notSent).toBeGreaterThan(200);
      // the fixed phase sends one at a time: the answered one, three that timed out, then nothing more
      expect(s.posts()).toBe(4);
    } finally {
      await s.close();
    }
  });

  it('the clean mock never trips the monitor', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const result = await runSuite({ targetUrl: mock.url, credentials: HOSTILE_CREDENTIALS, seed: 3, runs: 20, concurrency: 4, timeoutMs: 5000, checks: CHECKS });
      expect(result.incomplete).toBeUndefined();
      expect(result.notSent).toBe(0);
    } finally {
      await mock.close();
    }
  });
});

describe('an unreachable target through the CLI', () => {
  it('--runs 1 against a closed port: one line, exit 3, report.json kept, no verdict table and no badge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thc-health-'));
    dirs.push(dir);
    const r = await runCli(['run', '--target', `http://127.0.0.1:${await freePort()}`, ...HOSTILE_CLI_CREDENTIALS, '--runs', '1', '--report-dir', dir, '--no-progress']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/CONFORMANT/);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('trusthub-conformance:'))).toEqual([
      expect.stringMatching(/^trusthub-conformance: no answer from http:\/\/127\.0\.0\.1:\d+: connection refused .*\(nothing was judged; what was gathered is in .*report\.json\)$/),
    ]);
    expect(existsSync(join(dir, 'badge.svg'))).toBe(false);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.incomplete?.reason).toMatch(/unreachable/);
  });
});
