/**
 * From the Pact verifier's JSON result (pact_ffi `pactffi_verifier_json`) to report checks: one
 * check per verified interaction, `pact.<slug-of-description>`, level 1 when the interaction
 * expects a 2xx and level 2 otherwise, MUST, with the verifier's mismatch text as the failure.
 */
import type { CaseCategory, SentRequest } from '../contracts/exchange.ts';
import type { CheckReport, Counterexample } from '../contracts/report.ts';
import { curlFor } from '../engine/transport/curl.ts';
import type { CapturedExchange } from './filter.ts';

/** One HTTP interaction of a pact, as much of it as the report needs. */
export interface PactInteractionInfo {
  description: string;
  states: string[];
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  expectedStatus?: number;
}

export interface LoadedPact {
  /** where it came from (a file path) */
  source: string;
  consumer: string;
  provider: string;
  specification: string;
  interactions: PactInteractionInfo[];
}

interface VerifierMismatch {
  type?: string;
  mismatch?: string;
  message?: string;
  path?: string;
  key?: string;
  expected?: unknown;
  actual?: unknown;
}

interface VerifierError {
  interaction: string;
  mismatch: { type: 'mismatches'; mismatches: VerifierMismatch[] } | { type: 'error'; message: string };
}

export interface VerifierJson {
  result: boolean;
  output?: string[];
  errors?: VerifierError[];
  pendingErrors?: VerifierError[];
  interactionResults?: { description: string; result?: string; duration?: string }[];
}

export interface ResultContext {
  /** the local pacts the verifier was given, in the order given */
  pacts: readonly LoadedPact[];
  /** provider requests as the proxy saw them, in order */
  exchanges: readonly CapturedExchange[];
  targetUrl: string;
  /** the run authenticates with an API key (for the replay command) */
  apiKey: boolean;
}

/** The one error that is not about an interaction: the verifier could not load a pact (file or broker). */
export const LOAD_FAILURE = 'Failed to load pact';

const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'interaction';
}

/** One line per mismatch, as the verifier words it. */
export function mismatchText(error: VerifierError['mismatch']): string {
  if (error.type === 'error') return stripAnsi(error.message);
  // the verifier's order is a hash map's: status, then headers, then the body by path, for a stable message
  const rank = (m: VerifierMismatch) => {
    const i = ['StatusMismatch', 'HeaderMismatch', 'BodyTypeMismatch', 'BodyMismatch'].indexOf(m.type ?? '');
    return i < 0 ? 4 : i;
  };
  return [...error.mismatches]
    .sort((a, b) => rank(a) - rank(b) || (a.key ?? a.path ?? '').localeCompare(b.key ?? b.path ?? ''))
    .map((m) => {
      const text = stripAnsi(m.mismatch ?? m.message ?? JSON.stringify(m));
      switch (m.type) {
        case 'StatusMismatch':
          return `status: ${text}`;
        case 'HeaderMismatch':
          return `header ${m.key ?? ''}: ${text}`;
        case 'BodyMismatch':
          return `body ${m.path ?? '$'}: ${text}`;
        case 'BodyTypeMismatch':
          return `body: ${text}`;
        default:
          return text;
      }
    })
    .join('; ');
}

/** `Verifying a pact between C and P[ Given S] - D` → C, P */
function pairOf(interaction: string): { consumer: string; provider: string } | undefined {
  const m = /^Verifying a pact between (.+?) and (.+?)(?: Given .*)? - /.exec(stripAnsi(interaction));
  return m ? { consumer: m[1]!, provider: m[2]! } : undefined;
}

interface OutputBlock {
  consumer?: string;
  provider?: string;
  description: string;
  expectedStatus?: number;
}

/** The verifier's human output, read for what the JSON leaves out (broker pacts: consumer names, expected status). */
function outputBlocks(output: readonly string[]): OutputBlock[] {
  const blocks: OutputBlock[] = [];
  let pair: { consumer: string; provider: string } | undefined;
  let current: OutputBlock | undefined;
  for (const raw of output.flatMap((o) => stripAnsi(o).split('\n'))) {
    const between = /^\s*Verifying a pact between (.+?) and (.+?)\s*$/.exec(raw);
    if (between) {
      pair = { consumer: between[1]!, provider: between[2]! };
      continue;
    }
    const start = /^ {2}(\S.*?) \(\d[^)]*\)\s*$/.exec(raw);
    if (start) {
      current = { ...pair, description: start[1]! };
      blocks.push(current);
      continue;
    }
    const status = /has status code (\d{3})/.exec(raw);
    if (status && current && current.expectedStatus === undefined) current.expectedStatus = Number(status[1]);
  }
  return blocks;
}

function categoryOf(info: PactInteractionInfo | undefined, auth: 'valid' | 'none'): CaseCategory {
  if (auth === 'none') return 'auth';
  if (!info) return 'seed-example';
  if (info.expectedStatus !== undefined && info.expectedStatus >= 200 && info.expectedStatus < 300) return 'valid';
  const params = new URLSearchParams(info.body);
  if (['FriendlyName', 'Email', 'PolicySid'].some((name) => !params.has(name))) return 'missing-field';
  return 'seed-example';
}

function exampleRequest(info: PactInteractionInfo, targetUrl: string): SentRequest {
  const headers = { ...info.headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') headers[name] = 'Basic [redacted]';
  return {
    method: info.method,
    url: `${targetUrl.replace(/\/+$/, '')}${info.path}${info.query ? `?${info.query}` : ''}`,
    headers,
    body: info.body,
  };
}

function hasAuthorization(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
}

/** Turns the verifier's result into one check per interaction it verified (and a skip for each local one it did not). */
export function checksFromVerification(json: VerifierJson, ctx: ResultContext): CheckReport[] {
  const locals = ctx.pacts.flatMap((p) => p.interactions.map((info) => ({ pact: p, info, used: false })));
  const errors = (json.errors ?? []).filter((e) => e.interaction !== LOAD_FAILURE).map((e) => ({ e, used: false }));
  const pendingErrors = (json.pendingErrors ?? []).map((e) => ({ e, used: false }));
  const blocks = outputBlocks(json.output ?? []).map((b) => ({ b, used: false }));
  const ids = new Set<string>();
  let exchangeCursor = 0;
  const checks: CheckReport[] = [];

  const takeError = (list: { e: VerifierError; used: boolean }[], description: string, pair?: { consumer: string; provider: string }) => {
    const hit = list.find(
      ({ e, used }) =>
        !used &&
        stripAnsi(e.interaction).endsWith(` - ${description}`) &&
        (!pair || stripAnsi(e.interaction).startsWith(`Verifying a pact between ${pair.consumer} and ${pair.provider}`)),
    );
    if (hit) hit.used = true;
    return hit?.e;
  };

  const results = json.interactionResults ?? [];
  results.forEach((result, index) => {
    const local = locals.find((l) => !l.used && l.info.description === result.description);
    if (local) local.used = true;
    const block = blocks.find((b) => !b.used && b.b.description === result.description);
    if (block) block.used = true;
    let pair = local ? { consumer: local.pact.consumer, provider: local.pact.provider } : undefined;
    const error = takeError(errors, result.description, pair);
    const pendingError = error ? undefined : takeError(pendingErrors, result.description, pair);
    pair ??= (error && pairOf(error.interaction)) ||
      (pendingError && pairOf(pendingError.interaction)) ||
      (block?.b.consumer ? { consumer: block.b.consumer, provider: block.b.provider ?? 'provider' } : undefined) || {
        consumer: 'unknown consumer',
        provider: 'unknown provider',
      };
    const info = local?.info;
    const expectedStatus = info?.expectedStatus ?? block?.b.expectedStatus;

    // the provider request this interaction made, if it made one
    let exchange: CapturedExchange | undefined;
    const candidate = ctx.exchanges[exchangeCursor];
    if (candidate && (!info || (candidate.request.method === info.method && new URL(candidate.request.url).pathname.endsWith(info.path)))) {
      exchange = candidate;
      exchangeCursor++;
    }

    let id = `pact.${slug(result.description)}`;
    if (ids.has(id)) id = `pact.${slug(pair.consumer)}.${slug(result.description)}`;
    for (let n = 2; ids.has(id); n++) id = `pact.${slug(result.description)}-${n}`;
    ids.add(id);

    const failed = error !== undefined || (result.result !== undefined && result.result !== 'OK' && !pendingError);
    const base = {
      id,
      title: `Pact interaction "${result.description}"${info?.states.length ? ` given ${info.states.join(', ')}` : ''}`,
      level: expectedStatus !== undefined && (expectedStatus < 200 || expectedStatus >= 300) ? (2 as const) : (1 as const),
      severity: 'MUST' as const,
      source: { doc: 'suite' as const, ref: `Pact contract ${pair.consumer} → ${pair.provider}` },
    };
    if (pendingError) {
      checks.push({
        ...base,
        status: 'skip',
        passed: 0,
        failed: 0,
        skipped: 1,
        skipReason: `pending pact (not yet a requirement): ${mismatchText(pendingError.mismatch)}`,
      });
      return;
    }
    if (!failed) {
      checks.push({ ...base, status: 'pass', passed: 1, failed: 0, skipped: 0 });
      return;
    }
    const verdict = error ? mismatchText(error.mismatch) : `the verifier reported ${result.result ?? 'an error'} without a mismatch`;
    const message = exchange?.error ? `the target did not answer (${exchange.error.message}); the verifier then saw: ${verdict}` : verdict;
    const request: SentRequest = exchange?.request ??
      (info ? exampleRequest(info, ctx.targetUrl) : { method: 'POST', url: ctx.targetUrl, headers: {}, body: '' });
    const auth = exchange?.auth ?? (info && !hasAuthorization(info.headers) ? 'none' : 'valid');
    const firstFailure: Counterexample = {
      message,
      index,
      category: categoryOf(info, auth),
      caseLabel: `${result.description}${info?.states.length ? ` (given ${info.states.join(', ')})` : ''}`,
      request,
      ...(exchange?.response ? { response: exchange.response } : {}),
      ...(exchange?.error ? { error: exchange.error } : {}),
      curl: curlFor(request, auth, ctx.apiKey),
      shrunk: false,
    };
    checks.push({ ...base, status: 'fail', passed: 0, failed: 1, skipped: 0, firstFailure });
  });

  // local interactions the verifier never reached (filtered out, or the run stopped): say so
  for (const l of locals.filter((x) => !x.used)) {
    let id = `pact.${slug(l.info.description)}`;
    for (let n = 2; ids.has(id); n++) id = `pact.${slug(l.info.description)}-${n}`;
    ids.add(id);
    const status = l.info.expectedStatus;
    checks.push({
      id,
      title: `Pact interaction "${l.info.description}"`,
      level: status !== undefined && (status < 200 || status >= 300) ? 2 : 1,
      severity: 'MUST',
      source: { doc: 'suite', ref: `Pact contract ${l.pact.consumer} → ${l.pact.provider}` },
      status: 'skip',
      passed: 0,
      failed: 0,
      skipped: 1,
      skipReason: 'the verifier did not verify this interaction',
    });
  }
  return checks;
}
