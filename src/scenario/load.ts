/**
 * Loading scenario files from the file system (Node). The parsing and validation are in
 * parse.ts, shared with the web app.
 */
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFrom, MAX_FILE_BYTES, PACKAGE_PREFIX, scenarioDataFrom, SourceProblem, type LoadResult, type Override, type ScenarioSource } from './parse.js';

let root: string | undefined;
/** The folder of the ketensim package (its scenarios/ and model/), from the source or the compiled file. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml')) && existsSync(join(dir, 'package.json'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('the package folder of ketensim was not found');
    dir = up;
  }
}

export { ScenarioError, mergeScenario, applyOverride, type LoadResult, type Override, type FormattedIssue, type ScenarioSource } from './parse.js';

/** A file-system error while reading a scenario or sweep file, in words. */
function problem(e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ELOOP: 'a loop of symbolic links',
    EACCES: 'a file it has no permission to read',
    EPERM: 'a file it has no permission to read',
    ENAMETOOLONG: 'a path that is too long',
    EISDIR: 'a folder',
    EIO: 'a file that cannot be read (input/output error)',
  };
  if (code && words[code]) throw new SourceProblem(words[code]);
  throw e;
}

const mb = (bytes: number) => `${(bytes / (1 << 20)).toFixed(bytes < 10 << 20 ? 1 : 0)} MB`;

export const fileSource: ScenarioSource = {
  // A folder (`extends: .`, a sweep's `base: /tmp`) is no scenario file either; a device or a
  // pipe (/dev/zero) neither. A file is read only when it is of a scenario's size.
  read: (p) => {
    let st: Stats | undefined;
    try {
      st = statSync(p, { throwIfNoEntry: false });
    } catch (e) {
      problem(e);
    }
    if (!st?.isFile()) return undefined;
    if (st.size > MAX_FILE_BYTES) throw new SourceProblem(`a file of ${mb(st.size)}, more than the ${mb(MAX_FILE_BYTES)} a scenario or sweep file may have`);
    try {
      return readFileSync(p, 'utf8');
    } catch (e) {
      return problem(e);
    }
  },
  resolve: (from, ref) => (ref.startsWith(PACKAGE_PREFIX) ? join(packageRoot(), ref.slice(PACKAGE_PREFIX.length)) : resolve(dirname(from), ref)),
  display: (p) => relative(process.cwd(), p) || p,
  canonical: (p) => resolve(p),
};

/** Load, merge and validate a scenario file (with overrides set on top). Throws ScenarioError. */
export function loadScenario(path: string, opts: { overrides?: readonly Override[] } = {}): LoadResult {
  return loadScenarioFrom(fileSource, path, opts);
}

/** The scenario data of a file merged with what it extends, before validation. */
export function scenarioData(path: string): Record<string, unknown> {
  return scenarioDataFrom(fileSource, path);
}
