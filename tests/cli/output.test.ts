/**
 * The terminal summary (cli/output.ts): the verdict line never claims a level a partial run did
 * not test, and target text cannot reorder or break what the terminal shows.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../contracts/catalog.ts';
import { inert, renderSummary, verdictLine } from '../../cli/output.ts';
import { failingReport, lackingReport, partialReport, passingReport } from '../fixtures/reports/sample.ts';

// the summary is written to a pipe in tests: no colour codes to strip
const lines = (text: string) => text.trimEnd().split('\n');
const N = CATALOG.length;
const atLevel = (level: number) => CATALOG.filter((c) => c.level === level).length;

describe('verdictLine', () => {
  it('a full run: CONFORMANT or NOT CONFORMANT, as before', () => {
    expect(verdictLine(passingReport())).toBe('CONFORMANT: level 3 achieved (required 3)');
    expect(verdictLine(failingReport())).toBe('NOT CONFORMANT: level 1 achieved, level 3 required; 4 MUST failure(s), 1 SHOULD warning(s)');
  });

  it('run --only echo.fields: PARTIAL RUN, no level, never CONFORMANT', () => {
    // before: "CONFORMANT: level 3 achieved (required 3)"
    const line = verdictLine(partialReport(['echo.fields']));
    expect(line).not.toMatch(/^CONFORMANT/);
    expect(line).toBe(
      `PARTIAL RUN: no level achieved, level 3 required: level 1 not tested (${N - 1} catalog check(s) left out); 0 MUST failure(s); the checks that ran support level 3`,
    );
  });

  it('run --only L2 and --only 1 claim no level they did not test', () => {
    expect(verdictLine(partialReport(CATALOG.filter((c) => c.level === 2).map((c) => c.id)))).toMatch(
      /^PARTIAL RUN: no level achieved, level 3 required: level 1 not tested .*; the checks that ran support level 2$/,
    );
    expect(verdictLine(partialReport(CATALOG.filter((c) => c.level === 1).map((c) => c.id)))).toMatch(
      new RegExp(`^PARTIAL RUN: level 1 achieved, level 3 required: level 2 not tested \\(${N - atLevel(1)} catalog check\\(s\\) left out\\);`),
    );
  });

  it('conformant at the required level, yet partial: says both', () => {
    const l1 = partialReport(CATALOG.filter((c) => c.level === 1).map((c) => c.id), 1);
    expect(verdictLine(l1)).toBe(
      `CONFORMANT: level 1 achieved (required 1); PARTIAL RUN: ${N - atLevel(1)} catalog check(s) left out, levels 2 and 3 not tested, the checks that ran support level 1`,
    );
  });

  it('a failure among the checks that ran: NOT CONFORMANT, and partial', () => {
    const report = partialReport(['no-server-error', 'echo.fields'], 3, ['no-server-error']);
    expect(verdictLine(report)).toMatch(/^NOT CONFORMANT: no level achieved, level 3 required; 1 MUST failure\(s\); PARTIAL RUN: \d+ catalog check\(s\) left out/);
    expect(verdictLine(report)).toContain(`PARTIAL RUN: ${N - 2} catalog check(s) left out`);
    // --only L2 and an L2 failure: level 1 is untested, but the failure decides the verdict's wording
    const l2 = partialReport(CATALOG.filter((c) => c.level === 2).map((c) => c.id), 3, ['reject.invalid-4xx']);
    expect(verdictLine(l2)).toBe(
      `NOT CONFORMANT: no level achieved, level 3 required; 1 MUST failure(s); PARTIAL RUN: ${N - atLevel(2)} catalog check(s) left out, levels 1 and 3 not tested, the checks that ran support no level`,
    );
  });
});

describe('renderSummary', () => {
  it('lists the checks a partial run left out, after the verdict', () => {
    const summary = lines(renderSummary(partialReport(['echo.fields'])));
    expect(summary.find((l) => l.startsWith('PASS'))).toMatch(/^PASS {2}L3 MUST {3}echo\.fields/);
    expect(summary.at(-2)).toMatch(/^PARTIAL RUN:/);
    expect(summary.at(-1)).toBe(`left out (not run): ${CATALOG.filter((c) => c.id !== 'echo.fields').map((c) => c.id).join(', ')}`);
    expect(renderSummary(passingReport())).not.toContain('left out');
  });

  it('shows bidi controls and line separators from the target as escapes', () => {
    const report = failingReport();
    const c = report.checks.find((x) => x.id === 'reject.invalid-4xx')!;
    c.firstFailure!.message = 'friendly_name is "abc\u202Edcba\u2066x\u2069", sent\u2028FriendlyName=\u202Aa\u202B\u202C\u202D\u2067\u2068\u2029';
    const text = renderSummary(report);
    expect(text).toContain('friendly_name is "abc\\u202Edcba\\u2066x\\u2069", sent\\u2028FriendlyName=\\u202Aa\\u202B\\u202C\\u202D\\u2067\\u2068\\u2029');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  });
});

describe('inert', () => {
  it('makes controls and bidi visible, leaves other text alone', () => {
    expect(inert('a\u001b[31mb\u202Ec\u2028d é 😀')).toBe('a\\x1b[31mb\\u202Ec\\u2028d é 😀');
  });
});

/** The catalog's ids by level, in catalog order within a level: the order of the terminal table. */
const BY_LEVEL = [1, 2, 3].flatMap((level) => CATALOG.filter((c) => c.level === level).map((c) => c.id));

describe('the table of checks', () => {
  it('groups the checks by level, under a title per level, in catalog order within a level', () => {
    const text = lines(renderSummary(failingReport()));
    const ids = failingReport().checks.map((c) => c.id);
    const rows = text.filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
    expect(rows.map((l) => l.split(/\s+/)[3])).toEqual(BY_LEVEL.filter((id) => ids.includes(id)));
    // before: catalog order, L1 auth.scheme-case-insensitive after the L3 checks
    const titles = text.filter((l) => /^Level \d: /.test(l));
    expect(titles).toEqual(['Level 1: contract', 'Level 2: validation', 'Level 3: fidelity']);
    const titleAt = (level: number) => text.findIndex((l) => l.startsWith(`Level ${level}: `));
    for (const row of rows) {
      const level = Number(row.split(/\s+/)[1]!.slice(1));
      expect(text.indexOf(row)).toBeGreaterThan(titleAt(level));
      if (level < 3) expect(text.indexOf(row)).toBeLessThan(titleAt(level + 1));
    }
  });

  it('lines the counts up whatever the length of the ids', () => {
    // before: ids longer than 27 characters (create.timestamps-server-clock) pushed their counts right
    const report = failingReport();
    report.checks.push({ ...report.checks[0]!, id: 'pact.a-very-long-interaction-description-from-a-pact-file', level: 1 });
    const rows = lines(renderSummary(report)).filter((l) => /^(PASS|FAIL|SKIP) /.test(l) && !l.endsWith('not run'));
    const column = new Set(rows.map((l) => l.search(/\d+ passed, /)));
    expect(rows.length).toBeGreaterThan(5);
    expect([...column]).toHaveLength(1);
  });

  it('ends a failure with the explain command', () => {
    const text = lines(renderSummary(failingReport()));
    const at = text.findIndex((l) => /^FAIL\s+L2 MUST\s+reject\.invalid-4xx /.test(l));
    const next = text.slice(at + 1, text.findIndex((l, i) => i > at && /^(PASS|FAIL|SKIP|Level) /.test(l)));
    expect(next.at(-1)).toBe('      explain: trusthub-conformance explain reject.invalid-4xx');
  });
});

describe('the table of a partial run', () => {
  it('keeps the left-out checks, grouped by level, as not run with the reason', () => {
    const text = renderSummary(partialReport(['echo.fields']));
    const rows = lines(text).filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
    expect(rows.map((l) => l.split(/\s+/)[3])).toEqual(BY_LEVEL);
    const url = lines(text).findIndex((l) => /^SKIP\s+L3 MUST\s+resource\.url\s+not run$/.test(l));
    expect(url).toBeGreaterThan(-1);
    expect(lines(text)[url + 1]).toBe("      left out of this run (--only, --skip or the config's skip)");
  });
});

describe('the summary of a run that lacked an input level 3 needs', () => {
  it('a yellow NOT CONFORMANT verdict that says level 3 was not tested, then the one line of what it needs', () => {
    // before: "CONFORMANT: level 3 achieved (required 3)" for a run with one Auth Token and no second account
    const text = renderSummary(lackingReport());
    const end = lines(text).slice(-2);
    expect(end[0]).toBe('NOT CONFORMANT: level 2 achieved, level 3 required: level 3 not tested (MUST checks could not judge without an input the run lacked); 0 MUST failure(s)');
    expect(end[1]).toBe(
      'Level 3 not tested: lookup.other-account-404 needs a second account (--second-account-sid, --second-auth-token); auth.pairs-one-account needs an API key beside the Auth Token (--api-key, --api-secret with --auth-token)',
    );
    // the check's own row says why it skipped
    expect(text).toMatch(/SKIP\s+L3 MUST\s+lookup\.other-account-404 .*\n\s+not run: no second-account/);
  });

  it('required level 2: CONFORMANT at level 2, and still the line of what level 3 needs', () => {
    const end = lines(renderSummary(lackingReport(2))).slice(-2);
    expect(end[0]).toBe('CONFORMANT: level 2 achieved (required 2)');
    expect(end[1]).toMatch(/^Level 3 not tested: lookup\.other-account-404 needs a second account/);
  });
});
