import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_LINE_ONLY, CONFIG_FILE_NAMES, CONFIG_KEY_ATTRS, configSchema, defineConfig, findConfig, validateConfig } from '../../cli/config.ts';
import { buildProgram } from '../../cli/main.ts';
import { UsageError } from '../../cli/errors.ts';
import { type MockServer, startMock } from '../../mock/index.ts';
import type { Report } from '../../contracts/report.ts';
import { MOCK_FULL_ENV } from '../helpers/certify.ts';
import { cliEnv, spawnProcess } from '../helpers/spawn-cli.ts';

/** The mock's account from the environment, with what level 3 needs beside the Auth Token: its API key and its second account. */
const FULL_ENV = MOCK_FULL_ENV;

const ROOT = process.cwd();
const NODE = join(ROOT, 'node_modules/.bin/node');
// inside the repository (tests/tmp is ignored), so `import … from 'trusthub-conformance'` in a
// config resolves to this package by self-reference
const TMP = join(ROOT, 'tests', 'tmp');
const dirs: string[] = [];
const tempDir = () => {
  mkdirSync(TMP, { recursive: true });
  const d = mkdtempSync(join(TMP, 'config-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * The CLI from `cwd`, resolving the package to its sources (the installed package is tested in
 * pack.test.ts). Asynchronous: the mock these tests start lives in this process.
 */
async function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await spawnProcess(NODE, ['--conditions=trusthub-conformance-source', join(ROOT, 'cli/main.ts'), ...args], {
    cwd,
    env: cliEnv(env),
  }).done;
  return { code, stdout, stderr };
}

const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;

function problem(config: unknown): string {
  try {
    validateConfig(config, 'c.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  return 'valid';
}

describe('validateConfig: one line naming the key and what it takes', () => {
  it('accepts every key with a value of its kind, and defineConfig returns its argument', () => {
    const config = defineConfig({
      target: 'https://staging.example.test',
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      secondAccountSid: 'ACfedcba9876543210fedcba9876543210',
      runs: 200,
      seed: 0,
      concurrency: 4,
      timeout: 5000,
      only: ['L1', 'L2'],
      skip: 'create.timestamps-now',
      requireLevel: 2,
      reportDir: 'out',
      format: 'json,junit',
      policySids: ['RN0123456789abcdef0123456789abcdef'],
      publicBaseUrl: 'https://trusthub.example.test',
      maxResponseBytes: 4096,
      shrink: false,
      progress: false,
      pact: true,
      pactFiles: ['a.json'],
      pactBrokerUrl: 'https://broker.example.test',
      pactConsumerVersionSelectors: [{ mainBranch: true }],
      pactProvider: 'p',
      pactPublish: false,
      providerVersion: '1.0.0',
      providerVersionBranch: 'main',
      maxCreates: 10,
      keepCreated: false,
      rps: 2.5,
      retries: 0,
      retryMaxTime: 1000,
      caFile: 'ca.pem',
      insecure: false,
      record: 'run.har',
      observations: 'observations.json',
      deviations: 'deviations.json',
      headers: { 'x-api-key': 'k' },
      maxFailures: 3,
      waitForTarget: 30,
    });
    expect(problem(config)).toBe('valid');
    // every key the schema knows is used above, but the secrets (better kept in the environment)
    expect([...Object.keys(config), 'authToken', 'apiKey', 'apiSecret', 'secondAuthToken', 'secondApiKey', 'secondApiSecret'].sort()).toEqual(Object.keys(configSchema.properties).sort());
  });

  it.each([
    [{ runs: 'ten' }, 'c.json: runs must be a whole number from 1 to 10000000, got "ten"'],
    [{ runs: 0 }, 'c.json: runs must be a whole number from 1 to 10000000, got 0'],
    [{ runs: 2.5 }, 'c.json: runs must be a whole number from 1 to 10000000, got 2.5'],
    [{ requireLevel: 4 }, 'c.json: requireLevel must be 1, 2 or 3, got 4'],
    [{ target: 'staging.example.test' }, 'c.json: target must be an http or https base URL, got "staging.example.test"'],
    [{ shrink: 'no' }, 'c.json: shrink must be true or false, got "no"'],
    [{ policySids: ['RN1', 'RN0123456789abcdef0123456789abcdef'] }, 'c.json: policySids[0] must be a Policy SID: RN followed by 32 hex digits, got "RN1"'],
    // the placeholder an example might show says what a real one looks like
    [{ policySids: ['RNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'] }, 'c.json: policySids[0] must be a Policy SID: RN followed by 32 hex digits, got "RNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'],
    [{ policySids: 'RN0123456789abcdef0123456789abcdef' }, 'c.json: policySids must be a list of Policy SIDs (RN followed by 32 hex digits), got "RN0123456789abcdef0123456789abcdef"'],
    [{ pactFiles: [''] }, 'c.json: pactFiles[0] must be a pact file path, got ""'],
    [{ only: [] }, 'valid'],
    [{ only: [''] }, 'c.json: only must be a check id or level, or a list of them, got [""]'],
    [{ rnus: 3 }, 'c.json: unknown key "rnus"; did you mean "runs"?'],
    [{ reportdir: 'x' }, 'c.json: unknown key "reportdir"; did you mean "reportDir"?'],
    [{ quiet: true }, 'c.json: unknown key "quiet"; the keys mirror the run flags in camelCase (trusthub-conformance run --help)'],
    [{ verbose: true }, 'c.json: verbose is not a config key: give --verbose on the command line of the run it is for'],
    [{ headers: { 'x-api-key': 1 } }, 'c.json: headers.x-api-key must be part of an object of header names and string values, e.g. { "x-api-key": "…" }, got 1'],
    [{ headers: ['x-api-key: v'] }, 'c.json: headers must be an object of header names and string values, e.g. { "x-api-key": "…" }, got ["x-api-key: v"]'],
    [{ maxFailures: 0 }, 'c.json: maxFailures must be a whole number, at least 1, got 0'],
    [{ live: true }, 'c.json: live is not a config key: give --live on the command line of the run it is for'],
    [{ dryRun: true }, 'c.json: dryRun is not a config key: give --dry-run on the command line of the run it is for'],
    [[1, 2], 'c.json: the config must be an object of settings, got [1,2]'],
    [null, 'c.json: the config must be an object of settings, got null'],
  ])('%j → %s', (config, message) => {
    expect(problem(config)).toBe(message);
  });
});

describe('the keys mirror the run flags', () => {
  it('every run flag has a config key, but those that belong to one invocation', () => {
    const run = buildProgram().commands.find((c) => c.name() === 'run')!;
    const attrs = new Set(Object.values(CONFIG_KEY_ATTRS));
    const missing = run.options
      .map((o) => o.attributeName())
      .filter((a) => !attrs.has(a) && !(COMMAND_LINE_ONLY as readonly string[]).includes(a));
    // a new run flag needs its key in cli/config.ts (KEYS), or a place in COMMAND_LINE_ONLY
    expect(missing).toEqual([]);
  });
});

describe('findConfig', () => {
  it('finds none, the one there, refuses two, and names a missing --config file', async () => {
    const dir = tempDir();
    expect(await findConfig(undefined, dir)).toBeUndefined();
    writeFileSync(join(dir, 'trusthub-conformance.config.json'), '{}');
    expect(await findConfig(undefined, dir)).toBe(join(dir, 'trusthub-conformance.config.json'));
    writeFileSync(join(dir, 'trusthub-conformance.config.mjs'), 'export default {}');
    await expect(findConfig(undefined, dir)).rejects.toThrow(
      `two config files in ${dir}: trusthub-conformance.config.mjs and trusthub-conformance.config.json; keep one (or pick with --config)`,
    );
    expect(await findConfig('trusthub-conformance.config.mjs', dir)).toBe(join(dir, 'trusthub-conformance.config.mjs'));
    await expect(findConfig('nope.json', dir)).rejects.toThrow('--config: no such file nope.json');
    expect(CONFIG_FILE_NAMES).toContain('trusthub-conformance.config.ts');
  });
});

describe('run with a config file', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('takes its settings from trusthub-conformance.config.json, paths relative to the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'trusthub-conformance.config.json'), JSON.stringify({ runs: 3, seed: 5, reportDir: 'out', format: ['json'], progress: false }));
    const r = await cli(dir, ['run']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['report.json', 'statement.intoto.json']);
    expect(readReport(join(dir, 'out', 'report.json'))).toMatchObject({ runs: 3, seed: 5 });
    expect(r.stderr).not.toContain('progress:');
    // the terminal says which file set what, first, before the run's own lines
    expect(r.stderr.split('\n')[0]).toBe('config: trusthub-conformance.config.json');
    expect(r.stderr.match(/^config: /gm)).toHaveLength(1);
  });

  it('says nothing about a config when there is none', async () => {
    const dir = tempDir();
    const r = await cli(dir, ['run', '--runs', '1', '--only', 'L1', '--require-level', '1', '--format', 'json', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/^config:/m);
  });

  it('accepts a JSON config saved with a UTF-8 byte order mark', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'trusthub-conformance.config.json'), `\uFEFF${JSON.stringify({ runs: 2, seed: 4, reportDir: 'bom', format: 'json', progress: false })}`);
    const r = await cli(dir, ['run', '--only', 'L1', '--require-level', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(readReport(join(dir, 'bom', 'report.json'))).toMatchObject({ runs: 2, seed: 4 });
  });

  it('gives up on a config module whose top-level await never settles, in one line', async () => {
    const dir = tempDir();
    // the interval keeps the process alive, as an unanswered request would
    writeFileSync(join(dir, 'trusthub-conformance.config.mjs'), 'await new Promise(() => setInterval(() => {}, 1000));\nexport default { runs: 1 };\n');
    const path = join(dir, 'trusthub-conformance.config.mjs');
    const r = await cli(dir, ['run', '--no-progress'], { TRUSTHUB_CONFORMANCE_CONFIG_TIMEOUT_MS: '300' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `trusthub-conformance: ${path} did not finish loading within 0.3 s (a top-level await that never settles?); a config exports its settings at once\n`,
    );
    expect(existsSync(join(dir, 'conformance-report'))).toBe(false);
  });

  it('sends the headers the file names (values redacted), and reads them from the environment in the rerun command', async () => {
    const { startGateway } = await import('../helpers/gateway.ts');
    const key = 'cfg-key-8d41e07b';
    const gw = await startGateway(mock.url, 'x-api-key', key);
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'trusthub-conformance.config.json'), JSON.stringify({ target: gw.url, publicBaseUrl: mock.url, headers: { 'X-Api-Key': key }, runs: 3, seed: 5, reportDir: 'out', format: ['json'], progress: false }));
      const r = await cli(dir, ['run'], FULL_ENV);
      expect(r.code, r.stdout).toBe(0);
      expect(gw.passed).toBeGreaterThan(0);
      expect(gw.refused).toBe(0);
      const text = readFileSync(join(dir, 'out', 'report.json'), 'utf8');
      expect(text).not.toContain(key);
      expect(readReport(join(dir, 'out', 'report.json')).certificate.rerun).toContain('-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
    } finally {
      await gw.close();
    }
  });

  it('lets flags win over the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'trusthub-conformance.config.json'), JSON.stringify({ runs: 3, seed: 5, reportDir: 'out', format: 'json' }));
    const r = await cli(dir, ['run', '--runs', '4', '--report-dir', 'flagged', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readReport(join(dir, 'flagged', 'report.json'))).toMatchObject({ runs: 4, seed: 5 });
  });

  it('fills credentials from the environment for a target the file names', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'trusthub-conformance.config.mjs'),
      `export default { target: ${JSON.stringify(mock.url)}, publicBaseUrl: ${JSON.stringify(mock.url)}, runs: 3, seed: 8, reportDir: 'r', format: 'json', progress: false };\n`,
    );
    const without = await cli(dir, ['run']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/^config: trusthub-conformance.config.mjs\ntrusthub-conformance: credentials are needed for --target/);
    const r = await cli(dir, ['run'], FULL_ENV);
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(join(dir, 'r', 'report.json'));
    expect(report.target).toEqual({ url: mock.url, embedded: false });
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
  });

  it('loads a TypeScript config typed with defineConfig from the package root', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'trusthub-conformance.config.ts'),
      [
        "import { defineConfig, type ConformanceConfig } from 'trusthub-conformance';",
        '',
        "const only: ConformanceConfig['only'] = ['L1'];",
        "export default defineConfig({ runs: 2, seed: 9, only, requireLevel: 1, reportDir: 'ts-out', format: ['json', 'md'], progress: false });",
        '',
      ].join('\n'),
    );
    const r = await cli(dir, ['run']);
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(join(dir, 'ts-out', 'report.json'));
    expect(report).toMatchObject({ runs: 2, seed: 9, options: { only: ['L1'] } });
    // only level 1 ran: a partial run, conformant at the level 1 it requires and at no higher one
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 1, requiredLevel: 1 });
    expect(report.partial?.levelSupported).toBe(1);
    expect(report.checks.every((c) => c.level === 1)).toBe(true);
    expect(readdirSync(join(dir, 'ts-out')).sort()).toEqual(['report.json', 'report.md', 'statement.intoto.json']);
  });

  it('--config names the file; merge reads reportDir and format from it too', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'conf.json'), JSON.stringify({ seed: 3, runs: 2, reportDir: 'shard', format: 'json', progress: false }));
    const r = await cli(dir, ['run', '--config', 'ci/conf.json', '--shard', '1/1']);
    expect(r.code, r.stderr).toBe(0);
    // relative to the config file
    expect(existsSync(join(dir, 'ci', 'shard', 'report.json'))).toBe(true);
    writeFileSync(join(dir, 'merge.json'), JSON.stringify({ reportDir: 'merged', format: ['json'], runs: 99 }));
    const m = await cli(dir, ['merge', 'ci/shard/report.json', '--config', 'merge.json']);
    expect(m.code, m.stderr).toBe(0);
    expect(readdirSync(join(dir, 'merged')).sort()).toEqual(['report.json', 'statement.intoto.json']);
    expect(readReport(join(dir, 'merged', 'report.json'))).toMatchObject({ runs: 2, seed: 3, merged: { shards: 1 } });
  });

  it('in a "type": "commonjs" package (as npm init writes it), says to name an ES module config .mts; .mts and CommonJS .js work', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": "vendor", "type": "commonjs" }\n');
    writeFileSync(join(dir, 'trusthub-conformance.config.ts'), "export default { runs: 2, seed: 1, format: 'json', reportDir: 'out', progress: false };\n");
    const refused = await cli(dir, ['run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `trusthub-conformance: ${join(dir, 'trusthub-conformance.config.ts')} uses import/export, but ${join(dir, 'package.json')} says "type": "commonjs", so Node would read it as CommonJS: name it trusthub-conformance.config.mts\n`,
    );
    renameSync(join(dir, 'trusthub-conformance.config.ts'), join(dir, 'trusthub-conformance.config.mts'));
    const mts = await cli(dir, ['run']);
    expect(mts.code, mts.stderr).toBe(0);
    expect(readReport(join(dir, 'out', 'report.json'))).toMatchObject({ runs: 2, seed: 1 });
    rmSync(join(dir, 'trusthub-conformance.config.mts'));
    writeFileSync(join(dir, 'trusthub-conformance.config.js'), "module.exports = { runs: 3, seed: 1, format: 'json', reportDir: 'cjs', progress: false };\n");
    const cjs = await cli(dir, ['run']);
    expect(cjs.code, cjs.stderr).toBe(0);
    expect(readReport(join(dir, 'cjs', 'report.json'))).toMatchObject({ runs: 3 });
  });

  it.each([
    ['trusthub-conformance.config.json', '{"runs": "ten"}', (p: string) => `${p}: runs must be a whole number from 1 to 10000000, got "ten"`],
    ['trusthub-conformance.config.json', '{"runs": 3,}', (p: string) => `${p} is not valid JSON: `],
    ['trusthub-conformance.config.mjs', 'export default { concurrency: 0 };', (p: string) => `${p}: concurrency must be a whole number from 1 to 1024, got 0`],
    ['trusthub-conformance.config.mjs', 'export const runs = 3;', (p: string) => `${p} has no default export: write export default defineConfig({ … })`],
    ['trusthub-conformance.config.mjs', 'export default {', (p: string) => `cannot load ${p}: `],
    ['trusthub-conformance.config.mjs', 'export default { requireLevel: "3" };', (p: string) => `${p}: requireLevel must be 1, 2 or 3, got "3"`],
  ])('%s with %s: one line, exit 2', async (name, text, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, name), text);
    const r = await cli(dir, ['run', '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.startsWith(`trusthub-conformance: ${message(join(dir, name))}`), r.stderr).toBe(true);
  });
});
