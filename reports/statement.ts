/**
 * An in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md)
 * beside the reports: its subjects are the report files written, each with its sha256 digest, and
 * its predicate is the certificate, the verdict and the levels as report.json holds them. The tool
 * signs nothing itself (no home-made crypto): CI signs the statement with existing tools
 * (`actions/attest` / `gh attestation`, `cosign`), and `trusthub-conformance verify` checks that
 * the files still match it and that its verdict recomputes from the checks.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../contracts/report.ts';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

/** What our predicate is: a conformance certificate, version 1 of its shape. */
export const PREDICATE_TYPE = 'https://github.com/trusthub-conformance/trusthub-conformance/blob/main/docs/attestation.md#certificate-v1';

/** The statement's file, in the report folder. */
export const STATEMENT_FILE = 'statement.intoto.json';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

/** What the tool attests of a run: the certificate, verdict and levels exactly as report.json holds them. */
export interface CertificatePredicate {
  reportSchemaVersion: number;
  certificate: Report['certificate'];
  verdict: Report['verdict'];
  levels: Array<Pick<Report['levels'][number], 'level' | 'status'>>;
  incomplete?: Report['incomplete'];
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: CertificatePredicate;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The predicate of a report as written (parse report.json's own text, so it is what the file says). */
export function predicateOf(written: Report): CertificatePredicate {
  return {
    reportSchemaVersion: written.schemaVersion,
    certificate: written.certificate,
    verdict: written.verdict,
    levels: written.levels.map((l) => ({ level: l.level, status: l.status })),
    ...(written.incomplete ? { incomplete: written.incomplete } : {}),
  };
}

/** The statement over the files written (name → text) for the report as report.json holds it. */
export function buildStatement(files: ReadonlyArray<{ name: string; text: string }>, written: Report): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: files.map((f) => ({ name: f.name, digest: { sha256: sha256(f.text) } })),
    predicateType: PREDICATE_TYPE,
    predicate: predicateOf(written),
  };
}

export function renderStatement(statement: Statement): string {
  return `${JSON.stringify(statement, null, 2)}\n`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parsed statement.intoto.json, or why it is not one of ours. */
export function parseStatement(value: unknown): Statement | string {
  if (!isObject(value) || value._type !== STATEMENT_TYPE) return `is not an in-toto Statement v1 (_type must be ${STATEMENT_TYPE})`;
  if (value.predicateType !== PREDICATE_TYPE) return `has predicateType ${JSON.stringify(value.predicateType)}, not this tool's certificate (${PREDICATE_TYPE})`;
  if (!Array.isArray(value.subject) || value.subject.length === 0) return 'names no subject';
  for (const s of value.subject) {
    if (!isObject(s) || typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name) || !isObject(s.digest) || typeof s.digest.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.digest.sha256)) {
      return 'has a subject without a file name and a sha256 digest';
    }
  }
  if (!isObject(value.predicate) || !isObject(value.predicate.certificate) || !isObject(value.predicate.verdict)) return 'has no certificate predicate';
  return value as unknown as Statement;
}
