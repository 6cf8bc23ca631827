/**
 * The command line has no import circle: main.ts imports the commands, the commands import the
 * shared helpers (options.ts, files.ts, errors.ts), and nothing imports back up. A circle makes
 * the order in which modules initialise matter, which breaks as soon as a command module uses
 * a helper at load time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** Relative imports of every TypeScript file under `dir`, as absolute .ts paths. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(file, deps);
  }
  return graph;
}

/** Every circle found by a depth-first walk, as a list of files relative to the repository. */
function circles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d].map((f) => relative(root, f)).join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe('src/cli imports', () => {
  it('has no import circle', () => {
    const graph = importGraph(join(root, 'src'));
    expect(graph.size).toBeGreaterThan(10);
    expect(circles(graph).filter((c) => c.includes('src/cli/'))).toEqual([]);
  });

  it('the circle finder finds a circle', () => {
    const g = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/a.ts']],
    ]);
    expect(circles(g)).toHaveLength(1);
  });
});
