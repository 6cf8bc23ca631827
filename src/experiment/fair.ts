/**
 * Comparing designs on equal terms (BRIEF section 2a). A comparison answers "what does the design
 * change?" only when what is not the design is held equal:
 *
 * - as designed (the default): each file's own staff and budgets; where a design's key stage is
 *   much less busy than the reference's, a warning says it has capacity the reference does not;
 * - equal budget: every design gets the reference's total yearly cost. Care spending is an
 *   outcome, so the design's own staff (its toegang; a lump sum with it) is scaled by one factor,
 *   found by a search under common random numbers, until the total is within 1%;
 * - equal staff: the FTE in access and first line equal the reference's; cost is an outcome.
 *
 * Pure apart from `evaluate`, which the CLI runs on worker threads and the web app in its workers.
 */
import { DESIGN_TABLE, plannedStaff } from '../model/designs.js';
import { CARE_LEVEL_NAMES, type CareLevel, type Scenario } from '../scenario/types.js';
import type { Summary } from './ci.js';

export type EqualMode = 'designed' | 'budget' | 'staff';
export const EQUAL_MODES: readonly EqualMode[] = ['designed', 'budget', 'staff'];

/** Relative tolerance of an equal-budget comparison. */
export const BUDGET_TOLERANCE = 0.01;
/** Bounds of the factor: a design is not scaled beyond a tenth or ten times its own staff. */
const FACTOR_MIN = 0.1;
const FACTOR_MAX = 10;
const MAX_ROUNDS = 8;

/** How one design was made equal to the reference. */
export interface Equalised {
  scenario: string;
  /** The factor on the design's own staff (1: as designed). */
  factor: number;
  /** The held-equal quantity for this design at that factor (M€ a year, or FTE). */
  value: number;
  /** value / target - 1. */
  gap: number;
  /** Within tolerance (always for equal staff, which is exact). */
  reached: boolean;
  /** Evaluations the search used (0 for equal staff). */
  rounds: number;
}

export interface EqualResult {
  mode: Exclude<EqualMode, 'designed'>;
  reference: string;
  /** What is held equal: the reference's total yearly cost (M€) or its FTE in access and first line. */
  target: number;
  unit: 'meur' | 'fte';
  designs: Equalised[];
}

/** The design's own staff times `f` (with a lump sum when money is held equal). */
export function scaleDesign(s: Scenario, f: number, mode: Exclude<EqualMode, 'designed'>): Scenario {
  return f === 1 ? s : DESIGN_TABLE[s.design].scale(s, f, mode === 'budget');
}

/** FTE in access and first line as planned (the toegang, IVH and its MDO, the first line, the POH-jeugd); `own`: the design's toegang only. */
export function accessFte(s: Scenario, which: 'all' | 'own' = 'all'): number {
  return plannedStaff(s, which)
    .filter((l) => l.access)
    .reduce((a, l) => a + l.fte, 0);
}

/**
 * Equal staff: the factor on each design's own staff that makes its FTE in access and first line
 * the reference's. Exact: FTE follow from the files, not from a run.
 */
export function equalStaff(reference: Scenario, designs: readonly Scenario[]): EqualResult {
  const target = accessFte(reference);
  return {
    mode: 'staff',
    reference: reference.name,
    target,
    unit: 'fte',
    designs: designs.map((s) => {
      if (s === reference) return { scenario: s.name, factor: 1, value: target, gap: 0, reached: true, rounds: 0 };
      const all = accessFte(s);
      const own = accessFte(s, 'own');
      const factor = own > 0 ? (target - (all - own)) / own : NaN;
      if (!(factor > 0)) throw new FairError(`equal staff: ${s.name} cannot have the ${target.toFixed(1)} FTE in access and first line of ${reference.name}: without its own ${own.toFixed(1)} FTE it already has ${(all - own).toFixed(1)}`);
      const value = accessFte(scaleDesign(s, factor, 'staff'));
      return { scenario: s.name, factor, value, gap: value / target - 1, reached: true, rounds: 0 };
    }),
  };
}

/** A request that cannot be met (a design that cannot reach the reference's budget or staff). */
export class FairError extends Error {
  override name = 'FairError';
}

/** The mean yearly total cost (M€) of each scenario over the comparison's replications. */
export type Evaluate = (scenarios: Scenario[]) => Promise<number[]>;

/**
 * Equal budget: for every design but the reference, the factor on its own staff at which its mean
 * total yearly cost is within 1% of the reference's, by a secant search under common random
 * numbers (every evaluation runs the same replications). The first step is Newton's with the
 * design's own yearly staff cost as the slope (the direct effect of its staff on the total); care
 * spending, which responds to waits, is what the later steps take into account. All designs
 * step together, so each round is one batch of runs.
 */
export async function equalBudget(reference: Scenario, designs: readonly Scenario[], evaluate: Evaluate, costAsDesigned?: readonly number[]): Promise<EqualResult> {
  const costs = costAsDesigned ?? (await evaluate([...designs]));
  const refIndex = designs.indexOf(reference);
  if (refIndex < 0) throw new Error('equalBudget: the reference must be one of the designs');
  const target = costs[refIndex]!;
  interface State {
    s: Scenario;
    points: { f: number; cost: number }[];
    done: boolean;
  }
  const states: State[] = designs.map((s, i) => ({ s, points: [{ f: 1, cost: costs[i]! }], done: s === reference || within(costs[i]!, target) }));
  let rounds = 0;
  while (rounds < MAX_ROUNDS && states.some((st) => !st.done)) {
    const open = states.filter((st) => !st.done);
    const next = open.map((st) => nextFactor(st.s, st.points, target));
    const evaluated = await evaluate(open.map((st, j) => scaleDesign(st.s, next[j]!, 'budget')));
    rounds++;
    open.forEach((st, j) => {
      st.points.push({ f: next[j]!, cost: evaluated[j]! });
      const stuck = (next[j] === FACTOR_MIN || next[j] === FACTOR_MAX) && st.points.filter((p) => p.f === next[j]).length > 1;
      st.done = within(evaluated[j]!, target) || stuck;
    });
  }
  return {
    mode: 'budget',
    reference: reference.name,
    target,
    unit: 'meur',
    designs: states.map((st) => {
      const best = st.points.reduce((a, b) => (Math.abs(b.cost - target) < Math.abs(a.cost - target) ? b : a));
      return { scenario: st.s.name, factor: best.f, value: best.cost, gap: best.cost / target - 1, reached: within(best.cost, target), rounds: st.points.length - 1 };
    }),
  };
}

const within = (cost: number, target: number) => Math.abs(cost - target) <= BUDGET_TOLERANCE * Math.abs(target);

/**
 * The next factor to try. Once there are points on both sides of the target, false position
 * between the nearest below and above (bisection when it would repeat a point): the total cost
 * rises with the staff but may have kinks (a lump sum that overruns binds only above the
 * spending). Before that, the secant of the two points nearest the target, or Newton with the
 * design's own yearly staff cost as the slope.
 */
function nextFactor(s: Scenario, points: readonly { f: number; cost: number }[], target: number): number {
  const below = points.filter((p) => p.cost < target).reduce<{ f: number; cost: number } | null>((a, p) => (a === null || p.cost > a.cost ? p : a), null);
  const above = points.filter((p) => p.cost > target).reduce<{ f: number; cost: number } | null>((a, p) => (a === null || p.cost < a.cost ? p : a), null);
  const tried = (f: number) => points.some((p) => Math.abs(p.f - f) < 1e-9);
  if (below && above && below.f !== above.f) {
    const f = below.f + ((target - below.cost) * (above.f - below.f)) / (above.cost - below.cost);
    return clampFactor(tried(f) ? (below.f + above.f) / 2 : f);
  }
  const own = ownYearlyCost(s) / 1e6;
  const [a, b] = [...points].sort((p, q) => Math.abs(p.cost - target) - Math.abs(q.cost - target));
  let slope = b && b.f !== a!.f ? (b.cost - a!.cost) / (b.f - a!.f) : own;
  // A flat or falling stretch says little: step as if the design's own staff were the whole effect.
  if (!(slope > 0.1 * own)) slope = own;
  const f = clampFactor(a!.f + (target - a!.cost) / slope);
  return tried(f) ? clampFactor(a!.f * (target > a!.cost ? 2 : 0.5)) : f;
}

const clampFactor = (f: number) => (Number.isFinite(f) ? Math.min(FACTOR_MAX, Math.max(FACTOR_MIN, f)) : 1);

/** What the design's own staff (and lump sum) cost a year as planned, at factor 1 (euros). */
function ownYearlyCost(s: Scenario): number {
  const row = DESIGN_TABLE[s.design];
  return row.lumpSum ? row.lumpSum(s) : plannedStaff(s, 'own').reduce((a, l) => a + l.cost, 0);
}

/** How much less busy a design's stage may be than the reference's before the comparison warns (percentage points). */
export const SLACK_POINTS = 10;

/**
 * Stages where a design has much more slack than the reference (as designed): its toegang against
 * the reference's toegang, and each provider level against the same level. "This design has
 * capacity the reference does not": a difference that may come from staff, not from the design.
 */
export function slackWarnings(reference: { scenario: Scenario; kpis: Record<string, Summary> }, design: { scenario: Scenario; kpis: Record<string, Summary> }): string[] {
  const toegang = DESIGN_TABLE[design.scenario.design].toegangGroup;
  const pairs: [string, string, string][] = [[DESIGN_TABLE[reference.scenario.design].toegangGroup, toegang, `its toegang (${toegang}) is`]];
  for (const l of [1, 2, 3, 4] as CareLevel[]) pairs.push([CARE_LEVEL_NAMES[l], CARE_LEVEL_NAMES[l], `its providers of ${CARE_LEVEL_NAMES[l]} are`]);
  const out: string[] = [];
  for (const [refGroup, group, what] of pairs) {
    const r = reference.kpis[`utilisation.${refGroup}`]?.mean;
    const d = design.kpis[`utilisation.${group}`]?.mean;
    if (r === undefined || d === undefined || !Number.isFinite(r) || !Number.isFinite(d)) continue;
    if (r - d > SLACK_POINTS) {
      out.push(
        `${design.scenario.name}: ${what} ${d.toFixed(1)}% busy against ${r.toFixed(1)}% for ${reference.scenario.name} (${refGroup}): this design has capacity the reference does not, so part of its difference may come from staff, not from the design; compare with --equal budget or --equal staff`,
      );
    }
  }
  return out;
}

/** The policies of a scenario that are not its design (BRIEF 2a), for people: name -> value. */
export function policiesOf(s: Scenario): Record<string, string> {
  const pl = DESIGN_TABLE[s.design].placement(s);
  const r = s.routing;
  const pct = (x: number) => `${+(100 * x).toFixed(1)}%`;
  return {
    [`placement (${pl.section})`]: pl.policy,
    [`triage accuracy (${pl.section})`]: pl.policy === 'matched' ? `${pct(pl.accuracy)}, ${pct(pl.upwardBias)} of errors too heavy` : `${pct(pl.accuracy)} (used for verblijf only)`,
    'provider intake repeats the keukentafelgesprek': s.provider_intake_repeats_ktg ? 'yes' : 'no',
    'IVH advice re-assessed before a beschikking': s.ivh.reassessment ? 'yes' : 'no',
    'IVH placement (MDO, casemanager)': `${s.ivh.placement}, ${pct(s.ivh.mdo_accuracy.value)} / ${pct(s.ivh.casemanager_accuracy.value)}`,
    'compulsory MDO for complex cases': s.ivh.compulsory_mdo ? 'yes' : 'no',
    'GP bypass': `from a believed wait of ${+r.perceived_wait_threshold.value.toFixed(2)} weeks, +${pct(r.perceived_wait_sensitivity.value)} a week, at most ${pct(r.max_bypass.value)}; belief starts at ${+r.perceived_wait_initial.value.toFixed(2)} weeks, memory ${+r.perceived_wait_memory.value.toFixed(2)} weeks`,
  };
}

/** The policies in which the scenarios differ: one row per policy, one value per scenario. */
export function policyDifferences(scenarios: readonly Scenario[]): { policy: string; values: string[] }[] {
  const all = scenarios.map(policiesOf);
  const names = [...new Set(all.flatMap((p) => Object.keys(p)))];
  // The placement of different sections is one policy for people: compare by its words.
  const byKind = (p: Record<string, string>, kind: string) => Object.entries(p).find(([k]) => k.startsWith(kind))?.[1] ?? '-';
  const rows: { policy: string; values: string[] }[] = [];
  for (const kind of ['placement', 'triage accuracy']) {
    const values = all.map((p) => byKind(p, kind));
    if (new Set(values).size > 1) rows.push({ policy: kind, values: all.map((p, i) => `${values[i]} (${Object.keys(p).find((k) => k.startsWith(kind))!.replace(/^.*\(|\)$/g, '')})`) });
  }
  for (const name of names.filter((n) => !n.startsWith('placement') && !n.startsWith('triage accuracy'))) {
    const values = all.map((p) => p[name] ?? '-');
    if (new Set(values).size > 1) rows.push({ policy: name, values });
  }
  return rows;
}
