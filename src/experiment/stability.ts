/**
 * Instability seen in the results: a resource that is (nearly) always full while its queue keeps
 * growing over the observed period. The scenario check (src/scenario/checks.ts) estimates the
 * offered load where a formula can (the sociaal wijkteam, the MDO); this looks at what the
 * simulation did, so it covers every queue, providers and basisteams included. A queue that still
 * grows means demand at or above capacity, or a system still filling up after too short a
 * warm-up; either way its waits are artefacts of the horizon.
 */
import type { Manifest, RunRecord } from './results.js';
import { canonicalRuns } from './results.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';

export interface GrowingQueue {
  scenario: string;
  /** Resource group (the name in queue_len.* and utilisation.*). */
  group: string;
  /** Mean utilisation over the replications (%). */
  utilisation: number;
  /** Mean queue length in the first and in the last whole years of the observed period (its halves when shorter than two years). */
  firstHalf: number;
  secondHalf: number;
}

/**
 * Busy at least this share of the time (%): 90, so a queue still filling after too short a warm-up
 * is caught (the baseline's youth wijkteam after 2 years: 95%, its queue growing 95 to 140), while a
 * resource with room to spare, whose queue only fluctuates, is not.
 */
const FULL = 90;
/** and the queue grew by at least this many and this fraction between the two halves. */
const GROWTH_ABS = 5;
const GROWTH_REL = 0.25;

export function growingQueues(m: Manifest, runs: readonly RunRecord[]): GrowingQueue[] {
  const ordered = canonicalRuns(m, runs);
  const out: GrowingQueue[] = [];
  m.points.forEach((p, i) => {
    const reps = ordered.slice(i * m.reps, (i + 1) * m.reps).filter((r) => r.series);
    if (reps.length === 0) return;
    const groups = Object.keys(reps[0]!.series!.series)
      .filter((k) => k.startsWith('queue_len.'))
      .map((k) => k.slice('queue_len.'.length));
    for (const group of groups) {
      const util = mean(reps.map((r) => r.kpis[`utilisation.${group}`] ?? NaN));
      if (!(util >= FULL)) continue;
      // Two windows with the same seasons: the first and the last whole years of the observed
      // period (years 1-2 and 4-5 of five), or its halves when it is shorter than two years.
      const years = Math.floor(p.observedWeeks / WEEKS_PER_YEAR + 1e-9);
      const span = years >= 2 ? Math.floor(years / 2) * WEEKS_PER_YEAR : p.observedWeeks / 2;
      const end = p.warmupWeeks + p.observedWeeks;
      const halves = reps.map((r) => {
        const { t, series } = r.series!;
        const q = series[`queue_len.${group}`]!;
        const first = q.filter((_, j) => t[j]! >= p.warmupWeeks && t[j]! < p.warmupWeeks + span - 1e-9);
        const second = q.filter((_, j) => t[j]! >= end - span - 1e-9 && t[j]! < end - 1e-9);
        return [mean(first), mean(second)] as const;
      });
      const firstHalf = mean(halves.map((h) => h[0]));
      const secondHalf = mean(halves.map((h) => h[1]));
      if (secondHalf - firstHalf >= Math.max(GROWTH_ABS, GROWTH_REL * firstHalf)) out.push({ scenario: p.scenario, group, utilisation: util, firstHalf, secondHalf });
    }
  });
  return out;
}

/** The warning line for the CLI. */
export function growingQueueText(g: GrowingQueue): string {
  return (
    `${g.scenario}: the queue at ${g.group} was still growing, from ${g.firstHalf.toFixed(1)} to ${g.secondHalf.toFixed(1)} on average (first and last years of the observed period), ` +
    `at ${g.utilisation.toFixed(1)}% utilisation: demand is at or above capacity, or the warm-up is too short, so waits there depend on the horizon ` +
    `(a longer --warmup-years and --horizon-years tell which)`
  );
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
