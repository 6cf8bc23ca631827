/**
 * Result sets of experiments (run, compare, sweep) and the files made from them: tidy CSV,
 * summary CSV and JSON, time series with percentiles across replications, flow counts, event
 * logs. Pure functions of (manifest, runs), with no file system, so the CLI, the report and the web
 * app make the same numbers; runs are put in canonical order first, so the output does not
 * depend on the order in which runs finished (workers, shards, resumes).
 */
import { summarise, type Summary } from './ci.js';
import { kpiSelected, YEAR_KPI } from './kpis.js';
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
  /** Also write the tidy table as tidy.parquet (absent: no). */
  parquet?: boolean;
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

export type Cell = string | number | null | undefined;

function csvField(dialect: CsvDialect, sep: string, v: Cell): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  if (typeof v === 'number') return dialect === 'nl' ? String(v).replace('.', ',') : String(v);
  return v.includes(sep) || /["\r\n]/.test(v) || (dialect === 'nl' && v.includes(',')) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV text written as it goes: the byte-order mark (nl) and the header first, then a line per
 * row, each ended by CRLF. `Csv` below collects the same text in memory.
 */
export class CsvWriter {
  private readonly sep: string;
  constructor(
    readonly dialect: CsvDialect,
    header: string[],
    private readonly write: (text: string) => void,
  ) {
    this.sep = dialect === 'nl' ? ';' : ',';
    write((dialect === 'nl' ? '\uFEFF' : '') + this.line(header));
  }

  private line(values: Cell[]): string {
    return values.map((v) => csvField(this.dialect, this.sep, v)).join(this.sep) + '\r\n';
  }

  row(values: Cell[]): void {
    this.write(this.line(values));
  }
}

export class Csv {
  private readonly parts: string[] = [];
  private readonly w: CsvWriter;
  constructor(
    readonly dialect: CsvDialect,
    header: string[],
  ) {
    this.w = new CsvWriter(dialect, header, (t) => this.parts.push(t));
  }

  row(values: Cell[]): void {
    this.w.row(values);
  }

  toString(): string {
    return this.parts.join('');
  }
}

const paramCols = (m: Manifest) => m.parameters;
const pointCols = (m: Manifest, p: ManifestPoint) => [p.scenario, p.id, ...m.parameters.map((k) => p.params[k])];

/** Every KPI id in the runs, sorted (the columns of the summaries). */
export function kpiKeys(runs: readonly RunRecord[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.kpis)) keys.add(k);
  return [...keys].sort();
}

/** The runs of each point, in canonical order (replication 0..R-1 of point 0, then point 1, ...). */
const byPoint = (m: Manifest, ordered: readonly RunRecord[]) => (point: number) => ordered.slice(point * m.reps, (point + 1) * m.reps);

const TIDY_HEAD = (m: Manifest) => ['scenario', 'point', ...paramCols(m), 'replication', 'kpi', 'value'];

function tidyRows(m: Manifest, rs: readonly RunRecord[], row: (values: Cell[]) => void): void {
  for (const r of rs) {
    const p = m.points[r.point]!;
    for (const [k, v] of Object.entries(r.kpis)) row([...pointCols(m, p), r.rep, k, v]);
  }
}

/** Tidy: one row per scenario, point, replication and KPI. */
export function tidyCsv(m: Manifest, runs: readonly RunRecord[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, TIDY_HEAD(m));
  tidyRows(m, canonicalRuns(m, runs), (v) => csv.row(v));
  return csv.toString();
}

export interface PointSummary {
  point: ManifestPoint;
  kpis: Record<string, Summary>;
  /** Paired differences with the reference point, replication by replication (compare). */
  differences?: Record<string, Summary>;
}

/** The summary of one point's runs over the KPIs `keys`, paired with the reference's runs `ref` if given. */
function pointSummary(p: ManifestPoint, keys: readonly string[], rs: readonly RunRecord[], ref: readonly RunRecord[] | null, isRef: boolean): PointSummary {
  const kpis: Record<string, Summary> = {};
  for (const k of keys) kpis[k] = summarise(rs.map((r) => r.kpis[k]).filter((v): v is number => typeof v === 'number'));
  if (ref === null || isRef) return { point: p, kpis };
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
}

/** Mean, sd, Student-t 95% CI and n per point and KPI; paired differences against the reference. */
export function summarisePoints(m: Manifest, runs: readonly RunRecord[]): PointSummary[] {
  const ordered = canonicalRuns(m, runs);
  const keys = kpiKeys(ordered);
  const of = byPoint(m, ordered);
  const ref = m.reference === null ? null : of(m.reference);
  return m.points.map((p) => pointSummary(p, keys, of(p.id), ref, p.id === m.reference));
}

const YEARS_HEAD = (m: Manifest) => ['scenario', 'point', ...paramCols(m), 'year', 'kpi', 'mean', 'ci_low', 'ci_high', 'n', ...(m.reference !== null ? ['diff_mean', 'diff_ci_low', 'diff_ci_high'] : [])];

/** The per-year KPIs (year.<YYYY>.<kpi>) of a point as rows of year and KPI, for years.csv. */
function yearRows(m: Manifest, s: PointSummary, row: (values: Cell[]) => void): void {
  const paired = m.reference !== null;
  for (const [k, v] of Object.entries(s.kpis)) {
    const y = YEAR_KPI.exec(k);
    if (!y) continue;
    const d = s.differences?.[k];
    row([...pointCols(m, s.point), Number(y[1]), y[2]!, v.mean, v.ciLow, v.ciHigh, v.n, ...(paired ? [d?.mean, d?.ciLow, d?.ciHigh] : [])]);
  }
}

const SUMMARY_HEAD = (m: Manifest) => ['scenario', 'point', ...paramCols(m), 'kpi', 'mean', 'sd', 'ci_low', 'ci_high', 'n', ...(m.reference !== null ? ['diff_mean', 'diff_ci_low', 'diff_ci_high'] : [])];

function summaryRows(m: Manifest, s: PointSummary, row: (values: Cell[]) => void): void {
  const paired = m.reference !== null;
  for (const [k, v] of Object.entries(s.kpis)) {
    const d = s.differences?.[k];
    row([...pointCols(m, s.point), k, v.mean, v.sd, v.ciLow, v.ciHigh, v.n, ...(paired ? [d?.mean, d?.ciLow, d?.ciHigh] : [])]);
  }
}

export function summaryCsv(m: Manifest, sums: readonly PointSummary[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, SUMMARY_HEAD(m));
  for (const s of sums) summaryRows(m, s, (v) => csv.row(v));
  return csv.toString();
}

const cleanNumbers = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

/**
 * summary.json in three parts, so it can be written a point at a time: the text before the
 * first result, each result (as JSON.stringify would indent it inside the `results` list), and
 * the text after the last. Joined, they are JSON.stringify({ ...meta, results }, _, 1).
 */
const RESULTS_MARK = '"results": []\n}';
function summaryJsonHead(m: Manifest): string {
  const { fingerprint: _f, shard: _s, engine: _e, ...meta } = m;
  const empty = JSON.stringify({ ...meta, results: [] }, cleanNumbers, 1);
  return empty.slice(0, empty.length - RESULTS_MARK.length) + '"results": [';
}
function summaryJsonItem(s: PointSummary, first: boolean): string {
  const item = { point: s.point.id, scenario: s.point.scenario, params: s.point.params, kpis: s.kpis, ...(s.differences ? { differences: s.differences } : {}) };
  // Inside the list, every line is indented by two more spaces (JSON strings hold no raw newlines).
  return (first ? '\n  ' : ',\n  ') + JSON.stringify(item, cleanNumbers, 1).replace(/\n/g, '\n  ');
}
const summaryJsonTail = (any: boolean) => (any ? '\n ]\n}\n' : ']\n}\n');

export function summaryJson(m: Manifest, sums: readonly PointSummary[]): string {
  return summaryJsonHead(m) + sums.map((s, i) => summaryJsonItem(s, i === 0)).join('') + summaryJsonTail(sums.length > 0);
}

/** Type-7 (linear) quantile of sorted values, as R and numpy do by default. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
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

function pointBands(p: ManifestPoint, runs: readonly RunRecord[]): SeriesBand[] {
  const rs = runs.filter((r) => r.series !== undefined);
  if (rs.length === 0) return [];
  const out: SeriesBand[] = [];
  const t = rs[0]!.series!.t;
  const names = Object.keys(rs[0]!.series!.series).sort();
  // One buffer for the values at a time step, sorted as numbers (the web app draws these bands
  // while it starts: a typed array sorts several times faster than an array with a comparator).
  const buf = new Float64Array(rs.length);
  for (const name of names) {
    const band: SeriesBand = { point: p.id, series: name, t, mean: [], p10: [], p50: [], p90: [] };
    const cols = rs.map((r) => r.series!.series[name]);
    for (let i = 0; i < t.length; i++) {
      let n = 0;
      for (const col of cols) {
        const v = col?.[i];
        if (typeof v === 'number') buf[n++] = v;
      }
      const xs = buf.subarray(0, n).sort();
      // Summed in sorted order, as before, so the means stay the same to the last bit.
      let sum = 0;
      for (let j = 0; j < n; j++) sum += xs[j]!;
      band.mean.push(sum / n);
      band.p10.push(quantileSorted(xs, 0.1));
      band.p50.push(quantileSorted(xs, 0.5));
      band.p90.push(quantileSorted(xs, 0.9));
    }
    out.push(band);
  }
  return out;
}

/** Time series per point with mean and 10th, 50th and 90th percentiles across replications. */
export function seriesBands(m: Manifest, runs: readonly RunRecord[]): SeriesBand[] {
  const of = byPoint(m, canonicalRuns(m, runs));
  return m.points.flatMap((p) => pointBands(p, of(p.id)));
}

const TIMESERIES_HEAD = (m: Manifest) => ['scenario', 'point', ...paramCols(m), 'series', 't_weeks', 'warmup', 'mean', 'p10', 'p50', 'p90'];

function timeseriesRows(m: Manifest, b: SeriesBand, row: (values: Cell[]) => void): void {
  const p = m.points[b.point]!;
  b.t.forEach((t, i) => row([...pointCols(m, p), b.series, t, t < p.warmupWeeks ? 1 : 0, b.mean[i], b.p10[i], b.p50[i], b.p90[i]]));
}

export function timeseriesCsv(m: Manifest, bands: readonly SeriesBand[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, TIMESERIES_HEAD(m));
  for (const b of bands) timeseriesRows(m, b, (v) => csv.row(v));
  return csv.toString();
}

export interface FlowSummary {
  point: number;
  from: string;
  to: string;
  /** Casussen per year over the observed period. */
  perYear: Summary;
}

function pointFlows(p: ManifestPoint, rs: readonly RunRecord[]): FlowSummary[] {
  const keys = new Set<string>();
  for (const r of rs) for (const k of Object.keys(r.flows)) keys.add(k);
  const years = p.observedWeeks / (365.25 / 7);
  return [...keys].sort().map((key) => {
    const [from, to] = key.split(' -> ') as [string, string];
    return { point: p.id, from, to, perYear: summarise(rs.map((r) => (r.flows[key] ?? 0) / years)) };
  });
}

/** Flow counts between nodes per point, per year of the observed period, with CIs. */
export function flowSummaries(m: Manifest, runs: readonly RunRecord[]): FlowSummary[] {
  const of = byPoint(m, canonicalRuns(m, runs));
  return m.points.flatMap((p) => pointFlows(p, of(p.id)));
}

const FLOWS_HEAD = (m: Manifest) => ['scenario', 'point', ...paramCols(m), 'from', 'to', 'per_year_mean', 'ci_low', 'ci_high', 'n'];

function flowRows(m: Manifest, f: FlowSummary, row: (values: Cell[]) => void): void {
  row([...pointCols(m, m.points[f.point]!), f.from, f.to, f.perYear.mean, f.perYear.ciLow, f.perYear.ciHigh, f.perYear.n]);
}

export function flowsCsv(m: Manifest, flows: readonly FlowSummary[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, FLOWS_HEAD(m));
  for (const f of flows) flowRows(m, f, (v) => csv.row(v));
  return csv.toString();
}

/** Model time 0 of the observed period: the end of the warm-up is 1 January 2019 (the calibration year), unless the scenario has a start year. */
export const OBSERVATION_START_MS = Date.UTC(2019, 0, 1);

/**
 * An event log in the shape process-mining tools (ProM, Disco, PM4Py, Celonis) import: one row per
 * event with case id, activity, timestamp (ISO 8601) and resource. Times run from 1 January 2019
 * at the end of the warm-up; `t_weeks` keeps the model time.
 */
export function eventLogCsv(logs: { scenario: string; warmupWeeks: number; startYear?: number; rows: readonly EventLogRow[] }[], dialect: CsvDialect = 'nl'): string {
  const csv = new Csv(dialect, ['scenario', 'case_id', 'activity', 'timestamp', 'resource', 't_weeks']);
  for (const log of logs) {
    // A scenario with a calendar starts its observed period on 1 January of its start year.
    const start = log.startYear !== undefined ? Date.UTC(log.startYear, 0, 1) : OBSERVATION_START_MS;
    for (const r of log.rows) {
      const ms = start + Math.round((r.time - log.warmupWeeks) * 7 * 86_400_000);
      csv.row([log.scenario, `${log.scenario}/${r.casus}`, r.activity, new Date(ms).toISOString(), r.node, r.time]);
    }
  }
  return csv.toString();
}

/** Where the output files go: text appended to a file by name (created at its first text). */
export type ResultsSink = (file: string, text: string) => void;

/**
 * Write every output file of a result set, a point at a time: `runsOf(p)` gives the runs of
 * point p in replication order, and only one point's runs (and the reference's) are needed at
 * once, so a results folder of any size is written in bounded memory. `keys` are the KPI ids
 * of all runs (kpiKeys). Files appear in the order tidy.csv, summary.csv, summary.json,
 * flows.csv, years.csv (only for scenarios with a calendar), timeseries.csv (only when runs kept
 * time series).
 */
export function writeResults(
  m: Manifest,
  keys: readonly string[],
  runsOf: (point: number) => readonly RunRecord[],
  dialect: CsvDialect,
  sink: ResultsSink,
  /** Also sees every row of the tidy table (for tidy.parquet). */
  tidyRow?: (cells: Cell[]) => void,
): void {
  const to = (file: string) => (text: string) => sink(file, text);
  const tidy = new CsvWriter(dialect, TIDY_HEAD(m), to('tidy.csv'));
  const summary = new CsvWriter(dialect, SUMMARY_HEAD(m), to('summary.csv'));
  sink('summary.json', summaryJsonHead(m));
  const flows = new CsvWriter(dialect, FLOWS_HEAD(m), to('flows.csv'));
  let series: CsvWriter | null = null;
  let years: CsvWriter | null = null;
  const ref = m.reference === null ? null : runsOf(m.reference);
  for (const p of m.points) {
    const rs = runsOf(p.id);
    tidyRows(m, rs, (v) => {
      tidy.row(v);
      tidyRow?.(v);
    });
    const s = pointSummary(p, keys, rs, ref, p.id === m.reference);
    summaryRows(m, s, (v) => summary.row(v));
    yearRows(m, s, (v) => {
      years ??= new CsvWriter(dialect, YEARS_HEAD(m), to('years.csv'));
      years.row(v);
    });
    sink('summary.json', summaryJsonItem(s, p.id === 0));
    for (const f of pointFlows(p, rs)) flowRows(m, f, (v) => flows.row(v));
    for (const b of pointBands(p, rs)) {
      series ??= new CsvWriter(dialect, TIMESERIES_HEAD(m), to('timeseries.csv'));
      timeseriesRows(m, b, (v) => series!.row(v));
    }
  }
  sink('summary.json', summaryJsonTail(m.points.length > 0));
}

/** Every output file of a result set, by name (the same whoever writes them). */
export function resultFiles(m: Manifest, runs: readonly RunRecord[], dialect: CsvDialect = 'nl'): Record<string, string> {
  const ordered = canonicalRuns(m, runs);
  const parts: Record<string, string[]> = {};
  writeResults(m, kpiKeys(ordered), byPoint(m, ordered), dialect, (file, text) => (parts[file] ??= []).push(text));
  return Object.fromEntries(Object.entries(parts).map(([f, p]) => [f, p.join('')]));
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
