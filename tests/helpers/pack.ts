/**
 * The npm package as a user gets it, shared by tests/pack.test.ts and tests/newcomer.test.ts:
 * `npm pack` (prepack builds dist/) in a copy of this repository, once per state of the sources
 * (the tarball is kept in tests/tmp, which git ignores, under a hash of the files it is built
 * from), and `npm install` of it into a folder without the network.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { spawnProcess } from './spawn-cli.ts';

export const ROOT = process.cwd();
export const NODE24_BIN = join(ROOT, 'node_modules', 'node', 'bin');
const TMP = join(ROOT, 'tests', 'tmp');
const SKIP_COPY = new Set(['node_modules', '.git', 'dist', 'conformance-report', 'tmp']);

export interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

/** npm's own variables from `npm test` would steer the npm commands: leave them out. */
export function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
}

/** The environment with a given Node first on PATH: `npx` and the bin's `#!/usr/bin/env node` use it. */
export function withNode(bin: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = baseEnv();
  return { ...env, PATH: `${bin}${delimiter}${env.PATH ?? ''}`, NO_COLOR: '1', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', ...extra };
}

export async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = baseEnv()): Promise<Done> {
  const { code, stdout, stderr } = await spawnProcess(cmd, args, { cwd, env }).done;
  return { code, stdout, stderr };
}

const copied = (src: string) => {
  const rel = relative(ROOT, src);
  return rel === '' || !rel.split('/').some((part) => SKIP_COPY.has(part) || part.startsWith('.vitest-'));
};

/** A hash of every file the tarball is built from: the same sources, the same tarball. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      // the tests are not built into the tarball: editing one does not need a new pack
      if (!copied(path) || relative(ROOT, path) === 'tests') continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(ROOT);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The packed tarball of the sources as they are now: built once, then reused by every test file
 * and test run until a source changes. Two test files asking at once: one builds, the other waits.
 */
export async function packTarball(): Promise<{ tarball: string; packed: Packed }> {
  const dir = join(TMP, `pack-${sourceHash()}`);
  const info = join(dir, 'pack.json');
  const lock = `${dir}.lock`;
  mkdirSync(TMP, { recursive: true });
  for (;;) {
    if (existsSync(info)) {
      const packed = JSON.parse(readFileSync(info, 'utf8')) as Packed;
      return { tarball: join(dir, packed.filename), packed };
    }
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // a lock left by a test run that was killed: take it over after a while
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    // older tarballs: sources changed since
    for (const old of readdirSync(TMP).filter((n) => /^pack-[0-9a-f]{16}$/.test(n))) rmSync(join(TMP, old), { recursive: true, force: true });
    // outside the repository: cpSync cannot copy a folder into itself
    const work = mkdtempSync(join(tmpdir(), 'thc-pack-'));
    // a copy of the repository, so building dist/ there never races the other tests or shadows the sources
    const copy = join(work, 'repo');
    cpSync(ROOT, copy, { recursive: true, filter: copied });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const out = join(work, 'out');
    mkdirSync(out);
    const pack = await sh('npm', ['pack', '--json', '--pack-destination', out], copy, withNode(NODE24_BIN));
    if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
    const packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Packed[])[0]!;
    mkdirSync(dir);
    cpSync(join(out, packed.filename), join(dir, packed.filename));
    writeFileSync(info, JSON.stringify(packed));
    rmSync(work, { recursive: true, force: true });
    return { tarball: join(dir, packed.filename), packed };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `npm install <args>` without the network: the package's dependencies come from npm's cache,
 * which the repository's own `npm ci` filled. Only when the cache lacks one (a machine that
 * installed the repository some other way) does npm ask the registry, and says so.
 */
export async function npmInstall(dir: string, args: string[], env: NodeJS.ProcessEnv = withNode(NODE24_BIN)): Promise<Done> {
  const offline = await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', ...args], dir, env);
  if (offline.code === 0 || !offline.stderr.includes('ENOTCACHED')) return offline;
  process.stderr.write(`npm's cache lacks a dependency of ${args.join(' ')}; installing from the registry\n`);
  return sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], dir, env);
}
