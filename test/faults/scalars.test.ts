/**
 * Every kind of YAML scalar in every kind of scenario field, and absurd magnitudes in every
 * number: found by walking the baseline scenario (so new fields are covered without editing
 * this test), each written into a copy of the baseline and validated. Each must validate or be
 * refused with a message that names the field. Every number that validates at an absurd
 * magnitude is then run briefly in a process of its own with a time limit: it must finish or be
 * refused, never hang, crash or run out of memory.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scenarioData } from '../../src/scenario/load.js';
import { formatPath } from '../../src/scenario/schema.js';
import { scenarioSchema } from '../../src/scenario/types.js';
import { BASELINE, cli, expectNoLeak, ROOT, tmp } from './harness.js';

type Path = (string | number)[];
type Kind = 'number' | 'unit' | 'source' | 'choice' | 'text' | 'switch' | 'list' | 'section';

interface JsonNode {
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  enum?: unknown[];
  type?: string;
}

/** The schema node at a path of scenario data. */
function schemaAt(path: Path): JsonNode | undefined {
  let node: JsonNode | undefined = scenarioSchema.json() as JsonNode;
  for (const seg of path) node = typeof seg === 'number' ? node?.items : node?.properties?.[seg];
  return node;
}

const isParam = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && 'value' in x && 'unit' in x;

/** Every field of the merged baseline, by kind. */
function fields(data: unknown): Map<Kind, Path[]> {
  const out = new Map<Kind, Path[]>();
  const add = (k: Kind, p: Path) => out.set(k, [...(out.get(k) ?? []), p]);
  const walk = (x: unknown, p: Path) => {
    if (isParam(x)) {
      add('number', [...p, 'value']);
      add('unit', [...p, 'unit']);
      add('source', [...p, 'source']);
    } else if (Array.isArray(x)) {
      add('list', p);
      x.forEach((v, i) => walk(v, [...p, i]));
    } else if (typeof x === 'object' && x !== null) {
      if (p.length > 0) add('section', p);
      for (const [k, v] of Object.entries(x)) if (k !== 'extends') walk(v, [...p, k]);
    } else if (typeof x === 'boolean') add('switch', p);
    else if (typeof x === 'number') add('number', p);
    else if (typeof x === 'string') add(schemaAt(p)?.enum ? 'choice' : 'text', p);
  };
  walk(data, []);
  return out;
}

/** YAML scalars of every type, as written in a file. */
const SCALARS = ['null', '~', 'true', 'no', '"text"', '""', '0', '-1', '1.5', '1e308', '-1e308', '.nan', '.inf', '-.inf', '9007199254740993', '0x10', '1_000', '2019-01-01', '[]', '{}', '!!binary aGVsbG8=', "'1e308'"];
/** Absurd magnitudes, for every number (-1 and the other scalars go into the first numbers). */
const MAGNITUDES = ['0', '1e308', '1e-300'];
/** Paths of each kind that get every scalar (the numbers all get the magnitudes). */
const PER_KIND = 2;

/**
 * Known gaps in the scenario checks (src/scenario/checks.ts), each refused today only when the run
 * starts, with an internal error of one line. Listed so they are seen, not hidden: remove an entry
 * when the checks catch it.
 */
const KNOWN_GAPS: { path: RegExp; error: RegExp; why: string }[] = [];

interface Case {
  kind: Kind;
  path: Path;
  scalar: string;
  file: string;
}

const MARK = 'SCALAR-GOES-HERE';

let dir: string;
const cases: Case[] = [];

beforeAll(() => {
  dir = tmp('scalars');
  const data = scenarioData(BASELINE);
  delete data.extends;
  const byKind = fields(data);
  const write = (path: Path, scalar: string, kind: Kind) => {
    // The baseline with the field replaced by a marker, then the marker by the scalar's text.
    const copy = structuredClone(data) as Record<string, unknown>;
    let node = copy as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
    node[path.at(-1)!] = MARK;
    copy.name = `scalar-${cases.length}`;
    const file = join(dir, `case-${cases.length}.yaml`);
    writeFileSync(file, stringify(copy).replace(MARK, scalar));
    cases.push({ kind, path, scalar, file });
  };
  for (const [kind, paths] of byKind) {
    paths.slice(0, PER_KIND).forEach((p) => SCALARS.forEach((s) => write(p, s, kind)));
    if (kind === 'number') paths.slice(PER_KIND).forEach((p) => MAGNITUDES.forEach((s) => write(p, s, kind)));
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The answers to validate, per case. */
const validated = new Map<number, { code: number; err: string }>();

describe('every scalar in every field kind', () => {
  it('covers every kind of field of the baseline', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    for (const k of ['number', 'unit', 'source', 'choice', 'text', 'list', 'section'] as const) expect(kinds, `no field of kind ${k} found`).toContain(k);
    expect(cases.length).toBeGreaterThan(300);
  });

  it('validates each, or refuses it naming the field', async () => {
    const wrong: string[] = [];
    for (const [i, c] of cases.entries()) {
      const r = await cli(['validate', c.file]);
      const what = `${formatPath(c.path)} = ${c.scalar}`;
      expectNoLeak(r, what);
      validated.set(i, r);
      if (r.code === 0) continue;
      // The field, or the object or list that holds it (a share that breaks a sum to 1).
      const named = [0, 1, 2, 3].some((up) => c.path.length - up > 0 && r.err.includes(formatPath(c.path.slice(0, c.path.length - up))));
      if (r.code !== 2 || !named || !/expected .+ found|not valid YAML|casussen arrive|years per run/.test(r.err)) wrong.push(`${what} (exit ${r.code}):\n${r.err}`);
    }
    expect(wrong, 'errors that do not name the field').toEqual([]);
  });

  it('every absurd number that validates runs briefly or is refused: no hang, no crash, no running out of memory', async () => {
    const absurd = cases.map((c, i) => ({ c, i })).filter(({ c, i }) => c.kind === 'number' && validated.get(i)?.code === 0);
    expect(absurd.length).toBeGreaterThan(50);
    const list = join(dir, 'runs.json');
    writeFileSync(list, JSON.stringify(absurd.map(({ c }) => ['run', c.file, '--reps', '1', '--horizon-years', '0.05', '--warmup-years', '0', '--workers', '1', '--json'])));
    const answers = await runIsolated(list, 240_000);
    const wrong: string[] = [];
    for (const [j, { c }] of absurd.entries()) {
      const what = `${formatPath(c.path)} = ${c.scalar}`;
      const a = answers[j];
      const gap = a && KNOWN_GAPS.find((g) => g.path.test(formatPath(c.path)) && g.error.test(a.err));
      if (gap) console.warn(`known gap, ${what}: ${gap.why}`);
      else if (!a) wrong.push(`${what}: did not finish within the time limit (hung, or the process died: ${answers.error ?? ''})`);
      else if (![0, 2].includes(a.code) || /\n\s+at |internal error/.test(a.err)) wrong.push(`${what} (exit ${a.code}): ${a.err}`);
    }
    expect(wrong, 'absurd numbers that hang, crash or end in an internal error').toEqual([]);
  });
});

/** Run the cases of a list in a process of its own (test/faults/run-cases.ts), killed after `limitMs`. */
function runIsolated(list: string, limitMs: number): Promise<Array<{ code: number; err: string } | undefined> & { error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=2048', join(ROOT, 'test/faults/run-cases.ts'), list], { cwd: ROOT });
    let buf = '';
    let stderr = '';
    const answers: Array<{ code: number; err: string } | undefined> & { error?: string } = [];
    let started = -1;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const m = JSON.parse(buf.slice(0, nl)) as { i: number; start?: boolean; code: number; err: string };
        buf = buf.slice(nl + 1);
        if (m.start) started = m.i;
        else answers[m.i] = { code: m.code, err: m.err };
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) answers.error = `case ${started} was running; exit ${code ?? signal}; ${stderr.slice(-500)}`;
      resolve(answers);
    });
  });
}
