import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ajv, validateCreateRequest } from '../../contracts/validators.ts';
import {
  callbackUri,
  decodeForm,
  emailAnyForm,
  encodeForm,
  firstValues,
  formSpelling,
  friendlyName,
  NAME_LENGTH_TAKEN,
  nameLengthExpectation,
  notTakenParams,
  textExpectation,
  unicodeText,
  valueSpaceCase,
} from '../../generators/index.ts';

const seed = 20_261_201;
const isUri = ajv.compile({ type: 'string', format: 'uri' });
const FIELDS = ['FriendlyName', 'Email', 'PolicySid', 'StatusCallback'];
const codePoints = (texts: readonly string[]) => new Set(texts.flatMap((t) => [...t].map((c) => c.codePointAt(0)!)));

describe('unicodeText', () => {
  const texts = fc.sample(unicodeText(), { seed, numRuns: 3000 });
  const seen = codePoints(texts);
  const some = (test: (cp: number) => boolean) => [...seen].some(test);

  it('reaches every class of the Unicode range, never a lone surrogate, never empty', () => {
    expect(some((cp) => cp === 0)).toBe(true);
    expect(some((cp) => cp === 0x0d) && some((cp) => cp === 0x0a) && some((cp) => cp === 0x09)).toBe(true);
    expect(some((cp) => cp > 0 && cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d)).toBe(true);
    expect(some((cp) => cp >= 0x80 && cp <= 0x9f)).toBe(true); // C1
    expect(some((cp) => cp === 0xfeff)).toBe(true); // BOM
    expect(some((cp) => (cp & 0xfffe) === 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef))).toBe(true); // noncharacters
    expect(some((cp) => cp >= 0xe000 && cp <= 0xf8ff)).toBe(true); // private use
    expect(some((cp) => cp >= 0x300 && cp <= 0x36f)).toBe(true); // combining
    expect(some((cp) => cp >= 0x202a && cp <= 0x202e) || some((cp) => cp >= 0x2066 && cp <= 0x2069)).toBe(true); // bidi
    for (const plane of [1, 2, 3, 14, 15, 16]) expect(some((cp) => cp >> 16 === plane), `plane ${plane}`).toBe(true);
    expect(some((cp) => cp >= 0x40000 && cp < 0xe0000)).toBe(true); // unassigned planes 4 to 13
    for (const t of texts) {
      expect(t.length).toBeGreaterThan(0);
      expect(/\p{Cs}/u.test(t)).toBe(false);
      expect(() => encodeForm([['v', t]])).not.toThrow();
    }
    expect(texts.some((t) => t !== t.trim())).toBe(true);
    expect(texts.some((t) => [...t].length > 256)).toBe(true);
  });

  it('half the texts are plainly admitted; textExpectation says which', () => {
    const create = texts.filter((t) => textExpectation(t) === 'create').length;
    expect(create / texts.length).toBeGreaterThan(0.3);
    expect(create / texts.length).toBeLessThan(0.7);
    expect(textExpectation('Caf\u00e9 \u{1F600} \u0301\u202e')).toBe('create');
    expect(textExpectation('  Acme  ')).toBe('create');
    // the names users write (the valid stream's) are all plainly admitted, up to NAME_LENGTH_TAKEN; a longer one may be refused
    for (const name of fc.sample(friendlyName(), { seed, numRuns: 2000 })) expect(textExpectation(name), JSON.stringify(name)).toBe(nameLengthExpectation(name));
    expect(textExpectation('A'.repeat(NAME_LENGTH_TAKEN))).toBe('create');
    expect(textExpectation('A'.repeat(NAME_LENGTH_TAKEN + 1))).toBe('either');
    for (const edge of ['Acme\u0000', 'A\tB', '\ufeffAcme', 'A\u0085', 'A\uffff', 'A\ue000', 'A\u0378', ' ', '\u3000\u00a0']) expect(textExpectation(edge), JSON.stringify(edge)).toBe('either');
  });
});

describe('callbackUri', () => {
  const uris = fc.sample(callbackUri(), { seed, numRuns: 2000 });
  it('is always an ASCII RFC 3986 URI with a host that a URL parser reads (so an exact echo passes the resource schema)', () => {
    for (const u of uris) {
      expect(isUri(u), u).toBe(true);
      expect(u).toMatch(/^[\x21-\x7e]+$/);
      expect(new URL(u).hostname.length, u).toBeGreaterThan(0);
      expect(new URL(u).protocol).toMatch(/^https?:$/);
    }
  });
  it('has userinfo, IPv4 and IPv6 hosts, ports, queries, fragments and schemes in any case', () => {
    const has = (re: RegExp) => uris.some((u) => re.test(u));
    expect(has(/^[a-z]+:\/\/[^/?#]*@/i)).toBe(true);
    expect(has(/\/\/(?:[^@/]*@)?\[[0-9a-f:.]+\]/i)).toBe(true);
    expect(has(/\/\/(?:[^@/]*@)?192\.0\.2\.\d+/)).toBe(true);
    expect(has(/\/\/[^/?#]*:\d+(?:[/?#]|$)/)).toBe(true);
    expect(has(/\?/)).toBe(true);
    expect(has(/#/)).toBe(true);
    expect(has(/^(?!https?:)[A-Za-z]+:/)).toBe(true);
  });
});

describe('emailAnyForm', () => {
  const mails = fc.sample(emailAnyForm(), { seed, numRuns: 2000 });
  it('reaches non-ASCII local parts and domains, quoted local parts, address literals and whitespace around', () => {
    const has = (test: (m: string) => boolean) => mails.some(test);
    expect(has((m) => /[^\x00-\x7f][^@]*@/.test(m))).toBe(true);
    expect(has((m) => /@[^@]*[^\x00-\x7f]/.test(m))).toBe(true);
    expect(has((m) => /^\s*"/.test(m))).toBe(true);
    expect(has((m) => /@\[/.test(m))).toBe(true);
    expect(has((m) => m !== m.trim())).toBe(true);
    expect(mails.every((m) => m.includes('@') && !/\p{Cs}/u.test(m))).toBe(true);
  });
});

describe('formSpelling and notTakenParams', () => {
  it('every spelling decodes to the same parameters', () => {
    fc.assert(
      fc.property(formSpelling(), unicodeText(), unicodeText(), (spelling, a, b) => {
        const params: [string, string][] = [['FriendlyName', a], ['Email', `${b}=;@example.com`]];
        expect(decodeForm(encodeForm(params, spelling))).toEqual(params);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('draws body extras, query copies and at most one required parameter sent only in the query', () => {
    const drawn = fc.sample(notTakenParams(), { seed, numRuns: 1000 });
    const flat = drawn.flat();
    expect(flat.some((n) => n.where === 'body' && n.name === 'Status')).toBe(true);
    expect(flat.some((n) => n.where === 'body' && n.name === 'email')).toBe(true);
    expect(flat.some((n) => n.where === 'query' && n.name === 'FriendlyName')).toBe(true);
    expect(flat.some((n) => n.where === 'query-only')).toBe(true);
    for (const d of drawn) {
      expect(d.length).toBeGreaterThan(0);
      expect(d.filter((n) => n.where === 'query-only').length).toBeLessThanOrEqual(1);
    }
  });
});

describe('valueSpaceCase', () => {
  const cases = fc.sample(valueSpaceCase(), { seed, numRuns: 2000 });

  it('sends what its fields say: the body decodes to them (first of each name), the query string never counts', () => {
    for (const c of cases) {
      expect(c.category).toBe('value-space');
      expect(firstValues(decodeForm(c.body), FIELDS), c.label).toEqual(c.fields);
      if (c.fields.StatusCallback !== undefined) expect(isUri(c.fields.StatusCallback), c.fields.StatusCallback).toBe(true);
    }
  });

  it('asks a create only of plainly admitted values, a refusal only of a required parameter missing from the body, either else', () => {
    const by = (e: string) => cases.filter((c) => c.expect === e);
    for (const c of by('create')) {
      expect(validateCreateRequest(c.fields), c.label).toBe(true);
      expect(textExpectation(c.fields.FriendlyName!)).toBe('create');
      expect(c.query).toBeUndefined();
    }
    for (const c of by('reject')) {
      expect(c.missing).toHaveLength(1);
      expect(c.fields[c.missing![0]!]).toBeUndefined();
      expect(firstValues(decodeForm(c.query!))[c.missing![0]!]).toBeDefined();
    }
    for (const c of by('either')) expect(c.echoWhenCreated).toBe(true);
    expect(by('create').length).toBeGreaterThan(200);
    expect(by('reject').length).toBeGreaterThan(10);
    expect(by('either').length).toBeGreaterThan(200);
  });

  it('is the same for the same seed (the plan replays it)', () => {
    expect(fc.sample(valueSpaceCase(), { seed, numRuns: 50 })).toEqual(cases.slice(0, 50));
  });
});

describe('the Unicode tables', () => {
  it('ORDINARY holds only assigned characters, none a control, a noncharacter or private use; EDGE none of them', async () => {
    const { EDGE, isOrdinary, ORDINARY } = await import('../../generators/_internals/unicode.ts');
    for (const [first, last] of ORDINARY) {
      for (let cp = first; cp <= last; cp++) {
        expect(/[\p{Cn}\p{Cc}\p{Co}\p{Cs}]/u.test(String.fromCodePoint(cp)), `U+${cp.toString(16)}`).toBe(false);
      }
    }
    for (const [first, last] of EDGE) for (let cp = first; cp <= last; cp += 97) expect(isOrdinary(cp)).toBe(false);
    expect(ORDINARY.every(([first, last], i) => first <= last && (i === 0 || ORDINARY[i - 1]![1] < first))).toBe(true);
  });
});
