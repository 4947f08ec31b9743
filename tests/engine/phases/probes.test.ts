import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../engine/checks/index.ts';
import { onTarget } from '../../../engine/phases/lists/follow-urls.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { startMock } from '../../../mock/index.ts';
import { MOCK_CREDENTIALS } from '../../helpers/certify.ts';

describe('a URL an answer gives, as the run may follow it', () => {
  const base = 'http://127.0.0.1:4010';

  it('is sent as it is on the target, moved onto the target under the stated public base URL', () => {
    expect(onTarget(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`, base, undefined)).toBe(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`);
    expect(onTarget('https://api.example.test/v1/CustomerProfiles/BU1', base, 'https://api.example.test/')).toBe(`${base}/v1/CustomerProfiles/BU1`);
  });

  it('never leaves the target: a URL on another origin is followed as its path and query on the target, or not at all', () => {
    expect(onTarget('https://trusthub.twilio.com/v1/CustomerProfiles?PageSize=2&Page=1', base, undefined)).toBe(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`);
    expect(onTarget('https://api.example.test.evil/v1/CustomerProfiles/BU1', base, 'https://api.example.test')).toBe(`${base}/v1/CustomerProfiles/BU1`);
    expect(onTarget('https://elsewhere.test/admin', base, undefined)).toMatchObject({ why: expect.stringContaining('not followed') });
    expect(onTarget('/v1/CustomerProfiles?Page=1', base, undefined)).toMatchObject({ why: expect.stringContaining('not an absolute URL') });
    expect(onTarget(null, base, undefined)).toMatchObject({ why: expect.stringContaining('not a URL') });
  });
});

describe('the follow-ups a run sends', () => {
  /** The methods and paths of every request a run on the clean mock sends, other than creates and the account's own list reads. */
  async function followUpsOf(ids: readonly string[]): Promise<string[]> {
    const mock = await startMock({ port: 0 });
    const sent: string[] = [];
    try {
      await runSuite({
        targetUrl: mock.url,
        credentials: MOCK_CREDENTIALS,
        seed: 1,
        runs: 1,
        concurrency: 4,
        timeoutMs: 5000,
        checks: CHECKS.filter((c) => ids.includes(c.id)),
        shrink: false,
        coverage: false,
        onReply: (reply) => {
          if (reply.route !== 'create' && !/^account|refusal$/.test(reply.purpose)) sent.push(`${reply.request.method} ${new URL(reply.request.url).pathname}`);
        },
      });
    } finally {
      await mock.close();
    }
    return sent;
  }

  it('sends none when no rule of the run reads one (a diff reference, --only of create rules)', async () => {
    expect(await followUpsOf(['create.status-201'])).toEqual([]);
  });

  it('sends the lifecycle for a rule that reads it, a DELETE of the collection included on a loopback target', async () => {
    const sent = await followUpsOf(['methods.keep-profile']);
    expect(sent).toContain('DELETE /v1/CustomerProfiles');
    expect(sent.filter((s) => s.startsWith('GET /v1/CustomerProfiles/')).length).toBeGreaterThan(3);
  });
});
