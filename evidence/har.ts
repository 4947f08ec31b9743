import { closeSync, createReadStream, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Exchange, FollowUp, ReceivedResponse, SentRequest, TestCase } from '../contracts/exchange.ts';
import { matcherFor, REDACTED, redactHeaderValues } from '../contracts/secrets.ts';
import { redact } from '../engine/transport/credentials.ts';
import { type Output, type OutputTarget, openOutput, WriteError } from '../reports/files.ts';
import { EvidenceFileError, isObject } from './files.ts';
import { type Bound, boundWords, LIMITS } from '../contracts/limits.ts';

/**
 * Cassettes: every exchange of a run as an HTTP Archive (HAR 1.2), so browser dev-tools and
 * other HAR readers open it, with what a replay needs in custom `_` fields: the run's seed,
 * runs and target in `log._trusthubConformance`, each create's generated case in `_case`.
 *
 * Entries are streamed to disk as they are judged (memory stays flat however long the run):
 * the file is written one entry per line, so `readCassette` can stream it back too. A HAR
 * saved by another tool (pretty-printed, one document) is read whole instead.
 */

export const CASSETTE_VERSION = 1;

export interface CassetteMeta {
  cassetteVersion: typeof CASSETTE_VERSION;
  tool: { name: string; version: string };
  /** the target the run spoke to (never with credentials) */
  target: string;
  /** true when the target was the embedded reference mock */
  embedded?: boolean;
  seed: number;
  runs: number;
  /** --policy-sid values: they change the generated corpus, so a replay needs them */
  policySids?: string[];
  shard?: { index: number; count: number };
  startedAt: string;
  catalogFingerprint: string;
}

export interface CassetteEnd {
  finishedAt: string;
  /** create requests recorded (entries with `_case`) */
  exchanges: number;
  /** all entries, follow-ups included */
  entries: number;
  /** responses in which a credential of the caller was replaced by [redacted] */
  redactedResponses: number;
  incomplete?: string;
}

export interface HarHeader {
  name: string;
  value: string;
}

/** The generated case of a create entry: what a replay matches on. */
export type HarCase = TestCase & { index: number };

export type FollowUpKind =
  | 'listBefore'
  | 'listAfter'
  | 'unauthFetch'
  | 'unauthList'
  | 'unauthDelete'
  | 'readBack'
  | 'listed'
  | 'deleted'
  | 'readAfterDelete'
  | 'deletedAgain'
  | 'deleteUnknown'
  | 'listAfterUnknownDelete'
  | 'readMalformed';

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string; encoding?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    /** no response: the transport error (status is 0, as browsers record a failed request) */
    _error?: { code: string; message: string };
    _truncated?: boolean;
    /** a credential of the caller was replaced by [redacted] in this response */
    _redacted?: boolean;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; send: number; wait: number; receive: number; ssl: number };
  comment?: string;
  /** a create request of the plan */
  _case?: HarCase;
  /** a follow-up the runner made around a create (list reads, read-back, delete) */
  _followUp?: { index: number; kind: FollowUpKind };
}

const HTTP_VERSION = 'HTTP/1.1';

/** Headers redacted together: a secret split across two values is redacted too (contracts/secrets.ts). */
function headerList(headers: Record<string, string>, secrets: readonly string[]): HarHeader[] {
  return Object.entries(redactHeaderValues(headers, matcherFor(secrets))).map(([name, value]) => ({ name, value }));
}

/** The query of a URL (a follow-up's URL holds a sid the target chose). */
function queryOf(url: string, secrets: readonly string[]): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name: redact(name, secrets), value: redact(value, secrets) }));
  } catch {
    return [];
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** [redacted] as a URI holds it: percent-encoded. */
const URL_REDACTED = encodeURI(REDACTED);

function harRequest(req: SentRequest, contentType: string | null | undefined, secrets: readonly string[]): HarEntry['request'] {
  const headers = { ...req.headers };
  // Exchange.request is already redacted; never trust a caller to have done it
  if (headers.authorization) headers.authorization = 'Basic [redacted]';
  // [ and ] may stand in no URI's path or query (RFC 3986 §3.3, §3.4) and HAR's url is a URI: the mark percent-encoded there
  // (a secret in the query, as the query-credentials shape sends it); queryString shows it decoded
  const url = redact(req.url, secrets).replaceAll(REDACTED, URL_REDACTED);
  const out: HarEntry['request'] = {
    method: req.method,
    url,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: headerList(headers, secrets),
    queryString: queryOf(url, secrets),
    headersSize: -1,
    bodySize: Buffer.byteLength(req.body, 'utf8'),
  };
  if (req.method !== 'GET' && req.method !== 'DELETE') {
    out.postData = { mimeType: contentType ?? '', text: redact(req.body, secrets) };
  } else out.bodySize = 0;
  return out;
}

function harResponse(res: ReceivedResponse | undefined, error: { code: string; message: string } | undefined, secrets: readonly string[]): HarEntry['response'] {
  if (!res) {
    return {
      status: 0,
      statusText: '',
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _error: { code: error?.code ?? 'ERROR', message: redact(error?.message ?? 'no response', secrets) },
    };
  }
  const text = redact(res.bodyText, secrets);
  const statusText = redact(res.statusText, secrets);
  const headers = headerList(res.headers, secrets);
  // the Location header's value, redacted like the headers (HAR keeps it twice)
  const redirectURL = headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '';
  const redacted =
    text !== res.bodyText || statusText !== res.statusText || headers.some((h) => !Object.hasOwn(res.headers, h.name) || h.value !== res.headers[h.name]);
  const size = Buffer.byteLength(res.bodyText, 'utf8');
  return {
    status: res.status,
    statusText,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers,
    content: {
      size,
      mimeType: res.headers['content-type'] ?? 'x-unknown',
      text,
      ...(res.truncated ? { comment: 'cut at the response size cap (--max-response-bytes)' } : {}),
    },
    redirectURL,
    headersSize: -1,
    bodySize: size,
    ...(res.truncated ? { _truncated: true } : {}),
    ...(redacted ? { _redacted: true } : {}),
  };
}

export function harCase(index: number, tc: TestCase): HarCase {
  return {
    index,
    category: tc.category,
    label: tc.label,
    expect: tc.expect,
    ...(tc.rule !== undefined ? { rule: tc.rule } : {}),
    ...(tc.missing !== undefined ? { missing: [...tc.missing] } : {}),
    fields: { ...tc.fields },
    contentType: tc.contentType,
    body: tc.body,
    auth: tc.auth,
  };
}

const FOLLOW_UPS_BEFORE: readonly FollowUpKind[] = ['listBefore'];
const FOLLOW_UPS_AFTER: readonly FollowUpKind[] = [
  'listAfter',
  'unauthFetch',
  'unauthList',
  'unauthDelete',
  'readBack',
  'listed',
  'deleted',
  'readAfterDelete',
  'deletedAgain',
  'deleteUnknown',
  'listAfterUnknownDelete',
  'readMalformed',
];

/**
 * The HAR entries of one judged exchange: its follow-ups (list reads before, then after) around
 * the create request. Follow-ups carry no timing of their own: the runner does not measure them.
 */
export function harEntries(ex: Exchange, secrets: readonly string[]): HarEntry[] {
  const started = new Date(ex.receivedAt - ex.latencyMs);
  const wait = round(ex.latencyMs);
  const main: HarEntry = {
    startedDateTime: started.toISOString(),
    time: wait,
    request: harRequest(ex.request, ex.case.contentType, secrets),
    response: harResponse(ex.response, ex.error, secrets),
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait, receive: 0, ssl: -1 },
    _case: harCase(ex.index, ex.case),
  };
  const follow = (kind: FollowUpKind, f: FollowUp, at: Date): HarEntry => ({
    startedDateTime: at.toISOString(),
    time: 0,
    request: harRequest(f.request, undefined, secrets),
    response: harResponse(f.response, f.error, secrets),
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1 },
    comment: `follow-up (${kind}) of case #${ex.index}; not timed`,
    _followUp: { index: ex.index, kind },
  });
  const out: HarEntry[] = [];
  for (const kind of FOLLOW_UPS_BEFORE) if (ex[kind]) out.push(follow(kind, ex[kind], started));
  out.push(main);
  const after = new Date(ex.receivedAt);
  for (const kind of FOLLOW_UPS_AFTER) if (ex[kind]) out.push(follow(kind, ex[kind], after));
  return out;
}

function logComment(meta: CassetteMeta): string {
  return (
    `Recorded by ${meta.tool.name} ${meta.tool.version}: POST /v1/CustomerProfiles against ${meta.target}` +
    `${meta.embedded ? ' (embedded reference mock)' : ''}, seed ${meta.seed}, ${meta.runs} runs per category, started ${meta.startedAt}. ` +
    "Each create entry's _case holds its generated case (plan index, category, label, expect, rule, missing, fields, contentType, body, auth); " +
    'follow-up entries carry _followUp. Credentials are redacted.'
  );
}

/** Flush to disk once this much is buffered: few writes, memory bounded. */
const FLUSH_AT = 64 * 1024;

/** The first bytes of every cassette this tool writes: `--record` replaces only such a file. */
export const CASSETTE_START = '{"log":{"version":"1.2","creator":{"name":"trusthub-conformance"';

/** What `--record PATH` is to the one writing function (reports/files.ts): replaced only when it is a cassette of ours. */
export function cassetteOutput(path: string): OutputTarget {
  return { path, what: '--record', mode: 'own', owns: (head) => head.startsWith(CASSETTE_START), kind: 'a cassette this tool recorded' };
}

/**
 * Streams a run's exchanges into a HAR file. Writes go to `<file>.partial` and the file appears
 * under its name only when `close` completes it, so a crashed run never leaves a truncated
 * cassette that looks whole (reports/files.ts `openOutput`: regular files only). `add` is
 * synchronous (it is the runner's onExchange) and never throws: a write error is kept and thrown
 * by `close`, as the tool's WriteError.
 */
export class CassetteRecorder {
  readonly path: string;
  private readonly secrets: readonly string[];
  private readonly out: Output;
  private buffer: string[] = [];
  private buffered = 0;
  private entries = 0;
  private exchanges = 0;
  private redactedResponses = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(path: string, out: Output, secrets: readonly string[]) {
    this.path = path;
    this.out = out;
    this.secrets = secrets;
  }

  /**
   * Create the file (and its folder) and write the HAR header; throws OutputRefusedError for a
   * path that is not a regular file or not a cassette, WriteError when it cannot be written.
   */
  static open(path: string, meta: CassetteMeta, secrets: readonly string[]): CassetteRecorder {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new WriteError(path, '--record', err);
    }
    const recorder = new CassetteRecorder(path, openOutput(cassetteOutput(path)), secrets);
    const log = {
      version: '1.2',
      creator: { name: meta.tool.name, version: meta.tool.version },
      comment: logComment(meta),
      _trusthubConformance: meta,
      pages: [],
    };
    // `{"log":{…,"entries":[` on the first line; one entry per line; `],…}}` on the last
    recorder.write(`${jsonLine({ log }).slice(0, -2)},"entries":[\n`);
    return recorder;
  }

  /** Record one judged exchange (the runner's onExchange). */
  readonly add = (ex: Exchange): void => {
    if (this.closed || this.failure) return;
    for (const entry of harEntries(ex, this.secrets)) {
      if (entry._case) this.exchanges++;
      if (entry.response._redacted) this.redactedResponses++;
      this.write(`${this.entries === 0 ? '' : ',\n'}${jsonLine(entry)}`);
      this.entries++;
    }
  };

  get recorded(): { exchanges: number; entries: number } {
    return { exchanges: this.exchanges, entries: this.entries };
  }

  private write(text: string): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.failure) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    try {
      this.out.write(data);
    } catch (err) {
      this.failure = err as Error;
    }
  }

  /** Complete the HAR and move it under its name. Throws the WriteError when any write failed (the partial file is gone). */
  close(end: { finishedAt: Date; incomplete?: string }): CassetteEnd {
    if (this.closed) throw new EvidenceFileError(`--record ${this.path}: already closed`);
    const summary: CassetteEnd = {
      finishedAt: end.finishedAt.toISOString(),
      exchanges: this.exchanges,
      entries: this.entries,
      redactedResponses: this.redactedResponses,
      ...(end.incomplete ? { incomplete: end.incomplete } : {}),
    };
    this.write(`\n],"_trusthubConformanceEnd":${jsonLine(summary)}}}\n`);
    this.flush();
    this.closed = true;
    if (!this.failure) {
      try {
        this.out.commit();
      } catch (err) {
        this.failure = err as Error;
      }
    }
    if (this.failure) {
      this.out.abort();
      throw this.failure;
    }
    return summary;
  }

  /** Give up: remove the partial file. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.out.abort();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading cassettes

export interface Cassette {
  path: string;
  /** the recording's metadata; undefined for a HAR another tool wrote */
  meta: CassetteMeta | undefined;
  /** the trailer written when the recording completed */
  end: CassetteEnd | undefined;
  /** every entry, in file order; each call reads the file afresh (streamed for cassettes this tool wrote) */
  entries(): AsyncGenerator<HarEntry>;
}

/** Larger HARs than this must be in this tool's one-entry-per-line layout (they are streamed). */
const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

const HEADER_END = '"entries":[';

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    const text = chunk.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return nl === -1 ? text : text.slice(0, nl);
  } finally {
    closeSync(fd);
  }
}

/**
 * The cassette's own account of the run it recorded: every field a diff reads is checked, so a
 * hand-edited or damaged cassette is one line (exit 2), never a crash or a corpus nobody recorded.
 */
function checkMeta(meta: unknown, name: string): CassetteMeta | undefined {
  if (meta === undefined) return undefined;
  if (!isObject(meta) || meta.cassetteVersion !== CASSETTE_VERSION) {
    throw new EvidenceFileError(`${name}: _trusthubConformance.cassetteVersion must be ${CASSETTE_VERSION}`);
  }
  if (typeof meta.seed !== 'number' || typeof meta.runs !== 'number' || typeof meta.target !== 'string') {
    throw new EvidenceFileError(`${name}: _trusthubConformance lacks seed, runs or target`);
  }
  const wrong = metaProblem(meta);
  if (wrong) throw new EvidenceFileError(`${name}: _trusthubConformance.${wrong}`);
  return meta as unknown as CassetteMeta;
}

const inBound = (v: unknown, b: Bound) => typeof v === 'number' && Number.isInteger(v) && v >= b.min && v <= b.max;

/** The first field of a cassette's metadata that is not what this tool writes, in words. */
function metaProblem(meta: Record<string, unknown>): string | undefined {
  if (!inBound(meta.seed, LIMITS.seed)) return `seed must be ${boundWords(LIMITS.seed)}, got ${JSON.stringify(meta.seed)}`;
  if (!inBound(meta.runs, LIMITS.runs)) return `runs must be ${boundWords(LIMITS.runs)}, got ${JSON.stringify(meta.runs)}`;
  if (!/^https?:\/\/\S+$/.test(meta.target as string)) return 'target must be an http or https URL';
  const tool = meta.tool;
  if (!isObject(tool) || typeof tool.name !== 'string' || typeof tool.version !== 'string') return 'tool must name the tool and its version';
  if (typeof meta.startedAt !== 'string' || Number.isNaN(Date.parse(meta.startedAt))) return 'startedAt must be a date and time';
  if (meta.embedded !== undefined && typeof meta.embedded !== 'boolean') return 'embedded must be true or false';
  const sids = meta.policySids;
  if (sids !== undefined && (!Array.isArray(sids) || !sids.every((s) => typeof s === 'string' && /^RN[0-9a-fA-F]{32}$/.test(s)))) {
    return 'policySids must be a list of Policy SIDs (RN followed by 32 hex digits)';
  }
  const shard = meta.shard;
  if (shard !== undefined) {
    const ok = isObject(shard) && inBound(shard.count, { min: 1, max: 1_000_000, integer: true }) && inBound(shard.index, { min: 1, max: shard.count as number, integer: true });
    if (!ok) return 'shard must be { index, count } with 1 ≤ index ≤ count';
  }
  return undefined;
}

/** Open a cassette for reading; throws EvidenceFileError (one line) when it is not a HAR. */
export async function readCassette(path: string, flag = '--cassette'): Promise<Cassette> {
  const name = `${flag} ${basename(path)}`;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new EvidenceFileError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const head = firstLine(path);
  if (head.startsWith('{"log":') && head.endsWith(HEADER_END)) {
    let log: Record<string, unknown>;
    try {
      log = (JSON.parse(`${head}]}}`) as { log: Record<string, unknown> }).log;
    } catch (err) {
      throw new EvidenceFileError(`${name}: the HAR header does not parse (${(err as Error).message})`);
    }
    const meta = checkMeta(log._trusthubConformance, name);
    const end = trailer(path, size, name);
    return { path, meta, end, entries: () => streamEntries(path, name) };
  }
  if (size > WHOLE_FILE_LIMIT) {
    throw new EvidenceFileError(`${name}: a HAR of ${Math.round(size / 1048576)} MiB not written by trusthub-conformance is too large to read whole`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new EvidenceFileError(`${name}: not a HAR file (${(err as Error).message})`);
  }
  const log = isObject(doc) && isObject(doc.log) ? doc.log : undefined;
  if (!log || !Array.isArray(log.entries)) throw new EvidenceFileError(`${name}: not a HAR file (no log.entries)`);
  const meta = checkMeta(log._trusthubConformance, name);
  const end = isObject(log._trusthubConformanceEnd) ? (log._trusthubConformanceEnd as unknown as CassetteEnd) : undefined;
  const entries = log.entries as HarEntry[];
  return {
    path,
    meta,
    end,
    entries: async function* () {
      yield* entries;
    },
  };
}

/** The last line of a cassette this tool wrote: `],"_trusthubConformanceEnd":{…}}}`. */
function trailer(path: string, size: number, name: string): CassetteEnd {
  const fd = openSync(path, 'r');
  let text: string;
  try {
    const length = Math.min(size, 64 * 1024);
    const chunk = Buffer.alloc(length);
    readSync(fd, chunk, 0, length, size - length);
    text = chunk.toString('utf8').trimEnd();
  } finally {
    closeSync(fd);
  }
  const line = text.slice(text.lastIndexOf('\n') + 1);
  if (!line.startsWith('],')) throw new EvidenceFileError(`${name}: the cassette ends early (no closing line): was the recording cut short?`);
  try {
    const end = (JSON.parse(`{"log":{"entries":[${line}`) as { log: { _trusthubConformanceEnd?: CassetteEnd } }).log._trusthubConformanceEnd;
    if (!isObject(end)) throw new Error('no _trusthubConformanceEnd');
    return end;
  } catch (err) {
    throw new EvidenceFileError(`${name}: the HAR trailer does not parse (${(err as Error).message})`);
  }
}

/**
 * JSON on one line: JSON.stringify leaves U+2028 and U+2029 raw, and readline ends a line at them
 * (a FriendlyName holding one would cut its entry in two), so they are written as escapes.
 */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The entries of a cassette this tool wrote, one per line between the header and the trailer. */
async function* streamEntries(path: string, name: string): AsyncGenerator<HarEntry> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      if (n === 1 || line === '') continue;
      if (line.startsWith('],')) return;
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (err) {
        throw new EvidenceFileError(`${name}: line ${n} is not a HAR entry (${(err as Error).message})`);
      }
      if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) {
        throw new EvidenceFileError(`${name}: line ${n} is not a HAR entry (no request or response)`);
      }
      yield entry as unknown as HarEntry;
    }
  } finally {
    rl.close();
  }
}

/** The response body of an entry as text (HAR may hold it base64-encoded). */
export function entryBodyText(entry: HarEntry): string | undefined {
  const c = entry.response.content;
  if (c?.text === undefined) return undefined;
  return c.encoding === 'base64' ? Buffer.from(c.text, 'base64').toString('utf8') : c.text;
}
