import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { forEachLine, journalLine, RunIndex } from '../src/experiment/journal-file.js';
import { JOURNAL, readResults } from '../src/experiment/journal.js';
import { resultFiles, type Manifest, type RunRecord } from '../src/experiment/results.js';
import { loadSweep } from '../src/experiment/sweep-load.js';

const ROOT = resolve(__dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'ketensim-journal-'));

describe('journals read a line at a time', () => {
  it('gives every line with its offset and length, across buffer ends and for lines longer than the buffer, and marks a torn last line', () => {
    const dir = tmp();
    const lines = ['a', 'é'.repeat(700_000), '', 'x'.repeat(3_000_000), 'last'];
    const text = lines.slice(0, -1).map((l) => l + '\n').join('') + 'tor';
    writeFileSync(join(dir, 'f'), text);
    const seen: [string, number, number, boolean][] = [];
    forEachLine(join(dir, 'f'), (t, offset, length, complete) => seen.push([t, offset, length, complete]));
    expect(seen.map((s) => s[0])).toEqual([...lines.slice(0, -1), 'tor']);
    expect(seen.map((s) => s[3])).toEqual([true, true, true, true, false]);
    const bytes = Buffer.from(text);
    for (const [t, offset, length] of seen) expect(bytes.subarray(offset, offset + length).toString('utf8')).toBe(t);
  });

  it('an index finds each run, skips damaged lines, and refuses a run that differs between two journals', () => {
    const dir = tmp();
    const m = { points: [{ id: 0 }, { id: 1 }], reps: 2 } as unknown as Manifest;
    const rec = (k: number, v = k): RunRecord => ({ k, point: Math.floor(k / 2), rep: k % 2, kpis: { b: v, a: null }, flows: {}, counts: { arrived: 1, exited: 1, inSystem: 0, arrivedObserved: 1 } });
    writeFileSync(join(dir, 'one'), journalLine(rec(2)) + journalLine(rec(0)).replace('"b":0', '"b":9') + journalLine(rec(1)) + journalLine(rec(3)).slice(0, 10));
    writeFileSync(join(dir, 'two'), journalLine(rec(1)) + journalLine(rec(0)));
    writeFileSync(join(dir, 'three'), journalLine(rec(2, 5)));
    const index = new RunIndex(m);
    expect(index.add(join(dir, 'one'), 'one')).toEqual({ runs: 2, dropped: 2 });
    expect(index.add(join(dir, 'two'), 'two')).toEqual({ runs: 2, dropped: 0 });
    expect(index.size).toBe(3);
    expect(index.missing([0, 1, 2, 3])).toEqual([3]);
    expect(index.record(2)).toEqual(rec(2));
    expect(index.line(0) + '\n').toBe(journalLine(rec(0)));
    expect(index.kpiKeys()).toEqual(['a', 'b']);
    expect(() => index.add(join(dir, 'three'), 'three')).toThrow(/run 2 differs between one and three/);
    index.close();
  });
});

describe('a finished folder', () => {
  it('holds, file by file, what resultFiles makes from the runs in memory', async () => {
    const dir = join(tmp(), 'out');
    const plan = sweepPlan(loadSweep(join(ROOT, 'test/fixtures/sweep-small.yaml')));
    await runExperiment(plan, { workers: 1, dir, hold: false });
    const { manifest, runs } = readResults(dir);
    const files = resultFiles(manifest, runs, manifest.csv);
    expect(Object.keys(files)).toEqual(['tidy.csv', 'summary.csv', 'summary.json', 'flows.csv', 'timeseries.csv']);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dir, name), 'utf8'), name).toBe(text);
    expect(readdirSync(dir).sort()).toEqual(['flows.csv', 'manifest.json', JOURNAL, 'summary.csv', 'summary.json', 'tidy.csv', 'timeseries.csv']);
  });
});
