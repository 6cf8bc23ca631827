/**
 * Replications of one scenario in this thread, keeping every replication's full result (per-wijk
 * breakdowns, flows, time series): for tests and scripts. Independent random numbers per
 * replication (seed, replication), the same per-replication numbers in every scenario (common
 * random numbers), and Student-t summaries per KPI. The CLI and the web app go through plans
 * (plan.ts, experiment.ts) instead.
 */
import { runReplication, MODEL_VERSION } from '../model/model.js';
import type { ReplicationResult } from '../model/outputs.js';
import type { Scenario } from '../scenario/types.js';
import { summarise, type Summary } from './ci.js';

export interface ReplicateOptions {
  reps: number;
  seed: number | string;
  horizonWeeks?: number;
  warmupWeeks?: number;
  /** Keep the event log of the first replication. */
  eventLog?: boolean;
}

function jobOptions(opts: ReplicateOptions, r: number) {
  return {
    seed: opts.seed,
    replication: r,
    ...(opts.horizonWeeks !== undefined ? { horizonWeeks: opts.horizonWeeks } : {}),
    ...(opts.warmupWeeks !== undefined ? { warmupWeeks: opts.warmupWeeks } : {}),
    eventLog: (opts.eventLog ?? false) && r === 0,
  };
}

export interface ScenarioRun {
  scenario: string;
  modelVersion: string;
  seed: number | string;
  reps: number;
  kpis: Record<string, Summary>;
  replications: ReplicationResult[];
}

export function replicateScenario(scenario: Scenario, opts: ReplicateOptions): ScenarioRun {
  const replications: ReplicationResult[] = [];
  for (let r = 0; r < opts.reps; r++) replications.push(runReplication(scenario, jobOptions(opts, r)));
  return { scenario: scenario.name, modelVersion: MODEL_VERSION, seed: opts.seed, reps: opts.reps, kpis: summariseKpis(replications), replications };
}

/** Mean, sd and 95% CI per KPI over replications (NaN values, e.g. no observations, are left out). */
export function summariseKpis(reps: readonly ReplicationResult[]): Record<string, Summary> {
  const keys = new Set<string>();
  for (const r of reps) for (const k of Object.keys(r.kpis)) keys.add(k);
  const out: Record<string, Summary> = {};
  for (const k of [...keys].sort()) out[k] = summarise(reps.map((r) => r.kpis[k]!).filter((x) => Number.isFinite(x)));
  return out;
}
