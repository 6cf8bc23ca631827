/**
 * The calibration targets of the loaded baseline (issue 24.2): the shipped targets file that
 * names the baseline's file (`baseline:`), read by the CLI's own reader, and its rows computed by
 * the CLI's own calibration table from the comparison's summary of the baseline, so the web
 * shows what `ketensim calibrate --targets FILE` prints for the same runs. Pure (tested in test/web).
 */
import { calibrated, calibrationTable, type CalibrationRow } from '../../src/experiment/calibration.js';
import { isTargetsText, loadTargetsFrom, TargetsError, type TargetsFile } from '../../src/experiment/targets.js';
import type { Compared } from './data.js';
import { FILES, source } from './scenarios.js';

export type { CalibrationRow, TargetsFile };
export { calibrated };

let shipped: TargetsFile[] | null = null;

/** Every shipped targets file (read once); one that does not validate is a bug the CLI's tests catch, and is left out. */
export function shippedTargets(): TargetsFile[] {
  if (shipped) return shipped;
  shipped = [];
  for (const f of Object.keys(FILES).sort()) {
    if (!f.startsWith('scenarios/') || f.startsWith('scenarios/import/') || !/\.ya?ml$/.test(f) || !isTargetsText(FILES[f]!)) continue;
    try {
      shipped.push(loadTargetsFrom(source, f));
    } catch (e) {
      if (!(e instanceof TargetsError)) throw e;
    }
  }
  return shipped;
}

/** The targets file whose baseline is this scenario file, or null. */
export function targetsFor(file: string): TargetsFile | null {
  return shippedTargets().find((t) => t.baseline === file) ?? null;
}

/**
 * The calibration rows of a point of the comparison (the reference as loaded is point 0): per
 * target the band, the mean over the replications with its 95% CI, and inside or not.
 */
export function targetRows(c: Compared, targets: TargetsFile, point = 0): CalibrationRow[] {
  return calibrationTable(c.sums[point]!.kpis, targets.targets);
}
