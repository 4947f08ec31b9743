import { describe, expect, it } from 'vitest';
import { bodyObject } from '../../../contracts/answer.ts';
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
  it("lists by the name on both sides of the other pair's create and DELETE: 2 creates and 17 other requests besides the walks", async () => {
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
    // the creating pair fetches with the reads too (a fetch cached per credential shows after the other's DELETE)
    expect(phases(first.slice(0, 5)).sort()).toEqual(['GET fetch other-pair', 'GET fetch valid', 'GET list other-pair', 'GET list valid', 'HEAD other valid']);
    expect(phases(first.slice(5))).toEqual(['DELETE delete valid', 'GET fetch other-pair', 'GET list other-pair']);
    // the second: no list before the create, the API key's list after its DELETE serves (the same request)
    const second = sent.slice(back + 1);
    expect(phases(second.slice(0, 5)).sort()).toEqual(['GET fetch other-pair', 'GET fetch valid', 'GET list other-pair', 'GET list valid', 'HEAD other other-pair']);
    expect(phases(second.slice(5))).toEqual(['DELETE delete other-pair', 'GET fetch valid', 'GET list valid']);
    // byte for byte the same list on both sides of each write: a page kept for the credentials would be served again
    expect(sent[0]!.request.url).toBe(first.find((r) => r.route === 'list' && r.auth === 'valid')!.request.url);
    expect(first.at(-1)!.request.url).toBe(first.find((r) => r.route === 'list' && r.auth === 'other-pair')!.request.url);
    expect(first.at(-1)!.request.url).toBe(second.find((r) => r.route === 'list' && r.auth === 'other-pair')!.request.url);
    expect(sent.filter((r) => r.route !== 'create')).toHaveLength(17);
    expect(at(/^list filtered by the name, after its DELETE with the API key,/)).toBe(sent.length - 1);
    expect(at(/^list filtered by the name, after its DELETE with the Auth Token,/)).toBe(back - 1);
  });

  it("sends the lifecycle's fields refused three ways with the other pair, each judged as a case: 400 envelopes, and a clean run", async () => {
    const replies: Reply[] = [];
    const report = await certifyMock({}, { seed: 3, runs: 2, coverage: false, shrink: false, onReply: (r) => replies.push(r) });
    const theirs = replies.filter((r) => r.route === 'create' && r.auth === 'other-pair' && /, sent with the API key \(the account's other pair: the run acts with the Auth Token\)$/.test(r.purpose));
    expect(theirs.map((r) => [r.case?.rule, r.case?.expect, r.response?.status])).toEqual([
      ['PolicySid.pattern', 'reject', 400],
      ['FriendlyName.required', 'reject', 400],
      ['body.form-encoded', 'reject', 400],
    ]);
    expect(theirs.map((r) => bodyObject(r.response)?.code).slice(1)).toEqual([20001, 20001]);
    expect(theirs[2]!.request.headers['content-type']).toBe('application/json');
    // the valid create of the other pair reaches the caller as an answer too, judged as a case (its echo, its read back by the caller)
    expect(replies.filter((r) => r.route === 'create' && r.auth === 'other-pair' && /to reach$/.test(r.purpose))).toHaveLength(1);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    expect(report.verdict.levelAchieved).toBe(3);
  });

  it("judges the other pair's create, its refusals and its reads by the case rules, each failure replayed with the other pair's variables", async () => {
    const failure = async (fault: string, id: string) => {
      const report = await certifyMock({ fault }, { seed: 3, runs: 2, coverage: false, shrink: false });
      const check = report.checks.find((c) => c.id === id);
      expect(check?.status, `${fault}: ${id}`).toBe('fail');
      return check!.firstFailure!;
    };
    const echo = await failure('api-key-drops-status-callback', 'echo.fields');
    expect(echo.message).toMatch(/^status_callback is null, the request sent StatusCallback=/);
    expect(echo.curl).toContain('-u "$TWILIO_API_KEY:$TWILIO_API_SECRET"');
    const missing = await failure('api-key-422-validation', 'missing.code-20001');
    expect(missing.caseLabel).toMatch(/without FriendlyName, sent with the API key/);
    expect(missing.message).toMatch(/got 422/);
    const json = await failure('api-key-json-body-read', 'json-body.as-missing');
    expect(json.curl).toContain('-u "$TWILIO_API_KEY:$TWILIO_API_SECRET"');
    // the caller's profile fetched by the API key: the step that broke it is that fetch, sent with the other pair
    const read = await failure('api-key-fetch-policy-lowercased', 'readback.same');
    expect(read.step?.auth).toBe('other-pair');
    expect(read.curl).toMatch(/^curl -sS -i -X GET \S+ -u "\$TWILIO_API_KEY:\$TWILIO_API_SECRET"/);
    const listed = await failure('api-key-list-drops-callback', 'list.same-as-created');
    expect(listed.message).toMatch(/status_callback null/);
    expect(listed.step?.auth).toBe('other-pair');
  });

  it('fetch-cache-per-credential fails auth.pairs-one-account: the creating pair read it before the other deleted it, and still reads it', async () => {
    const { failure, status } = await probe('fetch-cache-per-credential');
    expect(status).toBe('fail');
    expect(failure).toBeTruthy();
  });

  it('list-cache-per-credential fails auth.pairs-one-account, naming the list asked before the write', async () => {
    const { failure, status } = await probe('list-cache-per-credential');
    expect(status).toBe('fail');
    expect(failure).toMatch(/asked before the create too: a list cached per credential|still shows it, as it was listed before the DELETE/);
  });
});
