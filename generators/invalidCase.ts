import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { BODY_ENCODING_KINDS, bodyEncodingCase } from './bodyEncodingCase.ts';
import { EMPTY_FIELD_KINDS, emptyFieldCase } from './emptyFieldCase.ts';
import { invalidPolicySidCase, POLICY_SID_KINDS } from './invalidPolicySidCase.ts';
import { invalidStatusCallbackCase, STATUS_CALLBACK_KINDS } from './invalidStatusCallbackCase.ts';
import { MISSING_FIELD_KINDS, missingFieldCase } from './missingFieldCase.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';

/** Every kind of invalid case, with its category, label and rule: each one occurs. */
export const INVALID_KINDS: readonly { category: TestCase['category']; label: string; rule: string }[] = [
  ...MISSING_FIELD_KINDS.map(({ label, rule }) => ({ category: 'missing-field' as const, label, rule })),
  ...EMPTY_FIELD_KINDS.map(({ label, rule }) => ({ category: 'empty-field' as const, label, rule })),
  ...POLICY_SID_KINDS.map(({ label, rule }) => ({ category: 'policy-sid' as const, label, rule })),
  ...STATUS_CALLBACK_KINDS.map(({ label }) => ({
    category: 'status-callback' as const,
    label,
    rule: 'StatusCallback.format',
  })),
  ...BODY_ENCODING_KINDS.map(({ label }) => ({ category: 'body-encoding' as const, label, rule: 'body.form-encoded' })),
];

/**
 * A create request that breaks the request contract in one labelled way: expect a 4xx
 * Twilio error envelope. The five categories come equally often.
 */
export function invalidCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('invalidCase', opts);
  return fc.oneof(
    missingFieldCase(opts),
    emptyFieldCase(opts),
    invalidPolicySidCase(opts),
    invalidStatusCallbackCase(opts),
    bodyEncodingCase(opts),
  );
}
