/**
 * The sociaal wijkteams' staff (000:L1535): one team per wijk for youth and Wmo. Separate
 * (today's registration: each werksoort has its own part of the staff, youth_share) or shared
 * (generalists: youth and Wmo aanmeldingen wait in one queue for the same staff), so a separate
 * jeugdteam can be compared with a shared team (000: the recommendation of a jeugdteam).
 */
import { Resource, TimeWeighted } from '../../engine/index.js';
import type { Chain } from '../context.js';
import { capacityOf, wijkSlots } from '../staff.js';

export class SwtTeams {
  /** The youth caseload per wijk (the shared teams when shared; empty when youth has no SWT toegang). */
  readonly youth: Resource[];
  /** The Wmo caseload per wijk (the shared teams when shared). */
  readonly wmo: Resource[];
  readonly shared: boolean;
  /** Youth casussen holding a slot, over time: the youth part of a shared team's work. */
  readonly youthBusy: TimeWeighted;

  constructor(
    chain: Chain,
    /** The design's toegang for youth is the SWT. */
    youthAtSwt: boolean,
  ) {
    const s = chain.s;
    const staff = s.swt.staff;
    const youthFte = youthAtSwt ? staff.fte.value * s.swt.youth_share.value : 0;
    const wmoFte = staff.fte.value * (1 - s.swt.youth_share.value);
    const teams = (name: string, fte: number) => s.population.wijken.map((w, i) => new Resource(chain.env, { capacity: wijkSlots(s, capacityOf(staff, fte), i), name: `${name}.${w.name}` }));
    this.shared = youthAtSwt && s.swt.pooling === 'shared';
    this.wmo = this.shared ? teams('swt', youthFte + wmoFte) : teams('swt_wmo', wmoFte);
    this.youth = this.shared ? this.wmo : youthAtSwt ? teams('swt', youthFte) : [];
    this.youthBusy = new TimeWeighted('swt.youth_busy', 0, 0);
  }

  /** Youth's share of the work of the teams over the observed period (busy slot-time). */
  youthShareOfWork(now: number): number {
    const all = this.youth.reduce((a, r) => a + r.busy.mean(now), 0);
    return all > 0 ? this.youthBusy.mean(now) / all : 0;
  }
}
