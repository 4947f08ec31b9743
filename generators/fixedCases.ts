import type { TestCase } from '../contracts/exchange.ts';
import { formCase } from './_internals/formCase.ts';
import { credentialCases } from './credentialCases.ts';
import { checkedPolicySids, type GeneratorOptions } from './options.ts';
import { fieldsRecord, fieldsToParams, REQUIRED_FIELDS, type RequestFields } from './validFields.ts';

/**
 * Stands in for the seed example's placeholder `PolicySid=string`, which no server could
 * accept: well-formed (RN + 32 hex digits, both cases).
 */
export const SEED_EXAMPLE_POLICY_SID = 'RN0123456789abcdefABCDEF0123456789';

/**
 * Stand in for the examples' placeholder Emails (`string`, `email`), which a server that checks
 * the address may refuse (twilio-behaviour.md: whether Email is format-checked is not documented):
 * addresses, the placeholder as their local part.
 */
export const SEED_EXAMPLE_EMAIL = 'string@example.com';
export const OPENAPI_EXAMPLE_EMAIL = 'email@example.com';

/** The seed description's request example (its curl `-d`), PolicySid and Email made well-formed. */
export const SEED_EXAMPLE: RequestFields = {
  Email: SEED_EXAMPLE_EMAIL,
  FriendlyName: 'string',
  PolicySid: SEED_EXAMPLE_POLICY_SID,
  StatusCallback: 'https://example.com',
};

/** The official OpenAPI request example (requestBody examples.create), Email made an address. */
export const OPENAPI_EXAMPLE: RequestFields = {
  FriendlyName: 'friendly_name',
  Email: OPENAPI_EXAMPLE_EMAIL,
  PolicySid: 'RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  StatusCallback: 'http://www.example.com',
};

/**
 * The cases sent once per run: both published examples, a name whose spaces must survive, each required parameter missing
 * alone, no and wrong credentials, a JSON body, then the credential matrix (credentialCases.ts).
 * With `policySids`, the examples use the first given SID (a live target only accepts its own
 * policies) and their labels say so.
 */
export function fixedCases(opts?: GeneratorOptions): TestCase[] {
  const given = checkedPolicySids('fixedCases', opts)?.[0];
  const replaced = given === undefined ? '' : ` (PolicySid replaced by ${given})`;
  const seed: RequestFields = { ...SEED_EXAMPLE, PolicySid: given ?? SEED_EXAMPLE.PolicySid };
  const openapi: RequestFields = { ...OPENAPI_EXAMPLE, PolicySid: given ?? OPENAPI_EXAMPLE.PolicySid };
  const valid = (fields: RequestFields) => ({ params: fieldsToParams(fields), fields: fieldsRecord(fields) });
  return [
    formCase({
      category: 'seed-example',
      label: `seed description example (placeholder Email made an address${given === undefined ? ', PolicySid well-formed' : ''})${replaced}`,
      expect: 'create',
      ...valid(seed),
    }),
    formCase({ category: 'seed-example', label: `official OpenAPI example (placeholder Email made an address)${replaced}`, expect: 'create', ...valid(openapi) }),
    // whitespace is data: a faithful server echoes it, neither trimmed nor collapsed
    formCase({
      category: 'valid',
      label: 'FriendlyName with surrounding and repeated spaces',
      expect: 'create',
      ...valid({ ...seed, FriendlyName: '  Acme   Corp  ' }),
    }),
    // StatusCallback is optional: the resource says null, at the create and when read back
    formCase({
      category: 'valid',
      label: 'seed example without the optional StatusCallback',
      expect: 'create',
      ...valid((({ StatusCallback: _, ...rest }) => rest)(seed) as RequestFields),
    }),
    ...REQUIRED_FIELDS.map((name) => {
      const kept: Partial<RequestFields> = { ...seed };
      delete kept[name];
      return formCase({
        category: 'missing-field',
        label: `seed example without ${name}`,
        expect: 'reject',
        rule: `${name}.required`,
        missing: [name],
        params: fieldsToParams(kept),
        fields: fieldsRecord(kept),
      });
    }),
    formCase({
      category: 'auth',
      label: 'seed example without credentials',
      expect: 'reject',
      rule: 'auth.required',
      auth: 'none',
      ...valid(seed),
    }),
    formCase({
      category: 'auth',
      label: 'seed example with wrong credentials',
      expect: 'reject',
      rule: 'auth.credentials',
      auth: 'wrong',
      ...valid(seed),
    }),
    {
      category: 'body-encoding',
      label: 'seed example as a JSON body with Content-Type application/json',
      expect: 'reject',
      rule: 'body.form-encoded',
      missing: [...REQUIRED_FIELDS],
      fields: {},
      contentType: 'application/json',
      body: JSON.stringify(fieldsRecord(seed)),
      auth: 'valid',
    },
    ...credentialCases(seed),
  ];
}
