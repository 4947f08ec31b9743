import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../contracts/exchange.ts';
import { describeErrors, validateCreateRequest } from '../../contracts/validators.ts';
import {
  bodyEncodingCase,
  decodeForm,
  email,
  emptyFieldCase,
  extraParamsCase,
  firstValues,
  fixedCases,
  friendlyName,
  invalidCase,
  invalidPolicySidCase,
  invalidStatusCallbackCase,
  missingFieldCase,
  policySid,
  repeatedParamCase,
  statusCallbackUrl,
  validCase,
  validFields,
  WIRE_ORDER,
  wireVariantCase,
} from '../../generators/index.ts';

const FOUR: readonly string[] = WIRE_ORDER;
const readFields = (c: TestCase) => firstValues(decodeForm(c.body), FOUR);

describe('fixedCases', () => {
  const cases = fixedCases();

  it("sends the seed description's own example byte for byte, its placeholder PolicySid made well-formed and its placeholder Email an address", () => {
    // the seed's curl sends PolicySid=string, which no server can accept: here RN + 32 hex stands in
    expect(cases[0]).toEqual({
      category: 'seed-example',
      label: 'seed description example (placeholder Email made an address, PolicySid well-formed)',
      expect: 'create',
      fields: {
        Email: 'string@example.com',
        FriendlyName: 'string',
        PolicySid: 'RN0123456789abcdefABCDEF0123456789',
        StatusCallback: 'https://example.com',
      },
      contentType: 'application/x-www-form-urlencoded',
      body: 'Email=string%40example.com&FriendlyName=string&PolicySid=RN0123456789abcdefABCDEF0123456789&StatusCallback=https%3A%2F%2Fexample.com',
      auth: 'valid',
    });
  });

  it('sends the official OpenAPI request example', () => {
    expect(cases[1]).toMatchObject({
      category: 'seed-example',
      expect: 'create',
      fields: {
        FriendlyName: 'friendly_name',
        Email: 'email@example.com',
        PolicySid: 'RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        StatusCallback: 'http://www.example.com',
      },
      body: 'Email=email%40example.com&FriendlyName=friendly_name&PolicySid=RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&StatusCallback=http%3A%2F%2Fwww.example.com',
    });
  });

  it('has each required parameter missing alone, no and wrong credentials, and a JSON body', () => {
    expect(cases.slice(0, 10).map((c) => [c.category, c.expect, c.auth, c.rule, c.missing])).toEqual([
      ['seed-example', 'create', 'valid', undefined, undefined],
      ['seed-example', 'create', 'valid', undefined, undefined],
      ['valid', 'create', 'valid', undefined, undefined],
      ['valid', 'create', 'valid', undefined, undefined],
      ['missing-field', 'reject', 'valid', 'FriendlyName.required', ['FriendlyName']],
      ['missing-field', 'reject', 'valid', 'Email.required', ['Email']],
      ['missing-field', 'reject', 'valid', 'PolicySid.required', ['PolicySid']],
      ['auth', 'reject', 'none', 'auth.required', undefined],
      ['auth', 'reject', 'wrong', 'auth.credentials', undefined],
      ['body-encoding', 'reject', 'valid', 'body.form-encoded', ['FriendlyName', 'Email', 'PolicySid']],
    ]);
    expect(cases[2]!.fields.FriendlyName).toBe('  Acme   Corp  ');
    // StatusCallback is optional: a create without it reads back null
    expect(cases[3]!.fields).not.toHaveProperty('StatusCallback');
    expect(cases[3]!.body).not.toContain('StatusCallback');
    expect(cases[9]).toMatchObject({ contentType: 'application/json', fields: {} });
    expect(JSON.parse(cases[9]!.body)).toEqual(cases[0]!.fields);
  });

  it('ends with the credential matrix: every wrong credential, the scheme in two cases, and auth before validation', () => {
    expect(cases.slice(10).map((c) => [c.category, c.expect, c.auth, c.rule])).toEqual([
      ['auth', 'reject', 'other-account', 'auth.other-account'],
      ['auth', 'reject', 'empty-password', 'auth.empty-password'],
      ['auth', 'reject', 'same-length', 'auth.same-length'],
      ['auth', 'reject', 'password-prefix', 'auth.password-prefix'],
      ['auth', 'reject', 'password-plus-one', 'auth.password-plus-one'],
      ['auth', 'reject', 'unknown-key', 'auth.unknown-key'],
      ['auth', 'reject', 'no-colon', 'auth.no-colon'],
      ['auth', 'reject', 'bad-base64', 'auth.bad-base64'],
      ['auth', 'reject', 'empty-credentials', 'auth.empty-credentials'],
      ['auth', 'reject', 'empty-user', 'auth.empty-user'],
      ['auth', 'reject', 'bare-basic', 'auth.bare-basic'],
      ['auth', 'reject', 'bearer-password', 'auth.bearer-password'],
      ['auth', 'reject', 'bearer-basic', 'auth.bearer-basic'],
      ['auth', 'reject', 'colon-suffix', 'auth.colon-suffix'],
      ['auth', 'reject', 'password-case-swapped', 'auth.password-case-swapped'],
      ['auth', 'reject', 'password-trailing-space', 'auth.password-trailing-space'],
      ['auth', 'reject', 'password-trailing-newline', 'auth.password-trailing-newline'],
      ['auth', 'reject', 'user-leading-space', 'auth.user-leading-space'],
      ['auth', 'reject', 'user-trailing-space', 'auth.user-trailing-space'],
      ['auth', 'reject', 'user-case-swapped', 'auth.user-case-swapped'],
      ['auth', 'reject', 'password-nul-suffix', 'auth.password-nul-suffix'],
      ['auth', 'reject', 'token-dot-inside', 'auth.token-dot-inside'],
      ['auth', 'reject', 'token-bang-after', 'auth.token-bang-after'],
      ['auth', 'reject', 'token-space-junk', 'auth.token-space-junk'],
      ['auth', 'reject', 'bearer-then-basic', 'auth.bearer-then-basic'],
      ['auth', 'reject', 'query-credentials', 'auth.query-credentials'],
      ['auth', 'reject', 'api-key-headers', 'auth.api-key-headers'],
      ['auth', 'create', 'scheme-lower', undefined],
      ['auth', 'create', 'scheme-upper', undefined],
      ['auth', 'reject', 'none', 'auth.credentials-in-body'],
      ['auth', 'reject', 'none', 'auth.proxy-authorization'],
      ['auth', 'reject', 'none', 'auth.before-validation.invalid-body'],
      ['auth', 'reject', 'none', 'auth.before-validation.empty-body'],
      ['auth', 'reject', 'wrong', 'auth.before-validation.wrong-empty-body'],
    ]);
    // every refused shape but the ordering cases carries the seed example, so only the credentials are wrong
    for (const c of cases.slice(10, 26)) expect(c.body, c.label).toBe(cases[0]!.body);
    expect(cases.slice(-2).map((c) => c.body)).toEqual(['', '']);
    expect(cases.at(-3)!.fields.PolicySid).toBe('RN123');
    // labels are unique: a report tells the cases apart by them
    expect(new Set(cases.map((c) => c.label)).size).toBe(cases.length);
  });

  it('reads back as its fields; valid bodies validate, a missing parameter is really absent', () => {
    for (const c of cases) {
      if (c.category === 'body-encoding') continue;
      if (c.rule?.startsWith('auth.before-validation')) {
        // bodies a server must not even look at: invalid or empty
        expect(validateCreateRequest(readFields(c)), c.label).toBe(false);
        continue;
      }
      const fields = readFields(c);
      expect(fields, c.label).toEqual(c.fields);
      const valid = validateCreateRequest(fields);
      if (c.category === 'missing-field') {
        expect(valid).toBe(false);
        expect(validateCreateRequest.errors).toEqual([
          expect.objectContaining({ keyword: 'required', params: { missingProperty: c.missing![0] } }),
        ]);
      } else {
        // the auth cases send a valid body: only the credentials are wrong
        expect(valid, describeErrors(validateCreateRequest.errors)).toBe(true);
      }
    }
  });

  it('uses the first given policy when policySids is given, and says so', () => {
    const given = 'RNfedcba9876543210FEDCBA9876543210';
    const live = fixedCases({ policySids: [given, 'RN00000000000000000000000000000000'] });
    expect(live.length).toBe(cases.length);
    for (const c of live.filter((x) => x.category !== 'body-encoding' && x.fields.PolicySid !== 'RN123')) {
      if (c.fields.PolicySid !== undefined) expect(c.fields.PolicySid).toBe(given);
    }
    expect(live[0]!.label).toBe(`seed description example (placeholder Email made an address) (PolicySid replaced by ${given})`);
    expect(live[1]!.label).toBe(`official OpenAPI example (placeholder Email made an address) (PolicySid replaced by ${given})`);
    expect(() => fixedCases({ policySids: ['RNxyz'] })).toThrow(/fixedCases: policySids entry "RNxyz"/);
  });

  it('is the same on every call', () => {
    expect(fixedCases()).toEqual(fixedCases());
  });
});

describe('determinism', () => {
  const arbitraries: Record<string, () => fc.Arbitrary<unknown>> = {
    validCase,
    invalidCase,
    wireVariantCase,
    extraParamsCase,
    repeatedParamCase,
    missingFieldCase,
    emptyFieldCase,
    invalidPolicySidCase,
    invalidStatusCallbackCase,
    bodyEncodingCase,
    validFields,
    friendlyName,
    email,
    policySid,
    statusCallbackUrl,
  };

  for (const [name, make] of Object.entries(arbitraries)) {
    it(`${name}: the same seed gives the same values, another seed others`, () => {
      const a = fc.sample(make(), { numRuns: 300, seed: 42 });
      const b = fc.sample(make(), { numRuns: 300, seed: 42 });
      const c = fc.sample(make(), { numRuns: 300, seed: 43 });
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });
  }

  it('a replayed failure (seed and path) gives the same counterexample', () => {
    const property = fc.property(validCase(), (c) => !c.fields.FriendlyName!.includes(' '));
    const first = fc.check(property, { seed: 7, numRuns: 10_000 });
    expect(first.failed).toBe(true);
    const replay = fc.check(property, { seed: 7, path: first.counterexamplePath!, endOnFailure: true });
    expect(replay.counterexample).toEqual(first.counterexample);
  });
});

describe('shrinking', () => {
  const CJK = /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3\u{20000}-\u{2a6df}]/u;

  it('"FriendlyName has no CJK character" shrinks to a one-character name and minimal other fields', () => {
    for (const seed of [1, 2, 3]) {
      const out = fc.check(
        fc.property(validCase(), (c) => !CJK.test(c.fields.FriendlyName!)),
        { seed, numRuns: 10_000 },
      );
      expect(out.failed).toBe(true);
      const [c] = out.counterexample!;
      expect([...c.fields.FriendlyName!]).toHaveLength(1);
      expect(c.fields.FriendlyName).toMatch(CJK);
      expect(c.fields).toEqual({
        Email: 'a@example.com',
        FriendlyName: c.fields.FriendlyName,
        PolicySid: 'RN00000000000000000000000000000000',
      });
    }
  });

  it('"a FriendlyName has at most 64 characters" shrinks to exactly 65', () => {
    const out = fc.check(
      fc.property(friendlyName(), (name) => [...name].length <= 64),
      { seed: 5, numRuns: 10_000 },
    );
    expect(out.failed).toBe(true);
    expect([...out.counterexample![0]]).toHaveLength(65);
  });

  it('a failing wire variant shrinks to that variant alone, on a minimal request', () => {
    // as if a server refused any charset on the Content-Type, or lower-case escapes
    const charset = fc.check(
      fc.property(wireVariantCase(), (c) => !/charset/i.test(c.contentType ?? '')),
      { seed: 3, numRuns: 10_000 },
    );
    expect(charset.counterexample![0]).toMatchObject({
      label: "wire variant: Content-Type 'application/x-www-form-urlencoded; charset=utf-8'",
      body: 'Email=a%40example.com&FriendlyName=a&PolicySid=RN00000000000000000000000000000000',
    });
    const lower = fc.check(
      fc.property(wireVariantCase(), (c) => !/%[0-9A-F]?[a-f]/.test(c.body)),
      { seed: 3, numRuns: 10_000 },
    );
    expect(lower.counterexample![0].label).toBe('wire variant: lower-case escapes');
  });

  it('"no StatusCallback has a port" shrinks to the shortest URL with one', () => {
    const out = fc.check(
      fc.property(statusCallbackUrl(), (url) => !/^https?:\/\/[^/?]+:\d/.test(url)),
      { seed: 11, numRuns: 10_000 },
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample![0]).toMatch(/^https:\/\/example\.com:\d+$/);
  });
});
