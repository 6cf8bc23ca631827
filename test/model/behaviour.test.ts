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
  it('more SWT capacity moves the waiting downstream when provider places bind (feedbacks off)', () => {
    // With the feedbacks on, more SWT capacity also means less bypass to the GP and fewer
    // indicaties, which relieves the providers; the pure flow effect is seen with them off.
    const plain = withParam(baseline, (s) => {
      s.routing.perceived_wait_sensitivity = p(0);
      s.swt.work_pressure_slope = p(0);
      s.swt.pressure_stretch = p(0);
      s.dynamics.deterioration_per_week = p(0);
      s.care['2']!.places = p(s.care['2']!.places.value * 0.9); // providers bind
      s.care['3']!.places = p(s.care['3']!.places.value * 0.9);
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
