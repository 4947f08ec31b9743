/**
 * Pact provider verification as part of a run: the pact-js Verifier (pact-core's Rust verifier)
 * replays each interaction of the given pacts against the target and every interaction becomes a
 * check of the report (pact/results.ts). The Verifier runs in a child process
 * (pact/worker.ts); provider states are answered here, where the embedded mock lives.
 */
import { ToolError } from '../contracts/errors.ts';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { PROJECT_PACT_FILE, PROVIDER } from '../contracts/pact/names.ts';
import type { CheckReport } from '../contracts/report.ts';
import { basicAuth, type Credentials } from '../engine/transport/credentials.ts';
import { toTransportError } from '../engine/transport/http.ts';
import type { CapturedExchange } from './filter.ts';
import { checksFromVerification, LOAD_FAILURE, type LoadedPact, type PactInteractionInfo, stripAnsi, type VerifierJson } from './results.ts';
import type { FromWorker, ToWorker, WorkerOptions } from './worker.ts';

export { PROJECT_PACT_FILE, PROVIDER };
export type { LoadedPact, PactInteractionInfo };

/** A pact or broker the run cannot use: `usage` (exit 2) or `unreachable` (exit 3). One line, no stack. */
export class PactSetupError extends ToolError {
  readonly kind: 'usage' | 'unreachable';
  constructor(kind: 'usage' | 'unreachable', message: string) {
    super(kind === 'usage' ? 'CT_ERR_PACT' : 'CT_ERR_UNREACHABLE', message);
    this.name = 'PactSetupError';
    this.kind = kind;
  }
}

export interface ProviderStateRequest {
  /** the state's name as the pact writes it */
  name: string;
  action: 'setup' | 'teardown';
  params: Record<string, unknown>;
}

/** Answers a provider state: on setup, the values the verifier injects into the request (e.g. policySid). */
export type ProviderStates = (state: ProviderStateRequest) => Promise<Record<string, unknown> | undefined>;

export interface BrokerOptions {
  url: string;
  /** bearer token (the CLI reads PACT_BROKER_TOKEN) */
  token?: string;
  username?: string;
  password?: string;
  /** consumer version selectors (default: the main branch and what is deployed or released) */
  consumerVersionSelectors?: Record<string, unknown>[];
  enablePending?: boolean;
}

export interface VerifyPactsOptions {
  targetUrl: string;
  credentials: Credentials;
  /** local pact files */
  pactFiles?: string[];
  broker?: BrokerOptions;
  /** the provider name the broker knows the target by (default trusthub-customer-profiles) */
  provider?: string;
  /** publish the results to the broker, only when asked */
  publish?: { providerVersion: string; providerVersionBranch?: string };
  states?: ProviderStates;
  /** per-request timeout of the verifier (ms), default 10,000 */
  timeoutMs?: number;
  /** re-encode form bodies the pact-js proxy turned into JSON (default true; false only to show the trap) */
  fixForms?: boolean;
  /** what the Verifier printed, for whoever wants it (the CLI keeps its stdout for the summary) */
  onOutput?: (lines: string[]) => void;
}

export const DEFAULT_CONSUMER_VERSION_SELECTORS: Record<string, unknown>[] = [{ mainBranch: true }, { deployedOrReleased: true }];

/** States for the embedded mock: a fresh policy per setup, registered with the mock, injected as policySid. */
export function mockProviderStates(mock: { addPolicy(policySid: string): void }, accountSid: string): ProviderStates {
  return async ({ action, params }) => {
    if (action !== 'setup') return undefined;
    const policySid = `RN${randomBytes(16).toString('hex')}`;
    mock.addPolicy(policySid);
    return { ...params, policySid, accountSid };
  };
}

/** States for a live target: the policies the user says exist (--policy-sid), in turn. */
export function policyProviderStates(policySids: readonly string[], accountSid: string): ProviderStates {
  if (policySids.length === 0) throw new PactSetupError('usage', 'provider states need at least one --policy-sid the account may use');
  let next = 0;
  return async ({ action, params }) => {
    if (action !== 'setup') return undefined;
    const policySid = policySids[next++ % policySids.length]!;
    return { ...params, policySid, accountSid };
  };
}

// ---------------------------------------------------------------------------------------------
// Reading pact files

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function headerText(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : String(v);
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // V4: { content, contentType, encoded }
  if (isObject(body) && 'content' in body && ('contentType' in body || 'encoded' in body)) {
    const content = body.content;
    if (typeof content === 'string') return body.encoded === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
    return JSON.stringify(content);
  }
  return JSON.stringify(body);
}

function queryText(query: unknown): string {
  if (query === undefined || query === null) return '';
  if (typeof query === 'string') return query;
  if (!isObject(query)) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
  return q.toString();
}

/** Reads and checks one pact file: HTTP interactions only, each with a description, a request and a status. */
export async function loadPactFile(path: string): Promise<LoadedPact> {
  let text: string;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new PactSetupError('usage', `--pact-file ${path} is not a file`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof PactSetupError) throw err;
    throw new PactSetupError('usage', `--pact-file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let pact: unknown;
  try {
    pact = JSON.parse(text);
  } catch (err) {
    throw new PactSetupError('usage', `--pact-file ${path} is not JSON: ${(err as Error).message}`);
  }
  const bad = (why: string) => new PactSetupError('usage', `--pact-file ${path} is not a pact: ${why}`);
  if (!isObject(pact)) throw bad('the top level is not an object');
  const name = (part: 'consumer' | 'provider') => {
    const v = pact[part];
    if (!isObject(v) || typeof v.name !== 'string' || v.name.length === 0) throw bad(`${part}.name is missing`);
    return v.name;
  };
  const consumer = name('consumer');
  const provider = name('provider');
  if (Array.isArray(pact.messages)) throw bad('it is a message pact; only HTTP interactions can be verified against a target');
  if (!Array.isArray(pact.interactions) || pact.interactions.length === 0) throw bad('it has no interactions');
  const metadata = isObject(pact.metadata) ? pact.metadata : {};
  const spec = isObject(metadata.pactSpecification) ? String(metadata.pactSpecification.version ?? '') : String(metadata.pactSpecificationVersion ?? '');

  const interactions = pact.interactions.map((raw, i): PactInteractionInfo => {
    const where = `interaction ${i + 1}`;
    if (!isObject(raw)) throw bad(`${where} is not an object`);
    if (typeof raw.description !== 'string' || raw.description.length === 0) throw bad(`${where} has no description`);
    if (raw.type !== undefined && raw.type !== 'Synchronous/HTTP') {
      throw bad(`${where} ("${raw.description}") is ${String(raw.type)}; only HTTP interactions can be verified against a target`);
    }
    const req = raw.request;
    const res = raw.response;
    if (!isObject(req) || typeof req.method !== 'string' || typeof req.path !== 'string') throw bad(`${where} ("${raw.description}") has no request method and path`);
    if (!isObject(res) || typeof res.status !== 'number') throw bad(`${where} ("${raw.description}") has no response status`);
    const states: string[] = [];
    if (Array.isArray(raw.providerStates)) {
      for (const s of raw.providerStates) if (isObject(s) && typeof s.name === 'string') states.push(s.name);
    } else if (typeof raw.providerState === 'string') states.push(raw.providerState);
    else if (typeof raw.provider_state === 'string') states.push(raw.provider_state);
    const headers: Record<string, string> = {};
    if (isObject(req.headers)) for (const [k, v] of Object.entries(req.headers)) headers[k] = headerText(v);
    return {
      description: raw.description,
      states,
      method: req.method.toUpperCase(),
      path: req.path,
      query: queryText(req.query),
      headers,
      body: bodyText(req.body),
      expectedStatus: res.status,
    };
  });
  return { source: path, consumer, provider, specification: spec, interactions };
}

// ---------------------------------------------------------------------------------------------
// The broker

/** One request to the broker's index, so an unreachable broker or a refused token is one clear line up front. */
export async function checkBroker(broker: BrokerOptions, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = { accept: 'application/hal+json' };
  if (broker.token) headers.authorization = `Bearer ${broker.token}`;
  else if (broker.username && broker.password) headers.authorization = basicAuth(broker.username, broker.password);
  let status: number;
  try {
    const res = await request(broker.url, { method: 'GET', headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs * 2) });
    status = res.statusCode;
    await res.body.dump();
  } catch (err) {
    throw new PactSetupError('unreachable', `cannot reach the Pact Broker at ${broker.url}: ${toTransportError(err).message}`);
  }
  if (status === 401 || status === 403) {
    throw new PactSetupError('usage', `the Pact Broker at ${broker.url} refused the request (HTTP ${status}); set PACT_BROKER_TOKEN`);
  }
}

// ---------------------------------------------------------------------------------------------
// Verification

const WORKER = fileURLToPath(new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** The child's environment: no PACT_* variable may widen or publish what the user asked for. */
function workerEnv(targetUrl: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^PACT_(BROKER_|DESCRIPTION$|PROVIDER_STATE$|PROVIDER_NO_STATE$)/.test(name)) delete env[name];
  }
  // pact-js proxies every provider request through HTTP(S)_PROXY when set, ignoring NO_PROXY
  const host = new URL(targetUrl).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1') {
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[name];
  }
  return env;
}

const KEEP = 64 * 1024;
const tail = (s: string) => (s.length > KEEP ? s.slice(-KEEP) : s);

function runWorker(options: WorkerOptions, states: ProviderStates | undefined): Promise<{ json?: string; error?: string; exchanges: CapturedExchange[] }> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: ['--disable-warning=DEP0060', '--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: workerEnv(options.targetUrl),
    });
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = tail(stderr + chunk.toString('utf8'));
    });
    let done: FromWorker & { type: 'done' } | undefined;
    const reply = (message: ToWorker) => {
      if (child.connected) child.send(message);
    };
    child.on('message', (message: FromWorker) => {
      if (message.type === 'done') {
        done = message;
        return;
      }
      const answer = states
        ? states({ name: message.state, action: message.action, params: message.params })
        : Promise.resolve(undefined);
      answer.then(
        (values) => reply({ type: 'state-result', id: message.id, ...(values ? { values } : {}) }),
        (err: unknown) => reply({ type: 'state-result', id: message.id, error: err instanceof Error ? err.message : String(err) }),
      );
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (done) resolve(done);
      else {
        const why = stripAnsi(stderr).trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`the Pact verifier process ended (${signal ?? `exit ${code}`}) without a result${why ? `: ${why}` : ''}`));
      }
    });
    child.send({ type: 'start', options } satisfies ToWorker);
  });
}

const BROKER_UNREACHABLE = /error sending request|Failed to access pact broker|connection refused|dns error|timed out/i;

/**
 * Verifies the pacts against the target; one check per interaction. Throws PactSetupError when
 * a pact cannot be used (bad file: usage; broker not reachable: unreachable).
 */
export async function verifyPacts(opts: VerifyPactsOptions): Promise<CheckReport[]> {
  const files = opts.pactFiles ?? [];
  if (files.length === 0 && !opts.broker) throw new PactSetupError('usage', 'no pact to verify: give --pact, --pact-file or --pact-broker-url');
  if (opts.publish && !opts.broker) throw new PactSetupError('usage', '--pact-publish publishes to a Pact Broker: give --pact-broker-url');
  const pacts = await Promise.all(files.map((f) => loadPactFile(f)));
  const options: WorkerOptions = {
    providerBaseUrl: opts.targetUrl,
    provider: opts.provider ?? PROVIDER,
    pactUrls: files,
    ...(opts.broker
      ? {
          broker: {
            url: opts.broker.url,
            token: opts.broker.token,
            username: opts.broker.username,
            password: opts.broker.password,
            consumerVersionSelectors: opts.broker.consumerVersionSelectors ?? DEFAULT_CONSUMER_VERSION_SELECTORS,
            enablePending: opts.broker.enablePending,
          },
        }
      : {}),
    ...(opts.publish ? { publish: opts.publish } : {}),
    authorization: basicAuth(opts.credentials.username, opts.credentials.password),
    targetUrl: opts.targetUrl,
    timeoutMs: opts.timeoutMs ?? 10_000,
    fixForms: opts.fixForms !== false,
  };
  const outcome = await runWorker(options, opts.states);
  if (outcome.json === undefined) throw new Error(outcome.error ?? 'the Pact verifier gave no result');
  let json: VerifierJson;
  try {
    json = JSON.parse(outcome.json) as VerifierJson;
  } catch {
    throw new Error(`the Pact verifier's result is not JSON: ${outcome.json.slice(0, 200)}`);
  }
  opts.onOutput?.((json.output ?? []).map(stripAnsi));
  const loadFailure = (json.errors ?? []).find((e) => e.interaction === LOAD_FAILURE);
  if (loadFailure) {
    const message = stripAnsi(loadFailure.mismatch.type === 'error' ? loadFailure.mismatch.message : LOAD_FAILURE);
    const broker = opts.broker && (message.includes(opts.broker.url) || /broker/i.test(message));
    if (broker && BROKER_UNREACHABLE.test(message)) throw new PactSetupError('unreachable', `cannot reach the Pact Broker at ${opts.broker!.url}: ${message}`);
    throw new PactSetupError('usage', `the Pact verifier could not load a pact: ${message}`);
  }
  return checksFromVerification(json, {
    pacts,
    exchanges: outcome.exchanges,
    targetUrl: opts.targetUrl,
    apiKey: opts.credentials.kind === 'api-key',
  });
}
