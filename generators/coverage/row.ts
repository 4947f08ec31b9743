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
  anyText:
    'seed: FriendlyName string, Required (no pattern, no character set); twilio-behaviour.md: fields are what the request sent. Markup and SQL in it are data: a valid create, 201, echoed exactly (escaped where shown or stored, never refused or rewritten)',
  missing: 'twilio-behaviour.md: missing required parameter is 400, code 20001; names are case-sensitive',
  unicodeEdge:
    'seed: FriendlyName string; twilio-behaviour.md: fields are what the request sent; standards.md Unicode; nothing documents controls, the BOM, noncharacters, private use or unassigned code points either way: kept exactly, or refused with a 4xx',
  callbackIri:
    'seed: StatusCallback string(uri); OpenAPI: format uri on the request and on status_callback; RFC 3986 §2: a URI is ASCII, an IRI (RFC 3987) is none. Created, it could only be echoed as a non-URI (breaking the resource schema) or altered (breaking the echo): refused',
  bodyOnly:
    'seed: the parameters are the form Body; twilio-behaviour.md: "Missing required parameter <Name> in the post body"; OpenAPI: the create takes no query parameters',
  notTaken:
    'OpenAPI: the create takes FriendlyName, Email, PolicySid, StatusCallback (Status is the update\'s); twilio-behaviour.md: names are case-sensitive, status starts as draft. Unknown: ignored (a SHOULD), or refused with a 4xx; never adopted',
  present:
    'seed: FriendlyName string, Required (no minLength, no pattern): a value of whitespace alone is present and valid, so 201; twilio-behaviour.md: fields are what the request sent; standards.md Unicode: no trimming',
  methodOverride:
    "seed: POST /v1/CustomerProfiles creates (201); OpenAPI CreateCustomerProfileRequest has no additionalProperties: false, so one more parameter or header leaves a valid create; that unknown ones are ignored is not documented (a SHOULD, extra-params.ignored); never routed as another method",
  longBody: 'twilio-behaviour.md: no length limit on FriendlyName is documented; a server may refuse a large body with a 4xx (413), never cut it',
  manyPairs:
    'standards.md Form bodies: the body is split on & only, every sequence a pair (no limit on their number); OpenAPI: the create takes other parameters (no additionalProperties: false); twilio-behaviour.md: "Missing required parameter" is for a parameter missing. Created (and echoed), or refused with a 4xx that does not call a parameter the body holds missing',
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

export interface RequestRowSpec {
  shown: string;
  expect: Expectation;
  rule: string;
  source: string;
  label: string;
  /** the parameter the row is about (default `request`: the request as a whole) */
  parameter?: CoverageRow['parameter'];
  /** the fields a faithful server reads (default `base`); the body is them, form-encoded, unless `body` is given */
  fields?: Partial<RequestFields>;
  body?: string;
  /** a query string for the POST URL, as sent */
  query?: string;
  contentType?: string | null;
  /** headers sent besides the Content-Type and the credentials */
  headers?: Readonly<Record<string, string>>;
  missing?: string[];
}

/** A row about one exact request: its body (or the fields, form-encoded), its query string, its Content-Type. */
export function requestRow(base: RequestFields, spec: RequestRowSpec): CoverageRow {
  const fields = spec.fields ?? base;
  const testCase: TestCase = formCase({
    category: 'coverage',
    label: spec.label,
    expect: spec.expect,
    rule: spec.rule,
    params: fieldsToParams(fields),
    fields: fieldsRecord(fields),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.missing ? { missing: spec.missing } : {}),
  });
  if (spec.contentType !== undefined) testCase.contentType = spec.contentType;
  if (spec.query !== undefined) testCase.query = spec.query;
  if (spec.headers !== undefined) testCase.headers = spec.headers;
  if (spec.expect === 'either') testCase.echoWhenCreated = true;
  return { parameter: spec.parameter ?? 'request', shown: spec.shown, expect: spec.expect, rule: spec.rule, source: spec.source, case: testCase };
}
