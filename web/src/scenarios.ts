/**
 * The scenario files shipped with ketensim, embedded in the app (no network), and scenarios built
 * from them with the levers' overrides. Imported files go through the same parser and validator
 * as the CLI's.
 */
import { applyOverride, loadScenarioFrom, scenarioDataFrom, ScenarioError, textSource, type FormattedIssue, type Override } from '../../src/scenario/parse.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { parsePath } from '../../src/experiment/sweep.js';
import type { Scenario } from '../../src/scenario/types.js';

const raw = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
/** The generic model the scenarios extend (model/generiek.yaml), and the tables they read. */
const model = import.meta.glob('../../model/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const tables = import.meta.glob('../../scenarios/**/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** path ('scenarios/...yaml') -> text; imported files are added under scenarios/ too. */
export const FILES: Record<string, string> = Object.fromEntries(
  Object.entries({ ...raw, ...model, ...tables })
    .filter(([k]) => !/\/tmp-/.test(k))
    .map(([k, v]) => [k.replace(/^(\.\.\/)+/, ''), v]),
);
export const source = textSource(FILES);
/** Files the user imported (the copies of shipped files under scenarios/import/ are not listed). */
const IMPORTED = new Set<string>();

/** The designs compared by default (as the CLI's compare), the baseline first. */
export const DESIGN_FILES = DEFAULT_DESIGN_FILES.map((f) => `scenarios/${f}`);
export const BASELINE_FILE = DESIGN_FILES[0]!;

export interface CatalogueEntry {
  file: string;
  name: string;
  title: string;
  design: string;
  imported: boolean;
}

let catalogueCache: CatalogueEntry[] | null = null;

/** The shipped (and imported) scenarios: designs first, then variants (parsed once, until an import). */
export function catalogue(): CatalogueEntry[] {
  return (catalogueCache ??= buildCatalogue());
}

function buildCatalogue(): CatalogueEntry[] {
  const files = Object.keys(FILES).filter((f) => f.startsWith('scenarios/') && f.endsWith('.yaml') && (!f.startsWith('scenarios/import/') || IMPORTED.has(f))).sort((a, b) => {
    const ra = DESIGN_FILES.indexOf(a);
    const rb = DESIGN_FILES.indexOf(b);
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || (a < b ? -1 : 1);
  });
  const out: CatalogueEntry[] = [];
  for (const file of files) {
    const imported = file.startsWith('scenarios/import/');
    // A shipped file's name, title and design from its top-level lines: parsing and validating
    // all of them took most of the app's start (the tests check every shipped file validates and
    // that these lines give what the parser gives). An imported file is parsed (it was validated).
    const head = imported ? null : headerOf(FILES[file]!);
    if (head) {
      out.push({ file, ...head, imported });
      continue;
    }
    try {
      const s = loadScenarioFrom(source, file).scenario;
      out.push({ file, name: s.name, title: s.title, design: s.design, imported });
    } catch {
      // A shipped file that does not validate is a bug caught by the tests; skip it here.
    }
  }
  return out;
}

/** `name`, `title` and `design` of a scenario file from its top-level lines, when each is a plain one-line value. */
export function headerOf(text: string): { name: string; title: string; design: string } | null {
  const field = (key: string) => {
    const m = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text);
    const v = m?.[1];
    if (!v || /^[|>&*!'"[{#]/.test(v) || /\s#/.test(v)) return null;
    return v;
  };
  const [name, title, design] = [field('name'), field('title'), field('design')];
  return name && title && design ? { name, title, design } : null;
}

export type Overrides = Record<string, number | string | boolean>;

function overridesOf(o: Overrides): Override[] {
  return Object.entries(o).map(([p, value]) => ({ path: parsePath(p)!, value }));
}

const built = new Map<string, Scenario>();

/** The scenario of a file with overrides, validated like the CLI does (remembered). Throws ScenarioError. */
export function buildScenario(file: string, overrides: Overrides): Scenario {
  const key = `${file}\n${JSON.stringify(Object.entries(overrides).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  let s = built.get(key);
  if (!s) {
    s = loadScenarioFrom(source, file, { overrides: overridesOf(overrides) }).scenario;
    if (built.size > 200) built.clear();
    built.set(key, s);
  }
  return s;
}

const merged = new Map<string, Record<string, unknown>>();

/** Merged scenario data (for lever values), with overrides applied: a fresh copy (parsed once per file). */
export function scenarioDataOf(file: string, overrides: Overrides = {}): Record<string, unknown> {
  let base = merged.get(file);
  if (!base) merged.set(file, (base = scenarioDataFrom(source, file)));
  const data = structuredClone(base);
  for (const o of overridesOf(overrides)) applyOverride(data, o);
  return data;
}

/**
 * Add an imported scenario file (text from the user). It is validated by the same parser as the
 * CLI; nothing is added when it has errors. Returns the file key or the error lines.
 */
export function importScenario(fileName: string, text: string): { file: string } | { errors: string[]; issues: FormattedIssue[] } {
  if (text.length > 1_000_000) {
    const issue: FormattedIssue = { file: fileName, path: [], expected: 'a scenario file under 1 MB', found: `${Math.round(text.length / 1e6)} MB`, severity: 'error', text: `${fileName}: expected a scenario file under 1 MB, found ${Math.round(text.length / 1e6)} MB` };
    return { errors: [issue.text], issues: [issue] };
  }
  const key = `scenarios/import/${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  // Imported files extend shipped ones by their plain name (as designs do) or ../name.
  const files = { ...FILES, [key]: text };
  for (const [k, v] of Object.entries(FILES)) if (!k.startsWith('scenarios/import/')) files[k.replace('scenarios/', 'scenarios/import/')] ??= v;
  try {
    loadScenarioFrom(textSource(files), key);
  } catch (e) {
    if (e instanceof ScenarioError) return { errors: e.issues.map((i) => i.text), issues: e.issues };
    const text = `${fileName}: ${(e as Error).message}`;
    return { errors: [text], issues: [{ file: fileName, path: [], expected: 'a scenario file', found: 'unknown', severity: 'error', text }] };
  }
  Object.assign(FILES, files);
  IMPORTED.add(key);
  catalogueCache = null;
  merged.delete(key);
  for (const k of [...built.keys()]) if (k.startsWith(`${key}\n`)) built.delete(k);
  return { file: key };
}

const STORE = 'ketensim.imports';

/** Keep an imported file for this browser session, so a reload (and its link) still finds it. */
export function saveImport(file: string, text: string): void {
  try {
    const all = JSON.parse(sessionStorage.getItem(STORE) ?? '{}') as Record<string, string>;
    all[file.replace('scenarios/import/', '')] = text;
    sessionStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    // Storage may be full or off; the import works for this page only.
  }
}

/** Import again the files kept this session (each through the validator). */
export function restoreImports(): void {
  try {
    const all = JSON.parse(sessionStorage.getItem(STORE) ?? '{}') as Record<string, string>;
    for (const [name, text] of Object.entries(all)) if (typeof text === 'string') importScenario(name, text);
  } catch {
    // Nothing kept, or unreadable: start without imports.
  }
}
