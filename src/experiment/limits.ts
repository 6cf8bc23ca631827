/**
 * Limits on what one command is asked to do, checked before any work is done. A request beyond
 * them would run out of memory or run for longer than anyone waits, so it is refused up front with
 * what it implies and what the limit is, instead of hanging or crashing hours later. The numbers
 * are measured on the shipped baseline (Node 20, 2 cores); raise them when the code needs less.
 */
import type { Plan } from './plan.js';

export const LIMITS = {
  /** Runs (points x replications) of one command whose runs keep their time series (run, compare, a sweep with timeseries): about 20 kB a run in memory and in runs.jsonl. */
  runsWithSeries: 50_000,
  /** Runs of one command without time series (a sweep): a sweep keeps which runs are done (14 bytes a run in the journal's index) and writes its outputs a point at a time; run and compare hold every run. */
  runs: 1_000_000,
  /** Points of one sweep: each point's scenario is built and held (measured: about 300 kB and 20 ms a point). */
  points: 10_000,
  /** Simulated years of one run (warm-up + observed): the model schedules its monthly samples up front. */
  yearsPerRun: 1_000,
  /** Casussen that arrive in one run: about 1 kB each while they wait, 50,000 a second (the baseline has about 6,000 a year). */
  arrivalsPerRun: 1_000_000,
} as const;

export class LimitError extends Error {
  override name = 'LimitError';
}

/** A count for people: 1234567 -> '1,234,567'; beyond 1e15 in powers of ten. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return 'more than 1e308';
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1).replace('e+', 'e');
}

/** Refuse a number of runs beyond the limit. `what` says how the count came about. */
export function checkRuns(runs: number, timeseries: boolean, what: string, hint = 'Use fewer replications or points, or split the work into shards (--shard i/n) and merge them'): void {
  const limit = timeseries ? LIMITS.runsWithSeries : LIMITS.runs;
  if (!(runs <= limit)) {
    throw new LimitError(
      `${what} = ${count(runs)} runs; the limit is ${count(limit)} runs per command${timeseries ? ' when runs keep their time series' : ''}. ` +
        hint,
    );
  }
}

/** Refuse a sweep with more points than the limit, before its points are made. */
export function checkPoints(points: number, what: string): void {
  if (!(points <= LIMITS.points)) throw new LimitError(`${what} = ${count(points)} points; the limit is ${count(LIMITS.points)} points per sweep. Use fewer steps or samples`);
}

interface ParamLike {
  value: number;
  written: { value: number; unit: string };
}

const isParam = (x: unknown): x is ParamLike =>
  typeof x === 'object' && x !== null && typeof (x as ParamLike).value === 'number' && typeof (x as ParamLike).written?.unit === 'string';

/**
 * The inflow of a scenario in casussen per week: every rate parameter (per_week, per_month,
 * per_year; held in per week) under `inflow`, wherever the model keeps it; and the largest, by
 * its field path, to name in a message.
 */
export function inflow(scenario: { inflow?: unknown }): { perWeek: number; largest?: { path: string; param: ParamLike } } {
  let perWeek = 0;
  let largest: { path: string; param: ParamLike } | undefined;
  const walk = (x: unknown, path: string): void => {
    if (isParam(x)) {
      if (/^per_(week|month|year)$/.test(x.written.unit)) {
        perWeek += x.value;
        if (!largest || !(x.value <= largest.param.value)) largest = { path, param: x };
      }
    } else if (typeof x === 'object' && x !== null) {
      for (const [k, v] of Object.entries(x)) walk(v, Array.isArray(x) ? `${path}[${k}]` : `${path}.${k}`);
    }
  };
  walk(scenario.inflow, 'inflow');
  return { perWeek, ...(largest ? { largest } : {}) };
}

/** The inflow of a scenario in casussen per week. */
export const inflowPerWeek = (scenario: { inflow?: unknown }): number => inflow(scenario).perWeek;

/**
 * Expected arrivals of one run: the inflow over warm-up and horizon, growing by `growth` a year
 * from the start (an upper bound whatever the model's start of growth).
 */
export function expectedArrivals(perWeek: number, weeks: number, growthPerYear: number): number {
  const years = weeks / (365.25 / 7);
  const g = Math.log1p(growthPerYear);
  const factor = Math.abs(g) < 1e-12 ? years : Math.expm1(g * years) / g;
  return perWeek * (365.25 / 7) * factor;
}

/** Refuse a run whose length or expected arrivals are beyond the limits. */
export function checkRun(scenario: { name: string; inflow?: unknown }, warmupWeeks: number, observedWeeks: number, what = `scenario ${scenario.name}`): void {
  const weeks = warmupWeeks + observedWeeks;
  const years = weeks / (365.25 / 7);
  if (!(years <= LIMITS.yearsPerRun)) {
    throw new LimitError(`${what}: a run of ${count(years)} years (simulation.warmup + simulation.horizon, or --warmup-years + --horizon-years); the limit is ${count(LIMITS.yearsPerRun)} years per run`);
  }
  const growth = (scenario.inflow as { growth_per_year?: unknown } | undefined)?.growth_per_year;
  const { perWeek, largest } = inflow(scenario);
  const arrivals = expectedArrivals(perWeek, weeks, isParam(growth) ? growth.value : 0);
  if (!(arrivals <= LIMITS.arrivalsPerRun)) {
    const most = largest ? `; the largest rate is ${largest.path}, ${largest.param.written.value} ${largest.param.written.unit}` : '';
    throw new LimitError(
      `${what}: ${Number.isFinite(arrivals) ? 'about ' : ''}${count(arrivals)} casussen arrive in one run (inflow ${count(perWeek * (365.25 / 7))} a year over ${+years.toPrecision(3)} years` +
        `${isParam(growth) && growth.value !== 0 ? `, growing ${+(100 * growth.value).toPrecision(3)}% a year (inflow.growth_per_year)` : ''}${most}); the limit is ${count(LIMITS.arrivalsPerRun)} per run. Lower the inflow rates or the horizon`,
    );
  }
}

/** Check a plan against every limit: its runs, and each point's length and arrivals. */
export function checkPlan(plan: Plan, what: string): void {
  const m = plan.manifest;
  checkRuns(m.points.length * m.reps, m.timeseries, `${what}: ${count(m.points.length)} point(s) x ${count(m.reps)} replications`);
  for (const p of m.points) checkRun(plan.scenarios[p.id]!, p.warmupWeeks, p.observedWeeks, `${what}: ${m.points.length > 1 ? `point ${p.id} (${p.scenario})` : p.scenario}`);
}
