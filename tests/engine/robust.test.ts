/**
 * Broken targets: for each way a server can break, the run completes within its bounds, writes
 * its report, names the problem in the failing check and exits with the documented code
 * (0 conformant, 1 not, 3 never answered). A few go through the CLI, the rest through runSuite.
 * ROBUST_MATRIX=1 prints the matrix with timings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../engine/checks/index.ts';
import { buildReport } from '../../engine/judge/report.ts';
import { type RunOptions, runSuite } from '../../engine/run/run.ts';
import type { Report } from '../../contracts/report.ts';
import { freePort, HOSTILE_CLI_CREDENTIALS, HOSTILE_FULL_CREDENTIALS, type HostileKind, type HostileOptions, privateCa, startHostile } from '../helpers/hostile-server.ts';
import { crashSigns, runCli } from '../helpers/spawn-cli.ts';

const matrix: string[] = [];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thc-robust-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (process.env.ROBUST_MATRIX) process.stderr.write(`\n${matrix.join('\n')}\n`);
});

/** What the CLI would exit with for this report (run-action's rule). */
const exitCodeOf = (report: Report, unreachable: boolean) => (unreachable ? 3 : report.verdict.conformant ? 0 : 1);

async function certify(url: string, run: Partial<RunOptions> = {}) {
  const started = performance.now();
  const options: RunOptions = {
    targetUrl: url,
    // the API key and the second account beside the Auth Token: level 3 needs them
    credentials: HOSTILE_FULL_CREDENTIALS,
    seed: 11,
    runs: 3,
    concurrency: 4,
    timeoutMs: 2000,
    checks: CHECKS,
    ...run,
  };
  const result = await runSuite(options);
  const report = buildReport(result, {
    targetUrl: url,
    embedded: false,
    seed: options.seed,
    runs: options.runs,
    requiredLevel: 3,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    rerun: 'test',
  });
  const ms = Math.round(performance.now() - started);
  return { result, report, ms, code: exitCodeOf(report, result.unreachable !== undefined) };
}

const failing = (report: Report, id: string) => report.checks.find((c) => c.id === id && c.status === 'fail');

function note(kind: string, what: string, code: number | null, ms: number) {
  matrix.push(`${kind.padEnd(28)} exit ${code}  ${String(ms).padStart(6)} ms  ${what}`);
}

async function withHostile<T>(kind: HostileKind, options: HostileOptions, fn: (h: Awaited<ReturnType<typeof startHostile>>) => Promise<T>): Promise<T> {
  const h = await startHostile(kind, options);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

describe('through the CLI', () => {
  const cli = async (url: string, extra: string[] = []) => {
    const dir = tempDir();
    const r = await runCli(['run', '--target', url, ...HOSTILE_CLI_CREDENTIALS, '--runs', '3', '--seed', '5', '--report-dir', dir, '--no-progress', '--format', 'json', ...extra]);
    expect(crashSigns(r), r.stderr).toEqual([]);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    return { ...r, report };
  };

  it('connection refused: exit 3, the report says unreachable', async () => {
    const r = await cli(`http://127.0.0.1:${await freePort()}`);
    expect(r.code).toBe(3);
    expect(r.report.incomplete?.reason).toMatch(/unreachable.*connection refused/);
    expect(failing(r.report, 'create.status-201')?.firstFailure?.message).toMatch(/no answer to a valid create: connection refused/);
    expect(r.report.exchanges.retries).toBe(0); // a refused connection is not retried
    note('connection refused', r.report.incomplete!.reason, r.code, r.ms);
  });

  it('connection reset mid-response: retried, then exit 3 naming the closed socket', async () => {
    await withHostile('reset', {}, async (h) => {
      const r = await cli(h.url, ['--retries', '1']);
      expect(r.code).toBe(3);
      const message = failing(r.report, 'create.status-201')?.firstFailure?.message ?? '';
      expect(message).toMatch(/no answer to a valid create: (socket closed by the target|connection reset)/);
      expect(r.report.exchanges.retries).toBeGreaterThan(0);
      expect(r.report.exchanges.transportErrors).toBe(r.report.exchanges.total);
      note('connection reset mid-response', message, r.code, r.ms);
    });
  });

  it('no answer at all: each request times out (--timeout), exit 3', async () => {
    await withHostile('silent', {}, async (h) => {
      const r = await cli(h.url, ['--timeout', '300']);
      expect(r.code).toBe(3);
      const message = failing(r.report, 'create.status-201')?.firstFailure?.message ?? '';
      // undici's headers timer ticks coarsely: its timeout or the whole-exchange bound names it first
      expect(message).toMatch(/no answer within (the timeout|900 ms)/);
      expect(r.report.incomplete?.reason).toMatch(/unreachable/);
      note('no answer (timeout 300 ms)', message, r.code, r.ms);
    });
  });

  it('a 100 MB body: cut at --max-response-bytes, RESPONSE_TOO_LARGE, exit 1', async () => {
    await withHostile('huge', {}, async (h) => {
      const r = await cli(h.url, ['--max-response-bytes', String(64 * 1024)]);
      expect(r.code).toBe(1);
      const message = failing(r.report, 'resource.schema')?.firstFailure?.message ?? '';
      expect(message).toMatch(/RESPONSE_TOO_LARGE/);
      // the client hung up long before 100 MB per response went out
      expect(h.bytesSent).toBeLessThan(h.requests * 20 * 1024 * 1024);
      note('100 MB body', message, r.code, r.ms);
    });
  });

  it('a redirect to another host: not followed, no credential leaves, exit 1', async () => {
    await withHostile('redirect', {}, async (h) => {
      const r = await cli(h.url);
      expect(r.code).toBe(1);
      const message = failing(r.report, 'create.status-201')?.firstFailure?.message ?? '';
      expect(message).toMatch(/expected 201 Created.*got 307/);
      expect(h.requests).toBeGreaterThan(0);
      expect(h.other).toEqual(expect.objectContaining({ requests: 0, withAuthorization: 0 }));
      note('redirect to another host', `${message}; other host: ${h.other!.requests} requests`, r.code, r.ms);
    });
  });

  it('a TLS handshake failure (certificate from an unknown CA): exit 3 naming TLS', async () => {
    const ca = await privateCa(tempDir());
    await withHostile('faithful', { tls: ca.server }, async (h) => {
      const r = await cli(h.url);
      expect(r.code).toBe(3);
      expect(r.report.incomplete?.reason).toMatch(/TLS handshake failed/);
      expect(h.requests).toBe(0);
      note('TLS handshake failure', r.report.incomplete!.reason, r.code, r.ms);
    });
  });
});

describe('through runSuite', () => {
  it('a body that trickles in slowly but completes: judged normally, conformant', async () => {
    await withHostile('trickle', {}, async (h) => {
      // each answer's six pieces come 15 ms apart: well within any timeout; 5 s leaves the burst's 32 creates at once their
      // headers on a loaded machine (at 1 s, a create of the burst went unanswered in time there: create.burst failed)
      const { report, result, ms, code } = await certify(h.url, { timeoutMs: 5000 });
      expect(result.incomplete).toBeUndefined();
      expect(code).toBe(0);
      expect(report.exchanges.transportErrors).toBe(0);
      note('slow trickle that completes', 'conformant', code, ms);
    });
  });

  it('a body that trickles forever: cut at three times the timeout, TIMEOUT, exit 3', async () => {
    await withHostile('trickle-forever', {}, async (h) => {
      const { report, ms, code } = await certify(h.url, { timeoutMs: 200 });
      expect(code).toBe(3);
      const message = failing(report, 'create.status-201')?.firstFailure?.message ?? '';
      expect(message).toMatch(/the body did not complete within 600 ms/);
      note('body trickling forever', message, code, ms);
    });
  });

  it('invalid JSON in a 201: resource.schema names it, exit 1', async () => {
    await withHostile('bad-json', {}, async (h) => {
      const { report, ms, code } = await certify(h.url);
      expect(code).toBe(1);
      const message = failing(report, 'resource.schema')?.firstFailure?.message ?? '';
      expect(message).toMatch(/201 body is not JSON/);
      note('invalid JSON', message, code, ms);
    });
  });

  it('a wrong Content-Type: response.content-type-json names it, exit 1', async () => {
    await withHostile('wrong-type', {}, async (h) => {
      const { report, ms, code } = await certify(h.url);
      expect(code).toBe(1);
      const message = failing(report, 'response.content-type-json')?.firstFailure?.message ?? '';
      expect(message).toContain('text/html');
      note('wrong Content-Type', message, code, ms);
    });
  });

  it('a storm of 429s with Retry-After in seconds: waited out, judged on the final answers, exit 0', async () => {
    await withHostile('rate-limit', { storm: 3, retryAfter: { seconds: 1, form: 'seconds' } }, async (h) => {
      const { report, ms, code } = await certify(h.url, { retries: 3 });
      expect(code).toBe(0);
      expect(report.exchanges.retries).toBe(3);
      expect(report.exchanges.byStatus['429']).toBeUndefined(); // retried exchanges are judged once, on their final answer
      expect(h.requests).toBeGreaterThan(report.exchanges.total);
      note('429 storm, Retry-After: 1', `${report.exchanges.retries} retries; conformant`, code, ms);
    });
  });

  it('a storm of 429s with Retry-After as an HTTP date: honoured the same way', async () => {
    await withHostile('rate-limit', { storm: 2, retryAfter: { seconds: 1, form: 'date' } }, async (h) => {
      const { report, ms, code } = await certify(h.url, { retries: 3 });
      expect(code).toBe(0);
      expect(report.exchanges.retries).toBe(2);
      note('429 storm, Retry-After: <date>', `${report.exchanges.retries} retries; conformant`, code, ms);
    });
  });

  it('429s that never end: bounded retries, then the run stops as rate limited, exit 1', async () => {
    await withHostile('rate-limit', { retryAfter: { seconds: 0, form: 'seconds' } }, async (h) => {
      const { report, result, ms, code } = await certify(h.url, { retries: 2 });
      expect(code).toBe(1);
      expect(result.incomplete).toMatch(/answered 429 to 10 requests in a row, each after up to 2 retries/);
      expect(report.incomplete?.reason).toBe(result.incomplete);
      // every exchange was retried twice (list reads around refusals were retried too)
      expect(report.exchanges.retries).toBeGreaterThanOrEqual(2 * report.exchanges.total);
      expect(report.exchanges.byStatus).toEqual({ 429: report.exchanges.total });
      expect(failing(report, 'create.status-201')?.firstFailure?.message).toMatch(/got 429/);
      note('endless 429s', result.incomplete!, code, ms);
    });
  });

  it('a Retry-After beyond the retry time bound: not waited for, judged at once', async () => {
    await withHostile('rate-limit', { storm: 1, retryAfter: { seconds: 3600, form: 'seconds' } }, async (h) => {
      const { report, ms, code } = await certify(h.url, { retries: 3, retryMaxMs: 5000 });
      expect(code).toBe(1);
      expect(report.exchanges.retries).toBe(0);
      expect(failing(report, 'create.status-201')?.firstFailure?.message).toMatch(/got 429/);
      note('Retry-After: 3600', 'judged on the 429 (not waited)', code, ms);
    });
  });

  it('bursts of 503: retried away, conformant, retries counted', async () => {
    await withHostile('burst-5xx', { burstStatus: 503 }, async (h) => {
      const { report, ms, code } = await certify(h.url, { retries: 3 });
      expect(report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.firstFailure?.message}`)).toEqual([]);
      expect(code).toBe(0);
      expect(report.exchanges.retries).toBeGreaterThan(0);
      expect(report.exchanges.byStatus['503']).toBeUndefined();
      note('bursts of 503', `${report.exchanges.retries} retries; conformant`, code, ms);
    });
  });

  it('bursts of 500: not retried, no-server-error names them, exit 1', async () => {
    await withHostile('burst-5xx', { burstStatus: 500 }, async (h) => {
      const { report, ms, code } = await certify(h.url, { retries: 3 });
      expect(code).toBe(1);
      expect(report.exchanges.retries).toBe(0);
      const message = failing(report, 'no-server-error')?.firstFailure?.message ?? '';
      expect(message).toMatch(/answered 500/);
      note('bursts of 500', message, code, ms);
    });
  });
});
