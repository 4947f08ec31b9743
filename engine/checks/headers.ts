import { answerOf } from '../../contracts/answer.ts';
import type { ReplyJudge } from '../../contracts/check.ts';
import { isJson } from './errors.ts';
import { fail, PASS, show, whose } from './util.ts';

/**
 * Rules of the headers and framing of every answer of a kind, read by the grammar their source
 * gives (contracts/answer.ts): the Date (RFC 9110 §6.6.1, §5.6.7), the media type of a success
 * (the OpenAPI's application/json), the DELETE's 204.
 */

export const dateHeader: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res) return null;
  const date = answerOf(res).date;
  if (date.kind === 'absent') return fail(`${whose(reply)}the ${res.status} answer has no Date header`);
  if (date.kind === 'error') return fail(`${whose(reply)}the ${res.status} answer's Date ${date.error}`);
  return PASS;
};

const IMF_EXAMPLE = 'Sun, 06 Nov 1994 08:49:37 GMT';

export const dateImfFixdate: ReplyJudge = (reply) => {
  const res = reply.response;
  if (res?.headers.date === undefined) return null;
  const date = answerOf(res).date;
  const value = show(res.headers.date);
  if (date.kind !== 'ok') return fail(`${whose(reply)}Date ${value} is not IMF-fixdate (e.g. ${IMF_EXAMPLE})`);
  if (date.value.form !== 'IMF-fixdate') return fail(`${whose(reply)}Date ${value} is written as the obsolete ${date.value.form}, not IMF-fixdate (e.g. ${IMF_EXAMPLE})`);
  if (!date.value.weekdayRight) return fail(`${whose(reply)}Date ${value} names the wrong day of the week`);
  return PASS;
};

export const successJson: ReplyJudge = (reply) => {
  const why = isJson(reply);
  return why === undefined ? PASS : fail(`${whose(reply)}the ${reply.response!.status} has ${why}, expected application/json`);
};

/** OpenAPI: a DELETE answers 204 with no content; a 204 carries none (RFC 9110 §15.3.5). */
export const deleteNoContent: ReplyJudge = (reply) => {
  const res = reply.response!;
  if (res.status !== 204) return fail(`${whose(reply)}a successful DELETE answered ${res.status}, expected 204 No Content`);
  return res.bodyText === '' ? PASS : fail(`${whose(reply)}the 204 carries a body: ${show(res.bodyText)}`);
};
