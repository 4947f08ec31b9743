import type { TestCase } from '../../contracts/exchange.ts';
import { SEED_EXAMPLE } from '../fixedCases.ts';
import { checkedPolicySids, type GeneratorOptions } from '../options.ts';
import type { RequestFields } from '../validFields.ts';
import { emailRows } from './email.ts';
import { friendlyNameRows } from './friendlyName.ts';
import { longRows } from './long.ts';
import { notTakenRows } from './notTaken.ts';
import { policySidRows } from './policySid.ts';
import { requestRows } from './requests.ts';
import type { CoverageRow } from './row.ts';
import { spellingRows } from './spelling.ts';
import { statusCallbackRows } from './statusCallback.ts';
import { unicodeRows } from './unicode.ts';

export type { CoverageRow } from './row.ts';

/**
 * The fields every row keeps but the one it changes. Not the seed example's FriendlyName and
 * Email: the fixed refusals send those, and a refusal's side effect is judged by new profiles
 * holding what it sent; a coverage create of a parallel shard must never look like one.
 */
export const COVERAGE_BASE = { FriendlyName: 'Coverage Corp', Email: 'coverage@example.com' } as const;

/**
 * The coverage tables, in plan order: a valid request with one exact value changed per row
 * (the caller's first PolicySid on a live target). The same rows on every seed.
 */
export function coverageRows(opts?: GeneratorOptions): CoverageRow[] {
  const given = checkedPolicySids('coverageCases', opts)?.[0];
  const base: RequestFields = { ...SEED_EXAMPLE, ...COVERAGE_BASE, PolicySid: given ?? SEED_EXAMPLE.PolicySid };
  return [
    ...policySidRows(base, given !== undefined),
    ...friendlyNameRows(base),
    ...unicodeRows(base),
    ...spellingRows(base),
    ...emailRows(base),
    ...statusCallbackRows(base),
    ...notTakenRows(base),
    ...longRows(base),
    ...requestRows(base),
  ];
}

/** The coverage phase's cases (category `coverage`). */
export function coverageCases(opts?: GeneratorOptions): TestCase[] {
  return coverageRows(opts).map((r) => r.case);
}
