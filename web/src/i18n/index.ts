/**
 * Translations and number formats. Dutch first (nl-NL: decimal comma, thousands dot), English
 * available. All strings live in the locale files (nl.ts, en.ts, and the chart modules' own).
 */
import { kpiName } from '../../../src/experiment/kpis.js';
import type { Lang } from '../charts/common.js';
import { analysisStrings } from './analysis.js';
import { bandsStrings } from './bands.js';
import { en } from './en.js';
import { nl } from './nl.js';

const tables: Record<Lang, Record<string, string>> = { nl: { ...nl, ...analysisStrings.nl, ...bandsStrings.nl }, en: { ...en, ...analysisStrings.en, ...bandsStrings.en } };

/** Add a module's strings (e.g. a chart's) to the locale tables. */
export function addStrings(strings: Record<Lang, Record<string, string>>): void {
  Object.assign(tables.nl, strings.nl);
  Object.assign(tables.en, strings.en);
}

export interface I18n {
  lang: Lang;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** A number for reading: locale separators, a true minus sign (U+2212), no negative zero. */
  fmt: (x: number, digits?: number) => string;
  /** A difference: fmt with a plus sign when it is above zero as shown ('+0,79', '−6,26', '0,00'). */
  signed: (x: number, digits?: number) => string;
  /** The text for `key`, or `fallback` when the locale files have none (an id as written). */
  tOr: (key: string, fallback: string) => string;
  /** A number for an input field: locale decimal separator, no grouping, up to `digits` decimals. */
  fmtInput: (x: number, digits: number) => string;
  /** A number typed by the user, in this locale (see parseNumber); NaN if it is not one. */
  parse: (text: string) => number;
  kpi: (id: string) => string;
  unit: (id: string) => string;
}

/**
 * A number as a user types it. Dutch: a comma is the decimal separator and dots group thousands
 * ('1,5', '1.250', '1.250,5'); English: the other way round. A lone separator that cannot be a
 * thousands group is read as a decimal one ('0.2' in Dutch, '0,2' in English), since nobody
 * groups a number below 1,000. Spaces, and a minus sign typed as U+2212, are accepted. Anything
 * else (letters, two decimal separators, an empty field) gives NaN.
 */
export function parseNumber(text: string, lang: Lang): number {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace('\u2212', '-');
  const [dec, grp] = lang === 'nl' ? [',', '.'] : ['.', ','];
  // A thousands group needs a leading digit other than 0: '0.250' is not 250.
  const grouped = new RegExp(`^-?[1-9]\\d{0,2}(\\${grp}\\d{3})+(\\${dec}\\d*)?$`);
  let norm: string;
  if (grouped.test(s)) norm = s.split(grp).join('').replace(dec, '.');
  else if (!s.includes(grp)) norm = s.replace(dec, '.');
  else if (!s.includes(dec)) norm = s.replace(grp, '.');
  else return NaN;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(norm) ? Number(norm) : NaN;
}

/** The fewest decimals (at most 6) that write every one of `xs` exactly: 0.25 needs 2, 12 none. */
export function exactDecimals(xs: readonly number[]): number {
  for (let d = 0; d < 6; d++) if (xs.every((x) => !Number.isFinite(x) || Number(x.toFixed(d)) === x)) return d;
  return 6;
}

/** A formatted zero, in either locale ('0', '0,00', '0.0'). */
const ZERO = /^0([.,]0*)?$/;

/** Digits that suit a value's size: 2 below 10, 1 below 100, 0 above. */
export const digitsFor = (x: number) => (Math.abs(x) < 10 ? 2 : Math.abs(x) < 100 ? 1 : 0);

export function i18n(lang: Lang): I18n {
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const formats = new Map<number, Intl.NumberFormat>();
  const fmt = (x: number, digits?: number) => {
    if (!Number.isFinite(x)) return '–';
    const d = digitsFor(x);
    const dd = digits ?? d;
    let f = formats.get(dd);
    if (!f) formats.set(dd, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: dd, maximumFractionDigits: dd })));
    // A value that rounds to zero shows no sign ('0,00', not '-0,00'). (Intl's signDisplay
    // 'negative' does this too, but throws in browsers older than Intl.NumberFormat v3.)
    const s = f.format(x);
    return ZERO.test(s.slice(1)) && s.startsWith('-') ? s.slice(1) : s.replace('-', '\u2212');
  };
  const signed = (x: number, digits?: number) => {
    const s = fmt(x, digits);
    return x > 0 && !ZERO.test(s) ? `+${s}` : s;
  };
  const inputFormats = new Map<number, Intl.NumberFormat>();
  const fmtInput = (x: number, digits: number) => {
    let f = inputFormats.get(digits);
    if (!f) inputFormats.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: false })));
    return f.format(x);
  };
  const t = (key: string, vars?: Record<string, string | number>) => {
    const s = tables[lang][key] ?? tables.nl[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => (vars[k] === undefined ? `{${k}}` : typeof vars[k] === 'number' ? fmt(vars[k] as number, Number.isInteger(vars[k]) ? 0 : undefined) : String(vars[k]))) : s;
  };
  return {
    lang,
    t,
    fmt,
    signed,
    tOr: (key, fallback) => (t(key) === key ? fallback : t(key)),
    fmtInput,
    parse: (text) => parseNumber(text, lang),
    kpi: (id) => kpiName(id, lang).text,
    unit: (id) => kpiName(id, lang).unit,
  };
}

/** A unit of a scenario file as people read it ('plekken', 'maanden'); an unknown unit as written. */
export function unitLabel(t: I18n, unit: string): string {
  return t.tOr(`unit.${unit}`, unit);
}
