/**
 * Parameters: every number in a scenario file is written as `{ value, unit, source }`.
 * The unit must belong to the parameter's family and is converted to the model's base unit
 * (time in weeks, rates per week, money in euros). The source is a seed reference such as
 * `003:L665` (or `003:L665-669`, several separated by commas), or starts with `aanname`
 * (an assumption), so every result can be traced to where its inputs come from.
 */
import { Described, describeValue, type Issue, type JsonSchema, type Schema } from './schema.js';

/** The code of a source a scenario declares (`sources: { cbs2024: ... }`): a word of lower-case letters, digits, - and _. */
const SOURCE_CODE_TEXT = String.raw`[a-z][a-z0-9_-]*`;
export const SOURCE_CODE = new RegExp(`^${SOURCE_CODE_TEXT}$`);
/** Words a declared source may not be called: they are kinds of source of their own. */
export const RESERVED_SOURCE_CODES = ['aanname', 'fitted'];

/** The kind of a source that passed SOURCE_PATTERN: the declared code it cites, or undefined for a seed, an assumption or a fit. */
export function sourceCode(source: string): string | undefined {
  if (/^aanname\b/.test(source) || /^fitted to\s/.test(source) || /^\d{3}:L/.test(source)) return undefined;
  return /^[a-z][a-z0-9_-]*/.exec(source)?.[0];
}

/** One year in weeks: 365.25 / 7. */
export const WEEKS_PER_YEAR = 365.25 / 7;

export const UNIT_FAMILIES = {
  time: { base: 'weeks', units: { minutes: 1 / (7 * 24 * 60), hours: 1 / (7 * 24), days: 1 / 7, weeks: 1, months: WEEKS_PER_YEAR / 12, years: WEEKS_PER_YEAR } },
  rate: { base: 'per_week', units: { per_week: 1, per_month: 12 / WEEKS_PER_YEAR, per_year: 1 / WEEKS_PER_YEAR } },
  incidence: { base: 'per_1000_per_week', units: { per_1000_per_week: 1, per_1000_per_month: 12 / WEEKS_PER_YEAR, per_1000_per_year: 1 / WEEKS_PER_YEAR } },
  share: { base: 'share', units: { share: 1, percent: 0.01 } },
  count: { base: 'count', units: { count: 1, fte: 1, places: 1, slots: 1, casussen: 1, youths: 1, households: 1, meetings: 1 } },
  money: { base: 'eur', units: { eur: 1, keur: 1e3, meur: 1e6 } },
  hours: { base: 'hours', units: { hours: 1 } },
  tariff: { base: 'eur_per_week', units: { eur_per_week: 1, eur_per_day: 7, eur_per_month: 12 / WEEKS_PER_YEAR, eur_per_year: 1 / WEEKS_PER_YEAR } },
  factor: { base: 'factor', units: { factor: 1 } },
} as const;

export type UnitFamily = keyof typeof UNIT_FAMILIES;

export interface Param {
  /** The value in the family's base unit (weeks, per week, euros, ...). */
  value: number;
  /** As written in the file. */
  written: { value: number; unit: string };
  source: string;
  /** True when the source is an assumption rather than a seed reference. */
  aanname: boolean;
  /**
   * A plausible range of an assumption (base unit), for the sensitivity analysis, with its source
   * or reason; absent: the documented default (src/experiment/sensitivity.ts).
   */
  low?: number;
  high?: number;
  rangeSource?: string;
  /**
   * Set on a parameter the model derives from others (a vindplaats's rate from its per_1000 and
   * the population, a wijk's share from its youths): what it is derived from. Not an assumption
   * of its own.
   */
  derived?: string;
}

const SEED_REF = String.raw`\d{3}:L\d+(?:-L?\d+)?`;
/** More lines of the same seed may follow as `, L1736-1747`. */
const MORE_REF = String.raw`(?:${SEED_REF}|L\d+(?:-L?\d+)?)`;
/**
 * A source: a seed reference ('003:L665', several separated by commas), an assumption ('aanname
 * ...'), a value fitted to targets ('fitted to doelen.yaml, 2026-12-07'), or a source the file
 * declares under `sources:` by its code ('cbs2024', 'cbs2024: tabel 03759ned'), checked against
 * the declared codes once the scenario is read (checkSourceCodes).
 */
export const SOURCE_PATTERN = new RegExp(String.raw`^(?:aanname\b.*|fitted to\s.+|${SEED_REF}(?:\s*,\s*${MORE_REF})*(?:[\s;:(].*)?|(?!fitted\b)${SOURCE_CODE_TEXT}(?:[\s;:(,].*)?)$`, 's');
/** The keys a parameter may have. */
const PARAM_KEYS = ['value', 'unit', 'source', 'note', 'low', 'high', 'range_source'];

export interface ParamOptions {
  /** Bounds in the base unit. */
  min?: number;
  max?: number;
  /** Strictly above zero (a period, a mean time that divides or draws an exponential). */
  positive?: boolean;
  integer?: boolean;
  description?: string;
}

export function param(family: UnitFamily, opts: ParamOptions = {}): Schema<Param> {
  const fam = UNIT_FAMILIES[family];
  const units = Object.keys(fam.units);
  return {
    parse(v, path, issues) {
      const bad = (sub: string | null, expected: string, found: unknown, hint?: string): undefined => {
        issues.push({ path: sub === null ? [...path] : [...path, sub], expected, found: describeValue(found), severity: 'error', ...(hint ? { hint } : {}) });
        return undefined;
      };
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        return bad(null, `a parameter { value, unit, source } with unit one of ${units.join(', ')}`, v, typeof v === 'number' ? `write { value: ${v}, unit: ${fam.base}, source: "aanname" } or cite a seed line` : undefined);
      }
      const rec = v as Record<string, unknown>;
      let ok = true;
      for (const k of Object.keys(rec)) {
        if (!PARAM_KEYS.includes(k)) ok = bad(k, `one of the keys ${PARAM_KEYS.join(', ')}`, new Described(`unknown key '${k}'`)) ?? false;
      }
      const unit = rec.unit;
      const value = rec.value;
      const source = rec.source;
      if (typeof unit !== 'string' || !(unit in fam.units)) ok = bad('unit', `a ${family} unit: one of ${units.join(', ')}`, unit) ?? false;
      if (typeof value !== 'number' || !Number.isFinite(value)) ok = bad('value', 'a number', value) ?? false;
      if (typeof source !== 'string' || !SOURCE_PATTERN.test(source)) {
        ok = bad('source', "a seed reference like '003:L665' (or '003:L665-669, 000:L12'), text starting with 'aanname', or the code of a source declared under sources:", source) ?? false;
      }
      // A range (for the sensitivity analysis): low <= value <= high, in the unit of the value, with its reason.
      for (const k of ['low', 'high'] as const) if (rec[k] !== undefined && (typeof rec[k] !== 'number' || !Number.isFinite(rec[k]))) ok = bad(k, `a number in ${String(unit)}`, rec[k]) ?? false;
      const hasRange = rec.low !== undefined || rec.high !== undefined;
      if (hasRange && (typeof rec.range_source !== 'string' || rec.range_source.trim() === '')) ok = bad('range_source', 'the source or reason of the range low-high (a seed reference or a reason)', rec.range_source) ?? false;
      if (!hasRange && rec.range_source !== undefined) ok = bad('range_source', 'low and high next to it (range_source gives their reason)', new Described('range_source without low or high')) ?? false;
      if (!ok) return undefined;
      const factor = (fam.units as Record<string, number>)[unit as string]!;
      const base = (value as number) * factor;
      const expected = rangeText(opts, fam.base);
      const outside = (x: number, written: number) => (opts.min !== undefined && x < opts.min - 1e-12) || (opts.max !== undefined && x > opts.max + 1e-12) || (opts.positive && !(x > 0)) || (opts.integer && !Number.isInteger(written));
      if (outside(base, value as number)) return bad('value', expected, new Described(`${String(value)} ${String(unit)}`));
      const low = rec.low as number | undefined;
      const high = rec.high as number | undefined;
      if (low !== undefined && (outside(low * factor, low) || low > (value as number))) return bad('low', `${expected}, at most the value ${String(value)}`, new Described(`${String(low)} ${String(unit)}`));
      if (high !== undefined && (outside(high * factor, high) || high < (value as number))) return bad('high', `${expected}, at least the value ${String(value)}`, new Described(`${String(high)} ${String(unit)}`));
      return {
        value: base,
        written: { value: value as number, unit: unit as string },
        source: source as string,
        // A value fitted to targets is a calibrated assumption: it may be fitted again and varied.
        aanname: /^(?:aanname\b|fitted to\s)/.test(source as string),
        ...(low !== undefined ? { low: low * factor } : {}),
        ...(high !== undefined ? { high: high * factor } : {}),
        ...(hasRange ? { rangeSource: rec.range_source as string } : {}),
      };
    },
    json(): JsonSchema {
      return {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'unit', 'source'],
        properties: {
          value: { type: 'number', ...(opts.positive ? { exclusiveMinimum: 0 } : {}), ...(opts.description ? { description: opts.description } : {}) },
          unit: { enum: units },
          source: { type: 'string', pattern: SOURCE_PATTERN.source, description: "Seed reference ('003:L665') or 'aanname ...'" },
          note: { type: 'string' },
          low: { type: 'number', description: 'lowest plausible value, in the unit of value (sensitivity analysis)' },
          high: { type: 'number', description: 'highest plausible value, in the unit of value (sensitivity analysis)' },
          range_source: { type: 'string', description: 'the source or reason of low and high' },
        },
        ...(opts.description ? { description: opts.description } : {}),
      };
    },
  };
}

function rangeText(o: ParamOptions, base: string): string {
  const what = o.integer ? 'a whole number' : 'a number';
  if (o.positive) return o.max !== undefined ? `${what} in (0, ${o.max}] ${base}` : `${what} > 0 ${base}`;
  if (o.min !== undefined && o.max !== undefined) return `${what} in [${o.min}, ${o.max}] ${base}`;
  if (o.min !== undefined) return `${what} >= ${o.min} ${base}`;
  if (o.max !== undefined) return `${what} <= ${o.max} ${base}`;
  return what;
}

/** A list of issues for a group of shares that must sum to 1 (within rounding). */
export function checkSumsToOne(shares: Record<string, Param | undefined>, path: (string | number)[], issues: Issue[]): void {
  const total = Object.values(shares).reduce((s, p) => s + (p?.value ?? 0), 0);
  if (Math.abs(total - 1) > 1e-6) {
    issues.push({ path: [...path], expected: 'shares that sum to 1 (100%)', found: `a sum of ${+total.toFixed(6)}`, severity: 'error' });
  }
}
