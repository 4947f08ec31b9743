import { describe, expect, it } from 'vitest';
import { CROSSED_AUTH, OTHER_PAIR_REFUSED_AUTH, refusesAuth, SECOND_REFUSED_AUTH } from '../../contracts/exchange.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import type { Credentials } from '../../engine/transport/credentials.ts';
import { runSuite } from '../../engine/run/run.ts';
import { fixedCases, OTHER_PAIR_BAD_POLICY_SID, otherPairCases, SEED_EXAMPLE } from '../../generators/index.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID, DEFAULT_AUTH_TOKEN, FAULTS, startMock } from '../../mock/index.ts';
import { certifyMock, MOCK_CREDENTIALS, mockRun } from '../helpers/certify.ts';

/**
 * The credential matrix (generators/credentialCases.ts) end to end: each credential fault of the
 * mock fails its check on exactly the cases meant for it, on every seed (the cases are fixed), with
 * an Auth Token and with an API key; the faithful mock passes every one.
 */

/**
 * The credential faults, and the cases (by rule; the scheme cases by auth mode) that must catch
 * each. A fault that accepts a wrong credential also lets that credential delete the lifecycle's
 * profile (the shapes go on every route: engine/phases/probes/credential-routes.ts), which the case checks
 * of that create see: `alsoDeletes`; and rename it with a refused update, unless its shape never goes with the update (`notRenamed`). A fault that takes any user of one kind (AC, SK) with a known
 * secret also takes the caller's own user with a trailing space when it is of that kind: `keyCases`
 * are the cases of a run with an API key, where they differ.
 */
const CREDENTIAL_FAULTS: Record<string, { checkId: string; cases: string[]; keyCases?: string[]; alsoDeletes?: true; notRenamed?: true }> = {
  'any-token-for-known-sid': {
    checkId: 'auth.required-401',
    cases: [
      'auth.credentials',
      'auth.empty-password',
      'auth.same-length',
      'auth.password-prefix',
      'auth.password-plus-one',
      'auth.colon-suffix',
      'auth.password-case-swapped',
      'auth.password-trailing-space',
      'auth.password-trailing-newline',
      'auth.password-nul-suffix',
      'auth.before-validation.wrong-empty-body',
    ],
    alsoDeletes: true,
  },
  'empty-password-accepted': { checkId: 'auth.required-401', cases: ['auth.empty-password'], alsoDeletes: true },
  'empty-user-default-account': { checkId: 'auth.required-401', cases: ['auth.empty-user'], alsoDeletes: true },
  'split-all-colons': { checkId: 'auth.required-401', cases: ['auth.colon-suffix'], alsoDeletes: true },
  'token-prefix-compare': {
    checkId: 'auth.required-401',
    // the caller's password plus "-wrong" starts with the password too
    cases: [
      'auth.credentials',
      'auth.password-prefix',
      'auth.password-plus-one',
      'auth.colon-suffix',
      'auth.password-trailing-space',
      'auth.password-trailing-newline',
      'auth.password-nul-suffix',
      'auth.before-validation.wrong-empty-body',
    ],
    alsoDeletes: true,
  },
  'any-sid-for-known-token': { checkId: 'auth.required-401', cases: ['auth.other-account', 'auth.user-trailing-space'], keyCases: ['auth.other-account'], alsoDeletes: true },
  'unknown-key-accepted': { checkId: 'auth.required-401', cases: ['auth.unknown-key'], keyCases: ['auth.unknown-key', 'auth.user-trailing-space'], alsoDeletes: true },
  'malformed-basic-400': { checkId: 'auth.required-401', cases: ['auth.no-colon', 'auth.bad-base64', 'auth.bare-basic', 'auth.token-dot-inside', 'auth.token-bang-after', 'auth.token-space-junk'] },
  'bearer-accepted': { checkId: 'auth.required-401', cases: ['auth.bearer-password'], alsoDeletes: true },
  'scheme-ignored': { checkId: 'auth.required-401', cases: ['auth.bearer-basic'], alsoDeletes: true },
  'validation-before-auth': {
    checkId: 'auth.required-401',
    cases: ['auth.before-validation.invalid-body', 'auth.before-validation.empty-body', 'auth.before-validation.wrong-empty-body'],
  },
  'scheme-case-sensitive': { checkId: 'auth.scheme-case-insensitive', cases: ['scheme-lower', 'scheme-upper'] },
  // the BASIC case is sent by a Turkish client (Accept-Language: tr-TR): lower-cased in its locale, BASIC is "basıc"
  'scheme-locale-lowercase': { checkId: 'auth.scheme-case-insensitive', cases: ['scheme-upper'] },
  'password-case-insensitive': { checkId: 'auth.required-401', cases: ['auth.password-case-swapped'], alsoDeletes: true },
  'user-case-insensitive': { checkId: 'auth.required-401', cases: ['auth.user-case-swapped'], alsoDeletes: true },
  // the Auth Token hex-decoded: what a non-hex character follows or an upper case spells is the token's bytes; the key's secret
  // is compared exactly, so a run with the key alone sees nothing (with the Auth Token beside it: the test below)
  'auth-token-hex-decoded': {
    checkId: 'auth.required-401',
    cases: [
      'auth.credentials',
      'auth.password-plus-one',
      'auth.colon-suffix',
      'auth.password-case-swapped',
      'auth.password-trailing-space',
      'auth.password-trailing-newline',
      'auth.password-nul-suffix',
      'auth.before-validation.wrong-empty-body',
    ],
    keyCases: [],
    alsoDeletes: true,
  },
  'password-nul-terminated': { checkId: 'auth.required-401', cases: ['auth.password-nul-suffix'], alsoDeletes: true },
  'basic-base64-lenient': { checkId: 'auth.required-401', cases: ['auth.token-dot-inside', 'auth.token-bang-after'], alsoDeletes: true },
  'trims-credentials': { checkId: 'auth.required-401', cases: ['auth.password-trailing-space', 'auth.password-trailing-newline', 'auth.user-leading-space', 'auth.user-trailing-space'], alsoDeletes: true },
  // the caller's own credentials in Proxy-Authorization (no Authorization) on the create, and on fetch, list and DELETE (header-probes.ts)
  // Proxy-Authorization goes with fetch, list and DELETE (header-probes.ts), not with the update: the profile is deleted, never renamed
  'proxy-authorization-accepted': { checkId: 'auth.required-401', cases: ['auth.proxy-authorization'], alsoDeletes: true, notRenamed: true },
  // round 18: the credentials outside Authorization (the query string, an API gateway's X-API-Key), the token beside other text
  'query-string-credentials': { checkId: 'auth.required-401', cases: ['auth.query-credentials'], alsoDeletes: true },
  'api-key-header-accepted': { checkId: 'auth.required-401', cases: ['auth.api-key-headers'], alsoDeletes: true },
  'auth-header-split-on-space': { checkId: 'auth.required-401', cases: ['auth.token-space-junk'], alsoDeletes: true },
  // the regex takes the token up to the first space, so the token followed by a space and x is taken too
  'auth-basic-regex-unanchored': { checkId: 'auth.required-401', cases: ['auth.bearer-then-basic', 'auth.token-space-junk'], alsoDeletes: true },
};

/**
 * The credential faults of the other routes alone, and of the crossed pairs (whose create credential-routes.ts sends when the run
 * knows both pairs): the create matrix cannot see them (tests/engine/phases/credential-routes.test.ts).
 */
const ROUTE_FAULTS = ['update-password-unchecked', 'refused-update-applies', 'create-crossed-pair-accepted', 'head-lookup-before-auth', 'item-routes-any-password', 'delete-any-password', 'list-any-password', 'lookup-before-auth', 'deleted-sid-before-auth', 'refused-delete-deletes', 'reads-scheme-case-sensitive', 'unauthenticated-read', 'any-secret-of-account', 'method-405-before-auth', 'head-skips-auth', 'session-cookie-auth', 'xff-internal-skips-auth', 'trace-echo', 'remote-user-trusted', 'link-routes-skip-auth', 'browser-login-redirect', 'xhr-401-no-challenge', 'update-validation-before-auth'];

/** The faults of the second account's credentials: only its probe sees them (tests/engine/phases/credential-routes.test.ts). */
const SECOND_ACCOUNT_FAULTS = ['user-and-password-apart', 'migrated-token-lowercased'];

/** The faults of the account's other pair: only the other-pair probe sees them (tests/mock/faults.test.ts, the fault matrix). */
const OTHER_PAIR_FAULTS = ['rows-scoped-by-principal', 'api-key-no-delete', 'api-key-list-401', 'api-key-later-pages-401', 'list-cache-per-credential', 'fetch-cache-per-credential', 'legacy-rows-invisible-to-api-keys'];

const API_KEY_CREDENTIALS = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_API_KEY_SID, password: DEFAULT_API_KEY_SECRET, kind: 'api-key' as const };
/** The mock's Auth Token (and second account) without the API key: one pair of the account, as the fault tables below were written for. */
const { also: _key, ...ONE_PAIR } = MOCK_CREDENTIALS;
/** The API key with the Auth Token beside it and the second account: what a level-3 certification with a key needs. */
const API_KEY_FULL = { ...API_KEY_CREDENTIALS, also: { authToken: DEFAULT_AUTH_TOKEN }, second: MOCK_CREDENTIALS.second };

/** Run the suite against the mock; the cases (rule, else auth mode) each check failed on. */
async function failingCases(fault: string | null, seed: number, credentials: Credentials): Promise<Map<string, string[]>> {
  const mock = await startMock({ fault });
  const failing = new Map<string, string[]>();
  try {
    await runSuite(
      mockRun(mock, {
        credentials,
        seed,
        // credentials, not clocks, are judged here: no wait before the late create
        clockSpanMs: 0,
        onExchange: (ex) => {
          for (const check of CHECKS) {
            if (check.judge(ex, { targetUrl: mock.url, accountSid: DEFAULT_ACCOUNT_SID, secrets: [], seenSids: new Map() })?.status !== 'fail') continue;
            failing.set(check.id, [...(failing.get(check.id) ?? []), ex.case.rule ?? ex.case.auth]);
          }
        },
      }),
    );
  } finally {
    await mock.close();
  }
  return failing;
}

describe('the credential matrix', () => {
  it('lists every credential fault of the table', () => {
    const credentialFaults = FAULTS.filter((f) => f.checkId.startsWith('auth.') && !['auth-bypass', 'wrong-auth-code', 'no-www-authenticate', 'reads-wrong-auth-code', 'challenge-unquoted-realm', 'auth-message-unauthorized', 'error-messages-localized', 'token-param-accepted', 'api-key-account-from-user', ...OTHER_PAIR_FAULTS, ...ROUTE_FAULTS, ...SECOND_ACCOUNT_FAULTS].includes(f.name));
    expect(credentialFaults.map((f) => f.name).sort()).toEqual(Object.keys(CREDENTIAL_FAULTS).sort());
    for (const f of credentialFaults) expect(f.checkId).toBe(CREDENTIAL_FAULTS[f.name]!.checkId);
  });

  // each fault on one of three seeds in turn (the cases are the same on every seed; the clean mock is checked on all three below)
  const SEEDS = [1, 77, 20261127];
  describe.each(Object.entries(CREDENTIAL_FAULTS).map(([fault, info], i) => ({ fault, ...info, seed: SEEDS[i % SEEDS.length]! })))('$fault', ({ fault, checkId, cases, alsoDeletes, notRenamed, seed }) => {
    it(`fails ${checkId} on exactly the cases meant for it, and nothing else (seed ${seed})`, async () => {
      const failing = await failingCases(fault, seed, ONE_PAIR);
      expect(failing.get(checkId)?.sort()).toEqual([...cases].sort());
      // a wrong credential that is accepted also renames the lifecycle's profile (the refused updates, each naming its own FriendlyName)
      // and deletes it before its own DELETE (and before its HEAD, PUT and PATCH steps, whose read backs then find it gone)
      const renamed = alsoDeletes && !notRenamed ? ['auth.refused-update-keeps'] : [];
      expect([...failing.keys()].sort()).toEqual([checkId, ...(alsoDeletes ? ['delete.gone', 'auth.refused-delete-keeps', 'methods.keep-profile', ...renamed] : [])].sort());
    });
  });

  it.each(Object.entries(CREDENTIAL_FAULTS))('%s is caught the same with an API key', async (fault, { checkId, cases, keyCases }) => {
    const failing = await failingCases(fault, 5, API_KEY_CREDENTIALS);
    expect(failing.get(checkId)?.sort() ?? []).toEqual([...(keyCases ?? cases)].sort());
  });

  it("auth-token-hex-decoded is caught by a run that acts with the API key and knows the Auth Token: the Auth Token's wrong shapes, each label naming it", async () => {
    // before: the wrong shapes went to the key's secret alone, and this run was conformant at level 3
    const report = await certifyMock({ fault: 'auth-token-hex-decoded' }, { seed: 5, runs: 2, coverage: false, shrink: false, credentials: API_KEY_FULL });
    const check = report.checks.find((c) => c.id === 'auth.required-401')!;
    expect(check.status).toBe('fail');
    // what a hex decoder reads as the token: "-wrong", x, ":x", a space, a line feed, a NUL after it, and its letters in upper case;
    // and of the second account's Auth Token (engine/phases/probes/second-account.ts): x and a space after it, its letters in upper case
    expect(check.failed).toBe(7 + 3);
    expect(check.firstFailure!.message).toMatch(/sent with the Auth Token altered \(the run acts with the API key\): the Account SID with the Auth Token .*" got 201/);
    expect(check.firstFailure!.curl).toContain('$TWILIO_AUTH_TOKEN');
    const follow = report.checks.find((c) => c.id === 'auth.follow-up-routes')!;
    expect(follow).toMatchObject({ status: 'fail', failed: 7 });
    expect(follow.firstFailure!.message).toMatch(/\(fetch of the profile with the Auth Token altered \(the run acts with the API key\): .*\): 200 /);
    // and the second account's altered token: its fetch of the caller's profile 404 (auth.before-lookup); its create made the second
    // account's profile, which is what the credentials' user names (resource.account-sid holds)
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id).sort()).toEqual(['auth.before-lookup', 'auth.follow-up-routes', 'auth.required-401']);
    expect(report.verdict).toMatchObject({ conformant: false, mustFailures: 3 });
    const text = JSON.stringify(report);
    for (const secret of [DEFAULT_AUTH_TOKEN, DEFAULT_AUTH_TOKEN.toUpperCase(), DEFAULT_API_KEY_SECRET]) expect(text).not.toContain(secret);
  });

  it.each([1, 77, 20261127])('no-www-authenticate fails auth.challenge on every 401 case and nothing else (seed %i)', async (seed) => {
    const failing = await failingCases('no-www-authenticate', seed, ONE_PAIR);
    const refusedCases = fixedCases().filter((c) => refusesAuth(c.auth));
    expect(failing.get('auth.challenge')).toHaveLength(refusedCases.length);
    expect([...failing.keys()]).toEqual(['auth.challenge']);
  });

  it.each([
    [1, MOCK_CREDENTIALS],
    [77, MOCK_CREDENTIALS],
    [20261127, API_KEY_FULL],
  ] as const)('the faithful mock stays clean, level 3, given both pairs and a second account (seed %i)', async (seed, credentials) => {
    expect(await failingCases(null, seed, credentials)).toEqual(new Map());
    const report = await certifyMock({}, { seed, credentials });
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3, mustFailures: 0, shouldWarnings: 0 });
    const auth = report.checks.filter((c) => c.id.startsWith('auth.'));
    expect(auth.map((c) => [c.id, c.status])).toEqual([
      ['auth.required-401', 'pass'],
      ['auth.code-20003', 'pass'],
      ['auth.challenge', 'pass'],
      ['auth.scheme-case-insensitive', 'pass'],
      ['auth.pairs-one-account', 'pass'],
      ['auth.follow-up-routes', 'pass'],
      ['auth.before-lookup', 'pass'],
      ['auth.refused-delete-keeps', 'pass'],
      ['auth.refused-update-keeps', 'pass'],
    ]);
    // every refused shape was judged: 14 shapes, the three ordering cases and the fixed none/wrong pair, the two creates
    // with one account's SID and the other's Auth Token and the second account's pair altered (engine/phases/probes/second-account.ts),
    // the wrong shapes of the pair the run does not act with (engine/phases/probes/other-pair.ts probeOtherPairShapes), and the
    // lifecycle's create with each crossed pair (engine/phases/probes/credential-routes.ts refusedCreates)
    expect(auth[0]!.passed).toBe(fixedCases().filter((c) => refusesAuth(c.auth)).length + 2 + SECOND_REFUSED_AUTH.length + OTHER_PAIR_REFUSED_AUTH.length + CROSSED_AUTH.length);
    // basic and BASIC: the two creates, and on the other routes fetch and list of the profile, fetch and delete of the deleted one and of one that never existed, the delete of their own profile
    expect(auth[3]!.passed).toBe(2 + 2 * 7);
  });

  it('with one pair of the account the faithful mock reaches level 2, and level 3 says it needs an API key', async () => {
    // before: conformant at level 3 while authentication by an API key was never tried
    const report = await certifyMock({}, { seed: 1, credentials: ONE_PAIR });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'auth.pairs-one-account')).toMatchObject({ status: 'skip', needs: { input: 'other-pair' } });
    expect(report.verdict).toMatchObject({ conformant: false, levelAchieved: 2, mustFailures: 0 });
    expect(report.levels[2]!.needs).toEqual([{ check: 'auth.pairs-one-account', needs: 'an API key beside the Auth Token (--api-key, --api-secret with --auth-token)' }]);
  });
});

describe("the other pair's cases (otherPairCases)", () => {
  it("refuse the lifecycle's fields three ways with the other pair: a malformed PolicySid, FriendlyName missing, a JSON body", () => {
    const cases = otherPairCases(SEED_EXAMPLE, 'seed example', 'the Auth Token');
    expect(cases.map((c) => [c.category, c.rule, c.expect, c.auth])).toEqual([
      ['policy-sid', 'PolicySid.pattern', 'reject', 'other-pair'],
      ['missing-field', 'FriendlyName.required', 'reject', 'other-pair'],
      ['body-encoding', 'body.form-encoded', 'reject', 'other-pair'],
    ]);
    for (const c of cases) expect(c.label).toMatch(/^seed example, .+, sent with the Auth Token$/);
    const [policy, unnamed, json] = cases;
    expect(new URLSearchParams(policy!.body).get('PolicySid')).toBe(OTHER_PAIR_BAD_POLICY_SID);
    expect(new URLSearchParams(policy!.body).get('StatusCallback')).toBe(SEED_EXAMPLE.StatusCallback);
    expect([new URLSearchParams(unnamed!.body).has('FriendlyName'), unnamed!.missing]).toEqual([false, ['FriendlyName']]);
    expect([json!.contentType, JSON.parse(json!.body), json!.missing]).toEqual(['application/json', { ...SEED_EXAMPLE }, ['FriendlyName', 'Email', 'PolicySid']]);
  });
});
