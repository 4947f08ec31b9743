import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../contracts/catalog.ts';
import { fixedCases, invalidCase } from '../../generators/index.ts';
import fc from 'fast-check';
import { CHECKS } from '../../engine/checks/index.ts';
import { CassetteRecorder, readCassette } from '../../evidence/har.ts';
import {
  citeObservations,
  deriveObservations,
  type LoadedObservations,
  OBSERVED_CHECK_ID,
  observedBehaviour,
  parseObservations,
  requestClassOf,
  withObservations,
} from '../../evidence/observations.ts';
import { buildReport } from '../../engine/judge/report.ts';
import { runSuite } from '../../engine/run/run.ts';
import type { Report } from '../../contracts/report.ts';
import { recordMock, runOptions, tempDir, withMock } from '../fixtures/evidence/helpers.ts';
import { context, envelope, exchangeOf, resource, response, validCaseOf } from '../helpers/exchange.ts';

async function certifyWith(fault: Parameters<typeof withMock>[0]['fault'], obs: LoadedObservations | undefined): Promise<Report> {
  return withMock({ fault }, async (mock) => {
    const opts = runOptions(mock, { checks: withObservations(CHECKS, obs) });
    const report = buildReport(await runSuite(opts), {
      targetUrl: mock.url,
      embedded: true,
      seed: opts.seed,
      runs: opts.runs,
      requiredLevel: 3,
      concurrency: opts.concurrency,
      timeoutMs: opts.timeoutMs,
      rerun: 'test',
    });
    citeObservations(report.checks, obs);
    return report;
  });
}

const observedCheck = (r: Report) => r.checks.find((c) => c.id === OBSERVED_CHECK_ID)!;

describe('observed.behaviour in the catalog', () => {
  it('is level 3, SHOULD, sourced from the suite', () => {
    expect(CATALOG.find((c) => c.id === OBSERVED_CHECK_ID)).toMatchObject({ level: 3, severity: 'SHOULD', source: { doc: 'suite' } });
  });

  it('skips, saying why, when no observations are loaded', () => {
    const check = CHECKS.find((c) => c.id === OBSERVED_CHECK_ID)!;
    expect(check.judge(exchangeOf(validCaseOf(), response(201, resource())), context())).toEqual({
      status: 'skip',
      reason: 'no observations loaded (run --observations FILE)',
    });
  });
});

describe('observations derived from a recording of the wrong-missing-code fault', () => {
  const dir = tempDir();
  const cassette = join(dir, 'wrong-missing-code.har');
  const derived = recordMock({ fault: 'wrong-missing-code' }, cassette).then(async () => deriveObservations(await readCassette(cassette)));

  it('hold one observation per request class: the status and code seen, where and when', async () => {
    const d = await derived;
    const byClass = new Map(d.file.observations.map((o) => [o.requestClass, o]));
    expect(byClass.get('missing-field/Email.required')).toMatchObject({ status: 400, code: 21000, source: 'wrong-missing-code.har' });
    expect(byClass.get('valid/create')).toMatchObject({ status: 201, code: null });
    expect(byClass.get('auth/auth.required')).toMatchObject({ status: 401, code: 20003 });
    const o = byClass.get('missing-field/Email.required')!;
    expect(o.where).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Date.parse(o.observedAt)).not.toBeNaN();
    expect(new Set(d.file.observations.map((x) => x.requestClass)).size).toBe(d.file.observations.length);
    expect(d.conflicts).toEqual([]);
    expect(d.file.observationsVersion).toBe(1);
  });

  it('make the clean mock fail observed.behaviour (a SHOULD: still conformant), citing the file and the observation', async () => {
    const d = await derived;
    const path = join(dir, 'observations.json');
    writeFileSync(path, JSON.stringify(d.file));
    const obs = parseObservations(d.file, 'observations.json');
    const report = await certifyWith(null, obs);
    const check = observedCheck(report);
    expect(check.status).toBe('fail');
    expect(check.firstFailure?.message).toMatch(/^observed 400 \/ code 21000 for missing-field\/\S+ at http:\/\/127\.0\.0\.1:\d+ on \d{4}-\d{2}-\d{2} \(observations\.json\); this target answered 400 \(code 20001/);
    expect(check.source).toEqual({ doc: 'suite', ref: expect.stringMatching(/^observations file observations\.json, observed at http:\/\/127\.0\.0\.1:\d+ on \d{4}-\d{2}-\d{2} \(from wrong-missing-code\.har\)/) });
    // the other checks are untouched: the clean mock stays conformant, with a warning
    expect(report.verdict).toMatchObject({ conformant: true, levelAchieved: 3, mustFailures: 0, shouldWarnings: 1 });
  });

  it('are met by the target they were observed at', async () => {
    const d = await derived;
    const report = await certifyWith('wrong-missing-code', parseObservations(d.file, 'observations.json'));
    expect(observedCheck(report)).toMatchObject({ status: 'pass', failed: 0 });
  });
});

describe('deriveObservations', () => {
  it('records the most common answer of a class and notes the conflict', async () => {
    const path = join(tempDir(), 'conflict.har');
    const rec = CassetteRecorder.open(path, { cassetteVersion: 1, tool: { name: 't', version: '1' }, target: 'https://staging.example.test', seed: 1, runs: 1, startedAt: '2026-11-02T09:00:00Z', catalogFingerprint: 'x' }, []);
    const missing = validCaseOf({ category: 'missing-field', rule: 'Email.required', expect: 'reject', label: 'Email missing' });
    rec.add({ ...exchangeOf(missing, response(400, envelope(400, 20001))), index: 1 });
    rec.add({ ...exchangeOf(missing, response(500, 'oops')), index: 2 });
    rec.add({ ...exchangeOf(missing, response(400, envelope(400, 20001))), index: 3 });
    rec.add({ ...exchangeOf(missing), index: 4 });
    rec.close({ finishedAt: new Date() });
    const d = await deriveObservations(await readCassette(path));
    expect(d.unanswered).toBe(1);
    expect(d.file.observations).toEqual([
      {
        requestClass: 'missing-field/Email.required',
        status: 400,
        code: 20001,
        observedAt: '2026-11-02T09:00:00Z',
        where: 'https://staging.example.test',
        source: 'conflict.har',
        seen: 3,
        answers: [
          { status: 400, code: 20001, count: 2 },
          { status: 500, code: null, count: 1 },
        ],
        note: 'conflicting answers: 2× 400 / code 20001, 1× 500 / no code; the most common is recorded',
      },
    ]);
    expect(d.conflicts).toHaveLength(1);
  });

  it('refuses a HAR without _case entries', async () => {
    const path = join(tempDir(), 'foreign.har');
    writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } }));
    await expect(deriveObservations(await readCassette(path))).rejects.toThrow(/no entry carries _case/);
  });
});

describe('the observed.behaviour judge', () => {
  const obs = parseObservations(
    {
      observationsVersion: 1,
      observations: [
        { requestClass: 'valid/create', status: 201, code: null, observedAt: '2026-11-02', where: 'https://staging.example.test' },
        { requestClass: 'policy-sid/PolicySid.pattern', status: 400, code: 60200, observedAt: '2026-11-02', where: 'https://staging.example.test' },
      ],
    },
    'obs.json',
  );
  const judge = observedBehaviour(obs);
  const policyCase = validCaseOf({ category: 'policy-sid', rule: 'PolicySid.pattern', expect: 'reject' });

  it('passes the observed answer, fails another status or code, ignores classes it has no observation of', () => {
    expect(judge(exchangeOf(validCaseOf(), response(201, resource())), context())).toEqual({ status: 'pass' });
    expect(judge(exchangeOf(policyCase, response(400, envelope(400, 60200))), context())).toEqual({ status: 'pass' });
    expect(judge(exchangeOf(policyCase, response(400, envelope(400, 21201))), context())?.status).toBe('fail');
    expect(judge(exchangeOf(validCaseOf(), response(200, resource())), context())?.status).toBe('fail');
    expect(judge(exchangeOf(validCaseOf({ category: 'auth', rule: 'auth.required' }), response(401, envelope(401, 20003))), context())).toBeNull();
  });

  it('fails a request the target did not answer', () => {
    expect(judge(exchangeOf(validCaseOf()), context())).toMatchObject({ status: 'fail', message: expect.stringContaining('did not answer') });
  });
});

describe('request classes', () => {
  it('do not depend on --policy-sid: a recording against Twilio matches a run against a mock', () => {
    const plain = fixedCases().map(requestClassOf);
    const withSid = fixedCases({ policySids: ['RN0123456789abcdef0123456789abcdef'] }).map(requestClassOf);
    expect(withSid).toEqual(plain);
  });

  it('stay few for generated cases: a rule per invalid case, not its generated values', () => {
    const classes = new Set(fc.sample(invalidCase(), { seed: 1, numRuns: 500 }).map(requestClassOf));
    expect(classes.size).toBeLessThan(40);
    for (const c of classes) expect(c).toMatch(/^(missing-field|empty-field|policy-sid|status-callback|body-encoding)\/[A-Za-z.+-]+$/);
  });
});

describe('parseObservations', () => {
  const one = (o: Record<string, unknown>) => () =>
    parseObservations({ observationsVersion: 1, observations: [{ requestClass: 'valid/create', status: 201, code: null, observedAt: '2026-11-02', where: 'x', ...o }] }, 'o.json');

  it('names the first problem in one line', () => {
    expect(() => parseObservations({ observations: [] }, 'o.json')).toThrow(/^--observations o\.json: observationsVersion must be 1/);
    expect(one({ status: 99 })).toThrow(/observations\[0\]\.status must be an HTTP status/);
    expect(one({ code: '20001' })).toThrow(/observations\[0\]\.code must be an integer or null/);
    expect(one({ observedAt: 'yesterday' })).toThrow(/observedAt must be an ISO 8601 date/);
    expect(one({ requestClass: 'nothing' })).toThrow(/requestClass must be "<category>\/<rule or label>"/);
  });

  it('refuses one class observed with two answers', () => {
    const doc = {
      observationsVersion: 1,
      observations: [
        { requestClass: 'valid/create', status: 201, code: null, observedAt: '2026-11-02', where: 'a' },
        { requestClass: 'valid/create', status: 200, code: null, observedAt: '2026-11-03', where: 'b' },
      ],
    };
    expect(() => parseObservations(doc, 'o.json')).toThrow(/valid\/create is observed twice with different answers \(201 \/ no code and 200 \/ no code\)/);
  });
});
