/**
 * Failure classes: each check's failures counted per class (the kind of case and the rule broken),
 * each class keeping its lowest-index failure, the same whatever the completion order, the first
 * CLASS_EXAMPLES classes with an example, shards merged into exactly the whole run's classes.
 */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../contracts/check.ts';
import type { Exchange, TestCase } from '../../../contracts/exchange.ts';
import { CLASS_EXAMPLES } from '../../../contracts/report.ts';
import { CHECKS } from '../../../engine/checks/index.ts';
import { classOf, shapeOf } from '../../../engine/judge/classes.ts';
import { MAX_CLASSES, Tally } from '../../../engine/judge/tally.ts';
import type { Origin } from '../../../engine/plan/plan.ts';
import { exchangeOf, replyTo, response, resource, TOKEN, validCaseOf } from '../../helpers/exchange.ts';

const tally = () => new Tally(CHECKS, { secrets: [TOKEN], apiKey: false });
const fail = (message: string, part?: string): Outcome => ({ status: 'fail', message, ...(part ? { part } : {}) });
const drawn: Origin = { stream: 'valid', seed: 1, run: 0, numRuns: 1 };
const at = (index: number, tc: TestCase): Exchange => ({ ...exchangeOf(tc, response(201, resource())), index });
const coverageRow = (label: string): TestCase => validCaseOf({ category: 'coverage', label, rule: 'echo.exact' });

describe('the class of a failure', () => {
  it('is the kind of case (category, the rule a case tests, a credential shape) and the rule broken (part, message shape)', () => {
    expect(classOf(at(1, validCaseOf()), 'x')).toEqual({ kind: 'valid', shape: 'x' });
    expect(classOf(at(1, validCaseOf({ category: 'policy-sid', rule: 'PolicySid.pattern', expect: 'reject' })), 'x').kind).toBe('policy-sid · PolicySid.pattern');
    expect(classOf(at(1, validCaseOf({ category: 'auth', rule: 'auth.bearer-basic', auth: 'bearer-basic' })), 'x').kind).toBe('auth · auth.bearer-basic · credentials bearer-basic');
    expect(classOf(at(1, validCaseOf()), 'x', 'email', 'read back')).toMatchObject({ part: 'read back: email' });
    const fetch = replyTo('GET', '/v1/CustomerProfiles/BU0123456789abcdef0123456789abcdef', response(401, {}), { auth: 'none', purpose: 'fetch of the profile with no credentials' });
    expect(classOf(fetch, 'x').kind).toBe('fetch 401 · fetch of the profile with no credentials');
  });

  it('names the field a check of several fields found wrong (echo.fields, repeated-param.consistent): one class per field', () => {
    const judge = (id: string, tc: TestCase, res: ReturnType<typeof resource>) => CHECKS.find((c) => c.id === id)!.judge(exchangeOf(tc, response(201, res)), {} as never);
    const repeated = validCaseOf({ category: 'repeated-param', body: 'Email=a@x.test&Email=b@x.test&FriendlyName=Acme&PolicySid=RN0123456789abcdef0123456789abcdef' });
    expect(judge('repeated-param.consistent', repeated, resource({ email: 'c@x.test' }))).toMatchObject({ status: 'fail', part: 'email' });
    expect(judge('echo.fields', validCaseOf(), resource({ friendly_name: 'other' }))).toMatchObject({ status: 'fail', part: 'friendly_name' });
  });

  it("takes out what varies from answer to answer: quoted values (also cut short), sids, plan indices, timestamps, the case's own words", () => {
    expect(shapeOf('friendly_name is "Acme", the request sent FriendlyName=" Acme"')).toBe('friendly_name is "…", the request sent FriendlyName="…"');
    expect(shapeOf('friendly_name is "Acme Acme Acme…, the request sent FriendlyName="x"')).toBe('friendly_name is "…", the request sent FriendlyName="…"');
    expect(shapeOf('sid BU0123456789abcdef0123456789abcdef was already returned by exchange #17')).toBe('sid <sid> was already returned by exchange #…');
    expect(shapeOf('date_created is 312 s from the Date header, got 500')).toBe('date_created is 312 s from the Date header, got 500');
    expect(shapeOf('drift of 1733461200 ms, 0.25 s')).toBe('drift of N ms, N s');
    const tc = validCaseOf({ label: 'valid request: FriendlyName of 7 chars' });
    expect(classOf(at(1, tc), `answered 500 to a valid request (${tc.label})`).shape).toBe('answered 500 to a valid request (<case>)');
  });
});

describe('Tally classes', () => {
  it('counts each failure in its class, keeps the lowest-index failure as the example and lists the cases sent once', () => {
    const t = tally();
    t.record('echo.fields', fail('friendly_name is "a", the request sent FriendlyName=" a"', 'friendly_name'), at(9, coverageRow('leading space')));
    t.record('echo.fields', fail('friendly_name is "b", the request sent FriendlyName=" b"', 'friendly_name'), at(4, coverageRow('leading tab')));
    t.record('echo.fields', fail('email is "a@b.c", the request sent Email="A@b.c"', 'email'), at(6, coverageRow('upper-case email')));
    t.record('echo.fields', fail('email is "x@y.z", the request sent Email="X@y.z"', 'email'), at(50, validCaseOf()), false, drawn);
    t.record('echo.fields', fail('email is "q@y.z", the request sent Email="Q@y.z"', 'email'), at(51, validCaseOf()), false, drawn);
    const classes = t.failureClasses('echo.fields');
    expect(classes.map((c) => [c.kind, c.part, c.failed, c.index, c.example?.index])).toEqual([
      ['coverage · echo.exact', 'friendly_name', 2, 4, 4],
      ['coverage · echo.exact', 'email', 1, 6, 6],
      ['valid', 'email', 2, 50, 50],
    ]);
    expect(classes[0]!.cases).toEqual([
      { index: 4, label: 'leading tab' },
      { index: 9, label: 'leading space' },
    ]);
    // a case a property stream drew is not listed: its class is its category
    expect(classes[2]!.cases).toBeUndefined();
    expect(t.byCheck.get('echo.fields')!.classes.get([...t.byCheck.get('echo.fields')!.classes.keys()][2]!)!.origin).toEqual(drawn);
    expect(t.firstFailure('echo.fields')!.index).toBe(4);
  });

  it(`keeps an example for the first ${CLASS_EXAMPLES} classes by plan index, whatever the order failures come in, and counts the rest`, () => {
    const n = CLASS_EXAMPLES + 7;
    const failures = Array.from({ length: n }, (_, i) => [i, coverageRow(`row ${i}`)] as const);
    const forward = tally();
    const backward = tally();
    // each row fails twice, on its own message: a class per row
    for (const [i, tc] of failures) for (const k of [0, 1]) forward.record('create.status-201', fail(`got ${400 + (i % 100)}`), at(i * 2 + k, tc));
    for (const [i, tc] of [...failures].reverse()) for (const k of [1, 0]) backward.record('create.status-201', fail(`got ${400 + (i % 100)}`), at(i * 2 + k, tc));
    const classes = forward.failureClasses('create.status-201');
    expect(backward.failureClasses('create.status-201')).toEqual(classes);
    expect(classes).toHaveLength(n);
    expect(classes.filter((c) => c.example).map((c) => c.index)).toEqual(Array.from({ length: CLASS_EXAMPLES }, (_, i) => i * 2));
    expect(classes.every((c) => c.failed === 2)).toBe(true);
    expect(forward.byCheck.get('create.status-201')!.examples).toBe(CLASS_EXAMPLES);
  });

  it(`counts failures past ${MAX_CLASSES} classes as unclassed`, () => {
    const t = tally();
    for (let i = 0; i < MAX_CLASSES + 3; i++) t.record('create.status-201', fail('got 500'), at(i, coverageRow(`row ${i}`)), false, undefined);
    // every row is the same kind here (coverage · echo.exact): one class
    expect(t.failureClasses('create.status-201')).toHaveLength(1);
    const u = tally();
    for (let i = 0; i < MAX_CLASSES + 3; i++) u.record('create.status-201', fail('got 500'), at(i, validCaseOf({ category: 'coverage', rule: `rule.${i}` })));
    expect(u.failureClasses('create.status-201')).toHaveLength(MAX_CLASSES);
    expect(u.byCheck.get('create.status-201')).toMatchObject({ failed: MAX_CLASSES + 3, unclassed: 3 });
  });

  it("merges another tally's classes into exactly the classes of all the failures recorded in one", () => {
    const rows = Array.from({ length: CLASS_EXAMPLES + 5 }, (_, i) => [i, validCaseOf({ category: 'coverage', label: `row ${i}`, rule: `r${i % 60}` })] as const);
    const whole = tally();
    const parts = [tally(), tally(), tally()];
    for (const [i, tc] of rows) {
      for (const k of [0, 1]) {
        const outcome = fail(`got ${k ? 500 : 502}`);
        whole.record('create.status-201', outcome, at(i * 2 + k, tc));
        parts[(i * 2 + k) % 3]!.record('create.status-201', outcome, at(i * 2 + k, tc));
      }
    }
    const merged = tally();
    for (const p of [parts[2]!, parts[0]!, parts[1]!]) for (const fc of p.failureClasses('create.status-201')) merged.mergeClass('create.status-201', fc);
    expect(merged.failureClasses('create.status-201')).toEqual(whole.failureClasses('create.status-201'));
  });

  it('says beside the message when the answer shown was cut at the response size cap', () => {
    const res = { ...response(200, 'x'.repeat(100)), truncated: true, cutAt: 1024 };
    const c = tally().counterexample('the list body is not JSON', exchangeOf(validCaseOf(), res), false);
    expect(c.message).toBe('the list body is not JSON (the answer was cut at 1024 bytes: --max-response-bytes)');
    expect(tally().counterexample('the list answer was cut at 1024 bytes (--max-response-bytes)', exchangeOf(validCaseOf(), res), false).message).not.toContain('(the answer');
  });
});
