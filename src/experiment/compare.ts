/**
 * Compare scenarios under common random numbers: every scenario runs the same replications
 * (seed, replication 0..R-1), so replication r of each design sees the same families. Paired
 * differences against the reference, per replication, get their own Student-t CI; they are
 * much narrower than the difference of two independent CIs. A thin layer over plans (the CLI's
 * `compare` uses the same), for callers that want the summaries only.
 */
import type { Scenario } from '../scenario/types.js';
import type { Summary } from './ci.js';
import { runExperiment, scenariosPlan } from './experiment.js';
import type { ReplicateOptions } from './replicate.js';
import { summarisePoints } from './results.js';

export interface Comparison {
  reference: string;
  runs: { scenario: string; kpis: Record<string, Summary> }[];
  /** diffs[scenario][kpi]: scenario minus reference, paired by replication. */
  diffs: Record<string, Record<string, Summary>>;
}

export async function compareScenarios(scenarios: Scenario[], opts: ReplicateOptions, reference = scenarios[0]!.name, workers = 1): Promise<Comparison> {
  const names = scenarios.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`compare: scenario names must differ, got ${names.join(', ')}`);
  if (!names.includes(reference)) throw new Error(`compare: reference '${reference}' is not among ${names.join(', ')}`);
  const plan = scenariosPlan(
    'compare',
    scenarios.map((s) => ({ file: s.name, scenario: s })),
    { reps: opts.reps, seed: opts.seed, reference, ...(opts.horizonWeeks !== undefined ? { horizonWeeks: opts.horizonWeeks } : {}), ...(opts.warmupWeeks !== undefined ? { warmupWeeks: opts.warmupWeeks } : {}) },
  );
  const { runs } = await runExperiment(plan, { workers });
  const sums = summarisePoints(plan.manifest, runs);
  return {
    reference,
    runs: sums.map((s) => ({ scenario: s.point.scenario, kpis: s.kpis })),
    diffs: Object.fromEntries(sums.filter((s) => s.differences).map((s) => [s.point.scenario, s.differences!])),
  };
}
