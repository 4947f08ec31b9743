/**
 * The failures in the CI's language: GitHub workflow commands (one per failure, the check id as
 * title, one escaped line) and GitLab's Code Quality report.
 */
import { describe, expect, it } from 'vitest';
import { renderCodeQuality, githubAnnotations } from '../../reports/ci.ts';
import { failingReport, passingReport } from '../fixtures/reports/sample.ts';

/** What the runner makes of a workflow command's message: the escapes undone. */
const undoEscapes = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

describe('githubAnnotations', () => {
  it('gives each failed check one line: ::error when it fails the verdict, ::warning otherwise, titled by its id', () => {
    const report = failingReport();
    const lines = githubAnnotations(report);
    const parsed = lines.map((l) => /^::(error|warning) title=([^:]+)::(.*)$/.exec(l));
    expect(parsed.every(Boolean), lines.join('\n')).toBe(true);
    expect(parsed.map((m) => [m![1], undoEscapes(m![2]!)])).toEqual([
      ['error', 'reject.invalid-4xx'],
      ['error', 'reject.no-side-effect'],
      ['error', 'missing.code-20001'],
      ['warning', 'create.timestamps-now'],
      ['warning', 'extra-params.ignored'],
      ['error', 'delete.gone'],
    ]);
    const invalid = report.checks.find((c) => c.id === 'reject.invalid-4xx')!;
    const text = undoEscapes(parsed[0]![3]!);
    expect(text.startsWith(`${invalid.firstFailure!.message} [L2 MUST; case #${invalid.firstFailure!.index} `)).toBe(true);
    expect(text).toContain(`replay: ${invalid.firstFailure!.curl}`);
    expect(text.endsWith(' · explain: trusthub-conformance explain reject.invalid-4xx')).toBe(true);
    expect(githubAnnotations(passingReport())).toEqual([]);
  });

  it('a MUST above the required level, or a declared deviation, is a warning', () => {
    const report = failingReport();
    report.verdict.requiredLevel = 2;
    expect(githubAnnotations(report).filter((l) => l.startsWith('::error')).map((l) => /title=([^:]+)/.exec(l)![1])).toEqual([
      'reject.invalid-4xx',
      'reject.no-side-effect',
    ]);
    // a declaration excuses only with an expiry date (contracts/report.ts isExcused)
    report.checks.find((c) => c.id === 'reject.no-side-effect')!.declared = { reason: 'known', expires: '2099-12-31', expired: false };
    expect(githubAnnotations(report).filter((l) => l.startsWith('::error'))).toHaveLength(1);
  });

  it('keeps target text on one line and escapes what the runner would read as a command', () => {
    const report = failingReport();
    const c = report.checks.find((x) => x.id === 'reject.invalid-4xx')!;
    c.firstFailure!.message = '100% wrong\r\n::error title=forged::injected, a: b';
    c.id = 'id:with,comma%';
    const [line] = githubAnnotations(report);
    expect(line!.split('\n')).toHaveLength(1);
    expect(line!.startsWith('::error title=id%3Awith%2Ccomma%25::100%25 wrong')).toBe(true);
    // the line break became visible text: no second command starts a line
    expect(undoEscapes(line!.slice(line!.indexOf('::', 2) + 2))).not.toMatch(/[\r\n]/);
    expect(line).toContain('␍␊::error title=forged::injected, a: b');
  });

  it('names no credential', () => {
    const report = failingReport();
    report.checks.find((x) => x.id === 'reject.invalid-4xx')!.firstFailure!.request.headers.Authorization = 'Basic QUNmb286c2VjcmV0';
    expect(githubAnnotations(report).join('\n')).not.toContain('QUNmb286c2VjcmV0');
  });
});

describe('renderCodeQuality', () => {
  it('is a GitLab Code Quality report: one issue per failure, with the fields GitLab requires', () => {
    const issues = JSON.parse(renderCodeQuality(failingReport())) as Array<Record<string, unknown>>;
    expect(issues.map((i) => [i.check_name, i.severity])).toEqual([
      ['reject.invalid-4xx', 'major'],
      ['reject.no-side-effect', 'major'],
      ['missing.code-20001', 'major'],
      ['create.timestamps-now', 'minor'],
      ['extra-params.ignored', 'minor'],
      ['delete.gone', 'major'],
    ]);
    for (const i of issues) {
      expect(typeof i.description).toBe('string');
      expect(i.description).toContain(`${i.check_name}: `);
      expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(i.location).toEqual({ path: `trusthub-conformance/${i.check_name}`, lines: { begin: 1 } });
    }
    // the same failure keeps its fingerprint from run to run, and no two failures share one
    expect(JSON.parse(renderCodeQuality(failingReport()))).toEqual(issues);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(JSON.parse(renderCodeQuality(passingReport()))).toEqual([]);
  });
});
