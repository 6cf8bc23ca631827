import { defineConfig, type Plugin } from 'vite';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { scenarioFileData } from '../src/scenario/parse.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every file under `dir` whose name matches, sorted (for a stable fingerprint). */
function files(dir: string, match: RegExp): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p, match) : match.test(n) ? [p] : [];
    })
    .sort();
}

/**
 * What the default comparison depends on: the model and everything it runs on (src/), the
 * scenario files, and the app's keys and default settings. A change to any of them computes it anew.
 */
function fingerprint(): string {
  const h = createHash('sha256');
  for (const f of [...files(join(ROOT, 'src'), /\.ts$/), ...files(join(ROOT, 'scenarios'), /\.yaml$/), ...files(join(ROOT, 'model'), /\.yaml$/), join(ROOT, 'web/src/data.ts'), join(ROOT, 'web/src/state.ts'), join(ROOT, 'web/tools/precompute.ts')]) {
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The default comparison computed at build time (web/tools/precompute.ts), as the module
 * `virtual:ketensim-precomputed`; kept in node_modules/.cache by fingerprint, so only a change to
 * the model or the scenarios computes it again. KETENSIM_PRECOMPUTE=0 leaves it out (the app then
 * runs the replications itself, as it does for any other comparison). Inside the script rather
 * than a file of its own: a preloaded JSON file took as long to reach the app as the larger
 * script took to start (measured with bench/web.ts, December 2026).
 */
function precomputed(): Plugin {
  const id = 'virtual:ketensim-precomputed';
  return {
    name: 'ketensim-precomputed',
    resolveId: (s) => (s === id ? `\0${id}` : null),
    load(s) {
      if (s !== `\0${id}`) return null;
      if (process.env.KETENSIM_PRECOMPUTE === '0') return 'export default null;';
      const fp = fingerprint();
      const file = join(ROOT, 'node_modules/.cache/ketensim-web', `defaults-${fp}.json`);
      if (!existsSync(file)) execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'web/tools/precompute.ts'), file, fp], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
      return `export default JSON.parse(${JSON.stringify(readFileSync(file, 'utf8'))});`;
    },
  };
}

/**
 * The shipped scenario files (scenarios/, model/) as the scenario parser reads them, as the module
 * `virtual:ketensim-parsed` (path -> data): parsing the YAML took a quarter of the app's start
 * (issue 23.7). The app still has every file's text, for messages with line numbers and for
 * files the user imports; a file whose data JSON cannot carry exactly is left out (parsed then).
 */
function parsedScenarios(): Plugin {
  const id = 'virtual:ketensim-parsed';
  return {
    name: 'ketensim-parsed',
    resolveId: (s) => (s === id ? `\0${id}` : null),
    load(s) {
      if (s !== `\0${id}`) return null;
      const out: Record<string, unknown> = {};
      for (const f of [...files(join(ROOT, 'scenarios'), /\.yaml$/), ...files(join(ROOT, 'model'), /\.yaml$/)]) {
        this.addWatchFile(f);
        const data = scenarioFileData(readFileSync(f, 'utf8'));
        if (data !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data)) out[relative(ROOT, f).split('\\').join('/')] = data;
      }
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(out))});`;
    },
  };
}

// The web app: static files in dist-web/ that work from any static host or a laptop without
// internet (relative paths, no CDN, no network requests at run time).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [precomputed(), parsedScenarios()],
  build: {
    outDir: fileURLToPath(new URL('../dist-web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
