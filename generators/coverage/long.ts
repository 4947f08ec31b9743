import { encodeForm } from '../encodeForm.ts';
import { fieldsToParams, type RequestFields } from '../validFields.ts';
import { type CoverageRow, requestRow, SRC } from './row.ts';

export const KIB = 1024;

/**
 * The body of `base` with FriendlyName last and long enough that the body is exactly `bytes`
 * bytes (ASCII, so a character is a byte): the parameter a truncated body would cut.
 */
export function bodyOfSize(base: RequestFields, bytes: number): { body: string; fields: RequestFields } {
  const others = encodeForm(fieldsToParams({ ...base, FriendlyName: undefined as unknown as string }));
  const head = `${others}&FriendlyName=`;
  const name = 'Acme'.repeat(Math.ceil((bytes - head.length) / 4)).slice(0, bytes - head.length);
  return { body: `${head}${name}`, fields: { ...base, FriendlyName: name } };
}

/** Astral text whose escapes fill `bytes`: 12 bytes on the wire per character. */
const astralName = (bytes: number): string => '\u{1F600}'.repeat(Math.floor(bytes / 12));

/**
 * Bodies of 64 KiB and beyond. No length limit is documented: each is created and echoed whole,
 * or refused with a 4xx (a 413 for a body over the server's limit); never cut, never a 5xx.
 */
export function longRows(base: RequestFields): CoverageRow[] {
  const exact = bodyOfSize(base, 64 * KIB);
  const over = bodyOfSize(base, 80 * KIB);
  const astral = astralName(60 * KIB);
  return [
    requestRow(base, {
      parameter: 'FriendlyName',
      shown: `"AcmeAcme…" filling the body to exactly 65,536 bytes`,
      expect: 'either',
      rule: 'body.size',
      source: SRC.longBody,
      label: 'a body of exactly 64 KiB (FriendlyName last)',
      fields: exact.fields,
      body: exact.body,
    }),
    requestRow(base, {
      parameter: 'FriendlyName',
      shown: `"AcmeAcme…" filling the body to 81,920 bytes`,
      expect: 'either',
      rule: 'body.size',
      source: SRC.longBody,
      label: 'a body of 80 KiB (FriendlyName last)',
      fields: over.fields,
      body: over.body,
    }),
    requestRow(base, {
      parameter: 'FriendlyName',
      shown: `"😀" × ${[...astral].length} (a body of about 60 KiB of escapes)`,
      expect: 'either',
      rule: 'body.size',
      source: SRC.longBody,
      label: `FriendlyName of ${[...astral].length} astral characters`,
      fields: { ...base, FriendlyName: astral },
    }),
  ];
}
