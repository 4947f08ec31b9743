/**
 * Every code block of README.md a user would run is run or checked here, so the README cannot
 * drift from the CLI: `trusthub-conformance …` commands parse with the CLI's own commander
 * program, npm commands name scripts and packages that exist, the curl answers 201 from the
 * reference mock, config examples load with the real config loader, and the TypeScript examples
 * type-check (the library one also runs against the reference mock). A block of a kind this file
 * does not know fails the test: a new one needs a check here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/main.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, type MockServer, startMock } from '../mock/index.ts';
import { MOCK_FULL_ENV } from './helpers/certify.ts';
import { type Block, commandsOf, readmeBlocks, words } from './helpers/readme.ts';
import { spawnProcess } from './helpers/spawn-cli.ts';

const ROOT = process.cwd();
const NODE = join(ROOT, 'node_modules/.bin/node');
const blocks = readmeBlocks();
const shell = blocks.filter((b) => b.lang === 'sh');
const code = blocks.filter((b) => b.lang !== 'sh');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; scripts: Record<string, string>; peerDependencies: Record<string, string> };

let dir: string;
let mock: MockServer;
beforeAll(async () => {
  mkdirSync(join(ROOT, 'tests', 'tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'tests', 'tmp', 'readme-'));
  // what `npm install trusthub-conformance` gives the examples, resolved to the sources here
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'trusthub-conformance'), 'dir');
  mock = await startMock({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Parses a `trusthub-conformance …` command line with the CLI's program, its actions stubbed out. */
async function parse(args: string[]): Promise<string> {
  const program = buildProgram();
  let ran = '';
  let errors = '';
  const output = {
    writeErr: (s: string) => {
      errors += s;
    },
    writeOut: () => {},
  };
  program.configureOutput(output);
  for (const c of program.commands as Command[]) {
    c.configureOutput(output);
    c.action(() => {
      ran = c.name();
    });
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    throw new Error(`${args.join(' ')}: ${errors || (err as Error).message}`);
  }
  return ran;
}

describe('README.md code blocks', () => {
  it('are all of a kind this test checks', () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const b of blocks) expect(['sh', 'ts', 'js', 'json'], b.text).toContain(b.lang);
    for (const b of code) expect(b.file, `a code block in "${b.section}" names no file in its first line`).toBeDefined();
  });

  it.each(shell.map((b, i) => [`${i} (${b.section})`, b] as const))('shell block %s: every command is one the CLI, npm or the mock accepts', async (_, block: Block) => {
    const commands = commandsOf(block);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const [tool, ...args] = words(command);
      if (tool === 'npx' && args[0] === pkg.name) {
        expect(await parse(args.slice(1)), command).toBe(args[1]);
      } else if (tool === 'npx' && args[0] === 'vitest') {
        expect(Object.keys(pkg.peerDependencies), command).toContain('vitest');
      } else if (tool === 'npm' && (args[0] === 'ci' || args[0] === 'install')) {
        // what is installed: this package, or the peer its vitest entry needs
        for (const name of args.slice(1).filter((a) => !a.startsWith('-'))) expect([pkg.name, ...Object.keys(pkg.peerDependencies)], command).toContain(name);
      } else if (tool === 'npm') {
        const script = args[0] === 'run' ? args[1]! : args[0]!;
        expect(Object.keys(pkg.scripts), command).toContain(script);
      } else if (tool === 'export') {
        for (const a of args) expect(a, command).toMatch(/^(TWILIO_(ACCOUNT_SID|AUTH_TOKEN|API_KEY|API_SECRET)|TRUSTHUB_SECOND_(ACCOUNT_SID|AUTH_TOKEN|API_KEY|API_SECRET)|TRUSTHUB_HEADER_[A-Z0-9_]+)=/);
      } else if (tool === 'curl') {
        await curl(args);
      } else {
        throw new Error(`a README command this test does not know: ${command}`);
      }
    }
  });

  it('the run line of the mock section uses the credentials the mock starts with', () => {
    const block = shell.find((b) => b.section === 'The reference mock on its own' && b.text.includes(' run '))!;
    expect(commandsOf(block)[0]).toBe(
      `npx trusthub-conformance run --target http://127.0.0.1:4010 --account-sid ${DEFAULT_ACCOUNT_SID} --auth-token ${DEFAULT_AUTH_TOKEN} ` +
        `--api-key ${DEFAULT_API_KEY_SID} --api-secret ${DEFAULT_API_KEY_SECRET} --second-account-sid ${DEFAULT_SECOND_ACCOUNT_SID} --second-auth-token ${DEFAULT_SECOND_AUTH_TOKEN}`,
    );
  });

  it('config examples load with the config loader, the .mjs one in a "type": "commonjs" package as npm init makes', async () => {
    const configs = code.filter((b) => b.file?.startsWith('trusthub-conformance.config.'));
    expect(configs.map((b) => b.file)).toEqual(['trusthub-conformance.config.mjs', 'trusthub-conformance.config.ts']);
    // the first one a reader meets works in any project
    expect(code.findIndex((b) => b.file === 'trusthub-conformance.config.mjs')).toBeLessThan(code.findIndex((b) => b.file === 'trusthub-conformance.config.ts'));
    for (const [b, type] of [
      [configs[0]!, 'commonjs'],
      [configs[1]!, 'module'],
    ] as const) {
      const d = mkdtempSync(join(dir, 'config-'));
      symlinkSync(join(dir, 'node_modules'), join(d, 'node_modules'), 'dir');
      writeFileSync(join(d, 'package.json'), JSON.stringify({ name: 'vendor', type }));
      writeFileSync(join(d, b.file!), b.text);
      const script = `import(${JSON.stringify(join(ROOT, 'cli/config.ts'))}).then((m) => m.loadConfig(${JSON.stringify(join(d, b.file!))})).then((c) => console.log(JSON.stringify(c)))`;
      const r = await spawnProcess(NODE, ['--conditions=trusthub-conformance-source', '-e', script], { cwd: d }).done;
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout), b.file).toMatchObject({ target: 'https://staging.example.com', runs: 200, requireLevel: 2 });
    }
  });

  it('TypeScript examples type-check against the package', async () => {
    const ts = code.filter((b) => b.lang === 'ts');
    expect(ts.map((b) => b.file)).toEqual(expect.arrayContaining(['trusthub-conformance.config.ts', 'conformance.test.ts', 'certify.mts']));
    const d = mkdtempSync(join(dir, 'types-'));
    symlinkSync(join(dir, 'node_modules'), join(d, 'node_modules'), 'dir');
    writeFileSync(join(d, 'package.json'), JSON.stringify({ name: 'vendor', type: 'module' }));
    for (const b of ts) writeFileSync(join(d, b.file!), b.text);
    writeFileSync(
      join(d, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2023',
          module: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          // the package's own sources stand in for its declarations
          customConditions: ['trusthub-conformance-source'],
          allowImportingTsExtensions: true,
        },
        files: ts.map((b) => b.file),
      }),
    );
    const r = await spawnProcess(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: d }).done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('the library example certifies the reference mock and writes its reports', async () => {
    const b = code.find((x) => x.file === 'certify.mts')!;
    expect(b.text).toContain("'http://127.0.0.1:4010'");
    const d = mkdtempSync(join(dir, 'lib-'));
    symlinkSync(join(dir, 'node_modules'), join(d, 'node_modules'), 'dir');
    writeFileSync(join(d, b.file!), b.text.replace("'http://127.0.0.1:4010'", JSON.stringify(mock.url)));
    // the mock's API key and second account beside its Auth Token, as the example reads them: level 3 needs them
    const env = { ...process.env, ...MOCK_FULL_ENV };
    const r = await spawnProcess(NODE, ['--conditions=trusthub-conformance-source', b.file!], { cwd: d, env }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/conformant: true/);
    expect(readdirSync(join(d, 'conformance-report')).sort()).toEqual(['report.html', 'report.json', 'statement.intoto.json']);
  });
});

/** Sends the README's curl request to the reference mock started here. */
async function curl(args: string[]): Promise<void> {
  let method = 'GET';
  let url = '';
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X') method = args[++i]!;
    else if (a === '--user' || a === '-u') headers.authorization = `Basic ${Buffer.from(args[++i]!).toString('base64')}`;
    else if (a === '-H') {
      const [k, ...v] = args[++i]!.split(':');
      headers[k!.trim().toLowerCase()] = v.join(':').trim();
    } else if (a === '-d' || a === '--data') body = args[++i];
    else if (/^https?:\/\//.test(a)) url = a;
    else throw new Error(`a curl flag this test does not know: ${a}`);
  }
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4010\//);
  const res = await fetch(url.replace('http://127.0.0.1:4010', mock.url), { method, headers, body });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(((await res.json()) as { account_sid: string }).account_sid).toBe(DEFAULT_ACCOUNT_SID);
}
