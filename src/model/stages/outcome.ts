/**
 * How help ends (BRIEF 1.4-1.6): need met (exit), or a step up through a new referral after a
 * delay (new waits, new hand-offs), or unresolved after too many failed episodes. Also the
 * dynamics every stage applies: deterioration while waiting (003:L526-530) and the drop in
 * effectiveness from the fourth professional on (003:L826-827).
 */
import { DurationSampler } from '../sample.js';
import { Stage, type Chain, type OutcomeRole } from '../context.js';
import type { Journey } from '../journey.js';
import { careNode, NODE, ROUTE_NODE } from '../nodes.js';

/** Steps of this stage. */
const STEP_UP = 0;
const RETURNED = 1;

export class Outcomes extends Stage implements OutcomeRole {
  private readonly stepUpDelay: DurationSampler;
  private readonly returnAfter: DurationSampler;

  constructor(chain: Chain) {
    super(chain);
    this.stepUpDelay = new DurationSampler(chain.s.dynamics.step_up_delay);
    this.returnAfter = new DurationSampler(chain.s.dynamics.return_after);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case STEP_UP:
        return this.chain.routing.reRefer(c);
      case RETURNED:
        // The need went without help all this time.
        this.deteriorate(c, this.chain.env.now - c.waitFrom);
        return this.chain.routing.reRefer(c);
      default:
        throw new Error(`casus ${c.key}: outcome resumed at unknown step ${step}`);
    }
  }

  refuse(c: Journey): void {
    const out = this.chain.out;
    c.refused = true;
    c.helpedInAccess = true; // nothing was given: the way out is from the route
    c.failedEpisodes++;
    if (c.failedEpisodes >= this.chain.s.dynamics.max_episodes.value) {
      out.flow(ROUTE_NODE[c.route], NODE.exitUnresolved);
      return this.finish(c, true);
    }
    out.flow(ROUTE_NODE[c.route], NODE.stepUp);
    c.waitFrom = this.chain.env.now;
    this.after(c, this.returnAfter.sample(c.u), RETURNED);
  }

  exit(c: Journey): void {
    this.chain.out.flow(ROUTE_NODE[c.route], NODE.exitNormalised);
    this.finish(c, false);
  }

  helped(c: Journey, success: boolean): void {
    c.helpedInAccess = true;
    this.outcome(c, success);
  }

  outcome(c: Journey, success: boolean): void {
    const out = this.chain.out;
    const from = c.helpedInAccess ? ROUTE_NODE[c.route] : careNode(c.level);
    if (success) {
      out.flow(from, NODE.exitNeedMet);
      return this.finish(c, false);
    }
    c.failedEpisodes++;
    if (c.failedEpisodes >= this.chain.s.dynamics.max_episodes.value) {
      out.flow(from, NODE.exitUnresolved);
      return this.finish(c, true);
    }
    c.steppedUp = true;
    out.flow(from, NODE.stepUp);
    this.after(c, this.stepUpDelay.sample(c.u), STEP_UP);
  }

  private finish(c: Journey, unresolved: boolean): void {
    const out = this.chain.out;
    out.log(c, 'exit', unresolved ? 'unresolved' : 'done', this.chain.env.now);
    out.endJourney(c, unresolved);
    this.chain.streams.release(c.u); // the casus draws no more numbers: drawing from its stream would be a bug
  }

  deteriorate(c: Journey, wait: number): void {
    const h = this.chain.s.dynamics.deterioration_per_week.value;
    if (h <= 0 || c.need <= 0 || c.need >= 4 || wait <= 0) return;
    if (c.u.uniform01() < 1 - Math.exp(-h * wait)) {
      c.need++;
      c.deteriorated = true;
    }
  }

  fragmentation(c: Journey): number {
    const d = this.chain.s.dynamics;
    const extra = c.nProfessionals - d.fragmentation_from.value + 1;
    return extra > 0 ? Math.max(0, 1 - d.fragmentation_penalty.value * extra) : 1;
  }

  markEpisode(c: Journey, level: number): void {
    c.episodes++;
    c.lastLevel = level;
    if (level >= c.need && Number.isNaN(c.rightCareAt)) {
      c.rightCareAt = this.chain.env.now;
      this.chain.out.reachedRightCare(c, this.chain.env.now);
    }
  }

  /**
   * The level of the next referral after a failed episode: one step heavier when the last help
   * was too light (stepped care), the same level when it was right but did not work.
   */
  nextLevel(c: Journey): number {
    return c.lastLevel < c.need ? c.lastLevel + 1 : c.lastLevel;
  }
}
