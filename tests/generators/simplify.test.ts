import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../contracts/exchange.ts';
import { simplified, simplifySteps } from '../../generators/index.ts';

const form = 'application/x-www-form-urlencoded';
const tc = (over: Partial<TestCase>): TestCase => ({
  category: 'valid',
  label: 'x',
  expect: 'create',
  fields: { Email: 'J.Doe+x@Sub.Example.org', FriendlyName: 'Ünï  côdé', PolicySid: 'RNabcdefabcdefabcdefabcdefabcdefab', StatusCallback: 'https://example.com/ESfIE9p/mDK%C3%8E' },
  contentType: form,
  body: 'Email=J.Doe%2bx%40Sub.Example.org&FriendlyName=%c3%9cn%c3%af%20%20c%c3%b4d%c3%a9&PolicySid=RNabcdefabcdefabcdefabcdefabcdefab&StatusCallback=https%3A%2F%2Fexample.com%2FESfIE9p%2FmDK%25C3%258E',
  auth: 'valid',
  ...over,
});
const [name, email, policy, noCallback, callback] = simplifySteps();

describe('simplified: one parameter to its simplest valid value', () => {
  it('changes only that parameter, its bytes and its field; the others are sent as they were', () => {
    const s = simplified(tc({}), email!)!;
    expect(s.body).toBe(tc({}).body.replace('J.Doe%2bx%40Sub.Example.org', 'a%40example.com'));
    expect(s.fields.Email).toBe('a@example.com');
    expect(s.label).toBe('valid request: FriendlyName of 9 chars: ASCII, accented, spaces; StatusCallback https');
    expect(simplified(tc({}), name!)!.body).toContain('FriendlyName=Acme&');
    expect(simplified(tc({}), policy!)!.fields.PolicySid).toBe('RN0123456789abcdefABCDEF0123456789');
    const without = simplified(tc({}), noCallback!)!;
    expect(without.body).not.toContain('StatusCallback');
    expect(without.fields).not.toHaveProperty('StatusCallback');
    // absent already: nothing to simplify
    expect(simplified(without, callback!)).toBeUndefined();
    expect(simplified(tc({}), callback!)!.body).toMatch(/&StatusCallback=https%3A%2F%2Fexample\.com%2Fcb$/);
  });

  it('takes the first of the policies the run was given', () => {
    const [, , p] = simplifySteps({ policySids: ['RN11111111111111111111111111111111', 'RN2'] });
    expect(p!.value).toBe('RN11111111111111111111111111111111');
  });

  it('leaves alone what the case is about: its rule, its missing fields, a repeated parameter, a special body', () => {
    expect(simplified(tc({ category: 'policy-sid', expect: 'reject', rule: 'PolicySid.pattern' }), policy!)).toBeUndefined();
    expect(simplified(tc({ category: 'policy-sid', expect: 'reject', rule: 'PolicySid.pattern' }), name!)).toBeDefined();
    expect(simplified(tc({ category: 'empty-field', expect: 'reject', rule: 'FriendlyName.empty+Email.empty' }), email!)).toBeUndefined();
    expect(simplified(tc({ category: 'missing-field', expect: 'reject', missing: ['Email'] }), email!)).toBeUndefined();
    expect(simplified(tc({ category: 'repeated-param', expect: 'either', body: 'Email=a%40b.example&Email=c%40d.example&FriendlyName=X' }), email!)).toBeUndefined();
    expect(simplified(tc({ category: 'body-encoding', expect: 'reject' }), name!)).toBeUndefined();
    expect(simplified(tc({ contentType: 'application/json' }), name!)).toBeUndefined();
    // already the simplest value
    expect(simplified(tc({ body: 'FriendlyName=Acme' }), name!)).toBeUndefined();
  });
});
