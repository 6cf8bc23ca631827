/**
 * Every ```ts block in docs/*.md is a runnable example: it is written to a file, with the
 * package imports pointed at the sources, and imported. Its own assertions must hold.
 */
import { describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules', '.cache', 'ketensim-doc-examples');
mkdirSync(outDir, { recursive: true });

const packageEntry: Record<string, string> = {
  'ketensim/engine': join(root, 'src/engine/index.ts'),
  'ketensim/random': join(root, 'src/random/index.ts'),
  'ketensim/experiment': join(root, 'src/experiment/index.ts'),
};

for (const doc of readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))) {
  const text = readFileSync(join(root, 'docs', doc), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  if (blocks.length === 0) continue;
  describe(`docs/${doc} examples`, () => {
    blocks.forEach((code, i) => {
      const line = text.slice(0, text.indexOf(code)).split('\n').length;
      it(`example ${i + 1} (line ${line}) runs and its assertions hold`, async () => {
        let src = code;
        for (const [spec, file] of Object.entries(packageEntry)) src = src.replaceAll(`'${spec}'`, `'${pathToFileURL(file).href}'`);
        const file = join(outDir, `${doc.replace(/\W/g, '_')}-${i + 1}.ts`);
        writeFileSync(file, src);
        await import(/* @vite-ignore */ `${pathToFileURL(file).href}?t=${Date.now()}`);
      });
    });
  });
}
