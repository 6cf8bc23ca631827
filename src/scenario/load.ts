/**
 * Loading scenario files from the file system (Node). The parsing and validation are in
 * parse.ts, shared with the web app.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { loadScenarioFrom, scenarioDataFrom, type LoadResult, type Override, type ScenarioSource } from './parse.js';

export { ScenarioError, mergeScenario, applyOverride, type LoadResult, type Override, type FormattedIssue, type ScenarioSource } from './parse.js';

export const fileSource: ScenarioSource = {
  // A folder (`extends: .`, a sweep's `base: /tmp`) is no scenario file either.
  read: (p) => (statSync(p, { throwIfNoEntry: false })?.isFile() ? readFileSync(p, 'utf8') : undefined),
  resolve: (from, ref) => resolve(dirname(from), ref),
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
