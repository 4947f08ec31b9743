/**
 * The grammars the sources give for what an answer carries, parsed exactly: a media type
 * (RFC 9110 §8.3.1), an HTTP-date (RFC 9110 §5.6.7), the challenges of WWW-Authenticate
 * (RFC 9110 §11.6.1, lists as §5.6.1) and what of a JSON text is grammatical but not
 * interoperable (RFC 8259 §6, §8.2). Pure functions; contracts/answer.ts derives each once per answer.
 */

// RFC 9110 §5.6.2: tchar
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const OWS = /^[ \t]*/;

/** A quoted-string (RFC 9110 §5.6.4) at the start of `s`: its value and length, or undefined. */
function quotedString(s: string): { value: string; length: number } | undefined {
  if (s[0] !== '"') return undefined;
  let value = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return { value, length: i + 1 };
    if (c === '\\') {
      const next = s[i + 1];
      // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
      if (next === undefined || !/[\t\x20-\x7e\x80-\xff]/.test(next)) return undefined;
      value += next;
      i++;
    } else if (/[\t\x20-\x7e\x80-\xff]/.test(c)) value += c;
    else return undefined;
  }
  return undefined;
}

export interface MediaType {
  /** `type/subtype`, lower case (both are case-insensitive) */
  essence: string;
  /** parameters by lower-case name (names are case-insensitive), values as sent (quotes removed) */
  params: ReadonlyMap<string, string>;
}

/**
 * A Content-Type value as a media type (RFC 9110 §8.3.1):
 * `type "/" subtype *( OWS ";" OWS [ parameter ] )`, `parameter = token "=" ( token / quoted-string )`.
 * A string naming what is wrong when the value is no media type.
 */
export function parseMediaType(value: string): MediaType | string {
  let s = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const type = TOKEN.exec(s)?.[0];
  if (!type || s[type.length] !== '/') return 'no type/subtype';
  s = s.slice(type.length + 1);
  const subtype = TOKEN.exec(s)?.[0];
  if (!subtype) return 'no subtype after the /';
  s = s.slice(subtype.length);
  const params = new Map<string, string>();
  while (s.length > 0) {
    s = s.slice(OWS.exec(s)![0].length);
    if (s[0] !== ';') return `${JSON.stringify(s)} where a ; or the end was expected`;
    s = s.slice(1);
    s = s.slice(OWS.exec(s)![0].length);
    if (s === '' || s[0] === ';') continue;
    const name = TOKEN.exec(s)?.[0];
    if (!name || s[name.length] !== '=') return `the parameter ${JSON.stringify(s.split(';')[0])} is not name=value`;
    s = s.slice(name.length + 1);
    const token = TOKEN.exec(s)?.[0];
    const quoted = token ? undefined : quotedString(s);
    if (!token && !quoted) return `the parameter ${name} has no value (a token or a quoted string)`;
    // the first occurrence counts; a repeat is unusual but not forbidden by the grammar
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, token ?? quoted!.value);
    s = s.slice(token ? token.length : quoted!.length);
  }
  return { essence: `${type}/${subtype}`.toLowerCase(), params };
}

/** Which of the three forms of RFC 9110 §5.6.7 an HTTP-date was written in. */
export type HttpDateForm = 'IMF-fixdate' | 'rfc850-date' | 'asctime-date';

export interface HttpDate {
  /** the instant, ms since the epoch */
  ms: number;
  form: HttpDateForm;
  /** false when the day name is not the weekday of the date */
  weekdayRight: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '([0-9]{2}):([0-9]{2}):([0-9]{2})';
const MONTH = `(${MONTHS.join('|')})`;
// HTTP-date is case-sensitive (RFC 9110 §5.6.7)
const IMF = new RegExp(`^(${DAYS.join('|')}), ([0-9]{2}) ${MONTH} ([0-9]{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^(${DAYS_LONG.join('|')}), ([0-9]{2})-${MONTH}-([0-9]{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(${DAYS.join('|')}) ${MONTH} ([0-9]{2}| [0-9]) ${TIME} ([0-9]{4})$`);

function instant(year: number, month: number, day: number, h: number, m: number, s: number): number | undefined {
  if (h > 23 || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59)) + (s === 60 ? 1000 : 0);
  // a day the month does not have (31 Feb) rolls over: no such date
  const d = new Date(Date.UTC(year, month, day));
  return d.getUTCMonth() === month && d.getUTCDate() === day && d.getUTCFullYear() === year ? ms : undefined;
}

/**
 * An HTTP-date (RFC 9110 §5.6.7) in any of the three forms a recipient must accept: IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete rfc850-date (`Sunday, 06-Nov-94 08:49:37 GMT`:
 * a two-digit year more than 50 years ahead of `now` is the latest past year ending in those
 * digits) and asctime-date (`Sun Nov  6 08:49:37 1994`). Undefined when it is none of them.
 */
export function parseHttpDate(value: string, now = Date.now()): HttpDate | undefined {
  let m = IMF.exec(value);
  if (m) return dateOf('IMF-fixdate', DAYS.indexOf(m[1]!), +m[4]!, MONTHS.indexOf(m[3]!), +m[2]!, m.slice(5, 8));
  m = RFC850.exec(value);
  if (m) {
    const nowYear = new Date(now).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + +m[4]!;
    if (year > nowYear + 50) year -= 100;
    else if (year < nowYear - 50) year += 100;
    return dateOf('rfc850-date', DAYS_LONG.indexOf(m[1]!), year, MONTHS.indexOf(m[3]!), +m[2]!, m.slice(5, 8));
  }
  m = ASCTIME.exec(value);
  if (m) return dateOf('asctime-date', DAYS.indexOf(m[1]!), +m[7]!, MONTHS.indexOf(m[2]!), +m[3]!.trim(), m.slice(4, 7));
  return undefined;
}

function dateOf(form: HttpDateForm, weekday: number, year: number, month: number, day: number, time: string[]): HttpDate | undefined {
  const ms = instant(year, month, day, +time[0]!, +time[1]!, +time[2]!);
  if (ms === undefined) return undefined;
  return { ms, form, weekdayRight: new Date(Date.UTC(year, month, day)).getUTCDay() === weekday };
}

export interface Challenge {
  /** the auth-scheme as sent (compare case-insensitively, RFC 9110 §11.1) */
  scheme: string;
  token68?: string;
  /** auth-params by lower-case name */
  params: ReadonlyMap<string, string>;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * The challenges of a WWW-Authenticate value (RFC 9110 §11.6.1):
 * `#challenge`, `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`,
 * `auth-param = token BWS "=" BWS ( token / quoted-string )`. Challenges and auth-params are both
 * comma-separated, and empty list elements are allowed (§5.6.1): after a comma, a token followed
 * by `=` is a parameter of the same challenge, any other token starts the next challenge.
 * A string naming what is wrong when the value does not parse.
 */
export function parseChallenges(value: string): Challenge[] | string {
  const challenges: Challenge[] = [];
  let s = value;
  const skipSeparators = () => {
    for (;;) {
      const ws = OWS.exec(s)![0].length;
      if (s[ws] === ',') s = s.slice(ws + 1);
      else {
        s = s.slice(ws);
        return;
      }
    }
  };
  /** an auth-param at the start of s, or undefined */
  const param = (): [string, string, number] | undefined => {
    const name = TOKEN.exec(s)?.[0];
    if (!name) return undefined;
    const bws = OWS.exec(s.slice(name.length))![0].length;
    if (s[name.length + bws] !== '=') return undefined;
    let rest = s.slice(name.length + bws + 1);
    const bws2 = OWS.exec(rest)![0].length;
    rest = rest.slice(bws2);
    const token = TOKEN.exec(rest)?.[0];
    const quoted = token ? undefined : quotedString(rest);
    if (!token && !quoted) return undefined;
    const length = name.length + bws + 1 + bws2 + (token ? token.length : quoted!.length);
    return [name.toLowerCase(), token ?? quoted!.value, length];
  };
  skipSeparators();
  if (s === '') return 'no challenge';
  while (s !== '') {
    const scheme = TOKEN.exec(s)?.[0];
    if (!scheme) return `${JSON.stringify(s)} where an auth-scheme was expected`;
    s = s.slice(scheme.length);
    const challenge: { scheme: string; token68?: string; params: Map<string, string> } = { scheme, params: new Map() };
    challenges.push(challenge);
    const sp = /^ +/.exec(s)?.[0].length ?? 0;
    const after = s.slice(sp);
    if (sp === 0 || after === '' || /^[ \t]*,/.test(after)) {
      if (sp === 0 && s !== '' && !/^[ \t]*,/.test(s)) return `${JSON.stringify(s)} after the auth-scheme ${scheme}`;
      skipSeparators();
      continue;
    }
    s = after;
    const t68 = TOKEN68.exec(s)?.[0];
    if (t68 && (s.length === t68.length || /^[ \t]*(,|$)/.test(s.slice(t68.length))) && !param()) {
      challenge.token68 = t68;
      s = s.slice(t68.length);
      skipSeparators();
      continue;
    }
    // #auth-param: at least one, then more after commas while a token is followed by "="
    for (;;) {
      const p = param();
      if (!p) return `${JSON.stringify(s)} where an auth-param (name=value) of ${scheme} was expected`;
      if (!challenge.params.has(p[0])) challenge.params.set(p[0], p[1]);
      s = s.slice(p[2]);
      const ws = OWS.exec(s)![0].length;
      if (s.slice(ws) === '') {
        s = '';
        break;
      }
      if (s[ws] !== ',') return `${JSON.stringify(s.slice(ws))} after the auth-param ${p[0]} of ${scheme}: a , was expected`;
      skipSeparators();
      if (s === '' || !param()) break;
    }
  }
  return challenges;
}

/**
 * What of a JSON text the grammar admits but RFC 8259 calls not interoperable, if anything: a
 * string with an unpaired surrogate escape (§8.2: "\uDEAD"), or a number beyond what IEEE 754
 * binary64 holds (§6: its magnitude overflows, or an integer beyond ±(2^53−1) loses digits).
 * `JSON.parse` itself accepts exactly the RFC 8259 grammar (ECMA-262 §25.5.1 parses ECMA-404's);
 * these are what it reads silently differently from what was written.
 */
export function jsonInteropIssue(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        // raw text: decoded from UTF-8, it holds no unpaired surrogate
        if (text[i] !== '\\') continue;
        i++;
        if (text[i] !== 'u') continue;
        const unit = Number.parseInt(text.slice(i + 1, i + 5), 16);
        i += 4;
        if (unit >= 0xdc00 && unit <= 0xdfff) return `the string escape \\u${unit.toString(16)} is an unpaired low surrogate`;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const next = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(text.slice(i + 1));
          if (!next) return `the string escape \\u${unit.toString(16)} is an unpaired high surrogate`;
          i += 6;
        }
      }
    } else if (c === '-' || (c! >= '0' && c! <= '9')) {
      const literal = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))![0];
      i += literal.length - 1;
      const n = Number(literal);
      if (!Number.isFinite(n)) return `the number ${literal} is beyond what IEEE 754 binary64 holds`;
      if (/^-?[0-9]+$/.test(literal) && !Number.isSafeInteger(n)) return `the integer ${literal} is beyond ±(2^53−1): it reads as ${n}`;
    }
  }
  return undefined;
}
