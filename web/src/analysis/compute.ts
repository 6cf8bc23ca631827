/**
 * "Why this difference?" and the tornado in the web app, with the CLI's code: `explain` of
 * src/experiment/explain.ts (Shapley values of the groups of parameters in which two scenarios
 * differ) and the screening and tornado of src/experiment/sensitivity.ts, as `ketensim explain`
 * and `ketensim sensitivity` run them. Only the runs differ: here a `RunPoints` (the app runs them
 * in its workers; the tests in Node). Replication r of every point has seed `seed` and
 * replication number r, as in the CLI, so the numbers equal the CLI's for the same replications,
 * seed, horizon and warm-up. Pure: no DOM, no workers.
 */
import { explain, type Explanation } from '../../../src/experiment/explain.js';
import { assumptionsOf, meanKpis, samplePositions, screening, screeningPoints, tornadoChoice, tornadoPoints, tornadoRows, type Assumption, type SensitivityPoint, type TornadoRow } from '../../../src/experiment/sensitivity.js';
import type { Scenario } from '../../../src/scenario/types.js';

/** The KPIs of replications 0..reps-1 of each scenario: values[point][replication] (null: a KPI without a value). */
export type RunPoints = (points: readonly Scenario[], reps: number, stage: Stage) => Promise<Record<string, number | null>[][]>;

/** What runs: the mixes of an explanation, or the screening and then the tornado's ends. */
export type Stage = 'explain' | 'screening' | 'tornado';

const numbers = (r: Record<string, number | null>): Record<string, number> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? NaN]));

export interface ExplainOptions {
  reps: number;
  seed: number;
  kpis: readonly string[];
}

/** B - A into the contributions of the groups, as `ketensim explain A B --reps R --seed S` does. */
export function explainPair(a: Scenario, b: Scenario, opts: ExplainOptions, run: RunPoints): Promise<Explanation> {
  return explain(a, b, async (points) => (await run(points, opts.reps, 'explain')).map((p) => p.map(numbers)), { kpis: opts.kpis, seed: opts.seed });
}

export interface TornadoOptions {
  /** Points of the screening's Latin hypercube (`--samples`). */
  samples: number;
  /** Replications of every point (`--reps`). */
  reps: number;
  /** Assumptions in the tornado (`--top`). */
  top: number;
  seed: number;
  kpis: readonly string[];
}

/** The screening's sample: the assumptions with their ranges and the points to run (the slow part without runs: a worker makes it). */
export interface TornadoPlan {
  assumptions: Assumption[];
  q: number[][];
  kept: number[];
  points: SensitivityPoint[];
}

export function tornadoPlan(scenarios: readonly Scenario[], samples: number, seed: number): TornadoPlan {
  const assumptions = assumptionsOf(scenarios);
  const q = samplePositions(assumptions, samples, seed);
  return { assumptions, q, ...screeningPoints(scenarios, assumptions, q) };
}

export interface TornadoResult {
  /** The scenarios' names (the first is the reference). */
  names: string[];
  /** Assumptions varied, and how many of them have the default range (-50%/+100%) in some scenario. */
  assumptions: number;
  defaults: number;
  /** Valid points of the screening. */
  samples: number;
  reps: number;
  top: number;
  /** Per KPI: each assumption's low and high end, for each scenario and for each difference with the first (`B - A`), widest first. */
  tornado: Record<string, TornadoRow[]>;
}

/** The scenario checks refused so many of the screening's points that fewer than 4 are left (as the CLI refuses). */
export class TooFewPoints extends Error {
  constructor(readonly kept: number) {
    super(`only ${kept} valid points`);
  }
}

/**
 * The tornado of `ketensim sensitivity A B --samples N --reps R --top T --seed S`: a screening over
 * every assumption at once picks the `top` most influential, which are then set one at a time to
 * their low and high ends. `plan` makes the screening's sample (default: here, synchronously).
 */
export async function tornadoPair(scenarios: readonly Scenario[], opts: TornadoOptions, run: RunPoints, plan: (s: readonly Scenario[], samples: number, seed: number) => Promise<TornadoPlan> = async (s, n, seed) => tornadoPlan(s, n, seed)): Promise<TornadoResult> {
  const names = scenarios.map((s) => s.name);
  const p = await plan(scenarios, opts.samples, opts.seed);
  if (p.kept.length < 4) throw new TooFewPoints(p.kept.length);
  const means = (reps: Record<string, number | null>[][]) => reps.map((r) => meanKpis(r as Record<string, number>[], opts.kpis));
  const screened = means(await run(p.points.map((x) => x.scenario), opts.reps, 'screening'));
  const values = p.kept.map((_, i) => names.map((_, d) => screened[i * names.length + d]!));
  const screen = screening(names, p.assumptions, p.kept.map((i) => p.q[i]!), values, opts.kpis);
  const chosen = tornadoChoice(p.assumptions, screen, opts.top);
  const oat = means(await run(tornadoPoints(scenarios, chosen).map((x) => x.scenario), opts.reps, 'tornado'));
  return {
    names,
    assumptions: p.assumptions.length,
    defaults: p.assumptions.filter((a) => a.at.some((r) => r?.range === 'default')).length,
    samples: p.kept.length,
    reps: opts.reps,
    top: opts.top,
    tornado: tornadoRows(names, chosen, opts.kpis, oat),
  };
}

/** The series a tornado can show for a pair: the reference, the design, and the design's difference with the reference. */
export const differenceName = (names: readonly string[]): string => `${names[1]} - ${names[0]}`;
