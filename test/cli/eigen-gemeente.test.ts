/**
 * A municipality of one's own, end to end, as docs/eigen-gemeente.md tells it: `ketensim init`,
 * fill the two tables, `ketensim fit`, `ketensim compare`. And the shipped fictional example
 * (scenarios/rivierstad/): a fitted parameter moved away is brought back inside the bands by fit.
 * Runs are shortened (few replications and years): the machinery is under test, not the figures.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { cli, expectNoLeak, tmp } from '../faults/harness.js';

const ROOT = resolve(__dirname, '..', '..');
const RIVIERSTAD = join(ROOT, 'scenarios', 'rivierstad');
const SHORT_FIT = ['--reps', '4', '--horizon-years', '3', '--warmup-years', '3', '--workers', '2'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a municipality of one\'s own: init, fill the tables, fit, compare', () => {
  it('works end to end, and everything init writes validates as written', async () => {
    const dir = tmp('eigen');
    dirs.push(dir);
    const folder = join(dir, 'voorbeeld');
    const init = await cli(['init', folder]);
    expectNoLeak(init, 'init');
    expect(init.code, init.err).toBe(0);
    for (const f of ['basis.yaml', 'doelen.yaml', 'wijken.csv', 'doelen.csv', 'LEESMIJ.md', 'brede-basisteams.yaml', 'one-stop-shop.yaml', 'geoptimaliseerd-indicatiemodel.yaml']) expect(existsSync(join(folder, f)), f).toBe(true);
    const v0 = await cli(['validate', folder]);
    expect(v0.code, v0.err).toBe(0);
    expect(v0.out).toMatch(/doelen\.yaml: ok \(targets Voorbeeld: 8 required/);
    expect(v0.out).toMatch(/wijken\.csv: ok \(a table read by the files above\)/);

    // Fill the two tables: the wijken of the fictional Rivierstad (CBS's five-year groups), and
    // targets that cite the source the targets file declares.
    writeFileSync(join(folder, 'wijken.csv'), readFileSync(join(RIVIERSTAD, 'wijken.csv')));
    writeFileSync(join(folder, 'doelen.csv'), readFileSync(join(RIVIERSTAD, 'doelen.csv'), 'utf8').replace(/;fictief\r\n/g, ';gemeente\r\n'));
    const v1 = await cli(['validate', folder]);
    expect(v1.code, v1.err).toBe(0);

    const fit = await cli(['fit', '--targets', join(folder, 'doelen.yaml'), '--free', 'swt.staff.fte_per_1000,swt.youth_share', ...SHORT_FIT]);
    expectNoLeak(fit, 'fit');
    expect(fit.code, `${fit.out}\n${fit.err}`).toBe(0);
    expect(fit.out).toMatch(/8 of 8 targets inside/);
    const basis = readFileSync(join(folder, 'basis.yaml'), 'utf8');
    expect(basis).toMatch(/fte_per_1000: \{ value: [\d.]+, unit: fte, source: "fitted to doelen\.yaml, \d{4}-\d{2}-\d{2}" \}/);
    expect(basis).toMatch(/youth_share: \{ value: [\d.]+, unit: share, source: "fitted to doelen\.yaml, \d{4}-\d{2}-\d{2}" \}/);
    // Only the fitted lines changed: the comments and the rest are as init wrote them.
    expect(basis).toContain('# The documents your numbers come from');
    // The fitted baseline still validates, with the designs on it.
    const v2 = await cli(['validate', folder]);
    expect(v2.code, v2.err).toBe(0);

    const designs = ['basis.yaml', 'geoptimaliseerd-indicatiemodel.yaml', 'brede-basisteams.yaml', 'one-stop-shop.yaml'].map((f) => join(folder, f));
    const compare = await cli(['compare', ...designs, '--equal', 'budget', '--reps', '2', '--horizon-years', '1', '--warmup-years', '2', '--workers', '2', '--json']);
    expectNoLeak(compare, 'compare');
    expect(compare.code, compare.err).toBe(0);
    const j = JSON.parse(compare.out) as { scenarios: Record<string, unknown>; equal: { mode: string } };
    expect(j.equal.mode).toBe('budget');
    expect(Object.keys(j.scenarios)).toEqual(['voorbeeld-basis', 'voorbeeld-geoptimaliseerd-indicatiemodel', 'voorbeeld-brede-basisteams', 'voorbeeld-one-stop-shop']);
  }, 600_000);
});

describe('the fictional example municipality Rivierstad', () => {
  it('lies inside every band of its targets, and fit brings a parameter moved away back inside', async () => {
    const dir = tmp('rivierstad');
    dirs.push(dir);
    cpSync(RIVIERSTAD, join(dir, 'rivierstad'), { recursive: true });
    const basis = join(dir, 'rivierstad', 'basis.yaml');
    const text = readFileSync(basis, 'utf8');
    const fitted = /swt:\n  staff:\n    fte_per_1000: \{ value: ([\d.]+), unit: fte, source: "fitted to doelen\.yaml, [\d-]+" \}/.exec(text);
    expect(fitted, 'the shipped basis has a fitted SWT staff').not.toBeNull();
    const value = Number(fitted![1]);
    // Two thirds of the staff: the youth wait leaves its band.
    writeFileSync(basis, text.replace(`fte_per_1000: { value: ${fitted![1]}, unit: fte`, `fte_per_1000: { value: ${+((value * 2) / 3).toFixed(3)}, unit: fte`));
    const targets = join(dir, 'rivierstad', 'doelen.yaml');
    const dry = await cli(['fit', '--targets', targets, '--free', 'swt.staff.fte_per_1000', ...SHORT_FIT, '--max-iterations', '1', '--dry-run', '--json', '--out', join(dir, 'dry')]);
    const before = JSON.parse(dry.out) as { rows: { kpi: string; inside: boolean }[] };
    expect(before.rows.find((r) => r.kpi === 'wait_intake_q3_weeks')?.inside, 'the perturbation moves the wait out of its band').toBe(false);
    // Interrupted and rerun with more iterations: the journal gives the points back, nothing is run twice.
    const again = await cli(['fit', '--targets', targets, '--free', 'swt.staff.fte_per_1000', ...SHORT_FIT, '--max-iterations', '2', '--dry-run', '--json', '--out', join(dir, 'dry')]);
    expect(again.err).toMatch(/resumed: \d+ points came from/);

    const fit = await cli(['fit', '--targets', targets, '--free', 'swt.staff.fte_per_1000', ...SHORT_FIT, '--json']);
    expectNoLeak(fit, 'fit');
    expect(fit.code, fit.err).toBe(0);
    const after = JSON.parse(fit.out) as { rows: { inside: boolean }[]; parameters: { fitted: number }[]; written: boolean };
    expect(after.rows.every((r) => r.inside)).toBe(true);
    expect(after.written).toBe(true);
    // Back near where it was fitted (the band allows a range of staff).
    expect(after.parameters[0]!.fitted).toBeGreaterThan(value * 0.85);
    expect(after.parameters[0]!.fitted).toBeLessThan(value * 1.25);

  }, 600_000);
});

describe('fit is deterministic', () => {
  it('the same means, to the last digit, with 1 and with 2 workers', async () => {
    const dir = tmp('fit-workers');
    dirs.push(dir);
    const args = (w: string) => ['fit', '--targets', join(RIVIERSTAD, 'doelen.yaml'), '--free', 'swt.staff.fte_per_1000', '--reps', '3', '--horizon-years', '1', '--warmup-years', '0.5', '--max-iterations', '1', '--dry-run', '--json', '--workers', w, '--out', join(dir, `w${w}`)];
    const one = await cli(args('1'));
    const two = await cli(args('2'));
    const rows = (r: { out: string }) => (JSON.parse(r.out) as { rows: { kpi: string; fitted: number }[] }).rows.map((x) => [x.kpi, x.fitted]);
    expect(rows(one).length).toBeGreaterThan(3);
    expect(rows(two)).toEqual(rows(one));
  }, 300_000);
});
