/**
 * The casus: a child with its household, the entity that flows through the chain. Its
 * attributes come from a stream keyed by the casus (vindplaats and arrival number), not by
 * the order of events, so two designs see the same families with the same needs (common
 * random numbers).
 */
import type { Stream } from '../random/index.js';
import type { AgeBand, Referrer, Vindplaats } from '../scenario/types.js';

export interface Casus {
  id: number;
  /** Stable key across designs: `<vindplaats>#<n>`. */
  key: string;
  vindplaats: Vindplaats;
  wijk: number;
  age: AgeBand;
  complex: boolean;
  /** True need now (0 normalise .. 4 verblijf); may rise while waiting. */
  need: number;
  initialNeed: number;
  /** The casus's own random numbers. */
  u: Stream;
  arrivedAt: number;
  /** Arrived after the warm-up: its journey counts in the per-casus KPIs. */
  observed: boolean;
  /** Registered referrer of the current trajectory. */
  referrer: Referrer | null;
  handoffs: number;
  /** The professionals involved so far, one bit each (PRO); a set without a Set per casus. */
  professionals: number;
  /** How many bits of `professionals` are set. */
  nProfessionals: number;
  episodes: number;
  failedEpisodes: number;
  steppedUp: boolean;
  /** Sent away without an indicatie at least once (a stricter indicatiestelling). */
  refused: boolean;
  deteriorated: boolean;
  firstContactAt: number;
  rightCareAt: number;
  /** Last placement level (for stepping up). */
  lastLevel: number;
  /** Start of the keukentafelgesprek of the last SWT closure (observed casussen), for ktg_to_care. */
  ktgAt: number | undefined;
  /** The last observed year (index) in which the casus was counted with ambulant help, with verblijf (-1: none). */
  ambulantYear: number;
  verblijfYear: number;
  /** When the current episode of that kind began. */
  ambulantSince: number;
  verblijfSince: number;
}

export function isYoungChild(c: Casus): boolean {
  return c.age === '0-4' || c.age === '4-7';
}

/** The kinds of professional a casus can meet, each with its bit in `Casus.professionals`. */
export const PROFESSIONALS = [
  'swt',
  'basisteam',
  'hoofdaannemer',
  'ivh_casemanager',
  'mdo',
  'eerste_lijn',
  'poh_jeugd',
  'huisarts',
  'jeugdarts',
  'medisch_specialist',
  'gi',
  'aanbieder_1',
  'aanbieder_2',
  'aanbieder_3',
  'aanbieder_4',
] as const;
export type Professional = (typeof PROFESSIONALS)[number];
/** The bit of each professional. */
export const PRO = Object.fromEntries(PROFESSIONALS.map((p, i) => [p, 1 << i])) as Record<Professional, number>;

/** Has the casus met this professional (a PRO bit)? */
export function hasMet(c: Casus, pro: number): boolean {
  return (c.professionals & pro) !== 0;
}

/** Note a professional (a PRO bit), counted once however often met. */
export function meet(c: Casus, pro: number): void {
  if ((c.professionals & pro) === 0) {
    c.professionals |= pro;
    c.nProfessionals++;
  }
}

/** Count a new professional (a PRO bit); a hand-off is counted when a different organisation takes over. */
export function involve(c: Casus, pro: number, handoff: boolean): void {
  meet(c, pro);
  if (handoff) c.handoffs++;
}
