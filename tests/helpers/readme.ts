/** The README's fenced code blocks, as tests/readme.test.ts and tests/newcomer.test.ts run them. */
import { readFileSync } from 'node:fs';

export interface Block {
  lang: string;
  text: string;
  /** the `## ` heading the block is under */
  section: string;
  /** for code: the file the first line's comment names (`// trusthub-conformance.config.mjs: …`) */
  file?: string;
}

export function readmeBlocks(path = 'README.md'): Block[] {
  const blocks: Block[] = [];
  let section = '';
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line.slice(3);
    const open = /^```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const text = `${body.join('\n')}\n`;
    const file = /^\/\/ ([\w.-]+\.(?:[cm]?[jt]s|json))\b/.exec(body[0] ?? '')?.[1];
    blocks.push({ lang: open[1]!, text, section, file });
  }
  return blocks;
}

/** A shell block's commands: continuations joined, comments and blank lines dropped, `&&` split. */
export function commandsOf(block: Block): string[] {
  return block.text
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((l) => l.split(/\s+&&\s+/));
}

/** Splits a command line as a POSIX shell would, for the quoting the README uses ('…', "…"). */
export function words(command: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur ??= '';
    } else if (/\s/.test(c)) {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
    } else {
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== undefined) out.push(cur);
  return out;
}
