import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../mock/index.ts';
import { certifyMock } from '../helpers/certify.ts';

describe('the suite proves itself against the reference mock', () => {
  it('certifies the faithful mock at level 3 with no failure, warning or skip', async () => {
    const report = await certifyMock();
    // observed.behaviour needs an observations file (run --observations); without one it skips, and says so
    const observed = report.checks.find((c) => c.id === 'observed.behaviour');
    expect(observed).toMatchObject({ status: 'skip', skipReason: 'no observations loaded (run --observations FILE)' });
    const notPassing = report.checks
      .filter((c) => c.status !== 'pass' && c !== observed)
      .map((c) => `${c.id}: ${c.status} ${c.firstFailure?.message ?? c.skipReason ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3, mustFailures: 0, shouldWarnings: 0 });
  });

  describe.each(FAULTS)('fault $name', (fault) => {
    it(`is caught by ${fault.checkId} and keeps the mock below level ${fault.level}`, async () => {
      const report = await certifyMock({ fault: fault.name });
      const check = report.checks.find((c) => c.id === fault.checkId);
      expect(check?.status, `${fault.checkId} should fail`).toBe('fail');
      expect(check?.firstFailure?.message).toBeTruthy();
      expect(check?.firstFailure?.curl).toMatch(/^curl /);
      expect(report.verdict.conformant).toBe(false);
      expect(report.verdict.levelAchieved).toBeLessThan(fault.level);
    });
  });
});
