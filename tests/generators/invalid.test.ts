import type { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../contracts/exchange.ts';
import { describeErrors, validateCreateRequest } from '../../contracts/validators.ts';
import {
  decodeForm,
  firstValues,
  INVALID_KINDS,
  invalidCase,
  POLICY_SID_KINDS,
  REQUIRED_FIELDS,
  WIRE_ORDER,
} from '../../generators/index.ts';

const seed = 20_260_503;
const numRuns = 10_000;
const FOUR: readonly string[] = WIRE_ORDER;
const FORM = 'application/x-www-form-urlencoded';

/**
 * The request rules a set of ajv errors says are broken, in the generators' vocabulary:
 * `X.required` (absent), `X.empty` (present but ''), `X.length`, `X.pattern` (at the right
 * length), `X.format`. A pattern error on a value of the wrong length adds nothing: the
 * length error already names the rule.
 */
function brokenRules(fields: Record<string, string>, errors: readonly ErrorObject[]): Set<string> {
  const rules = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'required') {
      rules.add(`${(e.params as { missingProperty: string }).missingProperty}.required`);
      continue;
    }
    const field = e.instancePath.slice(1);
    const value = fields[field] ?? '';
    if (value === '') rules.add(`${field}.empty`);
    else if (e.keyword === 'minLength' || e.keyword === 'maxLength') rules.add(`${field}.length`);
    else if (e.keyword === 'pattern') {
      if ([...value].length === 34) rules.add(`${field}.pattern`);
    } else rules.add(`${field}.${e.keyword}`);
  }
  return rules;
}

const readFields = (c: TestCase) => firstValues(decodeForm(c.body), FOUR);

describe('invalidCase', () => {
  it('breaks exactly its labelled rule, and nothing else', () => {
    fc.assert(
      fc.property(invalidCase(), (c) => {
        expect(c).toMatchObject({ expect: 'reject', auth: 'valid' });
        expect(INVALID_KINDS).toContainEqual({ category: c.category, label: c.label, rule: c.rule });
        if (c.category === 'body-encoding') return; // judged below
        expect(c.contentType).toBe(FORM);
        const fields = readFields(c);
        expect(fields).toEqual(c.fields);
        expect(validateCreateRequest(fields)).toBe(false);
        expect(brokenRules(fields, validateCreateRequest.errors ?? []), describeErrors(validateCreateRequest.errors)).toEqual(
          new Set(c.rule!.split('+')),
        );
      }),
      { numRuns, seed },
    );
  });

  it('names in `missing` the required parameters a server finds missing or empty, in FriendlyName, Email, PolicySid order', () => {
    fc.assert(
      fc.property(invalidCase(), (c) => {
        const fields = readFields(c);
        const absentOrEmpty = REQUIRED_FIELDS.filter((name) => !fields[name]);
        if (c.category === 'missing-field' || c.category === 'empty-field' || c.category === 'body-encoding') {
          expect(c.missing).toEqual(absentOrEmpty);
          expect(c.missing!.length).toBeGreaterThan(0);
        } else {
          expect(c.missing).toBeUndefined();
          expect(absentOrEmpty).toEqual([]);
        }
        if (c.category === 'missing-field') for (const name of c.missing!) expect(Object.hasOwn(fields, name)).toBe(false);
        if (c.category === 'empty-field') for (const name of c.missing!) expect(fields[name]).toBe('');
      }),
      { numRuns, seed },
    );
  });

  it('sends body-encoding cases as a JSON body that no form reading can turn into a request', () => {
    fc.assert(
      fc.property(
        invalidCase().filter((c) => c.category === 'body-encoding'),
        (c) => {
          expect(c.rule).toBe('body.form-encoded');
          expect(c.fields).toEqual({});
          expect(c.contentType === null || !/^application\/x-www-form-urlencoded/i.test(c.contentType)).toBe(true);
          const json = JSON.parse(c.body) as Record<string, string>;
          // what it carries is a valid request, only not form-encoded
          expect(validateCreateRequest(json), describeErrors(validateCreateRequest.errors)).toBe(true);
          // read as a form anyway, it names none of the required parameters
          const asForm = readFields(c);
          expect(asForm).toEqual({});
          expect(validateCreateRequest(asForm)).toBe(false);
          expect(brokenRules(asForm, validateCreateRequest.errors ?? [])).toEqual(
            new Set(REQUIRED_FIELDS.map((n) => `${n}.required`)),
          );
        },
      ),
      { numRuns: 2_000, seed },
    );
  });

  it('never sends a value whose judgement the contract leaves open', () => {
    fc.assert(
      fc.property(invalidCase(), (c) => {
        const fields = readFields(c);
        if (fields.StatusCallback !== undefined) {
          expect(fields.StatusCallback).not.toBe('');
          expect(fields.StatusCallback).not.toMatch(/^\s|\s$/);
          // a URI of another scheme is a URI but no callback URL: never sent
          expect(fields.StatusCallback).not.toMatch(/^(?!https?:)[a-z][a-z0-9+.-]*:./i);
        }
        // Email is never the broken rule: its format is unspecified
        expect(c.rule ?? '').not.toMatch(/^Email\.(?!required|empty)/);
      }),
      { numRuns, seed },
    );
  });

  it('produces every kind, each category about as often as the others', () => {
    const cases = fc.sample(invalidCase(), { numRuns, seed });
    const labels = new Set(cases.map((c) => c.label));
    for (const kind of INVALID_KINDS) expect(labels.has(kind.label), kind.label).toBe(true);
    expect(labels.size).toBe(INVALID_KINDS.length);
    for (const category of ['missing-field', 'empty-field', 'policy-sid', 'status-callback', 'body-encoding']) {
      const share = cases.filter((c) => c.category === category).length / cases.length;
      expect(share, category).toBeGreaterThanOrEqual(0.15);
    }
  });

  it('covers the kinds the brief names', () => {
    const labels = INVALID_KINDS.map((k) => k.label).join('\n');
    for (const part of [
      'FriendlyName missing',
      'Email missing',
      'PolicySid missing',
      'FriendlyName, Email and PolicySid missing',
      'Email present but empty',
      "another SID type's prefix",
      'lower- or mixed-case prefix',
      '33 characters',
      '35 characters',
      'far too long',
      'non-hex',
      'followed by extra characters',
      'surrounding whitespace',
      'Arabic-Indic',
      'fullwidth',
      'space inside',
      'without a scheme',
      'relative path',
      'only a scheme',
      'JSON body with Content-Type application/json',
      'JSON body with no Content-Type',
      'JSON body with Content-Type text/plain',
    ]) {
      expect(labels).toContain(part);
    }
  });

  it('writes look-alike digits as real non-ASCII code points, keeping 34 characters', () => {
    const cases = fc.sample(invalidCase(), { numRuns, seed }).filter((c) => c.category === 'policy-sid');
    const value = (label: string) => cases.filter((c) => c.label.includes(label)).map((c) => c.fields.PolicySid!);
    for (const v of value('Arabic-Indic')) expect(v).toMatch(/^RN[0-9a-fA-F\u0660-\u0669]{32}$/u);
    expect(value('Arabic-Indic').every((v) => /[\u0660-\u0669]/.test(v))).toBe(true);
    for (const v of value('fullwidth')) expect(v).toMatch(/^RN[0-9a-fA-F\uff10-\uff19\uff21-\uff26\uff41-\uff46]{32}$/u);
    expect(value('fullwidth').every((v) => /[\uff10-\uff19\uff21-\uff26\uff41-\uff46]/.test(v))).toBe(true);
    const long = value('far too long');
    expect(Math.min(...long.map((v) => v.length))).toBeGreaterThanOrEqual(100);
    expect(Math.max(...long.map((v) => v.length))).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a malformed policySids list, naming the API', () => {
    expect(() => invalidCase({ policySids: [] })).toThrow(/^invalidCase: policySids is empty/);
    expect(() => invalidCase({ policySids: ['RN'] })).toThrow(/^invalidCase: policySids entry "RN" does not match/);
  });

  it('derives malformed PolicySids from the given policies', () => {
    const policySids = ['RN0123456789abcdef0123456789ABCDEF'];
    const digits = policySids[0]!.slice(2);
    const cases = fc.sample(invalidCase({ policySids }), { numRuns: 2_000, seed });
    for (const c of cases) {
      if (c.category !== 'policy-sid') expect(c.fields.PolicySid ?? '').toMatch(/^(RN0123456789abcdef0123456789ABCDEF)?$/);
    }
    const otherPrefix = cases.filter((c) => c.label === POLICY_SID_KINDS[0]!.label);
    expect(otherPrefix.length).toBeGreaterThan(0);
    for (const c of otherPrefix) expect(c.fields.PolicySid!.slice(2)).toBe(digits);
  });
});
