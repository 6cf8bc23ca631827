/**
 * KPIs for people: labels, units and which way is better, and the selections sweeps and the CLI
 * accept. The catalogue itself (ids, families, their members) lives beside the model's collect()
 * in src/model/kpis.ts.
 */
import { ALL_KPIS, KPI_FAMILIES, YEAR_KPI, YEAR_KPIS } from '../model/kpis.js';

export { ALL_KPIS, KPI_FAMILIES, KPI_FAMILY_MEMBERS, KPI_IDS, RESOURCE_GROUPS, COST_POSTS, YEAR_KPI, YEAR_KPIS } from '../model/kpis.js';

/** A KPI id (including family members such as utilisation.swt). */
export function isKnownKpi(id: string): boolean {
  if (ALL_KPIS.includes(id)) return true;
  const m = YEAR_KPI.exec(id);
  return m !== null && (YEAR_KPIS as readonly string[]).includes(m[2]!);
}

/** A KPI selection: a KPI id or a whole family written `utilisation.*`. */
export function isKpiSelection(id: string): boolean {
  return isKnownKpi(id) || KPI_FAMILIES.some((f) => id === f + '*');
}

/** Does the selection `sel` (ids, or families `prefix.*`) keep KPI `key`? */
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
  time_to_care_censored_weeks: { nl: 'Tijd tot passende hulp, wie nog onderweg is meegeteld', en: 'Time to the right help, counting those still on their way', unit: 'wk', better: 'lower' },
  pct_right_care_reached: { nl: 'Passende hulp bereikt', en: 'Right help reached', unit: '%', better: 'higher' },
  provider_wait_weeks: { nl: 'Wachttijd aanbieder', en: 'Provider wait', unit: 'wk', better: 'lower' },
  handoffs_per_casus: { nl: 'Overdrachten per casus', en: 'Hand-offs per casus', unit: '', better: 'lower' },
  professionals_per_casus: { nl: 'Professionals per casus', en: 'Professionals per casus', unit: '', better: 'lower' },
  pct_4plus_professionals: { nl: '4 of meer professionals', en: '4 or more professionals', unit: '%', better: 'lower' },
  episodes_per_casus: { nl: 'Hulpepisodes per casus', en: 'Help episodes per casus', unit: '', better: 'lower' },
  pct_stepped_up: { nl: 'Opgeschaald na hulp', en: 'Stepped up after help', unit: '%', better: 'lower' },
  pct_first_line: { nl: 'Hulp zonder beschikking', en: 'Help without beschikking', unit: '%', better: null },
  pct_deteriorated: { nl: 'Verergerd tijdens wachten', en: 'Deteriorated while waiting', unit: '%', better: 'lower' },
  mdo_cases_per_year: { nl: 'Casussen in MDO per jaar', en: 'MDO cases per year', unit: '', better: null },
  trajectories_per_year: { nl: 'Jeugdhulptrajecten per jaar', en: 'Youth-care trajectories per year', unit: '', better: null },
  cost_total_meur: { nl: 'Kosten per jaar', en: 'Cost per year', unit: 'M€', better: 'lower' },
  cost_per_casus_eur: { nl: 'Kosten per casus', en: 'Cost per casus', unit: '€', better: 'lower' },
};

/** The KPIs shown first (compare table, report, headline cards). */
export const HEADLINE_KPIS = Object.keys(KPI_LABELS);

/** Labels of the other KPIs people meet (staff and money, calibration periods, shares). */
export const MORE_KPI_LABELS: Record<string, { nl: string; en: string; unit: string; better: 'lower' | 'higher' | null }> = {
  fte_access_total: { nl: 'FTE in toegang en eerste lijn', en: 'FTE in access and first line', unit: 'FTE', better: null },
  cost_wmo_meur: { nl: 'Kosten Wmo-formatie wijkteam per jaar', en: 'Cost of the wijkteam’s Wmo staff per year', unit: 'M€', better: null },
  pct_refused: { nl: 'Afgewezen zonder hulp (komt later terug)', en: 'Sent away without help (comes back later)', unit: '%', better: 'lower' },
  pct_unresolved: { nl: 'Zonder passende hulp vertrokken', en: 'Left without the right help', unit: '%', better: 'lower' },
  pct_youth_ambulant: { nl: 'Jongeren 0-23 met ambulante jeugdhulp', en: 'Youths 0-23 with ambulant youth care', unit: '%', better: null },
  pct_youth_verblijf: { nl: 'Jongeren 0-23 met verblijf', en: 'Youths 0-23 in residential care', unit: '%', better: null },
  wait_intake_q3_weeks: { nl: 'Wachttijd eerste gesprek, aanmelding juli-september', en: 'Wait to first conversation, aanmelding July-September', unit: 'wk', better: 'lower' },
  wait_intake_wmo_weeks: { nl: 'Wachttijd Wmo', en: 'Wmo wait', unit: 'wk', better: 'lower' },
  wait_intake_wmo_q3_weeks: { nl: 'Wachttijd Wmo, aanmelding juli-september', en: 'Wmo wait, aanmelding July-September', unit: 'wk', better: 'lower' },
  swt_wait_all_janmay_weeks: { nl: 'Wachttijd wijkteam (jeugd en Wmo), aanmelding januari-mei', en: 'Wijkteam wait (youth and Wmo), aanmelding January-May', unit: 'wk', better: 'lower' },
  swt_doorlooptijd_janmay_weeks: { nl: 'Doorlooptijd wijkteam (jeugd en Wmo), aanmelding januari-mei', en: 'Wijkteam lead time (youth and Wmo), aanmelding January-May', unit: 'wk', better: 'lower' },
  ktg_to_care_weeks: { nl: 'Keukentafelgesprek tot start zorg', en: 'Keukentafelgesprek to start of care', unit: 'wk', better: 'lower' },
};

/** The label of a KPI id for people, or undefined for a family member (report.ts and the app name those). */
export const kpiLabel = (id: string) => KPI_LABELS[id] ?? MORE_KPI_LABELS[id];

/** Resource groups and care levels (the members of utilisation.*, queue_len.*, in_care.*) as people call them. */
export const RESOURCE_LABELS: Record<string, { nl: string; en: string }> = {
  swt: { nl: 'sociaal wijkteam (jeugd)', en: 'sociaal wijkteam (youth)' },
  swt_wmo: { nl: 'sociaal wijkteam (Wmo)', en: 'sociaal wijkteam (Wmo)' },
  basisteam: { nl: 'basisteam', en: 'basisteam' },
  oss_intake: { nl: 'intake one-stop-shop', en: 'one-stop-shop intake' },
  ivh_casemanagers: { nl: 'IVH-casemanagers', en: 'IVH casemanagers' },
  eerste_lijn: { nl: 'eerste lijn', en: 'first-line help' },
  poh_jeugd: { nl: 'POH-jeugd', en: 'POH-jeugd (GP practice)' },
  mdo: { nl: 'IVH-MDO', en: 'IVH MDO' },
  indicatiesteller: { nl: 'ambtelijke indicatiesteller', en: 'municipal assessor (indicatiesteller)' },
  lichte_hulp: { nl: 'lichte hulp', en: 'light help' },
  begeleiding: { nl: 'begeleiding', en: 'begeleiding' },
  behandeling: { nl: 'behandeling', en: 'behandeling' },
  verblijf: { nl: 'verblijf', en: 'verblijf' },
};

/** A resource group or care level by its name for people; an unknown one as written. */
export function resourceLabel(group: string, lang: 'nl' | 'en'): string {
  return RESOURCE_LABELS[group]?.[lang] ?? group;
}

/** A time series (in_system, queue_len.swt, caseload.basisteam, in_care.verblijf, mdo_waiting) for people. */
export function seriesLabel(name: string, lang: 'nl' | 'en'): string {
  const dot = name.indexOf('.');
  const kind = dot < 0 ? name : name.slice(0, dot);
  const group = resourceLabel(dot < 0 ? '' : name.slice(dot + 1), lang);
  const nl = lang === 'nl';
  switch (kind) {
    case 'in_system':
      return nl ? 'Casussen in de keten' : 'Casussen in the chain';
    case 'mdo_waiting':
      return nl ? 'Wachtend op MDO' : 'Waiting for the MDO';
    case 'queue_len':
      return nl ? `Wachtrij ${group}` : `Queue ${group}`;
    case 'caseload':
      return `Caseload ${group}`;
    case 'in_care':
      return nl ? `In zorg: ${group}` : `In care: ${group}`;
    default:
      return name;
  }
}

/** A cost post (access.swt, care.begeleiding, lump_sum.one_stop_shop, overrun) for people. */
export function costPostLabel(post: string, lang: 'nl' | 'en'): string {
  const [kind, what = ''] = post.split(/\.(.*)/);
  // The IVH post pays its casemanagers (resource group ivh_casemanagers).
  if (kind === 'access' || kind === 'care') return resourceLabel(what === 'ivh' ? 'ivh_casemanagers' : what, lang);
  if (kind === 'lump_sum') return lang === 'nl' ? 'lumpsum one-stop-shop' : 'one-stop-shop lump sum';
  if (kind === 'overrun') return lang === 'nl' ? 'overschrijding lumpsum' : 'lump-sum overrun';
  return post;
}

/**
 * Any KPI id for people, families included (fte.swt, cost_by_type.care.verblijf,
 * utilisation.basisteam, queue_len.swt, in_care.verblijf, referrer_share.huisarts): its text and
 * unit, as the report and the web app show them. An unknown id as written.
 */
export function kpiName(id: string, lang: 'nl' | 'en'): { text: string; unit: string } {
  const l = kpiLabel(id);
  if (l) return { text: l[lang], unit: l.unit };
  const [family, member = ''] = id.split(/\.(.*)/);
  const nl = lang === 'nl';
  switch (family) {
    case 'utilisation':
      return { text: `${nl ? 'Bezetting' : 'Utilisation'} ${resourceLabel(member, lang)}`, unit: '%' };
    case 'queue_len':
    case 'in_care':
      return { text: seriesLabel(id, lang), unit: '' };
    case 'fte':
      return { text: `FTE ${resourceLabel(member, lang)}`, unit: '' };
    case 'cost_by_type':
      return { text: `${nl ? 'Kosten' : 'Cost'} ${costPostLabel(member, lang)}`, unit: 'M€' };
    case 'referrer_share':
      return { text: `${nl ? 'Verwijzer' : 'Referrer'}: ${resourceLabel(member, lang)}`, unit: '%' };
    default:
      return { text: id, unit: '' };
  }
}
