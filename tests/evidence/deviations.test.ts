import { describe, expect, it } from 'vitest';
import { declarationsOf, type Deviation, deviationLines, parseDeviations } from '../../evidence/deviations.ts';
import { renderBadge, renderHtml } from '../../reports/index.ts';
import { certifyMock } from '../helpers/certify.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const declare = (expires = '2026-12-31'): Deviation[] =>
  parseDeviations({ deviationsVersion: 1, deviations: [{ check: 'resource.url', reason: 'our mock serves the singular path', expires }] }, 'deviations.json');

describe('declared deviations on a mock with the wrong-url fault', () => {
  const faulty = (deviations?: Deviation[], now = NOW) =>
    certifyMock({ fault: 'wrong-url' }, {}, 3, deviations ? { declarations: declarationsOf(deviations, now) } : {});

  it('without a declaration: not conformant, resource.url fails', async () => {
    const report = await faulty();
    expect(report.checks.find((c) => c.id === 'resource.url')?.status).toBe('fail');
    expect(report.verdict.conformant).toBe(false);
  });

  it('declaring resource.url: conformant with 1 declared deviation; the check still ran, failed and is marked declared', async () => {
    const report = await faulty(declare('2026-12-31'));
    const check = report.checks.find((c) => c.id === 'resource.url')!;
    expect(check.status).toBe('fail');
    expect(check.failed).toBeGreaterThan(0);
    expect(check.firstFailure?.message).toContain('/v1/CustomerProfile/');
    expect(check.declared).toEqual({ reason: 'our mock serves the singular path', expires: '2026-12-31', expired: false });
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3, mustFailures: 0 });
    expect(report.levels.map((l) => l.status)).toEqual(['pass', 'pass', 'pass']);
    expect(report.certificate).toMatchObject({ conformant: true, levelAchieved: 3 });
    expect(report.certificate.declaredDeviations).toEqual([
      { check: 'resource.url', reason: 'our mock serves the singular path', expires: '2026-12-31', expired: false, checkStatus: 'fail', excused: true },
    ]);
    expect(deviationLines(report)[0]).toBe('conformant with 1 declared deviation:');
  });

  it('an expired declaration counts as a failure again: not conformant', async () => {
    const report = await faulty(declare('2026-11-26'));
    expect(report.checks.find((c) => c.id === 'resource.url')?.declared).toMatchObject({ expired: true });
    expect(report.verdict).toMatchObject({ conformant: false, levelAchieved: 2, mustFailures: 1 });
    expect(report.certificate.conformant).toBe(false);
    expect(report.certificate.declaredDeviations?.[0]).toMatchObject({ expired: true, excused: false });
    expect(deviationLines(report).join('\n')).toContain('EXPIRED, expires 2026-11-26: counts as a failure again');
  });

  it('holds through its expires day (UTC) and lapses the day after', async () => {
    const [last, after] = await Promise.all([
      faulty(declare('2026-11-27'), new Date('2026-11-27T23:59:59Z')),
      faulty(declare('2026-11-27'), new Date('2026-11-28T00:00:00Z')),
    ]);
    expect(last.verdict.conformant).toBe(true);
    expect(after.verdict.conformant).toBe(false);
  });

  it('a declaration for a check that passes is listed, not counted', async () => {
    const report = await certifyMock({}, {}, 3, { declarations: declarationsOf(declare(), NOW) });
    expect(report.certificate.declaredDeviations?.[0]).toMatchObject({ checkStatus: 'pass', excused: false });
    expect(deviationLines(report)[0]).toBe('conformant with 0 declared deviations:');
  });

  it('does not excuse a different failure', async () => {
    const report = await certifyMock({ fault: 'wrong-missing-code' }, {}, 3, { declarations: declarationsOf(declare(), NOW) });
    expect(report.verdict.conformant).toBe(false);
  });
});

describe('parseDeviations', () => {
  const parse = (deviations: unknown[]) => () => parseDeviations({ deviationsVersion: 1, deviations }, 'd.json');

  it('an unknown check id is one line naming it', () => {
    expect(parse([{ check: 'create.urll', reason: 'x', expires: '2027-01-31' }])).toThrow(
      /^--deviations d\.json: deviations\[0\]\.check: no check named "create\.urll" \(see 'trusthub-conformance checks'\)$/,
    );
  });

  it('a bad date is one line naming it', () => {
    expect(parse([{ check: 'resource.url', reason: 'x', expires: '2026-02-30' }])).toThrow(/deviations\[0\]\.expires must be a date YYYY-MM-DD, got "2026-02-30"/);
    expect(parse([{ check: 'resource.url', reason: 'x', expires: '31/12/2026' }])).toThrow(/expires must be a date/);
  });

  it('needs a reason, one declaration per check, and the version', () => {
    expect(parse([{ check: 'resource.url', reason: ' ', expires: '2027-01-31' }])).toThrow(/reason must say why/);
    expect(parse([{ check: 'resource.url', reason: 'a', expires: '2027-01-31' }, { check: 'resource.url', reason: 'b', expires: '2027-01-31' }])).toThrow(/resource\.url is declared twice/);
    expect(() => parseDeviations({ deviations: [] }, 'd.json')).toThrow(/deviationsVersion must be 1/);
    expect(parse([{ check: 'resource.url', reason: 'ok', expires: '2027-01-31' }])()).toEqual([{ check: 'resource.url', reason: 'ok', expires: '2027-01-31' }]);
  });
});

describe('what a declaration cannot do', () => {
  const parse = (deviations: unknown[]) => () => parseDeviations({ deviationsVersion: 1, deviations }, 'd.json');

  it('hold without an expiry date', () => {
    expect(parse([{ check: 'resource.url', reason: 'forever' }])).toThrow(
      /^--deviations d\.json: deviations\[0\]\.expires is required: a declaration holds until a date \(YYYY-MM-DD\), then counts as a failure again$/,
    );
  });

  it('excuse no-credential-leak, in the file or in a report that says so', async () => {
    expect(parse([{ check: 'no-credential-leak', reason: 'known', expires: '2099-01-01' }])).toThrow(
      /deviations\[0\]\.check: no-credential-leak cannot be declared: a leak of the caller's credentials is never a known deviation/,
    );
    // handed to the report directly, past the file's check: still not excused
    const report = await certifyMock({ fault: 'leak-token' }, { runs: 5 }, 1, {
      declarations: [{ check: 'no-credential-leak', reason: 'known', expires: '2099-01-01', expired: false }],
    });
    expect(report.checks.find((c) => c.id === 'no-credential-leak')?.status).toBe('fail');
    expect(report.verdict).toMatchObject({ conformant: false, levelAchieved: 0 });
    expect(report.certificate.declaredDeviations?.[0]).toMatchObject({ check: 'no-credential-leak', excused: false });
  });

  it('go unseen: the badge and the certificate show the deviations a level owes to', async () => {
    const report = await certifyMock({ fault: 'wrong-url' }, { runs: 5 }, 3, { declarations: declarationsOf(declare('2026-12-31'), NOW) });
    expect(report.verdict.conformant).toBe(true);
    expect(renderBadge(report)).toContain('<title>TrustHub create: level 3, 1 declared deviation</title>');
    expect(renderHtml(report)).toMatch(/Conformant at level 3<\/b> <b class="c-warn">with 1 declared deviation \(expiring 2026-12-31\)<\/b>/);
    expect(report.certificate.declaredDeviations).toEqual([expect.objectContaining({ check: 'resource.url', expires: '2026-12-31', excused: true })]);
  });
});
