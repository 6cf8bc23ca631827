/**
 * Running plans (plan.ts) in Node. `runExperiment` runs what is not done yet, on worker threads, writes each
 * finished run to the results folder as it arrives, and writes the outputs at the end. Run,
 * compare and sweep all go through here, so they share resume, outputs and reports.
 */
import { runReplication, type RunOptions } from '../model/model.js';
import type { EventLogRow, ReplicationResult } from '../model/outputs.js';
import { summarise } from './ci.js';
import { lineRecord, recordLine } from './journal-file.js';
import { finishResults, readResults, ResultsWriter } from './journal.js';
import type { Plan } from './plan.js';
import { runInPool, type Job, type JobOutput } from './pool.js';
import { toRecord, type Manifest, type RunRecord } from './results.js';

export { scenariosPlan, sweepPlan, type Plan, type WeeksOptions } from './plan.js';

export interface Progress {
  done: number;
  total: number;
  /** Runs found finished in the results folder at the start. */
  resumed: number;
}

export interface ExperimentResult {
  manifest: Manifest;
  /** The runs in canonical order; empty when run with `hold: false` (they are in the folder). */
  runs: RunRecord[];
  /** Runs done now (not found finished). */
  ran: number;
  resumed: number;
  droppedLines: number;
  files: string[];
}

/**
 * Run jobs in this thread (workers <= 1) or on a pool; `onResult` sees each full result as it
 * finishes. In this thread the event loop gets a turn between jobs, so Ctrl-C (SIGINT) and SIGTERM
 * are handled between two runs rather than after all of them.
 */
export async function runJobs(jobs: Job[], workers: number, onResult: (index: number, r: ReplicationResult) => void): Promise<void> {
  await runJobOutputs(jobs.length, (i) => jobs[i]!, workers, (i, out) => onResult(i, out.result!));
}

/**
 * As runJobs, for `count` jobs made by `jobAt(i)` when they are handed out (a sweep of a million
 * runs holds no list of them); a job that asks for its record gives its journal line instead of
 * its result.
 */
export async function runJobOutputs(count: number, jobAt: (i: number) => Job, workers: number, onOutput: (index: number, out: JobOutput) => void): Promise<void> {
  if (workers <= 1 || count <= 1) {
    for (let i = 0; i < count; i++) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const j = jobAt(i);
      const r = runReplication(j.scenario, j.options);
      onOutput(i, j.record ? { line: recordLine(r, j.record) } : { result: r });
    }
  } else await runInPool(count, jobAt, workers, onOutput);
}

function runOptions(plan: Plan, k: number): RunOptions {
  const reps = plan.manifest.reps;
  return { seed: plan.manifest.seed, replication: k % reps, ...plan.options[Math.floor(k / reps)]! };
}

/**
 * Run a plan. With `dir`, finished runs found there are skipped (resume), each new run is
 * appended as it finishes and the outputs are written at the end, from the journal, a point at
 * a time. The records are the same whatever `workers` is. `hold: false` (with `dir`) keeps no
 * records in memory, so a sweep of any size runs in bounded memory; the result's `runs` is then
 * empty.
 */
export async function runExperiment(plan: Plan, opts: { workers: number; dir?: string; hold?: boolean; onProgress?: (p: Progress) => void }): Promise<ExperimentResult> {
  const m = plan.manifest;
  const writer = opts.dir ? new ResultsWriter(opts.dir, m) : null;
  const hold = opts.hold !== false || !writer;
  try {
    const todo = writer ? plan.runs.filter((k) => !writer.done.has(k)) : plan.runs;
    const total = plan.runs.length;
    const resumed = total - todo.length;
    const held = new Map<number, RunRecord>();
    if (hold && writer && resumed > 0) {
      const mine = new Set(plan.runs);
      for (const r of readResults(writer.dir).runs) if (mine.has(r.k)) held.set(r.k, r);
    }
    let done = resumed;
    opts.onProgress?.({ done, total, resumed });
    // Test hook: die by SIGKILL after this many new runs, halfway through writing the next line,
    // as a power cut or an OOM kill would (test/experiment.sweep.test.ts).
    const crashAfter = Number(process.env.KETENSIM_CRASH_AFTER_RUNS ?? NaN);
    let ranNow = 0;
    const point = (k: number) => Math.floor(k / m.reps);
    // Jobs are made when handed out: no list of them for a sweep of a million runs.
    const job = (i: number): Job => {
      const k = todo[i]!;
      return {
        scenario: plan.scenarios[point(k)]!,
        options: runOptions(plan, k),
        // With a folder, the worker makes the journal line; without, this thread makes the record.
        ...(writer ? { record: { k, point: point(k), rep: k % m.reps, keep: m.kpis, series: m.timeseries } } : {}),
      };
    };
    await runJobOutputs(
      todo.length,
      job,
      opts.workers,
      (i, out) => {
        const k = todo[i]!;
        if (writer) {
          const line = out.line!;
          if (++ranNow > crashAfter) writer.crashMidLine(line);
          writer.append(k, line);
          if (hold) held.set(k, lineRecord(line.slice(0, -1))!);
        } else held.set(k, toRecord(k, point(k), k % m.reps, out.result!, m.kpis, m.timeseries));
        opts.onProgress?.({ done: ++done, total, resumed });
      },
    );
    writer?.close();
    const files = opts.dir ? finishResults(opts.dir, m) : [];
    const runs = hold ? [...held.values()].sort((a, b) => a.k - b.k) : [];
    return { manifest: m, runs, ran: todo.length, resumed, droppedLines: writer?.resumed.dropped ?? 0, files };
  } finally {
    writer?.close();
  }
}

/** The event log of replication 0 of every point (run again, in this thread; the same run as in the results). */
export function eventLogs(plan: Plan): { scenario: string; warmupWeeks: number; startYear?: number; rows: EventLogRow[] }[] {
  return plan.manifest.points.map((p) => {
    const s = plan.scenarios[p.id]!;
    const r = runReplication(s, { ...runOptions(plan, p.id * plan.manifest.reps), eventLog: true });
    return { scenario: p.scenario, warmupWeeks: p.warmupWeeks, ...(s.simulation.start_year !== undefined ? { startYear: s.simulation.start_year } : {}), rows: r.eventLog ?? [] };
  });
}

export interface PrecisionTarget {
  /** KPIs whose relative CI half-width must reach the target. */
  kpis: string[];
  /** Target half-width of the 95% CI relative to the mean, e.g. 0.05. */
  relHalfWidth: number;
  maxReps: number;
}

/**
 * The confidence-interval method: start with the plan's replications, add as many again in each
 * round until the 95% CI half-width of every chosen KPI, in every point, is at most the target
 * fraction of its mean, or the maximum is reached. Rounds do not depend on the number of
 * workers, so neither does the result. Returns the plan for the final count and its records.
 */
export async function runToPrecision(
  planFor: (reps: number) => Plan,
  initialReps: number,
  target: PrecisionTarget,
  opts: { workers: number; onProgress?: (p: Progress & { reps: number }) => void },
): Promise<{ plan: Plan; runs: RunRecord[]; reached: boolean; worst: { kpi: string; point: number; rel: number } | null }> {
  const cache = new Map<string, ReplicationResult>();
  let reps = initialReps;
  for (;;) {
    const plan = planFor(reps);
    const todo: { p: number; r: number }[] = [];
    for (const pt of plan.manifest.points) for (let r = 0; r < reps; r++) if (!cache.has(`${pt.id}:${r}`)) todo.push({ p: pt.id, r });
    let done = plan.manifest.points.length * reps - todo.length;
    const total = plan.manifest.points.length * reps;
    await runJobs(
      todo.map(({ p, r }) => ({ scenario: plan.scenarios[p]!, options: { seed: plan.manifest.seed, replication: r, ...plan.options[p]! } })),
      opts.workers,
      (i, res) => {
        cache.set(`${todo[i]!.p}:${todo[i]!.r}`, res);
        opts.onProgress?.({ done: ++done, total, resumed: 0, reps });
      },
    );
    const runs: RunRecord[] = [];
    for (const pt of plan.manifest.points) for (let r = 0; r < reps; r++) runs.push(toRecord(pt.id * reps + r, pt.id, r, cache.get(`${pt.id}:${r}`)!, plan.manifest.kpis, plan.manifest.timeseries));
    let worst: { kpi: string; point: number; rel: number } | null = null;
    for (const pt of plan.manifest.points) {
      for (const kpi of target.kpis) {
        const xs = runs.filter((x) => x.point === pt.id).map((x) => x.kpis[kpi]).filter((v): v is number => typeof v === 'number');
        const s = summarise(xs);
        const rel = s.n < 2 || s.mean === 0 ? Infinity : (s.ciHigh - s.ciLow) / 2 / Math.abs(s.mean);
        if (worst === null || !(rel <= worst.rel)) worst = { kpi, point: pt.id, rel };
      }
    }
    const reached = worst === null || worst.rel <= target.relHalfWidth;
    if (reached || reps >= target.maxReps) return { plan, runs, reached, worst };
    reps = Math.min(target.maxReps, reps + initialReps);
  }
}
