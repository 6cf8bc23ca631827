/**
 * The journal of a results folder (runs.jsonl): one finished run per line, each line carrying a
 * hash of its record so a torn or damaged line is detected; and journals read a line at a time,
 * so a results folder of any size is resumed, finished and merged without holding its runs in
 * memory. An index keeps, per run number k, the file, offset and length of its line (14 bytes a
 * run); a run's record is read back when it is needed, a point at a time, in canonical order.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplicationResult } from '../model/outputs.js';
import { toRecord, type Manifest, type RunRecord } from './results.js';

/** A problem with a results folder that the user can fix (wrong folder, other sweep, missing shard). */
export class ResultsError extends Error {
  override name = 'ResultsError';
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function journalLine(r: RunRecord): string {
  const body = JSON.stringify(r);
  return `{"h":"${sha(body).slice(0, 16)}","run":${body}}\n`;
}

/** Which run a result is, and what of it the results folder keeps. */
export interface RecordSpec {
  k: number;
  point: number;
  rep: number;
  /** KPI ids kept (null: all). */
  keep: readonly string[] | null;
  series: boolean;
}

/**
 * The journal line of a finished run: made where the run finished (a worker thread, or this
 * thread), so the thread that writes the journal only writes.
 */
export function recordLine(r: ReplicationResult, s: RecordSpec): string {
  return journalLine(toRecord(s.k, s.point, s.rep, r, s.keep, s.series));
}

/** The record of a journal line (without its newline), or null for a damaged line. */
export function lineRecord(line: string): RunRecord | null {
  const m = /^\{"h":"([0-9a-f]{16})","run":(.*)\}$/.exec(line);
  if (!m || sha(m[2]!).slice(0, 16) !== m[1]) return null;
  return JSON.parse(m[2]!) as RunRecord;
}

/** Parse a journal: good records, and how many lines were dropped (torn or damaged). */
export function parseJournal(text: string): { runs: RunRecord[]; dropped: number } {
  const runs: RunRecord[] = [];
  let dropped = 0;
  const lines = text.split('\n');
  // The last piece is '' after a final newline; anything else was cut off in the middle of a write.
  if (lines.pop() !== '') dropped++;
  for (const line of lines) {
    const r = lineRecord(line);
    if (r === null) dropped++;
    else runs.push(r);
  }
  return { runs, dropped };
}

const CHUNK = 1 << 20;

/**
 * Call `onLine` for every line of a file, with its byte offset and length (without the newline);
 * `complete` is false for a last piece that has no newline (a line cut off by a crash).
 */
export function forEachLine(file: string, onLine: (text: string, offset: number, length: number, complete: boolean) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.alloc(CHUNK);
    let have = 0; // bytes in buf not yet handed out
    let at = 0; // file offset of buf[0]
    for (;;) {
      if (have === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, at + have);
      if (n === 0) break;
      have += n;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0 && nl < have; nl = buf.indexOf(10, start)) {
        onLine(buf.toString('utf8', start, nl), at + start, nl - start, true);
        start = nl + 1;
      }
      buf.copy(buf, 0, start, have);
      have -= start;
      at += start;
    }
    if (have > 0) onLine(buf.toString('utf8', 0, have), at, have, false);
  } finally {
    closeSync(fd);
  }
}

/** Read `length` bytes at `offset` of an open file, as text. */
function readAt(fd: number, offset: number, length: number): string {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) throw new Error(`journal shorter than its index (offset ${offset + got})`);
    got += n;
  }
  return buf.toString('utf8');
}

/**
 * The runs of one or more journals: for each run k of the experiment, where its line is. Lines
 * that are torn or damaged are counted (per file), not indexed; a run found twice must have the
 * same line both times.
 */
export class RunIndex {
  private readonly files: { path: string; name: string; fd: number; dropped: number }[] = [];
  private readonly src: Int16Array;
  private readonly offset: Float64Array;
  private readonly length: Uint32Array;
  private readonly kpis = new Set<string>();
  size = 0;

  constructor(readonly manifest: Manifest) {
    const total = manifest.points.length * manifest.reps;
    this.src = new Int16Array(total).fill(-1);
    this.offset = new Float64Array(total);
    this.length = new Uint32Array(total);
  }

  /**
   * Index a journal (`name` is how errors call its folder). Lines of runs outside this
   * experiment are errors; `keep(k)` false skips a run (another shard's).
   */
  add(path: string, name: string, keep: (k: number) => boolean = () => true): { runs: number; dropped: number } {
    const f = this.files.length;
    if (f >= 0x7fff) throw new Error('RunIndex: too many journals');
    const fd = openSync(path, 'r');
    const entry = { path, name, fd, dropped: 0 };
    this.files.push(entry);
    const m = this.manifest;
    let runs = 0;
    forEachLine(path, (text, offset, length, complete) => {
      const r = complete ? lineRecord(text) : null;
      if (r === null) {
        entry.dropped++;
        return;
      }
      if (r.k < 0 || r.k >= this.src.length || !Number.isInteger(r.k) || r.point !== Math.floor(r.k / m.reps) || r.rep !== r.k % m.reps) {
        throw new ResultsError(`${name}: run ${r.k} (point ${r.point}, replication ${r.rep}) does not belong to these results`);
      }
      if (!keep(r.k)) return;
      runs++;
      const had = this.src[r.k]!;
      if (had >= 0) {
        const before = readAt(this.files[had]!.fd, this.offset[r.k]!, this.length[r.k]!);
        if (before !== text) throw new ResultsError(`run ${r.k} differs between ${this.files[had]!.name} and ${name}`);
        return;
      }
      this.src[r.k] = f;
      this.offset[r.k] = offset;
      this.length[r.k] = length;
      this.size++;
      for (const key of Object.keys(r.kpis)) this.kpis.add(key);
    });
    return { runs, dropped: entry.dropped };
  }

  has(k: number): boolean {
    return this.src[k]! >= 0;
  }

  /** The journal line of run k (without the newline). */
  line(k: number): string {
    const f = this.src[k]!;
    if (f < 0) throw new Error(`RunIndex: run ${k} is not indexed`);
    return readAt(this.files[f]!.fd, this.offset[k]!, this.length[k]!);
  }

  record(k: number): RunRecord {
    return lineRecord(this.line(k))!;
  }

  /** The KPI ids of all indexed runs, sorted. */
  kpiKeys(): string[] {
    return [...this.kpis].sort();
  }

  /** The runs of `ks` that are not indexed. */
  missing(ks: Iterable<number>): number[] {
    const out: number[] = [];
    for (const k of ks) if (!this.has(k)) out.push(k);
    return out;
  }

  close(): void {
    for (const f of this.files) if (f.fd >= 0) closeSync(f.fd);
    for (const f of this.files) f.fd = -1;
  }
}

/** Buffered appends to a file, in chunks of about a megabyte. */
class Appender {
  private parts: string[] = [];
  private size = 0;
  readonly fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    const buf = Buffer.from(this.parts.join(''));
    let at = 0;
    while (at < buf.length) {
      const n = writeSync(this.fd, buf, at);
      // A short write is a full disk.
      if (n <= 0) throw Object.assign(new Error('ENOSPC: short write'), { code: 'ENOSPC' });
      at += n;
    }
    this.parts = [];
    this.size = 0;
  }
  close(sync: boolean): void {
    this.flush();
    if (sync) fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/**
 * Write files into `dir` through temporary names (`<name>.tmp-<pid>`), then rename them all:
 * either every file is replaced, or (on an error) none is and no temporary file stays. Text goes
 * through `out`; a file that the caller writes itself gets its temporary path from `claim`.
 * Files named in `synced` are synced before the rename. An error of the file system is passed
 * through `mapError` with the file it concerns.
 */
export function writeFilesAtomically(
  dir: string,
  write: (out: (file: string, text: string) => void, claim: (file: string) => string) => void,
  synced: readonly string[] = [],
  mapError: (file: string, e: unknown) => unknown = (_f, e) => e,
): string[] {
  const open = new Map<string, Appender>();
  const claimed = new Map<string, string>();
  const tmp = (file: string) => join(dir, `${file}.tmp-${process.pid}`);
  let current = dir;
  try {
    write(
      (file, text) => {
        current = join(dir, file);
        let a = open.get(file);
        if (!a) open.set(file, (a = new Appender(tmp(file))));
        a.write(text);
      },
      (file) => {
        current = join(dir, file);
        claimed.set(file, tmp(file));
        return tmp(file);
      },
    );
    for (const [file, a] of open) {
      current = join(dir, file);
      a.close(synced.includes(file));
    }
    for (const [file, path] of [...[...open].map(([f, a]) => [f, a.path] as const), ...claimed]) {
      current = join(dir, file);
      renameSync(path, join(dir, file));
    }
  } catch (e) {
    for (const a of open.values()) {
      try {
        closeSync(a.fd);
      } catch {
        // already closed
      }
      rmSync(a.path, { force: true });
    }
    for (const path of claimed.values()) rmSync(path, { force: true });
    throw mapError(current, e);
  }
  return [...open.keys(), ...claimed.keys()];
}

/** The journal in canonical order (the runs `ks`, ascending), from the index, to `out`. */
export function writeJournal(index: RunIndex, ks: Iterable<number>, out: (text: string) => void): void {
  for (const k of ks) out(index.line(k) + '\n');
}
