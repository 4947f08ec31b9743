import { answerOf } from '../../contracts/answer.ts';
import type { Judge, ReplyJudge } from '../../contracts/check.ts';
import { describe, fail, PASS, show, whose } from './util.ts';

/** Checks of the credential matrix (generators/credentialCases.ts) that no older check covers. */

export { challengeSchemes } from '../../contracts/answer.ts';

/** RFC 9110 §11.6.1: a 401 carries a challenge; the resource is guarded by Basic (twilio-behaviour.md). */
export const challenge: ReplyJudge = (reply) => {
  const res = reply.response;
  if (res?.status !== 401) return null;
  const value = res.headers['www-authenticate'];
  if (value === undefined || value.trim() === '') return fail(`${whose(reply)}401 without a WWW-Authenticate header`);
  if (!answerOf(res).challengeSchemes.some((s) => s.toLowerCase() === 'basic')) {
    return fail(`${whose(reply)}401 with WWW-Authenticate ${show(value)}, which offers no Basic challenge`);
  }
  return PASS;
};

/** RFC 9110 §11.1: `basic` and `BASIC` name the Basic scheme, so the right credentials create. */
export const schemeCaseInsensitive: Judge = (ex) => {
  const auth = ex.case.auth;
  if (auth !== 'scheme-lower' && auth !== 'scheme-upper') return null;
  const scheme = auth === 'scheme-lower' ? 'basic' : 'BASIC';
  if (ex.error) return fail(`no answer to a valid create with the scheme written ${scheme}: ${ex.error.message}`);
  return ex.response!.status === 201
    ? PASS
    : fail(`the right credentials with the scheme written ${scheme} got ${describe(ex.response)}, expected 201: the scheme name is case-insensitive`);
};
