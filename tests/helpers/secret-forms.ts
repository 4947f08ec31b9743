/**
 * The encodings a hostile target may echo a credential in, and a scanner that finds a credential
 * in a written file whatever the encoding. Both are written here independently of
 * contracts/secrets.ts (plain replace loops, base64 decoded at every offset), so a test that uses
 * them does not check the module against itself.
 */

export interface Credential {
  sid: string;
  token: string;
}

const hex2 = (c: string, upper = false) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const urlSafe = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_');
const unpadded = (s: string) => s.replace(/=+$/, '');
const each = (s: string, f: (c: string, i: number) => string) => [...s].map(f).join('');
const hexPairs = (s: string) => Buffer.from(s).toString('hex').match(/../g)!;

/** How the target spells the credential. `header: false`: not a valid header value (body only). */
export interface SecretForm {
  name: string;
  encode: (c: Credential) => string;
  header?: false;
}

export const SECRET_FORMS: readonly SecretForm[] = [
  { name: 'verbatim', encode: (c) => c.token },
  { name: 'upper case', encode: (c) => c.token.toUpperCase() },
  { name: 'mixed case', encode: (c) => each(c.token, (ch, i) => (i % 2 ? ch.toUpperCase() : ch.toLowerCase())) },
  { name: 'JSON \\u escapes, every character', encode: (c) => each(c.token, (ch) => `\\u00${hex2(ch)}`) },
  { name: 'JSON \\u escapes, every other character, upper hex', encode: (c) => each(c.token, (ch, i) => (i % 2 ? `\\u00${hex2(ch, true)}` : ch)) },
  { name: 'JSON \\u escapes inside a JSON string (double-escaped)', encode: (c) => each(c.token, (ch) => `\\\\u00${hex2(ch)}`) },
  { name: 'percent, every character, upper hex', encode: (c) => each(c.token, (ch) => `%${hex2(ch, true)}`) },
  { name: 'percent, every character, lower hex', encode: (c) => each(c.token, (ch) => `%${hex2(ch)}`) },
  { name: 'percent, every third character', encode: (c) => each(c.token, (ch, i) => (i % 3 === 1 ? `%${hex2(ch)}` : ch)) },
  { name: 'percent twice (%25)', encode: (c) => each(c.token, (ch) => `%25${hex2(ch, true)}`) },
  { name: 'base64 of the token, padded', encode: (c) => b64(c.token) },
  { name: 'base64url of the token, unpadded', encode: (c) => unpadded(urlSafe(b64(`${c.token}`))) },
  { name: 'base64 of sid:token (the Basic credential)', encode: (c) => b64(`${c.sid}:${c.token}`) },
  { name: 'base64url of sid:token, unpadded', encode: (c) => unpadded(urlSafe(b64(`${c.sid}:${c.token}`))) },
  { name: 'base64 of the token one byte into a longer text', encode: (c) => b64(`x${c.token}yz!`) },
  { name: 'base64url of the token two bytes into a longer text', encode: (c) => unpadded(urlSafe(b64(`{"t":"${c.token}"}`))) },
  { name: 'base64 of sid:token, percent-encoded (%2B %2F %3D)', encode: (c) => encodeURIComponent(b64(`${c.sid}:${c.token}?>`)) },
  { name: 'HTML decimal references', encode: (c) => each(c.token, (ch) => `&#${ch.charCodeAt(0)};`) },
  { name: 'HTML hex references', encode: (c) => each(c.token, (ch) => `&#X${hex2(ch, true)};`) },
  { name: 'HTML named reference &percnt; of a percent-encoding', encode: (c) => each(c.token, (ch) => `&percnt;${hex2(ch)}`) },
  {
    name: 'HTML named references &plus; &sol; &equals; in base64',
    encode: (c) => b64(`${c.sid}:${c.token}~?>`).replace(/\+/g, '&plus;').replace(/\//g, '&sol;').replace(/=/g, '&equals;'),
  },
  { name: 'HTML references of JSON escapes (&#92;u0061)', encode: (c) => each(c.token, (ch) => `&#92;u00${hex2(ch)}`) },
  { name: 'hex of the token', encode: (c) => Buffer.from(c.token).toString('hex') },
  { name: 'split by ANSI sequences a report writer strips', encode: (c) => each(c.token, (ch, i) => (i % 4 === 3 ? `${ch}\u001b[0m` : ch)), header: false },
  {
    // 62 bytes of padding put the token's base64 across the first line break
    name: 'MIME base64 of sid:token, a line break every 76 characters',
    encode: (c) => b64(`${'x'.repeat(62)}${c.sid}:${c.token}${'y'.repeat(30)}`).replace(/(.{76})/g, '$1\r\n'),
    header: false,
  },
  { name: 'hex with colons (aa:bb)', encode: (c) => hexPairs(c.token).join(':') },
  { name: 'hex with dashes, upper case (AA-BB)', encode: (c) => hexPairs(c.token).join('-').toUpperCase() },
  { name: 'hex with spaces (aa bb)', encode: (c) => hexPairs(c.token).join(' ') },
  { name: 'HTML decimal references, zero-padded (&#0000000097;)', encode: (c) => each(c.token, (ch) => `&#${String(ch.charCodeAt(0)).padStart(10, '0')};`) },
  { name: 'HTML hex references, zero-padded (&#x00000061;)', encode: (c) => each(c.token, (ch) => `&#x${hex2(ch).padStart(8, '0')};`) },
  { name: 'zero-width characters interleaved', encode: (c) => each(c.token, (ch, i) => `${ch}${ZERO_WIDTH[i % ZERO_WIDTH.length]}`), header: false },
];

/** Characters that show as nothing: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen. */
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

// ---------------------------------------------------------------------------------------------
// The scanner

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", percnt: '%', plus: '+', sol: '/', equals: '=', colon: ':' };

/** One round of every unescaping a report format or a hostile target may have applied. */
function unescapeOnce(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/([A-Za-z0-9+/=])\r?\n(?=[A-Za-z0-9+/])/g, '$1')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/&#[xX]([0-9a-fA-F]+);?/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#([0-9]+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&([a-zA-Z]+);/g, (m, n: string) => NAMED[n] ?? m)
    // a \u after a backslash is an escaped backslash and a "u": the next round decodes it
    .replace(/(?<!\\)\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/\\([\\/"_`*[\]()#!|~$&<>{}.+-])/g, '$1')
    .replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** Every layer of a text, from as written to fully unescaped. */
function layersOf(text: string): string[] {
  const out = [text];
  for (let i = 0; i < 8; i++) {
    const next = unescapeOnce(out[out.length - 1]!);
    if (next === out[out.length - 1]) break;
    out.push(next);
  }
  return out;
}

/** The bytes every base64 run of a text decodes to, read from each of its four offsets, in both alphabets. */
function base64Decodings(text: string): string[] {
  const out: string[] = [];
  // a MIME line break (raw, or escaped as in JSON) inside a run joins it with the next line
  const joined = text.replace(/(?<=[A-Za-z0-9+/_-])(?:\r?\n|\\r\\n|\\n)(?=[A-Za-z0-9+/_-])/g, '');
  for (const run of `${text} ${joined}`.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let offset = 0; offset < 4; offset++) out.push(Buffer.from(standard.slice(offset), 'base64').toString('latin1'));
  }
  return out;
}

/**
 * Where a text reveals the credential: the token in any letter case, or as hex, in any layer of
 * unescaping, or inside the base64 decoding of any run of any layer. Empty when it reveals nothing.
 */
export function revealed(text: string, c: Credential): string[] {
  const token = c.token.toLowerCase();
  const hex = Buffer.from(c.token).toString('hex');
  const found: string[] = [];
  layersOf(text).forEach((layer, i) => {
    const lower = layer.toLowerCase();
    if (lower.includes(token)) found.push(`layer ${i}: the token`);
    if (lower.includes(hex) || lower.replace(/([0-9a-f]{2})[:\- ](?=[0-9a-f]{2})/g, '$1').includes(hex)) found.push(`layer ${i}: its hex`);
    if (base64Decodings(layer).some((d) => d.toLowerCase().includes(token))) found.push(`layer ${i}: in base64`);
  });
  return found;
}
