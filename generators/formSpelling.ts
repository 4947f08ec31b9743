import fc from 'fast-check';
import { type EncodeFormOptions, RAW_IN_VALUES, RAW_SAFE } from './encodeForm.ts';

const joined = (chars: string[]): string => chars.join('');

/**
 * A legal way to write a form body, every one decoding to the same parameters (WHATWG URL,
 * application/x-www-form-urlencoded parser; standards.md Form bodies): a space as `+` or `%20`,
 * escapes in upper, lower or mixed hex, unreserved letters escaped anyway, `!$'()*,/:?@` left raw,
 * `;` and `=` left raw inside values (data: the parser splits on `&` only, each pair at its first
 * `=`), non-ASCII characters as raw UTF-8 bytes instead of escapes. A `+` meant literally, a `%`
 * and an `&` are always escaped: raw, they mean a space, an escape and a separator.
 */
export function formSpelling(): fc.Arbitrary<EncodeFormOptions> {
  return fc.record({
    space: fc.constantFrom('+' as const, '%20' as const),
    hexCase: fc.constantFrom('upper' as const, 'lower' as const, 'mixed' as const),
    overEncode: fc.constantFrom('', '', '', 'e', 'a', 'RN', 'mE'),
    keepRaw: fc.subarray([...RAW_SAFE]).map(joined),
    rawInValues: fc.subarray([...RAW_IN_VALUES]).map(joined),
    rawNonAscii: fc.boolean(),
  });
}

/** What a spelling does, in words, for a case label ('' for the standard one). */
export function describeSpelling(s: EncodeFormOptions, body: string): string {
  const parts: string[] = [];
  if (s.space === '%20' && body.includes('%20')) parts.push('%20 for spaces');
  if (s.hexCase !== undefined && s.hexCase !== 'upper' && /%[0-9A-F]?[a-f]/.test(body)) parts.push(`${s.hexCase}-case escapes`);
  if (s.rawInValues && /[;=]/.test(body.replace(/(^|&)[^=&]*=/g, '$1'))) parts.push(`raw ${[...s.rawInValues].join(' ')} in values`);
  if (s.rawNonAscii && /[^\x00-\x7f]/.test(body)) parts.push('raw UTF-8');
  if (s.overEncode && /%(?:4[1-9A-F]|5[0-9A]|6[1-9a-fA-F]|7[0-9aA])/i.test(body)) parts.push('letters escaped');
  return parts.join(', ');
}
