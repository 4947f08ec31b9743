import fc from 'fast-check';
import type { Expectation } from '../contracts/exchange.ts';
import { emojiSequence } from './_internals/chars.ts';
import { EDGE, isOrdinary, MAX_CODE_POINT, NONCHARACTERS, ORDINARY, type Range, SURROGATES } from './_internals/unicode.ts';

const fromRanges = (ranges: readonly Range[]): fc.Arbitrary<number> =>
  fc.oneof(...ranges.map(([min, max]) => ({ weight: Math.max(1, Math.round(Math.log2(max - min + 2))), arbitrary: fc.integer({ min, max }) })));

/** Any Unicode scalar value: every code point but the surrogates, planes 0 to 16. */
const anyScalar = (): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: MAX_CODE_POINT - (SURROGATES[1] - SURROGATES[0] + 1) }).map((n) => (n >= SURROGATES[0] ? n + SURROGATES[1] - SURROGATES[0] + 1 : n));

/** Whitespace a lenient server trims, and the byte order mark a default UTF-8 decoder drops. */
export const AROUND = [' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff', '\u0000', '\u0085'] as const;

/** Units built once: fc.string and fc.oneof prepare per instance (see email.ts). */
let units: { ordinary: fc.Arbitrary<string>; any: fc.Arbitrary<string> } | undefined;

/**
 * One unit of text. `ordinary`: an ORDINARY character or an emoji sequence. `any`: mostly those,
 * often an edge code point, sometimes any scalar value at all.
 */
function unitsOf(): { ordinary: fc.Arbitrary<string>; any: fc.Arbitrary<string> } {
  if (units) return units;
  const ordinary = fc.oneof(
    { weight: 12, arbitrary: fromRanges(ORDINARY).map((cp) => String.fromCodePoint(cp)) },
    { weight: 1, arbitrary: emojiSequence() },
  );
  const any = fc.oneof(
    { weight: 13, arbitrary: ordinary },
    { weight: 3, arbitrary: fromRanges(EDGE).map((cp) => String.fromCodePoint(cp)) },
    { weight: 1, arbitrary: fc.constantFrom(...NONCHARACTERS).map((cp) => String.fromCodePoint(cp)) },
    { weight: 2, arbitrary: anyScalar().map((cp) => String.fromCodePoint(cp)) },
  );
  units = { ordinary, any };
  return units;
}

const textOf = (unit: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .oneof(
      { withCrossShrink: true },
      { weight: 5, arbitrary: fc.array(unit, { minLength: 1, maxLength: 8 }) },
      { weight: 3, arbitrary: fc.array(unit, { minLength: 1, maxLength: 64 }) },
      { weight: 1, arbitrary: fc.array(unit, { minLength: 1, maxLength: 512, size: 'max' }) },
    )
    .map((chars) => chars.join(''));

/**
 * Text from the whole Unicode range (every scalar value can occur; no lone surrogate, which has
 * no UTF-8 form): ordinary letters, marks, spaces and emoji mixed with C0 and C1 controls (NUL,
 * TAB, CR, LF), the byte order mark, noncharacters, private use and unassigned code points,
 * astral planes 1 to 16, combining marks where no letter precedes them, direction controls (half
 * the texts are of ordinary characters only); and one time in four whitespace, a BOM, NUL or NEL
 * before or after it. Never empty. Lengths up to 8, 64 or 512 units, each shrinking to one. What a
 * server must do with it: `textExpectation`.
 */
export function unicodeText(): fc.Arbitrary<string> {
  const { ordinary, any } = unitsOf();
  // half the texts hold ordinary characters only, so half are plainly admitted (create)
  const body = fc.oneof({ withCrossShrink: true }, textOf(ordinary), textOf(any));
  const around = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...AROUND) });
  return fc.tuple(around, body, around).map(([before, text, after]) => `${before}${text}${after}`);
}

/**
 * What a faithful server does with a FriendlyName: `create` (201, echoed exactly) when every code
 * point is ORDINARY and it is more than whitespace; `either` (created and echoed exactly, or
 * refused with a 4xx) when it holds an edge code point (a control, the BOM, a noncharacter,
 * private use, an unassigned or unlisted one) or is only whitespace, which a server may take for
 * blank. Never a 5xx, never altered.
 */
export function textExpectation(text: string): Extract<Expectation, 'create' | 'either'> {
  if (text.trim() === '' || nameLengthExpectation(text) === 'either') return 'either';
  for (const ch of text) if (!isOrdinary(ch.codePointAt(0)!)) return 'either';
  return 'create';
}

/**
 * The longest FriendlyName every server must take. No limit is documented, nor the absence of one
 * (twilio-behaviour.md: "any length limit on FriendlyName" is never a MUST), so a longer name is
 * created and echoed exactly, or refused with a 4xx; 64 characters, a limit Twilio's APIs commonly
 * set on a friendly name, are always taken.
 */
export const NAME_LENGTH_TAKEN = 64;

/** `create` for a FriendlyName of at most NAME_LENGTH_TAKEN code points, `either` for a longer one. */
export function nameLengthExpectation(name: string): Extract<Expectation, 'create' | 'either'> {
  return Array.from(name).length > NAME_LENGTH_TAKEN ? 'either' : 'create';
}
