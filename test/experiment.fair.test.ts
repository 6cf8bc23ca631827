/**
 * Comparisons on equal terms (BRIEF 2a, src/experiment/fair.ts): equal staff is exact, the
 * equal-budget search reaches 1% (on cost curves with and without a kink, and says so when it
 * cannot), compare --equal budget does it under common random numbers, and as designed a design
 * with slack is flagged.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { DESIGN_TABLE, plannedStaff } from '../src/model/designs.js';
import { DEFAULT_DESIGN_FILES } from '../src/experiment/defaults.js';
import { accessFte, BUDGET_TOLERANCE, equalBudget, equalStaff, policyDifferences, scaleDesign, slackWarnings } from '../src/experiment/fair.js';
import { main } from '../src/cli/main.js';

const root = join(import.meta.dirname, '..');
const designs = DEFAULT_DESIGN_FILES.map((f) => loadScenario(join(root, 'scenarios', f)).scenario);
const [baseline] = designs as [Scenario, ...Scenario[]];

/** What the design's own staff and lump sum cost a year (M€), as planned. */
const ownCost = (s: Scenario) => (DESIGN_TABLE[s.design].lumpSum?.(s) ?? plannedStaff(s, 'own').reduce((a, l) => a + l.cost, 0)) / 1e6;

describe('equal staff', () => {
  it('gives every design the reference FTE in access and first line, exactly', () => {
    const r = equalStaff(baseline, designs);
    expect(r.target).toBeCloseTo(accessFte(baseline), 12);
    for (const [i, d] of r.designs.entries()) {
      expect(accessFte(scaleDesign(designs[i]!, d.factor, 'staff'))).toBeCloseTo(r.target, 9);
      expect(d.reached).toBe(true);
    }
    expect(r.designs[0]!.factor).toBe(1);
  });
});

describe('equal budget', () => {
  // Stand-ins for the model's total cost: common costs plus the design's own, with care that
  // reacts to staff, and a lump sum that binds only above the spending (the one-stop-shop).
  const care = (s: Scenario) => 30 - 2 * Math.tanh(ownCost(s) / 5);
  const smooth = async (ss: Scenario[]) => ss.map((s) => (DESIGN_TABLE[s.design].lumpSum ? ownCost(s) + 1.2 : care(s) + ownCost(s)));
  const kinked = async (ss: Scenario[]) => ss.map((s) => (DESIGN_TABLE[s.design].lumpSum ? Math.max(ownCost(s), 28) + 1 : care(s) + ownCost(s)));

  it('reaches 1% of the reference total for every design, with and without a kink in the cost', async () => {
    for (const evaluate of [smooth, kinked]) {
      const r = await equalBudget(baseline, designs, evaluate);
      const costs = await evaluate(designs.map((s, i) => scaleDesign(s, r.designs[i]!.factor, 'budget')));
      for (const [i, d] of r.designs.entries()) {
        expect(d.reached, d.scenario).toBe(true);
        expect(Math.abs(costs[i]! / r.target - 1)).toBeLessThanOrEqual(BUDGET_TOLERANCE);
        expect(d.value).toBeCloseTo(costs[i]!, 12);
      }
    }
  });

  it('says so when a design cannot reach the reference total', async () => {
    // Care that costs more than the whole reference budget, whatever the staff.
    const r = await equalBudget(baseline, designs, async (ss) => ss.map((s) => (s === baseline ? 33 : 50 + 0 * ownCost(s))));
    expect(r.designs.slice(1).every((d) => !d.reached)).toBe(true);
    expect(r.designs[0]!.reached).toBe(true);
  });
});

describe('compare on equal terms', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const short = ['--reps', '3', '--seed', '2', '--horizon-years', '0.5', '--warmup-years', '0.5', '--workers', '2'];

  it('--equal budget: every design costs within 1% of the reference a year, its factor and FTE reported', async () => {
    const r = await run(['compare', ...short, '--equal', 'budget', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { equal: { mode: string; target: number; designs: { scenario: string; factor: number; reached: boolean }[] }; scenarios: Record<string, Record<string, { mean: number }>> };
    expect(j.equal.mode).toBe('budget');
    const target = j.scenarios['nijmegen-2019-indicatiemodel']!.cost_total_meur!.mean;
    expect(j.equal.target).toBeCloseTo(target, 9);
    for (const d of j.equal.designs) {
      expect(d.reached, d.scenario).toBe(true);
      expect(Math.abs(j.scenarios[d.scenario]!.cost_total_meur!.mean / target - 1), d.scenario).toBeLessThanOrEqual(BUDGET_TOLERANCE);
      expect(j.scenarios[d.scenario]!.fte_access_total!.mean).toBeGreaterThan(0);
    }
    expect(r.err).toMatch(/equal budget: [\d.]+ MEUR a year/);
  }, 600_000);

  it('--equal staff: the FTE in access and first line are the reference’s', async () => {
    const r = await run(['compare', ...short, '--equal', 'staff', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { scenarios: Record<string, Record<string, { mean: number }>> };
    const fte = Object.values(j.scenarios).map((k) => k.fte_access_total!.mean);
    for (const x of fte) expect(x).toBeCloseTo(fte[0]!, 6);
  }, 300_000);

  it('--equal with an unknown mode is an error that lists the modes', async () => {
    const r = await run(['compare', '--equal', 'money']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--equal: expected one of designed, budget, staff, found 'money'/);
  });

  it('as designed, a stage with much more slack than the reference is flagged, and the policies that differ are listed', () => {
    const kpis = (util: Record<string, number>) => Object.fromEntries(Object.entries(util).map(([k, v]) => [`utilisation.${k}`, { mean: v, sd: 0, ciLow: v, ciHigh: v, n: 3 }]));
    const ref = { scenario: baseline, kpis: kpis({ swt: 95, begeleiding: 80 }) };
    const bbt = designs.find((s) => s.design === 'brede-basisteams')!;
    expect(slackWarnings(ref, { scenario: bbt, kpis: kpis({ basisteam: 80, begeleiding: 75 }) })).toEqual([expect.stringMatching(/brede-basisteams: its toegang \(basisteam\) is 80\.0% busy against 95\.0% .*capacity the reference does not/)]);
    expect(slackWarnings(ref, { scenario: bbt, kpis: kpis({ basisteam: 90, begeleiding: 75 }) })).toEqual([]);
    expect(slackWarnings(ref, ref)).toEqual([]);
    const rows = policyDifferences(designs);
    expect(rows.find((r) => r.policy === 'placement')!.values).toEqual(['stepped (swt)', 'stepped (swt.indicatiesteller)', 'matched (basisteam)', 'matched (one_stop_shop)']);
    expect(policyDifferences([baseline, baseline])).toEqual([]);
  });
});
