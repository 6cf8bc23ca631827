/**
 * Tables in scenario files: `population.wijken: { table: wijken.csv, source: cbs2024 }` reads the
 * wijken from a CSV table (csv.ts) instead of a list: one row per wijk, its name, its youths in
 * age columns as CBS publishes them, and optionally a weight for its share of the staff. The
 * rows become the list a file would write (each number a parameter with the table's source), so
 * everything after this point (the schema, the derived fields, the model) sees no difference.
 * Reference: docs/tables.md.
 */
import { csvNumber, numberForm, type CsvProblem, type CsvTable } from './csv.js';
import { POPULATION_BANDS, type PopulationBand } from './types.js';

/** The years a model band spans: [from, to). */
const BAND_YEARS: Record<PopulationBand, [number, number]> = { '0-4': [0, 4], '4-7': [4, 7], '7-12': [7, 12], '12-18': [12, 18], '18-23': [18, 23] };

const NAME_COLUMNS = ['wijk', 'naam', 'name'];
const STAFF_COLUMNS = ['personeel', 'staff'];

/**
 * An age column: `a-b` or `a tot b [jaar]` are the ages from a up to (not including) b, the
 * model's convention and CBS's wording ("0 tot 5 jaar"); `a [jaar]` is one year of age.
 */
export function ageColumn(header: string): [number, number] | undefined {
  const h = header.trim().toLowerCase().replace(/\s+/g, ' ');
  const range = /^(\d{1,3}) ?(?:-|–|tot) ?(\d{1,3})(?: jaar)?$/.exec(h);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    return b > a ? [a, b] : undefined;
  }
  const one = /^(\d{1,3})(?: jaar)?$/.exec(h);
  return one ? [Number(one[1]), Number(one[1]) + 1] : undefined;
}

/** The wijken of a table, as a scenario file would list them; or the problems, by line and column. */
export function wijkenFromTable(t: CsvTable, source: string): { wijken: Record<string, unknown>[] } | { problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const lower = t.header.map((h) => h.toLowerCase());
  const nameAt = lower.findIndex((h) => NAME_COLUMNS.includes(h));
  const staffAt = lower.findIndex((h) => STAFF_COLUMNS.includes(h));
  const ages: { at: number; years: [number, number]; header: string }[] = [];
  // A file that is no table of wijken at all is not quoted (it may be any file on the machine).
  if (nameAt < 0 && !t.header.some((h) => ageColumn(h))) {
    return { problems: [{ expected: `a table of the wijken: a column '${NAME_COLUMNS[0]}' and age columns such as '0-4' (docs/tables.md)`, found: `a table of ${t.header.length} column(s) without either` }] };
  }
  t.header.forEach((h, i) => {
    if (i === nameAt || i === staffAt) return;
    const years = ageColumn(h);
    if (years) ages.push({ at: i, years, header: h });
    else {
      problems.push({
        line: 1,
        column: h,
        expected: `a column ${NAME_COLUMNS[0]} (the name of the wijk), age columns such as '0-4' or '0 tot 5 jaar' (youths of those ages), or ${STAFF_COLUMNS[0]} (a weight for the wijk's share of the staff)`,
        found: `the column '${h}'`,
      });
    }
  });
  if (nameAt < 0) problems.push({ line: 1, expected: `a column '${NAME_COLUMNS[0]}' with the names of the wijken`, found: `the columns ${t.header.map((h) => `'${h}'`).join(', ')}` });
  // The age columns join up from age 0 to at least 18 (to 23 for the youths aged 18-23).
  ages.sort((a, b) => a.years[0] - b.years[0]);
  let reach = 0;
  for (const a of ages) {
    if (a.years[0] > reach) {
      problems.push({
        line: 1,
        column: a.header,
        expected: `age columns that join up ('0-4' means the ages from 0 up to 4, so the next column starts at 4; CBS writes '0 tot 5 jaar')`,
        found: `no column for the ages ${reach} up to ${a.years[0]}, before '${a.header}'`,
      });
    } else if (a.years[0] < reach) problems.push({ line: 1, column: a.header, expected: 'age columns that do not overlap', found: `'${a.header}' overlaps the column before it (ages up to ${reach})` });
    reach = Math.max(reach, a.years[1]);
  }
  if (ages.length > 0 && reach < 18) problems.push({ line: 1, expected: 'age columns from 0 up to at least 18 years', found: `columns up to ${reach}` });
  if (ages.length === 0) problems.push({ line: 1, expected: "age columns such as '0-4', '4-7', '7-12', '12-18', '18-23' or CBS's '0 tot 5 jaar'", found: 'none' });
  if (reach > 18 && reach < 23) problems.push({ line: 1, expected: 'age columns that end at 18 or reach 23 (the youths aged 18-23 count for the shares of 003:L808-809)', found: `columns up to ${reach}` });
  if (problems.length > 0) return { problems };

  const bands = POPULATION_BANDS.filter((b) => BAND_YEARS[b][1] <= reach);
  const wijken: Record<string, unknown>[] = [];
  const weights: number[] = [];
  for (const r of t.rows) {
    const name = r.cells[nameAt]!;
    if (name === '') {
      problems.push({ line: r.line, column: t.header[nameAt], expected: 'the name of the wijk', found: 'an empty cell' });
      continue;
    }
    const youth: Record<string, unknown> = {};
    const counts = bands.map(() => 0);
    for (const a of ages) {
      const cell = r.cells[a.at]!;
      const n = csvNumber(cell, t.dialect);
      if (n === undefined || n < 0) {
        problems.push({ line: r.line, column: a.header, expected: `a number of youths (${numberForm(t.dialect)}, at least 0)`, found: cell === '' ? 'an empty cell' : `'${cell.slice(0, 30)}'` });
        continue;
      }
      // A column that spans several model bands is split by its years (youths spread evenly over the ages).
      const [from, to] = a.years;
      bands.forEach((b, i) => {
        const [lo, hi] = BAND_YEARS[b];
        const overlap = Math.max(0, Math.min(hi, to) - Math.max(lo, from));
        counts[i]! += (n * overlap) / (to - from);
      });
    }
    bands.forEach((b, i) => (youth[b] = { value: +counts[i]!.toFixed(6), unit: 'youths', source }));
    const wijk: Record<string, unknown> = { name, youth };
    if (staffAt >= 0) {
      const cell = r.cells[staffAt]!;
      const w = csvNumber(cell, t.dialect);
      if (w === undefined || w < 0) problems.push({ line: r.line, column: t.header[staffAt], expected: `a weight for the wijk's share of the staff (${numberForm(t.dialect)}, at least 0)`, found: cell === '' ? 'an empty cell' : `'${cell.slice(0, 30)}'` });
      else weights.push(w);
    }
    wijken.push(wijk);
  }
  if (t.rows.length === 0) problems.push({ expected: 'a row per wijk', found: 'a header without rows' });
  if (problems.length > 0) return { problems };
  if (staffAt >= 0) {
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return { problems: [{ column: t.header[staffAt], expected: 'weights of the staff with a sum above 0', found: 'a sum of 0' }] };
    wijken.forEach((w, i) => (w.staff_share = { value: weights[i]! / total, unit: 'share', source }));
  }
  return { wijken };
}
