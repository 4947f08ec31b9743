/**
 * One HTTP answer, read once. The transport decodes the body and parses its JSON once
 * (engine/transport/http.ts); everything a rule derives from the answer beyond that — the media
 * type, the Date header, the challenges of a 401, a repeated member name — is derived here, the
 * first time some rule asks, and shared by every rule that reads the same answer.
 */
import type { FollowUp, ReceivedResponse } from './exchange.ts';

/**
 * The deepest nesting of arrays and objects the tool reads in an answer. RFC 8259 §9 lets a parser
 * limit it; every rule then walks what it reads without a recursion limit of its own to reach
 * (serde_json's default is the same 128).
 */
export const MAX_JSON_DEPTH = 128;

/**
 * How deep a JSON text nests its arrays and objects, counted no further than `limit + 1`: one
 * pass, no recursion, brackets inside strings skipped.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Why a body nesting deeper than MAX_JSON_DEPTH is not read (what the rules then judge it as). */
export const TOO_DEEP = `the body nests deeper than ${MAX_JSON_DEPTH} levels: judged as a body that is not JSON (RFC 8259 §9 lets a parser limit nesting; the tool reads ${MAX_JSON_DEPTH})`;

/**
 * A body read as JSON, once: the value, or why it is not JSON. Bounded whatever the target sends:
 * a body nested deeper than MAX_JSON_DEPTH is not parsed (V8 parses it, slowly, but every
 * recursive walk of the value afterwards — JSON.stringify in a message, a deep comparison —
 * would overflow the stack).
 */
export function readJson(text: string): { json: unknown; jsonError?: undefined } | { json?: undefined; jsonError: string } {
  if (text.length === 0) return { jsonError: 'empty body' };
  // fewer characters than twice the limit cannot nest deeper than it
  if (text.length > 2 * MAX_JSON_DEPTH && jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { jsonError: TOO_DEEP };
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return { jsonError: (err as Error).message };
  }
}

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

/** What every rule reads of one answer: computed on first use, then kept. */
export class Answer {
  readonly res: ReceivedResponse;
  #mediaType?: string;
  #duplicate?: { name: string | undefined };
  #challenges?: string[];

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

  /** `type/subtype`, lower case, without parameters ('' when there is no Content-Type). */
  get mediaType(): string {
    this.#mediaType ??= (this.res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    return this.#mediaType;
  }

  /** The first member name an object of the body repeats (RFC 8259 §4), if the body is JSON and repeats one. */
  get duplicateMember(): string | undefined {
    this.#duplicate ??= { name: this.res.json !== undefined && typeof this.res.json === 'object' && this.res.json !== null ? duplicateMember(this.res.bodyText) : undefined };
    return this.#duplicate.name;
  }

  /** The auth schemes the WWW-Authenticate header challenges with (empty when there is none). */
  get challengeSchemes(): string[] {
    this.#challenges ??= challengeSchemes(this.res.headers['www-authenticate'] ?? '');
    return this.#challenges;
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

const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const SCHEME = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s|$)/;

/**
 * The auth schemes a WWW-Authenticate value challenges with. Challenges and their parameters are
 * both comma-separated, so an element counts as a challenge when it starts with a token that is
 * not followed by `=` (a parameter is `name=value`).
 */
export function challengeSchemes(value: string): string[] {
  const schemes: string[] = [];
  for (const element of value.replace(QUOTED, '""').split(',')) {
    const m = SCHEME.exec(element.trim());
    if (m && !/^\s*=/.test(element.trim().slice(m[1]!.length))) schemes.push(m[1]!);
  }
  return schemes;
}
