import { METHOD_OVERRIDE_RULE } from '../../contracts/exchange.ts';
import { encodeForm } from '../encodeForm.ts';
import { OTHER_VALUES } from '../notTakenParams.ts';
import { type FieldName, fieldsToParams, type RequestFields } from '../validFields.ts';
import { type CoverageRow, requestRow, SRC } from './row.ts';

/** Extra body parameters: [name, value, after the real ones (else before), what]. */
const IN_BODY: ReadonlyArray<readonly [name: string, value: string, after: boolean, what: string]> = [
  ['Status', 'twilio-approved', true, "the update's Status=twilio-approved"],
  ['Status', 'pending-review', false, "the update's Status=pending-review, first"],
  ['status', 'twilio-approved', true, 'the resource field status=twilio-approved'],
  ['ValidUntil', '2030-01-01T00:00:00Z', true, 'ValidUntil set'],
  ['account_sid', 'AC99999999999999999999999999999999', true, 'account_sid of another account'],
  ['email', OTHER_VALUES.Email, true, 'email (a lower-case twin) after Email'],
  ['email', OTHER_VALUES.Email, false, 'email (a lower-case twin) before Email'],
  ['friendlyname', OTHER_VALUES.FriendlyName, true, 'friendlyname after FriendlyName'],
  ['FRIENDLYNAME', OTHER_VALUES.FriendlyName, false, 'FRIENDLYNAME before FriendlyName'],
  ['policy_sid', OTHER_VALUES.PolicySid, true, 'policy_sid (another policy) after PolicySid'],
];

const withExtra = (fields: RequestFields, name: string, value: string, after: boolean): string => {
  const params = fieldsToParams(fields);
  return encodeForm(after ? [...params, [name, value]] : [[name, value], ...params]);
};

/**
 * Parameters the create does not take: fields of the update and of the resource, case twins of
 * the real names, copies in the query string. A faithful server ignores them (or refuses the
 * request): a create echoes the body's own parameters and starts as draft. A required parameter
 * sent only in the query string is missing.
 */
export function notTakenRows(base: RequestFields): CoverageRow[] {
  const rows: CoverageRow[] = IN_BODY.map(([name, value, after, what]) =>
    requestRow(base, {
      shown: `${name}=${value} ${after ? 'after' : 'before'} the real parameters`,
      expect: 'either',
      rule: 'params.not-taken',
      source: SRC.notTaken,
      label: `a create with ${what}`,
      body: withExtra(base, name, value, after),
    }),
  );
  const { StatusCallback: _, ...noCallback } = base;
  rows.push(
    requestRow(base, {
      shown: 'statuscallback=… and no StatusCallback',
      expect: 'either',
      rule: 'params.not-taken',
      source: `${SRC.notTaken}; status_callback is null when StatusCallback is absent`,
      label: 'a create with statuscallback (a lower-case twin) and no StatusCallback',
      fields: noCallback,
      body: withExtra(noCallback, 'statuscallback', OTHER_VALUES.StatusCallback, true),
    }),
  );
  // a POST that names another method is still the create (Rack::MethodOverride, Express's method-override route it as that method)
  for (const [shown, label, spec] of [
    ['_method=DELETE after the real parameters', 'a create with _method=DELETE', { body: withExtra(base, '_method', 'DELETE', true) }],
    ['_method=GET before the real parameters', 'a create with _method=GET', { body: withExtra(base, '_method', 'GET', false) }],
    ['the header X-HTTP-Method-Override: DELETE', 'a create with the header X-HTTP-Method-Override: DELETE', { headers: { 'x-http-method-override': 'DELETE' } }],
    // Express's methodOverride('_method') reads the query string of a POST
    ['?_method=GET on the URL, the body unchanged', 'a create with _method=GET in the query string', { query: '_method=GET' }],
    ['?_method=DELETE on the URL, the body unchanged', 'a create with _method=DELETE in the query string', { query: '_method=DELETE' }],
  ] as const) {
    rows.push(requestRow(base, { shown, expect: 'either', rule: METHOD_OVERRIDE_RULE, source: SRC.methodOverride, label, ...spec }));
  }
  const copies: ReadonlyArray<readonly [name: FieldName | 'Status', value: string]> = [
    ['FriendlyName', OTHER_VALUES.FriendlyName],
    ['Email', OTHER_VALUES.Email],
    ['Status', 'twilio-approved'],
  ];
  for (const [name, value] of copies) {
    rows.push(
      requestRow(base, {
        shown: `?${encodeForm([[name, value]])} on the URL, the body unchanged`,
        expect: 'either',
        rule: 'params.body-only',
        source: SRC.bodyOnly,
        label: `a create with ${name}=${value} in the query string`,
        query: encodeForm([[name, value]]),
      }),
    );
  }
  const moved = (name: FieldName): CoverageRow => {
    const fields: Partial<RequestFields> = { ...base };
    delete fields[name];
    const required = name !== 'StatusCallback';
    return requestRow(base, {
      shown: `${name} only in the query string`,
      expect: required ? 'reject' : 'either',
      rule: required ? `${name}.required` : 'params.body-only',
      source: required ? `${SRC.bodyOnly}; ${SRC.missing}` : `${SRC.bodyOnly}; status_callback is null when StatusCallback is absent`,
      label: `${name} sent only in the query string`,
      fields,
      query: encodeForm([[name, base[name]!]]),
      ...(required ? { missing: [name] } : {}),
    });
  };
  rows.push(moved('FriendlyName'), moved('StatusCallback'));
  rows.push(
    requestRow(base, {
      shown: 'every parameter in the query string, an empty body',
      expect: 'reject',
      rule: 'params.body-only',
      source: `${SRC.bodyOnly}; ${SRC.missing}`,
      label: 'every parameter sent in the query string, none in the body',
      fields: {},
      body: '',
      query: encodeForm(fieldsToParams(base)),
      missing: ['FriendlyName', 'Email', 'PolicySid'],
    }),
  );
  return rows;
}
