/**
 * The names of the project's Pact contract, without loading pact-js (the CLI imports these;
 * only the consumer test and the generator load the Pact library).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSUMER = 'customer-profile-client';
export const PROVIDER = 'trusthub-customer-profiles';
export const PACT_FILE_NAME = `${CONSUMER}-${PROVIDER}.json`;
/** Where the committed pact lives. */
export const PACTS_DIR = fileURLToPath(new URL('../pacts/', import.meta.url));
export const PROJECT_PACT_FILE = join(PACTS_DIR, PACT_FILE_NAME);

/** The one provider state: the verifier's state handler answers it with the PolicySid to use. */
export const POLICY_STATE = 'a policy the account may use exists';
/** The provider-state expression the PolicySid is injected from. */
export const POLICY_SID_EXPRESSION = '$' + '{policySid}';
