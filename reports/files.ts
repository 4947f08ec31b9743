/**
 * Every file the tool writes goes through `openOutput` (the reports, the step summary, the
 * cassette, left-behind.txt, the attestation statement, observe --out): one place decides what
 * may be written and how, so no writer can get it wrong.
 *
 * - Only regular files. A path that is a symlink, device, FIFO or socket is refused (`checkOutput`,
 *   before the run), and refused again when the file is opened (O_NOFOLLOW, O_NONBLOCK so a FIFO
 *   cannot block, fstat of what was opened) and before the finished file is renamed into place.
 * - Replacing writes go to `<path>.partial` and are renamed over the path only once complete and
 *   flushed: a crash or a full disk never leaves a truncated file under the real name, and a
 *   rename never lands on a path that is not a regular file (it would replace a device node).
 * - `append` (GitHub's step summary) opens the file itself, regular files only.
 * - `own` replaces an existing file only when this tool wrote it (`owns` recognises its first
 *   bytes): a flag that names one file (`--record`, `observe --out`) never clobbers anything else.
 * - A failure while writing is a WriteError (`CT_ERR_WRITE`): the tool's own problem (full disk,
 *   too many open files, the folder removed during the run), named as such, never the target's.
 */
import * as fs from 'node:fs';
import { ToolError } from '../contracts/errors.ts';

export type OutputMode = 'replace' | 'append' | 'own';

export interface OutputTarget {
  path: string;
  /** how the path is named to the user: '--record', 'report', 'GITHUB_STEP_SUMMARY' */
  what: string;
  mode: OutputMode;
  /** mode 'own': whether the first bytes of an existing file show this tool wrote it */
  owns?: (head: string) => boolean;
  /** mode 'own': what the tool's file is called, for the refusal ("a cassette") */
  kind?: string;
}

/** An output path the tool will not write (a special file, a symlink, a file it does not own): one line, exit 2. */
export class OutputRefusedError extends ToolError {
  constructor(message: string) {
    super('CT_ERR_FILE', message);
    this.name = 'OutputRefusedError';
  }
}

/** Writing an output failed: the tool's own problem (disk, descriptors, folder), not the target's. */
export class WriteError extends ToolError {
  readonly path: string;
  override readonly cause: unknown;
  constructor(path: string, what: string, err: unknown) {
    super('CT_ERR_WRITE', `${what} ${path}: cannot write it (${errorWords(err)}); this machine's problem, not the target's`);
    this.name = 'WriteError';
    this.path = path;
    this.cause = err;
  }
}

const WORDS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOENT: 'its folder is gone (removed during the run?)',
  ENOTDIR: 'a part of its path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
};

/** "no space left on the device, ENOSPC" */
export function errorWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return `${WORDS[code]}, ${code}`;
  return code ?? (err instanceof Error ? err.message : String(err));
}

/** The file system calls used; tests hand in one that fails as a full disk would. */
export type OutputIo = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'fstatSync' | 'ftruncateSync' | 'lstatSync' | 'renameSync' | 'rmSync' | 'readSync'>;

const C = fs.constants;
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const NONBLOCK = C.O_NONBLOCK ?? 0;

/** What kind of file a stat describes, as a refusal names it. */
function kindOf(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuse(t: OutputTarget, st: fs.Stats): never {
  throw new OutputRefusedError(`${t.what} ${t.path} is ${kindOf(st)}: the tool writes regular files only; name another path`);
}

/** The first bytes of a regular file (opened without following a link, never blocking). */
function head(path: string, io: OutputIo): string {
  const fd = io.openSync(path, C.O_RDONLY | NOFOLLOW | NONBLOCK);
  try {
    const buf = Buffer.alloc(512);
    const n = io.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    io.closeSync(fd);
  }
}

/**
 * May the tool write this path? Throws OutputRefusedError when it is a symlink, a device, a FIFO,
 * a socket or a folder, or (mode 'own') an existing file the tool did not write. A missing path
 * is fine (its folder is the caller's to check).
 */
export function checkOutput(t: OutputTarget, io: OutputIo = fs): void {
  let st: fs.Stats;
  try {
    st = io.lstatSync(t.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new OutputRefusedError(`${t.what} ${t.path}: cannot look at it (${errorWords(err)})`);
  }
  if (!st.isFile()) refuse(t, st);
  if (t.mode !== 'own' || !t.owns) return;
  let start = '';
  try {
    start = head(t.path, io);
  } catch (err) {
    throw new OutputRefusedError(`${t.what} ${t.path}: cannot read what it holds (${errorWords(err)})`);
  }
  if (start.length > 0 && !t.owns(start)) {
    throw new OutputRefusedError(`${t.what} ${t.path} exists and is not ${t.kind ?? 'a file this tool wrote'}: the tool replaces only its own files; remove it or name a new file`);
  }
}

/** An output being written. */
export interface Output {
  readonly path: string;
  /** append text (buffered by the caller; each call is one write) */
  write(text: string): void;
  /** flush, close and (replacing modes) move it under its name */
  commit(): void;
  /** give up: close, and remove the partial file */
  abort(): void;
}

/** The file a second signal lists the profiles it leaves behind in, in the report folder. */
export const LEFT_BEHIND_FILE = 'left-behind.txt';

/** The name a replacing write goes to until it is complete. */
export const partialPath = (path: string) => `${path}.partial`;

/**
 * Open an output: checks `t` (checkOutput), then opens `<path>.partial` (replace, own) or the
 * path itself (append) as a regular file. Every failure of the file system after the checks is a
 * WriteError.
 */
export function openOutput(t: OutputTarget, io: OutputIo = fs): Output {
  checkOutput(t, io);
  const append = t.mode === 'append';
  const file = append ? t.path : partialPath(t.path);
  let fd: number;
  try {
    fd = io.openSync(file, (append ? C.O_APPEND : 0) | C.O_WRONLY | C.O_CREAT | NOFOLLOW | NONBLOCK, 0o666);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: a symlink; ENXIO: a FIFO nobody reads
    if (code === 'ELOOP' || code === 'ENXIO') throw new OutputRefusedError(`${t.what} ${file} is ${code === 'ELOOP' ? 'a symbolic link' : 'a FIFO'}: the tool writes regular files only; name another path`);
    throw new WriteError(t.path, t.what, err);
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    io.closeSync(fd);
  };
  try {
    const st = io.fstatSync(fd);
    if (!st.isFile()) refuse({ ...t, path: file }, st);
    if (!append) io.ftruncateSync(fd, 0);
  } catch (err) {
    close();
    if (err instanceof OutputRefusedError) throw err;
    throw new WriteError(t.path, t.what, err);
  }
  let done = false;
  const fail = (err: unknown): never => {
    try {
      close();
    } catch {
      // already failing
    }
    if (!append) io.rmSync(file, { force: true });
    done = true;
    if (err instanceof ToolError) throw err;
    throw new WriteError(t.path, t.what, err);
  };
  return {
    path: t.path,
    write(text) {
      if (done) return;
      try {
        const data = Buffer.from(text, 'utf8');
        for (let at = 0; at < data.length; ) at += io.writeSync(fd, data, at, data.length - at);
      } catch (err) {
        fail(err);
      }
    },
    commit() {
      if (done) return;
      try {
        io.fsyncSync(fd);
        close();
        if (!append) {
          // never rename over a path that became a symlink, device, FIFO or socket meanwhile
          checkOutput({ ...t, mode: 'replace' }, io);
          io.renameSync(file, t.path);
        }
        done = true;
      } catch (err) {
        fail(err);
      }
    },
    abort() {
      if (done) return;
      done = true;
      try {
        close();
      } catch {
        // already closed
      }
      if (!append) io.rmSync(file, { force: true });
    },
  };
}

/** Write a whole output at once (the one call most writers make). */
export function writeOutput(t: OutputTarget, text: string, io: OutputIo = fs): void {
  const out = openOutput(t, io);
  out.write(text);
  out.commit();
}
