/**
 * From cached runs to what the views show: the comparison (the same manifest and summaries as the
 * CLI's compare), the job list in the order that gives a first estimate quickly, and CSV of shown
 * data. Pure (tested in test/web).
 */
import { scaleDesign, type EqualMode, type EqualResult } from '../../src/experiment/fair.js';
import { growingQueues, type GrowingQueue } from '../../src/experiment/stability.js';
import { flowSummaries, seriesBands, summarisePoints, Csv, type FlowSummary, type Manifest, type PointSummary, type RunRecord, type SeriesBand } from '../../src/experiment/results.js';
import { scenariosPlan } from '../../src/experiment/plan.js';
import { hashText } from '../../src/experiment/plan.js';
import type { RunOptions } from '../../src/model/model.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Job } from './runner.js';
import type { Settings } from './state.js';

export interface SlotScenario {
  file: string;
  scenario: Scenario;
}

export function runOptions(settings: Settings, rep: number): RunOptions {
  return { seed: settings.seed, replication: rep, horizonWeeks: settings.horizonYears * WEEKS_PER_YEAR, warmupWeeks: settings.warmupYears * WEEKS_PER_YEAR };
}

/** The cache key of a scenario's runs under the settings (the replication is appended). */
export function scenarioKey(s: Scenario, settings: Settings): string {
  return hashText(JSON.stringify({ s, h: settings.horizonYears, w: settings.warmupYears, seed: settings.seed }));
}

/** Names must differ within a comparison: a second slot with the same scenario gets a suffix. */
export function uniqueNames(slots: readonly SlotScenario[]): SlotScenario[] {
  const seen = new Map<string, number>();
  return slots.map((sl) => {
    const n = (seen.get(sl.scenario.name) ?? 0) + 1;
    seen.set(sl.scenario.name, n);
    return n === 1 ? sl : { ...sl, scenario: { ...sl.scenario, name: `${sl.scenario.name}-${n}` } };
  });
}

/**
 * The jobs of a comparison, in the order that shows numbers soonest: the first `first`
 * replications of every scenario, then the rest replication by replication. Replication 0 also
 * keeps the event log (for the animation).
 */
export function jobsFor(slots: readonly SlotScenario[], settings: Settings, first = 2): Job[] {
  const keys = slots.map((s) => scenarioKey(s.scenario, settings));
  const jobs: Job[] = [];
  const add = (i: number, rep: number) => jobs.push({ key: `${keys[i]}:${rep}`, scenario: slots[i]!.scenario, options: runOptions(settings, rep), eventLog: rep === 0 });
  for (let rep = 0; rep < Math.min(first, settings.reps); rep++) slots.forEach((_, i) => add(i, rep));
  for (let rep = first; rep < settings.reps; rep++) slots.forEach((_, i) => add(i, rep));
  return jobs;
}

export interface Compared {
  manifest: Manifest;
  runs: RunRecord[];
  /** Replications available for every scenario (0..k-1). */
  k: number;
  sums: PointSummary[];
  /** Computed when first read (as flows and waits). */
  readonly bands: SeriesBand[];
  readonly flows: FlowSummary[];
  /** Waiting-time distributions: per measure and point, the mean share of casussen per bin. */
  readonly waits: Record<'wait_intake' | 'time_to_care', number[][]>;
  /** Queues still growing at a full resource (src/experiment/stability.ts), as the CLI warns. */
  growing: GrowingQueue[];
}

/** Mean share per bin over the replications of a point (bins of HIST_BIN_WEEKS; the last is "more"). */
export function meanShares(runs: readonly RunRecord[], point: number, which: string): number[] {
  const rs = runs.filter((r) => r.point === point && r.hist?.[which]);
  if (rs.length === 0) return [];
  const n = rs[0]!.hist![which]!.length;
  const out = new Array<number>(n).fill(0);
  for (const r of rs) {
    const hh = r.hist![which]!;
    const total = hh.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    for (let i = 0; i < n; i++) out[i]! += hh[i]! / total / rs.length;
  }
  return out;
}

/**
 * The comparison over the replications every scenario has (so differences stay paired): the same
 * plan and summaries as `ketensim compare` with the same files, seed, horizon and warm-up.
 */
export function compare(slots: readonly SlotScenario[], settings: Settings, get: (slot: number, rep: number) => RunRecord | undefined): Compared | null {
  const named = uniqueNames(slots);
  let k = 0;
  while (k < settings.reps && named.every((_, i) => get(i, k) !== undefined)) k++;
  if (k === 0) return null;
  const plan = scenariosPlan('compare', named, {
    reps: k,
    seed: settings.seed,
    reference: named[0]!.scenario.name,
    horizonWeeks: settings.horizonYears * WEEKS_PER_YEAR,
    warmupWeeks: settings.warmupYears * WEEKS_PER_YEAR,
  });
  const runs: RunRecord[] = [];
  named.forEach((_, p) => {
    for (let rep = 0; rep < k; rep++) runs.push({ ...get(p, rep)!, k: p * k + rep, point: p, rep });
  });
  // The time series, flows and waiting-time distributions when a view first asks for them: the
  // headline needs none of them, and the page opens faster without (issue 23.7).
  let bands: SeriesBand[] | undefined;
  let flows: FlowSummary[] | undefined;
  let waits: Compared['waits'] | undefined;
  const m = plan.manifest;
  return {
    manifest: m,
    runs,
    k,
    sums: summarisePoints(m, runs),
    get bands() {
      return (bands ??= seriesBands(m, runs));
    },
    get flows() {
      return (flows ??= flowSummaries(m, runs));
    },
    get waits() {
      return (waits ??= {
        wait_intake: named.map((_, p) => meanShares(runs, p, 'wait_intake')),
        time_to_care: named.map((_, p) => meanShares(runs, p, 'time_to_care')),
      });
    },
    growing: growingQueues(m, runs),
  };
}

/**
 * Column names and the dialect of the app's CSV files in its language (Dutch Excel: semicolons
 * and decimal commas; English: commas and points). `col` names a column by its id.
 */
export interface CsvWords {
  dialect: 'nl' | 'intl';
  col(id: string): string;
  /** A KPI for people (a column next to its id). */
  kpi?(id: string): string;
}

export const CSV_IDS: CsvWords = { dialect: 'nl', col: (id) => id };

/** The KPI table as CSV (what the table shows, in full precision). */
export function tableCsv(c: Compared, kpis: readonly string[], w: CsvWords = CSV_IDS, bands: readonly (Record<string, { p10: number; p90: number }> | null)[] = []): string {
  const label = w.kpi;
  // The uncertainty in the assumptions, where the table shows it: two columns of their own.
  const withBands = bands.some((b) => b !== null);
  const csv = new Csv(w.dialect, ['kpi', ...(label ? ['label'] : []), 'scenario', 'mean', 'ci_low', 'ci_high', 'n', 'diff_mean', 'diff_ci_low', 'diff_ci_high', ...(withBands ? ['assumptions_p10', 'assumptions_p90'] : [])].map(w.col));
  for (const k of kpis) {
    c.sums.forEach((s, i) => {
      const v = s.kpis[k];
      const d = s.differences?.[k];
      if (!v) return;
      const b = bands[i]?.[k];
      csv.row([k, ...(label ? [label(k)] : []), s.point.scenario, v.mean, v.ciLow, v.ciHigh, v.n, d?.mean, d?.ciLow, d?.ciHigh, ...(withBands ? [b?.p10, b?.p90] : [])]);
    });
  }
  return csv.toString();
}

/** A time series as CSV: per scenario and moment, mean and percentiles. */
export function seriesCsv(c: Compared, series: string, w: CsvWords = CSV_IDS): string {
  const csv = new Csv(w.dialect, ['scenario', 'series', 't_weeks', 'warmup', 'mean', 'p10', 'p50', 'p90'].map(w.col));
  for (const b of c.bands.filter((x) => x.series === series)) {
    const p = c.manifest.points[b.point]!;
    b.t.forEach((t, i) => csv.row([p.scenario, series, t, t < p.warmupWeeks ? 1 : 0, b.mean[i], b.p10[i], b.p50[i], b.p90[i]]));
  }
  return csv.toString();
}

/**
 * The mean yearly total cost of a scenario over replications 0..reps-1, summed in that order and
 * divided as `ketensim compare --equal budget` does, so the search takes the same steps.
 */
export function meanCost(get: (rep: number) => RunRecord | undefined, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += get(r)?.kpis.cost_total_meur ?? NaN;
  return sum / reps;
}

/** The slots with each design's own staff scaled by its factor (a factor of 1 leaves the scenario as it is). */
export function equalisedSlots(slots: readonly SlotScenario[], fair: EqualResult, mode: Exclude<EqualMode, 'designed'>): SlotScenario[] {
  return slots.map((s, i) => {
    const f = fair.designs[i]!.factor;
    return f === 1 ? s : { ...s, scenario: scaleDesign(s.scenario, f, mode) };
  });
}
