/**
 * Automatic calibration (`ketensim fit`): search the chosen `aanname` parameters of a baseline so
 * that its KPIs land inside the bands of its targets.
 *
 * Method: sample-average approximation under common random numbers. Every point is run with the
 * same seed and replications, so the mean KPIs are a deterministic function of the parameters and
 * a difference between two points is the parameters' effect, not noise. On that function a
 * bounded Levenberg-Marquardt (optimise.ts) fits the parameters, with finite differences whose
 * points run in parallel on all cores. Chosen over a stochastic method (SPSA, Kiefer-Wolfowitz):
 * with CRN the gradient of a few parameters costs few runs, and targets are few and mostly
 * monotone in one or two parameters. The libraries that offer Levenberg-Marquardt on npm
 * (ml-levenberg-marquardt, fmin) call the model synchronously, one point at a time; a fit needs
 * its points as a batch for the worker pool, so optimise.ts is our own (about 400 lines, tested).
 *
 * Resumable: every evaluated point is kept in a journal (one line per point); the optimiser is
 * deterministic, so the same command replays the fit from the journal and runs only what is new.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument, type Document } from 'yaml';
import type { Scenario } from '../scenario/types.js';
import { UNIT_FAMILIES, type Param } from '../scenario/param.js';
import type { Target } from './calibration.js';
import { BandsError, fitToBands, type FitResult } from './optimise.js';
import { assumptionsOf, paramAt, vary } from './sensitivity.js';
import { leaves } from './explain.js';
import { runJobs } from './experiment.js';
import { hashText } from './plan.js';
import { didYouMean } from '../scenario/schema.js';
import { MODEL_VERSION } from '../model/model.js';

export class FitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitError';
  }
}

/** A parameter to fit: its path, range and start in base units, and its unit as written. */
export interface FreeParam {
  path: string;
  low: number;
  high: number;
  start: number;
  /** Base units per written unit, and the unit as written. */
  factor: number;
  unit: string;
  range: 'file' | 'default';
}

/**
 * The parameters a fit may move: `aanname` parameters of the baseline (a value from a seed line or
 * a municipality's own source is data, not fitted), with their plausible range (as written in the
 * file, or the sensitivity analysis's default). Throws FitError naming what is wrong.
 */
export function freeParams(s: Scenario, paths: readonly string[]): FreeParam[] {
  if (paths.length === 0) throw new FitError('--free: expected the paths of the assumptions to fit, separated by commas (for example swt.staff.fte,routing.perceived_wait_threshold), found none');
  const seen = new Set<string>();
  const candidates = [...leaves(s)].filter(([, l]) => typeof l === 'object' && l !== null && (l as Param).aanname === true && !('derived' in l && (l as Param).derived)).map(([p]) => p);
  return paths.map((path) => {
    if (seen.has(path)) throw new FitError(`--free: expected each parameter once, found '${path}' twice`);
    seen.add(path);
    if (path.includes('[')) throw new FitError(`--free ${path}: expected a parameter outside the lists (wijken), found one inside; fit a team's staff instead`);
    const p = paramAt(s, path);
    if (!p) {
      const guess = didYouMean(path, candidates);
      throw new FitError(`--free ${path}: expected a parameter of the baseline, found none at that path${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
    if (p.derived !== undefined) throw new FitError(`--free ${path}: expected a parameter of its own, found one derived from ${p.derived}; fit that instead`);
    if (!p.aanname) throw new FitError(`--free ${path}: expected an assumption (source 'aanname ...' or 'fitted to ...'), found the source '${p.source}'; a figure from a source is data, not fitted`);
    const a = assumptionsOf([s], [path]).find((x) => x.path === path)?.at[0];
    if (!a || !(a.high > a.low)) throw new FitError(`--free ${path}: expected a parameter that can move, found one whose range is a single value (${p.written.value} ${p.written.unit}); give it low and high in the file`);
    const factor = p.written.value !== 0 ? p.value / p.written.value : ((UNIT_FAMILIES as Record<string, { units: Record<string, number> }>)[familyOf(p.written.unit)]?.units[p.written.unit] ?? 1);
    return { path, low: a.low, high: a.high, start: Math.min(a.high, Math.max(a.low, p.value)), factor, unit: p.written.unit, range: a.range };
  });
}

const familyOf = (unit: string): string => Object.entries(UNIT_FAMILIES).find(([, f]) => unit in f.units)?.[0] ?? 'factor';

/** A fit's settings, part of its journal's identity: a journal of another fit is never replayed. */
export interface FitSpec {
  baselineText: string;
  targets: readonly Target[];
  free: readonly FreeParam[];
  reps: number;
  seed: number;
  weeks: { horizonWeeks?: number; warmupWeeks?: number };
  maxIterations: number;
  step: number;
}

export interface FitProgress {
  evaluations: number;
  /** Runs done in this batch, and its size. */
  runsDone: number;
  runsTotal: number;
  iteration?: number;
  cost?: number;
}

export interface FitOutcome {
  result: FitResult;
  /** The required targets, in the order of result.values. */
  targets: Target[];
  free: FreeParam[];
  /** Points taken from the journal rather than run. */
  replayed: number;
}

const JOURNAL = 'evaluations.jsonl';
const MANIFEST = 'fit.json';

/**
 * Run a fit: the required targets (those with `context` are shown, not fitted) of the baseline
 * `s`, moving `free`. With `dir`, evaluations are journalled there and replayed on a rerun.
 */
export async function runFit(s: Scenario, spec: FitSpec, opts: { workers: number; dir?: string; onProgress?: (p: FitProgress) => void }): Promise<FitOutcome> {
  const targets = spec.targets.filter((t) => t.context === undefined);
  if (targets.length === 0) throw new FitError('expected targets to fit, found only targets shown with context');
  const free = [...spec.free];
  const cache = new Map<string, number[]>();
  let journal: number | undefined;
  if (opts.dir) journal = openJournal(opts.dir, spec, cache);
  let replayed = 0;
  let evaluations = 0;
  const key = (point: readonly number[]) => JSON.stringify(point);
  const evaluate = async (points: number[][]): Promise<number[][]> => {
    const todo = points.filter((p) => !cache.has(key(p)));
    replayed += points.length - todo.length;
    if (todo.length > 0) {
      const scenarios = todo.map((p) => vary(s, free.map((f, i) => ({ path: f.path, value: p[i]! }))));
      const jobs = scenarios.flatMap((scenario, p) => Array.from({ length: spec.reps }, (_, r) => ({ scenario, options: { seed: spec.seed, replication: r, ...spec.weeks }, p })));
      // Kept by job and summed in job order once all are in: a sum in the order runs finish would
      // differ in the last digit with the number of workers.
      const got: number[][] = new Array(jobs.length);
      let done = 0;
      await runJobs(jobs, opts.workers, (i, res) => {
        got[i] = targets.map((t) => res.kpis[t.kpi] ?? NaN);
        opts.onProgress?.({ evaluations, runsDone: ++done, runsTotal: jobs.length });
      });
      const sums = todo.map(() => targets.map(() => 0));
      jobs.forEach((j, i) => targets.forEach((_, k) => (sums[j.p]![k]! += got[i]![k]!)));
      todo.forEach((p, i) => {
        const values = sums[i]!.map((x) => x / spec.reps);
        cache.set(key(p), values);
        if (journal !== undefined) {
          appendFileSync(journal, JSON.stringify({ point: p, values }) + '\n');
          fsyncSync(journal);
        }
      });
      evaluations += todo.length;
    }
    return points.map((p) => cache.get(key(p))!);
  };
  try {
    const result = await fitToBands(
      free.map((f) => ({ name: f.path, low: f.low, high: f.high, start: f.start })),
      targets.map((t) => ({ low: t.low, high: t.high, name: t.kpi })),
      evaluate,
      {
        maxIterations: spec.maxIterations,
        step: spec.step,
        onIteration: (i) => opts.onProgress?.({ evaluations, runsDone: 0, runsTotal: 0, iteration: i.iteration, cost: i.cost }),
      },
    );
    return { result, targets, free, replayed };
  } catch (e) {
    if (e instanceof BandsError) throw new FitError(e.message);
    throw e;
  } finally {
    if (journal !== undefined) closeSync(journal);
  }
}

/** The identity of a fit, kept in its folder: a rerun must be this very fit to replay its journal. */
function fingerprintOf(spec: FitSpec): string {
  return hashText(
    JSON.stringify({
      model: MODEL_VERSION,
      baseline: hashText(spec.baselineText),
      targets: spec.targets.map((t) => [t.kpi, t.low, t.high, t.context !== undefined]),
      free: spec.free.map((f) => [f.path, f.low, f.high, f.start]),
      reps: spec.reps,
      seed: spec.seed,
      weeks: spec.weeks,
      // Not the iterations: the fit is deterministic, so a rerun with more of them replays the first.
      step: spec.step,
    }),
  );
}

/** Open (or start) the journal of a fit in `dir`, loading its points into `cache`. */
function openJournal(dir: string, spec: FitSpec, cache: Map<string, number[]>): number {
  const fp = fingerprintOf(spec);
  const manifestFile = join(dir, MANIFEST);
  if (existsSync(manifestFile)) {
    let m: { fingerprint?: string } = {};
    try {
      m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { fingerprint?: string };
    } catch {
      throw new FitError(`--out ${dir}: expected the folder of a ketensim fit, found an unreadable ${MANIFEST}`);
    }
    if (m.fingerprint !== fp) throw new FitError(`--out ${dir}: expected the folder of this fit (same baseline, targets, parameters, replications and seed) to resume, found another fit's; choose another --out`);
    const file = join(dir, JOURNAL);
    if (existsSync(file)) {
      // A line cut short by an interruption is left out (and run again).
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as { point: number[]; values: (number | null)[] };
          cache.set(JSON.stringify(e.point), e.values.map((v) => (v === null ? NaN : v)));
        } catch {
          /* an unfinished last line */
        }
      }
    }
  } else {
    mkdirSync(dir, { recursive: true });
    const tmp = `${manifestFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: 'ketensim-fit/1', fingerprint: fp, free: spec.free.map((f) => f.path), reps: spec.reps, seed: spec.seed }, null, 2) + '\n');
    renameSync(tmp, manifestFile);
  }
  // A journal whose last line was cut short gets its lines rewritten whole first.
  const file = join(dir, JOURNAL);
  const lines = [...cache.entries()].map(([k, v]) => JSON.stringify({ point: JSON.parse(k) as number[], values: v }) + '\n').join('');
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, lines);
  renameSync(tmp, file);
  return openSync(file, 'a');
}

const round = (x: number) => +x.toPrecision(6);

/**
 * Write fitted values into the baseline's own file: each parameter set whole where the file sets
 * it, or added under its section, with its unit as the file writes it, the source `fitted to
 * <targets>, <date>` and its range kept. Only those lines change; the rest of the file (comments,
 * layout) stays as it was. Returns the new text.
 */
export function writeFitted(text: string, fitted: readonly { path: string; value: number; param: Param }[], source: string): string {
  let out = text;
  for (const f of fitted) {
    const doc = parseDocument(out);
    const path = f.path.split('.');
    const w = f.param.written;
    const factor = w.value !== 0 ? f.param.value / w.value : 1;
    const written = round(f.value / factor);
    const low = f.param.low !== undefined ? Math.min(round(f.param.low / factor), written) : undefined;
    const high = f.param.high !== undefined ? Math.max(round(f.param.high / factor), written) : undefined;
    const range = low !== undefined || high !== undefined ? `, low: ${low ?? written}, high: ${high ?? written}, range_source: ${JSON.stringify(f.param.rangeSource ?? 'aanname')}` : '';
    const flow = `{ value: ${written}, unit: ${w.unit}, source: ${JSON.stringify(source)}${range} }`;
    out = setFlow(doc, out, path, flow);
  }
  return out;
}

/** Put `flow` at `path` in the text: replacing the node there, or adding it (and its missing sections) under the deepest section the file has. */
function setFlow(doc: Document, text: string, path: string[], flow: string): string {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (node?.range) return text.slice(0, node.range[0]) + flow + text.slice(node.range[1]);
  // The deepest section the file has, as a block mapping.
  let depth = path.length - 1;
  while (depth > 0 && !isMap(doc.getIn(path.slice(0, depth), true))) depth--;
  const parent = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
  if (depth > 0 && (!isMap(parent) || parent.flow)) throw new FitError(`cannot add ${path.join('.')} to the file: its section ${path.slice(0, depth).join('.')} is written on one line; write it as a block`);
  const indentOf = (d: number) => '  '.repeat(d);
  const lines = path.slice(depth).map((k, i) => `${indentOf(depth + i)}${k}:${i === path.length - depth - 1 ? ` ${flow}` : ''}`);
  if (depth === 0) return `${text.replace(/\s*$/, '')}\n\n${lines.join('\n')}\n`;
  // After the section's last item: the end of its range, at the start of the next line.
  const map = parent as { range?: [number, number, number]; items: { value?: unknown; key?: unknown }[] };
  const last = map.items.at(-1);
  const lastEnd = ((last?.value as { range?: number[] } | undefined)?.range?.[1] ?? (last?.key as { range?: number[] } | undefined)?.range?.[1] ?? map.range![1]) as number;
  const eol = text.indexOf('\n', lastEnd - 1);
  const at = eol < 0 ? text.length : eol + 1;
  return text.slice(0, at) + (eol < 0 ? '\n' : '') + lines.join('\n') + '\n' + text.slice(at);
}
