/**
 * Reading tables a municipality keeps in Excel: CSV as Dutch Excel exports it (semicolons,
 * decimal commas, a byte-order mark, CRLF) or as international tools write it (commas, decimal
 * points). The separator is read from the header line: a semicolon there makes it a Dutch file.
 * Numbers are strict, so a number that could be read two ways is an error, not a guess:
 * in a Dutch file `1.234` is a thousands separator only in the full form `1.234` / `12.345,6`,
 * and `1.5` is refused (write `1,5`); in an international file a comma is never a decimal mark.
 * Pure (no file system), shared with the web app.
 */

export interface CsvTable {
  /** The column names of the header line, trimmed. */
  header: string[];
  /** The data rows: each as many cells as the header, trimmed; `line` is the row's line in the file (1-based). */
  rows: { line: number; cells: string[] }[];
  dialect: 'nl' | 'intl';
}

/** A problem in a table, with its line and column where known. */
export interface CsvProblem {
  line?: number;
  column?: string;
  expected: string;
  found: string;
}

export class CsvError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.column ? `column '${p.column}': ` : ''}expected ${p.expected}, found ${p.found}`).join('\n'));
    this.name = 'CsvError';
  }
}

/** The most rows a table may have: a municipality has tens of wijken, not millions. */
export const MAX_TABLE_ROWS = 10_000;

/** Split CSV text into records (RFC 4180 quoting; CRLF, LF or CR line ends), with the line each starts on. */
function records(text: string, sep: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) out.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
    i++;
  }
  if (quoted) throw new CsvError([{ line: start, expected: 'a closing quote (") for the quoted cell', found: 'the end of the file' }]);
  if (cell !== '' || cells.length > 0) endRecord();
  return out;
}

/** Parse a CSV table with a header line. Throws CsvError. */
export function parseCsv(raw: string): CsvTable {
  if (raw.includes('\u0000') || raw.includes('\uFFFD')) throw new CsvError([{ expected: 'a CSV table (UTF-8 text)', found: 'binary data (or text not in UTF-8; save from Excel as "CSV UTF-8")' }]);
  const text = raw.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const sep = firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const recs = records(text, sep);
  if (recs.length === 0) throw new CsvError([{ expected: 'a header line with the column names', found: 'an empty file' }]);
  if (recs.length - 1 > MAX_TABLE_ROWS) throw new CsvError([{ expected: `at most ${MAX_TABLE_ROWS} rows`, found: `${recs.length - 1} rows` }]);
  const header = recs[0]!.cells.map((c) => c.trim());
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') problems.push({ line: recs[0]!.line, expected: 'a name for every column', found: `column ${i + 1} without a name` });
    else if (seen.has(h.toLowerCase())) problems.push({ line: recs[0]!.line, expected: 'a column name used once', found: `'${h}' twice` });
    seen.add(h.toLowerCase());
  });
  const rows: CsvTable['rows'] = [];
  for (const r of recs.slice(1)) {
    // Excel writes trailing empty cells for columns that are empty in every row.
    const cells = r.cells.map((c) => c.trim());
    while (cells.length > header.length && cells.at(-1) === '') cells.pop();
    if (cells.length !== header.length) {
      problems.push({ line: r.line, expected: `${header.length} cells (as the header), separated by '${sep}'`, found: `${cells.length} cells` });
      continue;
    }
    rows.push({ line: r.line, cells });
  }
  if (problems.length > 0) throw new CsvError(problems);
  return { header, rows, dialect: sep === ';' ? 'nl' : 'intl' };
}

const NL_NUMBER = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
const INTL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as written in a table of the given dialect, or undefined when it is not one. */
export function csvNumber(cell: string, dialect: 'nl' | 'intl'): number | undefined {
  const s = cell.replace(/\s/g, '');
  if (dialect === 'nl') {
    if (!NL_NUMBER.test(s)) return undefined;
    return Number(s.replace(/\./g, '').replace(',', '.'));
  }
  return INTL_NUMBER.test(s) ? Number(s) : undefined;
}

/** What a number looks like in the dialect, for messages. */
export const numberForm = (dialect: 'nl' | 'intl'): string => (dialect === 'nl' ? 'a number with a decimal comma (1234 or 1.234 or 12,5)' : 'a number with a decimal point (1234 or 12.5)');
