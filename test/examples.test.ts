/**
 * Every shipped example runs: each scenario under scenarios/ (at any depth), each sweep under
 * sweeps/, and every `ketensim` command shown in README.md and docs/*.md, found by reading the
 * files, so a new file or a new documented command is tested without editing this test.
 *
 * Runs are shortened (2 replications, a few weeks; a sweep keeps 2 values per parameter and 2
 * samples; a fit one iteration), in a sandbox folder that holds copies of scenarios/ and sweeps/.
 * A documented command that names a file that is not shipped (`a.yaml`, `sweeps/x.yaml`) gets one
 * made for it: a scenario that extends the baseline, or a short sweep, named after the file. A
 * merge of shards first runs the shards the documentation leaves to a batch system.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { COMMANDS } from '../src/cli/main.js';
import { BASELINE } from '../src/cli/model-commands.js';
import { cli, expectNoLeak, sweepText, tmp } from './faults/harness.js';

const ROOT = resolve(__dirname, '..');

/** Files under `dir` (recursively) whose names end in `ext`, relative to ROOT, sorted. */
function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

/** A sweep file made short: 1 replication, a few weeks, at most 2 values per parameter and 2 samples; bases made absolute. */
function shortSweep(file: string, name?: string): string {
  const s = parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { parameters: Record<string, unknown>[]; extra_bases?: string[] };
  const abs = (b: string) => resolve(dirname(file), b);
  s.base = abs(s.base as string);
  if (s.extra_bases) s.extra_bases = s.extra_bases.map(abs);
  s.reps = 1;
  s.horizon_years = 0.1;
  s.warmup_years = 0.05;
  if (typeof s.samples === 'number') s.samples = Math.min(s.samples, 2);
  for (const p of s.parameters) {
    if (Array.isArray(p.values)) p.values = [...new Set([p.values[0], p.values.at(-1)])];
    if (typeof p.steps === 'number') p.steps = Math.min(p.steps, 2);
  }
  if (name) s.name = name;
  return stringify(s);
}

const sandboxes: string[] = [];
afterAll(() => {
  for (const d of sandboxes) rmSync(d, { recursive: true, force: true });
});

const SHORT_RUN = { '--reps': '2', '--horizon-years': '0.1', '--warmup-years': '0.05', '--workers': '1' };

/** A targets file names a baseline and lists targets (docs/targets.md); the other YAML files under scenarios/ are scenarios. */
const isTargets = (f: string) => /^targets:/m.test(readFileSync(join(ROOT, f), 'utf8'));

describe('every shipped targets file', () => {
  const files = filesUnder('scenarios', '.yaml').filter(isTargets);
  it('every municipality has its targets file', () => expect(files.length).toBeGreaterThanOrEqual(1));
  for (const f of files) {
    it(`${f} validates with its baseline, and calibrate reads it (shortened)`, async () => {
      const v = await cli(['validate', join(ROOT, f)]);
      expectNoLeak(v, f);
      expect(v.code, v.err).toBe(0);
      const c = await cli(['calibrate', '--targets', join(ROOT, f), '--reps', '2', '--workers', '1', '--json']);
      expectNoLeak(c, f);
      // Exit 1 when a shortened run misses a band; the rows are there either way.
      expect([0, 1], c.err).toContain(c.code);
      expect((JSON.parse(c.out) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    });
  }
});

describe('every shipped scenario', () => {
  const files = filesUnder('scenarios', '.yaml').filter((f) => !isTargets(f));
  it('there are scenarios to test', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const f of files) {
    it(`${f} validates and runs`, async () => {
      const v = await cli(['validate', join(ROOT, f)]);
      expectNoLeak(v, f);
      expect(v.code, v.err).toBe(0);
      const r = await cli(['run', join(ROOT, f), ...Object.entries(SHORT_RUN).flat(), '--json']);
      expectNoLeak(r, f);
      expect(r.code, r.err).toBe(0);
      expect(Object.keys((JSON.parse(r.out) as { kpis: object }).kpis).length).toBeGreaterThan(5);
    });
  }
});

describe('every shipped sweep', () => {
  const files = filesUnder('sweeps', '.yaml');
  it('there are sweeps to test', () => expect(files.length).toBeGreaterThanOrEqual(1));
  for (const f of files) {
    it(`${f} validates as shipped, and runs shortened into a report`, async () => {
      const v = await cli(['validate', join(ROOT, f)]);
      expectNoLeak(v, f);
      expect(v.code, v.err).toBe(0);
      const dir = tmp('sweep');
      sandboxes.push(dir);
      writeFileSync(join(dir, 'short.yaml'), shortSweep(join(ROOT, f)));
      const s = await cli(['sweep', join(dir, 'short.yaml'), '--out', join(dir, 'out'), '--workers', '1']);
      expectNoLeak(s, f);
      expect(s.code, s.err).toBe(0);
      const r = await cli(['report', join(dir, 'out')]);
      expect(r.code, r.err).toBe(0);
      expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
    });
  }
});

// ---- Commands in the documentation ----

interface DocCommand {
  /** Where it is shown, e.g. README.md:65. */
  where: string;
  /** The command line from `ketensim` on, as shown. */
  text: string;
  /** Shown inline in prose (`ketensim report`) rather than in a code block. */
  inline: boolean;
}

/** `ketensim <word> ...` up to the end of the command: a comment, ;, &&, |, & or a closing quote. */
const COMMAND = /(?:^|[\s"'`(])(?:npx\s+)?ketensim\s+([a-z][a-z-]*)([^\n]*)/g;

function cutCommand(rest: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      out += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A quote opened before `ketensim` ends the command here (ssh node "cd x && npx ketensim ...").
      if (!rest.slice(i + 1).includes(ch)) break;
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === '#' && /\s/.test(rest[i - 1] ?? ' ')) break;
    if (ch === ';' || ch === '|' || ch === '&' || ch === '`' || ch === ')') break;
    out += ch;
  }
  return out.trim();
}

/** Every `ketensim` command in a Markdown file: in code blocks (with `\` and folded continuation lines) and inline. */
function docCommands(file: string): DocCommand[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const found: DocCommand[] = [];
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) {
      fence = !fence;
      continue;
    }
    let line = lines[i]!;
    const start = i;
    if (fence) {
      // Join continuation lines: a trailing backslash, or a next line that goes on with --options.
      while (i + 1 < lines.length && (/\\\s*$/.test(line) || (/ketensim\s/.test(line) && /^\s+--/.test(lines[i + 1]!)))) line = line.replace(/\\\s*$/, '') + ' ' + lines[++i]!.trim();
      for (const m of line.matchAll(COMMAND)) found.push({ where: `${file}:${start + 1}`, text: `${m[1]} ${cutCommand(m[2]!)}`.trim(), inline: false });
    } else {
      for (const span of line.matchAll(/`([^`]*ketensim\s+[a-z][^`]*)`/g)) {
        for (const m of span[1]!.matchAll(COMMAND)) found.push({ where: `${file}:${i + 1}`, text: `${m[1]} ${cutCommand(m[2]!)}`.trim(), inline: true });
      }
    }
  }
  return found;
}

/** Split a command line as a shell would: quotes, and $VAR / ${VAR} replaced from `vars` (0 when unknown). */
function shellWords(text: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote = '';
  const add = (s: string) => (word = (word ?? '') + s);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = '';
      else add(ch);
    } else if (ch === "'" || ch === '"') {
      if (quote === ch) quote = '';
      else if (!quote) quote = ch;
      else add(ch);
      word ??= '';
    } else if (ch === '$') {
      const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(i));
      if (!m) add(ch);
      else {
        add(vars[m[1] ?? m[2]!] ?? '0');
        i += m[0].length - 1;
      }
    } else if (/\s/.test(ch) && !quote) {
      if (word !== null) words.push(word);
      word = null;
    } else add(ch);
  }
  if (word !== null) words.push(word);
  return words;
}

/** Drop optional parts of a usage line: `[--reps N]`, `[a.yaml b.yaml ...]`. */
function dropOptional(words: string[]): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const w of words) {
    if (w.startsWith('[')) depth++;
    if (depth === 0) out.push(w);
    if (w.endsWith(']')) depth = Math.max(0, depth - 1);
  }
  return out;
}

/** Set `--name value` in argv (replacing a value given), or add it. */
function setOption(argv: string[], name: string, value: string): void {
  const i = argv.indexOf(name);
  if (i >= 0) argv[i + 1] = value;
  else argv.push(name, value);
}

/** Expand a `*` in the last part of a path (as the shell would; unchanged when nothing matches). */
function glob(word: string, cwd: string): string[] {
  if (!word.includes('*')) return [word];
  const dir = dirname(word);
  const re = new RegExp(`^${basename(word).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const abs = resolve(cwd, dir);
  const hits = existsSync(abs) ? readdirSync(abs).filter((f) => re.test(f)).sort() : [];
  return hits.length > 0 ? hits.map((h) => join(dir, h)) : [word];
}

interface ShardRun {
  file: string;
  count: number;
  index: number;
  out: string;
}

/** The folder of shard `k`, from the folder of shard `index` (out/shard-3 -> out/shard-k; results/x/shard-0-of-16 -> shard-k-of-16). */
const shardFolder = (s: ShardRun, k: number) => join(dirname(s.out), basename(s.out).replace(new RegExp(`(^|\\D)${s.index}(?=\\D|$)`), `$1${k}`));

/** Runs documented commands in one sandbox, in order. */
class DocSandbox {
  readonly dir = tmp('docs');
  private readonly shards: ShardRun[] = [];
  /** Answers by the command as run, so a command shown in several places runs once. */
  private readonly seen = new Map<string, { code: number; out: string; err: string }>();

  constructor() {
    sandboxes.push(this.dir);
    cpSync(join(ROOT, 'scenarios'), join(this.dir, 'scenarios'), { recursive: true });
    mkdirSync(join(this.dir, 'sweeps'));
    const sweeps = filesUnder('sweeps', '.yaml');
    for (const f of sweeps) writeFileSync(join(this.dir, f), shortSweep(join(ROOT, f)));
  }

  /** A path of the documentation in the sandbox: absolute paths outside the repository go under the sandbox (/results/x, /shared/x). */
  private path(word: string): string {
    if (word.startsWith('/') && !word.startsWith(ROOT)) return join(this.dir, word);
    return word;
  }

  /** A file the documentation names but the repository does not ship: made in the sandbox (a sweep of 2 points). */
  private ensureFile(word: string, kind: 'scenario' | 'sweep'): void {
    const abs = resolve(this.dir, word);
    if (existsSync(abs)) return;
    mkdirSync(dirname(abs), { recursive: true });
    const name = basename(word).replace(/\.ya?ml$/, '');
    const baseline = join(this.dir, 'scenarios', BASELINE);
    if (kind === 'sweep') writeFileSync(abs, sweepText({ name, base: baseline }));
    else writeFileSync(abs, `extends: ${baseline}\nname: ${name}\n`);
  }

  /** Turn a documented command into the argv to run here, shortened. */
  argv(words: string[]): string[] {
    const [cmd, ...rest] = words;
    const argv = [cmd!, ...rest.map((w) => this.path(w)).flatMap((w) => glob(w, this.dir))];
    const files = argv.slice(1).filter((w, i, all) => !w.startsWith('--') && !(all[i - 1] ?? '').startsWith('--') && /\.ya?ml$/.test(w));
    for (const f of files) this.ensureFile(f, cmd === 'sweep' || /sweep/.test(f) || f.startsWith('sweeps/') ? 'sweep' : 'scenario');
    if (cmd === 'run' || cmd === 'compare' || cmd === 'explain') {
      for (const [k, v] of Object.entries(SHORT_RUN)) setOption(argv, k, v);
      if (argv.includes('--precision')) setOption(argv, '--max-reps', '4');
    }
    if (cmd === 'calibrate') setOption(argv, '--reps', '2');
    if (cmd === 'sensitivity') {
      for (const [k, v] of Object.entries(SHORT_RUN)) setOption(argv, k, v);
      setOption(argv, '--samples', '4');
      setOption(argv, '--top', '1');
      setOption(argv, '--reps', '1');
    }
    if (cmd === 'calibrate' || cmd === 'sweep') setOption(argv, '--workers', '1');
    // A fit: one iteration of 2 replications over a year and a half (long enough for July-September).
    if (cmd === 'fit') {
      for (const [k, v] of Object.entries({ '--reps': '2', '--horizon-years': '1', '--warmup-years': '0.5', '--workers': '1', '--max-iterations': '1' })) setOption(argv, k, v);
    }
    if (cmd === 'selfcheck') setOption(argv, '--reps', '2');
    return argv;
  }

  /** Before a merge: run the shards of the sweeps seen so far that the documentation leaves to a batch system. */
  private async completeShards(argv: string[]): Promise<void> {
    const inputs = argv.slice(1).filter((w, i, all) => !w.startsWith('--') && all[i] !== '--out' && all[i - 1] !== '--out');
    const dirs = new Set(inputs.map((w) => resolve(this.dir, dirname(w))));
    for (const s of this.shards) {
      if (!dirs.has(resolve(this.dir, dirname(s.out)))) continue;
      for (let k = 0; k < s.count; k++) {
        const out = shardFolder(s, k);
        if (existsSync(resolve(this.dir, out, 'manifest.json'))) continue;
        const r = await cli(['sweep', s.file, '--shard', `${k}/${s.count}`, '--out', out, '--workers', '1']);
        if (r.code !== 0) throw new Error(`shard ${k}/${s.count} of ${s.file}: ${r.err}`);
      }
    }
  }

  async run(c: DocCommand): Promise<{ argv: string[]; code: number; out: string; err: string }> {
    const vars = { HOME: this.dir, i: '0', INDEX: '0', JOB_COMPLETION_INDEX: '0', SLURM_ARRAY_TASK_ID: '0', SLURM_CPUS_PER_TASK: '1' };
    const words = dropOptional(shellWords(c.text, vars));
    const cwd = process.cwd();
    const env = { ...process.env };
    process.chdir(this.dir);
    try {
      let argv = this.argv(words);
      if (argv[0] === 'merge') {
        await this.completeShards(argv);
        argv = this.argv(words); // the globs again, now that the shards are there
      }
      // --shards n takes its index from the batch system; here shard 0.
      delete process.env.SLURM_ARRAY_TASK_ID;
      delete process.env.SLURM_ARRAY_TASK_MIN;
      process.env.JOB_COMPLETION_INDEX = '0';
      const key = argv.join('\0');
      const r = this.seen.get(key) ?? (await cli(argv));
      this.seen.set(key, r);
      if (argv[0] === 'sweep' && r.code === 0) this.recordShard(argv);
      return { argv, ...r };
    } finally {
      process.chdir(cwd);
      for (const k of ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'JOB_COMPLETION_INDEX']) {
        if (env[k] === undefined) delete process.env[k];
        else process.env[k] = env[k];
      }
    }
  }

  private recordShard(argv: string[]): void {
    const at = (o: string) => (argv.includes(o) ? argv[argv.indexOf(o) + 1] : undefined);
    const file = argv[1]!;
    let shard: { index: number; count: number } | undefined;
    const one = at('--shard');
    if (one) {
      const [i, n] = one.split('/').map(Number);
      shard = { index: i!, count: n! };
    } else if (at('--shards')) shard = { index: 0, count: Number(at('--shards')) };
    if (!shard) return;
    const name = (parse(readFileSync(resolve(this.dir, file), 'utf8')) as { name: string }).name;
    const out = at('--out') ?? join('results', name, `shard-${shard.index}-of-${shard.count}`);
    this.shards.push({ file, ...shard, out });
  }
}

/** A bare mention in prose (`ketensim report` makes a report) is no example to run, unless the command needs no arguments. */
const runnable = (c: DocCommand) => !c.inline || /\s/.test(c.text) || ['compare', 'calibrate', 'selfcheck'].includes(c.text);

describe('every ketensim command in README.md and docs/*.md', () => {
  const docs = ['README.md', ...filesUnder('docs', '.md')];
  const commands = docs.flatMap(docCommands);
  const toRun = commands.filter(runnable);

  it('finds the documented commands, each a command of the CLI', () => {
    expect(toRun.length).toBeGreaterThanOrEqual(15);
    for (const c of commands) expect(COMMANDS as readonly string[], `${c.where}: 'ketensim ${c.text}' is no command of the CLI`).toContain(c.text.split(' ')[0]);
  });

  it('reads commands the way a shell would', () => {
    const found = docCommands('README.md').map((c) => c.text);
    expect(found).toContain('sweep sweeps/swt-capaciteit.yaml --out results/swt');
    expect(dropOptional(shellWords('calibrate [--reps 20]', {}))).toEqual(['calibrate']);
    expect(shellWords('sweep a.yaml --workers "$N" --out "x/shard-${ID}"', { N: '2', ID: '3' })).toEqual(['sweep', 'a.yaml', '--workers', '2', '--out', 'x/shard-3']);
    expect(cutCommand('merge a --out b   # a comment')).toBe('merge a --out b');
    expect(cutCommand('sweep x.yaml --shard $i/4 --out /s/shard-$i" & done; wait')).toBe('sweep x.yaml --shard $i/4 --out /s/shard-$i');
    expect(shardFolder({ file: '', index: 3, count: 16, out: 'out/shard-3' }, 7)).toBe(join('out', 'shard-7'));
    expect(shardFolder({ file: '', index: 0, count: 16, out: 'results/x/shard-0-of-16' }, 5)).toBe(join('results', 'x', 'shard-5-of-16'));
  });

  const sandbox = new DocSandbox();
  for (const c of toRun) {
    it(`${c.where}: ketensim ${c.text}`, async () => {
      const r = await sandbox.run(c);
      expectNoLeak(r, c.where);
      // calibrate exits 1 when a target is missed, which 2 replications may do; fit likewise after its one iteration.
      if (r.argv[0] === 'calibrate' && r.code === 1) expect(r.out).toMatch(/targets met/);
      else if (r.argv[0] === 'fit' && r.code === 1) expect(r.out).toMatch(/targets inside|"rows"/);
      else expect(r.code, `${c.where}: ketensim ${r.argv.join(' ')}\n${r.err}`).toBe(0);
    });
  }
});
