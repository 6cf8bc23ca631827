/**
 * The designs (stelsels, BRIEF section 2) as data: what a design's toegang is and who does it,
 * whether care is given in-house, which staff the design has of its own and how they are paid.
 * Adding a design is a row here, its toegang stage (stages/toegang-*.ts) and a scenario file.
 */
import type { Design, Scenario } from '../scenario/types.js';
import type { Professional } from './casus.js';
import type { Chain, Toegang } from './context.js';
import { capacityOf, teamLine, type StaffLine } from './staff.js';
import { BasisteamToegang } from './stages/toegang-basisteam.js';
import { OssToegang } from './stages/toegang-oss.js';
import { SwtToegang } from './stages/toegang-swt.js';

export interface DesignRow {
  /** The KPI group (`utilisation.<group>`, `fte.<group>`) of the toegang's staff. */
  readonly toegangGroup: string;
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
    ownStaff: (s) => [swtYouthLine(s)],
    posts: ['access.swt'],
  },
  // The indicatiemodel with the indicatiestelling taken out of the wijkteam: faster and stricter,
  // by an ambtelijke indicatiesteller of the municipality (003:L716-730).
  'geoptimaliseerd-indicatiemodel': {
    toegangGroup: 'swt',
    groups: ['swt', 'indicatiesteller'],
    accessProfessional: 'swt',
    careInHouse: false,
    toegang: (chain) => new SwtToegang(chain, chain.swtTeams, true),
    ownStaff: (s) => [swtYouthLine(s), teamLine('indicatiesteller', s.swt.indicatiesteller!.staff)],
    posts: ['access.swt', 'access.indicatiesteller'],
  },
  'brede-basisteams': {
    toegangGroup: 'basisteam',
    groups: ['basisteam'],
    accessProfessional: 'basisteam',
    careInHouse: false,
    // Only the professionals who actually moved into the teams carry casussen; the budget pays the plan.
    toegang: (chain) => new BasisteamToegang(chain, capacityOf(chain.s.basisteam!.staff) * chain.s.basisteam!.staff_realised.value),
    ownStaff: (s) => [teamLine('basisteam', s.basisteam!.staff)],
    posts: ['access.basisteam'],
  },
  'one-stop-shop': {
    toegangGroup: 'oss_intake',
    groups: ['oss_intake'],
    accessProfessional: 'hoofdaannemer',
    careInHouse: true,
    toegang: (chain) => new OssToegang(chain, capacityOf(chain.s.one_stop_shop!.intake_staff)),
    // The intake team is paid from the lump sum.
    ownStaff: (s) => [teamLine('oss_intake', s.one_stop_shop!.intake_staff, s.one_stop_shop!.intake_staff.fte.value, null)],
    posts: ['lump_sum.one_stop_shop'],
    lumpSum: (s) => s.one_stop_shop!.budget_per_year.value,
  },
};
