/** Number formats of the web app: what it shows, and how it reads what a user types. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { exactDecimals, i18n, parseNumber } from '../../web/src/i18n/index.js';

describe('parseNumber', () => {
  it('reads Dutch input: decimal comma, thousands dot', () => {
    const cases: Array<[string, number]> = [
      ['1,5', 1.5],
      ['0,3', 0.3],
      ['12', 12],
      ['1.250', 1250],
      ['1.250,5', 1250.5],
      ['0.2', 0.2], // a lone dot that cannot group thousands is a decimal point
      ['1.5', 1.5],
      [' 7 ', 7],
      ['\u22122,5', -2.5],
      [',5', 0.5],
      ['0.250', 0.25], // not a thousands group: it starts with 0
      ['-0.500', -0.5],
    ];
    for (const [text, want] of cases) expect(parseNumber(text, 'nl'), text).toBe(want);
  });

  it('reads English input: decimal point, thousands comma', () => {
    const cases: Array<[string, number]> = [
      ['1.5', 1.5],
      ['1,250', 1250],
      ['1,250.5', 1250.5],
      ['0,3', 0.3],
      ['-4', -4],
    ];
    for (const [text, want] of cases) expect(parseNumber(text, 'en'), text).toBe(want);
  });

  it('refuses what is not a number', () => {
    for (const text of ['', ' ', 'abc', '1,2,3', '1.2.3', '1,5.5', '1e3', '0x10', '--1', '1,5 weken', '0.250,5']) {
      expect(parseNumber(text, 'nl'), text).toBeNaN();
    }
    expect(parseNumber('1.5,5', 'en')).toBeNaN();
  });

  it('reads back what fmtInput writes, in both languages', () => {
    for (const lang of ['nl', 'en'] as const) {
      const t = i18n(lang);
      for (const x of [0, 0.05, 0.2, 1.5, 12.25, 650, 1250, 29008, 2 ** 31]) expect(t.parse(t.fmtInput(x, 2)), `${lang} ${x}`).toBe(x);
    }
    expect(i18n('nl').fmtInput(1250.5, 2)).toBe('1250,5');
    expect(i18n('en').fmtInput(0.2, 2)).toBe('0.2');
  });
});

describe('fmt', () => {
  it('uses a true minus sign and never shows a negative zero', () => {
    const nl = i18n('nl');
    expect(nl.fmt(-1.5)).toBe('\u22121,50');
    expect(nl.fmt(-0.001)).toBe('0,00');
    expect(nl.fmt(-0)).toBe('0,00');
    expect(nl.fmt(1234.5, 1)).toBe('1.234,5');
    expect(i18n('en').fmt(-1234.5, 1)).toBe('\u22121,234.5');
  });

  it('signed: a plus above zero, a minus below, no sign for what shows as zero', () => {
    const nl = i18n('nl');
    expect([0.79, -6.26, -0.001, 0.001, 0].map((x) => nl.signed(x))).toEqual(['+0,79', '\u22126,26', '0,00', '0,00', '0,00']);
  });
});

describe('exactDecimals', () => {
  it('writes swept values and steps exactly', () => {
    expect(exactDecimals([0, 0.075, 0.15])).toBe(3);
    expect(exactDecimals([0.25, 0.5, 0.75])).toBe(2);
    expect(exactDecimals([12, 650])).toBe(0);
    expect(exactDecimals([0.1 + 0.2])).toBe(6);
  });
});

describe('one language at a time', () => {
  it('no Dutch string has English words, no English string Dutch ones (domain terms excepted)', async () => {
    const { nl } = await import('../../web/src/i18n/nl.js');
    const { en } = await import('../../web/src/i18n/en.js');
    const { flowStrings } = await import('../../web/src/charts/flow/strings.js');
    const { analysisStrings } = await import('../../web/src/i18n/analysis.js');
    const { tourStrings } = await import('../../web/src/app/tour-strings.js');
    const { importStrings } = await import('../../web/src/app/import-strings.js');
    const { bandsStrings } = await import('../../web/src/i18n/bands.js');
    const { ENGLISH_WORDS, DUTCH_WORDS, foreignWords } = await import('./language.js');
    const bad: string[] = [];
    // Placeholders ({name}) and commands (ketensim compare --equal budget) are not words of either language.
    // Names are names (Rijk van Nijmegen); the language toggle speaks the other language on purpose.
    const clean = (s: string) => s.replace(/\{\w+\}/g, ' ').replace(/ketensim compare[^)]*/g, ' ');
    const skip = (k: string) => k.startsWith('lang.toggle');
    for (const [k, v] of Object.entries({ ...nl, ...flowStrings.nl, ...analysisStrings.nl, ...tourStrings.nl, ...importStrings.nl, ...bandsStrings.nl })) if (!skip(k)) for (const w of foreignWords(clean(v), ENGLISH_WORDS)) bad.push(`nl ${k}: "${w}"`);
    for (const [k, v] of Object.entries({ ...en, ...flowStrings.en, ...analysisStrings.en, ...tourStrings.en, ...importStrings.en, ...bandsStrings.en })) if (!skip(k)) for (const w of foreignWords(clean(v), DUTCH_WORDS)) bad.push(`en ${k}: "${w}"`);
    expect(bad).toEqual([]);
    // The lists catch what they are for.
    expect(foreignWords('Wachttijd tot het eerste gesprek', ENGLISH_WORDS)).toEqual([]);
    expect(foreignWords('Wait to first conversation, in weeks', ENGLISH_WORDS)).toEqual(['wait', 'first', 'weeks']);
  });

  it('every shipped scenario has a short name and a title in both languages', async () => {
    const { nl } = await import('../../web/src/i18n/nl.js');
    const { en } = await import('../../web/src/i18n/en.js');
    const { catalogue } = await import('../../web/src/scenarios.js');
    // Shipped: tracked by git (a municipality's own folder under scenarios/ shows its own title instead).
    let shipped: (f: string) => boolean = () => true;
    try {
      const tracked = new Set(execFileSync('git', ['ls-files', 'scenarios'], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' }).split('\n'));
      if (tracked.size > 1) shipped = (f) => tracked.has(f);
    } catch {
      // Not a git checkout: every file under scenarios/ counts as shipped.
    }
    const missing: string[] = [];
    for (const c of catalogue().filter((c) => shipped(c.file))) for (const [lang, dict] of [['nl', nl], ['en', en]] as const) for (const k of [`scen.short.${c.name}`, `scen.title.${c.name}`]) if (!(k in dict)) missing.push(`${lang} ${k}`);
    expect(missing).toEqual([]);
  });

  it('every word of a shipped scenario parameter has a name in both languages', async () => {
    const { PARAM_WORDS, asWritten, paramLabel } = await import('../../web/src/i18n/params.js');
    const { scenarioParameters } = await import('../../src/experiment/results.js');
    const { buildScenario, catalogue } = await import('../../web/src/scenarios.js');
    const missing = new Set<string>();
    for (const c of catalogue()) {
      for (const r of scenarioParameters(buildScenario(c.file, {}))) {
        for (const seg of r.path.split(/[.[\]]/).filter(Boolean)) for (const lang of ['nl', 'en'] as const) if (!asWritten(seg) && !PARAM_WORDS[lang][seg]) missing.add(`${lang} ${seg}`);
      }
    }
    expect([...missing]).toEqual([]);
    expect(paramLabel('care.1.staff.caseload_per_fte', 'nl')).toBe('Zorg › lichte hulp › formatie › caseload per fte');
  });
});

describe('problems in the app language', () => {
  it('the validator\'s and the share links\' problems read Dutch in Dutch, as written in English', async () => {
    const { importScenario } = await import('../../web/src/scenarios.js');
    const { issueText, problemText } = await import('../../web/src/app/issues.js');
    const { decodeLink } = await import('../../web/src/state.js');
    const r = importScenario('fout.yaml', 'extends: nijmegen-2019-indicatiemodel.yaml\nname: fout\ntitle: Fout\ndesign: indicatiemodel\nswt:\n  placement: getrapt\n  youth_share: { value: -3, unit: share, source: aanname }\n');
    if (!('issues' in r)) throw new Error('expected problems');
    const nl = r.issues.map((i) => issueText(i, i18n('nl')));
    expect(nl).toContain('scenarios/import/fout.yaml:7: swt.youth_share.value: verwacht een getal van 0 tot en met 1 aandeel, gevonden -3 aandeel');
    expect(nl.join('\n')).toMatch(/swt\.placement: verwacht een van stepped, matched, gevonden "getrapt"/);
    expect(r.issues.map((i) => issueText(i, i18n('en')))).toEqual(r.errors);
    // A YAML reader's own message has no Dutch words: where, and what kind of problem.
    const bad = importScenario('kapot.yaml', 'name: [unclosed\n');
    if (!('issues' in bad)) throw new Error('expected problems');
    expect(issueText(bad.issues[0]!, i18n('nl'))).toMatch(/^scenarios\/import\/kapot\.yaml(:\d+)?: de YAML-lezer kan dit deel van het bestand niet lezen/);
    let err: unknown;
    try {
      decodeLink('#s=eyJ2IjoiMC4xLjAiLCJzIjp7InNsb3RzIjpbeyJmaWxlIjoiL2V0Yy9wYXNzd2QifV19fQ', ['scenarios/a.yaml']);
    } catch (e) {
      err = e;
    }
    expect(problemText(err, i18n('nl'))).toBe('scenario 1: onbekend scenariobestand');
    expect(problemText(err, i18n('en'))).toBe('scenario 1: unknown scenario file');
  });
});
