/**
 * Runs replications in a pool of Web Workers, so the page never freezes. Results are cached by
 * (scenario, settings, replication): a scenario that did not change is not run again, and
 * replication r of every scenario has the same random numbers as in the CLI. `run` replaces the
 * work in progress: jobs no longer wanted are dropped and busy workers are stopped.
 */
import type { RunRecord } from '../../src/experiment/results.js';
import type { EventLogRow } from '../../src/model/outputs.js';
import type { RunOptions } from '../../src/model/model.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { WorkerTask } from './worker.js';

export interface Job {
  key: string;
  scenario: Scenario;
  options: RunOptions;
  eventLog?: boolean;
  kpis?: string[] | null;
}

export interface JobResult {
  record: RunRecord;
  log?: EventLogRow[];
}

/**
 * Results kept (a result with its time series is some tens of kB; replication 0 keeps its event
 * log). An equal-budget search keeps every evaluation, so its final comparison runs nothing new:
 * with four designs and 20 replications that is up to about 700 results.
 */
const MAX_CACHED = 1500;

interface Slot {
  worker: Worker;
  busy: { key: string; id: number } | null;
}

export class Runner {
  private readonly cache = new Map<string, JobResult>();
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private onResult: (key: string, r: JobResult) => void = () => {};
  private onError: (message: string) => void = () => {};

  constructor(readonly size = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2))) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const slot: Slot = { worker, busy: null };
    worker.onmessage = (e: MessageEvent<{ id: number; record?: RunRecord; log?: EventLogRow[]; error?: string }>) => {
      const m = e.data;
      if (!slot.busy || slot.busy.id !== m.id) return;
      const key = slot.busy.key;
      slot.busy = null;
      if (m.error !== undefined) this.onError(m.error);
      else {
        const r: JobResult = { record: m.record!, ...(m.log ? { log: m.log } : {}) };
        this.cache.set(key, r);
        // Bounded memory: forget the oldest results (they are recomputed if needed again).
        if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
        this.onResult(key, r);
      }
      this.pump();
    };
    worker.onerror = (e) => {
      // A worker that failed is replaced; its job is reported, not retried (it would fail again).
      e.preventDefault();
      this.onError(e.message || 'worker failed');
      const i = this.slots.indexOf(slot);
      worker.terminate();
      if (i >= 0) this.slots[i] = this.spawn();
      this.pump();
    };
    return slot;
  }

  get(key: string): JobResult | undefined {
    return this.cache.get(key);
  }

  /** Put results computed elsewhere (the build's default comparison) in the cache; returns how many. */
  seed(records: Record<string, RunRecord>): number {
    for (const [key, record] of Object.entries(records)) if (!this.cache.has(key)) this.cache.set(key, { record });
    return Object.keys(records).length;
  }

  /** Busy plus queued jobs. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  /**
   * Replace the work: run `jobs` (in this order) that are not cached. Busy workers whose job is
   * not among them are stopped and replaced.
   */
  run(jobs: Job[], onResult: (key: string, r: JobResult) => void, onError: (message: string) => void): void {
    this.onResult = onResult;
    this.onError = onError;
    const wanted = new Set(jobs.map((j) => j.key));
    this.slots = this.slots.map((s) => {
      if (s.busy && !wanted.has(s.busy.key)) {
        s.worker.terminate();
        return this.spawn();
      }
      return s;
    });
    const busy = new Set(this.slots.filter((s) => s.busy).map((s) => s.busy!.key));
    this.queue = jobs.filter((j) => !this.cache.has(j.key) && !busy.has(j.key));
    this.pump();
  }

  private pump(): void {
    for (const s of this.slots) {
      if (s.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      s.busy = { key: job.key, id };
      const task: WorkerTask = { id, scenario: job.scenario, options: job.options, eventLog: job.eventLog ?? false, kpis: job.kpis ?? null };
      s.worker.postMessage(task);
    }
  }

  dispose(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
  }
}
