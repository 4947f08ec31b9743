import type { Expectation } from '../../contracts/exchange.ts';
import { encodeForm } from '../encodeForm.ts';
import { fieldsToParams, type RequestFields } from '../validFields.ts';
import { type CoverageRow, requestRow, SRC, showValue } from './row.ts';

type Spelled = readonly [parameter: 'FriendlyName' | 'StatusCallback', value: string, onTheWire: string, expect: Expectation, what: string];

/**
 * One value written a particular legal way on the wire: [parameter, the value a WHATWG form
 * parser reads, the bytes sent, expectation, what]. The parser splits on `&`, each pair at its
 * first `=`, turns `+` into a space, percent-decodes once (hex in either case; a `%` not followed
 * by two hex digits stays as it is) and reads UTF-8, raw or escaped alike (standards.md Form
 * bodies). A lone `%` is legal to the parser but a strict decoder throws on it: `either`.
 */
export const SPELLINGS: readonly Spelled[] = [
  ['FriendlyName', 'Acme Corp', 'Acme%20Corp', 'create', 'a space written %20'],
  ['FriendlyName', 'Caf\u00e9', 'Caf%c3%a9', 'create', 'an escape in lower-case hex'],
  ['FriendlyName', 'Caf\u00e9 \u4e2d', 'Caf%C3%a9+%e4%B8%AD', 'create', 'escapes in mixed-case hex'],
  ['FriendlyName', 'A+B', 'A%2bB', 'create', 'a literal + written %2b'],
  ['FriendlyName', 'A+ B', 'A%2B+B', 'create', 'a literal + (%2B) beside a space (+)'],
  ['FriendlyName', 'a=b=c', 'a=b=c', 'create', 'raw = in the value (a pair splits at its first =)'],
  ['FriendlyName', 'Caf\u00e9 \u4e2d\u6587 \u{1F600}', 'Caf\u00e9+\u4e2d\u6587+\u{1F600}', 'create', 'raw UTF-8 (not escaped)'],
  ['FriendlyName', '\u00c5ngstr\u00f6m', '%C3%85ngstr\u00f6m', 'create', 'raw UTF-8 beside escaped UTF-8'],
  ['FriendlyName', '100%', '100%', 'either', 'a raw % at the end'],
  ['FriendlyName', '%zz', '%zz', 'either', 'a raw % before non-hex (%zz)'],
  ['FriendlyName', 'Acme%4', 'Acme%4', 'either', 'a raw % before one hex digit'],
  // JavaScript escape()'s %uXXXX is no percent-escape (u is no hex digit): ASP.NET's UrlDecode reads it as one
  ['FriendlyName', 'Caf%u00e9 50%u0025 %uD83D', 'Caf%u00e9+50%u0025+%uD83D', 'either', 'raw %u escapes (%u00e9, %u0025, a lone surrogate %uD83D)'],
  ['StatusCallback', 'https://example.com/cb?a=1', 'https://example.com/cb?a=1', 'create', 'written raw (: / ? = unescaped)'],
];

/** The body of `fields` with `parameter` written as `name=value` on the wire, every other parameter encoded the standard way. */
function spelledBody(fields: RequestFields, parameter: string, pair: string): string {
  return fieldsToParams(fields)
    .map(([n, v]) => (n === parameter ? pair : encodeForm([[n, v]])))
    .join('&');
}

/** Values written each legal way on the wire (after the value tables: these are about the bytes). */
export function spellingRows(base: RequestFields): CoverageRow[] {
  return SPELLINGS.map(([parameter, value, onTheWire, expect, what]) => {
    const fields: RequestFields = { ...base, [parameter]: value };
    return requestRow(base, {
      parameter,
      shown: `${showValue(value)} sent as ${showValue(onTheWire)}`,
      expect,
      rule: 'form.spelling',
      source: expect === 'create' ? SRC.form : `${SRC.form}; a % not followed by two hex digits stays as it is, though strict decoders refuse it (a 4xx, never a 5xx)`,
      label: `${parameter} with ${what}`,
      fields,
      body: spelledBody(fields, parameter, `${parameter}=${onTheWire}`),
    });
  }).concat(
    requestRow(base, {
      parameter: 'FriendlyName',
      shown: 'the name sent as "%46riendly%4Eame"',
      expect: 'create',
      rule: 'form.spelling',
      source: `${SRC.form}: names are percent-decoded like values`,
      label: 'FriendlyName with its name written with escapes',
      body: spelledBody(base, 'FriendlyName', `%46riendly%4Eame=${encodeForm([['', base.FriendlyName]]).slice(1)}`),
    }),
  );
}
