/**
 * The numbers in docs/ronde-tafel.md are the numbers the app shows (issue 23.6): the start picture
 * (the default comparison at the app's default settings: 20 replications, seed 1, 5 years warm-up and
 * 5 observed), the calibration table, and the measured effects of the levers. Each number is
 * recomputed with the model's own code and must equal what the guide prints, to the decimals it
 * prints. A guide that drifts from the model fails here; `KETENSIM_PRINT_DOC=1` prints the rows as
 * they should read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScenarios, type Comparison } from '../src/experiment/compare.js';
import { DEFAULT_DESIGN_FILES } from '../src/experiment/defaults.js';
import { parsePath } from '../src/experiment/sweep.js';
import { DESIGN_TABLE } from '../src/model/designs.js';
import { loadScenario } from '../src/scenario/load.js';
import { WEEKS_PER_YEAR } from '../src/scenario/param.js';
import { nl } from '../web/src/i18n/nl.js';

const ROOT = join(import.meta.dirname, '..');
const GUIDE = readFileSync(join(ROOT, 'docs', 'ronde-tafel.md'), 'utf8');
const SETTINGS = { seed: 1, horizonWeeks: 5 * WEEKS_PER_YEAR, warmupWeeks: 5 * WEEKS_PER_YEAR };
const PRINT = process.env.KETENSIM_PRINT_DOC === '1';

/** A Dutch number as the guide writes it (decimal comma, true minus sign). */
const num = (t: string): number => Number(t.replace(/\u2212/g, '-').replace(/\./g, '').replace(',', '.'));
const NUMBER = /[−+-]?\d[\d.]*(?:,\d+)?/g;
const decimalsOf = (t: string) => (t.includes(',') ? t.split(',')[1]!.length : 0);
const dutch = (x: number, d: number) => {
  const s = Math.abs(x).toFixed(d).replace('.', ',');
  return `${x < 0 && Number(s.replace(',', '.')) !== 0 ? '\u2212' : ''}${s}`;
};

/** The rows of the markdown table whose header row starts with `| first |`, as cells. */
function table(first: string): string[][] {
  const lines = GUIDE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(start, `a table headed '| ${first} |' in docs/ronde-tafel.md`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim()));
  return rows;
}

/** Every number in `cell` against `values` in order, each rounded to the decimals the guide prints. */
function check(where: string, cell: string, values: number[], problems: string[]): void {
  const found = cell.match(NUMBER) ?? [];
  if (found.length !== values.length) {
    problems.push(`${where}: expected ${values.length} numbers in '${cell}'`);
    return;
  }
  found.forEach((t, i) => {
    const d = decimalsOf(t);
    const shown = dutch(values[i]!, d);
    if (Math.abs(num(t) - num(shown)) > 1e-9) problems.push(`${where}: the guide says ${t}, the model gives ${shown}`);
  });
}

const SHORT = (name: string): string => (nl as Record<string, string>)[`scen.short.${name}`] ?? name;
const toegang = (design: string) => `utilisation.${DESIGN_TABLE[design as keyof typeof DESIGN_TABLE].toegangGroup}`;

describe('docs/ronde-tafel.md shows the numbers the app shows', () => {
  let start: Comparison;
  const files = DEFAULT_DESIGN_FILES.map((f) => join(ROOT, 'scenarios', f));
  const scenarios = files.map((f) => loadScenario(f).scenario);

  it('the start picture: the default comparison, 20 replications, seed 1, 5 + 5 years', async () => {
    start = await compareScenarios(scenarios, { reps: 20, ...SETTINGS }, scenarios[0]!.name, 2);
    const rows = table('kaart');
    const header = rows[0]!.slice(1);
    expect(header).toEqual(scenarios.map((s, i) => (i === 0 ? 'Nijmegen 2019 (basis)' : SHORT(s.name))));
    const KPI: Record<string, string> = {
      'Wachttijd tot eerste gesprek (wk)': 'wait_intake_weeks',
      'Tijd tot passende hulp (wk)': 'time_to_care_weeks',
      'Overdrachten per casus': 'handoffs_per_casus',
      'Kosten per jaar (M€)': 'cost_total_meur',
      'Passende hulp bereikt (%)': 'pct_right_care_reached',
      'Eerste gesprek binnen 14 dagen (%)': 'pct_within_norm',
      'Bezetting van de toegang (%)': 'toegang',
    };
    const problems: string[] = [];
    const printed: string[] = [];
    for (const row of rows.slice(2)) {
      const kpiOf = (i: number) => (KPI[row[0]!] === 'toegang' ? toegang(scenarios[i]!.design) : KPI[row[0]!]);
      expect(KPI[row[0]!], `row '${row[0]}'`).toBeDefined();
      const cells = scenarios.map((s, i) => {
        const k = start.runs[i]!.kpis[kpiOf(i)!]!;
        const d = start.diffs[s.name]?.[kpiOf(i)!];
        const cell = row[i + 1]!;
        const values = [k.mean, ...(cell.includes('BI') ? [k.ciLow, k.ciHigh] : []), ...(cell.includes('Δ') && d ? [d.mean] : [])];
        check(`${row[0]}, ${s.name}`, cell, values, problems);
        return cell;
      });
      printed.push(`| ${row[0]} | ${cells.join(' | ')} |`);
    }
    if (PRINT) console.log(printed.join('\n'));
    expect(problems).toEqual([]);
  }, 300_000);

  it('the calibration table: the same baseline runs, the targets the rows name', () => {
    const base = start.runs[0]!.kpis;
    // A row's KPIs, by the source it cites (the guide's reading of scenarios/nijmegen-2019-doelen.yaml).
    const BY_SOURCE: Record<string, string[]> = {
      '003 r. 665-666': ['wait_intake_q3_weeks', 'wait_intake_q3_weeks', 'wait_intake_q3_weeks', 'wait_intake_wmo_q3_weeks'],
      '003 r. 667-669': ['assessment_weeks'],
      '003 r. 672-673': ['ktg_to_care_weeks'],
      '001 r. 205-239': ['trajectories_per_year'],
      '000 r. 1285-1303': ['mdo_cases_per_year'],
      '003 r. 808-809': ['pct_youth_ambulant', 'pct_youth_verblijf'],
      '004 r. 107-130': ['referrer_share.huisarts', 'referrer_share.toegang'],
    };
    const problems: string[] = [];
    for (const row of table('gemeten in Nijmegen').slice(2)) {
      const kpis = BY_SOURCE[row[1]!];
      expect(kpis, `a known source in '${row.join(' | ')}'`).toBeDefined();
      // The wait row gives mean and CI of the youth wait, then the Wmo wait.
      const values = row[1] === '003 r. 665-666' ? [base[kpis![0]!]!.mean, base[kpis![0]!]!.ciLow, base[kpis![0]!]!.ciHigh, base[kpis![3]!]!.mean] : kpis!.map((k) => base[k]!.mean);
      check(row[0]!, row[2]!, values, problems);
    }
    expect(problems).toEqual([]);
  });

  it('every number in the 30-minute session is one of the checked tables above', () => {
    const section = GUIDE.slice(GUIDE.indexOf('## 3. Korte sessie'), GUIDE.indexOf('\n## 4.'));
    expect(section.length).toBeGreaterThan(500);
    const checked = new Set([...table('kaart'), ...table('gemeten in Nijmegen'), ...table('scenario')].flat().flatMap((c) => c.match(NUMBER) ?? []).map((t) => t.replace(/^[−+-]/, '')));
    // Decimal numbers and percentages: the figures a facilitator reads out (times of the day are not).
    const said = [...section.replace(/```text[\s\S]*?```/, '').matchAll(/(\d+,\d+)|(\d+)%/g)].map((m) => m[1] ?? m[2]!);
    expect(said.length).toBeGreaterThanOrEqual(8);
    expect(said.filter((t) => !checked.has(t))).toEqual([]);
  });

  it('the measured effects of the levers: 10 replications per setting, against the file as it is', async () => {
    const rows = table('scenario').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    const printed: string[] = [];
    // All settings in one comparison (common random numbers; the files as they are ran in the start picture).
    const changed = rows.map((row, r) => {
      const [short, , pathCell, valueCell] = row;
      const i = scenarios.findIndex((s, j) => (j === 0 ? 'Basis 2019' : SHORT(s.name)) === short);
      expect(i, `scenario '${short}'`).toBeGreaterThanOrEqual(0);
      const raw = valueCell!.split(' ')[0]!;
      const s = loadScenario(files[i]!, { overrides: [{ path: parsePath(pathCell!.replace(/`/g, ''))!, value: /^\d/.test(raw) ? num(raw) : raw }] }).scenario;
      return { ...s, name: `${s.name}-${r}` };
    });
    const c = await compareScenarios(changed, { reps: 10, ...SETTINGS }, changed[0]!.name, 2);
    rows.forEach((row, r) => {
      const k = c.runs[r]!.kpis;
      const values = [k.wait_intake_weeks!.mean, k.time_to_care_weeks!.mean, k[toegang(changed[r]!.design)]!.mean, k.cost_total_meur!.mean];
      row.slice(4).forEach((cell, j) => check(`${row[0]} ${row[2]} = ${row[3]}, column ${j + 5}`, cell, [values[j]!], problems));
      printed.push(`| ${row.slice(0, 4).join(' | ')} | ${values.map((v, j) => dutch(v, j === 2 ? 0 : j === 3 ? 1 : 2)).join(' | ')} |`);
    });
    if (PRINT) console.log(printed.join('\n'));
    expect(problems).toEqual([]);
  }, 300_000);
});
