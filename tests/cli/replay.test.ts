import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { startGateway } from '../helpers/gateway.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-replay-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const creds = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

/** A run of the CLI against a faulty mock: its report directory. */
async function faultyRun(fault: string, url: string, extra: string[] = []): Promise<string> {
  const dir = tempDir();
  const r = await runCli(['run', '--target', url, ...creds, '--runs', '10', '--seed', '3', '--format', 'json', '--report-dir', dir, '--no-progress', ...extra]);
  expect(r.code, `${fault}: ${r.stderr}`).toBe(1);
  return dir;
}

describe('replay', () => {
  it('--failed: the same faulty target reproduces every failure (exit 0); a fixed one does not (exit 1)', async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    const fixed = await startMock({ port: 0 });
    try {
      const dir = await faultyRun('policy-pattern-unchecked', faulty.url);
      const report = join(dir, 'report.json');
      const same = await runCli(['replay', '--report', report, '--failed', ...creds], { NO_COLOR: '1' });
      expect(crashSigns(same)).toEqual([]);
      expect(same.code, same.stdout + same.stderr).toBe(0);
      expect(same.stdout).toMatch(/^#\d+ reject\.invalid-4xx( \(shrunk\))?: recorded 201, now 201; the check fails again: reproduced$/m);
      expect(same.stdout).toMatch(/replayed: (\d+) reproduced, 0 different/);

      const after = await runCli(['replay', '--report', report, '--failed', '--target', fixed.url, ...creds]);
      expect(after.code).toBe(1);
      expect(after.stdout).toMatch(/#\d+ reject\.invalid-4xx( \(shrunk\))?: recorded 201, now 400; the check now PASSES: DIFFERENT/);
      // a short body diff: the recorded resource against the error envelope now
      expect(after.stdout).toMatch(/body: .*status: "draft" → 400; code: absent → 60200; message: absent → "Invalid parameter: PolicySid"/);
      expect(after.stdout + after.stderr).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await faulty.close();
      await fixed.close();
    }
  });

  it('--case N replays that case, with its auth mode (a request without credentials is sent without them)', async () => {
    const faulty = await startMock({ port: 0, fault: 'auth-bypass' });
    try {
      const dir = await faultyRun('auth-bypass', faulty.url);
      const failure = readReport(dir).checks.find((c) => c.id === 'auth.required-401')!.firstFailure!;
      expect(failure.case?.auth).toBe('none');
      const r = await runCli(['replay', '--report', join(dir, 'report.json'), '--case', String(failure.index), ...creds]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`#${failure.index} auth.required-401: recorded 201, now 201; the check fails again: reproduced`);

      // an older report (no case): the auth mode is read from the curl line, the answer compared by status
      const old = readReport(dir);
      for (const c of old.checks) {
        if (c.firstFailure) delete c.firstFailure.case;
        delete c.classes;
      }
      writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
      const o = await runCli(['replay', '--report', join(dir, 'old.json'), '--case', String(failure.index), ...creds]);
      expect(o.code, o.stdout + o.stderr).toBe(0);
      expect(o.stdout).toContain('recorded 201, now 201; not judged (the report is older than replay');

      const none = await runCli(['replay', '--report', join(dir, 'report.json'), '--case', '99999', ...creds]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/holds no counterexample for case #99999; it holds cases #\d+/);
    } finally {
      await faulty.close();
    }
  });

  it('rebuilds a header the run sent (redacted in the report) from -H or TRUSTHUB_HEADER_<NAME>', async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    const gw = await startGateway(faulty.url, 'x-api-key', 'replay-key-5521');
    try {
      const dir = await faultyRun('policy-pattern-unchecked', gw.url, ['-H', 'x-api-key: replay-key-5521', '--only', 'reject.invalid-4xx']);
      const report = join(dir, 'report.json');
      const missing = await runCli(['replay', '--report', report, '--failed', ...creds]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/was sent with the header x-api-key \(redacted in the report\): give -H "x-api-key: …" or set TRUSTHUB_HEADER_X_API_KEY/);
      const refusedBefore = gw.refused;
      const fromEnv = await runCli(['replay', '--report', report, '--failed', ...creds], { TRUSTHUB_HEADER_X_API_KEY: 'replay-key-5521' });
      expect(fromEnv.code, fromEnv.stdout + fromEnv.stderr).toBe(0);
      expect(gw.refused).toBe(refusedBefore);
      const fromFlag = await runCli(['replay', '--report', report, '--failed', '-H', 'X-Api-Key: replay-key-5521', ...creds]);
      expect(fromFlag.code).toBe(0);
      expect(fromEnv.stdout + fromFlag.stdout).not.toContain('replay-key-5521');
    } finally {
      await gw.close();
      await faulty.close();
    }
  });

  it.each([
    [['--failed', '--target', 'https://trusthub.twilio.com'], /trusthub\.twilio\.com is Twilio's production API .* add --live/],
    [[], /replay needs one of --case N or --failed/],
    [['--failed', '--case', '1'], /replay needs one of --case N or --failed/],
    [['--failed', '--report', 'no/such/report.json'], /--report: cannot read no\/such\/report.json \(ENOENT\)/],
  ])('refuses %j in one line before anything is sent (exit 2)', async (args, message) => {
    const dir = tempDir();
    const report = join(dir, 'report.json');
    writeFileSync(report, JSON.stringify({ target: { url: 'http://127.0.0.1:9', embedded: false }, checks: [] }));
    const r = await runCli(['replay', '--report', report, ...creds, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
