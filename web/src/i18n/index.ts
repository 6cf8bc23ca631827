/**
 * Translations and number formats. Dutch first (nl-NL: decimal comma, thousands dot), English
 * available. All strings live in the locale files (nl.ts, en.ts, and the chart modules' own).
 */
import { KPI_LABELS } from '../../../src/experiment/kpis.js';
import type { Lang } from '../charts/common.js';
import { en } from './en.js';
import { nl } from './nl.js';

const tables: Record<Lang, Record<string, string>> = { nl: { ...nl }, en: { ...en } };

/** Add a module's strings (e.g. a chart's) to the locale tables. */
export function addStrings(strings: Record<Lang, Record<string, string>>): void {
  Object.assign(tables.nl, strings.nl);
  Object.assign(tables.en, strings.en);
}

export interface I18n {
  lang: Lang;
  t: (key: string, vars?: Record<string, string | number>) => string;
  fmt: (x: number, digits?: number) => string;
  kpi: (id: string) => string;
  unit: (id: string) => string;
}

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
    kpi: (id) => KPI_LABELS[id]?.[lang] ?? id,
    unit: (id) => KPI_LABELS[id]?.unit ?? '',
  };
}
