/**
 * `run --dry-run`: the plan as shell lines, from the resolved options; nothing is sent.
 */
import type { TestCase } from '../contracts/exchange.ts';
import { plan } from '../engine/plan/plan.ts';
import { budgetLine } from '../engine/run/live.ts';
import type { ResolvedOptions } from '../engine/options/model.ts';
import type { Credentials } from '../engine/transport/credentials.ts';
import { curlFor } from '../engine/transport/curl.ts';
import { createRequest, sentRequest } from '../engine/transport/request.ts';
import { EXIT } from './errors.ts';

export interface DryRunOptions {
  /** the target, or undefined for the embedded mock (a placeholder URL is printed) */
  targetUrl?: string;
  seed: number;
  runs: number;
  policySids?: string[];
  apiKey: boolean;
  maxCreates?: number;
  keepCreated?: boolean;
  shard?: { index: number; count: number };
  /** names of the extra headers (-H): printed from their TRUSTHUB_HEADER_<NAME> variables */
  headers?: readonly string[];
}

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

/**
 * The plan as shell lines: a comment per case, then the curl command that sends it, credentials
 * as environment variables. Nothing is sent. Returns how many requests and creates it planned.
 */
export function printDryRun(o: DryRunOptions, write: (line: string) => void): { requests: number; creates: number } {
  const base = o.targetUrl ?? 'http://127.0.0.1:4010';
  const creds: Credentials = { accountSid: 'AC', username: 'user', password: 'pass', kind: o.apiKey ? 'api-key' : 'auth-token' };
  const vars = o.apiKey ? '$TWILIO_ACCOUNT_SID, $TWILIO_API_KEY and $TWILIO_API_SECRET' : '$TWILIO_ACCOUNT_SID and $TWILIO_AUTH_TOKEN';
  const shard = o.shard && o.shard.count > 1 ? `, shard ${o.shard.index}/${o.shard.count}` : '';
  write(`# trusthub-conformance dry run: seed ${o.seed}, ${o.runs} runs per category${shard}; nothing is sent`);
  write(`# target ${oneLine(base)}${o.targetUrl ? '' : ' (the embedded mock listens on a free port; `trusthub-conformance mock` serves on 4010)'}`);
  write(`# credentials come from ${vars}`);
  if (o.targetUrl) write('# first, GET /v1/CustomerProfiles?PageSize=1 checks that the target takes the credentials (a 401 stops the run);');
  write('# first, the account model: seeded sequences of creates, reads, list walks and deletes of its own profiles (shard 1;');
  write('# under --max-creates only what these cases leave), every profile it creates deleted again;');
  write('# besides these POSTs: fixed refusals are bracketed by GET /v1/CustomerProfiles?PageSize=1000; the first 2 fixed');
  write('# creates are read back, deleted and read again; failures are shrunk with more POSTs of the same kind;');
  write(
    o.targetUrl && !o.keepCreated
      ? '# at the end every profile the run created is deleted (DELETE /v1/CustomerProfiles/{Sid}).'
      : '# created profiles are not deleted at the end.',
  );
  const hidden = o.headers ?? [];
  const extra = hidden.length ? Object.fromEntries(hidden.map((n) => [n, 'value'])) : undefined;
  let requests = 0;
  let creates = 0;
  const genOpts = o.policySids?.length ? { policySids: o.policySids } : {};
  for (const entry of plan({ seed: o.seed, runs: o.runs, generators: genOpts, shard: o.shard })) {
    const tc: TestCase = entry.case;
    requests++;
    if (tc.expect !== 'reject') creates++;
    const expect = tc.expect === 'create' ? 'expects a create' : tc.expect === 'either' ? 'may create' : 'expects a refusal';
    write(`# #${entry.index} ${tc.category}, ${expect}: ${oneLine(tc.label)}`);
    write(curlFor(sentRequest(createRequest(base, creds, tc, extra)), tc.auth, o.apiKey, hidden));
  }
  if (o.maxCreates !== undefined) {
    const forCreates = o.maxCreates >= 2 ? o.maxCreates - 1 : o.maxCreates;
    write(
      `# --max-creates ${o.maxCreates}: of the ${creates} cases that may create, at most ${Math.min(forCreates, creates)} are sent; a slot is kept for refusals`,
    );
  }
  return { requests, creates };
}

/** `run --dry-run`: print the plan, send nothing, exit 0. */
export function dryRun(options: ResolvedOptions): number {
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    if (lines.length >= 512) process.stdout.write(`${lines.splice(0).join('\n')}\n`);
  };
  const planned = printDryRun(
    {
      targetUrl: options.target?.url,
      seed: options.seed,
      runs: options.runs,
      policySids: options.policySids ? [...options.policySids] : undefined,
      apiKey: options.credentials?.kind === 'api-key',
      maxCreates: options.live.maxCreates,
      keepCreated: options.live.keepCreated,
      shard: options.shard,
      headers: Object.keys(options.headers ?? {}),
    },
    out,
  );
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  // what the run itself would say before its first request
  const budget = options.target ? budgetLine(options) : undefined;
  if (budget) process.stderr.write(`${budget}\n`);
  process.stderr.write(`dry run: ${planned.requests} create requests planned (${planned.creates} may create), seed ${options.seed}; nothing was sent\n`);
  return EXIT.conformant;
}
