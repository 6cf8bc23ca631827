/**
 * `ketensim sensitivity [a.yaml b.yaml ...]`: which assumptions carry the results and could change
 * the conclusion (src/experiment/sensitivity.ts): a global screening over every assumption at once
 * (a Latin hypercube with rank correlations), the robustness of the ranking of the designs over
 * that sample, and a one-at-a-time tornado of the most influential assumptions. Both stages are
 * results folders under --out (resumable like sweeps: rerun the same command to go on).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DESIGN_FILES } from '../experiment/defaults.js';
import { runExperiment } from '../experiment/experiment.js';
import { ResultsError } from '../experiment/journal.js';
import { ALL_KPIS, HEADLINE_KPIS, isKnownKpi } from '../experiment/kpis.js';
import { pointsPlan } from '../experiment/plan.js';
import type { RunRecord } from '../experiment/results.js';
import { assumptionBands, assumptionsOf, meanKpis, robustness, samplePositions, screening, screeningPoints, tornadoChoice, tornadoPoints, tornadoRows, type Assumption, type SensitivityPoint } from '../experiment/sensitivity.js';
import { didYouMean } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { UserError } from './errors.js';
import { writeOutputFile } from './files.js';
import { checkRequest, cleanJson, COMMON_SPEC, commonOptions, fmt, inputsOf, load, loadTargets, scenariosDir, type Common } from './model-commands.js';
import type { Target } from '../experiment/calibration.js';
import type { TargetsFile } from '../experiment/targets.js';
import { intOption, parseOptions, type Io } from './options.js';
import { progressBar } from './progress.js';
import { formatTable } from './table.js';

/** Run points (each `reps` times) and give the mean KPIs of each: resumable in `dir`. */
async function runPoints(name: string, bases: { file: string; scenario: Scenario }[], points: SensitivityPoint[], parameters: string[], kpis: string[], c: Common, dir: string | undefined, io: Io): Promise<Record<string, number>[]> {
  const plan = pointsPlan(name, bases, points, parameters, { reps: c.reps, seed: c.seed, kpis, csv: c.csv, ...c.weeks });
  const bar = progressBar(process.stderr, name);
  let runs: RunRecord[];
  try {
    const r = await runExperiment(plan, { workers: c.workers, ...(dir ? { dir } : {}), onProgress: (p) => bar.update(p) });
    runs = r.runs;
    if (r.resumed > 0) io.err(`${name}: resumed, ${r.resumed} runs were already done in ${dir}`);
  } catch (e) {
    if (e instanceof ResultsError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.end();
  }
  const byPoint = points.map(() => [] as Record<string, number>[]);
  for (const r of runs) byPoint[r.point]!.push(r.kpis as Record<string, number>);
  return byPoint.map((reps) => meanKpis(reps, kpis));
}

/**
 * The screening's sample: every assumption at once, a Latin hypercube of positions; a point whose
 * scenario is invalid in any design is left out of all. `kept`: the positions used (indices into
 * the hypercube), `qs` their positions, `values[i][d]` the mean KPIs of design d at kept point i.
 * Shared with the web app's shipped bands (npm run bands, src/cli/bands-script.ts).
 */
export async function screeningSample(
  entries: { file: string; scenario: Scenario }[],
  assumptions: Assumption[],
  samples: number,
  kpis: string[],
  c: Common,
  io: Io,
): Promise<{ kept: number[]; qs: number[][]; values: Record<string, number>[][] }> {
  const scenarios = entries.map((e) => e.scenario);
  const q = samplePositions(assumptions, samples, c.seed);
  const { kept, points } = screeningPoints(scenarios, assumptions, q);
  if (kept.length < samples) io.err(`sensitivity: ${samples - kept.length} of ${samples} points left out (a combination the scenario checks refuse)`);
  if (kept.length < 4) throw new UserError(`sensitivity: only ${kept.length} valid points: narrow the ranges or pick other assumptions (--params)`);
  const means = await runPoints('screening', entries, points, assumptions.map((a) => a.path), kpis, c, c.out ? join(c.out, 'screening') : undefined, io);
  const values = kept.map((_, i) => scenarios.map((_, d) => means[i * scenarios.length + d]!));
  return { kept, qs: kept.map((i) => q[i]!), values };
}

export async function sensitivityCommand(args: string[], io: Io): Promise<number> {
  const { opts, rest } = parseOptions(args, { ...COMMON_SPEC, samples: 'string', top: 'string', kpis: 'string', params: 'string', targets: 'string' });
  for (const o of ['precision', 'precision-kpis', 'max-reps', 'event-log'] as const) if (opts[o] !== undefined) throw new UserError(`sensitivity takes no --${o}`);
  const files = rest.length > 0 ? rest : DEFAULT_DESIGN_FILES.map((f) => join(scenariosDir(), f));
  const loaded = files.map((f) => load(f));
  const scenarios = loaded.map((l) => l.scenario);
  const names = scenarios.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new UserError(`sensitivity: the scenarios must have different names, found ${names.join(', ')}`);
  const c = commonOptions(opts, 2, 1);
  const samples = intOption(opts, 'samples', 100, 4, 10_000);
  const top = intOption(opts, 'top', 10, 1, 1_000);
  const kpis = typeof opts.kpis === 'string' ? opts.kpis.split(',').map((k) => k.trim()) : [...HEADLINE_KPIS];
  for (const k of kpis) if (!isKnownKpi(k)) throw new UserError(`option --kpis: expected KPI ids, found '${k}'${didYouMean(k, ALL_KPIS) ? ` (did you mean '${didYouMean(k, ALL_KPIS)}'?)` : ''}`);
  const only = typeof opts.params === 'string' ? opts.params.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  // Against a municipality's targets: which points of the sample still reproduce its baseline's data.
  const tf = typeof opts.targets === 'string' ? loadTargets(opts.targets) : null;
  const targetOf = tf ? baselineIndex(tf, files, names) : -1;
  const entries = files.map((f, i) => ({ file: f, scenario: scenarios[i]! }));
  checkRequest('sensitivity', entries, { ...c, reps: c.reps * (samples + 2 * top + 1) }, loaded.flatMap(inputsOf));
  if (c.out) {
    try {
      mkdirSync(c.out, { recursive: true });
    } catch (err) {
      throw new UserError(`option --out ${c.out}: could not make the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  const assumptions = assumptionsOf(scenarios, only);
  if (assumptions.length === 0) throw new UserError(`sensitivity: no assumption to vary${only ? ` among the paths ${only.join(', ')}` : ''} (only parameters whose source is 'aanname' are varied)`);
  io.err(`sensitivity: ${assumptions.length} assumptions, ${samples} points x ${names.length} scenarios x ${c.reps} replications, then a tornado of the ${Math.min(top, assumptions.length)} most influential`);

  const required = tf ? tf.targets.filter((t) => t.context === undefined) : [];
  const runKpis = [...new Set([...kpis, ...required.map((t) => t.kpi)])];
  const { kept, qs, values } = await screeningSample(entries, assumptions, samples, runKpis, c, io);
  const fit = tf ? targetsMet(values.map((v) => v[targetOf]!), required) : null;
  const screen = screening(names, assumptions, qs, values, kpis);
  const robust = robustness(names, assumptions, qs, values, kpis);
  const bands = assumptionBands(names, values, kpis);

  // 2. Tornado: the most influential assumptions (by their strongest rank correlation with any KPI), one at a time.
  const chosen = tornadoChoice(assumptions, screen, top);
  const oatMeans = await runPoints('tornado', entries, tornadoPoints(scenarios, chosen), chosen.map((a) => a.path), kpis, c, c.out ? join(c.out, 'tornado') : undefined, io);
  const tornado = tornadoRows(names, chosen, kpis, oatMeans);
  const out = {
    scenarios: names,
    seed: c.seed,
    reps: c.reps,
    // The horizon and warm-up as given (none: each scenario's own), for compare --assumptions to check.
    weeks: c.weeks,
    samples: kept.length,
    method: 'Latin hypercube of positions of every assumption, Spearman rank correlations; one-at-a-time tornado of the most influential',
    assumptions: assumptions.map((a) => ({ path: a.path, ranges: Object.fromEntries(a.at.flatMap((r, d) => (r ? [[names[d]!, r]] : []))) })),
    tornado,
    screening: screen,
    robustness: Object.fromEntries(Object.entries(robust).map(([k, r]) => [k, r.shares])),
    flips: Object.fromEntries(Object.entries(robust).map(([k, r]) => [k, r.flips])),
    bands,
    ...(tf && fit ? { targets: { file: opts.targets, title: tf.title, baseline: names[targetOf], required: required.length, ...fit } } : {}),
  };
  const json = JSON.stringify(out, cleanJson, 2);
  if (c.out) {
    writeOutputFile(join(c.out, 'sensitivity.json'), json + '\n');
    io.err(`sensitivity written to ${c.out} (sensitivity.json; the runs in screening/ and tornado/, resumable)`);
  }
  if (opts.json) {
    io.out(json);
    return 0;
  }
  io.out(`Sensitivity of ${names.join(', ')} to ${assumptions.length} assumptions: ${kept.length} points of a Latin hypercube x ${c.reps} replications, seed ${c.seed}, common random numbers.`);
  io.out(`An assumption's range is its low-high in the file, or by default half to twice its value (-50%/+100%); ${assumptions.filter((a) => a.at.some((r) => r?.range === 'file')).length} have a range of their own.\n`);
  if (tf && fit) {
    io.out(`Against the targets of ${tf.title} (${required.length} required, ${names[targetOf]}): ${fit.all} of ${fit.points} points reproduce all of them; a point meets a median of ${fit.metPerPoint.median} (from ${fit.metPerPoint.min} to ${fit.metPerPoint.max}).`);
    io.out(`  met least often: ${Object.entries(fit.shareMet).sort((a, b) => a[1] - b[1]).slice(0, 5).map(([k, v]) => `${k} ${(100 * v).toFixed(0)}%`).join(', ')} of the points`);
    io.out(fit.all === fit.points ? '' : `  The ranges below are over every point, also those the ${tf.title} data rule out: read them as the spread over these assumption ranges, not as the uncertainty left after calibration.\n`);
  }
  for (const k of kpis) {
    const r = robust[k];
    io.out(`${k}`);
    if (r) {
      io.out(`  ranks first: ${Object.entries(r.shares).sort((x, y) => y[1] - x[1]).map(([n, s]) => `${n} ${(100 * s).toFixed(0)}%`).join(', ')} of the points`);
      for (const f of r.flips.slice(0, 3)) io.out(`  flips it: ${f.path}: ${f.winner} first in ${(100 * f.lowerHalf).toFixed(0)}% of the points with it in the lower half of its range, ${(100 * f.upperHalf).toFixed(0)}% in the upper half`);
    }
    io.out(`  assumptions (10-90% over the sample, next to the simulation's noise in compare): ${names.map((n) => `${n} ${fmt(bands[n]![k]!.p10)}-${fmt(bands[n]![k]!.p90)}`).join('; ')}`);
    io.out(
      formatTable(
        ['tornado: assumption', 'scenario', 'at low', 'at high', 'low - high value'],
        tornado[k]!.slice(0, 5).map((t) => [t.path, t.design, fmt(t.low), fmt(t.high), `${fmt(t.lowValue, 3)} - ${fmt(t.highValue, 3)}${t.range === 'default' ? ' (default)' : ''}`]),
        [false, false, true, true, false],
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    io.out(
      formatTable(
        ['screening: assumption', 'scenario', 'rank correlation [95% CI]'],
        screen[k]!.slice(0, 5).map((s) => [s.path, s.design, `${fmt(s.rho)} [${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]`]),
        [false, false, true],
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n') + '\n',
    );
  }
  return 0;
}

/** The index of the targets' baseline among the scenarios (by file, else by name), or a user error. */
function baselineIndex(tf: TargetsFile, files: readonly string[], names: readonly string[]): number {
  const byFile = files.findIndex((f) => resolve(f) === resolve(tf.baseline));
  if (byFile >= 0) return byFile;
  const name = load(tf.baseline).scenario.name;
  const byName = names.indexOf(name);
  if (byName >= 0) return byName;
  throw new UserError(`option --targets ${tf.file}: its baseline ${tf.baseline} (${name}) is not among the scenarios (${names.join(', ')}); pass it too`);
}

/**
 * How far each point's baseline reproduces the targets (mean over its replications inside each
 * band, as calibrate counts): how many points meet all, how many targets a point meets, and per
 * target the share of points that meet it.
 */
export function targetsMet(means: readonly Record<string, number>[], targets: readonly Target[]): { points: number; all: number; metPerPoint: { min: number; median: number; max: number }; shareMet: Record<string, number> } {
  const met = means.map((m) => targets.filter((t) => (m[t.kpi] ?? NaN) >= t.low && (m[t.kpi] ?? NaN) <= t.high));
  const counts = met.map((x) => x.length).sort((a, b) => a - b);
  const shareMet: Record<string, number> = {};
  for (const t of targets) shareMet[t.kpi] = met.filter((x) => x.includes(t)).length / Math.max(1, means.length);
  return {
    points: means.length,
    all: counts.filter((n) => n === targets.length).length,
    metPerPoint: { min: counts[0] ?? 0, median: counts[Math.floor((counts.length - 1) / 2)] ?? 0, max: counts.at(-1) ?? 0 },
    shareMet,
  };
}
