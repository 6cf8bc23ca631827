/**
 * Web Worker: runs replications of the model, the same code as the CLI. Input: a scenario and
 * run options; output: the run record (KPIs, flows, time series, histograms) and, when asked,
 * the event log of the first year after the warm-up (for the animation).
 */
import { runReplication, type RunOptions } from '../../src/model/model.js';
import { toRecord } from '../../src/experiment/results.js';
import type { Scenario } from '../../src/scenario/types.js';

export interface WorkerTask {
  id: number;
  scenario: Scenario;
  options: RunOptions;
  eventLog: boolean;
  /** KPIs to keep (null: all). */
  kpis: string[] | null;
}

self.onmessage = (e: MessageEvent<WorkerTask>) => {
  const task = e.data;
  try {
    const r = runReplication(task.scenario, { ...task.options, eventLog: task.eventLog });
    const record = toRecord(0, 0, task.options.replication, r, task.kpis, true);
    const warm = task.options.warmupWeeks ?? task.scenario.simulation.warmup.value;
    const log = task.eventLog ? (r.eventLog ?? []).filter((x) => x.time < warm + 52) : undefined;
    (self as unknown as Worker).postMessage({ id: task.id, record, log });
  } catch (err) {
    (self as unknown as Worker).postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  }
};
