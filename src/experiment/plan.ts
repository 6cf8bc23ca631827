/**
 * Experiments as plans: a manifest (what is run), the scenario of every point and the runs to do
 * (all, or one shard's). Pure, so the web app builds the same plans as the CLI.
 */
import { MODEL_VERSION, type RunOptions } from '../model/model.js';
import type { Scenario } from '../scenario/types.js';
import { manifestBase, RESULTS_FORMAT, type CsvDialect, type Manifest, type ManifestPoint } from './results.js';
import { shardRuns, sweepRunWeeks, type Shard, type Sweep } from './sweep.js';

/** 53-bit string hash (cyrb53), seeded. */
function cyrb53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 106-bit hex hash of a string: tells experiments apart (not a security measure). */
export function hashText(s: string): string {
  return [1, 2].map((seed) => cyrb53(s, seed).toString(16).padStart(14, '0')).join('');
}

/**
 * The fingerprint of a manifest: everything that decides the numbers (not the shard, not the CSV
 * dialect of the output files), plus the full scenario of every point.
 */
export function fingerprint(m: Omit<Manifest, 'fingerprint' | 'shard'>, scenarios: readonly unknown[]): string {
  const { csv: _csv, parquet: _parquet, ...decides } = m;
  return hashText(JSON.stringify({ m: decides, scenarios }));
}

/** The JavaScript engine running this code (Node's V8 version; 'browser' in a page). */
export function engineVersion(): string {
  const v8 = (globalThis as { process?: { versions?: { v8?: string } } }).process?.versions?.v8;
  return v8 ? `v8 ${v8}` : 'browser';
}

export interface Plan {
  manifest: Manifest;
  /** Scenario of each point. */
  scenarios: Scenario[];
  /** Run options (horizon, warm-up) of each point, without seed and replication. */
  options: Pick<RunOptions, 'horizonWeeks' | 'warmupWeeks'>[];
  /** The runs k = point * reps + rep this plan does (a shard does some). */
  runs: number[];
}

export interface WeeksOptions {
  horizonWeeks?: number;
  warmupWeeks?: number;
}

function point(id: number, base: number, s: Scenario, params: Record<string, number>, w: WeeksOptions): ManifestPoint {
  return { id, base, scenario: s.name, params, warmupWeeks: w.warmupWeeks ?? s.simulation.warmup.value, observedWeeks: w.horizonWeeks ?? s.simulation.horizon.value };
}

function seal(m: Omit<Manifest, 'fingerprint' | 'shard'>, scenarios: Scenario[], shard?: Shard): Manifest {
  return { ...m, ...(shard ? { shard } : {}), fingerprint: fingerprint(m, scenarios) };
}

/** A plan for one or more scenarios (run, compare): one point per scenario, paired with the reference. */
export function scenariosPlan(
  kind: 'run' | 'compare',
  entries: { file: string; scenario: Scenario }[],
  opts: { reps: number; seed: number | string; reference?: string; csv?: CsvDialect } & WeeksOptions,
): Plan {
  const w: WeeksOptions = { ...(opts.horizonWeeks !== undefined ? { horizonWeeks: opts.horizonWeeks } : {}), ...(opts.warmupWeeks !== undefined ? { warmupWeeks: opts.warmupWeeks } : {}) };
  const scenarios = entries.map((e) => e.scenario);
  const ref = opts.reference === undefined ? (kind === 'compare' ? 0 : null) : scenarios.findIndex((s) => s.name === opts.reference);
  if (ref === -1) throw new Error(`reference '${opts.reference}' is not among ${scenarios.map((s) => s.name).join(', ')}`);
  const m = {
    format: RESULTS_FORMAT,
    kind,
    name: scenarios.map((s) => s.name).join('+'),
    modelVersion: MODEL_VERSION,
    engine: engineVersion(),
    seed: opts.seed,
    reps: opts.reps,
    reference: ref,
    kpis: null,
    timeseries: true,
    csv: opts.csv ?? 'nl',
    bases: entries.map((e) => manifestBase(e.file, e.scenario)),
    parameters: [],
    points: scenarios.map((s, i) => point(i, i, s, {}, w)),
  } satisfies Omit<Manifest, 'fingerprint' | 'shard'>;
  return { manifest: seal(m, scenarios), scenarios, options: scenarios.map(() => w), runs: shardRuns(scenarios.length, opts.reps, undefined) };
}

/** A plan for a sweep (or one shard of it). */
export function sweepPlan(sweep: Sweep, opts: { shard?: Shard; csv?: CsvDialect; parquet?: boolean } = {}): Plan {
  const s = sweep.spec;
  const w = sweepRunWeeks(s);
  const m = {
    format: RESULTS_FORMAT,
    kind: 'sweep',
    name: s.name,
    modelVersion: MODEL_VERSION,
    engine: engineVersion(),
    seed: s.seed,
    reps: s.reps,
    reference: null,
    kpis: s.kpis ?? null,
    timeseries: s.timeseries ?? false,
    csv: opts.csv ?? 'nl',
    ...(opts.parquet ? { parquet: true } : {}),
    bases: sweep.bases.map((b, i) => manifestBase(sweep.baseFiles[i]!, b)),
    parameters: s.parameters.map((p) => p.path),
    points: sweep.points.map((p) => point(p.id, p.base, sweep.scenarios[p.id]!, p.params, w)),
  } satisfies Omit<Manifest, 'fingerprint' | 'shard'>;
  return { manifest: seal(m, sweep.scenarios, opts.shard), scenarios: sweep.scenarios, options: sweep.points.map(() => w), runs: shardRuns(sweep.points.length, s.reps, opts.shard) };
}


/**
 * A plan of given points (sensitivity analysis): each point a base scenario at some positions of
 * its parameters, run `reps` times. Kind 'sweep', so it resumes and reports as a sweep does.
 */
export function pointsPlan(
  name: string,
  bases: { file: string; scenario: Scenario }[],
  points: { base: number; scenario: Scenario; params: Record<string, number> }[],
  parameters: string[],
  opts: { reps: number; seed: number | string; kpis?: string[] | null; csv?: CsvDialect } & WeeksOptions,
): Plan {
  const w: WeeksOptions = { ...(opts.horizonWeeks !== undefined ? { horizonWeeks: opts.horizonWeeks } : {}), ...(opts.warmupWeeks !== undefined ? { warmupWeeks: opts.warmupWeeks } : {}) };
  const scenarios = points.map((p) => p.scenario);
  const m = {
    format: RESULTS_FORMAT,
    kind: 'sweep',
    name,
    modelVersion: MODEL_VERSION,
    engine: engineVersion(),
    seed: opts.seed,
    reps: opts.reps,
    reference: null,
    kpis: opts.kpis ?? null,
    timeseries: false,
    csv: opts.csv ?? 'nl',
    bases: bases.map((b) => manifestBase(b.file, b.scenario)),
    parameters,
    points: points.map((p, i) => point(i, p.base, bases[p.base]!.scenario, p.params, w)),
  } satisfies Omit<Manifest, 'fingerprint' | 'shard'>;
  return { manifest: seal(m, scenarios), scenarios, options: scenarios.map(() => w), runs: shardRuns(scenarios.length, opts.reps, undefined) };
}
