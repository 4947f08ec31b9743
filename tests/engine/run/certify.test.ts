/**
 * certify(), the one path every entry takes (run, diff, the library, the vitest adapter): before
 * the plan one authenticated read tells whether the target takes the credentials (and, asked,
 * waits for it to answer at all); a diff cleans up both sides as a run does. In-process, against
 * servers started here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isToolError } from '../../../contracts/errors.ts';
import { resolveOptions } from '../../../engine/options/resolve.ts';
import { certify } from '../../../engine/run/certify.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../../mock/index.ts';
import { startCounting } from '../../helpers/counting.ts';
import { freePort } from '../../helpers/hostile-server.ts';
import { recordMock, tempDir } from '../../fixtures/evidence/helpers.ts';

const WRONG = 'wrong-token-0f3a9c1e77';
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('credentials first', () => {
  it('a 401 to the authenticated read stops everything before the plan: CT_ERR_CREDENTIALS naming the sources, never the values', async () => {
    const target = await startCounting(() => ({ status: 401, body: '{"code":20003,"message":"Authenticate","status":401}' }));
    closers.push(target.close);
    const options = await resolveOptions(
      { target: target.url, accountSid: DEFAULT_ACCOUNT_SID, runs: 2 },
      { env: { TWILIO_AUTH_TOKEN: WRONG } },
    );
    const lines: string[] = [];
    const err = await certify(options, { log: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(isToolError(err) && err.code).toBe('CT_ERR_CREDENTIALS');
    expect((err as Error).message).toBe(
      `${target.url} refused the credentials: GET /v1/CustomerProfiles?PageSize=1 answered 401 (credentials from --account-sid and TWILIO_AUTH_TOKEN; values not shown); nothing else was sent`,
    );
    expect((err as Error).message).not.toContain(WRONG);
    expect(target.requests).toEqual([{ method: 'GET', path: '/v1/CustomerProfiles?PageSize=1', authorization: true }]);
    expect(lines).toEqual([]);
  });

  it('a list route that refuses the API key: the run acting with the key goes on, and auth.pairs-one-account names the refused list; no secret of either pair in the report', async () => {
    const mock = await startMock({ port: 0, fault: 'api-key-list-401' });
    closers.push(() => mock.close());
    const options = await resolveOptions(
      { target: mock.url, runs: 1, seed: 2, shrink: false },
      { env: { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN, TWILIO_API_KEY: DEFAULT_API_KEY_SID, TWILIO_API_SECRET: DEFAULT_API_KEY_SECRET } },
    );
    const { report } = await certify(options);
    expect(report.verdict.conformant).toBe(false);
    // the run acts with the key: the profile created with the Auth Token is not listed with it
    const pairs = report.checks.find((c) => c.id === 'auth.pairs-one-account');
    expect(pairs?.status).toBe('fail');
    expect(pairs?.firstFailure?.message).toMatch(/created with the Auth Token is not in the list filtered by its name with the API key .*401/);
    const text = JSON.stringify(report);
    const b64 = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
    for (const secret of [DEFAULT_API_KEY_SECRET, DEFAULT_AUTH_TOKEN, b64(DEFAULT_API_KEY_SID, DEFAULT_API_KEY_SECRET), b64(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)]) expect(text).not.toContain(secret);
  });

  it("with both pairs of the account, a 401 to one pair whose other pair is taken is the target's defect to judge, not a wrong credential: the run goes on", async () => {
    const keyUser = Buffer.from(`${DEFAULT_API_KEY_SID}:`).toString('base64').slice(0, 40);
    const target = await startCounting((req) =>
      String(req.headers.authorization ?? '').startsWith(`Basic ${keyUser}`) ? { status: 401, body: '{"code":20003,"message":"Authenticate","status":401}' } : { status: 404, body: '{}' },
    );
    closers.push(target.close);
    const env = { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN, TWILIO_API_KEY: DEFAULT_API_KEY_SID, TWILIO_API_SECRET: DEFAULT_API_KEY_SECRET };
    const options = await resolveOptions({ target: target.url, runs: 1, seed: 2, only: ['create.status-201'], requireLevel: 1, maxFailures: 1 }, { env });
    const lines: string[] = [];
    const { report } = await certify(options, { log: (l) => lines.push(l) });
    expect(lines).toContain(`${target.url} refused the API key on GET /v1/CustomerProfiles?PageSize=1 and took the account's other pair: the run goes on and judges the refusal`);
    expect(target.requests.slice(0, 2).map((r) => r.path)).toEqual(['/v1/CustomerProfiles?PageSize=1', '/v1/CustomerProfiles?PageSize=1']);
    expect(report.verdict.conformant).toBe(false);
  });

  it('a target that answers the read (any status but 401) is certified as before', async () => {
    const mock = await startMock({ port: 0 });
    closers.push(() => mock.close());
    const options = await resolveOptions(
      { target: mock.url, runs: 1, seed: 2, only: ['L1'], requireLevel: 1 },
      { env: { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN } },
    );
    const { report } = await certify(options);
    expect(report.verdict.conformant).toBe(true);
  });
});

describe('--wait-for-target', () => {
  const env = { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN };

  it('waits for a target that starts late, then runs', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const options = await resolveOptions({ target: url, runs: 1, seed: 2, only: ['L1'], waitForTarget: 30 }, { env });
    const lines: string[] = [];
    let late: Awaited<ReturnType<typeof startMock>> | undefined;
    const starting = new Promise<void>((resolve) =>
      setTimeout(async () => {
        late = await startMock({ port });
        closers.push(() => late!.close());
        resolve();
      }, 1200),
    );
    const { report, run } = await certify(options, { log: (l) => lines.push(l) });
    await starting;
    expect(run.unreachable).toBeUndefined();
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.firstFailure?.message}`)).toEqual([]);
    expect(lines[0]).toMatch(new RegExp(`^waiting up to 30 s for ${url} to answer \\(ECONNREFUSED\\)$`));
  });

  it('gives up after the wait: CT_ERR_UNREACHABLE in one line, nothing else sent', async () => {
    const port = await freePort();
    const options = await resolveOptions({ target: `http://127.0.0.1:${port}`, runs: 1, waitForTarget: 1 }, { env });
    const err = await certify(options).catch((e: unknown) => e);
    expect(isToolError(err) && err.code).toBe('CT_ERR_UNREACHABLE');
    expect((err as Error).message).toBe(`http://127.0.0.1:${port} did not answer within 1 s of waiting (last: ECONNREFUSED); nothing was sent`);
  });

  it('any HTTP answer ends the wait, even a 503', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const options = await resolveOptions({ target: url, runs: 1, retries: 0, waitForTarget: 5, only: ['L1'] }, { env });
    const { run } = await certify(options);
    expect(run.planned).toBeGreaterThan(0);
  });
});

describe('a diff cleans up both sides, within the budget of each', () => {
  it('deletes what it created on the target and on a URL reference, and says so for each', async () => {
    const [target, reference] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0 })]);
    closers.push(() => target.close(), () => reference.close());
    const options = await resolveOptions(
      { target: target.url, reference: reference.url, runs: 3, seed: 5 },
      { purpose: 'diff', env: { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN } },
    );
    const lines: string[] = [];
    const created: string[] = [];
    const { report, reference: referenceRun } = await certify(options, { log: (l) => lines.push(l), onCreated: (_sid, base) => created.push(base) });
    expect(target.profileCount()).toBe(0);
    expect(reference.profileCount()).toBe(0);
    expect(report.live?.creates).toBeGreaterThan(0);
    // every create accounted for: the follow-ups' own deletes and the cleanup's
    for (const live of [report.live, referenceRun?.live]) expect(live!.cleanup!.deleted + (live!.deletedByChecks ?? 0)).toBe(live!.creates);
    expect(lines.find((l) => l.startsWith('target: '))).toMatch(/^target: created \d+ profiles; .*\d+ deleted at the end$/);
    expect(lines.find((l) => l.startsWith('reference: '))).toMatch(/^reference: created \d+ profiles; .*\d+ deleted at the end$/);
    expect(new Set(created)).toEqual(new Set([target.url, reference.url]));
  });

  it('--max-creates holds on each side', async () => {
    const [target, reference] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0 })]);
    closers.push(() => target.close(), () => reference.close());
    const options = await resolveOptions(
      { target: target.url, reference: reference.url, runs: 3, seed: 5, maxCreates: 4, keepCreated: true },
      { purpose: 'diff', env: { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN } },
    );
    await certify(options);
    expect(target.profileCount()).toBeLessThanOrEqual(4);
    expect(reference.profileCount()).toBeLessThanOrEqual(4);
    expect(target.profileCount()).toBeGreaterThan(0);
  });
});

describe('a cassette names what to send, never where', () => {
  it("the host a cassette was recorded at (edited to a counting server) receives nothing: the corpus goes to the diff's target", async () => {
    const elsewhere = await startCounting();
    closers.push(elsewhere.close);
    const path = join(tempDir(), 'recorded.har');
    let recordedAt = '';
    await recordMock({}, path, { runs: 2 }).then(() => {
      recordedAt = JSON.parse(`${readFileSync(path, 'utf8').split('\n')[0]}]}}`).log._trusthubConformance.target;
    });
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll(recordedAt, elsewhere.url));
    const options = await resolveOptions({ reference: path }, { purpose: 'diff', env: {} });
    const { report } = await certify(options);
    expect(report.diff?.compared).toBeGreaterThan(0);
    expect(elsewhere.connections).toBe(0);
  });
});
