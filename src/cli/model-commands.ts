/**
 * CLI commands on the youth-care model: run, validate, calibrate.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SweepError } from '../experiment/sweep.js';
import { loadSweep } from '../experiment/sweep-load.js';
import { basename, join, relative, resolve } from 'node:path';
import { defaultWorkers } from '../experiment/pool.js';
import { eventLogs, runExperiment, runJobs, runToPrecision, scenariosPlan, type Plan, type PrecisionTarget } from '../experiment/experiment.js';
import { BUDGET_TOLERANCE, EQUAL_MODES, equalBudget, equalStaff, FairError, policyDifferences, scaleDesign, slackWarnings, type EqualMode, type EqualResult } from '../experiment/fair.js';
import { growingQueues, growingQueueText } from '../experiment/stability.js';
import { checkResultsFolder, finishResults, makeFolder, ResultsError } from '../experiment/journal.js';
import { eventLogCsv, summarisePoints, type CsvDialect, type RunRecord } from '../experiment/results.js';
import { ASSUMPTION_BANDS_FILE, bandsShapeProblem, type AssumptionBands } from '../experiment/report.js';
import { ALL_KPIS, HEADLINE_KPIS, isKnownKpi, YEAR_KPI, YEAR_KPIS } from '../experiment/kpis.js';
import { checkRun, checkRuns, count, LimitError } from '../experiment/limits.js';
import type { Scenario } from '../scenario/types.js';
import { didYouMean } from '../scenario/schema.js';
import { progressBar } from './progress.js';
import { calibrated, calibrationTable, type CalibrationRow } from '../experiment/calibration.js';
import { isTargetsText, loadTargetsFrom, TargetsError, type TargetsFile } from '../experiment/targets.js';
import { CsvError, parseCsv } from '../scenario/csv.js';
import { DEFAULT_DESIGN_FILES, DEFAULT_TARGETS_FILE } from '../experiment/defaults.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { fileSource, loadScenario, packageRoot, ScenarioError, type LoadResult } from '../scenario/load.js';
import { UserError } from './errors.js';
import { expectFile, expectNotInput, expectOutputFile, expectOutside, writeOutputFile } from './files.js';
import { csvOption, decimal, intOption, MAX_WORKERS, parseOptions, type Io } from './options.js';
import { formatTable } from './table.js';

/** The scenarios shipped with ketensim (the embedded Nijmegen default). */
export const scenariosDir = (): string => join(packageRoot(), 'scenarios');

export const BASELINE = 'nijmegen-2019-indicatiemodel.yaml';

/** Every file a loaded scenario was read from (the file and what it extends). */
export const inputsOf = (l: LoadResult) => [...l.files, ...l.tables];

export function load(file: string): LoadResult {
  expectFile(file, 'a scenario file');
  try {
    return loadScenario(file);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UserError(`invalid scenario ${e.file}:\n${e.issues.map((i) => '  ' + i.text).join('\n')}`);
    throw e;
  }
}

export function numberOption(opts: Record<string, string | boolean>, name: string, allowZero = false): number | undefined {
  const v = opts[name];
  if (v === undefined) return undefined;
  const n = decimal(String(v));
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new UserError(`option --${name}: expected a number ${allowZero ? '>=' : '>'} 0, found '${String(v)}'`);
  return n;
}

export function seedOption(opts: Record<string, string | boolean>): number {
  return intOption(opts, 'seed', 1, 0);
}

// A value that rounds to zero prints as 0.00, not -0.00 (toFixed keeps the sign of -0.001).
export const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d).replace(/^-(0\.?0*)$/, '$1') : '-');

export interface Common {
  reps: number;
  seed: number;
  weeks: { horizonWeeks?: number; warmupWeeks?: number };
  workers: number;
  csv: CsvDialect;
  out?: string;
  eventLog?: string;
  precision?: PrecisionTarget;
}

export const COMMON_SPEC = {
  reps: 'string',
  seed: 'string',
  'horizon-years': 'string',
  'warmup-years': 'string',
  workers: 'string',
  out: 'string',
  csv: 'string',
  'event-log': 'string',
  precision: 'string',
  'precision-kpis': 'string',
  'max-reps': 'string',
  json: 'boolean',
} as const;

export function commonOptions(opts: Record<string, string | boolean>, defaultReps: number, minReps: number): Common {
  const reps = intOption(opts, 'reps', defaultReps, minReps);
  const hy = numberOption(opts, 'horizon-years');
  const wy = numberOption(opts, 'warmup-years', true);
  const c: Common = {
    reps,
    seed: seedOption(opts),
    weeks: { ...(hy !== undefined ? { horizonWeeks: hy * WEEKS_PER_YEAR } : {}), ...(wy !== undefined ? { warmupWeeks: wy * WEEKS_PER_YEAR } : {}) },
    workers: intOption(opts, 'workers', defaultWorkers(), 1, MAX_WORKERS),
    csv: csvOption(opts),
  };
  if (typeof opts.out === 'string') c.out = opts.out;
  if (typeof opts['event-log'] === 'string') {
    // Check the path before hours of running, not after.
    expectOutputFile(opts['event-log'], 'option --event-log');
    c.eventLog = opts['event-log'];
  }
  const rel = numberOption(opts, 'precision');
  if (rel !== undefined) {
    const kpis = typeof opts['precision-kpis'] === 'string' ? opts['precision-kpis'].split(',').map((k) => k.trim()) : ['time_to_care_weeks'];
    for (const k of kpis) if (!isKnownKpi(k)) throw new UserError(`option --precision-kpis: expected KPI ids (no families), found '${k}'${didYouMean(k, ALL_KPIS) ? ` (did you mean '${didYouMean(k, ALL_KPIS)}'?)` : ''}`);
    c.precision = { kpis, relHalfWidth: rel, maxReps: intOption(opts, 'max-reps', 200, reps) };
  } else if (opts['precision-kpis'] !== undefined || opts['max-reps'] !== undefined) {
    throw new UserError('--precision-kpis and --max-reps go with --precision REL (e.g. --precision 0.05)');
  }
  return c;
}

/**
 * Refuse up front what cannot finish: more runs than the limit, or a scenario whose run is too
 * long or brings more casussen than the limit (a rate of 1e308 would never get past week 0).
 */
export function checkRequest(what: string, entries: { file: string; scenario: Scenario }[], c: Pick<Common, 'reps' | 'weeks' | 'precision' | 'eventLog' | 'out'>, inputs: readonly string[] = []): void {
  // Outputs never overwrite an input or a result.
  if (c.eventLog) {
    expectNotInput(c.eventLog, 'option --event-log', inputs);
    if (c.out) expectOutside(c.eventLog, 'option --event-log', c.out, '--out');
  }
  if (c.out) for (const i of inputs) expectOutside(i, 'input', c.out, '--out');
  const reps = c.precision?.maxReps ?? c.reps;
  checkRuns(entries.length * reps, true, `${what}: ${entries.length} scenario(s) x ${count(reps)} replications${c.precision ? ' (--max-reps)' : ''}`);
  for (const { file, scenario: s } of entries) checkRun(s, c.weeks.warmupWeeks ?? s.simulation.warmup.value, c.weeks.horizonWeeks ?? s.simulation.horizon.value, `${file} (${s.name})`);
}

/** Run a plan (to precision if asked), write the results folder and the event log if asked. */
async function execute(planFor: (reps: number) => Plan, c: Common, io: Io): Promise<{ plan: Plan; runs: RunRecord[] }> {
  const bar = progressBar();
  let plan: Plan;
  let runs: RunRecord[];
  try {
    if (c.precision) {
      // Refuse a folder of another experiment now, not after all the replications.
      if (c.out) checkResultsFolder(c.out, (reps) => planFor(reps).manifest);
      const r = await runToPrecision(planFor, c.reps, c.precision, { workers: c.workers, onProgress: (p) => bar.update(p) });
      bar.end();
      plan = r.plan;
      runs = r.runs;
      const w = r.worst;
      const where = w ? `${w.kpi} in ${plan.manifest.points[w.point]!.scenario}: ${(100 * w.rel).toFixed(1)}%` : '';
      io.err(
        r.reached
          ? `precision reached with ${plan.manifest.reps} replications (widest relative CI half-width ${where})`
          : `precision NOT reached at the maximum of ${plan.manifest.reps} replications (widest: ${where}); raise --max-reps`,
      );
      if (c.out) {
        // Checked before the run: new, or this very experiment at another replication count
        // (a rerun with a higher --max-reps), whose files are replaced by these.
        makeFolder(c.out);
        finishResults(c.out, plan.manifest, runs);
      }
    } else {
      plan = planFor(c.reps);
      const r = await runExperiment(plan, { workers: c.workers, ...(c.out ? { dir: c.out } : {}), onProgress: (p) => bar.update(p) });
      runs = r.runs;
      if (r.resumed > 0) io.err(`resumed: ${r.resumed} runs were already done in ${c.out}`);
    }
  } catch (e) {
    if (e instanceof ResultsError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.end();
  }
  for (const g of growingQueues(plan.manifest, runs)) io.err(`warning: ${growingQueueText(g)}`);
  if (c.out) io.err(`results written to ${c.out} (report: ketensim report ${c.out})`);
  if (c.eventLog) {
    // Replication 0 of each scenario; written whole or not at all.
    const logs = eventLogs(plan);
    writeOutputFile(c.eventLog, eventLogCsv(logs, c.csv));
    io.err(`event log of replication 0 (${logs.reduce((a, l) => a + l.rows.length, 0)} events) written to ${c.eventLog}`);
  }
  return { plan, runs };
}

export const cleanJson = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, COMMON_SPEC);
  if (rest.length !== 1) throw new UserError(`run takes one scenario file, found ${rest.length === 0 ? 'none' : rest.join(' ')}`);
  const loaded = load(rest[0]!);
  const { scenario, warnings } = loaded;
  for (const w of warnings) io.err(`warning: ${w.text}`);
  const c = commonOptions(opts, 10, 1);
  checkRequest('run', [{ file: rest[0]!, scenario }], c, inputsOf(loaded));
  const { plan, runs } = await execute((reps) => scenariosPlan('run', [{ file: relative(process.cwd(), resolve(rest[0]!)) || rest[0]!, scenario }], { reps, seed: c.seed, csv: c.csv, ...c.weeks }), c, io);
  const [sum] = summarisePoints(plan.manifest, runs);
  const reps = plan.manifest.reps;
  if (opts.json) {
    io.out(JSON.stringify({ scenario: scenario.name, modelVersion: plan.manifest.modelVersion, seed: c.seed, reps, kpis: sum!.kpis }, cleanJson, 2));
    return 0;
  }
  io.out(`${scenario.title} (${scenario.name}, design ${scenario.design})`);
  io.out(`model ${plan.manifest.modelVersion}, seed ${c.seed}, ${reps} replications, 95% confidence intervals\n`);
  io.out(
    formatTable(
      ['KPI', 'mean', '95% CI', 'sd'],
      Object.entries(sum!.kpis)
        .filter(([k]) => !YEAR_KPI.test(k))
        .map(([k, s]) => [k, fmt(s.mean), s.n > 1 ? `[${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]` : '-', fmt(s.sd)]),
      [false, true, false, true],
    ),
  );
  const years = yearTable([sum!.kpis], (k) => {
    const x = sum!.kpis[k];
    return [x ? `${fmt(x.mean)} [${fmt(x.ciLow)}, ${fmt(x.ciHigh)}]` : '-'];
  });
  if (years) {
    io.out('\nYear by year (waits and time to care by the year the casus arrived; volumes and cost by the year they happened):');
    io.out(formatTable(['year', 'KPI', 'mean [95% CI]'], years));
  }
  return 0;
}

/** A sweep file names a base scenario and parameters at the top level; a scenario file does not. */
function isSweepFile(f: string): boolean {
  if (!existsSync(f)) return false;
  const text = readFileSync(f, 'utf8');
  // A sweep names its base scenario and has none of a scenario's own sections, so a sweep with a
  // misspelt 'parameters' is still checked as a sweep and told so, and a scenario with a stray
  // 'base' key is still checked as a scenario (as run does).
  return /^base:/m.test(text) && !/^(extends|title|simulation|population|inflow|routing|swt|ivh|care|money|dynamics|norms):/m.test(text);
}

/** The files `validate` checks in a folder: its scenario, sweep and targets files (YAML) and its tables (CSV), sorted. */
function filesOfFolder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|csv)$/i.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

export function validateCommand(args: string[], io: Io): number {
  const { rest } = parseOptions(args, {});
  if (rest.length === 0) throw new UserError('validate needs at least one scenario file (or a folder)');
  let bad = 0;
  // A folder stands for its files; the tables a file reads are checked with it, and a table no
  // file reads is checked on its own.
  const files = rest.flatMap((f) => {
    if (!(existsSync(f) && statSync(f).isDirectory())) return [f];
    const inside = filesOfFolder(f);
    if (inside.length === 0) throw new UserError(`validate ${f}: expected a file, or a folder with scenario, sweep or targets files or tables, found a folder without any`);
    return inside;
  });
  const tablesRead = new Set<string>();
  const tables: string[] = [];
  for (const f of files) {
    if (/\.csv$/i.test(f)) {
      tables.push(f);
      continue;
    }
    expectFile(f, 'a scenario, sweep or targets file');
    if (isSweepFile(f)) {
      try {
        const sw = loadSweep(f);
        io.out(`${f}: ok (sweep ${sw.spec.name}: ${sw.points.length} points x ${sw.spec.reps} replications)`);
      } catch (e) {
        if (!(e instanceof SweepError)) throw e;
        bad++;
        io.err(e.lines.join('\n'));
      }
      continue;
    }
    if (isTargetsText(readFileSync(f, 'utf8'))) {
      try {
        const t = loadTargetsFrom(fileSource, f);
        for (const x of t.tables) tablesRead.add(resolve(x));
        const required = t.targets.filter((x) => x.context === undefined).length;
        // The baseline it names must be a valid scenario too.
        const b = loadScenario(t.baseline);
        for (const x of b.tables) tablesRead.add(resolve(x));
        io.out(`${f}: ok (targets ${t.title}: ${required} required${t.targets.length > required ? `, ${t.targets.length - required} shown` : ''}; baseline ${relative(process.cwd(), t.baseline) || t.baseline})`);
      } catch (e) {
        if (e instanceof TargetsError) io.err(e.lines.join('\n'));
        else if (e instanceof ScenarioError) io.err(e.issues.map((i) => i.text).join('\n'));
        else throw e;
        bad++;
      }
      continue;
    }
    try {
      const r = loadScenario(f);
      for (const x of r.tables) tablesRead.add(resolve(x));
      const s = r.scenario;
      try {
        checkRun(s, s.simulation.warmup.value, s.simulation.horizon.value, f);
      } catch (e) {
        if (!(e instanceof LimitError)) throw e;
        bad++;
        io.err(e.message);
        continue;
      }
      io.out(`${f}: ok (${r.scenario.name}, design ${r.scenario.design}${r.files.length > 1 ? `, extends ${r.files.slice(1).join(' <- ')}` : ''}${r.tables.length > 0 ? `, reads ${r.tables.join(', ')}` : ''})`);
      for (const w of r.warnings) io.err(`warning: ${w.text}`);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      bad++;
      io.err(e.issues.map((i) => i.text).join('\n'));
    }
  }
  for (const f of tables) {
    expectFile(f, 'a CSV table');
    if (tablesRead.has(resolve(f))) {
      io.out(`${f}: ok (a table read by the files above)`);
      continue;
    }
    // A table no file reads: readable as a table at least, and told so.
    try {
      const t = parseCsv(readFileSync(f, 'utf8'));
      io.out(`${f}: ok as a table (${t.rows.length} rows), but no file given here reads it`);
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      bad++;
      io.err(e.problems.map((p) => `${f}${p.line ? ':' + p.line : ''}: ${p.column ? `column '${p.column}': ` : ''}expected ${p.expected}, found ${p.found}`).join('\n'));
    }
  }
  return bad > 0 ? 2 : 0;
}

/**
 * The per-year KPIs of scenarios with a calendar (year.<YYYY>.<kpi>) as rows of year and KPI,
 * cells from `cells(kpiId)`; null when no scenario reports any.
 */
export function yearTable(kpis: readonly Record<string, unknown>[], cells: (k: string) => string[]): string[][] | null {
  const years = [...new Set(kpis.flatMap((k) => Object.keys(k)).map((k) => YEAR_KPI.exec(k)?.[1]).filter((y): y is string => y !== undefined))].sort();
  if (years.length === 0) return null;
  return years.flatMap((y) => YEAR_KPIS.map((kpi, i) => [i === 0 ? y : '', kpi, ...cells(`year.${y}.${kpi}`)]));
}

/** Load a targets file, its problems as a user error. */
export function loadTargets(file: string): TargetsFile {
  expectFile(file, 'a targets file');
  try {
    return loadTargetsFrom(fileSource, file);
  } catch (e) {
    if (e instanceof TargetsError) throw new UserError(`invalid targets file ${relative(process.cwd(), resolve(file)) || file}:\n${e.lines.map((l) => '  ' + l).join('\n')}`);
    throw e;
  }
}

/** The shipped targets of Nijmegen 2019, the default of calibrate and fit. */
export const defaultTargetsFile = (): string => join(scenariosDir(), DEFAULT_TARGETS_FILE);

export async function calibrateCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', workers: 'string', json: 'boolean', targets: 'string' });
  if (rest.length > 1) throw new UserError(`calibrate takes at most one scenario file, found ${rest.join(' ')}`);
  // The targets name their baseline: `calibrate --targets FILE` needs nothing else. A scenario
  // given as well is checked against those targets instead (a variant, a fitted copy).
  const targets = loadTargets(typeof opts.targets === 'string' ? opts.targets : defaultTargetsFile());
  const file = rest[0] ?? targets.baseline;
  const shown = relative(process.cwd(), resolve(file)) || file;
  const { scenario } = load(resolve(file));
  const reps = intOption(opts, 'reps', targets.replications ?? 20, 2);
  const seed = seedOption(opts);
  checkRequest('calibrate', [{ file, scenario }], { reps, weeks: {} });
  const plan = scenariosPlan('run', [{ file, scenario }], { reps, seed });
  const bar = progressBar(process.stderr, 'calibrate');
  let runs: RunRecord[];
  try {
    runs = (await runExperiment(plan, { workers: intOption(opts, 'workers', defaultWorkers(), 1, MAX_WORKERS), onProgress: (p) => bar.update(p) })).runs;
  } finally {
    bar.end();
  }
  const rows = calibrationTable(summarisePoints(plan.manifest, runs)[0]!.kpis, targets.targets);
  if (opts.json) {
    io.out(JSON.stringify({ scenario: scenario.name, modelVersion: plan.manifest.modelVersion, seed, reps, targets: targets.file, rows }, null, 2));
  } else {
    io.out(`Calibration of ${scenario.name}: ${reps} replications, seed ${seed}; mean must lie inside the target band.`);
    io.out(`Targets: ${targets.title} (${targets.file}); scenario ${shown}.\n`);
    io.out(calibrationText(rows));
  }
  return calibrated(rows) ? 0 : 1;
}

/** The calibration table as the CLI prints it: the required targets, then those shown with their reason. */
export function calibrationText(rows: readonly CalibrationRow[]): string {
  const table = (rs: readonly CalibrationRow[]) =>
    formatTable(
      ['target', 'band', 'model mean', '95% CI', 'inside', 'source'],
      rs.map((r) => [r.label, `${fmt(r.low)} - ${fmt(r.high)}`, fmt(r.mean), `[${fmt(r.ciLow)}, ${fmt(r.ciHigh)}]`, r.inside ? 'yes' : 'NO', r.source]),
      [false, false, true, false, false, false],
    );
  const required = rows.filter((r) => r.context === undefined);
  const context = rows.filter((r) => r.context !== undefined);
  const out = [table(required), `\n${required.filter((r) => r.inside).length} of ${required.length} targets met.`];
  if (context.length > 0) {
    out.push('\nShown, not required (the model expresses them, but cannot hold them together with the targets above):');
    out.push(table(context));
    for (const r of context) out.push(`- ${r.label}: ${r.context}`);
  }
  return out.join('\n');
}

/**
 * The uncertainty from the assumptions (a `ketensim sensitivity` folder): the 10-90% range of each
 * KPI of each scenario over its sample, shown next to the simulation's 95% CI, labelled apart.
 */
function readBands(dir: string): { bands: AssumptionBands['bands']; weeks: Common['weeks'] | undefined } {
  const file = join(dir, 'sensitivity.json');
  expectFile(file, 'the sensitivity.json of a ketensim sensitivity folder');
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`option --assumptions ${dir}: expected the folder of a ketensim sensitivity run, found no readable sensitivity.json there (${(e as NodeJS.ErrnoException).code ?? 'not JSON'})`);
  }
  const o = (typeof j === 'object' && j !== null ? j : {}) as { bands?: unknown; weeks?: unknown };
  const problem = bandsShapeProblem(o.bands);
  if (problem) throw new UserError(`option --assumptions ${dir}: expected the folder of a ketensim sensitivity run, found a sensitivity.json whose ${problem}`);
  const weeks = typeof o.weeks === 'object' && o.weeks !== null ? (o.weeks as Common['weeks']) : undefined;
  return { bands: o.bands as AssumptionBands['bands'], weeks };
}

/** The mean over the runs of each point of a plan, from one number per run. */
function pointMeans(plan: Plan, results: Map<number, number>): number[] {
  return plan.manifest.points.map((p) => {
    let sum = 0;
    for (let r = 0; r < plan.manifest.reps; r++) sum += results.get(p.id * plan.manifest.reps + r) ?? NaN;
    return sum / plan.manifest.reps;
  });
}

/**
 * Make the designs equal to the reference in budget or staff (src/experiment/fair.ts): their own
 * staff scaled, their titles saying so. The search for an equal budget runs the comparison's own
 * replications, seed and horizon, so its last evaluation is what the comparison then reports.
 */
async function equalise(mode: Exclude<EqualMode, 'designed'>, scenarios: Scenario[], reference: Scenario, c: Common, io: Io): Promise<{ fair: EqualResult; scaled: Scenario[] }> {
  let fair: EqualResult;
  if (mode === 'staff') {
    try {
      fair = equalStaff(reference, scenarios);
    } catch (e) {
      if (e instanceof FairError) throw new UserError(e.message);
      throw e;
    }
  } else {
    let round = 0;
    const evaluate = async (ss: Scenario[]): Promise<number[]> => {
      const plan = scenariosPlan('compare', ss.map((s) => ({ file: s.name, scenario: s })), { reps: c.reps, seed: c.seed, reference: ss[0]!.name, ...c.weeks });
      const costs = new Map<number, number>();
      const bar = progressBar(process.stderr, `equal budget, round ${round++}`);
      await runJobs(
        plan.runs.map((k) => ({ scenario: plan.scenarios[Math.floor(k / c.reps)]!, options: { seed: c.seed, replication: k % c.reps, ...plan.options[Math.floor(k / c.reps)]! } })),
        c.workers,
        (i, r) => {
          costs.set(plan.runs[i]!, r.kpis.cost_total_meur!);
          bar.update({ done: costs.size, total: plan.runs.length, resumed: 0 });
        },
      );
      bar.end();
      return pointMeans(plan, costs);
    };
    fair = await equalBudget(reference, scenarios, evaluate);
  }
  const scaled = scenarios.map((s, i) => {
    const d = fair.designs[i]!;
    if (d.factor === 1) return s;
    const t = scaleDesign(s, d.factor, mode);
    return { ...t, title: `${s.title} (${mode === 'budget' ? 'equal budget' : 'equal staff'}: own staff x${d.factor.toFixed(3)})` };
  });
  const unit = fair.unit === 'meur' ? 'MEUR a year' : 'FTE in access and first line';
  io.err(`equal ${mode}: ${fair.target.toFixed(2)} ${unit}, as ${fair.reference}`);
  for (const d of fair.designs) {
    if (d.scenario === fair.reference) continue;
    io.err(`  ${d.scenario}: own staff x${d.factor.toFixed(3)} -> ${d.value.toFixed(2)} (${d.gap >= 0 ? '+' : ''}${(100 * d.gap).toFixed(2)}%)${d.reached ? '' : ` NOT within ${100 * BUDGET_TOLERANCE}% after ${d.rounds} rounds`}`);
  }
  return { fair, scaled };
}

export async function compareCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { ...COMMON_SPEC, reference: 'string', all: 'boolean', equal: 'string', assumptions: 'string' });
  const given = typeof opts.assumptions === 'string' ? readBands(opts.assumptions) : null;
  const mode = (opts.equal ?? 'designed') as EqualMode;
  if (!EQUAL_MODES.includes(mode)) throw new UserError(`option --equal: expected one of ${EQUAL_MODES.join(', ')}, found '${String(opts.equal)}'`);
  const files = rest.length > 0 ? rest : DEFAULT_DESIGN_FILES.map((f) => join(scenariosDir(), f));
  const loaded = files.map((f) => load(f));
  const scenarios = loaded.map((l) => l.scenario);
  // A warning about a file that several scenarios extend is printed once, with the scenarios it concerns.
  const warned = new Map<string, string[]>();
  loaded.forEach((l, i) => {
    for (const w of l.warnings) warned.set(w.text, [...(warned.get(w.text) ?? []), scenarios[i]!.name]);
  });
  for (const [text, who] of warned) io.err(`warning (${who.join(', ')}): ${text}`);
  const names = scenarios.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new UserError(`compare: the scenarios must have different names, found ${names.join(', ')}`);
  const c = commonOptions(opts, 10, 2);
  // The assumptions' ranges hold for the designs as designed, over the horizon they were computed for (as the web app shows them).
  let bands: AssumptionBands['bands'] | null = given?.bands ?? null;
  if (given && mode !== 'designed') {
    io.err(`warning: option --assumptions: the ranges were computed for the designs as designed, not with --equal ${mode}; only the 95% CI is shown`);
    bands = null;
  } else if (given?.weeks && (given.weeks.horizonWeeks !== c.weeks.horizonWeeks || given.weeks.warmupWeeks !== c.weeks.warmupWeeks)) {
    const years = (w: Common['weeks']) => `${w.warmupWeeks === undefined ? "each scenario's own warm-up" : `--warmup-years ${fmt(w.warmupWeeks / WEEKS_PER_YEAR)}`}, ${w.horizonWeeks === undefined ? "each scenario's own horizon" : `--horizon-years ${fmt(w.horizonWeeks / WEEKS_PER_YEAR)}`}`;
    io.err(`warning: option --assumptions: the ranges were computed with ${years(given.weeks)}, this comparison runs with ${years(c.weeks)}; only the 95% CI is shown`);
    bands = null;
  }
  checkRequest('compare', files.map((f, i) => ({ file: f, scenario: scenarios[i]! })), c, loaded.flatMap(inputsOf));
  const reference = typeof opts.reference === 'string' ? opts.reference : names[0]!;
  if (!names.includes(reference)) throw new UserError(`option --reference: expected one of ${names.join(', ')}, found '${reference}'`);
  if (mode !== 'designed' && c.precision) throw new UserError(`option --equal ${mode} goes with a fixed number of replications (--reps), not with --precision`);
  const refScenario = scenarios[names.indexOf(reference)]!;
  const equalised = mode === 'designed' ? null : await equalise(mode, scenarios, refScenario, c, io);
  const used = equalised?.scaled ?? scenarios;
  // Files as the manifest names them: relative to here (so ./a.yaml and a.yaml are the same
  // experiment), the shipped designs by name.
  const entries = files.map((f, i) => ({ file: rest.length > 0 ? relative(process.cwd(), resolve(f)) || f : basename(f), scenario: used[i]! }));
  const { plan, runs } = await execute((reps) => scenariosPlan('compare', entries, { reps, seed: c.seed, reference, csv: c.csv, ...c.weeks }), c, io);
  const sums = summarisePoints(plan.manifest, runs);
  const reps = plan.manifest.reps;
  const refSum = sums.find((s) => s.point.scenario === reference)!;
  // A folder run again without ranges loses those of an earlier run (the report must not show them).
  if (c.out && !bands) rmSync(join(c.out, ASSUMPTION_BANDS_FILE), { force: true });
  if (bands) {
    const without = names.filter((n) => !bands[n]);
    if (without.length > 0) io.err(`warning: option --assumptions ${String(opts.assumptions)}: no ranges for ${without.join(', ')} (the sensitivity run did not include ${without.length === 1 ? 'it' : 'them'}); only the 95% CI is shown there`);
    // Next to the results, for `ketensim report` (only the scenarios of this comparison).
    if (c.out) {
      const kept: AssumptionBands = { source: String(opts.assumptions), bands: Object.fromEntries(names.filter((n) => bands![n]).map((n) => [n, bands![n]!])) };
      writeOutputFile(join(c.out, ASSUMPTION_BANDS_FILE), `${JSON.stringify(kept, null, 2)}\n`);
    }
  }
  // As designed, a design with much more slack than the reference is flagged (BRIEF 2a).
  const slack = mode === 'designed' ? sums.filter((s) => s !== refSum).flatMap((s) => slackWarnings({ scenario: refScenario, kpis: refSum.kpis }, { scenario: used[s.point.id]!, kpis: s.kpis })) : [];
  for (const w of slack) io.err(`warning: ${w}`);
  const policies = policyDifferences(used);
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          reference,
          seed: c.seed,
          reps,
          modelVersion: plan.manifest.modelVersion,
          equal: equalised?.fair ?? { mode: 'designed' },
          policies: Object.fromEntries(policies.map((p) => [p.policy, Object.fromEntries(p.values.map((v, i) => [names[i]!, v]))])),
          warnings: slack,
          ...(bands ? { assumptionBands: Object.fromEntries(names.filter((n) => bands[n]).map((n) => [n, bands[n]])) } : {}),
          scenarios: Object.fromEntries(sums.map((s) => [s.point.scenario, s.kpis])),
          differences: Object.fromEntries(sums.filter((s) => s.differences).map((s) => [s.point.scenario, s.differences!])),
        },
        cleanJson,
        2,
      ),
    );
    return 0;
  }
  const held = mode === 'designed' ? 'as designed (each file its own staff and budget)' : mode === 'budget' ? `on equal budget (${equalised!.fair.target.toFixed(2)} MEUR a year)` : `on equal staff (${equalised!.fair.target.toFixed(1)} FTE in access and first line)`;
  io.out(`Comparison ${held}: ${reps} replications per scenario, seed ${c.seed}, common random numbers; reference ${reference}.`);
  io.out('Each cell: mean [95% CI]; for the others also the paired difference with the reference [95% CI].\n');
  const head = ['KPI', ...sums.map((s) => s.point.scenario)];
  const row = (k: string) => [
    k,
    ...sums.map((r) => {
      const s = r.kpis[k];
      if (!s || s.n === 0) return '-';
      const cell = `${fmt(s.mean)} [${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]`;
      const d = r.differences?.[k];
      const b = bands?.[r.point.scenario]?.[k];
      const withBand = b ? `${cell}  assumptions ${fmt(b.p10)}-${fmt(b.p90)}` : cell;
      return d && d.n > 1 ? `${withBand}  Δ ${d.mean >= 0 ? '+' : ''}${fmt(d.mean)} [${fmt(d.ciLow)}, ${fmt(d.ciHigh)}]` : withBand;
    }),
  ];
  if (bands) io.out('[..]: 95% CI, the noise of the simulation. assumptions p10-p90: the range over the sensitivity sample, the uncertainty in the assumptions (ketensim sensitivity).\n');
  io.out(formatTable(head, (opts.all ? Object.keys(sums[0]!.kpis) : HEADLINE_KPIS).map(row)));
  if (!opts.all) {
    // Staff, money and how busy each team is, next to the KPIs (BRIEF 2a).
    const present = (prefix: string) => [...new Set(sums.flatMap((s) => Object.keys(s.kpis)))].filter((k) => k.startsWith(prefix)).sort();
    io.out('\nStaff, money and how busy:');
    io.out(formatTable(head, ['fte_access_total', ...present('fte.'), 'cost_total_meur', ...present('cost_by_type.'), 'cost_wmo_meur', ...present('utilisation.')].map(row)));
  }
  // Scenarios with a calendar (simulation.start_year): the KPIs year by year, a switch of design visible.
  const yearRows = yearTable(sums.map((r) => r.kpis), (k) => row(k).slice(1));
  if (yearRows) {
    io.out('\nYear by year (waits and time to care by the year the casus arrived; volumes and cost by the year they happened):');
    io.out(formatTable(['year', 'KPI', ...sums.map((s) => s.point.scenario)], yearRows));
    const switches = used.filter((u) => u.transition).map((u) => `${u.name}: ${u.transition!.before.design} until ${u.transition!.year}, ${u.design} from 1 January ${u.transition!.year} (learning ${fmt(u.transition!.learning_time.value / WEEKS_PER_YEAR, 1)} years)`);
    if (switches.length > 0) io.out(`Switches of design: ${switches.join('; ')}.`);
  }
  if (policies.length > 0) {
    io.out('\nPolicies that differ between the scenarios (not part of a design unless its file says so):');
    io.out(formatTable(['policy', ...names], policies.map((p) => [p.policy, ...p.values])));
  }
  io.out('\nThe geoptimaliseerd indicatiemodel, brede basisteams and one-stop-shop are proposals: their results are model consequences of the stated assumptions, not observations.');
  return 0;
}
