import { CATALOG, findCheckInfo } from '../contracts/catalog.ts';
import { explainCommand } from '../contracts/explain.ts';
import type { Report } from '../contracts/report.ts';
import { classCount, classesOf, classLabel, moreClassesWords, replayCommand, replayWords, sequenceLines, shownClasses, whereWords } from '../reports/failures.ts';
import { incompleteWords, neededLines, notSentWords, stoppedByUntested } from '../reports/view.ts';
import { withoutCredentials } from '../reports/redact.ts';
import { inert } from '../reports/text.ts';

// FORCE_COLOR (set, and not 0 or false) colours piped output too, as Node and most CLIs do; NO_COLOR still wins
const useColor = () => (process.stdout.isTTY === true || !/^(|0|false)$/i.test(process.env.FORCE_COLOR ?? '')) && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[0m` : s);
export const red = (s: string) => paint('31', s);
export const green = (s: string) => paint('32', s);
export const yellow = (s: string) => paint('33', s);
export const dim = (s: string) => paint('2', s);

/** Target-supplied text on a terminal, made inert (reports/text.ts: one rule for the terminal and the vitest adapter). */
export { inert };

/** A live progress line on a terminal, plain lines every 10% elsewhere. */
export function progress(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let lastTick = 0;
  let lastDecile = -1;
  return (done, total) => {
    if (stream.isTTY) {
      const now = Date.now();
      if (now - lastTick < 80 && done < total) return;
      lastTick = now;
      const pct = Math.floor((done / Math.max(total, 1)) * 100);
      const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
      stream.write(`\r[${bar}] ${pct}% ${done}/${total} exchanges${done >= total ? '\n' : ''}`);
    } else {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile && (decile > lastDecile || done === total)) {
        lastDecile = decile;
        stream.write(`progress: ${done}/${total} exchanges\n`);
      }
    }
  };
}

const MARK = { pass: () => green('PASS'), fail: () => red('FAIL'), skip: () => yellow('SKIP') };

const LEVEL_TITLES: Record<number, string> = { 1: 'Level 1: contract', 2: 'Level 2: validation', 3: 'Level 3: fidelity' };

type Row = Report['checks'][number] | (typeof CATALOG)[number];

/**
 * The table of checks and the verdict line (of the report as the writers print it: credentials
 * redacted). The checks are grouped by level, in catalog order within a level; the id column is as
 * wide as the longest id, so every row's counts line up.
 */
export function renderSummary(input: Report): string {
  const report = withoutCredentials(input);
  const lines: string[] = [];
  // checks left out by --only, --skip or the config's skip stay in the table, in catalog order, as not run
  const leftOut = new Set(report.partial?.leftOut ?? []);
  const ran = new Map(report.checks.map((c) => [c.id, c]));
  const rows: Row[] = [
    ...CATALOG.filter((info) => ran.has(info.id) || leftOut.has(info.id)).map((info) => ran.get(info.id) ?? info),
    ...report.checks.filter((c) => !CATALOG.some((info) => info.id === c.id)),
  ];
  const idWidth = Math.max(27, ...rows.map((r) => inert(r.id).length));
  for (const level of [...new Set(rows.map((r) => r.level))].sort()) {
    lines.push(dim(LEVEL_TITLES[level] ?? `Level ${level}`));
    for (const row of rows.filter((r) => r.level === level)) lines.push(...rowLines(row, idWidth));
  }
  lines.push('');
  lines.push(
    `${report.exchanges.total} exchanges, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, seed ${report.seed}, ${report.durationMs} ms`,
  );
  if (report.incomplete) lines.push(red(`INCOMPLETE: ${inert(report.incomplete.reason)}`));
  lines.push(verdictLine(report));
  for (const line of neededLines(report)) lines.push(yellow(inert(line)));
  if (report.partial) {
    lines.push(yellow(`left out (not run): ${report.partial.leftOut.map(inert).join(', ')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** One check's line, and under a failure its message, case, replay and explain lines. */
function rowLines(row: Row, idWidth: number): string[] {
  const id = inert(row.id).padEnd(idWidth);
  if (!('status' in row)) {
    return [`${MARK.skip()}  L${row.level} ${row.severity.padEnd(6)} ${id} ${dim('not run')}`, dim("      left out of this run (--only, --skip or the config's skip)")];
  }
  const c = row;
  const counts = dim(`${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  const declared = c.declared ? (c.declared.expired ? ' (declared, expired)' : ' (declared deviation)') : '';
  const lines = [`${MARK[c.status]()}  L${c.level} ${c.severity.padEnd(6)} ${id} ${counts}${declared}`];
  if (c.status === 'fail' && c.firstFailure) {
    const f = c.firstFailure;
    lines.push(`      ${inert(f.message)}`);
    lines.push(dim(`      ${inert(whereWords(f))}`));
    for (const step of sequenceLines(f)) lines.push(dim(`        ${inert(step)}`));
    lines.push(dim(`      ${inert(replayWords(f))}`));
    lines.push(...classLines(c));
  } else if (c.status === 'skip' && c.skipReason) {
    lines.push(dim(`      ${inert(c.skipReason)}`));
  }
  if (c.status === 'fail' && findCheckInfo(c.id)) lines.push(dim(`      explain: ${explainCommand(c.id)}`));
  return lines;
}

/** Longest class line: the message is cut to fit a wide terminal. */
const CLASS_MESSAGE = 140;

/**
 * Under a check failing in more than one class, one line per class besides the first (shown
 * above): its failures, the class, its example's message and the command that replays it.
 */
function classLines(c: Report['checks'][number]): string[] {
  const all = classesOf(c);
  if (all.length <= 1) return [];
  const lines = [`      ${classCount(all.length)} of failure (the first above):`];
  for (const fc of shownClasses(c).slice(1)) {
    const f = fc.example!;
    const message = f.message.length > CLASS_MESSAGE ? `${f.message.slice(0, CLASS_MESSAGE)}…` : f.message;
    const cases = (fc.cases?.length ?? 0) > 1 ? `; on ${fc.cases!.length} cases sent once` : '';
    lines.push(`      · ${fc.failed}× ${inert(classLabel(fc))}: ${inert(message)} ${dim(`(case #${f.index}${f.shrunk ? ', shrunk' : ''}${cases}) ${replayCommand(f)}`)}`);
  }
  const more = moreClassesWords(c);
  if (more) lines.push(dim(`      · ${more}`));
  return lines;
}

/** "levels 1 and 2" / "level 3" */
function levelList(levels: readonly number[]): string {
  return levels.length === 1 ? `level ${levels[0]}` : `levels ${levels.slice(0, -1).join(', ')} and ${levels.at(-1)}`;
}

/**
 * The verdict on one line. A partial run (checks left out by --only/--skip/config skip) says so,
 * and never says CONFORMANT at a level whose MUST checks did not all run: when an untested level
 * stopped the achieved level, the line starts with PARTIAL RUN.
 */
export function verdictLine(report: Report): string {
  const v = report.verdict;
  const achieved = v.levelAchieved === 0 ? 'no level' : `level ${v.levelAchieved}`;
  const warnings = v.shouldWarnings ? `, ${v.shouldWarnings} SHOULD warning(s)` : '';
  const p = report.partial;
  const untested = report.levels.filter((l) => l.status === 'untested').map((l) => l.level);
  const partial = p
    ? `; PARTIAL RUN: ${p.leftOut.length} catalog check(s) left out${untested.length ? `, ${levelList(untested)} not tested` : ''}, the checks that ran support ${p.levelSupported === 0 ? 'no level' : `level ${p.levelSupported}`}`
    : '';
  const cut = incompleteWords(report);
  if (cut && !v.conformant) {
    const failed = report.levels.some((l) => l.status === 'fail');
    const text = `${failed ? 'NOT CONFORMANT (INCOMPLETE)' : 'INCOMPLETE'}: ${notSentWords(report)}; no level claimed (the checks did not see all their cases), level ${v.requiredLevel} required; ${v.mustFailures} MUST failure(s)${warnings}`;
    return failed ? red(text) : yellow(text);
  }
  const untestedLevel = report.levels.find((l) => l.status === 'untested');
  if (p && untestedLevel && stoppedByUntested(report)) {
    return yellow(
      `PARTIAL RUN: ${achieved} achieved, level ${v.requiredLevel} required: level ${untestedLevel.level} not tested (${p.leftOut.length} catalog check(s) left out); ` +
        `${v.mustFailures} MUST failure(s)${warnings}; the checks that ran support ${p.levelSupported === 0 ? 'no level' : `level ${p.levelSupported}`}`,
    );
  }
  if (!p && untestedLevel && stoppedByUntested(report)) {
    return yellow(
      `NOT CONFORMANT: ${achieved} achieved, level ${v.requiredLevel} required: level ${untestedLevel.level} not tested (MUST checks could not judge without an input the run lacked); ${v.mustFailures} MUST failure(s)${warnings}`,
    );
  }
  const text = v.conformant
    ? `CONFORMANT: ${achieved} achieved (required ${v.requiredLevel})${warnings}${partial}`
    : `NOT CONFORMANT: ${achieved} achieved, level ${v.requiredLevel} required; ${v.mustFailures} MUST failure(s)${warnings}${partial}`;
  return v.conformant ? (p ? yellow(text) : green(text)) : red(text);
}
