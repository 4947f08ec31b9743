import type { FaultName } from './faults.ts';

/** The truncates-body-64k fault: how much of a body a handler that keeps only the first chunk reads. */
export const FIRST_CHUNK_BYTES = 64 * 1024;

/** The form-max-keys-1000 fault: how many pairs Node's querystring.parse reads by default (maxKeys). */
export const MAX_KEYS = 1000;

/**
 * Reading request bodies. Only application/x-www-form-urlencoded is read, with URLSearchParams
 * semantics (WHATWG URL): split on `&` only, `+` is a space, percent-escapes of either case decode
 * once as UTF-8 (raw UTF-8 too), a bad escape stays literal, a leading byte order mark is data.
 */
export function parseForm(body: string, fault: FaultName | null = null): URLSearchParams {
  // plus-not-space: a literal + survives decoding
  if (fault === 'plus-not-space') return new URLSearchParams(body.replaceAll('+', '%2B'));
  if (fault === 'semicolon-separator') return new URLSearchParams(body.replaceAll(';', '&'));
  // form-body-trimmed: the raw body read as text and stripped before it is parsed (Flask's request.get_data(as_text=True).strip()):
  // a file's last line break, sent by curl --data-binary @file, is cut from the last value
  if (fault === 'form-body-trimmed') return new URLSearchParams(body.trim());
  // form-max-keys-1000: querystring.parse(body) with its default { maxKeys: 1000 }: the pairs past the 1,000th are dropped unread
  if (fault === 'form-max-keys-1000') return new URLSearchParams(body.split('&').slice(0, MAX_KEYS).join('&'));
  // a strict decoder: throws URIError on escapes that are not UTF-8
  if (fault === 'crash-on-bad-utf8') decodeStrictly(body);
  if (fault === 'plus-after-percent-decode') return handRolled(body, (text) => percentDecode(text, UPPER_OR_LOWER).replaceAll('+', ' '));
  if (fault === 'upper-hex-only') return handRolled(body, (text) => percentDecode(text.replaceAll('+', ' '), UPPER_ONLY));
  if (fault === 'form-percent-u-escapes') return handRolled(body, (text) => percentDecode(percentU(text.replaceAll('+', ' ')), UPPER_OR_LOWER));
  // the body read as a 'binary' (Latin-1) string: raw UTF-8 bytes become one character each
  if (fault === 'raw-bytes-latin1') return new URLSearchParams(Buffer.from(body, 'utf8').toString('latin1'));
  const params = new URLSearchParams(body);
  // form-name-leading-spaces-dropped: PHP's $_POST (php_register_variable_ex) drops the spaces a name starts with and turns spaces and dots in it into _
  if (fault === 'form-name-leading-spaces-dropped') return renamed(params, (name) => name.replace(/^ +/, '').replace(/[ .]/g, '_'));
  if (fault === 'strips-leading-bom') return mapped(params, (text) => text.replace(/^\ufeff/, ''));
  if (fault === 'double-decode') return mapped(params, decodeOnceMore);
  if (fault === 'html-entities-decoded') return mapped(params, unescapeHtml);
  return params;
}

/** The html-entities-decoded fault: the named references a sanitizer knows (he.decode and html.unescape know these and many more). */
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', eacute: '\u00e9' };

/** An input "sanitizer" run on every value (he.decode, Python's html.unescape): character references read as the characters they name. */
function unescapeHtml(value: string): string {
  return value.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]+);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/**
 * The form-charset-honoured fault: the values read again in the charset the Content-Type names (a
 * framework that sets the request's encoding from the label), when it is a known one other than UTF-8.
 */
export function relabelled(params: URLSearchParams, contentType: string | undefined): URLSearchParams {
  const label = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (label === undefined || label === 'utf-8' || label === 'utf8') return params;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return params;
  }
  return mapped(params, (text) => decoder.decode(Buffer.from(text, 'utf8')));
}

function renamed(params: URLSearchParams, change: (name: string) => string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of params) out.append(change(name), value);
  return out;
}

function mapped(params: URLSearchParams, change: (value: string) => string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of params) out.append(name, change(value));
  return out;
}

function decodeOnceMore(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const UPPER_OR_LOWER = /^%[0-9A-Fa-f]{2}$/;
const UPPER_ONLY = /^%[0-9A-F]{2}$/;

/** A decoder of the kind the decoding faults ship: split on `&`, each pair at its first `=`, then `decode` both. */
function handRolled(body: string, decode: (text: string) => string): URLSearchParams {
  const params = new URLSearchParams();
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    params.append(decode(eq < 0 ? piece : piece.slice(0, eq)), decode(eq < 0 ? '' : piece.slice(eq + 1)));
  }
  return params;
}

/**
 * The update-form-equals-split fault: a hand-written parser's const [name, value] = pair.split('='):
 * a value is cut at its first raw = (what follows the second = dropped), each part decoded as the
 * WHATWG parser decodes it.
 */
export function splitAtEveryEquals(body: string): URLSearchParams {
  const params = new URLSearchParams();
  const decode = (text: string) => percentDecode(text.replaceAll('+', ' '), UPPER_OR_LOWER);
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const [name = '', value = ''] = piece.split('=');
    params.append(decode(name), decode(value));
  }
  return params;
}

/**
 * The update-crash-on-bad-utf8 fault (and crash-on-bad-utf8): a strict decoder, decodeURIComponent on
 * each piece of the body, throws URIError on escapes that are not UTF-8.
 */
export function decodeStrictly(body: string): void {
  for (const piece of body.split('&')) decodeURIComponent(piece.replaceAll('+', ' '));
}

/**
 * The form-percent-u-escapes fault: JavaScript escape()'s %uXXXX read as the UTF-16 unit it names
 * (ASP.NET's HttpUtility.UrlDecode), in the same pass as the %XX escapes; a lone surrogate is U+FFFD.
 */
function percentU(text: string): string {
  return text.replace(/%u([0-9A-Fa-f]{4})/g, (_, hex: string) => {
    const unit = Number.parseInt(hex, 16);
    return encodeURIComponent(unit >= 0xd800 && unit <= 0xdfff ? '\ufffd' : String.fromCharCode(unit));
  });
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Escapes that match `escapes` as bytes, every other character as its UTF-8 bytes, the whole read as UTF-8. */
function percentDecode(text: string, escapes: RegExp): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const three = text.slice(i, i + 3);
    if (escapes.test(three)) {
      bytes.push(Number.parseInt(three.slice(1), 16));
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    bytes.push(...Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  return UTF8.decode(Uint8Array.from(bytes));
}

/** The reads-json fault: a JSON object's members as parameters (non-strings as their JSON text). */
export function paramsFromJson(body: string): URLSearchParams {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return new URLSearchParams();
  }
  const params = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, v] of Object.entries(value)) params.append(name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return params;
}

/**
 * The form-labelled-json-body-read fault: a shim for clients that post JSON under the form type
 * (jQuery.ajax's default contentType) reads a form body that starts with `{` as JSON when it parses
 * as an object; undefined when it does not (then it is read as the form it is labelled).
 */
export function jsonUnderFormType(body: string): URLSearchParams | undefined {
  if (!/^\s*\{/.test(body)) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? paramsFromJson(body) : undefined;
  } catch {
    return undefined;
  }
}
