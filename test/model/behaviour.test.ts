/**
 * Behaviour checks (BRIEF section 7): the model responds to capacity the way the mechanisms say
 * it should. Paired runs under common random numbers, fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { replicateScenario } from '../../src/experiment/replicate.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Param } from '../../src/scenario/param.js';
import { summarise } from '../../src/experiment/ci.js';
import { runReplication } from '../../src/model/model.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';

const baseline = loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', 'nijmegen-2019-indicatiemodel.yaml')).scenario;

function withParam(s: Scenario, set: (s: Scenario) => void): Scenario {
  const copy = structuredClone(s);
  set(copy);
  return copy;
}
const p = (value: number): Param => ({ value, written: { value, unit: 'test' }, source: 'aanname (test)', aanname: true });

const short = { horizonWeeks: 156, warmupWeeks: 52 };

/** Paired differences b - a of a KPI over replications, with a 99% CI. */
function pairedDiff(a: Scenario, b: Scenario, kpi: string, reps = 8) {
  const ra = replicateScenario(a, { reps, seed: 21, ...short });
  const rb = replicateScenario(b, { reps, seed: 21, ...short });
  return summarise(
    ra.replications.map((r, i) => rb.replications[i]!.kpis[kpi]! - r.kpis[kpi]!),
    0.99,
  );
}

describe('behaviour', () => {
  it('the baseline and the two designs settle: the number in the system does not drift over 20 years', () => {
    for (const f of ['nijmegen-2019-indicatiemodel.yaml', 'brede-basisteams.yaml', 'one-stop-shop.yaml']) {
      const s = loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', f)).scenario;
      const r = runReplication(s, { seed: 2, replication: 0, horizonWeeks: 19 * WEEKS_PER_YEAR, warmupWeeks: WEEKS_PER_YEAR });
      const series = r.timeSeries.series.in_system!;
      const at = (years: number) => series[Math.round(years * 12)]!;
      const early = (at(4) + at(5) + at(6)) / 3;
      const late = (at(18) + at(19) + at(20)) / 3;
      expect(Math.abs(late - early) / early, `${f}: ${early.toFixed(0)} in the system around year 5, ${late.toFixed(0)} around year 19`).toBeLessThan(0.2);
    }
  });

  it('more SWT capacity moves the waiting downstream when provider places bind (feedbacks off)', () => {
    // With the feedbacks on, more SWT capacity also means less bypass to the GP and fewer
    // indicaties, which relieves the providers; the pure flow effect is seen with them off.
    const plain = withParam(baseline, (s) => {
      s.routing.perceived_wait_sensitivity = p(0);
      s.swt.work_pressure_slope = p(0);
      s.swt.pressure_stretch = p(0);
      s.dynamics.deterioration_per_week = p(0);
      s.care['2']!.places = p(s.care['2']!.places.value * 0.75); // providers bind (about their demand)
      s.care['3']!.places = p(s.care['3']!.places.value * 0.75);
    });
    const more = withParam(plain, (s) => {
      s.swt.youth_slots_per_wijk = p(s.swt.youth_slots_per_wijk.value * 1.5);
    });
    const intake = pairedDiff(plain, more, 'wait_intake_weeks');
    const provider = pairedDiff(plain, more, 'provider_wait_weeks');
    expect(intake.ciHigh).toBeLessThan(0); // shorter wait at the wijkteam ...
    expect(provider.ciLow).toBeGreaterThan(0); // ... longer wait at the providers
  });
});
