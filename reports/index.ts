import { ToolError } from '../contracts/errors.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OutputRefusedError, WriteError, writeOutput } from './files.ts';
import { buildStatement, renderStatement, STATEMENT_FILE } from './statement.ts';
import { renderBadge } from './badge.ts';
import { renderCodeQuality } from './ci.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { Report } from '../contracts/report.ts';

/**
 * The report writers. One table maps a format name to a pure `(report) => string` writer
 * (`--report json,junit` is one lookup, as in vitest's ReportersMap); `writeReports` puts the
 * chosen ones on disk. Writers read only the report model (reports/model.ts).
 */
export const FORMATS = {
  json: renderJson,
  junit: renderJunit,
  md: renderMarkdown,
  html: renderHtml,
  badge: renderBadge,
  codequality: renderCodeQuality,
} as const satisfies Record<string, (report: Report) => string>;

export type ReportFormat = keyof typeof FORMATS;

export const ALL_FORMATS: readonly ReportFormat[] = Object.keys(FORMATS) as ReportFormat[];

/** The file each format is written to, inside the report directory. */
export const FILE_NAMES: Record<ReportFormat, string> = {
  json: 'report.json',
  junit: 'junit.xml',
  md: 'report.md',
  html: 'report.html',
  badge: 'badge.svg',
  codequality: 'gl-code-quality-report.json',
};

/** Every file the tool may write into a report folder (the formats, and the statement beside them). */
export const REPORT_DIR_FILES: readonly string[] = [...Object.values(FILE_NAMES), STATEMENT_FILE];

/** A format name that is not in FORMATS. */
export class UnknownReportFormatError extends ToolError {
  readonly format: string;
  constructor(format: string) {
    const what = format === '' ? 'no report format given' : `unknown report format "${format}"`;
    super('CT_ERR_UNKNOWN_REPORT_FORMAT', `${what}: choose from ${ALL_FORMATS.join(', ')} (comma-separated)`);
    this.name = 'UnknownReportFormatError';
    this.format = format;
  }
}

function isFormat(name: string): name is ReportFormat {
  return Object.hasOwn(FORMATS, name);
}

/**
 * "json, md,html" → ['json', 'md', 'html']: trimmed, lower-cased, duplicates dropped, order kept.
 * Throws UnknownReportFormatError for a name not in FORMATS, and for an empty list.
 */
export function parseFormats(csv: string): ReportFormat[] {
  const names = csv
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UnknownReportFormatError('');
  const out: ReportFormat[] = [];
  for (const name of names) {
    if (!isFormat(name)) throw new UnknownReportFormatError(name);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export interface WrittenReport {
  format: ReportFormat;
  path: string;
  /** size of the file in bytes (UTF-8) */
  bytes: number;
}

/** What writing the reports came to: the files written, and each one that could not be (the tool's own failure). */
export interface ReportFiles {
  written: WrittenReport[];
  failed: Array<WriteError | OutputRefusedError>;
  /** the in-toto statement written beside report.json (statement.intoto.json), when it was */
  statement?: string;
}

/**
 * Render each format and write it into `dir` (which must exist), every file through the one
 * writing function (reports/files.ts): regular files only, each complete or not there. A file
 * that cannot be written does not stop the others; its WriteError is returned.
 */
export function writeReportFiles(report: Report, dir: string, formats: readonly ReportFormat[] = ALL_FORMATS): ReportFiles {
  const out: ReportFiles = { written: [], failed: [] };
  const texts: Array<{ name: string; text: string }> = [];
  let json: string | undefined;
  const write = (name: string, text: string): boolean => {
    try {
      writeOutput({ path: join(dir, name), what: 'report', mode: 'replace' }, text);
      return true;
    } catch (err) {
      // a file that became a symlink or device during the run is refused, like a failed write: the others are still written
      if (!(err instanceof WriteError || err instanceof OutputRefusedError)) throw err;
      out.failed.push(err);
      return false;
    }
  };
  for (const format of formats) {
    if (!isFormat(format)) throw new UnknownReportFormatError(String(format));
    const text = FORMATS[format](report);
    if (!write(FILE_NAMES[format], text)) continue;
    out.written.push({ format, path: join(dir, FILE_NAMES[format]), bytes: Buffer.byteLength(text, 'utf8') });
    texts.push({ name: FILE_NAMES[format], text });
    if (format === 'json') json = text;
  }
  // beside report.json, the in-toto statement over every file written (reports/statement.ts)
  if (json !== undefined) {
    const statement = renderStatement(buildStatement(texts, JSON.parse(json) as Report));
    if (write(STATEMENT_FILE, statement)) out.statement = join(dir, STATEMENT_FILE);
  }
  return out;
}

/**
 * Render each format and write it into `dir` (created if missing). Every file that can be written
 * is; then the first failure, if any, is thrown (a WriteError, `CT_ERR_WRITE`).
 */
export async function writeReports(
  report: Report,
  dir: string,
  formats: readonly ReportFormat[] = ALL_FORMATS,
): Promise<WrittenReport[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new WriteError(dir, 'report folder', err);
  }
  const { written, failed } = writeReportFiles(report, dir, formats);
  if (failed[0]) throw failed[0];
  return written;
}

/**
 * On GitHub Actions, append the Markdown report to the job summary ($GITHUB_STEP_SUMMARY), a
 * regular file (reports/files.ts). Returns the file appended to, or undefined when the variable
 * is not set; throws WriteError when the append fails.
 */
export async function appendStepSummary(
  report: Report,
  env: Record<string, string | undefined> = process.env,
): Promise<string | undefined> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return undefined;
  writeOutput({ path, what: 'GITHUB_STEP_SUMMARY', mode: 'append' }, `${renderMarkdown(report)}\n`);
  return path;
}

export { BADGE_COLORS, badgeMessage, renderBadge, textWidth } from './badge.ts';
export { buildCertificate, type CertificateInput, catalogFingerprint } from './certificate.ts';
export { ciFailures, githubAnnotations, renderCodeQuality } from './ci.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export { REDACTED, redactCurl, redactHeaders, redactUrlCredentials, withoutCredentials } from './redact.ts';
export { cleanText, stripAnsi } from './text.ts';
export { checkOutput, OutputRefusedError, WriteError } from './files.ts';
export { PREDICATE_TYPE, STATEMENT_FILE, type Statement } from './statement.ts';
