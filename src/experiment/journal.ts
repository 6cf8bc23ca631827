/**
 * Results on disk. A results folder holds `manifest.json` (what is being run) and `runs.jsonl`,
 * an append-only journal with one finished run per line, each line carrying a hash of its
 * record so a torn or damaged line is detected. Killed and restarted with the same arguments,
 * an experiment keeps the good lines, drops a torn one and runs only what is missing. When all
 * runs are in, the journal is rewritten in canonical order and the output files are written
 * (each to a temporary name first, then renamed), so a folder is byte-identical whatever the
 * workers, shards or interruptions.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { journalLine, parseJournal, ResultsError, RunIndex, writeFilesAtomically, writeJournal } from './journal-file.js';
import { TidyParquet } from './parquet.js';
import { RESULTS_FORMAT, writeResults, type Manifest, type RunRecord } from './results.js';
import { shardRuns } from './sweep.js';

export { journalLine, parseJournal, ResultsError } from './journal-file.js';

export const MANIFEST = 'manifest.json';
export const JOURNAL = 'runs.jsonl';
/** The tidy table as Parquet, next to tidy.csv when the manifest asks for it. */
export const TIDY_PARQUET = 'tidy.parquet';

/** File-system errors while writing results, in words. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'input/output error',
  EISDIR: 'expected a file, found a folder',
  ENOTDIR: 'expected a folder, found a file',
  ENOTEMPTY: 'expected a file, found a folder',
};

/**
 * A write to `file` failed: a ResultsError naming the file and the cause, and that what was
 * finished is kept (each journal line is synced, a torn one is redone on resume).
 */
export function writeError(file: string, e: unknown): ResultsError | unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code || !WRITE_ERRORS[code]) return e;
  return new ResultsError(`${file}: could not be written (${WRITE_ERRORS[code]}); finished runs are kept: fix this and rerun the same command to resume`);
}

/** Write all of `text` at the file's position; a short write (a full disk) is an ENOSPC. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let at = 0;
  while (at < buf.length) {
    const n = writeSync(fd, buf, at);
    if (n <= 0) throw Object.assign(new Error('ENOSPC: short write'), { code: 'ENOSPC' });
    at += n;
  }
}

/** Write a file whole or not at all: a temporary file, synced, renamed, and the folder synced. No temporary file stays behind on failure. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(file, e);
  }
  syncDir(dirname(file));
}

/** A temporary file this module writes (`<name>.tmp-<pid>`), and the process that wrote it. */
const TMP = /\.tmp-(\d+)$/;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Remove temporary files that a killed process (SIGKILL, power cut) left in `dir`; those of a running process stay. */
export function removeStaleTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = TMP.exec(name);
    if (m && (Number(m[1]) === process.pid || !alive(Number(m[1])))) rmSync(join(dir, name), { force: true, recursive: true });
  }
}

/**
 * Make a results folder (and the folders above it). A recursive mkdir reports a read-only or
 * forbidden parent as ENOENT; the folder is then made step by step, so the error is the real one.
 */
export function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(dir, e);
    const up = dirname(resolve(dir));
    try {
      if (up !== resolve(dir)) makeFolder(up);
      mkdirSync(dir);
    } catch (again) {
      throw again instanceof ResultsError ? again : writeError(dir, again);
    }
  }
}

/** The real path of `p` (links resolved), also when `p` itself does not exist yet. */
export function realPath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const up = dirname(abs);
    return up === abs ? abs : join(realPath(up), basename(abs));
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems (and Windows) cannot sync a folder; the rename is still atomic there.
  }
}

function readManifest(dir: string): Manifest {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ResultsError(`${dir}: expected a results folder, found ${existsSync(dir) ? 'a file' : 'nothing'}`);
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) throw new ResultsError(`${dir}: no ${MANIFEST}; expected a folder written by ketensim run, compare or sweep --out`);
  const st = statSync(file);
  if (!st.isFile()) throw new ResultsError(`${file}: expected a file, found ${st.isDirectory() ? 'a folder' : 'something else'}`);
  // A manifest of the largest sweep is a few MB; more is not ours.
  if (st.size > 256 << 20) throw new ResultsError(`${file}: expected a ketensim manifest, found a file of ${Math.round(st.size / (1 << 20))} MB`);
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
  } catch {
    throw new ResultsError(`${file}: expected JSON, found text that does not parse`);
  }
  const ok =
    typeof m === 'object' && m !== null && m.format === RESULTS_FORMAT && typeof m.fingerprint === 'string' && typeof m.reps === 'number' &&
    Array.isArray(m.points) && Array.isArray(m.bases) && Array.isArray(m.parameters) && typeof m.name === 'string';
  if (!ok) throw new ResultsError(`${file}: expected a ${RESULTS_FORMAT} manifest (format, name, reps, points, bases, parameters, fingerprint), found something else`);
  return m as Manifest;
}

/** The journal of a results folder, or null if it has none; something else in its place is an error. */
function journalOf(dir: string): string | null {
  const jf = join(dir, JOURNAL);
  const st = statSync(jf, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw new ResultsError(`${jf}: expected the journal file of the runs, found ${st.isDirectory() ? 'a folder' : 'something else'}; remove it to start again`);
  return st ? jf : null;
}

/** Read a results folder: its manifest and the good runs of its journal (all in memory: for results of a size to report on). */
export function readResults(dir: string): { manifest: Manifest; runs: RunRecord[]; dropped: number } {
  const manifest = readManifest(dir);
  const jf = journalOf(dir);
  const { runs, dropped } = jf ? parseJournal(readFileSync(jf, 'utf8')) : { runs: [], dropped: 0 };
  return { manifest, runs, dropped };
}

const sameShard = (a: Manifest['shard'], b: Manifest['shard']) => (a?.index ?? -1) === (b?.index ?? -1) && (a?.count ?? 0) === (b?.count ?? 0);

/**
 * Can `dir` receive the results of `manifest`: no folder yet, an empty one, or one holding this
 * very experiment? Throws ResultsError saying why not. `manifestFor` gives the manifest for a
 * number of replications, for a run to precision, whose final count is known only at the end: a
 * folder from an earlier run of it holds another count but the same experiment.
 */
export function checkResultsFolder(dir: string, manifestFor: (reps: number) => Manifest): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new ResultsError(`--out ${dir}: expected a folder, found a file`);
  if (!existsSync(join(dir, MANIFEST))) {
    if (readdirSync(dir).length > 0) throw new ResultsError(`--out ${dir}: expected a new or empty folder (or one from the same experiment), found other files; choose another folder`);
    return;
  }
  const old = readManifest(dir);
  const manifest = manifestFor(old.reps);
  if (old.fingerprint !== manifest.fingerprint || !sameShard(old.shard, manifest.shard)) {
    const why = old.engine !== manifest.engine ? ` run by another JavaScript engine (${old.engine ?? 'unknown'}, this one is ${manifest.engine})` : '';
    throw new ResultsError(
      `${dir} holds results of another experiment (${old.kind} ${old.name}${old.shard ? `, shard ${old.shard.index}/${old.shard.count}` : ''})${why}; ` +
        `use a new --out folder, or remove this one to start again`,
    );
  }
}

/**
 * An open results folder: new, or an interrupted run of the same experiment to resume. Appends
 * each finished run (one write and a data sync per line). Keeps which runs are done, not the
 * runs: the journal holds them.
 */
export class ResultsWriter {
  private fd: number;
  readonly done = new Set<number>();
  readonly resumed: { runs: number; dropped: number };

  constructor(
    readonly dir: string,
    readonly manifest: Manifest,
  ) {
    checkResultsFolder(dir, () => manifest);
    const jf = join(dir, JOURNAL);
    makeFolder(dir);
    try {
      removeStaleTemporaries(dir);
      if (existsSync(join(dir, MANIFEST))) {
        const found = journalOf(dir);
        const index = new RunIndex(manifest);
        try {
          const { dropped } = found ? index.add(found, dir) : { dropped: 0 };
          const total = manifest.points.length * manifest.reps;
          for (let k = 0; k < total; k++) if (index.has(k)) this.done.add(k);
          // Keep only the good lines, so appending starts on a clean line.
          if (dropped > 0 || !found) {
            writeFilesAtomically(dir, (out) => {
              out(JOURNAL, '');
              writeJournal(index, this.done, (t) => out(JOURNAL, t));
            }, [JOURNAL], writeError);
            syncDir(dir);
          }
          this.resumed = { runs: this.done.size, dropped };
        } finally {
          index.close();
        }
      } else {
        writeFileSync(jf, '');
        writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
        this.resumed = { runs: 0, dropped: 0 };
      }
      this.fd = openSync(jf, 'a');
    } catch (e) {
      throw writeError(jf, e);
    }
  }

  /** Append the journal line of run k (journalLine) and sync it. */
  append(k: number, line: string): void {
    try {
      writeAll(this.fd, line);
      fdatasyncSync(this.fd);
    } catch (e) {
      throw writeError(join(this.dir, JOURNAL), e);
    }
    this.done.add(k);
  }

  /** Test hook: write half of a line and die at once (see KETENSIM_CRASH_AFTER_RUNS). */
  crashMidLine(line: string): never {
    writeSync(this.fd, line.slice(0, Math.floor(line.length / 2)));
    fdatasyncSync(this.fd);
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** The runs a manifest stands for: all of them, or those of its shard. */
const manifestRuns = (m: Manifest) => shardRuns(m.points.length, m.reps, m.shard);

/**
 * Write the finished results from the journal in the folder: the journal in canonical order and
 * the output files, a point at a time. A shard writes its journal only (merge makes the
 * outputs). `runs`, when given, are written as the journal first (results that were never
 * journalled, as a run to precision makes them).
 */
export function finishResults(dir: string, manifest: Manifest, runs?: readonly RunRecord[]): string[] {
  if (runs) writeAtomic(join(dir, JOURNAL), runs.map(journalLine).join(''));
  const index = new RunIndex(manifest);
  try {
    index.add(join(dir, JOURNAL), dir);
    return finishFromIndex(dir, manifest, index);
  } finally {
    index.close();
  }
}

/**
 * Write the canonical journal and the outputs of `manifest` into `dir` from an index of its runs.
 * Every output goes to a temporary name first, then all are renamed: on a full disk none is half
 * written and no temporary file stays.
 */
function finishFromIndex(dir: string, manifest: Manifest, index: RunIndex): string[] {
  const ks = manifestRuns(manifest);
  const missing = index.missing(ks);
  if (missing.length > 0) throw new Error(`${missing.length} of ${ks.length} runs are missing (first: ${missing.slice(0, 5).join(', ')})`);
  const journal = (out: (file: string, text: string) => void) => {
    out(JOURNAL, '');
    writeJournal(index, ks, (t) => out(JOURNAL, t));
  };
  if (manifest.shard) {
    writeFilesAtomically(dir, journal, [JOURNAL], writeError);
    syncDir(dir);
    return [JOURNAL];
  }
  const files = writeFilesAtomically(dir, (out, claim) => writeOutputs(index, out, claim), [], writeError);
  writeFilesAtomically(dir, journal, [JOURNAL], writeError);
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  return [MANIFEST, JOURNAL, ...files];
}

/** The output files of a whole result set from its index, a point at a time: what resultFiles makes from the runs in memory, byte for byte. */
function writeOutputs(index: RunIndex, out: (file: string, text: string) => void, claim: (file: string) => string): void {
  const m = index.manifest;
  const runsOf = (p: number) => Array.from({ length: m.reps }, (_, rep) => index.record(p * m.reps + rep));
  const parquet = m.parquet ? new TidyParquet(claim(TIDY_PARQUET), m) : null;
  writeResults(m, index.kpiKeys(), runsOf, m.csv, out, parquet ? (cells) => parquet.row(cells) : undefined);
  parquet?.finish();
}

/**
 * Merge the folders of shards (or of partial runs) of one experiment into one whole result,
 * exactly what one unsharded run writes. Every run must be present once; a run present in two
 * folders must be identical in both. The runs are read from the journals a point at a time.
 */
export function mergeResults(dirs: readonly string[], out: string): { runs: number; files: string[] } {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new ResultsError(`--out ${out}: expected a folder, found a file`);
  if (dirs.length === 0) throw new ResultsError('merge needs at least one results folder');
  // Never write into a folder that is read: the merged journal would replace a shard's own.
  const o = realPath(out);
  for (const d of dirs) {
    const i = realPath(d);
    if (o === i || o.startsWith(i + sep) || i.startsWith(o + sep)) {
      throw new ResultsError(`--out ${out}: expected a folder apart from the folders merged, found ${o === i ? 'one of them' : o.startsWith(i + sep) ? `a folder inside ${d}` : `a folder that holds ${d}`}; choose another --out folder`);
    }
  }
  const parts = dirs.map((d) => ({ dir: d, manifest: readManifest(d), journal: journalOf(d) }));
  const first = parts[0]!;
  for (const p of parts) {
    if (p.manifest.fingerprint !== first.manifest.fingerprint) {
      const engine = p.manifest.engine !== first.manifest.engine ? `; it was run by another JavaScript engine (${p.manifest.engine} vs ${first.manifest.engine}), whose floating-point results may differ in the last digits` : '';
      throw new ResultsError(`${p.dir} belongs to another experiment than ${first.dir} (${p.manifest.kind} ${p.manifest.name} vs ${first.manifest.kind} ${first.manifest.name}, or other settings${engine})`);
    }
  }
  const { shard: _s, ...whole } = first.manifest;
  const manifest: Manifest = whole;
  const index = new RunIndex(manifest);
  try {
    for (const p of parts) {
      if (!p.journal) continue;
      const { dropped } = index.add(p.journal, p.dir);
      if (dropped > 0) throw new ResultsError(`${p.dir}: ${dropped} damaged line(s) in ${JOURNAL}; finish that shard first (rerun it with the same arguments)`);
    }
    const total = manifest.points.length * manifest.reps;
    if (index.size !== total) {
      const shards = parts.map((p) => (p.manifest.shard ? `${p.manifest.shard.index}/${p.manifest.shard.count}` : 'whole')).join(', ');
      // Name the shards that have runs missing (when all folders were split the same way).
      const counts = new Set(parts.map((p) => p.manifest.shard?.count ?? 0));
      let missing = '';
      if (counts.size === 1 && !counts.has(0)) {
        const n = [...counts][0]!;
        const idx = new Set<number>();
        for (let k = 0; k < total; k++) if (!index.has(k)) idx.add(k % n);
        missing = `; missing or unfinished: shard ${[...idx].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(', ')}`;
      }
      throw new ResultsError(`${total - index.size} of ${total} runs are missing from ${dirs.join(', ')} (shards present: ${shards}${missing}); run the missing shards or finish interrupted ones`);
    }
    makeFolder(out);
    if (existsSync(join(out, MANIFEST))) {
      const old = readManifest(out);
      if (old.fingerprint !== manifest.fingerprint) throw new ResultsError(`${out} holds results of another experiment; choose a new --out folder`);
    }
    const files = finishFromIndex(out, manifest, index);
    return { runs: total, files };
  } finally {
    index.close();
  }
}
