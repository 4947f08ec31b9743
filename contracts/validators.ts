import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  createRequestSchema,
  customerProfileListSchema,
  customerProfileSchema,
  errorEnvelopeSchema,
} from './schemas.ts';
import type { CreateRequest, CustomerProfile, CustomerProfileList, ErrorEnvelope } from './types.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One ajv instance, strict, every schema compiled once at module load. */
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);

export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

function compile<T>(schema: object): Validator<T> {
  return ajv.compile(schema) as ValidateFunction<T>;
}

export const validateCreateRequest = compile<CreateRequest>(createRequestSchema);
export const validateCustomerProfile = compile<CustomerProfile>(customerProfileSchema);
export const validateErrorEnvelope = compile<ErrorEnvelope>(errorEnvelopeSchema);
export const validateCustomerProfileList = compile<CustomerProfileList>(customerProfileListSchema);

/** Human-readable list of a validator's errors, e.g. `/sid must match pattern "^BU…"`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return '';
  return errors
    .map((e) => {
      const where =
        e.keyword === 'required'
          ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
          : e.instancePath || '/';
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
