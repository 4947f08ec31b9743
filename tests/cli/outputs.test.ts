/**
 * What the CLI writes, as a user runs it: an output path that is not a regular file is refused
 * before the run (one line, exit 2, a counting target proves nothing was sent, the path stays what
 * it was); a failure after the run (the report folder or the cassette's folder removed, a Pact
 * broker answering 500) still prints the verdict and writes every report it can, and the exit code
 * says an output is missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CLI_FULL, type HostileServer, startHostile } from '../helpers/hostile-server.ts';
import { type CliRun, crashSigns, runCli, spawnCli } from '../helpers/spawn-cli.ts';

let h: HostileServer;
let base: string;
let socketServer: Server;
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
  h = await startHostile('faithful');
  base = fs.mkdtempSync(join(tmpdir(), 'thc-outputs-'));
  fs.writeFileSync(join(base, 'precious.txt'), 'keep me\n');
  fs.symlinkSync(join(base, 'precious.txt'), join(base, 'link.har'));
  execFileSync('mkfifo', [join(base, 'fifo.har')]);
  // our own copy of /dev/full: on main, `--record` renamed its temp file over it
  if (isRoot) execFileSync('mknod', [join(base, 'full'), 'c', '1', '7']);
  fs.writeFileSync(join(base, 'source.ts'), 'export const x = 1;\n');
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(base, 'socket.har'), resolve));
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => socketServer.close(resolve));
  fs.rmSync(base, { recursive: true, force: true });
});

// the mock's API key and second account beside the Auth Token: level 3 needs them
const run = (...args: string[]) => ['run', '--target', h.url, ...HOSTILE_CLI_FULL, '--runs', '2', '--no-progress', ...args];
const reportDir = () => fs.mkdtempSync(join(base, 'report-'));
const kind = (path: string) => {
  const st = fs.lstatSync(path);
  return st.isSymbolicLink() ? 'link' : st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket' : st.isCharacterDevice() ? 'device' : st.isFile() ? 'file' : 'other';
};

function refused(r: CliRun, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(crashSigns(r)).toEqual([]);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^trusthub-conformance: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stdout).toBe('');
}

describe('an output path that is not a regular file: refused before the run', () => {
  const inDir = (name: string, make: (path: string) => void) => () => {
    const dir = reportDir();
    make(join(dir, name));
    return { args: run('--report-dir', dir), path: join(dir, name) };
  };
  const cases: Array<[string, () => { args: string[]; path: string; env?: Record<string, string> }, RegExp]> = [
    ['--record a symlink', () => ({ args: run('--record', join(base, 'link.har'), '--report-dir', reportDir()), path: join(base, 'link.har') }), /--record .*link\.har is a symbolic link/],
    ['--record a FIFO', () => ({ args: run('--record', join(base, 'fifo.har'), '--report-dir', reportDir()), path: join(base, 'fifo.har') }), /is a FIFO/],
    ['--record a socket', () => ({ args: run('--record', join(base, 'socket.har'), '--report-dir', reportDir()), path: join(base, 'socket.har') }), /is a socket/],
    ['--record a file this tool did not write', () => ({ args: run('--record', join(base, 'source.ts'), '--report-dir', reportDir()), path: join(base, 'source.ts') }), /source\.ts exists and is not a cassette/],
    ['report.json a symlink', inDir('report.json', (p) => fs.symlinkSync(join(base, 'precious.txt'), p)), /report\.json is a symbolic link/],
    ['left-behind.txt a FIFO', inDir('left-behind.txt', (p) => execFileSync('mkfifo', [p])), /left-behind\.txt is a FIFO/],
    [
      'GITHUB_STEP_SUMMARY a FIFO',
      () => ({ args: run('--report-dir', reportDir()), path: join(base, 'fifo.har'), env: { GITHUB_STEP_SUMMARY: join(base, 'fifo.har') } }),
      /GITHUB_STEP_SUMMARY .*fifo\.har is a FIFO/,
    ],
  ];
  if (isRoot) cases.push(['--record a device (as root)', () => ({ args: run('--record', join(base, 'full'), '--report-dir', reportDir()), path: join(base, 'full') }), /--record .*full is a device/]);

  it.each(cases)('%s: one line, exit 2, nothing sent, the path unchanged', async (_name, make, pattern) => {
    const { args, path, env } = make();
    const was = kind(path);
    const before = h.requests;
    refused(await runCli(args, env), pattern);
    expect(h.requests).toBe(before);
    expect(kind(path)).toBe(was);
    expect(fs.readFileSync(join(base, 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(fs.readFileSync(join(base, 'source.ts'), 'utf8')).toBe('export const x = 1;\n');
  });

  it('--record names its own cassette again: replaced, as the flag says', async () => {
    const dir = reportDir();
    const har = join(dir, 'run.har');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(run('--record', har, '--report-dir', dir, '--format', 'json'));
      expect(r.code, r.stderr).toBe(0);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['report.json', 'run.har', 'statement.intoto.json']);
  });
});

describe('a failure after the run still prints the verdict and writes what it can', () => {
  let slow: HostileServer;
  beforeAll(async () => {
    slow = await startHostile('slow', { delayMs: 40 });
  });
  afterAll(async () => {
    await slow.close();
  });
  const slowRun = (...args: string[]) => ['run', '--target', slow.url, ...HOSTILE_CLI_FULL, '--runs', '2', '--no-progress', ...args];

  /** Start the CLI, remove `dir` once the target has seen a few requests, wait for the end. */
  async function removedDuringRun(args: string[], dir: string): Promise<CliRun> {
    const before = slow.requests;
    const cli = spawnCli(args);
    while (slow.requests < before + 5) await new Promise((r) => setTimeout(r, 20));
    fs.rmSync(dir, { recursive: true, force: true });
    return cli.done;
  }

  it('the report folder removed during the run: the verdict, each report named as not written, exit 74', async () => {
    const dir = reportDir();
    const r = await removedDuringRun(slowRun('--report-dir', dir, '--format', 'json,md'), dir);
    expect(crashSigns(r)).toEqual([]);
    expect(r.stdout).toMatch(/CONFORMANT: level 3 achieved/);
    expect(r.stderr).toMatch(/report .*report\.json: cannot write it \(its folder is gone \(removed during the run\?\), ENOENT\); this machine's problem, not the target's/);
    expect(r.stderr).toMatch(/report .*report\.md: cannot write it/);
    expect(r.code).toBe(74);
  });

  it("the cassette's folder removed during the run: every report is written, the verdict printed, exit 74", async () => {
    const dir = reportDir();
    const harDir = join(base, `har-${Date.now()}`);
    const r = await removedDuringRun(slowRun('--report-dir', dir, '--record', join(harDir, 'run.har')), harDir);
    expect(crashSigns(r)).toEqual([]);
    expect(r.stdout).toMatch(/CONFORMANT: level 3 achieved/);
    expect(fs.readdirSync(dir).sort()).toEqual(['badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md', 'statement.intoto.json']);
    expect(r.stderr).toMatch(/cassette: not written/);
    expect(r.stderr).toMatch(/trusthub-conformance: --record .*run\.har: cannot write it \(its folder is gone/);
    expect(r.code).toBe(74);
  });

  it('a Pact broker answering 500 after the run: every report is written, the verdict printed, the failure named', async () => {
    const broker: HttpServer = createHttpServer((req, res) => {
      // the index answers (the check before the run passes); the pacts themselves fail
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'application/hal+json' });
        return res.end('{"_links":{}}');
      }
      res.writeHead(500);
      res.end('broker down');
    });
    await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
    try {
      const dir = reportDir();
      const url = `http://127.0.0.1:${(broker.address() as { port: number }).port}`;
      const r = await runCli(run('--report-dir', dir, '--pact-broker-url', url));
      expect(crashSigns(r)).toEqual([]);
      expect(r.stdout).toMatch(/CONFORMANT: level 3 achieved/);
      expect(fs.readdirSync(dir).sort()).toEqual(['badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md', 'statement.intoto.json']);
      expect(r.stderr).toMatch(/pact: not verified/);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^trusthub-conformance: the Pact verifier could not load a pact/);
      expect(r.code).toBe(2);
    } finally {
      await new Promise((resolve) => broker.close(resolve));
    }
  });
});
