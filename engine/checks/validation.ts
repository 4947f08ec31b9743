import type { Judge, ReplyJudge } from '../../contracts/check.ts';
import { asTheAccount, type Exchange, outsideAuthorization, refusesAuth, type SeenSids, sentFields } from '../../contracts/exchange.ts';
import { listedProfiles } from '../../contracts/answer.ts';
import { parseMediaType } from '../../contracts/grammar.ts';
import { decodeForm } from '../../generators/decodeForm.ts';
import { bodyObject, clip, describe, fail, isRefusal, PASS, show, skip, whose } from './util.ts';

/** Level 2: validation. */

export const invalid4xx: Judge = (ex) => {
  // refused with the account's own credentials, either pair: the refusal is the body's (a wrong credential's is auth.required-401's)
  if (ex.case.expect !== 'reject' || !asTheAccount(ex.case.auth)) return null;
  if (ex.error) return fail(`no answer to an invalid request: ${ex.error.message}`);
  const res = ex.response!;
  if (res.status >= 400 && res.status < 500) return PASS;
  return fail(`expected a 4xx refusal for "${ex.case.label}", got ${describe(res)}`);
};

/** What a refusal says is missing (twilio-behaviour.md: "Missing required parameter <Name> in the post body"). */
const MISSING_CLAIM = /\bMissing required parameter (\w+)/;

/** Whether a request's body is a form (its Content-Type application/x-www-form-urlencoded, RFC 9110 §8.3.1). */
function sentAsForm(headers: Readonly<Record<string, string>>): boolean {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const media = type === undefined ? undefined : parseMediaType(type);
  return typeof media === 'object' && media.essence === 'application/x-www-form-urlencoded';
}

/**
 * A refusal that says a parameter is missing, of a create whose form body holds it (every value of
 * it non-empty, and read without replacement: no U+FFFD) is a body read short: a cap on the number
 * of pairs (querystring's maxKeys, qs' parameterLimit, PHP's max_input_vars: 1000), a body cut.
 * A case that breaks the contract elsewhere may be refused in any words: not judged.
 */
export const missingOnlyWhenAbsent: ReplyJudge = (reply) => {
  const message = bodyObject(reply.response)?.message;
  const named = typeof message === 'string' ? MISSING_CLAIM.exec(message)?.[1] : undefined;
  if (named === undefined || !sentAsForm(reply.request.headers)) return PASS;
  const pairs = decodeForm(reply.request.body);
  const at = pairs.findIndex(([name]) => name === named);
  const values = pairs.filter(([name]) => name === named).map(([, value]) => value);
  if (values.length === 0 || values.some((v) => v === '' || v.includes('\ufffd'))) return PASS;
  if (reply.case?.expect === 'reject') return null;
  const before = at > 0 ? `, after ${at} other pair${at === 1 ? '' : 's'}` : '';
  return fail(`${whose(reply)}answered ${describe(reply.response)}, yet the form body holds ${named}=${show(clip(values[0]!, 40))}${before}: the body was not read whole`, named);
};

export const authRequired401: Judge = (ex) => {
  if (!refusesAuth(ex.case.auth)) return null;
  const what = `"${ex.case.label}"`;
  if (ex.error) return fail(`no answer to ${what}: ${ex.error.message}`);
  const res = ex.response!;
  if (res.status === 401) return PASS;
  // twilio-behaviour.md: missing or wrong credentials get 401, whatever the body
  const why = ex.case.rule?.startsWith('auth.before-validation')
    ? ': credentials are checked before the body, so a stranger never learns what is wrong with it'
    : outsideAuthorization(ex.case.auth) && res.status >= 200 && res.status < 300
      ? ': the credentials outside the Authorization header were taken as the caller (auth is HTTP Basic: the request had none)'
      : '';
  return fail(`${what} got ${describe(res)}, expected 401${why}`);
};

/**
 * The profiles a refused request still created, as the list reads around it show: only new
 * profiles holding what the refused request sent, and named by no earlier 201 of the run, count (another client of the same account, a
 * parallel shard or a person, may create profiles between the two reads). A string says why the
 * lists cannot tell; undefined when the exchange is no refusal bracketed by list reads.
 */
export function storedByRefusal(ex: Exchange, seen?: SeenSids): string[] | string | undefined {
  if (!ex.listBefore && !ex.listAfter) return undefined;
  if (!isRefusal(ex.response)) return undefined;
  const before = listedProfiles(ex.listBefore);
  const after = listedProfiles(ex.listAfter);
  if (typeof before === 'string') return before;
  if (typeof after === 'string') return after;
  const sent = sentFields(ex.case.body, ex.case.contentType);
  // a sid an earlier 201 of the run named is that create's profile (listed again, say, by a job that saved it after its DELETE: delete.gone's)
  return [...after].filter(([sid, p]) => !before.has(sid) && !seen?.has(sid) && sent.every(([field, value]) => p[field] === value)).map(([sid]) => sid);
}

export const noSideEffect: Judge = (ex, ctx) => {
  const added = storedByRefusal(ex, ctx.seenSids);
  if (added === undefined) return null;
  if (typeof added === 'string') return skip(added);
  const res = ex.response!;
  return added.length === 0
    ? PASS
    : fail(`the refused request (${res.status}, "${ex.case.label}") still created ${added.join(', ')}`);
};

export const repeatedConsistent: Judge = (ex) => {
  if (ex.case.category !== 'repeated-param' || !ex.response) return null;
  const res = ex.response;
  if (res.status >= 400 && res.status < 500) return PASS;
  if (res.status !== 201) return fail(`a repeated parameter got ${describe(res)}: neither a refusal nor a create`);
  const body = bodyObject(res);
  if (!body) return fail('201 body is not a JSON object');
  const sent = new URLSearchParams(ex.case.body);
  const fields: Array<[string, string]> = [
    ['FriendlyName', 'friendly_name'],
    ['Email', 'email'],
    ['PolicySid', 'policy_sid'],
    ['StatusCallback', 'status_callback'],
  ];
  for (const [param, field] of fields) {
    const values = sent.getAll(param);
    if (values.length > 1 && !values.includes(body[field] as string)) {
      return fail(`${param} was sent as ${show(values)}; the resource holds ${show(body[field])}, none of them`, field);
    }
  }
  return PASS;
};
