import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../contracts/report.ts';
import { certify, writeReports } from '../../index.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { namesPreexisting, startAccount } from '../helpers/account-server.ts';
import { startCounting } from '../helpers/counting.ts';
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

/** A certification of a faulty mock (in-process, as the library runs it): its report directory. */
async function faultyRun(fault: string, url: string, extra: { headers?: Record<string, string>; only?: string[] } = {}): Promise<string> {
  const dir = tempDir();
  const report = await certify({ target: url, credentials: { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN }, runs: 10, seed: 3, ...extra });
  expect(report.verdict.conformant, fault).toBe(false);
  await writeReports(report, dir, ['json']);
  return dir;
}

describe('replay', () => {
  it('--failed: the same faulty target reproduces every failure (exit 0); a fixed one does not (exit 1)', async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    const fixed = await startMock({ port: 0 });
    try {
      const dir = await faultyRun('policy-pattern-unchecked', faulty.url, { only: ['reject.invalid-4xx'] }); // the account model's failures are sequences replay cannot send alone
      const report = join(dir, 'report.json');
      const same = await runCli(['replay', '--report', report, '--failed', '--target', faulty.url, ...creds], { NO_COLOR: '1' });
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

  it('a failure of a sequence is replayed whole: the create, the DELETE and the read after it, with the new sid; judged again', async () => {
    const faulty = await startMock({ port: 0, fault: 'delete-noop' });
    const fixed = await startMock({ port: 0 });
    try {
      // delete.concurrent fails too, on the race probe's requests, which a replay of case #0 does not send again
      const dir = await faultyRun('delete-noop', faulty.url, { only: ['delete.gone', 'delete.unknown-404'] });
      const failure = readReport(dir).checks.find((c) => c.id === 'delete.gone')!.firstFailure!;
      expect(failure.step?.purpose).toBe('read after the delete');
      expect(failure.sequence!.map((s) => `${s.request.method} ${s.purpose}`)).toEqual(['POST create', 'DELETE delete']);
      const args = ['replay', '--report', join(dir, 'report.json'), '--case', String(failure.index), ...creds];
      const same = await runCli([...args, '--target', faulty.url], { NO_COLOR: '1' });
      expect(crashSigns(same)).toEqual([]);
      expect(same.code, same.stdout + same.stderr).toBe(0);
      expect(same.stdout).toMatch(/delete\.gone: recorded 200, now 200; the check fails again: reproduced/);
      // the three requests sent again, under delete.gone's line
      const lines = same.stdout.split('\n');
      const sent = lines.slice(lines.findIndex((l) => l.includes(' delete.gone: ')) + 2).slice(0, 3);
      expect(sent[0]).toMatch(/^ {4}1\. POST \/v1\/CustomerProfiles → 201 \(create\)$/);
      expect(sent[1]).toMatch(/^ {4}2\. DELETE \/v1\/CustomerProfiles\/BU\w{32} → 204 \(delete\)$/);
      expect(sent[2]).toMatch(/^ {4}3\. GET \/v1\/CustomerProfiles\/BU\w{32} → 200 \(read after the delete\)$/);
      // the new profile's sid, not the recorded one, in every request after the create
      const sids = sent.map((l) => /BU\w{32}/.exec(l)?.[0]);
      expect(sids[1]).toBe(sids[2]);
      expect(sids[1]).not.toBe(failure.sequence![0]!.sid);

      const after = await runCli([...args, '--target', fixed.url], { NO_COLOR: '1' });
      expect(after.code).toBe(1);
      expect(after.stdout).toMatch(/delete\.gone: recorded 200, now 404; the check now PASSES: DIFFERENT/);
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
      const r = await runCli(['replay', '--report', join(dir, 'report.json'), '--case', String(failure.index), '--target', faulty.url, ...creds]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`#${failure.index} auth.required-401: recorded 201, now 201; the check fails again: reproduced`);

      // an older report (no case): the auth mode is read from the curl line, the answer compared by status
      const old = readReport(dir);
      for (const c of old.checks) {
        if (c.firstFailure) delete c.firstFailure.case;
        delete c.classes;
      }
      writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
      const o = await runCli(['replay', '--report', join(dir, 'old.json'), '--case', String(failure.index), ...creds], { TRUSTHUB_TARGET: faulty.url });
      // the same answer, but not judged: never "reproduced" (exit 1, counted apart)
      expect(o.code, o.stdout + o.stderr).toBe(1);
      expect(o.stdout).toContain('recorded 201, now 201; not judged (the report is older than replay');
      expect(o.stdout).toContain('NOT REPRODUCED');
      expect(o.stdout).not.toMatch(/not judged.*: reproduced/);
      expect(o.stdout).toMatch(/1 replayed: 0 reproduced, 0 different, 1 not judged/);

      const none = await runCli(['replay', '--report', join(dir, 'report.json'), '--case', '99999', '--target', faulty.url, ...creds]);
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
      const dir = await faultyRun('policy-pattern-unchecked', gw.url, { headers: { 'x-api-key': 'replay-key-5521' }, only: ['reject.invalid-4xx'] });
      const report = join(dir, 'report.json');
      const creds2 = [...creds, '--target', gw.url];
      const missing = await runCli(['replay', '--report', report, '--failed', ...creds2]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/was sent with the header x-api-key \(redacted in the report\): give -H "x-api-key: …" or set TRUSTHUB_HEADER_X_API_KEY/);
      const refusedBefore = gw.refused;
      const fromEnv = await runCli(['replay', '--report', report, '--failed', ...creds2], { TRUSTHUB_HEADER_X_API_KEY: 'replay-key-5521' });
      expect(fromEnv.code, fromEnv.stdout + fromEnv.stderr).toBe(0);
      expect(gw.refused).toBe(refusedBefore);
      const fromFlag = await runCli(['replay', '--report', report, '--failed', '-H', 'X-Api-Key: replay-key-5521', ...creds2]);
      expect(fromFlag.code).toBe(0);
      expect(fromEnv.stdout + fromFlag.stdout).not.toContain('replay-key-5521');
    } finally {
      await gw.close();
      await faulty.close();
    }
  });

  it.each([
    [['--failed', '--target', 'https://trusthub.twilio.com'], /trusthub\.twilio\.com is Twilio's production API .* add --live/],
    [['--failed'], /replay sends to --target \(or \$TRUSTHUB_TARGET\): a report names what to send, never where the credentials go/],
    [[], /replay needs one of --case N or --failed/],
    [['--failed', '--case', '1'], /replay needs one of --case N or --failed/],
    [['--failed', '--report', 'no/such/report.json'], /--report no\/such\/report.json: no such file/],
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

describe('replay sends to its own --target, only on the operation routes, and cleans up', () => {
  it("an edited report's target.url never receives the credentials: the destination is --target", async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    const elsewhere = await startCounting();
    try {
      const dir = await faultyRun('policy-pattern-unchecked', faulty.url, { only: ['reject.invalid-4xx'] });
      const edited = readReport(dir);
      edited.target.url = elsewhere.url;
      // every example replay may send: each class's, and the first failure (what a report older than classes holds)
      const examples = edited.checks.flatMap((c) => [c.firstFailure, ...(c.classes ?? []).map((k) => k.example)]);
      for (const e of examples) if (e) e.request.url = `${elsewhere.url}/v1/CustomerProfiles`;
      expect(edited.checks.some((c) => c.classes?.some((k) => k.example))).toBe(true);
      const path = join(dir, 'edited.json');
      writeFileSync(path, JSON.stringify(edited));
      // without --target: refused, nothing sent anywhere
      const bare = await runCli(['replay', '--report', path, '--failed', ...creds]);
      expect(bare.code).toBe(2);
      expect(bare.stderr).toMatch(/replay sends to --target/);
      // with --target: every request goes there, none to the host the report names
      const r = await runCli(['replay', '--report', path, '--failed', '--target', faulty.url, ...creds]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`against ${faulty.url}`);
      expect(elsewhere.connections).toBe(0);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await faulty.close();
      await elsewhere.close();
    }
  });

  // the other routes are refused the same way: tests/engine/run/replay.test.ts (routeOf)
  it.each([['GET', '/2010-04-01/Accounts.json']])('a report whose request is %s %s is refused in one line, nothing sent', async (method, path) => {
    const target = await startCounting();
    try {
      const dir = tempDir();
      const failure = {
        message: 'm',
        index: 7,
        category: 'valid',
        caseLabel: 'l',
        request: { method, url: `https://evil.example${path}`, headers: { authorization: 'Basic [redacted]' }, body: '' },
        curl: 'curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"',
        shrunk: false,
      };
      const report = join(dir, 'report.json');
      writeFileSync(report, JSON.stringify({ target: { url: 'https://evil.example', embedded: false }, checks: [{ id: 'create.status-201', firstFailure: failure }] }));
      const r = await runCli(['replay', '--report', report, '--failed', '--target', target.url, ...creds]);
      expect(r.code).toBe(2);
      expect(crashSigns(r)).toEqual([]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/case #7: .* is not a route of the operation \(POST \/v1\/CustomerProfiles, GET \/v1\/CustomerProfiles, GET or DELETE \/v1\/CustomerProfiles\/\{Sid\}\): nothing was sent/);
      expect(target.connections).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('deletes what the replayed creates made, within --max-creates, and says so', async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    try {
      const dir = await faultyRun('policy-pattern-unchecked', faulty.url, { only: ['reject.invalid-4xx'] });
      expect(faulty.profileCount()).toBe(0);
      const r = await runCli(['replay', '--report', join(dir, 'report.json'), '--failed', '--target', faulty.url, ...creds]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(/created (\d+) profiles?; \1 deleted at the end/);
      expect(faulty.profileCount()).toBe(0);

      // the same create three times under a budget of one: one is sent and kept, two are not sent
      const three = readReport(dir);
      const failing = three.checks.find((c) => c.firstFailure)!;
      // the report of an --only run holds that one check: its failure three times over
      three.checks = [0, 1, 2].map(() => ({ ...failing, status: 'fail' as const, failed: 1, classes: [], firstFailure: failing.firstFailure! }));
      writeFileSync(join(dir, 'three.json'), JSON.stringify(three));
      const budget = await runCli(['replay', '--report', join(dir, 'three.json'), '--failed', '--target', faulty.url, '--max-creates', '1', '--keep-created', ...creds]);
      expect(budget.stderr).toMatch(/at most 1 creates; created profiles are kept/);
      expect(budget.stderr).toMatch(/created 1 profile; budget 1/);
      expect(budget.stdout.match(/now not sent; not judged \(not sent: the create budget is spent/g)).toHaveLength(2);
      expect(budget.code).toBe(1);
      expect(faulty.profileCount()).toBe(1);
    } finally {
      await faulty.close();
    }
  });
  it('never deletes a profile listed before the replay, whatever a create names (a deduplicating target)', async () => {
    const faulty = await startMock({ port: 0, fault: 'policy-pattern-unchecked' });
    // every 201 names the first profile the account held before: the profile really stored is another
    const account = await startAccount({ mock: { fault: 'policy-pattern-unchecked' }, preexisting: 2, twist: namesPreexisting });
    try {
      const dir = await faultyRun('policy-pattern-unchecked', faulty.url);
      const r = await runCli(['replay', '--report', join(dir, 'report.json'), '--failed', '--target', account.url, ...creds]);
      expect(crashSigns(r)).toEqual([]);
      expect(account.created()).toBeGreaterThan(0);
      // before: the sid a create named was DELETEd, though it was listed before the replay
      for (const sid of account.preexisting) expect(account.deletes.get(sid) ?? 0).toBe(0);
      expect(account.mock.profileCount()).toBe(2);
      expect(r.stderr).toMatch(/named a profile listed before the run \(not the run's: left alone\)/);
    } finally {
      await account.close();
      await faulty.close();
    }
  });
});
