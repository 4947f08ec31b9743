/**
 * One options model for every entry (issue 19 "One resolved configuration"): the command line,
 * the config file, the library's certify() and the vitest adapter all go through resolveOptions,
 * and the engine's certify() takes nothing else. In-process; counting loopback servers prove that
 * a refused option sent nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../cli/config.ts';
import { OptionError } from '../../../contracts/errors.ts';
import { isResolved, resolveOptions } from '../../../engine/options/resolve.ts';
import { certify as certifyWithEngine } from '../../../engine/run/certify.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../../../mock/index.ts';
import { type CountingServer, startCounting } from '../../helpers/counting.ts';

const ENV = { TWILIO_ACCOUNT_SID: DEFAULT_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN };

let counting: CountingServer;
let dir: string;
beforeAll(async () => {
  counting = await startCounting();
  dir = mkdtempSync(join(tmpdir(), 'thc-options-'));
});
afterAll(async () => {
  await counting.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The message of what `run` throws, or 'accepted'. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(OptionError);
    return (err as Error).message;
  }
}

describe('resolveOptions', () => {
  it('fills every default once, draws the seed once, and marks what it made (frozen)', async () => {
    const o = await resolveOptions({}, { env: {} });
    expect(o).toMatchObject({ runs: 100, concurrency: 8, timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, requiredLevel: 3, shrink: true });
    expect(o.transport).toEqual({ insecure: false, retries: 3, retryMaxMs: 30_000 });
    expect(o.live).toEqual({ production: false, keepCreated: false });
    expect(Number.isInteger(o.seed)).toBe(true);
    expect(isResolved(o)).toBe(true);
    expect(Object.isFrozen(o) && Object.isFrozen(o.transport)).toBe(true);
    // a copy is not what resolveOptions made
    expect(isResolved({ ...o })).toBe(false);
  });

  it.each([
    [{ concurrency: 0 }, '--concurrency must be a whole number from 1 to 1024, got 0'],
    [{ concurrency: 2.5 }, '--concurrency must be a whole number from 1 to 1024, got 2.5'],
    [{ runs: Number.NaN }, '--runs must be a whole number from 1 to 10000000, got NaN'],
    [{ timeout: 0 }, '--timeout must be a whole number from 1 to 600000, got 0'],
    [{ rps: 0 }, '--rps must be a number from 0.001 to 100000, got 0'],
    [{ retries: 11 }, '--retries must be a whole number from 0 to 10, got 11'],
    [{ maxCreates: 0 }, '--max-creates must be a whole number, at least 1, got 0'],
    [{ maxFailures: -1 }, '--max-failures must be a whole number, at least 1, got -1'],
    [{ waitForTarget: 0 }, '--wait-for-target must be a whole number from 1 to 3600, got 0'],
    [{ requireLevel: 4 }, '--require-level takes 1, 2 or 3, got 4'],
    [{ target: '' }, '--target is empty (an unset variable?): give it a value or leave it out'],
    [{ target: undefined }, '--target is not set (undefined: an unset variable?): give it a value or leave it out'],
    [{ target: 'ftp://x' }, '--target must be an http or https URL, got ftp:'],
    [{ shard: { index: 1, count: 2 } }, '--shard needs --seed: every shard must draw the same plan'],
    [{ live: true }, '--live needs --target: the embedded mock is not a live target'],
    [{ policySids: ['RN1'] }, '--policy-sid must be RN followed by 32 hex digits, got "RN1"'],
    [{ pact: true, maxCreates: 2 }, 'Pact verification cannot run under a create budget (--max-creates or --live): its creates are neither counted nor cleaned up'],
  ])('refuses %j in one line naming the flag', async (input, message) => {
    expect(await refusal(() => resolveOptions(input as never, { env: ENV }))).toBe(message);
  });

  it('names keys, not flags, for the library', async () => {
    expect(await refusal(() => resolveOptions({ maxCreates: 0 }, { naming: 'keys', env: {} }))).toBe('maxCreates must be a whole number, at least 1, got 0');
    expect(await refusal(() => resolveOptions({ concurency: 2 } as never, { naming: 'keys', env: {} }))).toBe('unknown option "concurency"');
  });

  it('needs credentials for a target, and names where they came from (never their values)', async () => {
    expect(await refusal(() => resolveOptions({ target: counting.url }, { env: {} }))).toMatch(/^credentials are needed for --target/);
    const o = await resolveOptions({ target: counting.url, accountSid: DEFAULT_ACCOUNT_SID }, { env: { TWILIO_AUTH_TOKEN: DEFAULT_AUTH_TOKEN } });
    expect(o.credentialsFrom).toBe('--account-sid and TWILIO_AUTH_TOKEN');
    expect(o.credentialsFrom).not.toContain(DEFAULT_AUTH_TOKEN);
  });

  it('resolves a second account as the first: flags, keys or TRUSTHUB_SECOND_*, one-line errors naming them, never the first account again', async () => {
    const SECOND = `AC${'f'.repeat(32)}`;
    const TOKEN = 'secondAccountToken0123';
    const base = { target: counting.url, accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN };
    const o = await resolveOptions({ ...base, secondAccountSid: SECOND }, { env: { TRUSTHUB_SECOND_AUTH_TOKEN: TOKEN } });
    expect(o.secondCredentials).toEqual({ accountSid: SECOND, username: SECOND, password: TOKEN, kind: 'auth-token' });
    expect(o.secondCredentialsFrom).toBe('--second-account-sid and TRUSTHUB_SECOND_AUTH_TOKEN');
    const fromConfig = await resolveOptions({ ...base, secondAccountSid: SECOND, secondAuthToken: TOKEN }, { env: {}, origins: { secondAuthToken: 'secondAuthToken in the config file' } });
    expect(fromConfig.secondCredentialsFrom).toBe('--second-account-sid and secondAuthToken in the config file');
    expect((await resolveOptions(base, { env: {} })).secondCredentials).toBeUndefined();
    expect(await refusal(() => resolveOptions({ ...base, secondAccountSid: SECOND }, { env: {} }))).toBe('an Auth Token is needed (--second-auth-token or TRUSTHUB_SECOND_AUTH_TOKEN)');
    expect(await refusal(() => resolveOptions({ ...base, secondAccountSid: SECOND }, { naming: 'keys', env: {} }))).toBe('an Auth Token is needed (secondAuthToken or TRUSTHUB_SECOND_AUTH_TOKEN)');
    expect(await refusal(() => resolveOptions({ ...base, secondAccountSid: SECOND, secondAuthToken: 'abc' }, { env: {} }))).toMatch(/^the second account's Auth Token \(--second-auth-token or TRUSTHUB_SECOND_AUTH_TOKEN\) is shorter than 6 characters/);
    expect(await refusal(() => resolveOptions({ ...base, secondAccountSid: 'AC12' }, { env: { TRUSTHUB_SECOND_AUTH_TOKEN: TOKEN } }))).toBe('the second account\'s Account SID must be AC followed by 32 hex digits, got "AC12"');
    expect(await refusal(() => resolveOptions({ ...base, secondAccountSid: DEFAULT_ACCOUNT_SID, secondAuthToken: TOKEN }, { env: {} }))).toBe(
      `--second-account-sid names the first account (${DEFAULT_ACCOUNT_SID}): the second account must be another account`,
    );
    // a diff sends no second account: its two sides would differ
    expect((await resolveOptions({ ...base, reference: counting.url, secondAccountSid: SECOND, secondAuthToken: TOKEN }, { purpose: 'diff', env: {} })).secondCredentials).toBeUndefined();
    expect(counting.requests).toEqual([]);
  });

  it('two -H names that one TRUSTHUB_HEADER_ variable would carry are refused', async () => {
    expect(await refusal(() => resolveOptions({ headers: ['x-api-key: one-value-1', 'x_api_key: two-value-2'] }, { env: {} }))).toBe(
      '--header: x-api-key and x_api_key would both be read from $TRUSTHUB_HEADER_X_API_KEY by the replay lines and the rerun command: keep one of them',
    );
    const o = await resolveOptions({ headers: { 'X-Api-Key': 'one-value-1', 'x-api-key2': 'two-value-2' } }, { env: {} });
    expect(o.headers).toEqual({ 'x-api-key': 'one-value-1', 'x-api-key2': 'two-value-2' });
  });
});

describe('input files: regular, readable, capped', () => {
  it('refuses a device, a FIFO, a folder and an oversized file before reading them', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.pem');
    writeFileSync(big, '');
    truncateSync(big, 2 * 1024 * 1024);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const refused = async (input: object) => refusal(() => resolveOptions(input, { env: {} }));
    expect(await refused({ caFile: '/dev/zero' })).toBe('--ca-file /dev/zero is not a regular file (a device, FIFO or socket): give a file');
    expect(await refused({ caFile: fifo })).toBe(`--ca-file ${fifo} is not a regular file (a device, FIFO or socket): give a file`);
    expect(await refused({ observations: fifo })).toBe(`--observations ${fifo} is not a regular file (a device, FIFO or socket): give a file`);
    expect(await refused({ deviations: folder })).toBe(`--deviations ${folder} is a folder, not a file`);
    expect(await refused({ caFile: big })).toBe(`--ca-file ${big} is 2 MiB, more than the 1 MiB such a file may be`);
    expect(await refused({ caFile: join(dir, 'missing.pem') })).toBe(`--ca-file ${join(dir, 'missing.pem')}: no such file`);
  });

  it('a config file that is a FIFO is refused, not waited on', async () => {
    const { loadConfig } = await import('../../../cli/config.ts');
    const fifo = join(dir, 'config-fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(() => loadConfig(fifo))).toMatch(/is not a regular file/);
  });
});

describe('the engine certify() takes only resolved options', () => {
  it('refuses a hand-built or copied options object before opening any connection', async () => {
    const before = counting.connections;
    const resolved = await resolveOptions({ target: counting.url }, { env: ENV });
    const handMade = { ...resolved, concurrency: 0 };
    expect(await refusal(() => certifyWithEngine(handMade as never))).toMatch(/takes options from resolveOptions\(\)/);
    expect(await refusal(() => certifyWithEngine({ target: { url: counting.url }, seed: 1, runs: 1 } as never))).toMatch(/unchecked options are never sent with/);
    expect(counting.connections).toBe(before);
  });
});

describe("diff: the reference is resolved with the options, a cassette's metadata checked", () => {
  const meta = {
    cassetteVersion: 1,
    tool: { name: 'trusthub-conformance', version: '0.1.0' },
    target: 'http://127.0.0.1:4010',
    seed: 42,
    runs: 3,
    startedAt: '2026-11-01T10:00:00.000Z',
    catalogFingerprint: 'sha256:x',
  };
  const cassette = (m: object) => {
    const path = join(dir, `c-${Math.random().toString(36).slice(2)}.har`);
    writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [], _trusthubConformance: m } }));
    return path;
  };

  it('takes the seed, runs and policies the cassette recorded', async () => {
    const o = await resolveOptions({ reference: cassette({ ...meta, policySids: [`RN${'a'.repeat(32)}`] }) }, { purpose: 'diff', env: {} });
    expect(o).toMatchObject({ seed: 42, runs: 3, policySids: [`RN${'a'.repeat(32)}`] });
    expect(o.reference?.kind).toBe('cassette');
  });

  it.each([
    [{ seed: -1 }, 'seed must be a whole number from 0 to 2147483647, got -1'],
    [{ runs: 0 }, 'runs must be a whole number from 1 to 10000000, got 0'],
    [{ runs: 1e12 }, 'runs must be a whole number from 1 to 10000000, got 1000000000000'],
    [{ policySids: ['RN1'] }, 'policySids must be a list of Policy SIDs (RN followed by 32 hex digits)'],
    [{ shard: { index: 3, count: 2 } }, 'shard must be { index, count } with 1 ≤ index ≤ count'],
    [{ startedAt: 5 }, 'startedAt must be a date and time'],
    [{ tool: 'x' }, 'tool must name the tool and its version'],
    [{ target: 'javascript:alert(1)' }, 'target must be an http or https URL'],
  ])('refuses metadata %j in one line', async (bad, message) => {
    const path = cassette({ ...meta, ...bad });
    const err = await resolveOptions({ reference: path }, { purpose: 'diff', env: {} }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`--reference ${path.split('/').at(-1)}: _trusthubConformance.${message}`);
  });
});

describe('the config file', () => {
  it('refuses a key whose value is undefined (`target: process.env.X` with X unset)', () => {
    expect(() => validateConfig({ target: undefined, runs: 3 }, 'c.mjs')).toThrow(
      'c.mjs: target is not set (undefined: an unset environment variable?): give it a value or leave the key out',
    );
  });
});
