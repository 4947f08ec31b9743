import { type CoverageRow, coverageRows } from './coverage/index.ts';
import { FALSY_LOOKING } from './coverage/friendlyName.ts';
import { decodeForm } from './decodeForm.ts';
import { encodeForm } from './encodeForm.ts';

/**
 * The create's value space (generators/coverage, `coverageRows()`) as the update's: every value of
 * FriendlyName, Email and StatusCallback a create must take, may take or must refuse, each as the
 * create's row spells it on the wire (its raw pair: escapes, raw `;`, raw UTF-8, the name written
 * with escapes), sent in the update of the run's own profile every run.
 */

/** The update's parameters the create shares (UpdateCustomerProfileRequest: FriendlyName, Email, StatusCallback; Status is the update's own). */
export type SharedParam = 'FriendlyName' | 'Email' | 'StatusCallback';

/** The resource field each parameter sets. */
export const FIELD_OF: Readonly<Record<SharedParam, string>> = { FriendlyName: 'friendly_name', Email: 'email', StatusCallback: 'status_callback' };

/** One value of the create's value space, as the update sends it. */
export interface UpdateValue {
  param: SharedParam;
  /** the pair's name and value as the create's row writes them in its body (escapes and raw characters kept) */
  rawName: string;
  raw: string;
  /** what a faithful server stores: the row's field */
  value: string;
  /** the row's expectation: `create` (applied, echoed), `either` (applied exactly, or the update refused whole), `reject` (refused) */
  expect: 'create' | 'either' | 'reject';
  /** the row's label, in words */
  what: string;
  /** a body of the row's size: the unknown Padding parameter before the value (the create's body.size rows) */
  bodyBytes?: number;
}

/**
 * Rules about a matter of the create alone: a required parameter missing (the update's parameters
 * are all optional). PolicySid rows are the create's alone too (not a parameter of the update).
 */
const CREATE_ONLY_RULES = /\.required$|^missing\./;

/** The raw pair of `param` in a create's form body (its name decoded to match): [raw name, raw value]. */
function rawPair(body: string, param: string): [string, string] | undefined {
  for (const pair of body.split('&')) {
    const at = pair.indexOf('=');
    const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    if (decodeForm(`${name}=`)[0]?.[0] === param) return [name, value];
  }
  return undefined;
}

let memo: readonly UpdateValue[] | undefined;

/**
 * The create's rows of FriendlyName, Email and StatusCallback as update values, in the rows' order,
 * one per distinct raw spelling (the stricter expectation kept), create-only rules left out.
 */
export function updateValues(rows: readonly CoverageRow[]): UpdateValue[] {
  const seen = new Map<string, UpdateValue>();
  for (const row of rows) {
    if (row.parameter !== 'FriendlyName' && row.parameter !== 'Email' && row.parameter !== 'StatusCallback') continue;
    if (CREATE_ONLY_RULES.test(row.rule) || row.case.missing !== undefined || row.case.query !== undefined) continue;
    const param = row.parameter;
    const value = row.case.fields[param];
    const pair = rawPair(row.case.body, param);
    if (value === undefined || pair === undefined) continue;
    if (row.expect === 'either' && row.case.echoWhenCreated !== true) continue;
    const [rawName, raw] = pair;
    const sized = row.rule === 'body.size' && /(^|&)Padding=/.test(row.case.body) ? { bodyBytes: Buffer.byteLength(row.case.body) } : {};
    const item: UpdateValue = { param, rawName, raw, value, expect: row.expect, what: row.case.label, ...sized };
    const key = `${param}\u0000${rawName}\u0000${raw}`;
    const had = seen.get(key);
    const rank = { create: 0, reject: 1, either: 2 } as const;
    if (!had || rank[item.expect] < rank[had.expect]) seen.set(key, item);
  }
  return [...seen.values()];
}

/** The rows' values, computed once (coverageRows builds bodies of 66 KiB). */
export function allUpdateValues(): readonly UpdateValue[] {
  memo ??= updateValues(coverageRows());
  return memo;
}

/**
 * Whether a FriendlyName is sent whole, alone in its parameter: what it is depends on the whole
 * value (looks empty or false, whitespace alone), on its first or last character (whitespace,
 * controls, format characters; a combining mark at the start; a raw % or an escape cut short at the
 * end), its length, or its pair's name (written with escapes). Every other value is one part of a
 * longer name, ` | ` between them: a server that alters it alters the name.
 */
export function sentWhole(v: UpdateValue): boolean {
  return (
    v.rawName !== v.param ||
    v.bodyBytes !== undefined ||
    (FALSY_LOOKING as readonly string[]).includes(v.value) ||
    /^[\s\p{M}\p{Cc}\p{Cf}\p{Z}]|[\s\p{Cc}\p{Cf}\p{Z}]$/u.test(v.value) ||
    /%[0-9A-Fa-f]?$/.test(v.raw) ||
    [...v.value].length > 80
  );
}

/** The raw spelling of the text between joined parts. */
const SEPARATOR = ' | ';

/** The most characters of one joined FriendlyName (its parts and separators; the run's tag after them): far below any limit a server may set. */
const JOINED_MAX = 160;

/**
 * FriendlyName values joined into names of at most JOINED_MAX characters, each part as its row
 * spells it, the run's tag after them (a name of the run's own); parts of one expectation only.
 */
export function joinNames(values: readonly UpdateValue[], tag: string): UpdateValue[] {
  const out: UpdateValue[] = [];
  let group: UpdateValue[] = [];
  let length = 0;
  const flush = () => {
    if (group.length === 0) return;
    const suffix = ` (${tag})`;
    out.push({
      param: 'FriendlyName',
      rawName: 'FriendlyName',
      raw: group.map((v) => v.raw).join(encodeForm([['', SEPARATOR]]).slice(1)) + encodeForm([['', suffix]]).slice(1),
      value: group.map((v) => v.value).join(SEPARATOR) + suffix,
      expect: group[0]!.expect,
      what: `${group.length} of the create's names joined by " | " (${group.map((v) => v.what.replace(/^FriendlyName /, '')).join('; ')})`,
    });
    group = [];
    length = 0;
  };
  for (const v of values) {
    const more = [...v.value].length + SEPARATOR.length;
    if (group.length > 0 && (length + more > JOINED_MAX || group[0]!.expect !== v.expect)) flush();
    group.push(v);
    length += more;
  }
  flush();
  return out;
}

/** A body of `bytes` bytes: Padding=p… (no parameter of the update) before `pairs`, as the create's body.size rows send it. */
export function paddedBody(pairs: string, bytes: number): string {
  const head = 'Padding=';
  return `${head}${'p'.repeat(Math.max(0, bytes - head.length - 1 - Buffer.byteLength(pairs)))}&${pairs}`;
}
