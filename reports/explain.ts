/**
 * What `explain <check-id>` prints, and the same explanation in report.html: the rule, its
 * source and the sentence quoted, the example with the reference mock's answer and the faulty
 * mock's, and how implementations get it wrong. Reads only contracts/ (no engine: `explain` must
 * start fast).
 */
import { findCheckInfo } from '../contracts/catalog.ts';
import type { CheckInfo, SourceDoc } from '../contracts/check.ts';
import {
  type ExampleAnswer,
  type ExampleRequest,
  type ExplainedCheck,
  explainCommand,
  explanationOf,
} from '../contracts/explain.ts';
import { authorizationShown, contentTypeOf } from '../contracts/explain/example.ts';
import { escapeHtml as h } from './text.ts';

export const SOURCE_NAMES: Record<SourceDoc, string> = {
  seed: 'the seed description of the operation',
  openapi: "Twilio's official OpenAPI document",
  'twilio-behaviour': "Twilio's documented behaviour",
  standard: 'a public standard',
  suite: "the suite's own rule",
};

const LEVEL_NAMES = { 1: 'contract', 2: 'validation', 3: 'fidelity' } as const;

/** Words wrapped to `width` columns, each line indented. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function requestLines(req: ExampleRequest): string[] {
  const lines = [`${req.method} ${req.path}`];
  const auth = authorizationShown(req.auth);
  // not `Authorization: …`: that form is kept for redacted evidence (tests/reports/safety.test.ts)
  lines.push(auth ? `Authorization header: ${auth}` : '(no Authorization header)');
  const type = contentTypeOf(req);
  if (type) lines.push(`Content-Type: ${type}`);
  for (const [name, value] of Object.entries(req.headers ?? {})) lines.push(`${name}: ${value}`);
  if (req.body !== undefined) lines.push('', req.body === '' ? '(empty body)' : (req.bodyShown ?? req.body));
  return lines;
}

export function answerLines(a: ExampleAnswer): string[] {
  const lines = [`${a.status} ${a.statusText}`];
  for (const [name, value] of Object.entries(a.headers)) lines.push(value === null ? `(no ${name} header)` : `${name}: ${value}`);
  if (a.body !== '') lines.push('', `${a.body}${a.cut ? ' …' : ''}`);
  return lines;
}

/** How the faulty mock is started, as a command. */
const mockCommand = (fault: string) => `trusthub-conformance mock --fault ${fault}`;

/** The explanation as terminal text; undefined for an id the catalog does not hold. */
export function explanationText(id: string): string | undefined {
  const info = findCheckInfo(id);
  const e = explanationOf(id);
  if (!info || !e) return undefined;
  const out: string[] = [
    `${info.id}: level ${info.level} (${LEVEL_NAMES[info.level]}), ${info.severity}`,
    info.title,
    '',
    'The rule',
    ...wrap(e.rule, '  '),
    '',
    `Source: ${SOURCE_NAMES[info.source.doc]} (${info.source.doc})`,
    ...wrap(info.source.ref, '  '),
    ...wrap(`“${e.quote}”`, '  '),
    '',
  ];
  const exchange = (answers: readonly ExampleAnswer[], full: boolean) => {
    e.requests.forEach((req, i) => {
      const lines = full ? requestLines(req) : [requestLines(req)[0]!];
      out.push(...lines.map((l) => `  > ${l}`.trimEnd()));
      const answer = answers[i];
      if (answer) out.push(...answerLines(answer).map((l) => `  < ${l}`.trimEnd()));
      out.push('');
    });
  };
  out.push('Passing: the reference mock (trusthub-conformance mock) answers');
  exchange(e.passing, true);
  out.push(`Failing: the mock with the fault ${e.fault} (${mockCommand(e.fault)}) answers`);
  exchange(e.failing, false);
  out.push('How implementations get it wrong', ...wrap(e.mistake, '  '), '');
  out.push(`The checks and the faults that prove them: docs/checks.md; the catalog: trusthub-conformance checks`);
  return `${out.join('\n')}\n`;
}

/** The explanation as data (`explain --json`). */
export function explanationJson(id: string): (CheckInfo & { explanation: ExplainedCheck }) | undefined {
  const info = findCheckInfo(id);
  const e = explanationOf(id);
  return info && e ? { ...info, explanation: e } : undefined;
}

/**
 * The explanation inside report.html: a <details> per check (its anchor is `explain-<id>`), with
 * the same parts as the terminal's and the command that prints it.
 */
export function explanationHtml(id: string): string {
  const e = explanationOf(id);
  if (!e) return '';
  const pre = (lines: string[], mark: string) => `<pre class="http">${h(lines.map((l) => `${mark} ${l}`.trimEnd()).join('\n'))}</pre>`;
  const steps = (answers: readonly ExampleAnswer[], full: boolean) =>
    e.requests
      .map((req, i) => `${pre(full ? requestLines(req) : [requestLines(req)[0]!], '>')}${answers[i] ? pre(answerLines(answers[i]), '<') : ''}`)
      .join('');
  return `<details class="explain" id="explain-${h(id)}"><summary>Explain this check</summary>
<p><b>The rule.</b> ${h(e.rule)}</p>
<blockquote>${h(e.quote)}</blockquote>
<div class="exchange"><figure><figcaption>Passing: the reference mock</figcaption>${steps(e.passing, true)}</figure>
<figure><figcaption>Failing: the mock with the fault <code>${h(e.fault)}</code></figcaption>${steps(e.failing, false)}</figure></div>
<p><b>How implementations get it wrong.</b> ${h(e.mistake)}</p>
<p class="cmd-line">In a terminal: <code>${h(explainCommand(id))}</code></p>
</details>`;
}
