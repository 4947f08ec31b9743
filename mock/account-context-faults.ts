import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { FaultName } from './faults.ts';
import type { MockConfig } from './options.ts';
import type { ProfileStore, StoredProfile } from './store.ts';

/** account-context-singleton: the create's insert round trip, between setting the account and reading it (long enough that creates sent together overlap on a loaded machine). */
export const INSERT_ROUND_TRIP_MS = 100;

/**
 * The faults of the account a create acts for (mock/faults.ts), which only a second account's
 * creates show: the account kept in a variable every request in flight shares, the configured
 * default account stored, a retry-safety cache keyed without the account, an account named in the body.
 */
export interface CreateAccountFaults {
  /** idempotency-key-ignores-account: the profile an earlier create with this key and body made, in whichever account */
  replayed(key: unknown, params: URLSearchParams): StoredProfile | undefined;
  /** keep what a create with this key and body made */
  keep(key: unknown, params: URLSearchParams, sid: string): void;
}

export function createAccountFaults(app: FastifyInstance, fault: FaultName | null, store: ProfileStore, config: Pick<MockConfig, 'accounts'>, collection: string): CreateAccountFaults {
  const creates = (method: string, url: string) => method === 'POST' && url.split('?')[0] === collection;
  if (fault === 'account-context-singleton') {
    // the authenticated account in one module-level variable (a global "current user"), set as each request is authenticated
    let current: string | undefined;
    app.addHook('preHandler', async (request) => {
      if (!request.caller) return;
      current = request.caller.accountSid;
      if (!creates(request.method, request.url)) return;
      // the insert's round trip; the handler then reads the account again, from the variable another request may have set since
      await delay(INSERT_ROUND_TRIP_MS);
      request.caller = { ...request.caller, accountSid: current };
    });
  }
  if (fault === 'create-account-from-default') {
    // the row's account_sid from the configured default account (DEFAULT_ACCOUNT_SID in the environment), not the authenticated one
    const first = config.accounts[0]!.accountSid;
    app.addHook('preHandler', async (request) => {
      if (request.caller && creates(request.method, request.url)) request.caller = { ...request.caller, accountSid: first };
    });
  }
  if (fault === 'create-account-param-honoured') {
    // the 2010 API's AccountSid parameter, so that a parent account creates in a subaccount, without the check that the caller is
    // the named account's parent; an account the service does not know falls back to the caller
    const known = new Set(config.accounts.map((a) => a.accountSid));
    app.addHook('preHandler', async (request) => {
      if (!request.caller || !creates(request.method, request.url) || !(request.body instanceof URLSearchParams)) return;
      const named = request.body.get('AccountSid') ?? request.body.get('account_sid');
      if (named !== null && known.has(named)) request.caller = { ...request.caller, accountSid: named };
    });
  }
  const cache = new Map<string, string>();
  const keyOf = (key: unknown, params: URLSearchParams) => (fault === 'idempotency-key-ignores-account' && typeof key === 'string' ? `${key} ${params}` : undefined);
  return {
    replayed(key, params) {
      const sid = cache.get(keyOf(key, params) ?? '');
      const owner = sid === undefined ? undefined : store.owner(sid);
      return owner === undefined ? undefined : store.get(owner, sid!);
    },
    keep(key, params, sid) {
      const at = keyOf(key, params);
      if (at !== undefined) cache.set(at, sid);
    },
  };
}
