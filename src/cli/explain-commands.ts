/**
 * `ketensim explain A.yaml B.yaml`: what each difference between two scenarios comes from, as the
 * Shapley values of the groups of parameters in which they differ (src/experiment/explain.ts),
 * with 95% confidence intervals over replications under common random numbers.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runJobs } from '../experiment/experiment.js';
import { EXACT_MAX_GROUPS, explain, type Explanation } from '../experiment/explain.js';
import { ALL_KPIS, HEADLINE_KPIS, isKnownKpi, kpiLabel } from '../experiment/kpis.js';
import type { Scenario } from '../scenario/types.js';
import { didYouMean } from '../scenario/schema.js';
import { UserError } from './errors.js';
import { expectOutputFile, writeOutputFile } from './files.js';
import { checkRequest, cleanJson, COMMON_SPEC, commonOptions, fmt, inputsOf, load } from './model-commands.js';
import { intOption, parseOptions, type Io } from './options.js';
import { progressBar } from './progress.js';
import { formatTable } from './table.js';

/** `--group path=name`, as often as wanted: taken out of the arguments before the other options. */
function groupOptions(args: string[]): { regroup: Record<string, string>; rest: string[] } {
  const regroup: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a !== '--group' && !a.startsWith('--group=')) {
      rest.push(a);
      continue;
    }
    const v = a.startsWith('--group=') ? a.slice('--group='.length) : args[++i];
    const m = v === undefined ? null : /^([^=\s]+)=(.+)$/.exec(v);
    if (!m) throw new UserError(`option --group: expected path=name (a scenario path or the start of one, and a group name), found '${v ?? ''}'`);
    regroup[m[1]!] = m[2]!.trim();
  }
  return { regroup, rest };
}

export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const { regroup, rest: args } = groupOptions(argv);
  const { opts, rest } = parseOptions(args, { ...COMMON_SPEC, kpis: 'string', orders: 'string' });
  if (rest.length !== 2) throw new UserError(`explain takes two scenario files, A and B (it explains B - A), found ${rest.length}${rest.length ? `: ${rest.join(' ')}` : ''}`);
  for (const o of ['precision', 'precision-kpis', 'max-reps', 'event-log', 'csv'] as const) if (opts[o] !== undefined) throw new UserError(`explain takes no --${o}`);
  const loaded = rest.map((f) => load(f));
  const [a, b] = loaded.map((l) => l.scenario) as [Scenario, Scenario];
  const c = commonOptions(opts, 10, 2);
  const kpis = typeof opts.kpis === 'string' ? opts.kpis.split(',').map((k) => k.trim()) : HEADLINE_KPIS;
  for (const k of kpis) if (!isKnownKpi(k)) throw new UserError(`option --kpis: expected KPI ids, found '${k}'${didYouMean(k, ALL_KPIS) ? ` (did you mean '${didYouMean(k, ALL_KPIS)}'?)` : ''}`);
  const orders = intOption(opts, 'orders', 64, 2, 100_000);
  checkRequest('explain', rest.map((f, i) => ({ file: f, scenario: [a, b][i]! })), { ...c, reps: c.reps * (1 << EXACT_MAX_GROUPS) }, loaded.flatMap(inputsOf));
  if (c.out) {
    // Before hours of running: a folder that can hold the files.
    try {
      mkdirSync(c.out, { recursive: true });
    } catch (err) {
      throw new UserError(`option --out ${c.out}: could not make the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    expectOutputFile(join(c.out, 'explanation.json'), 'option --out');
  }
  const bar = progressBar(process.stderr, 'explain');
  const evaluate = async (points: Scenario[]) => {
    const values = points.map(() => new Array<Record<string, number>>(c.reps));
    const jobs = points.flatMap((scenario, p) => Array.from({ length: c.reps }, (_, r) => ({ scenario, options: { seed: c.seed, replication: r, ...c.weeks }, p, r })));
    let done = 0;
    await runJobs(jobs, c.workers, (i, res) => {
      values[jobs[i]!.p]![jobs[i]!.r] = res.kpis;
      bar.update({ done: ++done, total: jobs.length, resumed: 0 });
    });
    bar.end();
    return values;
  };
  let e: Explanation;
  try {
    e = await explain(a, b, evaluate, { kpis, regroup, orders, seed: c.seed });
  } finally {
    bar.end();
  }
  if (e.groups.length === 0) throw new UserError(`${rest[0]} and ${rest[1]} differ in no parameter: there is nothing to explain`);
  const json = JSON.stringify({ a: e.a, b: e.b, seed: c.seed, reps: c.reps, method: e.method, points: e.points, ...(e.orders ? { orders: e.orders } : {}), groups: e.groups, kpis: e.kpis }, cleanJson, 2);
  if (c.out) {
    writeOutputFile(join(c.out, 'explanation.json'), json + '\n');
    const rows = Object.entries(e.kpis).flatMap(([k, x]) => [
      [k, 'total', x.total.mean, x.total.ciLow, x.total.ciHigh, '', '', ''],
      ...x.contributions.map((g) => [k, g.group, g.mean, g.ciLow, g.ciHigh, g.alone.mean, g.alone.ciLow, g.alone.ciHigh]),
    ]);
    const csv = ['kpi,group,mean,ci_low,ci_high,alone_mean,alone_ci_low,alone_ci_high', ...rows.map((r) => r.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : `"${String(v).replace(/"/g, '""')}"`)).join(','))].join('\n');
    writeOutputFile(join(c.out, 'explanation.csv'), csv + '\n');
    io.err(`explanation written to ${resolve(c.out)} (explanation.json, explanation.csv)`);
  }
  if (opts.json) {
    io.out(json);
    return 0;
  }
  io.out(`Explaining ${e.b} - ${e.a}: ${e.groups.length} groups of parameters, ${e.method === 'exact' ? `every mix run (${e.points} scenarios)` : `${e.orders} sampled orders (${e.points} scenarios)`} x ${c.reps} replications, seed ${c.seed}, common random numbers.`);
  io.out('Each contribution is a Shapley value: the group\'s effect averaged over every order of switching the groups from A to B. An interaction of groups is shared equally among them; the contributions add up to the total difference. "alone": the group\'s effect switched alone from A.\n');
  io.out(formatTable(['group', 'parameters'], e.groups.map((g) => [g.name, g.paths.length > 4 ? `${g.paths.slice(0, 4).join(', ')} and ${g.paths.length - 4} more` : g.paths.join(', ')])));
  for (const [k, x] of Object.entries(e.kpis)) {
    const label = kpiLabel(k);
    io.out(`\n${k}${label ? ` (${label.en}${label.unit ? `, ${label.unit}` : ''})` : ''}: total ${sign(x.total.mean)} [${fmt(x.total.ciLow)}, ${fmt(x.total.ciHigh)}]`);
    io.out(
      formatTable(
        ['group', 'contribution [95% CI]', 'alone [95% CI]'],
        [...x.contributions.map((g) => [g.group, `${sign(g.mean)} [${fmt(g.ciLow)}, ${fmt(g.ciHigh)}]`, `${sign(g.alone.mean)} [${fmt(g.alone.ciLow)}, ${fmt(g.alone.ciHigh)}]`]), ['sum', sign(x.contributions.reduce((s, g) => s + g.mean, 0)), '']],
        [false, true, true],
      ),
    );
  }
  return 0;
}

const sign = (x: number) => `${x > 0 ? '+' : ''}${fmt(x)}`;
