/**
 * What `verify` does: read report.json and the statement beside it, check each subject's sha256,
 * the statement's certificate against report.json's, then recompute the report itself
 * (contracts/report-check.ts). The first problem found is the outcome.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { reportProblem } from '../contracts/report-check.ts';
import type { Report } from '../contracts/report.ts';
import { predicateOf, parseStatement, sha256, STATEMENT_FILE } from '../reports/statement.ts';
import { VERIFY_EXIT } from './errors.ts';
import { inert } from './output.ts';

export interface VerifyOutcome {
  code: number;
  line: string;
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));

class Outcome extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

async function read(path: string, what: string): Promise<Buffer> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Outcome(VERIFY_EXIT.unreadable, `${what} ${path} is not a regular file`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof Outcome) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new Outcome(VERIFY_EXIT.unreadable, `${what} ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (err as Error).message})`}`);
  }
}

function parse(bytes: Buffer, path: string, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new Outcome(VERIFY_EXIT.unreadable, `${what} ${path} is not JSON (${(err as Error).message})`);
  }
}

/** `given` is a report folder or a report.json; `statementPath` defaults to the statement beside it. */
export async function verifyReport(given: string, statementPath?: string): Promise<VerifyOutcome> {
  try {
    const isDir = await stat(given).then((s) => s.isDirectory(), () => false);
    const reportPath = isDir ? join(given, 'report.json') : given;
    const folder = dirname(reportPath);
    const statementFile = statementPath ?? join(folder, STATEMENT_FILE);
    const statement = parseStatement(parse(await read(statementFile, 'statement'), statementFile, 'statement'));
    if (typeof statement === 'string') throw new Outcome(VERIFY_EXIT.unreadable, `statement ${statementFile} ${statement}`);
    const reportBytes = await read(reportPath, 'report');
    const reportName = basename(reportPath);
    if (!statement.subject.some((s) => s.name === reportName)) {
      throw new Outcome(VERIFY_EXIT.differs, `statement ${statementFile} does not name ${reportName} among its subjects`);
    }
    // every subject: the file beside report.json, byte for byte what was attested
    for (const s of statement.subject) {
      const path = join(folder, s.name);
      const bytes = s.name === reportName ? reportBytes : await read(path, 'attested file').catch((err: Outcome) => {
        throw new Outcome(err.code === VERIFY_EXIT.unreadable ? VERIFY_EXIT.differs : err.code, `${err.message} (the statement attests it)`);
      });
      const digest = sha256(bytes);
      if (digest !== s.digest.sha256) throw new Outcome(VERIFY_EXIT.differs, `${path} differs from the statement: sha256 ${digest}, attested ${s.digest.sha256}`);
    }
    const value = parse(reportBytes, reportPath, 'report');
    const problem = reportProblem(value);
    if (problem) throw new Outcome(problem.kind === 'other-catalog' ? VERIFY_EXIT.otherVersion : VERIFY_EXIT.contradicts, `${reportPath} ${inert(problem.message)}`);
    const report = value as Report;
    if (canonical(predicateOf(report)) !== canonical(statement.predicate)) {
      throw new Outcome(VERIFY_EXIT.differs, `statement ${statementFile} attests another certificate than ${reportPath} holds`);
    }
    const v = report.verdict;
    const verdict = report.incomplete ? `incomplete, no level claimed` : `level ${v.levelAchieved} of 3, ${v.conformant ? 'conformant' : 'not conformant'} at level ${v.requiredLevel}`;
    return {
      code: VERIFY_EXIT.verified,
      line: `verified: ${statement.subject.map((s) => s.name).join(', ')} match ${basename(statementFile)}; ${verdict} (seed ${report.seed}, ${report.runs} runs, plan ${report.certificate.planFingerprint ?? 'not recorded'})`,
    };
  } catch (err) {
    if (err instanceof Outcome) return { code: err.code, line: `trusthub-conformance: verify: ${err.message}` };
    throw err;
  }
}
