/**
 * The scenario files shipped with ketensim, embedded in the app (no network), and scenarios built
 * from them with the levers' overrides. Imported files go through the same parser and validator
 * as the CLI's.
 */
import { loadScenarioFrom, scenarioDataFrom, ScenarioError, textSource, type Override } from '../../src/scenario/parse.js';
import { parsePath } from '../../src/experiment/sweep.js';
import type { Scenario } from '../../src/scenario/types.js';

const raw = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** path ('scenarios/...yaml') -> text; imported files are added under scenarios/ too. */
export const FILES: Record<string, string> = Object.fromEntries(
  Object.entries(raw)
    .filter(([k]) => !/\/tmp-/.test(k))
    .map(([k, v]) => [k.replace(/^(\.\.\/)+/, ''), v]),
);
export const source = textSource(FILES);
/** Files the user imported (the copies of shipped files under scenarios/import/ are not listed). */
const IMPORTED = new Set<string>();

export const BASELINE_FILE = 'scenarios/nijmegen-2019-indicatiemodel.yaml';
export const DESIGN_FILES = [BASELINE_FILE, 'scenarios/brede-basisteams.yaml', 'scenarios/one-stop-shop.yaml'];

export interface CatalogueEntry {
  file: string;
  name: string;
  title: string;
  design: string;
  imported: boolean;
}

/** The shipped (and imported) scenarios: designs first, then variants. */
export function catalogue(): CatalogueEntry[] {
  const files = Object.keys(FILES).filter((f) => !f.startsWith('scenarios/import/') || IMPORTED.has(f)).sort((a, b) => {
    const ra = DESIGN_FILES.indexOf(a);
    const rb = DESIGN_FILES.indexOf(b);
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || (a < b ? -1 : 1);
  });
  const out: CatalogueEntry[] = [];
  for (const file of files) {
    try {
      const s = loadScenarioFrom(source, file).scenario;
      out.push({ file, name: s.name, title: s.title, design: s.design, imported: file.startsWith('scenarios/import/') });
    } catch {
      // A shipped file that does not validate is a bug caught by the tests; skip it here.
    }
  }
  return out;
}

export type Overrides = Record<string, number | string | boolean>;

function overridesOf(o: Overrides): Override[] {
  return Object.entries(o).map(([p, value]) => ({ path: parsePath(p)!, value }));
}

/** The scenario of a file with overrides, validated like the CLI does. Throws ScenarioError. */
export function buildScenario(file: string, overrides: Overrides): Scenario {
  return loadScenarioFrom(source, file, { overrides: overridesOf(overrides) }).scenario;
}

/** Merged scenario data (for lever values), with overrides applied. */
export function scenarioDataOf(file: string, overrides: Overrides = {}): Record<string, unknown> {
  const data = scenarioDataFrom(source, file);
  for (const o of overridesOf(overrides)) {
    let node: unknown = data;
    for (const seg of o.path.slice(0, -1)) node = (node as Record<string | number, unknown>)[seg];
    const parent = node as Record<string | number, unknown>;
    const last = o.path.at(-1)!;
    const target = parent[last];
    parent[last] = typeof target === 'object' && target !== null && 'value' in target ? { ...target, value: o.value } : o.value;
  }
  return data;
}

/**
 * Add an imported scenario file (text from the user). It is validated by the same parser as the
 * CLI; nothing is added when it has errors. Returns the file key or the error lines.
 */
export function importScenario(fileName: string, text: string): { file: string } | { errors: string[] } {
  if (text.length > 1_000_000) return { errors: [`${fileName}: expected a scenario file under 1 MB, found ${Math.round(text.length / 1e6)} MB`] };
  const key = `scenarios/import/${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  // Imported files extend shipped ones by their plain name (as designs do) or ../name.
  const files = { ...FILES, [key]: text };
  for (const [k, v] of Object.entries(FILES)) if (!k.startsWith('scenarios/import/')) files[k.replace('scenarios/', 'scenarios/import/')] ??= v;
  try {
    loadScenarioFrom(textSource(files), key);
  } catch (e) {
    if (e instanceof ScenarioError) return { errors: e.issues.map((i) => i.text) };
    return { errors: [(e as Error).message] };
  }
  Object.assign(FILES, files);
  IMPORTED.add(key);
  return { file: key };
}
