/**
 * Explain benchmark (`npm run bench:explain`): how long `ketensim explain` takes for the default
 * pair (the Nijmegen baseline against the brede basisteams) with 20 replications per point on all
 * cores, next to a baseline measured in the same run: the same number of replications of the
 * baseline scenario alone through the same pool (what the runs cost without the mixing, the
 * de-duplication and the Shapley arithmetic). KETENSIM_BENCH_REPS changes the replications.
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJobs } from '../src/experiment/experiment.js';
import { explain, type Evaluate } from '../src/experiment/explain.js';
import { HEADLINE_KPIS } from '../src/experiment/kpis.js';
import { defaultWorkers } from '../src/experiment/pool.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reps = Number(process.env.KETENSIM_BENCH_REPS ?? 20);
const workers = defaultWorkers();
const a = loadScenario(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml')).scenario;
const b = loadScenario(join(root, 'scenarios', 'brede-basisteams.yaml')).scenario;

async function runAll(points: Scenario[]): Promise<Record<string, number>[][]> {
  const values = points.map(() => new Array<Record<string, number>>(reps));
  const jobs = points.flatMap((scenario, p) => Array.from({ length: reps }, (_, r) => ({ scenario, options: { seed: 1, replication: r }, p, r })));
  await runJobs(jobs, workers, (i, res) => (values[jobs[i]!.p]![jobs[i]!.r] = res.kpis));
  return values;
}

let runs = 0;
const evaluate: Evaluate = async (points) => {
  runs = points.length * reps;
  return runAll(points);
};
const t0 = performance.now();
const e = await explain(a, b, evaluate, { kpis: HEADLINE_KPIS });
const explainS = (performance.now() - t0) / 1000;
const t1 = performance.now();
await runAll(Array.from({ length: e.points }, () => a));
const plainS = (performance.now() - t1) / 1000;

console.log(`explain ${b.name} - ${a.name}, ${reps} replications per point, ${workers} workers on ${availableParallelism()} cores (load ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')})`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| groups, method | ${e.groups.length}, ${e.method} |`);
console.log(`| points (distinct mixes) x replications | ${e.points} x ${reps} = ${runs} runs |`);
console.log(`| explain, wall clock | ${explainS.toFixed(1)} s (target: well under 120 s) |`);
console.log(`| the same number of baseline runs alone, same pool | ${plainS.toFixed(1)} s |`);
console.log(`| ratio explain / runs alone | ${(explainS / plainS).toFixed(2)}x |`);
