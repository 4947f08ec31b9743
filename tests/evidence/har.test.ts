import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CROSSED_AUTH, type Exchange, MIXED_ACCOUNT_AUTH, OTHER_PAIR_REFUSED_AUTH, SECOND_REFUSED_AUTH } from '../../contracts/exchange.ts';
import { basicAuth } from '../../engine/transport/credentials.ts';
import { CassetteRecorder, type HarEntry, harEntries, readCassette } from '../../evidence/har.ts';
import { otherPairCases, SEED_EXAMPLE } from '../../generators/index.ts';
import schema from '../fixtures/evidence/har-1.2.schema.json' with { type: 'json' };
import { MOCK_CREDENTIALS, RUNS, recordMock, SEED, tempDir } from '../fixtures/evidence/helpers.ts';
import { envelope, exchangeOf, followUp, resource, response, validCaseOf } from '../helpers/exchange.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const validateHar = addFormats(new Ajv({ allErrors: true })).compile(schema);

const META = {
  cassetteVersion: 1 as const,
  tool: { name: 'trusthub-conformance', version: '0.0.0-test' },
  target: 'http://127.0.0.1:4010',
  seed: 1,
  runs: 1,
  startedAt: '2026-11-27T10:00:00.000Z',
  catalogFingerprint: 'sha256:test',
};

async function allEntries(path: string): Promise<HarEntry[]> {
  const out: HarEntry[] = [];
  for await (const e of (await readCassette(path)).entries()) out.push(e);
  return out;
}

describe('run --record: a HAR 1.2 cassette of the reference mock', () => {
  const dir = tempDir();
  const path = join(dir, 'mock.har');
  const recorded = recordMock({}, path);

  it('is a HAR 1.2 document: every required field, custom fields only with a leading _', async () => {
    await recorded;
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    const ok = validateHar(doc);
    expect(ok ? [] : validateHar.errors?.slice(0, 5)).toEqual([]);
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.creator.name).toBe('trusthub-conformance');
  });

  it("holds the run's seed, runs, target, tool version and date, and one _case entry per exchange", async () => {
    const { result } = await recorded;
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    const meta = doc.log._trusthubConformance;
    expect(meta).toMatchObject({ cassetteVersion: 1, seed: SEED, runs: RUNS, embedded: true, tool: { name: 'trusthub-conformance' } });
    expect(meta.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Date.parse(meta.startedAt)).not.toBeNaN();
    expect(doc.log.comment).toContain(`seed ${SEED}, ${RUNS} runs per category`);
    const cases = doc.log.entries.filter((e: HarEntry) => e._case);
    // the two creates sent with one account's SID and the other's token and those with the second account's pair altered
    // (engine/phases/probes/second-account.ts) and the creates sent
    // with each wrong shape of the pair the run does not act with, the two creates of the probe of both pairs and the other
    // pair's refused cases (engine/phases/probes/other-pair.ts) are judged as cases
    // but are no case of the plan: no _case entry (a diff pairs those by plan index); so are the lifecycle's create sent
    // with each crossed pair of the account (engine/phases/probes/credential-routes.ts refusedCreates: the run knows both pairs)
    const otherPair = OTHER_PAIR_REFUSED_AUTH.length + 2 + otherPairCases(SEED_EXAMPLE, '', '').length;
    const handedOn = result.tally.exchanges - MIXED_ACCOUNT_AUTH.length - SECOND_REFUSED_AUTH.length - CROSSED_AUTH.length - otherPair;
    expect(cases).toHaveLength(handedOn);
    expect(doc.log._trusthubConformanceEnd).toMatchObject({ exchanges: handedOn, entries: doc.log.entries.length });
    // every plan index once
    const indices = cases.map((e: HarEntry) => e._case!.index).sort((a: number, b: number) => a - b);
    expect(indices).toEqual([...Array(result.planned).keys()]);
    const c = cases.find((e: HarEntry) => e._case!.rule === 'Email.required')._case;
    expect(Object.keys(c).sort()).toEqual(['auth', 'body', 'category', 'contentType', 'expect', 'fields', 'index', 'label', 'missing', 'rule']);
    expect(c.missing).toEqual(['Email']);
  });

  it('records the follow-ups (list reads, read-back, delete) as entries of their own', async () => {
    await recorded;
    const entries = await allEntries(path);
    const kinds = new Set(entries.flatMap((e) => (e._followUp ? [e._followUp.kind] : [])));
    expect([...kinds].sort()).toEqual([
      'deleteUnknown',
      'deleted',
      'deletedAgain',
      'listAfter',
      'listAfterUnknownDelete',
      'listBefore',
      'listed',
      'readAfterDelete',
      'readBack',
      'readMalformed',
      'unauthDelete',
      'unauthFetch',
      'unauthList',
    ]);
    // the lifecycle's requests without credentials carry no Authorization header at all
    const unauth = entries.find((e) => e._followUp?.kind === 'unauthFetch')!;
    expect(unauth.request.headers.map((h) => h.name.toLowerCase())).not.toContain('authorization');
    expect(unauth.response.status).toBe(401);
    const del = entries.find((e) => e._followUp?.kind === 'deleted')!;
    expect(del.request.method).toBe('DELETE');
    expect(del.response.status).toBe(204);
  });

  it('never holds a credential: the Authorization header is redacted', async () => {
    await recorded;
    const text = readFileSync(path, 'utf8');
    const header = basicAuth(MOCK_CREDENTIALS.username, MOCK_CREDENTIALS.password);
    expect(text).not.toContain(MOCK_CREDENTIALS.password);
    expect(text).not.toContain(header.slice('Basic '.length));
    expect(text).toContain('"name":"authorization","value":"Basic [redacted]"');
  });

  it('streams back entry by entry the same entries a whole-file parse sees', async () => {
    await recorded;
    const streamed = await allEntries(path);
    expect(streamed).toEqual(JSON.parse(readFileSync(path, 'utf8')).log.entries);
  });
});

describe('credentials in responses', () => {
  it('a response that leaks the auth token is recorded with the token redacted, and says so', async () => {
    const dir = tempDir();
    const path = join(dir, 'leak.har');
    const { line } = await recordMock({ fault: 'leak-token' }, path, { runs: 2 });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(MOCK_CREDENTIALS.password);
    const entries = await allEntries(path);
    const leaked = entries.filter((e) => e.response._redacted);
    expect(leaked.length).toBeGreaterThan(0);
    expect(leaked[0]!.response.content.text).toContain('[redacted]');
    expect(line).toMatch(/credentials redacted in \d+ responses/);
  });
});

describe('harEntries, credentials in the places a HAR repeats them', () => {
  const token = 'tok-secret-123456';
  const basic = Buffer.from(`AC0123456789abcdef0123456789abcdef:${token}`).toString('base64');

  it('redacts the Location header and so redirectURL, the status text, header names, and a follow-up URL', () => {
    const res = { ...response(302, '', { location: `https://cp.example.com/next?auth=${encodeURIComponent(basic)}&t=${token.toUpperCase()}`, [`x-${token}`]: '1' }), statusText: `Found ${basic}` };
    const readBack = followUp(200, resource());
    readBack.request.url = `http://127.0.0.1:4010/v1/CustomerProfiles/${Buffer.from(token).toString('hex')}?k=%${token}`;
    const entries = harEntries(exchangeOf(validCaseOf(), res, { readBack }), [token, basic]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(token);
    expect(text.toLowerCase()).not.toContain(token.toLowerCase());
    expect(text).not.toContain(Buffer.from(token).toString('hex'));
    expect(text).not.toContain(basic.slice(4, 30));
    const main = entries.find((e) => e._case)!;
    expect(main.response.redirectURL).toBe('https://cp.example.com/next?auth=[redacted]&t=[redacted]');
    expect(main.response.headers.find((h) => h.name === 'location')!.value).toBe(main.response.redirectURL);
    expect(main.response.statusText).toBe('Found [redacted]');
    expect(main.response._redacted).toBe(true);
    const back = entries.find((e) => e._followUp?.kind === 'readBack')!;
    // percent-encoded in the URL (a URI holds no [ or ]), decoded in queryString
    expect(back.request.url).toBe('http://127.0.0.1:4010/v1/CustomerProfiles/%5Bredacted%5D?k=%%5Bredacted%5D');
    expect(back.request.queryString).toEqual([{ name: 'k', value: '%[redacted]' }]);
  });

  it('leaves a clean answer as it came, and redirectURL empty without a Location', () => {
    const [entry] = harEntries(exchangeOf(validCaseOf(), response(201, resource())), [token, basic]);
    expect(entry!.response.redirectURL).toBe('');
    expect(entry!.response._redacted).toBeUndefined();
    expect(entry!.response.content.text).toBe(JSON.stringify(resource()));
  });
});

describe('CassetteRecorder', () => {
  const leakBody = resource({ debug: 'tok-secret-123456' });

  it('writes to <file>.partial while recording and streams as it goes (memory stays flat); the file appears only when closed', () => {
    const path = join(tempDir(), 'stream.har');
    const rec = CassetteRecorder.open(path, META, ['tok-secret-123456']);
    const ex = exchangeOf(validCaseOf(), response(201, leakBody));
    for (let i = 0; i < 500; i++) rec.add({ ...ex, index: i });
    expect(existsSync(path)).toBe(false);
    // 500 entries of ~1.5 KB each are far beyond the 64 KiB buffer: most are on disk already
    expect(statSync(`${path}.partial`).size).toBeGreaterThan(200_000);
    const end = rec.close({ finishedAt: new Date('2026-11-27T10:00:05Z') });
    expect(end).toMatchObject({ exchanges: 500, entries: 500, redactedResponses: 500 });
    expect(existsSync(`${path}.partial`)).toBe(false);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.log.entries).toHaveLength(500);
    expect(readFileSync(path, 'utf8')).not.toContain('tok-secret-123456');
  });

  it('keeps one entry a line when a value holds U+2028 or U+2029 (readline ends a line at them), and reads it back exactly', async () => {
    const path = join(tempDir(), 'separators.har');
    const rec = CassetteRecorder.open(path, META, []);
    rec.add(exchangeOf(validCaseOf(), response(201, resource({ friendly_name: 'Line\u2028Paragraph\u2029' }))));
    rec.close({ finishedAt: new Date('2026-11-27T10:00:05Z') });
    expect(readFileSync(path, 'utf8')).not.toMatch(/[\u2028\u2029]/);
    const [entry] = await allEntries(path);
    expect(JSON.parse(entry!.response.content.text!).friendly_name).toBe('Line\u2028Paragraph\u2029');
  });

  it('abort removes the partial file and leaves nothing under the name', () => {
    const path = join(tempDir(), 'aborted.har');
    const rec = CassetteRecorder.open(path, META, []);
    rec.add(exchangeOf(validCaseOf(), response(201, resource())));
    rec.abort();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('a folder it cannot create is one clear error', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => CassetteRecorder.open(join(file, 'sub', 'x.har'), META, [])).toThrow(/^--record .*: cannot write it \(a part of its path is not a folder, ENOTDIR\)/);
  });

  it('records a transport error as status 0 with _error, as browsers do', () => {
    const [entry] = harEntries(exchangeOf(validCaseOf()), []);
    expect(entry!.response.status).toBe(0);
    expect(entry!.response._error).toEqual({ code: 'ECONNRESET', message: 'connection reset' });
    expect(validateHar({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } })).toBe(true);
  });

  it('puts list reads before the create and the other follow-ups after it', () => {
    const ex: Exchange = exchangeOf(validCaseOf({ expect: 'reject' }), response(400, envelope(400, 20001)), {
      index: 7,
      listBefore: followUp(200, { results: [] }),
      listAfter: followUp(200, { results: [] }),
    });
    const entries = harEntries(ex, []);
    expect(entries.map((e) => e._followUp?.kind ?? 'create')).toEqual(['listBefore', 'create', 'listAfter']);
    expect(entries.every((e) => (e._case ?? e._followUp)!.index === 7)).toBe(true);
    expect(entries[1]!.request.postData).toEqual({ mimeType: 'application/x-www-form-urlencoded', text: ex.case.body });
    expect(entries[0]!.request.postData).toBeUndefined();
  });
});

describe('readCassette', () => {
  it('reads a HAR another tool re-saved (pretty-printed, one document) the same way', async () => {
    const dir = tempDir();
    const path = join(dir, 'one.har');
    const rec = CassetteRecorder.open(path, META, []);
    for (let i = 0; i < 3; i++) rec.add({ ...exchangeOf(validCaseOf(), response(201, resource())), index: i });
    rec.close({ finishedAt: new Date() });
    const pretty = join(dir, 'pretty.har');
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    const a = await readCassette(path);
    const b = await readCassette(pretty);
    expect(b.meta).toEqual(a.meta);
    expect(b.end).toEqual(a.end);
    expect(await allEntries(pretty)).toEqual(await allEntries(path));
  });

  it('refuses a cut-short cassette, a non-HAR and a missing file in one line each', async () => {
    const dir = tempDir();
    const path = join(dir, 'cut.har');
    const rec = CassetteRecorder.open(path, META, []);
    rec.add(exchangeOf(validCaseOf(), response(201, resource())));
    rec.close({ finishedAt: new Date() });
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.lastIndexOf('\n]')));
    await expect(readCassette(path)).rejects.toThrow(/ends early/);
    writeFileSync(join(dir, 'x.har'), '{"not":"a har"}');
    await expect(readCassette(join(dir, 'x.har'))).rejects.toThrow(/^--cassette x\.har: not a HAR file \(no log\.entries\)$/);
    await expect(readCassette(join(dir, 'missing.har'))).rejects.toThrow(/no such file$/);
  });
});
