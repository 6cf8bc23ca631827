/**
 * The tidy table as Parquet (tidy.parquet), for analysts who load a large sweep in one line
 * (DuckDB, pandas, R arrow): the rows and columns of tidy.csv, with types instead of text
 * (scenario and kpi as strings, point and replication as 32-bit integers, swept parameters and
 * value as doubles, value null where a KPI had no observations).
 *
 * Written as the rows come, in row groups of ROWS_PER_GROUP, through hyparquet-writer (pure
 * JavaScript, no native code): memory holds one row group, whatever the size of the sweep. The
 * same rows give the same bytes.
 */
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { Manifest } from './results.js';

/** Rows per row group: about 2 MB of column data in memory, and few groups for DuckDB to plan. */
export const ROWS_PER_GROUP = 100_000;

type Cell = string | number | null | undefined;

export class TidyParquet {
  private readonly writer: ParquetWriter;
  private readonly params: number;
  private scenario: string[] = [];
  private point = new Int32Array(ROWS_PER_GROUP);
  private values: Float64Array[] = [];
  private replication = new Int32Array(ROWS_PER_GROUP);
  private kpi: string[] = [];
  private value: (number | null)[] = [];
  private n = 0;
  private readonly names: string[];

  constructor(file: string, m: Manifest) {
    this.params = m.parameters.length;
    this.names = ['scenario', 'point', ...m.parameters, 'replication', 'kpi', 'value'];
    this.values = m.parameters.map(() => new Float64Array(ROWS_PER_GROUP));
    const required = 'REQUIRED' as const;
    this.writer = new ParquetWriter({
      writer: fileWriter(file),
      createdBy: 'ketensim (hyparquet-writer)',
      schema: [
        { name: 'root', num_children: this.names.length },
        { name: 'scenario', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required },
        { name: 'point', type: 'INT32', repetition_type: required },
        ...m.parameters.map((p) => ({ name: p, type: 'DOUBLE' as const, repetition_type: required })),
        { name: 'replication', type: 'INT32', repetition_type: required },
        { name: 'kpi', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required },
        { name: 'value', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      ],
    });
  }

  /** A row as tidy.csv has it: scenario, point, the swept parameters, replication, kpi, value. */
  row(cells: readonly Cell[]): void {
    const n = this.n;
    this.scenario.push(String(cells[0]));
    this.point[n] = Number(cells[1]);
    for (let i = 0; i < this.params; i++) this.values[i]![n] = Number(cells[2 + i]);
    this.replication[n] = Number(cells[2 + this.params]);
    this.kpi.push(String(cells[3 + this.params]));
    const v = cells[4 + this.params];
    this.value.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    if (++this.n === ROWS_PER_GROUP) this.flush();
  }

  private flush(): void {
    const n = this.n;
    if (n === 0) return;
    const data = [this.scenario, this.point.subarray(0, n), ...this.values.map((v) => v.subarray(0, n)), this.replication.subarray(0, n), this.kpi, this.value];
    void this.writer.write({ columnData: this.names.map((name, i) => ({ name, data: data[i]! })), rowGroupSize: n });
    this.scenario = [];
    this.kpi = [];
    this.value = [];
    this.n = 0;
  }

  /** Write the last row group and the footer. */
  finish(): void {
    this.flush();
    void this.writer.finish();
  }
}
