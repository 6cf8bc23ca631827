/**
 * Which assumptions carry a result (issue: "which assumptions could change the conclusion?").
 * Every `aanname` parameter of the scenarios has a plausible range: `low` and `high` in its file,
 * with their reason, or by default half and twice its value (-50%/+100%), kept inside what the
 * scenario schema accepts (a share stays at most 1, a level a whole number within its bounds). A
 * position q in [0, 1] maps onto that range piecewise linearly, q = 0.5 being the file's value, so
 * a design that has the same assumption at another value moves by the same relative position.
 *
 * Three views, all under common random numbers:
 * - screening: a Latin hypercube over every assumption at once (N points; each design at every
 *   point) and Spearman rank correlations between each assumption's position and each KPI (of each
 *   design, and of each design's difference with the first). Chosen over Morris elementary
 *   effects: with some 200 assumptions Morris needs r x 201 points per design, a Latin hypercube N
 *   whatever their number, and the same sample gives the robustness below; it catches monotone
 *   effects, which is what a ranking needs (Morris would also catch non-monotone ones).
 * - tornado: one at a time, the most influential assumptions of the screening at their low and
 *   high ends, the others at their values.
 * - robustness: over the sample, the share of points where each design ranks first on each KPI
 *   (by the KPI's better direction), and the assumptions whose lower and upper halves give the
 *   winner most different shares (the assumptions that flip the ranking).
 *
 * Pure: scenarios in, numbers out; the runs are the caller's (CLI, web).
 */
import type { Param } from '../scenario/param.js';
import { checkScenario } from '../scenario/checks.js';
import type { Issue } from '../scenario/schema.js';
import { scenarioSchema, type Scenario } from '../scenario/types.js';
import { deriveScenario } from '../scenario/derive.js';
import { summarise, type Summary } from './ci.js';
import { leaves } from './explain.js';
import { KPI_LABELS } from './kpis.js';
import { latinHypercube } from './sweep.js';

/** The default range of an assumption without low and high: half and twice its value. */
export const DEFAULT_LOW = 0.5;
export const DEFAULT_HIGH = 2;

/** One assumption: a parameter path, and its value and range in each scenario that has it. */
export interface Assumption {
  path: string;
  /** Per scenario (by index): value, low, high in base units, and where the range comes from. */
  at: ({ value: number; low: number; high: number; range: 'file' | 'default'; rangeSource?: string } | null)[];
}

const isParam = (x: unknown): x is Param => typeof x === 'object' && x !== null && !Array.isArray(x) && 'value' in x && 'written' in x;

/** The group of shares a path belongs to (they must keep summing to one), or null. */
export function shareGroup(path: string): string | null {
  const m = /^(inflow\.vindplaatsen\.[a-z_]+\.(?:age|need|route))\.[^.]+$/.exec(path);
  if (m) return m[1]!;
  return /^population\.wijken\[\d+\]\.share$/.test(path) ? 'population.wijken' : null;
}

/** The parameter at a path of a scenario. */
export function paramAt(s: unknown, path: string): Param | undefined {
  let node: unknown = s;
  for (const part of path.split(/\.(?![^[]*\])/)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    node = m ? ((node as Record<string, unknown[]>)[m[1]!] ?? [])[Number(m[2])] : (node as Record<string, unknown> | undefined)?.[part];
  }
  return isParam(node) ? node : undefined;
}

/** A scenario's data as a file would write it (parameters as { value, unit, source }), for validation. */
function asData(x: unknown): unknown {
  if (isParam(x)) return x.derived !== undefined ? undefined : { value: x.written.value, unit: x.written.unit, source: x.source };
  if (Array.isArray(x)) return x.map(asData);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k, v]) => v !== undefined && k !== 'before').map(([k, v]) => [k, asData(v)]));
  return x;
}

/** Is the scenario valid (the schema and the cross-field checks, warnings aside)? */
export function validScenario(s: Scenario): boolean {
  const issues: Issue[] = [];
  const parsed = scenarioSchema.parse(asData(s), [], issues);
  const derived = parsed && deriveScenario(parsed, issues);
  if (derived) checkScenario(derived, issues);
  return derived !== undefined && issues.every((i) => i.severity !== 'error');
}

/** A parameter set to another value in base units, written in its own unit; counts (levels, slots, episodes) stay whole numbers. */
function withBase(p: Param, value: number): Param {
  const factor = p.value !== 0 ? p.written.value / p.value : 1;
  const written = p.written.unit === 'count' ? Math.round(value * factor) : value * factor;
  return { ...p, value: written / factor, written: { ...p.written, value: written } };
}

function setParam(s: Scenario, path: string, p: Param): Scenario {
  const x = structuredClone(s) as unknown as Record<string, unknown>;
  const parts = path.split(/\.(?![^[]*\])/);
  let node = x;
  for (const part of parts.slice(0, -1)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    node = (m ? (node[m[1]!] as unknown[])[Number(m[2])] : node[part]) as Record<string, unknown>;
  }
  node[parts.at(-1)!] = p;
  return x as unknown as Scenario;
}

/**
 * The assumptions of the scenarios: every parameter whose source is an assumption (the run's own
 * settings, simulation.*, aside), with its range in each scenario. A default range that the schema
 * would refuse (a share above 1, a cap below 1) is narrowed towards the value until it is valid;
 * `only` keeps the paths that start with one of its entries.
 */
export function assumptionsOf(scenarios: readonly Scenario[], only?: readonly string[]): Assumption[] {
  const paths = new Map<string, Assumption>();
  scenarios.forEach((s, i) => {
    for (const [path, leaf] of leaves(s)) {
      if (!isParam(leaf) || !leaf.aanname || path.startsWith('simulation.')) continue;
      if (only && !only.some((o) => path === o || path.startsWith(`${o}.`) || path.startsWith(`${o}[`))) continue;
      const a = paths.get(path) ?? { path, at: scenarios.map(() => null) };
      a.at[i] = rangeOf(s, path, leaf);
      paths.set(path, a);
    }
  });
  // An assumption no scenario can vary (a value of 0 without a range, a share alone in its group).
  return [...paths.values()].filter((a) => a.at.some((r) => r && r.high - r.low > 0)).sort((x, y) => (x.path < y.path ? -1 : 1));
}

function rangeOf(s: Scenario, path: string, p: Param): NonNullable<Assumption['at'][number]> {
  if (p.low !== undefined || p.high !== undefined) return { value: p.value, low: p.low ?? p.value, high: p.high ?? p.value, range: 'file', ...(p.rangeSource ? { rangeSource: p.rangeSource } : {}) };
  // A share alone in its group (a route taken by all) cannot move.
  const group = shareGroup(path);
  if (group && p.value >= 1) return { value: p.value, low: p.value, high: p.value, range: 'default' };
  const bound = (target: number) => {
    let v = target;
    for (let k = 0; k < 12; k++) {
      if (validScenario(vary(s, [{ path, value: v }]))) return v;
      v = p.value + (v - p.value) / 2;
    }
    return p.value;
  };
  return { value: p.value, low: bound(p.value * DEFAULT_LOW), high: bound(p.value * DEFAULT_HIGH), range: 'default' };
}

/** The value at position q of a range: low at 0, the file's value at 0.5, high at 1. */
export function atPosition(r: { value: number; low: number; high: number }, q: number): number {
  return q < 0.5 ? r.low + (r.value - r.low) * (q / 0.5) : r.value + (r.high - r.value) * ((q - 0.5) / 0.5);
}

/**
 * The scenario with parameters set to other values (base units); shares of a group that must sum
 * to one are scaled together so they do: the ones set keep their values where they can.
 */
export function vary(s: Scenario, set: readonly { path: string; value: number }[]): Scenario {
  let x = s;
  const touched = new Map<string, Set<string>>();
  for (const { path, value } of set) {
    const p = paramAt(x, path);
    if (!p) continue;
    x = setParam(x, path, withBase(p, value));
    const g = shareGroup(path);
    if (g) touched.set(g, (touched.get(g) ?? new Set()).add(path));
  }
  for (const [group, fixed] of touched) {
    const members = [...leaves(x)].filter(([path, leaf]) => isParam(leaf) && shareGroup(path) === group).map(([path]) => path);
    const sumFixed = [...fixed].reduce((a, p) => a + paramAt(x, p)!.value, 0);
    const others = members.filter((m) => !fixed.has(m));
    const sumOthers = others.reduce((a, p) => a + paramAt(x, p)!.value, 0);
    // The others fill what the ones set leave; when they cannot, all are scaled to one.
    if (sumOthers > 0 && sumFixed <= 1) for (const p of others) x = setParam(x, p, withBase(paramAt(x, p)!, (paramAt(x, p)!.value * (1 - sumFixed)) / sumOthers));
    else {
      const total = sumFixed + sumOthers;
      if (total > 0) for (const p of members) x = setParam(x, p, withBase(paramAt(x, p)!, paramAt(x, p)!.value / total));
    }
  }
  // The fields derived from what was set (a rate from its per_1000, the totals from the wijken).
  return deriveScenario(x, []) ?? x;
}

/** Scenario `i` with every assumption at its position in `q`. */
export function atPositions(s: Scenario, i: number, assumptions: readonly Assumption[], q: readonly number[]): Scenario {
  return vary(
    s,
    assumptions.flatMap((a, j) => (a.at[i] ? [{ path: a.path, value: atPosition(a.at[i]!, q[j]!) }] : [])),
  );
}

/** The Latin hypercube of positions: `n` points, one position per assumption. */
export function samplePositions(assumptions: readonly Assumption[], n: number, seed: number): number[][] {
  return latinHypercube(
    assumptions.map(() => ({ from: 0, to: 1 })),
    n,
    seed,
  );
}

/** Ranks with ties averaged (1-based). */
function ranks(x: readonly number[]): number[] {
  const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation, with its 95% interval by Fisher's z (n > 3); NaN where y does not vary. */
export function spearman(x: readonly number[], y: readonly number[]): { rho: number; ciLow: number; ciHigh: number } {
  const keep = x.map((_, i) => i).filter((i) => Number.isFinite(x[i]!) && Number.isFinite(y[i]!));
  const rx = ranks(keep.map((i) => x[i]!));
  const ry = ranks(keep.map((i) => y[i]!));
  const n = keep.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mean) * (ry[i]! - mean);
    sxx += (rx[i]! - mean) ** 2;
    syy += (ry[i]! - mean) ** 2;
  }
  const rho = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
  if (!(n > 3) || !Number.isFinite(rho)) return { rho, ciLow: NaN, ciHigh: NaN };
  const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, rho)));
  const h = 1.959963984540054 / Math.sqrt(n - 3);
  return { rho, ciLow: Math.tanh(z - h), ciHigh: Math.tanh(z + h) };
}

/** A KPI's value in each design at each sample point (mean over the point's replications): values[point][design]. */
export type SampleValues = Record<string, number>[][];

export interface ScreeningRow {
  path: string;
  /** The design (scenario name), or `B - A` for a design's difference with the first. */
  design: string;
  rho: number;
  ciLow: number;
  ciHigh: number;
}

/** Rank correlations of every assumption with every KPI, per design and per difference with the first, strongest first. */
export function screening(names: readonly string[], assumptions: readonly Assumption[], q: readonly number[][], values: SampleValues, kpis: readonly string[]): Record<string, ScreeningRow[]> {
  const out: Record<string, ScreeningRow[]> = {};
  for (const kpi of kpis) {
    const series: [string, number[]][] = names.map((n, d) => [n, values.map((v) => v[d]![kpi] ?? NaN)]);
    for (let d = 1; d < names.length; d++) series.push([`${names[d]} - ${names[0]}`, values.map((v) => (v[d]![kpi] ?? NaN) - (v[0]![kpi] ?? NaN))]);
    const rows: ScreeningRow[] = [];
    for (const [design, y] of series) {
      assumptions.forEach((a, j) => {
        const r = spearman(q.map((p) => p[j]!), y);
        if (Number.isFinite(r.rho)) rows.push({ path: a.path, design, ...r });
      });
    }
    out[kpi] = rows.sort((x, y) => Math.abs(y.rho) - Math.abs(x.rho));
  }
  return out;
}

export interface Robustness {
  /** Share of the sample points where each design ranks first (they add up to one). */
  shares: Record<string, number>;
  /** The assumptions whose lower and upper halves change the winner's share most. */
  flips: { path: string; winner: string; lowerHalf: number; upperHalf: number }[];
}

/** Which design ranks first on each KPI at each point, and what flips it. KPIs without a better direction are left out. */
export function robustness(names: readonly string[], assumptions: readonly Assumption[], q: readonly number[][], values: SampleValues, kpis: readonly string[]): Record<string, Robustness> {
  const out: Record<string, Robustness> = {};
  for (const kpi of kpis) {
    const better = KPI_LABELS[kpi]?.better;
    if (!better || names.length < 2) continue;
    const first = values.map((v) => {
      let best = 0;
      for (let d = 1; d < names.length; d++) {
        const x = v[d]![kpi] ?? NaN;
        const b = v[best]![kpi] ?? NaN;
        if (!Number.isFinite(b) || (Number.isFinite(x) && (better === 'lower' ? x < b : x > b))) best = d;
      }
      return best;
    });
    const shares = Object.fromEntries(names.map((n, d) => [n, first.filter((f) => f === d).length / first.length]));
    const top = names.reduce((a, n) => (shares[n]! > shares[a]! ? n : a), names[0]!);
    const w = names.indexOf(top);
    const flips = assumptions
      .map((a, j) => {
        const lower = first.filter((_, i) => q[i]![j]! < 0.5);
        const upper = first.filter((_, i) => q[i]![j]! >= 0.5);
        const share = (xs: number[]) => (xs.length > 0 ? xs.filter((f) => f === w).length / xs.length : NaN);
        return { path: a.path, winner: top, lowerHalf: share(lower), upperHalf: share(upper) };
      })
      .filter((f) => Number.isFinite(f.lowerHalf) && Number.isFinite(f.upperHalf) && f.lowerHalf !== f.upperHalf)
      .sort((x, y) => Math.abs(y.upperHalf - y.lowerHalf) - Math.abs(x.upperHalf - x.lowerHalf))
      .slice(0, 5);
    out[kpi] = { shares, flips };
  }
  return out;
}

export interface TornadoRow {
  path: string;
  design: string;
  /** The KPI (mean over replications) with the assumption at its low and high end, the others at their values. */
  low: number;
  high: number;
  base: number;
  /** The assumption's low and high value (base units; of the design, or of the first design for a difference). */
  lowValue: number;
  highValue: number;
  range: 'file' | 'default';
}

/** The 10-90% range of each KPI of each design over the sample: the uncertainty from the assumptions. */
export function assumptionBands(names: readonly string[], values: SampleValues, kpis: readonly string[]): Record<string, Record<string, { p10: number; p50: number; p90: number }>> {
  const q = (xs: number[], p: number) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    if (s.length === 0) return NaN;
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (h - lo);
  };
  return Object.fromEntries(
    names.map((n, d) => [
      n,
      Object.fromEntries(
        kpis.map((k) => {
          const xs = values.map((v) => v[d]![k] ?? NaN);
          return [k, { p10: q(xs, 0.1), p50: q(xs, 0.5), p90: q(xs, 0.9) }];
        }),
      ),
    ]),
  );
}

/** The mean over replications of each KPI. */
export function meanKpis(reps: readonly Record<string, number>[], kpis: readonly string[]): Record<string, number> {
  return Object.fromEntries(kpis.map((k) => [k, (summarise(reps.map((r) => r[k] ?? NaN)) as Summary).mean]));
}

/** A point to run: scenario `base` (by index) with its assumptions at `params` (positions, or 0/1 for an end). */
export interface SensitivityPoint {
  base: number;
  scenario: Scenario;
  params: Record<string, number>;
}

/**
 * The screening's points: every scenario at every position of `q`; a position whose scenario is
 * invalid in any design is left out of all (`kept`: the positions used). Points are by position,
 * then by scenario.
 */
export function screeningPoints(scenarios: readonly Scenario[], assumptions: readonly Assumption[], q: readonly number[][]): { kept: number[]; points: SensitivityPoint[] } {
  const kept: number[] = [];
  const points: SensitivityPoint[] = [];
  q.forEach((pos, i) => {
    const here = scenarios.map((s, d) => atPositions(s, d, assumptions, pos));
    if (!here.every(validScenario)) return;
    kept.push(i);
    here.forEach((scenario, d) => points.push({ base: d, scenario, params: Object.fromEntries(assumptions.map((a, j) => [a.path, pos[j]!])) }));
  });
  return { kept, points };
}

/** The tornado's assumptions: the `top` with the strongest rank correlation with any KPI of any design or difference. */
export function tornadoChoice(assumptions: readonly Assumption[], screen: Record<string, ScreeningRow[]>, top: number): Assumption[] {
  const strongest = new Map<string, number>();
  for (const rows of Object.values(screen)) for (const r of rows) strongest.set(r.path, Math.max(strongest.get(r.path) ?? 0, Math.abs(r.rho)));
  return assumptions.filter((a) => strongest.has(a.path)).sort((x, y) => strongest.get(y.path)! - strongest.get(x.path)!).slice(0, top);
}

/** The tornado's points: every scenario as it is, then per chosen assumption its low end and its high end in every scenario. */
export function tornadoPoints(scenarios: readonly Scenario[], chosen: readonly Assumption[]): SensitivityPoint[] {
  const oat: SensitivityPoint[] = scenarios.map((s, d) => ({ base: d, scenario: s, params: {} }));
  for (const a of chosen) {
    for (const end of [0, 1]) {
      scenarios.forEach((s, d) => {
        const r = a.at[d];
        oat.push({ base: d, scenario: r ? vary(s, [{ path: a.path, value: atPosition(r, end) }]) : s, params: { [a.path]: end } });
      });
    }
  }
  return oat;
}

/**
 * The tornado per KPI from the mean KPIs of the tornado's points (in tornadoPoints' order): each
 * scenario's and each difference with the first, widest first.
 */
export function tornadoRows(names: readonly string[], chosen: readonly Assumption[], kpis: readonly string[], oatMeans: readonly Record<string, number>[]): Record<string, TornadoRow[]> {
  const D = names.length;
  const at = (j: number, end: number, d: number) => oatMeans[D + (j * 2 + end) * D + d]!;
  const tornado: Record<string, TornadoRow[]> = {};
  for (const k of kpis) {
    const rows: TornadoRow[] = [];
    chosen.forEach((a, j) => {
      for (let d = 0; d < D; d++) {
        const r = a.at[d];
        if (r) rows.push({ path: a.path, design: names[d]!, low: at(j, 0, d)[k]!, high: at(j, 1, d)[k]!, base: oatMeans[d]![k]!, lowValue: r.low, highValue: r.high, range: r.range });
        if (d > 0) {
          const r0 = a.at[0] ?? r;
          if (!r0) continue;
          rows.push({ path: a.path, design: `${names[d]} - ${names[0]}`, low: at(j, 0, d)[k]! - at(j, 0, 0)[k]!, high: at(j, 1, d)[k]! - at(j, 1, 0)[k]!, base: oatMeans[d]![k]! - oatMeans[0]![k]!, lowValue: r0.low, highValue: r0.high, range: r0.range });
        }
      }
    });
    tornado[k] = rows.sort((x, y) => Math.abs(y.high - y.low) - Math.abs(x.high - x.low));
  }
  return tornado;
}
