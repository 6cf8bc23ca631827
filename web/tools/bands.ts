/**
 * The uncertainty in the assumptions of the default comparison, for the web app (issue 22.3): the
 * CLI's sensitivity sample (src/cli/sensitivity-command.ts screeningSample, the same code and
 * numbers as `ketensim sensitivity --samples 100 --reps 2 --seed 1`) over the four default designs
 * at their files' horizon, and per design and headline KPI the 10-90% range over it, written with a
 * fingerprint of the model version and the scenario files (src/experiment/assumption-bands.ts).
 *
 *   npm run bands        (node --import tsx web/tools/bands.ts [OUT.json])
 *
 * Run it again after changing a default design or the model; a test fails until then. Takes a few
 * minutes on 2 cores (some 800 runs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screeningSample } from '../../src/cli/sensitivity-command.js';
import { inputsOf } from '../../src/cli/model-commands.js';
import { BANDS_SAMPLE, bandsFingerprint, fileHashes, type AssumptionBandsFile, type BandsRun } from '../../src/experiment/assumption-bands.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { HEADLINE_KPIS } from '../../src/experiment/kpis.js';
import { defaultWorkers } from '../../src/experiment/pool.js';
import { assumptionBands, assumptionsOf } from '../../src/experiment/sensitivity.js';
import { MODEL_VERSION } from '../../src/model/model.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BANDS_FILE = join(ROOT, 'web/src/data/assumption-bands.json');

/** The default designs as the CLI loads them (files under the repository). */
export function defaultDesigns(): { file: string; scenario: Scenario }[] {
  return DEFAULT_DESIGN_FILES.map((f) => ({ file: join('scenarios', f), scenario: loadScenario(join(ROOT, 'scenarios', f)).scenario }));
}

/** Every file the default designs read, under the repository, sorted. */
export function designInputs(): string[] {
  const rel = (p: string) => relative(ROOT, resolve(ROOT, p)).split('\\').join('/');
  return [...new Set(DEFAULT_DESIGN_FILES.flatMap((f) => inputsOf(loadScenario(join(ROOT, 'scenarios', f))).map(rel)))].sort();
}

async function main(out: string): Promise<void> {
  const entries = defaultDesigns();
  const scenarios = entries.map((e) => e.scenario);
  const names = scenarios.map((s) => s.name);
  const kpis = [...HEADLINE_KPIS];
  const assumptions = assumptionsOf(scenarios);
  const io = { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  const started = Date.now();
  const { kept, values } = await screeningSample(entries, assumptions, BANDS_SAMPLE.samples, kpis, { reps: BANDS_SAMPLE.reps, seed: BANDS_SAMPLE.seed, weeks: {}, workers: defaultWorkers(), csv: 'nl' }, io);
  const run: BandsRun = { ...BANDS_SAMPLE, horizonWeeks: scenarios[0]!.simulation.horizon.value, warmupWeeks: scenarios[0]!.simulation.warmup.value };
  if (scenarios.some((s) => s.simulation.horizon.value !== run.horizonWeeks || s.simulation.warmup.value !== run.warmupWeeks)) throw new Error('bands: the default designs differ in horizon or warm-up; the app compares them at one');
  const files = fileHashes(designInputs(), (p) => readFileSync(join(ROOT, p), 'utf8'));
  const data: AssumptionBandsFile = {
    about: 'Made by npm run bands (web/tools/bands.ts): the 10-90% range of each headline KPI of each default design over the sensitivity sample (ketensim sensitivity --samples 100 --reps 2 --seed 1). Do not edit; run npm run bands again after changing a default design or the model.',
    modelVersion: MODEL_VERSION,
    ...run,
    files,
    fingerprint: bandsFingerprint(MODEL_VERSION, run, files),
    designs: entries.map((e) => ({ file: e.file, name: e.scenario.name })),
    assumptions: assumptions.length,
    kept: kept.length,
    bands: assumptionBands(names, values, kpis),
    checks: [0, kept.length - 1].map((i) => ({ sample: kept[i]!, values: values[i]! })),
  };
  writeFileSync(out, JSON.stringify(data, null, 1) + '\n');
  io.err(`bands: ${assumptions.length} assumptions, ${kept.length} points x ${names.length} designs x ${BANDS_SAMPLE.reps} replications in ${Math.round((Date.now() - started) / 1000)} s; written to ${relative(process.cwd(), out)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2] ? resolve(process.argv[2]) : BANDS_FILE).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
