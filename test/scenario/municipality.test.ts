/**
 * A municipality as data: tables as Dutch Excel writes them, youths per wijk and age band, the
 * inflow per 1000 youths, staff per wijk, demography, and sources of its own.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvNumber, CsvError, parseCsv } from '../../src/scenario/csv.js';
import { ageColumn, wijkenFromTable } from '../../src/scenario/tables.js';
import { loadScenario, ScenarioError } from '../../src/scenario/load.js';
import { runReplication } from '../../src/model/model.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';

const root = join(import.meta.dirname, '..', '..');
const generic = JSON.stringify(join(root, 'model', 'generiek.yaml'));
const dir = mkdtempSync(join(tmpdir(), 'ketensim-municipality-'));

/** A small municipality extending the generic model: its wijken from `table`, staff and rates of its own. */
function municipality(name: string, table: string, extra = '', vindplaats = 'per_1000: { value: 30, unit: per_1000_per_year, source: aanname }'): string {
  writeFileSync(join(dir, `${name}.csv`), table);
  const rates = ['consultatiebureau', 'kinderopvang', 'school', 'ouders', 'huisarts', 'medisch_specialist', 'veiligheid'].map((v) => `    ${v}:\n      ${vindplaats}\n`).join('');
  const staff = (fte: number) => `  staff:\n    fte: { value: ${fte}, unit: fte, source: aanname }\n`;
  const text =
    `extends: ${generic}\nname: ${name}\ntitle: ${name}\nsources:\n  cbs: "CBS StatLine 03759ned, 1 januari 2024"\n` +
    `population:\n  wijken: { table: ${name}.csv, source: cbs }\n` +
    `inflow:\n  wmo_rate: { value: 800, unit: per_year, source: aanname }\n  vindplaatsen:\n${rates}` +
    `poh_jeugd:\n${staff(0.5)}eerste_lijn:\n${staff(3)}swt:\n${staff(30)}  youth_share: { value: 0.44, unit: share, source: aanname }\nivh:\n${staff(2)}` +
    `care:\n${['1', '2', '3', '4'].map((l) => `  "${l}":\n    staff:\n      fte: { value: ${[15, 60, 70, 120][Number(l) - 1]}, unit: fte, source: aanname }\n`).join('')}` +
    extra;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const DUTCH = '\uFEFFwijk;0 tot 5 jaar;5 tot 10 jaar;10 tot 15 jaar;15 tot 20 jaar;20 tot 25 jaar\r\nNoord;1.250;1.100;1.000;900;1.000\r\nZuid;500;600;700;800;500\r\n';

describe('CSV as Dutch Excel writes it', () => {
  it('semicolons, decimal commas, a byte-order mark, CRLF and quotes', () => {
    const t = parseCsv('\uFEFFwijk;aantal\r\n"Oost; centrum";1.234,5\r\nWest;12\r\n\r\n');
    expect(t.dialect).toBe('nl');
    expect(t.header).toEqual(['wijk', 'aantal']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['Oost; centrum', '1.234,5'],
      ['West', '12'],
    ]);
    expect(csvNumber('1.234,5', 'nl')).toBe(1234.5);
    expect(csvNumber('12,5', 'nl')).toBe(12.5);
    // A dot that is no thousands separator is refused in a Dutch file, not guessed.
    expect(csvNumber('1.5', 'nl')).toBeUndefined();
    expect(csvNumber('1,5', 'intl')).toBeUndefined();
    expect(csvNumber('1.5', 'intl')).toBe(1.5);
  });

  it('a row with too few cells, an unclosed quote, a repeated column: errors with the line', () => {
    expect(() => parseCsv('a;b\n1;2\n3\n')).toThrow(/line 3: expected 2 cells \(as the header\), separated by ';', found 1 cells/);
    expect(() => parseCsv('a;b\n"1;2\n')).toThrow(CsvError);
    expect(() => parseCsv('a;A\n1;2\n')).toThrow(/a column name used once, found 'A' twice/);
    expect(() => parseCsv('')).toThrow(/an empty file/);
  });

  it('age columns: a-b and CBS "a tot b jaar" are the ages from a up to b', () => {
    expect(ageColumn('0-4')).toEqual([0, 4]);
    expect(ageColumn('0 tot 5 jaar')).toEqual([0, 5]);
    expect(ageColumn('17')).toEqual([17, 18]);
    expect(ageColumn('Noord')).toBeUndefined();
  });

  it('columns written as inclusive ranges (0-4, 5-9) leave gaps and are refused with the convention', () => {
    const r = wijkenFromTable(parseCsv('wijk;0-4;5-9;10-19\nA;1;2;3\n'), 'aanname');
    expect('problems' in r && r.problems[0]!.found).toMatch(/no column for the ages 4 up to 5, before '5-9'/);
    expect('problems' in r && r.problems[0]!.expected).toMatch(/'0-4' means the ages from 0 up to 4/);
  });

  it('CBS five-year columns are split over the model bands by their years', () => {
    const r = wijkenFromTable(parseCsv(DUTCH), 'cbs');
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    const noord = r.wijken[0] as { name: string; youth: Record<string, { value: number }> };
    expect(noord.name).toBe('Noord');
    // 0-4: 4/5 of 1250; 4-7: 1/5 of 1250 + 2/5 of 1100; 12-18: 3/5 of 1000 + 3/5 of 900; 18-23: 2/5 of 900 + 3/5 of 1000.
    expect(noord.youth['0-4']!.value).toBeCloseTo(1000, 6);
    expect(noord.youth['4-7']!.value).toBeCloseTo(250 + 440, 6);
    expect(noord.youth['12-18']!.value).toBeCloseTo(600 + 540, 6);
    expect(noord.youth['18-23']!.value).toBeCloseTo(360 + 600, 6);
  });
});

describe('a municipality from its tables', () => {
  it('youths per wijk give the totals and shares; a rate per 1000 youths gives the inflow', () => {
    const file = municipality('klein', DUTCH);
    const { scenario: s, tables } = loadScenario(file);
    expect(tables).toHaveLength(1);
    const noord0_18 = 1000 + 690 + 1100 * 0.6 + 1000 * 0.4 + 1140; // 0-4, 4-7, 7-12, 12-18
    const zuid0_18 = 400 + 100 + 240 + 360 + 280 + 420 + 480;
    expect(s.population.youth.value).toBeCloseTo(noord0_18 + zuid0_18, 6);
    expect(s.population.youth.derived).toBeDefined();
    expect(s.population.wijken[0]!.share.value).toBeCloseTo(noord0_18 / (noord0_18 + zuid0_18), 9);
    expect(s.population.youth_0_23.value).toBeCloseTo(noord0_18 + zuid0_18 + 960 + 320 + 300, 6);
    // The consultatiebureau sees the youths aged 0-4: 30 a year per 1000 of them.
    const cb = s.inflow.vindplaatsen.consultatiebureau!;
    expect(cb.rate.value * WEEKS_PER_YEAR).toBeCloseTo((30 * (1000 + 400)) / 1000, 6);
    expect(cb.rate.derived).toMatch(/per_1000/);
  });

  it('more youths in a wijk bring more intakes from that wijk', () => {
    const file = municipality('scheef', 'wijk;0-4;4-7;7-12;12-18;18-23\nGroot;3000;2000;3000;3000;2000\nKlein;300;200;300;300;200\n');
    const { scenario } = loadScenario(file);
    const r = runReplication(scenario, { seed: 3, replication: 0, warmupWeeks: 10, horizonWeeks: 104 });
    const groot = r.perWijk.Groot!.intakes!;
    const klein = r.perWijk.Klein!.intakes!;
    // Ten times the youths: about ten times the intakes at the toegang.
    expect(groot / klein).toBeGreaterThan(6);
    expect(groot / klein).toBeLessThan(16);
  });

  it('a staff weight per wijk splits every team; shares of the youths do without', () => {
    const file = municipality('personeel', 'wijk;0-4;4-7;7-12;12-18;18-23;personeel\nA;1000;1000;1000;1000;800;3\nB;1000;1000;1000;1000;800;1\n');
    const { scenario: s } = loadScenario(file);
    expect(s.population.wijken.map((w) => w.staff_share!.value)).toEqual([0.75, 0.25]);
    expect(s.population.wijken.map((w) => w.share.value)).toEqual([0.5, 0.5]);
  });

  it('errors name the table, its line and column, and the field that reads it', () => {
    const file = municipality('fout', 'wijk;0-4;4-7;7-12;12-18\nA;100;1x0;100;100\n');
    try {
      loadScenario(file);
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).issues[0]!.text).toMatch(/fout\.csv:2: column '4-7': expected a number of youths \(a number with a decimal comma.*found '1x0' \(population\.wijken\.table of .*fout\.yaml\)/);
    }
    const missing = join(dir, 'geen-tabel.yaml');
    writeFileSync(missing, `extends: ${generic}\npopulation:\n  wijken: { table: nergens.csv, source: aanname }\n`);
    expect(() => loadScenario(missing)).toThrow(/population\.wijken\.table: expected an existing CSV table, found no file at .*nergens\.csv/);
  });

  it('a rate per 1000 youths needs youths per wijk; a rate and a per_1000 in one file are refused', () => {
    const shares = municipality('aandelen', 'wijk;0-4;4-7;7-12;12-18\nA;1;1;1;1\n');
    writeFileSync(
      shares,
      `extends: ${JSON.stringify(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))}\ninflow:\n  vindplaatsen:\n    school:\n      per_1000: { value: 30, unit: per_1000_per_year, source: aanname }\n`,
    );
    // The file that writes per_1000 replaces the rate it extends, and then has no youths to apply it to.
    expect(() => loadScenario(shares)).toThrow(/inflow\.vindplaatsen\.school\.per_1000: expected youths per age band in every wijk/);
    const both = municipality('beide', 'wijk;0-4;4-7;7-12;12-18\nA;1;1;1;1\n', '', 'rate: { value: 100, unit: per_year, source: aanname }\n      per_1000: { value: 30, unit: per_1000_per_year, source: aanname }');
    expect(() => loadScenario(both)).toThrow(/inflow\.vindplaatsen\.school\.rate: expected per_1000 or rate, not both/);
  });

  it('a source of its own must be declared; a declared one is accepted', () => {
    const file = municipality('bron', DUTCH, 'dynamics:\n  max_episodes: { value: 4, unit: count, source: "gemeente: jaarverslag 2023" }\n');
    expect(() => loadScenario(file)).toThrow(/dynamics\.max_episodes\.source: expected .*declared under sources: \(cbs\), found 'gemeente: jaarverslag 2023'/);
    const ok = municipality('bron2', DUTCH, 'dynamics:\n  max_episodes: { value: 4, unit: count, source: "cbs: tabel 03759ned" }\n');
    expect(loadScenario(ok).scenario.dynamics.max_episodes.aanname).toBe(false);
  });

  it('demography: a growing age band brings more inflow from its vindplaatsen, from the start of the observed period', () => {
    const table = 'wijk;0-4;4-7;7-12;12-18;18-23\nA;2000;2000;2000;2000;1500\n';
    const still = loadScenario(municipality('stil', table)).scenario;
    const growing = loadScenario(municipality('groei', table, 'simulation:\n  warmup: { value: 0, unit: years, source: aanname }\n')).scenario;
    const grown = { ...growing, population: { ...growing.population, change_per_year: { '0-4': { ...growing.inflow.growth_per_year, value: 0.1, written: { value: 0.1, unit: 'share' } } } } };
    const opts = { seed: 5, replication: 0, warmupWeeks: 0, horizonWeeks: 5 * WEEKS_PER_YEAR };
    const a = runReplication({ ...still, simulation: grown.simulation }, opts);
    const b = runReplication(grown, opts);
    // Only the 0-4 band grows (10% a year): the consultatiebureau's inflow over five years rises by about 22% on average.
    const from = (r: typeof a, v: string) => Object.entries(r.flows).reduce((x, [k, n]) => (k.startsWith(`vindplaats:${v} ->`) ? x + n : x), 0);
    const cbA = from(a, 'consultatiebureau');
    const cbB = from(b, 'consultatiebureau');
    expect(cbB / cbA).toBeGreaterThan(1.1);
    expect(cbB / cbA).toBeLessThan(1.4);
    // The school sees no youths aged 0-4: its inflow is unchanged by that band (common random numbers).
    expect(from(b, 'school')).toBe(from(a, 'school'));
  });
});
