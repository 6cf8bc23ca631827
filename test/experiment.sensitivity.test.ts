/**
 * The sensitivity analysis (src/experiment/sensitivity.ts): ranges from the files or by default,
 * shares that keep summing to one, rank correlations, robustness shares, and on the model: an
 * assumption without effect on a KPI is indistinguishable from zero, an influential one ranks first.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { assumptionsOf, atPosition, robustness, spearman, validScenario, vary, DEFAULT_HIGH, DEFAULT_LOW } from '../src/experiment/sensitivity.js';
import { main } from '../src/cli/main.js';

const root = join(import.meta.dirname, '..');
const baselinePath = join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml');
const baseline = loadScenario(baselinePath).scenario;

describe('assumptions and their ranges', () => {
  it('every assumption (aanname) is varied, within its file range or by default half to twice, never into an invalid scenario', () => {
    const as = assumptionsOf([baseline]);
    expect(as.length).toBeGreaterThan(100);
    expect(as.every((a) => !a.path.startsWith('simulation.'))).toBe(true);
    const rate = as.find((a) => a.path === 'eerste_lijn.help.mean')!.at[0]!;
    expect(rate.range).toBe('default');
    expect(rate.low).toBeCloseTo(rate.value * DEFAULT_LOW, 12);
    expect(rate.high).toBeCloseTo(rate.value * DEFAULT_HIGH, 12);
    // A share cannot be doubled past one: the default range stops where the schema does.
    const share = as.find((a) => a.path === 'basisteam.expertise');
    expect(share).toBeUndefined(); // not in the baseline
    const own = as.find((a) => a.path === 'swt.own_support_share')!.at[0]!;
    expect(own.high).toBeLessThanOrEqual(1);
    for (const end of [0, 1]) for (const a of as.slice(0, 40)) expect(validScenario(vary(baseline, [{ path: a.path, value: atPosition(a.at[0]!, end) }])), `${a.path} at ${end}`).toBe(true);
  });

  it('a range in the file (low, high and its reason) is used as written, and checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ketensim-range-'));
    const file = join(dir, 'r.yaml');
    writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: r\nswt:\n  own_support_share: { value: 0.45, unit: share, source: aanname, low: 0.3, high: 0.6, range_source: "aanname: the seed gives no share; teams differ" }\n`);
    const a = assumptionsOf([loadScenario(file).scenario], ['swt.own_support_share'])[0]!.at[0]!;
    expect(a).toMatchObject({ low: 0.3, high: 0.6, range: 'file' });
    expect(atPosition(a, 0.5)).toBeCloseTo(0.45, 12);
    expect(atPosition(a, 0.25)).toBeCloseTo(0.375, 12);
    const bad = (text: string) => {
      writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: r\nswt:\n  own_support_share: ${text}\n`);
      return () => loadScenario(file);
    };
    expect(bad('{ value: 0.45, unit: share, source: aanname, low: 0.5, high: 0.6, range_source: x }')).toThrow(/own_support_share\.low: expected a number in \[0, 1\] share, at most the value 0\.45, found 0\.5 share/);
    expect(bad('{ value: 0.45, unit: share, source: aanname, low: 0.3, high: 1.2, range_source: x }')).toThrow(/own_support_share\.high: expected .*found 1\.2 share/);
    expect(bad('{ value: 0.45, unit: share, source: aanname, low: 0.3, high: 0.6 }')).toThrow(/own_support_share\.range_source: expected the source or reason of the range/);
    expect(bad('{ value: 0.45, unit: share, source: aanname, range_source: x }')).toThrow(/range_source: expected low and high next to it/);
  });

  it('shares of a group keep summing to one when one of them is varied', () => {
    const path = 'inflow.vindplaatsen.school.route.toegang';
    const x = vary(baseline, [{ path, value: 0.5 }]);
    const route = x.inflow.vindplaatsen.school!.route;
    expect(route.toegang!.value).toBeCloseTo(0.5, 12);
    expect(Object.values(route).reduce((s, p) => s + p!.value, 0)).toBeCloseTo(1, 12);
    // The others in proportion: huisarts stays 35/30 of eerste_lijn.
    expect(route.huisarts!.value / route.eerste_lijn!.value).toBeCloseTo(0.35 / 0.3, 9);
    expect(validScenario(x)).toBe(true);
  });
});

describe('statistics', () => {
  it('Spearman: monotone is one, reversed minus one, ties averaged, an unrelated series near zero within its interval', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]).rho).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).rho).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4]).rho).toBeCloseTo(0.9486832980505138, 12);
    const x = Array.from({ length: 60 }, (_, i) => i);
    const y = x.map((i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
    const r = spearman(x, y);
    expect(r.ciLow).toBeLessThan(0);
    expect(r.ciHigh).toBeGreaterThan(0);
  });

  it('robustness: shares of first places add up to one, and the assumption that decides the winner is named', () => {
    const as = assumptionsOf([baseline], ['care.4.tariff', 'eerste_lijn.help.mean']);
    const q = Array.from({ length: 20 }, (_, i) => [i / 19, (i * 7) % 20 / 19]);
    // Design B is cheaper exactly when the first assumption is in its upper half.
    const values = q.map((p) => [{ cost_total_meur: 10 }, { cost_total_meur: p[0]! >= 0.5 ? 9 : 11 }]);
    const r = robustness(['a', 'b'], as, q, values, ['cost_total_meur']).cost_total_meur!;
    expect(Object.values(r.shares).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(r.flips[0]!.path).toBe(as[0]!.path);
    expect(Math.abs(r.flips[0]!.upperHalf - r.flips[0]!.lowerHalf)).toBe(1);
    expect(r.flips.find((f) => f.path === as[1]!.path)?.upperHalf ?? 0.5).not.toBe(1);
  });
});

describe('sensitivity on the model', () => {
  it('an assumption without effect on a KPI is indistinguishable from zero; an influential one ranks first; the JSON has the documented shape', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['sensitivity', baselinePath, join(root, 'scenarios', 'variants', 'poh-jeugd.yaml'), '--params', 'care.4.tariff,population.youth_0_23,eerste_lijn.help.cv', '--kpis', 'cost_total_meur,time_to_care_weeks', '--samples', '24', '--top', '2', '--reps', '1', '--horizon-years', '0.5', '--warmup-years', '0.5', '--workers', '2', '--json'],
      { out: (s) => out.push(s), err: (s) => err.push(s) },
    );
    expect(code, err.join('\n')).toBe(0);
    const j = JSON.parse(out.join('\n')) as {
      tornado: Record<string, { path: string; low: number; high: number }[]>;
      screening: Record<string, { path: string; design: string; rho: number; ciLow: number; ciHigh: number }[]>;
      robustness: Record<string, Record<string, number>>;
    };
    const cost = j.screening.cost_total_meur!.filter((r) => r.design === 'nijmegen-2019-indicatiemodel');
    expect(cost[0]!.path).toBe('care.4.tariff');
    expect(cost[0]!.rho).toBeGreaterThan(0.8);
    // The population aged 0-23 is only a denominator of two shares: it cannot change the cost.
    const none = cost.find((r) => r.path === 'population.youth_0_23');
    expect(none === undefined || (none.ciLow < 0 && none.ciHigh > 0)).toBe(true);
    expect(j.tornado.cost_total_meur![0]!.path).toBe('care.4.tariff');
    expect(j.tornado.cost_total_meur![0]!.high).toBeGreaterThan(j.tornado.cost_total_meur![0]!.low);
    for (const shares of Object.values(j.robustness)) expect(Object.values(shares).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  }, 300_000);
});

describe('sensitivity against a municipality\'s targets', () => {
  it('counts the points whose baseline still reproduces the targets, per target and in all; refuses targets of a baseline not compared', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ketensim-sens-targets-'));
    // One target every point meets (a band wider than any wait), one none can (a negative cost),
    // one the baseline meets at some points only (the wait near its calibrated value), one context.
    writeFileSync(
      join(dir, 'doelen.yaml'),
      `title: Proefstad
baseline: ${baselinePath}
targets:
  - kpi: wait_intake_weeks
    low: 0
    high: 100000
    source: aanname
  - kpi: cost_total_meur
    low: -2
    high: -1
    source: aanname
  - kpi: time_to_care_weeks
    low: 0
    high: 18
    source: aanname
  - kpi: handoffs_per_casus
    low: -2
    high: -1
    source: aanname
    context: not required
`,
    );
    const run = async (extra: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['sensitivity', baselinePath, '--params', 'care.4.tariff,swt.staff.fte_per_1000,eerste_lijn.help.cv', '--kpis', 'cost_total_meur', '--samples', '12', '--top', '1', '--reps', '1', '--horizon-years', '0.5', '--warmup-years', '0.5', '--workers', '2', ...extra], { out: (x) => out.push(x), err: (x) => err.push(x) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const r = await run(['--targets', join(dir, 'doelen.yaml'), '--json']);
    expect(r.code, r.err).toBe(0);
    const t = (JSON.parse(r.out) as { targets: { required: number; points: number; all: number; metPerPoint: { min: number; median: number; max: number }; shareMet: Record<string, number> } }).targets;
    expect(t.required).toBe(3);
    expect(t.points).toBe(12);
    expect(t.shareMet.wait_intake_weeks).toBe(1);
    expect(t.shareMet.cost_total_meur).toBe(0);
    expect(t.shareMet.handoffs_per_casus).toBeUndefined();
    // Nobody meets the impossible one, so no point meets all; a point meets one or two.
    expect(t.all).toBe(0);
    expect(t.metPerPoint.min).toBeGreaterThanOrEqual(1);
    expect(t.metPerPoint.max).toBeLessThanOrEqual(2);
    expect(t.shareMet.time_to_care_weeks! * 12).toBe(Math.round(t.shareMet.time_to_care_weeks! * 12));
    const text = await run(['--targets', join(dir, 'doelen.yaml')]);
    expect(text.out).toMatch(/Against the targets of Proefstad \(3 required, nijmegen-2019-indicatiemodel\): 0 of 12 points reproduce all of them/);
    expect(text.out).toMatch(/met least often: cost_total_meur 0%/);
    expect(text.out).toMatch(/not as the uncertainty left after calibration/);
    // Targets of another baseline: said, not ignored.
    const other = await main(['sensitivity', join(root, 'scenarios', 'brede-basisteams.yaml'), '--targets', join(dir, 'doelen.yaml'), '--samples', '4', '--reps', '1'], { out: () => undefined, err: (x) => (r.err = x) });
    expect(other).not.toBe(0);
    expect(r.err).toMatch(/option --targets .*doelen\.yaml: its baseline .*nijmegen-2019-indicatiemodel\.yaml \(nijmegen-2019-indicatiemodel\) is not among the scenarios \(brede-basisteams\); pass it too/);
  }, 300_000);
});

describe('reports of the analyses', () => {
  it('report on an explain or sensitivity folder draws its waterfall or tornado, in Dutch by default', async () => {
    const { explanationHtml, sensitivityHtml } = await import('../src/experiment/report-analysis.js');
    const s = { mean: -2, sd: 0.1, ciLow: -2.2, ciHigh: -1.8, n: 3 };
    const e = { a: 'a', b: 'b', seed: 1, reps: 3, method: 'exact' as const, points: 4, groups: [{ name: 'placement policy', paths: ['swt.placement'] }], kpis: { time_to_care_weeks: { total: s, contributions: [{ group: 'placement policy', ...s, alone: s }] } } };
    const html = explanationHtml(e);
    expect(html).toContain('Waarom dit verschil?');
    expect(html).toContain('plaatsingsbeleid');
    expect(html).toMatch(/<svg[^>]*aria-label="Tijd tot passende hulp/);
    expect(html).not.toMatch(/<script/);
    const sens = {
      scenarios: ['a', 'b'],
      seed: 1,
      reps: 1,
      samples: 8,
      tornado: { cost_total_meur: [{ path: 'care.4.tariff', design: 'a', low: 30, high: 40, base: 35, lowValue: 1, highValue: 2, range: 'default' as const }] },
      screening: { cost_total_meur: [{ path: 'care.4.tariff', design: 'a', rho: 0.9, ciLow: 0.8, ciHigh: 0.95 }] },
      robustness: { cost_total_meur: { a: 0.75, b: 0.25 } },
      flips: { cost_total_meur: [{ path: 'care.4.tariff', winner: 'a', lowerHalf: 1, upperHalf: 0.5 }] },
      bands: { a: { cost_total_meur: { p10: 30, p50: 35, p90: 40 } }, b: { cost_total_meur: { p10: 31, p50: 36, p90: 41 } } },
    };
    const h2 = sensitivityHtml(sens, 'en');
    expect(h2).toContain('a ranks first in 75% of the points');
    expect(h2).toContain('uncertainty in assumptions (p10-p90): 30.0–40.0');
    expect(h2).toContain('care.4.tariff: 100% in the lower half of its range, 50% in the upper half');
  });
});
