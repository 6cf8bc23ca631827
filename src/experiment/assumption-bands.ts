/**
 * The uncertainty in the assumptions of the default comparison, shipped with the web app
 * (web/src/data/assumption-bands.json, made by `npm run bands`, web/tools/bands.ts): per design and
 * headline KPI the 10-90% range over the sensitivity sample (`ketensim sensitivity`'s `bands`), with
 * a fingerprint of what it was computed from (the model version, the text of every scenario file
 * the designs read, the sample's size, replications, seed and horizon). A browser cannot run the
 * sample at a round table; it can check the fingerprint and hide bands that no longer hold.
 *
 * Pure: used by the app, the tool and the tests.
 */
import { hashText } from './plan.js';

export interface AssumptionBand {
  p10: number;
  p50: number;
  p90: number;
}

/** What the bands were computed from: the settings of the sample (the CLI's `sensitivity` defaults). */
export interface BandsRun {
  samples: number;
  reps: number;
  seed: number;
  horizonWeeks: number;
  warmupWeeks: number;
}

export interface AssumptionBandsFile extends BandsRun {
  about: string;
  modelVersion: string;
  /** path under the repository -> hashText of its text (every file the designs read). */
  files: Record<string, string>;
  /** hashText over the model version, the run and the files' hashes (bandsFingerprint). */
  fingerprint: string;
  /** The designs, as files under the repository and the scenario names that key `bands`. */
  designs: { file: string; name: string }[];
  /** How many assumptions were varied, and how many points of the sample the scenario checks kept. */
  assumptions: number;
  kept: number;
  /** Per scenario name, per KPI: the 10th, 50th and 90th percentile over the sample. */
  bands: Record<string, Record<string, AssumptionBand>>;
  /** A few points of the sample (hypercube index) with each design's mean KPIs, to recompute in a test. */
  checks: { sample: number; values: Record<string, number>[] }[];
}

/** The sample the shipped bands come from: `ketensim sensitivity`'s defaults (100 points, 2 replications, seed 1). */
export const BANDS_SAMPLE = { samples: 100, reps: 2, seed: 1 } as const;

/** The fingerprint of a bands file: everything that decides its numbers. */
export function bandsFingerprint(modelVersion: string, run: BandsRun, files: Record<string, string>): string {
  const sorted = Object.keys(files)
    .sort()
    .map((f) => [f, files[f]]);
  return hashText(JSON.stringify({ modelVersion, run: [run.samples, run.reps, run.seed, run.horizonWeeks, run.warmupWeeks], files: sorted }));
}

/** The hashes of the files as they are now (`read` gives a file's text, or undefined when it is gone). */
export function fileHashes(paths: readonly string[], read: (path: string) => string | undefined): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p, hashText(read(p) ?? '\0missing')]));
}

export type BandsStatus = { fresh: true } | { fresh: false; model: boolean; changed: string[] };

/**
 * Do the bands still hold? They do when the model version and every file they were computed from
 * are as they were; otherwise `changed` lists the files whose text changed and `model` says
 * whether the model version did.
 */
export function bandsStatus(f: AssumptionBandsFile, modelVersion: string, read: (path: string) => string | undefined): BandsStatus {
  const now = fileHashes(Object.keys(f.files), read);
  if (bandsFingerprint(modelVersion, f, now) === f.fingerprint) return { fresh: true };
  return { fresh: false, model: modelVersion !== f.modelVersion, changed: Object.keys(f.files).filter((p) => now[p] !== f.files[p]) };
}
