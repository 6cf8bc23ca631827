/**
 * The youth-care model: accounting, determinism, common random numbers, and the reduction to
 * queueing theory when every dynamic is off.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/model/model.js';
import type { Casus } from '../../src/model/casus.js';
import { replicateScenario } from '../../src/experiment/replicate.js';
import { mmc } from '../../src/experiment/theory.js';
import { summarise } from '../../src/experiment/ci.js';

const root = join(import.meta.dirname, '..', '..');
const scenario = (f: string) => loadScenario(join(root, f)).scenario;
const baseline = scenario('scenarios/nijmegen-2019-indicatiemodel.yaml');
const short = { horizonWeeks: 104, warmupWeeks: 52 };

describe('youth-care model', () => {
  it('accounts for every casus: arrived = exited + in system', () => {
    for (const f of ['scenarios/nijmegen-2019-indicatiemodel.yaml', 'scenarios/brede-basisteams.yaml', 'scenarios/one-stop-shop.yaml']) {
      const r = runReplication(scenario(f), { seed: 3, replication: 0, ...short });
      expect(r.counts.arrived).toBeGreaterThan(1000);
      expect(r.counts.exited + r.counts.inSystem).toBe(r.counts.arrived);
      expect(r.counts.inSystem).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same seed gives byte-identical results, another seed does not', () => {
    const a = JSON.stringify(runReplication(baseline, { seed: 9, replication: 1, ...short, eventLog: true }));
    const b = JSON.stringify(runReplication(baseline, { seed: 9, replication: 1, ...short, eventLog: true }));
    const c = JSON.stringify(runReplication(baseline, { seed: 10, replication: 1, ...short, eventLog: true }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('common random numbers: every design sees the same families with the same needs', () => {
    const seen = (f: string) => {
      const list: string[] = [];
      runReplication(scenario(f), {
        seed: 4,
        replication: 0,
        ...short,
        onArrival: (c: Casus) => list.push(`${c.key}@${c.arrivedAt.toFixed(9)} ${c.wijk} ${c.age} ${c.complex} ${c.initialNeed}`),
      });
      return list;
    };
    const base = seen('scenarios/nijmegen-2019-indicatiemodel.yaml');
    expect(base.length).toBeGreaterThan(1000);
    expect(seen('scenarios/brede-basisteams.yaml')).toEqual(base);
    expect(seen('scenarios/one-stop-shop.yaml')).toEqual(base);
  });

  it('reports the KPIs of BRIEF section 4 under their ids', () => {
    const r = runReplication(baseline, { seed: 1, replication: 0, ...short });
    for (const id of [
      'wait_intake_weeks',
      'assessment_weeks',
      'time_to_care_weeks',
      'time_to_care_p90_weeks',
      'pct_within_norm',
      'handoffs_per_casus',
      'professionals_per_casus',
      'pct_4plus_professionals',
      'episodes_per_casus',
      'pct_stepped_up',
      'pct_first_line',
      'pct_deteriorated',
      'mdo_cases_per_year',
      'mdo_slot_use',
      'referrer_share.huisarts',
      'utilisation.swt',
      'queue_len.swt',
      'cost_total_meur',
      'cost_per_casus_eur',
      'in_care.verblijf',
    ]) {
      expect(Number.isFinite(r.kpis[id]), id).toBe(true);
    }
    const shares = Object.entries(r.kpis).filter(([k]) => k.startsWith('referrer_share.'));
    expect(shares.reduce((a, [, v]) => a + v, 0)).toBeCloseTo(100, 6);
    expect(Object.keys(r.perWijk)).toHaveLength(10);
    expect(r.timeSeries.series['queue_len.swt']!.length).toBe(r.timeSeries.t.length);
    expect(Object.keys(r.flows).some((k) => k.startsWith('vindplaats:school -> route:'))).toBe(true);
  });

  it('with every dynamic off and one exponential stage, provider waits match M/M/c (Erlang C)', () => {
    const s = scenario('test/fixtures/mmc.yaml');
    const run = replicateScenario(s, { reps: 20, seed: 5, horizonWeeks: 3000, warmupWeeks: 100 });
    const waits = run.replications.map((r) => r.kpis.provider_wait_weeks!);
    const ci = summarise(waits, 0.999);
    const theory = mmc(3, 2.4, 1).wq;
    expect(ci.ciLow <= theory && theory <= ci.ciHigh, `Wq ${theory} vs [${ci.ciLow}, ${ci.ciHigh}]`).toBe(true);
    const util = summarise(run.replications.map((r) => r.kpis['utilisation.lichte_hulp']!), 0.999);
    expect(util.ciLow <= 80 && 80 <= util.ciHigh).toBe(true);
  });
});
