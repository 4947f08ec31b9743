/**
 * `trusthub-conformance run` with Pact flags, spawned as a user runs it: bad pact files and flags
 * are one line and exit 2, an unreachable broker one line and exit 3; a verification adds one check
 * per interaction to the report; a broker's pacts are verified with the token and results are
 * published only when asked.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_PACT_FILE } from '../../contracts/pact/names.ts';
import type { Report } from '../../contracts/report.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = join(ROOT, 'node_modules/.bin/node');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pact-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['cli/main.ts', 'run', ...args], {
      cwd: ROOT,
      env: { ...process.env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function fixture(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** stderr is exactly one `trusthub-conformance: …` line, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^trusthub-conformance: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('bad pact input: one line, exit 2, before anything is sent', () => {
  it('a pact file that is not JSON', async () => {
    const bad = await fixture('bad.json', '{"consumer": ');
    const r = await cli(['--pact-file', bad]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /--pact-file .*bad\.json is not JSON/);
  });

  it('JSON that is not a pact (the verifier itself would call it an empty, passing pact)', async () => {
    const notPact = await fixture('not-pact.json', '{"a": 1}');
    const r = await cli(['--pact-file', notPact]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /is not a pact: consumer\.name is missing/);
  });

  it('a message pact, and a pact without interactions', async () => {
    const message = await fixture('messages.json', JSON.stringify({ consumer: { name: 'a' }, provider: { name: 'b' }, messages: [] }));
    const r1 = await cli(['--pact-file', message]);
    expect(r1.code).toBe(2);
    expectOneLine(r1.stderr, /message pact/);
    const empty = await fixture('empty.json', JSON.stringify({ consumer: { name: 'a' }, provider: { name: 'b' }, interactions: [] }));
    const r2 = await cli(['--pact-file', empty]);
    expect(r2.code).toBe(2);
    expectOneLine(r2.stderr, /has no interactions/);
  });

  it('a pact file that does not exist', async () => {
    const r = await cli(['--pact-file', join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /nope\.json cannot be read \(ENOENT\)/);
  });

  it('flags that make no sense together', async () => {
    const port = await closedPort();
    const cases: [string[], RegExp][] = [
      [['--pact-consumer-version-selector', '{"mainBranch":true}'], /--pact-consumer-version-selector needs --pact-broker-url/],
      [['--pact', '--pact-publish', '--provider-version', '1.0.0'], /--pact-publish publishes to a Pact Broker: give --pact-broker-url/],
      [['--pact-broker-url', `http://127.0.0.1:${port}`, '--pact-publish'], /--pact-publish needs --provider-version/],
      [['--pact-broker-url', `http://127.0.0.1:${port}`, '--pact-consumer-version-selector', 'main'], /takes JSON/],
      [['--pact', '--provider-version', '1.0.0'], /only used with --pact-publish/],
      [
        ['--pact', '--target', `http://127.0.0.1:${port}`, '--account-sid', 'AC0123456789abcdef0123456789abcdef', '--auth-token', 'token-123456'],
        /needs --policy-sid/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    cases.forEach(([args, pattern], i) => {
      expect(results[i]!.code, args.join(' ')).toBe(2);
      expectOneLine(results[i]!.stderr, pattern);
    });
  });
});

describe('an unreachable broker: one line, exit 3', () => {
  it('says which broker and why', async () => {
    const port = await closedPort();
    const r = await cli(['--pact-broker-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expectOneLine(r.stderr, new RegExp(`cannot reach the Pact Broker at http://127\\.0\\.0\\.1:${port}: connection refused`));
  });
});

async function readReport(reportDir: string): Promise<Report> {
  return JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
}

describe('verification in a run', () => {
  it('--pact against the embedded mock: four passing checks in the report, levels judged over all checks', async () => {
    const reportDir = join(dir, 'report-pact');
    const r = await cli(['--pact', '--runs', '1', '--no-progress', '--report-dir', reportDir]);
    const report = await readReport(reportDir);
    const pact = report.checks.filter((c) => c.id.startsWith('pact.'));
    expect(pact.map((c) => [c.id, c.status, c.level, c.severity])).toEqual([
      ['pact.a-create-with-all-four-parameters', 'pass', 1, 'MUST'],
      ['pact.a-create-without-statuscallback', 'pass', 1, 'MUST'],
      ['pact.a-create-without-credentials', 'pass', 2, 'MUST'],
      ['pact.a-create-without-the-required-friendlyname', 'pass', 2, 'MUST'],
    ]);
    expect(r.code).toBe(report.verdict.conformant ? 0 : 1);
    expect(r.stderr).toMatch(/^pact: 4 interaction\(s\) verified in \d+ ms: 4 passed, 0 failed$/m);
    expect(r.stdout).toContain('pact.a-create-without-credentials');
    // the Rust verifier's own report stays out of the CLI's stdout
    expect(r.stdout).not.toContain('Verifying a pact between');
    expect(report.certificate.rerun).toContain('--pact');
  });

  it("a user's pact that the target breaks: the run is not conformant and names the interaction and the mismatch", async () => {
    const pact = JSON.parse(await readFile(PROJECT_PACT_FILE, 'utf8'));
    pact.consumer.name = 'billing-app';
    const created = pact.interactions.find((i: { description: string }) => i.description === 'a create with all four parameters');
    created.description = 'billing creates a profile';
    created.response.status = 202;
    pact.interactions = [created];
    const file = await fixture('billing.json', JSON.stringify(pact));
    const reportDir = join(dir, 'report-billing');
    const r = await cli(['--pact-file', file, '--runs', '1', '--no-progress', '--report-dir', reportDir]);
    expect(r.code).toBe(1);
    const report = await readReport(reportDir);
    const check = report.checks.find((c) => c.id === 'pact.billing-creates-a-profile');
    expect(check).toMatchObject({ status: 'fail', level: 1, source: { doc: 'suite', ref: 'Pact contract billing-app → trusthub-customer-profiles' } });
    expect(check?.firstFailure?.message).toBe('status: expected 202 but was 201');
    expect(check?.firstFailure?.response?.status).toBe(201);
    expect(report.verdict.conformant).toBe(false);
    expect(report.verdict.levelAchieved).toBe(0);
    expect(r.stdout).toContain('status: expected 202 but was 201');
  });
});

interface BrokerHit {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** Just enough of a Pact Broker: the index, pacts for verification, one pact, and the results link. */
async function stubBroker(): Promise<{ url: string; hits: BrokerHit[]; server: Server }> {
  const pact = JSON.parse(await readFile(PROJECT_PACT_FILE, 'utf8'));
  const hits: BrokerHit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const json = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/hal+json' });
        res.end(JSON.stringify(data));
      };
      const forVerification = `${base}/pacts/provider/trusthub-customer-profiles/for-verification`;
      if (req.url === '/') {
        return json(200, { _links: { 'pb:provider-pacts-for-verification': { href: `${base}/pacts/provider/{provider}/for-verification`, templated: true } } });
      }
      if (req.url === '/pacts/provider/trusthub-customer-profiles/for-verification') {
        if (req.method === 'GET') return json(200, { _links: { self: { href: forVerification } } });
        return json(200, {
          _embedded: {
            pacts: [{ shortDescription: 'main', verificationProperties: { pending: false, notices: [] }, _links: { self: { href: `${base}/pacts/1`, name: 'pact 1' } } }],
          },
        });
      }
      if (req.url === '/pacts/1') return json(200, { ...pact, _links: { 'pb:publish-verification-results': { href: `${base}/pacts/1/verification-results` } } });
      if (req.url === '/pacts/1/verification-results') return json(201, {});
      return json(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, hits, server };
}

describe('pacts from a broker', () => {
  let broker: Awaited<ReturnType<typeof stubBroker>>;
  beforeAll(async () => {
    broker = await stubBroker();
  });
  afterAll(async () => {
    await new Promise((r) => broker.server.close(r));
  });

  it('verifies them with the token and the selectors, and publishes nothing unless asked', async () => {
    broker.hits.length = 0;
    const reportDir = join(dir, 'report-broker');
    // even the verifier's own publish switch in the environment must not publish
    const env = { PACT_BROKER_TOKEN: 'tok-123', PACT_BROKER_PUBLISH_VERIFICATION_RESULTS: 'true' };
    const r = await cli(
      ['--pact-broker-url', broker.url, '--pact-consumer-version-selector', '{"branch":"main"}', '--runs', '1', '--no-progress', '--report-dir', reportDir],
      env,
    );
    const report = await readReport(reportDir);
    expect(r.code).toBe(report.verdict.conformant ? 0 : 1);
    expect(report.checks.filter((c) => c.id.startsWith('pact.')).map((c) => [c.status, c.source.ref])).toEqual(
      Array(4).fill(['pass', 'Pact contract customer-profile-client → trusthub-customer-profiles']),
    );
    expect(broker.hits.every((h) => h.authorization === 'Bearer tok-123')).toBe(true);
    const query = broker.hits.find((h) => h.method === 'POST' && h.url.endsWith('/for-verification'));
    expect(JSON.parse(query!.body).consumerVersionSelectors).toEqual([{ branch: 'main' }]);
    expect(broker.hits.some((h) => h.url.includes('verification-results'))).toBe(false);
  });

  it('--pact-publish --provider-version publishes the results once', async () => {
    broker.hits.length = 0;
    const reportDir = join(dir, 'report-publish');
    const r = await cli(
      ['--pact-broker-url', broker.url, '--pact-publish', '--provider-version', '1.2.3', '--runs', '1', '--no-progress', '--report-dir', reportDir],
      { PACT_BROKER_TOKEN: 'tok-123' },
    );
    expect(r.stderr).toMatch(/^pact: 4 interaction\(s\) verified in \d+ ms: 4 passed, 0 failed; results published as provider version 1\.2\.3$/m);
    const published = broker.hits.filter((h) => h.url === '/pacts/1/verification-results');
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0]!.body)).toMatchObject({ success: true, providerApplicationVersion: '1.2.3' });
    const query = broker.hits.find((h) => h.method === 'POST' && h.url.endsWith('/for-verification'));
    expect(JSON.parse(query!.body).consumerVersionSelectors).toEqual([{ mainBranch: true }, { deployedOrReleased: true }]);
  });
});
