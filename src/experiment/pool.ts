/**
 * A small pool of worker threads (node:worker_threads) for replications. Each worker has up to
 * two runs in hand, so it starts the next run the moment one finishes, without waiting for the
 * main thread to handle the result (write and sync the journal). Results come back keyed by job,
 * in completion order; whoever keeps them puts them in job order, so the outcome is
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
import type { FromWorker, ToWorker } from './worker.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A larger young generation than a worker's default: a replication makes many short-lived
 * objects (events, generator frames), and fewer scavenges leave more of both cores to the model.
 */
const YOUNG = { maxYoungGenerationSizeMb: 64 };

/** Runs a worker has in hand: one running, one waiting. */
const DEPTH = 2;

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
  /** Ask for the run's journal line (made in the worker) instead of its full result. */
  record?: RecordSpec;
}

/** What a job gives back: its full result, or (with `record`) its journal line. */
export type JobOutput = { result: ReplicationResult; line?: undefined } | { line: string; result?: undefined };

/**
 * Run `count` jobs on `workers` threads; job i is made by `jobAt(i)` when it is handed out (a sweep
 * of a million runs holds no list of them). `onResult` sees each as it arrives (in completion order).
 */
export async function runInPool(count: number, jobAt: (i: number) => Job, workers: number, onResult: (index: number, out: JobOutput) => void): Promise<void> {
  const n = Math.max(1, Math.min(workers, count));
  if (count === 0) return;
  // Each scenario object gets a number; a worker is sent a scenario before the first of its runs
  // that needs it (it keeps the last one only: runs come point by point).
  const scenarioIds = new Map<Scenario, number>();
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker, sent: { id: number }, inHand: { n: number }) => {
        // Near the end, one run in hand each, so no run waits behind another while a worker idles.
        while (next < count && inHand.n < (count - next >= n * DEPTH ? DEPTH : 1)) {
          const id = next++;
          const job = jobAt(id);
          let sid = scenarioIds.get(job.scenario);
          if (sid === undefined) scenarioIds.set(job.scenario, (sid = scenarioIds.size));
          if (sent.id !== sid) {
            w.postMessage({ kind: 'scenario', id: sid, scenario: job.scenario } satisfies ToWorker);
            sent.id = sid;
          }
          w.postMessage({ kind: 'run', id, scenario: sid, options: job.options, ...(job.record ? { record: job.record } : {}) } satisfies ToWorker);
          inHand.n++;
        }
      };
      for (let i = 0; i < n; i++) {
        const w = startWorker();
        const sent = { id: -1 };
        const inHand = { n: 0 };
        pool.push(w);
        w.on('message', (m: FromWorker) => {
          if ('error' in m) return reject(new Error(`replication ${m.id} failed in a worker: ${m.error}`));
          inHand.n--;
          done++;
          // Top the worker up before handling this result, so it never waits for the disk.
          feed(w, sent, inHand);
          try {
            onResult(m.id, 'line' in m ? { line: m.line } : { result: m.result });
          } catch (e) {
            return reject(e as Error);
          }
          if (done === count) resolve();
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0 && done < count) reject(new Error(`a worker stopped with exit code ${code}`));
        });
        feed(w, sent, inHand);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
