/**
 * The Unicode code space as the generators see it, in fixed tables (never the running Node's
 * Unicode data, so a seed gives the same cases and the same expectations on every machine).
 *
 * - ORDINARY: assigned characters that text plainly is made of (letters, digits, punctuation,
 *   symbols, spaces, combining marks, joiners, direction marks, variation selectors, emoji, CJK
 *   beyond the BMP). FriendlyName is "string" (seed) and is what the request sent
 *   (twilio-behaviour.md; standards.md Unicode): a faithful server creates and echoes them.
 * - EDGE: code points a server might reasonably refuse, though they are scalar values like any
 *   other: C0 and C1 controls (NUL, TAB, CR, LF among them), DEL, the byte order mark,
 *   noncharacters, private use. Nothing documents them either way, so a server may refuse them
 *   with a 4xx, but never alter them or answer 5xx.
 * - Any other scalar value (unassigned ones, blocks left out of ORDINARY) counts as EDGE too.
 *
 * No surrogate code point is ever drawn: a lone surrogate has no UTF-8 form (the body could not
 * carry it).
 */

export type Range = readonly [first: number, last: number];

export const ORDINARY: readonly Range[] = [
  [0x20, 0x7e], // printable ASCII, the space included
  [0xa0, 0x24f], // no-break space, Latin-1 letters and signs, Latin Extended-A and -B
  [0x300, 0x36f], // combining diacritical marks
  [0x391, 0x3a1],
  [0x3a3, 0x3a9],
  [0x3b1, 0x3c9], // Greek
  [0x400, 0x4ff], // Cyrillic
  [0x5d0, 0x5ea], // Hebrew letters
  [0x61c, 0x61c], // Arabic letter mark (a direction mark)
  [0x621, 0x65f], // Arabic letters and marks
  [0x660, 0x669], // Arabic-Indic digits
  [0x915, 0x94d], // Devanagari letters, vowel signs, virama
  [0x1100, 0x11ff], // Hangul conjoining jamo
  [0x2000, 0x2064], // spaces, zero-width characters, direction marks and embeddings, punctuation, line and paragraph separators
  [0x2066, 0x206f], // direction isolates, deprecated format characters
  [0x20a0, 0x20bf], // currency signs
  [0x2100, 0x214f], // letterlike symbols (the Kelvin and Angstrom signs: NFC makes them K and Å)
  [0x2150, 0x218b], // number forms (Ⅻ, ⅓: NFKC makes them ASCII)
  [0x2190, 0x22ff], // arrows, mathematical operators
  [0x2460, 0x24ff], // enclosed alphanumerics (①, Ⓐ: NFKC makes them ASCII)
  [0x2500, 0x257f], // box drawing
  [0x2600, 0x27bf], // miscellaneous symbols, dingbats (❤ U+2764)
  [0x3000, 0x303f], // CJK symbols, the ideographic space
  [0x3041, 0x3096],
  [0x3099, 0x30ff], // hiragana, katakana
  [0x3300, 0x33ff], // CJK compatibility (㍿, ㎏: NFKC spells them out)
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xac00, 0xd7a3], // Hangul syllables
  [0xfb00, 0xfb06], // Latin ligatures (ﬁ, ﬀ: NFKC and case folding split them)
  [0xfe00, 0xfe0f], // variation selectors
  [0xfe20, 0xfe2f], // combining half marks
  // fullwidth ASCII and half-width katakana with their (semi-)voiced marks (ｶﾞ ﾊﾟ: NFKC and PHP's mb_convert_kana widen and merge them),
  // half-width Hangul, fullwidth and half-width signs: the halfwidth and fullwidth forms block, its assigned code points
  [0xff01, 0xffbe],
  [0xffc2, 0xffc7],
  [0xffca, 0xffcf],
  [0xffd2, 0xffd7],
  [0xffda, 0xffdc],
  [0xffe0, 0xffe6],
  [0xffe8, 0xffee],
  [0xfffc, 0xfffd], // object replacement, replacement character
  // mathematical alphanumerics (plane 1), the assigned ones
  [0x1d400, 0x1d454], [0x1d456, 0x1d49c], [0x1d49e, 0x1d49f], [0x1d4a2, 0x1d4a2], [0x1d4a5, 0x1d4a6],
  [0x1d4a9, 0x1d4ac], [0x1d4ae, 0x1d4b9], [0x1d4bb, 0x1d4bb], [0x1d4bd, 0x1d4c3], [0x1d4c5, 0x1d505],
  [0x1d507, 0x1d50a], [0x1d50d, 0x1d514], [0x1d516, 0x1d51c], [0x1d51e, 0x1d539], [0x1d53b, 0x1d53e],
  [0x1d540, 0x1d544], [0x1d546, 0x1d546], [0x1d54a, 0x1d550], [0x1d552, 0x1d6a5], [0x1d6a8, 0x1d7cb],
  [0x1d7ce, 0x1d7ff],
  [0x1f1e6, 0x1f1ff], // regional indicators (flags)
  [0x1f300, 0x1f64f], // pictographs, emoji, skin tones
  [0x20000, 0x2a6df], // CJK Extension B (plane 2)
  [0x30000, 0x3134a], // CJK Extension G (plane 3)
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f], // tag characters (plane 14)
  [0xe0100, 0xe01ef], // variation selectors supplement
];

/** Noncharacters: U+FDD0…U+FDEF and the last two code points of every plane. */
export const NONCHARACTERS: readonly number[] = [
  0xfdd0, 0xfdef,
  ...Array.from({ length: 17 }, (_, plane) => [plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff]).flat(),
];

export const EDGE: readonly Range[] = [
  [0x00, 0x1f], // C0 controls: NUL, TAB, LF, CR…
  [0x7f, 0x9f], // DEL and the C1 controls (NEL U+0085 among them)
  [0xfeff, 0xfeff], // the byte order mark (zero-width no-break space)
  [0xfdd0, 0xfdef], // noncharacters
  [0xe000, 0xf8ff], // private use (BMP)
  [0xf0000, 0xffffd], // private use (plane 15)
  [0x100000, 0x10fffd], // private use (plane 16)
];

/** Whether a code point is in ORDINARY (a binary search over the sorted table). */
export function isOrdinary(codePoint: number): boolean {
  let lo = 0;
  let hi = ORDINARY.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = ORDINARY[mid]!;
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The highest Unicode scalar value, and the surrogate block a scalar value never falls in. */
export const MAX_CODE_POINT = 0x10ffff;
export const SURROGATES: Range = [0xd800, 0xdfff];

/** `U+FEFF`, the way the docs and labels name a code point. */
export const uPlus = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
