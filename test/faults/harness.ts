/**
 * Shared pieces of the hostile-input suite: the CLI in this process, the checks every answer
 * must pass (a clear error or a correct result), snapshots of folders that must stay as they
 * were, and the sandbox of hostile files the cases point at.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { scenarioData } from '../../src/scenario/load.js';

export const ROOT = resolve(__dirname, '../..');
export const BASELINE = join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml');

/** A text that exists only in files that are not scenarios: it must never appear in any output. */
export const SECRET = 'SECRET-7f3a9c-do-not-echo';

export interface Answer {
  code: number;
  out: string;
  err: string;
}

/** The CLI through `main(argv, io)`, in this process. */
export async function cli(argv: readonly string[]): Promise<Answer> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every answer: no stack trace, no internal error, nothing of a file that is not a scenario. */
export function expectNoLeak(r: Answer, what: string): void {
  const all = `${r.out}\n${r.err}`;
  expect(all, `${what}: a stack trace`).not.toMatch(/\n\s+at .+[:(]\d+/);
  expect(all, `${what}: an internal error`).not.toMatch(/internal error/);
  expect(all, `${what}: quotes a file that is not a scenario`).not.toContain(SECRET);
  expect(all, `${what}: quotes /etc/passwd`).not.toMatch(/root:x:0:0/);
}

/** A clear error: exit code 2 (a user error), and every pattern in the message. */
export function expectClearError(r: Answer, patterns: readonly (RegExp | string)[], what: string): void {
  expectNoLeak(r, what);
  expect(r.code, `${what}: exit code (stderr: ${r.err})`).toBe(2);
  for (const p of patterns) {
    if (typeof p === 'string') expect(r.err, what).toContain(p);
    else expect(r.err, what).toMatch(p);
  }
}

/** Every file under `dir` (recursively) with the hash of its bytes; folders as entries too. */
export function snapshot(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  const stat = (p: string) => {
    try {
      return statSync(p, { throwIfNoEntry: false });
    } catch {
      return undefined; // a loop of symbolic links
    }
  };
  const top = stat(path);
  if (!top) return out;
  if (!top.isDirectory()) return { '.': hash(path) };
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = stat(p);
      if (st?.isDirectory()) {
        out[relative(path, p) + '/'] = 'dir';
        // Follow no links into folders (a link to '..' would not end).
        if (!lstatSync(p).isSymbolicLink()) walk(p);
      } else out[relative(path, p)] = st?.isFile() ? hash(p) : 'other';
    }
  };
  walk(path);
  return out;
}

/** Temporary files (`*.tmp-<pid>`) anywhere under `dir`. */
export function temporaries(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((f) => /\.tmp-\d+$/.test(f));
}

/** A fresh folder under the system's temporary folder. */
export const tmp = (label: string) => mkdtempSync(join(tmpdir(), `ketensim-faults-${label}-`));

/** Deterministic bytes that are not text (xorshift), for a file of binary junk. */
export function junk(n: number, seed = 12345): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/**
 * Fields of the baseline the cases use, found in it rather than named here, so the cases follow
 * the model when its fields are renamed: an inflow rate (the first parameter under inflow with a
 * per_year, per_month or per_week unit), and the numbers of the scenario.
 */
function baselineFields(): { rate: { path: string; unit: string; value: number }; numbers: { path: string; value: number }[] } {
  const data = scenarioData(BASELINE);
  const numbers: { path: string; value: number; unit: string }[] = [];
  const walk = (x: unknown, path: string) => {
    if (typeof x !== 'object' || x === null) return;
    const p = x as { value?: unknown; unit?: unknown };
    if (typeof p.value === 'number' && typeof p.unit === 'string') numbers.push({ path, value: p.value, unit: p.unit });
    else for (const [k, v] of Object.entries(x)) walk(v, Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  };
  walk(data, '');
  const rate = numbers.find((n) => n.path.startsWith('inflow.') && /^per_(year|month|week)$/.test(n.unit) && n.value > 0 && !n.path.includes('['));
  if (!rate) throw new Error('test/faults: no inflow rate found in the baseline');
  return { rate, numbers: numbers.filter((n) => !n.path.includes('[')) };
}

export const FIELDS = baselineFields();

/** YAML that sets the parameter at `path` (a.b.c) to `{ value: <text>, unit, source }`, for a file that extends the baseline. */
export function setParam(path: string, valueText: string, unit: string): string {
  const parts = path.split('.');
  return parts.map((k, i) => `${'  '.repeat(i)}${/^\d/.test(k) ? `"${k}"` : k}:${i === parts.length - 1 ? ` { value: ${valueText}, unit: ${unit}, source: aanname }` : ''}`).join('\n');
}

/** A sweep file over the baseline, tiny unless told otherwise. */
export function sweepText(o: { name?: string; base?: string; reps?: number; seed?: number | string; extra?: string; parameters?: string } = {}): string {
  return [
    `name: ${o.name ?? 'faults'}`,
    `base: ${o.base ?? BASELINE}`,
    'design: grid',
    `seed: ${o.seed ?? 3}`,
    `reps: ${o.reps ?? 1}`,
    'horizon_years: 0.1',
    'warmup_years: 0.05',
    'kpis: [wait_intake_weeks, time_to_care_weeks]',
    ...(o.extra ? [o.extra] : []),
    'parameters:',
    o.parameters ?? `  - path: ${FIELDS.rate.path}\n    values: [${FIELDS.rate.value}, ${+(FIELDS.rate.value * 1.1).toPrecision(6)}]`,
    '',
  ].join('\n');
}

/** A scenario that extends the baseline and sets `yaml` (top-level YAML text) on it. */
export const scenarioText = (name: string, yaml = '') => `extends: ${BASELINE}\nname: ${name}\n${yaml}\n`;

/** Short options that make run, compare and calibrate quick. */
export const SHORT = ['--reps', '2', '--horizon-years', '0.1', '--warmup-years', '0.05', '--workers', '1'] as const;

/**
 * The sandbox of hostile files and folders the cases point at. Made once per test file; nothing
 * in it is changed by a case except what the case makes itself.
 */
export interface Sandbox {
  dir: string;
  /** The path of a named file or folder in the sandbox. */
  at(name: string): string;
}

export async function makeSandbox(): Promise<Sandbox> {
  const dir = tmp('sandbox');
  const at = (name: string) => join(dir, name);
  const write = (name: string, text: string | Buffer) => writeFileSync(at(name), text);

  // Valid files.
  write('ok.yaml', scenarioText('ok'));
  write('ok2.yaml', scenarioText('ok2'));
  write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(scenarioText('with-bom'))]));
  write('crlf.yaml', scenarioText('with-crlf').replace(/\n/g, '\r\n'));
  write('json.yaml', JSON.stringify({ extends: BASELINE, name: 'as-json' }));
  write('sweep.yaml', sweepText());

  // Hostile YAML.
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  write('bomb.yaml', `extends: ${BASELINE}\nname: bomb\n${bomb.join('\n')}\n`);
  write('sweep-bomb.yaml', `${sweepText()}${bomb.join('\n')}\n`);
  write('deep-flow.yaml', `name: deep\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
  write('deep-map.yaml', `extends: ${BASELINE}\nname: deep\n${Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`);
  write('junk.yaml', junk(4096));
  write('png.yaml', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), junk(256)]));
  write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scenarioText('utf16'), 'utf16le')]));
  write('huge.yaml', `extends: ${BASELINE}\nname: huge\ndescription: "${'x'.repeat(1_500_000)}"\n`);
  write('dup.yaml', `extends: ${BASELINE}\nname: one\nname: two\n`);
  write('empty.yaml', '');
  write('list.yaml', '- a\n- b\n');
  write('scalar.yaml', '42\n');
  write('tabs.yaml', `extends: ${BASELINE}\nname: tabs\ninflow:\n\tgrowth: 3\n`);
  write('unterminated.yaml', `extends: ${BASELINE}\nname: "open\n`);
  write('nul.yaml', `extends: ${BASELINE}\nname: nul\u0000\n`);
  mkdirSync(at('folder.yaml'));

  // Files that are not scenarios, whose content must never be echoed.
  write('secret.txt', `${SECRET} root:x:0:0:root:/root:/bin/bash\n${SECRET}:x:1:1\n`);
  write('secret-map.yaml', `${SECRET}-a: 1\n${SECRET}-b: 2\n`);
  write('secret-long-key.yaml', `extends: ${BASELINE}\nname: long\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx${SECRET}: 1\n`);
  write('extends-secret.yaml', `extends: ./secret.txt\nname: s\n`);
  write('extends-secret-map.yaml', `extends: ./secret-map.yaml\nname: s\n`);
  write('extends-passwd.yaml', `extends: /etc/passwd\nname: p\n`);
  write('extends-folder.yaml', `extends: .\nname: f\n`);
  write('extends-missing.yaml', `extends: ./nowhere.yaml\nname: m\n`);
  write('extends-number.yaml', `extends: 42\nname: n\n`);
  write('extends-dev-zero.yaml', `extends: /dev/zero\nname: z\n`);
  write('cycle-a.yaml', `extends: ./cycle-b.yaml\nname: a\n`);
  write('cycle-b.yaml', `extends: ./cycle-a.yaml\nname: b\n`);
  write('self.yaml', `extends: ./self.yaml\nname: self\n`);
  symlinkSync('loop-2.yaml', at('loop-1.yaml'));
  symlinkSync('loop-1.yaml', at('loop-2.yaml'));
  write('extends-loop.yaml', `extends: ./loop-1.yaml\nname: l\n`);

  // Targets files and tables (docs/targets.md, docs/tables.md).
  const target = (extra = '', t = '  - { kpi: trajectories_per_year, value: 3150, band: 0.1, source: "001:L205-239" }') => `title: T\nbaseline: ok.yaml\nreplications: 2\n${extra}targets:\n${t}\n`;
  write('t-ok.yaml', target());
  write('t-unknown-kpi.yaml', target('', '  - { kpi: trajectories_per_yeer, value: 3150, band: 0.1, source: aanname }'));
  write('t-no-band.yaml', target('', '  - { kpi: trajectories_per_year, value: 3150, source: aanname }'));
  write('t-low-high.yaml', target('', '  - { kpi: trajectories_per_year, low: 3500, high: 3000, source: aanname }'));
  write('t-source.yaml', target('', '  - { kpi: trajectories_per_year, value: 3150, band: 0.1, source: "gemeente: jaarverslag" }'));
  write('t-baseline-missing.yaml', target().replace('baseline: ok.yaml', 'baseline: nowhere.yaml'));
  write('t-baseline-secret.yaml', target().replace('baseline: ok.yaml', 'baseline: secret.txt'));
  write('t-table-missing.yaml', 'title: T\nbaseline: ok.yaml\ntargets: { table: nowhere.csv }\n');
  write('t-table.csv', 'kpi;waarde;marge;bron\ntrajectories_per_year;3150;0.1;aanname\n');
  write('t-table.yaml', 'title: T\nbaseline: ok.yaml\ntargets: { table: t-table.csv }\n');
  write('t-table-secret.yaml', 'title: T\nbaseline: ok.yaml\ntargets: { table: secret.txt }\n');
  write('t-unknown-key.yaml', target('baseine: ok.yaml\n'));
  write('w-gap.csv', 'wijk;0-4;5-9;10-17\nA;1;1;1\n');
  write('w-gap.yaml', scenarioText('w-gap', 'population:\n  youth_0_23: { value: 100, unit: youths, source: aanname }\n  wijken: { table: w-gap.csv, source: aanname }'));
  write('w-secret.yaml', scenarioText('w-secret', 'population:\n  wijken: { table: secret.txt, source: aanname }'));
  write('w-no-source.yaml', scenarioText('w-no-source', 'population:\n  wijken: { table: w-gap.csv }'));
  mkdirSync(at('init-exists'));

  // Absurd values in valid types.
  const rate = (v: string) => setParam(FIELDS.rate.path, v, 'per_year');
  write('rate-huge.yaml', scenarioText('rate-huge', rate('1e308')));
  write('rate-big.yaml', scenarioText('rate-big', rate('1e7')));
  write('rate-1e12.yaml', scenarioText('rate-1e12', rate('1e12')));
  write('horizon-1e6.yaml', scenarioText('horizon-1e6', 'simulation:\n  horizon: { value: 1e6, unit: years, source: aanname }'));
  write('rate-nan.yaml', scenarioText('rate-nan', rate('.nan')));
  write('rate-inf.yaml', scenarioText('rate-inf', rate('.inf')));
  write('rate-negative.yaml', scenarioText('rate-negative', rate('-5')));
  write('horizon-huge.yaml', scenarioText('horizon-huge', 'simulation:\n  horizon: { value: 1e308, unit: years, source: aanname }'));
  write('horizon-zero.yaml', scenarioText('horizon-zero', 'simulation:\n  horizon: { value: 0, unit: years, source: aanname }'));

  // Sweeps: hostile and absurd.
  write('sweep-grid-1e7.yaml', sweepText({ parameters: `  - path: ${FIELDS.rate.path}\n    from: 10\n    to: 30\n    steps: 10000000` }));
  write('sweep-grid-product.yaml', sweepText({ parameters: FIELDS.numbers.slice(0, 8).map((n) => `  - path: ${n.path}\n    values: [${Array.from({ length: 10 }, (_, j) => (j + 1) / 100).join(', ')}]`).join('\n') }));
  write('sweep-lhs-1e9.yaml', sweepText({ parameters: '  - path: dynamics.deterioration_per_week\n    from: 0\n    to: 0.02' }).replace('design: grid', 'design: lhs\nsamples: 1000000000'));
  write('sweep-reps-1e9.yaml', sweepText({ reps: 1_000_000_000 }));
  write('sweep-seed-2p53.yaml', sweepText({ seed: '9007199254740993' }));
  write('sweep-seed-negative.yaml', sweepText({ seed: -1 }));
  write('sweep-nan.yaml', sweepText({ parameters: '  - path: dynamics.deterioration_per_week\n    from: .nan\n    to: 0.02\n    steps: 2' }));
  write('sweep-inf.yaml', sweepText({ parameters: '  - path: dynamics.deterioration_per_week\n    from: 0\n    to: .inf\n    steps: 2' }));
  write('sweep-rate-1e12.yaml', sweepText({ parameters: `  - path: ${FIELDS.rate.path}\n    values: [${FIELDS.rate.value}, 1e12]` }));
  write('sweep-rate-huge.yaml', sweepText({ parameters: `  - path: ${FIELDS.rate.path}\n    values: [${FIELDS.rate.value}, 1e308]` }));
  write('sweep-base-secret.yaml', sweepText({ base: './secret.txt' }));
  write('sweep-base-loop.yaml', sweepText({ base: './loop-1.yaml' }));
  write('sweep-base-folder.yaml', sweepText({ base: '.' }));
  write('sweep-base-bomb.yaml', sweepText({ base: './bomb.yaml' }));
  
  // Results folders: a finished sweep, its two shards, and broken copies.
  for (const [args, out] of [
    [[], 'results'],
    [['--shard', '0/2'], 's0'],
    [['--shard', '1/2'], 's1'],
  ] as const) {
    const r = await cli(['sweep', at('sweep.yaml'), ...args, '--out', at(out), '--workers', '1']);
    if (r.code !== 0) throw new Error(`sandbox: sweep ${out} failed: ${r.err}`);
  }
  write('other.yaml', sweepText({ name: 'other', seed: 4 }));
  const other = await cli(['sweep', at('other.yaml'), '--out', at('other'), '--workers', '1']);
  if (other.code !== 0) throw new Error(`sandbox: sweep other failed: ${other.err}`);
  const copyResults = (name: string, change: (d: string) => void) => {
    mkdirSync(at(name));
    for (const f of readdirSync(at('results'))) writeFileSync(join(at(name), f), readFileSync(join(at('results'), f)));
    change(at(name));
  };
  copyResults('res-journal-folder', (d) => {
    rmSync(join(d, 'runs.jsonl'));
    mkdirSync(join(d, 'runs.jsonl'));
  });
  copyResults('res-manifest-folder', (d) => {
    rmSync(join(d, 'manifest.json'));
    mkdirSync(join(d, 'manifest.json'));
  });
  copyResults('res-manifest-secret', (d) => writeFileSync(join(d, 'manifest.json'), readFileSync(at('secret.txt'))));
  copyResults('res-manifest-junk', (d) => writeFileSync(join(d, 'manifest.json'), junk(2048)));
  copyResults('res-torn', (d) => writeFileSync(join(d, 'runs.jsonl'), readFileSync(join(d, 'runs.jsonl'), 'utf8').slice(0, -40)));
  copyResults('res-journal-junk', (d) => writeFileSync(join(d, 'runs.jsonl'), junk(4096)));
  mkdirSync(at('empty-folder'));
  mkdirSync(at('busy-folder'));
  write('busy-folder/notes.txt', 'mine\n');
  return { dir, at };
}
