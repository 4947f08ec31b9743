/**
 * Memory of a long run: a 100,000-request certification of the reference mock, the runner in a
 * child process (the real CLI, writing its report) whose peak RSS is read from the kernel's
 * accounting when it exits. The mock runs here, in the parent, so the child's RSS is the runner's
 * alone (--embedded runs both in the child, as `npm start` does).
 * --heap also samples the heap retained after a full GC each second (what the run keeps: it must
 * not grow with the run's length); --semi-space MB caps V8's young generation in the child
 * (--max-semi-space-size), which is most of the RSS above the retained heap.
 * --runs N runs that many per category instead (1e7 is read as 10,000,000) and --seconds S stops
 * the run after S seconds (SIGTERM: the CLI writes its partial report), for a run too long to end:
 * the RSS (and with --heap the retained heap) is sampled every --every seconds (default 30) and
 * printed with the profiles the mock holds by then, so growth shows as the run goes.
 * Usage: npm run bench:memory [-- --requests 100000 --concurrency 16 --embedded --cleanup --heap --semi-space 16 --json]
 *        npm run bench:memory -- --runs 1e7 --seconds 600 --heap
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
/** With --expose-gc: the largest heap left after a full GC (typed arrays' buffers included), sampled each second. */
const RETAINED_HOOK = `data:text/javascript,let m=0;globalThis.benchRetained=0;setInterval(()=>{gc();const u=process.memoryUsage();globalThis.benchRetained=u.heapUsed+u.arrayBuffers;m=Math.max(m,globalThis.benchRetained)},1000).unref();process.on('exit',()=>process.stderr.write('bench-retained-heap-b '+m+'\\n'))`;
/** Every `s` seconds: the RSS and the last retained heap (0 without --heap), in bytes. */
const sampleHook = (s: number) =>
  `data:text/javascript,const t0=Date.now();setInterval(()=>process.stderr.write('bench-sample '+Math.round((Date.now()-t0)/1000)+' '+process.memoryUsage().rss+' '+(globalThis.benchRetained??0)+'\\n'),${s * 1000}).unref()`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      runs: { type: 'string' },
      seconds: { type: 'string' },
      every: { type: 'string', default: '30' },
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
  const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
  const every = Number(values.every);
  const whole = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n > 0);
  if (!whole(requests) || !whole(concurrency) || !whole(values.runs === undefined ? undefined : Number(values.runs)) || !whole(seconds) || !whole(every)) {
    process.stderr.write('bench: --requests, --runs, --concurrency, --seconds and --every take positive whole numbers\n');
    process.exitCode = 2;
    return;
  }
  // the plan is the fixed cases plus `runs` cases from each stream
  const runs = values.runs !== undefined ? Number(values.runs) : Math.max(1, Math.ceil((requests - fixedCases({}).length) / streamsFor({}).length));
  const dir = mkdtempSync(join(tmpdir(), 'thc-bench-memory-'));
  const mock = values.embedded ? undefined : await startMock({ port: 0 });
  try {
    const semi = values['semi-space'];
    const nodeFlags = [...(semi ? [`--max-semi-space-size=${Number(semi)}`] : []), ...(values.heap ? ['--expose-gc', '--import', RETAINED_HOOK] : [])];
    const sampling = seconds !== undefined ? ['--import', sampleHook(every)] : [];
    const args = [...nodeFlags, ...sampling, '--import', PEAK_RSS_HOOK, 'cli/main.ts', 'run', '--runs', String(runs), '--seed', '1', '--concurrency', String(concurrency)];
    args.push('--report-dir', dir, '--format', 'json', '--no-progress', '--no-shrink');
    if (mock) args.push('--target', mock.url, '--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', DEFAULT_AUTH_TOKEN);
    if (mock && !values.cleanup) args.push('--keep-created');
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    const samples: Array<{ s: number; rssMb: number; retainedMb: number; profiles: number }> = [];
    const mb = (b: string) => Math.round(Number(b) / 104857.6) / 10;
    // the mock holds at most 10,000 profiles: emptied as the run goes (the run keeps them), counted first
    let emptied = 0;
    const created = () => emptied + (mock?.profileCount() ?? 0);
    const empty = setInterval(() => {
      if (!mock || mock.profileCount() < 5000) return;
      emptied += mock.profileCount();
      mock.clearProfiles();
    }, 1000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      for (const m of d.matchAll(/bench-sample (\d+) (\d+) (\d+)/g)) {
        const sample = { s: Number(m[1]), rssMb: mb(m[2]!), retainedMb: mb(m[3]!), profiles: created() };
        samples.push(sample);
        if (!values.json) process.stdout.write(`  ${sample.s} s: RSS ${sample.rssMb} MB, retained heap ${sample.retainedMb} MB, ${sample.profiles} profiles created\n`);
      }
    });
    // a run too long to end: stopped like a user would (the partial report is written)
    const stop = seconds === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), seconds * 1000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(stop);
    clearInterval(empty);
    const elapsed = (performance.now() - started) / 1000;
    const peak = /bench-peak-rss-kb (\d+)/.exec(stderr);
    const stopped = seconds !== undefined && code === 143;
    if (!peak || code === null || (code > 1 && !stopped)) {
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
      seconds: Math.round(elapsed * 10) / 10,
      ...(stopped ? { stoppedAfterSeconds: seconds } : {}),
      requestsPerSecond: Math.round(report.exchanges.total / (report.durationMs / 1000)),
      nodeFlags: nodeFlags.filter((f) => f.startsWith('--max')).join(' ') || 'none',
      peakRssMb: Math.round(peakMb * 10) / 10,
      ...(retained ? { retainedHeapMb: Math.round(Number(retained[1]) / 104857.6) / 10 } : {}),
      goalMb: GOAL_MB,
      withinGoal: peakMb < GOAL_MB,
      ...(samples.length ? { samples } : {}),
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
