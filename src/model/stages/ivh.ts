/**
 * Integrale Vroeghulp for complex questions of children aged 0-7 (000:L1642-1668, L1779-1839): a
 * casemanager clarifies the question (vraagverheldering), brings the child to the monthly
 * IVH-MDO (4 slots) or places it directly, and the adviesplan leads to a beschikking, in some
 * designs after the local team assessed the advice again (002:L1785-1790).
 */
import { Meeting, Resource } from '../../engine/index.js';
import { involve, meet, PRO } from '../casus.js';
import { Stage, type Chain, type Entry } from '../context.js';
import type { Journey } from '../journey.js';
import { careNode, NODE, ROUTE_NODE } from '../nodes.js';
import { DurationSampler, placeLevel } from '../sample.js';

/** Steps of this stage. */
const GRANTED = 0;
const CLARIFIED = 1;
const DISCUSSED = 2;
const REASSESSED = 3;

export class Ivh extends Stage implements Entry {
  readonly casemanagers: Resource;
  readonly mdo: Meeting<Journey>;
  private readonly vraagverheldering: DurationSampler;
  private readonly reassessment: DurationSampler;

  constructor(chain: Chain, casemanagerSlots: number) {
    super(chain);
    const v = chain.s.ivh;
    this.casemanagers = new Resource(chain.env, { capacity: casemanagerSlots, name: 'ivh.casemanagers' });
    this.mdo = new Meeting<Journey>(chain.env, {
      name: 'ivh.mdo',
      period: v.mdo_period.value,
      slots: v.mdo_slots.value,
      perCase: v.mdo_minutes_per_case.value,
      firstAt: v.mdo_period.value,
    });
    for (const extra of v.extra_mdo ?? []) this.mdo.addMeeting(chain.warmup + extra.at.value, extra.slots.value);
    this.vraagverheldering = new DurationSampler(v.vraagverheldering);
    this.reassessment = new DurationSampler(v.reassessment_time);
  }

  enter(c: Journey): void {
    this.firstHelp(c, this.casemanagers, 0, GRANTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED:
        return this.granted(c);
      case CLARIFIED:
        return this.clarified(c);
      case DISCUSSED:
        return this.discussed(c);
      case REASSESSED:
        return this.finish(c);
      default:
        throw new Error(`casus ${c.key}: IVH resumed at unknown step ${step}`);
    }
  }

  private granted(c: Journey): void {
    const { env, out } = this.chain;
    this.firstHelpGranted(c);
    involve(c, PRO.ivh_casemanager, c.nProfessionals > 0);
    out.log(c, 'vraagverheldering', 'ivh', env.now);
    c.assessFrom = env.now; // start of the IVH assessment
    this.after(c, this.vraagverheldering.sample(c.u), CLARIFIED);
  }

  private clarified(c: Journey): void {
    const v = this.chain.s.ivh;
    if (c.need === 0) {
      this.releaseAt(c, this.casemanagers);
      return this.chain.outcome.exit(c);
    }
    if (v.compulsory_mdo || c.u.uniform01() < v.mdo_use.value) {
      c.viaMdo = true;
      c.waitFrom = this.chain.env.now; // joined the MDO list
      this.chain.out.flow(ROUTE_NODE.ivh, NODE.mdo);
      return this.when(c, this.mdo.join(c), DISCUSSED);
    }
    c.viaMdo = false;
    c.level = placeLevel(c.u, c.need, v.placement, v.casemanager_accuracy.value);
    this.advised(c);
  }

  private discussed(c: Journey): void {
    const { env, out } = this.chain;
    this.chain.outcome.deteriorate(c, env.now - c.waitFrom);
    if (out.observing) out.mdoCases++;
    meet(c, PRO.mdo);
    out.log(c, 'MDO', 'ivh', env.now);
    c.level = placeLevel(c.u, c.need, this.chain.s.ivh.placement, this.chain.s.ivh.mdo_accuracy.value);
    this.advised(c);
  }

  private advised(c: Journey): void {
    if (this.chain.inForce().ivh.reassessment) {
      // Duplicate assessment: the local team re-assesses the advice before the beschikking.
      involve(c, this.chain.accessProfessional, true);
      return this.after(c, this.reassessment.sample(c.u), REASSESSED);
    }
    this.finish(c);
  }

  private finish(c: Journey): void {
    const { env, out } = this.chain;
    this.releaseAt(c, this.casemanagers);
    if (c.observed) out.assessment.record(env.now - c.assessFrom);
    // Casussen discussed in the MDO go on from there (route:ivh -> mdo -> care), the others straight.
    out.flow(c.viaMdo ? NODE.mdo : ROUTE_NODE.ivh, careNode(c.level));
    this.chain.provider.refer(c, c.level, 'toegang', true);
  }
}
