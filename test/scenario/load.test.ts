/**
 * Scenario files: every shipped file validates; bad files get errors that name the file and
 * line, the field path, what was expected and what was found.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadScenario, mergeScenario, ScenarioError } from '../../src/scenario/load.js';
import { didYouMean } from '../../src/scenario/schema.js';
import { SOURCE_PATTERN } from '../../src/scenario/param.js';

const root = join(import.meta.dirname, '..', '..');
const baselinePath = join(root, 'scenarios', 'nijmegen-2019-indicatiemodel.yaml');
const dir = mkdtempSync(join(tmpdir(), 'ketensim-scenarios-'));

/** Write a scenario that extends the baseline with `body`, and return the error texts. */
function errorsOf(body: string, name = 'bad.yaml'): string[] {
  const file = join(dir, name);
  writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: bad\ntitle: Bad\ndesign: indicatiemodel\n${body}`);
  try {
    loadScenario(file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => i.text);
    throw e;
  }
  return [];
}

describe('scenario files', () => {
  it('every shipped scenario and variant validates', () => {
    const files = [
      // Targets files (docs/targets.md) name a baseline and list targets: no scenarios.
      ...readdirSync(join(root, 'scenarios'))
        .filter((f) => f.endsWith('.yaml') && !f.startsWith('tmp-'))
        .map((f) => join(root, 'scenarios', f))
        .filter((f) => !/^targets:/m.test(readFileSync(f, 'utf8'))),
      ...readdirSync(join(root, 'scenarios', 'variants')).map((f) => join(root, 'scenarios', 'variants', f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const r = loadScenario(f);
      expect(r.warnings, f).toEqual([]);
    }
  });

  it('converts units to the model base units and keeps sources', () => {
    const { scenario } = loadScenario(baselinePath);
    expect(scenario.simulation.horizon.value).toBeCloseTo(5 * (365.25 / 7), 10); // years -> weeks
    expect(scenario.norms.first_contact.value).toBeCloseTo(2, 12); // 14 days -> 2 weeks
    expect(scenario.ivh.mdo_slots.source).toBe('000:L1666');
    expect(scenario.ivh.mdo_slots.aanname).toBe(false);
    expect(scenario.swt.staff.fte.aanname).toBe(true);
  });

  it('extends: a variant is the base plus its changes', () => {
    const { scenario, files } = loadScenario(join(root, 'scenarios', 'variants', 'verplicht-mdo.yaml'));
    expect(scenario.ivh.compulsory_mdo).toBe(true);
    expect(scenario.ivh.mdo_slots.value).toBe(4); // inherited
    expect(files).toHaveLength(3); // the variant, the baseline, the generic model
    expect(mergeScenario({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
    expect(mergeScenario({ p: { value: 1, unit: 'weeks', source: 'x' } }, { p: { value: 2, unit: 'days', source: 'y' } })).toEqual({ p: { value: 2, unit: 'days', source: 'y' } });
  });

  it('an unknown key (typo) is an error with a suggestion and the line', () => {
    const errs = errorsOf('swt:\n  youth_shar: { value: 0.3, unit: share, source: aanname }\n');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/bad\.yaml:6: swt\.youth_shar: expected one of the keys .*, found unknown key 'youth_shar' \(did you mean 'youth_share'\?\)/);
  });

  it('a negative rate is an error naming the path, the expectation and the value', () => {
    const errs = errorsOf('inflow:\n  wmo_rate: { value: -5, unit: per_year, source: aanname }\n');
    expect(errs[0]).toMatch(/bad\.yaml:6: inflow\.wmo_rate\.value: expected a number >= 0 per_week, found -5 per_year/);
  });

  it('a number without unit and source, a wrong unit, a missing source', () => {
    expect(errorsOf('dynamics:\n  max_episodes: 3\n')[0]).toMatch(/dynamics\.max_episodes: expected a parameter \{ value, unit, source \}.*found 3 \(write \{ value: 3, unit: count, source: "aanname" \}/);
    expect(errorsOf('dynamics:\n  max_episodes: { value: 3, unit: weeks, source: aanname }\n')[0]).toMatch(/max_episodes\.unit: expected a count unit: one of count, fte/);
    expect(errorsOf('dynamics:\n  max_episodes: { value: 3, unit: count, source: my guess }\n')[0]).toMatch(/max_episodes\.source: expected a seed reference \('003:L665'\), text starting with 'aanname', 'fitted to \.\.\.', or a source declared under sources: \(none is declared\), found 'my guess' \(declare it as sources: \{ my: "the document" \}/);
  });

  it('shares that do not sum to 1, and a bad enum value with a suggestion', () => {
    const errs = errorsOf('inflow:\n  vindplaatsen:\n    school:\n      complex_share: { value: 0.1, unit: share, source: aanname }\n      age:\n        "4-7": { value: 0.9, unit: share, source: aanname }\n');
    expect(errs.some((e) => /inflow\.vindplaatsen\.school\.age: expected shares that sum to 1 \(100%\), found a sum of 1.65/.test(e))).toBe(true);
    expect(errorsOf('swt:\n  placement: steped\n')[0]).toMatch(/swt\.placement: expected one of stepped, matched, found "steped" \(did you mean 'stepped'\?\)/);
  });

  it('malformed YAML, a missing file and an extends cycle', () => {
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'name: x\n  title: [unclosed\n');
    expect(() => loadScenario(bad)).toThrow(/broken\.yaml:\d+: not valid YAML/);
    expect(() => loadScenario(join(dir, 'nope.yaml'))).toThrow(/no scenario file at .*nope\.yaml/);
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, 'extends: b.yaml\n');
    writeFileSync(b, 'extends: a.yaml\n');
    expect(() => loadScenario(a)).toThrow(/extends: cycle through/);
  });

  it('an unstable configuration is a warning with the numbers', () => {
    const file = join(dir, 'unstable.yaml');
    writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: unstable\ntitle: U\ndesign: indicatiemodel\nswt:\n  youth_share: { value: 0.1, unit: share, source: aanname }\n`);
    const { warnings } = loadScenario(file);
    expect(warnings[0]!.text).toMatch(/swt\.youth_share: expected capacity above the long-run demand .* against 55 slots \(utilisation [\d.]+\)/);
  });

  it('an MDO meeting longer than its period is an error that names both', () => {
    const file = join(dir, 'mdo.yaml');
    writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: mdo\ntitle: M\ndesign: indicatiemodel\nivh:\n  mdo_period: { value: 2, unit: hours, source: aanname }\n`);
    expect(() => loadScenario(file)).toThrow(/ivh\.mdo_period: expected a period longer than one meeting \(mdo_slots x mdo_minutes_per_case = 3 hours\), found 2 hours/);
  });

  it('source references and suggestions', () => {
    for (const ok of ['003:L665', '003:L665-669', '003:L665-L669', '003:L324-326, L1736-1747', '000:L12, 003:L4 (note)', 'aanname', 'aanname: calibrated']) {
      expect(SOURCE_PATTERN.test(ok), ok).toBe(true);
    }
    // A word is the code of a declared source (checked against sources: once the file is read).
    for (const code of ['cbs2024', 'cbs2024: tabel 03759ned', 'fitted to doelen.yaml, 2026-12-07']) expect(SOURCE_PATTERN.test(code), code).toBe(true);
    for (const bad of ['L665', 'Guess', '3:L1', '', 'fitted to']) expect(SOURCE_PATTERN.test(bad), bad).toBe(false);
    expect(didYouMean('horizn', ['horizon', 'warmup'])).toBe('horizon');
    expect(didYouMean('zzzz', ['horizon', 'warmup'])).toBeUndefined();
  });

  it('duplicate wijk names are an error, and shares are summed over the list', () => {
    const wijk = (n: string, v: number) => `  - { name: ${n}, share: { value: ${v}, unit: share, source: aanname } }\n`;
    const errs = errorsOf('population:\n  youth: { value: 100, unit: youths, source: aanname }\n  wijken:\n' + wijk('A', 0.5) + wijk('A', 0.5));
    expect(errs.some((e) => /population\.wijken\[1\]\.name: expected a wijk name not used before, found 'A' again/.test(e))).toBe(true);
    const sum = errorsOf('population:\n  youth: { value: 100, unit: youths, source: aanname }\n  wijken:\n' + wijk('A', 0.5) + wijk('B', 0.8));
    expect(sum.some((e) => /found a sum of 1.3/.test(e))).toBe(true);
  });

  it('a parameter a file rewrites is replaced whole: a missing value or source is an error at that file', () => {
    // Before, the base's value 1 (months) was kept and read in weeks: a weekly MDO, silently.
    const noValue = errorsOf('ivh:\n  mdo_period: { unit: weeks, source: aanname }\n', 'no-value.yaml');
    expect(noValue).toEqual([expect.stringMatching(/^.*no-value\.yaml:6: ivh\.mdo_period\.value: expected a number, found nothing$/)]);
    const noSource = errorsOf('swt:\n  youth_share: { value: 0.3, unit: share }\n', 'no-source.yaml');
    expect(noSource).toEqual([expect.stringMatching(/^.*no-source\.yaml:6: swt\.youth_share\.source: expected .*found nothing$/)]);
    expect(mergeScenario({ a: { value: 1, unit: 'months', source: 's' } }, { a: { unit: 'weeks' } })).toEqual({ a: { unit: 'weeks' } });
  });

  it('a distribution a file changes only the mean of keeps its dist and cv; one written with dist is replaced whole', () => {
    const file = join(dir, 'mean-only.yaml');
    writeFileSync(file, `extends: ${JSON.stringify(baselinePath)}\nname: m\nswt:\n  indicatiestelling: { mean: { value: 5, unit: weeks, source: aanname } }\n`);
    const d = loadScenario(file).scenario.swt.indicatiestelling;
    expect(d.dist).toBe('lognormal');
    expect(d.mean.value).toBe(5);
    expect(d.cv?.value).toBe(0.6);
    expect(mergeScenario({ d: { dist: 'lognormal', mean: 1, cv: 0.6 } }, { d: { dist: 'exponential', mean: 2 } })).toEqual({ d: { dist: 'exponential', mean: 2 } });
    // A mistake in the changed mean is the changing file's; one in the kept cv is the base's.
    expect(errorsOf('swt:\n  indicatiestelling: { mean: { value: -5, unit: weeks, source: aanname } }\n', 'bad-mean.yaml')).toEqual([expect.stringMatching(/bad-mean\.yaml:6: swt\.indicatiestelling\.mean\.value/)]);
  });

  it('a zero MDO period, Wmo patience or horizon is an error (they divide, or draw an exponential)', () => {
    for (const [body, path] of [
      ['ivh:\n  mdo_period: { value: 0, unit: weeks, source: aanname }\n', 'ivh\\.mdo_period'],
      ['swt:\n  wmo_patience: { value: 0, unit: weeks, source: aanname }\n', 'swt\\.wmo_patience'],
      ['simulation:\n  horizon: { value: 0, unit: years, source: aanname }\n', 'simulation\\.horizon'],
    ] as const) {
      expect(errorsOf(body, 'zero.yaml')).toEqual([expect.stringMatching(new RegExp(`zero\\.yaml:6: ${path}\\.value: expected a number > 0 weeks, found 0 (weeks|years)$`))]);
    }
    expect(errorsOf('ivh:\n  mdo_period: { value: 0.5, unit: weeks, source: aanname }\n', 'small.yaml')).toEqual([]);
  });

  it('extends a folder: an error, not a crash', () => {
    for (const [name, ext] of [['ext-dot.yaml', '.'], ['ext-empty.yaml', '""'], ['ext-tmp.yaml', JSON.stringify(tmpdir())]] as const) {
      const file = join(dir, name);
      writeFileSync(file, `extends: ${ext}\nname: x\n`);
      expect(() => loadScenario(file), name).toThrow(ScenarioError);
      expect(() => loadScenario(file), name).toThrow(/extends: no scenario file at/);
    }
  });

  it('an error in a base file is reported at the base file, not at the file that extends it', () => {
    // The generic model with an error, the baseline extending it, and a file extending the baseline.
    const base = join(dir, 'base-with-error.yaml');
    const text = readFileSync(join(dirname(baselinePath), '..', 'model', 'generiek.yaml'), 'utf8').replace(
      'ktg: { dist: lognormal, mean: { value: 2, unit: weeks, source: aanname }',
      'ktg: { dist: lognormal, mean: { value: -2, unit: weeks, source: aanname }',
    );
    expect(text).toContain('value: -2, unit: weeks');
    writeFileSync(base, text);
    writeFileSync(join(dir, 'nijmegen.yaml'), readFileSync(baselinePath, 'utf8').replace(/^extends: .*$/m, 'extends: base-with-error.yaml'));
    const derived = join(dir, 'derived.yaml');
    writeFileSync(derived, 'extends: nijmegen.yaml\nname: d\ntitle: D\ndesign: indicatiemodel\nswt:\n  youth_share: { value: 0.4, unit: share, source: aanname }\n');
    try {
      loadScenario(derived);
      expect.unreachable();
    } catch (e) {
      const line = text.split('\n').findIndex((l) => l.includes('value: -2, unit: weeks')) + 1;
      expect((e as ScenarioError).issues[0]!.text).toMatch(new RegExp(`base-with-error\\.yaml:${line}: swt\\.ktg\\.mean\\.value`));
    }
  });
});