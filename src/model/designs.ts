/**
 * The designs (stelsels, BRIEF section 2) as data: what a design's toegang is, who does it,
 * whether families bypass it, how care is paid, and which resources and cost posts it reports.
 * Adding a design is a row here, its toegang stage (stages/toegang-*.ts) and a scenario file.
 */
import type { Design, Scenario } from '../scenario/types.js';
import type { Professional } from './casus.js';
import type { Chain, Toegang } from './context.js';
import { BasisteamToegang } from './stages/toegang-basisteam.js';
import { OssToegang } from './stages/toegang-oss.js';
import { SwtToegang } from './stages/toegang-swt.js';

/** Slots of a capacity parameter: at least one. */
export const slotsOf = (value: number) => Math.max(1, Math.round(value));

export interface DesignRow {
  /** The KPI group (`utilisation.<group>`) of the toegang's resources. */
  readonly toegangGroup: string;
  /** Who does the access (a professional of casus.ts), who also re-assesses an IVH advice. */
  readonly accessProfessional: Professional;
  /** Families and professionals bypass its wait to the GP when they believe it is long. */
  readonly bypass: boolean;
  /** Care is given and paid inside one organisation (one lump sum, no hand-off at the provider). */
  readonly careInHouse: boolean;
  /** The toegang stage. */
  toegang(chain: Chain): Toegang;
  /** Fixed yearly budgets: cost post (`cost_by_type.<post>`) and euros per year. */
  readonly fixed: readonly FixedCost[];
}

export interface FixedCost {
  readonly post: string;
  value(s: Scenario): number;
}

/** Fixed costs every design has: IVH, the first line, the POH-jeugd. */
const COMMON_COSTS: readonly FixedCost[] = [
  { post: 'access.ivh', value: (s) => s.money.ivh_cost_per_year.value },
  { post: 'access.eerste_lijn', value: (s) => s.money.eerste_lijn_cost_per_year.value },
  { post: 'access.poh_jeugd', value: (s) => s.money.poh_cost_per_year.value },
];

export const DESIGN_TABLE: Record<Design, DesignRow> = {
  indicatiemodel: {
    toegangGroup: 'swt',
    accessProfessional: 'swt',
    bypass: true,
    careInHouse: false,
    toegang: (chain) => new SwtToegang(chain, () => slotsOf(chain.s.swt.youth_slots_per_wijk.value)),
    fixed: [{ post: 'access.swt', value: (s) => s.money.swt_cost_per_year.value }, ...COMMON_COSTS],
  },
  'brede-basisteams': {
    toegangGroup: 'basisteam',
    accessProfessional: 'basisteam',
    bypass: false,
    careInHouse: false,
    toegang: (chain) => new BasisteamToegang(chain, () => slotsOf(chain.s.basisteam!.slots_per_wijk.value)),
    fixed: [...COMMON_COSTS, { post: 'access.basisteam', value: (s) => s.basisteam!.budget_per_year.value }],
  },
  'one-stop-shop': {
    toegangGroup: 'oss_intake',
    accessProfessional: 'hoofdaannemer',
    bypass: false,
    careInHouse: true,
    toegang: (chain) => new OssToegang(chain, slotsOf(chain.s.one_stop_shop!.intake_slots.value)),
    fixed: [...COMMON_COSTS, { post: 'lump_sum.one_stop_shop', value: (s) => s.one_stop_shop!.budget_per_year.value }],
  },
};
