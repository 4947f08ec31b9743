import type { FormParams } from '../contracts/exchange.ts';

/**
 * How to write a form body. The defaults give the standard encoding: RFC 3986 unreserved
 * characters (`A-Z a-z 0-9 - . _ ~`) as they are, a space as `+`, every other character as
 * the percent-escapes of its UTF-8 bytes with upper-case hex (WHATWG URL, the
 * application/x-www-form-urlencoded serializer, except that `~` stays and `*` is escaped).
 * Every option keeps the meaning: the body decodes to the same parameters.
 */
export interface EncodeFormOptions {
  /** how a space is written; default `+` */
  space?: '+' | '%20';
  /** case of the hex digits in escapes; `mixed` alternates escape by escape; default `upper` */
  hexCase?: 'upper' | 'lower' | 'mixed';
  /** unreserved characters to escape anyway (`A` → `%41`), in names and values */
  overEncode?: string;
  /** characters that need no escape in a form body, sent as they are (a subset of `!$'()*,/:?@`) */
  keepRaw?: string;
  /**
   * form-syntax characters that are data inside a value, sent raw in values only (a subset of
   * `;=`): the parser splits on `&` alone and each pair at its first `=` (WHATWG URL)
   */
  rawInValues?: string;
  /** every non-ASCII character as its raw UTF-8 bytes instead of escapes (the parser percent-decodes, then reads UTF-8) */
  rawNonAscii?: boolean;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** Characters with no meaning to the form parser: `&`, `=`, `+`, `%`, `#` and `;` are not among them. */
export const RAW_SAFE = "!$'()*,/:?@";
/** Characters that are data inside a value, though legacy parsers split on them (`;`) or at the last of them (`=`). */
export const RAW_IN_VALUES = ';=';

/** The UTF-8 bytes of one Unicode scalar value (1 to 4 bytes). */
export function utf8Bytes(codePoint: number): number[] {
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ];
}

function checkOptions(opts: EncodeFormOptions): void {
  for (const ch of opts.overEncode ?? '') {
    if (!UNRESERVED.test(ch)) {
      throw new Error(`encodeForm: overEncode takes unreserved characters only (A-Z a-z 0-9 - . _ ~), got ${JSON.stringify(ch)}`);
    }
  }
  for (const ch of opts.keepRaw ?? '') {
    if (!RAW_SAFE.includes(ch)) {
      throw new Error(`encodeForm: keepRaw takes characters of ${JSON.stringify(RAW_SAFE)} only, got ${JSON.stringify(ch)}`);
    }
  }
  for (const ch of opts.rawInValues ?? '') {
    if (!RAW_IN_VALUES.includes(ch)) {
      throw new Error(`encodeForm: rawInValues takes characters of ${JSON.stringify(RAW_IN_VALUES)} only, got ${JSON.stringify(ch)}`);
    }
  }
}

/**
 * Encodes parameters as an application/x-www-form-urlencoded body, in the given order,
 * repeats kept. Exact: each character outside the unreserved set becomes the escapes of its
 * UTF-8 bytes (an astral character gives four). Throws on a lone surrogate, which has no
 * UTF-8 form.
 */
export function encodeForm(params: FormParams, opts: EncodeFormOptions = {}): string {
  checkOptions(opts);
  // the generators encode every case they draw: one pass over UTF-16 code units, with tables
  // for ASCII (what stays as it is) and for the escapes, and no array per character
  const plain = opts.overEncode || opts.keepRaw ? new Uint8Array(AS_IS) : AS_IS;
  for (const ch of opts.overEncode ?? '') plain[ch.charCodeAt(0)] = 0;
  for (const ch of opts.keepRaw ?? '') plain[ch.charCodeAt(0)] = 1;
  let inValue: Uint8Array = plain;
  if (opts.rawInValues) {
    inValue = new Uint8Array(plain);
    for (const ch of opts.rawInValues) inValue[ch.charCodeAt(0)] = 1;
  }
  const rawNonAscii = opts.rawNonAscii === true;
  const space = opts.space === '%20' ? undefined : '+';
  const hexCase = opts.hexCase ?? 'upper';
  let escapes = 0;
  const percent = (byte: number): string => {
    const upper = hexCase === 'upper' || (hexCase === 'mixed' && escapes % 2 === 0);
    escapes++;
    return upper ? HEX_UPPER[byte]! : HEX_LOWER[byte]!;
  };
  const component = (text: string, asIs: Uint8Array): string => {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      let codePoint = text.charCodeAt(i);
      if (codePoint < 0x80) {
        if (codePoint === 0x20 && space) out += space;
        else if (asIs[codePoint] === 1) out += text[i];
        else out += percent(codePoint);
        continue;
      }
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
        const low = text.charCodeAt(i + 1);
        if (codePoint >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) {
          throw new Error(
            `encodeForm: lone surrogate U+${codePoint.toString(16).toUpperCase()} in ${JSON.stringify(text)} has no UTF-8 form`,
          );
        }
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
      if (rawNonAscii) out += String.fromCodePoint(codePoint);
      else for (const byte of utf8Bytes(codePoint)) out += percent(byte);
    }
    return out;
  };
  let body = '';
  for (let i = 0; i < params.length; i++) {
    const [name, value] = params[i]!;
    body += `${i > 0 ? '&' : ''}${component(name, plain)}=${component(value, inValue)}`;
  }
  return body;
}

/** ASCII characters written as they are by default: the unreserved ones (1), every other one escaped (0). */
const AS_IS = new Uint8Array(128);
for (let c = 0; c < 128; c++) AS_IS[c] = UNRESERVED.test(String.fromCharCode(c)) ? 1 : 0;
const HEX_UPPER = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`);
const HEX_LOWER = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).padStart(2, '0')}`);
