import { answerOf } from '../../contracts/answer.ts';
import type { ReplyJudge } from '../../contracts/check.ts';
import type { Reply } from '../../contracts/exchange.ts';
import { describeErrors, validateErrorEnvelope } from '../../contracts/validators.ts';
import { bodyObject, fail, PASS, show, whose } from './util.ts';

/**
 * Rules of every error answer (4xx, 5xx), on every route, whatever phase sent the request:
 * the Twilio envelope, its media type, status and more_info, and the codes of 401, 404 and 429
 * (twilio-behaviour.md "Errors"). The catalog entry of each says which answers it judges.
 */

export const errorEnvelope: ReplyJudge = (reply) => {
  const res = reply.response!;
  if (res.jsonError) return fail(`${whose(reply)}the ${res.status} body is not JSON: ${res.jsonError}`);
  return validateErrorEnvelope(res.json)
    ? PASS
    : fail(`${whose(reply)}the ${res.status} body is not a Twilio error envelope: ${describeErrors(validateErrorEnvelope.errors)}`);
};

/** The media type, read by its grammar (RFC 9110 §8.3.1): `application/json; charset=utf-8` and `Application/JSON` are application/json. */
export function isJson(reply: Reply): string | undefined {
  const media = answerOf(reply.response!).media;
  if (media.kind === 'absent') return 'no Content-Type';
  if (media.kind === 'error') return `Content-Type ${media.error}`;
  const essence = media.kind === 'ok' ? media.value.essence : '';
  return essence === 'application/json' ? undefined : `Content-Type ${JSON.stringify(reply.response!.headers['content-type'])}`;
}

export const errorContentType: ReplyJudge = (reply) => {
  const why = isJson(reply);
  return why === undefined ? PASS : fail(`${whose(reply)}the ${reply.response!.status} has ${why}, expected application/json`);
};

export const envelopeStatus: ReplyJudge = (reply) => {
  const res = reply.response!;
  const body = bodyObject(res);
  if (!body || !('status' in body)) return null;
  return body.status === res.status ? PASS : fail(`${whose(reply)}the envelope's status is ${show(body.status)}, the HTTP status is ${res.status}`);
};

export const moreInfo: ReplyJudge = (reply) => {
  const body = bodyObject(reply.response);
  if (!body || typeof body.code !== 'number') return null;
  const expected = `https://www.twilio.com/docs/errors/${body.code}`;
  return body.more_info === expected ? PASS : fail(`${whose(reply)}more_info is ${show(body.more_info)}, expected ${expected}`);
};

/** A documented code of a status: every answer of that status carries it (an answer without an envelope fails too). */
function codeOf(code: number, what: string): ReplyJudge {
  return (reply) => {
    const res = reply.response!;
    const got = bodyObject(res)?.code;
    return got === code ? PASS : fail(`${whose(reply)}the ${res.status} carries code ${show(got)}, expected ${code} (${what})`);
  };
}

const byCode20003 = codeOf(20003, 'Authenticate');

/** The 401 body twilio-behaviour.md gives in full: code 20003 and the message "Authenticate" (not the reason phrase "Unauthorized"). */
export const authCode20003: ReplyJudge = (reply, ctx) => {
  const byCode = byCode20003(reply, ctx);
  if (byCode?.status !== 'pass') return byCode;
  const message = bodyObject(reply.response)!.message;
  return message === 'Authenticate' ? PASS : fail(`${whose(reply)}the 401's message is ${show(message)}, expected "Authenticate"`);
};

export const rateLimit20429 = codeOf(20429, 'Too Many Requests');

const byCode20404 = codeOf(20404, 'the requested resource was not found');

/** The path a 404's message names: the request's path as sent, or percent-decoded. */
function pathsOf(url: string): string[] {
  try {
    const raw = new URL(url).pathname;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // a bad escape: only the raw path
    }
    return [...new Set([raw, decoded])];
  } catch {
    return [url];
  }
}

export const notFound20404: ReplyJudge = (reply, ctx) => {
  const byCode = byCode20404(reply, ctx);
  if (byCode?.status !== 'pass') return byCode;
  const message = bodyObject(reply.response)!.message;
  const expected = pathsOf(reply.request.url).map((p) => `The requested resource ${p} was not found`);
  return expected.includes(message as string) ? PASS : fail(`${whose(reply)}the 404's message is ${show(message)}, expected ${show(expected[0])}`);
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 §10.2.1: `Allow = #method`; a 405 names the methods the target has, which excludes the one refused. */
export const allow405: ReplyJudge = (reply) => {
  const value = reply.response!.headers.allow;
  if (value === undefined) return fail(`${whose(reply)}the 405 has no Allow header`);
  const methods = value.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const bad = methods.find((m) => !TOKEN.test(m));
  if (bad !== undefined) return fail(`${whose(reply)}Allow ${show(value)} is not a list of methods (${show(bad)})`);
  if (methods.includes(reply.request.method)) return fail(`${whose(reply)}the 405 refuses ${reply.request.method}, yet Allow ${show(value)} lists it`);
  return PASS;
};
