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
  kind: 'number' | 'choice' | 'switch';
  min?: number;
  max?: number;
  step?: number;
  /** Choices; their labels are the locale keys lever.<path>.<value>. */
  choices?: { value: string }[];
  /** The designs the lever acts in (all when absent): the SWT's youth work is not used by the others. */
  designs?: string[];
}

/** A number lever; its label is the locale key lever.<path> (web/src/i18n). */
const n = (path: string, group: LeverGroup, min: number, max: number, step: number): LeverDef => ({ path, group, kind: 'number', min, max, step });

const IND = ['indicatiemodel'];
/** Both indicatiemodellen: the wijkteam does the access (and, in the optimised one, the indicatiesteller indicates). */
const SWT = ['indicatiemodel', 'geoptimaliseerd-indicatiemodel'];
/** A placement policy (BRIEF 1.5): stepped or matched care. */
const placement = (path: string, designs?: string[]): LeverDef => ({ path, group: 'process', kind: 'choice', choices: [{ value: 'stepped' }, { value: 'matched' }], ...(designs ? { designs } : {}) });
const sw = (path: string, group: LeverGroup): LeverDef => ({ path, group, kind: 'switch' });

export const LEVERS: LeverDef[] = [
  // Inflow
  n('inflow.growth_per_year', 'inflow', 0, 0.15, 0.005),
  n('inflow.summer_dip', 'inflow', 0, 0.5, 0.05),
  n('inflow.vindplaatsen.school.rate', 'inflow', 0, 1500, 10),
  n('inflow.vindplaatsen.ouders.rate', 'inflow', 0, 1500, 10),
  n('inflow.vindplaatsen.huisarts.rate', 'inflow', 0, 1500, 10),
  n('inflow.vindplaatsen.consultatiebureau.rate', 'inflow', 0, 800, 10),
  n('inflow.wmo_rate', 'inflow', 0, 6000, 100),
  // Routing
  n('routing.ivh_compliance', 'routing', 0, 1, 0.05),
  n('routing.perceived_wait_threshold', 'routing', 0, 26, 0.5),
  n('routing.perceived_wait_sensitivity', 'routing', 0, 0.5, 0.01),
  n('routing.max_bypass', 'routing', 0, 1, 0.05),
  n('routing.perceived_wait_initial', 'routing', 0, 26, 0.5),
  n('routing.perceived_wait_memory', 'routing', 1, 104, 1),
  { path: 'ivh.compulsory_mdo', group: 'routing', kind: 'switch' },
  n('poh_jeugd.share_of_gp_consults', 'routing', 0, 1, 0.05),
  // Capacity
  n('swt.staff.fte', 'capacity', 20, 200, 1),
  { ...n('swt.youth_share', 'capacity', 0, 1, 0.01), designs: SWT },
  { path: 'swt.pooling', group: 'capacity', kind: 'choice', choices: [{ value: 'separate' }, { value: 'shared' }], designs: SWT },
  n('swt.indicatiesteller.staff.fte', 'capacity', 1, 40, 0.5),
  n('basisteam.staff.fte', 'capacity', 5, 300, 1),
  n('basisteam.staff_realised', 'capacity', 0.3, 1, 0.05),
  n('one_stop_shop.intake_staff.fte', 'capacity', 1, 40, 0.5),
  n('ivh.staff.fte', 'capacity', 1, 20, 0.5),
  n('ivh.mdo_period', 'capacity', 0.25, 3, 0.25),
  n('ivh.mdo_slots', 'capacity', 1, 12, 1),
  n('eerste_lijn.staff.fte', 'capacity', 1, 40, 0.5),
  n('care.1.staff.fte', 'capacity', 5, 100, 0.25),
  n('care.2.staff.fte', 'capacity', 40, 300, 1),
  n('care.3.staff.fte', 'capacity', 40, 300, 1),
  n('care.4.staff.fte', 'capacity', 50, 400, 5),
  // Process: the access and its placement policy in each design (BRIEF 2a: levers of every design)
  { ...n('swt.ktg.mean', 'process', 0.5, 8, 0.5), designs: SWT },
  { ...n('swt.indicatiestelling.mean', 'process', 1, 16, 0.5), designs: IND },
  placement('swt.placement', SWT),
  { ...n('swt.triage_accuracy', 'process', 0, 1, 0.05), designs: IND },
  { ...n('swt.own_support_share', 'process', 0, 1, 0.05), designs: SWT },
  n('swt.indicatiesteller.duration.mean', 'process', 0.5, 16, 0.5),
  n('swt.indicatiesteller.triage_accuracy', 'process', 0, 1, 0.05),
  n('swt.indicatiesteller.triage_upward_bias', 'process', 0, 1, 0.05),
  n('swt.indicatiesteller.refusal_share', 'process', 0, 1, 0.05),
  n('swt.indicatiesteller.refusal_max_level', 'process', 1, 4, 1),
  placement('basisteam.placement'),
  n('basisteam.triage_accuracy', 'process', 0, 1, 0.05),
  n('basisteam.expertise', 'process', 0.3, 1, 0.05),
  placement('one_stop_shop.placement'),
  n('one_stop_shop.triage_accuracy', 'process', 0, 1, 0.05),
  placement('ivh.placement'),
  n('ivh.mdo_accuracy', 'process', 0, 1, 0.05),
  n('ivh.casemanager_accuracy', 'process', 0, 1, 0.05),
  sw('provider_intake_repeats_ktg', 'process'),
  sw('ivh.reassessment', 'process'),
  n('dynamics.step_up_delay.mean', 'process', 0, 16, 0.5),
  // Dynamics
  n('dynamics.deterioration_per_week', 'dynamics', 0, 0.05, 0.001),
  { ...n('swt.work_pressure_slope', 'dynamics', 0, 3, 0.1), designs: SWT },
  { ...n('swt.pressure_stretch', 'dynamics', 0, 2, 0.1), designs: SWT },
  n('dynamics.fragmentation_penalty', 'dynamics', 0, 0.5, 0.05),
  // Money
  n('care.2.tariff', 'money', 50, 800, 10),
  n('care.3.tariff', 'money', 100, 1500, 10),
  n('care.4.tariff', 'money', 500, 4000, 50),
  n('swt.staff.cost_per_fte', 'money', 40, 150, 1),
  n('one_stop_shop.budget_per_year', 'money', 5, 60, 1),
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
    if (def.designs && !def.designs.includes(String(data.design))) continue;
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
