import fc from 'fast-check';

/**
 * Character arbitraries for free-text fields. Every range holds assigned, printable code
 * points that Unicode normalization (NFC) leaves alone, so an exact echo is never in dispute.
 */

const codePoints = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

export const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
/** Printable ASCII punctuation: includes the form-syntax characters & = + % that encoders get wrong. */
export const ASCII_SYMBOLS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export const asciiLetter = (): fc.Arbitrary<string> => fc.constantFrom(...ASCII_LETTERS);
export const asciiDigit = (): fc.Arbitrary<string> => fc.constantFrom(...DIGITS);
export const asciiSymbol = (): fc.Arbitrary<string> => fc.constantFrom(...ASCII_SYMBOLS);

/** Latin-1 letters (À…ÿ without × ÷) and Latin Extended-A (Ā…ſ): precomposed, NFC-stable. */
export const latinAccented = (): fc.Arbitrary<string> =>
  fc.oneof(codePoints(0xc0, 0xd6), codePoints(0xd8, 0xf6), codePoints(0xf8, 0xff), codePoints(0x100, 0x17f));

/** Greek capitals and small letters, Cyrillic А…я. */
export const greekCyrillic = (): fc.Arbitrary<string> =>
  fc.oneof(codePoints(0x391, 0x3a1), codePoints(0x3a3, 0x3a9), codePoints(0x3b1, 0x3c9), codePoints(0x410, 0x44f));

/** Right-to-left letters: Hebrew א…ת, Arabic ء…غ and ف…ي. */
export const hebrewArabic = (): fc.Arbitrary<string> =>
  fc.oneof(codePoints(0x5d0, 0x5ea), codePoints(0x621, 0x63a), codePoints(0x641, 0x64a));

/** CJK in the Basic Multilingual Plane: unified ideographs, hiragana, katakana, hangul syllables. */
export const cjk = (): fc.Arbitrary<string> =>
  fc.oneof(codePoints(0x4e00, 0x9fff), codePoints(0x3041, 0x3096), codePoints(0x30a1, 0x30fa), codePoints(0xac00, 0xd7a3));

/** One astral code point (four UTF-8 bytes, a surrogate pair in UTF-16): emoji, CJK Extension B. */
export const astral = (): fc.Arbitrary<string> =>
  fc.oneof(codePoints(0x1f600, 0x1f64f), codePoints(0x1f300, 0x1f5ff), codePoints(0x20000, 0x2a6df));

/** Emoji that are several code points: skin tone, ZWJ sequences, a flag, a variation selector. */
export const emojiSequence = (): fc.Arbitrary<string> =>
  fc.constantFrom('👍🏽', '👩‍💻', '👨‍👩‍👧', '🇫🇷', '🇯🇵', '❤️', '🏳️‍🌈');
