/**
 * `--help` and `checks` load nothing of the engine (issue 21): what cli/main.ts reaches through
 * static imports is the command registrations, their flag parsers and a few contracts; everything
 * a command runs is imported when it runs. Start-up itself is measured, as a ratio to a bare
 * `node -e 0`, by `npm run bench:startup` (bench/startup.ts), never timed here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/main.ts';
import { DEFAULT_HOST } from '../../mock/options.ts';

const ROOT = process.cwd();

/** Relative specifiers a module loads when it is loaded: static imports and re-exports, not `import type` nor `import()`. */
function staticImports(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?(['"])(\.{1,2}\/[^'"]+)\1/gm)) specs.push(m[2]!);
  return specs;
}

/** Every file loaded with `file`, following static imports. */
function closure(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const spec of staticImports(readFileSync(join(ROOT, f), 'utf8'))) visit(relative(ROOT, normalize(join(ROOT, dirname(f), spec))));
  };
  visit(file);
  return seen;
}

describe('start-up', () => {
  it('sees static imports and re-exports, not type imports or dynamic ones (so the rule can fail)', () => {
    const text = ["import { a } from './a.ts';", "import type { B } from './b.ts';", "export { c } from './c.ts';", "const d = await import('./d.ts');", "import './e.ts';"].join('\n');
    expect(staticImports(text)).toEqual(['./a.ts', './c.ts', './e.ts']);
  });

  it('cli/main.ts loads no engine, evidence, pact, shard, reports or mock file at start-up', () => {
    const loaded = [...closure('cli/main.ts')];
    expect(loaded.filter((f) => /^(engine|evidence|pact|shard|reports|mock|generators)\//.test(f))).toEqual([]);
    // the catalog too is loaded by `checks` when it runs, not by --help
    expect(loaded).not.toContain('contracts/catalog.ts');
  });

  it("mock --host's default is the mock's own DEFAULT_HOST (written out so --help loads no mock file)", () => {
    const mock = buildProgram().commands.find((c) => c.name() === 'mock')!;
    expect(mock.options.find((o) => o.long === '--host')?.defaultValue).toBe(DEFAULT_HOST);
  });
});
