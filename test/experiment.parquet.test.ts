/**
 * tidy.parquet: read back with DuckDB (the line docs/experiments.md gives), it holds exactly the
 * rows of tidy.csv; its bytes do not depend on workers or shards; nulls and several row groups
 * survive the trip.
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parquetOption, PARQUET_FROM_RUNS } from '../src/cli/experiment-commands.js';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { mergeResults } from '../src/experiment/journal.js';
import { ROWS_PER_GROUP, TidyParquet } from '../src/experiment/parquet.js';
import type { Manifest } from '../src/experiment/results.js';
import { loadSweep } from '../src/experiment/sweep-load.js';

const ROOT = resolve(__dirname, '..');
const SWEEP = join(ROOT, 'test/fixtures/sweep-small.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'ketensim-parquet-'));

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await DuckDBConnection.create();
});
afterAll(() => duck.closeSync());

/** Every row of a Parquet file, through DuckDB's one-line read. */
async function duckRows(file: string): Promise<Record<string, unknown>[]> {
  const reader = await duck.runAndReadAll(`SELECT * FROM '${file.replace(/'/g, "''")}'`);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

async function duckTypes(file: string): Promise<string[]> {
  const reader = await duck.runAndReadAll(`DESCRIBE SELECT * FROM '${file.replace(/'/g, "''")}'`);
  return (reader.getRowObjectsJS() as { column_name: string; column_type: string }[]).map((c) => `${c.column_name} ${c.column_type}`);
}

describe('tidy.parquet', () => {
  it('sweep --format parquet: DuckDB reads the same rows as tidy.csv, with types', async () => {
    const out = join(tmp(), 'out');
    const err: string[] = [];
    const code = await main(['sweep', SWEEP, '--out', out, '--workers', '2', '--csv', 'intl', '--format', 'parquet'], { out: () => {}, err: (s) => err.push(s) });
    expect(code, err.join('\n')).toBe(0);
    expect(err.join('\n')).toMatch(/wrote .*tidy\.parquet/);
    const file = join(out, 'tidy.parquet');
    expect(await duckTypes(file)).toEqual([
      'scenario VARCHAR',
      'point INTEGER',
      'swt.staff.fte DOUBLE',
      'dynamics.deterioration_per_week DOUBLE',
      'replication INTEGER',
      'kpi VARCHAR',
      'value DOUBLE',
    ]);
    const [head, ...lines] = readFileSync(join(out, 'tidy.csv'), 'utf8').trimEnd().split('\r\n');
    const cols = head!.split(',');
    const text = new Set(['scenario', 'kpi']);
    const csv = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, text.has(cols[i]!) ? v : v === '' ? null : Number(v)])));
    const rows = await duckRows(file);
    expect(rows).toHaveLength(csv.length);
    expect(rows).toEqual(csv);
  });

  it('has the same bytes from 1 or 2 workers and from merged shards', async () => {
    const dir = tmp();
    const sweep = loadSweep(SWEEP);
    await runExperiment(sweepPlan(sweep, { parquet: true }), { workers: 2, dir: join(dir, 'two'), hold: false });
    await runExperiment(sweepPlan(sweep, { parquet: true }), { workers: 1, dir: join(dir, 'one'), hold: false });
    for (const index of [0, 1, 2]) await runExperiment(sweepPlan(sweep, { parquet: true, shard: { index, count: 3 } }), { workers: 1, dir: join(dir, `s${index}`), hold: false });
    mergeResults([0, 1, 2].map((i) => join(dir, `s${i}`)), join(dir, 'merged'));
    const bytes = (d: string) => readFileSync(join(dir, d, 'tidy.parquet'));
    expect(bytes('one').equals(bytes('two'))).toBe(true);
    expect(bytes('merged').equals(bytes('two'))).toBe(true);
  });

  it('keeps nulls and spans several row groups', async () => {
    const file = join(tmp(), 't.parquet');
    const m = { parameters: ['a.b'] } as unknown as Manifest;
    const w = new TidyParquet(file, m);
    const n = 2 * ROWS_PER_GROUP + 7;
    for (let i = 0; i < n; i++) w.row(['s', i % 5, i / 8, i % 3, i % 2 ? 'x' : 'y', i % 10 === 0 ? null : i * 0.5]);
    w.finish();
    const r = await duck.runAndReadAll(`SELECT count(*) AS n, count(value) AS v, sum(value) AS s, sum("a.b") AS a FROM '${file}'`);
    const [got] = r.getRowObjectsJS() as { n: bigint; v: bigint; s: number; a: number }[];
    let s = 0;
    let a = 0;
    for (let i = 0; i < n; i++) {
      if (i % 10 !== 0) s += i * 0.5;
      a += i / 8;
    }
    expect(got!.n).toBe(BigInt(n));
    expect(got!.v).toBe(BigInt(n - Math.ceil(n / 10)));
    expect(got!.s).toBeCloseTo(s, 6);
    expect(got!.a).toBeCloseTo(a, 6);
    const last = await duck.runAndReadAll(`SELECT * FROM '${file}' OFFSET ${n - 1}`);
    expect(last.getRowObjectsJS()).toEqual([{ scenario: 's', point: (n - 1) % 5, 'a.b': (n - 1) / 8, replication: (n - 1) % 3, kpi: (n - 1) % 2 ? 'x' : 'y', value: (n - 1) % 10 === 0 ? null : (n - 1) * 0.5 }]);
  });

  it('--format: parquet or csv as asked; without it, parquet from 10,000 runs', () => {
    expect(PARQUET_FROM_RUNS).toBe(10_000);
    expect(parquetOption({}, 9_999)).toBe(false);
    expect(parquetOption({}, 10_000)).toBe(true);
    expect(parquetOption({ format: 'csv' }, 50_000)).toBe(false);
    expect(parquetOption({ format: 'parquet' }, 12)).toBe(true);
    expect(() => parquetOption({ format: 'xlsx' }, 12)).toThrow(/--format: expected csv .* or parquet .*, found 'xlsx'/);
  });
});
