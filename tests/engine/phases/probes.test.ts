import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../engine/checks/index.ts';
import { onTarget } from '../../../engine/phases/lists/follow-urls.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { startMock } from '../../../mock/index.ts';
import type { Reply } from '../../../contracts/exchange.ts';
import { certifyMock, MOCK_CREDENTIALS } from '../../helpers/certify.ts';

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

describe('the filtered lists asked again across a write (engine/phases/lists/list-probes.ts cachedFilters)', () => {
  /** The run's lists by a PolicySid or a Status alone (PageSize 1000), in the order sent, by purpose. */
  const bracketed = (replies: readonly Reply[]) =>
    replies.filter((r) => r.route === 'list' && /^\?(PolicySid|Status)=[^&]+&PageSize=1000$/.test(new URL(r.request.url).search) && /^list filtered by (its )?(PolicySid|Status),? (just|after)/.test(r.purpose));

  it("asks the lifecycle profile's PolicySid and Status lists byte for byte on both sides of the list probes' create and of the lifecycle's DELETE", async () => {
    const replies: Reply[] = [];
    const report = await certifyMock({}, { seed: 3, runs: 2, coverage: false, shrink: false, onReply: (r) => replies.push(r) });
    const lists = bracketed(replies);
    expect(lists.map((r) => r.purpose)).toEqual([
      'list filtered by PolicySid, just before a create of that PolicySid',
      'list filtered by Status, just before a create of that Status',
      'list filtered by PolicySid, just after a create of that PolicySid (the same request as before it)',
      'list filtered by Status, just after a create of that Status (the same request as before it)',
      'list filtered by its PolicySid, just before the delete',
      'list filtered by its Status, just before the delete',
      'list filtered by its PolicySid after the delete (the same request as just before it)',
      'list filtered by its Status after the delete (the same request as just before it)',
    ]);
    // each pair the very same request
    for (const [a, b] of [[0, 2], [1, 3], [4, 6], [5, 7]] as const) expect(lists[b]!.request.url).toBe(lists[a]!.request.url);
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
  });

  it.each([
    ['list-cache-filter-keys-stale', 'list.filter-complete', /the list asked for PolicySid=RN\w+ \(its policy_sid is .*\) \(GET \S+\?PolicySid=RN\w+&PageSize=1000\) shows \d+ profiles and not BU\w+, which the run created with that value/],
    ['list-cache-filter-kept-on-delete', 'delete.gone', /the deleted profile BU\w+ is still in the filtered list \(GET \S+\?PolicySid=RN\w+&PageSize=1000\)/],
  ])('%s fails %s', async (fault, checkId, words) => {
    const report = await certifyMock({ fault }, { seed: 3, runs: 2, coverage: false, shrink: false });
    const check = report.checks.find((c) => c.id === checkId)!;
    expect(check.status).toBe('fail');
    expect(check.firstFailure!.message).toMatch(words);
  });
});
