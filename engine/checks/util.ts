import type { Outcome, RunInput } from '../../contracts/check.ts';
import { answerOf, bodyObject } from '../../contracts/answer.ts';
import type { Exchange, FollowUp, ReceivedResponse, Reply } from '../../contracts/exchange.ts';

export const PASS: Outcome = { status: 'pass' };
/** A failure; `part` names the part of the rule broken when the check holds several (its failures are classed by it). */
export const fail = (message: string, part?: string): Outcome => ({ status: 'fail', message, ...(part !== undefined ? { part } : {}) });
/** A skip; `needs` names the input the run lacked, when that is why (the check's level is then not tested). */
export const skip = (reason: string, needs?: RunInput): Outcome => ({ status: 'skip', reason, ...(needs ? { needs } : {}) });

export { bodyObject, cutWords } from '../../contracts/answer.ts';

/** `type/subtype` of an answer, lower case (read once per answer: contracts/answer.ts). */
export function mediaType(res: ReceivedResponse): string {
  return answerOf(res).mediaType;
}

/** A 201 with a JSON object body: the checks of the created resource apply. */
export function created(ex: Exchange): Record<string, unknown> | undefined {
  if (ex.response?.status !== 201) return undefined;
  return bodyObject(ex.response);
}

/** Cases a faithful server creates, and whose creation is a MUST (extra params are a SHOULD). */
export function mustCreate(ex: Exchange): boolean {
  return ex.case.expect === 'create' && ex.case.category !== 'extra-params';
}

export function isRefusal(res: ReceivedResponse | undefined): res is ReceivedResponse {
  return res !== undefined && res.status >= 400 && res.status < 500;
}

/** Short description of a response for failure messages: `400 (code 20001: Missing …)`. */
export function describe(res: ReceivedResponse | undefined): string {
  if (!res) return 'no response';
  const body = bodyObject(res);
  if (body && typeof body.code === 'number') {
    return `${res.status} (code ${body.code}: ${clip(String(body.message ?? ''), 120)})`;
  }
  const text = res.bodyText.trim();
  return text ? `${res.status} (${clip(text, 120)})` : `${res.status} with an empty body`;
}


export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * The JSON text of a value the target sent; never throws. Answers are read no deeper than
 * MAX_JSON_DEPTH (contracts/answer.ts), so JSON.stringify's recursion is safe; a value built
 * otherwise that nests past the stack shows as such instead of stopping the run.
 */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(a value nested too deep to show)';
  }
}

export function show(v: unknown): string {
  if (v === undefined) return 'absent';
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would show as null
  if (typeof v === 'number' && !Number.isFinite(v)) return `${v} (a number beyond the range of a double)`;
  return clip(jsonText(v), 200);
}

/**
 * The answer named for a failure message: nothing for the create's own answer (its case is
 * shown beside it), `the answer to GET /v1/CustomerProfiles/BU… (read back): ` for any other.
 */
export function whose(reply: Reply): string {
  if (reply.route === 'create' && !reply.absorbed) return '';
  let path = reply.request.url;
  try {
    const u = new URL(reply.request.url);
    path = `${u.pathname}${u.search}`;
  } catch {
    // keep the URL as it was
  }
  const absorbed = reply.absorbed ? ', an answer the retry replaced' : '';
  return `the answer to ${reply.request.method} ${path} (${reply.purpose}${absorbed}): `;
}

/** A route the target lacks: 405/501 (a target without a list or delete route is judged elsewhere). */
export function lacks(f: FollowUp): boolean {
  const status = f.response?.status;
  return status === 405 || status === 501;
}

/** The path a follow-up asked for, as sent (percent-escapes kept). */
/** An answer that says nothing of the rule: the target busy (429) or failing (5xx: no-server-error judges it). */
export const busy = (f: FollowUp | undefined) => f?.response !== undefined && (f.response.status === 429 || f.response.status >= 500);

export const pathOf = (f: FollowUp): string => {
  try {
    return new URL(f.request.url).pathname;
  } catch {
    return f.request.url;
  }
};

/** A 404 Twilio envelope with code 20404, or why not. */
export function notFoundEnvelope(f: FollowUp, what: string): string | undefined {
  if (f.error) return `${what} failed: ${f.error.message}`;
  const res = f.response!;
  if (res.status !== 404) return `${what} answered ${describe(res)}, expected 404`;
  const body = bodyObject(res);
  if (body?.code !== 20404 || body.status !== 404) return `${what} answered 404 with ${show(res.bodyText)}, expected the envelope {"code": 20404, "status": 404, …}`;
  return undefined;
}
