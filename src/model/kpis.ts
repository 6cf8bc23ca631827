/**
 * The KPI catalogue (BRIEF section 4; every KPI defined in docs/model.md) and how a replication's
 * outputs become KPIs. Families end in a dot: their members depend on the design
 * (utilisation.swt, cost_by_type.care.verblijf, ...). Everything that lists KPIs, resource groups,
 * referrers or cost posts elsewhere (experiment, CLI, web) reads them from here.
 */
import type { Meeting, Resource } from '../engine/index.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { CARE_LEVEL_NAMES, REFERRERS, type CareLevel } from '../scenario/types.js';
import { DESIGN_TABLE, type DesignRow } from './designs.js';
import { LUMP_SUM_POST } from './money.js';
import { COMMON_POSTS, COMMON_STAFF_GROUPS, type StaffLine } from './staff.js';
import { newYearStats, type Outputs, type YearlyUsers } from './outputs.js';

export const KPI_IDS = [
  'wait_intake_weeks',
  'wait_intake_p50_weeks',
  'wait_intake_p90_weeks',
  'wait_intake_wmo_weeks',
  'wait_intake_q3_weeks',
  'wait_intake_wmo_q3_weeks',
  'assessment_weeks',
  'time_to_care_weeks',
  'time_to_care_p50_weeks',
  'time_to_care_p90_weeks',
  'time_to_care_censored_weeks',
  'pct_right_care_reached',
  'ktg_to_care_weeks',
  'swt_doorlooptijd_weeks',
  'swt_wait_all_weeks',
  'swt_wait_all_janmay_weeks',
  'swt_doorlooptijd_janmay_weeks',
  'pct_wmo_reneged',
  'provider_wait_weeks',
  'pct_within_norm',
  'handoffs_per_casus',
  'professionals_per_casus',
  'pct_4plus_professionals',
  'episodes_per_casus',
  'pct_stepped_up',
  'pct_deteriorated',
  'pct_unresolved',
  'pct_refused',
  'pct_first_line',
  'trajectories_per_year',
  'mdo_cases_per_year',
  'mdo_slot_use',
  'pct_youth_ambulant',
  'pct_youth_verblijf',
  'cost_total_meur',
  'cost_per_casus_eur',
  'cost_wmo_meur',
  'fte_access_total',
] as const;

export const KPI_FAMILIES = ['referrer_share.', 'utilisation.', 'queue_len.', 'in_care.', 'cost_by_type.', 'fte.'] as const;

const CARE_GROUPS = ([1, 2, 3, 4] as CareLevel[]).map((l) => CARE_LEVEL_NAMES[l]);
const DESIGNS: readonly DesignRow[] = Object.values(DESIGN_TABLE);
const unique = (xs: readonly string[]) => [...new Set(xs)];

/** Resource groups (members of utilisation.* and queue_len.*): the toegang of each design, the SWT's Wmo desk, IVH, the first line, the providers. */
export const RESOURCE_GROUPS: readonly string[] = unique([...DESIGNS.flatMap((d) => d.groups), 'swt_wmo', 'ivh_casemanagers', 'eerste_lijn', 'poh_jeugd', ...CARE_GROUPS]);

/** Teams with staff (members of fte.*): each design's toegang and the teams every design has. */
export const STAFF_GROUPS: readonly string[] = unique([...DESIGNS.flatMap((d) => d.groups), ...COMMON_STAFF_GROUPS]);

/** Cost posts (members of cost_by_type.*): care p x q per level, the staff of every design, a lump sum and its overrun. */
export const COST_POSTS: readonly string[] = unique([...CARE_GROUPS.map((g) => `care.${g}`), ...DESIGNS.flatMap((d) => d.posts), ...COMMON_POSTS, LUMP_SUM_POST, 'overrun']);

/** The members of each family that some design reports (a test checks them against the model). */
export const KPI_FAMILY_MEMBERS: Record<(typeof KPI_FAMILIES)[number], readonly string[]> = {
  'referrer_share.': REFERRERS,
  'utilisation.': RESOURCE_GROUPS,
  'queue_len.': RESOURCE_GROUPS,
  'in_care.': CARE_GROUPS,
  'cost_by_type.': COST_POSTS,
  'fte.': STAFF_GROUPS,
};

/** Every KPI id a replication can report. */
export const ALL_KPIS: readonly string[] = [...KPI_IDS, ...KPI_FAMILIES.flatMap((f) => KPI_FAMILY_MEMBERS[f].map((m) => f + m))];

/** What a replication's KPIs are computed from. */
export interface KpiSources {
  out: Outputs;
  now: number;
  /** Length of the observed period (weeks). */
  observed: number;
  groups: readonly [string, Resource[]][];
  mdo: Pick<Meeting<unknown>, 'slotsUsed' | 'slotsOffered'>;
  /** Report the overrun of a lump sum even when it is zero. */
  lumpSum: boolean;
  /** The design's staff. */
  staff: readonly StaffLine[];
  /** Youths aged 0-23, the denominator of the shares with ambulant help and verblijf. */
  youth023: number;
  /** The calendar year the observed period begins with, when the scenario has a calendar (results per year). */
  startYear?: number;
}

/**
 * The KPIs reported per calendar year (`year.<YYYY>.<kpi>`, a scenario with simulation.start_year):
 * waits and time to care by the year the casus arrived; volumes and money by the year they
 * happened (hand-offs and other figures of whole journeys are not: a journey of a late year has
 * often not ended by the horizon). The time to care counts those still on their way at the end at their time so far
 * (a lower bound), so the last years are not flattered by leaving the longest out. Defined in
 * docs/model.md.
 */
export const YEAR_KPIS = ['signals', 'wait_intake_weeks', 'time_to_care_censored_weeks', 'trajectories', 'youth_ambulant', 'youth_verblijf', 'cost_meur'] as const;

/** A per-year KPI id: year.<YYYY>.<kpi>. */
export const YEAR_KPI = /^year\.(\d{4})\.([a-z_]+)$/;

export function collectKpis({ out: o, now, observed, groups, mdo, lumpSum, staff, youth023, startYear }: KpiSources): Record<string, number> {
  const years = observed / WEEKS_PER_YEAR;
  const k: Record<string, number> = {};
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
  k.wait_intake_weeks = o.waitIntake.mean;
  k.wait_intake_p50_weeks = o.waitIntake.quantile(0.5);
  k.wait_intake_p90_weeks = o.waitIntake.quantile(0.9);
  k.wait_intake_wmo_weeks = o.waitIntakeWmo.mean;
  k.wait_intake_q3_weeks = o.waitIntakeQ3.mean;
  k.wait_intake_wmo_q3_weeks = o.waitIntakeWmoQ3.mean;
  k.assessment_weeks = o.assessment.mean;
  k.time_to_care_weeks = o.timeToCare.mean;
  k.time_to_care_p50_weeks = o.timeToCare.quantile(0.5);
  k.time_to_care_p90_weeks = o.timeToCare.quantile(0.9);
  // time_to_care counts those who reached the right help before the horizon; this says how many did.
  k.pct_right_care_reached = 100 * ratio(o.timeToCare.count, o.observedWithNeed);
  k.time_to_care_censored_weeks = o.timeToCareCensored(now);
  k.ktg_to_care_weeks = o.ktgToCare.mean;
  k.swt_doorlooptijd_weeks = o.swtDoorlooptijd.mean;
  k.swt_wait_all_weeks = o.swtWaitAll.mean;
  k.swt_wait_all_janmay_weeks = o.swtWaitAllJanMay.mean;
  k.swt_doorlooptijd_janmay_weeks = o.swtDoorlooptijdJanMay.mean;
  k.pct_wmo_reneged = 100 * ratio(o.wmoReneged, o.wmoReneged + o.waitIntakeWmo.count);
  k.provider_wait_weeks = o.providerWait.mean;
  k.pct_within_norm = 100 * ratio(o.withinNorm, o.intakes);
  const j = o.journeys;
  k.handoffs_per_casus = ratio(j.handoffs, j.n);
  k.professionals_per_casus = ratio(j.professionals, j.n);
  k.pct_4plus_professionals = 100 * ratio(j.fourPlus, j.n);
  k.episodes_per_casus = ratio(j.episodes, j.n);
  k.pct_stepped_up = 100 * ratio(j.steppedUp, j.n);
  k.pct_deteriorated = 100 * ratio(j.deteriorated, j.n);
  k.pct_unresolved = 100 * ratio(j.unresolved, j.n);
  k.pct_refused = 100 * ratio(j.refused, j.n);
  k.pct_first_line = 100 * ratio(o.episodesFirstLine, o.episodesTotal);
  k.trajectories_per_year = o.trajectories / years;
  k.mdo_cases_per_year = o.mdoCases / years;
  // Complete observed years only: a part year would count fewer children.
  const full = Math.floor(years + 1e-9);
  const perYear = (u: YearlyUsers) => (full > 0 ? (100 * u.counts.slice(0, full).reduce((a, b) => a + b, 0)) / full / youth023 : NaN);
  k.pct_youth_ambulant = perYear(o.ambulant);
  k.pct_youth_verblijf = perYear(o.verblijf);
  k.mdo_slot_use = 100 * ratio(mdo.slotsUsed, mdo.slotsOffered);
  const totalRef = Object.values(o.referrers).reduce((a, b) => a + b, 0);
  for (const r of REFERRERS) k[`referrer_share.${r}`] = 100 * ratio(o.referrers[r] ?? 0, totalRef);
  for (const [name, rs] of groups) {
    const cap = rs.reduce((a, r) => a + r.capacityLevel.mean(now), 0);
    k[`utilisation.${name}`] = 100 * ratio(rs.reduce((a, r) => a + r.busy.mean(now), 0), cap);
    k[`queue_len.${name}`] = rs.reduce((a, r) => a + r.queueLength.mean(now), 0);
  }
  for (let l = 1; l <= 4; l++) k[`in_care.${CARE_LEVEL_NAMES[l as CareLevel]}`] = o.inCare[l]!.mean(now);
  let total = o.overrun;
  for (const [type, eur] of Object.entries(o.costByType)) {
    k[`cost_by_type.${type}`] = eur / years / 1e6;
    total += eur;
  }
  // The youth part of a team shared with Wmo, by the work it did (staff.ts, splitShared).
  for (const l of staff) {
    if (!l.byUse || l.post === null) continue;
    k[`cost_by_type.${l.post}`] = l.cost / 1e6;
    total += l.cost * years;
  }
  if (o.overrun > 0 || lumpSum) k['cost_by_type.overrun'] = o.overrun / years / 1e6;
  k.cost_total_meur = total / years / 1e6;
  k.cost_per_casus_eur = ratio(total, o.arrivedObserved);
  // The SWT's Wmo work is paid from the Wmo budget, not the youth budget above.
  k.cost_wmo_meur = staff.filter((l) => l.group === 'swt_wmo').reduce((a, l) => a + l.cost, 0) / 1e6;
  for (const l of staff) k[`fte.${l.group}`] = l.fte;
  k.fte_access_total = staff.filter((l) => l.access).reduce((a, l) => a + l.fte, 0);
  if (o.years && startYear !== undefined) {
    // Only whole years: the last part year (a horizon that is no whole number of years) is left out.
    const byUse = staff.filter((l) => l.byUse && l.post !== null).reduce((a, l) => a + l.cost, 0);
    for (let y = 0; y < full; y++) {
      const ys = o.years[y] ?? newYearStats();
      const key = (kpi: (typeof YEAR_KPIS)[number]) => `year.${startYear + y}.${kpi}`;
      k[key('signals')] = ys.signals;
      k[key('wait_intake_weeks')] = ratio(ys.waitSum, ys.waitN);
      k[key('time_to_care_censored_weeks')] = ratio(ys.careSum + ys.onTheWay * now - ys.onTheWayArrivals, ys.careN + ys.onTheWay);
      k[key('trajectories')] = ys.trajectories;
      k[key('youth_ambulant')] = o.ambulant.counts[y] ?? 0;
      k[key('youth_verblijf')] = o.verblijf.counts[y] ?? 0;
      k[key('cost_meur')] = (ys.cost + byUse) / 1e6;
    }
  }
  return k;
}

