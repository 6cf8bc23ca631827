/**
 * The Nijmegen 2019 baseline reproduces the calibration targets of BRIEF section 5: the mean over
 * 20 replications of every target KPI lies inside its band (scenarios/nijmegen-2019-doelen.yaml).
 * Fixed seed, so the test is deterministic; `ketensim calibrate` prints the same table.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileSource, loadScenario } from '../../src/scenario/load.js';
import { loadTargetsFrom } from '../../src/experiment/targets.js';
import { replicateScenario } from '../../src/experiment/replicate.js';
import { calibrationTable } from '../../src/experiment/calibration.js';

describe('calibration of the Nijmegen 2019 baseline', () => {
  it('every target lies inside its band (mean of 20 replications)', () => {
    const { scenario } = loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'));
    const run = replicateScenario(scenario, { reps: 20, seed: 1 });
    const { targets } = loadTargetsFrom(fileSource, join(import.meta.dirname, '..', '..', 'scenarios', 'nijmegen-2019-doelen.yaml'));
    const rows = calibrationTable(run.kpis, targets);
    expect(rows.length).toBeGreaterThanOrEqual(13);
    const misses = rows.filter((r) => !r.inside && r.context === undefined).map((r) => `${r.kpi}: ${r.mean.toFixed(2)} outside [${r.low}, ${r.high}]`);
    expect(misses).toEqual([]);
    expect(rows.every((r) => r.n === 20)).toBe(true);
  });
});
