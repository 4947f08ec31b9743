/**
 * Micro-benchmark of the no-credential-leak judge on a typical answer: a 201 with the mock's
 * ~1 KB resource body and its headers, judged with the secrets a run uses (auth token and the
 * Basic credentials). Prints CPU nanoseconds per judged response (median of several rounds), for a
 * clean answer (the common case), one with non-ASCII text and one with characters that need
 * decoding (%, &, \); each next to the judge before encodings were searched (verbatim substrings
 * only, kept here as `verbatimOnly`), measured in the same process, so under the same load.
 * Then the same over every answer of a real run against the reference mock (seed 1, generated
 * cases: bodies echo fuzzed names with escapes and non-ASCII text), per judged exchange.
 *
 * Usage: node bench/leak-check.ts [--rounds N]
 */
import { parseArgs } from 'node:util';
import type { Judge } from '../contracts/check.ts';
import { type Exchange, type JudgeContext, replyOf } from '../contracts/exchange.ts';

const noCredentialLeak: Judge = (ex, ctx) => leakOfReply(replyOf(ex), ctx);
import { noCredentialLeak as leakOfReply } from '../engine/checks/contract.ts';
import { secretsOf } from '../engine/transport/credentials.ts';
import { CHECKS } from '../engine/checks/index.ts';
import { runSuite } from '../engine/run/run.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../mock/index.ts';
import { median, table } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, runs: { type: 'string', default: '40' } } });
const ROUNDS = Number(values.rounds);
/** CPU time of this process (user and system), so that other processes on a busy machine count less. */
const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const PER_ROUND = 20_000;

const creds = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' as const };
const ctx: JudgeContext = { targetUrl: 'http://127.0.0.1:4010', accountSid: DEFAULT_ACCOUNT_SID, secrets: secretsOf(creds), seenSids: new Map() };

const url = 'http://127.0.0.1:4010/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef';
function body(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    sid: 'BU0123456789abcdef0123456789abcdef',
    account_sid: DEFAULT_ACCOUNT_SID,
    policy_sid: 'RNdfbf3fae0e1107f8aded0e7cead80bf5',
    friendly_name: 'Acme Widgets Incorporated',
    status: 'draft',
    valid_until: null,
    email: 'compliance@acme-widgets.example.com',
    status_callback: 'https://hooks.acme-widgets.example.com/twilio/status',
    date_created: '2026-11-27T10:00:00Z',
    date_updated: '2026-11-27T10:00:00Z',
    url,
    links: {
      customer_profiles_entity_assignments: `${url}/EntityAssignments`,
      customer_profiles_evaluations: `${url}/Evaluations`,
      customer_profiles_channel_endpoint_assignment: `${url}/ChannelEndpointAssignments`,
    },
    errors: null,
    ...extra,
  });
}
const headers = {
  'content-type': 'application/json',
  'content-length': '1000',
  date: 'Fri, 27 Nov 2026 10:00:01 GMT',
  'twilio-request-id': 'RQ0123456789abcdef0123456789abcdef',
  'x-powered-by': 'AT-5000',
  connection: 'keep-alive',
  'keep-alive': 'timeout=5',
};

function exchange(text: string): Exchange {
  return {
    index: 0,
    case: { category: 'valid', label: 'valid', expect: 'create', fields: {}, contentType: null, body: '', auth: 'valid' },
    request: { method: 'POST', url, headers: {}, body: '' },
    response: { status: 201, statusText: 'Created', headers, bodyText: text, json: undefined },
    latencyMs: 1,
    receivedAt: 0,
  };
}

/** The judge as it was before (main at f1be87c): verbatim substrings of body and header values only. */
const verbatimOnly: Judge = (ex, c) => {
  const res = ex.response;
  if (!res) return null;
  const hs = Object.entries(res.headers);
  for (const secret of c.secrets) {
    if (res.bodyText.includes(secret)) return { status: 'fail', message: 'leak' };
    for (const [, value] of hs) if (value.includes(secret)) return { status: 'fail', message: 'leak' };
  }
  return { status: 'pass' };
};

const cases: Array<[string, Exchange]> = [
  ['clean ASCII', exchange(body())],
  ['non-ASCII name', exchange(body({ friendly_name: 'Ácme Wídgets Société' }))],
  ['with % & \\ (callback query)', exchange(body({ status_callback: 'https://hooks.example.com/s?a=1&b=%2F&c=\\u0041' }))],
];

function nsPerJudge(judge: Judge, ex: Exchange, name: string): number {
  for (let i = 0; i < PER_ROUND; i++) judge(ex, ctx); // warm-up
  const ns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = cpuNs();
    for (let i = 0; i < PER_ROUND; i++) if (judge(ex, ctx)?.status !== 'pass') throw new Error(`${name}: not a pass`);
    ns.push((cpuNs() - t) / PER_ROUND);
  }
  return Math.round(median(ns));
}

const rows: Array<Array<string | number>> = [];
for (const [name, ex] of cases) {
  const before = nsPerJudge(verbatimOnly, ex, name);
  const now = nsPerJudge(noCredentialLeak, ex, name);
  rows.push([name, Buffer.byteLength(ex.response!.bodyText), before, now, now - before]);
}

// every exchange of a run against the reference mock
const mock = await startMock({ port: 0 });
const seen: Exchange[] = [];
try {
  await runSuite({
    targetUrl: mock.url,
    credentials: creds,
    seed: 1,
    runs: Number(values.runs),
    concurrency: 4,
    timeoutMs: 10_000,
    checks: CHECKS,
    onExchange: (ex) => seen.push(ex),
  });
} finally {
  await mock.close();
}
const corpus = (judge: Judge) => () => {
  for (const ex of seen) if (judge(ex, ctx)?.status === 'fail') throw new Error(`exchange #${ex.index}: a leak in the mock's answer`);
};
const timeCorpus = (judge: Judge): number => {
  const run = corpus(judge);
  for (let i = 0; i < 5; i++) run();
  const ns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = cpuNs();
    for (let i = 0; i < 20; i++) run();
    ns.push((cpuNs() - t) / (20 * seen.length));
  }
  return Math.round(median(ns));
};
const avgBytes = Math.round(seen.reduce((n, ex) => n + Buffer.byteLength(ex.response?.bodyText ?? ''), 0) / seen.length);
const before = timeCorpus(verbatimOnly);
const now = timeCorpus(noCredentialLeak);
rows.push([`a run's ${seen.length} answers (mean)`, avgBytes, before, now, now - before]);
console.log(table({ header: ['response', 'body bytes', 'ns before', 'ns now', 'ns added'], rows }));
