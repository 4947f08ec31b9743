/**
 * Everything is checked before the first request: an empty flag value (an unset CI variable),
 * the report formats, the report folder, the cassette, --rps, every input file. Each refusal is
 * one line and exit 2, and a counting target on 127.0.0.1 proves nothing was sent.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/main.ts';
import { HOSTILE_CLI_CREDENTIALS, HOSTILE_CLI_FULL, type HostileServer, startHostile } from '../helpers/hostile-server.ts';
import { type CliRun, crashSigns, runCli } from '../helpers/spawn-cli.ts';

let h: HostileServer;
let base: string;
beforeAll(async () => {
  h = await startHostile('faithful');
  base = mkdtempSync(join(tmpdir(), 'thc-preflight-'));
  writeFileSync(join(base, 'a-file'), 'x');
  mkdirSync(join(base, 'a-folder'));
});
afterAll(async () => {
  await h.close();
  rmSync(base, { recursive: true, force: true });
});

/** One line `trusthub-conformance: …`, exit 2, nothing on stdout, no crash. */
function refused(r: CliRun, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(crashSigns(r)).toEqual([]);
  // the config file a run read is named first (config: <path>); then the one error line
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('config: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^trusthub-conformance: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stdout).toBe('');
}

// the mock's API key and second account beside the Auth Token: level 3 needs them
const run = (...args: string[]) => ['run', '--target', h.url, ...HOSTILE_CLI_FULL, '--runs', '2', '--no-progress', ...args];
const reportDir = () => mkdtempSync(join(base, 'report-'));

describe('an empty value', () => {
  it('is refused for every flag of every command that takes one, at parse time', async () => {
    const program = buildProgram();
    let checked = 0;
    for (const cmd of program.commands) {
      for (const opt of cmd.options) {
        if (!opt.required && !opt.optional) continue;
        const other = buildProgram();
        // never run a command here: the parse alone must refuse
        for (const c of other.commands) c.action(() => Promise.reject(new Error(`${c.name()} ran with an empty ${opt.long}`)));
        await expect(other.parseAsync([cmd.name(), opt.long!, ''], { from: 'user' }), `${cmd.name()} ${opt.long}`).rejects.toThrow(
          new RegExp(`^${opt.long} is empty \\(an unset variable\\?\\)`),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it("run --target '' does not certify the embedded mock", async () => {
    const dir = join(base, 'never-written');
    const r = await runCli(['run', '--target', '', '--runs', '1', '--report-dir', dir]);
    refused(r, /--target is empty/);
    expect(existsSync(dir)).toBe(false);
  });

  it.each([
    ['run --public-base-url', () => run('--public-base-url', '', '--report-dir', reportDir())],
    ['run --report-dir', () => run('--report-dir', '')],
    ['run --record', () => run('--record', '', '--report-dir', reportDir())],
    ['run --account-sid', () => ['run', '--target', h.url, '--account-sid', '', '--auth-token', 'x', '--report-dir', reportDir()]],
    ['diff --reference', () => ['diff', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--reference', '', '--report-dir', reportDir()]],
    ['diff --target', () => ['diff', '--target', '', ...HOSTILE_CLI_CREDENTIALS, '--reference', h.url, '--report-dir', reportDir()]],
  ])('%s is refused, and nothing is sent', async (flag, args) => {
    const before = h.requests;
    refused(await runCli(args()), new RegExp(`${flag.split(' ')[1]} is empty`));
    expect(h.requests).toBe(before);
  });
});

describe('before the first request', () => {
  const cases: Array<[string, () => string[], RegExp, Record<string, string>?]> = [
    ['--format bogus', () => run('--format', 'bogus', '--report-dir', reportDir()), /--format: unknown report format "bogus"/],
    ['--report-dir on a file', () => run('--report-dir', join(base, 'a-file')), /--report-dir .*a-file is a file, not a folder/],
    ['--report-dir under a file', () => run('--report-dir', join(base, 'a-file', 'sub')), /--report-dir .*cannot create the folder/],
    ['--report-dir under /proc', () => run('--report-dir', '/proc/thc-report'), /--report-dir \/proc\/thc-report: cannot create the folder/],
    ['--report-dir /proc', () => run('--report-dir', '/proc'), /--report-dir \/proc: cannot write in \/proc/],
    ['--record on a folder', () => run('--record', join(base, 'a-folder'), '--report-dir', reportDir()), /--record .*a-folder is a folder/],
    ['--record under /proc', () => run('--record', '/proc/thc.har', '--report-dir', reportDir()), /--record \/proc\/thc.har: cannot write in \/proc/],
    ['--rps 0.0000001', () => run('--rps', '0.0000001', '--report-dir', reportDir()), /--rps must be a number from 0.001 to 100000/],
    ['--observations on a folder', () => run('--observations', join(base, 'a-folder'), '--report-dir', reportDir()), /--observations/],
    ['--deviations missing', () => run('--deviations', join(base, 'missing.json'), '--report-dir', reportDir()), /--deviations .*no such file/],
    ['--pact-file on a folder', () => run('--pact-file', join(base, 'a-folder'), '--report-dir', reportDir()), /--pact-file .*not a file/],
    ['--ca-file on a folder', () => run('--ca-file', join(base, 'a-folder'), '--report-dir', reportDir()), /--ca-file .*a-folder is a folder, not a file/],
    ['an unwritable job summary', () => run('--report-dir', reportDir()), /GITHUB_STEP_SUMMARY .*cannot append/, { GITHUB_STEP_SUMMARY: '/proc/thc/summary.md' }],
    [
      'diff --report-dir on a file',
      () => ['diff', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--reference', h.url, '--runs', '2', '--report-dir', join(base, 'a-file')],
      /--report-dir .*a-file is a file/,
    ],
    [
      'diff --reference on a folder',
      () => ['diff', '--target', h.url, ...HOSTILE_CLI_CREDENTIALS, '--reference', join(base, 'a-folder'), '--report-dir', reportDir()],
      /--reference .*a-folder is a folder, not a file/,
    ],
  ];
  it.each(cases)('%s: one line, exit 2, nothing sent, nothing left', async (_name, args, pattern, env) => {
    const before = h.requests;
    const argv = args();
    refused(await runCli(argv, env), pattern);
    expect(h.requests).toBe(before);
    // no stray cassette or probe file
    expect(readdirSync(base).filter((f) => f.endsWith('.partial') || f.startsWith('.trusthub-conformance-probe'))).toEqual([]);
  });

  it('--rps below the minimum from a config file too', async () => {
    const dir = reportDir();
    const config = join(dir, 'trusthub-conformance.config.json');
    writeFileSync(config, JSON.stringify({ rps: 0.0000001 }));
    const before = h.requests;
    refused(await runCli(run('--config', config, '--report-dir', dir)), /rps must be requests per second, a number from 0.001 to 100000, got 1e-7/);
    expect(h.requests).toBe(before);
  });

  it.skipIf(process.getuid?.() === 0)('--report-dir in a read-only folder', async () => {
    const ro = join(base, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      const before = h.requests;
      refused(await runCli(run('--report-dir', join(ro, 'reports'))), /--report-dir .*cannot create the folder/);
      refused(await runCli(run('--report-dir', ro)), /--report-dir .*cannot write in/);
      expect(h.requests).toBe(before);
    } finally {
      chmodSync(ro, 0o755);
    }
  });

  it('observe: a cassette that is a folder, an --out that is a folder', async () => {
    refused(await runCli(['observe', '--cassette', join(base, 'a-folder')]), /--cassette .*a-folder is a folder, not a file/);
    refused(await runCli(['observe', '--cassette', join(base, 'a-file'), '--out', join(base, 'a-folder')]), /--out .*a-folder is a folder/);
  });

  it('a valid run still writes its reports into a folder it creates, and leaves no probe file', async () => {
    const dir = join(base, 'new', 'deeper');
    const r = await runCli(run('--report-dir', dir, '--format', 'json', '--record', join(base, 'new', 'run.har')));
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'statement.intoto.json']);
    expect(readdirSync(join(base, 'new')).sort()).toEqual(['deeper', 'run.har']);
  });
});
