/**
 * The one writing function (reports/files.ts): regular files only, complete or not there, a
 * special file never replaced, and the tool's own write failures named as the tool's.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CassetteRecorder } from '../../evidence/har.ts';
import { checkOutput, OutputRefusedError, type OutputIo, openOutput, WriteError, writeOutput } from '../../reports/files.ts';
import { writeReportFiles } from '../../reports/index.ts';
import { failingReport } from '../fixtures/reports/sample.ts';

let base: string;
let socketServer: Server;
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
  base = fs.mkdtempSync(join(tmpdir(), 'thc-files-'));
  fs.writeFileSync(join(base, 'precious.txt'), 'keep me\n');
  fs.symlinkSync(join(base, 'precious.txt'), join(base, 'link'));
  execFileSync('mkfifo', [join(base, 'fifo')]);
  // a device node of our own (a copy of /dev/full): replacing it would harm nothing, unlike /dev/full itself
  if (isRoot) execFileSync('mknod', [join(base, 'full'), 'c', '1', '7']);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(base, 'socket'), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => socketServer.close(resolve));
  fs.rmSync(base, { recursive: true, force: true });
});

const kind = (path: string) => {
  const st = fs.lstatSync(path);
  return st.isSymbolicLink() ? 'link' : st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket' : st.isCharacterDevice() ? 'device' : st.isFile() ? 'file' : 'other';
};

const special: Array<[string, string, RegExp]> = [
  ['link', 'link', /is a symbolic link/],
  ['fifo', 'fifo', /is a FIFO/],
  ['socket', 'socket', /is a socket/],
  ...(isRoot ? [['full', 'device', /is a device/] as [string, string, RegExp]] : []),
];

describe('a path that is not a regular file', () => {
  it.each(special)('%s is refused, and stays what it was', (name, was, pattern) => {
    const path = join(base, name);
    for (const mode of ['replace', 'append', 'own'] as const) {
      expect(() => writeOutput({ path, what: '--record', mode }, 'data'), mode).toThrow(OutputRefusedError);
      expect(() => checkOutput({ path, what: '--record', mode }), mode).toThrow(pattern);
    }
    expect(kind(path)).toBe(was);
    expect(fs.readFileSync(join(base, 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(fs.existsSync(`${path}.partial`)).toBe(false);
  });

  it.each(special)('--record %s: the cassette recorder refuses it before writing anything', (name, was) => {
    const path = join(base, name);
    const meta = { cassetteVersion: 1 as const, tool: { name: 'trusthub-conformance', version: '0' }, target: 'http://127.0.0.1:1', seed: 1, runs: 1, startedAt: '', catalogFingerprint: '' };
    expect(() => CassetteRecorder.open(path, meta, [])).toThrow(/writes regular files only/);
    expect(kind(path)).toBe(was);
  });

  it('a path that becomes a symlink while the file is written is not renamed over', () => {
    const path = join(base, 'racy.json');
    const out = openOutput({ path, what: 'report', mode: 'replace' });
    out.write('{"a":1}');
    fs.symlinkSync(join(base, 'precious.txt'), path);
    expect(() => out.commit()).toThrow(/is a symbolic link/);
    expect(kind(path)).toBe('link');
    expect(fs.readFileSync(join(base, 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(fs.existsSync(`${path}.partial`)).toBe(false);
    fs.rmSync(path);
  });

  it('a .partial that is a symlink is refused too (it would be written through)', () => {
    const path = join(base, 'partial-link.json');
    fs.symlinkSync(join(base, 'precious.txt'), `${path}.partial`);
    expect(() => writeOutput({ path, what: 'report', mode: 'replace' }, 'x')).toThrow(/symbolic link/);
    expect(fs.readFileSync(join(base, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });
});

describe('regular files', () => {
  it('replace: an existing report is replaced whole; nothing is left beside it', () => {
    const dir = fs.mkdtempSync(join(base, 'replace-'));
    const path = join(dir, 'report.json');
    fs.writeFileSync(path, 'old and longer than the new text\n');
    writeOutput({ path, what: 'report', mode: 'replace' }, 'new\n');
    expect(fs.readFileSync(path, 'utf8')).toBe('new\n');
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });

  it('append: the step summary grows', () => {
    const path = join(base, 'summary.md');
    writeOutput({ path, what: 'GITHUB_STEP_SUMMARY', mode: 'append' }, 'one\n');
    writeOutput({ path, what: 'GITHUB_STEP_SUMMARY', mode: 'append' }, 'two\n');
    expect(fs.readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  it("own: a file the tool did not write is refused and kept; its own (or an empty one) is replaced", () => {
    const path = join(base, 'mine.har');
    const target = { path, what: '--record', mode: 'own' as const, owns: (head: string) => head.startsWith('{"log"'), kind: 'a cassette' };
    fs.writeFileSync(path, 'source code\n');
    expect(() => writeOutput(target, '{"log":1}')).toThrow(/exists and is not a cassette: the tool replaces only its own files/);
    expect(fs.readFileSync(path, 'utf8')).toBe('source code\n');
    fs.writeFileSync(path, '');
    writeOutput(target, '{"log":1}');
    writeOutput(target, '{"log":2}');
    expect(fs.readFileSync(path, 'utf8')).toBe('{"log":2}');
  });
});

/** The real file system, but writes fail as the given error would. */
function failingIo(code: string, at: 'open' | 'write'): OutputIo {
  const fail = () => {
    throw Object.assign(new Error(`${code}: simulated`), { code });
  };
  return { ...fs, ...(at === 'open' ? { openSync: fail } : { writeSync: fail }) } as OutputIo;
}

describe("the tool's own write failures", () => {
  it.each([
    ['ENOSPC', 'write', /no space left on the device, ENOSPC/],
    ['EDQUOT', 'write', /disk quota exceeded, EDQUOT/],
    ['EMFILE', 'open', /too many open files, EMFILE/],
  ] as const)('%s is a WriteError naming it as this machine\'s problem, and leaves no partial file', (code, at, words) => {
    const path = join(base, `failing-${code}.json`);
    let err: unknown;
    try {
      writeOutput({ path, what: 'report', mode: 'replace' }, 'x'.repeat(1000), failingIo(code, at));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WriteError);
    expect((err as WriteError).code).toBe('CT_ERR_WRITE');
    expect((err as Error).message).toMatch(words);
    expect((err as Error).message).toMatch(/this machine's problem, not the target's/);
    expect(fs.existsSync(path)).toBe(false);
    expect(fs.existsSync(`${path}.partial`)).toBe(false);
  });

  it('a report folder removed during the run: every report fails, named as such, none thrown', () => {
    const dir = fs.mkdtempSync(join(base, 'gone-'));
    fs.rmSync(dir, { recursive: true });
    const { written, failed } = writeReportFiles(failingReport(), dir, ['json', 'md']);
    expect(written).toEqual([]);
    expect(failed.map((f) => f.message)).toEqual([
      expect.stringMatching(/report .*report\.json: cannot write it \(its folder is gone \(removed during the run\?\), ENOENT\)/),
      expect.stringMatching(/report .*report\.md: cannot write it/),
    ]);
  });

  it('one report that cannot be written does not stop the others', () => {
    const dir = fs.mkdtempSync(join(base, 'one-fails-'));
    fs.mkdirSync(join(dir, 'report.html.partial'));
    const { written, failed } = writeReportFiles(failingReport(), dir, ['json', 'html', 'badge']);
    expect(written.map((w) => w.format)).toEqual(['json', 'badge']);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(WriteError);
    expect(failed[0]!.message).toContain(join(dir, 'report.html'));
    expect(fs.existsSync(join(dir, 'report.json'))).toBe(true);
  });

  it('a report that became a symlink during the run is refused, and the others are written', () => {
    const dir = fs.mkdtempSync(join(base, 'became-link-'));
    fs.symlinkSync(join(base, 'precious.txt'), join(dir, 'report.md'));
    const { written, failed } = writeReportFiles(failingReport(), dir, ['json', 'md', 'badge']);
    expect(written.map((w) => w.format)).toEqual(['json', 'badge']);
    expect(failed.map((f) => f.message)).toEqual([expect.stringMatching(/report\.md is a symbolic link/)]);
    expect(fs.readFileSync(join(base, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });
});
