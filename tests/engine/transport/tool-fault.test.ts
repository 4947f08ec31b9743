/**
 * The tool's own machine failing under a request — here out of file descriptors, the CLI run under
 * `ulimit -n 60` with 200 requests in flight — is the tool's error (CT_ERR_RESOURCE, exit 71), never
 * judged as the target's; the run stops there and what was gathered is kept. Before: every EMFILE
 * was judged as "no answer" of the target (create.status-201, reject.invalid-4xx failed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../contracts/report.ts';
import { startAccount } from '../../helpers/account-server.ts';
import { HOSTILE_CLI_CREDENTIALS } from '../../helpers/hostile-server.ts';
import { cliEnv, NODE, spawnProcess } from '../../helpers/spawn-cli.ts';

describe('the tool out of file descriptors', () => {
  it('stops the run with CT_ERR_RESOURCE, judges nothing of it as the target\'s, and writes the report', async () => {
    const account = await startAccount();
    const dir = mkdtempSync(join(tmpdir(), 'thc-tool-fault-'));
    try {
      const cli = ['cli/main.ts', 'run', '--target', account.url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '30', '--seed', '1', '--concurrency', '200'];
      const command = `ulimit -n 60 && exec "${NODE}" ${cli.join(' ')} --report-dir "${dir}" --format json --no-progress`;
      const r = await spawnProcess('bash', ['-c', command], { env: cliEnv() }).done;
      expect(r.code, r.stderr).toBe(71);
      expect(r.stderr).toMatch(/trusthub-conformance: the tool's own machine failed under a request \(.*EMFILE.*\): the run stopped; not the target's fault/);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.exchanges.total).toBeGreaterThan(0);
      expect(report.verdict.levelAchieved).toBe(0);
      expect(JSON.stringify(report.checks)).not.toMatch(/EMFILE|too many open files/i);
      // what the run created before it stopped is deleted all the same
      expect(account.left()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await account.close();
    }
  });
});
