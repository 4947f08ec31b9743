import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../contracts/catalog.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, startMock } from '../mock/index.ts';
import { rememberSecrets } from '../contracts/secrets.ts';
import { conformanceSuite, describeFailure, warningLine } from '../vitest.ts';
import { startCounting } from './helpers/counting.ts';

const ROOT = process.cwd();
const NODE = join(ROOT, 'node_modules/.bin/node');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const PROJECT = join(ROOT, 'tests/fixtures/vitest-project');

/** What `npm install ../../..` would make: the fixture's node_modules/trusthub-conformance → this repository. */
function linkPackage(): void {
  mkdirSync(join(PROJECT, 'node_modules'), { recursive: true });
  try {
    symlinkSync('../../../..', join(PROJECT, 'node_modules', 'trusthub-conformance'), 'dir');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface JsonResult {
  numFailedTests: number;
  numPassedTests: number;
  numPendingTests: number;
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
}

/** Runs the fixture project's own vitest (the sources stand in for the installed package). */
async function runFixture(env: Record<string, string>, reporters: string[] = ['--reporter=default']) {
  linkPackage();
  const out = mkdtempSync(join(tmpdir(), 'thc-vitest-'));
  dirs.push(out);
  const json = join(out, 'results.json');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'));
  const child = spawn(NODE, [VITEST, 'run', '--root', PROJECT, ...reporters, '--reporter=json', `--outputFile.json=${json}`], {
    env: { ...clean, NO_COLOR: '1', TRUSTHUB_CONFORMANCE_SOURCE: '1', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  const [code] = (await once(child, 'close')) as [number | null];
  const results = JSON.parse(readFileSync(json, 'utf8')) as JsonResult;
  const tests = results.testResults.flatMap((f) => f.assertionResults);
  return { code, output, results, tests };
}

describe('the vitest adapter in a vendor project (tests/fixtures/vitest-project)', () => {
  it('with no target, certifies the embedded reference mock: one passing test per check', async () => {
    const { code, output, results, tests } = await runFixture({});
    expect(code, output).toBe(0);
    expect(tests.map((t) => t.title.split(' ')[0])).toEqual(CATALOG.map((c) => c.id));
    expect(results.numFailedTests).toBe(0);
    // a check that no exchange of the run applies to is skipped at run time, not passed
    for (const t of tests) expect(['passed', 'skipped']).toContain(t.status);
    // the three with nothing to judge on the mock: observed.behaviour (no observations file), rate-limit.code-20429 (the mock never throttles), fetch.no-update (no profile older than the run)
    expect(results.numPassedTests).toBeGreaterThanOrEqual(CATALOG.length - 3);
  });

  it('against a faulty target, fails exactly the check that catches the fault, with the counterexample and its curl', async () => {
    const mock = await startMock({ port: 0, fault: 'status-pending' });
    try {
      // the Auth Token and a second account, no API key: auth.pairs-one-account cannot judge, and level 3 is not tested
      const { code, output, tests } = await runFixture({
        TRUSTHUB_TARGET: mock.url,
        TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
        TRUSTHUB_SECOND_ACCOUNT_SID: DEFAULT_SECOND_ACCOUNT_SID,
        TRUSTHUB_SECOND_AUTH_TOKEN: DEFAULT_SECOND_AUTH_TOKEN,
      });
      expect(code).toBe(1);
      const failed = tests.filter((t) => t.status === 'failed');
      expect(failed.map((t) => t.title.split(' ')[0]).sort()).toEqual(['auth.pairs-one-account', 'create.initial-state']);
      // before: its test was skipped, and the run green at level 3 but for the fault
      const lacking = failed.find((t) => t.title.startsWith('auth.pairs-one-account '))!.failureMessages.join('\n');
      expect(lacking).toContain(
        'auth.pairs-one-account (L3 MUST) was not judged: it needs an API key beside the Auth Token (credentials.apiKey, credentials.apiSecret with credentials.authToken), so level 3 is not tested',
      );
      const message = failed.find((t) => t.title.startsWith('create.initial-state '))!.failureMessages.join('\n');
      expect(message).toContain('create.initial-state (L3 MUST): ');
      expect(message).toMatch(/pending-review/);
      expect(message).toContain(`request: POST ${mock.url}/v1/CustomerProfiles`);
      expect(message).toMatch(/response: 201 /);
      expect(message).toContain(`curl -sS -i -X POST ${mock.url}/v1/CustomerProfiles -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`);
      // the same in what a person reads in the terminal
      expect(output).toContain('FAIL');
      expect(output).toContain('replay:');
      expect(output).toContain(`curl -sS -i -X POST ${mock.url}/v1/CustomerProfiles`);
      expect(output).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await mock.close();
    }
  });

  it('shows a failed SHOULD check in the default reporter, though its test passes', async () => {
    // plus-not-space breaks echo.fields (MUST) and, through it, two SHOULD checks
    const mock = await startMock({ port: 0, fault: 'plus-not-space' });
    try {
      const { code, output, tests } = await runFixture({
        TRUSTHUB_TARGET: mock.url,
        TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
      });
      expect(code).toBe(1);
      const should = CATALOG.filter((c) => c.severity === 'SHOULD').map((c) => c.id);
      const warned = [...output.matchAll(/⚠ SHOULD failed: (\S+): /g)].map((m) => m[1]!);
      expect(warned.length, output).toBeGreaterThan(0);
      for (const id of warned) {
        expect(should).toContain(id);
        // its test still passes: a SHOULD failure is a warning
        expect(tests.find((t) => t.title.startsWith(`${id} `))?.status).toBe('passed');
        // under the test's name, with the replay command after the message (a sequence of the account model: one line a request)
        expect(output).toMatch(new RegExp(`stderr \\| conformance\\.spec\\.ts > .* > ${id.replace('.', '\\.')} [^\\n]*\\n⚠ SHOULD failed: ${id.replace('.', '\\.')}: .*(?:\\n(?! {2}replay: ).*)*\\n {2}replay: curl `));
      }
      // a counting failure is a failed test, not a warning
      expect(output).not.toContain('⚠ SHOULD failed: echo.fields');
      expect(output).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await mock.close();
    }
  });

  it("under GitHub Actions, vitest annotates each failure and warning at the user's conformanceSuite() call", async () => {
    // before: the failures were thrown with no frame outside node_modules, so vitest's github-actions
    // reporter printed no ::error for them (0 annotations for 7 failures), nor the warnings' ::warning
    const mock = await startMock({ port: 0, fault: 'plus-not-space' });
    try {
      const { output, tests } = await runFixture(
        { TRUSTHUB_TARGET: mock.url, TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN, GITHUB_ACTIONS: 'true' },
        ['--reporter=github-actions'],
      );
      const commands = output.split('\n').filter((l) => /^::(error|warning) /.test(l));
      const failed = tests.filter((t) => t.status === 'failed').map((t) => t.title.split(' ')[0]);
      const errors = commands.filter((l) => l.startsWith('::error '));
      expect(failed.length).toBeGreaterThan(0);
      expect(errors).toHaveLength(failed.length);
      expect(commands.filter((l) => l.startsWith('::warning ')).length).toBeGreaterThan(0);
      // the spec file calls conformanceSuite( on line 4, column 1
      const spec = join(PROJECT, 'conformance.spec.ts');
      expect(readFileSync(spec, 'utf8').split('\n')[3]).toBe('conformanceSuite({');
      for (const c of commands) expect(c).toMatch(new RegExp(`^::(error|warning) file=${spec.replace(/[.]/g, '\\.')},.*line=4,column=1::`));
      for (const id of failed) expect(errors.some((l) => l.includes(`conformance > ${id} `))).toBe(true);
      expect(output).not.toContain(DEFAULT_AUTH_TOKEN);
    } finally {
      await mock.close();
    }
  });

  it('a clean target gets no warning', async () => {
    const { code, output } = await runFixture({ TRUSTHUB_RUNS: '5' });
    expect(code, output).toBe(0);
    expect(output).not.toContain('⚠');
  });

  it('goes through the options model: an empty target (an unset CI variable) fails every test, nothing certified', async () => {
    const { code, tests, output } = await runFixture({ TRUSTHUB_TARGET: '', TRUSTHUB_RUNS: '2' });
    expect(code).toBe(1);
    expect(tests.filter((t) => t.status === 'passed')).toEqual([]);
    expect(output).toContain('CertifyOptionError: target is empty (an unset variable?): give it a value or leave it out');
  });

  it("goes through the production guard: trusthub.twilio.com without live fails every test, nothing sent, not even to a proxy", async () => {
    // a proxy in the way: were the guard missing, the connection would reach this loopback server, never Twilio
    const proxy = await startCounting();
    try {
      const { code, tests, output } = await runFixture({
        TRUSTHUB_TARGET: 'https://trusthub.twilio.com',
        TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
        TRUSTHUB_RUNS: '2',
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        NO_PROXY: '',
      });
      expect(code).toBe(1);
      expect(tests.filter((t) => t.status === 'passed')).toEqual([]);
      expect(output).toMatch(/CertifyOptionError: trusthub\.twilio\.com is Twilio's production API .*pass live: true/);
      expect(proxy.connections + proxy.tunnels.length).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('against an unreachable target, fails every test with the reason', async () => {
    const mock = await startMock({ port: 0 });
    const url = mock.url;
    await mock.close();
    const { code, tests, output } = await runFixture({
      TRUSTHUB_TARGET: url,
      TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
      TRUSTHUB_RUNS: '2',
    });
    expect(code).toBe(1);
    expect(tests.filter((t) => t.status === 'passed')).toEqual([]);
    expect(output).toContain(`the certification did not finish: target unreachable: no answer from ${url}`);
  });
});

describe('describeFailure', () => {
  it('tells the message, the counts, the request, the response and the replay command', () => {
    const text = describeFailure(
      { id: 'echo.fields', level: 3, severity: 'MUST', title: 'The resource echoes', failed: 2, passed: 8 },
      {
        message: 'friendly_name was "a b", sent "a  b"',
        index: 41,
        category: 'valid',
        caseLabel: 'valid request',
        request: { method: 'POST', url: 'http://127.0.0.1:1/v1/CustomerProfiles', headers: { authorization: 'Basic [redacted]' }, body: 'FriendlyName=a++b' },
        response: { status: 201, statusText: 'Created', headers: { 'content-type': 'application/json' }, body: '{"friendly_name":"a b"}' },
        curl: "curl -sS -i -X POST http://127.0.0.1:1/v1/CustomerProfiles --data-binary 'FriendlyName=a++b'",
        shrunk: true,
      },
    );
    expect(text.split('\n')).toEqual([
      'echo.fields (L3 MUST): friendly_name was "a b", sent "a  b"',
      '  2 of 10 exchanges failed "The resource echoes"; the first, #41 (valid: valid request), shrunk to a minimal case:',
      '',
      '  request: POST http://127.0.0.1:1/v1/CustomerProfiles',
      '    authorization: Basic [redacted]',
      '',
      '    FriendlyName=a++b',
      '',
      '  response: 201 Created',
      '    content-type: application/json',
      '',
      '    {"friendly_name":"a b"}',
      '',
      '  replay:',
      "    curl -sS -i -X POST http://127.0.0.1:1/v1/CustomerProfiles --data-binary 'FriendlyName=a++b'",
      '',
      '  what the check asks, with a passing and a failing answer:',
      '    trusthub-conformance explain echo.fields',
    ]);
  });
});

describe('what a test message shows of the target is inert, as on the terminal', () => {
  const hostile = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J\u202eevil\u202c \u0007\r';
  const check = { id: 'echo.fields', level: 3 as const, severity: 'MUST' as const, title: 'The resource echoes', failed: 1, passed: 0 };
  const failure = {
    message: `friendly_name was ${hostile}`,
    index: 1,
    category: 'valid' as const,
    caseLabel: `label ${hostile}`,
    request: { method: 'POST', url: 'http://127.0.0.1:1/v1/CustomerProfiles', headers: { 'x-a': hostile }, body: `FriendlyName=${hostile}` },
    response: { status: 201, statusText: hostile, headers: { [`x-${hostile}`]: hostile }, body: hostile },
    curl: `curl ${hostile}`,
    shrunk: false,
  };

  it('describeFailure and warningLine: no control character, ANSI escape or bidi override reaches the message', () => {
    for (const text of [describeFailure(check, failure), warningLine({ ...check, firstFailure: failure }, 2)]) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).toContain('\\x1b]8;;https://evil.example\\x07click');
      expect(text).toContain('\\u202Eevil\\u202C');
    }
  });

  it('names no secret this process used', () => {
    rememberSecrets(['s3cr3t-token-of-the-run']);
    const text = describeFailure(check, { ...failure, message: 'echoed s3cr3t-token-of-the-run' });
    expect(text).not.toContain('s3cr3t-token-of-the-run');
    expect(text).toContain('echoed [redacted]');
  });
});

// The adapter in this very run: a level-3 fault does not fail a suite that requires level 2
// (the failing check passes with a warning annotation), and --only selects the tests.
conformanceSuite({
  name: 'conformanceSuite here: an L3 fault under requireLevel 2 passes with a warning',
  mock: { fault: 'status-pending' },
  requireLevel: 2,
  runs: 5,
  seed: 7,
  only: ['L2', 'create.initial-state'],
});
