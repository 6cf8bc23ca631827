/** `npm run docs`: regenerate the assumptions section of docs/model.md and docs/scenario.schema.json. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assumptionsMarkdown, scenarioJsonSchema, withAssumptions } from './docs.js';

/** The generic model, then every scenario file under scenarios/: the baseline first, then the other designs, then the variants (each sorted). */
export function scenarioFiles(root: string): string[] {
  const dir = join(root, 'scenarios');
  // Targets files (a baseline and its targets, docs/targets.md) are no scenarios.
  const yaml = (d: string) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(d, f))
      .filter((f) => !/^targets:/m.test(readFileSync(f, 'utf8')));
  const baseline = join(dir, 'nijmegen-2019-indicatiemodel.yaml');
  const top = yaml(dir).filter((f) => f !== baseline);
  // Then the other folders: municipalities of their own, years ahead (sorted).
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'variants')
    .map((e) => e.name)
    .sort();
  return [join(root, 'model', 'generiek.yaml'), baseline, ...top, ...yaml(join(dir, 'variants')), ...folders.flatMap((f) => yaml(join(dir, f)))];
}

export function generate(root: string): { modelMd: string; schema: string } {
  const modelMd = withAssumptions(readFileSync(join(root, 'docs', 'model.md'), 'utf8'), assumptionsMarkdown(scenarioFiles(root)));
  return { modelMd, schema: scenarioJsonSchema() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!readdirSync(root).includes('package.json')) root = dirname(root);
  const { modelMd, schema } = generate(root);
  writeFileSync(join(root, 'docs', 'model.md'), modelMd);
  writeFileSync(join(root, 'docs', 'scenario.schema.json'), schema);
  console.log('wrote docs/model.md (assumptions) and docs/scenario.schema.json');
}
