/**
 * The create budget and the cleanup count what the target stored, not only 201s: a target that
 * stores refused creates spends the budget as soon as the run sees it (in the list reads around a
 * refusal), sending stops, and every profile the run can attribute to itself is deleted.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../engine/checks/index.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startMock } from '../../../mock/index.ts';

const credentials = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' as const };

/** Every profile the mock holds for the account, through its own list route. */
async function stored(url: string): Promise<string[]> {
  const res = await fetch(`${url}/v1/CustomerProfiles?PageSize=1000`, {
    headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}` },
  });
  const body = (await res.json()) as { results: Array<{ sid: string }> };
  return body.results.map((p) => p.sid);
}

describe('a target that stores refused creates (fault stores-rejected)', () => {
  it('--max-creates 3: the budget is spent by what the run saw stored, sending stops, and the cleanup leaves nothing behind', async () => {
    const mock = await startMock({ port: 0, fault: 'stores-rejected' });
    try {
      const result = await runSuite({ targetUrl: mock.url, credentials, seed: 8, runs: 100, concurrency: 4, timeoutMs: 5000, checks: CHECKS, maxCreates: 3, cleanup: true });
      const live = result.live!;
      // before: creates 2, deleted 0, and over a hundred refused creates left in the account
      expect(live.storedByRefusals).toBeGreaterThan(0);
      expect(live.creates + (live.storedByRefusals ?? 0) + live.uncertain).toBeLessThanOrEqual(3 + 1);
      expect(live.notSent).toBeGreaterThan(100);
      expect(live.cleanup?.failed).toEqual([]);
      expect(await stored(mock.url)).toEqual([]);
      expect(result.tally.byCheck.get('reject.no-side-effect')?.failed).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });

  it('without a budget, the profiles refused requests stored are deleted with the rest', async () => {
    const mock = await startMock({ port: 0, fault: 'stores-rejected' });
    try {
      const result = await runSuite({ targetUrl: mock.url, credentials, seed: 8, runs: 5, concurrency: 4, timeoutMs: 5000, checks: CHECKS, cleanup: true });
      expect(result.live!.storedByRefusals).toBeGreaterThan(0);
      // every phase's refusals wait for a list read (between phases, at the end): what they stored is found and deleted
      const seen = result.live!.storedByRefusals!;
      // at least 4 deleted by the follow-ups (the two lifecycles' profiles, and those created with basic
      // and BASIC); the account model deletes its own too: what is left, the cleanup deleted
      expect(result.live!.deletedByChecks).toBeGreaterThanOrEqual(4);
      expect(result.live!.cleanup!.deleted + result.live!.deletedByChecks!).toBeGreaterThanOrEqual(result.live!.creates + seen);
      expect(await stored(mock.url)).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('the clean mock: nothing counted as stored by refusals', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const result = await runSuite({ targetUrl: mock.url, credentials, seed: 8, runs: 5, concurrency: 4, timeoutMs: 5000, checks: CHECKS, maxCreates: 50, cleanup: true });
      expect(result.live!.storedByRefusals).toBeUndefined();
      expect(await stored(mock.url)).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
