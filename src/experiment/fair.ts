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
import { DESIGN_TABLE, plannedStaff, type PlacementPolicy } from '../model/designs.js';
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

/** A stage where a design has much more slack than the reference (as designed). */
export interface Slack {
  scenario: string;
  reference: string;
  /** The design's toegang against the reference's, or a provider level against the same level. */
  stage: 'toegang' | 'care';
  /** The design's resource group (utilisation.<group>) and the reference's. */
  group: string;
  refGroup: string;
  /** Mean utilisation (%) of the design's stage and of the reference's. */
  utilisation: number;
  refUtilisation: number;
}

/**
 * Stages where a design has much more slack than the reference (as designed): its toegang against
 * the reference's toegang, and each provider level against the same level. "This design has
 * capacity the reference does not": a difference that may come from staff, not from the design.
 */
export function slackStages(reference: { scenario: Scenario; kpis: Record<string, Summary> }, design: { scenario: Scenario; kpis: Record<string, Summary> }): Slack[] {
  const pairs: [Slack['stage'], string, string][] = [['toegang', DESIGN_TABLE[reference.scenario.design].toegangGroup, DESIGN_TABLE[design.scenario.design].toegangGroup]];
  for (const l of [1, 2, 3, 4] as CareLevel[]) pairs.push(['care', CARE_LEVEL_NAMES[l], CARE_LEVEL_NAMES[l]]);
  const out: Slack[] = [];
  for (const [stage, refGroup, group] of pairs) {
    const r = reference.kpis[`utilisation.${refGroup}`]?.mean;
    const d = design.kpis[`utilisation.${group}`]?.mean;
    if (r === undefined || d === undefined || !Number.isFinite(r) || !Number.isFinite(d)) continue;
    if (r - d > SLACK_POINTS) out.push({ scenario: design.scenario.name, reference: reference.scenario.name, stage, group, refGroup, utilisation: d, refUtilisation: r });
  }
  return out;
}

/** slackStages as the CLI prints them. */
export function slackWarnings(reference: { scenario: Scenario; kpis: Record<string, Summary> }, design: { scenario: Scenario; kpis: Record<string, Summary> }): string[] {
  return slackStages(reference, design).map((w) => {
    const what = w.stage === 'toegang' ? `its toegang (${w.group}) is` : `its providers of ${w.group} are`;
    return `${w.scenario}: ${what} ${w.utilisation.toFixed(1)}% busy against ${w.refUtilisation.toFixed(1)}% for ${w.reference} (${w.refGroup}): this design has capacity the reference does not, so part of its difference may come from staff, not from the design; compare with --equal budget or --equal staff`;
  });
}

/** The policies of a scenario that are not its design (BRIEF 2a). */
export const POLICY_IDS = ['placement', 'triage_accuracy', 'duplicate_intake', 'ivh_reassessment', 'ivh_placement', 'compulsory_mdo', 'gp_bypass'] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

/** A scenario's policies as numbers and switches, for words in any language. */
export interface PolicyFacts {
  /** The placement of the toegang's assessment and the file section that sets it. */
  placement: PlacementPolicy & { section: string };
  duplicateIntake: boolean;
  ivhReassessment: boolean;
  ivh: { placement: 'stepped' | 'matched'; mdoAccuracy: number; casemanagerAccuracy: number };
  compulsoryMdo: boolean;
  bypass: { threshold: number; sensitivity: number; max: number; initial: number; memory: number };
}

export function policyFacts(s: Scenario): PolicyFacts {
  const r = s.routing;
  return {
    placement: DESIGN_TABLE[s.design].placement(s),
    duplicateIntake: s.provider_intake_repeats_ktg,
    ivhReassessment: s.ivh.reassessment,
    ivh: { placement: s.ivh.placement, mdoAccuracy: s.ivh.mdo_accuracy.value, casemanagerAccuracy: s.ivh.casemanager_accuracy.value },
    compulsoryMdo: s.ivh.compulsory_mdo,
    bypass: { threshold: r.perceived_wait_threshold.value, sensitivity: r.perceived_wait_sensitivity.value, max: r.max_bypass.value, initial: r.perceived_wait_initial.value, memory: r.perceived_wait_memory.value },
  };
}

/** Words for policies: a policy's name, its value in a scenario, and (for placement) the file section. */
export interface PolicyWords {
  name(id: PolicyId): string;
  value(id: PolicyId, f: PolicyFacts): string;
  section(section: string): string;
}

const pct = (x: number) => `${+(100 * x).toFixed(1)}%`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The CLI's words. */
export const POLICY_WORDS_EN: PolicyWords = {
  name: (id) =>
    ({
      placement: 'placement',
      triage_accuracy: 'triage accuracy',
      duplicate_intake: 'provider intake repeats the keukentafelgesprek',
      ivh_reassessment: 'IVH advice re-assessed before a beschikking',
      ivh_placement: 'IVH placement (MDO, casemanager)',
      compulsory_mdo: 'compulsory MDO for complex cases',
      gp_bypass: 'GP bypass',
    })[id],
  value: (id, f) => {
    const pl = f.placement;
    const b = f.bypass;
    switch (id) {
      case 'placement':
        return pl.policy;
      case 'triage_accuracy':
        return pl.policy === 'matched' ? `${pct(pl.accuracy)}, ${pct(pl.upwardBias)} of errors too heavy` : `${pct(pl.accuracy)} (used for verblijf only)`;
      case 'duplicate_intake':
        return yesNo(f.duplicateIntake);
      case 'ivh_reassessment':
        return yesNo(f.ivhReassessment);
      case 'ivh_placement':
        return `${f.ivh.placement}, ${pct(f.ivh.mdoAccuracy)} / ${pct(f.ivh.casemanagerAccuracy)}`;
      case 'compulsory_mdo':
        return yesNo(f.compulsoryMdo);
      case 'gp_bypass':
        return `from a believed wait of ${+b.threshold.toFixed(2)} weeks, +${pct(b.sensitivity)} a week, at most ${pct(b.max)}; belief starts at ${+b.initial.toFixed(2)} weeks, memory ${+b.memory.toFixed(2)} weeks`;
    }
  },
  section: (section) => section,
};

/** The policies of a scenario that are not its design (BRIEF 2a), for people: name -> value. */
export function policiesOf(s: Scenario, words: PolicyWords = POLICY_WORDS_EN): Record<string, string> {
  const f = policyFacts(s);
  const w = words;
  return Object.fromEntries(POLICY_IDS.map((id) => [id === 'placement' || id === 'triage_accuracy' ? `${w.name(id)} (${w.section(f.placement.section)})` : w.name(id), w.value(id, f)]));
}

/**
 * The policies in which the scenarios differ: one row per policy, one value per scenario. The
 * placement of different sections (the SWT's, the basisteam's) is one policy for people: it is
 * compared by its words, and each value names its section.
 */
export function policyDifferences(scenarios: readonly Scenario[], words: PolicyWords = POLICY_WORDS_EN): { id: PolicyId; policy: string; values: string[] }[] {
  const facts = scenarios.map(policyFacts);
  const rows: { id: PolicyId; policy: string; values: string[] }[] = [];
  for (const id of POLICY_IDS) {
    const values = facts.map((f) => words.value(id, f));
    if (new Set(values).size <= 1) continue;
    const placed = id === 'placement' || id === 'triage_accuracy';
    rows.push({ id, policy: words.name(id), values: placed ? values.map((v, i) => `${v} (${words.section(facts[i]!.placement.section)})`) : values });
  }
  return rows;
}
