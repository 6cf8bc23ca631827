import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { DEFAULT_DESIGN_FILES } from '../src/experiment/defaults.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { runToPrecision, scenariosPlan } from '../src/experiment/experiment.js';
import { ALL_KPIS, isKnownKpi, KPI_LABELS } from '../src/experiment/kpis.js';
import { canonicalRuns, Csv, eventLogCsv, quantileSorted, seriesBands, summarisePoints, tidyCsv, type RunRecord } from '../src/experiment/results.js';
import { runReplication } from '../src/model/model.js';
import { HIST_BINS } from '../src/model/outputs.js';
import { loadScenario } from '../src/scenario/load.js';
import { WEEKS_PER_YEAR } from '../src/scenario/param.js';

const ROOT = resolve(__dirname, '..');
const BASE = join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml');
const short = { horizonWeeks: 0.5 * WEEKS_PER_YEAR, warmupWeeks: 0.25 * WEEKS_PER_YEAR };

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('KPI ids', () => {
  it('the list matches what every design reports (no KPI missing from the list, none listed that is never reported)', () => {
    const reported = new Set<string>();
    for (const f of DEFAULT_DESIGN_FILES) {
      const r = runReplication(loadScenario(join(ROOT, 'scenarios', f)).scenario, { seed: 1, replication: 0, ...short });
      for (const k of Object.keys(r.kpis)) reported.add(k);
      // The wait histograms count every observation behind the means.
      const n = (h: number[]) => h.reduce((a, b) => a + b, 0);
      expect(n(r.hist!.wait_intake!)).toBeGreaterThan(0);
      expect(r.hist!.wait_intake!.length).toBe(HIST_BINS);
      const reached = (r.kpis.pct_right_care_reached! / 100) * 1;
      expect(reached).toBeGreaterThan(0);
      expect(n(r.hist!.time_to_care!)).toBeGreaterThan(0);
    }
    for (const k of reported) expect(isKnownKpi(k), k).toBe(true);
    for (const k of ALL_KPIS) expect(reported.has(k), k).toBe(true);
    for (const k of Object.keys(KPI_LABELS)) expect(reported.has(k), k).toBe(true);
  });
});

describe('CSV', () => {
  it('nl: semicolons, decimal comma, a byte-order mark, quotes where needed', () => {
    const c = new Csv('nl', ['a', 'b', 'c']);
    c.row([1.5, 'x;y', 'say "hi", 2']);
    c.row([null, NaN, -0.25]);
    expect(c.toString()).toBe('\uFEFFa;b;c\r\n1,5;"x;y";"say ""hi"", 2"\r\n;;-0,25\r\n');
  });
  it('intl: commas and decimal points, no byte-order mark', () => {
    const c = new Csv('intl', ['a', 'b']);
    c.row([1.5, 'x,y']);
    expect(c.toString()).toBe('a,b\r\n1.5,"x,y"\r\n');
  });
  it('type-7 quantiles, as R and numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });
  it('an event log in process-mining form, dated from 1 January 2019 at the end of the warm-up', () => {
    const csv = eventLogCsv([{ scenario: 's', warmupWeeks: 52, rows: [{ casus: 'school#1', activity: 'signal', node: 'school', time: 53 }] }], 'intl');
    expect(csv).toBe('scenario,case_id,activity,timestamp,resource,t_weeks\r\ns,s/school#1,signal,2019-01-08T00:00:00.000Z,school,53\r\n');
  });
});

describe('result sets', () => {
  const { scenario } = loadScenario(BASE);
  const plan = scenariosPlan('compare', [{ file: 'a', scenario }, { file: 'b', scenario: { ...scenario, name: 'b' } }], { reps: 3, seed: 2, ...short });
  const rec = (k: number, v: number): RunRecord => ({ k, point: Math.floor(k / 3), rep: k % 3, kpis: { x: v }, flows: {}, counts: { arrived: 0, exited: 0, inSystem: 0, arrivedObserved: 0 } });
  const runs = [1, 2, 3, 5, 7, 9].map((v, k) => rec(k, v));

  it('outputs do not depend on the order runs finished in', () => {
    expect(tidyCsv(plan.manifest, [...runs].reverse())).toBe(tidyCsv(plan.manifest, runs));
  });
  it('missing and duplicate runs are errors, not silent gaps', () => {
    expect(() => canonicalRuns(plan.manifest, runs.slice(1))).toThrow(/1 of 6 runs are missing \(first: 0\)/);
    expect(() => canonicalRuns(plan.manifest, [...runs, runs[2]!])).toThrow(/run 2 appears twice/);
  });
  it('paired differences with the reference, replication by replication', () => {
    const [a, b] = summarisePoints(plan.manifest, runs);
    expect(a!.kpis.x!.mean).toBe(2);
    expect(b!.kpis.x!.mean).toBe(7);
    expect(b!.differences!.x).toMatchObject({ mean: 5, n: 3 });
    expect(b!.differences!.x!.sd).toBeCloseTo(1, 12); // differences 4, 5, 6
  });
  it('time-series bands: per step the mean and the 10/50/90% quantiles over the replications, a missing value left out', () => {
    // Values with ties, negatives and a gap, in an order that is not sorted.
    const vals = [[3, -1, 2.5], [0.1, 7, 2.5], [1e-9, 4, -3], [5, 5, 5], [2, 6, 1], [9, 8, 7]];
    const withSeries = runs.map((r, k) => ({ ...r, series: { t: [0, 1, 2], series: { q: vals[k]!.map((v, i) => (k === 4 && i === 1 ? undefined : v)) as number[], z: [k, -k, 0] } } }));
    const bands = seriesBands(plan.manifest, [...withSeries].reverse());
    expect(bands.map((b) => `${b.point}:${b.series}`)).toEqual(['0:q', '0:z', '1:q', '1:z']);
    // The definition, written out plainly: sorted values, their mean, type-7 quantiles.
    for (const b of bands) {
      const mine = withSeries.filter((r) => r.point === b.point);
      b.t.forEach((_, i) => {
        const xs = mine.map((r) => (r.series.series as Record<string, (number | undefined)[]>)[b.series]![i]).filter((v): v is number => typeof v === 'number').sort((x, y) => x - y);
        expect(b.mean[i]).toBe(xs.reduce((x, y) => x + y, 0) / xs.length);
        expect([b.p10[i], b.p50[i], b.p90[i]]).toEqual([0.1, 0.5, 0.9].map((q) => quantileSorted(xs, q)));
      });
    }
    // Point 1, step 1: the gap leaves 8 and 5 (k 3 and 5): mean 6.5, median 6.5.
    expect(bands[2]!.mean[1]).toBe(6.5);
    expect(bands[2]!.p50[1]).toBe(6.5);
  });
});

describe('confidence-interval method', () => {
  it('adds replications until the relative half-width is reached, and gives the same result with 1 and 2 workers', async () => {
    const { scenario } = loadScenario(BASE);
    const planFor = (reps: number) => scenariosPlan('run', [{ file: 'base', scenario }], { reps, seed: 3, ...short });
    const target = { kpis: ['wait_intake_weeks'], relHalfWidth: 0.08, maxReps: 30 };
    const one = await runToPrecision(planFor, 3, target, { workers: 1 });
    const two = await runToPrecision(planFor, 3, target, { workers: 2 });
    expect(two.plan.manifest.reps).toBe(one.plan.manifest.reps);
    expect(JSON.stringify(two.runs)).toBe(JSON.stringify(one.runs));
    const s = summarisePoints(one.plan.manifest, one.runs)[0]!.kpis.wait_intake_weeks!;
    const rel = (s.ciHigh - s.ciLow) / 2 / s.mean;
    expect(one.reached).toBe(rel <= 0.08);
    if (one.reached) {
      // It stopped at the first round that met the target: one round fewer did not.
      const fewer = await runToPrecision(planFor, 3, { ...target, maxReps: one.plan.manifest.reps - 3 }, { workers: 1 });
      expect(fewer.reached).toBe(false);
    } else expect(one.plan.manifest.reps).toBe(30);
  });
});

describe('compare and run write results folders', () => {
  it('compare --out: tidy, summary, time series and flows, the event log, and a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ketensim-cmp-'));
    const out = join(dir, 'res');
    const r = await cli(['compare', '--reps', '2', '--horizon-years', '0.5', '--warmup-years', '0.25', '--workers', '1', '--out', out, '--event-log', join(dir, 'log.csv'), '--json']);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['flows.csv', 'manifest.json', 'runs.jsonl', 'summary.csv', 'summary.json', 'tidy.csv', 'timeseries.csv']);
    // The folder's summary holds the numbers the command printed.
    const printed = JSON.parse(r.out) as { scenarios: Record<string, Record<string, { mean: number }>>; differences: Record<string, Record<string, { mean: number }>> };
    const saved = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { results: { scenario: string; kpis: Record<string, { mean: number }>; differences?: Record<string, { mean: number }> }[] };
    for (const res of saved.results) {
      expect(res.kpis.time_to_care_weeks!.mean).toBe(printed.scenarios[res.scenario]!.time_to_care_weeks!.mean);
      if (res.differences) expect(res.differences.cost_total_meur!.mean).toBe(printed.differences[res.scenario]!.cost_total_meur!.mean);
    }
    const tidy = readFileSync(join(out, 'tidy.csv'), 'utf8');
    expect(tidy.startsWith('\uFEFFscenario;point;replication;kpi;value\r\n')).toBe(true);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toMatch(/^\uFEFFscenario;point;series;t_weeks;warmup;mean;p10;p50;p90\r\nnijmegen-2019-indicatiemodel;0;caseload\./);
    const log = readFileSync(join(dir, 'log.csv'), 'utf8').split('\r\n');
    expect(log[0]).toBe('\uFEFFscenario;case_id;activity;timestamp;resource;t_weeks');
    expect(new Set(log.slice(1, -1).map((l) => l.split(';')[0]))).toEqual(new Set(DEFAULT_DESIGN_FILES.map((f) => f.replace('.yaml', ''))));
    expect((await cli(['report', out, '--lang', 'en'])).code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Time to the right help');
    expect(html).toContain('aanname');
    // People's names for series and scenarios, not ids.
    expect(html).toContain('>Casussen in the chain</text>');
    expect(html).toMatch(/>Queue sociaal wijkteam \((youth|Wmo)\)<\/text>/);
    expect(html).not.toMatch(/>(in_system|queue_len\.\w+)<\/text>/);
    expect(html).toContain('<th>Nijmegen 2019');
  });

  it('report refuses a shard and an unfinished folder with a clear message', async () => {
    const r = await cli(['report', join(tmpdir(), 'no-such-results-folder')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such-results-folder: expected a results folder, found nothing/);
  });
});

describe('progress bar', () => {
  it('shows done/total, percent and an ETA from the runs done in this session', async () => {
    const { progressLine } = await import('../src/cli/progress.js');
    expect(progressLine({ done: 30, total: 100, resumed: 10 }, 10, 10)).toBe('[###-------] 30/100 runs  30%  0:10 elapsed, ETA 0:35');
    expect(progressLine({ done: 100, total: 100, resumed: 0 }, 75, 10)).toMatch(/100\/100 runs 100% {2}1:15 elapsed, ETA 0:00/);
  });
  it('writes nothing when stderr is not a terminal', async () => {
    const { progressBar } = await import('../src/cli/progress.js');
    const written: string[] = [];
    const bar = progressBar({ isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream);
    bar.update({ done: 1, total: 2, resumed: 0 });
    bar.end();
    expect(written).toEqual([]);
  });
});
