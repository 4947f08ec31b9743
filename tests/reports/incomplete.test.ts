/**
 * A run cut short claims no level (contracts/report.ts judgeLevels): the create budget, -x and the
 * health monitor leave planned cases unsent, and the headline, certificate, badge, Markdown, HTML,
 * JUnit, step summary and terminal all say "incomplete: N cases not sent", never a level.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictLine } from '../../cli/output.ts';
import { CATALOG } from '../../contracts/catalog.ts';
import { judgeLevels, type Report } from '../../contracts/report.ts';
import { appendStepSummary, renderBadge, renderHtml, renderJson, renderJunit, renderMarkdown } from '../../reports/index.ts';
import { verdictHeadline } from '../../reports/view.ts';
import { certifyMock } from '../helpers/certify.ts';

const mustChecks = CATALOG.map((c) => ({ id: c.id, level: c.level, severity: c.severity, status: 'pass' as const }));

describe('judgeLevels: the one rule', () => {
  it('a run that sent every case vouches for its levels', () => {
    const { levels, verdict } = judgeLevels(mustChecks, 3, CATALOG, 0);
    expect(levels.map((l) => l.status)).toEqual(['pass', 'pass', 'pass']);
    expect(verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
  });

  it('a run with cases not sent claims no level, whatever its checks passed', () => {
    const { levels, verdict } = judgeLevels(mustChecks, 1, CATALOG, 139);
    expect(levels.map((l) => l.status)).toEqual(['incomplete', 'incomplete', 'incomplete']);
    expect(verdict).toMatchObject({ conformant: false, levelAchieved: 0 });
  });

  it('a failure it saw still fails its level', () => {
    const checks = mustChecks.map((c) => (c.level === 2 && c.severity === 'MUST' ? { ...c, status: 'fail' as const } : c));
    const { levels, verdict } = judgeLevels(checks, 3, CATALOG, 5);
    expect(levels.map((l) => l.status)).toEqual(['incomplete', 'fail', 'incomplete']);
    expect(verdict.levelAchieved).toBe(0);
  });

  it('a partial run cut short supports no level either', () => {
    const { partial } = judgeLevels(mustChecks.slice(0, 3), 3, CATALOG, 1);
    expect(partial?.levelSupported).toBe(0);
  });
});

describe('--max-creates 3 against the reference mock', () => {
  let report: Report;
  let dir: string;
  beforeAll(async () => {
    report = await certifyMock({}, { runs: 10, seed: 1, maxCreates: 3 });
    dir = mkdtempSync(join(tmpdir(), 'thc-incomplete-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves cases unsent, and the report claims no level', () => {
    const notSent = report.incomplete?.notSent ?? 0;
    expect(notSent).toBeGreaterThan(50);
    expect(report.incomplete?.reason).toMatch(/the create budget \(--max-creates 3\) was spent/);
    expect(report.verdict).toMatchObject({ conformant: false, levelAchieved: 0 });
    expect(report.levels.map((l) => l.status)).toEqual(['incomplete', 'incomplete', 'incomplete']);
    expect(report.certificate).toMatchObject({ levelAchieved: 0, conformant: false, incomplete: { notSent } });
  });

  it('every writer says "incomplete: N cases not sent" and none names a level achieved', async () => {
    const words = `incomplete: ${report.incomplete!.notSent} cases not sent`;
    const summary = join(dir, 'summary.md');
    await appendStepSummary(report, { GITHUB_STEP_SUMMARY: summary });
    const outputs: Record<string, string> = {
      headline: verdictHeadline(report),
      terminal: verdictLine(report),
      badge: renderBadge(report),
      markdown: renderMarkdown(report),
      html: renderHtml(report),
      junit: renderJunit(report),
      'step summary': readFileSync(summary, 'utf8'),
      certificate: JSON.stringify(JSON.parse(renderJson(report)).certificate),
    };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text.toLowerCase(), name).toContain(name === 'terminal' || name === 'certificate' ? `${report.incomplete!.notSent}` : words);
      expect(text, name).not.toMatch(/Conformant at level|level [123] achieved|Level [123] of 3 achieved|CONFORMANT: level/);
    }
    expect(outputs.terminal).toMatch(/^INCOMPLETE: \d+ cases not sent; no level claimed/);
    expect(outputs.badge).toContain(`<title>TrustHub create: ${words}</title>`);
    expect(outputs.html).toContain(`<h1>I${words.slice(1)}</h1>`);
    expect(outputs.junit).toContain('<property name="incomplete.not-sent"');
  });
});

describe('-x 1 against a faulty mock', () => {
  it('stops early; the failing level fails, the others are not claimed', async () => {
    const report = await certifyMock({ fault: 'wrong-url' }, { runs: 10, seed: 1, maxFailures: 1, concurrency: 1 });
    expect(report.incomplete?.notSent).toBeGreaterThan(0);
    expect(report.levels.find((l) => l.level === 3)?.status).toBe('fail');
    expect(report.levels.filter((l) => l.level < 3).map((l) => l.status)).toEqual(['incomplete', 'incomplete']);
    expect(report.verdict.levelAchieved).toBe(0);
    expect(verdictHeadline(report)).toMatch(/^Not conformant \(incomplete: \d+ cases? not sent\)$/);
  });
});
