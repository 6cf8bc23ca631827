/**
 * Worker thread: runs replications it is sent and posts back their results. Pure function of
 * its input (scenario, seed, replication, options), so results do not depend on which worker ran
 * a replication or in which order.
 */
import { parentPort } from 'node:worker_threads';
import { runReplication, type RunOptions } from '../model/model.js';
import type { Scenario } from '../scenario/types.js';

export interface Task {
  id: number;
  scenario: Scenario;
  options: RunOptions;
}

parentPort?.on('message', (task: Task) => {
  try {
    const result = runReplication(task.scenario, task.options);
    parentPort!.postMessage({ id: task.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
