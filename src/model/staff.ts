/**
 * Staff make capacity and money (BRIEF section 2a). Every team's capacity is its FTE times its
 * caseload norm (concurrent casussen), shared by the wijken in proportion to their population
 * where the team works per wijk; every municipal team's yearly cost is its FTE times its cost per
 * FTE. Providers have staff too (their places), but the municipality pays them p x q.
 */
import { WEEKS_PER_YEAR, type Param } from '../scenario/param.js';
import { CARE_LEVEL_NAMES, type CareLevel, type Scenario } from '../scenario/types.js';

/** What makes a capacity: FTE and the caseload norm. */
export interface Staffed {
  fte: Param;
  caseload_per_fte: Param;
}

/** Concurrent casussen a staff of `fte` FTE carries. */
export const capacityOf = (st: Staffed, fte = st.fte.value): number => fte * st.caseload_per_fte.value;

/**
 * The FTE and cost of a team shared by youth and Wmo, split by youth's share of the work: the
 * youth part on the team's own group and post, the rest as the SWT's Wmo work.
 */
export function splitShared(lines: readonly StaffLine[], youthShare: number): StaffLine[] {
  return lines.flatMap((l) =>
    l.sharedWithWmo
      ? [
          { group: l.group, fte: l.fte * youthShare, cost: l.cost * youthShare, post: l.post, access: true, byUse: true },
          { group: 'swt_wmo', fte: l.fte * (1 - youthShare), cost: l.cost * (1 - youthShare), post: null, access: false },
        ]
      : l.group === 'swt_wmo' && lines.some((x) => x.sharedWithWmo)
        ? []
        : [l],
  );
}

/** Slots of a resource: at least one. */
export const slotsOf = (value: number): number => Math.max(1, Math.round(value));

/** The slots of wijk `i` when a team of `total` slots is shared by the wijken in proportion to their population. */
export const wijkSlots = (s: Scenario, total: number, i: number): number => slotsOf(total * wijkStaffShare(s, i));

/** The share of a team's staff that works in wijk `i`: its staff_share, or else its share of the youths. */
export const wijkStaffShare = (s: Scenario, i: number): number => {
  const w = s.population.wijken[i]!;
  return (w.staff_share ?? w.share).value;
};

/**
 * One line of a design's staffing: a team (its KPI group), its FTE, its yearly cost and the cost
 * post that pays it (null: the team is paid otherwise, by p x q or from a lump sum).
 */
export interface StaffLine {
  group: string;
  fte: number;
  /** Euros a year. */
  cost: number;
  post: string | null;
  /** Counts towards the FTE in access and first line (equal-staff comparisons). */
  access: boolean;
  /**
   * A team shared by youth and Wmo (the SWT of generalists): the line holds the whole team, and
   * youth's part of its FTE and cost is its share of the work, known at the end of a run.
   */
  sharedWithWmo?: boolean;
  /** The youth part of such a team after the run: its cost was not accrued week by week. */
  byUse?: boolean;
}

/** A municipal team paid from its own cost post `access.<group>`. */
export function teamLine(group: string, st: Staffed & { cost_per_fte: Param }, fte = st.fte.value, post: string | null = `access.${group}`): StaffLine {
  return { group, fte, cost: fte * st.cost_per_fte.value, post, access: true };
}

/** The MDO: its meetings take the participants' hours, at the IVH staff's hourly cost. */
export function mdoLine(s: Scenario): StaffLine {
  const v = s.ivh;
  const meetings = WEEKS_PER_YEAR / v.mdo_period.value + (v.extra_mdo?.length ?? 0) / (s.simulation.horizon.value / WEEKS_PER_YEAR);
  const hoursPerMeeting = (v.mdo_slots.value * v.mdo_minutes_per_case.value * 7 * 24) * v.mdo_participants.value;
  const fte = (meetings * hoursPerMeeting) / s.workforce.productive_hours_per_fte.value;
  return { group: 'mdo', fte, cost: fte * v.staff.cost_per_fte.value, post: 'access.mdo', access: true };
}

/** The teams every design has (fte.<group>), and the cost posts that pay them (cost_by_type.<post>). */
export const COMMON_STAFF_GROUPS = ['swt_wmo', 'ivh_casemanagers', 'mdo', 'eerste_lijn', 'poh_jeugd', ...([1, 2, 3, 4] as CareLevel[]).map((l) => CARE_LEVEL_NAMES[l])] as const;
export const COMMON_POSTS = ['access.ivh', 'access.mdo', 'access.eerste_lijn', 'access.poh_jeugd'] as const;

/**
 * Staff every design has: the SWT's Wmo work (none of its own when the design shares the SWT's
 * staff between youth and Wmo), IVH and its MDO, the first line, the POH-jeugd, the providers.
 */
export function commonStaff(s: Scenario, swtShared: boolean): StaffLine[] {
  const wmoFte = swtShared ? 0 : s.swt.staff.fte.value * (1 - s.swt.youth_share.value);
  return [
    { group: 'swt_wmo', fte: wmoFte, cost: wmoFte * s.swt.staff.cost_per_fte.value, post: null, access: false },
    teamLine('ivh_casemanagers', s.ivh.staff, s.ivh.staff.fte.value, 'access.ivh'),
    mdoLine(s),
    teamLine('eerste_lijn', s.eerste_lijn.staff),
    teamLine('poh_jeugd', s.poh_jeugd.staff),
    ...([1, 2, 3, 4] as CareLevel[]).map((l): StaffLine => ({ group: CARE_LEVEL_NAMES[l], fte: s.care[String(l) as '1']!.staff.fte.value, cost: 0, post: null, access: false })),
  ];
}
