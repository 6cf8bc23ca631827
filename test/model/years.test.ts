/**
 * Years ahead: results per calendar year, growth and demography from the base year, and a switch
 * of design at a date with a transition (src/model/transition.ts, docs/model.md 2.7).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/model/model.js';
import { Transition } from '../../src/model/transition.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import { MONTH_WEEKS } from '../../src/model/calendar.js';
import { cli } from '../faults/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const JAREN = join(ROOT, 'scenarios', 'jaren');
const BASE = join(JAREN, 'nijmegen-2026-2030.yaml');
const BBT = join(JAREN, 'overgang-brede-basisteams-2027.yaml');
const dir = mkdtempSync(join(tmpdir(), 'ketensim-years-'));
const short = { seed: 3, replication: 0, warmupWeeks: 2 * WEEKS_PER_YEAR };

describe('results per calendar year', () => {
  it('a scenario with a start year reports year.<YYYY>.<kpi> for each whole year; one without does not', () => {
    const r = runReplication(loadScenario(BASE).scenario, short);
    for (const y of [2026, 2027, 2028, 2029, 2030]) {
      expect(r.kpis[`year.${y}.signals`], String(y)).toBeGreaterThan(1000);
      expect(r.kpis[`year.${y}.cost_meur`], String(y)).toBeGreaterThan(10);
    }
    expect(r.kpis['year.2031.signals']).toBeUndefined();
    // The years add up to the whole: trajectories a year times five.
    const sum = [2026, 2027, 2028, 2029, 2030].reduce((a, y) => a + r.kpis[`year.${y}.trajectories`]!, 0);
    expect(sum / 5).toBeCloseTo(r.kpis.trajectories_per_year!, 6);
    const plain = runReplication(loadScenario(join(ROOT, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml')).scenario, { ...short, horizonWeeks: WEEKS_PER_YEAR });
    expect(Object.keys(plain.kpis).some((k) => k.startsWith('year.'))).toBe(false);
  });

  it('growth from -10% to +10% a year runs, and the signals follow it from the base year on', () => {
    const s = loadScenario(BASE).scenario;
    const signals = (g: number) => {
      const grown = { ...s, inflow: { ...s.inflow, growth_per_year: { ...s.inflow.growth_per_year, value: g, written: { value: g, unit: 'share' } } } };
      const r = runReplication(grown, short);
      return [2026, 2027, 2028, 2029, 2030].map((y) => r.kpis[`year.${y}.signals`]!);
    };
    for (const g of [-0.1, -0.05, 0, 0.05, 0.1]) {
      const xs = signals(g);
      // Year over year the signals change by about g (the first year already grows within it).
      const rate = Math.pow(xs[4]! / xs[0]!, 1 / 4) - 1;
      expect(rate, `growth ${g}`).toBeGreaterThan(g - 0.03);
      expect(rate, `growth ${g}`).toBeLessThan(g + 0.03);
    }
  });
});

describe('a switch of design with a transition', () => {
  it('the learning curve: a share of the capacity and accuracy at the switch, all of it after the learning time, month by month', () => {
    const s = loadScenario(BBT).scenario;
    const warmup = 2 * WEEKS_PER_YEAR;
    const tr = new Transition(s, warmup);
    expect(tr.at).toBeCloseTo(warmup + WEEKS_PER_YEAR, 9); // 1 January 2027, a year after the start of 2026
    expect(tr.capacity(tr.at)).toBeCloseTo(0.7, 12);
    expect(tr.accuracy(tr.at)).toBeCloseTo(0.85, 12);
    // Half-way through the two years: half-way up; the capacity steps by whole months.
    expect(tr.accuracy(tr.at + WEEKS_PER_YEAR)).toBeCloseTo(0.925, 9);
    expect(tr.capacity(tr.at + WEEKS_PER_YEAR + MONTH_WEEKS / 2)).toBeCloseTo(0.85, 9);
    expect(tr.capacity(tr.at + 3 * WEEKS_PER_YEAR)).toBe(1);
    expect(tr.rampTimes(100 * WEEKS_PER_YEAR)).toHaveLength(25);
  });

  it("the providers' places move from today's to the new design's with the new teams, month by month", () => {
    const s = loadScenario(BBT).scenario;
    const tr = new Transition(s, 2 * WEEKS_PER_YEAR);
    expect(tr.moved(tr.at - 1)).toBe(0);
    expect(tr.moved(tr.at)).toBe(0);
    expect(tr.moved(tr.at + WEEKS_PER_YEAR + MONTH_WEEKS / 2)).toBeCloseTo(0.5, 9);
    expect(tr.moved(tr.at + 2 * WEEKS_PER_YEAR)).toBe(1);
  });

  it('the switch takes effect: once the new teams have learnt, time to care is shorter than staying with today (paired, 4 replications)', () => {
    const base = loadScenario(BASE).scenario;
    const bbt = loadScenario(BBT).scenario;
    const d: number[] = [];
    for (let rep = 0; rep < 4; rep++) {
      const o = { ...short, replication: rep };
      d.push(runReplication(bbt, o).kpis['year.2029.time_to_care_censored_weeks']! - runReplication(base, o).kpis['year.2029.time_to_care_censored_weeks']!);
    }
    // Every replication: the brede basisteams, two years after the switch, get families to help sooner.
    for (const x of d) expect(x).toBeLessThan(0);
  });

  it('before the switch the chain is the design of today; after it the old toegang takes no new families', () => {
    const base = runReplication(loadScenario(BASE).scenario, { ...short, eventLog: true });
    const s = loadScenario(BBT).scenario;
    const r = runReplication(s, { ...short, eventLog: true });
    const at = short.warmupWeeks + WEEKS_PER_YEAR;
    // Up to the switch the event logs are the same, event for event (common random numbers).
    const until = (log: typeof base.eventLog) => log!.filter((e) => e.time < at - 12);
    expect(until(r.eventLog).length).toBeGreaterThan(1000);
    expect(until(r.eventLog)).toEqual(until(base.eventLog));
    // After it: aanmeldingen go to the basisteams, none to the wijkteam.
    const after = r.eventLog!.filter((e) => e.time >= at && e.activity === 'aanmelding');
    expect(after.length).toBeGreaterThan(1000);
    expect(after.every((e) => e.node === 'basisteam')).toBe(true);
    expect(r.kpis['year.2026.cost_meur']).toBeCloseTo(base.kpis['year.2026.cost_meur']!, 9);
  });

  it("'move': the families still waiting for their keukentafelgesprek go to the new teams, keeping their wait", () => {
    const file = join(JAREN, 'overgang-geoptimaliseerd-2027.yaml');
    const s = loadScenario(file).scenario;
    expect(s.transition!.existing).toBe('move');
    const r = runReplication(s, { ...short, eventLog: true });
    const at = short.warmupWeeks + WEEKS_PER_YEAR;
    // Nobody starts a keukentafelgesprek at the old teams after the switch that was waiting at the switch:
    // every first conversation after it is at the new teams (the logs name the node swt for both, so count the casussen).
    const aanmeldingBefore = new Map(r.eventLog!.filter((e) => e.activity === 'aanmelding' && e.time < at).map((e) => [e.casus, e.time]));
    const ktgAfter = r.eventLog!.filter((e) => e.activity === 'keukentafelgesprek' && e.time >= at && aanmeldingBefore.has(e.casus));
    expect(ktgAfter.length).toBeGreaterThan(10);
    const finish = loadScenario(file, { overrides: [{ path: ['transition', 'existing'], value: 'finish' }] }).scenario;
    const rf = runReplication(finish, short);
    // Moving the waiting families to the larger new teams shortens the waits of those who arrived in 2026.
    expect(r.kpis['year.2026.wait_intake_weeks']!).toBeLessThan(rf.kpis['year.2026.wait_intake_weeks']!);
  });

  it('a switch needs a calendar, a year inside it, the same wijken, and a supported pair of designs', () => {
    const write = (name: string, text: string) => {
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const head = (ext: string, extra = '') => `extends: ${JSON.stringify(ext)}\nname: t\ntitle: T\n${extra}`;
    const tr = (year: number, from = BASE) => `transition:\n  from: ${JSON.stringify(from)}\n  year: ${year}\n  learning_time: { value: 1, unit: years, source: aanname }\n  start_capacity: { value: 0.7, unit: share, source: aanname }\n  start_accuracy: { value: 0.9, unit: share, source: aanname }\n  existing: finish\n`;
    const cal = 'simulation:\n  start_year: 2026\n';
    expect(() => loadScenario(write('late.yaml', head(BBT) + tr(2031)))).toThrow(/transition\.year: expected a year after the start \(2026\) and before the end \(2031\) of the observed period, found 2031/);
    expect(() => loadScenario(write('nocal.yaml', head(join(ROOT, 'scenarios', 'brede-basisteams.yaml')) + tr(2027)))).toThrow(/simulation\.start_year: expected the calendar year the observed period begins with/);
    expect(() => loadScenario(write('oss.yaml', head(join(ROOT, 'scenarios', 'one-stop-shop.yaml'), cal) + tr(2027)))).toThrow(/design: expected a design a transition can switch to: geoptimaliseerd-indicatiemodel, brede-basisteams/);
    expect(() => loadScenario(write('fromoss.yaml', head(BBT) + tr(2027, join(ROOT, 'scenarios', 'one-stop-shop.yaml'))))).toThrow(/transition\.from: expected a scenario of design indicatiemodel/);
    expect(() => loadScenario(write('chain.yaml', head(BBT) + tr(2027, BBT)))).toThrow(/a transition in a transition|transition\.from: expected a scenario of design indicatiemodel/);
  });

  it('the CLI shows the years side by side with the switch named', async () => {
    const out = join(dir, 'jaren-out');
    const r = await cli(['compare', BASE, BBT, '--reps', '2', '--warmup-years', '1', '--workers', '2', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Year by year/);
    // years.csv: a row per scenario, year and KPI, with the paired difference for the switch.
    const rows = readFileSync(join(out, 'years.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(';'));
    expect(rows[0]).toEqual(['scenario', 'point', 'year', 'kpi', 'mean', 'ci_low', 'ci_high', 'n', 'diff_mean', 'diff_ci_low', 'diff_ci_high']);
    expect(rows.length - 1).toBe(2 * 5 * 7);
    const wait2028 = rows.find((c) => c[0] === 'overgang-brede-basisteams-2027' && c[2] === '2028' && c[3] === 'wait_intake_weeks')!;
    expect(Number(wait2028[8]!.replace(',', '.'))).toBeLessThan(0);
    expect(r.out).toMatch(/^2030 +signals/m);
    expect(r.out).toMatch(/Switches of design: overgang-brede-basisteams-2027: indicatiemodel until 2027, brede-basisteams from 1 January 2027 \(learning 2\.0 years\)/);
  }, 120_000);
});
