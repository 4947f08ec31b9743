import { describe, expect, it } from 'vitest';
import { decodeForm, firstValues } from '../../../generators/index.ts';
import { certifyMock } from '../../helpers/certify.ts';
import type { Report } from '../../../contracts/report.ts';

/**
 * The lowest-index failure of a check among the plan's cases: not the account model's (no plan
 * index), nor one of the first case's follow-ups, whose probes create profiles of their own (the
 * list probes' names a filter gets wrong, one outside the BMP: exactNames), nor the cases the
 * account's other pair sends (other-pair.ts: its refusals), sent as they are and never shrunk.
 */
const firstOfCases = (check: Report['checks'][number] | undefined) =>
  (check?.classes ?? [])
    .map((k) => k.example!)
    .filter((e) => e.index >= 0 && e.category !== 'seed-example' && e.case?.auth !== 'other-pair')
    .sort((a, b) => a.index - b.index)[0];

// the coverage tables would fail these faults first, with rows that are minimal by design (see the
// last test): without them, the first failure is a property case, which shrinking must simplify
const shrunkFailure = async (fault: string, checkId: string, seed: number) => {
  const report = await certifyMock({ fault }, { seed, runs: 30, concurrency: 4, coverage: false });
  const failure = firstOfCases(report.checks.find((c) => c.id === checkId));
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

  it('shrinks the first failure of every class a property stream drew, each within its own class', async () => {
    const report = await certifyMock({ fault: 'crash-on-astral' }, { seed: 1, runs: 30, concurrency: 4, coverage: false });
    const all = report.checks.find((c) => c.id === 'no-server-error')!.classes!;
    // the account model's creates (no plan index) fail it too: their classes are its sequences', shrunk by the model phase
    // the first case's follow-ups (the list probes' name outside the BMP) fail it too: a probe's create, sent as it is
    const classes = all.filter((c) => c.example!.index >= 0 && c.example!.category !== 'seed-example');
    expect(all.some((c) => c.example!.index < 0 && c.kind.startsWith('create 500 · '))).toBe(true);
    const kinds = classes.map((c) => c.kind);
    // the crash breaks several kinds of case: each is a class, with an example of its own kind
    expect(new Set(kinds).size).toBeGreaterThan(2);
    for (const c of classes) {
      expect(c.example?.shrunk, c.kind).toBe(true);
      expect(c.example!.category).toBe(c.kind.split(' · ')[0]);
      expect(firstValues(decodeForm(c.example!.request.body)).FriendlyName ?? '').toMatch(/[\u{10000}-\u{10ffff}]/u);
    }
  });

  it('with the coverage tables, the first failure is already minimal: a coverage row with the same plain fields around the one value', async () => {
    const report = await certifyMock({ fault: 'crash-on-astral' }, { seed: 1, runs: 30, concurrency: 4 });
    const failure = firstOfCases(report.checks.find((c) => c.id === 'no-server-error'))!;
    expect(failure.category).toBe('coverage');
    expect(firstValues(decodeForm(failure.request.body))).toMatchObject({ FriendlyName: 'Acme \u{1F600}', Email: 'coverage@example.com' });
  });
});
