import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyLine, verboseLine } from '../../cli/verbose.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../mock/index.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const creds = ['--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN];
const LINE = /^#\d+ [a-z-]+ (POST|GET|DELETE) (\d{3}|error [A-Z_]+) \d+ ms( FAIL [a-z0-9.,-]+)?$/;
/** another answer: its route, method, status, latency and what it was for */
const REPLY = /^#(\d+|-) (create|fetch|list|delete|update|other) (POST|GET|DELETE|PUT|PATCH|HEAD|OPTIONS|TRACE) (\d{3}|error [A-Z_]+) \d+ ms \(.+\)( FAIL [a-z0-9.,-]+)?$/;

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

  it('formats another answer: index (or - for none), route, method, status, latency, what it was for, failing checks', () => {
    const reply = { route: 'fetch', auth: 'none', index: 3, purpose: 'fetch of the profile with no credentials', absorbed: false, request: { method: 'GET', url: 'x', headers: {}, body: '' }, latencyMs: 4.6, receivedAt: 0 };
    expect(replyLine({ ...reply, response: { status: 200 } } as never, ['auth.follow-up-routes'])).toBe(
      '#3 fetch GET 200 5 ms (fetch of the profile with no credentials) FAIL auth.follow-up-routes',
    );
    expect(replyLine({ ...reply, route: 'delete', index: -1, purpose: 'cleanup', absorbed: true, request: { ...reply.request, method: 'DELETE' }, response: { status: 503 } } as never, [])).toBe(
      '#- delete DELETE 503 5 ms (cleanup, replaced by a retry)',
    );
  });

  it('prints one redacted line per exchange and per other answer (GETs, DELETEs) on stderr, the failing ones with their check ids', async () => {
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    const dir = mkdtempSync(join(tmpdir(), 'thc-verbose-'));
    try {
      const r = await runCli(['run', '--target', mock.url, ...creds, '--runs', '3', '--seed', '1', '-v', '-H', 'x-gw: gw-secret-77', '--format', 'json', '--report-dir', dir, '--no-progress']);
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(1);
      const all = r.stderr.split('\n').filter((l) => l.startsWith('#'));
      const lines = all.filter((l) => LINE.test(l));
      const others = all.filter((l) => REPLY.test(l));
      expect(lines.length + others.length).toBe(all.length);
      const { total, otherAnswers } = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).exchanges;
      expect(lines.length).toBe(total);
      // the reads, lists and DELETEs after the creates, and the credential probes, one line each
      expect(others.length).toBe(otherAnswers);
      expect(others.some((l) => /^#\d+ fetch GET 200 \d+ ms \(read back\)$/.test(l))).toBe(true);
      expect(others.some((l) => /^#\d+ update POST 200 \d+ ms \(update \(POST\) of a profile of the run/.test(l))).toBe(true);
      expect(others.some((l) => /^#\d+ delete DELETE 204 \d+ ms \(delete\)$/.test(l))).toBe(true);
      expect(others.some((l) => /^#\d+ list GET 401 \d+ ms \(list with no credentials\)$/.test(l))).toBe(true);
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
