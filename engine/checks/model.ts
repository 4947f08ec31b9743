/**
 * Judges of the account model (engine/phases/model/model.ts): each command of a seeded sequence against
 * what the model held before it. Only the sequence's own profiles are judged, never the account's
 * others (other users, parallel shards). Pure: a step in, an outcome out.
 */
import type { Outcome, StepJudge } from '../../contracts/check.ts';
import type { Reply } from '../../contracts/exchange.ts';
import { lacksRoute, type AccountModel, type ModelProfile, type ModelStep, type RefusedCreate } from '../../contracts/model.ts';
import { ECHO } from './fidelity.ts';
import { bodyObject, clip, describe, fail, PASS, show, skip, whose } from './util.ts';

/** An answer that says nothing about the account: no answer, or one the target asks to retry. */
const inconclusive = (reply: Reply): boolean => reply.error !== undefined || reply.response?.status === 429 || reply.response?.status === 503;

const ok2xx = (reply: Reply): boolean => {
  const s = reply.response?.status ?? 0;
  return s >= 200 && s < 300;
};

/** Where two texts part, in words: lengths and the first differing character. */
function difference(got: unknown, sent: string | null): string {
  if (typeof got !== 'string' || sent === null) return `${show(got)}, the request sent ${show(sent)}`;
  const a = Array.from(got);
  const b = Array.from(sent);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `${a.length} characters where the request sent ${b.length}, the first difference at character ${i + 1} (${show(clip(got.slice(0, 60), 60))}…)`;
}

/** Why a body does not show a profile as it was sent, if it does not. */
export function profileMismatch(p: ModelProfile, body: Record<string, unknown>): string | undefined {
  if (body.sid !== p.sid) return `it is ${show(body.sid)}, not ${p.sid}`;
  for (const [param, field] of ECHO) {
    const sent = p.fields[param] ?? null;
    if (body[field] !== sent) return `${field} is ${difference(body[field], sent)}`;
  }
  return undefined;
}

const made = (p: ModelProfile) => `created by command ${p.by}`;

/** Whose profile a sid is in the model, in words (for a create that got it back). */
function heldAs(model: AccountModel, sid: string): string | undefined {
  const live = model.live.get(sid);
  if (live) return `the sid of the live profile ${made(live)}: the create overwrote it or shares its sid`;
  const gone = model.deleted.get(sid);
  if (gone) return `the sid of the profile command ${gone.deletedBy} deleted: a sid is never given again`;
  return undefined;
}

function judgeCreate(step: Extract<ModelStep, { command: 'create' }>): Outcome {
  const { answer } = step;
  if (inconclusive(answer)) return null;
  if (step.case.expect === 'reject') {
    if (ok2xx(answer)) return fail(`a create the contract refuses (${step.case.label}) was answered ${answer.response!.status}`);
    return PASS;
  }
  // a valid create refused is create.status-201's to judge (an `either` value may be refused): the model just holds nothing new
  const body = ok2xx(answer) ? bodyObject(answer.response) : undefined;
  if (!body || typeof body.sid !== 'string') return null;
  const reused = heldAs(step.model, body.sid);
  if (reused) return fail(`the create answered ${answer.response!.status} with sid ${body.sid}, ${reused}`);
  const mismatch = profileMismatch({ sid: body.sid, fields: step.case.fields, by: step.n }, body);
  return mismatch ? fail(`the create answered ${answer.response!.status}, but ${mismatch}`) : PASS;
}

function judgeRead(step: Extract<ModelStep, { command: 'fetch' | 'delete' }>): Outcome {
  const { answer, model, sid } = step;
  if (inconclusive(answer)) return null;
  const route = step.command === 'fetch' ? 'GET' : 'DELETE';
  if (lacksRoute(answer)) return skip(`${route} /v1/CustomerProfiles/{Sid} answered ${answer.response!.status}: the target has no such route`);
  const res = answer.response!;
  const live = model.live.get(sid);
  if (live) {
    const expected = step.command === 'fetch' ? 200 : 204;
    if (res.status !== expected) return fail(`${whose(answer)}${describe(res)}, expected ${expected}: the profile was ${made(live)} and never deleted`);
    if (step.command === 'delete') return PASS;
    const body = bodyObject(res);
    const mismatch = body ? profileMismatch(live, body) : 'the body is not a JSON object';
    return mismatch ? fail(`${whose(answer)}the profile ${made(live)} reads back wrong: ${mismatch}`) : PASS;
  }
  if (res.status === 404) return PASS;
  const gone = model.deleted.get(sid);
  const why = gone ? `command ${gone.deletedBy} deleted it` : 'no profile ever had this sid';
  return fail(`${whose(answer)}${describe(res)}, expected 404: ${why}`);
}

/**
 * Each command's answer, against what the model predicts: creates, reads and deletes, and every
 * live profile a list shows as it was sent (which profiles a list holds is list.exact's).
 */
export const accountModel: StepJudge = (step) => {
  if (step.command === 'create') return judgeCreate(step);
  if (step.command === 'list') return judgeListed(step);
  return judgeRead(step);
};

type ListStep = Extract<ModelStep, { command: 'list' }>;

/** The profiles of a page, when it is a 200 with a results array. */
function resultsOf(page: Reply): Record<string, unknown>[] | undefined {
  if (page.response?.status !== 200) return undefined;
  const results = bodyObject(page.response)?.results;
  return Array.isArray(results) ? results.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r)) : undefined;
}

/** Every profile the walk showed, by sid (the first time it showed it). */
function listedOf(pages: readonly Reply[]): Map<string, Record<string, unknown>> {
  const listed = new Map<string, Record<string, unknown>>();
  for (const page of pages) {
    for (const p of resultsOf(page) ?? []) if (typeof p.sid === 'string' && !listed.has(p.sid)) listed.set(p.sid, p);
  }
  return listed;
}

const walked = (step: ListStep) => `the list walked with PageSize=${step.pageSize} (${step.pages.length} page${step.pages.length === 1 ? '' : 's'})`;

/** Why a list step cannot be judged, if it cannot: no answer, no list route, a walk cut short. */
function unjudged(step: ListStep): Outcome | undefined {
  const first = step.pages[0];
  if (!first || step.pages.some(inconclusive)) return null;
  if (lacksRoute(first)) return skip(`GET /v1/CustomerProfiles answered ${first.response!.status}: the target has no list route`);
  if (step.pages.some((p) => !resultsOf(p))) return null;
  return undefined;
}

/** Every live profile of the sequence a list shows, shown as it was sent. */
function judgeListed(step: ListStep): Outcome | { status: 'fail'; message: string; at: number } {
  const not = unjudged(step);
  if (not !== undefined) return not;
  let judged = false;
  for (let at = 0; at < step.pages.length; at++) {
    for (const shown of resultsOf(step.pages[at]!)!) {
      const p = typeof shown.sid === 'string' ? step.model.live.get(shown.sid) : undefined;
      if (!p) continue;
      judged = true;
      const mismatch = profileMismatch(p, shown);
      if (mismatch) return { status: 'fail', message: `${whose(step.pages[at]!)}shows ${p.sid} (${made(p)}) otherwise than it was sent: ${mismatch}`, at };
    }
  }
  return judged ? PASS : null;
}

/** The walk holds every live profile of the sequence, and none it deleted (as what is the model's rule). */
export const listExact: StepJudge = (step) => {
  // a filtered list holds only the profiles of its value: account.list-filter's
  if (step.command !== 'list' || step.filter) return null;
  const not = unjudged(step);
  if (not !== undefined) return not;
  if (step.cut) return skip(`${walked(step)} did not reach its end: ${step.cut.message}`);
  const at = step.pages.length - 1;
  const listed = listedOf(step.pages);
  for (const p of step.model.live.values()) {
    if (!listed.has(p.sid)) return { status: 'fail', message: `${walked(step)} does not hold ${p.sid}, ${made(p)} and never deleted`, at };
  }
  for (const p of step.model.deleted.values()) {
    if (listed.has(p.sid)) return { status: 'fail', message: `${walked(step)} still shows ${p.sid}, which command ${p.deletedBy} deleted (204)`, at };
  }
  return PASS;
};

const FILTERED_FIELD = { FriendlyName: 'friendly_name', PolicySid: 'policy_sid' } as const;

/**
 * A list asked with a live profile's own FriendlyName or PolicySid, walked to its end, shows only
 * profiles holding that very value, holds every live profile of the sequence that holds it, and
 * none the sequence deleted.
 */
export const listFilter: StepJudge = (step) => {
  if (step.command !== 'list' || !step.filter) return null;
  const not = unjudged(step);
  if (not !== undefined) return not;
  const { param, value } = step.filter;
  const field = FILTERED_FIELD[param];
  const asked = `asked with ${param}=${show(clip(value, 60))}`;
  for (let at = 0; at < step.pages.length; at++) {
    for (const p of resultsOf(step.pages[at]!)!) {
      if (p[field] !== value) return { status: 'fail', message: `${whose(step.pages[at]!)}a list ${asked} shows ${show(p.sid)}, whose ${field} is ${difference(p[field], value)}`, at };
    }
  }
  if (step.cut) return skip(`${walked(step)} ${asked} did not reach its end: ${step.cut.message}`);
  const at = step.pages.length - 1;
  const listed = listedOf(step.pages);
  for (const p of step.model.live.values()) {
    if (p.fields[param] === value && !listed.has(p.sid)) return { status: 'fail', message: `${walked(step)} ${asked} does not hold ${p.sid} (${made(p)}), whose ${field} is that very value`, at };
  }
  for (const p of step.model.deleted.values()) {
    if (listed.has(p.sid)) return { status: 'fail', message: `${walked(step)} ${asked} still shows ${p.sid}, which command ${p.deletedBy} deleted (204)`, at };
  }
  return PASS;
};

/** The profiles of a walk that carry the text of one of the model's refused creates (not one the model holds live). */
export function refusedTraces(model: AccountModel, pages: readonly Reply[]): Array<{ sid: unknown; refused: RefusedCreate; at: number }> {
  const traces: Array<{ sid: unknown; refused: RefusedCreate; at: number }> = [];
  if (model.refused.length === 0) return traces;
  for (let at = 0; at < pages.length; at++) {
    for (const p of resultsOf(pages[at]!) ?? []) {
      if (typeof p.sid === 'string' && model.live.has(p.sid)) continue;
      const text = `${typeof p.friendly_name === 'string' ? p.friendly_name : ''} ${typeof p.email === 'string' ? p.email : ''}`;
      const refused = model.refused.find((r) => text.includes(r.marker));
      if (refused) traces.push({ sid: p.sid, refused, at });
    }
  }
  return traces;
}

/** No profile of the walk carries the text of a refused create. */
export const rejectNoTrace: StepJudge = (step) => {
  if (step.command !== 'list' || step.model.refused.length === 0) return null;
  const not = unjudged(step);
  if (not !== undefined) return not;
  const [trace] = refusedTraces(step.model, step.pages);
  if (!trace) return PASS;
  const { sid, refused, at } = trace;
  return {
    status: 'fail',
    message: `${whose(step.pages[at]!)}shows ${show(sid)}, which carries ${show(refused.marker)}: the text of command ${refused.by}, a create refused as ${refused.label}`,
    at,
  };
};

const COLLECTION = '/v1/CustomerProfiles';

/** A page's meta.next_page_url as given (undefined when the page has no meta object). */
export function nextPageUrl(page: Reply): unknown {
  const meta = bodyObject(page.response)?.meta;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>).next_page_url : undefined;
}

/** Why a next_page_url is not a URL of the collection's next page, if it is not. */
function badNextUrl(next: unknown): string | undefined {
  if (next === null || next === undefined) return undefined;
  if (typeof next !== 'string') return `meta.next_page_url is ${show(next)}, not a URL or null`;
  try {
    const u = new URL(next);
    if (u.pathname.replace(/\/$/, '') !== COLLECTION) return `meta.next_page_url ${show(next)} is not a URL of ${COLLECTION}`;
  } catch {
    return `meta.next_page_url ${show(next)} is not an absolute URL`;
  }
  return undefined;
}

/** Every page within PageSize, its next_page_url a URL of the collection, no profile shown twice, a walk that ends. */
export const listPaging: StepJudge = (step) => {
  if (step.command !== 'list') return null;
  const not = unjudged(step);
  if (not !== undefined) return not;
  const seenOn = new Map<string, number>();
  for (let at = 0; at < step.pages.length; at++) {
    const page = step.pages[at]!;
    const results = resultsOf(page)!;
    if (results.length > step.pageSize) {
      return { status: 'fail', message: `${whose(page)}holds ${results.length} profiles; PageSize=${step.pageSize} asks for at most ${step.pageSize}`, at };
    }
    for (const p of results) {
      if (typeof p.sid !== 'string') continue;
      const before = seenOn.get(p.sid);
      if (before !== undefined) {
        const where = before === at ? 'twice on this page' : `already on page ${before + 1}`;
        return { status: 'fail', message: `${whose(page)}shows ${p.sid} again (${where}): a walk to the last page shows each profile once`, at };
      }
      seenOn.set(p.sid, at);
    }
    const bad = badNextUrl(nextPageUrl(page));
    if (bad) return { status: 'fail', message: `${whose(page)}${bad}`, at };
  }
  if (step.cut?.reason === 'cycle') return { status: 'fail', message: `${walked(step)}: ${step.cut.message}`, at: step.pages.length - 1 };
  return PASS;
};
