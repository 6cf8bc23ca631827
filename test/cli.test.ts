import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ketensim CLI', () => {
  it('prints help and the version', async () => {
    expect((await run(['--help'])).out).toMatch(/ketensim selfcheck/);
    const sub = await run(['run', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/Options of run and compare:/);
    expect((await run(['frobnicate', '--help'])).code).toBe(2);
    expect((await run(['--version'])).out).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('selfcheck prints theory next to the simulated CI, as a table or JSON', async () => {
    const r = await run(['selfcheck', '--reps', '3', '--seed', '4']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/M\/M\/1, rho 0.9\s+Wq\s+9\.0000/);
    const j = JSON.parse((await run(['selfcheck', '--reps', '3', '--json'])).out) as { rows: Array<{ theory: number; n: number }> };
    expect(j.rows.length).toBeGreaterThanOrEqual(8);
    expect(j.rows.every((row) => row.n === 3)).toBe(true);
  });

  it('user errors: a clear message, exit code 2, no stack trace', async () => {
    for (const [argv, msg] of [
      [['frobnicate'], "unknown command 'frobnicate'"],
      [['selfcheck', '--reps', 'many'], "option --reps: expected an integer >= 2, found 'many'"],
      [['selfcheck', '--rep', '3'], 'unknown option --rep; expected one of --reps, --seed, --json'],
      [['selfcheck', '--seed'], 'option --seed needs a value'],
      // Number() would read these as 0, 16 and 0: a silent seed or warm-up nobody asked for.
      [['selfcheck', '--seed='], "option --seed: expected an integer >= 0, found ''"],
      [['selfcheck', '--seed', '0x10'], "option --seed: expected an integer >= 0, found '0x10'"],
      [['compare', '--warmup-years='], "option --warmup-years: expected a number >= 0, found ''"],
      [['compare', '--horizon-years', '0'], "option --horizon-years: expected a number > 0, found '0'"],
      [['selfcheck', '--json=false'], 'option --json takes no value, found --json=false'],
      [['merge', 'a', '--out', 'package.json'], '--out package.json: expected a folder, found a file'],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('ketensim model commands', () => {
  const root = new URL('..', import.meta.url).pathname;
  const baseline = `${root}scenarios/nijmegen-2019-indicatiemodel.yaml`;

  it('run --json prints the scenario, model version, seed, reps and KPIs with CIs', async () => {
    const r = await run(['run', baseline, '--reps', '2', '--seed', '7', '--horizon-years', '1', '--warmup-years', '0.5', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { scenario: string; modelVersion: string; seed: number; reps: number; kpis: Record<string, { mean: number; sd: number; ciLow: number; ciHigh: number; n: number }> };
    expect(j.scenario).toBe('nijmegen-2019-indicatiemodel');
    expect(j.seed).toBe(7);
    expect(j.reps).toBe(2);
    expect(j.modelVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const w = j.kpis.wait_intake_weeks!;
    expect(w.n).toBe(2);
    expect(w.ciLow).toBeLessThanOrEqual(w.mean);
    expect(w.ciHigh).toBeGreaterThanOrEqual(w.mean);
  });

  it('run --event-log writes the event log of replication 0 as CSV', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/ketensim-log-`)}/log.csv`;
    const r = await run(['run', baseline, '--reps', '1', '--horizon-years', '0.5', '--warmup-years', '0.25', '--workers', '1', '--event-log', file, '--csv', 'intl']);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('scenario,case_id,activity,timestamp,resource,t_weeks');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((l) => /^nijmegen-2019-indicatiemodel,nijmegen-2019-indicatiemodel\/ouders#\d+,aanmelding,2019-\d\d-\d\dT[\d:.]+Z,swt,/.test(l))).toBe(true);
  });

  it('validate reports every shipped scenario ok, and a bad file with exit code 2', async () => {
    const ok = await run(['validate', baseline, `${root}scenarios/brede-basisteams.yaml`]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/brede-basisteams\.yaml: ok \(brede-basisteams, design brede-basisteams, extends/);
    const bad = await run(['validate', `${root}test/fixtures/does-not-exist.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/does-not-exist\.yaml: no such file or folder/);
  });

  it('validate checks a sweep file with a misspelt key as a sweep, and says which key', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ketensim-sweep-typo-`);
    const text = readFileSync(`${root}test/fixtures/sweep-small.yaml`, 'utf8').replace('base: ../../scenarios/', `base: ${root}scenarios/`).replace(/^parameters:/m, 'parameterz:');
    writeFileSync(`${dir}/typo.yaml`, text);
    const r = await run(['validate', `${dir}/typo.yaml`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/parameterz: .*did you mean 'parameters'/);
    expect(r.err).not.toMatch(/unknown key 'base'/);
    // A scenario with a stray 'base' key is still checked as a scenario, as run does.
    writeFileSync(`${dir}/stray.yaml`, `extends: ${baseline}\nname: stray\nbase: foo\n`);
    const stray = await run(['validate', `${dir}/stray.yaml`]);
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/stray\.yaml:3: base: .*unknown key 'base'/);
    expect(stray.err).not.toMatch(/unknown key 'extends'/);
  });

  it('the report names scenarios by title, and by name where two share a title', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ketensim-titles-`);
    writeFileSync(`${dir}/meer.yaml`, `extends: ${baseline}\nname: meer-fte\n`); // inherits the baseline's title
    const short = ['--reps', '2', '--horizon-years', '0.25', '--warmup-years', '0.25', '--workers', '1'];
    expect((await run(['compare', baseline, `${dir}/meer.yaml`, `${root}scenarios/brede-basisteams.yaml`, ...short, '--out', `${dir}/out`])).code).toBe(0);
    expect((await run(['report', `${dir}/out`])).code).toBe(0);
    const html = readFileSync(`${dir}/out/report.html`, 'utf8');
    const heads = [...html.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toContain('nijmegen-2019-indicatiemodel');
    expect(heads).toContain('meer-fte');
    expect(heads.some((h) => h!.startsWith('Brede basisteams'))).toBe(true);
  });

  it('compare prints a warning about a file that two scenarios share once, naming both', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ketensim-warn-`);
    // A compulsory MDO at the monthly rhythm: more children a year than slots (the validator warns).
    writeFileSync(
      `${dir}/a.yaml`,
      `extends: ${root}scenarios/variants/verplicht-mdo.yaml\nname: warn-a\nivh:\n  mdo_period: { value: 1, unit: months, source: aanname }\n`,
    );
    writeFileSync(`${dir}/b.yaml`, `extends: ./a.yaml\nname: warn-b\n`);
    const r = await run(['compare', `${dir}/a.yaml`, `${dir}/b.yaml`, '--reps', '2', '--horizon-years', '0.5', '--warmup-years', '0.25', '--workers', '1']);
    expect(r.code).toBe(0);
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning ('));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning \(warn-a, warn-b\): .*a\.yaml:\d+: ivh\.mdo_period: .*grow without bound/);
  });

  it('output paths are checked before running: an event log that is a folder, a folder of another experiment with --precision', async () => {
    const { mkdtempSync, mkdirSync, readdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ketensim-out-`);
    const short = ['--reps', '2', '--horizon-years', '0.25', '--warmup-years', '0.25', '--workers', '1'];
    mkdirSync(`${dir}/log`);
    const log = await run(['run', baseline, ...short, '--event-log', `${dir}/log`]);
    expect(log.code).toBe(2);
    expect(log.err).toContain(`option --event-log: expected a file, found a folder ${dir}/log`);
    expect(readdirSync(dir)).toEqual(['log']); // no temporary file left behind
    expect((await run(['run', baseline, ...short, '--out', `${dir}/a`])).code).toBe(0);
    const journal = readFileSync(`${dir}/a/runs.jsonl`, 'utf8');
    const other = await run(['run', `${root}scenarios/brede-basisteams.yaml`, ...short, '--precision', '0.01', '--max-reps', '4', '--out', `${dir}/a`]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/holds results of another experiment \(run nijmegen-2019-indicatiemodel\)/);
    expect(other.err).not.toMatch(/precision (NOT )?reached/); // refused before the replications, not after
    expect(readFileSync(`${dir}/a/runs.jsonl`, 'utf8')).toBe(journal);
    // A rerun of a run to precision with a higher --max-reps (as its message advises) may use its folder.
    const prec = ['run', baseline, ...short, '--precision', '0.0001', '--out', `${dir}/p`];
    expect((await run([...prec, '--max-reps', '3'])).code).toBe(0);
    const again = await run([...prec, '--max-reps', '4']);
    expect(again.err).toMatch(/precision NOT reached at the maximum of 4 replications/);
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(`${dir}/p/manifest.json`, 'utf8')).reps).toBe(4);
  });

  it('a queue that keeps growing at a full resource is reported after the run; the calibrated baseline has none', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ketensim-grow-`);
    writeFileSync(`${dir}/one-place.yaml`, `extends: ${baseline}\nname: one-place\ncare:\n  "3":\n    staff:\n      fte: { value: 1, unit: fte, source: aanname }\n      caseload_per_fte: { value: 1, unit: casussen, source: aanname }\n`);
    const grow = await run(['run', `${dir}/one-place.yaml`, '--reps', '2', '--horizon-years', '1', '--warmup-years', '0.25', '--workers', '1', '--json']);
    expect(grow.code).toBe(0);
    expect(JSON.parse(grow.out).scenario).toBe('one-place'); // stdout stays one JSON document
    expect(grow.err).toMatch(/warning: one-place: the queue at behandeling was still growing, from [\d.]+ to [\d.]+ .* at 100\.0% utilisation/);
    const base = await run(['run', baseline, '--reps', '3', '--workers', '1']);
    expect(base.code).toBe(0);
    expect(base.err).not.toMatch(/still growing/);
  });

  it('run on a bad scenario: the errors, exit code 2, no stack trace, no output', async () => {
    const r = await run(['run', `${root}test/fixtures/bad-scenario.yaml`, '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/bad-scenario\.yaml:\d+: swt\.youth_share\.value: expected a number in \[0, 1\] share, found -3 share/);
    expect(r.err).toMatch(/bad-scenario\.yaml:\d+: inflow\.summer_dipp: .*did you mean 'summer_dip'/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
