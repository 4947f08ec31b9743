/**
 * The suite's speed next to the raw HTTP limit (issue 7). The reference mock runs in a child
 * process; each suite measurement runs in a fresh child too, so neither shares an event loop with
 * the other or with autocannon (here, in the parent), and each peak memory is one run's alone.
 *
 * Per concurrency (1, 16) and size (1,000 / 10,000 / 100,000 requests; runs per category =
 * (requests - fixed cases) / 5):
 *   suite   runSuite with every check, shrinking on (the default; the faithful mock fails nothing,
 *           so nothing is shrunk), retries 3 as the CLI, in a child with the Node flags of the
 *           bin's shebang; timed from the call to its return (no report writing), after a warm-up
 *           run of 20,000 requests in the same child (its rate is reported too, as the cold rate:
 *           V8 takes that long to reach its steady state) and with the mock's store emptied in
 *           between, as for a fresh target. Judged requests per second, CPU time per request, peak
 *           RSS (sampled every 50 ms, and the kernel's maxRSS) and peak heap used; then, outside
 *           the timed part, the time to build and write every report format.
 *   raw     autocannon sending one valid create (form body, Basic auth) to the same mock at the
 *           same concurrency, the same number of requests, right before the suite.
 * Then `npm start` as package.json has it (embedded mock, 100 runs per category, every report
 * format) end to end, and `bin/trusthub-conformance.js --help` with its shebang's flags, each
 * spawned several times with this Node (median).
 *
 * Usage: npm run bench [-- --quick --out FILE --sizes 1000,10000 --concurrency 1,16 --cpu-prof-dir DIR --rows-only]
 * BENCH_QUICK=1 (or --quick): 1,000 and 10,000 requests, fewer repetitions, no file unless --out.
 * Writes bench/results.json by default for a full run.
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fixedCases } from '../generators/index.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_RUN_CREDENTIALS, type MockServer } from '../mock/index.ts';
import { median, type Table, table } from './stats.ts';

interface CannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
/** autocannon's instance: a promise of the result, and an emitter of each response */
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult> & { on(event: 'response', listener: () => void): void };

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STREAMS = 5;
/** requests of the suite's warm-up run in each child (BENCH_QUICK: 5,000) */
const WARM_UP_REQUESTS = 20_000;
const QUICK_WARM_UP_REQUESTS = 5000;
const BODY = `FriendlyName=Bench+Profile&Email=bench%40example.com&PolicySid=RN${'a'.repeat(32)}&StatusCallback=https%3A%2F%2Fexample.com%2Fcb`;
const AUTH = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;

/** The Node flags and arguments of a command line after its `node` word (`node --flag a.ts x` gives `--flag a.ts x`). */
function afterNode(commandLine: string): string[] {
  const words = commandLine.trim().split(/\s+/);
  const at = words.findIndex((w) => w === 'node' || w.endsWith('/node'));
  return at === -1 ? [] : words.slice(at + 1);
}

/** `npm start` as package.json has it, run with this Node: its flags, its entry and `run`. */
const START_ARGS = afterNode((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? 'node cli/main.ts run');
/** The Node flags the bin's shebang gives (`#!/usr/bin/env -S node --flag`): the CLI's and the suite children's. */
const BIN_FLAGS = afterNode(readFileSync(join(ROOT, 'bin/trusthub-conformance.js'), 'utf8').split('\n')[0]!.replace(/^#!/, '')).filter((w) => w.startsWith('--'));

/** Property runs per category for about `requests` requests in all. */
const runsFor = (requests: number): number => Math.max(1, Math.ceil((requests - fixedCases({}).length) / STREAMS));

// ---------------------------------------------------------------- children

type ServeMsg = 'clear' | 'stop';
/** the mock's answer to 'clear': its CPU time so far (user + system, µs) */
interface Cleared {
  cpuUs: number;
}

const cpuUs = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/** Child: the reference mock. */
async function serve(): Promise<void> {
  const { startMock } = await import('../mock/index.ts');
  // no cap on the stored profiles: a long run keeps every one it made (the default cap of 10,000 would forget the earliest)
  const mock: MockServer = await startMock({ port: 0, maxProfiles: 10_000_000 });
  process.on('message', async (msg: ServeMsg) => {
    if (msg === 'clear') {
      mock.clearProfiles();
      process.send?.({ cpuUs: cpuUs() } satisfies Cleared);
    }
    if (msg === 'stop') {
      await mock.close();
      process.disconnect?.();
    }
  });
  process.send?.({ ready: mock.url });
}

/** the suite child's word that its warm-up is over; the parent answers 'go' */
interface WarmedUp {
  warmedUp: true;
}

interface SuiteMeasure {
  exchanges: number;
  seconds: number;
  rps: number;
  /** the run's idle wait before its late create (a run shorter than 2.2 s waits for a frozen clock to show), ms */
  clockWaitMs: number;
  /** judged requests per second over the run less that wait */
  rpsBusy: number;
  /** CPU time of the suite process per judged request (user + system) */
  cpuUsPerRequest: number;
  /** the warm-up run, in a fresh process: judged requests per second and CPU per request */
  cold: { exchanges: number; rps: number; cpuUsPerRequest: number };
  peakRssMb: number;
  maxRssMb: number;
  peakHeapMb: number;
  reportMs: number;
  conformant: boolean;
  /** the failing checks with their first message, when a run judged the faithful mock non-conformant */
  failing: string[];
  statuses: Record<string, number>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Child: one suite measurement against the mock at `url`; the result goes to the parent. */
async function suiteChild(url: string, runs: number, concurrency: number, warmUp: number): Promise<void> {
  const [{ CHECKS }, { runSuite }, { buildReport }, { writeReports }] = await Promise.all([
    import('../engine/checks/index.ts'),
    import('../engine/run/run.ts'),
    import('../engine/judge/report.ts'),
    import('../reports/index.ts'),
  ]);
  const options = (seed: number, n: number) => ({
    targetUrl: url,
    // what the embedded mock's run (npm start) knows: the account's API key and a second account,
    // without which level 3 is out of reach
    credentials: DEFAULT_RUN_CREDENTIALS,
    seed,
    runs: n,
    concurrency,
    timeoutMs: 10_000,
    retries: 3,
    checks: CHECKS,
    publicBaseUrl: url,
  });
  // warm-up (autocannon is warmed up too): V8 reaches its steady state after some 20,000 requests
  const coldCpu = cpuUs();
  const coldStarted = performance.now();
  const warm = await runSuite(options(7, runsFor(warmUp)));
  const cold = {
    exchanges: warm.tally.exchanges,
    rps: Math.round(warm.tally.exchanges / ((performance.now() - coldStarted) / 1000)),
    cpuUsPerRequest: Math.round((cpuUs() - coldCpu) / warm.tally.exchanges),
  };
  // the parent empties the mock's store, so the measured run starts as against a fresh target
  // (the fixed cases read the list of profiles, up to 1,000 of them, around each refusal)
  process.send?.({ warmedUp: true } satisfies WarmedUp);
  await new Promise((resolve) => process.once('message', resolve));
  let peakRss = 0;
  let peakHeap = 0;
  // every 50 ms: reading the RSS costs about half a millisecond on a busy machine
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  const cpuBefore = cpuUs();
  const started = performance.now();
  const result = await runSuite(options(1, runs));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuUs() - cpuBefore;
  clearInterval(timer);
  sample();
  const reportStarted = performance.now();
  const report = buildReport(result, {
    targetUrl: url,
    embedded: false,
    seed: 1,
    runs,
    requiredLevel: 3,
    concurrency,
    timeoutMs: 10_000,
    rerun: 'bench',
  });
  const dir = mkdtempSync(join(tmpdir(), 'thc-bench-suite-'));
  await writeReports(report, dir);
  const reportMs = performance.now() - reportStarted;
  rmSync(dir, { recursive: true, force: true });
  const exchanges = result.tally.exchanges;
  const measure: SuiteMeasure = {
    exchanges,
    seconds,
    rps: Math.round(exchanges / seconds),
    clockWaitMs: result.clockWaitMs ?? 0,
    rpsBusy: Math.round(exchanges / (seconds - (result.clockWaitMs ?? 0) / 1000)),
    cpuUsPerRequest: Math.round(cpu / exchanges),
    cold,
    peakRssMb: mb(peakRss),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(peakHeap),
    reportMs: Math.round(reportMs),
    conformant: report.verdict.conformant,
    failing: [`level ${report.verdict.levelAchieved} of ${report.verdict.requiredLevel}`, ...report.checks.filter((c) => c.status === 'fail').map((c) => c.id)],
    statuses: result.tally.byStatus,
  };
  process.send?.(measure, () => process.disconnect?.());
}

// ---------------------------------------------------------------- parent

interface Row {
  concurrency: number;
  requests: number;
  runsPerCategory: number;
  reps: number;
  suite: SuiteMeasure & { rpsAll: number[] };
  rawRps: number;
  rawRpsAll: number[];
  ratio: number;
  /** the same over the run less its idle wait for the late create (SuiteMeasure.rpsBusy) */
  ratioBusy: number;
  /** CPU µs per request: autocannon, and the mock while it served autocannon and while it served the suite */
  cpuUsPerRequest: { raw: number; mockUnderRaw: number; mockUnderSuite: number; suite: number };
}

interface Options {
  quick: boolean;
  sizes: number[];
  concurrencies: number[];
  reps: (requests: number) => number;
  warmUp: number;
  cliReps: number;
  helpReps: number;
  out?: string;
  cpuProfDir?: string;
  /** only the suite/raw rows: no default run, no --help, no file */
  rowsOnly: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      sizes: { type: 'string' },
      concurrency: { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
      'rows-only': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick || process.env.BENCH_QUICK === '1';
  const list = (text: string) => text.split(',').map((s) => Number(s.trim()));
  const sizes = list(values.sizes ?? (quick ? '1000,10000' : '1000,10000,100000'));
  const concurrencies = list(values.concurrency ?? '1,16');
  if ([...sizes, ...concurrencies].some((n) => !(Number.isInteger(n) && n > 0))) {
    throw new Error('--sizes and --concurrency take comma-separated positive whole numbers');
  }
  return {
    quick,
    sizes,
    concurrencies,
    reps: (requests) => (quick || requests >= 100_000 ? 1 : 3),
    warmUp: quick ? QUICK_WARM_UP_REQUESTS : WARM_UP_REQUESTS,
    cliReps: quick ? 3 : 7,
    helpReps: quick ? 5 : 11,
    out: values.out ?? (quick ? undefined : join(ROOT, 'bench/results.json')),
    cpuProfDir: values['cpu-prof-dir'],
    rowsOnly: values['rows-only'],
  };
}

function nextMessage<T>(child: ReturnType<typeof fork>): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench child exited with ${code} before answering`));
    child.once('exit', onExit);
    child.once('message', (m: T) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
}

const SELF = fileURLToPath(import.meta.url);

async function measureSuite(
  url: string,
  runs: number,
  concurrency: number,
  warmUp: number,
  clear: () => Promise<unknown>,
  cpuProfDir?: string,
): Promise<SuiteMeasure> {
  // the Node flags the CLI runs with (the bin's shebang), so memory is what a user's run shows
  const execArgv = [...BIN_FLAGS, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const args = ['--suite', url, String(runs), String(concurrency), String(warmUp)];
  const child = fork(SELF, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await nextMessage<WarmedUp>(child);
  await clear();
  child.send('go');
  const measure = await nextMessage<SuiteMeasure>(child);
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  return measure;
}

interface RawMeasure {
  rps: number;
  /** CPU time of autocannon (this process) per request */
  cpuUsPerRequest: number;
}

async function measureRaw(autocannon: Autocannon, url: string, requests: number, connections: number): Promise<RawMeasure> {
  const cpuBefore = cpuUs();
  const started = performance.now();
  // timed to the last response: autocannon itself only stops at its next one-second tick
  let last = started;
  const instance = autocannon({
    url: `${url}/v1/CustomerProfiles`,
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: BODY,
    connections,
    amount: requests,
  });
  instance.on('response', () => {
    last = performance.now();
  });
  const r = await instance;
  const seconds = (last - started) / 1000;
  const cpu = cpuUs() - cpuBefore;
  if (r.non2xx + r.errors + r.timeouts > 0) throw new Error(`autocannon: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: Math.round(r.requests.total / seconds), cpuUsPerRequest: Math.round(cpu / r.requests.total) };
}

/** Spawn a command to its end; its wall time in ms, or a thrown error with its stderr. */
function timed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

async function spawnMedian(reps: number, args: string[], env?: NodeJS.ProcessEnv): Promise<{ medianMs: number; minMs: number; maxMs: number; reps: number }> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await timed(args, env));
  return { medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)), reps };
}

function conditions() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a checkout
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    commit,
  };
}

async function drive(): Promise<void> {
  const opts = options();
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const before = conditions();
  process.stderr.write(`bench: node ${before.node}, ${before.cpus}, load average ${before.loadAverage.join(' ')}\n`);

  const mock = fork(SELF, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { ready: url } = await nextMessage<{ ready: string }>(mock);
  /** forget the stored profiles; the mock's CPU time so far */
  const clear = async (): Promise<number> => {
    mock.send('clear' satisfies ServeMsg);
    return (await nextMessage<Cleared>(mock)).cpuUs;
  };
  await measureRaw(autocannon, url, 5000, 16); // warm-up: the mock's JIT

  const rows: Row[] = [];
  try {
    for (const concurrency of opts.concurrencies) {
      for (const requests of opts.sizes) {
        const runs = runsFor(requests);
        const raws: RawMeasure[] = [];
        const suites: SuiteMeasure[] = [];
        const mockUnderRaw: number[] = [];
        const mockUnderSuite: number[] = [];
        for (let rep = 0; rep < opts.reps(requests); rep++) {
          const cpu0 = await clear();
          raws.push(await measureRaw(autocannon, url, requests, concurrency));
          const cpu1 = await clear();
          const cpuCleared: number[] = [];
          const clearCounting = async () => cpuCleared.push(await clear());
          suites.push(await measureSuite(url, runs, concurrency, opts.warmUp, clearCounting, opts.cpuProfDir));
          const cpu2 = await clear();
          mockUnderRaw.push((cpu1 - cpu0) / requests);
          // the mock's CPU while it served the measured run
          mockUnderSuite.push((cpu2 - cpuCleared[0]!) / suites.at(-1)!.exchanges);
        }
        const suite = [...suites].sort((a, b) => a.rps - b.rps)[Math.floor((suites.length - 1) / 2)]!;
        const rawRps = Math.round(median(raws.map((r) => r.rps)));
        const row: Row = {
          concurrency,
          requests,
          runsPerCategory: runs,
          reps: suites.length,
          suite: { ...suite, rpsAll: suites.map((s) => s.rps) },
          rawRps,
          rawRpsAll: raws.map((r) => r.rps),
          ratio: Math.round((suite.rps / rawRps) * 100) / 100,
          ratioBusy: Math.round((suite.rpsBusy / rawRps) * 100) / 100,
          cpuUsPerRequest: {
            raw: Math.round(median(raws.map((r) => r.cpuUsPerRequest))),
            mockUnderRaw: Math.round(median(mockUnderRaw)),
            mockUnderSuite: Math.round(median(mockUnderSuite)),
            suite: Math.round(median(suites.map((s) => s.cpuUsPerRequest))),
          },
        };
        rows.push(row);
        process.stderr.write(
          `bench: c=${concurrency} n=${requests}: suite ${suite.rps}/s (${suites.map((s) => s.rps).join(', ')}; ${suite.rpsBusy}/s less a ${suite.clockWaitMs}-ms clock wait), raw ${rawRps}/s (${raws.map((r) => r.rps).join(', ')}), CPU µs/req ${JSON.stringify(row.cpuUsPerRequest)}, peak RSS ${suite.peakRssMb} MB, heap ${suite.peakHeapMb} MB\n`,
        );
        if (!suite.conformant) throw new Error(`the suite judged the faithful mock non-conformant at c=${concurrency} n=${requests}: ${suite.failing.join('; ')}`);
      }
    }
  } finally {
    mock.send('stop' satisfies ServeMsg);
  }

  if (opts.rowsOnly) {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  // the default run, end to end, and --help: first once each to fill Node's compile cache
  const reportDir = mkdtempSync(join(tmpdir(), 'thc-bench-start-'));
  const runArgs = [...START_ARGS, '--report-dir', reportDir, '--no-progress'];
  await timed(runArgs);
  const defaultRun = await spawnMedian(opts.cliReps, runArgs);
  const defaultRunNoCache = await spawnMedian(opts.quick ? 1 : 3, runArgs, { NODE_DISABLE_COMPILE_CACHE: '1' });
  rmSync(reportDir, { recursive: true, force: true });
  const helpArgs = [...BIN_FLAGS, 'bin/trusthub-conformance.js', '--help'];
  await timed(helpArgs);
  const help = await spawnMedian(opts.helpReps, helpArgs);
  const helpNoCache = await spawnMedian(opts.quick ? 3 : 5, helpArgs, { NODE_DISABLE_COMPILE_CACHE: '1' });
  const nodeFloor = await spawnMedian(opts.helpReps, ['-e', '0']);

  // memory: flat when the request count grows tenfold (the largest step at each concurrency)
  const memory = opts.concurrencies.map((concurrency) => {
    const mine = rows.filter((r) => r.concurrency === concurrency).sort((a, b) => a.requests - b.requests);
    const steps = mine.slice(1).map((r, i) => ({
      from: mine[i]!.requests,
      to: r.requests,
      rssGrowth: Math.round((r.suite.peakRssMb / mine[i]!.suite.peakRssMb) * 100) / 100,
      heapGrowth: Math.round((r.suite.peakHeapMb / mine[i]!.suite.peakHeapMb) * 100) / 100,
    }));
    return { concurrency, steps };
  });
  const at16 = rows.filter((r) => r.concurrency === 16);
  const lastSteps = memory.map((m) => m.steps.at(-1)).filter((s) => s !== undefined);
  const targets = {
    suiteRatioAtC16: { goal: '>= 0.5', worst: Math.min(...at16.map((r) => r.ratio)), met: at16.length > 0 && at16.every((r) => r.ratio >= 0.5) },
    defaultRunMs: { goal: '< 3000', median: defaultRun.medianMs, met: defaultRun.medianMs < 3000 },
    helpMs: { goal: '< 300', median: help.medianMs, met: help.medianMs < 300 },
    memoryFlat: { goal: 'peak RSS x <= 1.2 per tenfold', worst: Math.max(...lastSteps.map((s) => s.rssGrowth)), met: lastSteps.every((s) => s.rssGrowth <= 1.2) },
  };
  const after = conditions();
  const results = {
    conditions: { ...before, loadAverageAfter: after.loadAverage, quick: opts.quick, warmUpRequests: opts.warmUp, suiteNodeFlags: BIN_FLAGS, shrink: 'on (default); nothing fails against the faithful mock' },
    rows,
    memory,
    defaultRun: { ...defaultRun, withoutCompileCache: defaultRunNoCache, command: `node ${START_ARGS.join(' ')}` },
    help: {
      ...help,
      withoutCompileCache: helpNoCache,
      nodeFloor,
      command: `node ${helpArgs.join(' ')}`,
      // the bin runs the compiled CLI when there is one
      entry: existsSync(join(ROOT, 'dist/cli/main.js')) ? 'dist/cli/main.js (compiled)' : 'cli/main.ts (TypeScript sources)',
    },
    targets,
  };

  const t: Table = {
    header: ['conc', 'requests', 'suite req/s', 'raw req/s', 'ratio', 'clock wait ms', 'ratio less the wait', 'cold suite req/s', 'CPU µs/req suite|mock|raw', 'peak RSS MB', 'peak heap MB', 'report ms'],
    rows: rows.map((r) => [
      r.concurrency,
      r.requests,
      r.suite.rps,
      r.rawRps,
      r.ratio.toFixed(2),
      r.suite.clockWaitMs,
      r.ratioBusy.toFixed(2),
      r.suite.cold.rps,
      `${r.cpuUsPerRequest.suite} | ${r.cpuUsPerRequest.mockUnderSuite} | ${r.cpuUsPerRequest.raw}`,
      r.suite.peakRssMb,
      r.suite.peakHeapMb,
      r.suite.reportMs,
    ]),
  };
  const out = process.stdout;
  out.write(`trusthub-conformance bench: node ${before.node}, ${before.cpus}, load average ${before.loadAverage.join(' ')} -> ${after.loadAverage.join(' ')}\n`);
  out.write(`${table(t)}\n`);
  out.write(`default run (npm start, 100 runs per category, every report format): median ${defaultRun.medianMs} ms of ${defaultRun.reps} (${defaultRun.minMs}-${defaultRun.maxMs}); without compile cache ${defaultRunNoCache.medianMs} ms\n`);
  out.write(`--help (${results.help.entry}): median ${help.medianMs} ms of ${help.reps} (${help.minMs}-${help.maxMs}); without compile cache ${helpNoCache.medianMs} ms; bare node -e 0: ${nodeFloor.medianMs} ms\n`);
  for (const m of memory) out.write(`memory at c=${m.concurrency}: ${m.steps.map((s) => `${s.from}->${s.to}: RSS x${s.rssGrowth}, heap x${s.heapGrowth}`).join('; ')}\n`);
  for (const [name, goal] of Object.entries(targets)) out.write(`target ${name}: ${goal.met ? 'met' : 'NOT met'} (${JSON.stringify(goal)})\n`);
  if (opts.out) {
    writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stderr.write(`bench: wrote ${opts.out}\n`);
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--serve') await serve();
else if (argv[0] === '--suite') await suiteChild(argv[1]!, Number(argv[2]), Number(argv[3]), Number(argv[4]));
else await drive();
