/**
 * Safety on live accounts: the production guard (nothing sent), --dry-run (nothing sent), the
 * create budget (never exceeded, even with concurrency and shrinking), and the cleanup (every
 * created profile deleted, also after a failure; the ones it could not delete listed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Check } from '../../contracts/check.ts';
import { DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import type { Report } from '../../contracts/report.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { deleteAll } from '../../engine/run/cleanup.ts';
import { guardProduction, isLoopback, isTwilioProduction } from '../../engine/options/guard.ts';
import { liveLine, ownProfiles } from '../../engine/run/live.ts';
import { planSize } from '../../engine/plan/plan.ts';
import { type RunOptions, runSuite } from '../../engine/run/run.ts';
import { HOSTILE_CLI_CREDENTIALS, HOSTILE_CLI_FULL, HOSTILE_CREDENTIALS, startHostile } from '../helpers/hostile-server.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-live-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const baseRun = (url: string, run: Partial<RunOptions> = {}): RunOptions => ({
  targetUrl: url,
  credentials: HOSTILE_CREDENTIALS,
  seed: 21,
  runs: 20,
  concurrency: 8,
  timeoutMs: 5000,
  checks: CHECKS,
  ...run,
});

/** A proxy that accepts connections, counts them and forwards nothing: any attempt to reach the network shows up here. */
async function blackHole(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(502).end();
  });
  server.on('connect', (_req, socket) => {
    hits++;
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Twilio production needs --live', () => {
  it.each([
    ['https://trusthub.twilio.com', true],
    ['http://trusthub.twilio.com', true],
    ['https://trusthub.twilio.com:8443/', true],
    ['https://TRUSTHUB.Twilio.COM', true],
    ['https://trusthub.twilio.com.', true],
    ['https://trusthub.dublin.ie1.twilio.com', true],
    ['https://twilio.com', true],
    ['https://trusthub.twilio.com.example.com', false],
    ['https://nottwilio.com', false],
    ['http://127.0.0.1:4010', false],
  ])('%s is production: %s', (url, production) => {
    expect(isTwilioProduction(url)).toBe(production);
  });

  it('refuses the production host without --live in one line, exit 2, and sends nothing', async () => {
    const hole = await blackHole();
    try {
      const env = { HTTPS_PROXY: hole.url, HTTP_PROXY: hole.url };
      for (const target of ['https://trusthub.twilio.com', 'http://TrustHub.twilio.com:8080/', 'https://trusthub.twilio.com.']) {
        const r = await runCli(['run', '--target', target, ...HOSTILE_CLI_CREDENTIALS, '--runs', '1', '--report-dir', tempDir()], env);
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/Twilio's production API.*creates real Customer Profiles.*add --live/);
        expect(r.stdout).toBe('');
      }
      // with --live, a dry run shows the plan and still sends nothing
      const r = await runCli(['run', '--target', 'https://trusthub.twilio.com', '--live', '--dry-run', '--runs', '1', ...HOSTILE_CLI_CREDENTIALS], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('curl -sS -i -X POST https://trusthub.twilio.com/v1/CustomerProfiles');
      expect(hole.hits()).toBe(0);
    } finally {
      await hole.close();
    }
  });

  it('diff goes through the same guard: a production target or URL reference is refused, nothing sent to either side', async () => {
    const hole = await blackHole();
    const local = await startHostile('faithful');
    try {
      const env = { HTTPS_PROXY: hole.url, HTTP_PROXY: hole.url };
      const sides = [
        ['--target', 'https://trusthub.twilio.com', '--reference', local.url],
        ['--target', local.url, '--reference', 'https://TrustHub.twilio.com./'],
        ['--reference', 'https://trusthub.dublin.ie1.twilio.com'],
      ];
      for (const side of sides) {
        const r = await runCli(['diff', ...side, ...HOSTILE_CLI_CREDENTIALS, '--runs', '1', '--report-dir', tempDir()], env);
        expect(r.code, r.stderr).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^trusthub-conformance: \S+ is Twilio's production API and a diff creates real Customer Profiles.*run --live --record/);
        expect(r.stdout).toBe('');
      }
      expect(hole.hits()).toBe(0);
      expect(local.requests).toBe(0);
    } finally {
      await local.close();
      await hole.close();
    }
  });

  it('guardProduction: one function for every sending command, on URLs only', () => {
    expect(() => guardProduction([undefined, 'http://127.0.0.1:4010', 'not a url'], false)).not.toThrow();
    expect(() => guardProduction(['http://127.0.0.1:4010', 'https://trusthub.twilio.com'], false)).toThrow(/add --live/);
    expect(() => guardProduction(['https://trusthub.twilio.com'], true)).not.toThrow();
    expect(() => guardProduction(['https://trusthub.twilio.com'], false, { what: 'a replay', instead: 'say so' })).toThrow(
      /trusthub.twilio.com is Twilio's production API and a replay creates real Customer Profiles on the account: say so$/,
    );
  });

  it('refuses a Pact verification under a create budget, and --live without a target', async () => {
    const a = await runCli(['run', '--target', 'http://127.0.0.1:9', ...HOSTILE_CLI_CREDENTIALS, '--max-creates', '3', '--pact']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/Pact verification cannot run under a create budget/);
    const b = await runCli(['run', '--live']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--live needs --target/);
  });
});

describe('isLoopback', () => {
  it('knows 127.0.0.0/8, ::1 and localhost, nothing else', () => {
    for (const u of ['http://127.0.0.1:4010', 'http://127.9.8.7', 'http://[::1]:1', 'http://localhost:3000', 'http://LOCALHOST.', 'http://api.localhost']) expect(isLoopback(u), u).toBe(true);
    for (const u of ['http://10.0.0.1', 'https://trusthub.twilio.com', 'http://127.0.0.1.example.com', 'http://[::2]', 'not a url', undefined]) expect(isLoopback(u), u).toBe(false);
  });
});

describe('--dry-run', () => {
  it('prints every planned request as curl with credentials as variables, and sends nothing', async () => {
    const h = await startHostile('faithful');
    try {
      const r = await runCli(['run', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--dry-run', '--runs', '4', '--seed', '9', '--max-creates', '5']);
      expect(r.code, r.stderr).toBe(0);
      expect(crashSigns(r)).toEqual([]);
      expect(h.requests).toBe(0);
      const curls = r.stdout.split('\n').filter((l) => l.startsWith('curl '));
      expect(curls).toHaveLength(planSize({ seed: 9, runs: 4, generators: {} }));
      expect(curls.every((l) => l.includes(`${h.url}/v1/CustomerProfiles`))).toBe(true);
      expect(r.stdout).toContain('-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"');
      expect(r.stdout).not.toContain(DEFAULT_AUTH_TOKEN);
      // no credentials inline: a header built from them is built in the shell from the variables
      expect(r.stdout).not.toMatch(/authorization: \w+ [A-Za-z0-9+/=]{6,}/i);
      expect(r.stdout).toContain(`-H "Authorization: basic $(printf '%s' "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" | base64 | tr -d '\\n')"`);
      expect(r.stdout).toContain(`-u "$TWILIO_ACCOUNT_SID:\${TWILIO_AUTH_TOKEN%?}"`);
      expect(r.stdout).toMatch(/--max-creates 5: of the \d+ cases that may create, at most 4 are sent/);
      expect(r.stderr).toMatch(/nothing was sent/);
      expect(r.stderr).toContain('at most 5 creates; created profiles are deleted at the end, also when interrupted\n');
    } finally {
      await h.close();
    }
  });

  it('warns, as the run would, that a target elsewhere has no create budget', async () => {
    // before: the dry run printed the plan and said nothing of the budget
    const r = await runCli(['run', '--target', 'https://staging.example.com', ...HOSTILE_CLI_CREDENTIALS, '--dry-run', '--runs', '1', '--seed', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n')).toContain('no create budget (--max-creates); created profiles are deleted at the end, also when interrupted');
    const kept = await runCli(['run', '--target', 'https://staging.example.com', ...HOSTILE_CLI_CREDENTIALS, '--dry-run', '--runs', '1', '--keep-created']);
    expect(kept.stderr).toContain('no create budget (--max-creates); created profiles are kept (--keep-created)');
  });
});

describe('--max-creates', () => {
  it('is never exceeded with 16 requests in flight, refusals go on, and the report says how it was spent', async () => {
    const h = await startHostile('faithful');
    try {
      const result = await runSuite(baseRun(h.url, { maxCreates: 6, concurrency: 16, followUps: 0 }));
      expect(h.created).toBeLessThanOrEqual(6);
      expect(result.live?.creates).toBe(h.created);
      expect(result.live).toMatchObject({ maxCreates: 6, heldForRefusals: 1, uncertain: 0 });
      expect(h.created).toBe(5); // the cases expected to create use all theirs
      expect(result.live!.notSent).toBeGreaterThan(0);
      expect(result.tally.exchanges + result.live!.notSent).toBe(result.planned);
      // refusals were still sent and judged after the creates were spent
      expect(result.tally.byCheck.get('reject.invalid-4xx')!.passed).toBeGreaterThan(20);
      expect(result.incomplete).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('stops shrinking create cases when the budget is spent (shrinking counts against it)', async () => {
    // trims-friendly-name fails echo.fields on creates: shrinking them needs more creates
    const mock = await startMock({ port: 0, fault: 'trims-friendly-name' });
    try {
      const unbounded = await runSuite(baseRun(mock.url, { seed: 4, runs: 30, followUps: 0, concurrency: 4 }));
      const unboundedCreates = unbounded.live!.creates;
      mock.clearProfiles();
      const result = await runSuite(baseRun(mock.url, { seed: 4, runs: 30, followUps: 0, concurrency: 4, maxCreates: 12 }));
      expect(mock.profileCount()).toBeLessThanOrEqual(12);
      expect(result.live!.creates).toBe(mock.profileCount());
      expect(unboundedCreates).toBeGreaterThan(12);
      expect(result.tally.byCheck.get('echo.fields')!.failed).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });

  it('counts a request left without an answer against the budget (it may have created)', async () => {
    const h = await startHostile('silent');
    try {
      const result = await runSuite(baseRun(h.url, { maxCreates: 3, timeoutMs: 200, concurrency: 2, runs: 2 }));
      expect(result.live!.uncertain).toBeGreaterThan(0);
      expect(result.live!.uncertain).toBeLessThanOrEqual(3);
      expect(h.posts).toBeLessThanOrEqual(3);
    } finally {
      await h.close();
    }
  });
});

describe('cleanup', () => {
  it('deletes every profile the run created (follow-ups, property cases, shrinking)', async () => {
    const mock = await startMock({ port: 0, fault: 'trims-friendly-name' });
    try {
      const result = await runSuite(baseRun(mock.url, { cleanup: true, runs: 15 }));
      expect(result.live!.creates).toBeGreaterThan(15);
      expect(mock.profileCount()).toBe(0);
      // the run's own: its 201s, and what a create that timed out on a busy machine stored (found in the list)
      const own = ownProfiles(result.live!);
      expect(own).toBe(result.live!.creates + (result.live!.storedUnnamed ?? 0));
      // deleted by checks: 4 by the follow-ups (the two lifecycles' profiles, and those created with basic and BASIC, deleted
      // with the same), the rest by the account model's sequences (their deletes and audits); the cleanup deletes the others
      const byChecks = result.live!.deletedByChecks!;
      expect(byChecks).toBeGreaterThan(4);
      expect(result.live!.cleanup).toEqual({ deleted: own - byChecks, failed: [] });
      expect(liveLine(result.live)).toMatch(new RegExp(`^created ${result.live!.creates} profiles; .*${byChecks} deleted by the suite's own delete checks; ${own - byChecks} deleted at the end$`));
      expect(result.createdSids).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('also after the run failed, and lists what it could not delete', async () => {
    const mock = await startMock({ port: 0 });
    try {
      let judged = 0;
      const explode: Check = {
        ...CHECKS[0]!,
        judge: () => {
          if (++judged === 20) throw new Error('a check broke');
          return null;
        },
      };
      await expect(runSuite(baseRun(mock.url, { cleanup: true, checks: [...CHECKS, explode] }))).rejects.toThrow('a check broke');
      expect(mock.profileCount()).toBe(0);
    } finally {
      await mock.close();
    }
    const h = await startHostile('no-delete');
    try {
      const result = await runSuite(baseRun(h.url, { cleanup: true, runs: 3, followUps: 0 }));
      const failed = result.live!.cleanup!.failed;
      expect(failed.length).toBe(h.created);
      expect(failed[0]!.reason).toMatch(/DELETE answered 403/);
      expect(result.createdSids.sort()).toEqual(failed.map((f) => f.sid).sort());
    } finally {
      await h.close();
    }
  });

  it('never puts a sid that is not a sid into a DELETE URL', async () => {
    const asked: string[] = [];
    const result = await deleteAll(
      ['BU0123456789abcdef0123456789abcdef', '../../Accounts/AC1', 'BU1?x=1', '', 'BUfedcba9876543210fedcba9876543210'],
      async (sid) => {
        asked.push(sid);
        return { request: { method: 'DELETE', url: sid, headers: {}, body: '' }, response: { status: 204, statusText: '', headers: {}, bodyText: '', json: undefined } };
      },
      4,
    );
    expect(asked.sort()).toEqual(['BU0123456789abcdef0123456789abcdef', 'BUfedcba9876543210fedcba9876543210']);
    expect(result.deleted).toBe(2);
    expect(result.failed.map((f) => f.sid)).toEqual(['../../Accounts/AC1', 'BU1?x=1', '']);
    expect(result.failed[0]!.reason).toMatch(/not a well-formed sid/);
  });

  it('keeps nothing in memory without cleanup', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const result = await runSuite(baseRun(mock.url, { runs: 5 }));
      expect(result.createdSids).toEqual([]);
      expect(result.live!.cleanup).toBeUndefined();
      expect(result.live!.creates).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });

  it('through the CLI: the report lists the cleanup; --keep-created keeps them', async () => {
    const h = await startHostile('faithful');
    try {
      const dir = tempDir();
      const r = await runCli(['run', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '3', '--report-dir', dir, '--format', 'json', '--no-progress', '--max-creates', '8', '--rps', '500']);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      // the budget kept cases back: the run claims no level (contracts/report.ts judgeLevels), exit 1
      expect(report.incomplete?.notSent, r.stderr).toBeGreaterThan(0);
      expect(r.code, r.stderr).toBe(1);
      expect(report.options).toMatchObject({ rps: 500, retry: { retries: 3, maxTotalMs: 30_000 } });
      // the budget's creates: the two lifecycles' profiles are deleted by the follow-ups, and those made with basic and BASIC when the budget reached them
      const byChecks = report.live!.deletedByChecks!;
      expect(byChecks).toBeGreaterThanOrEqual(2);
      expect(report.live).toMatchObject({ maxCreates: 8, creates: h.created, cleanup: { deleted: h.created - byChecks, failed: [] } });
      expect(h.mock.profileCount()).toBe(0);
      const line = new RegExp(`created (\\d+) profiles; budget 8 \\(1 kept for refusals\\);.*; ${byChecks} deleted by the suite's own delete checks; (\\d+) deleted at the end\n`).exec(r.stderr);
      expect(line, r.stderr).not.toBeNull();
      expect(Number(line![2]) + byChecks).toBe(Number(line![1]));

      const dir2 = tempDir();
      const before = h.created;
      const k = await runCli(['run', '--target', h.url, ...HOSTILE_CLI_FULL, '--runs', '3', '--report-dir', dir2, '--format', 'json', '--no-progress', '--keep-created']);
      expect(k.code, k.stderr).toBe(0);
      const kept = JSON.parse(readFileSync(join(dir2, 'report.json'), 'utf8')) as Report;
      expect(kept.live).toMatchObject({ kept: true, creates: h.created - before });
      expect(kept.live!.cleanup).toBeUndefined();
      // kept: all but what the checks deleted (the follow-ups' 4 and the account model's own)
      expect(kept.live!.deletedByChecks!).toBeGreaterThan(4);
      expect(h.mock.profileCount()).toBe(h.created - before - kept.live!.deletedByChecks!);
      // a target on this machine (127.0.0.1) runs without a budget and is not warned about it
      expect(k.stderr).not.toContain('no create budget');
      expect(k.stderr).toContain('created profiles are kept (--keep-created)');
      expect(k.stderr).toContain(`${kept.live!.deletedByChecks} deleted by the suite's own delete checks; the other ${h.created - before - kept.live!.deletedByChecks!} kept (--keep-created)`);
    } finally {
      await h.close();
    }
  });
});
