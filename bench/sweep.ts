/**
 * Sweep benchmark (`npm run bench:sweep`): throughput of a sweep (runs per second) with 1 and 2
 * worker threads, their ratio, and the harness overhead: the 1-worker sweep (plans, records,
 * the journal with a data sync per run, the output files) against the same replications run as
 * bare model calls in a loop, measured in the same process.
 *
 * The sweep: the Nijmegen baseline, 4 values of SWT youth capacity x 6 replications, each run 5
 * years after a 1-year warm-up, as in the model bench (24 runs). KETENSIM_BENCH_REPS changes the
 * replications. Worker start-up is part of the sweep time (a sweep starts its pool once).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { loadSweep } from '../src/experiment/sweep-load.js';
import { runReplication } from '../src/model/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reps = Number(process.env.KETENSIM_BENCH_REPS ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'ketensim-bench-'));
const file = join(dir, 'sweep.yaml');
writeFileSync(
  file,
  `name: bench
base: ${JSON.stringify(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))}
design: grid
seed: 1
reps: ${reps}
horizon_years: 5
warmup_years: 1
parameters:
  - path: swt.youth_slots_per_wijk
    values: [20, 23, 26, 29]
`,
);
const plan = sweepPlan(loadSweep(file));
const n = plan.runs.length;

function bare(): number {
  const t = performance.now();
  for (const k of plan.runs) {
    const p = Math.floor(k / reps);
    runReplication(plan.scenarios[p]!, { seed: 1, replication: k % reps, ...plan.options[p]! });
  }
  return (performance.now() - t) / 1000;
}

async function sweep(workers: number): Promise<number> {
  const out = mkdtempSync(join(dir, `w${workers}-`));
  const t = performance.now();
  await runExperiment(plan, { workers, dir: out });
  return (performance.now() - t) / 1000;
}

// Warm up the JIT once, then alternate so drift in machine load hits both sides alike.
bare();
const times = { bare: [] as number[], one: [] as number[], two: [] as number[] };
for (let i = 0; i < 2; i++) {
  times.bare.push(bare());
  times.one.push(await sweep(1));
  times.two.push(await sweep(2));
}
const best = (xs: number[]) => Math.min(...xs);
const [b, s1, s2] = [best(times.bare), best(times.one), best(times.two)];
const f = (x: number) => x.toFixed(2);
console.log(`sweep bench: ${n} runs of 5 years (+1 year warm-up), best of 2; ${availableParallelism()} cores`);
console.log(`  bare model loop          ${f(n / b)} runs/s`);
console.log(`  sweep, 1 worker          ${f(n / s1)} runs/s   harness overhead ${(100 * (s1 / b - 1)).toFixed(1)}% (target <= 10%)`);
console.log(`  sweep, 2 workers         ${f(n / s2)} runs/s   speed-up vs 1 worker ${f(s1 / s2)}x (target >= 1.8x on 2 cores)`);
rmSync(dir, { recursive: true, force: true });
