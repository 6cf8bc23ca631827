/**
 * The analyses behind "Waarom dit verschil?" (issue 22): the explanation of a design's difference
 * with the reference (a waterfall of Shapley contributions) and the tornado of the assumptions,
 * computed on demand in Web Workers from the CLI's code (web/src/analysis/compute.ts).
 *
 * - Runs go to a pool of workers of their own (runner.ts); a run the comparison already made (the
 *   reference and the design themselves) is taken from the comparison's cache. They start once the
 *   comparison is done, so the room's numbers come first.
 * - Results are cached by scenarios + settings + size; asking for other work cancels what runs.
 * - A first answer comes quickly (few replications, labelled provisional); the same analysis with
 *   the comparison's replications (or, for the tornado, `ketensim sensitivity`'s default size) is
 *   a button away.
 */
import type { Explanation } from '../../../src/experiment/explain.js';
import { hashText } from '../../../src/experiment/plan.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { explainPair, TooFewPoints, tornadoPair, type RunPoints, type Stage, type TornadoPlan, type TornadoResult } from '../analysis/compute.js';
import type { PlanTask } from '../analysis/plan-worker.js';
import { runOptions, scenarioKey } from '../data.js';
import { Runner, type Job, type JobResult } from '../runner.js';
import type { Settings } from '../state.js';

/**
 * Replications of a first explanation: 5, from which the cards stop saying "voorlopig" (cards.ts
 * PROVISIONAL_BELOW). The default pair has 32 mixes (5 groups), 30 of them new: 150 runs, which
 * took 23 s in Chromium on two cores at the app's default run length (bench/web-explain.ts; with 2
 * replications 8 s, but their 95% intervals are seven times as wide).
 */
export const EXPLAIN_QUICK_REPS = 5;
/** The first tornado: a small screening, one replication per point. */
export const TORNADO_QUICK = { samples: 16, reps: 1, top: 8 } as const;
/** The tornado with `ketensim sensitivity`'s default size (--samples 100 --reps 2), the same top. */
export const TORNADO_FULL = { samples: 100, reps: 2, top: 8 } as const;

export interface AnalysisRequest {
  kind: 'explain' | 'tornado';
  reference: Scenario;
  design: Scenario;
  settings: Settings;
  /** The KPIs it is computed for (the tornado picks its assumptions over all of them). */
  kpis: readonly string[];
  /** Quick (a first answer) or full (the comparison's replications; the CLI's default tornado). */
  full: boolean;
}

export type AnalysisResult = { kind: 'explain'; explanation: Explanation; reps: number } | { kind: 'tornado'; tornado: TornadoResult };

export type AnalysisState =
  | { status: 'queued' }
  /** Waits for the comparison to finish. */
  | { status: 'waiting' }
  | { status: 'running'; stage: Stage | 'plan'; done: number; total: number }
  | { status: 'done'; result: AnalysisResult }
  /** `tooFew`: the screening kept fewer than 4 points (their number). */
  | { status: 'error'; message: string; tooFew?: number };

/** What the panel shows (kept across redraws, not in the share link). */
export interface PanelState {
  /** The design explained: its scenario's name in the comparison. */
  design: string;
  full: { explain: boolean; tornado: boolean };
  /** The tornado's series: the design's difference with the reference, the design, or the reference. */
  series: 'difference' | 'design' | 'reference';
  /** Scroll the panel into view on its next drawing (it was just opened). */
  scroll?: boolean;
  /** The list of what each group holds is open. */
  groupsOpen?: boolean;
}

class Cancelled extends Error {}

const NOTIFY_MS = 700;

/** The size of a request: replications, and for a tornado its screening and top. */
export function sizeOf(r: Pick<AnalysisRequest, 'kind' | 'full' | 'settings'>): { reps: number; samples?: number; top?: number } {
  if (r.kind === 'explain') return { reps: r.full ? r.settings.reps : Math.min(EXPLAIN_QUICK_REPS, r.settings.reps) };
  return { ...(r.full ? TORNADO_FULL : TORNADO_QUICK) };
}

export function requestKey(r: AnalysisRequest): string {
  return hashText(JSON.stringify({ kind: r.kind, a: scenarioKey(r.reference, r.settings), b: scenarioKey(r.design, r.settings), kpis: r.kpis, ...sizeOf(r) }));
}

export class Analyses {
  panel: PanelState | null = null;
  private readonly results = new Map<string, AnalysisState>();
  private current: { key: string; state: AnalysisState } | null = null;
  private generation = 0;
  private runner: Runner | null = null;
  private planWorker: Worker | null = null;
  private rejectPending: (() => void) | null = null;

  /** `main`: the comparison's runner (its cache, and whether it is busy); `changed`: redraw. */
  constructor(
    private readonly main: Pick<Runner, 'get' | 'pending'>,
    private readonly changed: () => void,
  ) {}

  /** A finished (or failed) request, without starting anything. */
  peek(r: AnalysisRequest): AnalysisState | undefined {
    return this.results.get(requestKey(r));
  }

  /**
   * The state of each request. The first one not finished runs (it starts if it does not yet);
   * any other work is cancelled.
   */
  request(reqs: readonly AnalysisRequest[]): AnalysisState[] {
    const keys = reqs.map(requestKey);
    const next = keys.findIndex((k) => !this.results.has(k));
    if (next < 0 || this.current?.key !== keys[next]) this.cancel();
    if (next >= 0 && !this.current) this.start(reqs[next]!, keys[next]!);
    return keys.map((k) => this.results.get(k) ?? (this.current?.key === k ? this.current.state : { status: 'queued' }));
  }

  /** Stop what runs (a new change, the panel closed). */
  cancel(): void {
    if (!this.current) return;
    this.generation++;
    this.current = null;
    this.rejectPending?.();
    this.rejectPending = null;
    this.runner?.run([], () => undefined, () => undefined);
    this.planWorker?.terminate();
    this.planWorker = null;
  }

  /** Progress redraws the view at most every NOTIFY_MS (drawing takes the main thread; the workers need the cores). */
  private lastNotified = 0;
  private notifyTimer = 0;

  private set(gen: number, state: AnalysisState): void {
    if (gen !== this.generation || !this.current) return;
    const same = this.current.state.status === state.status && (state.status !== 'running' || (this.current.state as { stage: string }).stage === state.stage);
    this.current.state = state;
    const wait = NOTIFY_MS - (performance.now() - this.lastNotified);
    if (!same || wait <= 0) this.notify();
    else if (!this.notifyTimer) this.notifyTimer = window.setTimeout(() => this.notify(), wait);
  }

  private notify(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = 0;
    this.lastNotified = performance.now();
    this.changed();
  }

  private start(r: AnalysisRequest, key: string): void {
    const gen = ++this.generation;
    this.current = { key, state: { status: 'waiting' } };
    const run = this.runPoints(gen, r.settings);
    const size = sizeOf(r);
    const work: Promise<AnalysisResult> =
      r.kind === 'explain'
        ? explainPair(r.reference, r.design, { reps: size.reps, seed: r.settings.seed, kpis: r.kpis }, run).then((explanation) => ({ kind: 'explain', explanation, reps: size.reps }))
        : tornadoPair([r.reference, r.design], { samples: size.samples!, reps: size.reps, top: size.top!, seed: r.settings.seed, kpis: r.kpis }, run, this.plan(gen)).then((tornado) => ({ kind: 'tornado', tornado }));
    work.then(
      (result) => this.finish(gen, key, { status: 'done', result }),
      (e: unknown) => {
        if (!(e instanceof Cancelled)) this.finish(gen, key, { status: 'error', message: e instanceof Error ? e.message : String(e), ...(e instanceof TooFewPoints ? { tooFew: e.kept } : {}) });
      },
    );
  }

  private finish(gen: number, key: string, state: AnalysisState): void {
    if (gen !== this.generation) return;
    this.results.set(key, state);
    this.current = null;
    this.rejectPending = null;
    this.notify();
  }

  /** Until the comparison's runner is idle (its numbers first). */
  private async idle(gen: number): Promise<void> {
    while (this.main.pending > 0) {
      if (gen !== this.generation) throw new Cancelled();
      this.set(gen, { status: 'waiting' });
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    if (gen !== this.generation) throw new Cancelled();
  }

  /** Runs in the workers: replication r of every point with the comparison's seed and run length (data.ts runOptions). */
  private runPoints(gen: number, settings: Settings): RunPoints {
    return async (points, reps, stage) => {
      await this.idle(gen);
      const keys = points.map((p) => scenarioKey(p, settings));
      const jobs: Job[] = [];
      for (let r = 0; r < reps; r++) points.forEach((scenario, i) => jobs.push({ key: `${keys[i]}:${r}`, scenario, options: runOptions(settings, r) }));
      const runner = (this.runner ??= new Runner());
      const get = (key: string): JobResult | undefined => this.main.get(key) ?? runner.get(key);
      return new Promise((resolve, reject) => {
        this.rejectPending = () => reject(new Cancelled());
        const check = () => {
          if (gen !== this.generation) return;
          const done = jobs.filter((j) => get(j.key) !== undefined).length;
          if (done < jobs.length) return this.set(gen, { status: 'running', stage, done, total: jobs.length });
          this.rejectPending = null;
          resolve(keys.map((k) => Array.from({ length: reps }, (_, r) => get(`${k}:${r}`)!.record.kpis)));
        };
        runner.run(
          jobs.filter((j) => this.main.get(j.key) === undefined),
          check,
          (msg) => gen === this.generation && reject(new Error(msg)),
        );
        check();
      });
    };
  }

  /** The tornado's screening sample, made in a worker of its own. */
  private plan(gen: number): (scenarios: readonly Scenario[], samples: number, seed: number) => Promise<TornadoPlan> {
    return (scenarios, samples, seed) =>
      new Promise((resolve, reject) => {
        if (gen !== this.generation) return reject(new Cancelled());
        this.set(gen, { status: 'running', stage: 'plan', done: 0, total: 0 });
        const w = new Worker(new URL('../analysis/plan-worker.ts', import.meta.url), { type: 'module' });
        this.planWorker = w;
        this.rejectPending = () => reject(new Cancelled());
        const end = () => {
          w.terminate();
          if (this.planWorker === w) this.planWorker = null;
        };
        w.onmessage = (e: MessageEvent<{ plan?: TornadoPlan; error?: string }>) => {
          end();
          if (e.data.plan) resolve(e.data.plan);
          else reject(new Error(e.data.error ?? 'plan failed'));
        };
        w.onerror = (e) => {
          e.preventDefault();
          end();
          reject(new Error(e.message || 'plan failed'));
        };
        w.postMessage({ scenarios: [...scenarios], samples, seed } satisfies PlanTask);
      });
  }
}
