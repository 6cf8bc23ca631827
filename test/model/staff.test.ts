/**
 * Staff make capacity and money, and the policies are levers of every design (BRIEF 2a): what a
 * comparison on equal terms rests on.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { runReplication } from '../../src/model/model.js';
import { DESIGN_TABLE, plannedStaff, scaled } from '../../src/model/designs.js';
import { COMMON_POSTS, COMMON_STAFF_GROUPS, commonStaff } from '../../src/model/staff.js';
import { summarise } from '../../src/experiment/ci.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';

const root = join(import.meta.dirname, '..', '..');
const load = (f: string) => loadScenario(join(root, 'scenarios', f)).scenario;
const designs = DEFAULT_DESIGN_FILES.map(load);
const short = { horizonWeeks: 104, warmupWeeks: 52 };

/** Paired differences b - a of a KPI over replications (common random numbers), with a 99% CI. */
function paired(a: Scenario, b: Scenario, kpi: string, reps = 6) {
  const d: number[] = [];
  for (let r = 0; r < reps; r++) d.push(runReplication(b, { seed: 31, replication: r, ...short }).kpis[kpi]! - runReplication(a, { seed: 31, replication: r, ...short }).kpis[kpi]!);
  return summarise(d, 0.99);
}

describe('staff make capacity and cost', () => {
  it('every team is paid as planned: each cost post is its FTE times its cost per FTE, and FTE are reported per team', () => {
    for (const s of designs) {
      const k = runReplication(s, { seed: 2, replication: 0, ...short }).kpis;
      for (const line of plannedStaff(s)) {
        expect(k[`fte.${line.group}`], `${s.name} fte.${line.group}`).toBeCloseTo(line.fte, 9);
        if (line.post !== null) expect(k[`cost_by_type.${line.post}`]! * 1e6, `${s.name} ${line.post}`).toBeCloseTo(line.cost, 0);
      }
      const access = plannedStaff(s).filter((l) => l.access).reduce((a, l) => a + l.fte, 0);
      expect(k.fte_access_total).toBeCloseTo(access, 9);
    }
  });

  it('the lists of teams and posts every design shares match what the model pays', () => {
    const s = designs[0]!;
    expect(commonStaff(s, false).map((l) => l.group)).toEqual([...COMMON_STAFF_GROUPS]);
    expect(commonStaff(s, false).flatMap((l) => (l.post ? [l.post] : []))).toEqual([...COMMON_POSTS]);
  });

  it('raising a design’s own staff raises its cost and lowers the waits at its toegang, in every design', () => {
    for (const s of designs) {
      const more = DESIGN_TABLE[s.design].scale(s, 1.25, true);
      expect(paired(s, more, 'cost_total_meur').ciLow, s.name).toBeGreaterThan(0);
      const util = `utilisation.${DESIGN_TABLE[s.design].toegangGroup}`;
      expect(paired(s, more, util).ciHigh, `${s.name} ${util}`).toBeLessThan(0);
    }
  });

  it('the basisteam wait follows its staff: fewer FTE, longer waits (no capacity is free)', () => {
    const bbt = load('brede-basisteams.yaml');
    const at = (fte: number) => ({ ...bbt, basisteam: { ...bbt.basisteam!, staff: { ...bbt.basisteam!.staff, fte: scaled(bbt.basisteam!.staff.fte, fte / bbt.basisteam!.staff.fte.value) } } });
    // 35.4, 32.3 and 29.2 FTE at 6.5 casussen each: 23, 21 and 19 slots per wijk.
    const waits = [35.4, 32.3, 29.2].map((fte) => summarise([0, 1, 2, 3].map((r) => runReplication(at(fte), { seed: 5, replication: r, ...short }).kpis.wait_intake_weeks!)).mean);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[2]!).toBeGreaterThan(waits[1]!);
    const cost = (fte: number) => runReplication(at(fte), { seed: 5, replication: 0, ...short }).kpis['cost_by_type.access.basisteam']!;
    expect(cost(35.4)).toBeGreaterThan(cost(29.2));
  });

  it('professionals who do not move into the basisteams take capacity away but not cost', () => {
    const bbt = load('brede-basisteams.yaml');
    const half = { ...bbt, basisteam: { ...bbt.basisteam!, staff_realised: scaled(bbt.basisteam!.staff_realised, 0.6) } };
    expect(paired(bbt, half, 'wait_intake_weeks').ciLow).toBeGreaterThan(0);
    const k = (s: Scenario) => runReplication(s, { seed: 1, replication: 0, ...short }).kpis['cost_by_type.access.basisteam'];
    expect(k(half)).toBe(k(bbt));
  });

  it('a wijkteam shared by youth and Wmo splits its cost by the work: youth and Wmo together cost the whole team', () => {
    const base = designs[0]!;
    const shared = { ...base, swt: { ...base.swt, pooling: 'shared' as const } };
    const k = runReplication(shared, { seed: 3, replication: 0, ...short }).kpis;
    const whole = base.swt.staff.fte.value * base.swt.staff.cost_per_fte.value;
    expect((k['cost_by_type.access.swt']! + k.cost_wmo_meur!) * 1e6).toBeCloseTo(whole, 0);
    expect(k['fte.swt']! + k['fte.swt_wmo']!).toBeCloseTo(base.swt.staff.fte.value, 9);
    expect(k['utilisation.swt_wmo']).toBeUndefined(); // one team: its utilisation is the toegang's
    // One queue for both: youth waits as long as Wmo now (the baseline keeps them apart).
    expect(Math.abs(k.wait_intake_weeks! - k.wait_intake_wmo_weeks!)).toBeLessThan(0.25 * k.wait_intake_wmo_weeks!);
  });
});

describe('policies are levers of every design', () => {
  it('placement: stepped care takes longer to the right help than matched care, in every design', () => {
    for (const s of designs) {
      const { section } = DESIGN_TABLE[s.design].placement(s);
      const set = (policy: 'stepped' | 'matched'): Scenario => {
        if (section === 'basisteam') return { ...s, basisteam: { ...s.basisteam!, placement: policy } };
        if (section === 'one_stop_shop') return { ...s, one_stop_shop: { ...s.one_stop_shop!, placement: policy } };
        return { ...s, swt: { ...s.swt, placement: policy } };
      };
      // Censoring-robust: stepping up takes time, and a short run ends many stepped journeys early.
      expect(paired(set('matched'), set('stepped'), 'time_to_care_censored_weeks').ciLow, s.name).toBeGreaterThan(0);
    }
  });

  it('the bypass to the GP works in every design: a basisteam believed slow sends families to the GP', () => {
    const bbt = load('brede-basisteams.yaml');
    // A belief of 30 weeks that changes only slowly, and a bypass that answers to it.
    const believed = { ...bbt, routing: { ...bbt.routing, perceived_wait_initial: scaled(bbt.routing.perceived_wait_initial, 30 / bbt.routing.perceived_wait_initial.value), perceived_wait_memory: scaled(bbt.routing.perceived_wait_memory, 20) } };
    const off = { ...believed, routing: { ...believed.routing, perceived_wait_sensitivity: scaled(believed.routing.perceived_wait_sensitivity, 0) } };
    expect(paired(off, believed, 'referrer_share.huisarts').ciLow).toBeGreaterThan(0);
  });

  it('an ambtelijke indicatiesteller that refuses more sends more families away, and they come back', () => {
    const opt = designs[1]!;
    const ind = opt.swt.indicatiesteller!;
    const stricter = { ...opt, swt: { ...opt.swt, indicatiesteller: { ...ind, refusal_share: scaled(ind.refusal_share, 2.5) } } };
    expect(paired(opt, stricter, 'pct_refused').ciLow).toBeGreaterThan(0);
    const k = runReplication(stricter, { seed: 4, replication: 0, ...short, eventLog: true });
    const refusedKeys = new Set(k.eventLog!.filter((e) => e.activity === 'afgewezen').map((e) => e.casus));
    const back = k.eventLog!.filter((e) => refusedKeys.has(e.casus) && e.activity === 'aanmelding');
    // Some refused families register again later (the others come back after the horizon, or go to the GP).
    expect(back.length).toBeGreaterThan(refusedKeys.size);
  });
});
