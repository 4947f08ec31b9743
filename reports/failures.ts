/**
 * A check's failures as every writer shows them: its classes (the kind of case and the part of
 * the rule broken, engine/judge/classes.ts), each with one example, and for a failure a later
 * request of a sequence caused, the requests before it. Plain text; callers escape.
 */
import { CLASS_EXAMPLES, type CheckReport, type Counterexample, type FailureClass, type Report, type SequenceStep } from '../contracts/report.ts';
import { levelTitle, numberText, plural, requestLine, requestText, responseText } from './view.ts';

/**
 * A failed check's classes, in plan order of their first failure. A report older than classes, or
 * a check from outside the catalog, has only its first failure: one class standing for all.
 */
export function classesOf(check: CheckReport): FailureClass[] {
  if (check.status !== 'fail') return [];
  if (check.classes?.length) return check.classes;
  if (!check.firstFailure) return [];
  return [{ kind: `${check.firstFailure.category}`, shape: '', failed: check.failed, index: check.firstFailure.index, example: check.firstFailure }];
}

/** The classes shown with their example: the first CLASS_EXAMPLES. */
export function shownClasses(check: CheckReport): FailureClass[] {
  return classesOf(check).filter((c) => c.example !== undefined);
}

/** "and 4 more classes (9 failures), counted in report.json", for what is past the classes shown; undefined when nothing is. */
export function moreClassesWords(check: CheckReport): string | undefined {
  const all = classesOf(check);
  const rest = all.filter((c) => c.example === undefined);
  const unclassed = check.unclassed ?? 0;
  if (rest.length === 0 && unclassed === 0) return undefined;
  const failures = rest.reduce((n, c) => n + c.failed, 0) + unclassed;
  const classes = rest.length > 0 ? `${numberText(rest.length)} more ${rest.length === 1 ? 'class' : 'classes'}` : 'more failures';
  const beyond = unclassed > 0 ? `, ${plural(unclassed, 'failure')} past the classes told apart` : '';
  return `and ${classes} (${plural(failures, 'failure')}${beyond}) without an example: only the first ${CLASS_EXAMPLES} classes keep one; report.json counts each`;
}

/** "coverage · FriendlyName with a leading space — friendly_name" */
export function classLabel(c: Pick<FailureClass, 'kind' | 'part'>): string {
  return c.part === undefined ? c.kind : `${c.kind} — ${c.part}`;
}

/** How many of a class's fixed cases and coverage rows are named. */
const CASES_NAMED = 8;

/** "on 16 cases sent once: FriendlyName between no-break spaces, …, and 9 more"; undefined for a class with none. */
export function casesWords(c: Pick<FailureClass, 'cases'>): string | undefined {
  const cases = c.cases ?? [];
  if (cases.length === 0) return undefined;
  const named = cases.slice(0, CASES_NAMED).map((k) => `#${k.index} ${k.label}`);
  const more = cases.length > CASES_NAMED ? `, and ${cases.length - CASES_NAMED} more` : '';
  return `on ${plural(cases.length, 'case')} sent once: ${named.join('; ')}${more}`;
}

/** "3 classes", "1 class" */
export function classCount(n: number): string {
  return `${numberText(n)} ${n === 1 ? 'class' : 'classes'}`;
}

/**
 * Where a failure was found: "case #45 (coverage: FriendlyName with a leading space), shrunk", or for
 * a request after the create, "the read back after case #3 (valid: seed example)".
 */
export function whereWords(c: Counterexample): string {
  const shrunk = c.shrunk ? ', shrunk' : '';
  const own = `case #${c.index} (${c.category}: ${c.caseLabel})${shrunk}`;
  // another answer's label already says which request it was and what it followed
  if (!c.step || c.category === 'lifecycle') return own;
  return `the ${c.step.purpose} (${requestLine(c.request)}) after ${own}`;
}

/** "POST /v1/CustomerProfiles → 201 (BU…)", "GET /v1/CustomerProfiles → 200, cut at 1048576 bytes" */
export function stepLine(s: SequenceStep): string {
  const answer = s.status !== undefined ? String(s.status) : `no answer (${s.error ?? 'unknown'})`;
  const cut = s.cutAt !== undefined ? `, cut at ${s.cutAt} bytes (--max-response-bytes)` : '';
  const sid = s.sid ? ` ${s.sid}` : '';
  const auth = s.auth === 'valid' ? '' : ` [credentials: ${s.auth}]`;
  return `${requestLine(s.request)}${auth} → ${answer}${sid}${cut} (${s.purpose})`;
}

/** The requests before the one that broke the check, one line each, numbered; empty when there were none. */
export function sequenceLines(c: Counterexample): string[] {
  const steps = c.sequence ?? [];
  if (steps.length === 0) return [];
  const last = `${requestLine(c.request)}${c.step && c.step.auth !== 'valid' ? ` [credentials: ${c.step.auth}]` : ''} → ${c.response ? c.response.status : `no answer (${c.error?.code ?? 'unknown'})`} (${c.step?.purpose ?? 'this request'}: broke the check)`;
  return [...steps.map((s, i) => `${i + 1}. ${stepLine(s)}`), `${steps.length + 1}. ${last}`];
}

/** The command that replays a failure: the whole sequence for one that needs the requests before it. */
export function replayCommand(c: Counterexample): string {
  return `trusthub-conformance replay --case ${c.index}`;
}

/** "replay: curl …", or for a sequence "replay (the whole sequence of 4 requests): trusthub-conformance replay --case 3" */
export function replayWords(c: Counterexample): string {
  if (c.sequence?.length) return `replay (the whole sequence of ${c.sequence.length + 1} requests): ${replayCommand(c)}`;
  return `replay: ${c.curl}`;
}

/**
 * A failed check as plain text: what failed, its first failure as HTTP messages (with the requests
 * before it, for a sequence), then every class of its failures with its example's message, where it
 * was found and how to replay it; the seed and the rerun. The JUnit failure body; not escaped
 * (callers clean and escape).
 */
export function failureText(check: CheckReport, report: Report): string {
  const classes = classesOf(check);
  const lines = [
    `${check.id} (${levelTitle(check.level)}, ${check.severity}): ${check.title}`,
    `Source: ${check.source.doc}: ${check.source.ref}`,
    `Failed on ${check.failed} of ${check.passed + check.failed} exchanges${classes.length > 1 ? `, in ${classCount(classes.length)}` : ''}.`,
  ];
  if (check.declared) {
    const expiry = check.declared.expires ? ` (expires ${check.declared.expires}${check.declared.expired ? ', EXPIRED' : ''})` : '';
    lines.push(`Declared deviation${expiry}: ${check.declared.reason}`);
  }
  const c = check.firstFailure;
  if (c) {
    const steps = sequenceLines(c);
    lines.push(
      '',
      c.message,
      '',
      `Counterexample${c.shrunk ? ' (minimal: shrunk)' : ''}: ${c.step && c.category !== 'lifecycle' ? `the ${c.step.purpose} after ` : ''}case #${c.index} [${c.category}] ${c.caseLabel}`,
      ...(steps.length ? ['--- the sequence (the last request broke the check)', ...steps] : []),
      '--- request',
      requestText(c.request),
      '--- response',
      responseText(c),
      '',
      'Reproduce with:',
      ...(c.sequence?.length ? [`${replayCommand(c)}   (the whole sequence)`] : []),
      c.curl,
    );
  }
  if (classes.length > 1) {
    lines.push('', `Classes of failure (${classes.length}), each with its first failure:`);
    shownClasses(check).forEach((fc, i) => {
      const f = fc.example!;
      const cases = casesWords(fc);
      lines.push(`${i + 1}. ${classLabel(fc)}: ${plural(fc.failed, 'failure')}`, `   ${f.message}`, `   ${whereWords(f)}`, ...(cases ? [`   ${cases}`] : []), `   ${replayWords(f)}`);
    });
    const more = moreClassesWords(check);
    if (more) lines.push(more);
  }
  lines.push('', `Seed: ${report.seed}`, `Rerun: ${report.certificate.rerun}`);
  return lines.join('\n');
}
