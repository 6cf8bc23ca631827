/**
 * The default comparison the build computes (web/tools/precompute.ts): the records the app would
 * have computed itself, under the keys its runner looks them up by. Checked on a short experiment.
 */
import { describe, expect, it } from 'vitest';
import { toRecord } from '../../src/experiment/results.js';
import { runReplication } from '../../src/model/model.js';
import { precompute } from '../../web/tools/precompute.js';
import { jobsFor } from '../../web/src/data.js';
import { buildScenario, DESIGN_FILES } from '../../web/src/scenarios.js';
import type { Settings } from '../../web/src/state.js';

describe('precompute', () => {
  it('gives each replication under the key the app runs it by, equal to a run in the app', async () => {
    const settings: Settings = { reps: 2, seed: 3, horizonYears: 0.5, warmupYears: 0.25, equal: 'designed' };
    const files = DESIGN_FILES.slice(0, 2);
    const records = await precompute(files, settings, 2);
    // The app's job list for the same comparison asks for exactly these keys.
    const jobs = jobsFor(files.map((file) => ({ file, scenario: buildScenario(file, {}) })), settings);
    expect(Object.keys(records).sort()).toEqual(jobs.map((j) => j.key).sort());
    for (const j of jobs) {
      // What the app's worker returns for the job (web/src/worker.ts).
      const own = toRecord(0, 0, j.options.replication, runReplication(j.scenario, { ...j.options, eventLog: j.eventLog ?? false }), null, true);
      expect(JSON.stringify(records[j.key]), j.key).toBe(JSON.stringify(own));
    }
  });
});
