/**
 * Interrupted runs lose nothing: SIGHUP, SIGINT or SIGTERM mid-run stops sending, lets the
 * requests in flight finish, deletes what the run created, writes the partial report marked
 * incomplete and exits 129 / 130 / 143. The CLI runs in a child process against a slow target started here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { certify, writeReports } from '../../index.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type MockServer, startMock } from '../../mock/index.ts';
import { HOSTILE_CLI_CREDENTIALS, startHostile } from '../helpers/hostile-server.ts';
import { crashSigns, spawnCli } from '../helpers/spawn-cli.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  // a closed terminal or a CI runner's hang-up: handled like SIGTERM
  ['SIGHUP', 129],
] as const)('%s mid-run', (signal, exitCode) => {
  it(`stops sending, cleans up, writes the partial report and exits ${exitCode}`, async () => {
    const h = await startHostile('slow', { delayMs: 250 });
    const dir = mkdtempSync(join(tmpdir(), 'thc-signal-'));
    dirs.push(dir);
    try {
      const concurrency = 4;
      const cli = spawnCli([
        'run',
        '--target',
        h.url,
        ...HOSTILE_CLI_CREDENTIALS,
        '--runs',
        '60',
        '--seed',
        '3',
        '--concurrency',
        String(concurrency),
        '--report-dir',
        dir,
        '--format',
        'json',
        '--no-progress',
      ]);
      // well into the concurrent phase, with requests in flight
      await until(() => h.posts >= 20);
      const postsAtSignal = h.posts;
      cli.kill(signal);
      const r = await cli.done;
      expect(r.code, r.stderr).toBe(exitCode);
      expect(crashSigns(r)).toEqual([]);
      expect(r.stderr).toContain(`${signal}: sending stops`);
      // at most the requests already on their way when the signal landed
      expect(h.posts - postsAtSignal).toBeLessThanOrEqual(concurrency);

      expect(existsSync(join(dir, 'report.json'))).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.incomplete?.reason).toBe(`interrupted (${signal})`);
      expect(report.verdict.conformant).toBe(false);
      expect(report.exchanges.total).toBeGreaterThanOrEqual(postsAtSignal - concurrency - 8);
      expect(report.exchanges.total).toBeLessThan(9 + 5 * 60);
      // everything the run created is gone, and the report says so
      expect(h.mock.profileCount()).toBe(0);
      expect(report.live?.creates).toBe(h.created);
      expect(report.live?.cleanup?.failed).toEqual([]);
      // every create accounted for: the follow-ups' deletes (none when interrupted before them) and the cleanup's
      expect(report.live!.cleanup!.deleted + (report.live!.deletedByChecks ?? 0)).toBe(h.created);
    } finally {
      await h.close();
    }
  });
});

describe('a second signal', () => {
  it('exits at once', async () => {
    const h = await startHostile('slow', { delayMs: 2000 });
    const dir = mkdtempSync(join(tmpdir(), 'thc-signal-'));
    dirs.push(dir);
    try {
      const cli = spawnCli(['run', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '5', '--report-dir', dir, '--no-progress']);
      await until(() => h.posts >= 1);
      cli.kill('SIGINT');
      await until(() => cli.stderr().includes('SIGINT: sending stops'));
      cli.kill('SIGINT');
      const r = await cli.done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('SIGINT again: exiting now');
    } finally {
      await h.close();
    }
  });
});

/**
 * A target in front of the reference mock that knows which profiles exist on it: POST answers a
 * little late (the run lasts), and once `holdDeletes` is set every DELETE is held, unanswered and
 * not passed on (the cleanup hangs, as on a slow real account).
 */
async function startHoldingTarget(mock: MockServer): Promise<{
  url: string;
  onTarget: Set<string>;
  heldDeletes: number;
  holdDeletes: boolean;
  close(): Promise<void>;
}> {
  const state = { url: '', onTarget: new Set<string>(), heldDeletes: 0, holdDeletes: false, close: async () => undefined };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'DELETE' && state.holdDeletes) {
      state.heldDeletes++;
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
    const answer = await fetch(`${mock.url}${req.url}`, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const text = await answer.text();
    if (req.method === 'POST' && answer.status === 201) state.onTarget.add((JSON.parse(text) as { sid: string }).sid);
    if (req.method === 'DELETE' && answer.status === 204) state.onTarget.delete(req.url!.slice(req.url!.lastIndexOf('/') + 1));
    if (req.method === 'POST') await new Promise((resolve) => setTimeout(resolve, 30));
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

describe('a second signal during the cleanup', () => {
  it('names the profiles it leaves behind, on stderr and in left-behind.txt, then exits 130', async () => {
    const mock = await startMock({ port: 0 });
    const t = await startHoldingTarget(mock);
    const dir = mkdtempSync(join(tmpdir(), 'thc-signal-'));
    dirs.push(dir);
    try {
      const cli = spawnCli(['run', '--target', t.url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '60', '--seed', '5', '--concurrency', '2', '--report-dir', dir, '--no-progress']);
      await until(() => t.onTarget.size >= 6);
      t.holdDeletes = true;
      cli.kill('SIGINT');
      // the cleanup (or a follow-up) has started deleting: every create in flight has its answer
      await until(() => t.heldDeletes >= 1 && cli.stderr().includes('SIGINT: sending stops'));
      cli.kill('SIGINT');
      const r = await cli.done;
      expect(r.code, r.stderr).toBe(130);
      expect(crashSigns(r)).toEqual([]);
      const left = [...t.onTarget].sort();
      expect(left.length).toBeGreaterThanOrEqual(4);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('SIGINT again'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${left.length} profiles left on ${t.url}`);
      for (const sid of left) expect(lines[0]).toContain(sid);
      expect(lines[0]).toContain(join(dir, 'left-behind.txt'));
      const listed = readFileSync(join(dir, 'left-behind.txt'), 'utf8').trim().split('\n').sort();
      expect(listed).toEqual(left);
    } finally {
      await t.close();
      await mock.close();
    }
  });
});

/** Wait for a second signal's line, then check it and the file it names list exactly what is left on the target. */
function expectLeftBehind(stderr: string, target: { url: string; onTarget: Set<string> }, file: string): void {
  const left = [...target.onTarget].sort();
  expect(left.length).toBeGreaterThanOrEqual(1);
  const line = stderr.split('\n').find((l) => l.startsWith('SIGINT again'))!;
  expect(line).toContain(`${left.length} profile${left.length === 1 ? '' : 's'} left on ${target.url}`);
  expect(line).toContain(file);
  expect(readFileSync(file, 'utf8').trim().split('\n').sort()).toEqual(left);
}

describe("a second signal during replay's and diff's cleanup (issue 20: they clean up as run does)", () => {
  it('replay lists what its creates left in left-behind.txt beside the report, then exits 130', async () => {
    const mock = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    const t = await startHoldingTarget(mock);
    const dir = mkdtempSync(join(tmpdir(), 'thc-signal-'));
    dirs.push(dir);
    try {
      const report = await certify({ target: mock.url, credentials: { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN }, runs: 10, seed: 3 });
      await writeReports(report, dir, ['json']);
      // every replayed create is made; the cleanup's DELETEs hang
      t.holdDeletes = true;
      const cli = spawnCli(['replay', '--report', join(dir, 'report.json'), '--failed', '--target', t.url, ...HOSTILE_CLI_CREDENTIALS]);
      await until(() => t.heldDeletes >= 1);
      cli.kill('SIGINT');
      await until(() => cli.stderr().includes('SIGINT: sending stops'));
      cli.kill('SIGINT');
      const r = await cli.done;
      expect(r.code, r.stderr).toBe(130);
      expect(crashSigns(r)).toEqual([]);
      expectLeftBehind(r.stderr, t, join(dir, 'left-behind.txt'));
    } finally {
      await t.close();
      await mock.close();
    }
  });

  it('diff lists what it left on each side: left-behind.txt (target) and left-behind-reference.txt (URL reference)', async () => {
    const mocks = [await startMock({ port: 0 }), await startMock({ port: 0 })];
    const [target, reference] = [await startHoldingTarget(mocks[0]!), await startHoldingTarget(mocks[1]!)];
    const dir = mkdtempSync(join(tmpdir(), 'thc-signal-'));
    dirs.push(dir);
    try {
      const cli = spawnCli(['diff', '--target', target.url, '--reference', reference.url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '60', '--seed', '5', '--concurrency', '2', '--report-dir', dir, '--no-progress']);
      await until(() => target.onTarget.size >= 4 && reference.onTarget.size >= 4);
      target.holdDeletes = true;
      reference.holdDeletes = true;
      cli.kill('SIGINT');
      await until(() => target.heldDeletes >= 1 && reference.heldDeletes >= 1 && cli.stderr().includes('SIGINT: sending stops'));
      cli.kill('SIGINT');
      const r = await cli.done;
      expect(r.code, r.stderr).toBe(130);
      expect(crashSigns(r)).toEqual([]);
      expectLeftBehind(r.stderr, target, join(dir, 'left-behind.txt'));
      expectLeftBehind(r.stderr, reference, join(dir, 'left-behind-reference.txt'));
    } finally {
      await target.close();
      await reference.close();
      for (const m of mocks) await m.close();
    }
  });
});
