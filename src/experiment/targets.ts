/**
 * Targets files: a municipality's calibration targets as data, next to its scenarios. A targets
 * file names the baseline it belongs to and lists, per KPI, the figure observed, its band and its
 * source, inline or as a table (CSV from Dutch Excel). `ketensim calibrate --targets FILE` checks
 * any municipality; `ketensim fit` fits a baseline to them. Reference: docs/targets.md.
 *
 * A target's band is `low` and `high` as written, or `value` plus or minus `band` (a share): 7.2
 * with band 0.2 is 5.76 to 8.64. A target with `context` is shown but not required (a figure the
 * model expresses but cannot hold together with the others, with the reason).
 */
import { csvNumber, CsvError, numberForm, parseCsv, type CsvProblem } from '../scenario/csv.js';
import { checkSourceCodes } from '../scenario/derive.js';
import { formatPath, Described, arrayOf, dictOf, number, object, optional, string, type Issue } from '../scenario/schema.js';
import { MAX_FILE_BYTES, parseYamlFile, readSource, type ScenarioSource } from '../scenario/parse.js';
import { SOURCE_CODE, SOURCE_PATTERN, type Param } from '../scenario/param.js';
import type { Target } from './calibration.js';
import { isKnownKpi, KPI_LABELS, MORE_KPI_LABELS } from './kpis.js';
import { ALL_KPIS } from '../model/kpis.js';
import { didYouMean } from '../scenario/schema.js';

export class TargetsError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'TargetsError';
  }
}

export interface TargetsFile {
  /** The file as given (displayed). */
  file: string;
  name?: string;
  title: string;
  /** The baseline scenario the targets belong to, resolved against the targets file. */
  baseline: string;
  /** Replications `calibrate` and `fit` use unless told otherwise. */
  replications?: number;
  targets: Target[];
  /** The tables the file reads. */
  tables: string[];
}

const sourceSchema = string({ pattern: SOURCE_PATTERN, patternText: "a seed reference ('003:L665'), text starting with 'aanname', or the code of a source declared under sources:" });

const targetSchema = object({
  kpi: string({ description: 'the KPI (docs/model.md 1.2 lists them)' }),
  label: optional(string({ description: 'what the target is, for people (default: the KPI label)' })),
  value: optional(number({ description: 'the figure observed' })),
  band: optional(number({ min: 0, max: 1, description: 'the band as a share of the value on either side: 0.2 is value -20% to +20%' })),
  low: optional(number({ description: 'the lowest value inside the band' })),
  high: optional(number({ description: 'the highest value inside the band' })),
  observed: optional(string({ description: 'the figure as the source gives it (default: from value and band, or low and high)' })),
  source: sourceSchema,
  context: optional(string({ description: 'shown, not required: why the model cannot hold this figure together with the others' })),
});

const tableRef = object({ table: string({ description: 'a CSV table next to the file, one target per row' }) });

export const targetsSchema = object({
  name: optional(string({ pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'lower-case letters, digits and dashes' })),
  title: string({ description: 'the municipality and year the targets describe' }),
  description: optional(string()),
  baseline: string({ description: 'the baseline scenario file the targets belong to, relative to this file' }),
  replications: optional(number({ min: 2, max: 1000, integer: true, description: 'replications for calibrate and fit (default 20)' })),
  sources: optional(dictOf(string(), { pattern: SOURCE_CODE, patternText: 'lower-case letters, digits, - and _' }, 'the sources the targets cite besides the seeds: code -> the document')),
  targets: { parse: (v, p, i) => (Array.isArray(v) ? arrayOf(targetSchema, { minLength: 1 }).parse(v, p, i) : tableRef.parse(v, p, i)), json: () => ({ oneOf: [arrayOf(targetSchema).json(), tableRef.json()] }) },
});

const TARGETS_KEYS = Object.keys((targetsSchema.json() as { properties: Record<string, unknown> }).properties);

/**
 * Is this text a targets file rather than a scenario or sweep? It lists targets (no scenario or
 * sweep has a top-level `targets:`), so a targets file whose `baseline:` is misspelt still gets
 * the targets file's own message.
 */
export const isTargetsText = (text: string): boolean => /^targets:/m.test(text);

/** Column names of a targets table: the fields of a target, in English or Dutch. */
const COLUMN_ALIASES: Record<string, string> = {
  kpi: 'kpi',
  label: 'label',
  omschrijving: 'label',
  value: 'value',
  waarde: 'value',
  band: 'band',
  marge: 'band',
  low: 'low',
  ondergrens: 'low',
  high: 'high',
  bovengrens: 'high',
  observed: 'observed',
  waargenomen: 'observed',
  source: 'source',
  bron: 'source',
  context: 'context',
  toelichting: 'context',
};
const NUMBER_FIELDS = new Set(['value', 'band', 'low', 'high']);

/** The targets of a CSV table as the file would list them, or the problems by line and column. */
function targetsFromTable(text: string): { rows: Record<string, unknown>[]; lines: number[] } | { problems: CsvProblem[] } {
  let t;
  try {
    t = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { problems: e.problems };
    throw e;
  }
  const problems: CsvProblem[] = [];
  const fields = t.header.map((h) => COLUMN_ALIASES[h.toLowerCase()]);
  // A file that is no table of targets at all is not quoted (it may be any file on the machine).
  if (!fields.includes('kpi')) return { problems: [{ expected: "a table of targets with a column 'kpi' (docs/targets.md)", found: `a table of ${t.header.length} column(s) without one` }] };
  t.header.forEach((h, i) => {
    if (!fields[i]) {
      const guess = didYouMean(h.toLowerCase(), Object.keys(COLUMN_ALIASES));
      problems.push({ line: 1, column: h, expected: `a column among ${Object.keys(COLUMN_ALIASES).join(', ')}`, found: `the column '${h}'${guess ? ` (did you mean '${guess}'?)` : ''}` });
    }
  });
  if (problems.length > 0) return { problems };
  const rows: Record<string, unknown>[] = [];
  for (const r of t.rows) {
    const row: Record<string, unknown> = {};
    r.cells.forEach((cell, i) => {
      const f = fields[i]!;
      if (cell === '') return; // an empty cell: the field is not given
      if (NUMBER_FIELDS.has(f)) {
        // A band may be written as a percentage: 20% is 0.2.
        const pct = f === 'band' && /%\s*$/.test(cell);
        const n = csvNumber(pct ? cell.replace(/%\s*$/, '') : cell, t.dialect);
        if (n === undefined) problems.push({ line: r.line, column: t.header[i], expected: numberForm(t.dialect), found: `'${cell.slice(0, 30)}'` });
        else row[f] = pct ? n / 100 : n;
      } else row[f] = cell;
    });
    rows.push(row);
  }
  if (problems.length > 0) return { problems };
  return { rows, lines: t.rows.map((r) => r.line) };
}

const fmtNumber = (x: number) => String(+x.toPrecision(6));

/**
 * Read and check a targets file (and its table). Throws TargetsError with every problem, each
 * naming the file (or table) and line, the field, what was expected and what was found.
 */
export function loadTargetsFrom(source: ScenarioSource, path: string): TargetsFile {
  const file = source.canonical(path);
  const shown = source.display(file);
  const read = readSource(source, file);
  if ('found' in read) throw new TargetsError([`${shown}: expected a targets file, found ${read.found === 'no file' ? 'no file' : read.found}`]);
  const parsed = parseYamlFile(read.text, 'targets', TARGETS_KEYS);
  if ('problems' in parsed) throw new TargetsError(parsed.problems.map((p) => `${shown}${p.line ? ':' + p.line : ''}: expected ${p.expected}, found ${p.found}`));
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n > 0; n--) {
      const node = parsed.doc.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined;
      if (node?.range) return parsed.lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const text = (i: Issue, where = shown, line = lineOf(i.path)) => `${where}${line ? ':' + line : ''}: ${formatPath(i.path)}: expected ${i.expected}, found ${i.found}${i.hint ? ` (${i.hint})` : ''}`;

  const data = parsed.data;
  const tables: string[] = [];
  // A table of targets: read it into the list the file could have written.
  let fromTable: { shown: string; lines: number[] } | undefined;
  const ref = data.targets;
  if (ref !== null && typeof ref === 'object' && !Array.isArray(ref)) {
    const issues: Issue[] = [];
    const r = tableRef.parse(ref, ['targets'], issues);
    if (!r) throw new TargetsError(issues.map((i) => text(i)));
    const tfile = source.resolve(file, r.table);
    const tshown = source.display(tfile);
    const t = readSource(source, tfile);
    if ('found' in t) throw new TargetsError([`${shown}:${lineOf(['targets', 'table']) ?? ''}: targets.table: expected an existing CSV table, found ${t.found === 'no file' ? `no file at ${tshown}` : t.found}`]);
    if (t.text.length > MAX_FILE_BYTES) throw new TargetsError([`${tshown}: expected a table of at most ${MAX_FILE_BYTES} bytes, found more`]);
    const rows = targetsFromTable(t.text);
    if ('problems' in rows) throw new TargetsError(rows.problems.map((p) => `${tshown}${p.line ? ':' + p.line : ''}: ${p.column ? `column '${p.column}': ` : ''}expected ${p.expected}, found ${p.found} (targets.table of ${shown})`));
    data.targets = rows.rows;
    fromTable = { shown: tshown, lines: rows.lines };
    tables.push(tfile);
  }
  // Problems in a row of the table are told at its line in the table.
  const where = (i: Issue): string => {
    const row = i.path[0] === 'targets' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
    if (fromTable && row !== undefined) return text({ ...i, path: i.path.slice(2) }, fromTable.shown, fromTable.lines[row]);
    return text(i);
  };

  const issues: Issue[] = [];
  const t = targetsSchema.parse(data, [], issues);
  if (!t) throw new TargetsError(issues.filter((i) => i.severity === 'error').map(where));
  const list = t.targets as NonNullable<ReturnType<typeof targetSchema.parse>>[];
  // Sources that cite a declared code cite one the file declares.
  const asParams = { sources: t.sources, targets: list.map((x) => ({ source: x.source, written: {} as Param['written'] })) };
  checkSourceCodes(asParams, issues);
  const targets: Target[] = [];
  const seen = new Set<string>();
  list.forEach((x, i) => {
    const at = (field: string) => ['targets', i, field];
    if (!isKnownKpi(x.kpi)) {
      const guess = didYouMean(x.kpi, ALL_KPIS);
      issues.push({ path: at('kpi'), expected: 'a KPI of the model (docs/model.md 1.2)', found: new Described(`'${x.kpi}'`).text, severity: 'error', ...(guess ? { hint: `did you mean '${guess}'?` } : {}) });
    }
    if (seen.has(x.kpi)) issues.push({ path: at('kpi'), expected: 'each KPI once', found: `'${x.kpi}' again`, severity: 'error' });
    seen.add(x.kpi);
    let low = x.low;
    let high = x.high;
    if (low !== undefined || high !== undefined) {
      if (low === undefined || high === undefined) issues.push({ path: at(low === undefined ? 'low' : 'high'), expected: 'low and high together', found: 'only one of them', severity: 'error' });
      else if (low > high) issues.push({ path: at('low'), expected: `at most high (${high})`, found: String(low), severity: 'error' });
      if (x.band !== undefined) issues.push({ path: at('band'), expected: 'a band or low and high, not both', found: 'both', severity: 'error' });
      if (x.value !== undefined && low !== undefined && high !== undefined && (x.value < low || x.value > high)) issues.push({ path: at('value'), expected: `a value inside low-high (${low}-${high})`, found: String(x.value), severity: 'error' });
    } else if (x.value !== undefined && x.band !== undefined) {
      low = x.value - Math.abs(x.value) * x.band;
      high = x.value + Math.abs(x.value) * x.band;
    } else {
      issues.push({ path: ['targets', i], expected: 'a band: low and high, or value and band (a share: 0.2 is +-20%)', found: x.value !== undefined ? 'a value without band' : 'neither', severity: 'error' });
      return;
    }
    if (low === undefined || high === undefined) return;
    const label = x.label ?? KPI_LABELS[x.kpi]?.en ?? MORE_KPI_LABELS[x.kpi]?.en ?? x.kpi;
    const observed = x.observed ?? (x.value !== undefined && x.band !== undefined ? `${fmtNumber(x.value)} ± ${fmtNumber(100 * x.band)}%` : `${fmtNumber(low)}-${fmtNumber(high)}`);
    targets.push({ kpi: x.kpi, label, low: +low.toPrecision(12), high: +high.toPrecision(12), observed, source: x.source, ...(x.context ? { context: x.context } : {}) });
  });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new TargetsError(errors.map(where));
  return {
    file: shown,
    ...(t.name ? { name: t.name } : {}),
    title: t.title,
    baseline: source.resolve(file, t.baseline),
    ...(t.replications ? { replications: t.replications } : {}),
    targets,
    tables: tables.map(source.display),
  };
}
