import fc from 'fast-check';
import {
  asciiDigit,
  asciiLetter,
  asciiSymbol,
  astral,
  cjk,
  emojiSequence,
  greekCyrillic,
  hebrewArabic,
  latinAccented,
} from './_internals/chars.ts';

type Unit = readonly [spaceBefore: boolean, text: string];

/** A character with a single space before it one time in six (never before the first). */
const unit = (char: fc.Arbitrary<string>): fc.Arbitrary<Unit> =>
  fc.tuple(
    fc.nat({ max: 5 }).map((n) => n === 5),
    char,
  );

const unitsToName = (units: readonly Unit[]): string => {
  // a plain loop: names of up to 256 units are built for most cases drawn
  let name = '';
  for (let i = 0; i < units.length; i++) {
    const [spaceBefore, text] = units[i]!;
    name += spaceBefore && i > 0 ? ` ${text}` : text;
  }
  return name;
};

/**
 * A name made of `char`s: never empty, never leading or trailing whitespace, single inner
 * spaces. Lengths in three tiers (up to 16, 64 and 256 characters, plus the spaces), so long
 * names really occur; every tier shrinks to one character.
 *
 * An empty unit list stands for the one-character name `single`. So the list needs no
 * minLength, and the shrinker can drop any unit, the last one too: fast-check never shrinks
 * the tail of an array below its minLength, so with minLength 1 a failing "中x" could not
 * lose its `x`.
 */
const nameOf = (char: fc.Arbitrary<string>): fc.Arbitrary<string> => {
  const tier = (maxLength: number) =>
    fc
      .tuple(char, fc.array(unit(char), { maxLength, size: 'max' }))
      .map(([single, units]) => (units.length === 0 ? single : unitsToName(units)));
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 5, arbitrary: tier(16) },
    { weight: 3, arbitrary: tier(64) },
    { weight: 2, arbitrary: tier(256) },
  );
};

const ascii = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: asciiLetter() },
    { weight: 2, arbitrary: asciiDigit() },
    { weight: 2, arbitrary: asciiSymbol() },
  );

/**
 * A FriendlyName as real users write it: plain ASCII (with the & = + % # that form encoders
 * get wrong), accented Latin, Greek and Cyrillic, Hebrew and Arabic, CJK, and emoji
 * (astral code points and multi-code-point sequences). The contract only asks for a
 * non-empty string; Twilio documents no length limit (twilio-behaviour.md, Errors).
 */
export function friendlyName(): fc.Arbitrary<string> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: nameOf(ascii()) },
    {
      weight: 2,
      arbitrary: nameOf(fc.oneof({ weight: 3, arbitrary: asciiLetter() }, { weight: 2, arbitrary: latinAccented() })),
    },
    { weight: 1, arbitrary: nameOf(fc.oneof({ weight: 8, arbitrary: cjk() }, { weight: 1, arbitrary: asciiDigit() })) },
    {
      weight: 1,
      arbitrary: nameOf(
        fc.oneof(asciiLetter(), latinAccented(), greekCyrillic(), hebrewArabic(), cjk(), astral(), emojiSequence()),
      ),
    },
    {
      weight: 1,
      arbitrary: nameOf(
        fc.oneof({ weight: 3, arbitrary: asciiLetter() }, { weight: 1, arbitrary: astral() }, emojiSequence()),
      ),
    },
  );
}
