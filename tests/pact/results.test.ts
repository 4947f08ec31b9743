/**
 * The pure parts of Pact verification: re-encoding parsed form bodies, reading pact files (V3 and
 * V4), and turning the verifier's JSON into checks (pending, duplicates, unverified interactions).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFormObject, isFormType } from '../../pact/filter.ts';
import { loadPactFile, PactSetupError } from '../../pact/verify.ts';
import { checksFromVerification, type LoadedPact, mismatchText, slug, type VerifierJson } from '../../pact/results.ts';

describe('encodeFormObject (the fix for pact-js issue 884)', () => {
  it('gives back the form text a flat Twilio-style body had', () => {
    const original = 'FriendlyName=Acme+Inc&Email=ops%40acme.test&PolicySid=RNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&StatusCallback=https%3A%2F%2Fa.test%2Fcb%3Fx%3D1%26y%3D2';
    const parsed = Object.fromEntries(new URLSearchParams(original));
    expect(encodeFormObject(parsed)).toBe(original);
  });

  it('keeps characters that need escaping, spaces, and empty values', () => {
    const fields = { FriendlyName: ' two  spaces + plus & amp = eq ü 😀 ', Email: '', PolicySid: 'RN' };
    expect(Object.fromEntries(new URLSearchParams(encodeFormObject(fields)))).toEqual(fields);
  });

  it('writes arrays as repeated names and nested objects with brackets, as body-parser (qs) read them', () => {
    expect(encodeFormObject({ a: ['1', '2'], b: { c: 'd' }, e: [{ f: 'g' }], n: null })).toBe('a=1&a=2&b%5Bc%5D=d&e%5B0%5D%5Bf%5D=g&n=');
  });

  it('recognises form content types only', () => {
    expect(isFormType('application/x-www-form-urlencoded')).toBe(true);
    expect(isFormType('Application/X-WWW-Form-Urlencoded; charset=utf-8')).toBe(true);
    expect(isFormType('application/json')).toBe(false);
    expect(isFormType(undefined)).toBe(false);
  });
});

describe('loadPactFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pact-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a V4 pact: array headers, body objects, provider states', async () => {
    const path = join(dir, 'v4.json');
    await writeFile(
      path,
      JSON.stringify({
        consumer: { name: 'c' },
        provider: { name: 'p' },
        interactions: [
          {
            type: 'Synchronous/HTTP',
            description: 'd',
            providerStates: [{ name: 's1' }, { name: 's2' }],
            request: {
              method: 'post',
              path: '/v1/CustomerProfiles',
              query: { a: ['1', '2'] },
              headers: { 'Content-Type': ['application/x-www-form-urlencoded'] },
              body: { content: 'Email=a%40b', contentType: 'application/x-www-form-urlencoded', encoded: false },
            },
            response: { status: 400 },
          },
        ],
        metadata: { pactSpecification: { version: '4.0' } },
      }),
    );
    const pact = await loadPactFile(path);
    expect(pact).toMatchObject({ consumer: 'c', provider: 'p', specification: '4.0' });
    expect(pact.interactions[0]).toEqual({
      description: 'd',
      states: ['s1', 's2'],
      method: 'POST',
      path: '/v1/CustomerProfiles',
      query: 'a=1&a=2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Email=a%40b',
      expectedStatus: 400,
    });
  });

  it('refuses non-HTTP interactions with a usage error naming the interaction', async () => {
    const path = join(dir, 'async.json');
    await writeFile(
      path,
      JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [{ type: 'Asynchronous/Messages', description: 'm' }] }),
    );
    const err = await loadPactFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PactSetupError);
    expect((err as PactSetupError).kind).toBe('usage');
    expect((err as Error).message).toMatch(/interaction 1 \("m"\) is Asynchronous\/Messages/);
  });
});

const info = (description: string, expectedStatus: number, headers: Record<string, string> = { Authorization: 'Basic x' }) => ({
  description,
  states: [],
  method: 'POST',
  path: '/v1/CustomerProfiles',
  query: '',
  headers,
  body: 'Email=a',
  expectedStatus,
});

const ctx = (pacts: LoadedPact[]) => ({ pacts, exchanges: [], targetUrl: 'http://127.0.0.1:1', apiKey: false });

describe('checksFromVerification', () => {
  it('a pending failure is a skip with the mismatch as the reason, never a MUST failure', () => {
    const json: VerifierJson = {
      result: true,
      interactionResults: [{ description: 'new thing', result: 'Error' }],
      pendingErrors: [
        {
          interaction: 'Verifying a pact between app and api - new thing',
          mismatch: { type: 'mismatches', mismatches: [{ type: 'StatusMismatch', mismatch: 'expected 201 but was 404' }] },
        },
      ],
    };
    const [check] = checksFromVerification(json, ctx([]));
    expect(check).toMatchObject({ id: 'pact.new-thing', status: 'skip', skipped: 1, source: { ref: 'Pact contract app → api' } });
    expect(check?.skipReason).toBe('pending pact (not yet a requirement): status: expected 201 but was 404');
  });

  it('the same description in two pacts gets two ids, each failure matched to its own consumer', () => {
    const a: LoadedPact = { source: 'a', consumer: 'app-a', provider: 'api', specification: '3.0.0', interactions: [info('create', 201)] };
    const b: LoadedPact = { source: 'b', consumer: 'app-b', provider: 'api', specification: '3.0.0', interactions: [info('create', 201, {})] };
    const json: VerifierJson = {
      result: false,
      interactionResults: [
        { description: 'create', result: 'OK' },
        { description: 'create', result: 'Error' },
      ],
      errors: [
        {
          interaction: 'Verifying a pact between app-b and api - create',
          mismatch: { type: 'error', message: 'State change request failed' },
        },
      ],
    };
    const checks = checksFromVerification(json, ctx([a, b]));
    expect(checks.map((c) => [c.id, c.status, c.source.ref])).toEqual([
      ['pact.create', 'pass', 'Pact contract app-a → api'],
      ['pact.app-b.create', 'fail', 'Pact contract app-b → api'],
    ]);
    const failure = checks[1]!.firstFailure!;
    expect(failure.message).toBe('State change request failed');
    // no provider request was recorded: the pact's example is the evidence, and it sends no credentials
    expect(failure.request).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:1/v1/CustomerProfiles', body: 'Email=a' });
    expect(failure.category).toBe('auth');
    expect(failure.curl).not.toContain('-u');
  });

  it('a local interaction the verifier never reached is reported as skipped, not silently dropped', () => {
    const a: LoadedPact = { source: 'a', consumer: 'c', provider: 'p', specification: '3.0.0', interactions: [info('one', 201), info('two', 400)] };
    const checks = checksFromVerification({ result: true, interactionResults: [{ description: 'one', result: 'OK' }] }, ctx([a]));
    expect(checks.map((c) => [c.id, c.status, c.level])).toEqual([
      ['pact.one', 'pass', 1],
      ['pact.two', 'skip', 2],
    ]);
  });

  it('mismatch text: status, then headers, then the body by path; ANSI colours removed', () => {
    const text = mismatchText({
      type: 'mismatches',
      mismatches: [
        { type: 'BodyMismatch', path: '$.sid', mismatch: "Expected 'XX' to match '^BU'" },
        { type: 'BodyMismatch', path: '$.code', mismatch: 'Expected 1 to be equal to 2' },
        { type: 'HeaderMismatch', key: 'Content-Type', mismatch: 'Expected x' },
        { type: 'StatusMismatch', mismatch: 'expected \u001b[31m201\u001b[0m but was \u001b[32m200\u001b[0m' },
      ],
    });
    expect(text).toBe(
      "status: expected 201 but was 200; header Content-Type: Expected x; body $.code: Expected 1 to be equal to 2; body $.sid: Expected 'XX' to match '^BU'",
    );
  });

  it('slugs are lower-case words joined by dashes', () => {
    expect(slug('a create without the required FriendlyName')).toBe('a-create-without-the-required-friendlyname');
    expect(slug('  Créer — un profil!  ')).toBe('creer-un-profil');
    expect(slug('!!!')).toBe('interaction');
  });
});
