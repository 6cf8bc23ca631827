/**
 * Sweep benchmark (`npm run bench:sweep`): throughput of a sweep (runs per second) with 1 and 2
 * worker threads, their ratio, and the harness overhead: the 1-worker sweep (plans, records,
 * the journal with a data sync per run, the output files) against the same replications run as
 * bare model calls in a loop, measured in the same process.
 *
 * The sweep: the Nijmegen baseline, 4 values of SWT youth capacity x 4 replications, each run 1
 * year after a 3-month warm-up (16 runs). KETENSIM_BENCH_REPS raises the replications.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { loadSweep } from '../src/experiment/sweep-load.js';
import { runReplication } from '../src/model/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reps = Number(process.env.KETENSIM_BENCH_REPS ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'ketensim-bench-'));
const file = join(dir, 'sweep.yaml');
writeFileSync(
  file,
  `name: bench
base: ${JSON.stringify(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))}
design: grid
seed: 1
reps: ${reps}
horizon_years: 1
warmup_years: 0.25
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
for (let i = 0; i < 3; i++) {
  times.bare.push(bare());
  times.one.push(await sweep(1));
  times.two.push(await sweep(2));
}
const best = (xs: number[]) => Math.min(...xs);
const [b, s1, s2] = [best(times.bare), best(times.one), best(times.two)];
const f = (x: number) => x.toFixed(2);
console.log(`sweep bench: ${n} runs of 1 year (+3 months warm-up), best of 3; ${availableParallelism()} cores`);
console.log(`  bare model loop          ${f(n / b)} runs/s`);
console.log(`  sweep, 1 worker          ${f(n / s1)} runs/s   harness overhead ${(100 * (s1 / b - 1)).toFixed(1)}% (target <= 10%)`);
console.log(`  sweep, 2 workers         ${f(n / s2)} runs/s   speed-up vs 1 worker ${f(s1 / s2)}x (target >= 1.8x on 2 cores)`);
rmSync(dir, { recursive: true, force: true });
