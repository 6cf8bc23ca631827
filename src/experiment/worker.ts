/**
 * Worker thread: runs replications it is sent and posts back their results. Pure function of
 * its input (scenario, seed, replication, options), so results do not depend on which worker ran
 * a replication or in which order.
 *
 * A scenario crosses the thread boundary once per point a worker works on (a `scenario` message,
 * then the point's runs refer to it by number; the worker keeps the last one only): copying it
 * costs about as much as a fortieth of a 2-year run. A run that
 * asks for its record gets back the finished journal line, made here rather than on the main
 * thread, which only writes it.
 */
import { parentPort } from 'node:worker_threads';
import { runReplication, type RunOptions } from '../model/model.js';
import type { ReplicationResult } from '../model/outputs.js';
import type { Scenario } from '../scenario/types.js';
import { recordLine, type RecordSpec } from './journal-file.js';

export type ToWorker = { kind: 'scenario'; id: number; scenario: Scenario } | { kind: 'run'; id: number; scenario: number; options: RunOptions; record?: RecordSpec };

export type FromWorker = { id: number; result: ReplicationResult } | { id: number; line: string } | { id: number; error: string };

let current: { id: number; scenario: Scenario } | null = null;

parentPort?.on('message', (m: ToWorker) => {
  if (m.kind === 'scenario') {
    current = { id: m.id, scenario: m.scenario };
    return;
  }
  try {
    if (current?.id !== m.scenario) throw new Error(`run ${m.id} needs scenario ${m.scenario}, which this worker was not sent`);
    const result = runReplication(current.scenario, m.options);
    const reply: FromWorker = m.record ? { id: m.id, line: recordLine(result, m.record) } : { id: m.id, result };
    parentPort!.postMessage(reply);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) } satisfies FromWorker);
  }
});
