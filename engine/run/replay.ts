/**
 * Replaying the counterexamples of an earlier report: each recorded request is sent again (its
 * Authorization rebuilt from the caller's credentials for the case's auth mode, the caller's extra
 * headers filled in), the new answer is judged by the same check, and compared with the recorded
 * one. A replay reproduces when the status is the same (or the same transport error) and the
 * check fails again; a check that needs more than one exchange (follow-ups, list reads, sids of
 * other creates) is compared by status alone.
 */
import type { Check } from '../../contracts/check.ts';
import type { AuthMode, Exchange, ReceivedResponse, SentRequest, TestCase, TransportError } from '../../contracts/exchange.ts';
import { OptionError } from '../../contracts/errors.ts';
import type { Counterexample } from '../../contracts/report.ts';
import { CHECKS } from '../checks/index.ts';
import { authorizationFor, type Credentials, redact } from '../transport/credentials.ts';
import { headerEnvVar } from '../transport/curl.ts';
import { createHttpClient, type HttpRequest } from '../transport/http.ts';
import { PATH, sentRequest, USER_AGENT } from '../transport/request.ts';
import { runSecrets } from './run.ts';

export interface ReplayItem {
  checkId: string;
  counterexample: Counterexample;
}

export interface ReplayOptions {
  /** the base URL to send to (the report's target, or another) */
  base: string;
  credentials: Credentials;
  /** values of the caller's extra headers (lower-case names), for those the report shows redacted */
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  caFile?: string;
  insecure?: boolean;
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
  /** the recorded and the new answer, in words: "201", "error ECONNRESET" */
  recordedAnswer: string;
  answer: string;
  /** what differs in the body, in a few words (JSON fields, else the first differing place) */
  bodyDiff: string;
}

/** The auth mode of a counterexample: recorded in newer reports, else read from its curl line. */
export function authOf(c: Counterexample): AuthMode {
  if (c.case?.auth) return c.case.auth;
  if (!/ -u "/.test(c.curl)) return 'none';
  return /-wrong"/.test(c.curl) ? 'wrong' : 'valid';
}

/** The request to send again: same method, path, headers and body; credentials and hidden headers filled in. */
export function replayRequest(c: Counterexample, opts: Pick<ReplayOptions, 'base' | 'credentials' | 'headers'>): HttpRequest {
  const recorded = c.request;
  const at = recorded.url.indexOf(PATH);
  let path: string;
  if (at >= 0) path = recorded.url.slice(at);
  else {
    const u = new URL(recorded.url);
    path = `${u.pathname}${u.search}`;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'host' || lower === 'content-length') continue;
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
  return { method: recorded.method, url: `${opts.base.replace(/\/+$/, '')}${path}`, headers, body: recorded.body };
}

/** Send every item again, one at a time, and judge each new answer. */
export async function replay(items: readonly ReplayItem[], opts: ReplayOptions): Promise<ReplayResult[]> {
  const requests = items.map((item) => replayRequest(item.counterexample, opts));
  const http = createHttpClient({ connections: 1, timeoutMs: opts.timeoutMs, maxResponseBytes: 1024 * 1024, caFile: opts.caFile, insecure: opts.insecure });
  const secrets = runSecrets(opts.credentials, opts.headers);
  const hidden = Object.keys(opts.headers ?? {});
  const results: ReplayResult[] = [];
  try {
    for (const [i, item] of items.entries()) {
      const req = requests[i]!;
      const r = await http.send(req);
      const c = item.counterexample;
      const ex: Exchange = { index: c.index, case: caseOf(c), request: sentRequest(req, hidden), latencyMs: r.latencyMs, receivedAt: r.receivedAt };
      if (r.ok) ex.response = r.response;
      else ex.error = r.error;
      const judged = judge(CHECKS.find((k) => k.id === item.checkId), c, ex, opts, secrets);
      const recordedAnswer = c.response ? String(c.response.status) : `error ${c.error?.code ?? 'unknown'}`;
      const answer = ex.response ? String(ex.response.status) : `error ${ex.error?.code ?? 'unknown'}`;
      results.push({
        ...item,
        request: ex.request,
        ...(ex.response ? { response: ex.response } : {}),
        ...(ex.error ? { error: ex.error } : {}),
        latencyMs: r.latencyMs,
        judged,
        reproduced: answer === recordedAnswer && judged.status !== 'pass',
        recordedAnswer,
        answer,
        bodyDiff: redact(bodyDiff(c.response?.body, ex.response?.bodyText), secrets),
      });
    }
  } finally {
    await http.close().catch(() => undefined);
  }
  return results;
}

function caseOf(c: Counterexample): TestCase {
  const kept = c.case ?? { expect: 'either', auth: authOf(c), fields: {}, contentType: c.request.headers['content-type'] ?? null };
  return { category: c.category, label: c.caseLabel, body: c.request.body, ...kept };
}

function judge(check: Check | undefined, c: Counterexample, ex: Exchange, opts: ReplayOptions, secrets: string[]): ReplayResult['judged'] {
  if (!check) return { status: 'not-judged', reason: 'this version of the suite has no such check' };
  if (!c.case) return { status: 'not-judged', reason: 'the report is older than replay: it does not say what the case expects' };
  if (check.followUps) return { status: 'not-judged', reason: 'the check reads follow-up requests a replay does not make' };
  const outcome = check.judge(ex, { targetUrl: opts.base.replace(/\/+$/, ''), accountSid: opts.credentials.accountSid, secrets, seenSids: new Map() });
  if (!outcome || outcome.status === 'skip') return { status: 'not-judged', reason: outcome?.reason ?? 'the check does not apply to this exchange alone' };
  return outcome.status === 'fail' ? { status: 'fail', message: redact(outcome.message, secrets) } : { status: 'pass' };
}

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
