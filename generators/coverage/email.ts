import type { RequestFields } from '../validFields.ts';
import { FALSY_LOOKING, rawSemicolonRow } from './friendlyName.ts';
import { type CoverageRow, fieldRow, SRC } from './row.ts';

/** Well-formed addresses whose characters matter to form decoding: any server must take them. */
export const DECODE_ADDRESSES: ReadonlyArray<readonly [value: string, what: string]> = [
  ['first+tag@example.com', 'with a + (a space only when written raw)'],
  ['r&d@example.com', 'with a & in the local part'],
  ['a=b@example.com', 'with a = in the local part'],
  ['100%@example.com', 'with a % in the local part'],
];

/**
 * Well-formed addresses at mail providers whose own rules fold several spellings into one mailbox
 * (dots and +tags at Gmail, +tags at Outlook, -tags at Yahoo): a sign-up dedupe helper that
 * canonicalizes them before they are stored loses the sub-address the customer filters on. The
 * address is the one sent, and it is echoed exactly.
 */
export const PROVIDER_ADDRESSES: ReadonlyArray<readonly [value: string, what: string]> = [
  ['Trusthub.Conformance+billing@gmail.com', 'at gmail.com, with dots, a +tag and capitals'],
  ['trusthub.conformance@googlemail.com', 'at googlemail.com, with a dot'],
  ['trusthub.conformance+ops@outlook.com', 'at outlook.com, with a +tag'],
  ['trusthub.conformance-ops@yahoo.com', 'at yahoo.com, with a -tag'],
];

/**
 * Addresses that are more than plain ASCII atoms: a format check may refuse them (not documented
 * either way), a create must echo them exactly (no trimming, no case change, no IDNA conversion).
 */
export const ANY_FORM_ADDRESSES: ReadonlyArray<readonly [value: string, what: string]> = [
  ['jos\u00e9@example.com', 'with a non-ASCII local part (RFC 6531)'],
  ['\u7528\u6237@\u4f8b\u3048.example', 'in CJK, local part and domain'],
  ['user@b\u00fccher.example', 'with a non-ASCII domain (a U-label)'],
  ['user@xn--bcher-kva.example', 'with an A-label domain (punycode)'],
  ['a\u{1F600}@example.com', 'with an astral character in the local part'],
  ['"john doe"@example.com', 'with a quoted local part holding a space'],
  ['user@[192.0.2.1]', 'with an IPv4 address literal'],
  ['user@[IPv6:2001:db8::1]', 'with an IPv6 address literal'],
  [' a@example.com', 'with a leading space'],
  ['a@example.com ', 'with a trailing space'],
  ['a@example.com\n', 'with a trailing line feed'],
  ['\ufeffa@example.com', 'starting with a byte order mark'],
  ['a\u0001b\u007f@example.com', 'with a control character and DEL in the local part'],
  ['a@example.com\u{10FFFF}', 'ending in the last code point U+10FFFF'],
  [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`, 'of 264 characters, each label at its limit (longer than the 254 of RFC 5321 §4.5.3.1.3)'],
  [`${'long.address.'.repeat(76)}x@example.com`, 'of 1,001 characters'],
];

/**
 * An address with a display name or a comment (RFC 5322 §3.4 name-addr, §3.2.2 CFWS): what a mail
 * client pastes. A validator built on a mail library's address parser (Go's mail.ParseAddress,
 * Python's email.utils.parseaddr) takes them and hands back the bare address, which is then stored:
 * refused (a 4xx), or created and echoed exactly as sent, display name and comment included.
 */
export const DISPLAY_NAME_ADDRESSES: ReadonlyArray<readonly [value: string, what: string]> = [
  ['Jane Doe <jane@example.com>', 'with a display name (RFC 5322 name-addr)'],
  ['"Doe, Jane" <jane@example.com>', 'with a quoted display name holding a comma'],
  ['jane@example.com (Jane)', 'with a comment (RFC 5322 CFWS)'],
];

/**
 * Email, value by value. Whether Email is format-checked is not documented, so a value that is
 * no plain ASCII address may be refused: `either`, but a create must echo it exactly.
 */
export function emailRows(base: RequestFields): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const v of FALSY_LOOKING) {
    rows.push(fieldRow(base, 'Email', v, { expect: 'either', rule: 'Email.present', source: SRC.emailUndocumented, what: `${JSON.stringify(v)} (present, not an address)` }));
  }
  for (const [v, what] of DECODE_ADDRESSES) {
    rows.push(fieldRow(base, 'Email', v, { expect: 'create', rule: 'form.decode-once', source: `${SRC.emailAddress}; ${SRC.form}`, what }));
  }
  const semicolon = rawSemicolonRow(base, 'Email', 'ops;billing@example.com');
  semicolon.expect = 'either';
  semicolon.case.expect = 'either';
  semicolon.case.echoWhenCreated = true;
  semicolon.source = `${SRC.emailUndocumented}; ${SRC.form}`;
  rows.push(semicolon);
  // a ; is no atext (RFC 5322): a format check may refuse it, a create must keep the reference as sent
  rows.push(fieldRow(base, 'Email', 'r&amp;d@example.com', { expect: 'either', rule: 'form.decode-once', source: `${SRC.emailUndocumented}; ${SRC.form}`, what: 'with the character reference &amp; (not &)' }));
  rows.push(fieldRow(base, 'Email', 'jose\u0301@example.com', { expect: 'either', rule: 'echo.exact', source: `${SRC.emailUndocumented}; ${SRC.echo}`, what: 'with a decomposed é' }));
  // a well-formed ASCII address passes any format check: echoed with its case
  rows.push(
    fieldRow(base, 'Email', 'Jane.Doe@Example.COM', { expect: 'create', rule: 'echo.exact', source: `${SRC.emailAddress}; ${SRC.echo}`, what: 'with capitals in the local part and the domain' }),
  );
  for (const [v, what] of PROVIDER_ADDRESSES) {
    rows.push(fieldRow(base, 'Email', v, { expect: 'create', rule: 'echo.exact', source: `${SRC.emailAddress}; ${SRC.echo}`, what }));
  }
  for (const [v, what] of ANY_FORM_ADDRESSES) {
    rows.push(fieldRow(base, 'Email', v, { expect: 'either', rule: 'echo.exact', source: `${SRC.emailUndocumented}; ${SRC.echo}`, what }));
  }
  for (const [v, what] of DISPLAY_NAME_ADDRESSES) {
    rows.push(fieldRow(base, 'Email', v, { expect: 'either', rule: 'echo.exact', source: `${SRC.emailUndocumented}; ${SRC.echo}; RFC 5322 §3.4 (name-addr is a mailbox, not an addr-spec)`, what }));
  }
  return rows;
}
