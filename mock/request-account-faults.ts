import type { FastifyInstance } from 'fastify';
import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';

/**
 * The faults of an authenticated request acting for an account other than the one its credentials
 * name, as the request itself says (mock/faults.ts): the 2010 API's ?AccountSid= switcher on reads,
 * deletes and the create's URL, an auth proxy's X-Forwarded-User read before the Basic user. Each
 * checks only that the account named exists (an account the service does not know falls back to the
 * caller). A preHandler: it runs after the auth hook (mock/server.ts) has set `request.caller`.
 */
export function addRequestAccountFaults(app: FastifyInstance, config: Pick<MockConfig, 'accounts' | 'fault'>, collection: string): void {
  const fault = config.fault;
  if (fault === null || !REQUEST_ACCOUNT_FAULTS.has(fault)) return;
  const known = new Set(config.accounts.map((a) => a.accountSid));
  app.addHook('preHandler', async (request) => {
    if (!request.caller) return;
    const [path, query] = request.url.split('?');
    const creates = request.method === 'POST' && path === collection;
    const asked = new URLSearchParams(query ?? '').get('AccountSid');
    // account-param-known-account: fetch, list and delete; create-account-query-honoured: the create's URL
    const named =
      fault === 'identity-header-switches-account'
        ? request.headers['x-forwarded-user']
        : (fault === 'account-param-known-account' && !creates) || (fault === 'create-account-query-honoured' && creates)
          ? asked
          : undefined;
    if (typeof named === 'string' && known.has(named)) request.caller = { ...request.caller, accountSid: named };
  });
}

/** The faults this file makes. */
const REQUEST_ACCOUNT_FAULTS: ReadonlySet<FaultName> = new Set(['account-param-known-account', 'create-account-query-honoured', 'identity-header-switches-account']);
