/**
 * The scenario files shipped with ketensim, embedded in the app (no network), and scenarios built
 * from them with the levers' overrides. Imported files go through the same parser and validator
 * as the CLI's.
 */
import { applyOverride, loadScenarioFrom, scenarioDataFrom, ScenarioError, textSource, type FormattedIssue, type Override } from '../../src/scenario/parse.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { parsePath } from '../../src/experiment/sweep.js';
import { isTargetsText } from '../../src/experiment/targets.js';
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
    // A targets file (doelen.yaml) lives next to the scenarios it calibrates; it is not one.
    if (isTargetsText(FILES[file]!)) continue;
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

/** A file the user chose or dropped: its name (no folder), its text, and its size in bytes when known before reading. */
export interface ChosenFile {
  name: string;
  text: string;
  size?: number;
}

export type ImportResult = { scenarios: string[]; files: string[] } | { errors: string[]; issues: FormattedIssue[] };

/** The most files taken at once (a municipality's designs, its tables and targets fit easily). */
export const MAX_IMPORT_FILES = 20;
const MAX_IMPORT_BYTES = 1_000_000;

const importKey = (name: string) => `scenarios/import/${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
const isTable = (name: string) => /\.csv$/i.test(name);

function importProblem(file: string, expected: string, found: string): ImportResult {
  const text = `${file}: expected ${expected}, found ${found}`;
  return { errors: [text], issues: [{ file, path: [], expected, found, severity: 'error', text }] };
}

/**
 * Import files the user chose together: scenario files (YAML) and the tables (CSV) they read. All
 * go side by side under scenarios/import/, so a table is found relative to the scenario that names
 * it (`table: wijken.csv`), as the CLI finds it next to the file; `extends:` reaches a shipped file
 * by its plain name (as designs do), `../name`, or `ketensim:model/generiek.yaml`. Every scenario is
 * validated by the CLI's parser, and so are the scenarios imported before (a table of the same
 * name replaces theirs); on any error nothing is added. Returns the scenarios, a file extended by
 * another first, or the errors.
 */
export function importFiles(chosen: readonly ChosenFile[]): ImportResult {
  if (chosen.length > MAX_IMPORT_FILES) return importProblem(chosen[0]!.name, `at most ${MAX_IMPORT_FILES} files at once`, `${chosen.length} files`);
  for (const f of chosen) {
    const size = f.size ?? f.text.length;
    if (size > MAX_IMPORT_BYTES) return importProblem(importKey(f.name), isTable(f.name) ? 'a table under 1 MB' : 'a scenario file under 1 MB', `${Math.round(size / 1e6)} MB`);
  }
  const scenarioKeys = [...new Set(chosen.filter((f) => !isTable(f.name)).map((f) => importKey(f.name)))];
  if (scenarioKeys.length === 0) return importProblem(chosen.map((f) => importKey(f.name)).join(', '), 'a scenario file (.yaml) among the files chosen, with the tables it reads', 'only tables');
  // Imported files extend shipped ones by their plain name (as designs do) or ../name.
  const files = { ...FILES };
  for (const [k, v] of Object.entries(FILES)) if (!k.startsWith('scenarios/import/')) files[k.replace('scenarios/', 'scenarios/import/')] ??= v;
  for (const f of chosen) files[importKey(f.name)] = f.text;
  const src = textSource(files);
  const issues: FormattedIssue[] = [];
  const chains = new Map<string, string[]>();
  const check = (key: string) => {
    try {
      chains.set(key, loadScenarioFrom(src, key).files);
    } catch (e) {
      if (e instanceof ScenarioError) issues.push(...e.issues);
      else {
        const text = `${key}: ${(e as Error).message}`;
        issues.push({ file: key, path: [], expected: 'a scenario file', found: 'unknown', severity: 'error', text });
      }
    }
  };
  for (const key of scenarioKeys) check(key);
  for (const key of IMPORTED) if (!scenarioKeys.includes(key)) check(key);
  if (issues.length > 0) {
    // A base two files extend says its problem once.
    const once = issues.filter((i, n) => issues.findIndex((j) => j.text === i.text) === n);
    return { errors: once.map((i) => i.text), issues: once };
  }
  Object.assign(FILES, files);
  for (const key of scenarioKeys) IMPORTED.add(key);
  catalogueCache = null;
  // An imported scenario may read a file this import replaced: parse them all again.
  for (const k of [...merged.keys()]) if (k.startsWith('scenarios/import/')) merged.delete(k);
  for (const k of [...built.keys()]) if (k.startsWith('scenarios/import/')) built.delete(k);
  // A file another one extends first (the baseline of a municipality's designs), else as chosen.
  const ownFiles = (key: string) => chains.get(key)!.filter((f) => scenarioKeys.includes(f)).length;
  const scenarios = [...scenarioKeys].sort((a, b) => ownFiles(a) - ownFiles(b));
  return { scenarios, files: [...new Set(chosen.map((f) => importKey(f.name)))] };
}

/** Import one scenario file (see importFiles). Returns the file key or the error lines. */
export function importScenario(fileName: string, text: string): { file: string } | { errors: string[]; issues: FormattedIssue[] } {
  const r = importFiles([{ name: fileName, text }]);
  return 'errors' in r ? r : { file: r.scenarios[0]! };
}

const STORE = 'ketensim.imports';

/** Keep imported files for this browser session, so a reload (and its link) still finds them. */
export function saveImports(chosen: readonly ChosenFile[]): void {
  try {
    const all = JSON.parse(sessionStorage.getItem(STORE) ?? '{}') as Record<string, string>;
    for (const f of chosen) all[importKey(f.name).replace('scenarios/import/', '')] = f.text;
    sessionStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    // Storage may be full or off; the import works for this page only.
  }
}

/** Import again the files kept this session, together (each scenario through the validator). */
export function restoreImports(): void {
  try {
    const all = Object.entries(JSON.parse(sessionStorage.getItem(STORE) ?? '{}') as Record<string, unknown>).flatMap(([name, text]) => (typeof text === 'string' ? [{ name, text }] : []));
    if (all.length === 0 || !('errors' in importFiles(all))) return;
    // Kept before tables came along, or no longer valid together: each scenario with the tables.
    const tables = all.filter((f) => isTable(f.name));
    for (const f of all) if (!isTable(f.name)) importFiles([f, ...tables]);
  } catch {
    // Nothing kept, or unreadable: start without imports.
  }
}
