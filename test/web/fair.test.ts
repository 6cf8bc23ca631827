/**
 * The web app's comparison on equal terms: the same search, factors and numbers as
 * `ketensim compare --equal budget|staff` (src/experiment/fair.ts, the CLI's code), and the
 * warnings and policies in the app's language.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { equalBudget, equalStaff, policyDifferences } from '../../src/experiment/fair.js';
import { toRecord, type RunRecord } from '../../src/experiment/results.js';
import { runReplication } from '../../src/model/model.js';
import { compare, equalisedSlots, meanCost, runOptions, scenarioKey, type SlotScenario } from '../../web/src/data.js';
import { i18n } from '../../web/src/i18n/index.js';
import { quickReps } from '../../web/src/app/runs.js';
import { buildScenario, DESIGN_FILES } from '../../web/src/scenarios.js';
import { fairNotes, policyWords, staffKpis } from '../../web/src/views/fair-view.js';
import type { Settings } from '../../web/src/state.js';

const ROOT = resolve(__dirname, '../..');
const settings: Settings = { reps: 3, seed: 2, horizonYears: 1, warmupYears: 0.5, equal: 'budget' };
// The baseline and the brede basisteams: the basisteams differ most in cost and staff.
const files = [DESIGN_FILES[0]!, DESIGN_FILES[2]!];
const slots: SlotScenario[] = files.map((file) => ({ file, scenario: buildScenario(file, {}) }));

/** Runs in this process, cached by the web app's keys (as the workers' cache does). */
const cache = new Map<string, RunRecord>();
function record(s: SlotScenario['scenario'], rep: number): RunRecord {
  const key = `${scenarioKey(s, settings)}:${rep}`;
  let r = cache.get(key);
  if (!r) cache.set(key, (r = toRecord(0, 0, rep, runReplication(s, runOptions(settings, rep)), null, true)));
  return r;
}

async function cli(equal: string): Promise<{ equal: { target: number; designs: { scenario: string; factor: number; value: number }[] }; scenarios: Record<string, Record<string, { mean: number }>> }> {
  const out: string[] = [];
  const code = await main(['compare', ...files.map((f) => join(ROOT, f)), '--equal', equal, '--reps', '3', '--seed', '2', '--horizon-years', '1', '--warmup-years', '0.5', '--workers', '1', '--json'], { out: (s) => out.push(s), err: () => undefined });
  expect(code).toBe(0);
  return JSON.parse(out.join('\n'));
}

describe('equal terms in the web app', () => {
  it('equal budget: the same factors, target and KPI means as compare --equal budget', async () => {
    const scenarios = slots.map((s) => s.scenario);
    const fair = await equalBudget(scenarios[0]!, scenarios, async (ss) => ss.map((s) => meanCost((r) => record(s, r), settings.reps)));
    const want = await cli('budget');
    expect(fair.target).toBe(want.equal.target);
    expect(fair.designs.map((d) => d.factor)).toEqual(want.equal.designs.map((d) => d.factor));
    expect(fair.designs[1]!.factor).not.toBe(1);
    const used = equalisedSlots(slots, fair, 'budget');
    const c = compare(used, settings, (slot, rep) => record(used[slot]!.scenario, rep))!;
    for (const s of c.sums) for (const [k, v] of Object.entries(s.kpis)) if (Number.isFinite(v.mean)) expect(v.mean, `${s.point.scenario} ${k}`).toBe(want.scenarios[s.point.scenario]![k]!.mean);
    // The final comparison runs nothing the search did not run (every evaluation is cached).
    const before = cache.size;
    compare(used, settings, (slot, rep) => record(used[slot]!.scenario, rep));
    expect(cache.size).toBe(before);
  });

  it('equal staff: the same factors as compare --equal staff, exact without a run', async () => {
    const scenarios = slots.map((s) => s.scenario);
    const fair = equalStaff(scenarios[0]!, scenarios);
    const want = await cli('staff');
    expect(fair.designs.map((d) => d.factor)).toEqual(want.equal.designs.map((d) => d.factor));
  });

  it('a quick search uses a fifth of the replications, at least two', () => {
    expect([quickReps(20), quickReps(6), quickReps(3), quickReps(2)]).toEqual([4, 2, 2, 2]);
  });

  it('says the slack warning, the factors and the policies in the app language', () => {
    const as = { ...settings, equal: 'designed' as const };
    const used = slots;
    const recs = (slot: number, rep: number) => toRecord(0, 0, rep, runReplication(used[slot]!.scenario, runOptions(as, rep)), null, true);
    const c = compare(used, as, recs)!;
    const views = used.map((s, i) => ({ scenario: s.scenario, label: i === 0 ? 'Basis' : 'Brede basisteams', style: { id: s.scenario.name, label: '', color: '#000', baseline: i === 0 }, slot: i, before: null }));
    const nl = fairNotes({ i18n: i18n('nl'), views }, c, null, null);
    // As designed, the basisteams are much less busy than the wijkteam: the warning is in Dutch.
    expect(nl.join('\n')).toMatch(/Let op, Brede basisteams: de toegang \(basisteam\) is \d+% bezet, tegen \d+% bij Basis \(sociaal wijkteam \(jeugd\)\)/);
    const en = fairNotes({ i18n: i18n('en'), views }, c, null, null);
    expect(en.join('\n')).toMatch(/Note, Brede basisteams: its access \(basisteam\) is \d+% busy/);
    const budget = fairNotes({ i18n: i18n('nl'), views }, c, { mode: 'budget', final: false, reps: 2, result: { mode: 'budget', reference: used[0]!.scenario.name, target: 36.8, unit: 'meur', designs: [{ scenario: used[0]!.scenario.name, factor: 1, value: 36.8, gap: 0, reached: true, rounds: 0 }, { scenario: used[1]!.scenario.name, factor: 0.4123, value: 36.85, gap: 0.0014, reached: true, rounds: 3 }] } }, null);
    expect(budget).toEqual(['Gelijk budget: elk ontwerp kost per jaar wat Basis kost (36,80 M€); de eigen formatie is daarvoor geschaald: Brede basisteams ×0,412 → 36,85 M€ (+0,1%).', expect.stringMatching(/^Voorlopig: gezocht met 2 replicaties/)]);
    const rows = policyDifferences(used.map((s) => s.scenario), policyWords(i18n('nl')));
    expect(rows.find((r) => r.id === 'placement')!.values).toEqual(['getrapt (wijkteam)', 'passend (basisteam)']);
    expect(rows.find((r) => r.id === 'duplicate_intake')).toMatchObject({ policy: 'Intake aanbieder herhaalt het keukentafelgesprek', values: ['ja', 'nee'] });
    // Staff, money and utilisation in the CLI's order, with labels in both languages.
    const staff = staffKpis(c);
    expect(staff[0]).toBe('fte_access_total');
    expect(staff).toContain('cost_by_type.access.basisteam');
    expect(staff).toContain('utilisation.basisteam');
    for (const k of staff) {
      expect(i18n('nl').kpi(k), k).not.toBe(k);
      expect(i18n('en').kpi(k), k).not.toBe(k);
    }
    expect(i18n('nl').kpi('cost_by_type.care.begeleiding')).toBe('Kosten begeleiding');
  });
});
