/**
 * What the commands check before the first request about their output: the report formats, that
 * the report folder and the cassette can be written. (The options themselves and every input file
 * are the options model's, engine/options; empty flag values are refused as they are parsed,
 * cli/options.ts.) A problem is one line and exit 2; nothing has been sent.
 */
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkOutput, LEFT_BEHIND_FILE, type OutputTarget } from '../reports/files.ts';
import { UsageError } from './errors.ts';

const reason = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns for a folder under /proc
 * (it retries ENOENT forever).
 */
async function makeFolder(dir: string, what: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    let st: Awaited<ReturnType<typeof stat>> | undefined;
    try {
      st = await stat(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${what}: cannot create the folder ${dir} (${reason(err)})`);
    }
    if (st) {
      if (!st.isDirectory()) throw new UsageError(`${what}: ${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    try {
      await mkdir(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`${what}: cannot create the folder ${dir} (${reason(err)})`);
    }
  }
}

/** Can a file be created in this folder (created if missing)? Probes with a file it removes. */
async function probeFolder(dir: string, what: string): Promise<void> {
  await makeFolder(dir, what);
  const probe = join(dir, `.trusthub-conformance-probe-${process.pid}`);
  try {
    await (await open(probe, 'w')).close();
  } catch (err) {
    throw new UsageError(`${what}: cannot write in ${dir} (${reason(err)})`);
  }
  await rm(probe, { force: true });
}

/**
 * The report folder: created now, and writable (the run would otherwise end without a report); and
 * every file the tool writes there (each report, the statement, left-behind.txt) a regular file
 * or not there yet (reports/files.ts: never a symlink, device, FIFO or socket).
 */
export async function checkReportDir(dir: string, flag = '--report-dir'): Promise<void> {
  await probeFolder(dir, `${flag} ${dir}`);
  const { REPORT_DIR_FILES } = await import('../reports/index.ts');
  for (const name of [...REPORT_DIR_FILES, LEFT_BEHIND_FILE]) checkOutput({ path: join(dir, name), what: flag, mode: 'replace' });
}

/**
 * A file to write (the cassette of --record, observe --out): not a folder, a regular file or not
 * there yet, replaced only when this tool wrote it (`target.owns`), and its folder writable.
 */
export async function checkRecordPath(path: string, flag = '--record', target: OutputTarget = { path, what: flag, mode: 'replace' }): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path} is a folder: name the file to write`);
  checkOutput(target);
  await probeFolder(dirname(path), `${flag} ${path}`);
}

/** GitHub's job summary, when $GITHUB_STEP_SUMMARY names one: a regular file (or none yet) that takes an append. */
export async function checkStepSummary(env: Record<string, string | undefined> = process.env): Promise<void> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  // a FIFO would block the probe below, a symlink or device is never written: refused first
  checkOutput({ path, what: 'GITHUB_STEP_SUMMARY', mode: 'append' });
  try {
    await (await open(path, 'a')).close();
  } catch (err) {
    throw new UsageError(`GITHUB_STEP_SUMMARY ${path}: cannot append the job summary (${reason(err)})`);
  }
}

/** Parse --format now, before anything is sent. */
export async function checkFormats(format: string): Promise<void> {
  const { parseFormats } = await import('../reports/index.ts');
  try {
    parseFormats(format);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
}
