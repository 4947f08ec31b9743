import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { asciiLetter, asciiSymbol, cjk, latinAccented } from './_internals/chars.ts';
import { listInWords } from './_internals/combinations.ts';
import { formCase } from './_internals/formCase.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, fieldsToParams, validFields } from './validFields.ts';
import { nameLengthExpectation } from './unicodeText.ts';

/**
 * Names that are none of the four. Parameter names are case-sensitive (twilio-behaviour:
 * Transport and auth), so the case and spelling twins of the real names are unknown too.
 * Left out on purpose: names that differ from a real one only by whitespace or brackets
 * (`Email `, `Email[]`), whose reading is not in the contract, and the Update operation's
 * `Status`.
 */
export const EXTRA_PARAM_NAMES = [
  'Foo',
  'friendlyname',
  'FRIENDLYNAME',
  'friendlyName',
  'friendly_name',
  'email',
  'EMAIL',
  'policysid',
  'PolicySID',
  'policy_sid',
  'statuscallback',
  'status_callback',
  'StatusCallBack',
  'Unknown',
  'X',
  'Ünïcödé',
  'Foo Bar',
  'a&b=c',
] as const;

const extraName = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EXTRA_PARAM_NAMES) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: asciiLetter(), minLength: 1, maxLength: 12 }).map((word) => `X${word}`),
    },
  );

const extraValue = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.oneof(asciiLetter(), asciiSymbol(), latinAccented(), cjk(), fc.constant(' ')), maxLength: 24 });

/**
 * A valid create request plus 1 to 4 unknown parameters anywhere among the real ones: a
 * faithful server ignores them, so `fields` holds only the four real ones.
 */
export function extraParamsCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('extraParamsCase', opts);
  return fc
    .tuple(
      validFields(opts),
      fc.array(fc.tuple(extraName(), extraValue(), fc.nat()), { minLength: 1, maxLength: 4 }),
    )
    .map(([fields, extras]) => {
      const params = fieldsToParams(fields);
      for (const [name, value, at] of extras) params.splice(at % (params.length + 1), 0, [name, value]);
      const names = [...new Set(extras.map(([name]) => JSON.stringify(name)))];
      return formCase({
        category: 'extra-params',
        label: `valid request plus unknown ${names.length === 1 ? 'parameter' : 'parameters'} ${listInWords(names)}`,
        expect: nameLengthExpectation(fields.FriendlyName),
        params,
        fields: fieldsRecord(fields),
      });
    });
}
