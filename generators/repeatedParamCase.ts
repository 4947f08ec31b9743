import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { email } from './email.ts';
import { friendlyName } from './friendlyName.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { policySid } from './policySid.ts';
import { statusCallbackUrl } from './statusCallbackUrl.ts';
import { type FieldName, fieldsRecord, fieldsToParams, validFields } from './validFields.ts';

/**
 * A valid create request with one of its parameters sent twice, the second time with the
 * same value or another valid one, somewhere after the first. The contract is silent on
 * repeats: expect `either`; `fields` holds the first occurrence's values.
 */
export function repeatedParamCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  const policySids = checkedPolicySids('repeatedParamCase', opts);
  return fc
    .record({
      fields: validFields(opts),
      pick: fc.nat(),
      same: fc.boolean(),
      others: fc.record({
        FriendlyName: friendlyName(),
        Email: email(),
        PolicySid: policySid({ policySids }),
        StatusCallback: statusCallbackUrl(),
      }),
      at: fc.nat(),
    })
    .map(({ fields, pick, same, others, at }) => {
      const params = fieldsToParams(fields);
      const [name, first] = params[pick % params.length]!;
      const second = same ? first : others[name as FieldName];
      const firstIndex = params.findIndex(([n]) => n === name);
      params.splice(firstIndex + 1 + (at % (params.length - firstIndex)), 0, [name, second]);
      return formCase({
        category: 'repeated-param',
        label: `${name} repeated with ${second === first ? 'the same value' : 'a different valid value'}`,
        expect: 'either',
        params,
        fields: fieldsRecord(fields),
      });
    });
}
