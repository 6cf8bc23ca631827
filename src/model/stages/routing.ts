/**
 * Where a family goes after a problem is spotted (BRIEF 1.2-1.3): the vindplaats's route
 * shares, IVH for complex young children, and the bypass to the GP when the toegang is believed
 * to be slow ("dan gaat het sneller", 000:L1567-1573). Also the re-referral after help that did
 * not work, which goes the way the first referral went.
 */
import { bernoulli, type Stream } from '../../random/index.js';
import type { Route } from '../../scenario/types.js';
import { isYoungChild } from '../casus.js';
import { Stage, type Chain, type Entry, type RoutingRole } from '../context.js';
import type { Journey } from '../journey.js';
import { NODE, ROUTE_NODE, VINDPLAATS_NODE } from '../nodes.js';

/** Steps of this stage. */
const START = 0;

export class Routing extends Stage implements RoutingRole {
  /** Per wijk: the toegang wait that families and professionals there believe in, and when it was last updated. */
  private readonly perceivedWait: number[];
  private readonly perceivedAt: number[];
  private readonly u: Stream;
  /** The stage each route leads to. */
  private entries!: Record<Route, Entry>;

  constructor(chain: Chain, u: Stream) {
    super(chain);
    this.u = u;
    const initial = chain.s.routing.perceived_wait_initial.value;
    this.perceivedWait = chain.s.population.wijken.map(() => initial);
    this.perceivedAt = chain.s.population.wijken.map(() => 0);
  }

  /** The stages the routes lead to (set once the chain has built them). */
  connect(entries: Record<Route, Entry>): void {
    this.entries = entries;
  }

  /** A new casus starts its journey here, now. */
  begin(c: Journey): void {
    c.stage = this;
    c.step = START;
  }

  resume(c: Journey, step: number): void {
    if (step !== START) throw new Error(`casus ${c.key}: routing resumed at unknown step ${step}`);
    const route = this.chooseRoute(c);
    c.route = route;
    this.chain.out.flow(VINDPLAATS_NODE[c.vindplaats], ROUTE_NODE[route]);
    this.chain.out.log(c, 'signal', c.vindplaats, this.chain.env.now);
    this.access(c, route);
  }

  access(c: Journey, route: Route): void {
    this.entries[route].enter(c);
  }

  /**
   * A re-referral goes the way the first one went; after first-line help, IVH or a provider
   * without referrer it goes through the toegang, which families may again bypass.
   */
  reRefer(c: Journey): void {
    const route = c.route;
    c.route = this.bypass(c, route === 'eerste_lijn' || route === 'ivh' || route === 'geen' ? 'toegang' : route);
    this.chain.out.flow(NODE.stepUp, ROUTE_NODE[c.route]);
    this.access(c, c.route);
  }

  private chooseRoute(c: Journey): Route {
    let route = c.routeOf(c.u);
    const r = this.chain.s.routing;
    if (c.complex && isYoungChild(c) && route !== 'gi' && route !== 'medisch_specialist' && bernoulli(c.u, r.ivh_compliance.value)) route = 'ivh';
    return this.bypass(c, route);
  }

  /**
   * Perceived-wait route switching: "dan gaat het sneller" via the GP (000:L1567-1573), in every
   * design (the GP route is a legal right everywhere). The professionals who send families on
   * (PKO, DSAV, the wijkteam itself) know the wait of their own wijk's toegang, so the perceived
   * wait is per wijk (waits differ per wijk, 000:L3326-3369).
   */
  private bypass(c: Journey, route: Route): Route {
    if (route !== 'toegang') return route;
    const r = this.chain.s.routing;
    const p = Math.min(r.max_bypass.value, r.perceived_wait_sensitivity.value * Math.max(0, this.perceivedWait[c.wijk]! - r.perceived_wait_threshold.value));
    return p > 0 && this.u.uniform01() < p ? 'huisarts' : route;
  }

  /**
   * The belief is a picture that persists (000:L1567-1600: "dat beeld wordt ook in stand
   * gehouden"): it does not fade without news, and every wait a family of the wijk meets moves it
   * towards that wait by the share of the memory that passed since the last news (at least a day).
   */
  notePerceived(w: number, wait: number): void {
    const tau = this.chain.s.routing.perceived_wait_memory.value;
    const now = this.chain.env.now;
    const a = 1 - Math.exp(-Math.max(now - this.perceivedAt[w]!, 1 / 7) / tau);
    this.perceivedWait[w] = this.perceivedWait[w]! + a * (wait - this.perceivedWait[w]!);
    this.perceivedAt[w] = now;
  }

  /** What families and professionals in wijk `w` believe the toegang wait is (weeks). */
  perceived(w: number): number {
    return this.perceivedWait[w]!;
  }
}
