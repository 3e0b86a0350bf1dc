// The house's rules that a reader relies on (docs/architecture.md): src/ root holds the entry, the runtime,
// the config and the gateway; no src/ file imports itself back through others. Imports are read with
// TypeScript's own pre-processor, type-only ones included: a cycle of types is still a tangle to read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Each src/ file's relative imports inside src/, as paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name).replace(/\.js$/, '.ts'))
      .filter((path) => path.startsWith(SRC));
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle's files, found by depth-first search (one cycle per back edge). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found.map((cycle) => cycle.map((f) => relative(SRC, f)));
}

describe('the layout of src/', () => {
  it('has no import cycle', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('keeps at most 6 files at its root: the entry, the runtime, the config, the gateway', () => {
    const root = readdirSync(SRC).filter((name) => name.endsWith('.ts'));
    expect(root.length).toBeLessThanOrEqual(6);
    expect(root).toEqual(expect.arrayContaining(['main.ts', 'runtime.ts', 'config.ts', 'gateway.ts']));
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toHaveLength(1);
  });
});
