import { encodeForm } from '../encodeForm.ts';
import { fieldsToParams, type RequestFields } from '../validFields.ts';
import { type CoverageRow, requestRow, SRC } from './row.ts';

export const KIB = 1024;

/**
 * A body of exactly `bytes` bytes: `base` without FriendlyName, an unknown `Padding` parameter,
 * then FriendlyName last, of `nameBytes` ASCII characters, so a body cut short alters the one
 * value a server echoes. The padding carries the size: what is stored stays small, so the list
 * of a long run's profiles stays within the response cap.
 */
export function bodyOfSize(base: RequestFields, bytes: number, nameBytes: number): { body: string; fields: RequestFields } {
  const name = 'Long Tail '.repeat(Math.ceil(nameBytes / 10)).slice(0, nameBytes).trimEnd().padEnd(nameBytes, 'x');
  const head = `${encodeForm(fieldsToParams({ ...base, FriendlyName: undefined as unknown as string }))}&Padding=`;
  const tail = `&${encodeForm([['FriendlyName', name]])}`;
  return { body: `${head}${'p'.repeat(bytes - head.length - tail.length)}${tail}`, fields: { ...base, FriendlyName: name } };
}

/**
 * How many pairs body parsers commonly stop at, dropping the rest unread: 1,000 (Node's
 * querystring maxKeys, qs' parameterLimit, PHP's max_input_vars, Django's
 * DATA_UPLOAD_MAX_NUMBER_FIELDS, Jetty's maxFormKeys) and 10,000 (Tomcat's maxParameterCount).
 */
export const PAIR_LIMITS = [1000, 10_000] as const;

/**
 * A valid create whose parameters come after `count` unknown pairs (Pad1=1&…): read whole it
 * creates; a server may refuse that many pairs with a 4xx, but never as a parameter missing
 * (missing.only-when-absent).
 */
function manyPairsRow(base: RequestFields, count: number): CoverageRow {
  const pads = Array.from({ length: count }, (_, i) => `Pad${i + 1}=1`).join('&');
  return requestRow(base, {
    shown: `${count.toLocaleString('en')} unknown pairs (Pad1=1&…&Pad${count}=1), then the parameters`,
    expect: 'either',
    rule: 'body.pairs',
    source: SRC.manyPairs,
    label: `a valid create after ${count.toLocaleString('en')} unknown pairs`,
    body: `${pads}&${encodeForm(fieldsToParams(base))}`,
  });
}

/** Astral text: 12 bytes on the wire and 4 stored per character. */
const ASTRAL_NAME = '\u{1F600}'.repeat(2 * KIB);

/**
 * Bodies of 64 KiB and beyond, and of more pairs than parsers commonly read (PAIR_LIMITS). No length limit is documented: each is created and echoed whole,
 * or refused with a 4xx (a 413 for a body over the server's limit); never cut, never a 5xx. The
 * 66 KiB body puts its 64 KiB mark inside FriendlyName, so a server that reads 64 KiB of it
 * creates a profile with half the name.
 */
export function longRows(base: RequestFields): CoverageRow[] {
  const exact = bodyOfSize(base, 64 * KIB, 2 * KIB);
  const over = bodyOfSize(base, 66 * KIB, 4 * KIB);
  const row = (shown: string, label: string, shape: { fields: RequestFields; body?: string }): CoverageRow =>
    requestRow(base, { parameter: 'FriendlyName', shown, expect: 'either', rule: 'body.size', source: SRC.longBody, label, ...shape });
  return [
    row('a body of exactly 65,536 bytes: Padding=…, then a FriendlyName of 2,048 characters', 'a body of exactly 64 KiB (FriendlyName last)', exact),
    row('a body of 67,584 bytes: Padding=…, then a FriendlyName of 4,096 characters across the 64 KiB mark', 'a body of 66 KiB, FriendlyName across the 64 KiB mark', over),
    row(`"😀" × ${[...ASTRAL_NAME].length} (24 KiB of escapes)`, `FriendlyName of ${[...ASTRAL_NAME].length} astral characters`, { fields: { ...base, FriendlyName: ASTRAL_NAME } }),
    ...PAIR_LIMITS.map((count) => manyPairsRow(base, count)),
  ];
}
