/**
 * The library's certify() (index.ts) goes through the same options model and checks as the command
 * line (engine/options): a key with no value, an empty target, a value out of range, a special
 * file, Twilio's production API without `live` are refused before any connection; the create
 * budget and the cleanup hold. Counting loopback servers prove that nothing was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertifyOptionError, CHECKS, certify, runSuite } from '../index.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../mock/index.ts';
import { type CountingServer, startCounting } from './helpers/counting.ts';

const credentials = { accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN };

let counting: CountingServer;
beforeAll(async () => {
  counting = await startCounting();
});
afterAll(async () => {
  await counting.close();
});

describe('the library certify() goes through the same checks', () => {
  it.each([
    [{ target: '' }, 'target is empty (an unset variable?): give it a value or leave it out'],
    [{ target: undefined }, 'target is not set (undefined: an unset variable?): give it a value or leave it out'],
    [{ concurrency: 0 }, 'concurrency must be a whole number from 1 to 1024, got 0'],
    [{ runs: 0 }, 'runs must be a whole number from 1 to 10000000, got 0'],
    [{ caFile: '/dev/zero' }, 'caFile /dev/zero is not a regular file (a device, FIFO or socket): give a file'],
  ])('refuses %j with a CertifyOptionError, nothing sent', async (options, message) => {
    const before = counting.connections;
    const err = await certify({ ...options, ...(Object.hasOwn(options, 'target') ? {} : { target: counting.url }), credentials } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertifyOptionError);
    expect((err as Error).message).toBe(message);
    expect(counting.connections).toBe(before);
  });

  it("refuses Twilio's production API without live: no connection is opened, not even through a proxy", async () => {
    const proxy = await startCounting();
    const saved = { https: process.env.HTTPS_PROXY, http: process.env.HTTP_PROXY };
    process.env.HTTPS_PROXY = proxy.url;
    process.env.HTTP_PROXY = proxy.url;
    try {
      const err = await certify({ target: 'https://trusthub.twilio.com', credentials, runs: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CertifyOptionError);
      expect((err as Error).message).toMatch(/trusthub\.twilio\.com is Twilio's production API .*pass live: true/);
      // the lower-level runSuite the library exports keeps the same guard
      const creds = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' as const };
      const suite = { targetUrl: 'https://trusthub.twilio.com', credentials: creds, seed: 1, runs: 1, concurrency: 1, timeoutMs: 1000, checks: CHECKS };
      await expect(runSuite(suite)).rejects.toThrow(/Twilio's production API and runSuite\(\) creates real Customer Profiles/);
      expect(proxy.connections + proxy.tunnels.length).toBe(0);
    } finally {
      if (saved.https === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved.https;
      if (saved.http === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.http;
      await proxy.close();
    }
  });

  it('keeps the create budget and deletes what it created on a target', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const report = await certify({ target: mock.url, credentials, runs: 2, seed: 3, maxCreates: 3, only: ['L1'] });
      expect(report.live?.creates).toBeLessThanOrEqual(3);
      expect(report.live?.maxCreates).toBe(3);
      expect(mock.profileCount()).toBe(0);
    } finally {
      await mock.close();
    }
  });
});

