/**
 * CLI commands on the youth-care model: run, validate, calibrate.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicateScenarioParallel } from '../experiment/replicate.js';
import { defaultWorkers } from '../experiment/pool.js';
import { compareScenarios } from '../experiment/compare.js';
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

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', 'horizon-years': 'string', 'warmup-years': 'string', workers: 'string', 'event-log': 'string', json: 'boolean' });
  if (rest.length !== 1) throw new UserError(`run takes one scenario file, found ${rest.length === 0 ? 'none' : rest.join(' ')}`);
  const { scenario, warnings } = load(rest[0]!);
  for (const w of warnings) io.err(`warning: ${w.text}`);
  const reps = intOption(opts, 'reps', 10, 1);
  const seed = seedOption(opts);
  const hy = numberOption(opts, 'horizon-years');
  const wy = opts['warmup-years'] === '0' ? 0 : numberOption(opts, 'warmup-years');
  const run = await replicateScenarioParallel(
    scenario,
    {
      reps,
      seed,
      ...(hy !== undefined ? { horizonWeeks: hy * WEEKS_PER_YEAR } : {}),
      ...(wy !== undefined ? { warmupWeeks: wy * WEEKS_PER_YEAR } : {}),
      eventLog: typeof opts['event-log'] === 'string',
    },
    intOption(opts, 'workers', defaultWorkers(), 1),
  );
  const logFile = opts['event-log'];
  if (typeof logFile === 'string') {
    // Process-mining friendly: one row per event of replication 0; written whole or not at all.
    const rows = run.replications[0]!.eventLog ?? [];
    const csv = ['case_id,activity,resource,timestamp_weeks', ...rows.map((r) => `${r.casus},${csvField(r.activity)},${csvField(r.node)},${r.time.toFixed(6)}`)].join('\n') + '\n';
    const tmp = `${logFile}.tmp-${process.pid}`;
    writeFileSync(tmp, csv);
    renameSync(tmp, logFile);
    io.err(`event log of replication 0 (${rows.length} events) written to ${logFile}`);
  }
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

export async function calibrateCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', workers: 'string', json: 'boolean' });
  if (rest.length > 1) throw new UserError(`calibrate takes at most one scenario file, found ${rest.join(' ')}`);
  const file = rest[0] ?? join(scenariosDir(), BASELINE);
  const { scenario } = load(resolve(file));
  const reps = intOption(opts, 'reps', 20, 2);
  const seed = seedOption(opts);
  const run = await replicateScenarioParallel(scenario, { reps, seed }, intOption(opts, 'workers', defaultWorkers(), 1));
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

/** The KPIs a comparison shows by default (all of them with --all). */
export const HEADLINE_KPIS = [
  'wait_intake_weeks',
  'wait_intake_p90_weeks',
  'pct_within_norm',
  'assessment_weeks',
  'time_to_care_weeks',
  'time_to_care_p90_weeks',
  'pct_right_care_reached',
  'provider_wait_weeks',
  'handoffs_per_casus',
  'professionals_per_casus',
  'pct_4plus_professionals',
  'episodes_per_casus',
  'pct_stepped_up',
  'pct_first_line',
  'pct_deteriorated',
  'mdo_cases_per_year',
  'trajectories_per_year',
  'cost_total_meur',
  'cost_per_casus_eur',
];

export async function compareCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', reference: 'string', 'horizon-years': 'string', 'warmup-years': 'string', workers: 'string', json: 'boolean', all: 'boolean' });
  const files = rest.length > 0 ? rest : ['nijmegen-2019-indicatiemodel.yaml', 'brede-basisteams.yaml', 'one-stop-shop.yaml'].map((f) => join(scenariosDir(), f));
  const loaded = files.map((f) => load(f));
  for (const l of loaded) for (const w of l.warnings) io.err(`warning: ${w.text}`);
  const scenarios = loaded.map((l) => l.scenario);
  const reps = intOption(opts, 'reps', 10, 2);
  const seed = seedOption(opts);
  const reference = typeof opts.reference === 'string' ? opts.reference : scenarios[0]!.name;
  if (!scenarios.some((s) => s.name === reference)) {
    throw new UserError(`option --reference: expected one of ${scenarios.map((s) => s.name).join(', ')}, found '${reference}'`);
  }
  const hy = numberOption(opts, 'horizon-years');
  const wy = opts['warmup-years'] === '0' ? 0 : numberOption(opts, 'warmup-years');
  const cmp = await compareScenarios(
    scenarios,
    { reps, seed, ...(hy !== undefined ? { horizonWeeks: hy * WEEKS_PER_YEAR } : {}), ...(wy !== undefined ? { warmupWeeks: wy * WEEKS_PER_YEAR } : {}) },
    reference,
    intOption(opts, 'workers', defaultWorkers(), 1),
  );
  if (opts.json) {
    const clean = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
    io.out(JSON.stringify({ reference, seed, reps, modelVersion: cmp.runs[0]!.modelVersion, scenarios: Object.fromEntries(cmp.runs.map((r) => [r.scenario, r.kpis])), differences: cmp.diffs }, clean, 2));
    return 0;
  }
  const kpis = opts.all ? Object.keys(cmp.runs[0]!.kpis) : HEADLINE_KPIS;
  io.out(`Comparison: ${reps} replications per scenario, seed ${seed}, common random numbers; reference ${reference}.`);
  io.out('Each cell: mean [95% CI]; for the others also the paired difference with the reference [95% CI].\n');
  const head = ['KPI', ...cmp.runs.map((r) => r.scenario)];
  const body = kpis.map((k) => [
    k,
    ...cmp.runs.map((r) => {
      const s = r.kpis[k];
      if (!s || s.n === 0) return '-';
      const cell = `${fmt(s.mean)} [${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]`;
      const d = cmp.diffs[r.scenario]?.[k];
      return d && d.n > 1 ? `${cell}  Δ ${d.mean >= 0 ? '+' : ''}${fmt(d.mean)} [${fmt(d.ciLow)}, ${fmt(d.ciHigh)}]` : cell;
    }),
  ]);
  io.out(formatTable(head, body));
  io.out('\nBrede basisteams and one-stop-shop are proposals: their results are model consequences of the stated assumptions, not observations.');
  return 0;
}
