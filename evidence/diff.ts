import { basename } from 'node:path';
import type { Check } from '../contracts/check.ts';
import type { Exchange, TestCase } from '../contracts/exchange.ts';
import { describeErrors, validateCustomerProfile, validateErrorEnvelope } from '../contracts/validators.ts';
import type { DiffSummary, Divergence, DivergenceAspect } from '../contracts/report.ts';
import type { Credentials } from '../engine/transport/credentials.ts';
import { EvidenceFileError, isCalendarDate, isExpired, isObject, readJsonFile } from './files.ts';
import { type Cassette, entryBodyText, type HarCase, type HarEntry } from './har.ts';
import { requestClassOf } from './observations.ts';
import { type RunOptions, type RunResult, runSuite } from '../engine/run/run.ts';

/**
 * Differential runs: the same seeded corpus sent to a target and a reference (a second URL, or
 * a cassette recorded elsewhere and replayed by plan index), compared per case on what a client
 * sees: the HTTP status, the Twilio error code, whether the body passes its schema (the resource
 * schema for a 201, the error envelope for a 4xx) and each echoed field of a 201.
 */

export const ASPECTS: readonly DivergenceAspect[] = ['http-status', 'code', 'schema', 'friendly_name', 'email', 'policy_sid', 'status_callback', 'status'];
const ECHOED = ['friendly_name', 'email', 'policy_sid', 'status_callback', 'status'] as const;

/** What a client sees of one answer, as short display strings. */
export interface Signature {
  /** "201", or "error: ECONNRESET" when there was no answer */
  httpStatus: string;
  /** the Twilio error code, or "none" */
  code: string;
  schema: { verdict: 'valid' | 'invalid' | 'n/a'; detail?: string };
  /** for a 201 with a JSON object body: each echoed field as JSON text, or "absent" */
  echo?: Record<(typeof ECHOED)[number], string>;
}

function clip(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function display(v: unknown): string {
  return v === undefined ? 'absent' : clip(JSON.stringify(v));
}

/** The signature of an answer: status (or transport error code) and the body as parsed JSON (undefined when it is not JSON). */
export function signatureOf(status: number | { error: string }, json: unknown, jsonError?: string): Signature {
  if (typeof status !== 'number') return { httpStatus: `error: ${status.error}`, code: 'none', schema: { verdict: 'n/a' } };
  const body = isObject(json) ? json : undefined;
  const code = body && typeof body.code === 'number' ? String(body.code) : 'none';
  let schema: Signature['schema'] = { verdict: 'n/a' };
  if (status === 201 || (status >= 400 && status < 500)) {
    const validate = status === 201 ? validateCustomerProfile : validateErrorEnvelope;
    const what = status === 201 ? 'resource' : 'envelope';
    if (jsonError !== undefined || json === undefined) schema = { verdict: 'invalid', detail: `${what}: not JSON` };
    else if (validate(json)) schema = { verdict: 'valid', detail: what };
    else schema = { verdict: 'invalid', detail: `${what}: ${clip(describeErrors(validate.errors), 80)}` };
  }
  const sig: Signature = { httpStatus: String(status), code, schema };
  if (status === 201 && body) {
    sig.echo = Object.fromEntries(ECHOED.map((f) => [f, display(body[f])])) as Signature['echo'];
  }
  return sig;
}

export function signatureOfExchange(ex: Exchange): Signature {
  if (!ex.response) return signatureOf({ error: ex.error?.code ?? 'ERROR' }, undefined);
  return signatureOf(ex.response.status, ex.response.json, ex.response.jsonError);
}

export function signatureOfEntry(entry: HarEntry): Signature {
  const res = entry.response;
  if (!res || res.status === 0) return signatureOf({ error: res?._error?.code ?? 'ERROR' }, undefined);
  const text = entryBodyText(entry);
  let json: unknown;
  let jsonError: string | undefined;
  if (res._truncated) jsonError = 'cut at the size cap';
  else if (text === undefined || text === '') jsonError = 'empty body';
  else {
    try {
      json = JSON.parse(text);
    } catch (err) {
      jsonError = (err as Error).message;
    }
  }
  return signatureOf(res.status, json, jsonError);
}

const schemaText = (s: Signature['schema']) => (s.detail ? `${s.verdict} (${s.detail})` : s.verdict);

/**
 * Where two answers differ. When the HTTP status differs, only status and code are compared:
 * the schema and the echo follow from the status and would repeat the same difference.
 */
export function compareSignatures(target: Signature, reference: Signature): Array<{ aspect: DivergenceAspect; target: string; reference: string }> {
  const out: Array<{ aspect: DivergenceAspect; target: string; reference: string }> = [];
  if (target.httpStatus !== reference.httpStatus) out.push({ aspect: 'http-status', target: target.httpStatus, reference: reference.httpStatus });
  if (target.code !== reference.code) out.push({ aspect: 'code', target: target.code, reference: reference.code });
  if (out.some((d) => d.aspect === 'http-status')) return out;
  if (target.schema.verdict !== reference.schema.verdict) {
    out.push({ aspect: 'schema', target: schemaText(target.schema), reference: schemaText(reference.schema) });
  }
  if (target.echo && reference.echo) {
    for (const f of ECHOED) if (target.echo[f] !== reference.echo[f]) out.push({ aspect: f, target: target.echo[f], reference: reference.echo[f] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Expected divergences

export const EXPECTED_DIVERGENCES_VERSION = 1;

/** A divergence the user expects: it is reported, marked expected, and does not make diff exit 1. */
export interface ExpectedDivergence {
  /** a request class (`missing-field/Email.required`), or a prefix ending in `*` (`missing-field/*`, `*`) */
  requestClass: string;
  /** one aspect; any aspect when absent */
  aspect?: DivergenceAspect;
  /** only when the target answered exactly this (display string, e.g. "21000") */
  target?: string;
  /** only when the reference answered exactly this */
  reference?: string;
  reason: string;
  /** YYYY-MM-DD: the last day it holds */
  expires?: string;
}

/** Parse an expected-divergences document; throws EvidenceFileError naming the first problem. */
export function parseExpectedDivergences(doc: unknown, name: string): ExpectedDivergence[] {
  const at = `--expect-divergence ${name}`;
  if (!isObject(doc)) throw new EvidenceFileError(`${at}: expected a JSON object {"expectedDivergencesVersion":1,"expected":[…]}`);
  if (doc.expectedDivergencesVersion !== EXPECTED_DIVERGENCES_VERSION) {
    throw new EvidenceFileError(
      `${at}: expectedDivergencesVersion must be ${EXPECTED_DIVERGENCES_VERSION}, got ${JSON.stringify(doc.expectedDivergencesVersion)}`,
    );
  }
  if (!Array.isArray(doc.expected)) throw new EvidenceFileError(`${at}: expected must be an array`);
  return doc.expected.map((e: unknown, i: number) => {
    const here = `${at}: expected[${i}]`;
    if (!isObject(e)) throw new EvidenceFileError(`${here} is not an object`);
    if (typeof e.requestClass !== 'string' || e.requestClass === '') {
      throw new EvidenceFileError(`${here}.requestClass must be a request class or a prefix ending in * (e.g. "missing-field/*")`);
    }
    if (e.aspect !== undefined && !ASPECTS.includes(e.aspect as DivergenceAspect)) {
      throw new EvidenceFileError(`${here}.aspect must be one of ${ASPECTS.join(', ')}, got ${JSON.stringify(e.aspect)}`);
    }
    for (const k of ['target', 'reference'] as const) {
      if (e[k] !== undefined && typeof e[k] !== 'string') throw new EvidenceFileError(`${here}.${k} must be a string (as the divergence table shows it)`);
    }
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new EvidenceFileError(`${here}.reason must say why (a non-empty string)`);
    if (e.expires !== undefined && !isCalendarDate(e.expires)) {
      throw new EvidenceFileError(`${here}.expires must be a date YYYY-MM-DD, got ${JSON.stringify(e.expires)}`);
    }
    return e as unknown as ExpectedDivergence;
  });
}

export async function loadExpectedDivergences(path: string): Promise<ExpectedDivergence[]> {
  return parseExpectedDivergences(await readJsonFile(path, '--expect-divergence'), basename(path));
}

function classMatches(pattern: string, cls: string): boolean {
  return pattern.endsWith('*') ? cls.startsWith(pattern.slice(0, -1)) : pattern === cls;
}

/** The first live expectation that covers a divergence. */
export function expectationFor(d: Omit<Divergence, 'expected'>, expected: readonly ExpectedDivergence[], now: Date): ExpectedDivergence | undefined {
  return expected.find(
    (e) =>
      !isExpired(e.expires, now) &&
      classMatches(e.requestClass, d.requestClass) &&
      (e.aspect === undefined || e.aspect === d.aspect) &&
      (e.target === undefined || e.target === d.target) &&
      (e.reference === undefined || e.reference === d.reference),
  );
}

// ---------------------------------------------------------------------------------------------
// The differential run

/** Rows kept in the report (those of the lowest plan indices); every row is counted. */
export const DEFAULT_ROW_LIMIT = 500;

export type DiffReference =
  | { kind: 'url'; url: string; credentials: Credentials }
  | { kind: 'cassette'; cassette: Cassette };

export interface DiffOptions {
  /** how the target is run: checks judge it as `run` would (its report comes with the divergences) */
  target: Omit<RunOptions, 'onExchange'>;
  reference: DiffReference;
  /** a URL reference's own cleanup and create/delete hooks (it creates too; the target's are in `target`) */
  referenceRun?: Pick<RunOptions, 'cleanup' | 'onCreated' | 'onDeleted'>;
  expected?: readonly ExpectedDivergence[];
  /** the day expectations are judged against (default now) */
  now?: Date;
  rowLimit?: number;
}

export interface DiffResult {
  target: RunResult;
  /** the reference's run, when it is a URL */
  reference?: RunResult;
  divergences: Divergence[];
  summary: DiffSummary;
  /** expectations no divergence used (stale declarations) */
  unused: ExpectedDivergence[];
}

type CaseInfo = Pick<TestCase, 'category' | 'label' | 'rule' | 'expect'>;

function sameRequest(a: HarCase, b: TestCase): boolean {
  return a.body === b.body && a.contentType === b.contentType && a.auth === b.auth;
}

/** The reference's metadata, for the summary. */
function referenceSummary(ref: DiffReference): DiffSummary['reference'] {
  if (ref.kind === 'url') return { kind: 'url', url: ref.url };
  const meta = ref.cassette.meta;
  return {
    kind: 'cassette',
    url: meta?.target ?? 'unknown',
    file: basename(ref.cassette.path),
    ...(meta ? { recordedAt: meta.startedAt, recordedBy: `${meta.tool.name} ${meta.tool.version}` } : {}),
  };
}

/** Send the corpus to the target and the reference and compare every case. */
export async function runDiff(opts: DiffOptions): Promise<DiffResult> {
  const now = opts.now ?? new Date();
  const expected = opts.expected ?? [];
  const used = new Set<ExpectedDivergence>();
  const limit = opts.rowLimit ?? DEFAULT_ROW_LIMIT;
  let rows: Divergence[] = [];
  const summary: DiffSummary = {
    reference: referenceSummary(opts.reference),
    compared: 0,
    divergent: 0,
    unexpected: 0,
    unmatched: 0,
    rows: 0,
    shown: 0,
    byAspect: {},
  };

  function compare(index: number, tc: CaseInfo, target: Signature, reference: Signature): void {
    summary.compared++;
    const diffs = compareSignatures(target, reference);
    if (diffs.length === 0) return;
    summary.divergent++;
    let unexpected = false;
    const requestClass = requestClassOf(tc);
    for (const d of diffs) {
      const row: Divergence = { index, category: tc.category, requestClass, caseLabel: tc.label, ...d };
      const e = expectationFor(row, expected, now);
      if (e) {
        used.add(e);
        row.expected = { reason: e.reason, ...(e.expires ? { expires: e.expires } : {}) };
      } else unexpected = true;
      summary.rows++;
      summary.byAspect[d.aspect] = (summary.byAspect[d.aspect] ?? 0) + 1;
      rows.push(row);
    }
    if (unexpected) summary.unexpected++;
    // keep the rows of the lowest plan indices: the same whatever order the answers came in
    if (rows.length > 2 * limit) rows = sortRows(rows).slice(0, limit);
  }

  let targetRun: RunResult;
  let referenceRun: RunResult | undefined;
  const ref = opts.reference;
  if (ref.kind === 'cassette') {
    const recorded = new Map<number, { sig: Signature; request: HarCase }>();
    for await (const entry of ref.cassette.entries()) {
      if (entry._case) recorded.set(entry._case.index, { sig: signatureOfEntry(entry), request: entry._case });
    }
    if (recorded.size === 0) {
      throw new EvidenceFileError(`--reference ${basename(ref.cassette.path)}: no entry carries _case: record it with 'trusthub-conformance run --record FILE'`);
    }
    targetRun = await runSuite({
      ...opts.target,
      onExchange: (ex) => {
        const r = recorded.get(ex.index);
        if (!r || !sameRequest(r.request, ex.case)) {
          summary.unmatched++;
          return;
        }
        recorded.delete(ex.index);
        compare(ex.index, ex.case, signatureOfExchange(ex), r.sig);
      },
    });
  } else {
    // both sides at once; an answer waits here only until the other side's answer to the same case arrives
    const waiting = new Map<number, { side: 'target' | 'reference'; sig: Signature }>();
    const arrive = (side: 'target' | 'reference') => (ex: Exchange) => {
      const sig = signatureOfExchange(ex);
      const other = waiting.get(ex.index);
      if (!other || other.side === side) {
        waiting.set(ex.index, { side, sig });
        return;
      }
      waiting.delete(ex.index);
      const [t, r] = side === 'target' ? [sig, other.sig] : [other.sig, sig];
      compare(ex.index, ex.case, t, r);
    };
    const referenceOptions: RunOptions = {
      ...opts.target,
      targetUrl: ref.url,
      credentials: ref.credentials,
      checks: [] as Check[],
      publicBaseUrl: undefined,
      shrink: false,
      onProgress: undefined,
      cleanup: false,
      onCreated: undefined,
      onDeleted: undefined,
      ...opts.referenceRun,
      onExchange: arrive('reference'),
    };
    [targetRun, referenceRun] = await Promise.all([runSuite({ ...opts.target, onExchange: arrive('target') }), runSuite(referenceOptions)]);
    summary.unmatched = waiting.size;
  }
  rows = sortRows(rows).slice(0, limit);
  summary.shown = rows.length;
  return {
    target: targetRun,
    ...(referenceRun ? { reference: referenceRun } : {}),
    divergences: rows,
    summary,
    unused: expected.filter((e) => !used.has(e)),
  };
}

function sortRows(rows: Divergence[]): Divergence[] {
  return rows.sort((a, b) => a.index - b.index || ASPECTS.indexOf(a.aspect) - ASPECTS.indexOf(b.aspect));
}

// ---------------------------------------------------------------------------------------------
// The divergence table

export interface TableOptions {
  /** rows printed at most (default 40) */
  maxRows?: number;
  /** make target text inert on a terminal */
  clean?: (s: string) => string;
}

/** The divergence table as fixed-width text: case, request class, aspect, target, reference. */
export function divergenceTable(rows: readonly Divergence[], total: number, opts: TableOptions = {}): string {
  const clean = opts.clean ?? ((s: string) => s);
  const max = opts.maxRows ?? 40;
  if (rows.length === 0) return 'no divergence\n';
  const shown = rows.slice(0, max);
  const width = (values: string[], header: string, cap: number) => Math.min(cap, Math.max(header.length, ...values.map((v) => clean(v).length)));
  const w = {
    cls: width(shown.map((r) => r.requestClass), 'request class', 48),
    aspect: width(shown.map((r) => r.aspect), 'aspect', 15),
    target: width(shown.map((r) => r.target), 'target', 36),
    reference: width(shown.map((r) => r.reference), 'reference', 36),
    index: width(shown.map((r) => `#${r.index}`), 'case', 8),
  };
  const cell = (s: string, n: number) => {
    const c = clean(s);
    return c.length > n ? `${c.slice(0, n - 1)}…` : c.padEnd(n);
  };
  const line = (cells: string[], mark = '') =>
    `${cell(cells[0]!, w.index)}  ${cell(cells[1]!, w.cls)}  ${cell(cells[2]!, w.aspect)}  ${cell(cells[3]!, w.target)}  ${cell(cells[4]!, w.reference)}${mark}`.trimEnd();
  const lines = [line(['case', 'request class', 'aspect', 'target', 'reference'])];
  for (const r of shown) lines.push(line([`#${r.index}`, r.requestClass, r.aspect, r.target, r.reference], r.expected ? '  (expected)' : ''));
  if (total > shown.length) lines.push(`… ${total - shown.length} more row(s) in the report`);
  return `${lines.join('\n')}\n`;
}
