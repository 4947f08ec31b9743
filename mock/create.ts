import { createRequestSchema } from '../contracts/schemas.ts';
import type { CreateRequest } from '../contracts/types.ts';
import { validateCreateRequest } from '../contracts/validators.ts';
import { CODES } from './envelope.ts';
import type { FaultName } from './faults.ts';

const PARAMS = ['FriendlyName', 'Email', 'PolicySid', 'StatusCallback'] as const;
type ParamName = (typeof PARAMS)[number];
/** Missing parameters are named in the order the official OpenAPI lists them as required. */
const REQUIRED: readonly string[] = createRequestSchema.required;

export interface CreateFields {
  friendlyName: string | null;
  email: string | null;
  policySid: string | null;
  statusCallback: string | null;
}

export type CreateOutcome =
  | { ok: true; fields: CreateFields }
  | { ok: false; code: number; message: string; /** what was read, for the stores-rejected fault */ fields: CreateFields };

/**
 * Reads and validates a create request with the contracts' validateCreateRequest. A repeated
 * parameter counts once, with its first value. An empty required parameter counts as missing.
 */
export function readCreate(params: URLSearchParams, knownPolicies: ReadonlySet<string> | null, fault: FaultName | null): CreateOutcome {
  const request: Partial<Record<ParamName, string>> = {};
  for (const name of PARAMS) {
    const value = params.get(name);
    if (value !== null) request[name] = value;
  }

  const missing = new Set<string>();
  const invalid = new Set<string>();
  if (!validateCreateRequest(request as CreateRequest)) {
    for (const e of validateCreateRequest.errors ?? []) {
      const name = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.instancePath.slice(1);
      if (REQUIRED.includes(name) && (e.keyword === 'required' || request[name as ParamName] === '')) missing.add(name);
      else invalid.add(name);
    }
  }
  if (fault === 'email-optional') missing.delete('Email');
  const policyMalformed = invalid.has('PolicySid');
  if (fault === 'policy-pattern-unchecked') invalid.delete('PolicySid');

  const fields: CreateFields = {
    friendlyName: request.FriendlyName || null,
    email: request.Email || null,
    // a malformed value is never put in a resource: the resource schema would refuse it
    policySid: policyMalformed ? null : request.PolicySid || null,
    statusCallback: invalid.has('StatusCallback') ? null : (request.StatusCallback ?? null),
  };

  const firstMissing = REQUIRED.find((name) => missing.has(name));
  if (firstMissing) {
    return {
      ok: false,
      code: fault === 'wrong-missing-code' ? 21_000 : CODES.missing,
      message: `Missing required parameter ${firstMissing} in the post body`,
      fields,
    };
  }
  const firstInvalid = PARAMS.find((name) => invalid.has(name)) ?? [...invalid][0];
  if (firstInvalid) return { ok: false, code: CODES.invalidParameter, message: `Invalid parameter: ${firstInvalid}`, fields };
  if (knownPolicies && fields.policySid && !knownPolicies.has(fields.policySid)) {
    return {
      ok: false,
      code: CODES.invalidParameter,
      message: `Invalid parameter: PolicySid ${fields.policySid} is not a policy this account may use`,
      fields,
    };
  }
  return { ok: true, fields };
}
