/**
 * The years ahead (issue 24.4): a scenario with a calendar (simulation.start_year) reports its KPIs
 * per calendar year (year.<YYYY>.<kpi>, src/model/kpis.ts), and one with a transition switches
 * design on 1 January of a year. These functions read both from the comparison's own summaries
 * and scenarios, so the year view shows the numbers of the same runs as every other view and as
 * the CLI's year table. Pure (tested in test/web).
 */
import type { Summary } from '../../src/experiment/ci.js';
import { YEAR_KPI, YEAR_KPIS } from '../../src/experiment/kpis.js';
import { Csv } from '../../src/experiment/results.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import type { Design, Scenario } from '../../src/scenario/types.js';
import { CSV_IDS, type Compared, type CsvWords } from './data.js';
import { buildScenario, catalogue } from './scenarios.js';

export type YearKpi = (typeof YEAR_KPIS)[number];
export { YEAR_KPIS };

/** The year KPI a view starts with: the wait to the first conversation, as the headline's. */
export const DEFAULT_YEAR_KPI: YearKpi = 'wait_intake_weeks';

/** The id of a per-year KPI, as the model names it. */
export const yearKpiId = (year: number, kpi: YearKpi): string => `year.${year}.${kpi}`;

/** Does any scenario of the comparison have a calendar? */
export const hasCalendar = (scenarios: readonly Scenario[]): boolean => scenarios.some((s) => s.simulation.start_year !== undefined);

/**
 * The calendar years the comparison observed, every year from the first that any scenario
 * reports to the last (the model reports whole years only); empty without a calendar.
 */
export function yearsOf(c: Compared): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of c.sums) {
    for (const [k, v] of Object.entries(s.kpis)) {
      const m = YEAR_KPI.exec(k);
      if (!m || v.n === 0) continue;
      lo = Math.min(lo, Number(m[1]));
      hi = Math.max(hi, Number(m[1]));
    }
  }
  const out: number[] = [];
  for (let y = lo; y <= hi; y++) out.push(y);
  return out;
}

/** One year of a scenario: the summary over the replications and the paired difference with the reference. */
export interface YearValue extends Summary {
  year: number;
  diff?: Summary;
}

/** A year KPI of one scenario (a point of the comparison), over the years it reports. */
export interface YearSeries {
  point: number;
  scenario: string;
  values: YearValue[];
}

/** Per scenario, a year KPI over the observed years, from the comparison's summaries. */
export function yearSeries(c: Compared, kpi: YearKpi): YearSeries[] {
  const years = yearsOf(c);
  return c.sums.map((s, point) => {
    const values: YearValue[] = [];
    for (const year of years) {
      const id = yearKpiId(year, kpi);
      const v = s.kpis[id];
      if (!v || v.n === 0) continue;
      const d = s.differences?.[id];
      values.push({ year, ...v, ...(d && d.n > 0 ? { diff: d } : {}) });
    }
    return { point, scenario: s.point.scenario, values };
  });
}

/** A switch of design in a scenario of the comparison (its point), on 1 January of `year`. */
export interface DesignSwitch {
  point: number;
  year: number;
  from: Design;
  to: Design;
  /** The learning time of the new teams, in years. */
  learningYears: number;
  /** The moment of the switch in the run's time (weeks, the warm-up included), for the time series. */
  atWeeks: number;
}

/**
 * The switches of the scenarios (one per scenario with a transition), at the time the model
 * switches (src/model/transition.ts: the warm-up plus the years from the start year).
 */
export function switchesOf(scenarios: readonly Scenario[], warmupWeeks: number): DesignSwitch[] {
  const out: DesignSwitch[] = [];
  scenarios.forEach((s, point) => {
    const t = s.transition;
    const start = s.simulation.start_year;
    if (!t || start === undefined) return;
    out.push({ point, year: t.year, from: t.before.design, to: s.design, learningYears: t.learning_time.value / WEEKS_PER_YEAR, atWeeks: warmupWeeks + (t.year - start) * WEEKS_PER_YEAR });
  });
  return out;
}

/**
 * The calendar of a time axis: the start year that every scenario with a calendar shares (the
 * end of the warm-up is 1 January of it), or undefined when none has one or they differ.
 */
export function commonStartYear(scenarios: readonly Scenario[]): number | undefined {
  const years = new Set(scenarios.map((s) => s.simulation.start_year).filter((y): y is number => y !== undefined));
  return years.size === 1 ? [...years][0] : undefined;
}

/** A year KPI per scenario and year as CSV: mean, CI, n and the paired difference with the reference. */
export function yearsCsv(c: Compared, kpi: YearKpi, w: CsvWords = CSV_IDS): string {
  const csv = new Csv(w.dialect, ['scenario', 'year', 'kpi', 'mean', 'ci_low', 'ci_high', 'n', 'diff_mean', 'diff_ci_low', 'diff_ci_high'].map(w.col));
  for (const s of yearSeries(c, kpi)) for (const v of s.values) csv.row([s.scenario, v.year, kpi, v.mean, v.ciLow, v.ciHigh, v.n, v.diff?.mean, v.diff?.ciLow, v.diff?.ciHigh]);
  return csv.toString();
}

/**
 * The shipped scenarios with a calendar, to compare year by year: those without a switch first
 * (the reference), then the switches; at most four (the app's slots).
 */
export function calendarFiles(): string[] {
  const withCalendar = catalogue()
    .filter((c) => !c.imported)
    .map((c) => ({ file: c.file, s: buildScenario(c.file, {}) }))
    .filter((x) => x.s.simulation.start_year !== undefined);
  return withCalendar
    .sort((a, b) => Number(a.s.transition !== undefined) - Number(b.s.transition !== undefined) || (a.file < b.file ? -1 : 1))
    .slice(0, 4)
    .map((x) => x.file);
}
