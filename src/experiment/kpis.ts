/**
 * The KPI ids a replication reports (BRIEF section 4; defined in docs/model.md). Families end in
 * a dot: their members depend on the scenario (utilisation.swt, cost_by_type.verblijf, ...). A
 * test checks this list against what the model reports, so it cannot drift.
 */
export const KPI_IDS = [
  'wait_intake_weeks',
  'wait_intake_p50_weeks',
  'wait_intake_p90_weeks',
  'wait_intake_wmo_weeks',
  'assessment_weeks',
  'time_to_care_weeks',
  'time_to_care_p50_weeks',
  'time_to_care_p90_weeks',
  'time_to_care_censored_weeks',
  'pct_right_care_reached',
  'ktg_to_care_weeks',
  'swt_doorlooptijd_weeks',
  'swt_wait_all_weeks',
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
  'pct_first_line',
  'trajectories_per_year',
  'mdo_cases_per_year',
  'mdo_slot_use',
  'cost_total_meur',
  'cost_per_casus_eur',
] as const;

export const KPI_FAMILIES = ['referrer_share.', 'utilisation.', 'queue_len.', 'in_care.', 'cost_by_type.'] as const;

/** A KPI id, a member of a family (utilisation.swt), or a whole family written `utilisation.*`. */
export function isKnownKpi(id: string): boolean {
  return (KPI_IDS as readonly string[]).includes(id) || KPI_FAMILIES.some((f) => id.startsWith(f) && id.length > f.length && (!id.includes('*') || id === f + '*'));
}

/** Does the selection `sel` (an id, or a family `prefix.*`) keep KPI `key`? */
export function kpiSelected(sel: readonly string[], key: string): boolean {
  return sel.some((x) => x === key || (x.endsWith('.*') && key.startsWith(x.slice(0, -1))));
}

/** Short labels for people (report, web app), Dutch and English, with the unit shown. */
export const KPI_LABELS: Record<string, { nl: string; en: string; unit: string; better: 'lower' | 'higher' | null }> = {
  wait_intake_weeks: { nl: 'Wachttijd tot eerste gesprek', en: 'Wait to first conversation', unit: 'wk', better: 'lower' },
  wait_intake_p90_weeks: { nl: 'Wachttijd eerste gesprek (p90)', en: 'Wait to first conversation (p90)', unit: 'wk', better: 'lower' },
  pct_within_norm: { nl: 'Eerste gesprek binnen 14 dagen', en: 'First conversation within 14 days', unit: '%', better: 'higher' },
  assessment_weeks: { nl: 'Duur indicatiestelling', en: 'Assessment time', unit: 'wk', better: 'lower' },
  time_to_care_weeks: { nl: 'Tijd tot passende hulp', en: 'Time to the right help', unit: 'wk', better: 'lower' },
  time_to_care_p90_weeks: { nl: 'Tijd tot passende hulp (p90)', en: 'Time to the right help (p90)', unit: 'wk', better: 'lower' },
  pct_right_care_reached: { nl: 'Passende hulp bereikt', en: 'Right help reached', unit: '%', better: 'higher' },
  provider_wait_weeks: { nl: 'Wachttijd aanbieder', en: 'Provider wait', unit: 'wk', better: 'lower' },
  handoffs_per_casus: { nl: 'Overdrachten per casus', en: 'Hand-offs per casus', unit: '', better: 'lower' },
  professionals_per_casus: { nl: 'Professionals per casus', en: 'Professionals per casus', unit: '', better: 'lower' },
  pct_4plus_professionals: { nl: '4 of meer professionals', en: '4 or more professionals', unit: '%', better: 'lower' },
  episodes_per_casus: { nl: 'Hulpepisodes per casus', en: 'Help episodes per casus', unit: '', better: 'lower' },
  pct_stepped_up: { nl: 'Opgeschaald na hulp', en: 'Stepped up after help', unit: '%', better: 'lower' },
  pct_first_line: { nl: 'Hulp zonder beschikking', en: 'Help without beschikking', unit: '%', better: null },
  pct_deteriorated: { nl: 'Verergerd tijdens wachten', en: 'Deteriorated while waiting', unit: '%', better: 'lower' },
  mdo_cases_per_year: { nl: 'Casussen in MDO per jaar', en: 'MDO cases per year', unit: '/jr', better: null },
  trajectories_per_year: { nl: 'Jeugdhulptrajecten per jaar', en: 'Youth-care trajectories per year', unit: '/jr', better: null },
  cost_total_meur: { nl: 'Kosten per jaar', en: 'Cost per year', unit: 'M€', better: 'lower' },
  cost_per_casus_eur: { nl: 'Kosten per casus', en: 'Cost per casus', unit: '€', better: 'lower' },
};

/** The KPIs shown first (compare table, report, headline cards). */
export const HEADLINE_KPIS = Object.keys(KPI_LABELS);
