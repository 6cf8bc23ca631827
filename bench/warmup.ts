/**
 * Warm-up analysis (`npm run bench:warmup -- [scenario.yaml] [series] [years] [reps]`): Welch's
 * method on one time series, the yearly means over replications of a long run from empty, so one
 * can see when the series levels off. Defaults: the baseline, queue_len.swt (the slowest to fill),
 * 20 years, 6 replications. docs/model.md 4.1 uses it to choose `simulation.warmup`.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { runReplication } from '../src/model/model.js';
import { WEEKS_PER_YEAR } from '../src/scenario/param.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [file = join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'), name = 'queue_len.swt', yearsArg = '20', repsArg = '6'] = process.argv.slice(2);
const years = Number(yearsArg);
const reps = Number(repsArg);
const { scenario } = loadScenario(file);
const sums: number[] = [];
const counts: number[] = [];
for (let r = 0; r < reps; r++) {
  // All of the run is observed (no warm-up): the point is to see the start.
  const res = runReplication(scenario, { seed: 1, replication: r, horizonWeeks: years * WEEKS_PER_YEAR, warmupWeeks: 0 });
  const { t, series } = res.timeSeries;
  const values = series[name];
  if (!values) throw new Error(`no series '${name}'; one of ${Object.keys(series).join(', ')}`);
  t.forEach((w, i) => {
    const y = Math.min(years - 1, Math.floor(w / WEEKS_PER_YEAR));
    sums[y] = (sums[y] ?? 0) + values[i]!;
    counts[y] = (counts[y] ?? 0) + 1;
  });
}
console.log(`${scenario.name}: ${name}, yearly mean over ${reps} replications of ${years} years from empty (warm-up now ${(scenario.simulation.warmup.value / WEEKS_PER_YEAR).toFixed(1)} years)`);
console.log('| year | mean |\n| ---: | ---: |');
sums.forEach((s, y) => console.log(`| ${y + 1} | ${(s / counts[y]!).toFixed(1)} |`));
