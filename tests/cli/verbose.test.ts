import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verboseLine } from '../../cli/verbose.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const creds = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];
const LINE = /^#\d+ [a-z-]+ (POST|GET|DELETE) (\d{3}|error [A-Z_]+) \d+ ms( FAIL [a-z0-9.,-]+)?$/;

describe('-v/--verbose', () => {
  it('formats one exchange: index, category, method, status or error, latency, failing checks', () => {
    const base = { index: 7, case: { category: 'valid' }, request: { method: 'POST', url: 'x', headers: {}, body: '' }, latencyMs: 12.4, receivedAt: 0 };
    expect(verboseLine({ ...base, response: { status: 201 } } as never, [])).toBe('#7 valid POST 201 12 ms');
    expect(verboseLine({ ...base, error: { code: 'ECONNRESET', message: 'm' } } as never, ['no-server-error', 'x.y'])).toBe(
      '#7 valid POST error ECONNRESET 12 ms FAIL no-server-error,x.y',
    );
    // a secret never reaches the line, nor a control character
    expect(verboseLine({ ...base, case: { category: 'valid\u001b[2Jsecret-token-1' } } as never, [], ['secret-token-1'])).toBe(
      '#7 valid\\x1b[2J[redacted] POST error unknown 12 ms',
    );
  });

  it('prints one redacted line per exchange on stderr, the failing ones with their check ids', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    const dir = mkdtempSync(join(tmpdir(), 'thc-verbose-'));
    try {
      const r = await runCli(['run', '--target', mock.url, ...creds, '--runs', '3', '--seed', '1', '-v', '-H', 'x-gw: gw-secret-77', '--format', 'json', '--report-dir', dir, '--no-progress']);
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('#'));
      for (const l of lines) expect(l).toMatch(LINE);
      const total = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).exchanges.total;
      expect(lines.length).toBe(total);
      expect(lines.some((l) => / FAIL .*missing\.code-20001/.test(l))).toBe(true);
      expect(r.stderr).not.toContain(DEFAULT_AUTH_TOKEN);
      expect(r.stderr).not.toContain('gw-secret-77');
      const quiet = await runCli(['run', '--target', mock.url, ...creds, '--runs', '3', '--seed', '1', '--format', 'json', '--report-dir', dir, '--no-progress']);
      expect(quiet.stderr.split('\n').filter((l) => l.startsWith('#'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await mock.close();
    }
  });
});
