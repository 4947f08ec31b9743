/**
 * docs/checks.md, generated from the catalog (contracts/catalog.ts) and the reference mock's named
 * faults (mock/faults.ts): `npm run docs:checks`. tests/docs.test.ts regenerates it in memory and
 * fails when the committed file differs.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG, formerIds } from '../contracts/catalog.ts';
import type { CheckInfo, SourceDoc } from '../contracts/check.ts';
import type { Expectation } from '../contracts/exchange.ts';
import { coverageRows } from '../generators/index.ts';
import { FAULTS } from '../mock/faults.ts';

export const CHECKS_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'checks.md');

const LEVEL_NAMES = { 1: 'contract', 2: 'validation', 3: 'fidelity' } as const;

const SOURCE_NAMES: Record<SourceDoc, string> = {
  seed: 'the seed description of the operation',
  openapi: "Twilio's official OpenAPI document (twilio-oai)",
  'twilio-behaviour': "Twilio's documented behaviour (errors, auth, resource semantics)",
  standard: 'a public standard (RFC 9110, RFC 7617, RFC 8259, RFC 3986, WHATWG URL), cited with its section',
  suite: "the suite's own rule, beyond the anchors",
};

/** Text for a Markdown table cell: pipes escaped, one line. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function renderChecksDoc(catalog: readonly CheckInfo[] = CATALOG): string {
  const out: string[] = [
    '# Checks',
    '',
    '<!-- Generated from contracts/catalog.ts and mock/faults.ts by `npm run docs:checks`; do not edit by hand. -->',
    '',
    `The catalog holds ${catalog.length} checks. A rule of one answer of a kind judges every answer of that`,
    'kind (the **judges** column: statuses × routes), whatever phase sent the request — a fixed case, a',
    'property case, a follow-up, the list walk, a probe, the cleanup, an answer a retry replaced; the others',
    'judge the cases (a create and what the run learnt around it). A check that nothing applied to is',
    'skipped. `levelAchieved` is the highest level whose MUST checks, and those of',
    'every level below, all ran and passed; a SHOULD failure is a warning. Select checks with `--only` /',
    '`--skip` (ids or levels, e.g. `--only L1,L2` or `--skip create.timestamps-now`); a run that leaves',
    'checks out is partial: a level with a MUST check left out is not tested, so it is not achieved, and',
    'every report says what was left out and which level the checks that ran support. A check\'s former id',
    '(shown as "formerly") still names it in `--only`, `--skip`, the config file and declared deviations.',
    '`trusthub-conformance checks` prints the same list.',
    '',
    'The **fault** column names the reference mock faults (`trusthub-conformance mock --fault NAME`) that',
    'break the rule on purpose; the test suite proves the check catches each of them.',
    '',
    'Each check names its source: ' +
      (Object.entries(SOURCE_NAMES) as Array<[SourceDoc, string]>).map(([k, v]) => `\`${k}\` ${v}`).join('; ') +
      '.',
    '',
    '| level | MUST | SHOULD |',
    '|---|---|---|',
  ];
  for (const level of [1, 2, 3] as const) {
    const of = (sev: string) => catalog.filter((c) => c.level === level && c.severity === sev).length;
    out.push(`| ${level} ${LEVEL_NAMES[level]} | ${of('MUST')} | ${of('SHOULD')} |`);
  }
  for (const level of [1, 2, 3] as const) {
    out.push('', `## Level ${level}: ${LEVEL_NAMES[level]}`, '', '| id | severity | rule | judges | source | fault |', '|---|---|---|---|---|---|');
    for (const c of catalog.filter((x) => x.level === level)) {
      const faults = FAULTS.filter((f) => f.checkId === c.id).map((f) => `\`${f.name}\``);
      const former = formerIds(c.id).map((id) => `\`${id}\``);
      const title = `${cell(c.title)}${former.length ? ` (formerly ${former.join(', ')})` : ''}`;
      out.push(`| \`${c.id}\` | ${c.severity} | ${title} | ${judges(c)} | \`${c.source.doc}\` ${cell(c.source.ref)} | ${faults.join(', ') || '—'} |`);
    }
  }
  out.push(...coverageSection());
  out.push('');
  return out.join('\n');
}

/** Which answers a check judges, in words: its answers scope, or the cases it reads. */
export function judges(c: CheckInfo): string {
  const scope = c.answers;
  if (!scope) return c.followUps ? 'cases, with their follow-ups' : 'cases';
  const routes = scope.routes === 'any' ? 'every route' : scope.routes.join(', ');
  const statuses = scope.statuses === 'any' ? 'every answer' : scope.statuses.join(', ');
  // a HEAD answer is judged as its GET's by every rule that does not read the content (contracts/check.ts inScope)
  return `${statuses} of ${routes}${scope.body ? '' : ', HEAD answers too'}`;
}

const EXPECTED: Record<Expectation, string> = {
  create: 'create (201, echoed exactly)',
  reject: 'reject (4xx)',
  either: '4xx or create, never 5xx',
};

/** The coverage tables (generators/coverage), one row per request the phase sends. */
function coverageSection(): string[] {
  const rows = coverageRows();
  const out = [
    '',
    '## Coverage phase',
    '',
    `Between the fixed cases and the property streams every run sends these ${rows.length} requests, the same on`,
    'every seed (split by index under `--shard`): the seed example with one exact value changed, or one exact',
    'request (a value spelled a particular way on the wire, parameters the create does not take, a copy in the',
    'query string, a body of 64 KiB or more). A defect that needs one exact value is found on every run. The',
    '`value-space` property stream (generators/valueSpaceCase.ts) draws from the same value space at random. Their category in reports is',
    '`coverage`; the checks above judge them (`reject.invalid-4xx`, `echo.fields`, `no-server-error`, …). On a',
    'live target given `--policy-sid`, that policy replaces the example one and the rows that would create with',
    'another well-formed PolicySid are left out. Generated from generators/coverage/.',
    '',
    '| parameter | value | expected | rule | source |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const expected = r.expect === 'either' && r.case.echoWhenCreated ? '4xx, or create echoing it exactly; never 5xx' : EXPECTED[r.expect];
    const what = r.case.label.startsWith(`${r.parameter} `) ? r.case.label.slice(r.parameter.length + 1) : r.case.label;
    // in a code span only a pipe needs escaping (GFM tables); backslashes show as they are
    const value = r.shown.replace(/\|/g, '\\|').replace(/`/g, "'");
    out.push(`| ${r.parameter} | ${cell(what)}: \`${value}\` | ${expected} | \`${r.rule}\` | ${cell(r.source)} |`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(CHECKS_DOC, renderChecksDoc());
  process.stdout.write(`wrote ${CHECKS_DOC}\n`);
}
