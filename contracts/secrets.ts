/**
 * The caller's secrets in every form a response can carry them, for the no-credential-leak judge
 * and for the redaction of every output (reports, HAR cassettes, terminal summary, curl lines).
 *
 * A matcher is built once per list of secrets (the auth token or API secret, and the base64 Basic
 * credentials): it knows each secret verbatim and in any letter case, as hex, and the base64 of it
 * at any alignment inside a longer base64 string (standard and URL-safe alphabets, padded or not;
 * the base64 of `sid:token` holds the token's base64 at one of the three alignments). Text that
 * holds an escape is decoded before it is searched, in as many layers as it takes (at most
 * MAX_LAYERS): JSON/JavaScript escapes (`\u0073`, `\u{73}`, `\x73`, `\/`, `\\`), percent escapes
 * (full or partial, either hex case, `%u0073`), HTML character references (decimal, hex, named),
 * and what a report writer strips (ANSI and C1 control sequences).
 * The Account SID is not a secret (responses echo it in account_sid) and is never given here.
 */

export const REDACTED = '[redacted]';

/** Shorter secrets are not searched for: they would match by chance. */
export const MIN_SECRET_LENGTH = 6;

/**
 * Why a value the caller hands over as a secret (a token, an API secret, a -H value) cannot be one,
 * or undefined: shorter than MIN_SECRET_LENGTH it could not be redacted from every output without
 * redacting half the text, so it is refused before anything is sent. The value is never named.
 */
export function tooShortToRedact(what: string, value: string): string | undefined {
  return value.length > 0 && value.length < MIN_SECRET_LENGTH
    ? `${what} is shorter than ${MIN_SECRET_LENGTH} characters: too short to redact reliably from every output; give the whole secret`
    : undefined;
}
/** Escape layers decoded at most (`%25` of `\u` of `&#…;` is three). */
const MAX_LAYERS = 6;

/** How a secret was found: what the judge's message names. */
export type SecretForm = 'verbatim' | 'in another letter case' | 'hex-encoded' | 'base64-encoded' | 'escaped (JSON, percent or HTML)';

export interface SecretMatcher {
  /** the form of the first secret the text carries, or undefined when it carries none */
  find(text: string): SecretForm | undefined;
  /** the text with every form of every secret replaced by `[redacted]` (a base64 run holding one: the whole run) */
  redact(text: string): string;
  /** the form of a secret the texts carry, each alone or read one after the other (a token split across two headers) */
  findAcross(parts: readonly string[]): SecretForm | undefined;
  /** each text redacted, and every piece of a secret the texts carry only together replaced by `[redacted]` */
  redactAcross(parts: readonly string[]): string[];
}

/** Header values (and names) with every secret redacted, one split across two values included. */
export function redactHeaderValues(headers: Readonly<Record<string, string>>, matcher: SecretMatcher): Record<string, string> {
  const names = Object.keys(headers);
  const values = matcher.redactAcross(names.map((n) => headers[n]!));
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    out[matcher.redact(n)] = values[i]!;
  });
  return out;
}

/**
 * Where an escape or a dropped piece can start (a class of a few characters is a fast scan): the
 * escapes, ESC and the C1 controls, a line break (MIME wraps base64 every 76 characters), and the
 * invisible characters a target can interleave (zero-width spaces and joiners, word joiner, BOM,
 * soft hyphen, bidi marks).
 */
const START = /[\\%&\r\n\u001b\u0090\u0098\u009b\u009d\u009e\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

const HAS_START = /[\\%&\r\n\u001b\u0090\u0098\u009b\u009d\u009e\u009f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Leading zeros a numeric escape may carry (`&#00000065;`, `\u{0041}`) and still be decoded. */
const ZEROS = 32;
/** The longest escape that can fail to decode at its start: a numeric reference with every leading zero allowed. */
const ESCAPE_MAX = 18 + ZEROS;

/**
 * The escape or dropped piece at a start. Groups: 1 `\u{…}`, 2 `\uXXXX`, 3 `\xXX`, 4 `\<char>`,
 * 5 `%uXXXX`, 6 a UTF-8 sequence of `%XX`, 7 `%XX`, 8 `&#x…;`, 9 `&#…;` (numeric ones with up to
 * ZEROS leading zeros), 10 `&name;`; no group: dropped — an ANSI or C1 control sequence, as the
 * report writers drop it (reports/text.ts `stripAnsi`: a secret split by one would be whole in a
 * report), an invisible character interleaved, or a line break (raw, or escaped `\r\n` as JSON
 * writes it) after a run of 16 base64 characters and before another (MIME wraps base64 every 76 characters, PEM every 64).
 */
const PIECE =
  /\\u\{0{0,32}([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([\\/])|%u([0-9a-fA-F]{4})|(%[cdCD][0-9a-fA-F]%[89abAB][0-9a-fA-F]|%[eE][0-9a-fA-F](?:%[89abAB][0-9a-fA-F]){2}|%[fF][0-7](?:%[89abAB][0-9a-fA-F]){3})|%([0-9a-fA-F]{2})|&#[xX]0{0,32}([0-9a-fA-F]{1,6});?|&#0{0,32}([0-9]{1,7});?|&([A-Za-z]{2,16});|[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|(?<=[A-Za-z0-9+/_-]{16})(?:\r?\n|(?:\\r)?\\n)(?=[A-Za-z0-9+/_-])|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[[0-?]*[ -/]*[@-~]?|\u001b[ -/]*[0-~]?|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c\u001b]*(?:\u0007|\u009c)?|\u009b[0-?]*[ -/]*[@-~]?/y;

/** The named character references for ASCII a secret or its base64 or percent form can hold. */
const NAMED: Record<string, string> = {
  amp: '&', AMP: '&', lt: '<', LT: '<', gt: '>', GT: '>', quot: '"', QUOT: '"', apos: "'",
  colon: ':', sol: '/', bsol: '\\', plus: '+', equals: '=', lowbar: '_', UnderBar: '_', period: '.',
  comma: ',', semi: ';', excl: '!', quest: '?', num: '#', dollar: '$', percnt: '%', commat: '@',
  lpar: '(', rpar: ')', ast: '*', midast: '*', lsqb: '[', lbrack: '[', rsqb: ']', rbrack: ']',
  lcub: '{', lbrace: '{', rcub: '}', rbrace: '}', verbar: '|', vert: '|', VerticalLine: '|',
  grave: '`', DiacriticalGrave: '`', Hat: '^', Tab: '\t', NewLine: '\n',
};

function codePoint(hex: string | undefined, dec: string | undefined): string | undefined {
  const n = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
  return n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined;
}

function utf8(escaped: string): string | undefined {
  try {
    return decodeURIComponent(escaped);
  } catch {
    return undefined;
  }
}

/** What one PIECE match decodes to ('' drops it; the match itself when it is no escape after all). */
function decodeOne(p: RegExpExecArray): string {
  const m = p[0];
  if (p[1] !== undefined) return codePoint(p[1], undefined) ?? m;
  if (p[2] !== undefined) return String.fromCharCode(Number.parseInt(p[2], 16));
  if (p[3] !== undefined) return String.fromCharCode(Number.parseInt(p[3], 16));
  if (p[4] !== undefined) return p[4];
  if (p[5] !== undefined) return String.fromCharCode(Number.parseInt(p[5], 16));
  if (p[6] !== undefined) return utf8(p[6]) ?? m;
  if (p[7] !== undefined) return String.fromCharCode(Number.parseInt(p[7], 16));
  if (p[8] !== undefined || p[9] !== undefined) return codePoint(p[8], p[9]) ?? m;
  if (p[10] !== undefined) return NAMED[p[10]] ?? m;
  return '';
}

/**
 * One layer of escapes decoded; undefined when the text holds none. With `from` (where each
 * character of `text` starts in the original, plus the original's length at the end), the same for
 * the result: a span [s, e) of the result is [from[s], from[e]) in the original.
 *
 * `again` says whether the result can hold an escape this layer did not decode: only where a
 * decoded piece brought a start character, or came right after a start character that did not
 * start an escape (no escape is longer than ESCAPE_MAX); the other starts fail again.
 * With `changes`, the start and end in the result of every decoded (or dropped: empty) piece, in order.
 */
function decodeLayer(text: string, from?: readonly number[], changes?: number[]): { text: string; from?: number[]; again: boolean } | undefined {
  const next: number[] | undefined = from ? [] : undefined;
  const parts: string[] = [];
  let last = 0;
  let outLength = 0;
  let failedAt = Number.NEGATIVE_INFINITY;
  let again = false;
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    PIECE.lastIndex = m.index;
    const p = PIECE.exec(text);
    const piece = p ? decodeOne(p) : undefined;
    if (p === null || piece === undefined || piece === p[0]) {
      failedAt = m.index;
      continue;
    }
    if (!again && (m.index - failedAt <= ESCAPE_MAX || HAS_START.test(piece))) again = true;
    parts.push(text.slice(last, m.index), piece);
    outLength += m.index - last;
    changes?.push(outLength, outLength + piece.length);
    outLength += piece.length;
    if (next && from) {
      for (let i = last; i < m.index; i++) next.push(from[i]!);
      for (let i = 0; i < piece.length; i++) next.push(from[m.index]!);
    }
    last = m.index + p[0].length;
    START.lastIndex = last;
  }
  if (last === 0) return undefined;
  parts.push(text.slice(last));
  const out = parts.join('');
  if (next && from) {
    for (let i = last; i <= text.length; i++) next.push(from[i]!);
    return { text: out, from: next, again };
  }
  return { text: out, again };
}

/**
 * The base64 of a secret at each of the three byte alignments, only the characters that depend on
 * the secret's bits alone: whatever surrounds it, a base64 text holding the secret holds one of these.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes, Buffer.alloc(2)]).toString('base64');
    // character i carries bits 6i..6i+5; the secret's bits are 8k..8(k+n)-1
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length) - 6) / 6);
    const core = encoded.slice(first, last + 1);
    if (core.length < MIN_SECRET_LENGTH) continue;
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

interface Needle {
  text: string;
  form: SecretForm;
  /** every occurrence, any letter case (verbatim and hex needles) */
  anyCase: RegExp;
  /** base64: a match stands for the whole base64 run around it */
  base64: boolean;
  /** only `anyCase` finds it (hex with separators): `text` is what it stands for, never searched as is */
  pattern?: true;
}

/** Between two hex digit pairs: `aa:bb`, `aa-bb`, `aa bb` (as MAC addresses, dumps and fingerprints write them). */
const HEX_SEPARATOR = '[:\\- ]';

/**
 * A secret that is the base64 of text holding another secret of the list (the Basic credentials
 * hold the token) needs no needles of its own: the other's base64 needles find it, at any alignment.
 */
function coveredByAnother(secret: string, secrets: readonly string[]): boolean {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(secret)) return false;
  const decoded = Buffer.from(secret, 'base64').toString('latin1');
  return secrets.some((other) => other !== secret && other.length >= MIN_SECRET_LENGTH && decoded.includes(other));
}

function needlesOf(secrets: readonly string[]): Needle[] {
  const out: Needle[] = [];
  const seen = new Set<string>();
  const add = (text: string, form: SecretForm, base64: boolean) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, form, base64, anyCase: new RegExp(escapeRegExp(text), base64 ? 'g' : 'gi') });
  };
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH || coveredByAnother(s, secrets)) continue;
    add(s, 'verbatim', false);
    const hex = Buffer.from(s, 'utf8').toString('hex');
    add(hex, 'hex-encoded', false);
    // the same pairs with a separator between each two
    out.push({ text: hex, form: 'hex-encoded', base64: false, pattern: true, anyCase: new RegExp(hex.match(/../g)!.map(anyCasePattern).join(HEX_SEPARATOR), 'g') });
    for (const core of base64Cores(s)) add(core, 'base64-encoded', true);
  }
  return out;
}

/** A needle as a pattern that matches it in any letter case, without the `i` flag (a slower scan). */
function anyCasePattern(text: string): string {
  let out = '';
  for (const c of text) {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    out += lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : escapeRegExp(c);
  }
  return out;
}

/**
 * The cheap first look, one pass over the text: every entry (the verbatim and hex needles; of each
 * base64 needle its longest run of letters and digits, the same in both alphabets) lower-cased and
 * the text's ASCII letters read lower-cased, so a needle in any letter case passes (a base64 one
 * in another case too: more texts through, never fewer). The text is sampled every `stride`
 * characters, where every entry is at least `stride + GRAM - 1` long: each occurrence of an entry
 * holds a sampled GRAM-character piece of it, looked up by its hash among every piece of every
 * entry; only around a hit is each entry searched. Hex with separators is one small pattern (its
 * first three pairs and their separators, any case); a needle beyond ASCII keeps its any-case
 * pattern. Every text holding a needle passes; only those are looked at closely.
 */
function prefilterOf(needles: readonly Needle[]): (text: string) => boolean {
  const entries = new Set<string>();
  const separated = new Set<string>();
  const unfolded = new Set<string>();
  for (const n of needles) {
    if (n.pattern) separated.add(n.text.slice(0, 6).match(/../g)!.join(HEX_SEPARATOR));
    else if (n.base64) {
      const runs = n.text.match(/[A-Za-z0-9]+/g) ?? [];
      const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
      entries.add((longest.length >= 12 ? longest : n.text).toLowerCase());
    } else if (/^[\x00-\x7f]*$/.test(n.text)) entries.add(n.text.toLowerCase());
    else unfolded.add(anyCasePattern(n.text));
  }
  const pieces = samplerOf(innermost(entries));
  const pattern = separated.size > 0 ? new RegExp([...separated].join('|'), 'i') : undefined;
  const other = unfolded.size > 0 ? new RegExp([...unfolded].join('|')) : undefined;
  return (text) => pieces(text) || (pattern?.test(text) ?? false) || (other?.test(text) ?? false);
}

/** The entries that hold no other entry (a text holding one that holds another holds that other). */
const innermost = (entries: ReadonlySet<string>): string[] => [...entries].filter((e) => ![...entries].some((o) => o !== e && e.includes(o)));

/** Characters of a sampled piece. */
const GRAM = 8;

/** A character code with ASCII capitals lower-cased (what toLowerCase does to ASCII, without copying the text). */
const folded = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

const hashAt = (text: string, at: number, length: number): number => {
  let h = 0;
  for (let i = at; i < at + length; i++) h = (Math.imul(h, 31) + folded(text.charCodeAt(i))) | 0;
  return h;
};

/** Whether the text holds the (lower-case) entry at `at`, ASCII letters in any case. */
const holdsAt = (text: string, entry: string, at: number): boolean => {
  if (at < 0 || at + entry.length > text.length) return false;
  for (let k = 0; k < entry.length; k++) if (folded(text.charCodeAt(at + k)) !== entry.charCodeAt(k)) return false;
  return true;
};

/** Whether a text holds one of the entries: sampled pieces looked up by hash, each hit checked where it puts an entry. */
function samplerOf(entries: readonly string[]): (text: string) => boolean {
  if (entries.length === 0) return () => false;
  const shortest = Math.min(...entries.map((e) => e.length));
  const gram = Math.min(GRAM, shortest);
  const stride = shortest - gram + 1;
  // each piece's hash: the entries holding it, and where
  const at = new Map<number, Array<readonly [string, number]>>();
  for (const e of entries) {
    for (let i = 0; i + gram <= e.length; i++) {
      const h = hashAt(e, i, gram);
      const list = at.get(h);
      if (list) list.push([e, i]);
      else at.set(h, [[e, i]]);
    }
  }
  return (text) => {
    for (let i = 0; i + gram <= text.length; i += stride) {
      const places = at.get(hashAt(text, i, gram));
      if (places?.some(([e, offset]) => holdsAt(text, e, i - offset))) return true;
    }
    return false;
  };
}

function firstForm(text: string, needles: readonly Needle[]): SecretForm | undefined {
  for (const n of needles) {
    if (!n.pattern && text.includes(n.text)) return n.form;
    if (n.base64) continue;
    n.anyCase.lastIndex = 0;
    if (n.anyCase.test(text)) return n.form === 'verbatim' ? 'in another letter case' : n.form;
  }
  return undefined;
}

/** Every span of the text that holds a secret, sorted, overlapping ones merged. */
function spansOf(text: string, needles: readonly Needle[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const n of needles) {
    n.anyCase.lastIndex = 0;
    for (let m = n.anyCase.exec(text); m; m = n.anyCase.exec(text)) {
      let start = m.index;
      let end = m.index + m[0].length;
      if (n.base64) {
        while (start > 0 && BASE64_CHAR.test(text[start - 1]!)) start--;
        while (end < text.length && BASE64_CHAR.test(text[end]!)) end++;
        while (end < text.length && text[end] === '=') end++;
      }
      spans.push([start, end]);
      n.anyCase.lastIndex = m.index + 1;
    }
  }
  return merge(spans);
}

function merge(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s[0] <= prev[1]) prev[1] = Math.max(prev[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function replaceSpans(text: string, spans: ReadonlyArray<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * The windows of a text `reach` characters wide on each side of every change (start, end pairs,
 * in order), merged; undefined when together they are half the text or more (the whole is searched).
 */
function windowsOf(changes: readonly number[], reach: number, length: number): Array<[number, number]> | undefined {
  const out: Array<[number, number]> = [];
  let total = 0;
  for (let i = 0; i < changes.length; i += 2) {
    const s = Math.max(0, changes[i]! - reach);
    const e = Math.min(length, changes[i + 1]! + reach);
    const prev = out[out.length - 1];
    if (prev && s <= prev[1]) {
      total += Math.max(0, e - prev[1]);
      prev[1] = Math.max(prev[1], e);
    } else {
      out.push([s, e]);
      total += e - s;
    }
    if (total * 2 >= length) return undefined;
  }
  return out;
}

/** Build the matcher of a list of secrets (entries shorter than MIN_SECRET_LENGTH are ignored). */
export function secretMatcher(secrets: readonly string[]): SecretMatcher {
  const needles = needlesOf(secrets);
  if (needles.length === 0) return { find: () => undefined, redact: (text) => text, findAcross: () => undefined, redactAcross: (parts) => [...parts] };
  const any = prefilterOf(needles);

  // the longest text a needle matches: a window that wide around a decoded piece holds every match overlapping it
  const reach = Math.max(...needles.map((n) => (n.pattern ? Math.ceil(n.text.length * 1.5) : n.text.length)));
  const holds = (text: string): SecretForm | undefined => (any(text) ? firstForm(text, needles) : undefined);

  /**
   * A secret may show at any layer (a later one can decode part of it away): each layer is
   * searched. A match that shows at a layer and not at the one before overlaps a piece that layer
   * decoded (elsewhere the text is the one before's, searched already): past the first layer, only
   * the windows around the decoded pieces are searched, while they are less than the whole.
   */
  const find = (text: string): SecretForm | undefined => {
    let cur = text;
    let more = true;
    let windows: Array<[number, number]> | undefined;
    for (let layer = 0; layer <= MAX_LAYERS; layer++) {
      const form = windows === undefined ? holds(cur) : windows.some(([s, e]) => holds(cur.slice(s, e)) !== undefined) ? 'escaped (JSON, percent or HTML)' : undefined;
      if (form) return layer === 0 ? form : 'escaped (JSON, percent or HTML)';
      if (!more) return undefined;
      const changes: number[] = [];
      const next: ReturnType<typeof decodeLayer> = layer < MAX_LAYERS ? decodeLayer(cur, undefined, changes) : undefined;
      if (!next) return undefined;
      cur = next.text;
      more = next.again;
      windows = windowsOf(changes, reach, cur.length);
    }
    return undefined;
  };

  /** Every span of the original text that holds a secret, at any layer, merged. */
  const secretSpans = (text: string): Array<[number, number]> => {
    let cur = text;
    let from: number[] = Array.from({ length: text.length + 1 }, (_, i) => i);
    let more = true;
    const spans: Array<[number, number]> = [];
    for (let layer = 0; layer <= MAX_LAYERS; layer++) {
      for (const [s, e] of spansOf(cur, needles)) spans.push([from[s]!, from[e]!]);
      const next: ReturnType<typeof decodeLayer> = more && layer < MAX_LAYERS ? decodeLayer(cur, from) : undefined;
      if (!next) break;
      cur = next.text;
      from = next.from!;
      more = next.again;
    }
    return merge(spans);
  };

  const redactOnce = (text: string): string => {
    const spans = secretSpans(text);
    return spans.length === 0 ? text : replaceSpans(text, spans);
  };

  const redact = (text: string): string => {
    if (!find(text)) return text;
    let out = text;
    // what a removed span leaves can decode differently: again until nothing is found
    for (let round = 0; round < 4 && find(out); round++) out = redactOnce(out);
    // never seen; should a form survive every round, nothing of the text is kept
    return find(out) ? REDACTED : out;
  };

  const findAcross = (parts: readonly string[]): SecretForm | undefined => {
    for (const part of parts) {
      const form = find(part);
      if (form) return form;
    }
    return parts.length > 1 ? find(parts.join('')) : undefined;
  };

  const redactAcross = (parts: readonly string[]): string[] => {
    const out = parts.map(redact);
    if (out.length < 2) return out;
    for (let round = 0; round < 4 && find(out.join('')); round++) {
      // each span of the texts read together: the piece of every text under it becomes [redacted]
      const spans = secretSpans(out.join(''));
      let at = 0;
      for (let i = 0; i < out.length; i++) {
        const start = at;
        const end = at + out[i]!.length;
        at = end;
        const inside = spans.filter(([s, e]) => s < end && e > start).map(([s, e]): [number, number] => [Math.max(s, start) - start, Math.min(e, end) - start]);
        if (inside.length > 0) out[i] = replaceSpans(out[i]!, inside);
      }
    }
    // never seen; should the texts still hold one together, none of them is kept
    return find(out.join('')) ? out.map(() => REDACTED) : out;
  };

  return { find, redact, findAcross, redactAcross };
}

const byList = new WeakMap<readonly string[], SecretMatcher>();
const byText = new Map<string, SecretMatcher>();

/** The matcher of a list of secrets, built once per list (the same list object, or equal contents). */
export function matcherFor(secrets: readonly string[]): SecretMatcher {
  let m = byList.get(secrets);
  if (m) return m;
  const key = secrets.join('\n');
  m = byText.get(key);
  if (!m) {
    m = secretMatcher(secrets);
    if (byText.size >= 32) byText.clear();
    byText.set(key, m);
  }
  byList.set(secrets, m);
  return m;
}

/** Every string of a JSON-like value (object keys included) redacted; the value itself is not changed. */
export function redactDeep<T>(value: T, matcher: SecretMatcher): T {
  if (typeof value === 'string') return matcher.redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, matcher)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[matcher.redact(k)] = redactDeep(v, matcher);
    return out as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The secrets this process has used: the writers' last line of defence

const known: string[] = [];

/**
 * Remember secrets this process sends (engine/transport/credentials.ts `secretsOf` does, for every run), so
 * that a writer redacts them from whatever report it is given, even from a field nobody redacted.
 */
export function rememberSecrets(secrets: readonly string[]): void {
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH || known.includes(s)) continue;
    if (known.length >= 64) known.shift();
    known.push(s);
  }
}

/** The matcher of every secret this process has used (none: a matcher that finds nothing). */
export function knownSecretsMatcher(): SecretMatcher {
  return matcherFor(known.slice());
}
