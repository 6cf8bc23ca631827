/**
 * The youth-care model's entry point: run one replication of a scenario. The chain and its
 * stages are in chain.ts and stages/; the designs in designs.ts; the KPIs in kpis.ts.
 */
import type { Scenario } from '../scenario/types.js';
import { ChainModel, type RunOptions } from './chain.js';
import type { ReplicationResult } from './outputs.js';

export { ChainModel, type RunOptions } from './chain.js';

export const MODEL_VERSION = '0.1.0';

/** Run one replication of a scenario. */
export function runReplication(scenario: Scenario, opts: RunOptions): ReplicationResult {
  return new ChainModel(scenario, opts).run();
}
