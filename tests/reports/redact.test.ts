/**
 * The writers' last line of defence: a secret this process used is printed by no writer, in any
 * encoding, whatever field of the report it reached (fields nobody redacts on the way: the live
 * cleanup's sids, a divergence value, the reason a run stopped, a check message).
 */
import { describe, expect, it } from 'vitest';
import { rememberSecrets, secretMatcher } from '../../contracts/secrets.ts';
import { FORMATS, withoutCredentials } from '../../reports/index.ts';
import { renderSummary } from '../../cli/output.ts';
import { failingReport } from '../fixtures/reports/sample.ts';
import { revealed, SECRET_FORMS } from '../helpers/secret-forms.ts';

const CRED = { sid: 'AC00000000000000000000000000000042', token: '5e3c1f9a7b2d4c6e8f0a1b3c5d7e9f21' };

function reportEchoing(echo: string) {
  const report = failingReport();
  report.incomplete = { reason: `target unreachable: ${echo}` };
  report.live = { creates: 1, uncertain: 0, notSent: 0, withoutSid: 0, cleanup: { deleted: 0, failed: [{ sid: echo, reason: `DELETE answered 404 ${echo}` }] } };
  report.divergences = [
    { index: 3, category: 'valid', requestClass: 'valid/-', caseLabel: 'valid request', aspect: 'friendly_name', target: JSON.stringify(echo), reference: '"Acme"' },
  ];
  const failed = report.checks.find((c) => c.firstFailure)!;
  failed.firstFailure!.message = `url is ${echo}`;
  return report;
}

describe.each(SECRET_FORMS)('every writer, a report holding the credential $name in fields nobody redacted', (form) => {
  const echo = form.encode(CRED);

  it('prints it nowhere once the process has used the credential', () => {
    rememberSecrets([CRED.token, Buffer.from(`${CRED.sid}:${CRED.token}`).toString('base64')]);
    const report = reportEchoing(echo);
    expect(revealed(JSON.stringify(report), CRED)).not.toEqual([]); // the fixture does hold it
    for (const [name, write] of Object.entries(FORMATS)) expect(revealed(write(report), CRED), name).toEqual([]);
    expect(revealed(renderSummary(report), CRED)).toEqual([]);
  });
});

describe('withoutCredentials', () => {
  it('takes the secrets to remove as an argument too, and keeps what is not one', () => {
    const report = reportEchoing('tok-only-here-123456');
    const out = withoutCredentials(report, secretMatcher(['tok-only-here-123456']));
    expect(JSON.stringify(out)).not.toContain('tok-only-here-123456');
    expect(out.live!.cleanup!.failed[0]!.sid).toBe('[redacted]');
    expect(out.checks.map((c) => c.id)).toEqual(report.checks.map((c) => c.id));
    expect(out.verdict).toEqual(report.verdict);
  });
});
