/**
 * Sweep files: a base scenario (or several), the parameters to vary by their scenario paths
 * (a full grid, or a Latin hypercube over ranges), the replications and the KPIs to keep.
 *
 * A sweep is a list of points (base scenario x parameter values), each run for replications
 * 0..R-1 under common random numbers: replication r of every point sees the same families. Runs
 * are numbered k = point * R + rep; shard i of n takes the runs with k mod n = i, so shards are
 * balanced and their union is the whole sweep.
 */
import { LineCounter, parseDocument, isScalar, isMap } from 'yaml';
import { Streams } from '../random/index.js';
import { arrayOf, boolean, didYouMean, formatPath, number, object, oneOf, optional, refine, string, type Issue } from '../scenario/schema.js';
import { loadScenarioFrom, parseYamlFile, readSource, scenarioDataFrom, ScenarioError, type Override, type ScenarioSource } from '../scenario/parse.js';
import { scenarioSchema, type Scenario } from '../scenario/types.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { ALL_KPIS, isKpiSelection, KPI_FAMILIES } from './kpis.js';
import { checkPoints, checkRun, checkRuns, count, LimitError } from './limits.js';

const parameterSchema = refine(
  object({
    path: string({ description: 'scenario path, e.g. swt.youth_slots_per_wijk or population.wijken[0].share' }),
    values: optional(arrayOf(number(), { minLength: 1, description: 'grid: the values to take (in the unit the base file writes)' })),
    from: optional(number({ description: 'lower end of the range' })),
    to: optional(number({ description: 'upper end of the range' })),
    steps: optional(number({ integer: true, min: 1, description: 'grid: evenly spaced values from..to, ends included' })),
    integer: optional(boolean('round the values to whole numbers (slots, places)')),
  }),
  (p, path, issues) => {
    const hasRange = p.from !== undefined || p.to !== undefined;
    if (p.values !== undefined && (hasRange || p.steps !== undefined)) {
      issues.push({ path, expected: 'either values or from/to (with steps for a grid)', found: 'both', severity: 'error' });
    } else if (p.values === undefined && (p.from === undefined || p.to === undefined)) {
      issues.push({ path, expected: 'values, or a range from/to', found: p.from === undefined && p.to === undefined ? 'neither' : 'only one end of the range', severity: 'error' });
    } else if (p.from !== undefined && p.to !== undefined && !(p.from <= p.to)) {
      issues.push({ path: [...path, 'to'], expected: `a number >= from (${p.from})`, found: String(p.to), severity: 'error' });
    }
  },
);

export const sweepSchema = refine(
  object({
    name: string({ pattern: /^[a-z0-9][a-z0-9._-]*$/, patternText: 'lower case letters, digits, . _ -' }),
    description: optional(string()),
    base: string({ description: 'the base scenario file, relative to the sweep file' }),
    extra_bases: optional(arrayOf(string(), { description: 'more base scenarios: every point is run on each (a design factor)' })),
    design: oneOf(['grid', 'lhs'] as const, 'grid: every combination; lhs: a Latin hypercube of `samples` points'),
    samples: optional(number({ integer: true, min: 1, description: 'lhs: number of points' })),
    seed: number({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }),
    reps: number({ integer: true, min: 1 }),
    horizon_years: optional(number({ min: 0.01, description: 'observed period in years, > 0 (default: the scenario)' })),
    warmup_years: optional(number({ min: 0, description: 'warm-up (default: the scenario)' })),
    kpis: optional(arrayOf(string(), { minLength: 1, description: 'KPI ids to keep (default: all)' })),
    timeseries: optional(boolean('keep the time series of every run (larger output)')),
    parameters: arrayOf(parameterSchema, { minLength: 1 }),
  }),
  (s, path, issues) => {
    if (s.design === 'lhs' && s.samples === undefined) issues.push({ path: [...path, 'samples'], expected: 'the number of points of the Latin hypercube', found: 'nothing', severity: 'error' });
    if (s.design === 'grid' && s.samples !== undefined) issues.push({ path: [...path, 'samples'], expected: 'no samples for a grid (it takes every combination)', found: String(s.samples), severity: 'error' });
    s.parameters.forEach((p, i) => {
      if (s.design === 'lhs' && p.values !== undefined) issues.push({ path: [...path, 'parameters', i, 'values'], expected: 'a range from/to (a Latin hypercube samples ranges)', found: 'a list of values', severity: 'error' });
      if (s.design === 'grid' && p.values === undefined && p.steps === undefined) issues.push({ path: [...path, 'parameters', i, 'steps'], expected: 'the number of grid values between from and to', found: 'nothing', severity: 'error' });
    });
    const seen = new Set<string>();
    s.parameters.forEach((p, i) => {
      if (seen.has(p.path)) issues.push({ path: [...path, 'parameters', i, 'path'], expected: 'each path once', found: `'${p.path}' again`, severity: 'error' });
      seen.add(p.path);
    });
    (s.kpis ?? []).forEach((k, i) => {
      if (!isKpiSelection(k)) {
        const guess = didYouMean(k, ALL_KPIS);
        issues.push({ path: [...path, 'kpis', i], expected: `a KPI id (docs/model.md), or one of the families ${KPI_FAMILIES.map((f) => f + '*').join(', ')}`, found: `'${k}'`, severity: 'error', ...(guess ? { hint: `did you mean '${guess}'?` } : {}) });
      }
    });
  },
);

const SWEEP_KEYS = Object.keys((sweepSchema.json() as { properties: Record<string, unknown> }).properties);

export type SweepSpec = NonNullable<ReturnType<typeof sweepSchema.parse>>;

export class SweepError extends Error {
  constructor(
    readonly file: string,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
    this.name = 'SweepError';
  }
}

/** One point of a sweep: a base scenario and the values set on it. */
export interface SweepPoint {
  id: number;
  /** Index into the sweep's bases. */
  base: number;
  /** Scenario path -> value, in the order of the sweep file. */
  params: Record<string, number>;
}

export interface Sweep {
  spec: SweepSpec;
  /** The sweep file, as given. */
  file: string;
  /** Base scenario files, relative to the sweep file, as written. */
  baseFiles: string[];
  bases: Scenario[];
  /** Parsed scenario paths per parameter. */
  paths: (string | number)[][];
  points: SweepPoint[];
  /** Scenario of each point (base with the point's values set), checked by the scenario schema. */
  scenarios: Scenario[];
}

/** Parse `a.b[0].c` into ['a', 'b', 0, 'c']. */
export function parsePath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  // Keys: identifiers, or digits and dashes as YAML writes them (care.1.places, age.0-4).
  const re = /([A-Za-z0-9_][A-Za-z0-9_-]*)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) {
      if (!expectName) return undefined;
      out.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) return undefined;
      out.push(Number(m[2]));
    } else {
      if (expectName) return undefined;
      expectName = true;
    }
  }
  if (re.lastIndex !== text.length || expectName || out.length === 0) return undefined;
  return out;
}

type JsonNode = { type?: string; properties?: Record<string, JsonNode>; items?: JsonNode; oneOf?: JsonNode[]; anyOf?: JsonNode[] };

/** The keys the scenario schema allows at `path` (for suggestions), following the JSON Schema. */
function schemaKeysAt(path: (string | number)[]): string[] {
  let node: JsonNode | undefined = scenarioSchema.json() as JsonNode;
  for (const seg of path) {
    if (!node) return [];
    if (typeof seg === 'number') node = node.items;
    else node = node.properties?.[seg];
  }
  return Object.keys(node?.properties ?? {});
}

/**
 * Check a parameter path against the merged base scenario data: every step must exist and the
 * end must be a number or a parameter { value, unit, source }. Returns a problem text or null.
 */
export function checkPath(data: Record<string, unknown>, path: (string | number)[]): string | null {
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const here = formatPath(path.slice(0, i)) === '(top level)' ? 'the top level' : formatPath(path.slice(0, i));
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return `${here} is not a list, so [${seg}] does not apply`;
      if (seg >= node.length) return `${here} has ${node.length} entries, so [${seg}] does not exist`;
      node = node[seg];
      continue;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return `${here} is ${Array.isArray(node) ? 'a list (use [index])' : 'a value'}, so '${seg}' does not apply`;
    const rec = node as Record<string, unknown>;
    if (!(seg in rec)) {
      const allowed = schemaKeysAt(path.slice(0, i));
      if (allowed.includes(seg)) return `'${formatPath(path.slice(0, i + 1))}' is not set in the base scenario; write it there (with unit and source) to sweep it`;
      const guess = didYouMean(seg, [...new Set([...Object.keys(rec), ...allowed])]);
      return `unknown key '${seg}' at ${here}${guess ? ` (did you mean '${guess}'?)` : ''}`;
    }
    node = rec[seg];
  }
  if (typeof node === 'number') return null;
  if (typeof node === 'object' && node !== null && typeof (node as { value?: unknown }).value === 'number') return null;
  return `expected the path to end at a number or a parameter { value, unit, source }, found ${Array.isArray(node) ? 'a list' : typeof node === 'object' && node !== null ? `an object with keys ${Object.keys(node).join(', ')}` : JSON.stringify(node)}`;
}

/** Values of one parameter on a grid. */
function gridValues(p: SweepSpec['parameters'][number]): number[] {
  let vs: number[];
  if (p.values !== undefined) vs = p.values;
  else {
    const n = p.steps!;
    vs = n === 1 ? [p.from!] : Array.from({ length: n }, (_, i) => p.from! + ((p.to! - p.from!) * i) / (n - 1));
  }
  return p.integer ? vs.map(Math.round) : vs;
}

/**
 * A Latin hypercube of n points over the ranges: each range is cut in n equal strata and every
 * stratum is used exactly once per parameter, at a random position within it. Seeded, so the
 * same sweep file gives the same points.
 */
export function latinHypercube(ranges: { from: number; to: number; integer?: boolean | undefined }[], n: number, seed: number): number[][] {
  const u = new Streams({ seed, replication: 0 }).stream('sweep.lhs');
  const cols = ranges.map((r) => {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(u.uniform01() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    return perm.map((stratum) => {
      const x = r.from + ((r.to - r.from) * (stratum + u.uniform01())) / n;
      return r.integer ? Math.round(x) : x;
    });
  });
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
}

function cartesian(lists: number[][]): number[][] {
  let out: number[][] = [[]];
  for (const l of lists) out = out.flatMap((prefix) => l.map((v) => [...prefix, v]));
  return out;
}

function lineOfPath(text: string, path: (string | number)[]): number | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (node && (isScalar(node) || isMap(node)) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Load and check a sweep file: its schema, its base scenarios, its parameter paths, every point's
 * scenario. Files come from `source` (the file system, or texts in the web app).
 */
export function loadSweepFrom(source: ScenarioSource, path: string): Sweep {
  const file = source.canonical(path);
  const shown = source.display(file);
  const read = readSource(source, file);
  if ('found' in read) throw new SweepError(shown, [read.found === 'no file' ? `${shown}: no sweep file there` : `${shown}: expected a sweep file, found ${read.found}`]);
  const text = read.text;
  const parsed = parseYamlFile(text, 'sweep', SWEEP_KEYS);
  if ('problems' in parsed) {
    throw new SweepError(shown, parsed.problems.map((p) => `${shown}${p.line ? ':' + p.line : ''}: ${p.expected === 'valid YAML' ? `not valid YAML: ${p.found}` : `expected ${p.expected}, found ${p.found}`}`));
  }
  const issues: Issue[] = [];
  const spec = sweepSchema.parse(parsed.data, [], issues);
  const where = (path: (string | number)[]) => {
    const line = lineOfPath(text, path);
    return `${shown}${line ? ':' + line : ''}: ${formatPath(path)}`;
  };
  const fail = (lines: string[]) => {
    throw new SweepError(shown, lines);
  };
  if (issues.length > 0 || spec === undefined) fail(issues.map((i) => `${where(i.path)}: expected ${i.expected}, found ${i.found}${i.hint ? ` (${i.hint})` : ''}`));
  const s = spec!;
  const baseFiles = [s.base, ...(s.extra_bases ?? [])];
  const bases: Scenario[] = [];
  const datas: Record<string, unknown>[] = [];
  const problems: string[] = [];
  baseFiles.forEach((b, i) => {
    const path = source.resolve(file, b);
    const field = i === 0 ? ['base'] : ['extra_bases', i - 1];
    const base = readSource(source, path);
    if ('found' in base) return problems.push(`${where(field)}: expected a scenario file, found ${base.found === 'no file' ? 'no file' : base.found} at ${source.display(path)}`);
    try {
      bases.push(loadScenarioFrom(source, path).scenario);
      datas.push(scenarioDataFrom(source, path));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(`${where(field)}: the scenario is invalid:`, ...e.issues.map((x) => '  ' + x.text));
    }
  });
  if (problems.length > 0) fail(problems);
  const names = bases.map((b) => b.name);
  if (new Set(names).size !== names.length) fail([`${where(['extra_bases'])}: expected base scenarios with different names, found ${names.join(', ')}`]);
  const paths: (string | number)[][] = [];
  s.parameters.forEach((p, i) => {
    const parsed = parsePath(p.path);
    if (!parsed) return problems.push(`${where(['parameters', i, 'path'])}: expected a path like swt.youth_slots_per_wijk or population.wijken[0].share, found '${p.path}'`);
    paths.push(parsed);
    datas.forEach((d, b) => {
      const why = checkPath(d, parsed);
      if (why) problems.push(`${where(['parameters', i, 'path'])}: ${why}${datas.length > 1 ? ` (in base ${baseFiles[b]})` : ''}`);
    });
  });
  if (problems.length > 0) fail(problems);
  // Refuse what cannot finish before making its points: a grid of 10^7 steps would not even fit in memory.
  const perBase = s.design === 'grid' ? s.parameters.reduce((n, p) => n * (p.values?.length ?? p.steps!), 1) : s.samples!;
  const size = `${perBase === 1 ? '1 point' : `${count(perBase)} points`}${baseFiles.length > 1 ? ` x ${baseFiles.length} base scenarios` : ''}`;
  try {
    checkPoints(perBase * baseFiles.length, `${shown}: ${size}`);
    checkRuns(perBase * baseFiles.length * s.reps, s.timeseries ?? false, `${shown}: ${size} x ${count(s.reps)} replications`);
  } catch (e) {
    if (e instanceof LimitError) fail([e.message]);
    throw e;
  }
  const weeks = sweepRunWeeks(s);
  const combos = s.design === 'grid' ? cartesian(s.parameters.map(gridValues)) : latinHypercube(s.parameters.map((p) => ({ from: p.from!, to: p.to!, integer: p.integer })), s.samples!, s.seed);
  const points: SweepPoint[] = [];
  const scenarios: Scenario[] = [];
  baseFiles.forEach((b, bi) => {
    for (const combo of combos) {
      const params: Record<string, number> = {};
      const overrides: Override[] = [];
      s.parameters.forEach((p, i) => {
        params[p.path] = combo[i]!;
        overrides.push({ path: paths[i]!, value: combo[i]! });
      });
      const id = points.length;
      try {
        scenarios.push(loadScenarioFrom(source, source.resolve(file, b), { overrides }).scenario);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        const set = Object.entries(params).map(([k, v]) => `${k} = ${v}`).join(', ');
        fail([`${shown}: point ${id} (${set}${baseFiles.length > 1 ? ` on ${b}` : ''}) makes an invalid scenario:`, ...e.issues.map((x) => '  ' + x.text)]);
      }
      const sc = scenarios[scenarios.length - 1]!;
      try {
        checkRun(sc, weeks.warmupWeeks ?? sc.simulation.warmup.value, weeks.horizonWeeks ?? sc.simulation.horizon.value, `${shown}: point ${id} (${Object.entries(params).map(([k, v]) => `${k} = ${v}`).join(', ')})`);
      } catch (e) {
        if (e instanceof LimitError) fail([e.message]);
        throw e;
      }
      points.push({ id, base: bi, params });
    }
  });
  return { spec: s, file: shown, baseFiles, bases, paths, points, scenarios };
}

/** Run options shared by every run of the sweep. */
export function sweepRunWeeks(spec: SweepSpec): { horizonWeeks?: number; warmupWeeks?: number } {
  return {
    ...(spec.horizon_years !== undefined ? { horizonWeeks: spec.horizon_years * WEEKS_PER_YEAR } : {}),
    ...(spec.warmup_years !== undefined ? { warmupWeeks: spec.warmup_years * WEEKS_PER_YEAR } : {}),
  };
}

export interface Shard {
  index: number;
  count: number;
}

/** Parse `--shard i/n` (i from 0). */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) return undefined;
  return { index, count };
}

/** The runs (k = point * reps + rep) of a shard, in order. */
export function shardRuns(points: number, reps: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let k = 0; k < points * reps; k++) if (!shard || k % shard.count === shard.index) out.push(k);
  return out;
}
