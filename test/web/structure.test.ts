/**
 * The web app's shape (issue 23): an entry point that only starts the app, no file too long to
 * find one's way in, and dependencies that point one way (no import circles in web/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = resolve(__dirname, '../../web/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

/** Relative imports of a module inside web/src (type-only imports included: they tie modules too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
    const spec = (m[1] ?? m[2])!;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (target.startsWith(WEB)) out.push(target);
  }
  return out;
}

/** The first import circle found, as a list of files, or null. */
export function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('web/src structure', () => {
  const all = files(WEB);
  const lines = (f: string) => readFileSync(f, 'utf8').split('\n').length;

  it('main.ts is the entry only (under 100 lines); no file is over 500 lines', () => {
    expect(lines(join(WEB, 'main.ts'))).toBeLessThan(100);
    expect(all.filter((f) => lines(f) > 500).map((f) => `${relative(WEB, f)}: ${lines(f)} lines`)).toEqual([]);
  });

  it('has no import circle', () => {
    const graph = new Map(all.map((f) => [f, importsOf(f)]));
    expect(graph.get(join(WEB, 'main.ts'))!.length).toBeGreaterThan(0);
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(WEB, f)) ?? null).toBeNull();
  });

  it('the cycle finder finds a circle (so the test above can fail)', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeNull();
  });
});
