import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { combinations, listInWords } from './_internals/combinations.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, fieldsToParams, REQUIRED_FIELDS, type RequestFields, validFields } from './validFields.ts';

/** Every non-empty set of required parameters, singles first. */
export const MISSING_FIELD_KINDS = combinations(REQUIRED_FIELDS).map((missing) => ({
  missing,
  label: `${listInWords(missing)} missing`,
  rule: missing.map((name) => `${name}.required`).join('+'),
}));

/**
 * A create request without one or more required parameters (seed: Email, FriendlyName,
 * PolicySid Required); the others valid. Twilio answers 400 / 20001 naming them.
 */
export function missingFieldCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('missingFieldCase', opts);
  return fc.tuple(validFields(opts), fc.constantFrom(...MISSING_FIELD_KINDS)).map(([fields, kind]) => {
    const kept: Partial<RequestFields> = { ...fields };
    for (const name of kind.missing) delete kept[name];
    return formCase({
      category: 'missing-field',
      label: kind.label,
      expect: 'reject',
      rule: kind.rule,
      missing: [...kind.missing],
      params: fieldsToParams(kept),
      fields: fieldsRecord(kept),
    });
  });
}
