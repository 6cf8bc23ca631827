/**
 * CLI commands on the youth-care model: run, validate, calibrate.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicateScenario } from '../experiment/replicate.js';
import { calibrationTable } from '../model/calibration.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { loadScenario, ScenarioError, type LoadResult } from '../scenario/load.js';
import { UserError } from './errors.js';
import { intOption, parseOptions, type Io } from './main.js';
import { formatTable } from './table.js';

/** The scenarios shipped with ketensim (the embedded Nijmegen default). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))) return join(dir, 'scenarios');
    const up = dirname(dir);
    if (up === dir) throw new Error('the scenarios folder of ketensim was not found');
    dir = up;
  }
}

export const BASELINE = 'nijmegen-2019-indicatiemodel.yaml';

function load(file: string): LoadResult {
  try {
    return loadScenario(file);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UserError(`invalid scenario ${e.file}:\n${e.issues.map((i) => '  ' + i.text).join('\n')}`);
    throw e;
  }
}

function numberOption(opts: Record<string, string | boolean>, name: string): number | undefined {
  const v = opts[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`option --${name}: expected a number > 0, found '${String(v)}'`);
  return n;
}

function seedOption(opts: Record<string, string | boolean>): number {
  return intOption(opts, 'seed', 1, 0);
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export function runCommand(args: string[], io: Io): number {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', 'horizon-years': 'string', 'warmup-years': 'string', json: 'boolean' });
  if (rest.length !== 1) throw new UserError(`run takes one scenario file, found ${rest.length === 0 ? 'none' : rest.join(' ')}`);
  const { scenario, warnings } = load(rest[0]!);
  for (const w of warnings) io.err(`warning: ${w.text}`);
  const reps = intOption(opts, 'reps', 10, 1);
  const seed = seedOption(opts);
  const hy = numberOption(opts, 'horizon-years');
  const wy = opts['warmup-years'] === '0' ? 0 : numberOption(opts, 'warmup-years');
  const run = replicateScenario(scenario, {
    reps,
    seed,
    ...(hy !== undefined ? { horizonWeeks: hy * WEEKS_PER_YEAR } : {}),
    ...(wy !== undefined ? { warmupWeeks: wy * WEEKS_PER_YEAR } : {}),
  });
  if (opts.json) {
    io.out(JSON.stringify({ scenario: run.scenario, modelVersion: run.modelVersion, seed, reps, kpis: run.kpis }, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
    return 0;
  }
  io.out(`${scenario.title} (${scenario.name}, design ${scenario.design})`);
  io.out(`model ${run.modelVersion}, seed ${seed}, ${reps} replications, 95% confidence intervals\n`);
  io.out(
    formatTable(
      ['KPI', 'mean', '95% CI', 'sd'],
      Object.entries(run.kpis).map(([k, s]) => [k, fmt(s.mean), s.n > 1 ? `[${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]` : '-', fmt(s.sd)]),
      [false, true, false, true],
    ),
  );
  return 0;
}

export function validateCommand(args: string[], io: Io): number {
  const { rest } = parseOptions(args, {});
  if (rest.length === 0) throw new UserError('validate needs at least one scenario file');
  let bad = 0;
  for (const f of rest) {
    try {
      const r = loadScenario(f);
      io.out(`${f}: ok (${r.scenario.name}, design ${r.scenario.design}${r.files.length > 1 ? `, extends ${r.files.slice(1).join(' <- ')}` : ''})`);
      for (const w of r.warnings) io.err(`warning: ${w.text}`);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      bad++;
      io.err(e.issues.map((i) => i.text).join('\n'));
    }
  }
  return bad > 0 ? 2 : 0;
}

export function calibrateCommand(args: string[], io: Io): number {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', json: 'boolean' });
  if (rest.length > 1) throw new UserError(`calibrate takes at most one scenario file, found ${rest.join(' ')}`);
  const file = rest[0] ?? join(scenariosDir(), BASELINE);
  const { scenario } = load(resolve(file));
  const reps = intOption(opts, 'reps', 20, 2);
  const seed = seedOption(opts);
  const run = replicateScenario(scenario, { reps, seed });
  const rows = calibrationTable(run.kpis);
  if (opts.json) {
    io.out(JSON.stringify({ scenario: scenario.name, modelVersion: run.modelVersion, seed, reps, rows }, null, 2));
  } else {
    io.out(`Calibration of ${scenario.name}: ${reps} replications, seed ${seed}; mean must lie inside the target band.\n`);
    io.out(
      formatTable(
        ['target', 'band', 'model mean', '95% CI', 'inside', 'source'],
        rows.map((r) => [r.label, `${fmt(r.low)} - ${fmt(r.high)}`, fmt(r.mean), `[${fmt(r.ciLow)}, ${fmt(r.ciHigh)}]`, r.inside ? 'yes' : 'NO', r.source]),
        [false, false, true, false, false, false],
      ),
    );
    const n = rows.filter((r) => r.inside).length;
    io.out(`\n${n} of ${rows.length} targets met.`);
  }
  return rows.every((r) => r.inside) ? 0 : 1;
}
