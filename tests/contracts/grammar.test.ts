import { describe, expect, it } from 'vitest';
import { answerOf } from '../../contracts/answer.ts';
import { jsonInteropIssue, parseChallenges, parseHttpDate, parseMediaType } from '../../contracts/grammar.ts';
import { response } from '../helpers/exchange.ts';

describe('media types (RFC 9110 §8.3.1)', () => {
  it('reads type/subtype case-insensitively and parameters by name, quoted or not', () => {
    const m = parseMediaType('Application/JSON ; Charset="UTF-8";q=1');
    expect(m).toMatchObject({ essence: 'application/json' });
    expect(typeof m !== 'string' && Object.fromEntries(m.params)).toEqual({ charset: 'UTF-8', q: '1' });
    expect(parseMediaType('application/json;')).toMatchObject({ essence: 'application/json' });
    expect(parseMediaType('text/plain;charset=utf-8')).toMatchObject({ essence: 'text/plain' });
  });

  it('refuses what the grammar does not make a media type', () => {
    for (const bad of ['', 'application', 'application/', 'application /json', 'application/json charset=utf-8', 'application/json; charset:utf-8', 'application/json; charset=', 'application/json; charset="utf-8', 'a/b/c']) {
      expect(typeof parseMediaType(bad), bad).toBe('string');
    }
  });

  it('is derived once per answer, and an answer without one or with a bad one has no media type', () => {
    const res = response(200, {}, { 'content-type': 'application/json; charset:utf-8' });
    expect(answerOf(res).media).toMatchObject({ kind: 'error', error: expect.stringContaining('not name=value') });
    expect(answerOf(res).mediaType).toBe('');
    expect(answerOf(res)).toBe(answerOf(res));
    const { 'content-type': _, ...headers } = response(200, {}).headers;
    expect(answerOf({ ...response(200, {}), headers }).media).toEqual({ kind: 'absent' });
  });
});

describe('HTTP-date (RFC 9110 §5.6.7)', () => {
  const at = Date.UTC(1994, 10, 6, 8, 49, 37);

  it('reads the three forms a recipient must accept, as the same instant', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toEqual({ ms: at, form: 'IMF-fixdate', weekdayRight: true });
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(2026, 0, 1))).toEqual({ ms: at, form: 'rfc850-date', weekdayRight: true });
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toEqual({ ms: at, form: 'asctime-date', weekdayRight: true });
  });

  it('takes a two-digit year more than 50 years ahead as the latest past year with those digits', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(new Date(parseHttpDate('Thursday, 01-Jan-70 00:00:00 GMT', now)!.ms).getUTCFullYear()).toBe(2070);
    expect(new Date(parseHttpDate('Monday, 01-Jan-80 00:00:00 GMT', now)!.ms).getUTCFullYear()).toBe(1980);
  });

  it('notes a wrong day name, and refuses what is no HTTP-date (ISO 8601, other zones, lower case, impossible dates)', () => {
    expect(parseHttpDate('Mon, 06 Nov 1994 08:49:37 GMT')).toMatchObject({ weekdayRight: false });
    for (const bad of [
      '1994-11-06T08:49:37Z',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 06 Nov 1994 08:49:37 +0000',
      'sun, 06 nov 1994 08:49:37 gmt',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMT ',
      '',
    ]) {
      expect(parseHttpDate(bad), bad).toBeUndefined();
    }
    // what Date.parse accepts and the grammar does not
    expect(Number.isNaN(Date.parse('1994-11-06T08:49:37Z'))).toBe(false);
  });
});

describe('challenges (RFC 9110 §11.6.1)', () => {
  it('reads schemes, auth-params and token68, in comma lists with empty elements', () => {
    expect(parseChallenges('Basic realm="Twilio API"')).toEqual([{ scheme: 'Basic', params: new Map([['realm', 'Twilio API']]) }]);
    const many = parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"');
    expect(typeof many !== 'string' && many.map((c) => [c.scheme, Object.fromEntries(c.params)])).toEqual([
      ['Newauth', { realm: 'apps', type: '1', title: 'Login to "apps"' }],
      ['Basic', { realm: 'simple' }],
    ]);
    expect(parseChallenges(', Basic realm="a, Bearer" ,, Bearer')).toMatchObject([{ scheme: 'Basic' }, { scheme: 'Bearer' }]);
    expect(parseChallenges('Negotiate a87421000492aa874209af8bc028==, basic')).toMatchObject([{ scheme: 'Negotiate', token68: 'a87421000492aa874209af8bc028==' }, { scheme: 'basic' }]);
    // a token with trailing "=" is a token68, not an empty parameter
    expect(parseChallenges('Basic realm=')).toMatchObject([{ scheme: 'Basic', token68: 'realm=' }]);
    expect(parseChallenges('Basic realm = "x"')).toMatchObject([{ scheme: 'Basic', params: new Map([['realm', 'x']]) }]);
  });

  it('refuses what does not parse: an unquoted value with a space, an open quote, a parameter with no scheme', () => {
    for (const bad of ['Basic realm=Twilio API', 'Basic realm="Twilio API', 'realm="Twilio API"', '', ' , ', 'Basic realm=x=y', 'Basic\trealm="x"', 'Basic realm="x" charset="UTF-8"']) {
      expect(typeof parseChallenges(bad), bad).toBe('string');
    }
  });
});

describe('JSON interoperability (RFC 8259 §6, §8.2)', () => {
  it('finds unpaired surrogate escapes and numbers binary64 does not hold, and nothing in ordinary JSON', () => {
    expect(jsonInteropIssue('{"a":"caf\\u00e9 \\ud83c\\udf89 🎉","n":-1.5e3,"big":9007199254740991}')).toBeUndefined();
    expect(jsonInteropIssue('{"a":"\\ud83c"}')).toContain('unpaired high surrogate');
    expect(jsonInteropIssue('{"a":"\\udf89x"}')).toContain('unpaired low surrogate');
    expect(jsonInteropIssue('{"a":"\\\\ud83c"}')).toBeUndefined();
    expect(jsonInteropIssue('{"code":9007199254740993}')).toContain('9007199254740993');
    expect(jsonInteropIssue('[1e400]')).toContain('binary64');
    expect(jsonInteropIssue('{"s":"1e400 and 9007199254740993"}')).toBeUndefined();
  });
});
