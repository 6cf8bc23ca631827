/**
 * Running a comparison in the workers: the jobs in the order that gives a first estimate soonest,
 * the comparison recomputed as replications come in, and redrawn at once for the first estimate
 * and the final result, at most every REFRESH_MS in between (drawing takes the main thread, and on
 * a small machine the workers need the cores).
 */
import { compare, jobsFor, scenarioKey, type Compared, type SlotScenario } from '../data.js';
import type { JobResult, Runner } from '../runner.js';
import type { Settings } from '../state.js';

/** How often the numbers are redrawn while replications come in (ms). */
export const REFRESH_MS = 1500;

export interface RunCallbacks {
  /** A new comparison to show (k replications of every scenario). */
  show(c: Compared | null): void;
  error(message: string): void;
}

export class Runs {
  /** Counts runs started, so callbacks of replaced work are ignored. */
  private generation = 0;
  /** Times for the bench: first comparison and full precision, in ms since navigation start. */
  readonly timings: { first?: number; full?: number } = {};

  constructor(private readonly runner: Runner) {}

  /** The cached result of replication `rep` of a scenario under the settings. */
  result(scenario: SlotScenario['scenario'], settings: Settings, rep: number): JobResult | undefined {
    return this.runner.get(`${scenarioKey(scenario, settings)}:${rep}`);
  }

  /** Replace the work in progress by the comparison of `slots` under `settings`. */
  start(slots: SlotScenario[], settings: Settings, cb: RunCallbacks): void {
    const generation = ++this.generation;
    const jobs = jobsFor(slots, settings);
    const keys = slots.map((s) => scenarioKey(s.scenario, settings));
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
      if (k > 0 && this.timings.first === undefined) this.timings.first = performance.now();
      if (k >= settings.reps && this.timings.full === undefined) this.timings.full = performance.now();
      cb.show(c);
    };
    const update = () => {
      const k = available();
      if (k === shownK) return;
      const urgent = shownK <= 0 || k >= settings.reps;
      const wait = REFRESH_MS - (performance.now() - lastShown);
      if (urgent || wait <= 0) {
        if (timer) clearTimeout(timer);
        show();
      } else if (!timer) timer = window.setTimeout(() => this.generation === generation && show(), wait);
    };
    this.runner.run(
      jobs,
      () => this.generation === generation && update(),
      (msg) => cb.error(msg),
    );
    update();
  }
}
