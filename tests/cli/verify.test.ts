/**
 * The in-toto statement written beside report.json, and `verify`: one outcome, one line, one exit
 * code. A report folder as the run writes it verifies; an edited file differs from the statement;
 * a report edited and given a fresh statement still fails, because its verdict, levels, counts and
 * plan fingerprint are recomputed, not trusted.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_EXIT } from '../../cli/errors.ts';
import { verifyReport } from '../../cli/verify.ts';
import { planFingerprint, type Report } from '../../contracts/report.ts';
import { ALL_FORMATS, FILE_NAMES, writeReportFiles } from '../../reports/index.ts';
import { buildStatement, PREDICATE_TYPE, renderStatement, STATEMENT_TYPE, type Statement } from '../../reports/statement.ts';
import { certifyMock } from '../helpers/certify.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let base: string;
let original: string;
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'thc-verify-'));
  original = join(base, 'original');
  const report = await certifyMock({ fault: 'wrong-url' }, { runs: 3, seed: 7 }, 2);
  // the plan inputs and fingerprint as a run records them (certifyMock passes none)
  report.certificate.plan = { shrink: true };
  report.certificate.planFingerprint = planFingerprint({ seed: 7, runs: 3, shrink: true, catalogFingerprint: report.certificate.catalogFingerprint, toolVersion: report.tool.version });
  mkdirSync(original);
  const { failed } = writeReportFiles(report, original);
  expect(failed).toEqual([]);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
/** A copy of the original folder, changed by `edit`. */
function folder(edit: (dir: string) => void = () => undefined): string {
  const dir = join(base, `copy-${n++}`);
  cpSync(original, dir, { recursive: true });
  edit(dir);
  return dir;
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Edit report.json, then write a fresh statement over the edited files, as a forger would. */
function forge(change: (r: Report) => void) {
  return (dir: string) => {
    const path = join(dir, 'report.json');
    const report = readJson<Report>(path);
    change(report);
    const text = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(path, text);
    const statement = readJson<Statement>(join(dir, 'statement.intoto.json'));
    const files = statement.subject.map((s) => ({ name: s.name, text: readFileSync(join(dir, s.name), 'utf8') }));
    writeFileSync(join(dir, 'statement.intoto.json'), renderStatement(buildStatement(files, report)));
  };
}

describe('the statement beside report.json', () => {
  it('is an in-toto Statement v1 over every report file written, with its sha256', () => {
    const statement = readJson<Statement>(join(original, 'statement.intoto.json'));
    expect(statement._type).toBe(STATEMENT_TYPE);
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe(PREDICATE_TYPE);
    // every format written, report.json first
    expect(statement.subject.map((s) => s.name)).toEqual(ALL_FORMATS.map((f) => FILE_NAMES[f]));
    expect(statement.subject[0]!.name).toBe('report.json');
    for (const s of statement.subject) {
      expect(s.digest.sha256).toBe(createHash('sha256').update(readFileSync(join(original, s.name))).digest('hex'));
    }
    const report = readJson<Report>(join(original, 'report.json'));
    expect(statement.predicate.certificate).toEqual(report.certificate);
    expect(statement.predicate.verdict).toEqual(report.verdict);
  });
});

describe('verify', () => {
  it('a folder as written verifies: exit 0, one line naming what matched', async () => {
    const out = await verifyReport(folder());
    expect(out.code).toBe(VERIFY_EXIT.verified);
    expect(out.line).toBe(`verified: ${ALL_FORMATS.map((f) => FILE_NAMES[f]).join(', ')} match statement.intoto.json; level 2 of 3, conformant at level 2 (seed 7, 3 runs, plan ${readJson<Report>(join(original, 'report.json')).certificate.planFingerprint})`);
  });

  const cases: Array<[string, (dir: string) => void, number, RegExp]> = [
    ['report.html edited', (d) => writeFileSync(join(d, 'report.html'), `${readFileSync(join(d, 'report.html'), 'utf8')}<!-- -->`), VERIFY_EXIT.differs, /report\.html differs from the statement: sha256/],
    ['badge.svg removed', (d) => rmSync(join(d, 'badge.svg')), VERIFY_EXIT.differs, /badge\.svg: no such file \(the statement attests it\)/],
    ['report.json edited, the statement kept', (d) => writeFileSync(join(d, 'report.json'), readFileSync(join(d, 'report.json'), 'utf8').replace('"seed": 7', '"seed": 8')), VERIFY_EXIT.differs, /report\.json differs from the statement/],
    [
      "the statement's certificate edited",
      (d) => {
        const s = readJson<Statement>(join(d, 'statement.intoto.json'));
        s.predicate.certificate.levelAchieved = 3;
        writeFileSync(join(d, 'statement.intoto.json'), JSON.stringify(s));
      },
      VERIFY_EXIT.differs,
      /attests another certificate than/,
    ],
    ['a verdict that its checks do not make', forge((r) => {
        r.verdict.levelAchieved = 3;
        r.certificate.levelAchieved = 3;
      }), VERIFY_EXIT.contradicts, /says verdict\.levelAchieved is 3; its checks make it 2/],
    ['a failing check made to pass', forge((r) => Object.assign(r.checks.find((c) => c.status === 'fail')!, { status: 'pass' })), VERIFY_EXIT.contradicts, /says resource\.url is pass with \d+ passed, \d+ failed/],
    ['a MUST check turned into a SHOULD', forge((r) => Object.assign(r.checks.find((c) => c.id === 'resource.url')!, { severity: 'SHOULD' })), VERIFY_EXIT.contradicts, /says resource\.url is level 3 SHOULD; the catalog that judged it says level 3 MUST/],
    ['another seed under the same plan fingerprint', forge((r) => {
        r.seed = 8;
        r.certificate.seed = 8;
      }), VERIFY_EXIT.contradicts, /has plan fingerprint sha256:\w+; its seed, runs, plan, catalog and tool version make sha256:/],
    ['a count that is a script', forge((r) => Object.assign(r.exchanges, { transportErrors: '<script>alert(1)</script>' })), VERIFY_EXIT.contradicts, /\/exchanges\/transportErrors must be integer/],
    ['a negative count', forge((r) => Object.assign(r.checks[0]!, { skipped: -1 })), VERIFY_EXIT.contradicts, /\/checks\/0\/skipped must be >= 0/],
    ['another catalog', forge((r) => Object.assign(r.certificate, { catalogFingerprint: 'sha256:older' })), VERIFY_EXIT.otherVersion, /was judged by catalog sha256:older .* use the version that wrote it/],
    ['no statement', (d) => rmSync(join(d, 'statement.intoto.json')), VERIFY_EXIT.unreadable, /statement .*statement\.intoto\.json: no such file/],
    ['a statement that is not one', (d) => writeFileSync(join(d, 'statement.intoto.json'), '{"_type":"x"}'), VERIFY_EXIT.unreadable, /is not an in-toto Statement v1/],
  ];
  it.each(cases)('%s: one line, its exit code', async (_name, edit, code, pattern) => {
    const out = await verifyReport(folder(edit));
    expect(out.line).toMatch(/^trusthub-conformance: verify: /);
    expect(out.line).not.toContain('\n');
    expect(out.line).toMatch(pattern);
    expect(out.code).toBe(code);
  });

  it('the command: exit codes as the process ends with them', async () => {
    const ok = await runCli(['verify', join(folder(), 'report.json')]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toMatch(/^verified: /);
    const bad = await runCli(['verify', folder((d) => writeFileSync(join(d, 'junit.xml'), 'x'))]);
    expect(bad.code).toBe(4);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stdout).toBe('');
  });
});
