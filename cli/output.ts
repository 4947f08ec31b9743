import type { Report } from '../contracts/report.ts';
import { withoutCredentials } from '../reports/redact.ts';

const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[0m` : s);
export const red = (s: string) => paint('31', s);
export const green = (s: string) => paint('32', s);
export const yellow = (s: string) => paint('33', s);
export const dim = (s: string) => paint('2', s);

/** Target-supplied text on a terminal: control characters (ANSI escapes included) made visible. */
export function inert(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

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

/** The table of checks and the verdict line (of the report as the writers print it: credentials redacted). */
export function renderSummary(input: Report): string {
  const report = withoutCredentials(input);
  const lines: string[] = [];
  for (const c of report.checks) {
    const counts = dim(`${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    const declared = c.declared ? (c.declared.expired ? ' (declared, expired)' : ' (declared deviation)') : '';
    lines.push(`${MARK[c.status]()}  L${c.level} ${c.severity.padEnd(6)} ${c.id.padEnd(27)} ${counts}${declared}`);
    if (c.status === 'fail' && c.firstFailure) {
      const f = c.firstFailure;
      lines.push(`      ${inert(f.message)}`);
      lines.push(dim(`      case #${f.index} (${inert(f.caseLabel)})${f.shrunk ? ', shrunk' : ''}`));
      lines.push(dim(`      replay: ${inert(f.curl)}`));
    } else if (c.status === 'skip' && c.skipReason) {
      lines.push(dim(`      ${inert(c.skipReason)}`));
    }
  }
  lines.push('');
  lines.push(
    `${report.exchanges.total} exchanges, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, seed ${report.seed}, ${report.durationMs} ms`,
  );
  if (report.incomplete) lines.push(red(`INCOMPLETE: ${inert(report.incomplete.reason)}`));
  lines.push(verdictLine(report));
  return `${lines.join('\n')}\n`;
}

export function verdictLine(report: Report): string {
  const v = report.verdict;
  const achieved = v.levelAchieved === 0 ? 'no level' : `level ${v.levelAchieved}`;
  const warnings = v.shouldWarnings ? `, ${v.shouldWarnings} SHOULD warning(s)` : '';
  const text = v.conformant
    ? `CONFORMANT: ${achieved} achieved (required ${v.requiredLevel})${warnings}`
    : `NOT CONFORMANT: ${achieved} achieved, level ${v.requiredLevel} required; ${v.mustFailures} MUST failure(s)${warnings}`;
  return v.conformant ? green(text) : red(text);
}
