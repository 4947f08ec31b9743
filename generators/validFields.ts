import fc from 'fast-check';
import { email } from './email.ts';
import { friendlyName } from './friendlyName.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { policySid } from './policySid.ts';
import { statusCallbackUrl } from './statusCallbackUrl.ts';

/** The four create parameters (seed: Body), StatusCallback optional. */
export interface RequestFields {
  FriendlyName: string;
  Email: string;
  PolicySid: string;
  StatusCallback?: string;
}

export type FieldName = keyof RequestFields;

/** The order the seed example sends them in (alphabetical, as Twilio's helper libraries do). */
export const WIRE_ORDER: readonly FieldName[] = ['Email', 'FriendlyName', 'PolicySid', 'StatusCallback'];

/** The required parameters, in the order a case lists them in `missing`. */
export const REQUIRED_FIELDS = ['FriendlyName', 'Email', 'PolicySid'] as const;

export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** The fields as form parameters, in wire order, absent ones left out. */
export function fieldsToParams(fields: Partial<RequestFields>): [string, string][] {
  const params: [string, string][] = [];
  for (const name of WIRE_ORDER) {
    const value = fields[name];
    if (value !== undefined) params.push([name, value]);
  }
  return params;
}

/** The fields as a plain record, absent ones left out. */
export function fieldsRecord(fields: Partial<RequestFields>): Record<string, string> {
  return Object.fromEntries(fieldsToParams(fields));
}

/** A valid set of create parameters; StatusCallback is absent about one time in three. */
export function validFields(opts?: GeneratorOptions): fc.Arbitrary<RequestFields> {
  const policySids = checkedPolicySids('validFields', opts);
  return fc
    .tuple(
      friendlyName(),
      email(),
      policySid({ policySids }),
      fc.oneof(
        { withCrossShrink: true },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: statusCallbackUrl() },
      ),
    )
    .map(([FriendlyName, Email, PolicySid, StatusCallback]) =>
      StatusCallback === undefined ? { FriendlyName, Email, PolicySid } : { FriendlyName, Email, PolicySid, StatusCallback },
    );
}
