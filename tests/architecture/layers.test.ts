/**
 * The layers import only downwards (ARCHITECTURE.md):
 *   contracts ← generators, mock, reports ← engine, evidence, pact, shard ← cli, index.ts, vitest.ts
 * A file may import its own layer or a lower one; nothing outside cli/ imports cli/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHASES } from '../../engine/run/run.ts';

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

/**
 * engine/ by concern, each folder importing only folders of a lower rank (or itself): how a
 * request travels and what is planned know nothing of judging; judging knows nothing of the run.
 */
const ENGINE: Record<string, number> = {
  transport: 0,
  plan: 0,
  checks: 1,
  judge: 2,
  phases: 3,
  options: 3,
  run: 4,
};

/** The engine sub-folder of a path under engine/ (undefined for anything else). */
const concern = (path: string) => (top(path) === 'engine' ? path.split('/')[1] : undefined);

/** Every source file of the layers, with the files its relative imports resolve to. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = [...Object.keys(LAYERS).filter((k) => k.endsWith('.ts')), ...Object.keys(LAYERS).filter((k) => !k.endsWith('.ts')).flatMap(sourceFiles)];
  for (const file of files) {
    graph.set(
      file,
      importsOf(readFileSync(join(ROOT, file), 'utf8')).map((spec) => relative(ROOT, normalize(join(ROOT, dirname(file), spec)))),
    );
  }
  return graph;
}

function violations(graph = importGraph()): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    const from = LAYERS[top(file)]!;
    for (const target of targets) {
      const to = LAYERS[top(target)];
      if (to === undefined) {
        found.push(`${file} imports ${target}, outside the layers`);
      } else if (to > from) {
        found.push(`${file} (layer ${from}) imports ${target} (layer ${to}) upwards`);
      } else if (top(target) === 'cli' && top(file) !== 'cli') {
        found.push(`${file} imports ${target}: only cli/ imports cli/`);
      } else {
        const [a, b] = [concern(file), concern(target)];
        if (a !== undefined && b !== undefined && a !== b) {
          const [ra, rb] = [ENGINE[a], ENGINE[b]];
          if (ra === undefined || rb === undefined) found.push(`${file} imports ${target}: engine/${ra === undefined ? a : b} is not a known concern (ENGINE)`);
          else if (rb >= ra) found.push(`${file} (engine/${a}) imports ${target} (engine/${b}) across or upwards`);
        } else if (top(file) === 'engine' && a !== undefined && b === undefined && top(target) === 'engine') {
          found.push(`${file} imports ${target}: engine/ holds only its concern folders`);
        }
      }
    }
  }
  return found;
}

/** Every import cycle, each as the ring of files it passes through (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const rings: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const ring: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        ring.push(w);
      } while (w !== v);
      if (ring.length > 1 || (graph.get(v) ?? []).includes(v)) rings.push(ring.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return rings;
}

describe('layers', () => {
  it('every import points to the same layer or a lower one, and only cli/ imports cli/', () => {
    expect(violations()).toEqual([]);
  });

  it('has no import cycle anywhere', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('finds a cycle and a cross-concern import (so the rules can fail)', () => {
    const ring = new Map([
      ['cli/a.ts', ['cli/b.ts']],
      ['cli/b.ts', ['cli/c.ts']],
      ['cli/c.ts', ['cli/a.ts']],
      ['cli/d.ts', ['cli/a.ts']],
    ]);
    expect(cycles(ring)).toEqual([['cli/a.ts', 'cli/b.ts', 'cli/c.ts']]);
    const across = new Map([
      ['engine/transport/sender.ts', ['engine/judge/tally.ts']],
      ['engine/plan/plan.ts', ['engine/transport/http.ts']],
      ['engine/run/run.ts', ['engine/phases/fixed.ts']],
    ]);
    expect(violations(across)).toEqual([
      'engine/transport/sender.ts (engine/transport) imports engine/judge/tally.ts (engine/judge) across or upwards',
      'engine/plan/plan.ts (engine/plan) imports engine/transport/http.ts (engine/transport) across or upwards',
    ]);
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
