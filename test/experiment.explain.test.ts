/**
 * Explaining a difference (src/experiment/explain.ts): Shapley values on games whose values are
 * known, the groups and mixes of two scenarios (policies and staff carried across designs), and
 * explain on the model, where the contributions add up to the total and a group that cannot act
 * on a KPI gets nothing.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { DESIGN_TABLE, plannedStaff, scaled } from '../src/model/designs.js';
import { runReplication } from '../src/model/model.js';
import { differingPaths, explain, groupsOf, mix, sampleOrders, shapley, GROUP_NAMES, type Evaluate } from '../src/experiment/explain.js';
import { main } from '../src/cli/main.js';

const root = join(import.meta.dirname, '..');
const load = (f: string) => loadScenario(join(root, 'scenarios', f)).scenario;
const baseline = load('nijmegen-2019-indicatiemodel.yaml');
const bbt = load('brede-basisteams.yaml');

describe('Shapley values', () => {
  it('two groups whose effects add get their own effect each; an interaction is shared equally', () => {
    // v(S) = 3 [1 in S] - 2 [2 in S] + 1.5 [both]
    const v = (m: number) => (m & 1 ? 3 : 0) + (m & 2 ? -2 : 0) + ((m & 3) === 3 ? 1.5 : 0);
    expect(shapley(2, v)).toEqual([3 + 0.75, -2 + 0.75]);
    const additive = (m: number) => (m & 1 ? 3 : 0) + (m & 2 ? -2 : 0) + (m & 4 ? 0.5 : 0);
    expect(shapley(3, additive).map((x) => +x.toFixed(12))).toEqual([3, -2, 0.5]);
  });

  it('add up to v(all) - v(none), exactly and from sampled orders, and sampled orders approach the exact values', () => {
    // A game of 10 players with pairwise interactions.
    const w = [1, -2, 0.5, 3, 0, -1, 2, 0.25, -0.5, 1.5];
    const v = (m: number) => w.reduce((s, x, i) => s + (m & (1 << i) ? x : 0), 0) + (m & 1 && m & 2 ? 4 : 0) + (m & 8 && m & 512 ? -3 : 0);
    const exact = shapley(10, v);
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(v(1023) - v(0), 12);
    expect(exact[0]).toBeCloseTo(1 + 2, 12);
    expect(exact[9]).toBeCloseTo(1.5 - 1.5, 12);
    const sampled = shapley(10, v, sampleOrders(10, 400, 7));
    expect(sampled.reduce((a, b) => a + b, 0)).toBeCloseTo(v(1023) - v(0), 12);
    for (let i = 0; i < 10; i++) expect(Math.abs(sampled[i]! - exact[i]!)).toBeLessThan(0.5);
    expect(sampled[4]).toBe(0); // a player without effect gets none, whatever the orders
  });
});

describe('groups and mixes', () => {
  it('groups the differences of two designs: the design, its placement, its staff, and the rest by kind', () => {
    const names = groupsOf(baseline, bbt).map((g) => g.name).sort();
    expect(names).toEqual([GROUP_NAMES.design, 'capacity (staff)', 'duplicate intake', GROUP_NAMES.placement, GROUP_NAMES.staff].sort());
    const regrouped = groupsOf(baseline, bbt, { 'care.1': 'lichte hulp', provider_intake_repeats_ktg: 'tweede intake' }).map((g) => g.name);
    expect(regrouped).toContain('lichte hulp');
    expect(regrouped).toContain('tweede intake');
  });

  it('carries the placement policy and the toegang staff across designs', () => {
    const groups = groupsOf(baseline, bbt);
    // The basisteam with the wijkteam's placement (stepped) and the wijkteam's youth FTE.
    const d = mix(baseline, bbt, groups, new Set([GROUP_NAMES.design]));
    expect(d.design).toBe('brede-basisteams');
    expect(DESIGN_TABLE[d.design].placement(d).policy).toBe('stepped');
    const own = (s: Scenario) => plannedStaff(s, 'own').reduce((a, l) => a + l.fte, 0);
    expect(own(d)).toBeCloseTo(own(baseline), 9);
    // The wijkteam with the basisteam's placement and FTE (the Wmo staff as it was).
    const p = mix(baseline, bbt, groups, new Set([GROUP_NAMES.placement, GROUP_NAMES.staff]));
    expect(p.design).toBe('indicatiemodel');
    expect(p.swt.placement).toBe('matched');
    expect(p.swt.triage_accuracy.value).toBeCloseTo(bbt.basisteam!.triage_accuracy.value, 12);
    expect(own(p)).toBeCloseTo(own(bbt), 9);
    expect(p.swt.staff.fte.value * (1 - p.swt.youth_share.value)).toBeCloseTo(baseline.swt.staff.fte.value * (1 - baseline.swt.youth_share.value), 9);
    // Every group from B is B (every value; names and sources aside), none is A.
    expect(differingPaths(mix(baseline, bbt, groups, new Set(groups.map((g) => g.name))), bbt)).toEqual([]);
    expect(differingPaths(mix(baseline, bbt, groups, new Set()), baseline)).toEqual([]);
  });
});

describe('explain', () => {
  it('recovers known contributions: independent effects add, an interaction is split in two', async () => {
    const b: Scenario = { ...baseline, inflow: { ...baseline.inflow, summer_dip: scaled(baseline.inflow.summer_dip, 2) }, care: { ...baseline.care, '4': { ...baseline.care['4']!, tariff: scaled(baseline.care['4']!.tariff, 2) } } };
    // A stand-in for the model: two effects and their interaction, with noise per replication
    // that is the same for every scenario (common random numbers).
    const evaluate: Evaluate = async (ss) =>
      ss.map((s) =>
        Array.from({ length: 5 }, (_, r) => {
          const dip = s.inflow.summer_dip.value > baseline.inflow.summer_dip.value ? 1 : 0;
          const tariff = s.care['4']!.tariff.value > baseline.care['4']!.tariff.value ? 1 : 0;
          return { k: 10 + r + 2 * dip - 3 * tariff + 1 * dip * tariff };
        }),
      );
    const e = await explain(baseline, b, evaluate, { kpis: ['k'] });
    expect(e.method).toBe('exact');
    const c = Object.fromEntries(e.kpis.k!.contributions.map((x) => [x.group, x]));
    expect(c.inflow!.mean).toBeCloseTo(2 + 0.5, 12);
    expect(c.money!.mean).toBeCloseTo(-3 + 0.5, 12);
    expect(c.money!.alone.mean).toBeCloseTo(-3, 12);
    expect(e.kpis.k!.total.mean).toBeCloseTo(0, 12);
    expect(c.inflow!.ciHigh - c.inflow!.ciLow).toBeCloseTo(0, 9); // the same in every replication
  });

  it('on the model: the contributions add up to the total in every KPI, and a group without effect on a KPI gets none', async () => {
    // B: verblijf costs twice as much (money) and the MDO meets every two weeks (IVH and MDO).
    const b: Scenario = { ...baseline, care: { ...baseline.care, '4': { ...baseline.care['4']!, tariff: scaled(baseline.care['4']!.tariff, 2) } }, ivh: { ...baseline.ivh, mdo_period: scaled(baseline.ivh.mdo_period, 0.5) } };
    const evaluate: Evaluate = async (ss) => ss.map((s) => Array.from({ length: 3 }, (_, r) => runReplication(s, { seed: 8, replication: r, horizonWeeks: 52, warmupWeeks: 26 }).kpis));
    const e = await explain(baseline, b, evaluate, { kpis: ['cost_total_meur', 'mdo_slot_use', 'cost_by_type.care.verblijf'] });
    expect(e.groups.map((g) => g.name).sort()).toEqual(['IVH and MDO', 'money']);
    for (const x of Object.values(e.kpis)) expect(x.contributions.reduce((s, g) => s + g.mean, 0)).toBeCloseTo(x.total.mean, 9);
    const by = (kpi: string, g: string) => e.kpis[kpi]!.contributions.find((c) => c.group === g)!;
    // A tariff changes what care costs, not how the MDO's slots are used.
    expect(by('mdo_slot_use', 'money').mean).toBe(0);
    expect(by('mdo_slot_use', 'IVH and MDO').ciHigh).toBeLessThan(0); // twice the meetings: slots less used
    expect(by('cost_by_type.care.verblijf', 'money').ciLow).toBeGreaterThan(0);
  });

  it('the CLI prints the contributions with their intervals, and --json in the documented shape', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['explain', join(root, 'scenarios/nijmegen-2019-indicatiemodel.yaml'), join(root, 'scenarios/variants/een-route.yaml'), '--reps', '3', '--horizon-years', '0.5', '--warmup-years', '0.5', '--kpis', 'time_to_care_weeks,handoffs_per_casus', '--workers', '2', '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(code, err.join('\n')).toBe(0);
    const j = JSON.parse(out.join('\n')) as { kpis: Record<string, { total: { mean: number; ciLow: number; ciHigh: number }; contributions: { group: string; mean: number; ciLow: number; ciHigh: number }[] }> };
    for (const k of ['time_to_care_weeks', 'handoffs_per_casus']) {
      const x = j.kpis[k]!;
      expect(x.total.ciLow).toBeLessThanOrEqual(x.total.mean);
      expect(x.contributions.map((c) => c.group).sort()).toEqual(['duplicate intake', 'placement policy']);
      expect(x.contributions.reduce((s, c) => s + c.mean, 0)).toBeCloseTo(x.total.mean, 9);
    }
    const bad = await main(['explain', join(root, 'scenarios/nijmegen-2019-indicatiemodel.yaml')], { out: () => undefined, err: (s) => err.push(s) });
    expect(bad).toBe(2);
    expect(err.join('\n')).toMatch(/explain takes two scenario files/);
  }, 300_000);
});
