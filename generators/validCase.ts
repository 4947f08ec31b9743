import type fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { describeFields } from './_internals/describe.ts';
import { formCase } from './_internals/formCase.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { nameLengthExpectation } from './unicodeText.ts';
import { fieldsRecord, fieldsToParams, validFields } from './validFields.ts';

/**
 * A valid create request, form-encoded the standard way: expect 201 and an echo of `fields`
 * (seed: Body; twilio-behaviour: the created resource); a FriendlyName longer than
 * NAME_LENGTH_TAKEN may be refused instead (no length limit is documented either way).
 */
export function validCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('validCase', opts);
  return validFields(opts).map((fields) =>
    formCase({
      category: 'valid',
      label: `valid request: ${describeFields(fields)}`,
      expect: nameLengthExpectation(fields.FriendlyName),
      params: fieldsToParams(fields),
      fields: fieldsRecord(fields),
    }),
  );
}
