import { encodeForm } from '../encodeForm.ts';
import { FORM_CONTENT_TYPE } from '../_internals/formCase.ts';
import { fieldsToParams, type RequestFields } from '../validFields.ts';
import { type CoverageRow, fieldRow, SRC, showValue } from './row.ts';

/** Values that look empty or false to a lax language (PHP empty(), JS truthiness) but are present. */
export const FALSY_LOOKING = ['0', 'false', 'null', 'undefined'] as const;

/**
 * Values of whitespace alone (a space, spaces, a tab, NO-BREAK SPACE, IDEOGRAPHIC SPACE): present
 * all the same, a string the seed takes (no minLength, no pattern), kept untrimmed (standards.md
 * Unicode). A presence check that strips first (Rails' blank?, Python's str.strip()) calls them missing.
 */
export const WHITESPACE_ONLY = [' ', '   ', '\t', '\u00a0', '\u3000'] as const;

/**
 * The names of coverage rows a list filter may take for no value (null, false, whitespace a
 * filter strips to nothing): the follow-ups list each profile so named by its very name, in the
 * shard that made it (a list by such a name elsewhere would show another shard's profile).
 */
export const NAMES_LISTED_BY_THEMSELVES: readonly string[] = [...FALSY_LOOKING, ...WHITESPACE_ONLY];

/** Text that reads back right only when the body is percent-decoded exactly once, split on & only. */
export const DECODE_ONCE: ReadonlyArray<readonly [value: string, what: string]> = [
  ['100%', 'a literal %'],
  ['%41', 'the text %41 (not A)'],
  ['%2541', 'the text %2541 (not %41, not A)'],
  ['A+B', 'a literal +'],
  ['%2B', 'the text %2B (not +)'],
  ['R&D', 'a literal &'],
  ['a=b', 'a literal ='],
];

/**
 * Text holding HTML character references: a form body is decoded once (percent-escapes, +), never
 * as HTML, so `&amp;` stays five characters. An input "sanitizer" (he.decode, Python's
 * html.unescape) that reads them as characters changes the name.
 */
export const CHARACTER_REFERENCES: ReadonlyArray<readonly [value: string, what: string]> = [
  ['AT&amp;T', 'with the character reference &amp; (not &)'],
  ['Caf&#233;', 'with a decimal character reference (not é)'],
  ['Caf&eacute;', 'with a named character reference (not é)'],
  ['&lt;b&gt; &#x1F600;', 'with &lt;, &gt; and a hex character reference (not <, >, an emoji)'],
];

/** Text a server must keep exactly: no normalization, no stripping, no replacement. */
export const UNICODE_TEXT: ReadonlyArray<readonly [value: string, what: string]> = [
  ['Cafe\u0301', 'decomposed (NFD) é'],
  ['\u1112\u1161\u11ab\u1100\u1173\u11af', 'Hangul as conjoining jamo'],
  ['Acme \u{1F600}', 'an astral emoji'],
  ['\u{1D504}\u{1D520}\u{1D52A}\u{1D522}', 'astral mathematical letters'],
  ['\u05e9\u05dc\u05d5\u05dd \u200fAcme', 'right-to-left text and a right-to-left mark'],
  ['Ac\u200bme', 'a zero-width space'],
  ['\u{1F469}\u200d\u{1F4BB} Dev', 'a zero-width joiner sequence'],
  ['Ac\u2060me\u200c', 'a word joiner and a zero-width non-joiner'],
];

/** Percent-escapes that decode to bytes which are not UTF-8. */
export const NOT_UTF8: ReadonlyArray<readonly [escapes: string, what: string]> = [
  ['%80', 'a lone continuation byte'],
  ['%E2%82', 'a truncated 3-byte sequence'],
  ['%ED%A0%80', 'an encoded surrogate'],
  ['%C0%AF', 'an overlong /'],
];

/**
 * Text that looks like markup or SQL: a string like any other to the operation (the seed gives
 * FriendlyName no pattern), stored and echoed as sent. A firewall in front (AWS WAF's
 * CrossSiteScripting_BODY and SQLi_BODY rules) or an input "sanitizer" that refuses or rewrites it
 * breaks valid creates (a company named O'Brien, a test label with <b>).
 */
export const MARKUP_AND_SQL: ReadonlyArray<readonly [value: string, what: string]> = [
  ['<script>alert(1)</script>', 'a script element'],
  ["O'Brien' OR '1'='1", "an SQL tautology (' OR '1'='1)"],
  ["Robert'); DROP TABLE Students;--", 'a quote, ); and DROP TABLE'],
  ['<img src=x onerror=alert(1)>', 'an element with an onerror attribute'],
  ['1 UNION SELECT password FROM users', 'UNION SELECT'],
];

/** 4,000 characters: no length limit on FriendlyName is documented. */
export const LONG_NAME = 'Acme '.repeat(800);

const ROW = (what: string) => ({ expect: 'create' as const, source: SRC.echo, what });

/** FriendlyName, value by value. */
export function friendlyNameRows(base: RequestFields): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const v of FALSY_LOOKING) {
    rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(`${JSON.stringify(v)} (looks empty or false, is present)`), rule: 'FriendlyName.present' }));
  }
  for (const [v, what] of DECODE_ONCE) {
    rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(what), rule: 'form.decode-once', source: SRC.form }));
  }
  for (const [v, what] of CHARACTER_REFERENCES) rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(what), rule: 'form.decode-once', source: `${SRC.form}; ${SRC.echo}` }));
  rows.push(rawSemicolonRow(base, 'FriendlyName', 'Acme;Corp'));
  for (const [v, what] of UNICODE_TEXT) rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(what), rule: 'echo.exact' }));
  // U+0000 is a code point like any other: kept exactly, or the request refused, never silently dropped
  rows.push(fieldRow(base, 'FriendlyName', 'Acme\u0000Corp', { expect: 'either', source: SRC.echo, what: 'with a NUL inside (kept, or refused)', rule: 'echo.exact' }));
  // no length limit is documented, nor is the absence of one (twilio-behaviour.md: never a MUST): kept exactly, or refused
  rows.push(fieldRow(base, 'FriendlyName', LONG_NAME, { ...ROW('of 4,000 characters (kept, or refused: no limit is documented either way)'), expect: 'either', rule: 'echo.exact', shown: `"Acme " × 800 (4,000 chars)` }));
  for (const [escapes, what] of NOT_UTF8) rows.push(notUtf8Row(base, escapes, what));
  // after the Unicode rows: the creates read back are the first with hard text (untrimmed counts), astral text among them
  for (const v of WHITESPACE_ONLY) {
    rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(`${JSON.stringify(v)} (whitespace alone, is present)`), rule: 'FriendlyName.present', source: SRC.present }));
  }
  // last: the rows before keep their places in the plan (a shard's share of them, --shard i/n)
  for (const [v, what] of MARKUP_AND_SQL) rows.push(fieldRow(base, 'FriendlyName', v, { ...ROW(`that looks like ${what} (data, not markup or SQL)`), rule: 'echo.exact', source: SRC.anyText }));
  return rows;
}

/** A value with a raw `;` in the body: data, not a separator. */
export function rawSemicolonRow(base: RequestFields, parameter: 'FriendlyName' | 'Email', value: string): CoverageRow {
  const row = fieldRow(base, parameter, value, {
    expect: 'create',
    rule: 'form.decode-once',
    source: SRC.form,
    what: 'with a raw ; in the body (data, not a separator)',
  });
  row.case.body = row.case.body.replaceAll('%3B', ';');
  return row;
}

/** The bytes of percent-escapes decoded as the form parser does: UTF-8, each invalid sequence U+FFFD (WHATWG Encoding's decoder). */
export function formDecoded(escapes: string): string {
  const bytes = Uint8Array.from(escapes.split('%').slice(1), (h) => Number.parseInt(h, 16));
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * FriendlyName `Acme` followed by escapes that are not UTF-8: may be refused (never a 5xx); once
 * created, the name is the form parser's reading, U+FFFD for each invalid sequence (not a Latin-1
 * reading of the bytes, not the bytes dropped).
 */
function notUtf8Row(base: RequestFields, escapes: string, what: string): CoverageRow {
  const others = fieldsToParams({ ...base, FriendlyName: undefined as unknown as string }).filter(([n]) => n !== 'FriendlyName');
  const body = `${encodeForm(others)}&FriendlyName=Acme${escapes}`;
  const fields = Object.fromEntries([...others, ['FriendlyName', `Acme${formDecoded(escapes)}`]]);
  return {
    parameter: 'FriendlyName',
    shown: `Acme${escapes} (${what}, as sent)`,
    expect: 'either',
    rule: 'form.utf8',
    source: SRC.badUtf8,
    case: {
      category: 'coverage',
      label: `FriendlyName with ${what} (${escapes})`,
      expect: 'either',
      rule: 'form.utf8',
      fields,
      echoWhenCreated: true,
      contentType: FORM_CONTENT_TYPE,
      body,
      auth: 'valid',
    },
  };
}

export { showValue };
