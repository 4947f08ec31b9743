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
 * Email, value by value. Whether Email is format-checked is not documented, so a value that is
 * no address may be refused: `either`, but a create must echo it exactly.
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
  rows.push(fieldRow(base, 'Email', 'jose\u0301@example.com', { expect: 'either', rule: 'echo.exact', source: `${SRC.emailUndocumented}; ${SRC.echo}`, what: 'with a decomposed é' }));
  return rows;
}
