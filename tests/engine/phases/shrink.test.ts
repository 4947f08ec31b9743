import { describe, expect, it } from 'vitest';
import { decodeForm, firstValues } from '../../../generators/index.ts';
import { certifyMock } from '../../helpers/certify.ts';

const shrunkFailure = async (fault: string, checkId: string, seed: number) => {
  const report = await certifyMock({ fault }, { seed, runs: 30, concurrency: 4 });
  const failure = report.checks.find((c) => c.id === checkId)?.firstFailure;
  expect(failure, `${fault} must fail ${checkId}`).toBeDefined();
  return { failure: failure!, params: firstValues(decodeForm(failure!.request.body)) };
};

describe('shrinking reaches a small counterexample', () => {
  it.each([1, 2, 3])('policy-pattern-unchecked (seed %i): the malformed PolicySid stays, every other field simple', async (seed) => {
    const { failure, params } = await shrunkFailure('policy-pattern-unchecked', 'reject.invalid-4xx', seed);
    expect(failure.shrunk).toBe(true);
    expect(params).toMatchObject({ FriendlyName: 'Acme', Email: 'a@example.com' });
    expect(params.StatusCallback).toBeUndefined();
    // what the failure is about is kept: a PolicySid the contract refuses
    expect(params.PolicySid).not.toMatch(/^RN[0-9a-fA-F]{32}$/);
    expect(failure.case).toMatchObject({ expect: 'reject', auth: 'valid', fields: { FriendlyName: 'Acme', Email: 'a@example.com' } });
  });

  it.each([1, 2, 3])('crash-on-astral (seed %i): an astral FriendlyName, every other field simple', async (seed) => {
    const { failure, params } = await shrunkFailure('crash-on-astral', 'no-server-error', seed);
    expect(failure.shrunk).toBe(true);
    expect(params.Email).toBe('a@example.com');
    expect(params.PolicySid).toBe('RN0123456789abcdefABCDEF0123456789');
    expect(params.StatusCallback).toBeUndefined();
    expect(params.FriendlyName).toMatch(/[\u{10000}-\u{10ffff}]/u);
    expect(failure.caseLabel).toMatch(/^valid request: FriendlyName of \d chars: emoji; no StatusCallback$/);
  });
});
