/**
 * Running a comparison in the workers, as designed or on equal terms (BRIEF 2a, the CLI's
 * `compare --equal`, with the same code: src/experiment/fair.ts).
 *
 * - The jobs come in the order that gives a first estimate soonest; the comparison is recomputed
 *   as replications come in and redrawn at once for the first estimate and the final result, at
 *   most every REFRESH_MS in between (drawing takes the main thread; the workers need the cores).
 * - Equal staff is exact: the designs are scaled before anything runs.
 * - Equal budget is a search under common random numbers. While the room waits, it searches with
 *   a few replications and shows that comparison as provisional; then it searches again with the
 *   comparison's own replications and seed, exactly as the CLI does, so the final numbers are
 *   those of `ketensim compare --equal budget`. Every evaluation is a cached run, so the final
 *   comparison runs nothing new.
 */
import { equalBudget, equalStaff, FairError, type EqualMode, type EqualResult, type Evaluate } from '../../../src/experiment/fair.js';
import { summarise } from '../../../src/experiment/ci.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { compare, equalisedSlots, jobsFor, meanCost, runOptions, scenarioKey, type Compared, type SlotScenario } from '../data.js';
import type { JobResult, Runner } from '../runner.js';
import type { RunRecord } from '../../../src/experiment/results.js';
import type { Settings } from '../state.js';

/** How often the numbers are redrawn while replications come in (ms). */
export const REFRESH_MS = 1500;

/** How the designs of the comparison shown were made equal. */
export interface FairState {
  mode: Exclude<EqualMode, 'designed'>;
  /** The factors (null when the designs could not be made equal: see error). */
  result: EqualResult | null;
  /** Replications the factors were found with. */
  reps: number;
  /** The comparison's own replications (false: a quick search while the room waits). */
  final: boolean;
  error?: string;
}

/** A search for equal budget in progress. */
export interface SearchProgress {
  reps: number;
  round: number;
  done: number;
  total: number;
}

export interface RunCallbacks {
  /**
   * A new comparison to show (k replications of every scenario), how it was made equal, and per
   * slot the KPI means of its scenario before its lever changes over the same k replications.
   */
  show(c: Compared | null, fair: FairState | null, before: (Record<string, number> | null)[]): void;
  /** The equal-budget search, while it runs (null when it is over). */
  progress(p: SearchProgress | null): void;
  error(message: string): void;
}

/** While a slider is dragged: replications of each estimate, and the observed years they run (after the usual warm-up). */
export const PREVIEW_REPS = 2;
export const PREVIEW_YEARS = 1;

/** The replications of a quick equal-budget search: a fifth of the comparison's, at least 2. */
export const quickReps = (reps: number): number => Math.max(2, Math.round(reps / 5));

class Cancelled extends Error {}

export class Runs {
  /** Counts runs started, so callbacks of replaced work are ignored. */
  private generation = 0;
  private cancelPending: (() => void) | null = null;
  /** When the first comparison and the full-precision one were computed, in ms since navigation start (the app times their drawing). */
  readonly timings: { first?: number; full?: number } = {};

  constructor(private readonly runner: Runner) {}

  /** Results computed at build time (the default comparison): cached as if run here. */
  seed(records: Record<string, RunRecord> | undefined): number {
    return records ? this.runner.seed(records) : 0;
  }

  /** The cached result of replication `rep` of a scenario under the settings. */
  result(scenario: Scenario, settings: Settings, rep: number): JobResult | undefined {
    return this.runner.get(`${scenarioKey(scenario, settings)}:${rep}`);
  }

  /** The event log of replication 0 (for the animation): from its run, or from a run made for it. */
  eventLog(scenario: Scenario, settings: Settings): JobResult['log'] {
    const key = `${scenarioKey(scenario, settings)}:0`;
    return this.runner.get(key)?.log ?? this.runner.get(`${key}:log`)?.log;
  }

  /**
   * Run replication 0 again with its event log when its result came without one (computed at build
   * time), once nothing else runs; `done` when it is in.
   */
  ensureLog(scenario: Scenario, settings: Settings, done: () => void): void {
    if (this.eventLog(scenario, settings) || this.runner.pending > 0 || this.previewBusy) return;
    const key = `${scenarioKey(scenario, settings)}:0:log`;
    this.runner.run([{ key, scenario, options: runOptions(settings, 0), eventLog: true }], () => this.runner.get(key) && done(), () => undefined);
  }

  /**
   * Replace the work in progress by the comparison of `slots` under `settings`. `before[i]`: slot
   * i's scenario without its lever changes, whose means show next to it (as designed only).
   */
  start(slots: SlotScenario[], settings: Settings, cb: RunCallbacks, before: readonly (Scenario | null)[] = []): void {
    const gen = ++this.generation;
    this.cancelPending?.();
    this.cancelPending = null;
    cb.progress(null);
    if (settings.equal === 'designed' || slots.length < 2) return this.compare(gen, slots, settings, cb, null, before);
    const designs = slots.map((s) => s.scenario);
    if (settings.equal === 'staff') {
      try {
        const fair = equalStaff(designs[0]!, designs);
        return this.compare(gen, equalisedSlots(slots, fair, 'staff'), settings, cb, { mode: 'staff', result: fair, reps: settings.reps, final: true });
      } catch (e) {
        if (!(e instanceof FairError)) throw e;
        return this.compare(gen, slots, settings, cb, { mode: 'staff', result: null, reps: settings.reps, final: true, error: e.message });
      }
    }
    void this.budget(gen, slots, settings, cb);
  }

  private async budget(gen: number, slots: SlotScenario[], settings: Settings, cb: RunCallbacks): Promise<void> {
    const designs = slots.map((s) => s.scenario);
    try {
      const quick = quickReps(settings.reps);
      if (quick < settings.reps) {
        const q = await equalBudget(designs[0]!, designs, this.evaluator(gen, settings, quick, cb));
        if (gen !== this.generation) return;
        this.compare(gen, equalisedSlots(slots, q, 'budget'), { ...settings, reps: quick }, cb, { mode: 'budget', result: q, reps: quick, final: false });
      }
      const fair = await equalBudget(designs[0]!, designs, this.evaluator(gen, settings, settings.reps, cb));
      if (gen !== this.generation) return;
      cb.progress(null);
      this.compare(gen, equalisedSlots(slots, fair, 'budget'), settings, cb, { mode: 'budget', result: fair, reps: settings.reps, final: true });
    } catch (e) {
      if (e instanceof Cancelled || gen !== this.generation) return;
      cb.progress(null);
      cb.error(e instanceof Error ? e.message : String(e));
    }
  }

  private previewBusy = false;
  private previewNext: (() => void) | null = null;

  /**
   * While a slider is dragged: an estimate of every KPI of `next` (a slot's scenario with the
   * dragged value) as the slot's full-precision mean plus the paired difference next - base over a
   * few short replications (PREVIEW_REPS, PREVIEW_YEARS after the warm-up; common random numbers
   * make the difference far steadier than either run). One estimate runs at a time; a newer value
   * waits for it and the values in between are skipped. `means`: the slot's full-precision means.
   */
  preview(base: Scenario, next: Scenario, settings: Settings, means: Record<string, number>, cb: (values: Record<string, number>) => void): void {
    const go = () => {
      this.previewBusy = true;
      const ps: Settings = { ...settings, horizonYears: Math.min(settings.horizonYears, PREVIEW_YEARS) };
      const reps = Math.min(PREVIEW_REPS, settings.reps);
      const [kn, kb] = [scenarioKey(next, ps), scenarioKey(base, ps)];
      const jobs = [...jobsFor([{ file: '', scenario: next }], { ...ps, reps }), ...jobsFor([{ file: '', scenario: base }], { ...ps, reps })];
      const check = () => {
        if (!jobs.every((j) => this.runner.get(j.key))) return;
        const out: Record<string, number> = {};
        for (const [k, mean] of Object.entries(means)) {
          let d = 0;
          for (let r = 0; r < reps; r++) d += (this.runner.get(`${kn}:${r}`)!.record.kpis[k] ?? NaN) - (this.runner.get(`${kb}:${r}`)!.record.kpis[k] ?? NaN);
          if (Number.isFinite(d)) out[k] = mean + d / reps;
        }
        this.previewBusy = false;
        cb(out);
        const then = this.previewNext;
        this.previewNext = null;
        then?.();
      };
      this.runner.run(jobs, check, () => (this.previewBusy = false));
      check();
    };
    if (this.previewBusy) this.previewNext = go;
    else go();
  }

  /** Run the short replications of a slot's scenario a drag will be compared with, if nothing else runs. */
  preparePreview(base: Scenario, settings: Settings): void {
    if (this.previewBusy || this.runner.pending > 0) return;
    const ps: Settings = { ...settings, horizonYears: Math.min(settings.horizonYears, PREVIEW_YEARS), reps: Math.min(PREVIEW_REPS, settings.reps) };
    this.runner.run(jobsFor([{ file: '', scenario: base }], ps), () => undefined, () => undefined);
  }

  /** The mean yearly cost of scenarios over `reps` replications, run in the workers (cached). */
  private evaluator(gen: number, settings: Settings, reps: number, cb: RunCallbacks): Evaluate {
    let round = 0;
    return (scenarios) =>
      new Promise<number[]>((resolve, reject) => {
        if (gen !== this.generation) return reject(new Cancelled());
        round++;
        const keys = scenarios.map((s) => scenarioKey(s, settings));
        const jobs = jobsFor(scenarios.map((scenario) => ({ file: '', scenario })), { ...settings, reps });
        const check = () => {
          const done = jobs.filter((j) => this.runner.get(j.key) !== undefined).length;
          cb.progress({ reps, round, done, total: jobs.length });
          if (done < jobs.length) return;
          this.cancelPending = null;
          resolve(keys.map((k) => meanCost((r) => this.runner.get(`${k}:${r}`)?.record, reps)));
        };
        this.cancelPending = () => reject(new Cancelled());
        this.runner.run(
          jobs,
          () => gen === this.generation && check(),
          (msg) => reject(new Error(msg)),
        );
        check();
      });
  }

  /** Run (or take from the cache) the comparison of `slots` and show it as replications come in. */
  private compare(gen: number, slots: SlotScenario[], settings: Settings, cb: RunCallbacks, fair: FairState | null, before: readonly (Scenario | null)[] = []): void {
    // The scenarios before their changes run after the comparison (usually cached from before the change).
    const befores = slots.map((_, i) => before[i] ?? null);
    const extra = befores.flatMap((b) => (b ? jobsFor([{ file: '', scenario: b }], settings) : []));
    const main = jobsFor(slots, settings);
    const seen = new Set(main.map((j) => j.key));
    const jobs = [...main, ...extra.filter((j) => !seen.has(j.key) && (seen.add(j.key), true))];
    const keys = slots.map((s) => scenarioKey(s.scenario, settings));
    const beforeKeys = befores.map((b) => (b ? scenarioKey(b, settings) : null));
    /** Means over replications 0..k-1 of a scenario before its changes, when all are in. */
    const beforeMeans = (k: number) =>
      beforeKeys.map((key) => {
        if (key === null || k === 0) return null;
        const recs = Array.from({ length: k }, (_, r) => this.runner.get(`${key}:${r}`)?.record);
        if (recs.some((r) => r === undefined)) return null;
        const out: Record<string, number> = {};
        for (const name of Object.keys(recs[0]!.kpis)) {
          const xs = recs.map((r) => r!.kpis[name]).filter((v): v is number => typeof v === 'number');
          // As the comparison averages (summarise), so an unchanged value shows the same digits.
          if (xs.length > 0) out[name] = summarise(xs).mean;
        }
        return out;
      });
    let shownBefore = '';
    const timed = fair === null || fair.final;
    let shownK = -1;
    let lastShown = 0;
    let timer = 0;
    const available = () => {
      let k = 0;
      while (k < settings.reps && keys.every((key) => this.runner.get(`${key}:${k}`) !== undefined)) k++;
      return k;
    };
    const show = () => {
      timer = 0;
      const c = compare(slots, settings, (slot, rep) => this.runner.get(`${keys[slot]}:${rep}`)?.record);
      const k = c?.k ?? 0;
      shownK = k;
      lastShown = performance.now();
      if (timed && k > 0 && this.timings.first === undefined) this.timings.first = performance.now();
      if (timed && k >= settings.reps && this.timings.full === undefined) this.timings.full = performance.now();
      const b = beforeMeans(k);
      shownBefore = b.map((x) => (x ? 1 : 0)).join('');
      cb.show(c, fair, b);
    };
    const update = () => {
      const k = available();
      if (k === shownK && beforeMeans(k).map((x) => (x ? 1 : 0)).join('') === shownBefore) return;
      const urgent = shownK <= 0 || k >= settings.reps;
      const wait = REFRESH_MS - (performance.now() - lastShown);
      if (urgent || wait <= 0) {
        if (timer) clearTimeout(timer);
        show();
      } else if (!timer) timer = window.setTimeout(() => this.generation === gen && show(), wait);
    };
    this.runner.run(
      jobs,
      () => this.generation === gen && update(),
      (msg) => cb.error(msg),
    );
    update();
  }
}
