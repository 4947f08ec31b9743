/**
 * Memory of a long run: a 100,000-request certification of the reference mock, the runner in a
 * child process (the real CLI, writing its report) whose peak RSS is read from the kernel's
 * accounting when it exits. The mock runs here, in the parent, so the child's RSS is the runner's
 * alone (--embedded runs both in the child, as `npm start` does).
 * --heap also samples the heap retained after a full GC each second (what the run keeps: it must
 * not grow with the run's length); --semi-space MB caps V8's young generation in the child
 * (--max-semi-space-size), which is most of the RSS above the retained heap.
 * Usage: npm run bench:memory [-- --requests 100000 --concurrency 16 --embedded --cleanup --heap --semi-space 16 --json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../mock/index.ts';
import { fixedCases } from '../generators/index.ts';
import { streamsFor } from '../engine/plan/plan.ts';
import type { Report } from '../contracts/report.ts';

const GOAL_MB = 200;
/** Loaded into the child before the CLI: prints its peak RSS (kB, from getrusage) as it exits. */
const PEAK_RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('bench-peak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;
/** With --expose-gc: the largest heap left after a full GC, sampled each second. */
const RETAINED_HOOK = `data:text/javascript,let m=0;setInterval(()=>{gc();m=Math.max(m,process.memoryUsage().heapUsed)},1000).unref();process.on('exit',()=>process.stderr.write('bench-retained-heap-b '+m+'\\n'))`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '16' },
      embedded: { type: 'boolean', default: false },
      cleanup: { type: 'boolean', default: false },
      heap: { type: 'boolean', default: false },
      'semi-space': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  if (!(Number.isInteger(requests) && requests > 0) || !(Number.isInteger(concurrency) && concurrency > 0)) {
    process.stderr.write('bench: --requests and --concurrency take positive whole numbers\n');
    process.exitCode = 2;
    return;
  }
  // the plan is the fixed cases plus `runs` cases from each stream
  const runs = Math.max(1, Math.ceil((requests - fixedCases({}).length) / streamsFor({}).length));
  const dir = mkdtempSync(join(tmpdir(), 'thc-bench-memory-'));
  const mock = values.embedded ? undefined : await startMock({ port: 0 });
  try {
    const semi = values['semi-space'];
    const nodeFlags = [...(semi ? [`--max-semi-space-size=${Number(semi)}`] : []), ...(values.heap ? ['--expose-gc', '--import', RETAINED_HOOK] : [])];
    const args = [...nodeFlags, '--import', PEAK_RSS_HOOK, 'cli/main.ts', 'run', '--runs', String(runs), '--seed', '1', '--concurrency', String(concurrency)];
    args.push('--report-dir', dir, '--format', 'json', '--no-progress', '--no-shrink');
    if (mock) args.push('--target', mock.url, '--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN);
    if (mock && !values.cleanup) args.push('--keep-created');
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    const peak = /bench-peak-rss-kb (\d+)/.exec(stderr);
    if (!peak || code === null || code > 1) {
      process.stderr.write(`bench: the run failed (exit ${code}):\n${stderr}`);
      process.exitCode = 1;
      return;
    }
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const peakMb = Number(peak[1]) / 1024;
    const retained = /bench-retained-heap-b (\d+)/.exec(stderr);
    const row = {
      requests: report.exchanges.total,
      runs,
      concurrency,
      runner: values.embedded ? 'runner and mock in the child' : 'runner alone in the child',
      cleanup: Boolean(mock && values.cleanup),
      exitCode: code,
      levelAchieved: report.verdict.levelAchieved,
      seconds: Math.round(seconds * 10) / 10,
      requestsPerSecond: Math.round(report.exchanges.total / (report.durationMs / 1000)),
      nodeFlags: nodeFlags.filter((f) => f.startsWith('--max')).join(' ') || 'none',
      peakRssMb: Math.round(peakMb * 10) / 10,
      ...(retained ? { retainedHeapMb: Math.round(Number(retained[1]) / 104857.6) / 10 } : {}),
      goalMb: GOAL_MB,
      withinGoal: peakMb < GOAL_MB,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
    else {
      process.stdout.write(
        `${row.requests} exchanges (${row.runner}, concurrency ${concurrency}${row.cleanup ? ', with cleanup' : ''}): ` +
          `${row.requestsPerSecond} requests/s, ${row.seconds} s in all, peak RSS ${row.peakRssMb} MB ` +
          `${row.retainedHeapMb !== undefined ? `(heap retained after GC at most ${row.retainedHeapMb} MB) ` : ''}` +
          `${semi ? `[--max-semi-space-size=${semi}] ` : ''}` +
          `(goal < ${GOAL_MB} MB: ${row.withinGoal ? 'met' : 'MISSED'}), level ${row.levelAchieved}\n`,
      );
    }
    if (!row.withinGoal) process.exitCode = 1;
  } finally {
    await mock?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
