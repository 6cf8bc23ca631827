/**
 * Hostile conditions that need a process of their own or a broken disk: Ctrl-C and SIGTERM in
 * the middle of a sweep, two sweeps into one folder at once, and a full disk (a tiny tmpfs where
 * this machine lets us mount one, and always an injected ENOSPC). Each must end clearly, leave no
 * temporary file and no torn line, and the same command must then finish with the bytes of an
 * uninterrupted run.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs, { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL, parseJournal } from '../../src/experiment/journal.js';
import { cli, expectClearError, expectNoLeak, ROOT, snapshot, sweepText, temporaries, tmp } from './harness.js';

/** The CLI as its own process, through tsx; killed (and failed) if it has not ended after `limitMs`. */
function spawnCli(args: string[], limitMs = 120_000) {
  const { KETENSIM_CRASH_AFTER_RUNS: _, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/entry.ts'), ...args], { cwd: ROOT, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, out, err }));
    });
  });
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lines in a journal (0 when there is none yet). */
function journalLines(dir: string): number {
  try {
    return readFileSync(join(dir, JOURNAL), 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

let work: string;
let sweepFile: string;
let reference: Record<string, string>;

beforeAll(async () => {
  work = tmp('processes');
  sweepFile = join(work, 'sweep.yaml');
  // 2 points x 8 replications of half a year: long enough to be interrupted in the middle.
  writeFileSync(sweepFile, sweepText({ reps: 8 }).replace('horizon_years: 0.1', 'horizon_years: 0.5'));
  const r = await cli(['sweep', sweepFile, '--out', join(work, 'reference'), '--workers', '1']);
  expect(r.code, r.err).toBe(0);
  reference = snapshot(join(work, 'reference'));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** After an interruption: no temporary file, no torn line; the same command finishes with the reference's bytes. */
async function expectResumesToReference(dir: string): Promise<void> {
  expect(temporaries(dir)).toEqual([]);
  expect(parseJournal(readFileSync(join(dir, JOURNAL), 'utf8')).dropped).toBe(0);
  const again = await cli(['sweep', sweepFile, '--out', dir, '--workers', '2']);
  expectNoLeak(again, 'resume');
  expect(again.code, again.err).toBe(0);
  expect(snapshot(dir)).toEqual(reference);
}

describe('interrupted', () => {
  for (const [signal, code, workers] of [
    ['SIGINT', 130, '1'],
    ['SIGTERM', 143, '2'],
  ] as const) {
    it(`by ${signal} with ${workers} worker(s): exit code ${code}, a message, and the same command resumes to the same bytes`, async () => {
      const dir = join(work, `signal-${signal}`);
      const p = spawnCli(['sweep', sweepFile, '--out', dir, '--workers', workers]);
      // Wait for some finished runs, then interrupt (the process may not have finished: 16 runs).
      while (journalLines(dir) < 3 && p.child.exitCode === null && p.child.signalCode === null) await sleep(10);
      p.child.kill(signal);
      const r = await p.done;
      expect(r.code, r.err).toBe(code);
      expect(r.err).toMatch(new RegExp(`stopped by ${signal}; finished runs are kept.*rerun the same command to resume`));
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(journalLines(dir)).toBeLessThan(16);
      await expectResumesToReference(dir);
    });
  }
});

describe('two sweeps into one folder at once', () => {
  it('both end cleanly and the folder ends as one uninterrupted run', async () => {
    const dir = join(work, 'concurrent');
    const a = spawnCli(['sweep', sweepFile, '--out', dir, '--workers', '1']);
    const b = spawnCli(['sweep', sweepFile, '--out', dir, '--workers', '1']);
    for (const r of [await a.done, await b.done]) {
      expect([0, 2], r.err).toContain(r.code);
      expect(r.err).not.toMatch(/\n\s+at |internal error/);
    }
    expect(temporaries(dir)).toEqual([]);
    const again = await cli(['sweep', sweepFile, '--out', dir, '--workers', '1']);
    expect(again.code, again.err).toBe(0);
    expect(snapshot(dir)).toEqual(reference);
  });
});

/**
 * A full disk by injection: node:fs's write functions fail with ENOSPC once `budget` bytes have
 * been written (syncBuiltinESMExports makes the modules that imported them by name see the change).
 */
async function withFullDisk<T>(budget: number, f: () => Promise<T>): Promise<T> {
  const { writeSync, writeFileSync: wfs } = fs;
  let left = budget;
  const spend = (n: number) => {
    if (n > left) {
      left = 0;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    left -= n;
  };
  const size = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) ? data.byteLength : 0);
  fs.writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    spend(typeof data === 'string' ? size(data) : size(data) - (typeof rest[0] === 'number' ? rest[0] : 0));
    return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, opts?: fs.WriteFileOptions) => {
    spend(size(data));
    wfs(file, data, opts);
  }) as typeof fs.writeFileSync;
  syncBuiltinESMExports();
  try {
    return await f();
  } finally {
    fs.writeSync = writeSync;
    fs.writeFileSync = wfs;
    syncBuiltinESMExports();
  }
}

describe('a full disk', () => {
  // While the journal is written (a few runs in), and while the output files are written (all runs done).
  for (const [when, budget] of [
    ['during the runs', 45_000],
    ['while writing the outputs', 100_000],
  ] as const) {
    it(`(injected ENOSPC ${when}): a clear error naming the file, no temporary file, and a resume gives the same bytes`, async () => {
      const dir = join(work, `enospc-${budget}`);
      const r = await withFullDisk(budget, () => cli(['sweep', sweepFile, '--out', dir, '--workers', '1']));
      expectClearError(r, [/: could not be written \(no space left on the device\); finished runs are kept: fix this and rerun the same command to resume/], `ENOSPC ${when}`);
      expect(temporaries(dir)).toEqual([]);
      const again = await cli(['sweep', sweepFile, '--out', dir, '--workers', '1']);
      expect(again.code, again.err).toBe(0);
      expect(snapshot(dir)).toEqual(reference);
    });
  }

  // A real full disk where this machine lets us mount a tmpfs (as root, in CI); skipped elsewhere.
  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('(a 64 kB tmpfs): a clear error, no temporary file, and after making room a resume gives the same bytes', async () => {
    const point = join(work, 'tmpfs');
    mkdirSync(point);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', point], { encoding: 'utf8' });
    if (m.status !== 0) {
      console.warn(`tmpfs test not run: mount failed (${m.stderr.trim()}); the injected ENOSPC tests cover the code`);
      return;
    }
    try {
      const dir = join(point, 'out');
      const r = await cli(['sweep', sweepFile, '--out', dir, '--workers', '1']);
      expectClearError(r, [`${dir}/`, 'no space left on the device', 'rerun the same command to resume'], 'tmpfs');
      expect(temporaries(dir)).toEqual([]);
      expect(spawnSync('mount', ['-o', 'remount,size=8m', point]).status).toBe(0);
      const again = await cli(['sweep', sweepFile, '--out', dir, '--workers', '2']);
      expect(again.code, again.err).toBe(0);
      expect(again.err).toMatch(/resumed: \d+ runs were already done/);
      expect(snapshot(dir)).toEqual(reference);
    } finally {
      spawnSync('umount', [point]);
    }
  });
});

describe('a read-only folder', () => {
  // Root writes through file modes, so as root the folder is a read-only tmpfs; otherwise mode 0555.
  const root = process.getuid?.() === 0;
  it('sweep --out, run --event-log and report --out into it: a clear error naming the path, nothing written', async () => {
    const ro = join(work, 'read-only');
    mkdirSync(ro);
    if (root) {
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro], { encoding: 'utf8' });
      if (m.status !== 0) {
        console.warn(`read-only test not run: mount failed (${m.stderr.trim()})`);
        return;
      }
    } else fs.chmodSync(ro, 0o555);
    try {
      const sweep = await cli(['sweep', sweepFile, '--out', join(ro, 'out'), '--workers', '1']);
      expectClearError(sweep, [join(ro, 'out'), /read-only file system|permission denied/], 'sweep into a read-only folder');
      const log = await cli(['run', join(ROOT, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'), '--reps', '1', '--horizon-years', '0.05', '--warmup-years', '0', '--workers', '1', '--event-log', join(ro, 'log.csv')]);
      expectClearError(log, [join(ro, 'log.csv'), /could not be written \((read-only file system|permission denied)\)/], 'event log into a read-only folder');
      const report = await cli(['report', join(work, 'reference'), '--out', join(ro, 'r.html')]);
      expectClearError(report, [join(ro, 'r.html'), /could not be written \((read-only file system|permission denied)\)/], 'report into a read-only folder');
      expect(fs.readdirSync(ro)).toEqual([]);
      expect(snapshot(join(work, 'reference'))).toEqual(reference);
    } finally {
      if (root) spawnSync('umount', [ro]);
      else fs.chmodSync(ro, 0o755);
    }
  });
});

describe('a reader that stops early', () => {
  it('`ketensim compare | head -1`: the closed pipe ends the CLI quietly, no EPIPE and no stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/entry.ts'), 'compare', '--reps', '2', '--horizon-years', '0.2', '--warmup-years', '0.1'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Read the first chunk, then close the pipe as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(err).not.toMatch(/EPIPE|\n\s+at .+[:(]\d+/);
    expect(code).toBe(0);
  }, 120_000);
});
