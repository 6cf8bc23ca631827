/**
 * `ketensim fit --targets FILE --free p,q`: fit the chosen assumptions of a baseline to the bands
 * of its targets (src/experiment/fit.ts), report the fit per target and what stays outside, and
 * write the fitted values into the baseline's file with `source: "fitted to <targets>, <date>"`.
 * Resumable: the evaluations are kept in a folder (--out, by default next to the targets file);
 * the same command goes on where it stopped.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { FitError, freeParams, runFit, writeFitted, type FitSpec } from '../experiment/fit.js';
import { paramAt } from '../experiment/sensitivity.js';
import { UserError } from './errors.js';
import { checkRequest, defaultTargetsFile, fmt, inputsOf, load, loadTargets, numberOption, seedOption } from './model-commands.js';
import { decimal, intOption, MAX_WORKERS, parseOptions, type Io } from './options.js';
import { defaultWorkers } from '../experiment/pool.js';
import { progressBar } from './progress.js';
import { formatTable } from './table.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { cleanJson } from './model-commands.js';

const rel = (f: string) => relative(process.cwd(), resolve(f)) || f;

export async function fitCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, {
    targets: 'string',
    free: 'string',
    reps: 'string',
    seed: 'string',
    workers: 'string',
    out: 'string',
    'horizon-years': 'string',
    'warmup-years': 'string',
    'max-iterations': 'string',
    step: 'string',
    'dry-run': 'boolean',
    json: 'boolean',
  });
  if (rest.length > 0) throw new UserError(`fit takes no files but options (--targets FILE --free p,q), found '${rest.join(' ')}'`);
  if (typeof opts.free !== 'string') throw new UserError('fit: option --free: expected the assumptions to fit, separated by commas (for example --free swt.staff.fte,routing.perceived_wait_threshold), found none');
  const targetsFile = typeof opts.targets === 'string' ? opts.targets : defaultTargetsFile();
  const targets = loadTargets(targetsFile);
  const baselineFile = targets.baseline;
  const loaded = load(baselineFile);
  const s = loaded.scenario;
  const paths = opts.free
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  let free;
  try {
    free = freeParams(s, paths);
  } catch (e) {
    if (e instanceof FitError) throw new UserError(`fit: ${e.message}`);
    throw e;
  }
  const reps = intOption(opts, 'reps', targets.replications ?? 20, 2);
  const seed = seedOption(opts);
  const workers = intOption(opts, 'workers', defaultWorkers(), 1, MAX_WORKERS);
  const maxIterations = intOption(opts, 'max-iterations', 20, 1, 200);
  let step = 0.05;
  if (typeof opts.step === 'string') {
    step = decimal(opts.step);
    if (!(step >= 1e-6 && step <= 0.5)) throw new UserError(`fit: option --step: expected a share of each range from 0.000001 to 0.5, found '${opts.step}'`);
  }
  const hy = numberOption(opts, 'horizon-years');
  const wy = numberOption(opts, 'warmup-years', true);
  const weeks = { ...(hy !== undefined ? { horizonWeeks: hy * WEEKS_PER_YEAR } : {}), ...(wy !== undefined ? { warmupWeeks: wy * WEEKS_PER_YEAR } : {}) };
  const out = typeof opts.out === 'string' ? opts.out : join(dirname(resolve(targetsFile)), `fit-${basename(baselineFile).replace(/\.ya?ml$/i, '')}`);
  checkRequest('fit', [{ file: baselineFile, scenario: s }], { reps, weeks, out }, [...inputsOf(loaded), resolve(targetsFile), ...targets.tables]);

  const spec: FitSpec = { baselineText: readFileSync(baselineFile, 'utf8'), targets: targets.targets, free, reps, seed, weeks, maxIterations, step };
  const required = targets.targets.filter((t) => t.context === undefined);
  io.err(`fit: ${free.length} assumption${free.length === 1 ? '' : 's'} of ${rel(baselineFile)} to ${required.length} targets of ${targets.title} (${rel(targetsFile)}), ${reps} replications a point, seed ${seed}; progress kept in ${rel(out)}`);
  const bar = progressBar(process.stderr, 'fit');
  let outcome;
  try {
    outcome = await runFit(s, spec, {
      workers,
      dir: out,
      onProgress: (p) => {
        if (p.iteration !== undefined) {
          bar.end();
          io.err(`  iteration ${p.iteration}: ${p.evaluations} points run, cost ${fmt(p.cost ?? NaN)} (squared misses in half-bands)`);
        } else bar.update({ done: p.runsDone, total: p.runsTotal, resumed: 0 });
      },
    });
  } catch (e) {
    if (e instanceof FitError) throw new UserError(`fit: ${e.message}`);
    throw e;
  } finally {
    bar.end();
  }
  const { result } = outcome;
  if (outcome.replayed > 0) io.err(`resumed: ${outcome.replayed} points came from ${rel(out)}`);
  // Moved on the optimiser's grid: the start as the file writes it is not on that grid.
  const moved = result.moved;
  const allInside = result.inside.every(Boolean);

  // Write the fitted values into the baseline's own file (atomically), unless asked not to.
  let written = false;
  const date = new Date().toISOString().slice(0, 10);
  const source = `fitted to ${relative(dirname(resolve(baselineFile)), resolve(targetsFile)) || basename(targetsFile)}, ${date}`;
  // A fit stopped while still improving is not written: rerun with more iterations, which replays
  // the journal of this very fit (a written baseline would be another fit's start).
  const unfinished = result.stop === 'maxIterations';
  if (!opts['dry-run'] && moved && !unfinished && result.cost >= 0) {
    const text = writeFitted(
      spec.baselineText,
      free.map((f, i) => ({ path: f.path, value: result.point[i]!, param: paramAt(s, f.path)! })),
      source,
    );
    const tmp = `${baselineFile}.ketensim-fit.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, baselineFile);
    written = true;
    // The file must still be a valid scenario with the fitted values.
    load(baselineFile);
  }

  const paramRows = free.map((f, i) => ({
    path: f.path,
    unit: f.unit,
    start: f.start / f.factor,
    fitted: result.point[i]! / f.factor,
    low: f.low / f.factor,
    high: f.high / f.factor,
    range: f.range,
    atBound: result.atBound[i]!,
  }));
  const targetRows = outcome.targets.map((t, k) => ({ kpi: t.kpi, label: t.label, low: t.low, high: t.high, fitted: result.values[k]!, inside: result.inside[k]! }));
  if (opts.json) {
    io.out(
      JSON.stringify(
        { targets: rel(targetsFile), baseline: rel(baselineFile), reps, seed, stop: result.stop, evaluations: result.evaluations, parameters: paramRows, rows: targetRows, ...(result.conflict ? { conflict: result.conflict } : {}), written, ...(written ? { source } : {}) },
        cleanJson,
        2,
      ),
    );
  } else {
    io.out(`Fit of ${s.name} to ${targets.title}: ${result.evaluations} points of ${reps} replications, seed ${seed}.\n`);
    io.out(
      formatTable(
        ['assumption', 'unit', 'start', 'fitted', 'range', ''],
        paramRows.map((r) => [r.path, r.unit, fmt(r.start), fmt(r.fitted), `${fmt(r.low)} - ${fmt(r.high)}${r.range === 'default' ? ' (default)' : ''}`, r.atBound ? 'at the edge of its range' : '']),
        [false, false, true, true, false, false],
      ),
    );
    io.out('');
    io.out(
      formatTable(
        ['target', 'band', 'fitted', 'inside'],
        targetRows.map((r) => [r.label, `${fmt(r.low)} - ${fmt(r.high)}`, fmt(r.fitted), r.inside ? 'yes' : 'NO']),
        [false, false, true, false],
      ),
    );
    io.out(`\n${targetRows.filter((r) => r.inside).length} of ${targetRows.length} targets inside.`);
    if (!allInside) {
      if (result.conflict && result.conflict.opposed.length > 0) io.out(`The targets conflict: no point of these assumptions satisfies all. ${result.conflict.reason}.`);
      else if (result.conflict) io.out(`No point found with every target inside: ${result.conflict.reason}. Free another assumption, widen a range, or use more replications.`);
      else io.out(`Stopped after ${result.iterations} iterations while still improving: run again with a higher --max-iterations (the points run so far are kept; nothing is written until the fit ends).`);
    }
    if (written) io.out(`\nWrote the fitted values to ${rel(baselineFile)} (source "${source}"). Check them with: ketensim calibrate --targets ${rel(targetsFile)}`);
    else if (opts['dry-run']) io.out('\n--dry-run: nothing written.');
    else if (unfinished && moved) io.out('\nNot finished: nothing written.');
    else if (!moved) io.out('\nThe start was already the best point: nothing written.');
  }
  return allInside ? 0 : 1;
}
