/**
 * Compare scenarios under common random numbers: every scenario runs the same replications
 * (seed, replication 0..R-1), so replication r of each design sees the same families. Paired
 * differences against the reference, per replication, get their own Student-t CI; they are
 * much narrower than the difference of two independent CIs.
 */
import type { Scenario } from '../scenario/types.js';
import { summarise, type Summary } from './ci.js';
import { replicateScenarioParallel, type ReplicateOptions, type ScenarioRun } from './replicate.js';

export interface Comparison {
  reference: string;
  runs: ScenarioRun[];
  /** diffs[scenario][kpi]: scenario minus reference, paired by replication. */
  diffs: Record<string, Record<string, Summary>>;
}

export async function compareScenarios(scenarios: Scenario[], opts: ReplicateOptions, reference = scenarios[0]!.name, workers = 1): Promise<Comparison> {
  const names = scenarios.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`compare: scenario names must differ, got ${names.join(', ')}`);
  if (!names.includes(reference)) throw new Error(`compare: reference '${reference}' is not among ${names.join(', ')}`);
  const runs: ScenarioRun[] = [];
  for (const s of scenarios) runs.push(await replicateScenarioParallel(s, opts, workers));
  const ref = runs.find((r) => r.scenario === reference)!;
  const diffs: Comparison['diffs'] = {};
  for (const run of runs) {
    if (run === ref) continue;
    const d: Record<string, Summary> = {};
    for (const kpi of Object.keys(run.kpis)) {
      const values: number[] = [];
      run.replications.forEach((rep, i) => {
        const a = rep.kpis[kpi];
        const b = ref.replications[i]!.kpis[kpi];
        if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)) values.push(a - b);
      });
      d[kpi] = summarise(values);
    }
    diffs[run.scenario] = d;
  }
  return { reference, runs, diffs };
}
