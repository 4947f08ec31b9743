import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormParams } from '../../contracts/exchange.ts';
import { decodeForm, type EncodeFormOptions, encodeForm, firstValues, RAW_IN_VALUES, RAW_SAFE } from '../../generators/index.ts';

const seed = 20_260_501;
const numRuns = 10_000;
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** any text of whole code points, astral ones included (fast-check's `binary` unit never yields a lone surrogate) */
const text = fc.string({ unit: 'binary', maxLength: 24 });
const params: fc.Arbitrary<FormParams> = fc.array(fc.tuple(text, text), { maxLength: 6 });
const options: fc.Arbitrary<EncodeFormOptions> = fc.record(
  {
    space: fc.constantFrom('+' as const, '%20' as const),
    hexCase: fc.constantFrom('upper' as const, 'lower' as const, 'mixed' as const),
    overEncode: fc.subarray([...UNRESERVED]).map((chars) => chars.join('')),
    keepRaw: fc.subarray([...RAW_SAFE]).map((chars) => chars.join('')),
    rawInValues: fc.subarray([...RAW_IN_VALUES]).map((chars) => chars.join('')),
    rawNonAscii: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('encodeForm / decodeForm', () => {
  it('round-trips: decodeForm(encodeForm(x, any options)) = x, order and repeats kept', () => {
    fc.assert(
      fc.property(params, options, (p, o) => {
        expect(decodeForm(encodeForm(p, o))).toEqual(p);
      }),
      { numRuns, seed },
    );
  });

  it('writes exactly what URLSearchParams writes, except RFC 3986 unreserved `~` stays and `*` is escaped', () => {
    fc.assert(
      fc.property(params, (p) => {
        const whatwg = new URLSearchParams(p.map(([n, v]) => [n, v])).toString();
        expect(encodeForm(p)).toBe(whatwg.replaceAll('*', '%2A').replaceAll('%7E', '~'));
      }),
      { numRuns, seed },
    );
  });

  it("with '%20' spaces, writes exactly encodeURIComponent, with its unescaped !'()* escaped", () => {
    const strict = (s: string) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    fc.assert(
      fc.property(params, (p) => {
        expect(encodeForm(p, { space: '%20' })).toBe(p.map(([n, v]) => `${strict(n)}=${strict(v)}`).join('&'));
      }),
      { numRuns, seed },
    );
  });

  it('leaves only unreserved characters and form syntax unescaped; every escape is one UTF-8 byte in upper-case hex', () => {
    fc.assert(
      fc.property(params, (p) => {
        const body = encodeForm(p);
        expect(body).toMatch(/^(?:[A-Za-z0-9\-._~+=&]|%[0-9A-F]{2})*$/);
        const escapes = (body.match(/%[0-9A-F]{2}/g) ?? []).length;
        const bytes = p.reduce((n, [k, v]) => n + Buffer.byteLength(k + v) - (k + v).replace(/[^A-Za-z0-9\-._~ ]/gu, '').length, 0);
        // every byte of every character outside the unreserved set (and not a space) is one escape
        expect(escapes).toBe(bytes);
      }),
      { numRuns, seed },
    );
  });

  it('encodes known characters exactly', () => {
    const one = (value: string, o?: EncodeFormOptions) => encodeForm([['v', value]], o).slice(2);
    expect(one('a b')).toBe('a+b');
    expect(one('a b', { space: '%20' })).toBe('a%20b');
    expect(one('+&=%#;?/')).toBe('%2B%26%3D%25%23%3B%3F%2F');
    expect(one('~-._*')).toBe('~-._%2A');
    expect(one('é')).toBe('%C3%A9');
    expect(one('€')).toBe('%E2%82%AC');
    // astral: one code point, a surrogate pair in UTF-16, four UTF-8 bytes
    expect(one('😀')).toBe('%F0%9F%98%80');
    expect(one('𠀀')).toBe('%F0%A0%80%80');
    expect(one('é€', { hexCase: 'lower' })).toBe('%c3%a9%e2%82%ac');
    // mixed: escapes alternate upper, lower, upper…
    expect(one('é€', { hexCase: 'mixed' })).toBe('%C3%a9%E2%82%AC');
    expect(one('Ab~', { overEncode: 'A~' })).toBe('%41b%7E');
    expect(one("a!b'(c)*", { keepRaw: "!'()*" })).toBe("a!b'(c)*");
    expect(encodeForm([['Friendly Name', 'x']], { overEncode: 'F' })).toBe('%46riendly+Name=x');
    // ; and = raw in values only; non-ASCII as raw UTF-8
    expect(encodeForm([['a=;', 'b=c;d']], { rawInValues: ';=' })).toBe('a%3D%3B=b=c;d');
    expect(one('é 😀+', { rawNonAscii: true })).toBe('é+😀%2B');
    expect(encodeForm([])).toBe('');
    expect(encodeForm([['', '']])).toBe('=');
  });

  it('refuses what it cannot encode exactly or what would change the meaning', () => {
    expect(() => encodeForm([['v', 'a\ud800b']])).toThrow(/lone surrogate U\+D800/);
    expect(() => encodeForm([['v', '\udc00']])).toThrow(/lone surrogate/);
    expect(() => encodeForm([['v', 'x']], { overEncode: '&' })).toThrow(/overEncode/);
    expect(() => encodeForm([['v', 'x']], { keepRaw: '&' })).toThrow(/keepRaw/);
    expect(() => encodeForm([['v', 'x']], { keepRaw: '+' })).toThrow(/keepRaw/);
    expect(() => encodeForm([['v', 'x']], { keepRaw: ';' })).toThrow(/keepRaw/);
    expect(() => encodeForm([['v', 'x']], { rawInValues: '&' })).toThrow(/rawInValues/);
    expect(() => encodeForm([['v', 'a\ud800']], { rawNonAscii: true })).toThrow(/lone surrogate/);
  });

  it('decodes with URLSearchParams semantics', () => {
    expect(decodeForm('a=1&b=x+y&a=%F0%9F%98%80')).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['a', '😀'],
    ]);
    expect(decodeForm('&&a&=b&c=')).toEqual([
      ['a', ''],
      ['', 'b'],
      ['c', ''],
    ]);
    // a form body is not a query string: a leading ? belongs to the first name
    expect(decodeForm('?a=b')).toEqual([['?a', 'b']]);
    expect(decodeForm('a=%zz%4')).toEqual([['a', '%zz%4']]);
    expect(decodeForm('%46riendlyName=%41')).toEqual([['FriendlyName', 'A']]);
  });

  it('firstValues keeps the first occurrence, filters names, and keeps __proto__ as a parameter', () => {
    const p: FormParams = [
      ['A', '1'],
      ['B', '2'],
      ['A', '3'],
      ['__proto__', 'x'],
    ];
    expect(firstValues(p)).toEqual({ A: '1', B: '2', ['__proto__']: 'x' });
    expect(Object.hasOwn(firstValues(p), '__proto__')).toBe(true);
    expect(firstValues(p, ['A'])).toEqual({ A: '1' });
  });
});
