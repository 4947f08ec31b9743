import { textExpectation } from '../unicodeText.ts';
import type { RequestFields } from '../validFields.ts';
import { type CoverageRow, fieldRow, SRC } from './row.ts';

const range = (first: number, last: number, skip: readonly number[] = []): string => {
  let text = '';
  for (let cp = first; cp <= last; cp++) if (!skip.includes(cp)) text += String.fromCodePoint(cp);
  return text;
};

/** One code point of each of the 17 planes: letters, emoji, CJK, unassigned (4 to 13), a tag, private use. */
const EVERY_PLANE = [0x41, 0x1f600, 0x20bb7, 0x30000, 0x40000, 0x50000, 0x60000, 0x70000, 0x80000, 0x90000, 0xa0000, 0xb0000, 0xc0000, 0xd0000, 0xe0041, 0xf0000, 0x100000]
  .map((cp) => String.fromCodePoint(cp))
  .join('');

/**
 * FriendlyName across the Unicode range: [value, what]. Whether a row must create or may be
 * refused is `textExpectation` (the same rule as the unicodeText stream): ordinary characters
 * create; controls, the BOM, noncharacters, private use, unassigned code points and text that is
 * only whitespace may be refused. Either way never altered (no trimming, no stripping, no
 * normalization, no replacement) and never a 5xx.
 */
export const UNICODE_RANGE: ReadonlyArray<readonly [value: string, what: string]> = [
  // beyond the Basic Multilingual Plane
  ['Acme \u{20BB7}\u{2A6D6}', 'with CJK ideographs of plane 2'],
  ['\u{30000}\u{3134A}', 'with CJK ideographs of plane 3'],
  ['Scotland \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', 'with a tag sequence (plane 14: a subdivision flag)'],
  ['Acme\uFE0F \u{E0100}', 'with variation selectors (BMP and plane 14)'],
  ['Acme\uFFFD', 'with U+FFFD itself'],
  // each changed by a normalization a server may apply to text (NFC, NFD, NFKC, NFKD, width, case): kept as sent
  ['Cafe\u0301 \u00C5ngstr\u00F6m', 'decomposed and precomposed (NFC and NFD each change it)'],
  ['\uFB01le \u2460 \u216B \u337F \u338F \u00B2', 'with compatibility characters (ﬁ ① Ⅻ ㍿ ㎏ ², which NFKC and NFKD spell out)'],
  ['\uFF76\uFF9E\uFF7D \uFF8A\uFF9F\uFF9D \uFF73\uFF9E\uFF67\uFF72\uFF75\uFF98\uFF9D \uFF61\uFF62\uFF83\uFF9E\uFF9D\uFF77\uFF63\uFF64\uFF65\uFF70', 'in half-width katakana with (semi-)voiced marks (ｶﾞｽ ﾊﾟﾝ ｳﾞｧｲｵﾘﾝ ｡｢ﾃﾞﾝｷ｣: NFKC and mb_convert_kana widen and merge them)'],
  ['\uFF21\uFF43\uFF4D\uFF45 \uFF11\uFF12\uFF13 \uFFA1\uFFA4 \uFFE0\uFFE1\uFFE5 \uFFE9\uFFEB\uFFED', 'in fullwidth and half-width forms (Ａｃｍｅ １２３, half-width Hangul, ￠￡￥, ￩￫￭: width folding changes them)'],
  ['Stra\u00DFe \u0130stanbul \u01C5 \u039F\u0394\u039F\u03A3 \u212B\u212A', 'with letters case mapping and folding change (ß İ ǅ, ΟΔΟΣ with its final sigma, the Angstrom and Kelvin signs)'],
  // combining marks and direction
  ['\u0301Acme', 'starting with a combining mark (no base letter)'],
  ['Z\u0351\u0356\u0359\u035A\u0323\u0324\u0330', 'with a stack of combining marks'],
  ['Acme \u2067\u05E9\u05DC\u05D5\u05DD\u2069 \u202Eevil\u202C', 'with direction isolates and an override'],
  ['Line\u2028Paragraph\u2029', 'with a line and a paragraph separator (U+2028, U+2029)'],
  // whitespace around: kept (no trimming)
  ['\u00A0Acme\u00A0', 'between no-break spaces'],
  ['\u3000Acme\u2003', 'between an ideographic and an em space'],
  ['\tAcme\n', 'between a tab and a line feed'],
  ['\r\nAcme\r\n', 'between CR LF pairs'],
  ['Acme\u0085', "ending in NEL (U+0085, which Python's strip() removes)"],
  [' ', 'of one space (only whitespace)'],
  ['\u3000', 'of one ideographic space (only whitespace)'],
  // line breaks and controls inside
  ['Acme\tCorp', 'with a tab inside'],
  ['Acme\nCorp', 'with a line feed inside'],
  ['Acme\r\nCorp', 'with CR LF inside'],
  ['Acme\rCorp', 'with a lone CR inside'],
  [`A${range(0x01, 0x1f)}Z`, 'with every C0 control but NUL (U+0001 to U+001F)'],
  ['\u0000Acme', 'starting with NUL'],
  ['Acme\u0000', 'ending in NUL'],
  [`A\u007F${range(0x80, 0x9f)}Z`, 'with DEL and every C1 control (U+007F to U+009F)'],
  // the byte order mark
  ['\uFEFFAcme', 'starting with a byte order mark (U+FEFF)'],
  ['Ac\uFEFFme\uFEFF', 'with a byte order mark inside and at the end'],
  // noncharacters, private use, unassigned
  ['Acme\uFDD0\uFDEF', 'with noncharacters U+FDD0 and U+FDEF'],
  ['Acme\uFFFE\uFFFF', 'with noncharacters U+FFFE and U+FFFF'],
  ['Acme\u{1FFFE}\u{10FFFF}', 'with astral noncharacters, the last code point U+10FFFF among them'],
  ['Acme\uE000\u{F0000}\u{10FFFD}', 'with private-use characters (BMP, planes 15 and 16)'],
  ['Acme\u0378\u{E0080}', 'with unassigned code points'],
  [EVERY_PLANE, 'with one code point of each of the 17 planes'],
];

/** FriendlyName, one row per class of the Unicode range (after the rows of friendlyName.ts). */
export function unicodeRows(base: RequestFields): CoverageRow[] {
  return UNICODE_RANGE.map(([value, what]) => {
    const expect = textExpectation(value);
    return fieldRow(base, 'FriendlyName', value, { expect, rule: 'echo.exact', source: expect === 'create' ? SRC.echo : SRC.unicodeEdge, what });
  });
}
