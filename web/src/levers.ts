/**
 * The levers of BRIEF section 3 that the app shows as sliders and inputs, grouped. A lever points
 * at a scenario path; its value, unit and source come from the scenario file (values in the unit
 * the file writes), so every lever shows its source or `aanname`. Levers whose path a design does
 * not have (the basisteam in the indicatiemodel) are not shown for that design.
 */
import { checkPath, parsePath } from '../../src/experiment/sweep.js';

export type LeverGroup = 'inflow' | 'routing' | 'capacity' | 'process' | 'dynamics' | 'money';

export interface LeverDef {
  path: string;
  group: LeverGroup;
  label: { nl: string; en: string };
  kind: 'number' | 'choice' | 'switch';
  min?: number;
  max?: number;
  step?: number;
  choices?: { value: string; nl: string; en: string }[];
}

const n = (path: string, group: LeverGroup, nl: string, en: string, min: number, max: number, step: number): LeverDef => ({ path, group, label: { nl, en }, kind: 'number', min, max, step });

export const LEVERS: LeverDef[] = [
  // Inflow
  n('inflow.growth_per_year', 'inflow', 'Groei van de instroom per jaar', 'Inflow growth per year', 0, 0.15, 0.005),
  n('inflow.summer_dip', 'inflow', 'Zomerdip', 'Summer dip', 0, 0.5, 0.05),
  n('inflow.vindplaatsen.school.rate', 'inflow', 'Signalen via school', 'Signals from school', 0, 1500, 10),
  n('inflow.vindplaatsen.ouders.rate', 'inflow', 'Ouders melden zelf', 'Parents come forward', 0, 1500, 10),
  n('inflow.vindplaatsen.huisarts.rate', 'inflow', 'Signalen via de huisarts', 'Signals from the GP', 0, 1500, 10),
  n('inflow.vindplaatsen.consultatiebureau.rate', 'inflow', 'Signalen via het consultatiebureau', 'Signals from the consultatiebureau', 0, 800, 10),
  n('inflow.wmo_rate', 'inflow', 'Wmo-aanmeldingen bij het wijkteam', 'Wmo requests at the wijkteam', 0, 6000, 100),
  // Routing
  n('routing.ivh_compliance', 'routing', 'Naleving IVH-route (jonge kind)', 'IVH route compliance (young child)', 0, 1, 0.05),
  n('routing.perceived_wait_threshold', 'routing', 'Wachttijd waarbij gezinnen naar de huisarts gaan', 'Wait at which families go to the GP', 0, 26, 0.5),
  n('routing.perceived_wait_sensitivity', 'routing', 'Gevoeligheid voor de ervaren wachttijd', 'Sensitivity to the perceived wait', 0, 0.5, 0.01),
  { path: 'ivh.compulsory_mdo', group: 'routing', label: { nl: 'Verplicht MDO bij complexe casussen', en: 'Compulsory MDO for complex cases' }, kind: 'switch' },
  n('poh_jeugd.share_of_gp_consults', 'routing', 'POH-jeugd: aandeel huisartsconsulten', 'POH-jeugd: share of GP consults', 0, 1, 0.05),
  // Capacity
  n('swt.youth_slots_per_wijk', 'capacity', 'Wijkteam: plekken jeugd per wijk', 'Wijkteam: youth slots per wijk', 5, 60, 1),
  n('swt.wmo_slots_per_wijk', 'capacity', 'Wijkteam: plekken Wmo per wijk', 'Wijkteam: Wmo slots per wijk', 5, 60, 1),
  n('basisteam.slots_per_wijk', 'capacity', 'Basisteam: caseload per wijk', 'Basisteam: caseload per wijk', 5, 80, 1),
  n('one_stop_shop.intake_slots', 'capacity', 'One-stop-shop: intakeplekken', 'One-stop-shop: intake slots', 10, 200, 1),
  n('ivh.casemanager_slots', 'capacity', 'IVH-casemanagers: casussen tegelijk', 'IVH casemanagers: cases at a time', 5, 100, 1),
  n('ivh.mdo_period', 'capacity', 'MDO: tijd tussen overleggen', 'MDO: time between meetings', 0.25, 3, 0.25),
  n('ivh.mdo_slots', 'capacity', 'MDO: kinderen per overleg', 'MDO: children per meeting', 1, 12, 1),
  n('eerste_lijn.capacity', 'capacity', 'Eerste lijn (DSAV, PKO): casussen tegelijk', 'First line (DSAV, PKO): cases at a time', 20, 400, 5),
  n('care.1.places', 'capacity', 'Plekken lichte hulp', 'Places light help', 50, 600, 5),
  n('care.2.places', 'capacity', 'Plekken begeleiding', 'Places begeleiding', 200, 1500, 10),
  n('care.3.places', 'capacity', 'Plekken behandeling', 'Places treatment', 200, 1500, 10),
  n('care.4.places', 'capacity', 'Plekken verblijf', 'Places residential care', 50, 400, 5),
  // Process
  n('swt.ktg.mean', 'process', 'Keukentafelgesprek: duur', 'Keukentafelgesprek: duration', 0.5, 8, 0.5),
  n('swt.indicatiestelling.mean', 'process', 'Indicatiestelling: duur', 'Assessment: duration', 1, 16, 0.5),
  {
    path: 'swt.placement',
    group: 'process',
    label: { nl: 'Plaatsing na indicatie', en: 'Placement after assessment' },
    kind: 'choice',
    choices: [
      { value: 'stepped', nl: 'getrapte zorg (stepped care)', en: 'stepped care' },
      { value: 'matched', nl: 'passende zorg (matched care)', en: 'matched care' },
    ],
  },
  n('swt.triage_accuracy', 'process', 'Trefzekerheid van de triage', 'Triage accuracy', 0, 1, 0.05),
  n('swt.own_support_share', 'process', 'Wijkteam helpt zelf (aandeel lichte vragen)', 'Wijkteam helps itself (share of light needs)', 0, 1, 0.05),
  n('dynamics.step_up_delay.mean', 'process', 'Vertraging bij opschalen', 'Delay when stepping up', 0, 16, 0.5),
  // Dynamics
  n('dynamics.deterioration_per_week', 'dynamics', 'Verergering tijdens wachten (kans per week)', 'Deterioration while waiting (per week)', 0, 0.05, 0.001),
  n('swt.work_pressure_slope', 'dynamics', 'Werkdruk: meer indiceren, minder zelf helpen', 'Work pressure: more indicating, less helping', 0, 3, 0.1),
  n('swt.pressure_stretch', 'dynamics', 'Werkdruk: dossiers liggen langer', 'Work pressure: files lie longer', 0, 2, 0.1),
  n('dynamics.fragmentation_penalty', 'dynamics', 'Minder succes per extra professional', 'Less success per extra professional', 0, 0.5, 0.05),
  // Money
  n('care.2.tariff', 'money', 'Tarief begeleiding per week', 'Tariff begeleiding per week', 50, 800, 10),
  n('care.3.tariff', 'money', 'Tarief behandeling per week', 'Tariff treatment per week', 100, 1500, 10),
  n('care.4.tariff', 'money', 'Tarief verblijf per week', 'Tariff residential care per week', 500, 4000, 50),
  n('basisteam.budget_per_year', 'money', 'Basisteams: lumpsum per jaar', 'Basisteams: lump sum per year', 1, 20, 0.5),
  n('one_stop_shop.budget_per_year', 'money', 'One-stop-shop: lumpsum per jaar', 'One-stop-shop: lump sum per year', 5, 60, 1),
];

export interface LeverState {
  def: LeverDef;
  /** The value in the scenario (with overrides), in the file's unit. */
  value: number | string | boolean;
  /** The value in the scenario file (no overrides). */
  fileValue: number | string | boolean;
  unit: string;
  source: string;
  aanname: boolean;
}

/** The value, unit and source at a path of merged scenario data. */
export function readPath(data: Record<string, unknown>, path: string): { value: number | string | boolean; unit: string; source: string } | undefined {
  const parts = parsePath(path);
  if (!parts || checkPath(data, parts) !== null) {
    // checkPath accepts numbers and parameters only; choices and switches are plain values.
    let node: unknown = data;
    for (const p of parts ?? []) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[p] : undefined;
    if (typeof node === 'string' || typeof node === 'boolean') return { value: node, unit: '', source: '' };
    return undefined;
  }
  let node: unknown = data;
  for (const p of parts) node = (node as Record<string | number, unknown>)[p];
  if (typeof node === 'number') return { value: node, unit: '', source: '' };
  const o = node as { value: number; unit?: string; source?: string };
  return { value: o.value, unit: o.unit ?? '', source: o.source ?? '' };
}

/** The levers that apply to a scenario, with their values. */
export function leverStates(data: Record<string, unknown>, fileData: Record<string, unknown>): LeverState[] {
  const out: LeverState[] = [];
  for (const def of LEVERS) {
    const now = readPath(data, def.path);
    const file = readPath(fileData, def.path);
    if (!now || !file) continue;
    if (def.kind === 'number' && typeof now.value !== 'number') continue;
    if (def.kind === 'switch' && typeof now.value !== 'boolean') continue;
    if (def.kind === 'choice' && typeof now.value !== 'string') continue;
    out.push({ def, value: now.value, fileValue: file.value, unit: file.unit, source: file.source, aanname: file.source.startsWith('aanname') });
  }
  return out;
}
