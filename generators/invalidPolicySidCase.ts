import fc from 'fast-check';
import type { TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { policySid } from './policySid.ts';
import { fieldsRecord, fieldsToParams, validFields } from './validFields.ts';

const HEX = '0123456789abcdefABCDEF';
/** the string units, built once: fc.string prepares its edge-case slices per unit instance (same values) */
const HEX_DIGIT = fc.constantFrom(...HEX);
const TRAILING_CHAR = fc.constantFrom(...'xyzXYZ/?#.-_!,;é');

/** an index among the 32 digits of a well-formed SID */
const digitIndex = (): fc.Arbitrary<number> => fc.integer({ min: 2, max: 33 });

const replaceAt = (text: string, at: number, by: string): string => text.slice(0, at) + by + text.slice(at + 1);

/** a well-formed SID with 1 to 3 of its digits replaced by `by(digit, pick)`, pick drawn from `picks` */
const withDigitsReplaced = (
  sid: fc.Arbitrary<string>,
  picks: fc.Arbitrary<number>,
  by: (digit: string, pick: number) => string,
): fc.Arbitrary<string> =>
  fc
    .tuple(sid, fc.array(fc.tuple(digitIndex(), picks), { minLength: 1, maxLength: 3 }))
    .map(([base, edits]) => edits.reduce((s, [at, pick]) => replaceAt(s, at, by(s.charAt(at), pick)), base));

const NON_HEX = 'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ-_.';

const arabicIndic = (d: number): string => String.fromCodePoint(0x660 + d);
/** the fullwidth twin of an ASCII digit or letter (U+FF10…, U+FF21…, U+FF41…) */
const fullwidth = (ch: string): string => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0);

interface PolicySidKind {
  label: string;
  rule: 'PolicySid.pattern' | 'PolicySid.length';
  value: (sid: fc.Arbitrary<string>) => fc.Arbitrary<string>;
}

/**
 * Malformed PolicySids, each derived from a well-formed one (from the caller's list when
 * given, so a live target is asked about a real policy written wrongly). `PolicySid.pattern`
 * kinds keep the 34 characters (seed: minLength = maxLength = 34) and break only
 * ^RN[0-9a-fA-F]{32}$; `PolicySid.length` kinds have another length. An empty PolicySid is
 * an empty-field case.
 */
export const POLICY_SID_KINDS: readonly PolicySidKind[] = [
  {
    label: "PolicySid with another SID type's prefix (BU, AC, SK, PN, MG, CA)",
    rule: 'PolicySid.pattern',
    value: (sid) =>
      fc.tuple(sid, fc.constantFrom('BU', 'AC', 'SK', 'PN', 'MG', 'CA')).map(([s, prefix]) => prefix + s.slice(2)),
  },
  {
    label: 'PolicySid with a lower- or mixed-case prefix (rn, Rn, rN)',
    rule: 'PolicySid.pattern',
    value: (sid) => fc.tuple(sid, fc.constantFrom('rn', 'Rn', 'rN')).map(([s, prefix]) => prefix + s.slice(2)),
  },
  {
    label: 'PolicySid with non-hex characters among its 32 digits',
    rule: 'PolicySid.pattern',
    value: (sid) =>
      withDigitsReplaced(sid, fc.nat({ max: NON_HEX.length - 1 }), (_, pick) => NON_HEX.charAt(pick)),
  },
  {
    label: 'PolicySid with look-alike Arabic-Indic digits (٠ to ٩)',
    rule: 'PolicySid.pattern',
    value: (sid) => withDigitsReplaced(sid, fc.nat({ max: 9 }), (_, d) => arabicIndic(d)),
  },
  {
    label: 'PolicySid with look-alike fullwidth digits and letters (０ to ９, Ａ to Ｆ)',
    rule: 'PolicySid.pattern',
    value: (sid) => withDigitsReplaced(sid, fc.constant(0), (digit) => (digit < '\u0080' ? fullwidth(digit) : digit)),
  },
  {
    label: 'PolicySid one digit short (33 characters)',
    rule: 'PolicySid.length',
    value: (sid) => fc.tuple(sid, digitIndex()).map(([s, at]) => replaceAt(s, at, '')),
  },
  {
    label: 'PolicySid one digit too many (35 characters)',
    rule: 'PolicySid.length',
    value: (sid) =>
      fc.tuple(sid, digitIndex(), fc.constantFrom(...HEX)).map(([s, at, d]) => s.slice(0, at) + d + s.slice(at)),
  },
  {
    label: 'PolicySid that is only the RN prefix',
    rule: 'PolicySid.length',
    value: (sid) => sid.map((s) => s.slice(0, 2)),
  },
  {
    label: 'PolicySid without its RN prefix (32 hex digits)',
    rule: 'PolicySid.length',
    value: (sid) => sid.map((s) => s.slice(2)),
  },
  {
    label: 'PolicySid far too long (100 to 2,000 characters)',
    rule: 'PolicySid.length',
    value: (sid) =>
      fc
        .tuple(sid, fc.string({ unit: HEX_DIGIT, minLength: 66, maxLength: 1966, size: 'max' }))
        .map(([s, more]) => s + more),
  },
  {
    label: 'well-formed PolicySid followed by extra characters',
    rule: 'PolicySid.length',
    value: (sid) =>
      fc
        .tuple(sid, fc.string({ unit: TRAILING_CHAR, minLength: 1, maxLength: 8 }))
        .map(([s, extra]) => s + extra),
  },
  {
    label: 'well-formed PolicySid with surrounding whitespace',
    rule: 'PolicySid.length',
    value: (sid) =>
      fc
        .tuple(
          sid,
          fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0'),
          fc.constantFrom('leading', 'trailing', 'both'),
        )
        .map(([s, ws, where]) => (where === 'trailing' ? '' : ws) + s + (where === 'leading' ? '' : ws)),
  },
];

/** A create request whose PolicySid is malformed; every other parameter valid. */
export function invalidPolicySidCase(opts?: GeneratorOptions): fc.Arbitrary<TestCase> {
  const sid = policySid({ policySids: checkedPolicySids('invalidPolicySidCase', opts) });
  // one instance for every kind: arbitraries hold no state, and building one is not free
  const valid = validFields(opts);
  return fc.oneof(
    ...POLICY_SID_KINDS.map((kind) =>
      fc.tuple(valid, kind.value(sid)).map(([fields, PolicySid]) => {
        const broken = { ...fields, PolicySid };
        return formCase({
          category: 'policy-sid',
          label: kind.label,
          expect: 'reject',
          rule: kind.rule,
          params: fieldsToParams(broken),
          fields: fieldsRecord(broken),
        });
      }),
    ),
  );
}
