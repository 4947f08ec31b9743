import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { banner } from '../../cli/commands/mock.ts';
import { FAULT_NAMES, startMock } from '../../mock/index.ts';

const NODE = 'node_modules/.bin/node';
const CLI = 'cli/main.ts';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  return { out: () => out, err: () => err };
}

async function runCli(args: string[]): Promise<Finished> {
  const child = spawn(NODE, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const text = collect(child);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: text.out(), stderr: text.err() };
}

/** Starts `mock` and resolves once it printed its banner (or rejects if it exits first). */
async function startCli(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(NODE, [CLI, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const text = collect(child);
  const banner = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      if (text.out().includes('stop with')) resolve(text.out());
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code}: ${text.err()}`)));
  });
  return { child, banner };
}

describe('trusthub-conformance mock', () => {
  it('prints its URL and credentials, serves them, and stops with 143 on SIGTERM', async () => {
    const { child, banner } = await startCli(['--port', '0', '--fault', 'status-pending']);
    try {
      const url = /mock listening on (http:\/\/\S+)/.exec(banner)?.[1];
      const accountSid = /account sid:\s+(AC[0-9a-f]{32})/.exec(banner)?.[1];
      const token = /auth token:\s+(\S+)/.exec(banner)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(banner).toContain('fault:           status-pending');
      const res = await fetch(`${url}/v1/CustomerProfiles`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${token}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `FriendlyName=n&Email=e%40x.com&PolicySid=RN${'a'.repeat(32)}`,
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { status: string }).status).toBe('pending-review');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(143);
  });

  it('stops with 130 on SIGINT and uses the given account', async () => {
    const accountSid = `AC${'1'.repeat(32)}`;
    const { child, banner } = await startCli(['--port', '0', '--account-sid', accountSid, '--auth-token', 'tok']);
    expect(banner).toContain(accountSid);
    expect(banner).not.toContain('api key:');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
  });

  it('lists the faults and exits 0', async () => {
    const r = await runCli(['mock', '--list-faults']);
    expect(r.code).toBe(0);
    for (const name of FAULT_NAMES) expect(r.stdout).toContain(name);
    expect(r.stdout.trim().split('\n')).toHaveLength(FAULT_NAMES.length);
  });

  it.each([
    [['--fault', 'nope'], /unknown fault "nope"/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--account-sid', 'AC123', '--auth-token', 't'], /--account-sid must match/],
    [['--account-sid', `AC${'1'.repeat(32)}`], /--account-sid and --auth-token go together/],
    [['--policy-sid', `RN${'a'.repeat(32)}`, '--policy-sid', 'RN1'], /--policy-sid must match .*"RN1"/],
    [['--public-base-url', 'nope'], /--public-base-url must be/],
    [['--max-profiles', '0'], /--max-profiles must be/],
    [['--host', '203.0.113.7', '--port', '0'], /cannot listen on 203\.0\.113\.7:0/],
  ])('refuses %j with exit 2 and one line on stderr', async (args, message) => {
    const r = await runCli(['mock', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a port in use with exit 2 and one line', async () => {
    const taken = await startMock();
    try {
      const r = await runCli(['mock', '--port', String(taken.port)]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd()).toBe(`trusthub-conformance: cannot listen on 127.0.0.1:${taken.port}: the port is already in use`);
    } finally {
      await taken.close();
    }
  });

  it('stopping `npx trusthub-conformance mock` with SIGTERM stops the mock too (the real bin, through npm)', async () => {
    const root = process.cwd();
    mkdirSync(join(root, 'tests', 'tmp'), { recursive: true });
    const project = mkdtempSync(join(root, 'tests', 'tmp', 'npx-mock-'));
    cleanups.push(() => rmSync(project, { recursive: true, force: true }));
    // what `npm install trusthub-conformance` makes, pointing at this checkout
    writeFileSync(join(project, 'package.json'), '{ "name": "a-vendor-project", "private": true }\n');
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(root, join(project, 'node_modules', 'trusthub-conformance'), 'dir');
    symlinkSync('../trusthub-conformance/bin/trusthub-conformance.js', join(project, 'node_modules', '.bin', 'trusthub-conformance'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && !k.startsWith('VITEST')));
    env.PATH = `${join(root, 'node_modules', 'node', 'bin')}${delimiter}${env.PATH ?? ''}`;
    const npx = spawn('npx', ['--offline', 'trusthub-conformance', 'mock', '--port', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // if the mock outlives npx (the failure this test is about), end it here: it is ours by its folder
    cleanups.push(() => {
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(project)) process.kill(Number(pid), 'SIGKILL');
        } catch {}
      }
    });
    const text = collect(npx);
    const url = await new Promise<string>((resolve, reject) => {
      npx.stdout?.on('data', () => {
        const m = /mock listening on (http:\/\/\S+)/.exec(text.out());
        if (m && text.out().includes('stop with')) resolve(m[1]!);
      });
      npx.once('exit', (code) => reject(new Error(`npx exited with ${code}: ${text.err()}`)));
    });
    expect((await fetch(`${url}/v1/CustomerProfiles`)).status).toBe(401);
    npx.kill('SIGTERM');
    await once(npx, 'close');
    // npm forwards SIGTERM to its `sh -c` wrapper only; the mock must not go on as an orphan
    let answering = true;
    for (let i = 0; i < 30 && answering; i++) {
      answering = await fetch(`${url}/v1/CustomerProfiles`, { signal: AbortSignal.timeout(2000) }).then(
        () => true,
        () => false,
      );
      if (answering) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answering, 'the mock still answers after npx was stopped').toBe(false);
  });
});

describe('the banner says what the mock listens on', () => {
  it('a loopback host: its URL, as before', async () => {
    const mock = await startMock({ port: 0 });
    try {
      expect((await banner(mock)).split('\n')[0]).toBe(`mock listening on ${mock.url}`);
    } finally {
      await mock.close();
    }
  });

  it.each([
    ['0.0.0.0', 'mock listening on 0.0.0.0:4010 (every IPv4 address of this machine: other hosts can reach it)', 'http://127.0.0.1:4010'],
    ['::', 'mock listening on [::]:4010 (every address of this machine, IPv6 and IPv4: other hosts can reach it)', 'http://[::1]:4010'],
  ])('--host %s: every address, not the loopback URL alone, then the URL to use from this machine', async (host, first, url) => {
    // what startMock returns for a wildcard host (its url is the loopback one): no test listens beyond loopback
    const mock = await startMock({ port: 0 });
    try {
      const lines = (await banner({ ...mock, host, port: 4010, url, publicBaseUrl: url })).split('\n');
      expect(lines.slice(0, 2)).toEqual([first, `  on this machine: ${url}`]);
    } finally {
      await mock.close();
    }
  });
});

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups) c();
});
