/**
 * A sweep on a real scheduler: a Slurm job array of shards (docs/slurm/sweep.sbatch) and a
 * dependent merge job (docs/slurm/merge.sbatch) on the single-node cluster of .ci/slurm-up.sh.
 * One array task is requeued in the middle of its runs; it must resume from its journal without
 * losing or redoing a run, and the merged folder must be byte-identical to the unsharded sweep.
 *
 * Needs a running cluster: SLURM_CONF set and `sinfo` answering (.ci/run starts one). Without it
 * the test is skipped with the reason, except under CI=true, where it fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { runExperiment, sweepPlan } from '../src/experiment/experiment.js';
import { JOURNAL, parseJournal } from '../src/experiment/journal.js';
import { shardRuns } from '../src/experiment/sweep.js';
import { loadSweep } from '../src/experiment/sweep-load.js';

const ROOT = resolve(__dirname, '..');
const SHARDS = 2;

/** Why there is no cluster to use, or null when there is one. */
function noCluster(): string | null {
  if (spawnSync('sh', ['-c', 'command -v sbatch && command -v scontrol && command -v sinfo']).status !== 0) return 'Slurm is not installed (no sbatch, scontrol or sinfo on the PATH)';
  if (!process.env.SLURM_CONF) return 'SLURM_CONF is not set; start a cluster with `sudo .ci/slurm-up.sh` and export the SLURM_CONF it prints';
  const s = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { encoding: 'utf8', timeout: 15_000 });
  if (s.status !== 0) return `sinfo fails (${(s.stderr || s.error?.message || '').trim()}); is the cluster of ${process.env.SLURM_CONF} running?`;
  if (!/^(idle|mixed|allocated)/m.test(s.stdout)) return `no node is up (sinfo: ${s.stdout.trim()})`;
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

const slurm = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();

/** JobState of every job (or array task) that `scontrol show job` knows under this id. */
function states(job: string): string[] {
  return slurm('scontrol', ['-o', 'show', 'job', job]).split('\n').map((l) => /JobState=(\S+)/.exec(l)?.[1] ?? '?');
}

/** Is a process alive whose command line mentions `text`? (The killed task must be gone before we read its journal.) */
function processWith(text: string): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

function folder(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

const why = noCluster();
const title = 'a sweep as a Slurm job array with a requeued task merges to the bytes of the unsharded sweep';

describe('Slurm', () => {
  if (why !== null) {
    if (process.env.CI === 'true') {
      it(title, () => {
        throw new Error(`CI=true, but there is no Slurm cluster to use: ${why}. .ci/run installs and starts one (.ci/slurm-up.sh).`);
      });
    } else {
      console.warn(`test/slurm.test.ts skipped: ${why}`);
      it.skip(`${title} (skipped: ${why})`, () => {});
    }
    return;
  }

  const dir = mkdtempSync(join(tmpdir(), 'ketensim-slurm-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(title, async () => {
    // 2 shards of 30 runs of 3 years: a shard takes seconds, long enough to catch it mid-run.
    const sweepFile = join(dir, 'sweep.yaml');
    writeFileSync(
      sweepFile,
      `name: slurm-test
base: ${JSON.stringify(join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml'))}
design: grid
seed: 3
reps: 30
horizon_years: 2
warmup_years: 1
kpis: [wait_intake_weeks, time_to_care_weeks, "utilisation.*"]
parameters:
  - path: swt.staff.fte
    values: [70, 90]
`,
    );
    const plan = sweepPlan(loadSweep(sweepFile));
    const reference = join(dir, 'reference');
    await runExperiment(plan, { workers: 1, dir: reference });

    const out = join(dir, 'out');
    const env = { ...process.env, KETENSIM: `${process.execPath} --import tsx ${join(ROOT, 'src/cli/entry.ts')}` };
    const sbatch = (args: string[]) => execFileSync('sbatch', ['--parsable', `--chdir=${ROOT}`, ...args], { env, encoding: 'utf8' }).trim().split(';')[0]!;
    const job = sbatch([`--array=0-${SHARDS - 1}`, '--cpus-per-task=1', `--output=${dir}/sweep-%A_%a.out`, 'docs/slurm/sweep.sbatch', sweepFile, out]);
    const merge = sbatch([`--dependency=afterok:${job}`, `--output=${dir}/merge.out`, 'docs/slurm/merge.sbatch', out]);

    // Requeue task 0 once a few of its runs are in its journal, and hold it there while we look.
    const shard0 = join(out, 'shard-0');
    const journal0 = join(shard0, JOURNAL);
    const readJournal = () => (existsSync(journal0) ? parseJournal(readFileSync(journal0, 'utf8')) : { runs: [], dropped: 0 });
    await until('three runs in the journal of shard 0', () => (readJournal().runs.length >= 3 ? true : undefined), 120_000);
    slurm('scontrol', ['requeuehold', `${job}_0`]);
    await until('task 0 to be requeued and held', () => (states(`${job}_0`)[0] === 'PENDING' ? true : undefined), 30_000);
    await until('the killed shard process to end', () => (processWith(shard0) ? undefined : true), 30_000);
    const before = readJournal();
    const mine = shardRuns(plan.manifest.points.length, plan.manifest.reps, { index: 0, count: SHARDS });
    expect(before.runs.length, 'requeued in the middle of its runs').toBeLessThan(mine.length);
    expect(before.runs.every((r) => mine.includes(r.k))).toBe(true);
    slurm('scontrol', ['release', `${job}_0`]);

    await until('the array and the merge job to finish', () => (slurm('squeue', ['-h', '-j', `${job},${merge}`]) === '' ? true : undefined), 300_000);
    const log0 = readFileSync(join(dir, `sweep-${job}_0.out`), 'utf8');
    expect(states(job), log0).toEqual(Array(SHARDS).fill('COMPLETED'));
    expect(states(merge), readFileSync(join(dir, 'merge.out'), 'utf8')).toEqual(['COMPLETED']);
    expect(slurm('scontrol', ['-o', 'show', 'job', `${job}_0`])).toMatch(/Restarts=1/);

    // The restarted task kept every run of the killed one and did only the rest.
    const torn = before.dropped > 0 ? `, ${before.dropped} torn line\\(s\\) dropped and redone` : '';
    expect(log0).toMatch(new RegExp(`resumed: ${before.runs.length} runs were already done${torn}\\n`));
    expect(log0).toMatch(new RegExp(`\\b${mine.length - before.runs.length} runs done now, ${mine.length} in all`));
    const after = parseJournal(readFileSync(journal0, 'utf8'));
    expect(after.runs.map((r) => r.k)).toEqual(mine);
    const line = new Map(after.runs.map((r) => [r.k, JSON.stringify(r)]));
    for (const r of before.runs) expect(line.get(r.k)).toBe(JSON.stringify(r));

    // The merged folder is the unsharded sweep, byte for byte (the report included).
    const report = await main(['report', reference], { out: () => {}, err: () => {} });
    expect(report).toBe(0);
    const a = folder(reference);
    const b = folder(join(out, 'all'));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(b[name]!.equals(a[name]!), `${name} differs`).toBe(true);
  }, 420_000);
});
