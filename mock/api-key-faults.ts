/**
 * The faults of the API key's own path: a server that serves requests signed with a key through
 * another controller than the Auth Token's (the key service came later, with its own create and
 * read controllers, or behind the framework's defaults). The embedded mock's run acts with the Auth
 * Token and knows the API key beside it (engine/run/certify.ts), so the key is the pair the run does
 * not act with: engine/phases/probes/other-pair.ts sends it a valid create, three refused ones, and
 * its reads of the caller's profile, each judged as the caller's are.
 */
import type { Caller } from './auth.ts';
import type { FaultName } from './faults.ts';

const byKey = (caller: Caller | null | undefined): boolean => caller?.key !== undefined;

/**
 * A create's parameters as the key's controller reads them. api-key-drops-status-callback: its
 * permitted-parameter list (a DTO written before StatusCallback existed) drops the parameter silently:
 * not validated, not stored.
 */
export function keyCreateParams(fault: FaultName | null, caller: Caller, params: URLSearchParams): URLSearchParams {
  if (fault !== 'api-key-drops-status-callback' || !byKey(caller) || !params.has('StatusCallback')) return params;
  const kept = new URLSearchParams(params);
  kept.delete('StatusCallback');
  return kept;
}

/** The parameter a refusal's message names ("Missing required parameter X in the post body", "Invalid parameter: X"). */
const FIELD = /^Missing required parameter (\w+)|^Invalid parameter: (\w+)/;

/**
 * api-key-422-validation: the key's controller validates with the framework's own validator and lets
 * the framework render the failure (Rails' 422 with its error list, a FastAPI/Pydantic 422): no
 * Twilio envelope, no code. Undefined: the refusal is the envelope's, as for the Auth Token.
 */
export function keyRefusal(fault: FaultName | null, caller: Caller, message: string): { errors: Array<{ field: string; message: string }> } | undefined {
  if (fault !== 'api-key-422-validation' || !byKey(caller)) return undefined;
  const m = FIELD.exec(message);
  const missing = m?.[1] !== undefined;
  return { errors: [{ field: m?.[1] ?? m?.[2] ?? 'base', message: missing ? 'is required' : 'is invalid' }] };
}

/**
 * api-key-json-body-read: the key's controller is mounted behind the framework's default body
 * parsers, JSON included (express.json() app-wide): a JSON body signed with a key is read as its
 * parameters (the Auth Token's controller reads the form alone).
 */
export function keyReadsJson(fault: FaultName | null, caller: Caller | null | undefined, contentType: string | undefined): boolean {
  return fault === 'api-key-json-body-read' && byKey(caller) && /^application\/json\b/i.test(contentType ?? '');
}

/**
 * A profile as the key's reads show it. api-key-fetch-policy-lowercased: the newer read controller
 * joins the policies table, keyed by lower-case hex, and shows that row's sid; api-key-list-drops-callback:
 * the key's list reads a projection made for the console's table, which has no status_callback.
 */
export function keyView(fault: FaultName | null, ctx: { caller: Caller; fetching?: boolean; listing?: boolean }, resource: Record<string, unknown>): void {
  if (!byKey(ctx.caller)) return;
  if (fault === 'api-key-fetch-policy-lowercased' && ctx.fetching && typeof resource.policy_sid === 'string') {
    resource.policy_sid = `${resource.policy_sid.slice(0, 2)}${resource.policy_sid.slice(2).toLowerCase()}`;
  }
  if (fault === 'api-key-list-drops-callback' && ctx.listing) resource.status_callback = null;
}
