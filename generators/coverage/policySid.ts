import type { RequestFields } from '../validFields.ts';
import { type CoverageRow, fieldRow, SRC } from './row.ts';

/** One character per digit position, none of them a hex digit (position 2 gets the first). */
const NON_HEX = 'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ-_.';

/** Whitespace a lenient server might trim, one kind at a time. */
export const WHITESPACE: ReadonlyArray<readonly [name: string, text: string]> = [
  ['a space', ' '],
  ['a tab', '\t'],
  ['a line feed', '\n'],
  ['CR LF', '\r\n'],
  ['NUL', '\u0000'],
  ['a no-break space', '\u00a0'],
];

/** Digits that are not ASCII: `\d` of some regex engines (Python, .NET) and Unicode-aware parsers take them. */
const LOOKALIKE_DIGITS: ReadonlyArray<readonly [name: string, zero: number]> = [
  ['an Arabic-Indic digit', 0x660],
  ['a fullwidth digit', 0xff10],
  ['a Devanagari digit', 0x966],
];

const replaceAt = (text: string, at: number, by: string): string => text.slice(0, at) + by + text.slice(at + 1);

/**
 * PolicySid, value by value: every length around 34, every digit position made non-hex, every
 * case of the prefix, whitespace of every kind on either side, digits that are not ASCII.
 * `sid` is the well-formed PolicySid of `base` (the caller's own on a live target).
 */
export function policySidRows(base: RequestFields, ownPolicies: boolean): CoverageRow[] {
  const sid = base.PolicySid;
  const reject = (value: string, what: string, rule: string): CoverageRow =>
    fieldRow(base, 'PolicySid', value, { expect: 'reject', rule, source: SRC.seedPolicy, what });
  const rows: CoverageRow[] = [
    reject('', 'empty (0 characters)', 'PolicySid.length'),
    reject('R', '1 character', 'PolicySid.length'),
    reject(sid.slice(0, 33), '33 characters (last digit dropped)', 'PolicySid.length'),
    reject(`${sid}0`, '35 characters (a digit added)', 'PolicySid.length'),
    fieldRow(base, 'PolicySid', sid, { expect: 'create', rule: 'PolicySid.pattern', source: SRC.seedPolicy, what: 'well-formed, 34 characters' }),
  ];
  // a live target knows only its own policies: other well-formed sids would be refused as unknown
  if (!ownPolicies) {
    for (const [what, digits] of [
      ['all hex digits lower case', 'abcdef0123456789abcdef0123456789'],
      ['all hex digits upper case', 'ABCDEF0123456789ABCDEF0123456789'],
    ] as const) {
      rows.push(fieldRow(base, 'PolicySid', `RN${digits}`, { expect: 'create', rule: 'PolicySid.pattern', source: SRC.seedPolicy, what }));
    }
  }
  for (const prefix of ['rn', 'Rn', 'rN']) rows.push(reject(prefix + sid.slice(2), `with prefix ${prefix}`, 'PolicySid.pattern'));
  for (let at = 2; at < 34; at++) {
    const ch = NON_HEX.charAt(at - 2);
    rows.push(reject(replaceAt(sid, at, ch), `with position ${at} made ${JSON.stringify(ch)} (not hex)`, 'PolicySid.pattern'));
  }
  for (const [name, text] of WHITESPACE) {
    rows.push(reject(text + sid, `with ${name} before it`, 'PolicySid.pattern'));
    rows.push(reject(sid + text, `with ${name} after it`, 'PolicySid.pattern'));
  }
  const digitAt = Math.max(2, [...sid].findIndex((c, i) => i >= 2 && c >= '0' && c <= '9'));
  const digit = /[0-9]/.test(sid.charAt(digitAt)) ? Number(sid.charAt(digitAt)) : 0;
  for (const [name, zero] of LOOKALIKE_DIGITS) {
    // the label names no position: it must not depend on the caller's PolicySid (observations key on it)
    rows.push(reject(replaceAt(sid, digitAt, String.fromCodePoint(zero + digit)), `with ${name} in place of its first decimal digit`, 'PolicySid.pattern'));
  }
  return rows;
}
