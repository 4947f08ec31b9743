/**
 * The layers import only downwards (ARCHITECTURE.md):
 *   contracts ← generators, mock, reports ← engine, evidence, pact, shard ← cli, index.ts, vitest.ts
 * A file may import its own layer or a lower one; nothing outside cli/ imports cli/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHASES } from '../../engine/run.ts';

const ROOT = process.cwd();

const LAYERS: Record<string, number> = {
  contracts: 0,
  generators: 1,
  mock: 1,
  reports: 1,
  engine: 2,
  evidence: 2,
  pact: 2,
  shard: 2,
  cli: 3,
  'index.ts': 3,
  'vitest.ts': 3,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts)$/.test(name)) out.push(path);
  }
  return out;
}

/** Relative specifiers of static and dynamic imports and re-exports. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) specs.push(m[2]!);
  return specs;
}

const top = (path: string) => path.split('/')[0]!;

function violations(): string[] {
  const found: string[] = [];
  const files = [...Object.keys(LAYERS).filter((k) => k.endsWith('.ts')), ...Object.keys(LAYERS).filter((k) => !k.endsWith('.ts')).flatMap(sourceFiles)];
  for (const file of files) {
    const from = LAYERS[top(file)]!;
    for (const spec of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
      const target = relative(ROOT, normalize(join(ROOT, dirname(file), spec)));
      const to = LAYERS[top(target)];
      if (to === undefined) {
        found.push(`${file} imports ${target}, outside the layers`);
      } else if (to > from) {
        found.push(`${file} (layer ${from}) imports ${target} (layer ${to}) upwards`);
      } else if (top(target) === 'cli' && top(file) !== 'cli') {
        found.push(`${file} imports ${target}: only cli/ imports cli/`);
      }
    }
  }
  return found;
}

describe('layers', () => {
  it('every import points to the same layer or a lower one, and only cli/ imports cli/', () => {
    expect(violations()).toEqual([]);
  });

  it('sees static, dynamic and re-export imports (so the rule can fail)', () => {
    const text = ["import { a } from '../cli/x.ts';", "const m = await import('../engine/y.ts');", "export { z } from './z.ts';", "import './side.ts';"].join('\n');
    expect(importsOf(text)).toEqual(['../cli/x.ts', '../engine/y.ts', './z.ts', './side.ts']);
  });
});

describe('ARCHITECTURE.md', () => {
  const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

  it('names every layer folder and every phase of a run, in the order the orchestrator calls them', () => {
    for (const folder of Object.keys(LAYERS)) expect(doc, folder).toContain(folder.endsWith('.ts') ? folder : `${folder}/`);
    const order = PHASES.map((p) => doc.indexOf(`\`${p.name}\``));
    expect(order.every((i) => i >= 0), PHASES.map((p) => p.name).join(', ')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
