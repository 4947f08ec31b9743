/**
 * Throughput of the reference mock: valid form creates driven by autocannon at a few concurrencies.
 * The mock runs in a child process (so the load generator does not share its event loop), which
 * reports its peak RSS per run. Usage: npm run bench:mock [-- --duration 10 --connections 16,64 --json]
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type MockServer, startMock } from '../mock/index.ts';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

type ToParent = { ready: string } | { peakRss: number };
type ToChild = 'reset' | 'peak' | 'stop';

const BODY = `FriendlyName=Bench+Profile&Email=bench%40example.com&PolicySid=RN${'a'.repeat(32)}&StatusCallback=https%3A%2F%2Fexample.com%2Fcb`;
const AUTH = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;

/** Child: the mock, sampling its own RSS. */
async function serve(): Promise<void> {
  const mock: MockServer = await startMock({ port: 0 });
  let peak = process.memoryUsage.rss();
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50).unref();
  process.on('message', async (msg: ToChild) => {
    if (msg === 'reset') peak = process.memoryUsage.rss();
    if (msg === 'peak') process.send?.({ peakRss: Math.max(peak, process.memoryUsage.rss()) } satisfies ToParent);
    if (msg === 'stop') {
      await mock.close();
      process.disconnect?.();
    }
  });
  process.send?.({ ready: mock.url } satisfies ToParent);
}

async function drive(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16,64' },
      json: { type: 'boolean', default: false },
    },
  });
  const duration = Number(values.duration);
  const concurrencies = values.connections.split(',').map(Number);
  if (!(duration > 0) || concurrencies.some((c) => !(Number.isInteger(c) && c > 0))) {
    process.stderr.write('bench: --duration must be > 0 seconds and --connections a list of positive integers\n');
    process.exitCode = 2;
    return;
  }

  const child = fork(new URL(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<ToParent>((resolve) => child.once('message', (m: ToParent) => resolve(m)));
  const ready = (await next()) as { ready: string };
  const target = {
    url: `${ready.ready}/v1/CustomerProfiles`,
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: BODY,
  };

  await autocannon({ ...target, connections: 16, duration: 2 }); // warm-up: JIT, store at its cap
  const rows = [];
  for (const connections of concurrencies) {
    child.send('reset' satisfies ToChild);
    const r = await autocannon({ ...target, connections, duration });
    child.send('peak' satisfies ToChild);
    const { peakRss } = (await next()) as { peakRss: number };
    rows.push({
      connections,
      requestsPerSecond: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      created: r['2xx'],
      failures: r.non2xx + r.errors + r.timeouts,
      peakRssMb: Math.round((peakRss / 1024 / 1024) * 10) / 10,
    });
  }
  child.send('stop' satisfies ToChild);

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ duration, rows }, null, 2)}\n`);
  } else {
    const header = ['connections', 'creates/s', 'p50 ms', 'p99 ms', 'creates', 'failures', 'peak RSS MB'];
    const lines = rows.map((r) =>
      [r.connections, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.created, r.failures, r.peakRssMb].map(String),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
    process.stdout.write(`mock: valid form creates, ${duration} s per row, node ${process.version}\n`);
    process.stdout.write(`${[format(header), ...lines.map(format)].join('\n')}\n`);
  }
  if (rows.some((r) => r.failures > 0)) {
    process.stderr.write('bench: some requests failed (non-2xx, errors or timeouts)\n');
    process.exitCode = 1;
  }
}

if (process.argv.includes('--serve')) await serve();
else await drive();
