/**
 * Start-up as a ratio to a bare Node (issue 21: `--help` and `checks` within 2× `node -e 0`), and
 * how long wrong credentials take to be told (issue 20: exit 2 in under 2 s; `run` against the
 * reference mock, started here on loopback, with a wrong Auth Token).
 * Each command is spawned with the flags of the bin's shebang, first once to fill Node's compile
 * cache, then `--reps` times interleaved with the others (so a busy moment weighs on all of them
 * alike); the table gives each median wall time and CPU time (user + system, reported by the
 * process itself through bench/cpu-probe.cjs) and their ratios to those of `node -e 0`. On a busy
 * machine the CPU ratio is the steadier of the two.
 *
 * Usage: npm run bench:startup [-- --reps 11 --entry bin/trusthub-conformance.js --json]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DEFAULT_ACCOUNT_SID, startMock } from '../mock/index.ts';
import { median, table } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The goal: each command within this many times a bare `node -e 0`. */
const GOAL = 2;
/** The goal for wrong credentials: exit 2 within this many ms of wall time. */
const REFUSED_GOAL_MS = 2000;

const PROBE = join(ROOT, 'bench', 'cpu-probe.cjs');

/** One spawn: wall time and the process's own CPU time, in ms; `expected` is the exit code it must end with. */
function once(args: readonly string[], expected = 0): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PROBE, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let cpu = '';
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => {
      cpu += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code !== expected) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve({ wall, cpu: Number(cpu.trim()) / 1000 });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { reps: { type: 'string', default: '11' }, entry: { type: 'string', default: 'bin/trusthub-conformance.js' }, json: { type: 'boolean', default: false } },
  });
  const reps = Number(values.reps);
  const flags = ['--max-semi-space-size=32'];
  const mock = await startMock({ port: 0 });
  const reportDir = mkdtempSync(join(tmpdir(), 'thc-bench-startup-'));
  const refused = ['run', '--target', mock.url, '--account-sid', DEFAULT_ACCOUNT_SID, '--auth-token', 'wrong-token-0123456789', '--report-dir', reportDir, '--no-progress'];
  const REFUSED = 'run, wrong credentials (exit 2)';
  const commands: Array<[string, string[], number?]> = [
    ['node -e 0', ['-e', '0']],
    ['--help', [...flags, values.entry, '--help']],
    ['checks', [...flags, values.entry, 'checks']],
    ['run --help', [...flags, values.entry, 'run', '--help']],
    [REFUSED, [...flags, values.entry, ...refused], 2],
  ];
  const times = new Map<string, Array<{ wall: number; cpu: number }>>(commands.map(([name]) => [name, []]));
  try {
    for (const [, args, code] of commands) await once(args, code);
    for (let i = 0; i < reps; i++) for (const [name, args, code] of commands) times.get(name)!.push(await once(args, code));
  } finally {
    await mock.close();
    rmSync(reportDir, { recursive: true, force: true });
  }
  const floor = times.get('node -e 0')!;
  const [floorWall, floorCpu] = [median(floor.map((t) => t.wall)), median(floor.map((t) => t.cpu))];
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const rows = commands.map(([name]) => {
    const t = times.get(name)!;
    const wall = median(t.map((x) => x.wall));
    const cpu = median(t.map((x) => x.cpu));
    return {
      name,
      medianMs: Math.round(wall),
      minMs: Math.round(Math.min(...t.map((x) => x.wall))),
      maxMs: Math.round(Math.max(...t.map((x) => x.wall))),
      ratio: round2(wall / floorWall),
      cpuMs: Math.round(cpu),
      cpuRatio: round2(cpu / floorCpu),
    };
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, reps, entry: values.entry, goal: GOAL, rows }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `${table({
      header: ['command', 'wall ms', 'min', 'max', `wall × node -e 0 (goal ≤ ${GOAL})`, 'CPU ms', 'CPU × node -e 0'],
      rows: rows.map((r) => [r.name, r.medianMs, r.minMs, r.maxMs, r.ratio, r.cpuMs, r.cpuRatio]),
    })}\n`,
  );
  process.stdout.write(`${process.version}, ${reps} runs each, ${values.entry}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const refusedMs = rows.find((r) => r.name === REFUSED)!.medianMs;
  process.stdout.write(`wrong credentials: exit 2 after ${refusedMs} ms (goal < ${REFUSED_GOAL_MS} ms)\n`);
  if (rows.some((r) => (r.name === '--help' || r.name === 'checks') && r.ratio > GOAL) || refusedMs >= REFUSED_GOAL_MS) process.exitCode = 1;
}

await main();
