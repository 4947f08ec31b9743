/**
 * Prints the fault matrix as a Markdown table: each named fault of the reference mock, the rule
 * it breaks, the check that must catch it, and what the suite concluded, on every seed given.
 * `npm run fault-matrix -- --seeds 1,2,3,4,5 --runs 10`. Exits 1 when a fault is missed on any
 * seed (or caught without a message and a replay command, or, a SHOULD's fault, at a cost of a
 * level) or the clean mock is not level-3 conformant on any seed; a seed a fault was missed on is run
 * once more, and a catch then is said in its row ("on a second run"). `--part i/n` runs every n-th fault
 * from the i-th (and the clean mock in part 1), for n processes side by side.
 */
import { parseArgs } from 'node:util';
import { findCheckInfo } from '../contracts/catalog.ts';
import type { Report } from '../contracts/report.ts';
import { FAULTS, type FaultInfo } from '../mock/index.ts';
import { certify as certifyWithEngine } from '../engine/run/certify.ts';
import { resolveOptions } from '../engine/options/resolve.ts';

export interface MatrixOptions {
  seeds: number[];
  runs: number;
  /** only these faults (default all) */
  faults?: readonly FaultInfo[];
  /** certify the clean mock on every seed too (default true) */
  clean?: boolean;
}

/**
 * One certification of the embedded mock with the fault, through the engine's one entry, with
 * `run`'s defaults (retries on 429, 503 and resets included) but no shrinking: the matrix asks
 * whether a fault is caught, not how small its example gets (tests/engine/phases/shrink.test.ts).
 */
async function certify(seed: number, runs: number, fault?: string): Promise<Report> {
  const options = await resolveOptions({ ...(fault ? { mock: { fault } } : {}), seed, runs, concurrency: 8, timeout: 5000, shrink: false }, { naming: 'keys' });
  const { report } = await certifyWithEngine(options, { rerun: () => '' });
  return report;
}

export interface FaultRow {
  fault: FaultInfo;
  /** per seed: did the named check fail, the level reached, the other failing checks */
  bySeed: Array<{
    seed: number;
    /** missed on the first run of the seed, so run again: caught tells what the second run found */
    secondRun?: boolean;
    caught: boolean;
    /** what is wrong with a caught fault's evidence or level (evidenceProblem), if anything */
    problem?: string | undefined;
    level: number;
    conformant: boolean;
    others: string[];
    /** the named check's first failure, and the command that replays it */
    message?: string | undefined;
    curl?: string | undefined;
  }>;
}

export interface Matrix {
  clean: Array<{ seed: number; level: number; conformant: boolean; failing: string[] }>;
  rows: FaultRow[];
}

/** A fault is caught when its check fails; a MUST fault must also cost the verdict its level. */
export function caughtIn(fault: FaultInfo, report: Report): boolean {
  const failed = report.checks.find((c) => c.id === fault.checkId)?.status === 'fail';
  if (findCheckInfo(fault.checkId)?.severity === 'SHOULD') return failed && report.verdict.shouldWarnings > 0;
  return failed && report.verdict.levelAchieved < fault.level;
}

/**
 * What is wrong with a caught fault's certification, if anything: its check's failure comes without a
 * message or a command that replays it (a body of megabytes is made in the shell and piped in:
 * engine/transport/curl.ts), or a fault of a SHOULD costs the mock a level (it must only warn).
 */
export function evidenceProblem(fault: FaultInfo, report: Report): string | undefined {
  const failure = report.checks.find((c) => c.id === fault.checkId)?.firstFailure;
  if (!failure?.message) return 'no message';
  if (!/^(\{ printf .*\} \| )?curl /.test(failure.curl ?? '')) return 'no replay command';
  if (findCheckInfo(fault.checkId)?.severity === 'SHOULD' && report.verdict.levelAchieved < 3) return `a SHOULD fault cost level ${report.verdict.levelAchieved + 1}`;
  return undefined;
}

export async function faultMatrix(o: MatrixOptions): Promise<Matrix> {
  // the seeds of one fault run side by side: much of a run waits on its one-at-a-time fixed phase
  const clean = await Promise.all(
    (o.clean === false ? [] : o.seeds).map(async (seed) => {
      const r = await certify(seed, o.runs);
      const failing = r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      return { seed, level: r.verdict.levelAchieved, conformant: r.verdict.conformant && failing.length === 0, failing };
    }),
  );
  const rows: FaultRow[] = [];
  for (const fault of o.faults ?? FAULTS) {
    const bySeed = await Promise.all(
      o.seeds.map(async (seed) => {
        // a seed it missed is run once more (two processes of five runs each load a machine: a race window a
        // fault needs may close under that load); the row then names the seed (secondRun)
        const first = await certify(seed, o.runs, fault.name);
        const secondRun = !caughtIn(fault, first);
        const r = secondRun ? await certify(seed, o.runs, fault.name) : first;
        const check = r.checks.find((c) => c.id === fault.checkId);
        const others = r.checks.filter((c) => c.status === 'fail' && c.id !== fault.checkId).map((c) => c.id);
        return {
          seed,
          secondRun,
          caught: caughtIn(fault, r),
          problem: caughtIn(fault, r) ? evidenceProblem(fault, r) : undefined,
          level: r.verdict.levelAchieved,
          conformant: r.verdict.conformant,
          others,
          message: check?.firstFailure?.message,
          curl: check?.firstFailure?.curl,
        };
      }),
    );
    rows.push({ fault, bySeed });
  }
  return { clean, rows };
}

export function renderMatrix(m: Matrix): string {
  const seeds = (m.clean.length ? m.clean.map((c) => c.seed) : (m.rows[0]?.bySeed.map((s) => s.seed) ?? [])).join(', ');
  const rows = [
    `Seeds ${seeds}.`,
    '',
    '| fault | rule it breaks | level | caught by | caught on seeds | levels reached | other failing checks |',
    '|---|---|---|---|---|---|---|',
  ];
  const cleanOk = m.clean.every((c) => c.conformant && c.level === 3);
  // a part of the matrix without the clean mock (--part 2/2) has no row for it
  if (m.clean.length) rows.push(
    `| (none) | — | — | — | ${cleanOk ? '✅ conformant on all' : `❌ ${m.clean.filter((c) => !c.conformant).map((c) => `${c.seed}: ${c.failing.join(' ')}`).join('; ')}`} | ${[...new Set(m.clean.map((c) => c.level))].join(', ')} | — |`,
  );
  for (const { fault: f, bySeed } of m.rows) {
    const missed = bySeed.filter((s) => !s.caught).map((s) => s.seed);
    const wrong = bySeed.filter((s) => s.caught && s.problem).map((s) => `${s.seed} (${s.problem})`);
    const others = [...new Set(bySeed.flatMap((s) => s.others))].map((id) => `\`${id}\``);
    const again = bySeed.filter((s) => s.secondRun && s.caught).map((s) => s.seed);
    const verdict = missed.length
      ? `❌ MISSED on ${missed.join(', ')}`
      : wrong.length
        ? `❌ caught, but on ${wrong.join(', ')}`
        : `✅ ${bySeed.length}/${bySeed.length}${again.length ? ` (seed ${again.join(', ')} on a second run)` : ''}`;
    rows.push(
      `| \`${f.name}\` | ${f.rule} | ${f.level} | \`${f.checkId}\` | ${verdict} | ${[...new Set(bySeed.map((s) => s.level))].join(', ')} | ${others.join(', ') || '—'} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

export function matrixPasses(m: Matrix): boolean {
  return m.clean.every((c) => c.conformant && c.level === 3) && m.rows.every((r) => r.bySeed.every((s) => s.caught && !s.problem));
}

function parseList(flag: string, text: string): number[] {
  const values = text.split(',').map((s) => s.trim());
  if (values.some((v) => !/^\d+$/.test(v))) throw new Error(`${flag} takes comma-separated whole numbers, got ${JSON.stringify(text)}`);
  return values.map(Number);
}

function parsePart(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (index < 1 || index > count) throw new Error(`--part takes i/n with 1 <= i <= n, got ${JSON.stringify(text)}`);
  return { index, count };
}

if (import.meta.main) {
  try {
    const { values } = parseArgs({ options: { seeds: { type: 'string' }, runs: { type: 'string' }, fault: { type: 'string', multiple: true }, part: { type: 'string' } } });
    const seeds = values.seeds ? parseList('--seeds', values.seeds) : [20261127];
    const runs = values.runs ? parseList('--runs', values.runs)[0]! : 25;
    const unknown = (values.fault ?? []).filter((n) => !FAULTS.some((f) => f.name === n));
    if (unknown.length) throw new Error(`unknown fault ${unknown.join(', ')}: see mock/faults.ts`);
    const named = values.fault ? FAULTS.filter((f) => values.fault!.includes(f.name)) : FAULTS;
    // --part i/n: every n-th fault from the i-th, so n processes share the matrix (the clean mock in part 1 only)
    const part = values.part ? parsePart(values.part) : { index: 1, count: 1 };
    const faults = named.filter((_, i) => i % part.count === part.index - 1);
    const m = await faultMatrix({ seeds, runs, faults, clean: part.index === 1 });
    process.stdout.write(renderMatrix(m));
    process.exitCode = matrixPasses(m) ? 0 : 1;
  } catch (err) {
    process.stderr.write(`fault-matrix: ${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}
