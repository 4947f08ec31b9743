import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, REQUIRED_FIELDS, validFields } from './validFields.ts';

/**
 * Bodies that are not form-encoded: valid parameters as JSON, under a JSON, a text or no
 * Content-Type. Twilio reads form bodies only and answers a JSON body as missing parameters
 * (twilio-behaviour: Transport and auth). The body is always JSON, never a form body under a
 * wrong Content-Type: whether a server may still read that is not in the contract.
 */
export const BODY_ENCODING_KINDS: readonly { label: string; contentType: string | null }[] = [
  { label: 'JSON body with Content-Type application/json', contentType: 'application/json' },
  { label: 'JSON body with Content-Type application/json; charset=utf-8', contentType: 'application/json; charset=utf-8' },
  { label: 'JSON body with no Content-Type', contentType: null },
  { label: 'JSON body with Content-Type text/plain', contentType: 'text/plain' },
  { label: 'JSON body with Content-Type text/plain; charset=UTF-8', contentType: 'text/plain; charset=UTF-8' },
];

/** A valid create request sent as JSON: expect a refusal naming all three required parameters. */
export function bodyEncodingCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('bodyEncodingCase', opts);
  return fc.tuple(validFields(opts), fc.constantFrom(...BODY_ENCODING_KINDS)).map(([fields, kind]) => ({
    category: 'body-encoding',
    label: kind.label,
    expect: 'reject',
    rule: 'body.form-encoded',
    missing: [...REQUIRED_FIELDS],
    // a faithful server reads no parameter from a JSON body
    fields: {},
    contentType: kind.contentType,
    body: JSON.stringify(fieldsRecord(fields)),
    auth: 'valid',
  }));
}
