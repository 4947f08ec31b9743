import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../contracts/exchange.ts';
import { describeErrors, validateCreateRequest } from '../../contracts/validators.ts';
import {
  decodeForm,
  EXTRA_PARAM_NAMES,
  encodeForm,
  extraParamsCase,
  FORM_CONTENT_TYPES,
  firstValues,
  repeatedParamCase,
  nameLengthExpectation,
  validCase,
  WIRE_ORDER,
  wireVariantCase,
} from '../../generators/index.ts';

const seed = 20_260_502;
const numRuns = 10_000;
const FOUR: readonly string[] = WIRE_ORDER;
const FORM = 'application/x-www-form-urlencoded';

/** the request as a faithful server reads it: the wire body decoded, the four known names, first occurrence */
const read = (c: TestCase) => firstValues(decodeForm(c.body), FOUR);

/** the body decodes to `fields`, which the request schema accepts */
function expectReadsAsFields(c: TestCase): void {
  const fields = read(c);
  expect(fields).toEqual(c.fields);
  expect(validateCreateRequest(fields), describeErrors(validateCreateRequest.errors)).toBe(true);
}

const codePoints = (s: string) => [...s].length;
const standardBody = (fields: Record<string, string>) =>
  encodeForm(FOUR.filter((n) => fields[n] !== undefined).map((n) => [n, fields[n]!]));

describe('validCase', () => {
  it('is a valid, standard form request whose body reads as its fields', () => {
    fc.assert(
      fc.property(validCase(), (c) => {
        expect(c).toMatchObject({ category: 'valid', expect: nameLengthExpectation(c.fields.FriendlyName!), auth: 'valid', contentType: FORM });
        expect(c.rule).toBeUndefined();
        expect(c.missing).toBeUndefined();
        expectReadsAsFields(c);
        // the four names once each, in wire order, standard encoding
        expect(decodeForm(c.body).map(([n]) => n)).toEqual(FOUR.filter((n) => c.fields[n] !== undefined));
        expect(c.body).toBe(standardBody(c.fields));
        const name = c.fields.FriendlyName!;
        expect(name.trim()).toBe(name);
        expect(name).not.toMatch(/\s\s|[^\S ]/u); // single ASCII spaces only
        expect(name.normalize('NFC')).toBe(name); // an exact echo is never in dispute
        expect(name).not.toMatch(/[\ud800-\udfff]/u); // no lone surrogate
        const callback = c.fields.StatusCallback;
        if (callback !== undefined) {
          expect(callback).toMatch(/^https?:\/\/([a-z0-9-]+\.)*example\.(com|org|net)([:/?]|$)/);
          // no dot segments, which URL resolution would remove
          expect(callback.split('?')[0]!.split('/').slice(3)).not.toContain('.');
          expect(callback.split('?')[0]!.split('/').slice(3)).not.toContain('..');
        }
      }),
      { numRuns, seed },
    );
  });

  it('reaches the edges users reach (shares measured over 10,000 samples)', () => {
    const cases = fc.sample(validCase(), { numRuns, seed });
    const share = (p: (f: Record<string, string>) => boolean) => cases.filter((c) => p(c.fields)).length / cases.length;
    const name = (f: Record<string, string>) => f.FriendlyName!;
    const lengths = cases.map((c) => codePoints(name(c.fields)));

    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(256);
    expect(share((f) => codePoints(name(f)) === 1)).toBeGreaterThanOrEqual(0.02);
    expect(share((f) => codePoints(name(f)) > 64)).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => codePoints(name(f)) >= 200)).toBeGreaterThanOrEqual(0.01);
    expect(share((f) => /[^\x00-\x7f]/.test(name(f)))).toBeGreaterThanOrEqual(0.1);
    expect(share((f) => /[\u{10000}-\u{10ffff}]/u.test(name(f)))).toBeGreaterThanOrEqual(0.01);
    expect(share((f) => /[\u00c0-\u017f]/.test(name(f)))).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => /[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7a3]/.test(name(f)))).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => /\p{Extended_Pictographic}/u.test(name(f)))).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => /[\u0590-\u06ff]/.test(name(f)))).toBeGreaterThanOrEqual(0.01);
    expect(share((f) => name(f).includes(' '))).toBeGreaterThanOrEqual(0.2);
    expect(share((f) => /[&=+%#]/.test(name(f)))).toBeGreaterThanOrEqual(0.1);

    expect(share((f) => /[a-f]/.test(f.PolicySid!.slice(2)) && /[A-F]/.test(f.PolicySid!.slice(2)))).toBeGreaterThanOrEqual(0.3);
    expect(share((f) => !/[A-F]/.test(f.PolicySid!))).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => !/[a-f]/.test(f.PolicySid!))).toBeGreaterThanOrEqual(0.05);

    expect(share((f) => f.Email!.includes('+'))).toBeGreaterThanOrEqual(0.1);
    expect(share((f) => f.Email!.split('@')[1]!.split('.').length >= 3)).toBeGreaterThanOrEqual(0.1);
    expect(share((f) => /[A-Z]/.test(f.Email!))).toBeGreaterThanOrEqual(0.05);
    expect(share((f) => /\./.test(f.Email!.split('@')[0]!))).toBeGreaterThanOrEqual(0.05);

    const absent = share((f) => f.StatusCallback === undefined);
    expect(absent).toBeGreaterThanOrEqual(0.2);
    expect(absent).toBeLessThanOrEqual(0.5);
    const callback = (p: RegExp) => share((f) => f.StatusCallback !== undefined && p.test(f.StatusCallback));
    expect(callback(/^https:/)).toBeGreaterThanOrEqual(0.1);
    expect(callback(/^http:/)).toBeGreaterThanOrEqual(0.1);
    expect(callback(/^https?:\/\/[^/?]+:\d+/)).toBeGreaterThanOrEqual(0.1);
    expect(callback(/^https?:\/\/[^/?]+\/./)).toBeGreaterThanOrEqual(0.3);
    expect(callback(/\?/)).toBeGreaterThanOrEqual(0.1);
    expect(callback(/%[0-9a-fA-F]{2}/)).toBeGreaterThanOrEqual(0.1);
    expect(callback(/%[0-9]?[a-f]/)).toBeGreaterThanOrEqual(0.02);
  });

  it('draws PolicySid from the given list only', () => {
    const policySids = ['RN0123456789abcdef0123456789ABCDEF', 'RNffffffffffffffffffffffffffffffff'];
    const seen = new Set(fc.sample(validCase({ policySids }), { numRuns: 1_000, seed }).map((c) => c.fields.PolicySid));
    expect(seen).toEqual(new Set(policySids));
  });

  it('refuses an empty or malformed policySids list, naming the API', () => {
    expect(() => validCase({ policySids: [] })).toThrow(/^validCase: policySids is empty/);
    expect(() => validCase({ policySids: ['RN123'] })).toThrow(/^validCase: policySids entry "RN123" does not match/);
    const lower = { policySids: ['rn0123456789abcdef0123456789abcdef'] };
    expect(() => wireVariantCase(lower)).toThrow(/^wireVariantCase: .* does not match/);
    expect(() => extraParamsCase(lower)).toThrow(/^extraParamsCase: /);
    expect(() => repeatedParamCase(lower)).toThrow(/^repeatedParamCase: /);
  });
});

describe('wireVariantCase', () => {
  it('is written differently from the standard form but reads as exactly the same fields', () => {
    fc.assert(
      fc.property(wireVariantCase(), (c) => {
        expect(c).toMatchObject({ category: 'wire-variant', expect: nameLengthExpectation(c.fields.FriendlyName!), auth: 'valid' });
        expect(FORM_CONTENT_TYPES).toContain(c.contentType);
        expect(c.contentType).toMatch(/^application\/x-www-form-urlencoded\s*(;|$)/i);
        expectReadsAsFields(c);
        expect(c.body !== standardBody(c.fields) || c.contentType !== FORM).toBe(true);
        // each variant the label names is really on the wire
        const escapes = c.body.match(/%[0-9A-Fa-f]{2}/g) ?? [];
        if (c.label.includes("'%20' for spaces")) expect(c.body).toContain('%20');
        else expect(c.body).not.toContain('%20');
        if (c.label.includes('lower-case escapes')) expect(escapes.some((e) => /[a-f]/.test(e)) && !escapes.some((e) => /[A-F]/.test(e))).toBe(true);
        if (c.label.includes('mixed-case escapes')) expect(escapes.some((e) => /[a-f]/.test(e)) && escapes.some((e) => /[A-F]/.test(e))).toBe(true);
        if (!/(lower|mixed)-case escapes/.test(c.label)) expect(escapes.some((e) => /[a-f]/.test(e))).toBe(false);
        const overEncoded = escapes.some((e) => /^[A-Za-z0-9\-._~]$/.test(String.fromCharCode(Number.parseInt(e.slice(1), 16))));
        expect(overEncoded).toBe(c.label.includes('unreserved escaped'));
        expect(/[!$'()*,/:?@]/.test(c.body)).toBe(c.label.includes('left unescaped'));
        const order = decodeForm(c.body).map(([n]) => n);
        expect(order.join() !== FOUR.filter((n) => order.includes(n)).join()).toBe(c.label.includes('parameters reordered'));
        expect(c.contentType !== FORM).toBe(c.label.includes('Content-Type'));
      }),
      { numRuns, seed },
    );
  });

  it('uses every variant often', () => {
    const labels = fc.sample(wireVariantCase(), { numRuns, seed }).map((c) => c.label);
    const share = (part: string) => labels.filter((l) => l.includes(part)).length / labels.length;
    for (const part of [
      "'%20' for spaces",
      'lower-case escapes',
      'mixed-case escapes',
      'unreserved escaped',
      'left unescaped',
      'parameters reordered',
      'Content-Type',
      'charset=UTF-8',
    ]) {
      expect(share(part), part).toBeGreaterThanOrEqual(0.05);
    }
  });
});

describe('extraParamsCase', () => {
  it('is a valid request plus unknown parameters, whose four known ones read as its fields', () => {
    fc.assert(
      fc.property(extraParamsCase(), (c) => {
        expect(c).toMatchObject({ category: 'extra-params', expect: nameLengthExpectation(c.fields.FriendlyName!), auth: 'valid', contentType: FORM });
        expectReadsAsFields(c);
        const names = decodeForm(c.body).map(([n]) => n);
        const extras = names.filter((n) => !FOUR.includes(n));
        expect(extras.length).toBeGreaterThanOrEqual(1);
        expect(extras.length).toBeLessThanOrEqual(4);
        // the known names still appear once each
        for (const n of FOUR) expect(names.filter((x) => x === n).length).toBe(c.fields[n] === undefined ? 0 : 1);
        for (const extra of extras) expect(c.label).toContain(JSON.stringify(extra));
      }),
      { numRuns, seed },
    );
  });

  it('sends every listed unknown name, and extras before, between and after the known ones', () => {
    const bodies = fc.sample(extraParamsCase(), { numRuns, seed }).map((c) => decodeForm(c.body).map(([n]) => n));
    const seen = new Set(bodies.flat());
    for (const name of EXTRA_PARAM_NAMES) expect(seen.has(name), name).toBe(true);
    const first = bodies.filter((names) => !FOUR.includes(names[0]!)).length;
    const last = bodies.filter((names) => !FOUR.includes(names.at(-1)!)).length;
    expect(first / bodies.length).toBeGreaterThanOrEqual(0.1);
    expect(last / bodies.length).toBeGreaterThanOrEqual(0.1);
  });
});

describe('repeatedParamCase', () => {
  it('repeats exactly one known parameter after its first occurrence, both values valid; fields are the first values', () => {
    fc.assert(
      fc.property(repeatedParamCase(), (c) => {
        expect(c).toMatchObject({ category: 'repeated-param', expect: 'either', auth: 'valid', contentType: FORM });
        expectReadsAsFields(c);
        const params = decodeForm(c.body);
        const repeated = FOUR.filter((n) => params.filter(([x]) => x === n).length > 1);
        expect(repeated.length).toBe(1);
        const name = repeated[0]!;
        const values = params.filter(([x]) => x === name).map(([, v]) => v);
        expect(values.length).toBe(2);
        expect(values[0]).toBe(c.fields[name]);
        // the second value is valid too: reading the last occurrence also gives a valid request
        const last = { ...c.fields, [name]: values[1]! };
        expect(validateCreateRequest(last), describeErrors(validateCreateRequest.errors)).toBe(true);
        expect(c.label).toBe(`${name} repeated with ${values[0] === values[1] ? 'the same value' : 'a different valid value'}`);
      }),
      { numRuns, seed },
    );
  });

  it('repeats each of the four names, with the same and with a different value', () => {
    const labels = new Set(fc.sample(repeatedParamCase(), { numRuns, seed }).map((c) => c.label));
    for (const name of FOUR) {
      expect(labels.has(`${name} repeated with the same value`), name).toBe(true);
      expect(labels.has(`${name} repeated with a different valid value`), name).toBe(true);
    }
  });
});
