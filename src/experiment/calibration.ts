/**
 * Calibration: a baseline's KPIs against the targets of its municipality (a targets file,
 * targets.ts; Nijmegen 2019's are scenarios/nijmegen-2019-doelen.yaml, BRIEF section 5). The
 * model passes a target when the mean over replications lies inside the band.
 */
import type { Summary } from './ci.js';

export interface Target {
  kpi: string;
  label: string;
  low: number;
  high: number;
  /** The figure in the seed, as the seed gives it. */
  observed: string;
  source: string;
  /**
   * Shown next to the targets but not required, with the reason: a figure the model expresses but
   * cannot hold together with the others (docs/model.md 3.3).
   */
  context?: string;
}

export interface CalibrationRow extends Target {
  mean: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  inside: boolean;
}

/** Do the targets hold? Every required row (not context) inside its band. */
export const calibrated = (rows: readonly CalibrationRow[]): boolean => rows.every((r) => r.inside || r.context !== undefined);

export function calibrationTable(kpis: Record<string, Summary>, targets: readonly Target[]): CalibrationRow[] {
  return targets.map((t) => {
    const s = kpis[t.kpi] ?? { mean: NaN, ciLow: NaN, ciHigh: NaN, n: 0 };
    return { ...t, mean: s.mean, ciLow: s.ciLow, ciHigh: s.ciHigh, n: s.n, inside: s.mean >= t.low && s.mean <= t.high };
  });
}
