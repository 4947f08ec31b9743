/**
 * Replaying the counterexamples of an earlier report: each recorded request is sent again to the
 * target the caller names (--target; a report names what to send, never where the credentials go),
 * only on the operation's routes, its Authorization rebuilt from the caller's credentials for the
 * case's auth mode and the caller's extra headers filled in. The new answer is judged by the same
 * check and compared with the recorded one. A replay reproduces when the status is the same (or
 * the same transport error) and the check fails again; one the check cannot judge never
 * reproduces. A failure of a sequence (a request after the create broke the check) is replayed
 * whole: the create, the follow-ups the check needs and that request, in order, with the new sid
 * (engine/run/replay-sequence.ts). What the replay
 * creates is counted against the budget and deleted at the end, as in a run.
 */
import type { Check } from '../../contracts/check.ts';
import type { AuthMode, Exchange, FollowUp, ReceivedResponse, SentRequest, TestCase, TransportError } from '../../contracts/exchange.ts';
import { OptionError } from '../../contracts/errors.ts';
import type { Counterexample, LiveSummary } from '../../contracts/report.ts';
import { CHECKS } from '../checks/index.ts';
import { FORBIDDEN_HEADERS } from '../options/headers.ts';
import type { ResolvedOptions } from '../options/model.ts';
import { assertResolved } from '../options/resolve.ts';
import { authorizationFor, type Credentials, credentialsBeside, KEY_HEADER_NAMES, redact, withoutCredentialQuery } from '../transport/credentials.ts';
import { headerEnvVar } from '../transport/curl.ts';
import { HealthMonitor } from '../transport/health.ts';
import type { HttpRequest } from '../transport/http.ts';
import { PATH, USER_AGENT } from '../transport/request.ts';
import { Sender } from '../transport/sender.ts';
import { cleanUp, isSafeSid } from './cleanup.ts';
import { budgetLine } from './live.ts';
import { reachTarget } from './reach.ts';
import { runSecrets } from './run.ts';
import { answerWords, isSequence, judgeSequence, replaySequence, type SendOne } from './replay-sequence.ts';

export interface ReplayItem {
  checkId: string;
  counterexample: Counterexample;
}

/** Where a replay sends and with what: the resolved options' target and credentials, never the report's. */
export interface ReplayTarget {
  /** the base URL to send to (--target) */
  base: string;
  credentials: Credentials;
  /** values of the caller's extra headers (lower-case names), for those the report shows redacted */
  headers?: Readonly<Record<string, string>>;
}

export interface ReplayHooks {
  signal?: AbortSignal;
  /** every profile created and deleted, with the base URL it is on */
  onCreated?: (sid: string, base: string) => void;
  onDeleted?: (sid: string, base: string) => void;
  log?: (line: string) => void;
}

export interface ReplayResult extends ReplayItem {
  /** the request as sent now (credentials redacted) */
  request: SentRequest;
  response?: ReceivedResponse;
  error?: TransportError;
  latencyMs: number;
  /** the check's verdict on the new answer: fail, pass, or not judged (why) */
  judged: { status: 'fail' | 'pass'; message?: string } | { status: 'not-judged'; reason: string };
  /** same status (or transport error) as recorded, and the check fails again when it can be judged */
  reproduced: boolean;
  /** the recorded and the new answer, in words: "201", "error ECONNRESET", "not sent" */
  recordedAnswer: string;
  answer: string;
  /** what differs in the body, in a few words (JSON fields, else the first differing place) */
  bodyDiff: string;
  /** for a failure of a sequence: each request sent, "POST /v1/CustomerProfiles → 201 (create)", the last the one that broke the check */
  sequence?: string[];
}

export interface ReplayRun {
  results: ReplayResult[];
  /** what the replay created and what became of it, as a run's report says it */
  live: LiveSummary;
}

/** The auth mode of a counterexample: recorded in newer reports, else read from its curl line. */
export function authOf(c: Counterexample): AuthMode {
  if (c.case?.auth) return c.case.auth;
  if (!/ -u "/.test(c.curl)) return 'none';
  return /-wrong"/.test(c.curl) ? 'wrong' : 'valid';
}

/** The operation's routes: a report may name these and nothing else. */
const ROUTES = 'POST /v1/CustomerProfiles, GET /v1/CustomerProfiles, GET or DELETE /v1/CustomerProfiles/{Sid}';

/**
 * The path a recorded request goes to on the new base, when it is one of the operation's routes;
 * a OptionError naming the case otherwise. The recorded URL's host never matters: only --target does.
 */
export function routeOf(c: Counterexample): string {
  const { method } = c.request;
  // the credentials a `query-credentials` request carried in its query are the run's, sent again from this run's (replayRequest)
  const url = typeof c.request.url === 'string' && authOf(c) === 'query-credentials' ? withoutCredentialQuery(c.request.url) : c.request.url;
  const at = typeof url === 'string' ? url.indexOf(PATH) : -1;
  const path = at >= 0 ? url.slice(at) : String(url);
  const [pathname = '', query] = path.split('?', 2);
  const sid = pathname.startsWith(`${PATH}/`) ? pathname.slice(PATH.length + 1) : undefined;
  const ok =
    (method === 'POST' && pathname === PATH && query === undefined) ||
    (method === 'GET' && pathname === PATH) ||
    ((method === 'GET' || method === 'DELETE') && sid !== undefined && isSafeSid(sid) && query === undefined);
  if (!ok) {
    const shown = `${String(method).slice(0, 10)} ${path.slice(0, 80)}`.replace(/[^\x20-\x7e]/g, '?');
    // the update is a route of the API, but a replay writes to no profile it did not make itself (the run updates only one it made for that)
    if (method === 'POST' && sid !== undefined && !sid.includes('/')) {
      throw new OptionError(`case #${c.index}: ${shown} is an update (POST /v1/CustomerProfiles/{Sid}), which replay does not send again: it would write to a profile the replay did not make; nothing was sent`);
    }
    throw new OptionError(`case #${c.index}: ${shown} is not a route of the operation (${ROUTES}): nothing was sent`);
  }
  return path;
}

/** The request to send again: same method, path, headers and body; credentials and hidden headers filled in. */
export function replayRequest(c: Counterexample, opts: ReplayTarget): HttpRequest {
  const recorded = c.request;
  const path = routeOf(c);
  const headers: Record<string, string> = {};
  const ownKeys = authOf(c) === 'api-key-headers';
  for (const [name, value] of Object.entries(recorded.headers)) {
    const lower = name.toLowerCase();
    // what the suite sets itself (credentials, host, length, …) is never taken from a report
    if (Object.hasOwn(FORBIDDEN_HEADERS, lower) && lower !== 'content-type' && lower !== 'user-agent') continue;
    // the key headers an `api-key-headers` request carried are the run's credentials: sent again from this run's (credentialsBeside)
    if (ownKeys && (KEY_HEADER_NAMES as readonly string[]).includes(lower) && opts.headers?.[lower] === undefined) continue;
    if (value === '[redacted]') {
      const given = opts.headers?.[lower];
      if (given === undefined) {
        throw new OptionError(`case #${c.index} was sent with the header ${lower} (redacted in the report): give -H "${lower}: …" or set ${headerEnvVar(lower)}`);
      }
      headers[lower] = given;
    } else headers[lower] = value;
  }
  Object.assign(headers, opts.headers, { 'user-agent': headers['user-agent'] ?? USER_AGENT });
  const authorization = authorizationFor(authOf(c), opts.credentials);
  if (authorization) headers.authorization = authorization;
  // the shapes that carry the credentials outside Authorization (a query, key headers): this run's, the user's own headers kept
  const beside = credentialsBeside(authOf(c), opts.credentials, Object.keys(opts.headers ?? {}));
  Object.assign(headers, beside.headers);
  const query = beside.query === undefined ? '' : `${path.includes('?') ? '&' : '?'}${beside.query}`;
  return { method: recorded.method, url: `${opts.base.replace(/\/+$/, '')}${path}${query}`, headers, body: recorded.body };
}

/**
 * Send every item again, one at a time, through a run's sender (its rate, retries and create
 * budget), judge each new answer, then delete what the replay created, as a run does. Takes only
 * options resolveOptions() made for a replay: the destination is --target, never the report's.
 */
export async function replay(items: readonly ReplayItem[], options: ResolvedOptions, hooks: ReplayHooks = {}): Promise<ReplayRun> {
  assertResolved(options, 'replay()', ['replay']);
  const base = options.target!.url;
  const credentials = options.credentials!;
  const target: ReplayTarget = { base, credentials, ...(options.headers ? { headers: options.headers } : {}) };
  // every request is built (and its route checked) before the first is sent
  const requests = items.map((item) => replayRequest(item.counterexample, target));
  const t = options.transport;
  await reachTarget({
    url: base,
    credentials,
    ...(options.credentialsFrom ? { credentialsFrom: options.credentialsFrom } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    timeoutMs: options.timeoutMs,
    caFile: t.caFile,
    insecure: t.insecure,
    ...(options.waitForTargetMs !== undefined ? { waitMs: options.waitForTargetMs } : {}),
    signal: hooks.signal,
    log: hooks.log,
  });
  const budget = budgetLine(options);
  if (budget) hooks.log?.(budget);
  const health = new HealthMonitor({ concurrency: 1, timeoutMs: options.timeoutMs, retries: t.retries });
  const cleanup = !options.live.keepCreated;
  const sender = new Sender(
    {
      base,
      credentials,
      concurrency: 1,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      caFile: t.caFile,
      insecure: t.insecure,
      maxCreates: options.live.maxCreates,
      track: cleanup,
      retries: t.retries,
      retryMaxMs: t.retryMaxMs,
      rps: t.rps,
      signal: hooks.signal,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(hooks.onCreated ? { onCreated: (sid: string) => hooks.onCreated!(sid, base) } : {}),
      ...(hooks.onDeleted ? { onDeleted: (sid: string) => hooks.onDeleted!(sid, base) } : {}),
    },
    health,
  );
  const secrets = runSecrets(credentials, options.headers);
  const results: ReplayResult[] = [];
  let live: LiveSummary;
  // the account as it was (when the replay cleans up or has a budget): a profile listed now is never the replay's to delete
  await sender.open();
  try {
    for (const [i, item] of items.entries()) {
      if (hooks.signal?.aborted) break;
      const one = isSequence(item.counterexample) ? replayWhole(item, sender, target, secrets) : replayOne(item, requests[i]!, sender, target, secrets);
      results.push(await one);
    }
  } finally {
    // also after an interruption or a failure: nothing the replay created is left behind unless asked
    // only the replay's own profiles, under a health monitor of the cleanup's own (a hanging DELETE ends it)
    const done = sender.account ? await cleanUp(sender, { concurrency: 1, timeoutMs: options.timeoutMs, retries: t.retries, keep: !cleanup, unreachable: health.answered === 0 }) : undefined;
    await sender.close();
    live = { ...sender.live, ...(done ? { cleanup: done } : {}), ...(options.live.keepCreated ? { kept: true } : {}) };
  }
  return { results, live };
}

/** One item: a create through the sender's budget, a read or delete as a follow-up; judged by its check. */
async function replayOne(item: ReplayItem, req: HttpRequest, sender: Sender, target: ReplayTarget, secrets: string[]): Promise<ReplayResult> {
  const c = item.counterexample;
  const tc = caseOf(c);
  let ex: Exchange | undefined;
  if (req.method === 'POST') {
    ex = await sender.send(tc);
    if (ex) ex.index = c.index;
  } else {
    const f: FollowUp = await sender.follow(req.method, req.url, { auth: authOf(c), index: c.index, case: tc, purpose: 'replay' });
    ex = { index: c.index, case: tc, request: f.request, latencyMs: 0, receivedAt: Date.now(), ...(f.response ? { response: f.response } : {}), ...(f.error ? { error: f.error } : {}) };
  }
  const recordedAnswer = c.response ? String(c.response.status) : `error ${c.error?.code ?? 'unknown'}`;
  if (!ex) {
    return {
      ...item,
      request: { method: req.method, url: req.url, headers: {}, body: req.body ?? '' },
      latencyMs: 0,
      judged: { status: 'not-judged', reason: 'not sent: the create budget is spent, or the replay was interrupted' },
      reproduced: false,
      recordedAnswer,
      answer: 'not sent',
      bodyDiff: 'nothing sent',
    };
  }
  const judged = judge(CHECKS.find((k) => k.id === item.checkId), c, ex, target, secrets);
  const answer = ex.response ? String(ex.response.status) : `error ${ex.error?.code ?? 'unknown'}`;
  return {
    ...item,
    request: ex.request,
    ...(ex.response ? { response: ex.response } : {}),
    ...(ex.error ? { error: ex.error } : {}),
    latencyMs: ex.latencyMs,
    judged,
    reproduced: answer === recordedAnswer && judged.status === 'fail',
    recordedAnswer,
    answer,
    bodyDiff: redact(bodyDiff(c.response?.body, ex.response?.bodyText), secrets),
  };
}

function caseOf(c: Counterexample): TestCase {
  const kept = c.case ?? { expect: 'either', auth: authOf(c), fields: {}, contentType: c.request.headers['content-type'] ?? null };
  return { category: c.category, label: c.caseLabel, body: c.request.body, ...kept };
}

const judgeCtx = (opts: ReplayTarget, secrets: string[]) => ({ targetUrl: opts.base.replace(/\/+$/, ''), accountSid: opts.credentials.accountSid, secrets, seenSids: new Map() });

function judge(check: Check | undefined, c: Counterexample, ex: Exchange, opts: ReplayTarget, secrets: string[]): ReplayResult['judged'] {
  if (!check) return { status: 'not-judged', reason: 'this version of the suite has no such check' };
  if (!c.case) return { status: 'not-judged', reason: 'the report is older than replay: it does not say what the case expects' };
  const verdict = verdictOf(check.judge(ex, judgeCtx(opts, secrets)), secrets);
  // a check that reads follow-ups, on the create alone: a failure is one, anything else says nothing
  if (check.followUps && verdict.status !== 'fail') return { status: 'not-judged', reason: 'the check reads follow-up requests this failure did not record' };
  return verdict;
}

function verdictOf(outcome: ReturnType<Check['judge']>, secrets: string[]): ReplayResult['judged'] {
  if (!outcome || outcome.status === 'skip') return { status: 'not-judged', reason: outcome?.reason ?? 'the check does not apply to this exchange alone' };
  return outcome.status === 'fail' ? { status: 'fail', message: redact(outcome.message, secrets) } : { status: 'pass' };
}

/** A failure of a sequence, replayed whole through the sender (a create under the budget) and judged as the run judged it. */
async function replayWhole(item: ReplayItem, sender: Sender, target: ReplayTarget, secrets: string[]): Promise<ReplayResult> {
  const c = item.counterexample;
  const send: SendOne = async (step) => {
    const tc = caseOf(step);
    if (step.request.method === 'POST') {
      const ex = await sender.send(tc, false, c.index);
      return ex && { answer: { request: ex.request, ...(ex.response ? { response: ex.response } : {}), ...(ex.error ? { error: ex.error } : {}) }, latencyMs: ex.latencyMs };
    }
    const req = replayRequest(step, target);
    return { answer: await sender.follow(req.method, req.url, { auth: tc.auth, index: c.index, case: tc, purpose: 'replay' }), latencyMs: 0 };
  };
  const check = CHECKS.find((k) => k.id === item.checkId);
  const replayed = await replaySequence(c, send);
  const last = replayed.stopped ? undefined : replayed.sent.at(-1);
  let judged: ReplayResult['judged'];
  if (!check) judged = { status: 'not-judged', reason: 'this version of the suite has no such check' };
  else if (!last) judged = { status: 'not-judged', reason: replayed.stopped ?? 'nothing was sent' };
  else judged = verdictOf(judgeSequence(check, c, caseOf(c), replayed, judgeCtx(target, secrets)) ?? null, secrets);
  const recordedAnswer = c.response ? String(c.response.status) : `error ${c.error?.code ?? 'unknown'}`;
  const answer = last ? answerWords(last.answer) : 'not sent';
  return {
    ...item,
    request: last?.answer.request ?? c.request,
    ...(last?.answer.response ? { response: last.answer.response } : {}),
    ...(last?.answer.error ? { error: last.answer.error } : {}),
    latencyMs: replayed.sent.reduce((n, r) => n + r.latencyMs, 0),
    judged,
    reproduced: answer === recordedAnswer && judged.status === 'fail',
    recordedAnswer,
    answer,
    bodyDiff: redact(bodyDiff(c.response?.body, last?.answer.response?.bodyText), secrets),
    sequence: replayed.sent.map((r) => redact(`${r.answer.request.method} ${pathOf(r.answer.request.url)} → ${answerWords(r.answer)} (${r.purpose})`, secrets)),
  };
}

const pathOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};

/** Fields that differ on every create: left out of the body comparison. */
const VOLATILE = new Set(['sid', 'date_created', 'date_updated', 'url', 'links']);

const cut = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** What differs between the recorded body and the new one, in a few words. */
export function bodyDiff(recorded: string | undefined, now: string | undefined): string {
  if (recorded === undefined || now === undefined) return recorded === now ? 'no body either time' : recorded === undefined ? 'no body recorded' : 'no body now';
  // the report cuts long bodies with …: compare that much
  const wasCut = recorded.endsWith('…') && recorded.length > 4096;
  const a = wasCut ? recorded.slice(0, -1) : recorded;
  const b = wasCut ? now.slice(0, a.length) : now;
  const ja = parse(a);
  const jb = parse(b);
  if (ja && jb) {
    const keys = [...new Set([...Object.keys(ja), ...Object.keys(jb)])].filter((k) => !VOLATILE.has(k));
    const shown = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? cut(JSON.stringify(o[k]) ?? 'undefined') : 'absent');
    // changed values first, then fields that appeared, then fields that went
    const rank = (k: string) => (Object.hasOwn(ja, k) && Object.hasOwn(jb, k) ? 0 : Object.hasOwn(jb, k) ? 1 : 2);
    const diffs = keys
      .filter((k) => shown(ja, k) !== shown(jb, k))
      .sort((x, y) => rank(x) - rank(y))
      .map((k) => `${k}: ${shown(ja, k)} → ${shown(jb, k)}`);
    if (!diffs.length) return `same body${[...VOLATILE].some((k) => k in ja) ? ' (sid, dates and url aside)' : ''}`;
    return diffs.slice(0, 4).join('; ') + (diffs.length > 4 ? `; and ${diffs.length - 4} more` : '');
  }
  if (a === b) return 'same body';
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `bodies differ from character ${i}: ${JSON.stringify(cut(a.slice(i), 30))} → ${JSON.stringify(cut(b.slice(i), 30))}`;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
