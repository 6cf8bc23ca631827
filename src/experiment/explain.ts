/**
 * Explaining a difference (issue: "what does each design's result come from?"). Two scenarios A
 * and B differ in a set of parameters. Group them (the design itself, its toegang's staff, its
 * placement policy, duplicate intake, capacity, money, durations, routes, ...), build every mix of
 * A with some groups taken from B, run each mix under common random numbers, and split each KPI's
 * difference B - A into the Shapley values of the groups: a group's contribution is its marginal
 * effect averaged over every order in which the groups could be switched from A to B. The
 * contributions add up to the total difference, replication by replication; an interaction of
 * several groups is shared equally among them. For up to EXACT_MAX_GROUPS groups every mix is run
 * (2^n points); beyond, a sample of orders (permutations) is drawn, each a chain of n + 1 mixes.
 *
 * Some parameters mean the same thing in different designs and are carried across them: the
 * placement policy of the design's toegang (swt.placement in the indicatiemodel, basisteam.placement
 * in the basisteams, ...) and the FTE of the toegang's own staff. So "B's design with A's placement"
 * is the basisteam placing stepped, as the wijkteam did; "A's design with B's staff" is the wijkteam
 * with the basisteam's FTE.
 *
 * Pure: the runs are done by an `Evaluate` the CLI runs on worker threads (and the web app in its
 * workers); everything else here is arithmetic on scenarios and numbers.
 */
import { DESIGN_TABLE, plannedStaff, scaled } from '../model/designs.js';
import type { Param } from '../scenario/param.js';
import type { Scenario } from '../scenario/types.js';
import { summarise, type Summary } from './ci.js';

/** Every mix is run up to this many groups (2^8 = 256 mixes); beyond, orders are sampled. */
export const EXACT_MAX_GROUPS = 8;

/** A group of parameters switched from A to B together. */
export interface Group {
  name: string;
  /** The parameter paths in it (for people; the design-spanning groups list what they cover). */
  paths: string[];
}

/** The sections that belong to one design only: they switch with the design. */
const DESIGN_SECTIONS = ['basisteam', 'one_stop_shop', 'swt.indicatiesteller'];
/** Paths carried across designs as the toegang's placement policy. */
const PLACEMENT = /^(swt|basisteam|one_stop_shop|swt\.indicatiesteller)\.(placement|triage_accuracy|triage_upward_bias)$/;
/** Paths carried across designs as the toegang's own staff. */
const OWN_STAFF = /^(swt\.staff\.fte|swt\.youth_share|basisteam\.staff\.fte|one_stop_shop\.intake_staff\.fte|swt\.indicatiesteller\.staff\.fte)$/;

export const GROUP_NAMES = {
  design: 'design (structure)',
  placement: 'placement policy',
  staff: 'toegang staff',
  wmo: 'Wmo staff',
} as const;

/** The default group of a path that is not carried across designs: by what kind of parameter it is. */
export function kindOf(path: string): string {
  if (/(^|\.)provider_intake_repeats_ktg$|^ivh\.reassessment$/.test(path)) return 'duplicate intake';
  if (/(^|\.)(placement|triage_accuracy|triage_upward_bias|accuracy|upward_bias|mdo_accuracy|casemanager_accuracy)$/.test(path)) return 'placement policy';
  if (/\.(fte|caseload_per_fte)$|staff_realised$|^workforce\./.test(path)) return 'capacity (staff)';
  if (/(cost_per_fte|tariff|budget_per_year|when_exhausted|under_treatment_factor)$/.test(path)) return 'money';
  if (/\.(mean|cv|dist)$/.test(path)) return 'durations';
  if (/^(inflow|population)\./.test(path)) return 'inflow';
  if (/^routing\./.test(path)) return 'routes and bypass';
  if (/^ivh\./.test(path)) return 'IVH and MDO';
  if (/^dynamics\./.test(path)) return 'dynamics';
  return path.split('.')[0]!;
}

type Leaf = Param | string | number | boolean | null | undefined;

const isParam = (x: unknown): x is Param => typeof x === 'object' && x !== null && !Array.isArray(x) && 'value' in x && 'written' in x;

/** Every leaf of a scenario (parameters, choices, switches) by path; lists of other length are one leaf. */
export function leaves(s: unknown, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (isParam(s) || s === null || typeof s !== 'object') {
    out.set(prefix, s as Leaf);
    return out;
  }
  if (Array.isArray(s)) {
    s.forEach((x, i) => leaves(x, `${prefix}[${i}]`, out));
    out.set(`${prefix}.length`, s.length);
    return out;
  }
  for (const [k, v] of Object.entries(s)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const same = (a: Leaf, b: Leaf) => (isParam(a) && isParam(b) ? a.value === b.value : JSON.stringify(a) === JSON.stringify(b));

/** The paths in which A and B differ (names, titles and descriptions aside). */
export function differingPaths(a: Scenario, b: Scenario): string[] {
  const la = leaves(a);
  const lb = leaves(b);
  const paths = new Set([...la.keys(), ...lb.keys()]);
  return [...paths].filter((p) => !/^(name|title|description|extends)$/.test(p) && !same(la.get(p), lb.get(p))).sort();
}

/**
 * The groups of the parameters in which A and B differ. `regroup` (path prefix -> group name)
 * moves paths to a group of the user's choosing; the design-spanning groups stay as they are.
 */
export function groupsOf(a: Scenario, b: Scenario, regroup: Record<string, string> = {}): Group[] {
  const groups = new Map<string, string[]>();
  const add = (g: string, p: string) => groups.set(g, [...(groups.get(g) ?? []), p]);
  const designDiffers = a.design !== b.design;
  const placementDiffers = !samePlacement(a, b);
  const staffDiffers = Math.abs(ownFte(a) - ownFte(b)) > 1e-9;
  const wmoDiffers = Math.abs(wmoFte(a) - wmoFte(b)) > 1e-9;
  for (const p of differingPaths(a, b)) {
    const user = Object.entries(regroup).find(([prefix]) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
    if (PLACEMENT.test(p)) {
      if (placementDiffers) add(GROUP_NAMES.placement, p);
    } else if (OWN_STAFF.test(p)) {
      if (staffDiffers) add(GROUP_NAMES.staff, p);
      if (wmoDiffers && /^swt\./.test(p)) add(GROUP_NAMES.wmo, p);
    } else if (p === 'design' || DESIGN_SECTIONS.some((sec) => p === sec || p.startsWith(`${sec}.`))) {
      if (designDiffers) add(GROUP_NAMES.design, p);
      else add(user?.[1] ?? kindOf(p), p);
    } else add(user?.[1] ?? kindOf(p), p);
  }
  // A design section can differ only because the designs do (a basisteam exists in B alone): the
  // design group carries it, whatever else its paths differ in.
  return [...groups].map(([name, paths]) => ({ name, paths: [...new Set(paths)] }));
}

/** The FTE of the toegang's own staff, as planned. */
function ownFte(s: Scenario): number {
  return plannedStaff(s, 'own').reduce((a, l) => a + l.fte, 0);
}

function wmoFte(s: Scenario): number {
  return s.swt.staff.fte.value * (1 - s.swt.youth_share.value);
}

function samePlacement(a: Scenario, b: Scenario): boolean {
  const pa = DESIGN_TABLE[a.design].placement(a);
  const pb = DESIGN_TABLE[b.design].placement(b);
  return pa.policy === pb.policy && pa.accuracy === pb.accuracy && pa.upwardBias === pb.upwardBias;
}

/** A parameter with the value (base unit) of another, written in its own unit. */
function valued(p: Param, value: number): Param {
  return p.value === 0 ? { ...p, value, written: { ...p.written, value } } : scaled(p, value / p.value);
}

function setPath(s: Record<string, unknown>, path: string, v: unknown): void {
  const parts = path.split(/\.(?![^[]*\])/);
  let node = s as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    node = (m ? (node[m[1]!] as unknown[])[Number(m[2])] : node[part]) as Record<string, unknown>;
  }
  const last = parts.at(-1)!;
  const m = /^(.*)\[(\d+)\]$/.exec(last);
  if (m) (node[m[1]!] as unknown[])[Number(m[2])] = v;
  else node[last] = v;
}

function getPath(s: unknown, path: string): unknown {
  let node = s;
  for (const part of path.split(/\.(?![^[]*\])/)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    node = m ? ((node as Record<string, unknown[]>)[m[1]!] ?? [])[Number(m[2])] : (node as Record<string, unknown> | undefined)?.[part];
  }
  return node;
}

/**
 * A with the groups in `from` taken from B. Order: the parameters of the path groups, then the
 * design (its id and its own sections), then the placement policy and the toegang's staff carried
 * onto the mix's design, then the Wmo staff.
 */
export function mix(a: Scenario, b: Scenario, groups: readonly Group[], from: ReadonlySet<string>): Scenario {
  const x = structuredClone(a) as Scenario & Record<string, unknown>;
  const carried = new Set<string>([GROUP_NAMES.design, GROUP_NAMES.placement, GROUP_NAMES.staff, GROUP_NAMES.wmo]);
  for (const g of groups) {
    if (!from.has(g.name) || carried.has(g.name)) continue;
    for (const p of g.paths) {
      if (p.endsWith('.length')) continue;
      const list = p.replace(/\[\d+\].*$/, '');
      if (list !== p && getPath(a, `${list}.length`) !== getPath(b, `${list}.length`)) setPath(x, list, structuredClone(getPath(b, list)));
      else setPath(x, p, structuredClone(getPath(b, p)));
    }
  }
  if (from.has(GROUP_NAMES.design)) {
    x.design = b.design;
    for (const sec of DESIGN_SECTIONS) {
      const v = getPath(b, sec);
      if (v !== undefined) setPath(x, sec, structuredClone(v));
    }
  }
  // The placement policy of the mix's toegang: the source's.
  const src = from.has(GROUP_NAMES.placement) ? b : a;
  let y: Scenario = DESIGN_TABLE[x.design].withPlacement(x, DESIGN_TABLE[src.design].placement(src));
  // The toegang's own staff: the source's FTE on the mix's design.
  const want = ownFte(from.has(GROUP_NAMES.staff) ? b : a);
  const have = ownFte(y);
  if (have > 0 && Math.abs(want - have) > 1e-9) y = DESIGN_TABLE[y.design].scale(y, want / have, false);
  // The Wmo staff: the source's, the youth staff as it is.
  const wmo = wmoFte(from.has(GROUP_NAMES.wmo) ? b : a);
  if (Math.abs(wmoFte(y) - wmo) > 1e-9) {
    const youth = y.swt.staff.fte.value * y.swt.youth_share.value;
    y = { ...y, swt: { ...y.swt, staff: { ...y.swt.staff, fte: valued(y.swt.staff.fte, youth + wmo) }, youth_share: valued(y.swt.youth_share, youth + wmo > 0 ? youth / (youth + wmo) : 0) } };
  }
  return { ...y, name: `${a.name}-mix-${[...from].sort().join('+') || 'a'}`.replace(/[^a-z0-9-]+/gi, '-').toLowerCase() };
}

/** The KPIs of every replication of every scenario: values[point][replication][kpi]. */
export type Evaluate = (scenarios: Scenario[]) => Promise<Record<string, number>[][]>;

export interface Contribution extends Summary {
  group: string;
  /** The group's effect switched alone from A (its first-order effect). */
  alone: Summary;
}

export interface Explanation {
  a: string;
  b: string;
  groups: Group[];
  /** 'exact' (every mix) or 'sampled' (orders). */
  method: 'exact' | 'sampled';
  /** Mixes run (points), and orders sampled when sampled. */
  points: number;
  orders?: number;
  kpis: Record<string, { total: Summary; contributions: Contribution[] }>;
}

/**
 * Orders of the groups for the sampled estimate: random ones (a seeded shuffle, mulberry32), each
 * followed by its reverse (antithetic pairs: a group early in one is late in the other).
 */
export function sampleOrders(n: number, count: number, seed: number): number[][] {
  let t = seed >>> 0;
  const rnd = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out: number[][] = [];
  while (out.length < count) {
    const o = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [o[i], o[j]] = [o[j]!, o[i]!];
    }
    out.push(o, [...o].reverse());
  }
  return out.slice(0, count);
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * Shapley values of `n` players from the values of coalitions, given as a function of a bit mask:
 * exact over every coalition, or over `sampled` orders (each order's marginal contributions,
 * averaged). Per replication, so the caller can put confidence intervals on them.
 */
export function shapley(n: number, v: (mask: number) => number, sampled?: number[][]): number[] {
  const phi = new Array<number>(n).fill(0);
  if (sampled) {
    for (const o of sampled) {
      let mask = 0;
      let prev = v(0);
      for (const i of o) {
        mask |= 1 << i;
        const cur = v(mask);
        phi[i]! += (cur - prev) / sampled.length;
        prev = cur;
      }
    }
    return phi;
  }
  const w = Array.from({ length: n }, (_, s) => (factorial(s) * factorial(n - s - 1)) / factorial(n));
  for (let mask = 0; mask < 1 << n; mask++) {
    const size = popcount(mask);
    const base = v(mask);
    for (let i = 0; i < n; i++) if (!(mask & (1 << i))) phi[i]! += w[size]! * (v(mask | (1 << i)) - base);
  }
  return phi;
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

export interface ExplainOptions {
  kpis: readonly string[];
  regroup?: Record<string, string>;
  /** Orders sampled when there are more than EXACT_MAX_GROUPS groups. */
  orders?: number;
  /** Seed of the sampled orders. */
  seed?: number;
}

/** Explain B - A: groups, mixes, runs (through `evaluate`), Shapley values with 95% CIs per KPI. */
export async function explain(a: Scenario, b: Scenario, evaluate: Evaluate, opts: ExplainOptions): Promise<Explanation> {
  const groups = groupsOf(a, b, opts.regroup);
  const n = groups.length;
  const exact = n <= EXACT_MAX_GROUPS;
  const sampled = exact ? undefined : sampleOrders(n, Math.max(2, opts.orders ?? 64), opts.seed ?? 1);
  // The coalitions needed: all of them, or those along the sampled orders.
  const masks = new Set<number>();
  if (exact) for (let m = 0; m < 1 << n; m++) masks.add(m);
  else {
    masks.add(0);
    for (const o of sampled!) {
      let m = 0;
      for (const i of o) masks.add((m |= 1 << i));
    }
  }
  for (let i = 0; i < n; i++) masks.add(1 << i); // the effects alone
  const list = [...masks].sort((x, y) => x - y);
  // Mixes that come out the same (a group that changes nothing in that context) run once.
  const scen = list.map((m) => (m === 0 ? a : m === (1 << n) - 1 ? b : mix(a, b, groups, new Set(groups.filter((_, i) => m & (1 << i)).map((g) => g.name)))));
  const keyOf = (s: Scenario) => JSON.stringify({ ...s, name: '' });
  const unique = new Map<string, number>();
  const pointOf = scen.map((s) => {
    const k = keyOf(s);
    if (!unique.has(k)) unique.set(k, unique.size);
    return unique.get(k)!;
  });
  const points = [...unique.keys()].map((_, i) => scen[pointOf.indexOf(i)]!);
  const values = await evaluate(points);
  const reps = values[0]!.length;
  const at = new Map(list.map((m, j) => [m, pointOf[j]!]));
  const out: Explanation['kpis'] = {};
  for (const kpi of opts.kpis) {
    const v = (r: number) => (mask: number) => values[at.get(mask)!]![r]![kpi] ?? NaN;
    const perRep = Array.from({ length: reps }, (_, r) => shapley(n, v(r), sampled));
    const total = summarise(Array.from({ length: reps }, (_, r) => v(r)((1 << n) - 1) - v(r)(0)));
    const contributions = groups.map((g, i) => ({
      group: g.name,
      ...summarise(perRep.map((p) => p[i]!)),
      alone: summarise(Array.from({ length: reps }, (_, r) => v(r)(1 << i) - v(r)(0))),
    }));
    // Largest contributions first, as a waterfall reads.
    contributions.sort((x, y) => Math.abs(y.mean) - Math.abs(x.mean));
    out[kpi] = { total, contributions };
  }
  return { a: a.name, b: b.name, groups, method: exact ? 'exact' : 'sampled', points: points.length, ...(sampled ? { orders: sampled.length } : {}), kpis: out };
}
