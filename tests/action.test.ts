/**
 * The GitHub Action (action.yml) as a runner would run it, against the reference mock on loopback:
 * its steps in order, each `run:` script in bash -eo pipefail (GitHub's bash) with its env's
 * expressions filled from the inputs, the action's path and the earlier steps' outputs, and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. The `uses:` steps stand in for themselves:
 * setup-node is this repository's Node 24 (node@24 is on PATH), upload-artifact is checked for
 * what it would upload. The install step (`npm ci --omit=dev` in the action's folder) is the one
 * step not run: this checkout's node_modules already holds what it installs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, startMock } from '../mock/index.ts';
import { NODE24_BIN } from './helpers/pack.ts';
import { spawnProcess } from './helpers/spawn-cli.ts';

const ROOT = process.cwd();
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | number>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Ran {
  /** the exit code of the last step run (the job's step fails on non-zero) */
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  uploaded: Array<{ name: string; path: string }>;
  cwd: string;
}

/** Runs the action's steps with these inputs (the others at their defaults) in a fresh working folder. */
async function runAction(given: Record<string, string>): Promise<Ran> {
  const cwd = mkdtempSync(join(tmpdir(), 'thc-action-'));
  dirs.push(cwd);
  const outputFile = join(cwd, '.github-output');
  const summaryFile = join(cwd, '.github-step-summary');
  writeFileSync(summaryFile, '');
  const inputs: Record<string, string> = {};
  // an input's default may name the run (seed: the run number, here 42)
  const github: Record<string, string> = { action_path: ROOT, run_number: '42' };
  const fromGithub = (text: string) => text.replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (_, key: string) => github[key]!);
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? fromGithub(String(spec.default ?? ''));
  for (const name of Object.keys(given)) expect(Object.keys(action.inputs), `input ${name}`).toContain(name);
  const steps: Record<string, Record<string, string>> = {};
  const value = (expr: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return inputs[input[1]!]!;
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output) return steps[output[1]!]?.[output[2]!] ?? '';
    if (expr === 'github.action_path') return github.action_path!;
    throw new Error(`an expression this test does not know: ${expr}`);
  };
  const fill = (text: string) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => value(expr));
  const condition = (cond: string | undefined): boolean =>
    cond === undefined ||
    cond.split('&&').every((term) => {
      const t = term.trim();
      if (t === 'always()') return true;
      const m = /^([\w.-]+) != ''$/.exec(t);
      if (!m) throw new Error(`a condition this test does not know: ${t}`);
      return value(m[1]!) !== '';
    });
  const ran: Ran = { code: 0, stdout: '', summary: '', outputs: {}, uploaded: [], cwd };
  let failed = false;
  for (const step of action.runs.steps) {
    // a step without always() is skipped once one failed, as on a runner
    if (failed && !step.if?.includes('always()')) continue;
    if (!condition(step.if)) continue;
    if (step.uses?.startsWith('actions/setup-node@')) {
      expect(String(step.with?.['node-version'])).toBe('24');
      continue;
    }
    if (step.uses?.startsWith('actions/upload-artifact@')) {
      ran.uploaded.push({ name: fill(String(step.with!.name)), path: fill(String(step.with!.path)) });
      continue;
    }
    if (step.id === 'install') {
      expect(step.run).toMatch(/^npm ci --omit=dev /);
      continue;
    }
    expect(step.shell, step.name).toBe('bash');
    // nothing is pasted into a script: inputs reach it only through env
    expect(step.run, step.name).not.toContain('${{');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(String(v))]));
    const script = join(cwd, `.step-${step.id ?? 'x'}.sh`);
    writeFileSync(script, step.run!);
    writeFileSync(outputFile, '');
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !/^(npm_|TWILIO_|GITHUB_)/i.test(k)));
    const r = await spawnProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? fill(step['working-directory']) : cwd,
      env: {
        ...base,
        PATH: `${NODE24_BIN}${delimiter}${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...env,
      },
    }).done;
    ran.stdout += r.stdout + r.stderr;
    ran.code = r.code ?? 1;
    if (ran.code !== 0) failed = true;
    if (step.id) {
      steps[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
  }
  ran.summary = readFileSync(summaryFile, 'utf8');
  ran.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, fill(o.value)]));
  return ran;
}

/** The mock's account with both of its pairs and its second account: what level 3 needs. */
const FULL_INPUTS = () => ({
  'account-sid': DEFAULT_ACCOUNT_SID,
  'auth-token': DEFAULT_AUTH_TOKEN,
  'api-key': DEFAULT_API_KEY_SID,
  'api-secret': DEFAULT_API_KEY_SECRET,
  'second-account-sid': DEFAULT_SECOND_ACCOUNT_SID,
  'second-auth-token': DEFAULT_SECOND_AUTH_TOKEN,
});

// each test runs the suite once or twice in child processes
describe('action.yml', { timeout: 180_000 }, () => {
  it('is a composite action with the inputs the docs name', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['target', 'account-sid', 'auth-token', 'api-key', 'api-secret', 'policy-sid', 'level', 'runs', 'seed', 'shard', 'report-dir']),
    );
    const docs = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
    expect(docs).toContain('uses: trusthub-conformance/trusthub-conformance@');
    for (const name of ['target', 'account-sid', 'auth-token', 'level', 'runs', 'seed', 'shard']) expect(docs).toContain(`${name}: `);
  });

  it('certifies a conformant target: exit 0, level 3, the reports uploaded, the verdict in the step summary', async () => {
    const mock = await startMock({ port: 0 });
    try {
      // level 3 needs the API key beside the Auth Token and a second account: the mock has both
      const r = await runAction({ ...FULL_INPUTS(), target: mock.url, runs: '3', seed: '7' });
      expect(r.code, r.stdout).toBe(0);
      expect(r.outputs).toEqual({ 'exit-code': '0', level: '3', 'report-dir': 'conformance-report' });
      expect(r.uploaded).toEqual([{ name: 'conformance-report', path: 'conformance-report' }]);
      expect(existsSync(join(r.cwd, 'conformance-report', 'report.html'))).toBe(true);
      const report = JSON.parse(readFileSync(join(r.cwd, 'conformance-report', 'report.json'), 'utf8'));
      expect(report.seed).toBe(7);
      expect(report.target.url).toBe(mock.url);
      expect(r.summary).toContain('## ✅ Conformant at level 3');
      expect(r.summary).toContain('Reports: the artifact `conformance-report` (report.html, report.json, junit.xml, report.md, badge.svg); exit code 0: conformant at the required level.');
      expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
      expect(r.stdout + r.summary).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await mock.close();
    }
  });

  it('with the Auth Token alone: level 2, the step fails at level 3, and a warning says what level 3 needs', async () => {
    // before: exit 0 and "Conformant at level 3" while account isolation and API-key authentication were never tried
    const mock = await startMock({ port: 0 });
    try {
      const r = await runAction({ target: mock.url, 'account-sid': DEFAULT_ACCOUNT_SID, 'auth-token': DEFAULT_AUTH_TOKEN, runs: '3', seed: '7' });
      expect(r.code, r.stdout).toBe(1);
      expect(r.outputs).toMatchObject({ 'exit-code': '1', level: '2' });
      expect(r.summary).toContain('## ⚠️ Not conformant: level 3 not tested');
      expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
        '::warning title=Level 3 not tested::Level 3 not tested: lookup.other-account-404 needs a second account (--second-account-sid, --second-auth-token); auth.pairs-one-account needs an API key beside the Auth Token (--api-key, --api-secret with --auth-token)',
        '::error title=trusthub-conformance::exit code 1: not conformant',
      ]);
    } finally {
      await mock.close();
    }
  });

  it('fails the step on a faulty target, with an annotation per failure; a shard names itself and its artifact', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const r = await runAction({ target: mock.url, 'account-sid': DEFAULT_ACCOUNT_SID, 'auth-token': DEFAULT_AUTH_TOKEN, runs: '3', seed: '7', shard: '1/2', level: '3' });
      expect(r.code).toBe(1);
      expect(r.outputs['exit-code']).toBe('1');
      expect(r.outputs.level).toBe('2');
      expect(r.uploaded).toEqual([{ name: 'conformance-report-shard-1-of-2', path: 'conformance-report' }]);
      const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
      expect(commands.some((l) => l.startsWith('::error title=missing.code-20001::'))).toBe(true);
      expect(commands.at(-1)).toBe('::error title=trusthub-conformance::exit code 1: not conformant');
      expect(r.summary).toContain('(shard 1 of 2)');
      expect(r.summary).toContain('Reports: the artifact `conformance-report-shard-1-of-2`');
    } finally {
      await mock.close();
    }
  });

  it('takes the required level as an input: level 2 passes the target that fails level 3', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const lenient = await runAction({ target: mock.url, 'account-sid': DEFAULT_ACCOUNT_SID, 'auth-token': DEFAULT_AUTH_TOKEN, runs: '3', level: '2' });
      expect(lenient.code, lenient.stdout).toBe(0);
      expect(lenient.outputs).toMatchObject({ 'exit-code': '0', level: '2' });
      // the seed input defaults to the workflow's run number
      expect(JSON.parse(readFileSync(join(lenient.cwd, 'conformance-report', 'report.json'), 'utf8')).seed).toBe(42);
    } finally {
      await mock.close();
    }
  });

  it('never runs an input as a command', async () => {
    const marker = join(tmpdir(), `thc-action-pwned-${process.pid}`);
    const r = await runAction({ target: `http://127.0.0.1:1/$(touch ${marker})`, args: `; touch ${marker}`, runs: '1' });
    expect(existsSync(marker)).toBe(false);
    // the stray words are refused by the suite as arguments: a usage error, nothing sent
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.code).toBe(2);
  });
});
