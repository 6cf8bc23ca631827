/**
 * The providers, one care type per level (BRIEF 1.4): a waiting list for a place (verblijf-level
 * needs first at verblijf), an intake that largely repeats the keukentafelgesprek (003:L671-672),
 * an episode paid p x q or from a lump sum, and an outcome.
 */
import { Resource } from '../../engine/index.js';
import type { Referrer, Scenario } from '../../scenario/types.js';
import { CARE_LEVEL_NAMES, type CareLevel } from '../../scenario/types.js';
import { involve, PRO } from '../casus.js';
import { Stage, type Chain, type ProviderRole } from '../context.js';
import type { Journey } from '../journey.js';
import type { LumpSum } from '../money.js';
import { byLevel, CALLBACK_REQUEST, CARE_COST, PROVIDER } from '../nodes.js';
import { DurationSampler } from '../sample.js';

type CareType = NonNullable<Scenario['care']['1']>;

/** Steps of this stage. */
const GRANTED = 0;
const INTAKE_DONE = 1;
const FUNDED = 2;
const EPISODE_DONE = 3;

/** How the chain pays for care: p x q per week delivered, or from a lump sum with a rule for when it runs out. */
export type CareFunding = { kind: 'pxq' } | { kind: 'lump_sum'; sum: LumpSum; whenExhausted: 'wait' | 'overrun' | 'under_treatment'; underTreatment: number };

export class Providers extends Stage implements ProviderRole {
  readonly places: Record<CareLevel, Resource>;
  private readonly types: Record<CareLevel, CareType>;
  private readonly intake: Record<CareLevel, DurationSampler>;
  private readonly episode: Record<CareLevel, DurationSampler>;

  constructor(
    chain: Chain,
    places: (level: CareLevel) => number,
    private readonly funding: CareFunding,
    /** Care is given by the organisation that did the access (one-stop-shop): no hand-off. */
    private readonly inHouse: boolean,
  ) {
    super(chain);
    const s = chain.s;
    this.types = byLevel((l) => s.care[String(l) as '1' | '2' | '3' | '4']!);
    this.places = byLevel((l) => new Resource(chain.env, { capacity: places(l), name: `care.${CARE_LEVEL_NAMES[l]}` }));
    this.intake = byLevel((l) => new DurationSampler(this.types[l].intake));
    this.episode = byLevel((l) => new DurationSampler(this.types[l].episode));
  }

  refer(c: Journey, level: number, referrer: Referrer, afterAssessment: boolean): void {
    c.helpedInAccess = false;
    c.level = level;
    c.decisionReferrer = referrer;
    c.afterAssessment = afterAssessment;
    const L = level as CareLevel;
    c.referrer = referrer;
    c.waitFrom = this.chain.env.now;
    const req = this.places[L].request(CALLBACK_REQUEST[L === 4 && c.need >= 4 ? 0 : 1]!);
    c.req = req;
    this.chain.out.log(c, 'wachtlijst', CARE_LEVEL_NAMES[L], c.waitFrom);
    this.when(c, req, GRANTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED:
        return this.granted(c);
      case INTAKE_DONE:
        return this.intakeDone(c);
      case FUNDED:
        return this.startEpisode(c);
      case EPISODE_DONE:
        return this.episodeDone(c);
      default:
        throw new Error(`casus ${c.key}: provider resumed at unknown step ${step}`);
    }
  }

  private granted(c: Journey): void {
    const { env, out } = this.chain;
    const L = c.level as CareLevel;
    const wait = env.now - c.waitFrom;
    if (c.observed) out.providerWait.record(wait);
    this.chain.outcome.deteriorate(c, wait);
    involve(c, this.inHouse ? PRO.hoofdaannemer : PROVIDER[L], !this.inHouse);
    // The provider intake largely repeats the keukentafelgesprek (003:L671-672). Without that
    // repetition it takes half as long (aanname, documented in docs/model.md section 2.2).
    // A family that came through the old toegang of a switch of design finishes under its rules.
    const repeat = (c.viaOldToegang ? this.chain.s.transition!.before : this.chain.inForce()).provider_intake_repeats_ktg || !c.afterAssessment;
    this.after(c, this.intake[L].sample(c.u, repeat ? 1 : 0.5), INTAKE_DONE);
  }

  private intakeDone(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const L = c.level as CareLevel;
    out.recordEpisode(c.decisionReferrer, false);
    outcome.markEpisode(c, L);
    const ktgAt = c.ktgAt;
    if (c.observed && ktgAt !== undefined && c.episodes === 1) out.ktgToCare.record(env.now - ktgAt);
    out.log(c, 'start zorg', CARE_LEVEL_NAMES[L], env.now);
    let duration = this.episode[L].sample(c.u);
    let successScale = 1;
    const costEur = this.types[L].tariff.value * duration;
    const f = this.funding;
    if (f.kind === 'lump_sum') {
      const budget = f.sum.budget;
      if (!budget.tryGet(Math.min(costEur, budget.capacity) || 1e-9)) {
        if (f.whenExhausted === 'wait') {
          c.duration = duration;
          c.scale = successScale;
          return this.when(c, budget.get(Math.min(costEur, f.sum.yearly) || 1e-9), FUNDED);
        } else if (f.whenExhausted === 'overrun') {
          if (out.observing) out.overrun += costEur;
        } else {
          duration *= f.underTreatment;
          successScale = f.underTreatment;
        }
      }
    } else {
      out.cost(CARE_COST[L], costEur);
    }
    c.duration = duration;
    c.scale = successScale;
    this.startEpisode(c);
  }

  private startEpisode(c: Journey): void {
    const out = this.chain.out;
    out.inCare[c.level]!.add(this.chain.env.now, 1);
    (c.level === 4 ? out.verblijf : out.ambulant).start(c, this.chain.env.now);
    this.after(c, c.duration, EPISODE_DONE);
  }

  private episodeDone(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const L = c.level as CareLevel;
    const ct = this.types[L];
    out.inCare[L]!.add(env.now, -1);
    (L === 4 ? out.verblijf : out.ambulant).end(c);
    this.releaseAt(c, this.places[L]);
    const p = (L >= c.need ? ct.success_right_level.value : ct.success_too_light.value) * c.scale * outcome.fragmentation(c);
    const ok = c.u.uniform01() < p;
    out.log(c, ok ? 'doel bereikt' : 'niet voldoende', CARE_LEVEL_NAMES[L], env.now);
    outcome.outcome(c, ok);
  }
}
