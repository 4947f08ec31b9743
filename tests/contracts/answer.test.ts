/**
 * An Answer reads a body's text again for a repeated member name or a value RFC 8259 calls not
 * interoperable only when the parsed value says it may hold one (contracts/answer.ts valueFacts):
 * what it finds must be exactly what the full reading of the text finds, for any JSON text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerOf, duplicateMember, readJson } from '../../contracts/answer.ts';
import type { ReceivedResponse } from '../../contracts/exchange.ts';
import { jsonInteropIssue } from '../../contracts/grammar.ts';

const name = fc.constantFrom('a', 'b', 'a:b', '\\u0061', '\\ud83c', '\\udf89x', '\\ud83c\\udf89', 'é', 'q\\"', 'q\\\\');
const scalar = fc.constantFrom('1', '-0', '1.5e3', '1e400', '-1e999', '9007199254740991', '9007199254740993', '-9007199254740993', '1e20', '"x"', '"\\ud83c"', '"🎉"', '"a:b"', 'null', 'true');
const { value } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(name, tie('value')), { maxLength: 5 }).map((members) => `{${members.map(([k, v]) => `"${k}" : ${v}`).join(', ')}}`),
  ),
}));

function responseOf(text: string): ReceivedResponse {
  const read = readJson(text);
  return { status: 200, statusText: '', headers: {}, bodyText: text, json: read.json, ...(read.jsonError !== undefined ? { jsonError: read.jsonError } : read.members !== undefined ? { jsonMembers: read.members } : {}) };
}

describe('an answer read once', () => {
  it('finds a repeated member name and a non-interoperable value exactly where the whole text shows one', () => {
    fc.assert(
      fc.property(value, (text) => {
        const answer = answerOf(responseOf(text));
        const json = JSON.parse(text);
        expect(answer.duplicateMember).toBe(typeof json === 'object' && json !== null ? duplicateMember(text) : undefined);
        expect(answer.jsonIssue).toBe(jsonInteropIssue(text));
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });

  it('reads the text again when the member count is unknown (an answer not read by the transport)', () => {
    const text = '{"a": 1, "b": {"a": 2, "a": 3}}';
    const res: ReceivedResponse = { status: 200, statusText: '', headers: {}, bodyText: text, json: JSON.parse(text) };
    expect(answerOf(res).duplicateMember).toBe('a');
    expect(answerOf(responseOf(text)).duplicateMember).toBe('a');
    expect(answerOf(responseOf('{"a": 1, "b": {"a": 2}}')).duplicateMember).toBeUndefined();
  });

  it('counts no members when a name holds an escape: JSON.parse may read such a name as another', () => {
    const similar = String.raw`{"a": 1, "q\\": 1, "q\"": 1}`;
    const repeated = String.raw`{"a": 1, "q\"": 1, "q\"": 1}`;
    expect(readJson(similar)).toEqual({ json: JSON.parse(similar) });
    // V8 in Node 24 reads `repeated` with three names once it has read `similar`: the count would agree with them
    expect(readJson(repeated).members).toBeUndefined();
    expect(answerOf(responseOf(repeated)).duplicateMember).toBe('q"');
    expect(readJson(String.raw`{"a\u0062": 1}`).members).toBeUndefined();
    expect(readJson(String.raw`{"a": "\\", "b": 2}`).members).toBe(2);
  });
});
