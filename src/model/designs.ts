/**
 * The designs (stelsels, BRIEF section 2) as data: what a design's toegang is and who does it,
 * whether care is given in-house, which staff the design has of its own and how they are paid.
 * Adding a design is a row here, its toegang stage (stages/toegang-*.ts) and a scenario file.
 */
import type { Param } from '../scenario/param.js';
import type { Design, Scenario } from '../scenario/types.js';
import type { Professional } from './casus.js';
import type { Chain, Toegang } from './context.js';
import { capacityOf, commonStaff, splitShared, teamLine, type StaffLine } from './staff.js';
import { BasisteamToegang } from './stages/toegang-basisteam.js';
import { OssToegang } from './stages/toegang-oss.js';
import { SwtToegang } from './stages/toegang-swt.js';

/** How a design's toegang places a family (BRIEF 1.5): a policy, held equal or listed where designs differ. */
export interface PlacementPolicy {
  policy: 'stepped' | 'matched';
  accuracy: number;
  upwardBias: number;
}

export interface DesignRow {
  /** The KPI group (`utilisation.<group>`, `fte.<group>`) of the toegang's staff. */
  readonly toegangGroup: string;
  /** The placement policy of the toegang's assessment, and the file section that sets it. */
  placement(s: Scenario): PlacementPolicy & { section: string };
  /** The scenario with this placement policy at its toegang (to carry a policy across designs). */
  withPlacement(s: Scenario, p: PlacementPolicy): Scenario;
  /** Every KPI group of the design's own staff (the toegang's first). */
  readonly groups: readonly string[];
  /** Who does the access (a professional of casus.ts), who also re-assesses an IVH advice. */
  readonly accessProfessional: Professional;
  /** Care is given and paid inside one organisation (one lump sum, no hand-off at the provider). */
  readonly careInHouse: boolean;
  /** The toegang stage. */
  toegang(chain: Chain): Toegang;
  /** The design's own staff (the toegang), on top of the staff every design has (staff.ts). */
  ownStaff(s: Scenario): StaffLine[];
  /** Cost posts of its own (`cost_by_type.<post>`), for the KPI catalogue. */
  readonly posts: readonly string[];
  /** A yearly lump sum that pays the toegang and care (euros), if the design has one. */
  lumpSum?(s: Scenario): number;
  /**
   * The scenario with the design's own staff (its toegang) times `f`, for comparisons on equal
   * budget or staff (BRIEF 2a); with `money`, a lump sum scales with it.
   */
  scale(s: Scenario, f: number, money: boolean): Scenario;
}

/** A placement policy's accuracy and upward bias as parameters, next to the ones they replace. */
function placementParams(section: { triage_accuracy: Param; triage_upward_bias?: Param | undefined }, p: PlacementPolicy) {
  const like = section.triage_accuracy;
  const at = (value: number): Param => ({ ...like, value, written: { value, unit: 'share' }, source: `${like.source}; carried over for a comparison` });
  // No upward bias written means one half: leave it unwritten when it stays one half.
  const bias = section.triage_upward_bias !== undefined || p.upwardBias !== 0.5 ? { triage_upward_bias: at(p.upwardBias) } : {};
  return { triage_accuracy: at(p.accuracy), ...bias };
}

/** A parameter times `f` (its written value too, in the unit the file writes). */
export function scaled(p: Param, f: number): Param {
  if (f === 1) return p;
  // Scaled, a derived value (FTE per 1000 youths) is set: no longer derived.
  const { derived: _, ...own } = p;
  return { ...own, value: p.value * f, written: { ...p.written, value: p.written.value * f }, source: `${p.source}; x${+f.toFixed(4)} for a comparison on equal terms` };
}

/** A parameter with another value (in the base unit), written in the file's unit. */
function withValue(p: Param, value: number): Param {
  return scaled(p, p.value === 0 ? 1 : value / p.value);
}

/** The SWT with its youth FTE times `f` and its Wmo FTE as they were. */
function scaleSwtYouth(s: Scenario, f: number): Scenario {
  const fte = s.swt.staff.fte.value;
  const youth = fte * s.swt.youth_share.value;
  const total = fte - youth + youth * f;
  return { ...s, swt: { ...s.swt, staff: { ...s.swt.staff, fte: withValue(s.swt.staff.fte, total) }, youth_share: withValue(s.swt.youth_share, total > 0 ? (youth * f) / total : 0) } };
}

/**
 * The design's staff as planned (a team shared by youth and Wmo split by the youth share of its
 * staff, where a run splits it by the work): what equal-staff comparisons hold equal.
 */
export function plannedStaff(s: Scenario, which: 'all' | 'own' = 'all'): StaffLine[] {
  const row = DESIGN_TABLE[s.design];
  const shared = row.toegangGroup === 'swt' && s.swt.pooling === 'shared';
  const lines = which === 'own' ? row.ownStaff(s) : [...row.ownStaff(s), ...commonStaff(s, shared)];
  return lines.flatMap((l) => (l.sharedWithWmo ? splitShared([l], s.swt.youth_share.value).filter((x) => which === 'all' || x.group !== 'swt_wmo') : [l]));
}

/** The youth part of the SWT staff; a team shared with Wmo is split by its work at the end of a run. */
const swtYouthLine = (s: Scenario): StaffLine =>
  s.swt.pooling === 'shared' ? { ...teamLine('swt', s.swt.staff, s.swt.staff.fte.value), sharedWithWmo: true } : teamLine('swt', s.swt.staff, s.swt.staff.fte.value * s.swt.youth_share.value);

export const DESIGN_TABLE: Record<Design, DesignRow> = {
  indicatiemodel: {
    toegangGroup: 'swt',
    groups: ['swt'],
    accessProfessional: 'swt',
    careInHouse: false,
    toegang: (chain) => new SwtToegang(chain, chain.swtTeams, false),
    placement: (s) => ({ section: 'swt', policy: s.swt.placement, accuracy: s.swt.triage_accuracy.value, upwardBias: s.swt.triage_upward_bias?.value ?? 0.5 }),
    withPlacement: (s, p) => ({ ...s, swt: { ...s.swt, placement: p.policy, ...placementParams(s.swt, p) } }),
    ownStaff: (s) => [swtYouthLine(s)],
    posts: ['access.swt'],
    scale: (s, f) => scaleSwtYouth(s, f),
  },
  // The indicatiemodel with the indicatiestelling taken out of the wijkteam: faster and stricter,
  // by an ambtelijke indicatiesteller of the municipality (003:L716-730).
  'geoptimaliseerd-indicatiemodel': {
    toegangGroup: 'swt',
    groups: ['swt', 'indicatiesteller'],
    accessProfessional: 'swt',
    careInHouse: false,
    toegang: (chain) => new SwtToegang(chain, chain.swtTeams, true),
    placement: (s) => ({ section: 'swt.indicatiesteller', policy: s.swt.placement, accuracy: s.swt.indicatiesteller!.triage_accuracy.value, upwardBias: s.swt.indicatiesteller!.triage_upward_bias?.value ?? 0.5 }),
    withPlacement: (s, p) => ({ ...s, swt: { ...s.swt, placement: p.policy, indicatiesteller: { ...s.swt.indicatiesteller!, ...placementParams(s.swt.indicatiesteller!, p) } } }),
    ownStaff: (s) => [swtYouthLine(s), teamLine('indicatiesteller', s.swt.indicatiesteller!.staff)],
    posts: ['access.swt', 'access.indicatiesteller'],
    scale(s, f) {
      const t = scaleSwtYouth(s, f);
      const ind = t.swt.indicatiesteller!;
      return { ...t, swt: { ...t.swt, indicatiesteller: { ...ind, staff: { ...ind.staff, fte: scaled(ind.staff.fte, f) } } } };
    },
  },
  'brede-basisteams': {
    toegangGroup: 'basisteam',
    groups: ['basisteam'],
    accessProfessional: 'basisteam',
    careInHouse: false,
    placement: (s) => ({ section: 'basisteam', policy: s.basisteam!.placement, accuracy: s.basisteam!.triage_accuracy.value, upwardBias: s.basisteam!.triage_upward_bias?.value ?? 0.5 }),
    withPlacement: (s, p) => ({ ...s, basisteam: { ...s.basisteam!, placement: p.policy, ...placementParams(s.basisteam!, p) } }),
    // Only the professionals who actually moved into the teams carry casussen; the budget pays the plan.
    toegang: (chain) => new BasisteamToegang(chain, capacityOf(chain.s.basisteam!.staff) * chain.s.basisteam!.staff_realised.value),
    ownStaff: (s) => [teamLine('basisteam', s.basisteam!.staff)],
    posts: ['access.basisteam'],
    scale: (s, f) => ({ ...s, basisteam: { ...s.basisteam!, staff: { ...s.basisteam!.staff, fte: scaled(s.basisteam!.staff.fte, f) } } }),
  },
  'one-stop-shop': {
    toegangGroup: 'oss_intake',
    groups: ['oss_intake'],
    accessProfessional: 'hoofdaannemer',
    careInHouse: true,
    toegang: (chain) => new OssToegang(chain, capacityOf(chain.s.one_stop_shop!.intake_staff)),
    placement: (s) => ({ section: 'one_stop_shop', policy: s.one_stop_shop!.placement, accuracy: s.one_stop_shop!.triage_accuracy.value, upwardBias: s.one_stop_shop!.triage_upward_bias?.value ?? 0.5 }),
    withPlacement: (s, p) => ({ ...s, one_stop_shop: { ...s.one_stop_shop!, placement: p.policy, ...placementParams(s.one_stop_shop!, p) } }),
    // The intake team is paid from the lump sum.
    ownStaff: (s) => [teamLine('oss_intake', s.one_stop_shop!.intake_staff, s.one_stop_shop!.intake_staff.fte.value, null)],
    posts: ['lump_sum.one_stop_shop'],
    lumpSum: (s) => s.one_stop_shop!.budget_per_year.value,
    scale(s, f, money) {
      const o = s.one_stop_shop!;
      return { ...s, one_stop_shop: { ...o, intake_staff: { ...o.intake_staff, fte: scaled(o.intake_staff.fte, f) }, ...(money ? { budget_per_year: scaled(o.budget_per_year, f) } : {}) } };
    },
  },
};
