/**
 * A target that echoes the caller's credential, in each encoding a response can carry it in:
 * no-credential-leak fails it wherever the echo is (body, a header, the Location header, the status
 * text, a follow-up's answer), and no output of the run holds it in any encoding (report.json,
 * junit.xml, report.md, report.html with its certificate, badge.svg, the HAR cassette, the
 * terminal summary, the curl replay lines), as the scanner of tests/helpers/secret-forms.ts sees it.
 * The clean reference mock fails nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JudgeContext } from '../../contracts/exchange.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { noCredentialLeak } from '../../engine/checks/contract.ts';
import { secretsOf } from '../../engine/transport/credentials.ts';
import { buildReport } from '../../engine/judge/report.ts';
import { runSuite } from '../../engine/run/run.ts';
import { CassetteRecorder, type HarEntry } from '../../evidence/har.ts';
import { renderSummary } from '../../cli/output.ts';
import { ALL_FORMATS, writeReports } from '../../reports/index.ts';
import { context, exchangeOf, replyTo, resource, response, SID, validCaseOf } from '../helpers/exchange.ts';
import { HOSTILE_CREDENTIALS, type HostileOptions, startHostile } from '../helpers/hostile-server.ts';
import { revealed, SECRET_FORMS } from '../helpers/secret-forms.ts';
import { replyOf } from '../../contracts/exchange.ts';

const CRED = { sid: HOSTILE_CREDENTIALS.accountSid, token: HOSTILE_CREDENTIALS.password };
const ctx: JudgeContext = context({ accountSid: CRED.sid, secrets: secretsOf(HOSTILE_CREDENTIALS) });

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const judge = (ex: ReturnType<typeof exchangeOf>) => noCredentialLeak(replyOf(ex), ctx);
const created = (extra: Record<string, string> = {}, body: unknown = resource()) => exchangeOf(validCaseOf(), response(201, body, extra));

describe.each(SECRET_FORMS)('no-credential-leak, the credential $name', (form) => {
  const echo = form.encode(CRED);

  it('fails it in the body (as JSON source, as plain text)', () => {
    const json = JSON.stringify(resource()).replace('{', `{"debug": "${echo}", `);
    expect(judge(created({}, json))).toMatchObject({ status: 'fail', message: expect.stringContaining('the response body carries a credential') });
    expect(judge(created({ 'content-type': 'text/plain' }, `token=${echo}`))?.status).toBe('fail');
  });

  it.skipIf(form.header === false)('fails it in a header and in the Location header', () => {
    expect(judge(created({ 'x-debug': echo }))).toMatchObject({ status: 'fail', message: expect.stringContaining('header x-debug') });
    const moved = exchangeOf(validCaseOf(), response(302, '', { location: `https://cp.example.com/next?auth=${echo}` }));
    expect(judge(moved)).toMatchObject({ status: 'fail', message: expect.stringContaining('header location') });
  });

  it('never repeats the credential in its message', () => {
    const outcome = judge(created({ 'x-debug': echo, [`x-${echo.slice(0, 20)}`]: '1' }));
    expect(outcome?.status).toBe('fail');
    expect(revealed(JSON.stringify(outcome), CRED)).toEqual([]);
  });
});

describe('no-credential-leak, where a response can carry it', () => {
  const b64 = Buffer.from(`${CRED.sid}:${CRED.token}`).toString('base64');

  it('fails a header name, the status text and a follow-up answer', () => {
    expect(judge(created({ [`x-${CRED.token}`]: '1' }))?.status).toBe('fail');
    const res = response(201, resource());
    expect(judge(exchangeOf(validCaseOf(), { ...res, statusText: `Created ${b64}` }))).toMatchObject({ message: expect.stringContaining('status text') });
    // a follow-up's answer is judged as itself, on its own route
    const readBack = replyTo('GET', `/v1/CustomerProfiles/${SID}`, response(200, resource({ debug: CRED.token.toUpperCase() })));
    expect(noCredentialLeak(readBack, ctx)).toMatchObject({ status: 'fail', message: expect.stringContaining('GET /v1/CustomerProfiles/BU') });
  });

  it('fails a token split across two headers, and names neither half', () => {
    const half = CRED.token.length / 2;
    const outcome = judge(created({ 'x-part-1': CRED.token.slice(0, half), 'x-part-2': CRED.token.slice(half) }));
    expect(outcome).toMatchObject({ status: 'fail', message: expect.stringContaining('headers carry a credential of the caller split across their values') });
    expect(revealed(JSON.stringify(outcome), CRED)).toEqual([]);
  });

  it('passes a clean answer, and one that echoes the Account SID (not a secret)', () => {
    expect(judge(created())?.status).toBe('pass');
    expect(judge(created({ 'x-account': CRED.sid }, resource({ note: Buffer.from(`${CRED.sid}:`).toString('base64') })))?.status).toBe('pass');
  });
});

/** Runs of the describe blocks in flight at once: a few dozen in parallel time out on a busy machine. */
const AT_ONCE = 4;
let inFlight = 0;
const waiting: Array<() => void> = [];

/** The run of one describe block, queued now and started when one of AT_ONCE slots is free. */
function runOnce<T>(start: () => Promise<T>): () => Promise<T> {
  const run = (async () => {
    if (inFlight >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    try {
      return await start();
    } finally {
      inFlight--;
      waiting.shift()?.();
    }
  })();
  // a failed run is reported by the tests that await it, not as an unhandled rejection
  run.catch(() => undefined);
  return () => run;
}

/** Run every check against a target, write every output of a run into a fresh folder, return the folder's files. */
async function certifyInto(kind: 'echo' | 'faithful', options: HostileOptions = {}, whole = true) {
  const dir = mkdtempSync(join(tmpdir(), 'thc-leak-'));
  dirs.push(dir);
  const server = await startHostile(kind, options);
  try {
    const har = join(dir, 'cassette.har');
    const meta = {
      cassetteVersion: 1 as const,
      tool: { name: 'trusthub-conformance', version: 'test' },
      target: server.url,
      seed: 5,
      runs: 1,
      startedAt: new Date().toISOString(),
      catalogFingerprint: 'sha256:test',
    };
    const recorder = CassetteRecorder.open(har, meta, secretsOf(HOSTILE_CREDENTIALS));
    // answers that never came (a timeout on a loaded machine) have nothing to leak: no rule judges them
    let unanswered = 0;
    const result = await runSuite({
      targetUrl: server.url,
      credentials: HOSTILE_CREDENTIALS,
      seed: 5,
      runs: 1,
      concurrency: 4,
      timeoutMs: 5000,
      checks: CHECKS,
      shrink: whole,
      // the creates' answers carry the echo as much as any other; the follow-ups' answers pass the same
      // redaction (the whole runs of SHRUNK forms and the faithful target keep them)
      ...(whole ? {} : { followUps: 0 }),
      // the leaks, not the clocks, are judged here: no wait before the late create (the clock rules have their own tests and faults)
      clockSpanMs: 0,
      onExchange: (ex) => {
        if (!ex.response) unanswered++;
        recorder.add(ex);
      },
      onReply: (r) => {
        if (!r.response) unanswered++;
      },
    });
    const end = recorder.close({ finishedAt: result.finishedAt });
    const report = buildReport(result, {
      targetUrl: server.url,
      embedded: false,
      seed: 5,
      runs: 1,
      requiredLevel: 3,
      concurrency: 4,
      timeoutMs: 5000,
      rerun: `npx trusthub-conformance run --target ${server.url} --seed 5 --runs 1`,
    });
    await writeReports(report, dir, ALL_FORMATS);
    writeFileSync(join(dir, 'terminal.txt'), renderSummary(report));
    const files = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    return { report, end, files, unanswered };
  } finally {
    await server.close();
  }
}

describe('every output of a run against a target splitting the token across two headers', () => {
  const half = CRED.token.length / 2;
  const run = runOnce(() => certifyInto('echo', { echo: 'nothing', echoInHeaders: false, echoHeaders: { 'x-part-1': CRED.token.slice(0, half), 'x-part-2': CRED.token.slice(half) } }));

  it('fails no-credential-leak, and no file holds the two halves', async () => {
    const { report, files } = await run();
    expect(report.checks.find((c) => c.id === 'no-credential-leak')?.status).toBe('fail');
    for (const [name, text] of Object.entries(files)) {
      expect(text.includes(CRED.token.slice(0, half)) && text.includes(CRED.token.slice(half)), name).toBe(false);
    }
  });
});

/**
 * The forms whose run is whole: it also shrinks and sends the follow-ups (a shrunk example and a
 * follow-up's answer are written like any other, by the same redaction; the whole run for every
 * form would triple this file's time for no new path).
 */
const SHRUNK = new Set(['verbatim', 'JSON \\u escapes, every character', 'base64 of sid:token (the Basic credential)', 'HTML hex references']);

it('shrinks the runs of forms that exist', () => {
  expect([...SHRUNK].filter((name) => !SECRET_FORMS.some((f) => f.name === name))).toEqual([]);
});

/**
 * The other forms share runs, at most GROUP forms a run, planted in turn one per answer: each form
 * still meets every kind of answer and output a run writes, in a quarter of the runs. Forms that
 * go in headers share runs only with their like, so that every answer of such a run carries one.
 */
const GROUP = 8;
const grouped = (header: boolean) => SECRET_FORMS.filter((f) => !SHRUNK.has(f.name) && (f.header !== false) === header);
const groupRuns = new Map(
  [true, false].flatMap((header) => {
    const forms = grouped(header);
    const runs = Math.ceil(forms.length / GROUP);
    return forms.map((f, i) => [f.name, { header, index: i % runs, echoes: forms.filter((_, j) => j % runs === i % runs).map((g) => g.encode(CRED)) }] as const);
  }),
);
const sharedRuns = new Map<string, ReturnType<typeof runOnce<Awaited<ReturnType<typeof certifyInto>>>>>();
function runFor(form: (typeof SECRET_FORMS)[number]) {
  if (SHRUNK.has(form.name)) return runOnce(() => certifyInto('echo', { echo: form.encode(CRED), echoInHeaders: form.header !== false }, true));
  const g = groupRuns.get(form.name)!;
  const key = `${g.header}:${g.index}`;
  if (!sharedRuns.has(key)) sharedRuns.set(key, runOnce(() => certifyInto('echo', { echo: g.echoes, echoInHeaders: g.header }, false)));
  return sharedRuns.get(key)!;
}

it('runs every form: the shared runs hold each form not run alone once, in runs of at most GROUP forms', () => {
  const inGroups = [...groupRuns.values()].flatMap((g) => g.echoes);
  expect(new Set(inGroups).size + SHRUNK.size).toBe(new Set(SECRET_FORMS.map((f) => f.encode(CRED))).size);
  expect(Math.max(...[...groupRuns.values()].map((g) => g.echoes.length))).toBeLessThanOrEqual(GROUP);
});

const OUTPUTS = ['badge.svg', 'cassette.har', 'gl-code-quality-report.json', 'junit.xml', 'report.html', 'report.json', 'report.md', 'statement.intoto.json', 'terminal.txt'];

describe.each(SECRET_FORMS)('every output of a run against a target echoing the credential $name', (form) => {
  const echo = form.encode(CRED);
  const run = runFor(form);

  it('fails no-credential-leak, in the report and the terminal summary', async () => {
    const { report, files } = await run();
    const leak = report.checks.find((c) => c.id === 'no-credential-leak')!;
    expect(leak.status).toBe('fail');
    expect(leak.failed).toBeGreaterThan(0);
    // every answer of a run planting forms in headers carries one: each form planted was found, not only some
    if (form.header !== false) expect(leak.passed).toBe(0);
    expect(report.verdict.conformant).toBe(false);
    expect(files['terminal.txt']).toContain('no-credential-leak');
  });

  it('holds it in no file, in any encoding; the evidence says [redacted] instead', async () => {
    const { files, end } = await run();
    expect(Object.keys(files).sort()).toEqual(OUTPUTS);
    for (const [name, text] of Object.entries(files)) {
      expect(revealed(text, CRED), name).toEqual([]);
      if (form.name !== 'verbatim' && name !== 'badge.svg') expect(text.includes(echo), `${name} holds the echo as sent`).toBe(false);
    }
    expect(files['report.json']).toContain('[redacted]');
    expect(files['terminal.txt']).toContain('replay: curl');
    expect(end.redactedResponses).toBeGreaterThan(0);
    // the Account SID, not a secret, is still there to read
    expect(files['report.json']).toContain(CRED.sid);
  });

  it.skipIf(form.header === false)('keeps the redacted Location in the HAR redirectURL and headers, not the credential', async () => {
    const { files } = await run();
    const entries = files['cassette.har']!.split('\n').filter((l) => l.startsWith('{"startedDateTime"')).map((l) => JSON.parse(l.replace(/,$/, '')) as HarEntry);
    const moved = entries.filter((e) => e.response.redirectURL !== '');
    expect(moved.length).toBeGreaterThan(0);
    for (const e of moved) {
      expect(e.response.redirectURL).toMatch(/^https:\/\/cp-staging\.example\.com\/v1\/next\?t=.*\[redacted\]/);
      expect(e.response.headers.find((h) => h.name === 'location')?.value).toBe(e.response.redirectURL);
      expect(e.response._redacted).toBe(true);
    }
  });
});

describe('the clean reference mock', () => {
  const run = runOnce(() => certifyInto('faithful'));

  it('gives no leak failure: its answers never carry the token', async () => {
    const { report, end, files, unanswered } = await run();
    const leak = report.checks.find((c) => c.id === 'no-credential-leak')!;
    expect(leak.status).toBe('pass');
    expect(leak.passed).toBe(report.exchanges.total + (report.exchanges.otherAnswers ?? 0) - unanswered);
    expect(leak.passed).toBeGreaterThan(10);
    expect(end.redactedResponses).toBe(0);
    for (const [name, text] of Object.entries(files)) expect(revealed(text, CRED), name).toEqual([]);
  });
});
