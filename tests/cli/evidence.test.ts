import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../mock/index.ts';
import type { Report } from '../../contracts/report.ts';
import { cli, MOCK_ENV, MOCK_FULL_ENV, tempDir } from '../fixtures/evidence/helpers.ts';

const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const checkCounts = (r: Report) => r.checks.map((c) => `${c.id} ${c.status} ${c.passed}/${c.failed}/${c.skipped}`);
const COMMON = ['--seed', '4242', '--runs', '8', '--no-progress', '--format', 'json'];

describe('run --record', () => {
  const dir = tempDir();
  const cassette = join(dir, 'mock.har');
  const recorded = cli(['run', ...COMMON, '--record', cassette, '--report-dir', join(dir, 'with')]);

  it('never changes the verdict: the same seed with and without --record gives the same checks', async () => {
    const [withRecord, without] = await Promise.all([recorded, cli(['run', ...COMMON, '--report-dir', join(dir, 'without')])]);
    expect(withRecord.code).toBe(0);
    expect(without.code).toBe(0);
    expect(withRecord.stderr).toMatch(/^cassette: .*mock\.har \(\d+ exchanges, \d+ HAR entries\)$/m);
    expect(checkCounts(readReport(join(dir, 'with')))).toEqual(checkCounts(readReport(join(dir, 'without'))));
    expect(JSON.parse(readFileSync(cassette, 'utf8')).log._trusthubConformance).toMatchObject({ seed: 4242, runs: 8 });
  });

  it('diff of the embedded mock against its own cassette: no divergence, exit 0, the report carries the comparison', async () => {
    await recorded;
    const out = join(dir, 'diff-self');
    const r = await cli(['diff', '--reference', cassette, '--report-dir', out, '--no-progress', '--format', 'json,md,html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no divergence');
    expect(r.stdout).toMatch(/compared \d+ case\(s\): 0 diverge/);
    expect(r.stdout).toContain('NO UNEXPECTED DIVERGENCE');
    const report = readReport(out);
    expect(report.divergences).toEqual([]);
    expect(report.diff).toMatchObject({ reference: { kind: 'cassette', file: 'mock.har' }, divergent: 0, unexpected: 0, unmatched: 0 });
    expect(report.seed).toBe(4242);
  });

  it('diff of a faulty mock against the cassette: the divergence table, exit 1, divergences in every report format', async () => {
    await recorded;
    const mock = await startMock({ port: 0, fault: 'wrong-missing-code' });
    try {
      const out = join(dir, 'diff-fault');
      const r = await cli(['diff', '--target', mock.url, '--reference', cassette, '--report-dir', out, '--no-progress', '--format', 'json,md,html'], MOCK_ENV);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^case\s+request class\s+aspect\s+target\s+reference$/m);
      expect(r.stdout).toMatch(/^#4\s+missing-field\/FriendlyName\.required\s+code\s+21000\s+20001$/m);
      expect(r.stdout).toMatch(/DIVERGENT: \d+ case\(s\) differ from the reference in ways not declared expected/);
      const report = readReport(out);
      expect(report.divergences?.[0]).toMatchObject({ index: 4, aspect: 'code', target: '21000', reference: '20001' });
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('missing-field/FriendlyName.required');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('missing-field/FriendlyName.required');

      const expected = join(dir, 'expected.json');
      writeFileSync(expected, JSON.stringify({ expectedDivergencesVersion: 1, expected: [{ requestClass: '*', aspect: 'code', reason: 'our codes differ' }] }));
      const ok = await cli(['diff', '--target', mock.url, '--reference', cassette, '--expect-divergence', expected, '--report-dir', out, '--no-progress'], MOCK_ENV);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/NO UNEXPECTED DIVERGENCE \(\d+ expected\)/);
    } finally {
      await mock.close();
    }
  });

  it('diff refuses flags that contradict the cassette, and bad files, in one line with exit 2', async () => {
    await recorded;
    const seed = await cli(['diff', '--reference', cassette, '--seed', '5', '--no-progress']);
    expect(seed.code).toBe(2);
    expect(seed.stderr.trim().split('\n')).toEqual([
      'trusthub-conformance: --seed 5 differs from the cassette\'s 4242: a replay sends the corpus it recorded (leave --seed out)',
    ]);
    const bad = join(dir, 'bad-expected.json');
    writeFileSync(bad, JSON.stringify({ expectedDivergencesVersion: 1, expected: [{ requestClass: '*', aspect: 'colour', reason: 'x' }] }));
    const r = await cli(['diff', '--reference', cassette, '--expect-divergence', bad, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trusthub-conformance: --expect-divergence bad-expected\.json: expected\[0\]\.aspect must be one of/);
    const missing = await cli(['diff', '--reference', join(dir, 'nope.har')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.har: no such file/);
  });

  it('observe derives an observations file; run --observations holds a target to it (a SHOULD: exit 0)', async () => {
    await recorded;
    const obsPath = join(dir, 'obs', 'observations.json');
    const r = await cli(['observe', '--cassette', cassette, '--out', obsPath]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\d+ observation\(s\) from \d+ recorded exchange\(s\)/);
    const file = JSON.parse(readFileSync(obsPath, 'utf8'));
    expect(file.observationsVersion).toBe(1);
    const email = file.observations.find((o: { requestClass: string }) => o.requestClass === 'missing-field/Email.required');
    expect(email).toMatchObject({ status: 400, code: 20001, source: 'mock.har' });
    // the embedded mock answers as the recording did: the check passes and cites the file
    const out = join(dir, 'observed');
    const run = await cli(['run', ...COMMON, '--observations', obsPath, '--report-dir', out]);
    expect(run.code).toBe(0);
    const check = readReport(out).checks.find((c) => c.id === 'observed.behaviour')!;
    expect(check.status).toBe('pass');
    expect(check.source.ref).toMatch(/^observations file observations\.json, observed at http:\/\/127\.0\.0\.1:\d+ on /);
    expect(readReport(out).certificate.rerun).toContain(`--observations ${obsPath}`);

    const none = await cli(['observe', '--cassette', join(dir, 'none.har')]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('run --deviations', () => {
  it('a wrong-url mock declaring resource.url: conformant with 1 declared deviation; expired: not conformant; unknown id: exit 2 before any request', async () => {
    const dir = tempDir();
    // one mock per concurrent run: two certifications of one account see each other's seed-example creates
    const mock = await startMock({ port: 0, fault: 'wrong-url' });
    const other = await startMock({ port: 0, fault: 'wrong-url' });
    try {
      const file = (expires: string, check = 'resource.url') => {
        const path = join(dir, `${check}-${expires}.json`);
        writeFileSync(path, JSON.stringify({ deviationsVersion: 1, deviations: [{ check, reason: 'singular path, fixed in 2.0', expires }] }));
        return path;
      };
      const base = ['run', '--target', mock.url, '--public-base-url', mock.url, ...COMMON];
      const otherBase = ['run', '--target', other.url, '--public-base-url', other.url, ...COMMON];
      const [declared, expired] = await Promise.all([
        cli([...base, '--deviations', file('2999-12-31'), '--report-dir', join(dir, 'declared')], MOCK_FULL_ENV),
        cli([...otherBase, '--deviations', file('2020-01-01'), '--report-dir', join(dir, 'expired')], MOCK_FULL_ENV),
      ]);
      expect(declared.code, declared.stdout + declared.stderr).toBe(0);
      expect(declared.stdout).toContain('(declared deviation)');
      expect(declared.stdout).toContain('conformant with 1 declared deviation:\n  resource.url (declared, expires 2999-12-31): singular path, fixed in 2.0');
      expect(readReport(join(dir, 'declared')).certificate).toMatchObject({ conformant: true, declaredDeviations: [{ check: 'resource.url', excused: true }] });
      expect(expired.code).toBe(1);
      expect(expired.stdout).toContain('resource.url (EXPIRED, expires 2020-01-01: counts as a failure again)');
      expect(readReport(join(dir, 'expired')).verdict.conformant).toBe(false);
    } finally {
      await Promise.all([mock.close(), other.close()]);
    }
    // nothing listens on this port: had the run started, it would exit 3 (unreachable)
    const closed = await startMock({ port: 0 });
    const url = closed.url;
    await closed.close();
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ deviationsVersion: 1, deviations: [{ check: 'create.urll', reason: 'x' }] }));
    const r = await cli(['run', '--target', url, ...COMMON, '--deviations', unknown, '--report-dir', join(dir, 'unknown')], MOCK_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `trusthub-conformance: --deviations unknown.json: deviations[0].check: no check named "create.urll" (see 'trusthub-conformance checks')`,
    ]);
    expect(existsSync(join(dir, 'unknown', 'report.json'))).toBe(false);
  });
});
