/**
 * Files an entry reads (the CA file, observations, deviations, the config file, a report to replay,
 * a cassette, expectations): they must be regular files, readable, and no larger than what such a
 * file can sensibly be. A device (`--ca-file /dev/zero`), a FIFO, a socket or a folder is refused
 * in one line before it is opened for reading, so nothing blocks and nothing fills memory.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { OptionError } from '../../contracts/errors.ts';

const MiB = 1024 * 1024;

/** The largest file of each kind an entry reads. */
export const INPUT_CAPS = {
  /** a PEM CA certificate (bundle) */
  pem: MiB,
  /** observations, deviations, expected divergences, a config file */
  json: 64 * MiB,
  /** a report.json to replay */
  report: 256 * MiB,
  /** a HAR cassette (streamed when this tool wrote it) */
  cassette: 8 * 1024 * MiB,
} as const;

export type InputKind = keyof typeof INPUT_CAPS;

const reason = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

function sizeWords(bytes: number): string {
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`;
}

/** What is wrong with a stat for an input file, or undefined. */
function kindProblem(st: { isDirectory(): boolean; isFile(): boolean }): string | undefined {
  if (st.isDirectory()) return 'is a folder, not a file';
  if (!st.isFile()) return 'is not a regular file (a device, FIFO or socket): give a file';
  return undefined;
}

/** An input file: exists, is a regular file, is readable, and at most the cap of its kind. Returns its size. */
export async function checkInputFile(name: string, path: string, kind: InputKind): Promise<number> {
  if (typeof path !== 'string' || path.trim() === '') throw new OptionError(`${name} is empty (an unset variable?): give it a value or leave it out`);
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (err) {
    throw new OptionError(`${name} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${reason(err)})`}`);
  }
  const problem = kindProblem(st);
  if (problem) throw new OptionError(`${name} ${path} ${problem}`);
  const cap = INPUT_CAPS[kind];
  if (st.size > cap) throw new OptionError(`${name} ${path} is ${sizeWords(st.size)}, more than the ${sizeWords(cap)} such a file may be`);
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw new OptionError(`${name} ${path}: cannot read it (${reason(err)})`);
  }
  return st.size;
}

/**
 * Read an input file as text, at most the cap of its kind. Opened without blocking and checked on
 * the open descriptor, so a path swapped for a FIFO or a device after the check is still refused.
 */
export async function readInputText(name: string, path: string, kind: InputKind): Promise<string> {
  await checkInputFile(name, path, kind);
  const cap = INPUT_CAPS[kind];
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new OptionError(`${name} ${path}: cannot read it (${reason(err)})`);
  }
  try {
    const problem = kindProblem(await handle.stat());
    if (problem) throw new OptionError(`${name} ${path} ${problem}`);
    // a file that grows (or a /proc file that says 0 bytes) is read only up to the cap
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(64 * 1024, cap + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > cap) throw new OptionError(`${name} ${path} is more than the ${sizeWords(cap)} such a file may be`);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}
