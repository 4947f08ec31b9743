import fc from 'fast-check';
import { cjk, greekCyrillic, hebrewArabic, latinAccented } from './_internals/chars.ts';
import { email } from './email.ts';

const ASCII_ATOM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** shared units, so fc.string prepares its edge-case slices once (see email.ts) */
const ATOM_CHAR = fc.constantFrom(...ASCII_ATOM);
/** letters outside ASCII (RFC 6531 UTF8-non-ascii): accented Latin, Greek, Cyrillic, Hebrew, Arabic, CJK, an emoji */
const NON_ASCII_CHAR = fc.oneof(latinAccented(), greekCyrillic(), hebrewArabic(), cjk(), fc.constantFrom('\u{1F600}', '\u{1F4E7}'));

const asciiAtom = (): fc.Arbitrary<string> => fc.string({ unit: ATOM_CHAR, minLength: 1, maxLength: 10 });
const nonAsciiAtom = (): fc.Arbitrary<string> => fc.string({ unit: NON_ASCII_CHAR, minLength: 1, maxLength: 8 });

/** RFC 6531 local parts (non-ASCII), RFC 5321 quoted strings, and dot-atoms in mixed case */
const localPart = (): fc.Arbitrary<string> =>
  fc.oneof(
    nonAsciiAtom(),
    fc.tuple(asciiAtom(), nonAsciiAtom()).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('"john doe"', '"a@b"', '"quoted\\"quote"', '" "', '"semi;colon"'),
    fc.tuple(asciiAtom(), asciiAtom()).map(([a, b]) => `${a.toUpperCase()}.${b}`),
  );

/**
 * Domains nobody owns (RFC 2606 / RFC 6761 names): raw internationalized labels (U-labels), their
 * A-labels (punycode), upper case, a trailing dot, and address literals of the documentation
 * ranges (RFC 5321 §4.1.3: [192.0.2.1], [IPv6:2001:db8::1]).
 */
const domain = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('bücher.example', '例え.example', 'пример.test', 'mañana.example.com', 'xn--bcher-kva.example', 'EXAMPLE.COM', 'Example.Org', 'example.com.'),
    fc.tuple(nonAsciiAtom(), fc.constantFrom('example', 'test', 'example.com')).map(([label, base]) => `${label}.${base}`),
    fc.constantFrom('[192.0.2.1]', '[IPv6:2001:db8::1]'),
  );

/**
 * An Email that is not plainly an ASCII address: a non-ASCII local part or domain (RFC 6531), a
 * quoted local part, an address literal, a domain in upper case or with a trailing dot; one time
 * in four with whitespace before or after it. Whether Email is format-checked is not documented
 * (twilio-behaviour.md, Errors), so each may be refused with a 4xx; when created it must be echoed
 * exactly (no trimming, no case change, no IDNA conversion: standards.md Unicode).
 */
export function emailAnyForm(): fc.Arbitrary<string> {
  const address = fc.oneof(
    fc.tuple(localPart(), domain()).map(([l, d]) => `${l}@${d}`),
    fc.tuple(localPart(), fc.constantFrom('example.com', 'example.org')).map(([l, d]) => `${l}@${d}`),
    fc.tuple(email(), domain()).map(([e, d]) => `${e.split('@')[0]}@${d}`),
  );
  const space = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t', '\n', '\u00a0') });
  return fc.tuple(space, address, space).map(([before, a, after]) => `${before}${a}${after}`);
}
