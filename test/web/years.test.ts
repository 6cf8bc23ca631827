/**
 * The data of the year view and of the targets panel (issue 24), without a browser: the year
 * series come from the comparison's own summaries and equal what `ketensim compare` reports per
 * year for the same files, seed, horizon and warm-up; the switch of design is where the model
 * switches; the targets of a baseline are the shipped file that names it, and their rows equal
 * what `ketensim calibrate --targets` computes for the same runs.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { toRecord } from '../../src/experiment/results.js';
import { runReplication } from '../../src/model/model.js';
import { Transition } from '../../src/model/transition.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import { compare, jobsFor, type SlotScenario } from '../../web/src/data.js';
import { buildScenario, DESIGN_FILES } from '../../web/src/scenarios.js';
import type { Settings } from '../../web/src/state.js';
import { shippedTargets, targetRows, targetsFor } from '../../web/src/targets.js';
import { calendarFiles, commonStartYear, hasCalendar, switchesOf, yearsCsv, yearSeries, yearsOf, YEAR_KPIS } from '../../web/src/years.js';
import { i18n } from '../../web/src/i18n/index.js';
import { switchLabel } from '../../web/src/views/years-view.js';
import { DESIGNS, TRANSITION_FROM, TRANSITION_TO } from '../../src/scenario/types.js';

const ROOT = resolve(__dirname, '../..');
const JAREN = ['scenarios/jaren/nijmegen-2026-2030.yaml', 'scenarios/jaren/overgang-brede-basisteams-2027.yaml', 'scenarios/jaren/overgang-geoptimaliseerd-2027.yaml'];

/** The comparison as the app computes it: the app's jobs, run as its worker runs them. */
function webComparison(files: readonly string[], settings: Settings) {
  const slots: SlotScenario[] = files.map((file) => ({ file, scenario: buildScenario(file, {}) }));
  const records = new Map(jobsFor(slots, settings).map((j) => [j.key, toRecord(0, 0, j.options.replication, runReplication(j.scenario, j.options), null, true)]));
  const jobs = jobsFor(slots, settings);
  const c = compare(slots, settings, (slot, rep) => records.get(jobs.find((j) => j.scenario === slots[slot]!.scenario && j.options.replication === rep)!.key));
  return { slots, c: c! };
}

async function cli(args: string[]): Promise<{ code: number; json: unknown }> {
  const out: string[] = [];
  const code = await main([...args, '--workers', '1', '--json'], { out: (s) => out.push(s), err: () => undefined });
  return { code, json: JSON.parse(out.join('\n')) };
}

describe('year by year', () => {
  const settings: Settings = { reps: 2, seed: 1, horizonYears: 2, warmupYears: 1, equal: 'designed' };

  it('per scenario and year the summaries of the comparison, as ketensim compare reports them; the switch where the model switches', async () => {
    const { slots, c } = webComparison(JAREN, settings);
    expect(yearsOf(c)).toEqual([2026, 2027]);
    const { json } = await cli(['compare', ...JAREN.map((f) => join(ROOT, f)), '--reps', '2', '--seed', '1', '--horizon-years', '2', '--warmup-years', '1']);
    const want = json as { scenarios: Record<string, Record<string, { mean: number; ciLow: number; ciHigh: number; n: number }>>; differences: Record<string, Record<string, { mean: number }>> };
    for (const kpi of YEAR_KPIS) {
      const series = yearSeries(c, kpi);
      expect(series.map((s) => s.scenario)).toEqual(['nijmegen-2026-2030', 'overgang-brede-basisteams-2027', 'overgang-geoptimaliseerd-2027']);
      for (const s of series) {
        expect(s.values.map((v) => v.year), `${s.scenario} ${kpi}`).toEqual([2026, 2027]);
        for (const v of s.values) {
          const w = want.scenarios[s.scenario]![`year.${v.year}.${kpi}`]!;
          expect({ mean: v.mean, ciLow: v.ciLow, ciHigh: v.ciHigh, n: v.n }).toEqual({ mean: w.mean, ciLow: w.ciLow, ciHigh: w.ciHigh, n: 2 });
          if (s.point > 0) expect(v.diff!.mean).toBe(want.differences[s.scenario]![`year.${v.year}.${kpi}`]!.mean);
        }
      }
    }
    // Before the switch every scenario runs today's design with the same random numbers.
    const before = yearSeries(c, 'trajectories').map((s) => s.values[0]!.mean);
    expect(new Set(before).size).toBe(1);
    // The switches: two of the three, in 2027, from the indicatiemodel, at the model's own moment.
    const scenarios = slots.map((s) => s.scenario);
    const sw = switchesOf(scenarios, settings.warmupYears * WEEKS_PER_YEAR);
    expect(sw.map((s) => [s.point, s.year, s.from, s.to])).toEqual([
      [1, 2027, 'indicatiemodel', 'brede-basisteams'],
      [2, 2027, 'indicatiemodel', 'geoptimaliseerd-indicatiemodel'],
    ]);
    for (const s of sw) expect(s.atWeeks).toBe(new Transition(scenarios[s.point]!, settings.warmupYears * WEEKS_PER_YEAR).at);
    expect(sw[0]!.learningYears).toBeCloseTo(2, 10);
    expect(hasCalendar(scenarios)).toBe(true);
    expect(commonStartYear(scenarios)).toBe(2026);
    // The CSV has one row per scenario and year, in the Dutch dialect by default.
    const rows = yearsCsv(c, 'wait_intake_weeks').trim().split('\r\n');
    expect(rows).toHaveLength(1 + 3 * 2);
    expect(rows[0]).toBe('scenario;year;kpi;mean;ci_low;ci_high;n;diff_mean;diff_ci_low;diff_ci_high');
    expect(rows[1]).toMatch(/^nijmegen-2026-2030;2026;wait_intake_weeks;\d+,\d+;/);
  });

  it('the view offers the shipped scenarios with a calendar, the reference first; every year KPI and design has words in both languages', async () => {
    expect(calendarFiles()).toEqual(JAREN);
    const { nl } = await import('../../web/src/i18n/nl.js');
    const { en } = await import('../../web/src/i18n/en.js');
    const keys = [...YEAR_KPIS.map((k) => `years.kpi.${k}`), ...[...DESIGNS, ...TRANSITION_FROM, ...TRANSITION_TO].map((d) => `design.${d}`)];
    for (const k of keys) {
      expect(nl, k).toHaveProperty([k]);
      expect(en, k).toHaveProperty([k]);
    }
    expect(switchLabel(i18n('nl'), { to: 'brede-basisteams', year: 2027 })).toBe('overgang naar brede basisteams, 2027');
    expect(switchLabel(i18n('en'), { to: 'geoptimaliseerd-indicatiemodel', year: 2027 })).toBe('switch to the optimised indicatiemodel, 2027');
  });

  it('a comparison without a calendar has no years and no switches', () => {
    const { slots, c } = webComparison(DESIGN_FILES.slice(0, 2), { ...settings, horizonYears: 0.5, warmupYears: 0.25 });
    expect(yearsOf(c)).toEqual([]);
    expect(yearSeries(c, 'cost_meur').every((s) => s.values.length === 0)).toBe(true);
    const scenarios = slots.map((s) => s.scenario);
    expect(hasCalendar(scenarios)).toBe(false);
    expect(switchesOf(scenarios, 0)).toEqual([]);
    expect(commonStartYear(scenarios)).toBeUndefined();
  });
});

describe('targets of the baseline', () => {
  it('are the shipped targets file that names the baseline', () => {
    expect(shippedTargets().map((t) => t.file).sort()).toEqual(['scenarios/nijmegen-2019-doelen.yaml', 'scenarios/rivierstad/doelen.yaml']);
    expect(targetsFor(DESIGN_FILES[0]!)!.file).toBe('scenarios/nijmegen-2019-doelen.yaml');
    expect(targetsFor('scenarios/rivierstad/basis.yaml')!.file).toBe('scenarios/rivierstad/doelen.yaml');
    // The Rivierstad targets are a table (CSV from Dutch Excel), read by the same reader.
    expect(targetsFor('scenarios/rivierstad/basis.yaml')!.targets.length).toBeGreaterThanOrEqual(4);
    // A design or a scenario with a calendar has no targets of its own.
    expect(targetsFor(DESIGN_FILES[2]!)).toBeNull();
    expect(targetsFor(JAREN[0]!)).toBeNull();
  });

  it('rows equal what ketensim calibrate --targets computes for the same runs', async () => {
    const targets = targetsFor(DESIGN_FILES[0]!)!;
    const s = buildScenario(DESIGN_FILES[0]!, {});
    // calibrate runs the baseline over its file's own horizon and warm-up, as the app's default settings do.
    const settings: Settings = { reps: 2, seed: 1, horizonYears: s.simulation.horizon.value / WEEKS_PER_YEAR, warmupYears: s.simulation.warmup.value / WEEKS_PER_YEAR, equal: 'designed' };
    const { c } = webComparison([DESIGN_FILES[0]!], settings);
    const rows = targetRows(c, targets);
    expect(rows.map((r) => r.kpi)).toEqual(targets.targets.map((t) => t.kpi));
    const { json } = await cli(['calibrate', '--targets', join(ROOT, targets.file), '--reps', '2', '--seed', '1']);
    expect(JSON.parse(JSON.stringify(rows))).toEqual((json as { rows: unknown }).rows);
  });
});
