/**
 * The toegang of the indicatiemodel: the sociaal wijkteam's youth work (000:L1535, 003:L665-680).
 * Aanmelding, a wait for a slot of the wijk's team, the keukentafelgesprek, then normalise, help
 * by the team itself, or indicatiestelling and a beschikking for a provider. Under work pressure
 * the team helps less itself and files lie longer: the vicious circle of 003:L655-662, L677-679.
 */
import { Resource, type TimeWeighted } from '../../engine/index.js';
import { PRO, involve } from '../casus.js';
import { pressure, Stage, type Chain, type Toegang } from '../context.js';
import type { Journey } from '../journey.js';
import { CALLBACK_REQUEST, careNode, ROUTE_NODE } from '../nodes.js';
import { DurationSampler, placeLevel } from '../sample.js';
import { capacityOf, slotsOf } from '../staff.js';
import type { SwtTeams } from './swt-teams.js';

/** Steps of this stage. */
const GRANTED = 0;
const KTG_DONE = 1;
const OWN_DONE = 2;
const INDICATED = 3;
const ASSESSOR_GRANTED = 4;
const ASSESSED = 5;

export class SwtToegang extends Stage implements Toegang {
  /** The youth caseload of each wijk's team. */
  readonly teams: Resource[];
  readonly groups: readonly [string, Resource[]][];
  private readonly ktg: DurationSampler;
  private readonly ownSupport: DurationSampler;
  private readonly indicatiestelling: DurationSampler;

  private readonly busy: TimeWeighted;
  /** The ambtelijke indicatiesteller (geoptimaliseerd indicatiemodel), or null: the wijkteam indicates itself. */
  private readonly assessor: Resource | null;
  private readonly assessorDuration: DurationSampler | null;

  constructor(chain: Chain, swt: SwtTeams, withAssessor: boolean) {
    super(chain);
    const s = chain.s;
    this.teams = swt.youth;
    this.busy = swt.youthBusy;
    const ind = withAssessor ? s.swt.indicatiesteller : undefined;
    this.assessor = ind ? new Resource(chain.env, { capacity: slotsOf(capacityOf(ind.staff)), name: 'indicatiesteller' }) : null;
    this.assessorDuration = ind ? new DurationSampler(ind.duration) : null;
    this.groups = this.assessor ? [['swt', this.teams], ['indicatiesteller', [this.assessor]]] : [['swt', this.teams]];
    this.ktg = new DurationSampler(s.swt.ktg);
    this.ownSupport = new DurationSampler(s.swt.own_support);
    this.indicatiestelling = new DurationSampler(s.swt.indicatiestelling);
  }

  /** Families waiting for their first conversation (kept only when they may move to another toegang). */
  private waiting: Set<Journey> | null = null;

  enter(c: Journey): void {
    this.waiting?.add(c);
    this.aanmelding(c, this.teams[c.wijk]!, 'swt', GRANTED);
  }

  /** Keep track of the families waiting for a first conversation, so they can move (a switch of design). */
  trackWaiting(): void {
    this.waiting = new Set();
  }

  /**
   * A switch of design: the families still waiting for their first conversation leave this
   * toegang's queue for `to`'s, keeping the time they have waited.
   */
  moveWaiting(to: Toegang): number {
    const moving = [...(this.waiting ?? [])];
    for (const c of moving) {
      this.teams[c.wijk]!.withdraw(c.req!);
      c.req = null;
      const { aanmeldingAt, waitFrom } = c;
      to.enter(c);
      c.aanmeldingAt = aanmeldingAt;
      c.waitFrom = waitFrom;
    }
    this.waiting = null;
    return moving.length;
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED:
        return this.granted(c);
      case KTG_DONE:
        return this.ktgDone(c);
      case OWN_DONE:
        return this.ownDone(c);
      case INDICATED:
        return this.indicated(c);
      case ASSESSOR_GRANTED:
        this.chain.outcome.deteriorate(c, this.chain.env.now - c.waitFrom);
        return this.after(c, this.assessorDuration!.sample(c.u), ASSESSED);
      case ASSESSED:
        return this.assessed(c);
      default:
        throw new Error(`casus ${c.key}: SWT resumed at unknown step ${step}`);
    }
  }

  /**
   * Under work pressure files lie longer: the keukentafelgesprek and the indicatiestelling take
   * longer the more families wait per slot, up to a cap (003:L667-669, L677-679).
   */
  private stretch(res: Resource): number {
    const s = this.chain.s.swt;
    const over = Math.max(0, pressure(res) - s.work_pressure_threshold.value);
    return Math.min(s.pressure_stretch_max.value, 1 + s.pressure_stretch.value * over);
  }

  private granted(c: Journey): void {
    const { env, out } = this.chain;
    this.waiting?.delete(c);
    this.aanmeldingGranted(c);
    this.busy.add(env.now, 1);
    const wait = env.now - c.waitFrom;
    if (c.observed) out.recordSwtWait(c.waitFrom, env.now);
    this.chain.routing.notePerceived(c.wijk, wait);
    involve(c, PRO.swt, c.nProfessionals > 0);
    out.log(c, 'keukentafelgesprek', 'swt', env.now);
    c.assessFrom = env.now; // start of the keukentafelgesprek
    this.after(c, this.ktg.sample(c.u, this.stretch(this.teams[c.wijk]!)), KTG_DONE);
  }

  private ktgDone(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const s = this.chain.s.swt;
    const res = this.teams[c.wijk]!;
    if (c.need === 0) {
      this.release(c, res);
      this.recordClosure(c);
      return outcome.exit(c);
    }
    // The vicious circle: under pressure the team indicates instead of helping (003:L655-662, L1217-1220).
    const extra = s.work_pressure_slope.value * Math.max(0, pressure(res) - s.work_pressure_threshold.value);
    const pOwn = c.need <= s.own_support_max_level.value ? s.own_support_share.value * Math.max(0, 1 - extra) : 0;
    if (c.u.uniform01() < pOwn) {
      out.recordEpisode('toegang', true);
      out.log(c, 'eigen ondersteuning', 'swt', env.now);
      outcome.markEpisode(c, c.need);
      out.ambulant.start(c, env.now);
      return this.after(c, this.ownSupport.sample(c.u), OWN_DONE);
    }
    if (this.assessor) {
      // The wijkteam hands the family over to the indicatiesteller: its slot is free for the next.
      this.release(c, res);
      this.recordClosure(c);
      out.log(c, 'indicatiestelling', 'indicatiesteller', env.now);
      c.waitFrom = env.now;
      c.req = this.assessor.request(CALLBACK_REQUEST[c.need >= 4 ? 0 : 1]!);
      return this.when(c, c.req, ASSESSOR_GRANTED);
    }
    out.log(c, 'indicatiestelling', 'swt', env.now);
    this.after(c, this.indicatiestelling.sample(c.u, this.stretch(res)), INDICATED);
  }

  /**
   * The ambtelijke indicatiesteller decides: faster and stricter (003:L716-730). Stricter means
   * it sends some families with lighter needs to the sociale basis; CPB warns they find hidden
   * problems less well, so those needs return later, possibly heavier (Outcomes.refuse).
   */
  private assessed(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const s = this.chain.s.swt;
    const ind = s.indicatiesteller!;
    this.releaseAt(c, this.assessor!);
    if (c.observed) out.assessment.record(env.now - c.assessFrom);
    if (c.lastLevel === 0 && c.need <= ind.refusal_max_level.value && c.u.uniform01() < ind.refusal_share.value) {
      out.log(c, 'afgewezen', 'indicatiesteller', env.now);
      return outcome.refuse(c);
    }
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : placeLevel(c.u, c.need, s.placement, ind.triage_accuracy.value * this.chain.learning(), ind.triage_upward_bias?.value);
    out.log(c, 'beschikking', 'indicatiesteller', env.now);
    out.flow(ROUTE_NODE.toegang, careNode(level));
    this.chain.provider.refer(c, level, 'toegang', true);
  }

  private ownDone(c: Journey): void {
    this.chain.out.ambulant.end(c);
    this.release(c, this.teams[c.wijk]!);
    this.recordClosure(c);
    this.chain.outcome.helped(c, c.u.uniform01() < this.chain.s.swt.own_support_success.value * this.chain.outcome.fragmentation(c));
  }

  private indicated(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const s = this.chain.s.swt;
    this.release(c, this.teams[c.wijk]!);
    if (c.observed) out.assessment.record(env.now - c.assessFrom);
    this.recordClosure(c);
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : placeLevel(c.u, c.need, s.placement, s.triage_accuracy.value * this.chain.learning(), s.triage_upward_bias?.value);
    out.log(c, 'beschikking', 'swt', env.now);
    out.flow(ROUTE_NODE.toegang, careNode(level));
    this.chain.provider.refer(c, level, 'toegang', true);
  }

  /** The casus leaves its slot at the team. */
  private release(c: Journey, res: Resource): void {
    this.releaseAt(c, res);
    this.busy.add(this.chain.env.now, -1);
  }

  /** SWT closure of an observed casus: aanmelding to now; the keukentafelgesprek began at assessFrom. */
  private recordClosure(c: Journey): void {
    if (!c.observed) return;
    this.chain.out.recordSwtClosure(c.aanmeldingAt, this.chain.env.now);
    c.ktgAt = c.assessFrom;
  }
}
