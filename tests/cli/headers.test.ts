import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headerRerunArgs, parseHeader, parseHeaders } from '../../cli/headers.ts';
import type { Report } from '../../contracts/report.ts';
import { curlFor } from '../../engine/transport/curl.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { startGateway } from '../helpers/gateway.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-headers-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const creds = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];
const KEY = 'gw-key-3f9a7c51e2d8';

describe('-H/--header parsing', () => {
  it('lower-cases the name and trims the value', () => {
    expect(parseHeader('X-Api-Key:  abc def ')).toEqual(['x-api-key', 'abc def']);
    expect(parseHeaders(['X-A: value-1', 'x-b: value-two'])).toEqual({ 'x-a': 'value-1', 'x-b': 'value-two' });
    expect(parseHeaders(undefined)).toBeUndefined();
  });

  it.each([
    ['x-api-key secret', /without a colon/],
    [': value', /without a name/],
    ['x api key: v', /cannot hold " "/],
    ['Host: evil.example', /host cannot be set/],
    ['Content-Length: 5', /content-length cannot be set/],
    ['Authorization: Bearer x', /authorization cannot be set/],
    ['content-type: text/plain', /content-type cannot be set/],
    ['x-a: one\r\nx-b: two', /line break/],
    ['x-a: bell\u0007', /control character/],
    ['x-a:   ', /has no value/],
    ['x-api-key: k3y', /^--header: the value of x-api-key is shorter than 6 characters: too short to redact reliably from every output; give the whole secret$/],
  ])('refuses %j in one line', (raw, message) => {
    expect(() => parseHeader(raw)).toThrow(message);
  });

  it('never echoes a value in its error', () => {
    const messages = [`x-api-key ${KEY}`, `x-api-key=${KEY}: v`, `x-api-key: ${KEY}\n`, `host: ${KEY}`].map((raw) => {
      try {
        parseHeader(raw);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(messages.every((m) => m.startsWith('--header'))).toBe(true);
    for (const m of messages) expect(m).not.toContain(KEY);
  });

  it('refuses a name given twice', () => {
    expect(() => parseHeaders(['x-a: first-value', 'X-A: second-value'])).toThrow(/x-a is given twice/);
  });

  it('replay lines and the rerun command read a header from its variable, never inline', () => {
    const req = { method: 'POST', url: 'http://127.0.0.1:1/v1/CustomerProfiles', headers: { 'x-api-key': '[redacted]', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' };
    const curl = curlFor(req, 'valid', false, ['x-api-key']);
    expect(curl).toContain('-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
    expect(curl).not.toContain('[redacted]');
    expect(headerRerunArgs({ 'x-api-key': KEY })).toEqual(['-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"']);
  });
});

describe('run -H end to end', () => {
  it('sends the header with every request and no output shows its value: reports, cassette, terminal', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    const gw = await startGateway(mock.url, 'x-api-key', KEY, { echo: true });
    try {
      // the gateway really wants the key
      expect((await fetch(`${gw.url}/v1/CustomerProfiles`)).status).toBe(403);
      gw.refused = 0;
      const dir = tempDir();
      const har = join(dir, 'run.har');
      const r = await runCli([
        'run', '--target', gw.url, ...creds, '-H', `X-Api-Key: ${KEY}`, '--runs', '5', '--seed', '1',
        '--record', har, '--report-dir', dir, '--format', 'json,junit,md,html,badge', '--no-progress',
      ]);
      expect(crashSigns(r)).toEqual([]);
      expect(r.code, r.stderr).toBe(1);
      expect(gw.passed).toBeGreaterThan(50);
      expect(gw.refused).toBe(0);
      const files = readdirSync(dir);
      expect(files.sort()).toEqual(['badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md', 'run.har', 'statement.intoto.json']);
      for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain(KEY);
      expect(r.stdout + r.stderr).not.toContain(KEY);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      const failure = report.checks.find((c) => c.id === 'missing.code-20001')!.firstFailure!;
      expect(failure.request.headers['x-api-key']).toBe('[redacted]');
      // the gateway echoed the key back: redacted there too, and a leak of the caller's secret
      expect(failure.response?.headers['x-seen-key']).toBe('[redacted]');
      expect(report.checks.find((c) => c.id === 'no-credential-leak')?.status).toBe('fail');
      expect(failure.curl).toContain('-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
      expect(report.certificate.rerun).toContain('-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
      expect(r.stderr).toContain('replay lines read x-api-key from $TRUSTHUB_HEADER_X_API_KEY');
      expect(readFileSync(har, 'utf8')).toContain('"name":"x-api-key","value":"[redacted]"');
    } finally {
      await gw.close();
      await mock.close();
    }
  });

  it('a malformed header stops the run before anything is sent (exit 2, one line)', async () => {
    const mock = await startMock({ port: 0 });
    const gw = await startGateway(mock.url, 'x-api-key', KEY);
    try {
      const r = await runCli(['run', '--target', gw.url, ...creds, '-H', 'X-Api-Key: a\u0001b', '--runs', '1', '--report-dir', tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual(['trusthub-conformance: --header: the value of x-api-key holds a control character']);
      expect(gw.passed + gw.refused).toBe(0);
    } finally {
      await gw.close();
      await mock.close();
    }
  });
});

describe('run --dry-run -H', () => {
  it('prints the header from its variable in every curl line, never the value', async () => {
    const r = await runCli(['run', '--dry-run', '--runs', '1', '--seed', '1', '-H', `x-api-key: ${KEY}`]);
    expect(r.code, r.stderr).toBe(0);
    const curls = r.stdout.split('\n').filter((l) => l.startsWith('curl '));
    expect(curls.length).toBeGreaterThan(10);
    for (const c of curls) expect(c).toContain('-H "x-api-key: $TRUSTHUB_HEADER_X_API_KEY"');
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });
});
