/**
 * The ketensim command line. Parses arguments, calls the experiment layer, prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';
import { explainCommand } from './explain-commands.js';
import { sensitivityCommand } from './sensitivity-command.js';
import { intOption, parseOptions, type Io } from './options.js';
import { runSelfcheck, selfcheckCases } from './selfcheck.js';
import { checkRuns, count, LimitError } from '../experiment/limits.js';
import { formatTable } from './table.js';
import { runCommand, validateCommand, calibrateCommand, compareCommand } from './model-commands.js';
import { fitCommand } from './fit-command.js';
import { initCommand } from './init-command.js';
import { mergeCommand, reportCommand, sweepCommand } from './experiment-commands.js';

export type { Io } from './options.js';

const HELP = `ketensim: discrete-event simulation of the Dutch youth-care chain

Usage:
  ketensim run <scenario.yaml> [options] [--json]     run a scenario; KPIs with 95% confidence intervals
  ketensim compare [a.yaml b.yaml ...] [--reference NAME] [--equal designed|budget|staff] [--assumptions DIR] [--all] [options] [--json]
                                                      compare scenarios under common random numbers
                                                      (default: the four Nijmegen designs); --equal budget|staff
                                                      compares them on the reference's budget or FTE
  ketensim explain <a.yaml> <b.yaml> [--group path=name ...] [--kpis a,b] [--orders N] [options] [--json]
                                                      what the difference B - A comes from: the Shapley
                                                      values of the groups of parameters they differ in
  ketensim sensitivity [a.yaml b.yaml ...] [--samples N] [--top N] [--params p,q] [--kpis a,b] [--targets FILE] [options] [--out DIR] [--json]
                                                      which assumptions carry the results: screening over
                                                      all of them, robustness of the ranking, a tornado
  ketensim sweep <sweep.yaml> [--out DIR] [--workers N] [--shard i/n | --shards n] [--csv nl|intl]
                [--format csv|parquet] [--dry-run]
                                                      vary parameters over a grid or Latin hypercube;
                                                      writes as it goes, resumes when rerun; parquet:
                                                      also tidy.parquet (default from 10,000 runs)
  ketensim merge <DIR...> --out DIR                   combine the results of shards
  ketensim report <DIR> [--out report.html] [--lang nl|en]
                                                      a self-contained HTML report of a results folder
  ketensim validate <file.yaml|table.csv|DIR ...>     check scenario, sweep and targets files and tables
  ketensim calibrate [scenario.yaml] [--targets FILE] [--reps N] [--seed S] [--workers N] [--json]
                                                      a municipality's targets next to the model (default:
                                                      Nijmegen 2019's; the targets name their baseline)
  ketensim fit --free p,q [--targets FILE] [--reps N] [--seed S] [--workers N] [--out DIR]
               [--max-iterations N] [--step X] [--dry-run] [--json]
                                                      fit the baseline's assumptions p, q to the bands of
                                                      its targets; writes them into the baseline file
  ketensim init <naam> [--wijken FILE.csv]            a folder for your own municipality: baseline, the
                                                      designs, targets and two tables to fill in (or your
                                                      own table of the wijken, and staff scaled to it)
  ketensim selfcheck [--reps N] [--seed S] [--json]   check the engine against queueing theory
  ketensim --version
  ketensim --help

Options of run and compare:
  --reps N  --seed S  --horizon-years Y  --warmup-years W
  --workers N               worker threads (default: all cores); results are identical whatever N is
  --out DIR                 write a results folder (tidy, summary, time series and flow CSVs, JSON)
  --csv nl|intl             nl (default): ';' and decimal comma, opens in Dutch Excel; intl: ',' and '.'
  --event-log FILE.csv      the event log of replication 0 (case id, activity, timestamp, resource)
  --precision REL [--precision-kpis a,b] [--max-reps N]
                            add replications until the 95% CI half-width is at most REL x mean

--shards n takes the shard index from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID.`;

/** File-system errors a user can fix, in words. */
const FS_ERRORS: Record<string, string> = {
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENOENT: 'no such file or folder',
  EISDIR: 'expected a file, found a folder',
  ENOTDIR: 'expected a folder, found a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
};

/** The package version, from the nearest package.json above this file (works from src/ and dist/). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'ketensim') return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json of ketensim not found');
    dir = up;
  }
}

/** Every command (test/faults/ requires hostile-input cases for each one listed here). */
export const COMMANDS = ['run', 'compare', 'explain', 'sensitivity', 'sweep', 'merge', 'report', 'validate', 'calibrate', 'fit', 'init', 'selfcheck'] as const;

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [cmd, ...args] = argv;
    // `ketensim run --help` and the like: the usage, which lists every command's options. Only for
    // a command there is, and only the long form (a file may be called '-h').
    if (cmd !== undefined && (COMMANDS as readonly string[]).includes(cmd) && args.includes('--help')) {
      io.out(HELP);
      return 0;
    }
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return 0;
      case '--version':
        io.out(packageVersion());
        return 0;
      case 'run':
        return await runCommand(args, io);
      case 'compare':
        return await compareCommand(args, io);
      case 'explain':
        return await explainCommand(args, io);
      case 'sensitivity':
        return await sensitivityCommand(args, io);
      case 'sweep':
        return await sweepCommand(args, io);
      case 'merge':
        return mergeCommand(args, io);
      case 'report':
        return reportCommand(args, io);
      case 'validate':
        return validateCommand(args, io);
      case 'calibrate':
        return await calibrateCommand(args, io);
      case 'fit':
        return await fitCommand(args, io);
      case 'init':
        return initCommand(args, io);
      case 'selfcheck': {
        const { opts, rest } = parseOptions(args, { reps: 'string', seed: 'string', json: 'boolean' });
        if (rest.length > 0) throw new UserError(`selfcheck takes no arguments, found '${rest.join(' ')}'`);
        const reps = intOption(opts, 'reps', 20, 2);
        const seed = intOption(opts, 'seed', 1, 0);
        checkRuns(reps * selfcheckCases().length, false, `selfcheck: ${selfcheckCases().length} cases x ${count(reps)} replications`, 'Use fewer replications');
        const rows = runSelfcheck(reps, seed);
        if (opts.json) {
          io.out(JSON.stringify({ version: packageVersion(), seed, reps, rows }, null, 2));
        } else {
          const f = (x: number) => x.toFixed(4);
          io.out(`Engine self-check: ${reps} replications per case, seed ${seed}, 95% confidence intervals.\n`);
          io.out(
            formatTable(
              ['case', 'measure', 'theory', 'simulated', '95% CI', 'theory in CI'],
              rows.map((r) => [r.check, r.measure, f(r.theory), f(r.mean), `[${f(r.ciLow)}, ${f(r.ciHigh)}]`, r.inside ? 'yes' : 'no']),
              [false, false, true, true, false, false],
            ),
          );
          const outside = rows.filter((r) => !r.inside).length;
          io.out(
            `\n${rows.length - outside} of ${rows.length} theoretical values lie inside the 95% CI` +
              (outside > 0 ? ` (at 95%, about 1 in 20 may fall outside by chance; rerun with --seed to see).` : '.'),
          );
        }
        return 0;
      }
      default:
        throw new UserError(`unknown command '${cmd}'; run 'ketensim --help' for the commands`);
    }
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`ketensim: ${e.message}`);
      return 2;
    }
    // A file the user named cannot be read or written: say which and why, without a stack trace.
    const fsError = e as NodeJS.ErrnoException;
    if (fsError && typeof fsError.code === 'string' && typeof fsError.path === 'string' && FS_ERRORS[fsError.code]) {
      io.err(`ketensim: ${fsError.path}: ${FS_ERRORS[fsError.code]}`);
      return 2;
    }
    if (e instanceof LimitError) {
      io.err(`ketensim: ${e.message}`);
      return 2;
    }
    // A bug, or a gap in the checks that let a scenario through that the model cannot run: one
    // line for people; the stack trace only when asked for.
    const text = e instanceof Error ? e.message : String(e);
    io.err(`ketensim: internal error: ${text.split('\n')[0]}`);
    if (process.env.KETENSIM_DEBUG) io.err(e instanceof Error ? (e.stack ?? text) : text);
    else io.err('This is a bug in ketensim or a gap in its checks: please report it with the command and its files (KETENSIM_DEBUG=1 shows the stack trace).');
    return 1;
  }
}
