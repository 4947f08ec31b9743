/**
 * Child process that runs the pact-js Verifier (pact-core's Rust verifier behind pact-js's proxy)
 * for pact/verify.ts. Why a child and not in-process:
 * - the Rust verifier prints its report straight to file descriptor 1, which the CLI's own stdout
 *   (the summary table) must not be mixed with;
 * - pact-js's proxy has no error handler: a target that refuses a connection throws an uncaught
 *   exception that would end the whole CLI. Here it is caught, the in-flight request is answered
 *   502 and the interaction fails with the transport error.
 * Provider states are answered by the parent over IPC (the embedded mock lives there).
 *
 * Protocol: the parent sends one `start`; the child asks `state` questions, the parent answers
 * `state-result`; the child sends one `done` and exits.
 */
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { TransportError } from '../contracts/exchange.ts';
import { type CapturedExchange, makePactRequestFilter } from './filter.ts';

export interface WorkerOptions {
  providerBaseUrl: string;
  provider: string;
  pactUrls: string[];
  broker?: {
    url: string;
    token?: string;
    username?: string;
    password?: string;
    consumerVersionSelectors: Record<string, unknown>[];
    enablePending?: boolean;
  };
  publish?: { providerVersion: string; providerVersionBranch?: string };
  /** the Authorization value to send where an interaction sends credentials */
  authorization: string;
  targetUrl: string;
  timeoutMs: number;
  fixForms: boolean;
}

export type ToWorker =
  | { type: 'start'; options: WorkerOptions }
  | { type: 'state-result'; id: number; values?: Record<string, unknown>; error?: string };

export type FromWorker =
  | { type: 'state'; id: number; state: string; action: 'setup' | 'teardown'; params: Record<string, unknown> }
  | { type: 'done'; json?: string; error?: string; exchanges: CapturedExchange[] };

const send = (message: FromWorker) => process.send?.(message);

/** The last message: the verifier may leave native threads running, so the child ends itself once it is sent. */
function finish(message: FromWorker & { type: 'done' }, code = 0): void {
  if (!process.send) process.exit(code);
  process.send(message, () => process.exit(code));
}

const pending = new Map<number, { resolve: (v: Record<string, unknown> | undefined) => void; reject: (e: Error) => void }>();
let nextId = 1;

function askParent(state: string, action: 'setup' | 'teardown', params: unknown): Promise<Record<string, unknown> | undefined> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ type: 'state', id, state, action, params: params && typeof params === 'object' ? (params as Record<string, unknown>) : {} });
  });
}

/** Answers every state name (pact-js looks handlers up by exact name; the parent decides what each means). */
const stateHandlers = new Proxy(
  {},
  {
    get(_target, name) {
      if (typeof name !== 'string' || name in Object.prototype || name === 'toJSON' || name === 'then') return undefined;
      return {
        setup: (params: unknown) => askParent(name, 'setup', params),
        teardown: (params: unknown) => askParent(name, 'teardown', params),
      };
    },
  },
) as VerifierOptions['stateHandlers'];

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

async function run(options: WorkerOptions): Promise<void> {
  const exchanges: CapturedExchange[] = [];
  const filter = makePactRequestFilter({
    authorization: options.authorization,
    targetUrl: options.targetUrl,
    fixForms: options.fixForms,
    onExchange: (e) => exchanges.push(e),
  });

  process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
    const error: TransportError = { code: err.code ?? err.name, message: `${err.code ?? err.name}: ${err.message}` };
    if (err.code && CONNECTION_ERRORS.has(err.code) && filter.failInFlight(error)) return;
    finish({ type: 'done', error: `the Pact verifier failed: ${err.message}`, exchanges }, 1);
  });

  const { broker, publish } = options;
  const config: VerifierOptions = {
    providerBaseUrl: options.providerBaseUrl,
    provider: options.provider,
    logLevel: 'error',
    timeout: options.timeoutMs,
    stateHandlers,
    requestFilter: filter.filter as unknown as VerifierOptions['requestFilter'],
    ...(options.pactUrls.length > 0 ? { pactUrls: options.pactUrls } : {}),
    ...(broker
      ? {
          pactBrokerUrl: broker.url,
          consumerVersionSelectors: broker.consumerVersionSelectors,
          ...(broker.token ? { pactBrokerToken: broker.token } : {}),
          ...(broker.username && broker.password ? { pactBrokerUsername: broker.username, pactBrokerPassword: broker.password } : {}),
          ...(broker.enablePending ? { enablePending: true } : {}),
        }
      : {}),
    ...(publish
      ? {
          publishVerificationResult: true,
          providerVersion: publish.providerVersion,
          ...(publish.providerVersionBranch ? { providerVersionBranch: publish.providerVersionBranch } : {}),
        }
      : {}),
  };
  try {
    const json = await new Verifier(config).verifyProvider();
    finish({ type: 'done', json, exchanges });
  } catch (err) {
    // a failed verification rejects with the verifier's JSON as the message; anything else is an error
    const message = err instanceof Error ? err.message : String(err);
    finish(message.startsWith('{') ? { type: 'done', json: message, exchanges } : { type: 'done', error: message, exchanges });
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    void run(message.options);
  } else if (message.type === 'state-result') {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.values);
  }
});
