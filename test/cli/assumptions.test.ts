/**
 * The uncertainty from the assumptions next to the simulation's CI (issue 22.3), on the command
 * line: `compare --assumptions DIR` shows each KPI's p10-p90 over a sensitivity run's sample,
 * labelled apart; with --out it keeps them beside the results, and `ketensim report` of that
 * folder shows them in its tables. Bad input gets a message that names the file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectNoLeak, tmp } from '../faults/harness.js';

const ROOT = resolve(__dirname, '..', '..');
const A = join(ROOT, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml');
const B = join(ROOT, 'scenarios', 'brede-basisteams.yaml');
const SHORT = ['--reps', '2', '--horizon-years', '0.5', '--warmup-years', '0.25', '--workers', '1'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A sensitivity folder as `ketensim sensitivity --out` leaves it, with the ranges given (no other scenario). */
function sensitivityFolder(dir: string, bands: unknown): string {
  const s = join(dir, 'gevoeligheid');
  mkdirSync(s, { recursive: true });
  writeFileSync(join(s, 'sensitivity.json'), JSON.stringify({ bands }));
  return s;
}

describe('compare --assumptions', () => {
  it('shows the range next to the CI, keeps it beside the results, and the report shows it labelled apart', async () => {
    const dir = tmp('assumptions');
    dirs.push(dir);
    const sens = sensitivityFolder(dir, { 'nijmegen-2019-indicatiemodel': { wait_intake_weeks: { p10: 1.5, p90: 9.25 }, cost_total_meur: { p10: 30, p90: 41 } }, other: { wait_intake_weeks: { p10: 0, p90: 1 } } });
    const out = join(dir, 'uit');
    const r = await cli(['compare', A, B, ...SHORT, '--assumptions', sens, '--out', out]);
    expectNoLeak(r, 'compare');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/assumptions 1\.50-9\.25/);
    expect(r.out).toMatch(/assumptions p10-p90: the range over the sensitivity sample/);
    // The design the sensitivity run did not include: said, not silently left blank.
    expect(r.err).toMatch(/warning: option --assumptions .*: no ranges for brede-basisteams/);
    const kept = JSON.parse(readFileSync(join(out, 'assumption-bands.json'), 'utf8'));
    expect(kept).toEqual({ source: sens, bands: { 'nijmegen-2019-indicatiemodel': { wait_intake_weeks: { p10: 1.5, p90: 9.25 }, cost_total_meur: { p10: 30, p90: 41 } } } });
    const rep = await cli(['report', out]);
    expect(rep.code, rep.err).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<div class="band">aannames 1,50 – 9,25</div>');
    expect(html).toContain('<div class="band">aannames 30,0 – 41,0</div>');
    expect(html).toMatch(/95%-betrouwbaarheidsinterval, de ruis van de simulatie\. Aannames p10–p90: .*de onzekerheid in de aannames/);
    // Only the ranges given, the other design has none: the wait once, the cost in both tables (outcomes; staff and money).
    expect(html.match(/class="band"/g)).toHaveLength(3);
    const en = await cli(['report', out, '--lang', 'en', '--out', join(dir, 'report-en.html')]);
    expect(en.code, en.err).toBe(0);
    expect(readFileSync(join(dir, 'report-en.html'), 'utf8')).toContain('<div class="band">assumptions 1.50 – 9.25</div>');
  });

  it('refuses a sensitivity.json without ranges, and a damaged assumption-bands.json, naming the file', async () => {
    const dir = tmp('assumptions-bad');
    dirs.push(dir);
    const sens = sensitivityFolder(dir, { 'nijmegen-2019-indicatiemodel': { wait_intake_weeks: { p10: 'laag', p90: 9 } } });
    const bad = await cli(['compare', A, ...SHORT, '--assumptions', sens]);
    expectNoLeak(bad, 'compare');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/option --assumptions .*gevoeligheid: expected the folder of a ketensim sensitivity run, found a sensitivity\.json whose bands\.nijmegen-2019-indicatiemodel\.wait_intake_weeks\.p10: expected a number, found "laag"/);
    const out = join(dir, 'uit');
    const ok = await cli(['compare', A, ...SHORT, '--out', out]);
    expect(ok.code, ok.err).toBe(0);
    expect(existsSync(join(out, 'assumption-bands.json'))).toBe(false);
    for (const text of ['{ not json', JSON.stringify({ source: 'x', bands: [1, 2] })]) {
      writeFileSync(join(out, 'assumption-bands.json'), text);
      const rep = await cli(['report', out, '--out', join(dir, 'r.html')]);
      expectNoLeak(rep, 'report');
      expect(rep.code).not.toBe(0);
      expect(rep.err).toMatch(/assumption-bands\.json: (expected the JSON .*found text that is not JSON|bands: expected a mapping of scenarios, found a list); rerun the comparison with --assumptions, or remove the file/);
      expect(existsSync(join(dir, 'r.html'))).toBe(false);
    }
  });

  it('holds the ranges back where they do not apply: equal budget, another horizon; a folder run again without them loses them', async () => {
    const dir = tmp('assumptions-apply');
    dirs.push(dir);
    const ranges = { 'nijmegen-2019-indicatiemodel': { wait_intake_weeks: { p10: 1.5, p90: 9.25 } } };
    const sens = sensitivityFolder(dir, ranges);
    const equal = await cli(['compare', A, B, ...SHORT, '--equal', 'staff', '--assumptions', sens]);
    expect(equal.code, equal.err).toBe(0);
    expect(equal.err).toMatch(/warning: option --assumptions: the ranges were computed for the designs as designed, not with --equal staff/);
    expect(equal.out).not.toMatch(/assumptions \d/);
    // A sensitivity run that says its horizon: another horizon here shows no ranges, the same one does.
    writeFileSync(join(sens, 'sensitivity.json'), JSON.stringify({ weeks: { horizonWeeks: 52.17857142857143, warmupWeeks: 13.044642857142858 }, bands: ranges }));
    const other = await cli(['compare', A, ...SHORT, '--assumptions', sens]);
    expect(other.code, other.err).toBe(0);
    expect(other.err).toMatch(/the ranges were computed with --warmup-years 0\.25, --horizon-years 1\.00, this comparison runs with --warmup-years 0\.25, --horizon-years 0\.50; only the 95% CI is shown/);
    expect(other.out).not.toMatch(/assumptions \d/);
    const same = await cli(['compare', A, '--reps', '2', '--horizon-years', '1', '--warmup-years', '0.25', '--workers', '1', '--assumptions', sens]);
    expect(same.code, same.err).toBe(0);
    expect(same.out).toMatch(/assumptions 1\.50-9\.25/);
    // Run again into the same folder without --assumptions: the report shows no ranges.
    const out = join(dir, 'uit');
    expect((await cli(['compare', A, ...SHORT, '--assumptions', sensitivityFolder(join(dir, 'b'), ranges), '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'assumption-bands.json'))).toBe(true);
    const again = await cli(['compare', A, ...SHORT, '--out', out]);
    expect(again.code, again.err).toBe(0);
    expect(existsSync(join(out, 'assumption-bands.json'))).toBe(false);
    expect((await cli(['report', out])).code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain('class="band"');
  });
});
