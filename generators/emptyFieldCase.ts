import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { combinations, listInWords } from './_internals/combinations.ts';
import { formCase } from './_internals/formCase.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, fieldsToParams, REQUIRED_FIELDS, type RequestFields, validFields } from './validFields.ts';

/** Every non-empty set of required parameters sent empty, singles first. */
export const EMPTY_FIELD_KINDS = combinations(REQUIRED_FIELDS).map((empty) => ({
  empty,
  label: `${listInWords(empty)} present but empty`,
  rule: empty.map((name) => `${name}.empty`).join('+'),
}));

/**
 * A create request with one or more required parameters present but empty (`Email=`); the
 * others valid. Twilio treats an empty parameter as a missing one, so `missing` names them.
 */
export function emptyFieldCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('emptyFieldCase', opts);
  return fc.tuple(validFields(opts), fc.constantFrom(...EMPTY_FIELD_KINDS)).map(([fields, kind]) => {
    const emptied: RequestFields = { ...fields };
    for (const name of kind.empty) emptied[name] = '';
    return formCase({
      category: 'empty-field',
      label: kind.label,
      expect: 'reject',
      rule: kind.rule,
      missing: [...kind.empty],
      params: fieldsToParams(emptied),
      fields: fieldsRecord(emptied),
    });
  });
}
