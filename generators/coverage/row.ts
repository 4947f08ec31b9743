import type { Expectation, TestCase } from '../../contracts/exchange.ts';
import { formCase } from '../_internals/formCase.ts';
import { fieldsRecord, fieldsToParams, type RequestFields } from '../validFields.ts';

/**
 * One row of a coverage table: one exact value of one parameter (or one exact request), the rule
 * it tests, what a faithful server does with it, and where that is written.
 */
export interface CoverageRow {
  /** the parameter the row varies, or `request` for a row about the request as a whole */
  parameter: 'PolicySid' | 'FriendlyName' | 'Email' | 'StatusCallback' | 'request';
  /** the value as docs/checks.md shows it */
  shown: string;
  /** `create`: must create and echo; `reject`: must be refused with a 4xx; `either`: 4xx or create, never 5xx */
  expect: Expectation;
  /** the rule the row tests, e.g. `PolicySid.pattern` */
  rule: string;
  /** where the rule is written (seed, OpenAPI, twilio-behaviour.md, a standard with its section) */
  source: string;
  case: TestCase;
}

export const SRC = {
  seedPolicy: 'seed: PolicySid string, ^RN[0-9a-fA-F]{32}$, minLength = maxLength = 34',
  seedRequired: 'seed: Email, FriendlyName, PolicySid required',
  echo: 'twilio-behaviour.md: fields are what the request sent; standards.md Unicode: no normalization, no trimming',
  form: 'WHATWG URL form parser: split on & only, + is a space, percent-decoded exactly once, as UTF-8',
  badUtf8: 'WHATWG URL form parser: invalid UTF-8 becomes U+FFFD; a server may refuse it with a 4xx, never a 5xx',
  emailUndocumented: 'twilio-behaviour.md: whether Email is format-checked is not documented',
  emailAddress: 'seed: Email required string; a well-formed address (RFC 5322 atext) passes any format check',
  callbackUri: 'seed: StatusCallback string(uri); RFC 3986 §3',
  missing: 'twilio-behaviour.md: missing required parameter is 400, code 20001; names are case-sensitive',
} as const;

/** Characters a reader cannot see or tell apart: conjoining jamo, no-break and zero-width spaces, direction marks, combining marks. */
const INVISIBLE = /[\u1100-\u11ff\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\p{M}]/gu;

/** Shows a value for the docs: JSON-quoted, invisible characters as \\u escapes, long values summarised. */
export function showValue(value: string): string {
  const quote = (s: string) => JSON.stringify(s).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (value.length > 60) return `${quote(value.slice(0, 24))}… (${value.length} chars)`;
  return quote(value);
}

export interface FieldRowSpec {
  expect: Expectation;
  rule: string;
  source: string;
  /** what the value is, in words (the case label is `<parameter> <what>`) */
  what: string;
  /** the docs' rendering of the value, when showValue would not say it well */
  shown?: string;
  /** for an `either` row: whether a create must still echo the value (default true) */
  echo?: boolean;
}

/** A row that sends `base` with one parameter set to `value`, form-encoded exactly. */
export function fieldRow(base: RequestFields, parameter: keyof RequestFields, value: string, spec: FieldRowSpec): CoverageRow {
  const fields: RequestFields = { ...base, [parameter]: value };
  const testCase = formCase({
    category: 'coverage',
    label: `${parameter} ${spec.what}`,
    expect: spec.expect,
    rule: spec.rule,
    params: fieldsToParams(fields),
    fields: fieldsRecord(fields),
  });
  if (spec.expect === 'either' && spec.echo !== false) testCase.echoWhenCreated = true;
  return { parameter, shown: spec.shown ?? showValue(value), expect: spec.expect, rule: spec.rule, source: spec.source, case: testCase };
}
