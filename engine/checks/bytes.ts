import { answerOf } from '../../contracts/answer.ts';
import type { ReplyJudge } from '../../contracts/check.ts';
import { fail, PASS, whose } from './util.ts';

/** The bytes of every answer, judged as they came (engine/transport/http.ts keeps the bom and invalidUtf8 flags). */

export const utf8NoBom: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res || (!res.bodyText && !res.bom)) return null;
  if (res.bom) return fail(`${whose(reply)}the ${res.status} body starts with a UTF-8 byte order mark (EF BB BF)`);
  // a body cut at the size cap may end inside a character
  if (res.invalidUtf8 && !res.truncated) return fail(`${whose(reply)}the ${res.status} body is not valid UTF-8`);
  // RFC 4627 §3: the first two characters of a JSON text are ASCII, so NULs among the first four octets mean UTF-16 or UTF-32
  if (res.bodyText.slice(0, 4).includes('\u0000')) return fail(`${whose(reply)}the ${res.status} body has NUL bytes among its first four: UTF-16 or UTF-32, not UTF-8`);
  return PASS;
};

/** The charset parameter, read from the media type by its grammar (RFC 9110 §8.3.1: the name is case-insensitive, the value may be quoted). */
export const charsetUtf8: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res) return null;
  const media = answerOf(res).media;
  if (media.kind !== 'ok' || media.value.essence !== 'application/json') return null;
  const charset = media.value.params.get('charset');
  if (charset === undefined) return PASS;
  return charset.toLowerCase() === 'utf-8' ? PASS : fail(`${whose(reply)}Content-Type ${JSON.stringify(res.headers['content-type'])} names charset ${charset}, not utf-8`);
};

export const uniqueMembers: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res || res.json === undefined || typeof res.json !== 'object' || res.json === null) return null;
  const dup = answerOf(res).duplicateMember;
  return dup === undefined ? PASS : fail(`${whose(reply)}the ${res.status} body repeats the member ${JSON.stringify(dup)} in one object`);
};

export const jsonInteroperable: ReplyJudge = (reply) => {
  const res = reply.response;
  if (!res || res.json === undefined) return null;
  const issue = answerOf(res).jsonIssue;
  return issue === undefined ? PASS : fail(`${whose(reply)}the ${res.status} body: ${issue} (RFC 8259: not interoperable)`);
};

export { duplicateMember } from '../../contracts/answer.ts';
