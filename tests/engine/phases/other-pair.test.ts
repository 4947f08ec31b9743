import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../contracts/exchange.ts';
import { certifyMock, MOCK_CREDENTIALS } from '../../helpers/certify.ts';

/**
 * The probe of the account's two pairs (engine/phases/probes/other-pair.ts probeOtherPair), end to end
 * against the reference mock, whose run knows both pairs (MOCK_CREDENTIALS: the Auth Token acts,
 * the API key beside it): what it sends, in which order, and the list cached per credential.
 */

/** The probe's requests (the walk's pages left out: their number follows the account's size), in the order answered. */
async function probe(fault?: string): Promise<{ sent: Reply[]; failure?: string; status?: string }> {
  const replies: Reply[] = [];
  const report = await certifyMock(fault ? { fault } : {}, { seed: 3, runs: 2, coverage: false, shrink: false, onReply: (r) => replies.push(r) });
  const sent = replies.filter((r) => /(of the profile created with the (API key|Auth Token)|about to be created with|, for the (API key|Auth Token) to reach$)/.test(r.purpose) && !/list page \d+ of a walk/.test(r.purpose));
  const check = report.checks.find((c) => c.id === 'auth.pairs-one-account');
  return { sent, ...(check?.firstFailure ? { failure: check.firstFailure.message } : {}), ...(check ? { status: check.status } : {}) };
}

const step = (r: Reply) => `${r.request.method} ${r.route} ${r.auth}`;

describe('the probe of both pairs of the account', () => {
  it("lists by the name on both sides of the other pair's create and DELETE: 2 creates and 15 other requests besides the walks", async () => {
    expect(MOCK_CREDENTIALS.kind).not.toBe('api-key');
    const { sent, status } = await probe();
    expect(status).toBe('pass');
    // the Auth Token acts ('valid'); the API key is the other pair. The reads after a create go out together: their order is not pinned
    const phases = (rs: Reply[]) => rs.map(step);
    const at = (re: RegExp) => sent.findIndex((r) => re.test(r.purpose));
    const creates = sent.filter((r) => r.route === 'create');
    expect(creates.map((r) => r.auth)).toEqual(['other-pair', 'valid']);
    const [there, back] = [sent.indexOf(creates[0]!), sent.indexOf(creates[1]!)];
    // the first direction: the Auth Token lists by the name before the API key's create
    expect(phases(sent.slice(0, there))).toEqual(['GET list valid']);
    expect(sent[0]!.purpose).toMatch(/about to be created with the API key, with the Auth Token, before the create$/);
    const first = sent.slice(there + 1, back);
    expect(phases(first.slice(0, 4)).sort()).toEqual(['GET fetch valid', 'GET list other-pair', 'GET list valid', 'HEAD other valid']);
    expect(phases(first.slice(4))).toEqual(['DELETE delete valid', 'GET fetch other-pair', 'GET list other-pair']);
    // the second: no list before the create, the API key's list after its DELETE serves (the same request)
    const second = sent.slice(back + 1);
    expect(phases(second.slice(0, 4)).sort()).toEqual(['GET fetch other-pair', 'GET list other-pair', 'GET list valid', 'HEAD other other-pair']);
    expect(phases(second.slice(4))).toEqual(['DELETE delete other-pair', 'GET fetch valid', 'GET list valid']);
    // byte for byte the same list on both sides of each write: a page kept for the credentials would be served again
    expect(sent[0]!.request.url).toBe(first.find((r) => r.route === 'list' && r.auth === 'valid')!.request.url);
    expect(first.at(-1)!.request.url).toBe(first.find((r) => r.route === 'list' && r.auth === 'other-pair')!.request.url);
    expect(first.at(-1)!.request.url).toBe(second.find((r) => r.route === 'list' && r.auth === 'other-pair')!.request.url);
    expect(sent.filter((r) => r.route !== 'create')).toHaveLength(15);
    expect(at(/^list filtered by the name, after its DELETE with the API key,/)).toBe(sent.length - 1);
    expect(at(/^list filtered by the name, after its DELETE with the Auth Token,/)).toBe(back - 1);
  });

  it('list-cache-per-credential fails auth.pairs-one-account, naming the list asked before the write', async () => {
    const { failure, status } = await probe('list-cache-per-credential');
    expect(status).toBe('fail');
    expect(failure).toMatch(/asked before the create too: a list cached per credential|still shows it, as it was listed before the DELETE/);
  });
});
