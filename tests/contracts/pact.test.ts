/**
 * The consumer side of the Pact contract: the tiny client against the Pact mock server, one test
 * per interaction; the committed pact must be what the contract code generates; the form body's
 * matching rules must really be in the file (pact-js issue 767).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, INTERACTIONS, PACT_FILE_NAME, POLICY_SID_EXPRESSION, POLICY_STATE, PROJECT_PACT_FILE } from '../../contracts/pact/contract.ts';
import { generatePact, normalisePact, readNormalisedPact, runInteraction } from '../../contracts/pact/generate.ts';
import { SID_PATTERNS } from '../../contracts/schemas.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pact-consumer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byDescription = (d: string) => {
  const i = INTERACTIONS.find((x) => x.description === d);
  if (!i) throw new Error(`no interaction "${d}"`);
  return i;
};

describe('consumer contract customer-profile-client → trusthub-customer-profiles', () => {
  it('a create with all four parameters: the client reads the created profile', async () => {
    const result = await runInteraction(byDescription('a create with all four parameters'), dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(201);
    expect(result.profile.sid).toMatch(new RegExp(SID_PATTERNS.customerProfile));
    expect(result.profile.policySid).toBe(EXAMPLE.policySid);
    expect(result.profile.statusCallback).toBe(EXAMPLE.statusCallback);
    expect(result.profile.status).toBe('draft');
    expect(result.profile.dateCreated.toISOString()).toBe('2019-07-30T22:29:24.000Z');
    expect(result.profile.links.customer_profiles_evaluations).toBe(`${result.profile.url}/Evaluations`);
  });

  it('a create without StatusCallback: status_callback comes back null', async () => {
    const result = await runInteraction(byDescription('a create without StatusCallback'), dir);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.profile.statusCallback).toBeNull();
  });

  it('a create without FriendlyName: the client surfaces 400 / 20001', async () => {
    const result = await runInteraction(byDescription('a create without the required FriendlyName'), dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: 20001,
      message: 'Missing required parameter FriendlyName in the post body',
      moreInfo: 'https://www.twilio.com/docs/errors/20001',
      status: 400,
    });
  });

  it('a create without credentials: the client surfaces 401 / 20003', async () => {
    const result = await runInteraction(byDescription('a create without credentials'), dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 20003, status: 401 });
  });

  it('a client that sends a different request than the contract says is refused by the mock server', async () => {
    const all = byDescription('a create with all four parameters');
    // the same interaction, but the client sends a malformed PolicySid: the PolicySid matcher must catch it
    const wrong = {
      ...all,
      exercise: (baseUrl: string) =>
        fetch(`${baseUrl}/v1/CustomerProfiles`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic QUM6eA==' },
          body: new URLSearchParams({ FriendlyName: 'x', Email: 'y', PolicySid: 'RN-not-a-sid', StatusCallback: 'https://a.test/' }).toString(),
        }).then(() => ({ ok: false as const, status: 0, error: { code: 0, message: '', moreInfo: '', status: 0 } })),
    };
    const scratch = await mkdtemp(join(tmpdir(), 'pact-consumer-wrong-'));
    try {
      await expect(runInteraction(wrong, scratch)).rejects.toThrow(/PolicySid/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe('the committed pact', () => {
  it('is what the contract code generates (regenerate with: node contracts/pact/generate.ts)', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'pact-fresh-'));
    try {
      const path = await generatePact(fresh);
      expect(await readNormalisedPact(PROJECT_PACT_FILE)).toEqual(await readNormalisedPact(path));
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('staleness is detected: a changed interaction makes the comparison fail', async () => {
    const committed = await readFile(PROJECT_PACT_FILE, 'utf8');
    const changed = JSON.parse(committed) as { interactions: { response: { status: number } }[] };
    changed.interactions[0]!.response.status = 299;
    expect(normalisePact(JSON.stringify(changed))).not.toEqual(normalisePact(committed));
    // volatile library versions alone are not a difference
    const bumped = JSON.parse(committed) as { metadata: Record<string, Record<string, string>> };
    bumped.metadata['pact-js'] = { version: '0.0.0' };
    expect(normalisePact(JSON.stringify(bumped))).toEqual(normalisePact(committed));
  });

  it('holds matching rules for every form field, PolicySid by pattern and from the provider state', async () => {
    const pact = JSON.parse(await readFile(PROJECT_PACT_FILE, 'utf8'));
    expect(PROJECT_PACT_FILE.endsWith(PACT_FILE_NAME)).toBe(true);
    expect(pact.consumer.name).toBe('customer-profile-client');
    expect(pact.provider.name).toBe('trusthub-customer-profiles');
    expect(pact.metadata.pactSpecification.version).toBe('3.0.0');
    const all = pact.interactions.find((i: { description: string }) => i.description === 'a create with all four parameters');
    const rules = all.request.matchingRules.body;
    expect(rules['$.PolicySid'].matchers).toEqual([{ match: 'regex', regex: '^RN[0-9a-fA-F]{32}$' }]);
    expect(rules['$.FriendlyName'].matchers).toEqual([{ match: 'type' }]);
    expect(rules['$.Email'].matchers).toEqual([{ match: 'type' }]);
    expect(rules['$.StatusCallback'].matchers[0].match).toBe('regex');
    expect(all.request.generators.body['$.PolicySid']).toEqual({ type: 'ProviderState', expression: POLICY_SID_EXPRESSION });
    // the body itself stays a form body, not JSON
    expect(all.request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(typeof all.request.body).toBe('string');
    expect(new URLSearchParams(all.request.body).get('PolicySid')).toBe(EXAMPLE.policySid);
    for (const i of pact.interactions) {
      expect(i.providerStates).toEqual([{ name: POLICY_STATE, params: { policySid: EXAMPLE.policySid } }]);
      expect(i.request.matchingRules.body['$.PolicySid'].matchers[0].match).toBe('regex');
    }
  });

  it('matches the 201 body by pattern: sids, GMT dates, status, url and links', async () => {
    const pact = JSON.parse(await readFile(PROJECT_PACT_FILE, 'utf8'));
    const created = pact.interactions.find((i: { description: string }) => i.description === 'a create with all four parameters');
    const rules = created.response.matchingRules.body;
    expect(rules['$.sid'].matchers[0]).toEqual({ match: 'regex', regex: SID_PATTERNS.customerProfile });
    expect(rules['$.account_sid'].matchers[0]).toEqual({ match: 'regex', regex: SID_PATTERNS.account });
    expect(rules['$.policy_sid'].matchers[0]).toEqual({ match: 'regex', regex: SID_PATTERNS.policy });
    expect(rules['$.date_created'].matchers[0]).toEqual({ match: 'datetime', format: "yyyy-MM-dd'T'HH:mm:ss'Z'" });
    expect(rules['$.status'].matchers[0].regex).toContain('draft');
    expect(rules['$.url'].matchers[0].match).toBe('regex');
    for (const link of ['customer_profiles_entity_assignments', 'customer_profiles_evaluations', 'customer_profiles_channel_endpoint_assignment']) {
      expect(rules[`$.links.${link}`].matchers[0].match).toBe('regex');
    }
    const errors = pact.interactions.filter((i: { response: { status: number } }) => i.response.status >= 400);
    expect(errors.map((i: { response: { status: number; body: { code: number } } }) => [i.response.status, i.response.body.code]).sort()).toEqual([
      [400, 20001],
      [401, 20003],
    ]);
  });
});
