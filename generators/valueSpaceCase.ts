import fc from 'fast-check';
import type { Expectation, TestCase } from '../contracts/exchange.ts';
import { callbackTraits, emailTraits, textTraits } from './_internals/describeValues.ts';
import { FORM_CONTENT_TYPE } from './_internals/formCase.ts';
import { callbackUri } from './callbackUri.ts';
import { email } from './email.ts';
import { emailAnyForm } from './emailAnyForm.ts';
import { encodeForm } from './encodeForm.ts';
import { describeSpelling, formSpelling } from './formSpelling.ts';
import { friendlyName } from './friendlyName.ts';
import { type NotTaken, notTakenParams, OTHER_VALUES } from './notTakenParams.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { policySid } from './policySid.ts';
import { statusCallbackUrl } from './statusCallbackUrl.ts';
import { nameLengthExpectation, textExpectation, unicodeText } from './unicodeText.ts';
import { fieldsRecord, type RequestFields, WIRE_ORDER } from './validFields.ts';

type Valued = readonly [value: string, expect: 'create' | 'either'];

const withExpectation = (arb: fc.Arbitrary<string>, expect: (v: string) => 'create' | 'either'): fc.Arbitrary<Valued> => arb.map((v) => [v, expect(v)] as const);

/**
 * A create request drawn from the whole value space the contract admits, spelled any legal way:
 * FriendlyName from the whole Unicode range (unicodeText) or as users write it, Email of any
 * form (emailAnyForm), any text at all, or a plain address, StatusCallback with userinfo, IPv6, port, query,
 * fragment or an upper-case scheme (callbackUri), absent, or plain; the body in any legal
 * spelling (formSpelling), the parameters in any order; and, one time in three, parameters the
 * create does not take (notTakenParams): update and resource fields, case twins, copies in the
 * query string.
 *
 * Expectation: `create` when every value is plainly admitted and nothing else is sent; `reject`
 * (400 / 20001 naming it) when a required parameter is only in the query string; otherwise
 * `either`: refused with a 4xx, or created with every field echoed exactly as the body's
 * parameters decode (`fields`) and the new profile in its initial state. Never a 5xx.
 *
 * The model-based account phase draws its creates from this arbitrary.
 */
export function valueSpaceCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  const policySids = checkedPolicySids('valueSpaceCase', opts);
  return fc
    .record({
      FriendlyName: fc.oneof(
        { weight: 1, arbitrary: withExpectation(friendlyName(), nameLengthExpectation) },
        { weight: 3, arbitrary: withExpectation(unicodeText(), textExpectation) },
      ),
      // Email is "string" and its format is not documented: any text may be sent, and refused
      Email: fc.oneof(
        { weight: 4, arbitrary: withExpectation(email(), () => 'create') },
        { weight: 2, arbitrary: withExpectation(emailAnyForm(), () => 'either') },
        { weight: 1, arbitrary: withExpectation(unicodeText(), () => 'either') },
      ),
      PolicySid: policySid({ policySids }),
      StatusCallback: fc.oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: statusCallbackUrl() },
        { weight: 2, arbitrary: callbackUri() },
      ),
      order: fc.shuffledSubarray([...WIRE_ORDER], { minLength: WIRE_ORDER.length, maxLength: WIRE_ORDER.length }),
      spelling: formSpelling(),
      notTaken: fc.oneof({ weight: 2, arbitrary: fc.constant([] as NotTaken[]) }, { weight: 1, arbitrary: notTakenParams() }),
    })
    .map(({ FriendlyName, Email, PolicySid, StatusCallback, order, spelling, notTaken }) => {
      const fields: RequestFields = { FriendlyName: FriendlyName[0], Email: Email[0], PolicySid, ...(StatusCallback === undefined ? {} : { StatusCallback }) };
      const plain = FriendlyName[1] === 'create' && Email[1] === 'create';
      // a refusal must name the missing parameter: only when no other value could be refused first
      const moved = plain ? notTaken.find((n) => n.where === 'query-only')?.name : undefined;
      const params: [string, string][] = order.filter((n) => fields[n] !== undefined && n !== moved).map((n) => [n, fields[n]!]);
      const query: [string, string][] = [];
      for (const n of notTaken) {
        if (n.where === 'body') params.splice(n.at % (params.length + 1), 0, [n.name, n.value]);
        else if (n.where === 'query') query.push([n.name, n.value]);
        else if (moved) query.push([n.name, fields[n.name]]);
        else query.push([n.name, OTHER_VALUES[n.name]]);
      }
      const body = encodeForm(params, spelling);
      const sent: Partial<RequestFields> = { ...fields };
      if (moved) delete sent[moved];
      const expect: Expectation = moved ? 'reject' : plain && notTaken.length === 0 ? 'create' : 'either';
      const testCase: TestCase = {
        category: 'value-space',
        label: label(fields, notTaken, moved, describeSpelling(spelling, body)),
        expect,
        fields: fieldsRecord(sent),
        contentType: FORM_CONTENT_TYPE,
        body,
        auth: 'valid',
      };
      if (query.length > 0) testCase.query = encodeForm(query);
      if (moved) {
        testCase.rule = `${moved}.required`;
        testCase.missing = [moved];
      }
      if (expect === 'either') testCase.echoWhenCreated = true;
      return testCase;
    });
}

function label(fields: RequestFields, notTaken: readonly NotTaken[], moved: string | undefined, spelling: string): string {
  const parts: string[] = [];
  const name = textTraits(fields.FriendlyName);
  const n = [...fields.FriendlyName].length;
  parts.push(`FriendlyName of ${n} code point${n === 1 ? '' : 's'}${name.length ? ` (${name.join(', ')})` : ''}`);
  const mail = emailTraits(fields.Email);
  if (mail.length) parts.push(`Email with ${mail.join(', ')}`);
  const callback = fields.StatusCallback === undefined ? [] : callbackTraits(fields.StatusCallback);
  if (callback.length) parts.push(`StatusCallback with ${callback.join(', ')}`);
  if (spelling) parts.push(spelling);
  for (const n of notTaken) {
    if (n.where === 'body') parts.push(`${n.name} in the body`);
    else if (n.where === 'query') parts.push(`${n.name} in the query string`);
    else parts.push(n.name === moved ? `${n.name} only in the query string` : `${n.name} in the query string`);
  }
  return `value space: ${[...new Set(parts)].join('; ')}`;
}
