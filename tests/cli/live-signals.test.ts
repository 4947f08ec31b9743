/**
 * Interrupted runs lose nothing: SIGINT or SIGTERM mid-run stops sending, lets the requests in
 * flight finish, deletes what the run created, writes the partial report marked incomplete and
 * exits 130 / 143. The CLI runs in a child process against a slow target started here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
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
