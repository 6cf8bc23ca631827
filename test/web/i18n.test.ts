/** Number formats of the web app: what it shows, and how it reads what a user types. */
import { describe, expect, it } from 'vitest';
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
