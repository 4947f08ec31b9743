/**
 * The first hour of a new user, from README.md alone: an empty `npm init -y` folder (as npm makes
 * it: "type": "commonjs"), the package installed from its tarball (tests/helpers/pack.ts: built
 * once, dependencies from npm's cache), then the README's blocks as they are, taken from the
 * README and not copied here: the first run, the config file, the mock and a run against it with
 * its credentials, the library example, and the vitest suite. Two substitutions only: the tarball
 * for the package name in `npm install`, and a free port for 4010 (another test may hold 4010).
 * Then a vendor certifying their own server (an implementation written apart from the suite,
 * tests/fixtures/defects/server.mjs, with three defects in one check) with the README's run line:
 * every defect in one run, then fixed, level 3.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../contracts/report.ts';
import { NODE24_BIN, npmInstall, packTarball, ROOT, sh, withNode } from './helpers/pack.ts';
import { commandsOf, readmeBlocks, words } from './helpers/readme.ts';
import { cliEnv, spawnProcess } from './helpers/spawn-cli.ts';
import { FULL_RUN, DEFAULTS as VENDOR, start as startVendorServer } from './fixtures/defects/server.mjs';

const blocks = readmeBlocks();
const env = withNode(NODE24_BIN);
let dir: string;
let tarball: string;
const children: ChildProcess[] = [];

const section = (name: string) => blocks.filter((b) => b.section === name);
const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

beforeAll(async () => {
  ({ tarball } = await packTarball());
  // outside the repository: vitest looks for its config file in every folder up from the project,
  // and would find this repository's own (a new user has none above their project)
  dir = mkdtempSync(join(tmpdir(), 'thc-newcomer-'));
  const init = await sh('npm', ['init', '-y'], dir, env);
  expect(init.code, init.stderr).toBe(0);
}, 10 * 60_000);

afterAll(() => {
  // SIGTERM: npm passes it on (and the bin ends the mock when npm's shell goes); SIGKILL would orphan it
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null || !c.pid) continue;
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a new user with the README', () => {
  it('installs into an npm init -y folder and gets a report from the first run', { timeout: 120_000 }, async () => {
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type ?? 'commonjs').toBe('commonjs');
    const [install, run, ...rest] = commandsOf(section('In your project')[0]!);
    expect(rest).toEqual([]);
    const [npm, verb, ...args] = words(install!);
    expect([npm, verb]).toEqual(['npm', 'install']);
    const r = await npmInstall(dir, args.map((a) => (a === 'trusthub-conformance' ? tarball : a)), env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies).toHaveProperty('trusthub-conformance');

    const [tool, ...cli] = words(run!);
    const first = await sh(tool!, cli, dir, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('CONFORMANT: level 3 achieved');
    expect(readReport(join(dir, 'conformance-report', 'report.json')).verdict.conformant).toBe(true);
  });

  it('writes the config, starts the mock, and certifies it with the run line and credentials the README shows', { timeout: 120_000 }, async () => {
    const config = blocks.find((b) => b.file?.startsWith('trusthub-conformance.config.'))!;
    expect(config.file).toBe('trusthub-conformance.config.mjs');
    writeFileSync(join(dir, config.file!), config.text);

    const [mockBlock, runBlock] = section('The reference mock on its own');
    const port = String(await freePort());
    const [startMock] = commandsOf(mockBlock!).map((c) => words(c.replaceAll('4010', port)));
    // its own process group, as a terminal gives it: Ctrl+C reaches npm, its shell and the mock at once
    const mock = spawn(startMock![0]!, startMock!.slice(1), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(mock);
    let banner = '';
    let mockErr = '';
    mock.stderr.setEncoding('utf8').on('data', (d: string) => {
      mockErr += d;
    });
    mock.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      mock.stdout.on('data', (d: string) => {
        banner += d;
        if (banner.includes('stop with')) resolve();
      });
      mock.once('exit', (code) => reject(new Error(`the mock exited with ${code}: ${mockErr}`)));
    });
    expect(banner).toContain(`mock listening on http://127.0.0.1:${port}`);

    const run = words(commandsOf(runBlock!)[0]!.replaceAll('4010', port));
    const r = await sh(run[0]!, [...run.slice(1), '--no-progress'], dir, env);
    expect(r.code, r.stderr).toBe(0);
    // the config file was used, and said so first
    expect(r.stderr.split('\n')[0]).toBe(`config: ${config.file}`);
    const report = readReport(join(dir, 'conformance-report', 'report.json'));
    expect(report).toMatchObject({ runs: 200, target: { url: `http://127.0.0.1:${port}`, embedded: false }, verdict: { requiredLevel: 2, conformant: true } });

    // the library example against the same mock, credentials from the environment as it says
    const lib = blocks.find((b) => b.file === 'certify.mts')!;
    writeFileSync(join(dir, lib.file!), lib.text.replaceAll('4010', port));
    // level 3 needs the API key and the second account the banner prints too
    const [, apiKey, apiSecret] = /api key:\s+(\S+) \(secret (\S+)\)/.exec(banner)!;
    const [, secondSid, secondToken] = /second account:\s+(\S+) \(auth token (\S+)\)/.exec(banner)!;
    const l = await sh('node', [lib.file!], dir, {
      ...env,
      TWILIO_ACCOUNT_SID: /account sid:\s+(\S+)/.exec(banner)![1]!,
      TWILIO_AUTH_TOKEN: /auth token:\s+(\S+)/.exec(banner)![1]!,
      TWILIO_API_KEY: apiKey!,
      TWILIO_API_SECRET: apiSecret!,
      TRUSTHUB_SECOND_ACCOUNT_SID: secondSid!,
      TRUSTHUB_SECOND_AUTH_TOKEN: secondToken!,
    });
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout).toMatch(/conformant: true/);

    // Ctrl+C, as the banner says
    process.kill(-mock.pid!, 'SIGINT');
    const [code, signal] = (await once(mock, 'exit')) as [number | null, string | null];
    // npm ends itself by the signal it got; the mock below it ends with 130
    expect([code, signal]).toContainEqual(code === null ? 'SIGINT' : 130);
    let answering = true;
    for (let i = 0; i < 30 && answering; i++) {
      answering = await fetch(`http://127.0.0.1:${port}/v1/CustomerProfiles`).then(
        () => true,
        () => false,
      );
      if (answering) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answering, 'the mock still answers after Ctrl+C').toBe(false);
  });

  it('adds the suite to a vitest run', async () => {
    const [test] = section('In your vitest run').filter((b) => b.file);
    const [install, run] = commandsOf(section('In your vitest run').find((b) => b.lang === 'sh')!);
    expect(words(install!)).toEqual(['npm', 'install', '--save-dev', 'vitest']);
    // vitest is the user's own dev dependency; npm's cache here lacks it, so the repository's copy stands in
    symlinkSync(join(ROOT, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
    symlinkSync('../vitest/vitest.mjs', join(dir, 'node_modules', '.bin', 'vitest'));
    writeFileSync(join(dir, test!.file!), test!.text);
    const [tool, ...args] = words(run!);
    const r = await sh(tool!, args, dir, env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(r.stdout).toContain('conformance.test.ts');
  });
});

describe('a vendor certifying their own server', () => {
  /** Their server, on the port the README's run line is given, with the defects named (none: fixed). */
  const serve = async (port: number, defect?: string) => startVendorServer({ port, publicBase: `http://127.0.0.1:${port}`, ...(defect ? { defect } : {}) });

  it('sees every defect of one check in one run, fixes them, and certifies level 3', { timeout: 300_000 }, async () => {
    // the README's line for one's own implementation: its target, a policy of the vendor's (upper-case hex), a fixed seed, fewer runs
    const [exported, exportedSecond, runLine] = commandsOf(section('Running against your implementation')[0]!);
    expect(exported).toMatch(/^export TWILIO_ACCOUNT_SID=.* TWILIO_API_KEY=/);
    expect(exportedSecond).toMatch(/^export TRUSTHUB_SECOND_ACCOUNT_SID=/);
    const port = await freePort();
    const policy = 'RN0123456789ABCDEF0123456789ABCDEF';
    const run = words(runLine!.replace('https://staging.example.com', `http://127.0.0.1:${port}`).replace('RN…', policy).replace('--runs 200', '--runs 50'));
    expect(run.slice(0, 3)).toEqual(['npx', 'trusthub-conformance', 'run']);
    // a folder of its own: the config file of the test above is not theirs
    const cwd = join(dir, 'vendor');
    mkdirSync(cwd);
    // what the README exports: the account's two pairs and a second account (level 3 needs them)
    const runEnv = {
      ...env,
      TWILIO_ACCOUNT_SID: VENDOR.accountSid,
      TWILIO_AUTH_TOKEN: VENDOR.authToken,
      TWILIO_API_KEY: FULL_RUN.apiKey,
      TWILIO_API_SECRET: FULL_RUN.apiSecret,
      TRUSTHUB_SECOND_ACCOUNT_SID: FULL_RUN.secondAccountSid,
      TRUSTHUB_SECOND_AUTH_TOKEN: FULL_RUN.secondAuthToken,
    };
    const certifyIt = () => sh(run[0]!, [...run.slice(1), '--seed', '7', '--no-progress'], cwd, runEnv);

    // three defects, one check: a trimmed FriendlyName, a lower-cased Email, a lower-cased PolicySid
    const faulty = await serve(port, 'trim-friendlyname,lowercase-email,lowercase-policysid-hex');
    let first: Awaited<ReturnType<typeof sh>>;
    try {
      first = await certifyIt();
    } finally {
      await faulty.close();
    }
    expect(first.code, first.stderr).toBe(1);
    const echo = readReport(join(cwd, 'conformance-report', 'report.json')).checks.find((c) => c.id === 'echo.fields')!;
    const parts = new Set(echo.classes!.map((c) => c.part));
    expect([...parts].sort()).toEqual(['email', 'friendly_name', 'policy_sid']);
    // every class is counted, and each shown has its example
    expect(echo.classes!.reduce((n, c) => n + c.failed, 0)).toBe(echo.failed);
    // the terminal: under echo.fields, each of the three fields, one line per class with its replay
    const block = first.stdout.slice(first.stdout.indexOf('echo.fields'), first.stdout.indexOf('explain echo.fields'));
    expect(block).toContain(`${echo.classes!.length} classes of failure`);
    for (const field of ['friendly_name', 'email', 'policy_sid']) expect(block).toMatch(new RegExp(`— ${field}: ${field} is ".*trusthub-conformance replay --case \\d+`));

    // fixed, all at once: the same line certifies level 3
    const fixed = await serve(port);
    let second: Awaited<ReturnType<typeof sh>>;
    try {
      second = await certifyIt();
    } finally {
      await fixed.close();
    }
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('CONFORMANT: level 3 achieved');
  });
});

describe('colour', () => {
  const run = (extra: Record<string, string>) =>
    spawnProcess(join(ROOT, 'node_modules/.bin/node'), ['cli/main.ts', 'run', '--runs', '1', '--only', 'L1', '--require-level', '1', '--format', 'json', '--report-dir', join(dir, 'colour'), '--no-progress'], {
      env: { ...cliEnv(), NO_COLOR: '', ...extra },
    }).done;

  it('FORCE_COLOR colours piped output; NO_COLOR and FORCE_COLOR=0 do not', async () => {
    const forced = await run({ FORCE_COLOR: '1' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('\u001b[32mPASS\u001b[0m');
    for (const extra of [{}, { FORCE_COLOR: '0' }, { FORCE_COLOR: '1', NO_COLOR: '1' }] as Array<Record<string, string>>) {
      const plain = await run(extra);
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stdout, JSON.stringify(extra)).not.toContain('\u001b[');
    }
  });
});
