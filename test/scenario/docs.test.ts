/**
 * Generated documentation is up to date: the assumptions section of docs/model.md and
 * docs/scenario.schema.json equal what `npm run docs` would write now.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/scenario/gen-docs.js';
import { paramsOfFile } from '../../src/scenario/docs.js';

const root = join(import.meta.dirname, '..', '..');

describe('generated docs', () => {
  it('docs/model.md lists every parameter of every scenario file (run `npm run docs` if this fails)', () => {
    const { modelMd, schema } = generate(root);
    expect(readFileSync(join(root, 'docs', 'model.md'), 'utf8')).toBe(modelMd);
    expect(readFileSync(join(root, 'docs', 'scenario.schema.json'), 'utf8')).toBe(schema);
  });

  it('every parameter in the baseline and the generic model it extends has a seed line or is marked aanname', () => {
    const rows = [...paramsOfFile(join(root, 'model', 'generiek.yaml')), ...paramsOfFile(join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml'))];
    expect(rows.length).toBeGreaterThan(150);
    for (const r of rows) expect(r.aanname || /^\d{3}:L\d+/.test(r.source), r.path).toBe(true);
    expect(rows.some((r) => !r.aanname)).toBe(true);
  });
});
