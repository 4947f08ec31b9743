import type { CheckReport, Counterexample, Report } from '../contracts/report.ts';
import { casesWords, classCount, classesOf, classLabel, moreClassesWords, replayCommand, sequenceLines, shownClasses, whereWords } from './failures.ts';
import { withoutCredentials } from './redact.ts';
import { escapeHtmlInMarkdown, escapeMarkdown, markdownCode, markdownFence, truncate } from './text.ts';
import {
  checkCounts,
  cutShortClean,
  failedChecks,
  formatMs,
  incompleteWords,
  isExcused,
  LEVEL_NAMES,
  neededLines,
  notSentWords,
  numberText,
  partialSummary,
  plural,
  requestLine,
  requestText,
  responseText,
  statusSummary,
  stoppedByUntested,
  untestedWords,
  verdictDetail,
  verdictHeadline,
} from './view.ts';

/** Longest response body shown in a counterexample: a PR comment must stay short. */
const SHORT_BODY = 600;

/**
 * report.md: a summary fit for a pull-request comment or $GITHUB_STEP_SUMMARY. Inline target text
 * goes through `escapeMarkdown` or `markdownCode`, on one line; inside the one HTML block used
 * (`<details><summary>`), through `escapeHtmlInMarkdown`, also on one line (a blank line would end it);
 * multi-line evidence sits in fenced blocks longer than any backtick run it holds, verbatim apart
 * from control characters, so a curl copied from it replays byte for byte.
 */
export function renderMarkdown(input: Report): string {
  const report = withoutCredentials(input);
  const out: string[] = [];
  const icon = report.verdict.conformant ? '✅' : stoppedByUntested(report) || cutShortClean(report) ? '⚠️' : '❌';
  const shard = report.shard ? ` (shard ${report.shard.index} of ${report.shard.count})` : '';
  out.push(`## ${icon} ${verdictHeadline(report)}: TrustHub \`POST /v1/CustomerProfiles\`${shard}`, '');
  out.push(`**${verdictDetail(report)}**`, '');
  if (report.shard) {
    out.push(
      `> This is shard ${report.shard.index} of ${report.shard.count} of seed ${markdownCode(String(report.seed))}: its verdict covers its part of the plan; \`merge\` the shards' report.json files for the whole certification.`,
      '',
    );
  }
  const cut = incompleteWords(report);
  if (report.incomplete && cut) {
    out.push(`> ⚠️ **${escapeMarkdown(cut[0]!.toUpperCase() + cut.slice(1))}:** ${escapeMarkdown(report.incomplete.reason)}. No level is claimed: the checks did not see all their cases.`, '');
  }
  const partial = partialSummary(report);
  if (partial && report.partial) {
    out.push(
      `> ⚠️ **${escapeMarkdown(partial)}**`,
      `> Left out: ${report.partial.leftOut.map((id) => markdownCode(id)).join(', ')}`,
      '',
    );
  }
  for (const line of neededLines(report)) out.push(`> ⚠️ **${escapeMarkdown(line)}**`, '');
  out.push(ladder(report), '');

  const counts = checkCounts(report.checks);
  out.push(
    `Checks: ${counts.pass} passed · ${counts.fail} failed · ${counts.skip} skipped of ${counts.total}. ` +
      `Target ${markdownCode(report.target.url)} · seed ${markdownCode(String(report.seed))} · ` +
      `${plural(report.runs, 'run')} · ${plural(report.exchanges.total, 'exchange')} · ${formatMs(report.durationMs)} · ` +
      `p50 ${formatMs(report.latencyMs.p50)}, p95 ${formatMs(report.latencyMs.p95)}`,
    '',
  );

  const failed = failedChecks(report);
  if (failed.length > 0) {
    out.push(`### Failed checks (${failed.length})`, '');
    out.push('| Check | Level | Message | Counterexample |', '|---|---|---|---|');
    for (const check of failed) out.push(failureRow(check));
    out.push('');
    for (const check of failed) if (check.firstFailure) out.push(...failureDetails(check, check.firstFailure), '');
    for (const check of failed) if (classesOf(check).length > 1) out.push(...classTable(check), '');
  }

  if (report.certificate.declaredDeviations?.length) out.push(...declaredSection(report), '');
  if (report.diff) out.push(...divergenceSection(report), '');

  const skipped = report.checks.filter((c) => c.status === 'skip');
  if (skipped.length > 0) {
    out.push(`<details><summary>Skipped checks (${skipped.length})</summary>`, '');
    for (const c of skipped) out.push(`- ${markdownCode(c.id)}: ${escapeMarkdown(c.skipReason ?? 'skipped')}`);
    out.push('', '</details>', '');
  }

  out.push(
    `<sub>${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)} · catalog ` +
      `${markdownCode(`${report.certificate.catalogFingerprint.slice(0, 19)}…`)} · ` +
      `${escapeMarkdown(report.finishedAt)}. Rerun:</sub>`,
    '',
    markdownFence(report.certificate.rerun, 'sh'),
    '',
  );
  return out.join('\n');
}

/** The certificate's declared deviations (run --deviations): "conformant with N declared deviations" and the list. */
function declaredSection(report: Report): string[] {
  const list = report.certificate.declaredDeviations ?? [];
  const excused = list.filter((d) => d.excused).length;
  const head = report.verdict.conformant ? `Conformant with ${plural(excused, 'declared deviation')}` : `${plural(excused, 'declared deviation')} in effect`;
  const out = [`### ${head}`, ''];
  for (const d of list) {
    const state = d.expired ? '**expired**: counts as a failure again' : d.excused ? 'declared' : `declared, not needed (the check ${d.checkStatus === 'not-run' ? 'did not run' : `${d.checkStatus === 'pass' ? 'passed' : 'was skipped'}`})`;
    out.push(`- ${markdownCode(d.check)} (${state}${d.expires ? `, expires ${escapeMarkdown(d.expires)}` : ''}): ${escapeMarkdown(d.reason)}`);
  }
  return out;
}

/** Rows of the divergence table a PR comment shows; report.json holds the rest. */
const DIVERGENCE_ROWS = 50;

/** A differential run (`diff`): what was compared with what, and where the target and the reference differ. */
function divergenceSection(report: Report): string[] {
  const d = report.diff!;
  const rows = (report.divergences ?? []).slice(0, DIVERGENCE_ROWS);
  const ref =
    d.reference.kind === 'cassette'
      ? `cassette ${markdownCode(d.reference.file ?? '')}, recorded at ${markdownCode(d.reference.url)}${d.reference.recordedAt ? ` on ${escapeMarkdown(d.reference.recordedAt.slice(0, 10))}` : ''}`
      : markdownCode(d.reference.url);
  const out = [
    `### Divergences from the reference: ${numberText(d.divergent)} of ${plural(d.compared, 'case')}`,
    '',
    `Reference: ${ref}. ${plural(d.unexpected, 'case')} diverge in ways not declared expected${d.unmatched ? `; ${numberText(d.unmatched)} could not be compared` : ''}.`,
    '',
  ];
  if (rows.length === 0) return [...out, 'No divergence.'];
  out.push('| Case | Request class | Aspect | Target | Reference | Declared |', '|---|---|---|---|---|---|');
  for (const r of rows) {
    const declared = r.expected ? `expected: ${escapeMarkdown(truncate(r.expected.reason, 120))}` : '❌';
    out.push(
      `| #${numberText(r.index)} | ${markdownCode(r.requestClass)} | ${escapeMarkdown(r.aspect)} | ${markdownCode(truncate(r.target, 80))} | ${markdownCode(truncate(r.reference, 80))} | ${declared} |`,
    );
  }
  if (d.rows > rows.length) out.push('', `${numberText(d.rows - rows.length)} more row(s): see report.json.`);
  return out;
}

/** "✅ L1 contract → ❌ L2 validation (2 MUST) → ❌ L3 fidelity (2 MUST, 2 SHOULD)" */
function ladder(report: Report): string {
  return report.levels
    .map((l) => {
      const parts = [l.mustFailed > 0 ? `${numberText(l.mustFailed)} MUST` : '', l.shouldFailed > 0 ? `${numberText(l.shouldFailed)} SHOULD` : ''].filter(Boolean);
      const failures = parts.length > 0 ? ` (${parts.join(', ')} failed)` : '';
      if (l.status === 'untested') return `⬜ **L${numberText(l.level)}** ${LEVEL_NAMES[l.level]} (${untestedWords(l)})`;
      if (l.status === 'incomplete') return `⬜ **L${numberText(l.level)}** ${LEVEL_NAMES[l.level]} (not claimed: ${escapeMarkdown(notSentWords(report))})${failures}`;
      return `${l.status === 'pass' ? '✅' : '❌'} **L${numberText(l.level)}** ${LEVEL_NAMES[l.level]}${failures}`;
    })
    .join(' → ');
}

function failureRow(check: CheckReport): string {
  const c = check.firstFailure;
  const icon = isExcused(check) ? '⚠️' : check.severity === 'SHOULD' ? '⚠️' : '❌';
  const declared = check.declared
    ? `<br>${check.declared.expired ? '**expired** declared deviation' : '*declared deviation*'}: ${escapeMarkdown(check.declared.reason)}`
    : '';
  const classes = classesOf(check).length;
  const more = classes > 1 ? `<br>*${escapeMarkdown(classCount(classes))} of failure: see below*` : '';
  const message = c ? `${escapeMarkdown(truncate(c.message, 300))}${more}` : `failed on ${check.failed} exchange(s)`;
  const example = c ? `${markdownCode(requestLine(c.request))} → ${markdownCode(statusSummary(c))}` : '';
  return `| ${icon} ${markdownCode(check.id)} | L${numberText(check.level)} ${escapeMarkdown(check.severity)} | ${message}${declared} | ${example} |`;
}

/** Rows of a check's class table a PR comment shows: the rest are counted (report.json holds them). */
const CLASS_ROWS = 20;

/** Every class of a check failing in more than one: its failures, its example's message, where, and the replay command. */
function classTable(check: CheckReport): string[] {
  const shown = shownClasses(check);
  const out = [
    `#### ${markdownCode(check.id)}: ${escapeMarkdown(classCount(classesOf(check).length))} of failure`,
    '',
    '| Class | Failures | Example | Replay |',
    '|---|---|---|---|',
  ];
  for (const fc of shown.slice(0, CLASS_ROWS)) {
    const f = fc.example!;
    out.push(
      `| ${escapeMarkdown(truncate(classLabel(fc), 120))} | ${numberText(fc.failed)} | ${escapeMarkdown(truncate(f.message, 200))} (${escapeMarkdown(truncate(whereWords(f), 160))})${fc.cases?.length ? `<br>${escapeMarkdown(truncate(casesWords(fc)!, 200))}` : ''} | ${markdownCode(replayCommand(f))} |`,
    );
  }
  const rest = shown.length - Math.min(shown.length, CLASS_ROWS);
  if (rest > 0) out.push('', `And ${classCount(rest)} more, each with an example in report.html and report.json.`);
  const more = moreClassesWords(check);
  if (more) out.push('', escapeMarkdown(more[0]!.toUpperCase() + more.slice(1)));
  return out;
}

function failureDetails(check: CheckReport, c: Counterexample): string[] {
  const what = `${check.id}: ${whereWords(c).replace(', shrunk', ', minimal')}`;
  const steps = sequenceLines(c);
  return [
    `<details><summary>${escapeHtmlInMarkdown(truncate(what, 200))}</summary>`,
    '',
    `**${escapeMarkdown(check.title)}.** ${escapeMarkdown(c.message)}`,
    '',
    ...(steps.length ? ['The sequence, the last request broke the check:', '', markdownFence(steps.join('\n')), ''] : []),
    'Request:',
    '',
    markdownFence(requestText(c.request), 'http'),
    '',
    'Response:',
    '',
    markdownFence(responseText(c, SHORT_BODY), 'http'),
    '',
    'Replay:',
    '',
    markdownFence(c.sequence?.length ? `${replayCommand(c)}   # the whole sequence\n${c.curl}   # this request alone` : c.curl, 'sh'),
    '',
    '</details>',
  ];
}
