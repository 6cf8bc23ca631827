/**
 * A YAML file is parsed once per text (src/scenario/parse.ts): every caller still gets data of its
 * own, and a file whose data came from the web app's build (knownScenarioFile) still gives the
 * line of a problem. Every shipped scenario file reaches the app parsed (web/vite.config.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isTargetsText } from '../../src/experiment/targets.js';
import { knownScenarioFile, loadScenarioFrom, parseYamlFile, scenarioDataFrom, scenarioFileData, ScenarioError, textSource } from '../../src/scenario/parse.js';

const ROOT = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : n.endsWith('.yaml') ? [p] : [];
  });
}

const BASE = `name: proef
title: Proef
design: indicatiemodel
extends: ketensim:model/generiek.yaml
`;

describe('parsed files', () => {
  it('a text parsed again gives the same data, each call a copy of its own', () => {
    const text = 'name: a\ntitle: A\nsimulation:\n  seed: 3\n';
    const a = parseYamlFile(text, 'scenario', ['name', 'title', 'simulation']);
    const b = parseYamlFile(text, 'scenario', ['name', 'title', 'simulation']);
    if ('problems' in a || 'problems' in b) throw new Error('should parse');
    expect(b.data).toEqual(a.data);
    (a.data.simulation as { seed: number }).seed = 99;
    const c = parseYamlFile(text, 'scenario', ['name', 'title', 'simulation']);
    if ('problems' in c) throw new Error('should parse');
    expect((c.data.simulation as { seed: number }).seed).toBe(3);
    expect((b.data.simulation as { seed: number }).seed).toBe(3);
  });

  it('overrides applied to one load do not reach the next load of the same files', () => {
    const files = { 'model/generiek.yaml': readFileSync(join(ROOT, 'model/generiek.yaml'), 'utf8'), 's/base.yaml': BASE };
    const src = textSource(files);
    // A nested value of the generic model's data (the merge copies only what a file overrides).
    const horizon = (d: Record<string, unknown>) => (d.simulation as { horizon: { value: number } }).horizon;
    // Parsed (or not) before: this load and the next come from the cache.
    scenarioDataFrom(src, 's/base.yaml');
    const first = scenarioDataFrom(src, 's/base.yaml');
    const before = horizon(first).value;
    expect(before).toBe(5);
    horizon(first).value = 99;
    expect(horizon(scenarioDataFrom(src, 's/base.yaml')).value).toBe(before);
  });

  it('a file known from the build still names the line of a problem (its document parsed when the message needs it)', () => {
    const generic = readFileSync(join(ROOT, 'model/generiek.yaml'), 'utf8');
    const baseline = readFileSync(join(ROOT, 'scenarios/nijmegen-2019-indicatiemodel.yaml'), 'utf8').replace('extends: ketensim:model/generiek.yaml', 'extends: ../model/generiek.yaml');
    // A typo on a known line, and a text this process has not parsed before.
    const typoLine = baseline.split('\n').length;
    const bad = `${baseline.replace(/\n*$/, '\n')}simulaton: { seed: 1 }\n`;
    const messages = (text: string) => {
      try {
        loadScenarioFrom(textSource({ 'model/generiek.yaml': generic, 's/bad.yaml': text }), 's/bad.yaml');
        return [];
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        return e.issues.map((i) => `${i.file}:${i.line}: ${i.text}`);
      }
    };
    const known = `${bad}# known from the build\n`;
    knownScenarioFile(known, scenarioFileData(bad)!);
    const fromBuild = messages(known);
    expect(fromBuild).toHaveLength(1);
    expect(fromBuild[0]).toMatch(new RegExp(`^s/bad\\.yaml:${typoLine}: s/bad\\.yaml:${typoLine}: simulaton: .*unknown key 'simulaton'`));
    expect(fromBuild).toEqual(messages(bad));
  });

  it('every shipped scenario file parses to data that JSON carries exactly, so the app gets them all parsed', () => {
    const files = [...yamlFiles(join(ROOT, 'scenarios')), ...yamlFiles(join(ROOT, 'model'))];
    const scenarios = files.filter((f) => !isTargetsText(readFileSync(f, 'utf8')));
    expect(scenarios.length).toBeGreaterThan(10);
    for (const f of scenarios) {
      const data = scenarioFileData(readFileSync(f, 'utf8'));
      expect(data, relative(ROOT, f)).toBeDefined();
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data), relative(ROOT, f)).toBe(true);
    }
  });
});
