import type { AddressInfo } from 'node:net';
import { type MockAccount, type MockApiKey, type MockOptions, checkPolicySid, resolveOptions } from './options.ts';
import type { FaultName } from './faults.ts';
import { buildServer, type MockState } from './server.ts';
import { ProfileStore, SwapRemoveStore } from './store.ts';

export {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY_SECRET,
  DEFAULT_API_KEY_SID,
  DEFAULT_AUTH_TOKEN,
  DEFAULT_BODY_LIMIT,
  DEFAULT_HOST,
  DEFAULT_MAX_PROFILES,
  DEFAULT_RUN_CREDENTIALS,
  DEFAULT_SECOND_ACCOUNT_SID,
  DEFAULT_SECOND_AUTH_TOKEN,
  type MockAccount,
  type MockApiKey,
  MockOptionError,
  type MockOptions,
} from './options.ts';
export { FAULT_NAMES, FAULTS, type FaultInfo, type FaultName, findFault, isFaultName, showsLate, stopsClock } from './faults.ts';
export { FIXED_OTHER_ACCOUNT_SID } from './resource.ts';

export interface MockServer {
  /** where the server listens, e.g. http://127.0.0.1:4010 */
  url: string;
  /** the base every resource `url` is built from (the publicBaseUrl option, else `url`; a fault of the base puts another in its URLs) */
  publicBaseUrl: string;
  host: string;
  port: number;
  accounts: readonly MockAccount[];
  apiKeys: readonly MockApiKey[];
  fault: FaultName | null;
  /** makes a PolicySid known; when the mock was started without knownPolicies every well-formed one is already accepted */
  addPolicy(policySid: string): void;
  /** forgets every stored profile of every account */
  clearProfiles(): void;
  /** how many profiles are stored, all accounts together */
  profileCount(): number;
  /** stops listening and closes idle connections; safe to call twice */
  close(): Promise<void>;
}

/** The base a fault of the service's base puts in every URL it gives, whatever the mock's own or its publicBaseUrl. */
const FAULTY_BASE: Partial<Record<FaultName, string>> = {
  'url-base-http-scheme': 'http://trusthub.twilio.com',
  'url-base-regional-host': 'https://trusthub.dublin.ie1.twilio.com',
  'url-base-localhost': 'http://localhost',
};

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the reference mock. Rejects with MockOptionError for a bad option, or the listen error (e.g. EADDRINUSE). */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const config = resolveOptions(options);
  const state: MockState = {
    config,
    store: config.fault === 'delete-removes-other' ? new SwapRemoveStore(config.maxProfiles) : new ProfileStore(config.maxProfiles),
    policies: config.knownPolicies,
    baseUrl: config.publicBaseUrl ?? '',
  };
  const app = buildServer(state);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}`;
  state.baseUrl = (config.fault === null ? undefined : FAULTY_BASE[config.fault]) ?? config.publicBaseUrl ?? url;

  let closing: Promise<void> | null = null;
  return {
    url,
    publicBaseUrl: config.publicBaseUrl ?? url,
    host: config.host,
    port,
    accounts: config.accounts,
    apiKeys: config.apiKeys,
    fault: config.fault,
    addPolicy(policySid) {
      const sid = checkPolicySid(policySid);
      state.policies?.add(sid);
    },
    clearProfiles: () => state.store.clear(),
    profileCount: () => state.store.size,
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}
