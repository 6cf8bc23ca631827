/**
 * Every municipality shipped under scenarios/ reproduces its calibration targets: for each targets
 * file found there (Nijmegen 2019's are BRIEF section 5, scenarios/nijmegen-2019-doelen.yaml; a
 * new municipality's are picked up without editing this test), the mean over 20 replications of
 * every target KPI of its baseline lies inside its band. Fixed seed, so the test is deterministic;
 * `ketensim calibrate --targets FILE` prints the same table.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileSource, loadScenario } from '../../src/scenario/load.js';
import { isTargetsText, loadTargetsFrom } from '../../src/experiment/targets.js';
import { replicateScenario } from '../../src/experiment/replicate.js';
import { calibrationTable } from '../../src/experiment/calibration.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TARGETS = readdirSync(join(ROOT, 'scenarios'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && isTargetsText(readFileSync(join(e.parentPath, e.name), 'utf8')))
  .map((e) => relative(ROOT, join(e.parentPath, e.name)))
  .sort();

describe('calibration of every shipped municipality', () => {
  it('finds the targets of Nijmegen and of the fictional Rivierstad', () => {
    expect(TARGETS).toEqual(expect.arrayContaining(['scenarios/nijmegen-2019-doelen.yaml', 'scenarios/rivierstad/doelen.yaml']));
  });

  it.each(TARGETS)('%s: every target lies inside its band (mean of 20 replications)', (file) => {
    const { targets, baseline } = loadTargetsFrom(fileSource, join(ROOT, file));
    const { scenario } = loadScenario(baseline);
    const run = replicateScenario(scenario, { reps: 20, seed: 1 });
    const rows = calibrationTable(run.kpis, targets);
    expect(rows.length).toBeGreaterThanOrEqual(file.includes('nijmegen') ? 13 : 5);
    const misses = rows.filter((r) => !r.inside && r.context === undefined).map((r) => `${r.kpi}: ${r.mean.toFixed(2)} outside [${r.low}, ${r.high}]`);
    expect(misses).toEqual([]);
    expect(rows.every((r) => r.n === 20)).toBe(true);
  });
});
