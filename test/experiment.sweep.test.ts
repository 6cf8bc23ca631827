import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { JOURNAL, journalLine, parseJournal } from '../src/experiment/journal.js';
import { latinHypercube, parsePath, shardRuns, SweepError } from '../src/experiment/sweep.js';
import { loadSweep } from '../src/experiment/sweep-load.js';

const ROOT = resolve(__dirname, '..');
const SWEEP = join(ROOT, 'test/fixtures/sweep-small.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'ketensim-sweep-'));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI as a separate process (from the TypeScript sources, through tsx). */
function spawnCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/entry.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** Every file of a folder, by name, as bytes (temporary files must not be left behind). */
function folder(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

function expectSameFolder(a: string, b: string) {
  const fa = folder(a);
  const fb = folder(b);
  expect(Object.keys(fb)).toEqual(Object.keys(fa));
  for (const name of Object.keys(fa)) expect(fb[name]!.equals(fa[name]!), `${name} differs`).toBe(true);
}

function sweepErrors(text: string): string {
  const dir = tmp();
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, text.replace('BASE', join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml')));
  try {
    loadSweep(f);
  } catch (e) {
    if (e instanceof SweepError) return e.message;
    throw e;
  }
  return '';
}

const GOOD = `name: t
base: BASE
design: grid
seed: 1
reps: 2
parameters:
  - path: swt.staff.fte
    values: [20, 24]
`;

describe('sweep files', () => {
  it('a grid is every combination, in file order; values keep the unit of the base file', () => {
    const s = loadSweep(SWEEP);
    expect(s.points.map((p) => Object.values(p.params))).toEqual([
      [66, 0],
      [66, 0.01],
      [80, 0],
      [80, 0.01],
      [94, 0],
      [94, 0.01],
    ]);
    expect(s.scenarios[4]!.swt.staff.fte.value).toBe(94);
    expect(s.scenarios[1]!.dynamics.deterioration_per_week.value).toBeCloseTo(0.01, 12);
  });

  it('parses scenario paths', () => {
    expect(parsePath('swt.staff.fte')).toEqual(['swt', 'staff', 'fte']);
    expect(parsePath('population.wijken[3].share')).toEqual(['population', 'wijken', 3, 'share']);
    expect(parsePath('care.1.staff.fte')).toEqual(['care', '1', 'staff', 'fte']);
    for (const bad of ['', 'a..b', '.a', 'a.', 'a[x]', '[0]', 'a b']) expect(parsePath(bad)).toBeUndefined();
  });

  it('rejects unknown parameter paths with a suggestion, and names file and line', () => {
    const m = sweepErrors(GOOD.replace('swt.staff.fte', 'swt.youth_shar'));
    expect(m).toMatch(/sweep\.yaml:7: parameters\[0\]\.path: unknown key 'youth_shar' at swt \(did you mean 'youth_share'\?\)/);
    expect(sweepErrors(GOOD.replace('swt.staff.fte', 'swt'))).toMatch(/expected the path to end at a number or a parameter \{ value, unit, source \}, found an object/);
    expect(sweepErrors(GOOD.replace('swt.staff.fte', 'population.wijken[12].share'))).toMatch(/population\.wijken has 10 entries, so \[12\] does not exist/);
  });

  it('rejects unknown keys, missing fields and KPI typos like a scenario file', () => {
    expect(sweepErrors(GOOD.replace('reps: 2', 'repz: 2'))).toMatch(/sweep\.yaml:5: repz: expected one of the keys .*found unknown key 'repz' \(did you mean 'reps'\?\)/);
    expect(sweepErrors(GOOD.replace('design: grid', 'design: lhs'))).toMatch(/samples: expected the number of points of the Latin hypercube, found nothing/);
    expect(sweepErrors(GOOD + 'kpis: [time_to_car_weeks]\n')).toMatch(/kpis\[0\]: expected a KPI id .*found 'time_to_car_weeks' \(did you mean 'time_to_care_weeks'\?\)/);
    expect(sweepErrors(GOOD.replace('values: [20, 24]', 'from: 30\n    to: 20\n    steps: 2'))).toMatch(/parameters\[0\]\.to: expected a number >= from \(30\), found 20/);
  });

  it('a value that makes the scenario invalid names the point and the scenario field', () => {
    expect(sweepErrors(GOOD.replace('values: [20, 24]', 'values: [20, -1]'))).toMatch(/point 1 \(swt\.staff\.fte = -1\) makes an invalid scenario:\n.*swt\.staff\.fte\.value: expected a number > 0.*, found -1/);
  });

  it('the CLI reports a bad sweep file without a stack trace and exits with 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), GOOD.replace('BASE', join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml')).replace('swt.staff', 'swt.stuff'));
    const r = await cli(['sweep', join(dir, 's.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invalid sweep .*s\.yaml/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  });

  it('a Latin hypercube uses every stratum of every range exactly once', () => {
    const n = 17;
    const pts = latinHypercube([{ from: 0, to: 1 }, { from: 10, to: 30 }], n, 3);
    for (const [d, lo, hi] of [[0, 0, 1], [1, 10, 30]] as const) {
      const strata = pts.map((p) => Math.floor(((p[d]! - lo) / (hi - lo)) * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(latinHypercube([{ from: 0, to: 1 }], 5, 3)).toEqual(latinHypercube([{ from: 0, to: 1 }], 5, 3));
  });

  it('shards partition the runs', () => {
    const all = shardRuns(7, 3, undefined);
    const parts = [0, 1, 2, 3].map((index) => shardRuns(7, 3, { index, count: 4 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(all);
    expect(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length))).toBeLessThanOrEqual(1);
  });
});

describe('journal', () => {
  const rec = (k: number) => ({ k, point: k, rep: 0, kpis: { a: k + 0.5, b: null }, flows: {}, counts: { arrived: 1, exited: 1, inSystem: 0, arrivedObserved: 1 } });
  it('keeps good lines, drops a torn last line and a damaged one', () => {
    const good = [0, 1, 2].map((k) => journalLine(rec(k)));
    const damaged = good[1]!.replace('1.5', '1.6');
    const text = good[0]! + damaged + good[2]! + good[0]!.slice(0, 20);
    const { runs, dropped } = parseJournal(text);
    expect(runs.map((r) => r.k)).toEqual([0, 2]);
    expect(dropped).toBe(2);
    expect(parseJournal(good.join('')).dropped).toBe(0);
  });
});

describe('sweeps: determinism, shards, resume', () => {
  // One reference run in this process (2 workers); every other way of running must give the same bytes.
  let reference: string;
  it('the same folder with 1 and 2 workers', async () => {
    reference = tmp();
    const one = tmp();
    const plan = sweepPlan(loadSweep(SWEEP));
    await runExperiment(plan, { workers: 2, dir: reference });
    await runExperiment(plan, { workers: 1, dir: one });
    expectSameFolder(reference, one);
    const files = Object.keys(folder(reference));
    expect(files).toEqual(['flows.csv', 'manifest.json', JOURNAL, 'summary.csv', 'summary.json', 'tidy.csv', 'timeseries.csv']);
    expect(readFileSync(join(reference, JOURNAL), 'utf8').trim().split('\n')).toHaveLength(12);
  });

  it('shards run as separate processes (--shard, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID) merge to the same bytes', async () => {
    const dir = tmp();
    const runs = [
      spawnCli(['sweep', SWEEP, '--shard', '0/3', '--out', join(dir, 's0'), '--workers', '1']),
      spawnCli(['sweep', SWEEP, '--shards', '3', '--out', join(dir, 's1'), '--workers', '1'], { JOB_COMPLETION_INDEX: '1' }),
      spawnCli(['sweep', SWEEP, '--shards', '3', '--out', join(dir, 's2'), '--workers', '1'], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' }),
    ];
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    expect(runs[2]!.stderr).toMatch(/shard 2\/3 does 4/);
    // A missing shard is reported, and nothing is written.
    const partial = await cli(['merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'partial')]);
    expect(partial.code).toBe(2);
    expect(partial.err).toMatch(/4 of 12 runs are missing .*shards present: 0\/3, 1\/3; missing or unfinished: shard 2\/3\)/);
    const merged = await cli(['merge', join(dir, 's2'), join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'merged')]);
    expect(merged.code, merged.err).toBe(0);
    expectSameFolder(reference, join(dir, 'merged'));
  });

  it('killed mid-write and restarted, a sweep skips finished runs, redoes the torn one and ends with the same bytes', () => {
    const dir = join(tmp(), 'out');
    const killed = spawnCli(['sweep', SWEEP, '--out', dir, '--workers', '1'], { KETENSIM_CRASH_AFTER_RUNS: '5' });
    expect(killed.signal).toBe('SIGKILL');
    const journal = readFileSync(join(dir, JOURNAL), 'utf8');
    expect(journal.endsWith('\n')).toBe(false);
    expect(parseJournal(journal)).toMatchObject({ dropped: 1 });
    expect(parseJournal(journal).runs).toHaveLength(5);
    const again = spawnCli(['sweep', SWEEP, '--out', dir, '--workers', '2']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resumed: 5 runs were already done, 1 torn line\(s\) dropped and redone/);
    expect(again.stderr).toMatch(/7 runs done now, 12 in all/);
    expectSameFolder(reference, dir);
    // Once finished, running again does nothing and changes nothing.
    const third = spawnCli(['sweep', SWEEP, '--out', dir, '--workers', '1']);
    expect(third.stderr).toMatch(/0 runs done now, 12 in all/);
    expectSameFolder(reference, dir);
  });

  it('refuses a folder that holds another experiment, and merge refuses mixed experiments', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'other.yaml'), readFileSync(SWEEP, 'utf8').replace('seed: 5', 'seed: 6').replace('../../scenarios', join(ROOT, 'scenarios')));
    const r = await cli(['sweep', join(dir, 'other.yaml'), '--out', reference]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds results of another experiment \(sweep test-small\)/);
    const other = join(dir, 'out');
    const small = await cli(['sweep', join(dir, 'other.yaml'), '--out', other, '--shard', '0/40', '--workers', '1']);
    expect(small.code, small.err).toBe(0);
    const mixed = await cli(['merge', reference, other, '--out', join(dir, 'm')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/belongs to another experiment/);
  });

  it('a report of the sweep is self-contained and deterministic', async () => {
    const out = join(tmp(), 'r.html');
    expect((await cli(['report', reference, '--out', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Content-Security-Policy/);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/<script/);
    expect(html).toMatch(/<svg/);
    expect(html).toContain('swt.staff.fte');
    const out2 = join(tmp(), 'r.html');
    await cli(['report', reference, '--out', out2]);
    expect(readFileSync(out2, 'utf8')).toBe(html);
  });
});

describe('user errors around results folders', () => {
  it('refuses an --out folder with other files, a file as folder, and a directory as scenario, all without a stack trace', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'precious.csv'), 'mine');
    const r1 = await cli(['sweep', SWEEP, '--out', dir, '--workers', '1']);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/expected a new or empty folder .* found other files/);
    expect(readFileSync(join(dir, 'precious.csv'), 'utf8')).toBe('mine');
    const r2 = await cli(['sweep', SWEEP, '--out', join(dir, 'precious.csv'), '--workers', '1']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/expected a folder, found a file/);
    const r3 = await cli(['run', dir]);
    expect(r3.code).toBe(2);
    expect(r3.err).toMatch(/expected a scenario file, found a folder/);
    const r4 = await cli(['run', join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml'), '--event-log', join(dir, 'nope', 'log.csv')]);
    expect(r4.code).toBe(2);
    expect(r4.err).toMatch(/--event-log: expected a file in an existing folder/);
    const r5 = await cli(['run', join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml'), '--precision', '0.05', '--precision-kpis', 'utilisation.*']);
    expect(r5.code).toBe(2);
    expect(r5.err).toMatch(/--precision-kpis: expected KPI ids \(no families\)/);
    writeFileSync(join(dir, 'manifest.json'), '{"format":"x"}');
    const r6 = await cli(['report', dir]);
    expect(r6.code).toBe(2);
    expect(r6.err).toMatch(/expected a ketensim-results\/1 manifest/);
    for (const r of [r1, r2, r3, r4, r5, r6]) expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('sweep files need a horizon above zero and KPI family members that exist', () => {
    expect(sweepErrors(GOOD + 'horizon_years: 0\n')).toMatch(/horizon_years: expected a number >= 0.01/);
    expect(sweepErrors(GOOD + 'kpis: [utilisation.swtt]\n')).toMatch(/did you mean 'utilisation.swt'/);
  });
});

describe('validate', () => {
  it('checks sweep files next to scenario files', async () => {
    const ok = await cli(['validate', join(ROOT, 'sweeps/swt-capaciteit.yaml'), join(ROOT, 'sweeps/ontwerpen-lhs.yaml'), SWEEP]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/ontwerpen-lhs\.yaml: ok \(sweep ontwerpen-lhs: 36 points x 5 replications\)/);
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), GOOD.replace('BASE', join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml')).replace('values: [20, 24]', 'values: [20, -2]'));
    const bad = await cli(['validate', join(dir, 's.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/point 1 \(swt\.staff\.fte = -2\) makes an invalid scenario/);
  });
});
