/**
 * Every writer shows every class of a check's failures, each with its example and its replay
 * line; what is past the classes shown is counted; a failure of a sequence shows its requests.
 */
import { describe, expect, it } from 'vitest';
import type { CheckReport, Counterexample, Report } from '../../contracts/report.ts';
import { renderSummary } from '../../cli/output.ts';
import { githubAnnotations, renderCodeQuality } from '../../reports/ci.ts';
import { renderHtml, renderJunit, renderMarkdown } from '../../reports/index.ts';
import { stripAnsi } from '../../reports/text.ts';
import { failingReport } from '../fixtures/reports/sample.ts';

/** The failing report, its reject.invalid-4xx failing in three classes (the third past those with an example) and delete.gone on the GET after the DELETE. */
function classedReport(): { report: Report; check: CheckReport; second: Counterexample } {
  const report = failingReport();
  const check = report.checks.find((c) => c.id === 'reject.invalid-4xx')!;
  const first = check.firstFailure!;
  const second: Counterexample = {
    ...structuredClone(first),
    index: 212,
    category: 'status-callback',
    caseLabel: 'StatusCallback without a scheme',
    message: 'expected a 4xx refusal for "StatusCallback without a scheme", got 500 (code 20500: boom)',
    curl: "curl -sS -i -X POST https://cp-staging.example.com/v1/CustomerProfiles --data-binary 'StatusCallback=example.com'",
  };
  check.failed = 9;
  check.passed = 222;
  check.classes = [
    { kind: 'policy-sid · PolicySid.length', shape: 'expected a 4xx refusal for "…", got 201', failed: 5, index: first.index, example: first, cases: [{ index: first.index, label: first.caseLabel }] },
    { kind: 'status-callback · StatusCallback.format', shape: 'expected a 4xx refusal for "…", got 500 (code N: boom)', failed: 3, index: 212, example: second },
    { kind: 'empty-field · Email.empty', shape: 'x', failed: 1, index: 300 },
  ];
  const gone = report.checks.find((c) => c.id === 'delete.gone')!;
  const create = gone.firstFailure!;
  gone.firstFailure = {
    ...create,
    message: 'GET after DELETE answered 200, expected 404',
    request: { method: 'GET', url: 'https://cp-staging.example.com/v1/CustomerProfiles/BU11111111111111111111111111111111', headers: {}, body: '' },
    step: { purpose: 'read after the delete', auth: 'valid', role: 'readAfterDelete' },
    sequence: [
      { purpose: 'create', role: 'create', request: first.request, auth: 'valid', status: 201, sid: 'BU11111111111111111111111111111111' },
      { purpose: 'delete', role: 'deleted', request: { method: 'DELETE', url: 'https://cp-staging.example.com/v1/CustomerProfiles/BU11111111111111111111111111111111', headers: {}, body: '' }, auth: 'valid', status: 204 },
    ],
  };
  return { report, check, second };
}

describe('every class of failure, in every output', () => {
  it('the terminal: one line per class under the check, with its replay command, and the rest counted', () => {
    const { report, second } = classedReport();
    const text = stripAnsi(renderSummary(report));
    expect(text).toContain('      3 classes of failure (the first above):');
    expect(text).toContain(`      · 3× status-callback · StatusCallback.format: ${second.message} (case #212, shrunk) trusthub-conformance replay --case 212`);
    expect(text).toContain('      · and 1 more class (1 failure) without an example');
    // a sequence: the requests before the one that broke the check, and a replay of them all
    expect(text).toContain('      the read after the delete (GET /v1/CustomerProfiles/BU11111111111111111111111111111111) after case #');
    expect(text).toContain('        1. POST /v1/CustomerProfiles → 201 BU11111111111111111111111111111111 (create)');
    expect(text).toContain('        3. GET /v1/CustomerProfiles/BU11111111111111111111111111111111 → ');
    expect(text).toContain('      replay (the whole sequence of 3 requests): trusthub-conformance replay --case ');
  });

  it('GitHub annotations: one per class with an example, one for the rest; the same title, the class in the text', () => {
    const { report } = classedReport();
    const lines = githubAnnotations(report).filter((l) => l.includes('title=reject.invalid-4xx::'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('3 classes, this one policy-sid · PolicySid.length (5 failures)');
    expect(lines[1]).toContain('this one status-callback · StatusCallback.format (3 failures); case #212 (status-callback: StatusCallback without a scheme)');
    expect(lines[1]).toContain("replay: curl -sS -i -X POST https://cp-staging.example.com/v1/CustomerProfiles --data-binary 'StatusCallback=example.com'");
    expect(lines[2]).toContain('and 1 more class (1 failure) without an example');
    const issues = JSON.parse(renderCodeQuality(report)) as Array<{ check_name: string; fingerprint: string }>;
    const mine = issues.filter((i) => i.check_name === 'reject.invalid-4xx');
    expect(mine).toHaveLength(3);
    expect(new Set(mine.map((i) => i.fingerprint)).size).toBe(3);
  });

  it('JUnit: one testcase per check (a stable name), every class in its failure body', () => {
    const { report, second } = classedReport();
    const xml = renderJunit(report);
    expect(xml.match(/<testcase name="reject\.invalid-4xx: /g)).toHaveLength(1);
    expect(xml).toContain('(and 2 classes more: see the failure body)');
    expect(xml).toContain('Classes of failure (3), each with its first failure:');
    expect(xml).toContain('2. status-callback · StatusCallback.format: 3 failures');
    expect(xml).toContain(`   replay: ${second.curl}`);
    expect(xml).toContain('and 1 more class (1 failure) without an example');
  });

  it('Markdown: a table of the classes with their replay commands; HTML: each class with its example', () => {
    const { report } = classedReport();
    const md = renderMarkdown(report);
    expect(md).toContain('#### `reject.invalid-4xx`: 3 classes of failure');
    expect(md).toMatch(/\| status-callback · StatusCallback\.format \| 3 \| .* \| `trusthub-conformance replay --case 212` \|/);
    expect(md).toContain('The sequence, the last request broke the check:');
    const html = renderHtml(report);
    expect(html).toContain('3 classes of failure, each with its first failure');
    expect(html).toContain('<details class="klass"><summary><b>3×</b> status-callback · StatusCallback.format');
    expect(html).toContain('id="curl-');
    expect(html).toContain('The sequence: the last request broke the check');
  });
});
