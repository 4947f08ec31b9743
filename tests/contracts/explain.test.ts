/**
 * `explain`: every check of the catalog has an explanation whose answers are what the reference
 * mock and the named fault really send, the fault really breaks the check, and the command prints
 * it without loading the engine.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../contracts/catalog.ts';
import { EXPLANATIONS, explanationOf } from '../../contracts/explain.ts';
import { EXAMPLE_ANSWERS } from '../../contracts/explain/answers.ts';
import { CHECKS } from '../../engine/checks/index.ts';
import { FAULTS } from '../../mock/faults.ts';
import { ANSWERS_FILE, computeAnswers, renderAnswersModule } from '../../scripts/gen-explain.ts';
import { certifyMock } from '../helpers/certify.ts';
import { runCli } from '../helpers/spawn-cli.ts';

const FROZEN_CLOCK_FAULTS = new Set(['date-header-frozen', 'date-created-frozen']);
/** A date_created an update moves shows only when the update comes in a later second than the create (and the examples' times are rounded to the minute). */
const LATER_SECOND_FAULTS = new Set(['update-auto-now-date-created', 'update-answer-before-refresh', 'update-keeps-date-updated']);
/** Faults that show only when requests are in flight together: an example's requests, sent one after another, may be answered alike. */
const AT_ONCE_FAULTS = new Set(['create-pool-deadlock']);

describe('the explanations', () => {
  it('cover every check of the catalog, each with an answer to every request of its example', () => {
    expect(Object.keys(EXPLANATIONS).sort()).toEqual(CATALOG.map((c) => c.id).sort());
    for (const c of CATALOG) {
      const e = explanationOf(c.id)!;
      expect(e.rule.length, c.id).toBeGreaterThan(20);
      expect(e.quote.length, c.id).toBeGreaterThan(20);
      expect(e.mistake.length, c.id).toBeGreaterThan(20);
      expect(e.passing, `${c.id}: run npm run docs:explain`).toHaveLength(e.requests.length);
      expect(e.failing, `${c.id}: run npm run docs:explain`).toHaveLength(e.requests.length);
      // the example shows a difference: the faulty answers are not the reference's (a clock that
      // stands still shows only as time passes: its example's answers, sent within a second, may match)
      if (!FROZEN_CLOCK_FAULTS.has(e.fault) && !AT_ONCE_FAULTS.has(e.fault) && !LATER_SECOND_FAULTS.has(e.fault)) expect(e.failing, c.id).not.toEqual(e.passing);
    }
  });

  it('name a fault of the mock; one made for the check, or one the check is shown to catch', async () => {
    const borrowed: string[] = [];
    for (const c of CATALOG) {
      const fault = FAULTS.find((f) => f.name === EXPLANATIONS[c.id].fault);
      expect(fault, `${c.id}: fault ${EXPLANATIONS[c.id].fault}`).toBeDefined();
      // a fault made for this check is proven on every seed by the fault matrix (tests/engine/fault-matrix.test.ts)
      if (fault!.checkId !== c.id) borrowed.push(c.id);
    }
    // only the SHOULD checks no fault is made for borrow one
    expect(borrowed.sort()).toEqual(['create.timestamps-now', 'extra-params.ignored', 'observed.behaviour', 'repeated-param.consistent']);
    for (const id of borrowed.filter((b) => b !== 'observed.behaviour')) {
      const report = await certifyMock({ fault: EXPLANATIONS[id as keyof typeof EXPLANATIONS].fault }, { runs: 10, checks: CHECKS.filter((c) => c.id === id) });
      expect(report.checks.find((c) => c.id === id)?.status, id).toBe('fail');
    }
    // observed.behaviour compares status and code with an observations file: the example's answers differ in both
    const observed = explanationOf('observed.behaviour')!;
    expect([observed.passing[0]!.status, observed.failing[0]!.status]).toEqual([400, 201]);
  }, 120_000);

  it('show what the mock answers today (npm run docs:explain writes contracts/explain/answers.ts)', async () => {
    const answers = await computeAnswers();
    expect(answers).toEqual(EXAMPLE_ANSWERS);
    expect(readFileSync(ANSWERS_FILE, 'utf8'), 'contracts/explain/answers.ts is stale: run npm run docs:explain').toBe(renderAnswersModule(answers));
  }, 60_000);
});

/** The files a module loads, following relative static and dynamic imports. */
function loaded(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(process.cwd(), file), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) {
      visit(relative(process.cwd(), normalize(join(process.cwd(), dirname(file), m[2]!))));
    }
  };
  visit(entry);
  return seen;
}

describe('trusthub-conformance explain', () => {
  it('prints the rule, the source, a passing and a failing answer and the usual mistake', async () => {
    const r = await runCli(['explain', 'auth.challenge']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('auth.challenge: level 2 (validation), MUST');
    expect(r.stdout).toContain('RFC 9110 §11.6.1');
    expect(r.stdout).toContain('“A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field');
    expect(r.stdout).toContain('> Authorization header: Basic base64({AccountSid}:not-the-auth-token)');
    expect(r.stdout).toContain('< www-authenticate: Basic realm="Twilio API"');
    expect(r.stdout).toContain('Failing: the mock with the fault no-www-authenticate (trusthub-conformance mock --fault no-www-authenticate)');
    expect(r.stdout).toContain('< (no www-authenticate header)');
    expect(r.stdout).toContain('How implementations get it wrong');
  });

  it('explains a sequence step by step, and as JSON', async () => {
    const r = await runCli(['explain', 'delete.gone', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.id).toBe('delete.gone');
    expect(json.explanation.passing.map((a: { status: number }) => a.status)).toEqual([201, 204, 404]);
    expect(json.explanation.failing.map((a: { status: number }) => a.status)).toEqual([201, 204, 200]);
  });

  it('refuses an unknown id in one line, exit 2, with the ids it may mean', async () => {
    const r = await runCli(['explain', 'auth']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'trusthub-conformance: explain: no check "auth" in the catalog; did you mean auth.required-401, auth.code-20003, auth.challenge, auth.scheme-case-insensitive, auth.pairs-one-account?',
    ]);
  });

  it('loads no engine, mock or generator: the catalog and the explanations only', () => {
    const files = [...loaded('cli/commands/explain.ts')];
    expect(files.filter((f) => /^(engine|mock|generators|evidence|pact|shard)\//.test(f))).toEqual([]);
    expect(files).toContain('contracts/explain/answers.ts');
  });
});
