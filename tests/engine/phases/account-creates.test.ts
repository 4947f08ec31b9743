import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../contracts/exchange.ts';
import type { Report } from '../../../contracts/report.ts';
import { ACCOUNT_PARAMS, ACCOUNT_SWITCHES, CREATES_EACH } from '../../../engine/phases/probes/account-creates.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { cleanUp } from '../../../engine/run/cleanup.ts';
import { HealthMonitor } from '../../../engine/transport/health.ts';
import { Sender } from '../../../engine/transport/sender.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, type MockServer, startMock } from '../../../mock/index.ts';
import { certifyMock, MOCK_CREDENTIALS, mockRun } from '../../helpers/certify.ts';
import { validCaseOf } from '../../helpers/exchange.ts';

/**
 * Both accounts' creates (engine/phases/probes/account-creates.ts), end to end against the reference
 * mock: what they send, that every profile is deleted in its own account, and that each fault of
 * the account a create acts for is caught.
 */

const SECOND = `Basic ${Buffer.from(`${DEFAULT_SECOND_ACCOUNT_SID}:${DEFAULT_SECOND_AUTH_TOKEN}`).toString('base64')}`;

/** The probe's answers on the clean mock, and what the second account holds after the run (with `cleanup`: after the cleanup too). */
async function run(): Promise<{ replies: Reply[]; left: unknown[] }> {
  const mock = await startMock({ port: 0 });
  const replies: Reply[] = [];
  try {
    await runSuite(
      mockRun(mock, {
        credentials: MOCK_CREDENTIALS,
        coverage: false,
        onReply: (reply) => {
          if (/creates of two accounts|naming the second account's SID in|, by the caller, the second account's SID in |, by (its owner|the other account)$|sent again by the second account|by the caller \(another account\)$|after the caller's DELETE of it$|^cleanup$/.test(reply.purpose)) replies.push(reply);
        },
      }),
    );
    return { replies, left: await secondHolds(mock) };
  } finally {
    await mock.close();
  }
}

/** The profiles the mock's second account holds. */
const secondHolds = (mock: MockServer) =>
  fetch(`${mock.url}/v1/CustomerProfiles?PageSize=1000`, { headers: { authorization: SECOND } })
    .then((r) => r.json() as Promise<{ results: unknown[] }>)
    .then((page) => page.results);

describe("both accounts' creates", () => {
  it('sends 3 + 3 creates at once, each 201 of its own account, read and listed by its owner alone; the same Idempotency-Key and body from the second account make its own profile; all deleted in their account', async () => {
    const { replies, left } = await run();
    const creates = replies.filter((r) => r.route === 'create');
    expect(creates).toHaveLength(CREATES_EACH * 2 + 1 + ACCOUNT_PARAMS.length + ACCOUNT_SWITCHES.length);
    const atOnce = creates.filter((r) => r.purpose.endsWith('sent at once'));
    expect(atOnce.map((r) => r.auth).sort()).toEqual([...Array(CREATES_EACH).fill('second-account'), ...Array(CREATES_EACH).fill('valid')]);
    for (const r of creates) {
      expect(r.response?.status).toBe(201);
      expect(r.response?.json).toMatchObject({ account_sid: r.auth === 'second-account' ? DEFAULT_SECOND_ACCOUNT_SID : DEFAULT_ACCOUNT_SID });
    }
    // the caller's first carries a key, and the second account sends it again with the same body: a new profile of its own
    const [first] = atOnce.filter((r) => r.request.headers['idempotency-key'] !== undefined);
    const again = creates.find((r) => r.purpose.includes('sent again by the second account'))!;
    expect(again.request.headers['idempotency-key']).toBe(first!.request.headers['idempotency-key']);
    expect(again.request.body).toBe(first!.request.body);
    expect(again.response!.json).not.toMatchObject({ sid: (first!.response!.json as { sid: string }).sid });
    // the caller's creates naming the second account's SID in AccountSid, then account_sid: the caller's profiles (a faithful server ignores the parameter)
    const naming = creates.filter((r) => /naming the second account's SID in (AccountSid|account_sid)$/.test(r.purpose));
    expect(naming.map((r) => [r.auth, new URLSearchParams(r.request.body).get(r.purpose.endsWith('account_sid') ? 'account_sid' : 'AccountSid')])).toEqual(ACCOUNT_PARAMS.map(() => ['valid', DEFAULT_SECOND_ACCOUNT_SID]));
    // every profile: its owner's fetch 200, the other's 404; its owner's list by its name shows it, the other's is empty
    const reads = replies.filter((r) => r.route !== 'create' && r.route !== 'delete' && /, by (its owner|the other account)$/.test(r.purpose));
    // and in ?AccountSid= and in an auth proxy's identity headers: the caller's profiles too
    const switching = creates.filter((r) => /naming the second account's SID in (\?AccountSid|an auth proxy's)/.test(r.purpose));
    expect(switching.map((r) => [new URL(r.request.url).searchParams.get('AccountSid'), r.request.headers['x-forwarded-user'] ?? null])).toEqual([
      [DEFAULT_SECOND_ACCOUNT_SID, null],
      [null, DEFAULT_SECOND_ACCOUNT_SID],
    ]);
    expect(reads).toHaveLength((CREATES_EACH * 2 + ACCOUNT_PARAMS.length + ACCOUNT_SWITCHES.length) * 4);
    // with the second account's profiles live, the caller's requests naming it so: its own profile 200, the second's 404, the list its own, its DELETE removes its own
    const switched = replies.filter((r) => r.purpose.includes(", by the caller, the second account's SID in "));
    expect(switched.map((r) => `${r.auth} ${r.route} ${r.response?.status}`)).toEqual(ACCOUNT_SWITCHES.flatMap(() => ['valid fetch 200', 'valid fetch 404', 'valid list 200', 'valid delete 204']));
    for (const r of switched.filter((x) => x.route === 'list')) {
      const accounts = (r.response!.json as { results: Array<{ account_sid: string }> }).results.map((p) => p.account_sid);
      expect(accounts).toContain(DEFAULT_ACCOUNT_SID);
      expect(accounts).not.toContain(DEFAULT_SECOND_ACCOUNT_SID);
    }
    for (const r of reads.filter((x) => x.purpose.endsWith('by the other account'))) {
      expect(r.response?.status).toBe(r.route === 'fetch' ? 404 : 200);
      if (r.route === 'list') expect(r.response?.json).toMatchObject({ results: [] });
    }
    for (const r of reads.filter((x) => x.purpose.endsWith('by its owner'))) {
      expect(r.response?.status).toBe(200);
      expect(r.response?.json).toMatchObject(r.route === 'list' ? { results: [expect.anything()] } : { friendly_name: expect.stringMatching(/at once|naming the second account/) });
    }
    // before its owner deletes it, the caller's DELETE of one of the second account's profiles: 404, and the owner still reads it
    // (the switched DELETEs removed two of the caller's profiles: they are deleted no more)
    const [other, ...deletes] = replies.filter((r) => r.route === 'delete' && !switched.includes(r));
    expect(other).toMatchObject({ auth: 'valid', response: { status: 404 } });
    const kept = replies.find((r) => r.purpose.endsWith("after the caller's DELETE of it"));
    expect(kept).toMatchObject({ auth: 'second-account', request: { url: other!.request.url }, response: { status: 200 } });
    expect(replies.indexOf(kept!)).toBeGreaterThan(replies.indexOf(other!));
    // each profile deleted once, with the credentials of the account that made it; nothing of the second account's is left
    expect(deletes.map((r) => r.response?.status)).toEqual(Array(CREATES_EACH * 2 + 1 + ACCOUNT_PARAMS.length).fill(204));
    expect(deletes.filter((r) => r.auth === 'second-account')).toHaveLength(CREATES_EACH + 1);
    expect(left).toEqual([]);
    // each DELETE followed by the deleting account's fetch of the profile: 404
    const after = replies.filter((r) => r.purpose.includes('after its DELETE, by the account that deleted it'));
    expect(after.map((r) => `${r.auth} ${r.request.url} ${r.response?.status}`)).toEqual(deletes.map((d) => `${d.auth} ${d.request.url} 404`));
  });

  it.each([
    ['account-context-singleton', 'resource.account-sid', /account_sid is "AC\w+", the caller's account is AC/],
    ['create-account-from-default', 'resource.account-sid', new RegExp(`account_sid is "${DEFAULT_ACCOUNT_SID}", the caller's account is ${DEFAULT_SECOND_ACCOUNT_SID}`)],
    ['idempotency-key-ignores-account', 'create.sid-from-server', /the second account's create with the Idempotency-Key and the body of the caller's earlier create answered 201 with the caller's profile/],
    ['delete-skips-owner-for-first-account', 'lookup.other-account-404', /the caller's DELETE \/v1\/CustomerProfiles\/BU\w+ of a profile the second account's create made answered 204/],
    ['create-account-param-honoured', 'resource.account-sid', new RegExp(`account_sid is "${DEFAULT_SECOND_ACCOUNT_SID}", the caller's account is ${DEFAULT_ACCOUNT_SID}`)],
    ['create-account-param-honoured', 'lookup.other-account-404', /the caller's create made \(naming the second account's SID in AccountSid\) does not read back for the account that created it/],
    ['create-account-query-honoured', 'resource.account-sid', new RegExp(`account_sid is "${DEFAULT_SECOND_ACCOUNT_SID}", the caller's account is ${DEFAULT_ACCOUNT_SID}`)],
    ['account-param-known-account', 'lookup.account-param', /the caller's GET \/v1\/CustomerProfiles\/BU\w+\?AccountSid=AC\w+, the second account's SID in \?AccountSid= \(the query string\), answered 404 for its own profile/],
    ['account-param-known-account', 'list.own-account', /GET \/v1\/CustomerProfiles\?AccountSid=AC\w+&PageSize=1000 /],
    ['identity-header-switches-account', 'lookup.account-param', /the caller's GET \/v1\/CustomerProfiles\/BU\w+, the second account's SID in an auth proxy's identity headers \(X-Forwarded-User…\), answered 404 for its own profile/],
    ['delete-204-keeps-second-accounts', 'delete.gone', /in its account\) answered 204 with an empty body, then that account's GET \/v1\/CustomerProfiles\/BU\w+ answered 200 .*expected 404: the DELETE removed nothing/],
  ])('%s fails %s', async (fault, id, words) => {
    const report: Report = await certifyMock({ fault }, { seed: 9, runs: 2, coverage: false, shrink: false });
    const check = report.checks.find((c) => c.id === id)!;
    expect(check.status).toBe('fail');
    expect(check.firstFailure!.message).toMatch(words);
    expect(JSON.stringify(report)).not.toContain(DEFAULT_SECOND_AUTH_TOKEN);
  });

  it('the cleanup deletes what the probe left, each profile in the account that created it', async () => {
    const mock = await startMock({ port: 0 });
    const replies: Reply[] = [];
    try {
      const health = new HealthMonitor({ concurrency: 1, timeoutMs: 5000, retries: 0 });
      const sender = new Sender({ base: mock.url, credentials: MOCK_CREDENTIALS, concurrency: 2, timeoutMs: 5000, track: true, onReply: (r) => replies.push(r) }, health);
      await sender.open();
      const tc = validCaseOf();
      const made = await Promise.all([sender.send({ ...tc, auth: 'second-account' }), sender.send(tc)]);
      const [theirs, mine] = made.map((ex) => (ex!.response!.json as { sid: string }).sid);
      expect([sender.ownerOf(theirs!), sender.ownerOf(mine!)]).toEqual(['second-account', 'valid']);
      // the second account's profile is no row the caller's list must show
      expect([...sender.own]).toEqual([mine]);
      expect(await cleanUp(sender, { concurrency: 2, timeoutMs: 5000 })).toEqual({ deleted: 2, failed: [] });
      await sender.close();
      const deletes = replies.filter((r) => r.route === 'delete');
      expect(deletes.map((r) => [r.request.url.endsWith(theirs!) ? 'theirs' : 'mine', r.auth, r.response?.status]).sort()).toEqual([
        ['mine', 'valid', 204],
        ['theirs', 'second-account', 204],
      ]);
      expect(await secondHolds(mock)).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
