/**
 * Sweep benchmark (`npm run bench:sweep`): how well a sweep uses the cores, and that its memory
 * does not grow with its number of runs.
 *
 * Throughput: a small sweep (24 runs of 5 years after a 1-year warm-up), 200 short runs (1 year
 * after a 1-year warm-up) and a larger sweep (200 runs of 2 years after the baseline's own 5-year
 * warm-up), each run by the sweep harness with 1 and with 2 worker threads, every time in a
 * fresh process (cold, as the CLI starts: worker start-up and the JIT's warm-up count). Each
 * thread that runs the model pays the JIT's warm-up once, about 0.8 s of CPU on this model (its
 * first two runs are 10-15 times slower than the rest), so the ratio approaches 2 only when that
 * is small next to the sweep. Next to it, in the same rounds, the ceiling of
 * this machine at this moment: the same runs as bare model calls in one process, against two
 * processes doing half each side by side. The other engineers' load on a shared machine lowers
 * both ratios alike, so the last column, sweep ratio over ceiling ratio, is the one to read.
 * Rounds interleave everything; medians with min-max.
 *
 * Memory: the peak resident memory of a sweep of 1,000 and of 10,000 short runs (2 weeks after a
 * 1-week warm-up, all KPIs, 250 replications a point, 2 workers, each in its own process), as it
 * comes and with V8's old generation capped at 48 MB (which a sweep that held its runs would not
 * finish under); flat means about equal.
 *
 * KETENSIM_BENCH_ROUNDS changes the number of rounds (default 3), KETENSIM_BENCH_SIZES=larger,memory
 * measures only those (of small, short, larger, memory); --quick: 1 round, 1,000 and
 * 2,000 runs for memory; --json prints the figures as JSON.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { loadSweep } from '../src/experiment/sweep-load.js';
import { runReplication } from '../src/model/model.js';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..', '..');

// ---- children: one measurement each, in a fresh process ----------------------------------

function planOf(file: string) {
  return sweepPlan(loadSweep(file));
}

async function childSweep(file: string, workers: number): Promise<void> {
  const plan = planOf(file);
  const out = mkdtempSync(join(tmpdir(), 'ketensim-bench-out-'));
  const c = process.cpuUsage();
  const t = performance.now();
  await runExperiment(plan, { workers, dir: out, hold: false });
  const s = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(c);
  rmSync(out, { recursive: true, force: true });
  console.log(JSON.stringify({ s, cpuS: (cpu.user + cpu.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

function childBare(file: string, part: number, parts: number): void {
  const plan = planOf(file);
  const reps = plan.manifest.reps;
  const t = performance.now();
  plan.runs.forEach((k, i) => {
    if (i % parts !== part) return;
    const p = Math.floor(k / reps);
    runReplication(plan.scenarios[p]!, { seed: plan.manifest.seed, replication: k % reps, ...plan.options[p]! });
  });
  console.log(JSON.stringify({ s: (performance.now() - t) / 1000 }));
}

const mode = process.argv[2];
if (mode === '--child-sweep') {
  await childSweep(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}
if (mode === '--child-bare') {
  childBare(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
  process.exit(0);
}

// ---- the parent: sweep files, rounds, figures ----------------------------------------------

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const rounds = quick ? 1 : Number(process.env.KETENSIM_BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'ketensim-bench-'));

/** A sweep over the SWT's staff (`values`, FTE), or over deterioration in `points` steps. */
function sweepFile(name: string, reps: number, horizon: number, warmup: number | null, values: number[] | { points: number }): string {
  const file = join(dir, `${name}.yaml`);
  const parameter = Array.isArray(values)
    ? `  - path: swt.staff.fte\n    values: [${values.join(', ')}]`
    : `  - path: dynamics.deterioration_per_week\n    from: 0\n    to: 0.02\n    steps: ${values.points}`;
  writeFileSync(
    file,
    `name: ${name}
base: ${JSON.stringify(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))}
design: grid
seed: 1
reps: ${reps}
horizon_years: ${horizon}
${warmup === null ? '' : `warmup_years: ${warmup}\n`}parameters:
${parameter}
`,
  );
  return file;
}

interface Size {
  label: string;
  file: string;
  runs: number;
}
const sizes: Size[] = [
  { label: 'small: 24 runs of 5 years after a 1-year warm-up', file: sweepFile('small', 6, 5, 1, [66, 75, 85, 94]), runs: 24 },
  { label: 'short runs: 200 runs of 1 year after a 1-year warm-up', file: sweepFile('short', 50, 1, 1, [66, 75, 85, 94]), runs: 200 },
  { label: 'larger: 200 runs of 2 years after the 5-year warm-up', file: sweepFile('larger', 50, 2, null, [66, 75, 85, 94]), runs: 200 },
];

const node = (args: string[], v8: string[] = []) => [process.execPath, [...v8, here, ...args]] as const;

function once(args: string[], v8: string[] = []): { s: number; cpuS?: number; rssMb?: number } {
  const [cmd, a] = node(args, v8);
  return JSON.parse(execFileSync(cmd, a, { encoding: 'utf8' }).trim().split('\n').pop()!) as { s: number; cpuS?: number; rssMb?: number };
}

/** Two processes side by side; the time until both are done. */
async function pair(args: (part: number) => string[]): Promise<number> {
  const t = performance.now();
  await Promise.all(
    [0, 1].map(
      (part) =>
        new Promise<void>((resolve, reject) => {
          const [cmd, a] = node(args(part));
          const p = spawn(cmd, a, { stdio: ['ignore', 'ignore', 'inherit'] });
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench child exited with ${code}`))));
        }),
    ),
  );
  return (performance.now() - t) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f2 = (x: number) => x.toFixed(2);
const spread = (xs: number[], fmt = f2) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}]`;

const load = [loadavg()[0]!];
// KETENSIM_BENCH_SIZES=larger,memory (a comma-separated list of small, short, larger, memory) measures only those.
const only = process.env.KETENSIM_BENCH_SIZES?.split(',');
const chosen = sizes.filter((s) => !only || only.some((o) => s.label.startsWith(o)));
const results = chosen.map((s) => ({ size: s, one: [] as number[], two: [] as number[], cpu1: [] as number[], cpu2: [] as number[], bare1: [] as number[], bare2: [] as number[] }));
for (let r = 0; r < rounds; r++) {
  for (const res of results) {
    const { file } = res.size;
    // Alternate the order so that drift in the machine's load hits both sides alike.
    const order = r % 2 === 0 ? [1, 2] : [2, 1];
    for (const w of order) {
      const m = once(['--child-sweep', file, String(w)]);
      (w === 1 ? res.one : res.two).push(m.s);
      (w === 1 ? res.cpu1 : res.cpu2).push(m.cpuS!);
    }
    res.bare1.push(once(['--child-bare', file, '0', '1']).s);
    res.bare2.push(await pair((part) => ['--child-bare', file, String(part), '2']));
  }
  load.push(loadavg()[0]!);
}

// 250 replications a point: 4 points for 1,000 runs, 40 for 10,000 (the plan holds each point's
// scenario, about 300 kB, and finishing reads one point's runs at a time).
const CAP_MB = 48;
const memory = (only && !only.includes('memory') ? [] : quick ? [1000, 2000] : [1000, 10000]).map((runs) => {
  const file = sweepFile(`memory-${runs}`, 250, 2 / 52, 1 / 52, { points: runs / 250 });
  const r = once(['--child-sweep', file, '2']);
  // The same sweep with the old generation capped: V8 lets garbage pile up to a limit it raises
  // as a process runs, so peak RSS grows with a sweep's length even when what it holds does not;
  // finishing under a small cap shows what it needs.
  const capped = once(['--child-sweep', file, '2'], [`--max-old-space-size=${CAP_MB}`]);
  return { runs, s: r.s, rssMb: r.rssMb!, cappedRssMb: capped.rssMb! };
});
load.push(loadavg()[0]!);
rmSync(dir, { recursive: true, force: true });

const figures = results.map((res) => {
  const ratios = res.one.map((one, i) => one / res.two[i]!);
  const ceilings = res.bare1.map((b, i) => b / res.bare2[i]!);
  return {
    sweep: res.size.label,
    runs: res.size.runs,
    oneWorkerRunsPerS: res.one.map((s) => res.size.runs / s),
    twoWorkersRunsPerS: res.two.map((s) => res.size.runs / s),
    ratio: ratios,
    ceiling: ceilings,
    ofCeiling: ratios.map((x, i) => x / ceilings[i]!),
    harnessOverhead: res.one.map((s, i) => s / res.bare1[i]! - 1),
    // CPU time (all threads) of the 2-worker sweep over the 1-worker one: the extra work of the
    // second thread (its JIT warm-up, copies, the pool), whatever the machine's load.
    cpuRatio: res.cpu2.map((c, i) => c / res.cpu1[i]!),
  };
});

if (json) {
  console.log(JSON.stringify({ cores: availableParallelism(), rounds, loadavg1: load, throughput: figures, memory }, null, 1));
} else {
  console.log(`sweep bench: ${availableParallelism()} cores, ${rounds} round(s), each measurement in a fresh process; median [min-max]`);
  console.log(`load average (1 min) at the start, after each round and at the end: ${load.map((x) => x.toFixed(2)).join(', ')}`);
  for (const x of figures) {
    console.log(`\n  ${x.sweep}`);
    console.log(`    1 worker                       ${spread(x.oneWorkerRunsPerS)} runs/s   harness overhead vs bare model calls ${spread(x.harnessOverhead.map((o) => 100 * o), (v) => v.toFixed(1) + '%')}`);
    console.log(`    2 workers                      ${spread(x.twoWorkersRunsPerS)} runs/s`);
    console.log(`    ratio 2 workers / 1 worker     ${spread(x.ratio)}x   (per round: ${x.ratio.map(f2).join(', ')})`);
    console.log(`    ceiling: 2 processes / 1       ${spread(x.ceiling)}x   (bare model calls, same rounds)`);
    console.log(`    ratio / ceiling                ${spread(x.ofCeiling)}`);
    console.log(`    CPU time 2 workers / 1 worker  ${spread(x.cpuRatio)}   (extra work of the second thread; an idle 2-core machine allows at most 2 / this)`);
  }
  if (memory.length === 2) console.log(`\n  memory: peak resident memory of a sweep of short runs (2 weeks + 1 week warm-up, all KPIs, 250 replications a point, 2 workers)`);
  for (const m of memory) console.log(`    ${String(m.runs).padStart(6)} runs   ${m.rssMb.toFixed(0).padStart(5)} MB   (${f2(m.runs / m.s)} runs/s); with --max-old-space-size=${CAP_MB}: finished, ${m.cappedRssMb.toFixed(0)} MB`);
  if (memory.length === 2) console.log(`    ${memory[1]!.runs} / ${memory[0]!.runs} runs: ${f2(memory[1]!.rssMb / memory[0]!.rssMb)}x the memory, ${f2(memory[1]!.cappedRssMb / memory[0]!.cappedRssMb)}x under the cap (flat: about 1)`);
}
