/**
 * The toegang of the one-stop-shop (003:L440-470): one intake by the main provider
 * (hoofdaannemer), internal allocation by its own triage, no beschikking and no second intake.
 */
import { Resource } from '../../engine/index.js';
import { involve, PRO } from '../casus.js';
import { Stage, type Chain, type Toegang } from '../context.js';
import type { Journey } from '../journey.js';
import { careNode, ROUTE_NODE } from '../nodes.js';
import { DurationSampler, placeLevel } from '../sample.js';
import { slotsOf } from '../staff.js';

/** Steps of this stage. */
const GRANTED = 0;
const INTAKE_DONE = 1;

export class OssToegang extends Stage implements Toegang {
  readonly intakeTeam: Resource;
  readonly groups: readonly [string, Resource[]][];
  private readonly intake: DurationSampler;

  constructor(chain: Chain, capacity: number) {
    super(chain);
    this.intakeTeam = new Resource(chain.env, { capacity: slotsOf(capacity), name: 'oss.intake' });
    this.groups = [['oss_intake', [this.intakeTeam]]];
    this.intake = new DurationSampler(chain.s.one_stop_shop!.intake);
  }

  enter(c: Journey): void {
    this.aanmelding(c, this.intakeTeam, 'one_stop_shop', GRANTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED:
        return this.granted(c);
      case INTAKE_DONE:
        return this.intakeDone(c);
      default:
        throw new Error(`casus ${c.key}: one-stop-shop resumed at unknown step ${step}`);
    }
  }

  private granted(c: Journey): void {
    this.aanmeldingGranted(c);
    this.chain.routing.notePerceived(c.wijk, this.chain.env.now - c.waitFrom);
    involve(c, PRO.hoofdaannemer, false);
    c.assessFrom = this.chain.env.now;
    this.after(c, this.intake.sample(c.u), INTAKE_DONE);
  }

  private intakeDone(c: Journey): void {
    const { env, out, outcome } = this.chain;
    this.releaseAt(c, this.intakeTeam);
    if (c.observed) out.assessment.record(env.now - c.assessFrom);
    if (c.need === 0) return outcome.exit(c);
    const o = this.chain.s.one_stop_shop!;
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : placeLevel(c.u, c.need, o.placement, o.triage_accuracy.value, o.triage_upward_bias?.value);
    out.flow(ROUTE_NODE.toegang, careNode(level));
    this.chain.provider.refer(c, level, 'toegang', true);
  }
}
