/**
 * One HTTP answer, read once. The transport decodes the body and parses its JSON once
 * (engine/transport/http.ts); everything a rule derives from the answer beyond that — the media
 * type, the Date header, the challenges of a 401, a repeated member name — is derived here, the
 * first time some rule asks, and shared by every rule that reads the same answer. Headers are
 * parsed by the grammar their source gives (contracts/grammar.ts), never by a looser reading.
 */
import type { FollowUp, ReceivedResponse } from './exchange.ts';
import { type Challenge, type HttpDate, jsonInteropIssue, type MediaType, parseChallenges, parseHttpDate, parseMediaType } from './grammar.ts';

export type { Challenge, HttpDate, MediaType } from './grammar.ts';

/**
 * The deepest nesting of arrays and objects the tool reads in an answer. RFC 8259 §9 lets a parser
 * limit it; every rule then walks what it reads without a recursion limit of its own to reach
 * (serde_json's default is the same 128).
 */
export const MAX_JSON_DEPTH = 128;

/**
 * How deep a JSON text nests its arrays and objects (counted no further than `limit + 1`), how many
 * member names its objects hold (the colons outside strings) and whether one of those names holds
 * an escape: one pass, no recursion, what is inside strings skipped.
 */
export function jsonShape(text: string, limit = Number.POSITIVE_INFINITY): { depth: number; members: number; escapedName: boolean } {
  let depth = 0;
  let max = 0;
  let members = 0;
  let escapedName = false;
  let lastEscaped = false;
  let nextBackslash = -2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      // the next backslash at or after the string's start (-1: none left), found once for all strings before it
      if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
      lastEscaped = nextBackslash !== -1 && nextBackslash < end;
      i = end;
    } else if (c === 0x3a) {
      members++;
      if (lastEscaped) escapedName = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) break;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return { depth: max, members, escapedName };
}

/** Where the string that opens at `open` closes: its quote not escaped by an odd run of backslashes (the text's end when none). */
function stringEnd(text: string, open: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let b = quote - 1;
    while (b > open && text.charCodeAt(b) === 0x5c) b--;
    if ((quote - 1 - b) % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** How deep a JSON text nests its arrays and objects, counted no further than `limit + 1`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  return jsonShape(text, limit).depth;
}

/** Why a body nesting deeper than MAX_JSON_DEPTH is not read (what the rules then judge it as). */
export const TOO_DEEP = `the body nests deeper than ${MAX_JSON_DEPTH} levels: judged as a body that is not JSON (RFC 8259 §9 lets a parser limit nesting; the tool reads ${MAX_JSON_DEPTH})`;

/**
 * A body read as JSON, once: the value and how many member names the text holds (none when a name
 * holds an escape), or why it is not JSON. Bounded whatever the target sends: a body nested deeper than MAX_JSON_DEPTH is not parsed
 * (V8 parses it, slowly, but every recursive walk of the value afterwards — JSON.stringify in a
 * message, a deep comparison — would overflow the stack).
 */
export function readJson(text: string): { json: unknown; members?: number; jsonError?: undefined } | { json?: undefined; members?: undefined; jsonError: string } {
  if (text.length === 0) return { jsonError: 'empty body' };
  const shape = jsonShape(text, MAX_JSON_DEPTH);
  if (shape.depth > MAX_JSON_DEPTH) return { jsonError: TOO_DEEP };
  try {
    const json: unknown = JSON.parse(text);
    // no count when a name holds an escape: after the name "q\\", V8 (Node 24) reads "q\"" as that name too
    return shape.escapedName ? { json } : { json, members: shape.members };
  } catch (err) {
    return { jsonError: (err as Error).message };
  }
}

/**
 * What a parsed JSON value holds that rules look at closely: how many keys its objects kept, and
 * whether some value may read differently from what was written (a lone surrogate in a string or
 * a name, a number that is not finite or an integer beyond ±(2^53−1)). Every value a
 * non-interoperable text gives is flagged, unless a repeated name hid it (fewer keys than members);
 * a flagged one is read again by its text (jsonInteropIssue).
 */
function valueFacts(value: unknown): { keys: number; suspect: boolean } {
  let keys = 0;
  let suspect = false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      // a lone surrogate is what makes a string not well-formed (ES2024): no regular expression per string
      if (!suspect && !wellFormed(v)) suspect = true;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) suspect = true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      // JSON.parse makes plain objects: for-in gives their own names (no entries array per object)
      for (const name in v) {
        keys++;
        if (!suspect && !wellFormed(name)) suspect = true;
        stack.push((v as Record<string, unknown>)[name]);
      }
    }
  }
  return { keys, suspect };
}

/** No lone surrogate in it (String.prototype.isWellFormed, ES2024: Node 20 on; the project's lib is ES2023). */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A JSON body that is an object, as a record; undefined for anything else. */
export function bodyObject(res: ReceivedResponse | undefined): Record<string, unknown> | undefined {
  const j = res?.json;
  return j !== null && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
}

/** "cut at 1048576 bytes (--max-response-bytes)": an answer cut at the response size cap. */
export function cutWords(res: Pick<ReceivedResponse, 'cutAt'>): string {
  return `cut at ${res.cutAt ?? 'the size cap in'} bytes (--max-response-bytes)`;
}

/** The profiles a list answer shows, by sid, or why they could not be read. */
export function listedProfiles(f: FollowUp | undefined): Map<string, Record<string, unknown>> | string {
  if (!f) return 'no list was taken';
  if (f.error) return `the list request failed: ${f.error.message}`;
  if (f.response?.status !== 200) return `GET /v1/CustomerProfiles answered ${f.response?.status}: the target has no list route`;
  if (f.response.truncated) return `the list answer was ${cutWords(f.response)}: its profiles cannot be read`;
  const results = bodyObject(f.response)?.results;
  if (!Array.isArray(results)) return 'the list body has no results array';
  const profiles = new Map<string, Record<string, unknown>>();
  for (const r of results) {
    const sid = (r as { sid?: unknown })?.sid;
    if (typeof sid === 'string') profiles.set(sid, r as Record<string, unknown>);
  }
  return profiles;
}

/** A header parsed by its grammar: absent, what it says, or why it does not parse. */
export type Parsed<T> = { kind: 'absent' } | { kind: 'ok'; value: T } | { kind: 'error'; error: string };

function parsedOf<T>(header: string | undefined, parse: (v: string) => T | string | undefined, what: string): Parsed<T> {
  if (header === undefined) return { kind: 'absent' };
  const r = parse(header);
  if (r === undefined) return { kind: 'error', error: `${JSON.stringify(header)} is not ${what}` };
  return typeof r === 'string' ? { kind: 'error', error: `${JSON.stringify(header)} is not ${what}: ${r}` } : { kind: 'ok', value: r };
}

/** What every rule reads of one answer: computed on first use, then kept. */
export class Answer {
  readonly res: ReceivedResponse;
  #media?: Parsed<MediaType>;
  #date?: Parsed<HttpDate>;
  #challenges?: Parsed<Challenge[]>;
  #duplicate?: { name: string | undefined };
  #jsonIssue?: { issue: string | undefined };
  #facts?: { keys: number; suspect: boolean };

  constructor(res: ReceivedResponse) {
    this.res = res;
  }

  get status(): number {
    return this.res.status;
  }

  /** The body as an object, when the JSON is one. */
  get object(): Record<string, unknown> | undefined {
    return bodyObject(this.res);
  }

  /** The Content-Type as a media type (RFC 9110 §8.3.1). */
  get media(): Parsed<MediaType> {
    this.#media ??= parsedOf(this.res.headers['content-type'], parseMediaType, 'a media type (RFC 9110 §8.3.1)');
    return this.#media;
  }

  /** `type/subtype`, lower case, without parameters ('' when there is no Content-Type or it is no media type). */
  get mediaType(): string {
    const m = this.media;
    return m.kind === 'ok' ? m.value.essence : '';
  }

  /** The Date header as an HTTP-date (RFC 9110 §5.6.7, any of its three forms). */
  get date(): Parsed<HttpDate> {
    this.#date ??= parsedOf(this.res.headers.date, (v) => parseHttpDate(v), 'an HTTP-date (RFC 9110 §5.6.7)');
    return this.#date;
  }

  /** The challenges of the WWW-Authenticate header (RFC 9110 §11.6.1). */
  get challenges(): Parsed<Challenge[]> {
    this.#challenges ??= parsedOf(this.res.headers['www-authenticate'], parseChallenges, 'a list of challenges (RFC 9110 §11.6.1)');
    return this.#challenges;
  }

  /** The auth schemes the WWW-Authenticate header challenges with (empty when there is none or it does not parse). */
  get challengeSchemes(): string[] {
    const c = this.challenges;
    return c.kind === 'ok' ? c.value.map((ch) => ch.scheme) : [];
  }

  /** The first member name an object of the body repeats (RFC 8259 §4), if the body is JSON and repeats one. */
  get duplicateMember(): string | undefined {
    // as many keys kept as member names read: none repeats, the text need not be read again
    const json = this.res.json;
    const may = json !== undefined && typeof json === 'object' && json !== null && this.facts.keys !== this.res.jsonMembers;
    this.#duplicate ??= { name: may ? duplicateMember(this.res.bodyText) : undefined };
    return this.#duplicate.name;
  }

  /** What of a JSON body RFC 8259 calls not interoperable (an unpaired surrogate escape, a number beyond binary64), if any. */
  get jsonIssue(): string | undefined {
    // a repeated name's earlier values are not in the parsed value: then the text is read again too
    const may = this.res.json !== undefined && (this.facts.suspect || this.facts.keys !== this.res.jsonMembers);
    this.#jsonIssue ??= { issue: may ? jsonInteropIssue(this.res.bodyText) : undefined };
    return this.#jsonIssue.issue;
  }

  /** What the parsed body holds (valueFacts), walked once. */
  get facts(): { keys: number; suspect: boolean } {
    this.#facts ??= valueFacts(this.res.json);
    return this.#facts;
  }
}

const views = new WeakMap<ReceivedResponse, Answer>();

/** The one Answer of a response: every rule that reads it shares what was derived. */
export function answerOf(res: ReceivedResponse): Answer {
  let a = views.get(res);
  if (!a) {
    a = new Answer(res);
    views.set(res, a);
  }
  return a;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** The first member name an object of a valid JSON text repeats, if any (one pass, no recursion). */
export function duplicateMember(text: string): string | undefined {
  // one Set per open object, null per open array
  const stack: Array<Set<string> | null> = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') stack.push(new Set());
    else if (ch === '[') stack.push(null);
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === '"') {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') {
          escaped = true;
          i++;
        } else if (c === '"') break;
      }
      const names = stack.at(-1);
      if (!names) continue;
      let j = i + 1;
      while (j < text.length && WS.has(text[j]!)) j++;
      if (text[j] !== ':') continue;
      const raw = text.slice(start, i + 1);
      const name = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (names.has(name)) return name;
      names.add(name);
    }
  }
  return undefined;
}

/** The auth schemes a WWW-Authenticate value challenges with, by its grammar (RFC 9110 §11.6.1); empty when it does not parse. */
export function challengeSchemes(value: string): string[] {
  const c = parseChallenges(value);
  return typeof c === 'string' ? [] : c.map((ch) => ch.scheme);
}
