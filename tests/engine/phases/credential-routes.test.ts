import { describe, expect, it } from 'vitest';
import { BURST_CREATES, READS_ALONGSIDE } from '../../../engine/phases/probes/create-burst.ts';
import { UNPAGED_PROFILES } from '../../../engine/phases/lists/changing-walk.ts';
import { ACCOUNT_PARAMS, ACCOUNT_SWITCHES, CREATES_EACH } from '../../../engine/phases/probes/account-creates.ts';
import { ACCEPTED_AUTH, CROSSED_AUTH, isOtherPairAltered, isSecondAltered, MIXED_ACCOUNT_AUTH, OTHER_PAIR_REFUSED_AUTH, REFUSED_AUTH, type Reply, refusesAuth, SECOND_REFUSED_AUTH } from '../../../contracts/exchange.ts';
import type { Report } from '../../../contracts/report.ts';
import { CLIENT_PROFILES, fixedCases } from '../../../generators/index.ts';
import { runSuite } from '../../../engine/run/run.ts';
import { knowsShape } from '../../../engine/transport/credentials.ts';
import { DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_SECOND_AUTH_TOKEN, startMock } from '../../../mock/index.ts';
import { certifyMock, MOCK_CREDENTIALS, mockRun } from '../../helpers/certify.ts';

/**
 * The credential shapes on every route (engine/phases/probes/credential-routes.ts), end to end against
 * the reference mock: what is sent, that it is safe on a live account, and that each fault of the
 * other routes is caught by its check with a replay line that holds no secret.
 */

const SID = /\/v1\/CustomerProfiles\/(BU[0-9a-fA-F]{32})(?:\?[^/]*)?$/;

/** The mock's Auth Token and its second account, without the API key (MOCK_CREDENTIALS has it, as the embedded mock's run): one pair of the account. */
const { also: _key, ...ONE_PAIR_CREDENTIALS } = MOCK_CREDENTIALS;

/** Every answer of a run on the clean mock, and the sids its creates made. */
async function answers(shard?: { index: number; count: number }): Promise<{ replies: Reply[]; created: Set<string> }> {
  const mock = await startMock({ port: 0 });
  const replies: Reply[] = [];
  const created = new Set<string>();
  try {
    await runSuite(
      mockRun(mock, {
        credentials: ONE_PAIR_CREDENTIALS,
        coverage: false,
        ...(shard ? { shard } : {}),
        // the account model's own creates, reads and deletes (tests/engine/phases/model.test.ts) are not this phase's
        onReply: (reply) => {
          if (!reply.purpose.startsWith('account model')) replies.push(reply);
        },
        onCreated: (sid) => created.add(sid),
      }),
    );
  } finally {
    await mock.close();
  }
  return { replies, created };
}

/** The probes of the matrix: route, which sid (from the purpose), shape. */
const key = (r: Reply) => `${r.route} ${/of (the profile|the deleted profile|a sid that never existed)/.exec(r.purpose)?.[1] ?? '-'} ${r.auth}`;

describe('every credential shape on every route', () => {
  it('sends each shape on fetch and delete of the profile, the deleted profile and a sid that never existed, and on the list', async () => {
    const { replies } = await answers();
    const sent = new Set(replies.map(key));
    // a run with one Auth Token cannot build the crossed pairs (the fault test below gives it both)
    const SHAPES = [...REFUSED_AUTH, ...ACCEPTED_AUTH].filter((auth) => knowsShape(auth, ONE_PAIR_CREDENTIALS));
    expect(SHAPES).not.toContain('key-sid-auth-token');
    for (const auth of SHAPES) {
      for (const sid of ['the deleted profile', 'a sid that never existed']) {
        // the caller's own on a gone sid are the lifecycle's requests (read after the delete, delete again, delete of an unknown sid)
        if (auth !== 'valid') expect(sent, `fetch ${sid} ${auth}`).toContain(`fetch ${sid} ${auth}`);
        if (auth !== 'valid') expect(sent, `delete ${sid} ${auth}`).toContain(`delete ${sid} ${auth}`);
      }
      if (auth === 'valid') continue;
      // the update (POST to the profile's path) with every refused shape, of each sid: never with an accepted one (it would rename the profile)
      for (const sid of ['the profile', 'the deleted profile', 'a sid that never existed']) expect(sent.has(`update ${sid} ${auth}`), `update ${sid} ${auth}`).toBe(refusesAuth(auth));
      expect(sent).toContain(`fetch the profile ${auth}`);
      expect(sent).toContain(`list - ${auth}`);
      // a DELETE of the profile with an accepted shape is the DELETE of the profile that shape created
      if (refusesAuth(auth)) expect(sent).toContain(`delete the profile ${auth}`);
      else expect(replies.some((r) => r.route === 'delete' && r.auth === auth && r.purpose.includes('created with'))).toBe(true);
    }
    expect(sent).toContain('fetch a sid that never existed valid');
    // refused: 401 everywhere; accepted: 404 for what is gone
    for (const r of replies.filter((x) => refusesAuth(x.auth))) expect(r.response?.status, `${r.request.method} ${r.purpose}`).toBe(401);
    // (an update of them, POST, too: the mock's update finds no profile of the caller's, update-route.ts)
    for (const r of replies.filter((x) => !refusesAuth(x.auth) && /deleted profile|never existed/.test(x.purpose))) expect(r.response?.status, `${r.request.method} ${r.purpose}`).toBe(404);
  });

  it('sends about 130 requests more than the lifecycle did, creates nothing, and deletes only what the run created or what never existed', async () => {
    const { replies, created } = await answers();
    const probes = replies.filter((r) => r.auth !== 'valid' || r.purpose.startsWith('read back after the DELETEs') || r.purpose.startsWith('read after the refused updates') || r.purpose.includes('never existed with'));
    // 19 refused shapes × (fetch, list, delete) on the profile and one read back, 2 accepted × (fetch, list);
    // (19 refused + 2 accepted) × (fetch, delete) × 2 gone sids, the caller's own fetch of the unknown one; 2 deletes with basic/BASIC;
    // none and a wrong password × (a list with PageSize=0, fetch and delete of not-a-sid, PUT, PATCH, HEAD, OPTIONS and TRACE on the collection
    // and on a profile, HEAD of the profile that exists); the 9 MiB body without credentials (probes/answer-kinds.ts probeAnswerKinds);
    // no credentials with 2 client addresses, the identity headers, a browser's Accept and X-Requested-With × (fetch, list, delete), the credentials in Proxy-Authorization × (fetch, list, delete), a delete with the credentials as form fields, a read back,
    // a fetch in another language, a fetch as each of the 4 client profiles (header-probes.ts); the second account's fetch, HEAD, 4 lists (the caller's
    // queries), the page the caller's next_page_url names, its own first page, its update (POST) and DELETE of the profile, and HEAD with each pair of two accounts (second-account.ts, update-route.ts);
    // its creates sent at once with the caller's, its fetch and list of each of both accounts' profiles, its create with the caller's Idempotency-Key,
    // its fetch of its profile the caller tried to DELETE, the DELETE of each profile it made and its fetch after each, its fetch and list of the caller's profiles whose creates named it in AccountSid, account_sid, ?AccountSid= and the identity headers (account-creates.ts);
    // its list reads while the burst's creates are in flight (create-burst.ts); a fetch of the profile with each shape of its pair altered (second-account.ts)
    const refused = REFUSED_AUTH.length - CROSSED_AUTH.length;
    // each refused shape × an update (POST) of the profile, of the deleted profile and of a sid that never existed, each batch followed by a read;
    // none and a wrong password × an update of the profile with a Status outside the enum and with a relative StatusCallback, then a read
    // (credential-routes.ts updateRefusedInvalid: 401, not the 400 the body gets with valid credentials)
    const updates = refused * 3 + 3 + 2 * 2 + 1;
    const accountCreates = CREATES_EACH + CREATES_EACH * 2 * 2 + 1 + 1 + (CREATES_EACH + 1) * 2 + (ACCOUNT_PARAMS.length + ACCOUNT_SWITCHES.length) * 2;
    // the paths below the profile (its 3 links and NoSuchResource) without credentials and with a wrong password, and by the second account (probes/answer-kinds.ts probeUnrouted)
    const below = 4 * 2 + 4;
    // its fetch of the caller's profile with the caller's validators (second-account.ts)
    const conditional = 1;
    expect(probes).toHaveLength(updates + refused * 3 + 1 + 2 * 2 + (refused + 2) * 2 * 2 + 1 + 2 + 2 * 14 + 1 + 5 * 3 + 3 + 1 + 1 + 1 + CLIENT_PROFILES.length + 10 + MIXED_ACCOUNT_AUTH.length + accountCreates + READS_ALONGSIDE + SECOND_REFUSED_AUTH.length + below + conditional);
    // the creates among them: the lifecycle's create sent again late for the clock rules (probes/answer-kinds.ts), the profile named for the list probes and its
    // twins in case and accents, the eight named as a filter gets wrong (list-probes.ts exactNames), the three of the DELETEs sent together (delete-race.ts), the creates sent at once (create-burst.ts),
    // the create naming the lifecycle profile's Sid (identity-probes.ts), the two creates with one Idempotency-Key (idempotency-probe.ts),
    // both accounts' creates sent at once, the caller's first sent again by the second account and the caller's naming the second account in AccountSid, account_sid, ?AccountSid= and the identity headers (account-creates.ts), the profile kept to the run's end (audit.ts),
    // the profiles of one name walked while the run changes them, the ones made beside them for the list of the name without PageSize, and the one created between two of its pages (changing-walk.ts),
    // the create with the policy twilio-behaviour.md names (documented-policy.ts), the profile the run updates (update-route.ts)
    const probeCreate = /sent again late in the run$|\(for the list probes\)$|but for case and accents\)$|sent again (to be deleted together with another|while two DELETEs are in flight)$|one of 32 creates sent at once$|of the run's profile \w+ in the body$|with the Idempotency-Key of the (first|second)$|one of the creates of two accounts sent at once$|sent again by the second account, its Idempotency-Key and body$|a create of the caller's naming the second account's SID in (AccountSid|account_sid|\?AccountSid= \(the query string\)|an auth proxy's identity headers \(X-Forwarded-User…\))$|made first, kept to the run's end and compared there with its 201$|profiles of one name, walked in pages of 2 while the run changes them$|profiles of one name, for its list without PageSize$|created between two pages of the walk of its name$|\(the policy twilio-behaviour\.md names\)$|: the profile the run updates$/;
    // besides them, the create route asked with a 2 MiB body of a FriendlyName alone (probes/answer-kinds.ts probeAnswerKinds): no profile can come of it
    const oversized = /a create with a body of 2 MiB \(a FriendlyName alone: no profile can come of it\)$/;
    expect(replies.filter((r) => r.route === 'create' && oversized.test(r.purpose))).toHaveLength(1);
    expect(replies.filter((r) => r.route === 'create' && !probeCreate.test(r.purpose) && !oversized.test(r.purpose))).toHaveLength(0);
    expect(replies.filter((r) => r.route === 'create' && probeCreate.test(r.purpose))).toHaveLength(18 + BURST_CREATES + CREATES_EACH * 2 + 1 + ACCOUNT_PARAMS.length + ACCOUNT_SWITCHES.length + 1 + UNPAGED_PROFILES + 1 + 1 + 1);
    const neverExisted = new Set(replies.filter((r) => r.purpose.includes('never existed')).map((r) => SID.exec(r.request.url)![1]));
    expect(neverExisted.size).toBe(2); // one per lifecycle
    for (const r of replies.filter((x) => x.route === 'delete')) {
      const match = SID.exec(r.request.url);
      // a segment that is no sid (not-a-sid, LIKE wildcards) can name no profile: nothing to delete
      if (!match) {
        expect(r.purpose).toMatch(/, no sid/);
        continue;
      }
      const sid = match[1]!;
      // the sid with its hex letters in the other case (probes/answer-kinds.ts probeSwappedSid) names one the run created
      const own = created.has(sid) || (r.purpose.includes('in the other case') && [...created].some((c) => c.toLowerCase() === sid.toLowerCase()));
      expect(own || neverExisted.has(sid), `${r.purpose}: ${sid}`).toBe(true);
    }
  });

  it('runs in the shard of the fixed cases only: a parallel shard sends none of it', async () => {
    const [one, two] = await Promise.all([answers({ index: 1, count: 2 }), answers({ index: 2, count: 2 })]);
    expect(one.replies.filter((r) => r.auth !== 'valid').length).toBeGreaterThan(100);
    expect(two.replies.filter((r) => r.route !== 'create')).toEqual([]);
  });
});

describe("a second account's requests for the run's profile", () => {
  it("fetch (right after the caller's), HEAD, the caller's list queries byte for byte, its next page, an update, DELETE: each a 404 or none of the caller's; then a read back", async () => {
    const { replies } = await answers();
    // its requests for the caller's profile; then its own creates (account-creates.test.ts)
    // its GETs of the paths below the profile (its three links, NoSuchResource: probes/answer-kinds.ts probeUnrouted), each a 404, go first
    const below = replies.filter((r) => r.auth === 'second-account' && r.purpose.includes('below the profile'));
    expect(below.map((r) => `${r.request.method} ${r.route} ${r.response?.status}`)).toEqual(Array(4).fill('GET other 404'));
    const second = replies.filter((r) => r.auth === 'second-account' && !r.purpose.includes("while the caller's creates are in flight") && !r.purpose.includes('below the profile')).slice(0, 11);
    // the fetch, the HEAD, the fetch with the caller's validators (If-None-Match, If-Modified-Since)
    expect(second.map((r) => `${r.request.method} ${r.route}`)).toEqual(['GET fetch', 'HEAD other', 'GET fetch', ...Array(6).fill('GET list'), 'POST update', 'DELETE delete']);
    expect(second.map((r) => r.response?.status)).toEqual([404, 404, 404, 200, 200, 200, 200, 200, 200, 404, 404]);
    // the clean mock's second account holds no profile: every page it gets is empty
    for (const r of second.filter((x) => x.route === 'list')) expect(r.response?.json).toMatchObject({ results: [] });
    // each of the caller's queries asked again at once, the very same URL: its name, its policy, the documented one, a page of one
    const lists = second.filter((r) => r.route === 'list').map((r) => r.request.url);
    expect(lists.slice(0, 4).map((u) => new URL(u).search)).toEqual([
      expect.stringMatching(/^\?FriendlyName=[^&]+&PageSize=1000$/),
      expect.stringMatching(/^\?PolicySid=RN\w{32}&PageSize=1000$/),
      '?PolicySid=RNdfbf3fae0e1107f8aded0e7cead80bf5&PageSize=1000',
      '?PageSize=1',
    ]);
    for (const url of lists.slice(0, 4)) {
      const at = replies.findIndex((r) => r.auth === 'second-account' && r.request.url === url);
      expect(replies[at - 1]).toMatchObject({ auth: 'valid', request: { url } });
    }
    // the caller's next_page_url (a PageToken the server gave the caller), asked by the second account
    expect(lists[4]).toMatch(/PageToken=/);
    expect(replies[replies.indexOf(second[0]!) - 1]).toMatchObject({ auth: 'valid', route: 'fetch', request: { url: second[0]!.request.url } });
    const back = replies.find((r) => r.purpose === "read back after the second account's requests");
    expect(back?.response?.status).toBe(200);
    // one account's user with the other's password: HEAD of the profile 401 (fetch, list and DELETE with them: the matrix above)
    const mixed = replies.filter((r) => (MIXED_ACCOUNT_AUTH as readonly string[]).includes(r.auth) && r.request.method === 'HEAD');
    expect(mixed.map((r) => r.response?.status)).toEqual([401, 401]);
  });

  it('without a second account the check is a skip that says why, never a pass', async () => {
    const { second: _, ...one } = MOCK_CREDENTIALS;
    const report: Report = await certifyMock({}, { seed: 9, runs: 2, coverage: false, shrink: false, credentials: one });
    const check = report.checks.find((c) => c.id === 'lookup.other-account-404')!;
    expect(check).toMatchObject({ status: 'skip', passed: 0, failed: 0, skipReason: expect.stringContaining('no second account was given (--second-account-sid') });
    // it could not judge: level 3 is not tested (before: conformant at level 3), and the level says what it needs
    expect(check.needs).toEqual({ input: 'second-account', words: 'a second account (--second-account-sid, --second-auth-token)' });
    expect(report.verdict).toMatchObject({ conformant: false, levelAchieved: 2, mustFailures: 0 });
    expect(report.levels[2]).toMatchObject({ status: 'untested', needs: [{ check: 'lookup.other-account-404', needs: check.needs!.words }] });
  });

  it.each([
    ['item-routes-ignore-owner', /the second account's GET \/v1\/CustomerProfiles\/BU\w+ \(a profile of another account\) answered 200 .*another account reached the profile|another account deleted it/],
    ['other-account-403', /answered 403 \(code 20403: Forbidden\), expected 404: a 403 tells the caller the sid exists in another account/],
  ])('%s fails it, showing the second account\'s request, its token in no output', async (fault, words) => {
    const report: Report = await certifyMock({ fault }, { seed: 9, runs: 2, coverage: false, shrink: false });
    const check = report.checks.find((c) => c.id === 'lookup.other-account-404')!;
    expect(check.status).toBe('fail');
    expect(check.firstFailure!.message).toMatch(words);
    // the request that broke it is shown with the ones before it (the second account's among them); replay lines read credentials from the environment
    const first = check.firstFailure!;
    const seconds = [first.step, ...(first.sequence ?? [])].filter((s) => s?.auth === 'second-account');
    expect(seconds.length).toBeGreaterThan(0);
    if (first.step?.auth === 'second-account') expect(first.curl).toContain('$TRUSTHUB_SECOND_ACCOUNT_SID');
    expect(JSON.stringify(report)).not.toContain(DEFAULT_SECOND_AUTH_TOKEN);
    expect(JSON.stringify(report)).not.toContain(Buffer.from(`${DEFAULT_SECOND_ACCOUNT_SID}:${DEFAULT_SECOND_AUTH_TOKEN}`).toString('base64'));
  });
});

describe('the pairs of two accounts', () => {
  it("user-and-password-apart fails auth.required-401 on the create sent with the Account SID and the second account's token; no output holds either secret", async () => {
    // one pair of the account: the fault takes the key SID with the Auth Token too, whose create (credential-routes.ts refusedCreates) would come first
    const report: Report = await certifyMock({ fault: 'user-and-password-apart' }, { seed: 9, runs: 2, coverage: false, shrink: false, credentials: ONE_PAIR_CREDENTIALS });
    const check = report.checks.find((c) => c.id === 'auth.required-401')!;
    expect(check.status).toBe('fail');
    expect(check.firstFailure!.message).toMatch(/sent with the caller's user with the second account's password \(a pair of two accounts\)" got 201/);
    expect(check.firstFailure!.curl).toContain('$TRUSTHUB_SECOND_AUTH_TOKEN');
    expect(report.checks.find((c) => c.id === 'auth.follow-up-routes')?.status).toBe('fail');
    const text = JSON.stringify(report);
    for (const secret of [DEFAULT_SECOND_AUTH_TOKEN, DEFAULT_AUTH_TOKEN]) expect(text).not.toContain(secret);
    for (const [user, password] of [[MOCK_CREDENTIALS.accountSid, DEFAULT_SECOND_AUTH_TOKEN], [DEFAULT_SECOND_ACCOUNT_SID, DEFAULT_AUTH_TOKEN]]) {
      expect(text).not.toContain(Buffer.from(`${user}:${password}`).toString('base64'));
    }
  });
});

describe("the second account's pair altered", () => {
  it('the clean mock refuses each shape on fetch of the profile with 401 (a second account given by an API key: none is sent)', async () => {
    const { replies } = await answers();
    const sent = replies.filter((r) => isSecondAltered(r.auth));
    expect(sent.map((r) => `${r.route} ${r.auth}`).sort()).toEqual(SECOND_REFUSED_AUTH.map((auth) => `fetch ${auth}`).sort());
    for (const r of sent) {
      expect(r.response?.status, r.purpose).toBe(401);
      expect(r.purpose).toMatch(/^fetch of the caller's profile with the second account's pair altered \(--second-account-sid\): its Account SID /);
    }
    const byKey = { ...MOCK_CREDENTIALS.second!, username: DEFAULT_API_KEY_SID, password: DEFAULT_API_KEY_SECRET, kind: 'api-key' as const };
    expect(SECOND_REFUSED_AUTH.filter((auth) => knowsShape(auth, { ...MOCK_CREDENTIALS, second: byKey }))).toEqual([]);
  });

  it("migrated-token-lowercased fails auth.required-401 on the create with the second account's Auth Token in the other case, and auth.before-lookup on its fetch; no output holds the token", async () => {
    // before: the second account's token was never sent altered, and this run was conformant at level 3
    const report: Report = await certifyMock({ fault: 'migrated-token-lowercased' }, { seed: 9, runs: 2, coverage: false, shrink: false });
    const check = report.checks.find((c) => c.id === 'auth.required-401')!;
    expect(check).toMatchObject({ status: 'fail', failed: 1 });
    expect(check.firstFailure!.message).toMatch(/sent with the second account's pair altered \(--second-account-sid\): its Account SID with its Auth Token, its letters in the other case" got 201/);
    expect(check.firstFailure!.curl).toContain('$TRUSTHUB_SECOND_AUTH_TOKEN');
    const lookup = report.checks.find((c) => c.id === 'auth.before-lookup')!;
    expect(lookup).toMatchObject({ status: 'fail', failed: 1 });
    expect(lookup.firstFailure!.message).toMatch(/\(fetch of the caller's profile with the second account's pair altered .*letters in the other case\): 404 to a request without valid credentials/);
    const text = JSON.stringify(report);
    for (const secret of [DEFAULT_SECOND_AUTH_TOKEN, DEFAULT_SECOND_AUTH_TOKEN.toUpperCase(), DEFAULT_AUTH_TOKEN]) expect(text).not.toContain(secret);
    // the profile the altered token made in the second account is deleted at once, with its own credentials
    expect(report.verdict).toMatchObject({ conformant: false });
  });
});

describe("the wrong shapes of the pair the run does not act with", () => {
  /** The key acting, the Auth Token beside it, the second account: a level-3 run with an API key. */
  const KEY_RUN = { accountSid: MOCK_CREDENTIALS.accountSid, username: DEFAULT_API_KEY_SID, password: DEFAULT_API_KEY_SECRET, kind: 'api-key' as const, also: { authToken: DEFAULT_AUTH_TOKEN }, second: MOCK_CREDENTIALS.second };

  it.each([
    ['the API key', KEY_RUN, 'the Auth Token'],
    ['the Auth Token', MOCK_CREDENTIALS, 'the API key'],
  ] as const)('a run acting with %s sends each on the create and on fetch of the profile, named by the pair altered: 401 from the clean mock', async (_, credentials, altered) => {
    const replies: Reply[] = [];
    const report = await certifyMock({}, { seed: 3, runs: 2, coverage: false, shrink: false, credentials, onReply: (r) => replies.push(r) });
    // the fetches: one a shape (17), nothing else is sent with them
    const sent = replies.filter((r) => isOtherPairAltered(r.auth));
    expect(sent.map((r) => `${r.route} ${r.auth}`).sort()).toEqual(OTHER_PAIR_REFUSED_AUTH.map((auth) => `fetch ${auth}`).sort());
    for (const r of sent) {
      expect(r.response?.status, r.purpose).toBe(401);
      expect(r.purpose).toContain(`fetch of the profile with ${altered} altered (the run acts with`);
    }
    // the creates, judged as cases (not replies): every refused create of the plan, the two of two accounts' pairs, the two crossed pairs, and one a shape
    const refused = report.checks.find((c) => c.id === 'auth.required-401')!;
    expect(refused).toMatchObject({ status: 'pass', passed: fixedCases().filter((c) => refusesAuth(c.auth)).length + MIXED_ACCOUNT_AUTH.length + CROSSED_AUTH.length + SECOND_REFUSED_AUTH.length + OTHER_PAIR_REFUSED_AUTH.length });
    // the crossed pairs: the lifecycle's create (bracketed by the list of its name) and the update of each sid, 401 each
    const crossed = replies.filter((r) => (CROSSED_AUTH as readonly string[]).includes(r.auth));
    // (the creates themselves are in auth.required-401's count above; the lists around each are the run's own)
    const around = replies.filter((r) => r.purpose === 'list after a refusal' && (CROSSED_AUTH as readonly string[]).includes(r.case?.auth ?? ''));
    expect(around.map((r) => r.case?.auth).sort()).toEqual([...CROSSED_AUTH].sort());
    expect(crossed.filter((r) => r.route === 'update').map((r) => r.response?.status)).toEqual(Array(CROSSED_AUTH.length * 3).fill(401));
    expect(report.checks.find((c) => c.id === 'auth.refused-update-keeps')).toMatchObject({ status: 'pass' });
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
  });

  it('a run with one pair sends none of them', async () => {
    const { replies } = await answers();
    expect(replies.filter((r) => isOtherPairAltered(r.auth))).toEqual([]);
  });
});

/** The faults only the other routes show, the check that names each, and a word of its message. */
const ROUTE_FAULTS: Array<[fault: string, checkId: string, words: RegExp]> = [
  ['item-routes-any-password', 'auth.follow-up-routes', /^the answer to (GET|DELETE) \/v1\/CustomerProfiles\/BU\w+ \(fetch of the profile with .*\): 200 .*the credential was accepted/],
  ['delete-any-password', 'auth.follow-up-routes', /^the answer to DELETE \/v1\/CustomerProfiles\/BU\w+ \(delete of the profile with .*\): 204 .*the credential was accepted/],
  ['list-any-password', 'auth.follow-up-routes', /^the answer to GET \/v1\/CustomerProfiles\?PageSize=1 \(list with .*\): 200/],
  // the fetch and the DELETE of the deleted profile go out together (credential-routes.ts sendAll): either answer may be judged first
  ['lookup-before-auth', 'auth.before-lookup', /\((fetch|delete) of the deleted profile with no credentials\): 404 to a request without valid credentials/],
  ['deleted-sid-before-auth', 'auth.before-lookup', /\((fetch|delete) of the deleted profile with no credentials\): 404/],
  ['refused-delete-deletes', 'auth.refused-delete-keeps', /^after 40 DELETEs of \/v1\/CustomerProfiles\/BU\w+ with credentials it must refuse \(answered 401 ×40\), the profile no longer reads back: 404/],
  ['reads-scheme-case-sensitive', 'auth.scheme-case-insensitive', /\(fetch of the profile with the caller's credentials with the scheme written basic\): 401/],
  ['password-case-insensitive', 'auth.follow-up-routes', /\(fetch of the profile with the caller's user with its password's letters in the other case/],
  ['method-405-before-auth', 'auth.follow-up-routes', /^the answer to (PUT|PATCH|POST) \/v1\/CustomerProfiles\S* \(.* with no credentials\): 405 .*expected 401/],
  ['head-skips-auth', 'auth.follow-up-routes', /^the answer to (HEAD|OPTIONS) \/v1\/CustomerProfiles\S* \((HEAD|OPTIONS) of .* with (no credentials|.*wrong.*)\): (200|404) /],
  ['session-cookie-auth', 'auth.follow-up-routes', /^the answer to GET \/v1\/CustomerProfiles\/BU\w+ \(fetch of the profile with no credentials \(cookie: session, as the target set them\)\): 200 .*it was served without credentials/],
  ['xff-internal-skips-auth', 'auth.follow-up-routes', /^the answer to GET \/v1\/CustomerProfiles\/BU\w+ \(fetch of the profile with no credentials \(x-forwarded-for: 10\.0\.0\.1, x-real-ip: 10\.0\.0\.1\)\): 200 .*it was served without credentials/],
  // the update's body validated before its credentials: the invalid bodies without credentials and with a wrong password are 400
  ['update-validation-before-auth', 'auth.follow-up-routes', /^the answer to POST \/v1\/CustomerProfiles\/BU\w+ \(update \(POST\) of the profile with a (Status outside the enum \(approved\)|relative StatusCallback \(\/status-callbacks\/relative\)) in its body with .*\): 400 .*expected 401/],
  ['any-secret-of-account', 'auth.follow-up-routes', /\(fetch of the profile with the Account SID with the API key's secret \(a crossed pair\)\): 200 .*the credential was accepted/],
];

/** The mock's account as a run given both of its pairs knows it (the embedded mock's): the crossed pairs are sent. */
const BOTH_PAIRS = { ...MOCK_CREDENTIALS, also: { apiKey: DEFAULT_API_KEY_SID, apiSecret: DEFAULT_API_KEY_SECRET } };

describe('the faults of the other routes', () => {
  it.each(ROUTE_FAULTS)('%s fails %s, with a replay line that derives the credentials from the environment', async (fault, checkId, words) => {
    const report: Report = await certifyMock({ fault }, { seed: 9, runs: 2, coverage: false, shrink: false, credentials: BOTH_PAIRS });
    const check = report.checks.find((c) => c.id === checkId)!;
    expect(check.status).toBe('fail');
    const first = check.firstFailure!;
    expect(first.message).toMatch(words);
    expect(first.curl).not.toContain(DEFAULT_AUTH_TOKEN);
    // credentials, when the request sent any, come from the environment in the shell
    expect(first.curl.includes('$TWILIO_ACCOUNT_SID') || first.curl.includes('$TWILIO_API_KEY') || !/ -u |authorization/i.test(first.curl), first.curl).toBe(true);
    expect(first.curl).not.toContain(DEFAULT_API_KEY_SECRET);
    expect(report.verdict.conformant).toBe(false);
  });
});
