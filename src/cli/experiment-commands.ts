/**
 * CLI commands of the experiments layer: sweep, merge, report.
 */
import { explanationHtml, sensitivityHtml, type ExplanationJson, type SensitivityJson } from '../experiment/report-analysis.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment, sweepPlan } from '../experiment/experiment.js';
import { mergeResults, readResults, ResultsError } from '../experiment/journal.js';
import { defaultWorkers } from '../experiment/pool.js';
import { ASSUMPTION_BANDS_FILE, bandsShapeProblem, reportHtml, type AssumptionBands, type Lang } from '../experiment/report.js';
import { canonicalRuns } from '../experiment/results.js';
import { parseShard, SweepError, type Shard } from '../experiment/sweep.js';
import { loadSweep } from '../experiment/sweep-load.js';
import { UserError } from './errors.js';
import { csvOption, decimal, intOption, MAX_WORKERS, parseOptions, type Io } from './options.js';
import { expectFile, expectNotResult, expectOutputFile, writeOutputFile } from './files.js';
import { progressBar } from './progress.js';

/**
 * The shard to run: --shard i/n, or --shards n with the index from the environment a batch
 * system sets (Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX; Slurm job arrays:
 * SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN).
 */
export function shardOption(opts: Record<string, string | boolean>, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (typeof opts.shard === 'string') {
    if (opts.shards !== undefined) throw new UserError('give either --shard i/n or --shards n, not both');
    const s = parseShard(opts.shard);
    if (!s) throw new UserError(`option --shard: expected i/n with 0 <= i < n (e.g. 0/4), found '${opts.shard}'`);
    return s;
  }
  if (opts.shards === undefined) return undefined;
  const count = intOption(opts, 'shards', 1, 1);
  let index: number;
  let from: string;
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    index = decimal(env.JOB_COMPLETION_INDEX);
    from = `JOB_COMPLETION_INDEX='${env.JOB_COMPLETION_INDEX}'`;
  } else if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    index = decimal(env.SLURM_ARRAY_TASK_ID) - decimal(env.SLURM_ARRAY_TASK_MIN ?? '0');
    from = `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}${env.SLURM_ARRAY_TASK_MIN ? `, SLURM_ARRAY_TASK_MIN=${env.SLURM_ARRAY_TASK_MIN}` : ''}`;
  } else {
    throw new UserError('--shards n needs the shard index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array), and neither is set; or give --shard i/n');
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new UserError(`shard index from ${from}: expected an integer from 0 to ${count - 1}, found ${Number.isNaN(index) ? 'no number' : index}`);
  return { index, count };
}

/** From this many runs on, a sweep writes tidy.parquet unless told --format csv. */
export const PARQUET_FROM_RUNS = 10_000;

/**
 * --format csv|parquet: parquet writes the tidy table also as tidy.parquet (next to the CSV
 * files); without the option, sweeps of PARQUET_FROM_RUNS runs or more do, smaller ones do not.
 */
export function parquetOption(opts: Record<string, string | boolean>, runs: number): boolean {
  const v = opts.format;
  if (v === undefined) return runs >= PARQUET_FROM_RUNS;
  if (v !== 'csv' && v !== 'parquet') throw new UserError(`option --format: expected csv (the CSV files only) or parquet (also the tidy table as tidy.parquet), found '${String(v)}'`);
  return v === 'parquet';
}

function asUserError(e: unknown): unknown {
  if (e instanceof SweepError) return new UserError(`invalid sweep ${e.file}:\n${e.lines.map((l) => '  ' + l).join('\n')}`);
  if (e instanceof ResultsError) return new UserError(e.message);
  return e;
}

function userErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw asUserError(e);
  }
}

export async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { workers: 'string', out: 'string', shard: 'string', shards: 'string', csv: 'string', format: 'string', 'dry-run': 'boolean' });
  if (rest.length !== 1) throw new UserError(`sweep takes one sweep file, found ${rest.length === 0 ? 'none' : rest.join(' ')}`);
  const csv = csvOption(opts);
  const shard = shardOption(opts);
  expectFile(rest[0]!, 'a sweep file');
  const sweep = userErrors(() => loadSweep(rest[0]!));
  const parquet = parquetOption(opts, sweep.points.length * sweep.spec.reps);
  const plan = sweepPlan(sweep, { csv, parquet, ...(shard ? { shard } : {}) });
  const m = plan.manifest;
  const out = typeof opts.out === 'string' ? opts.out : join('results', m.name, ...(shard ? [`shard-${shard.index}-of-${shard.count}`] : []));
  io.err(
    `sweep ${m.name}: ${m.points.length} points x ${m.reps} replications = ${m.points.length * m.reps} runs` +
      (shard ? `; shard ${shard.index}/${shard.count} does ${plan.runs.length}` : '') +
      `; results in ${out}`,
  );
  if (opts['dry-run']) {
    for (const p of m.points) io.out(`${p.id}\t${p.scenario}\t${Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join('\t')}`);
    return 0;
  }
  const bar = progressBar();
  const workers = intOption(opts, 'workers', defaultWorkers(), 1, MAX_WORKERS);
  const res = await runExperiment(plan, { workers, dir: out, hold: false, onProgress: (p) => bar.update(p) })
    .catch((e: unknown) => {
      throw asUserError(e);
    })
    .finally(() => bar.end());
  if (res.resumed > 0 || res.droppedLines > 0) io.err(`resumed: ${res.resumed} runs were already done${res.droppedLines > 0 ? `, ${res.droppedLines} torn line(s) dropped and redone` : ''}`);
  io.err(`${res.ran} runs done now, ${res.ran + res.resumed} in all; wrote ${res.files.join(', ')}${shard ? ` (merge the shards with: ketensim merge <shard folders...> --out DIR)` : ''}`);
  return 0;
}

export function mergeCommand(args: string[], io: Io): number {
  const { opts, rest } = parseOptions(args, { out: 'string' });
  if (rest.length === 0) throw new UserError('merge needs the results folders of the shards');
  if (typeof opts.out !== 'string') throw new UserError('merge needs --out DIR for the merged results');
  const r = userErrors(() => mergeResults(rest, opts.out as string));
  io.err(`merged ${rest.length} folder(s), ${r.runs} runs, into ${opts.out}: ${r.files.join(', ')}`);
  return 0;
}

export function reportCommand(args: string[], io: Io): number {
  const { opts, rest } = parseOptions(args, { out: 'string', lang: 'string' });
  if (rest.length !== 1) throw new UserError('report takes one results folder (written by run, compare, sweep, explain or sensitivity with --out)');
  const lang = (opts.lang ?? 'nl') as Lang;
  if (lang !== 'nl' && lang !== 'en') throw new UserError(`option --lang: expected nl or en, found '${String(opts.lang)}'`);
  const dir = rest[0]!;
  const out = typeof opts.out === 'string' ? opts.out : join(dir, 'report.html');
  if (typeof opts.out === 'string') {
    expectOutputFile(out, 'option --out');
    expectNotResult(out, dir);
  }
  // The folder of an analysis: its own report.
  for (const [file, make] of [
    ['explanation.json', (j: unknown) => explanationHtml(j as ExplanationJson, lang)],
    ['sensitivity.json', (j: unknown) => sensitivityHtml(j as SensitivityJson, lang)],
  ] as const) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    let j: unknown;
    try {
      j = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new UserError(`${path}: expected the JSON that ketensim ${file.split('.')[0] === 'explanation' ? 'explain' : 'sensitivity'} writes, found text that is not JSON; rerun it with --out`);
    }
    writeOutputFile(out, make(j));
    io.err(`report written to ${out}`);
    return 0;
  }
  const { manifest, runs, dropped } = userErrors(() => readResults(dir));
  if (manifest.shard) throw new UserError(`${dir} holds shard ${manifest.shard.index}/${manifest.shard.count} only; merge the shards first (ketensim merge)`);
  if (dropped > 0) throw new UserError(`${dir}: the experiment was interrupted (${dropped} torn line(s)); rerun it with the same arguments to finish`);
  const assumptions = readAssumptionBands(dir);
  let html: string;
  try {
    html = reportHtml(manifest, canonicalRuns(manifest, runs), lang, assumptions ? { assumptions } : {});
  } catch (e) {
    throw new UserError(`${dir}: ${(e as Error).message}; rerun the experiment with the same arguments to finish it`);
  }
  writeOutputFile(out, html);
  io.err(`report written to ${out}`);
  return 0;
}

/** The assumptions' ranges `compare --assumptions --out` put next to the results, if any. */
function readAssumptionBands(dir: string): AssumptionBands | null {
  const file = join(dir, ASSUMPTION_BANDS_FILE);
  if (!existsSync(file)) return null;
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: expected the JSON that ketensim compare --assumptions writes, found ${code ? `a file that cannot be read (${code})` : 'text that is not JSON'}; rerun the comparison with --assumptions, or remove the file`);
  }
  const o = (typeof j === 'object' && j !== null && !Array.isArray(j) ? j : {}) as { source?: unknown; bands?: unknown };
  const problem = typeof o.source !== 'string' ? `source: expected the sensitivity folder, found ${o.source === undefined ? 'nothing' : JSON.stringify(o.source)}` : bandsShapeProblem(o.bands);
  if (problem) throw new UserError(`${file}: ${problem}; rerun the comparison with --assumptions, or remove the file`);
  return { source: o.source as string, bands: o.bands as AssumptionBands['bands'] };
}
