import { basename } from 'node:path';
import type { Check, Judge } from '../contracts/check.ts';
import type { TestCase } from '../contracts/exchange.ts';
import type { CheckReport } from '../contracts/report.ts';
import { bodyObject, describe, fail, PASS, skip } from '../engine/checks/util.ts';
import { EvidenceFileError, isObject, readJsonFile } from './files.ts';
import { type Cassette, entryBodyText, type HarCase } from './har.ts';

/**
 * Observed behaviour as expectations. An observations file says, per request class, which
 * status and Twilio error code a target was seen to answer; `run --observations FILE` makes the
 * `observed.behaviour` check (level 3, SHOULD) hold a target to it. Observations rank below the
 * seed description, the official OpenAPI and documented behaviour: they only ever warn.
 */

export const OBSERVATIONS_VERSION = 1;
export const OBSERVED_CHECK_ID = 'observed.behaviour';

export interface Observation {
  /** `<category>/<rule>`, e.g. `missing-field/Email.required` (see requestClassOf) */
  requestClass: string;
  status: number;
  /** the Twilio error code in the body; null when the answer had none (e.g. a 201) */
  code: number | null;
  /** when it was observed (ISO 8601) */
  observedAt: string;
  /** the target URL or host it was observed at */
  where: string;
  /** the cassette it was derived from */
  source?: string;
  /** how many answers of this class the source held */
  seen?: number;
  /** when the answers within the class disagreed: each answer and how often (the most common is recorded) */
  answers?: { status: number; code: number | null; count: number }[];
  note?: string;
}

export interface ObservationsFile {
  observationsVersion: typeof OBSERVATIONS_VERSION;
  observations: Observation[];
}

export interface LoadedObservations {
  /** the file's name, as the report cites it */
  name: string;
  byClass: ReadonlyMap<string, Observation>;
  list: readonly Observation[];
}

/**
 * The class of a request, as observations and divergences group them: `coverage/<label>` for a
 * row of the coverage phase (one exact request each); `<category>/<rule>` for a case that breaks a rule; for a repeated parameter `<category>/<label>` (its label names the
 * parameter and whether the values differ, a handful of classes); else `<category>/<expect>`
 * (`valid/create`, `wire-variant/create`, …: their labels describe generated values).
 * Never depends on --policy-sid, so a recording against Twilio matches a run against a mock.
 */
export function requestClassOf(tc: Pick<TestCase, 'category' | 'rule' | 'label' | 'expect'> | HarCase): string {
  // a coverage row is one exact request, the same on every seed: its label is its class
  if (tc.category === 'coverage') return `${tc.category}/${tc.label}`;
  if (tc.rule) return `${tc.category}/${tc.rule}`;
  if (tc.category === 'repeated-param') return `${tc.category}/${tc.label}`;
  return `${tc.category}/${tc.expect}`;
}

/** "400 / code 20001", "201 / no code" */
export function answerText(status: number, code: number | null): string {
  return `${status} / ${code === null ? 'no code' : `code ${code}`}`;
}

function dateOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Parse an observations document; throws EvidenceFileError naming the first problem. */
export function parseObservations(doc: unknown, name: string): LoadedObservations {
  const at = `--observations ${name}`;
  if (!isObject(doc)) throw new EvidenceFileError(`${at}: expected a JSON object {"observationsVersion":1,"observations":[…]}`);
  if (doc.observationsVersion !== OBSERVATIONS_VERSION) {
    throw new EvidenceFileError(`${at}: observationsVersion must be ${OBSERVATIONS_VERSION}, got ${JSON.stringify(doc.observationsVersion)}`);
  }
  if (!Array.isArray(doc.observations)) throw new EvidenceFileError(`${at}: observations must be an array`);
  const byClass = new Map<string, Observation>();
  const list: Observation[] = [];
  doc.observations.forEach((o: unknown, i: number) => {
    const here = `${at}: observations[${i}]`;
    if (!isObject(o)) throw new EvidenceFileError(`${here} is not an object`);
    if (typeof o.requestClass !== 'string' || !/^[a-z-]+\/.+/.test(o.requestClass)) {
      throw new EvidenceFileError(`${here}.requestClass must be "<category>/<rule or label>", got ${JSON.stringify(o.requestClass)}`);
    }
    if (!Number.isInteger(o.status) || (o.status as number) < 100 || (o.status as number) > 599) {
      throw new EvidenceFileError(`${here}.status must be an HTTP status (100 to 599), got ${JSON.stringify(o.status)}`);
    }
    const code = o.code ?? null;
    if (code !== null && !Number.isInteger(code)) throw new EvidenceFileError(`${here}.code must be an integer or null, got ${JSON.stringify(o.code)}`);
    if (typeof o.observedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(o.observedAt) || Number.isNaN(Date.parse(o.observedAt))) {
      throw new EvidenceFileError(`${here}.observedAt must be an ISO 8601 date, got ${JSON.stringify(o.observedAt)}`);
    }
    if (typeof o.where !== 'string' || o.where === '') throw new EvidenceFileError(`${here}.where must name the target it was observed at`);
    if (o.source !== undefined && typeof o.source !== 'string') throw new EvidenceFileError(`${here}.source must be a string`);
    const obs: Observation = { ...(o as unknown as Observation), code: code as number | null };
    const earlier = byClass.get(obs.requestClass);
    if (earlier && (earlier.status !== obs.status || earlier.code !== obs.code)) {
      throw new EvidenceFileError(
        `${here}: ${obs.requestClass} is observed twice with different answers (${answerText(earlier.status, earlier.code)} and ${answerText(obs.status, obs.code)})`,
      );
    }
    if (!earlier) byClass.set(obs.requestClass, obs);
    list.push(obs);
  });
  return { name, byClass, list };
}

export async function loadObservations(path: string): Promise<LoadedObservations> {
  return parseObservations(await readJsonFile(path, '--observations'), basename(path));
}

/** The judge of `observed.behaviour` with nothing loaded: it skips. */
export const noObservations: Judge = () => skip('no observations loaded (run --observations FILE)');

/** The judge of `observed.behaviour` for loaded observations: an observed class must be answered as observed. */
export function observedBehaviour(obs: LoadedObservations): Judge {
  return (ex) => {
    const o = obs.byClass.get(requestClassOf(ex.case));
    if (!o) return null;
    const seen = `observed ${answerText(o.status, o.code)} for ${o.requestClass} at ${o.where} on ${dateOf(o.observedAt)} (${obs.name})`;
    if (!ex.response) return fail(`${seen}; this target did not answer: ${ex.error?.message ?? 'no response'}`);
    const code = bodyObject(ex.response)?.code;
    const statusOk = ex.response.status === o.status;
    const codeOk = o.code === null || code === o.code;
    return statusOk && codeOk ? PASS : fail(`${seen}; this target answered ${describe(ex.response)}`);
  };
}

/** The checks with `observed.behaviour` judging by these observations (the others unchanged). */
export function withObservations(checks: readonly Check[], obs: LoadedObservations | undefined): Check[] {
  if (!obs) return [...checks];
  const judge = observedBehaviour(obs);
  return checks.map((c) => (c.id === OBSERVED_CHECK_ID ? { ...c, judge } : c));
}

function listed(values: string[], max = 3): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** `observations file <name>, observed at <where> on <date>`: how the report cites the file. */
export function observationsRef(obs: LoadedObservations): string {
  const wheres = [...new Set(obs.list.map((o) => o.where))];
  const dates = [...new Set(obs.list.map((o) => dateOf(o.observedAt)))].sort();
  const when = dates.length === 0 ? 'no date' : dates.length === 1 ? dates[0]! : `${dates[0]} to ${dates.at(-1)}`;
  const sources = [...new Set(obs.list.flatMap((o) => (o.source ? [o.source] : [])))];
  return (
    `observations file ${obs.name}, observed at ${wheres.length ? listed(wheres) : 'an unnamed target'} on ${when}` +
    `${sources.length ? ` (from ${listed(sources)})` : ''}; ${obs.byClass.size} request class(es); observations rank below the seed description, the official OpenAPI and documented behaviour`
  );
}

/** In a report, say which checks used the observations and where they came from. */
export function citeObservations(checks: CheckReport[], obs: LoadedObservations | undefined): void {
  if (!obs) return;
  for (const c of checks) if (c.id === OBSERVED_CHECK_ID) c.source = { doc: 'suite', ref: observationsRef(obs) };
}

// ---------------------------------------------------------------------------------------------
// Deriving observations from a cassette

export interface Derived {
  file: ObservationsFile;
  /** create entries read */
  exchanges: number;
  /** entries without an answer (transport errors): not observations */
  unanswered: number;
  /** classes whose answers disagreed */
  conflicts: Observation[];
}

interface ClassTally {
  answers: Map<string, { status: number; code: number | null; count: number; firstIndex: number }>;
  firstAt: string;
  where: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * One observation per request class of a recorded run: the most common status and code seen
 * (ties: the answer seen at the lowest plan index); conflicting answers are listed and noted.
 */
export async function deriveObservations(cassette: Cassette): Promise<Derived> {
  const source = basename(cassette.path);
  const classes = new Map<string, ClassTally>();
  let exchanges = 0;
  let unanswered = 0;
  for await (const entry of cassette.entries()) {
    const tc = entry._case;
    if (!tc) continue;
    exchanges++;
    if (!entry.response || entry.response.status === 0) {
      unanswered++;
      continue;
    }
    let code: number | null = null;
    try {
      const body: unknown = JSON.parse(entryBodyText(entry) ?? '');
      if (isObject(body) && Number.isInteger(body.code)) code = body.code as number;
    } catch {
      // not JSON: no code
    }
    const cls = requestClassOf(tc);
    let t = classes.get(cls);
    if (!t) {
      t = { answers: new Map(), firstAt: cassette.meta?.startedAt ?? entry.startedDateTime, where: cassette.meta?.target ?? hostOf(entry.request.url) };
      classes.set(cls, t);
    }
    const key = `${entry.response.status}/${code}`;
    const a = t.answers.get(key);
    if (a) {
      a.count++;
      a.firstIndex = Math.min(a.firstIndex, tc.index);
    } else t.answers.set(key, { status: entry.response.status, code, count: 1, firstIndex: tc.index });
  }
  if (exchanges === 0) {
    throw new EvidenceFileError(`--cassette ${source}: no entry carries _case: record the cassette with 'trusthub-conformance run --record FILE'`);
  }
  const observations: Observation[] = [];
  const conflicts: Observation[] = [];
  for (const cls of [...classes.keys()].sort()) {
    const t = classes.get(cls)!;
    const answers = [...t.answers.values()].sort((a, b) => b.count - a.count || a.firstIndex - b.firstIndex);
    const top = answers[0]!;
    const seen = answers.reduce((n, a) => n + a.count, 0);
    const o: Observation = { requestClass: cls, status: top.status, code: top.code, observedAt: t.firstAt, where: t.where, source, seen };
    if (answers.length > 1) {
      o.answers = answers.map(({ status, code, count }) => ({ status, code, count }));
      o.note = `conflicting answers: ${answers.map((a) => `${a.count}× ${answerText(a.status, a.code)}`).join(', ')}; the most common is recorded`;
      conflicts.push(o);
    }
    observations.push(o);
  }
  return { file: { observationsVersion: OBSERVATIONS_VERSION, observations }, exchanges, unanswered, conflicts };
}
