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
  professionals: Set<string>;
  episodes: number;
  failedEpisodes: number;
  steppedUp: boolean;
  deteriorated: boolean;
  firstContactAt: number;
  rightCareAt: number;
  /** Last placement level (for stepping up). */
  lastLevel: number;
  /** Start of the keukentafelgesprek of the last SWT closure (observed casussen), for ktg_to_care. */
  ktgAt: number | undefined;
}

export function isYoungChild(c: Casus): boolean {
  return c.age === '0-4' || c.age === '4-7';
}

/** Count a new professional; a hand-off is counted when a different organisation takes over. */
export function involve(c: Casus, professional: string, handoff: boolean): void {
  c.professionals.add(professional);
  if (handoff) c.handoffs++;
}
