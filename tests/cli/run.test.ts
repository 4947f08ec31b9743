import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import type { Report } from '../../contracts/report.ts';
import { policyHint } from '../../cli/run-action.ts';
import { freePort, HOSTILE_CLI_FULL } from '../helpers/hostile-server.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env);

// the mock's Auth Token with what level 3 needs beside it: its API key and its second account
const creds = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN, ...HOSTILE_CLI_FULL.slice(4)];

describe('trusthub-conformance run', () => {
  it('certifies the embedded mock at level 3, exit 0, with a versioned report.json', async () => {
    const dir = tempDir();
    const r = await cli(['run', '--runs', '10', '--seed', '7', '--report-dir', dir, '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CONFORMANT: level 3 achieved');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'trusthub-conformance' },
      seed: 7,
      runs: 10,
      verdict: { conformant: true, levelAchieved: 3, requiredLevel: 3 },
      target: { embedded: true },
    });
    expect(report.checks.every((c) => ['pass', 'fail', 'skip'].includes(c.status))).toBe(true);
    expect(report.exchanges.total).toBeGreaterThan(50);
    expect(report.latencyMs.p50).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain(DEFAULT_AUTH_TOKEN);
  });

  it('is deterministic for a seed: the same plan gives the same counts', async () => {
    const a = tempDir();
    const b = tempDir();
    await cli(['run', '--runs', '5', '--seed', '99', '--report-dir', a, '--no-progress', '--format', 'json']);
    await cli(['run', '--runs', '5', '--seed', '99', '--report-dir', b, '--no-progress', '--format', 'json']);
    const counts = (d: string) =>
      (JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as Report).checks.map((c) => [c.id, c.passed, c.failed, c.skipped]);
    expect(counts(a)).toEqual(counts(b));
  });

  it('exits 1 against a faulty target and names the failing check with a replay curl', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const dir = tempDir();
      const r = await cli(['run', '--target', mock.url, ...creds, '--runs', '5', '--seed', '1', '--report-dir', dir, '--no-progress']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/FAIL\s+L3 MUST\s+missing\.code-20001/);
      expect(r.stdout).toContain('replay: curl');
      expect(r.stdout).toContain('NOT CONFORMANT: level 2 achieved');
      expect(r.stdout).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await mock.close();
    }
  });

  it('under GitHub Actions, each failure is also an ::error or ::warning workflow command', async () => {
    // before: no annotation at all; a CI run's failures were only in the log
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const args = ['run', '--target', mock.url, ...creds, '--runs', '3', '--seed', '1', '--report-dir', tempDir(), '--no-progress', '--format', 'json'];
      const r = await cli(args, { GITHUB_ACTIONS: 'true' });
      expect(r.code, r.stderr).toBe(1);
      const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
      const report = JSON.parse(readFileSync(join(args[args.indexOf('--report-dir') + 1]!, 'report.json'), 'utf8')) as Report;
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      expect(failed).toContain('missing.code-20001');
      // one annotation per class of failure a check keeps an example of (every class shows at once), checks in report order
      const titles = commands.map((l) => /^::error title=([^:]+)::/.exec(l)?.[1]);
      expect([...new Set(titles)]).toEqual(failed);
      for (const c of report.checks.filter((k) => k.status === 'fail')) {
        expect(titles.filter((t) => t === c.id), c.id).toHaveLength(Math.max(1, (c.classes ?? []).filter((k) => k.example).length));
      }
      expect(titles.filter((t) => t === 'missing.code-20001').length).toBeGreaterThan(1);
      expect(commands.find((l) => l.includes('title=missing.code-20001'))).toMatch(/::.*replay: curl .* · explain: trusthub-conformance explain missing\.code-20001$/);
      expect(commands[0]).not.toContain(DEFAULT_AUTH_TOKEN);
      const plain = await cli(args);
      expect(plain.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('-x/--max-failures 1 stops after the first failing check: exit 1, the report says it stopped early', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const dir = tempDir();
      const r = await cli(['run', '--target', mock.url, ...creds, '--runs', '20', '--seed', '1', '-x', '1', '--concurrency', '1', '--report-dir', dir, '--no-progress']);
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.incomplete?.reason).toBe('stopped after 1 failing check (--max-failures)');
      expect(r.stdout).toContain('INCOMPLETE: stopped after 1 failing check (--max-failures)');
      // the checks failed where the run stopped, and no other: the first lifecycle's probe of the account's other pair sends its
      // refusals one after the other (without FriendlyName, as JSON), and each fails its own rule under this fault
      const failing = report.checks.filter((c) => c.status === 'fail');
      expect(failing.map((c) => c.id)).toContain('missing.code-20001');
      expect(failing.map((c) => c.id).filter((id) => !['missing.code-20001', 'json-body.as-missing'].includes(id))).toEqual([]);
      expect(new Set(failing.map((c) => c.firstFailure?.index)).size).toBe(1);
      // 20 runs per category plan well over 100 cases: most were never sent
      expect(report.exchanges.total).toBeLessThan(40);
      const bad = await cli(['run', '-x', '0', '--report-dir', tempDir()]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--max-failures must be a whole number, at least 1');
    } finally {
      await mock.close();
    }
  });

  it('a target that only knows its own policies: a hint without --policy-sid, level 3 with it', async () => {
    const known = 'RN00000000000000000000000000000abc';
    const mock = await startMock({ port: 0, knownPolicies: [known] });
    try {
      const without = await cli(['run', '--target', mock.url, ...creds, '--runs', '5', '--report-dir', tempDir(), '--no-progress']);
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('hint: every valid create was refused with a 4xx');
      const withSid = await cli([
        'run', '--target', mock.url, ...creds, '--runs', '5', '--policy-sid', known, '--report-dir', tempDir(), '--no-progress',
      ]);
      expect(withSid.code, withSid.stdout).toBe(0);
      expect(withSid.stderr).not.toContain('hint:');
    } finally {
      await mock.close();
    }
  });

  it('wrong credentials: exit 2 with one line naming where they came from, before the plan, no policy hint', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const dir = tempDir();
      const wrong = 'wrong-token-a81c0de3f5';
      const r = await cli(['run', '--target', mock.url, '--account-sid', DEFAULT_ACCOUNT_SID, '--runs', '5', '--report-dir', dir, '--no-progress'], { TWILIO_AUTH_TOKEN: wrong });
      expect(r.code).toBe(2);
      expect(crashSigns(r)).toEqual([]);
      expect(r.stderr.trim().split('\n')).toEqual([
        `trusthub-conformance: ${mock.url} refused the credentials: GET /v1/CustomerProfiles?PageSize=1 answered 401 (credentials from --account-sid and TWILIO_AUTH_TOKEN; values not shown); nothing else was sent`,
      ]);
      expect(r.stderr + r.stdout).not.toContain(wrong);
      expect(mock.profileCount()).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('--wait-for-target: a target that never answers is one line and exit 3', async () => {
    const port = await freePort();
    const r = await cli(['run', '--target', `http://127.0.0.1:${port}`, ...creds, '--wait-for-target', '1', '--report-dir', tempDir(), '--no-progress']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`trusthub-conformance: http://127.0.0.1:${port} did not answer within 1 s of waiting (last: ECONNREFUSED); nothing was sent`);
  });

  it('the --policy-sid hint is only for a 4xx that is not about credentials (401) or throttling (429)', () => {
    const report = (status: number) =>
      ({ checks: [{ id: 'create.status-201', passed: 0, failed: 3, firstFailure: { response: { status } } }] }) as unknown as Report;
    expect(policyHint(report(400), false, undefined)).toMatch(/pass --policy-sid/);
    expect(policyHint(report(401), false, undefined)).toBeUndefined();
    expect(policyHint(report(429), false, undefined)).toBeUndefined();
    expect(policyHint(report(500), false, undefined)).toBeUndefined();
    expect(policyHint(report(400), true, undefined)).toBeUndefined();
  });

  it('--require-level 2 accepts a target that only fails level 3', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-url' });
    try {
      const r = await cli(['run', '--target', mock.url, ...creds, '--runs', '5', '--require-level', '2', '--report-dir', tempDir(), '--no-progress']);
      expect(r.code, r.stdout).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('exits 3 when the target is unreachable, and still writes the report', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dir = tempDir();
    const r = await cli(['run', '--target', `http://127.0.0.1:${port}`, ...creds, '--runs', '5', '--report-dir', dir, '--no-progress']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no answer from .*connection refused/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.incomplete?.reason).toMatch(/unreachable/);
    expect(report.verdict.conformant).toBe(false);
  });

  it.each([
    [['run', '--runs', 'abc'], /--runs takes a whole number/],
    [['run', '--only', 'no.such-check'], /--only: no check or level named "no.such-check"/],
    [['run', '--require-level', '4'], /--require-level takes 1, 2 or 3/],
    [['run', '--target', 'ftp://x'], /--target must be an http or https URL/],
    [['run', '--target', 'http://127.0.0.1:9'], /credentials are needed for --target/],
    [['run', '--account-sid', 'nope', '--auth-token', 'x', '--target', 'http://127.0.0.1:9'], /Account SID must be AC/],
    [['run', '--format', 'pdf'], /unknown report format "pdf"/],
    [['run', '--policy-sid', 'RN123'], /--policy-sid must be RN followed by 32 hex digits/],
    [['run', '--bogus'], /unknown option '--bogus'/],
  ])('bad input %j gives one clear line and exit 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks prints the catalog', async () => {
    const r = await cli(['checks']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/L3\s+MUST\s+echo\.fields/);
  });
});
