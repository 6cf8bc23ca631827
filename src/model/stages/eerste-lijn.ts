/**
 * Direct help without beschikking at school or childcare (DSAV, PKO; 000:L772-782): light needs
 * are helped there; heavier ones go on to the toegang.
 */
import { Resource } from '../../engine/index.js';
import { involve, PRO } from '../casus.js';
import { Stage, type Chain, type Entry } from '../context.js';
import type { Journey } from '../journey.js';
import { ROUTE_NODE } from '../nodes.js';
import { DurationSampler } from '../sample.js';

/** Steps of this stage. */
const GRANTED = 0;
const HELP_DONE = 1;

export class EersteLijn extends Stage implements Entry {
  readonly team: Resource;
  private readonly help: DurationSampler;

  constructor(chain: Chain, slots: number) {
    super(chain);
    this.team = new Resource(chain.env, { capacity: slots, name: 'eerste_lijn' });
    this.help = new DurationSampler(chain.s.eerste_lijn.help);
  }

  enter(c: Journey): void {
    const e = this.chain.s.eerste_lijn;
    if (c.need === 0) return this.chain.outcome.exit(c);
    if (c.need > e.max_level.value) {
      involve(c, PRO.eerste_lijn, false);
      this.chain.out.flow(ROUTE_NODE.eerste_lijn, ROUTE_NODE.toegang);
      return this.chain.routing.access(c, 'toegang');
    }
    this.firstHelp(c, this.team, 0, GRANTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED: {
        this.firstHelpGranted(c);
        involve(c, PRO.eerste_lijn, c.nProfessionals > 0);
        this.chain.out.recordEpisode(null, true);
        this.chain.outcome.markEpisode(c, c.need);
        return this.after(c, this.help.sample(c.u), HELP_DONE);
      }
      case HELP_DONE:
        this.releaseAt(c, this.team);
        return this.chain.outcome.helped(c, c.u.uniform01() < this.chain.s.swt.own_support_success.value * this.chain.outcome.fragmentation(c));
      default:
        throw new Error(`casus ${c.key}: first line resumed at unknown step ${step}`);
    }
  }
}
