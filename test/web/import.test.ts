/**
 * Importing a scenario that reads a table (web/src/scenarios.ts importFiles): the scenario and its
 * CSV tables chosen together, the tables found next to the scenario as the CLI finds them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { buildScenario, catalogue, FILES, importFiles } from '../../web/src/scenarios.js';
import { issueText } from '../../web/src/app/issues.js';
import { addStrings, i18n } from '../../web/src/i18n/index.js';
import { importStrings } from '../../web/src/app/import-strings.js';

addStrings(importStrings);
const ROOT = resolve(__dirname, '../..');
const RIVIERSTAD = join(ROOT, 'scenarios/rivierstad');
const file = (name: string) => ({ name, text: readFileSync(join(RIVIERSTAD, name), 'utf8') });

describe('importing scenarios with their tables', () => {
  it('a scenario that reads a table, chosen without it: the error names file, line and field, says to bring the table, and nothing is added', () => {
    const before = Object.keys(FILES).length;
    const r = importFiles([file('basis.yaml')]);
    if (!('errors' in r)) throw new Error('expected an error');
    expect(r.errors).toEqual([expect.stringMatching(/^scenarios\/import\/basis\.yaml:23: population\.wijken\.table: expected an existing CSV table, found no file at scenarios\/import\/wijken\.csv/)]);
    expect(r.issues[0]!.expected).toBe('an existing CSV table');
    expect(issueText(r.issues[0]!, i18n('nl'))).toBe('scenarios/import/basis.yaml:23: population.wijken.table: verwacht een bestaande CSV-tabel, gevonden geen bestand scenarios/import/wijken.csv');
    expect(Object.keys(FILES).length).toBe(before);
    expect(catalogue().filter((c) => c.imported)).toEqual([]);
  });

  it('only tables: a scenario file is asked for', () => {
    const r = importFiles([file('wijken.csv')]);
    if (!('errors' in r)) throw new Error('expected an error');
    expect(issueText(r.issues[0]!, i18n('nl'))).toMatch(/verwacht een scenariobestand \(\.yaml\) bij de gekozen bestanden, met de tabellen die het leest, gevonden alleen tabellen/);
  });

  it('a damaged table: file, line and column, in both languages; nothing is added', () => {
    const csv = file('wijken.csv').text.replace('Havenkwartier;1.420', 'Havenkwartier;veel');
    const r = importFiles([file('basis.yaml'), { name: 'wijken.csv', text: csv }]);
    if (!('errors' in r)) throw new Error('expected an error');
    expect(r.errors[0]).toMatch(/^scenarios\/import\/wijken\.csv:3: column '0 tot 5 jaar': expected a number of youths .*, found 'veel' \(population\.wijken\.table of scenarios\/import\/basis\.yaml\)$/);
    expect(issueText(r.issues[0]!, i18n('nl'))).toBe("scenarios/import/wijken.csv:3: population.wijken.table: kolom '0 tot 5 jaar': verwacht een aantal jeugdigen (een getal met een decimale komma: 1234, 1.234 of 12,5; ten minste 0), gevonden 'veel'");
    expect(catalogue().filter((c) => c.imported)).toEqual([]);
    expect(FILES['scenarios/import/wijken.csv']).toBeUndefined();
  });

  it('the scenario with its table (extends ketensim:model/generiek.yaml) gives the scenario the CLI loads from its folder', () => {
    const r = importFiles([file('wijken.csv'), file('basis.yaml')]);
    expect(r).toEqual({ scenarios: ['scenarios/import/basis.yaml'], files: ['scenarios/import/wijken.csv', 'scenarios/import/basis.yaml'] });
    const web = buildScenario('scenarios/import/basis.yaml', {});
    const cli = loadScenario(join(RIVIERSTAD, 'basis.yaml')).scenario;
    expect(JSON.stringify(web)).toBe(JSON.stringify(cli));
    expect(web.population.wijken.map((w) => w.name)).toContain('Havenkwartier');
  });

  it('a municipality\'s designs chosen together: the baseline they extend comes first, each as the CLI loads it', () => {
    const r = importFiles(['brede-basisteams.yaml', 'one-stop-shop.yaml', 'basis.yaml', 'geoptimaliseerd-indicatiemodel.yaml', 'wijken.csv'].map(file));
    if ('errors' in r) throw new Error(r.errors.join('\n'));
    expect(r.scenarios).toEqual(['scenarios/import/basis.yaml', 'scenarios/import/brede-basisteams.yaml', 'scenarios/import/one-stop-shop.yaml', 'scenarios/import/geoptimaliseerd-indicatiemodel.yaml']);
    for (const f of r.scenarios) expect(JSON.stringify(buildScenario(f, {})), f).toBe(JSON.stringify(loadScenario(join(RIVIERSTAD, f.replace('scenarios/import/', ''))).scenario));
    expect(catalogue().filter((c) => c.imported).map((c) => c.name).sort()).toEqual(['rivierstad-basis', 'rivierstad-brede-basisteams', 'rivierstad-geoptimaliseerd-indicatiemodel', 'rivierstad-one-stop-shop']);
  });

  it('a later table of the same name that breaks an imported scenario is refused, and the scenario keeps its table', () => {
    const before = FILES['scenarios/import/wijken.csv'];
    const other = { name: 'ander.yaml', text: 'extends: nijmegen-2019-indicatiemodel.yaml\nname: ander\ntitle: Ander\ndesign: indicatiemodel\n' };
    const r = importFiles([other, { name: 'wijken.csv', text: 'wijk;0-4\nA;1\n' }]);
    if (!('errors' in r)) throw new Error('expected an error');
    expect(r.errors.join('\n')).toMatch(/scenarios\/import\/wijken\.csv.*population\.wijken\.table of scenarios\/import\/basis\.yaml/);
    expect(FILES['scenarios/import/wijken.csv']).toBe(before);
    expect(FILES['scenarios/import/ander.yaml']).toBeUndefined();
    expect(buildScenario('scenarios/import/basis.yaml', {}).population.wijken.length).toBeGreaterThan(1);
  });
});
