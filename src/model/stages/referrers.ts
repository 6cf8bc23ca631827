/**
 * The legal referrers (huisarts, jeugdarts, medisch specialist, GI) refer straight to a provider
 * with an open-ended indication (003:L304-308); a POH-jeugd at the GP may help light needs itself
 * (000:L1145-1151). Families without a referrer find a provider themselves.
 */
import { Resource } from '../../engine/index.js';
import type { Route } from '../../scenario/types.js';
import { involve, PRO } from '../casus.js';
import { Stage, type Chain, type Entry } from '../context.js';
import type { Journey } from '../journey.js';
import { CALLBACK_REQUEST, careNode, ROUTE_NODE } from '../nodes.js';
import { DurationSampler, placeLevel } from '../sample.js';
import { capacityOf, slotsOf } from '../staff.js';

export type LegalReferrer = Exclude<Route, 'toegang' | 'ivh' | 'eerste_lijn' | 'geen'>;
export const LEGAL_REFERRERS: readonly LegalReferrer[] = ['huisarts', 'jeugdarts', 'medisch_specialist', 'gi'];

/** Steps of this stage. */
const CONSULTED = 0;
const POH_GRANTED = 1;
const POH_DONE = 2;

export class LegalReferrers extends Stage implements Entry {
  private readonly consult: Record<LegalReferrer, DurationSampler>;
  /** The POH-jeugd in the GP practices: its caseload, and its help (as long as the first line's). */
  readonly poh: Resource;
  private readonly pohHelp: DurationSampler;

  constructor(chain: Chain) {
    super(chain);
    const r = chain.s.referrers;
    this.consult = { huisarts: new DurationSampler(r.huisarts.consult), jeugdarts: new DurationSampler(r.jeugdarts.consult), medisch_specialist: new DurationSampler(r.medisch_specialist.consult), gi: new DurationSampler(r.gi.consult) };
    this.poh = new Resource(chain.env, { capacity: slotsOf(capacityOf(chain.s.poh_jeugd.staff)), name: 'poh_jeugd' });
    this.pohHelp = new DurationSampler(chain.s.eerste_lijn.help);
  }

  enter(c: Journey): void {
    this.after(c, this.consult[c.route as LegalReferrer].sample(c.u), CONSULTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case CONSULTED:
        return this.consulted(c);
      case POH_GRANTED:
        this.chain.out.recordEpisode(null, true);
        this.chain.outcome.markEpisode(c, c.need);
        return this.after(c, this.pohHelp.sample(c.u), POH_DONE);
      case POH_DONE:
        this.releaseAt(c, this.poh);
        return this.chain.outcome.helped(c, c.u.uniform01() < this.chain.s.swt.own_support_success.value * this.chain.outcome.fragmentation(c));
      default:
        throw new Error(`casus ${c.key}: referrer resumed at unknown step ${step}`);
    }
  }

  private consulted(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const route = c.route as LegalReferrer;
    const r = this.chain.s.referrers[route];
    if (Number.isNaN(c.firstContactAt)) c.firstContactAt = env.now;
    let accuracy = r.accuracy.value;
    if (route === 'huisarts') {
      const poh = this.chain.s.poh_jeugd;
      if (c.u.uniform01() < poh.share_of_gp_consults.value) {
        involve(c, PRO.poh_jeugd, c.nProfessionals > 0);
        accuracy = poh.accuracy.value;
        if (c.need <= 1 && c.u.uniform01() < poh.helps_light.value) {
          if (c.need === 0) return outcome.exit(c);
          // A POH with a full caseload cannot take the family on: the GP refers as without POH.
          if (this.poh.inUse < this.poh.capacity) {
            c.req = this.poh.request(CALLBACK_REQUEST[1]!);
            return this.when(c, c.req, POH_GRANTED);
          }
        }
      }
    }
    involve(c, PRO[route], c.nProfessionals > 0);
    if (c.need === 0) return outcome.exit(c);
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : placeLevel(c.u, c.need, 'matched', accuracy, r.upward_bias?.value ?? 0.5);
    out.flow(ROUTE_NODE[route], careNode(level));
    this.chain.provider.refer(c, level, route, false);
  }
}

/** No referrer: the family finds a provider itself, at the level of its need. */
export class NoReferrer implements Entry {
  constructor(private readonly chain: Chain) {}

  enter(c: Journey): void {
    const { outcome } = this.chain;
    if (c.need === 0) return outcome.exit(c);
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : c.need;
    this.chain.out.flow(ROUTE_NODE.geen, careNode(level));
    this.chain.provider.refer(c, level, 'geen', false);
  }
}
