/**
 * A small pool of worker threads (node:worker_threads) for replications. Tasks go to the first
 * free worker; results come back keyed by task id and are put in task order, so the outcome is
 * byte-identical whatever the number of workers.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplicationResult } from '../model/outputs.js';
import type { RunOptions } from '../model/model.js';
import type { Scenario } from '../scenario/types.js';
import type { RecordSpec } from './journal-file.js';
import type { Task } from './worker.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A larger young generation than a worker's default: a replication makes many short-lived
 * objects (events, generator frames), and fewer scavenges leave more of both cores to the model.
 */
const YOUNG = { maxYoungGenerationSizeMb: 64 };

/**
 * Start a worker on the script next to this module: the compiled JS, or (when running from the
 * TypeScript sources, as the tests do) the TS source loaded through tsx's ESM hooks.
 */
function startWorker(): Worker {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { resourceLimits: YOUNG });
  const ts = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true, resourceLimits: YOUNG });
}

export interface Job {
  scenario: Scenario;
  options: RunOptions;
  /** Ask for the run's journal line instead of its full result. */
  record?: RecordSpec;
}

/** What a job gives back: its full result, or (with `record`) its journal line. */
export type JobOutput = { result: ReplicationResult; line?: undefined } | { line: string; result?: undefined };

/**
 * Run jobs on `workers` threads. `onResult` sees each result as it arrives (in completion order);
 * the returned array is in job order.
 */
export async function runInPool(jobs: Job[], workers: number, onResult?: (index: number, result: ReplicationResult) => void): Promise<ReplicationResult[]> {
  const n = Math.max(1, Math.min(workers, jobs.length));
  const results: ReplicationResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (jobs.length === 0) return resolve();
      const feed = (w: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        const task: Task = { id, scenario: jobs[id]!.scenario, options: jobs[id]!.options };
        w.postMessage(task);
      };
      for (let i = 0; i < n; i++) {
        const w = startWorker();
        pool.push(w);
        w.on('message', (m: { id: number; result?: ReplicationResult; error?: string }) => {
          if (m.error !== undefined) return reject(new Error(`replication ${m.id} failed in a worker: ${m.error}`));
          results[m.id] = m.result!;
          done++;
          // Give the worker its next job before handling this result (journal writes and their
          // data sync), so the worker does not wait for the disk.
          feed(w);
          try {
            onResult?.(m.id, m.result!);
          } catch (e) {
            return reject(e as Error);
          }
          if (done === jobs.length) resolve();
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0 && done < jobs.length) reject(new Error(`a worker stopped with exit code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
