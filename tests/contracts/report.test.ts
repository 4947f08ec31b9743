/**
 * The level rules (contracts/report.ts judgeLevels): a level is achieved only when every MUST
 * check of the catalog at it, and below it, ran and passed. A run that left catalog checks out
 * (--only, --skip, the config's skip) is partial, and says what it left out and which level the
 * checks that ran support.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../contracts/catalog.ts';
import { type JudgedCheck, judgeLevels, neededWords } from '../../contracts/report.ts';

/** The catalog checks a selection keeps, as a run reports them: all passed unless named in `fail`. */
function ran(keep: (c: (typeof CATALOG)[number]) => boolean, fail: string[] = []): JudgedCheck[] {
  return CATALOG.filter(keep).map((c) => ({ id: c.id, level: c.level, severity: c.severity, status: fail.includes(c.id) ? 'fail' : 'pass' }));
}

const ids = (keep: (c: (typeof CATALOG)[number]) => boolean) => CATALOG.filter(keep).map((c) => c.id);

describe('judgeLevels', () => {
  it('a full run that passes: level 3, not partial (no partial key to spread)', () => {
    const judged = judgeLevels(ran(() => true), 3);
    expect(judged.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
    expect(judged.levels.map((l) => l.status)).toEqual(['pass', 'pass', 'pass']);
    expect('partial' in judged).toBe(false);
    expect(judged.levels.every((l) => !('leftOut' in l))).toBe(true);
  });

  it('--only echo.fields: no level achieved, every level untested, and the one L3 check that ran supports level 3', () => {
    // before: level 3 achieved, CONFORMANT
    const judged = judgeLevels(ran((c) => c.id === 'echo.fields'), 3);
    expect(judged.verdict).toMatchObject({ conformant: false, levelAchieved: 0, mustFailures: 0 });
    expect(judged.levels.map((l) => l.status)).toEqual(['untested', 'untested', 'untested']);
    expect(judged.partial).toEqual({ leftOut: ids((c) => c.id !== 'echo.fields'), levelSupported: 3 });
    expect(judged.levels[0]!.leftOut).toEqual(ids((c) => c.level === 1));
  });

  it('--only L2: no level achieved (level 1 untested); the checks that ran support level 2', () => {
    const judged = judgeLevels(ran((c) => c.level === 2), 3);
    expect(judged.verdict).toMatchObject({ conformant: false, levelAchieved: 0 });
    expect(judged.levels.map((l) => l.status)).toEqual(['untested', 'pass', 'untested']);
    expect(judged.partial).toMatchObject({ levelSupported: 2, leftOut: ids((c) => c.level !== 2) });
  });

  it('--only 1: level 1 achieved, levels 2 and 3 untested; conformant only where level 1 is what is required', () => {
    const judged = judgeLevels(ran((c) => c.level === 1), 3);
    expect(judged.verdict).toMatchObject({ conformant: false, levelAchieved: 1 });
    expect(judged.levels.map((l) => l.status)).toEqual(['pass', 'untested', 'untested']);
    expect(judged.partial!.levelSupported).toBe(1);
    expect(judgeLevels(ran((c) => c.level === 1), 1).verdict).toMatchObject({ conformant: true, levelAchieved: 1 });
  });

  it('--skip of one L2 MUST check: level 1 achieved; the checks that ran still support level 3', () => {
    const judged = judgeLevels(ran((c) => c.id !== 'auth.required-401'), 3);
    expect(judged.verdict.levelAchieved).toBe(1);
    expect(judged.levels.map((l) => l.status)).toEqual(['pass', 'untested', 'pass']);
    expect(judged.partial).toEqual({ leftOut: ['auth.required-401'], levelSupported: 3 });
  });

  it('leaving out only a SHOULD check: every level tested, still partial and said so', () => {
    const judged = judgeLevels(ran((c) => c.id !== 'observed.behaviour'), 3);
    expect(judged.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
    expect(judged.levels.map((l) => l.status)).toEqual(['pass', 'pass', 'pass']);
    expect(judged.levels[2]!.leftOut).toEqual(['observed.behaviour']);
    expect(judged.partial).toEqual({ leftOut: ['observed.behaviour'], levelSupported: 3 });
  });

  it('a failure beats untested: the level fails, and the checks that ran support only the levels below it', () => {
    const judged = judgeLevels(ran((c) => c.level >= 2, ['reject.invalid-4xx']), 3);
    expect(judged.levels.map((l) => l.status)).toEqual(['untested', 'fail', 'pass']);
    expect(judged.verdict).toMatchObject({ levelAchieved: 0, mustFailures: 1 });
    expect(judged.partial!.levelSupported).toBe(0);
  });

  it('checks outside the catalog (pact.*) count when they fail but never make a run partial', () => {
    const pact: JudgedCheck = { id: 'pact.a-valid-create', level: 1, severity: 'MUST', status: 'pass' };
    const full = judgeLevels([...ran(() => true), pact], 3);
    expect('partial' in full).toBe(false);
    expect(full.verdict.levelAchieved).toBe(3);
    const failing = judgeLevels([...ran(() => true), { ...pact, status: 'fail' }], 3);
    expect(failing.verdict).toMatchObject({ levelAchieved: 0, mustFailures: 1 });
    expect('partial' in failing).toBe(false);
    // pact checks alone: every catalog check left out
    expect(judgeLevels([pact], 3).partial).toEqual({ leftOut: CATALOG.map((c) => c.id), levelSupported: 0 });
  });
});

/** The full catalog as a run reports it, with the named checks skipped for lack of an input. */
function lacking(needs: Record<string, 'second-account' | 'other-pair'>): JudgedCheck[] {
  return ran(() => true).map((c) => (needs[c.id] ? { ...c, status: 'skip' as const, needs: neededWords(needs[c.id]!) } : c));
}

describe('judgeLevels: a MUST check that could not judge for lack of an input', () => {
  it('leaves its level untested: a run with one Auth Token reaches level 2, and level 3 names the checks and what they need', () => {
    // before: "conformant at level 3" while account isolation and API-key authentication were never tried
    const judged = judgeLevels(lacking({ 'lookup.other-account-404': 'second-account', 'auth.pairs-one-account': 'other-pair' }), 3);
    expect(judged.verdict).toMatchObject({ conformant: false, levelAchieved: 2, mustFailures: 0 });
    expect(judged.levels.map((l) => l.status)).toEqual(['pass', 'pass', 'untested']);
    expect(judged.levels[2]!.needs).toEqual([
      { check: 'lookup.other-account-404', needs: 'a second account (--second-account-sid, --second-auth-token)' },
      { check: 'auth.pairs-one-account', needs: 'an API key beside the Auth Token (--api-key, --api-secret with --auth-token)' },
    ]);
    // no check was left out: the run is not partial
    expect('partial' in judged).toBe(false);
    // required level 2: conformant at 2, level 3 still says what it needs
    expect(judgeLevels(lacking({ 'lookup.other-account-404': 'second-account' }), 2).verdict).toMatchObject({ conformant: true, levelAchieved: 2 });
  });

  it('one lacking input is enough; a skip without `needs` (nothing applied) still counts as run', () => {
    expect(judgeLevels(lacking({ 'auth.pairs-one-account': 'other-pair' }), 3).verdict.levelAchieved).toBe(2);
    const nothingApplied = ran(() => true).map((c) => (c.id === 'auth.pairs-one-account' ? { ...c, status: 'skip' as const } : c));
    expect(judgeLevels(nothingApplied, 3).verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
  });

  it('a SHOULD check skipped for lack of an input changes nothing', () => {
    const should = CATALOG.find((c) => c.level === 3 && c.severity === 'SHOULD')!;
    const judged = judgeLevels(lacking({ [should.id]: 'second-account' }), 3);
    expect(judged.verdict).toMatchObject({ conformant: true, levelAchieved: 3 });
    expect(judged.levels[2]).toEqual({ level: 3, status: 'pass', mustFailed: 0, shouldFailed: 0 });
  });

  it('a failure at the level still fails it (the level names what it could not judge too)', () => {
    const checks = lacking({ 'lookup.other-account-404': 'second-account' }).map((c) => (c.id === 'echo.fields' ? { ...c, status: 'fail' as const } : c));
    const judged = judgeLevels(checks, 3);
    expect(judged.levels[2]).toMatchObject({ status: 'fail', mustFailed: 1, needs: [{ check: 'lookup.other-account-404' }] });
    expect(judged.verdict.levelAchieved).toBe(2);
  });

  it('the words name the library\'s and the vitest adapter\'s keys where the entry takes keys', () => {
    expect(neededWords('second-account', 'keys')).toEqual({ input: 'second-account', words: 'a second account (secondCredentials)' });
    expect(neededWords('other-pair', 'keys').words).toBe('an API key beside the Auth Token (credentials.apiKey, credentials.apiSecret with credentials.authToken)');
  });
});
