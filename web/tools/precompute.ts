/**
 * The default comparison, computed when the app is built, so a room sees the final numbers as
 * soon as the page has loaded (issue 23.7): the four default designs under the app's default
 * settings, every replication run by the model's own code on all cores (the CLI's worker pool),
 * each kept under the key the app's runner caches it by. Nothing is rounded: the app's table
 * then equals `ketensim compare --reps 20` as it does when it runs the replications itself.
 *
 *   node --import tsx web/tools/precompute.ts OUT.json
 *
 * web/vite.config.ts runs it once per fingerprint of the model's sources and scenario files.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { runJobs } from '../../src/experiment/experiment.js';
import { defaultWorkers } from '../../src/experiment/pool.js';
import { toRecord, type RunRecord } from '../../src/experiment/results.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { ReplicationResult } from '../../src/model/outputs.js';
import { runOptions, scenarioKey } from '../src/data.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/state.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Precomputed {
  /** What the records were computed from (see web/vite.config.ts). */
  fingerprint: string;
  settings: Settings;
  /** Run records by the runner's cache key (`<scenario key>:<replication>`). */
  records: Record<string, RunRecord>;
}

/** The records of `files` (paths under the repository) under `settings`, keyed as the app caches them. */
export async function precompute(files: readonly string[], settings: Settings, workers = defaultWorkers()): Promise<Record<string, RunRecord>> {
  const scenarios = files.map((f) => loadScenario(join(ROOT, f)).scenario);
  const jobs = scenarios.flatMap((scenario) => Array.from({ length: settings.reps }, (_, rep) => ({ scenario, options: runOptions(settings, rep) })));
  const records: Record<string, RunRecord> = {};
  const results: ReplicationResult[] = [];
  await runJobs(jobs, workers, (i, r) => { results[i] = r; });
  // Keyed in job order, so the file's bytes do not depend on which worker finished first.
  jobs.forEach((j, i) => {
    records[`${scenarioKey(j.scenario, settings)}:${j.options.replication}`] = toRecord(0, 0, j.options.replication, results[i]!, null, true);
  });
  return records;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  const fingerprint = process.argv[3] ?? '';
  if (!out) throw new Error('usage: node --import tsx web/tools/precompute.ts OUT.json [FINGERPRINT]');
  const t0 = Date.now();
  const records = await precompute(DEFAULT_DESIGN_FILES.map((f) => `scenarios/${f}`), DEFAULT_SETTINGS);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ fingerprint, settings: DEFAULT_SETTINGS, records } satisfies Precomputed));
  console.error(`ketensim: the default comparison (${Object.keys(records).length} replications) computed for the app in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
