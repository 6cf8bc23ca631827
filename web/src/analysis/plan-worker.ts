/**
 * Web Worker: the screening's sample for a tornado (web/src/analysis/compute.ts tornadoPlan): every
 * assumption with its range, the Latin hypercube and the points the scenario checks accept. It
 * validates some hundreds of scenarios, a few seconds that would otherwise freeze the page.
 */
import type { Scenario } from '../../../src/scenario/types.js';
import { tornadoPlan } from './compute.js';

export interface PlanTask {
  scenarios: Scenario[];
  samples: number;
  seed: number;
}

self.onmessage = (e: MessageEvent<PlanTask>) => {
  const { scenarios, samples, seed } = e.data;
  try {
    (self as unknown as Worker).postMessage({ plan: tornadoPlan(scenarios, samples, seed) });
  } catch (err) {
    (self as unknown as Worker).postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
