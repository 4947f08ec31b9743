import { answerOf } from '../../contracts/answer.ts';
import type { Judge } from '../../contracts/check.ts';
import type { Exchange, ReceivedResponse } from '../../contracts/exchange.ts';
import { describe, fail, PASS, show } from './util.ts';

/** Checks of the credential matrix (generators/credentialCases.ts) that no older check covers. */

/** Every response the exchange read: the answer to the case, then its follow-ups. */
function responsesOf(ex: Exchange): Array<[what: string, res: ReceivedResponse]> {
  const out: Array<[string, ReceivedResponse]> = [];
  if (ex.response) out.push([`the answer to "${ex.case.label}"`, ex.response]);
  const followUps = [ex.listBefore, ex.listAfter, ex.readBack, ex.deleted, ex.readAfterDelete];
  for (const f of followUps) if (f?.response) out.push([`the answer to ${f.request.method} ${f.request.url}`, f.response]);
  return out;
}

export { challengeSchemes } from '../../contracts/answer.ts';

/** RFC 9110 §11.6.1: a 401 carries a challenge; the resource is guarded by Basic (twilio-behaviour.md). */
export const challenge: Judge = (ex) => {
  let judged = false;
  for (const [what, res] of responsesOf(ex)) {
    if (res.status !== 401) continue;
    judged = true;
    const value = res.headers['www-authenticate'];
    if (value === undefined || value.trim() === '') return fail(`${what} is 401 without a WWW-Authenticate header`);
    const schemes = answerOf(res).challengeSchemes;
    if (!schemes.some((s) => s.toLowerCase() === 'basic')) {
      return fail(`${what} is 401 with WWW-Authenticate ${show(value)}, which offers no Basic challenge`);
    }
  }
  return judged ? PASS : null;
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
