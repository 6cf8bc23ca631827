/**
 * Parsing scenario files: YAML with comments, `extends:` chains (a design is "the baseline plus
 * these changes"), strict validation. Errors name the file and line, the field path, what was
 * expected and what was found; nothing is returned half-parsed. Pure: files come from a
 * ScenarioSource (the file system in load.ts, embedded texts in the web app).
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath, type Issue } from './schema.js';
import { scenarioSchema, TRANSITION_FROM, TRANSITION_TO, type Scenario } from './types.js';
import { WEEKS_PER_YEAR } from './param.js';
import { checkScenario } from './checks.js';
import { checkSourceCodes, deriveScenario } from './derive.js';
import { CsvError, parseCsv, type CsvProblem, type CsvTable } from './csv.js';
import { SOURCE_PATTERN } from './param.js';
import { wijkenFromTable } from './tables.js';

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly issues: FormattedIssue[],
  ) {
    super(issues.map((i) => i.text).join('\n'));
    this.name = 'ScenarioError';
  }
}

export interface FormattedIssue extends Issue {
  file: string;
  line?: number;
  text: string;
}

interface LoadedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: Record<string, unknown>;
  /** The tables this file reads (population.wijken: { table: ... }). */
  tables?: string[];
}

export interface LoadResult {
  scenario: Scenario;
  warnings: FormattedIssue[];
  /** The chain of files, most derived first. */
  files: string[];
  /** The tables (CSV) the files read, as displayed. */
  tables: string[];
}

/**
 * Where scenario files come from: the file system (Node, `load.ts`), or texts embedded in the
 * web app. Paths are whatever the source understands; `resolve` follows an `extends:`.
 */
export interface ScenarioSource {
  /** The text of a file, or undefined when there is none. */
  read(path: string): string | undefined;
  /** The path `ref` refers to, written in the file `from`. */
  resolve(from: string, ref: string): string;
  /** The path as shown in messages. */
  display(path: string): string;
  /** The canonical form of a path given by a user. */
  canonical(path: string): string;
}

/** Posix path helpers for sources without a file system (the browser). */
export function posixResolve(from: string, ref: string): string {
  if (ref.startsWith('/')) return posixNormalize(ref);
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  return posixNormalize(dir ? `${dir}/${ref}` : ref);
}

export function posixNormalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else out.push(part);
  }
  return (p.startsWith('/') ? '/' : '') + out.join('/');
}

/**
 * `extends: ketensim:model/generiek.yaml` names a file shipped with ketensim, relative to its
 * package folder, wherever the file that extends it lives (a municipality's own folder).
 */
export const PACKAGE_PREFIX = 'ketensim:';

/** A source over a map of path -> text (embedded scenarios, an imported file), keyed from the package folder. */
export function textSource(files: Record<string, string>): ScenarioSource {
  return {
    read: (p) => files[p],
    resolve: (from, ref) => (ref.startsWith(PACKAGE_PREFIX) ? posixNormalize(ref.slice(PACKAGE_PREFIX.length)) : posixResolve(from, ref)),
    display: (p) => p,
    canonical: posixNormalize,
  };
}

/**
 * A file a source has but cannot give as text, and what was found instead (a loop of symbolic
 * links, a file too large to be a scenario, no permission to read it).
 */
export class SourceProblem extends Error {
  constructor(readonly found: string) {
    super(found);
    this.name = 'SourceProblem';
  }
}

/** The largest scenario or sweep file read (the shipped ones are about 15 kB). */
export const MAX_FILE_BYTES = 1 << 20;

/** Aliases (*name) a file may resolve; more is an alias bomb ('billion laughs'), not a scenario. */
const MAX_ALIASES = 100;

/** What is wrong with a YAML file, for a message: the line, what was expected, what was found. */
export interface YamlProblem {
  line?: number;
  expected: string;
  found: string;
}

/** The shape of parsed YAML that is not a mapping, without quoting it (it may be any file). */
function shapeOf(data: unknown): string {
  if (data === null || data === undefined) return 'an empty file';
  if (Array.isArray(data)) return `a list of ${data.length} items`;
  if (typeof data === 'string') return `a text of ${data.length} characters, not a mapping of fields`;
  return `a single value (${typeof data})`;
}

/**
 * Parse the text of a YAML file that should be a mapping with some of `knownKeys` (a scenario's
 * or a sweep's fields). Returns the document and its data, or the problems, which never quote
 * the text: an `extends` may point at any file on the machine, and its content is not ours to
 * print.
 */
export function parseYamlFile(text: string, what: string, knownKeys: readonly string[]): ParsedYaml | { problems: YamlProblem[] } {
  // A file parsed before (the web app builds every design from the same generic model and
  // baseline; a sweep loads its scenario per point): a fresh copy of its data, which callers
  // change (tables expanded, overrides applied). The document is only read, for a line number.
  // Keyed by kind and text: each kind is parsed with one list of known keys (SCENARIO_KEYS, ...).
  const key = `${what}\0${text}`;
  const hit = parsedFiles.get(key);
  if (hit) return parsedOf(hit);
  const parsed = parseYamlText(text, what, knownKeys);
  if ('problems' in parsed) return parsed;
  remember(key, { text, data: structuredClone(parsed.data), doc: { doc: parsed.doc, lines: parsed.lines } });
  return parsed;
}

/** A parsed YAML file: its data, and its document with line positions (parsed when first asked for). */
export interface ParsedYaml {
  readonly doc: Document;
  readonly lines: LineCounter;
  data: Record<string, unknown>;
}

interface ParsedEntry {
  text: string;
  data: Record<string, unknown>;
  doc?: { doc: Document; lines: LineCounter };
}

/** Files parsed, by kind and text (oldest first; a few dozen files cover any study). */
const parsedFiles = new Map<string, ParsedEntry>();
const MAX_PARSED_FILES = 64;

function remember(key: string, e: ParsedEntry): void {
  if (parsedFiles.size >= MAX_PARSED_FILES && !parsedFiles.has(key)) parsedFiles.delete(parsedFiles.keys().next().value!);
  parsedFiles.set(key, e);
}

function parsedOf(e: ParsedEntry): ParsedYaml {
  const docOf = () => (e.doc ??= parseDocWithLines(e.text));
  return {
    get doc() {
      return docOf().doc;
    },
    get lines() {
      return docOf().lines;
    },
    data: structuredClone(e.data),
  };
}

function parseDocWithLines(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true }), lines };
}

/**
 * The data of a scenario file's text as the parser reads it, or undefined when the text is not a
 * scenario file that parses. For a build that ships its scenario files parsed (the web app).
 */
export function scenarioFileData(text: string): Record<string, unknown> | undefined {
  const parsed = parseYamlFile(text, 'scenario', SCENARIO_KEYS);
  return 'problems' in parsed ? undefined : parsed.data;
}

/**
 * Data that `scenarioFileData` gave for this exact text (at build time): the file is then not
 * parsed again until a message needs one of its line numbers (the web app's start). The object is
 * kept as it is (every load gets a copy): the caller must not change it afterwards.
 */
export function knownScenarioFile(text: string, data: Record<string, unknown>): void {
  const key = `scenario\0${text}`;
  if (!parsedFiles.has(key)) remember(key, { text, data });
}

function parseYamlText(text: string, what: string, knownKeys: readonly string[]): { doc: Document; lines: LineCounter; data: Record<string, unknown> } | { problems: YamlProblem[] } {
  const expected = `a ${what} file: YAML text (UTF-8) with fields such as ${knownKeys.slice(0, 4).join(', ')}`;
  // NUL bytes or undecodable bytes: an image, an archive, UTF-16 text.
  if (text.includes('\u0000') || text.includes('\uFFFD')) return { problems: [{ expected, found: 'binary data (or text not in UTF-8)' }] };
  const { doc, lines } = parseDocWithLines(text);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        const first = e.message.split('\n')[0]!;
        const found = /Maximum call stack/.test(first) ? 'lists or mappings nested too deeply' : first;
        return { expected: 'valid YAML', found, ...(line ? { line } : {}) };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    if (e instanceof ReferenceError) return { problems: [{ expected: `YAML whose aliases (*name) expand to a reasonable size (at most ${MAX_ALIASES} uses)`, found: 'aliases that expand to an excessive size (an alias bomb)' }] };
    if (e instanceof RangeError) return { problems: [{ expected: 'valid YAML', found: 'lists or mappings nested too deeply' }] };
    throw e;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problems: [{ expected, found: shapeOf(data) }] };
  const keys = Object.keys(data);
  if (keys.length > 0 && !keys.some((k) => knownKeys.includes(k))) {
    return { problems: [{ expected, found: `a mapping of ${keys.length} key(s), none of them a ${what} field; is this a ${what} file?` }] };
  }
  return { doc, lines, data: data as Record<string, unknown> };
}

/** The text of `file` from `source`, or the problem (no file, a loop of links, too large). */
export function readSource(source: ScenarioSource, file: string): { text: string } | { found: string } {
  try {
    const text = source.read(file);
    return text === undefined ? { found: 'no file' } : { text };
  } catch (e) {
    if (e instanceof SourceProblem) return { found: e.found };
    throw e;
  }
}

const SCENARIO_KEYS = Object.keys((scenarioSchema.json() as { properties: Record<string, unknown> }).properties);

function readYaml(source: ScenarioSource, file: string, from?: string): LoadedFile {
  const display = source.display;
  const f = display(file);
  const read = readSource(source, file);
  if ('found' in read) {
    const text = read.found === 'no file' ? `${from ? display(from) + ': extends: ' : ''}no scenario file at ${f}` : `${from ? display(from) + ': extends: ' : ''}${f}: expected a scenario file, found ${read.found}`;
    throw new ScenarioError(f, [{ file: f, path: from ? ['extends'] : [], expected: 'an existing scenario file', found: read.found === 'no file' ? `no file at ${f}` : read.found, severity: 'error', text }]);
  }
  const parsed = parseYamlFile(read.text, 'scenario', SCENARIO_KEYS);
  if ('problems' in parsed) {
    // Named from the file that extends it, so a user who wrote `extends: /etc/passwd` sees where.
    const via = from ? ` (extended by ${display(from)})` : '';
    throw new ScenarioError(
      f,
      parsed.problems.map((p) => {
        const prefix = p.expected === 'valid YAML' ? `not valid YAML: ${p.found}` : `expected ${p.expected}, found ${p.found}`;
        return { file: f, path: [], expected: p.expected, found: p.found, severity: 'error' as const, ...(p.line ? { line: p.line } : {}), text: `${f}${p.line ? ':' + p.line : ''}${via}: ${prefix}` };
      }),
    );
  }
  // Not spread: the document of a file known from the build is parsed only when read.
  return {
    file,
    data: parsed.data,
    get doc() {
      return parsed.doc;
    },
    get lines() {
      return parsed.lines;
    },
  };
}

/** The keys of a reference to a table: `{ table: file.csv, source: ... }`. */
const TABLE_KEYS = ['table', 'source'];

/**
 * Read the tables a file refers to (population.wijken: { table: wijken.csv, source }), relative to
 * the file, into the list the file could have written. Errors name the table, its line and column,
 * and the field of the file that refers to it.
 */
function expandTables(source: ScenarioSource, f: LoadedFile): void {
  const pop = f.data.population;
  if (!isObj(pop) || !isObj(pop.wijken)) return;
  const ref = pop.wijken;
  const path = ['population', 'wijken'];
  const display = source.display;
  const fail = (issues: Issue[]): never => {
    const formatted = issues.map((i) => format(i, [f], display));
    throw new ScenarioError(formatted[0]!.file, formatted);
  };
  const unknown = Object.keys(ref).filter((k) => !TABLE_KEYS.includes(k));
  if (unknown.length > 0 || typeof ref.table !== 'string' || ref.table === '') {
    fail([{ path, expected: 'a list of wijken, or a table: { table: wijken.csv, source: "..." }', found: unknown.length > 0 ? `the key(s) ${unknown.map((k) => `'${k}'`).join(', ')}` : 'no table file', severity: 'error' }]);
  }
  if (typeof ref.source !== 'string' || !SOURCE_PATTERN.test(ref.source)) {
    fail([{ path: [...path, 'source'], expected: "the source of the table's numbers: a seed reference, 'aanname ...', or a source declared under sources:", found: typeof ref.source === 'string' ? `'${ref.source.slice(0, 60)}'` : 'nothing', severity: 'error' }]);
  }
  const file = source.resolve(f.file, ref.table as string);
  const shown = display(file);
  const via = `(population.wijken.table of ${display(f.file)})`;
  const read = readSource(source, file);
  if ('found' in read) fail([{ path: [...path, 'table'], expected: 'an existing CSV table', found: read.found === 'no file' ? `no file at ${shown}` : `${shown}: ${read.found}`, severity: 'error' }]);
  const tableError = (problems: CsvProblem[]): never => {
    const issues = problems.map((p) => ({
      file: shown,
      path: [...path, 'table'],
      expected: p.expected,
      found: p.found,
      severity: 'error' as const,
      ...(p.line ? { line: p.line } : {}),
      text: `${shown}${p.line ? ':' + p.line : ''}: ${p.column ? `column '${p.column}': ` : ''}expected ${p.expected}, found ${p.found} ${via}`,
    }));
    throw new ScenarioError(shown, issues);
  };
  let table: CsvTable;
  try {
    table = parseCsv((read as { text: string }).text);
  } catch (e) {
    if (e instanceof CsvError) return tableError(e.problems);
    throw e;
  }
  const r = wijkenFromTable(table, ref.source as string);
  if ('problems' in r) return tableError(r.problems);
  pop.wijken = r.wijken;
  f.tables = [...(f.tables ?? []), file];
}

/**
 * Does `over` replace `base` whole rather than merge into it key by key? A list or a plain value
 * does; so does a parameter: one the file writes ({ value, ... }), one it overrides ({ value, ...}
 * in the base), and a distribution the file writes with its own `dist`. So `{ unit: weeks, source:
 * ... }` over the base's `{ value: 1, unit: months, ... }` is a parameter without a value (an
 * error), not the base's 1 read in weeks. A distribution without `dist` merges: `{ mean: ... }`
 * over the base's `{ dist: lognormal, mean, cv }` keeps the distribution and its cv.
 */
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function replacesWhole(base: unknown, over: unknown): boolean {
  return !isObj(base) || !isObj(over) || 'value' in over || 'dist' in over || 'value' in base;
}

/**
 * Fields that are alternatives: a file that writes one drops the other from what it extends (a
 * municipality's rate per 1000 youths replaces the rate of the model it extends).
 */
const ALTERNATIVES: Record<string, string> = { rate: 'per_1000', per_1000: 'rate', fte: 'fte_per_1000', fte_per_1000: 'fte', wmo_rate: 'wmo_per_1000', wmo_per_1000: 'wmo_rate' };

/** A file (with what it extends) writes one of two alternatives, not both. */
function checkAlternatives(x: unknown, path: (string | number)[], issues: Issue[]): void {
  if (Array.isArray(x)) return x.forEach((v, i) => checkAlternatives(v, [...path, i], issues));
  if (!isObj(x) || 'value' in x) return;
  for (const [k, alt] of Object.entries(ALTERNATIVES)) {
    if (k < alt && k in x && alt in x) issues.push({ path: [...path, alt], expected: `${k} or ${alt}, not both (a file that writes one replaces the other of the file it extends)`, found: 'both', severity: 'error' });
  }
  for (const [k, v] of Object.entries(x)) checkAlternatives(v, [...path, k], issues);
}

/** Objects merge key by key, except where `replacesWhole`. */
export function mergeScenario(base: unknown, over: unknown): unknown {
  if (replacesWhole(base, over)) return over;
  if (!isObj(base) || !isObj(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = k in base ? mergeScenario(base[k], v) : v;
    const alt = ALTERNATIVES[k];
    if (alt !== undefined && !(alt in over)) delete out[alt];
  }
  return out;
}

/** The line of the deepest part of `path` that this file sets. */
function lineOf(f: LoadedFile, path: (string | number)[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = f.doc.getIn(path.slice(0, n), true);
    if (node && (isScalar(node) || isMap(node)) && node.range) return f.lines.linePos(node.range[0]).line;
    // A key that is present but whose value failed: point at the parent map's key.
    const parent = n > 1 ? f.doc.getIn(path.slice(0, n - 1), true) : f.doc.contents;
    if (parent && isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === path[n - 1]);
      if (pair && isScalar(pair.key) && pair.key.range) return f.lines.linePos(pair.key.range[0]).line;
    }
  }
  return undefined;
}

function dataAt(data: unknown, path: (string | number)[]): unknown {
  let node = data;
  for (const seg of path) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

/**
 * The file whose data the merged scenario holds at `path` (chain: most derived first). Going down
 * the path, each part comes from the most derived file that sets it, as in mergeScenario; below a
 * node that replaces rather than merges (a parameter, a list, a plain value) nothing deeper comes
 * from another file. So an error in a base file is not blamed on a file that extends it, and a
 * field missing from a parameter that a derived file rewrote is blamed on that file.
 */
function ownerOf(chain: LoadedFile[], path: (string | number)[]): LoadedFile {
  let owner = chain[0]!;
  for (let n = 1; n <= path.length; n++) {
    const prefix = path.slice(0, n);
    const at = chain.findIndex((c) => c.doc.hasIn(prefix));
    if (at < 0) break;
    owner = chain[at]!;
    // As mergeScenario: the data of the files it extends, merged, against this file's.
    const base = chain.slice(at + 1).reverse().reduce<unknown>((m, c) => (c.doc.hasIn(prefix) ? mergeScenario(m, dataAt(c.data, prefix)) : m), undefined);
    if (replacesWhole(base, dataAt(owner.data, prefix))) break;
  }
  return owner;
}

function format(issue: Issue, chain: LoadedFile[], display: (f: string) => string): FormattedIssue {
  const owner = ownerOf(chain, issue.path);
  const line = lineOf(owner, issue.path);
  const file = display(owner.file);
  const where = `${file}${line ? ':' + line : ''}`;
  const text = `${where}: ${formatPath(issue.path)}: expected ${issue.expected}, found ${issue.found}${issue.hint ? ` (${issue.hint})` : ''}`;
  return { ...issue, file, ...(line ? { line } : {}), text };
}

/** A value set on top of the merged files (sweeps, the web app levers): `path` into the scenario data; a parameter gets its `value` replaced, anything else (a number, a choice, a switch) is replaced. */
export interface Override {
  path: (string | number)[];
  value: number | string | boolean;
}

function readChain(source: ScenarioSource, path: string): { chain: LoadedFile[]; merged: Record<string, unknown> } {
  const display = source.display;
  const chain: LoadedFile[] = [];
  let file = source.canonical(path);
  const seen = new Set<string>();
  for (;;) {
    if (seen.has(file)) {
      const f = display(chain[0]!.file);
      throw new ScenarioError(f, [{ file: f, path: ['extends'], expected: 'a chain of extends without cycles', found: `a cycle through ${display(file)}`, severity: 'error', text: `${f}: extends: cycle through ${display(file)}` }]);
    }
    seen.add(file);
    const loaded = readYaml(source, file, chain.at(-1)?.file);
    expandTables(source, loaded);
    chain.push(loaded);
    const ext = loaded.data.extends;
    if (ext === undefined) break;
    if (typeof ext !== 'string') {
      const issue = format({ path: ['extends'], expected: 'a path to another scenario file', found: String(ext), severity: 'error' }, [loaded], display);
      throw new ScenarioError(issue.file, [issue]);
    }
    file = source.resolve(file, ext);
  }
  let merged: unknown = {};
  for (const f of [...chain].reverse()) merged = mergeScenario(merged, f.data);
  // `extends` describes the file itself, not the merged scenario.
  const top = merged as Record<string, unknown>;
  if (chain.length > 1) top.extends = chain[0]!.data.extends;
  return { chain, merged: top };
}

/** The scenario data of a file merged with what it extends, before validation (a fresh copy each call). */
export function scenarioDataFrom(source: ScenarioSource, path: string): Record<string, unknown> {
  return readChain(source, path).merged;
}

/** Set `value` at `path` in merged scenario data; a parameter object gets its `value` replaced. */
export function applyOverride(data: Record<string, unknown>, o: Override): void {
  let node: unknown = data;
  for (const seg of o.path.slice(0, -1)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
    if (node === undefined) break;
  }
  const last = o.path.at(-1)!;
  if (typeof node !== 'object' || node === null || !(last in node)) throw new Error(`the scenario has no field ${formatPath(o.path)} to set`);
  const parent = node as Record<string | number, unknown>;
  const target = parent[last];
  if (typeof target === 'object' && target !== null && 'value' in target) {
    // A range for the sensitivity analysis stretches to hold a value set outside it.
    const t = target as { low?: unknown; high?: unknown };
    const v = o.value;
    const range = typeof v === 'number' ? { ...(typeof t.low === 'number' ? { low: Math.min(t.low, v) } : {}), ...(typeof t.high === 'number' ? { high: Math.max(t.high, v) } : {}) } : {};
    parent[last] = { ...target, value: v, ...range };
  } else parent[last] = o.value;
}

/**
 * The largest size of a number in a scenario, in the model's units (weeks, per week, euros). No
 * quantity of youth care comes near it; beyond it the model's arithmetic overflows (a lognormal
 * with a mean of 1e308 draws Infinity, a cv of 1e308 gives an infinite spread) and a run ends in
 * the engine's RangeError instead of an error that names the field.
 */
export const MAX_MAGNITUDE = 1e15;

/** Every parameter of a parsed scenario is at most MAX_MAGNITUDE in size, in the model's units. */
function checkMagnitudes(x: unknown, path: (string | number)[], issues: Issue[]): void {
  if (typeof x !== 'object' || x === null) return;
  const p = x as { value?: unknown; written?: { value: number; unit: string } };
  if (typeof p.value === 'number' && typeof p.written?.unit === 'string') {
    if (!(Math.abs(p.value) <= MAX_MAGNITUDE)) {
      issues.push({ path: [...path, 'value'], expected: `a number of at most ${MAX_MAGNITUDE} in the model's units (weeks, per week, euros)`, found: `${p.written.value} ${p.written.unit}`, severity: 'error' });
    }
    return;
  }
  for (const [k, v] of Object.entries(x)) checkMagnitudes(v, [...path, Array.isArray(x) ? Number(k) : k], issues);
}

/**
 * Load, merge and validate a scenario file, optionally with overrides set on top (checked by the
 * same schema). Throws ScenarioError with every problem found.
 */
export function loadScenarioFrom(source: ScenarioSource, path: string, opts: { overrides?: readonly Override[]; depth?: number } = {}): LoadResult {
  const display = source.display;
  const { chain, merged } = readChain(source, path);
  for (const o of opts.overrides ?? []) applyOverride(merged, o);
  const issues: Issue[] = [];
  checkAlternatives(merged, [], issues);
  const parsed = scenarioSchema.parse(merged, [], issues);
  if (parsed !== undefined) checkSourceCodes(parsed, issues);
  const scenario = parsed !== undefined && !issues.some((i) => i.severity === 'error') ? deriveScenario(parsed, issues) : undefined;
  if (scenario !== undefined) {
    const before = issues.length;
    checkMagnitudes(scenario, [], issues);
    if (issues.length === before) checkScenario(scenario, issues);
  }
  // A switch from the design of today: read that scenario too (the file that writes `from` says where).
  let beforeFiles: string[] = [];
  let beforeTables: string[] = [];
  if (scenario?.transition && !issues.some((i) => i.severity === 'error')) {
    const owner = ownerOf(chain, ['transition', 'from']);
    const from = source.resolve(owner.file, (scenario.transition as { from: string }).from);
    if (opts.depth) {
      issues.push({ path: ['transition'], expected: 'a scenario without a transition of its own as the design of today', found: 'a transition in a transition', severity: 'error' });
    } else {
      const b = loadScenarioFrom(source, from, { depth: 1 });
      beforeFiles = b.files;
      beforeTables = b.tables;
      checkTransition(scenario, b.scenario, issues);
      scenario.transition = { ...scenario.transition, before: b.scenario };
    }
  }
  const formatted = issues.map((i) => format(i, chain, display));
  const errors = formatted.filter((i) => i.severity === 'error');
  if (errors.length > 0 || scenario === undefined) throw new ScenarioError(display(chain[0]!.file), errors);
  return {
    scenario,
    warnings: formatted.filter((i) => i.severity === 'warning'),
    files: [...chain.map((c) => display(c.file)), ...beforeFiles.filter((f) => !chain.some((c) => display(c.file) === f))],
    tables: [...new Set([...chain.flatMap((c) => (c.tables ?? []).map(display)), ...beforeTables])],
  };
}

/** A transition joins two scenarios of one municipality: a supported pair of designs, the same wijken, a switch inside the observed years. */
function checkTransition(s: Scenario, before: Scenario, issues: Issue[]): void {
  const t = s.transition!;
  if (!TRANSITION_FROM.includes(before.design)) issues.push({ path: ['transition', 'from'], expected: `a scenario of design ${TRANSITION_FROM.join(' or ')} (the design of today)`, found: `design ${before.design}`, severity: 'error' });
  if (!TRANSITION_TO.includes(s.design)) issues.push({ path: ['design'], expected: `a design a transition can switch to: ${TRANSITION_TO.join(', ')} (a one-stop-shop's lump sum would pay the chain from its first day)`, found: s.design, severity: 'error' });
  const names = (x: Scenario) => x.population.wijken.map((w) => w.name).join(', ');
  if (names(s) !== names(before)) issues.push({ path: ['transition', 'from'], expected: `a scenario of the same wijken (${names(s)})`, found: `the wijken ${names(before)}`, severity: 'error' });
  const start = s.simulation.start_year;
  if (start === undefined) issues.push({ path: ['simulation', 'start_year'], expected: 'the calendar year the observed period begins with (a transition happens on a date)', found: 'nothing', severity: 'error' });
  else {
    const last = start + s.simulation.horizon.value / WEEKS_PER_YEAR;
    if (!(t.year > start && t.year < last)) issues.push({ path: ['transition', 'year'], expected: `a year after the start (${start}) and before the end (${Math.floor(last)}) of the observed period`, found: String(t.year), severity: 'error' });
  }
}
