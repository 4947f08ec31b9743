import type { FromSchema } from 'json-schema-to-ts';
import type {
  createRequestSchema,
  customerProfileListSchema,
  customerProfileSchema,
  errorEnvelopeSchema,
} from './schemas.ts';

/** Types derived from the schemas: one source of truth, no hand-kept copy. */
export type CreateRequest = FromSchema<typeof createRequestSchema>;
export type CustomerProfile = FromSchema<typeof customerProfileSchema>;
export type ErrorEnvelope = FromSchema<typeof errorEnvelopeSchema>;
export type CustomerProfileList = FromSchema<typeof customerProfileListSchema>;
export type ProfileStatus = CustomerProfile['status'];
