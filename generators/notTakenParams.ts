import fc from 'fast-check';
import { STATUS_VALUES } from '../contracts/schemas.ts';
import { type FieldName, REQUIRED_FIELDS, type RequiredField, WIRE_ORDER } from './validFields.ts';

/**
 * One parameter the create does not take, and where it goes:
 * - `body`: added to the body at a position among the real ones: a field of the update
 *   (`Status`; official OpenAPI, UpdateCustomerProfileRequest), a resource field a create must
 *   not let the caller set (`status`, `ValidUntil`, `account_sid`, …), or a case or spelling
 *   twin of a real parameter (`email` beside `Email`; names are case-sensitive,
 *   twilio-behaviour.md). Unknown: ignored.
 * - `query`: on the POST URL's query string, a copy of a real parameter with another value or
 *   the update's `Status`. The create reads its parameters from the body only (seed: Body;
 *   twilio-behaviour.md: "Missing required parameter <Name> in the post body"): ignored.
 * - `query-only`: a required parameter taken out of the body and sent only in the query string:
 *   missing, so refused (400 / 20001).
 */
export type NotTaken =
  | { where: 'body'; name: string; value: string; at: number }
  | { where: 'query'; name: string; value: string }
  | { where: 'query-only'; name: RequiredField };

/** A second valid-looking value for each real parameter, for twins and query copies. */
export const OTHER_VALUES: Readonly<Record<FieldName, string>> = {
  FriendlyName: 'Twin Corp',
  Email: 'twin@example.com',
  PolicySid: 'RNffffffffffffffffffffffffffffffff',
  StatusCallback: 'https://example.com/twin',
};

/** Resource fields and update fields a create request must not set, with values a mass-assigning server would adopt. */
export const SETTABLE_LOOKING: ReadonlyArray<readonly [name: string, values: readonly string[]]> = [
  ['Status', STATUS_VALUES.filter((s) => s !== 'draft')],
  ['status', ['twilio-approved', 'in-review']],
  ['ValidUntil', ['2030-01-01T00:00:00Z']],
  ['valid_until', ['2030-01-01T00:00:00Z']],
  ['AccountSid', ['AC99999999999999999999999999999999']],
  ['account_sid', ['AC99999999999999999999999999999999']],
  ['Errors', ['[{"code":18601}]']],
];

/** `email`, `EMAIL`, `e_mail`-style twins of a parameter name */
const twinName = (name: FieldName): fc.Arbitrary<string> =>
  fc.constantFrom(name.toLowerCase(), name.toUpperCase(), name.charAt(0).toLowerCase() + name.slice(1), name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase());

const bodyExtra = (): fc.Arbitrary<NotTaken> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...SETTABLE_LOOKING), fc.nat(), fc.nat())
      .map(([[name, values], pick, at]) => ({ where: 'body' as const, name, value: values[pick % values.length]!, at })),
    fc
      .tuple(fc.constantFrom(...WIRE_ORDER), fc.nat())
      .chain(([of, at]) => twinName(of).map((name) => ({ where: 'body' as const, name, value: OTHER_VALUES[of], at }))),
  );

const queryExtra = (): fc.Arbitrary<NotTaken> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WIRE_ORDER).map((name) => ({ where: 'query' as const, name, value: OTHER_VALUES[name] })) },
    { weight: 1, arbitrary: fc.constantFrom(...STATUS_VALUES.filter((s) => s !== 'draft')).map((value) => ({ where: 'query' as const, name: 'Status', value })) },
    { weight: 1, arbitrary: fc.constantFrom(...REQUIRED_FIELDS).map((name) => ({ where: 'query-only' as const, name })) },
  );

/** One to three parameters the create does not take (at most one required parameter moved to the query). */
export function notTakenParams(): fc.Arbitrary<NotTaken[]> {
  return fc
    .array(fc.oneof(bodyExtra(), queryExtra()), { minLength: 1, maxLength: 3 })
    .map((extras) => extras.filter((e, i) => e.where !== 'query-only' || extras.findIndex((x) => x.where === 'query-only') === i));
}
