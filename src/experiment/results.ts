/**
 * Result sets of experiments (run, compare, sweep) and the files made from them: tidy CSV,
 * summary CSV and JSON, time series with percentiles across replications, flow counts, event
 * logs. Pure functions of (manifest, runs), with no file system, so the CLI, the report and the web
 * app make the same numbers; runs are put in canonical order first, so the output does not
 * depend on the order in which runs finished (workers, shards, resumes).
 */
import { summarise, type Summary } from './ci.js';
import { kpiSelected } from './kpis.js';
import type { ReplicationResult, EventLogRow } from '../model/outputs.js';
import type { Scenario } from '../scenario/types.js';

export const RESULTS_FORMAT = 'ketensim-results/1';

export interface ManifestPoint {
  id: number;
  /** Index into `bases`. */
  base: number;
  /** Scenario name of the base (compare: the scenario). */
  scenario: string;
  /** Swept parameter path -> value (empty for compare and run). */
  params: Record<string, number>;
  /** Warm-up and observed period of this point's runs, in weeks. */
  warmupWeeks: number;
  observedWeeks: number;
}

export interface AssumptionRow {
  path: string;
  value: number;
  unit: string;
  source: string;
  aanname: boolean;
}

export interface ManifestBase {
  file: string;
  name: string;
  title: string;
  design: string;
  /** Every parameter of the scenario with value, unit and source. */
  parameters: AssumptionRow[];
}

export interface Manifest {
  format: typeof RESULTS_FORMAT;
  kind: 'run' | 'compare' | 'sweep';
  name: string;
  modelVersion: string;
  /**
   * The JavaScript engine that ran the model ('v8 11.3.244.8-node.x'): engines may differ in the
   * last bits of Math.exp/log/pow, so results are byte-identical only on the same engine.
   */
  engine: string;
  seed: number | string;
  reps: number;
  /** Point whose runs the others are paired with (compare), or null. */
  reference: number | null;
  /** KPI ids kept (null: all). */
  kpis: string[] | null;
  timeseries: boolean;
  /** CSV dialect of the output files. */
  csv: CsvDialect;
  bases: ManifestBase[];
  /** The swept parameter paths (empty for compare and run). */
  parameters: string[];
  points: ManifestPoint[];
  /** Set on the output of one shard; absent on whole results. */
  shard?: { index: number; count: number };
  /** Hash of everything above but the shard: results with equal fingerprints belong together. */
  fingerprint: string;
}

/** One finished run: replication `rep` of point `point`; k = point * reps + rep. */
export interface RunRecord {
  k: number;
  point: number;
  rep: number;
  kpis: Record<string, number | null>;
  flows: Record<string, number>;
  series?: { t: number[]; series: Record<string, number[]> };
  /** Histograms of waits (counts per bin of HIST_BIN_WEEKS, the last bin: everything beyond). */
  hist?: Record<string, number[]>;
  counts: ReplicationResult['counts'];
}

/** The record of a replication, keeping the chosen KPIs (null for a value without observations). */
export function toRecord(k: number, point: number, rep: number, r: ReplicationResult, keep: readonly string[] | null, series: boolean): RunRecord {
  const kpis: Record<string, number | null> = {};
  for (const key of Object.keys(r.kpis).sort()) {
    if (keep && !kpiSelected(keep, key)) continue;
    const v = r.kpis[key]!;
    kpis[key] = Number.isFinite(v) ? v : null;
  }
  return { k, point, rep, kpis, flows: r.flows, ...(series ? { series: r.timeSeries } : {}), ...(series && r.hist ? { hist: r.hist } : {}), counts: r.counts };
}

/** Every parameter of a parsed scenario, with the value and unit as written. */
export function scenarioParameters(s: Scenario): AssumptionRow[] {
  const rows: AssumptionRow[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : i}]`));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    const w = o.written as { value: number; unit: string } | undefined;
    if (w && typeof o.source === 'string') {
      // A derived parameter (a rate from its per_1000) is listed as what it is derived from.
      if (o.derived !== undefined) return;
      rows.push({ path, value: w.value, unit: w.unit, source: o.source, aanname: o.aanname === true });
      return;
    }
    for (const [k, x] of Object.entries(o)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(s, '');
  return rows;
}

export function manifestBase(file: string, s: Scenario): ManifestBase {
  return { file, name: s.name, title: s.title, design: s.design, parameters: scenarioParameters(s) };
}

/** Runs in canonical order, checked to be exactly the runs of the manifest (no gaps, no duplicates). */
export function canonicalRuns(m: Manifest, runs: readonly RunRecord[]): RunRecord[] {
  const total = m.points.length * m.reps;
  const byK = new Map<number, RunRecord>();
  for (const r of runs) {
    if (r.k < 0 || r.k >= total || r.point !== Math.floor(r.k / m.reps) || r.rep !== r.k % m.reps) throw new Error(`run ${r.k} (point ${r.point}, replication ${r.rep}) does not belong to these results`);
    if (byK.has(r.k)) throw new Error(`run ${r.k} appears twice`);
    byK.set(r.k, r);
  }
  if (byK.size !== total) {
    const missing = [];
    for (let k = 0; k < total && missing.length < 5; k++) if (!byK.has(k)) missing.push(k);
    throw new Error(`${total - byK.size} of ${total} runs are missing (first: ${missing.join(', ')})`);
  }
  return [...byK.keys()].sort((a, b) => a - b).map((k) => byK.get(k)!);
}

// ---- CSV ---------------------------------------------------------------------------------

/**
 * CSV dialects. 'nl' (default) is what Dutch Excel opens with a double click: fields separated
 * by ';', decimal comma, UTF-8 with a byte-order mark (R: read.csv2; pandas: sep=';',
 * decimal=','). 'intl' is comma-separated with decimal points, for scripts.
 */
export type CsvDialect = 'nl' | 'intl';

export class Csv {
  private readonly rows: string[] = [];
  private readonly sep: string;
  constructor(
    readonly dialect: CsvDialect,
    header: string[],
  ) {
    this.sep = dialect === 'nl' ? ';' : ',';
    this.row(header);
  }

  private field(v: string | number | null | undefined): string {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
    if (typeof v === 'number') return this.dialect === 'nl' ? String(v).replace('.', ',') : String(v);
    return v.includes(this.sep) || /["\r\n]/.test(v) || (this.dialect === 'nl' && v.includes(',')) ? `"${v.replace(/"/g, '""')}"` : v;
  }

  row(values: (string | number | null | undefined)[]): void {
    this.rows.push(values.map((v) => this.field(v)).join(this.sep));
  }

  toString(): string {
    return (this.dialect === 'nl' ? '\uFEFF' : '') + this.rows.join('\r\n') + '\r\n';
  }
}

const paramCols = (m: Manifest) => m.parameters;
const pointCols = (m: Manifest, p: ManifestPoint) => [p.scenario, p.id, ...m.parameters.map((k) => p.params[k])];

function kpiKeys(runs: readonly RunRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.kpis)) keys.add(k);
  return [...keys].sort();
}

/** Tidy: one row per scenario, point, replication and KPI. */
export function tidyCsv(m: Manifest, runs: readonly RunRecord[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, ['scenario', 'point', ...paramCols(m), 'replication', 'kpi', 'value']);
  for (const r of canonicalRuns(m, runs)) {
    const p = m.points[r.point]!;
    for (const [k, v] of Object.entries(r.kpis)) csv.row([...pointCols(m, p), r.rep, k, v]);
  }
  return csv.toString();
}

export interface PointSummary {
  point: ManifestPoint;
  kpis: Record<string, Summary>;
  /** Paired differences with the reference point, replication by replication (compare). */
  differences?: Record<string, Summary>;
}

/** Mean, sd, Student-t 95% CI and n per point and KPI; paired differences against the reference. */
export function summarisePoints(m: Manifest, runs: readonly RunRecord[]): PointSummary[] {
  const ordered = canonicalRuns(m, runs);
  const keys = kpiKeys(ordered);
  const of = (point: number) => ordered.slice(point * m.reps, (point + 1) * m.reps);
  const ref = m.reference === null ? null : of(m.reference);
  return m.points.map((p) => {
    const rs = of(p.id);
    const kpis: Record<string, Summary> = {};
    for (const k of keys) kpis[k] = summarise(rs.map((r) => r.kpis[k]).filter((v): v is number => typeof v === 'number'));
    if (ref === null || p.id === m.reference) return { point: p, kpis };
    const differences: Record<string, Summary> = {};
    for (const k of keys) {
      const d: number[] = [];
      rs.forEach((r, i) => {
        const a = r.kpis[k];
        const b = ref[i]!.kpis[k];
        if (typeof a === 'number' && typeof b === 'number') d.push(a - b);
      });
      differences[k] = summarise(d);
    }
    return { point: p, kpis, differences };
  });
}

export function summaryCsv(m: Manifest, sums: readonly PointSummary[], dialect: CsvDialect = 'nl'): string {
  const paired = m.reference !== null;
  const csv = new Csv(dialect, ['scenario', 'point', ...paramCols(m), 'kpi', 'mean', 'sd', 'ci_low', 'ci_high', 'n', ...(paired ? ['diff_mean', 'diff_ci_low', 'diff_ci_high'] : [])]);
  for (const s of sums) {
    for (const [k, v] of Object.entries(s.kpis)) {
      const d = s.differences?.[k];
      csv.row([...pointCols(m, s.point), k, v.mean, v.sd, v.ciLow, v.ciHigh, v.n, ...(paired ? [d?.mean, d?.ciLow, d?.ciHigh] : [])]);
    }
  }
  return csv.toString();
}

const cleanNumbers = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

export function summaryJson(m: Manifest, sums: readonly PointSummary[]): string {
  const { fingerprint: _f, shard: _s, engine: _e, ...meta } = m;
  return (
    JSON.stringify(
      {
        ...meta,
        results: sums.map((s) => ({ point: s.point.id, scenario: s.point.scenario, params: s.point.params, kpis: s.kpis, ...(s.differences ? { differences: s.differences } : {}) })),
      },
      cleanNumbers,
      1,
    ) + '\n'
  );
}

/** Type-7 (linear) quantile of sorted values, as R and numpy do by default. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface SeriesBand {
  point: number;
  series: string;
  t: number[];
  mean: number[];
  p10: number[];
  p50: number[];
  p90: number[];
}

/** Time series per point with mean and 10th, 50th and 90th percentiles across replications. */
export function seriesBands(m: Manifest, runs: readonly RunRecord[]): SeriesBand[] {
  const ordered = canonicalRuns(m, runs);
  const out: SeriesBand[] = [];
  for (const p of m.points) {
    const rs = ordered.slice(p.id * m.reps, (p.id + 1) * m.reps).filter((r) => r.series !== undefined);
    if (rs.length === 0) continue;
    const t = rs[0]!.series!.t;
    const names = Object.keys(rs[0]!.series!.series).sort();
    for (const name of names) {
      const band: SeriesBand = { point: p.id, series: name, t, mean: [], p10: [], p50: [], p90: [] };
      t.forEach((_, i) => {
        const xs = rs.map((r) => r.series!.series[name]?.[i]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
        band.mean.push(xs.reduce((a, b) => a + b, 0) / xs.length);
        band.p10.push(quantileSorted(xs, 0.1));
        band.p50.push(quantileSorted(xs, 0.5));
        band.p90.push(quantileSorted(xs, 0.9));
      });
      out.push(band);
    }
  }
  return out;
}

export function timeseriesCsv(m: Manifest, bands: readonly SeriesBand[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, ['scenario', 'point', ...paramCols(m), 'series', 't_weeks', 'warmup', 'mean', 'p10', 'p50', 'p90']);
  for (const b of bands) {
    const p = m.points[b.point]!;
    b.t.forEach((t, i) => csv.row([...pointCols(m, p), b.series, t, t < p.warmupWeeks ? 1 : 0, b.mean[i], b.p10[i], b.p50[i], b.p90[i]]));
  }
  return csv.toString();
}

export interface FlowSummary {
  point: number;
  from: string;
  to: string;
  /** Casussen per year over the observed period. */
  perYear: Summary;
}

/** Flow counts between nodes per point, per year of the observed period, with CIs. */
export function flowSummaries(m: Manifest, runs: readonly RunRecord[]): FlowSummary[] {
  const ordered = canonicalRuns(m, runs);
  const out: FlowSummary[] = [];
  for (const p of m.points) {
    const rs = ordered.slice(p.id * m.reps, (p.id + 1) * m.reps);
    const keys = new Set<string>();
    for (const r of rs) for (const k of Object.keys(r.flows)) keys.add(k);
    const years = p.observedWeeks / (365.25 / 7);
    for (const key of [...keys].sort()) {
      const [from, to] = key.split(' -> ') as [string, string];
      out.push({ point: p.id, from, to, perYear: summarise(rs.map((r) => (r.flows[key] ?? 0) / years)) });
    }
  }
  return out;
}

export function flowsCsv(m: Manifest, flows: readonly FlowSummary[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, ['scenario', 'point', ...paramCols(m), 'from', 'to', 'per_year_mean', 'ci_low', 'ci_high', 'n']);
  for (const f of flows) csv.row([...pointCols(m, m.points[f.point]!), f.from, f.to, f.perYear.mean, f.perYear.ciLow, f.perYear.ciHigh, f.perYear.n]);
  return csv.toString();
}

/** Model time 0 of the observed period: the end of the warm-up is 1 January 2019 (the calibration year). */
export const OBSERVATION_START_MS = Date.UTC(2019, 0, 1);

/**
 * An event log in the shape process-mining tools (ProM, Disco, PM4Py, Celonis) import: one row per
 * event with case id, activity, timestamp (ISO 8601) and resource. Times run from 1 January 2019
 * at the end of the warm-up; `t_weeks` keeps the model time.
 */
export function eventLogCsv(logs: { scenario: string; warmupWeeks: number; rows: readonly EventLogRow[] }[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, ['scenario', 'case_id', 'activity', 'timestamp', 'resource', 't_weeks']);
  for (const log of logs) {
    for (const r of log.rows) {
      const ms = OBSERVATION_START_MS + Math.round((r.time - log.warmupWeeks) * 7 * 86_400_000);
      csv.row([log.scenario, `${log.scenario}/${r.casus}`, r.activity, new Date(ms).toISOString(), r.node, r.time]);
    }
  }
  return csv.toString();
}

/** Every output file of a result set, by name (the same whoever writes them). */
export function resultFiles(m: Manifest, runs: readonly RunRecord[], dialect: CsvDialect = 'nl'): Record<string, string> {
  const sums = summarisePoints(m, runs);
  const files: Record<string, string> = {
    'tidy.csv': tidyCsv(m, runs, dialect),
    'summary.csv': summaryCsv(m, sums, dialect),
    'summary.json': summaryJson(m, sums),
    'flows.csv': flowsCsv(m, flowSummaries(m, runs), dialect),
  };
  const bands = seriesBands(m, runs);
  if (bands.length > 0) files['timeseries.csv'] = timeseriesCsv(m, bands, dialect);
  return files;
}

/**
 * Parse the runs.jsonl of a results folder without checking line hashes (for the browser, which
 * reads finished folders; the CLI checks hashes in journal.ts). Lines that are not records are
 * skipped and counted.
 */
export function parseRunsJsonl(text: string): { runs: RunRecord[]; skipped: number } {
  const runs: RunRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const o = JSON.parse(line) as { run?: RunRecord };
      if (o && typeof o.run === 'object' && o.run !== null && typeof o.run.k === 'number' && typeof o.run.kpis === 'object') runs.push(o.run);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { runs, skipped };
}
