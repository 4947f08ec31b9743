import fc from 'fast-check';
import type { FormParams, TestCase } from '../contracts/exchange.ts';
import { FORM_CONTENT_TYPE, formCase } from './_internals/formCase.ts';
import { type EncodeFormOptions, encodeForm, RAW_SAFE } from './encodeForm.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { type FieldName, fieldsRecord, validFields, WIRE_ORDER } from './validFields.ts';
import { nameLengthExpectation } from './unicodeText.ts';

/** The form Content-Type, standard first, then forms that mean the same (RFC 9110 §8.3.1: case-insensitive type, optional parameters, quoted values). */
export const FORM_CONTENT_TYPES = [
  FORM_CONTENT_TYPE,
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=UTF-8',
  'application/x-www-form-urlencoded;charset=utf-8',
  'application/x-www-form-urlencoded; charset="utf-8"',
  'Application/x-www-form-urlencoded',
  'APPLICATION/X-WWW-FORM-URLENCODED; Charset=UTF-8',
] as const;

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
/** letters of the parameter names and of every PolicySid, so over-encoding usually has something to act on */
const COMMON = 'RNEmailFriendlyPolicySdStatusCbk';

/**
 * The standard choice half the time, another the other half. Variants then come alone or in
 * small sets, so a failure is easier to pin on one; and each shrinks back to the standard, so
 * a failing case shrinks to the variants that matter.
 */
const standardOr = <T>(standard: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ withCrossShrink: true }, fc.constant(standard), other);

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Whether the body's escapes (%XX) use lower-case and upper-case hex letters. */
function escapeCases(body: string): { lower: boolean; upper: boolean } {
  let lower = false;
  let upper = false;
  for (let i = body.indexOf('%'); i !== -1 && i + 2 < body.length; i = body.indexOf('%', i + 1)) {
    const a = body.charCodeAt(i + 1);
    const b = body.charCodeAt(i + 2);
    if (!isHex(a) || !isHex(b)) continue;
    lower ||= a >= 97 || b >= 97;
    upper ||= (a >= 65 && a <= 70) || (b >= 65 && b <= 70);
    i += 2;
  }
  return { lower, upper };
}

const occurring = (chars: string, params: FormParams): string =>
  [...new Set(chars)].filter((ch) => params.some(([n, v]) => n.includes(ch) || v.includes(ch))).join('');

/**
 * A valid create request written another way that means exactly the same `fields`:
 * `%20` for spaces, lower- or mixed-case escapes, unreserved characters escaped anyway (`%41`
 * for `A`, in names too), safe characters left unescaped, the parameters in another order, a
 * charset or other casing on the Content-Type. At least one variant takes effect; the label
 * names those that do.
 */
export function wireVariantCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  checkedPolicySids('wireVariantCase', opts);
  return fc
    .record({
      fields: validFields(opts),
      space: standardOr('+' as const, fc.constant('%20' as const)),
      hexCase: standardOr('upper' as const, fc.constantFrom('lower' as const, 'mixed' as const)),
      overEncode: standardOr(
        '',
        fc.string({ unit: fc.oneof(fc.constantFrom(...COMMON), fc.constantFrom(...UNRESERVED)), minLength: 1, maxLength: 6 }),
      ),
      keepRaw: standardOr('', fc.subarray([...RAW_SAFE], { minLength: 1 }).map((chars) => chars.join(''))),
      order: standardOr(
        [...WIRE_ORDER],
        fc.shuffledSubarray([...WIRE_ORDER], { minLength: WIRE_ORDER.length, maxLength: WIRE_ORDER.length }),
      ),
      contentType: standardOr<string>(FORM_CONTENT_TYPE, fc.constantFrom(...FORM_CONTENT_TYPES.slice(1))),
    })
    .map(({ fields, space, hexCase, overEncode, keepRaw, order, contentType }) => {
      const present = (name: FieldName) => fields[name] !== undefined;
      const params: [string, string][] = order.filter(present).map((name) => [name, fields[name]!]);
      const over = occurring(overEncode, params);
      const raw = occurring(keepRaw, params);
      const encoding: EncodeFormOptions = { space, hexCase, overEncode: over, keepRaw: raw };
      // the label says what is on the wire, read from the body itself
      const body = encodeForm(params, encoding);
      const { lower, upper } = escapeCases(body);
      const variants: string[] = [];
      if (space === '%20' && params.some(([n, v]) => `${n}${v}`.includes(' '))) variants.push("'%20' for spaces");
      if (lower) variants.push(upper ? 'mixed-case escapes' : 'lower-case escapes');
      if (over) variants.push(`unreserved escaped (${[...over].join(' ')})`);
      if (raw) variants.push(`left unescaped (${[...raw].join(' ')})`);
      if (order.filter(present).join() !== WIRE_ORDER.filter(present).join()) variants.push('parameters reordered');
      // when nothing above took effect, the charset does
      const type = contentType === FORM_CONTENT_TYPE && variants.length === 0 ? FORM_CONTENT_TYPES[1] : contentType;
      if (type !== FORM_CONTENT_TYPE) variants.push(`Content-Type '${type}'`);
      return formCase({
        category: 'wire-variant',
        label: `wire variant: ${variants.join(', ')}`,
        expect: nameLengthExpectation(fields.FriendlyName),
        params,
        fields: fieldsRecord(fields),
        encoding,
        body,
        contentType: type,
      });
    });
}
