/**
 * Where problems are spotted (BRIEF 1.2): one arrival stream per vindplaats, non-homogeneous
 * Poisson with yearly growth and a summer dip. A casus's attributes come from its own stream,
 * keyed by vindplaats and arrival number, so every design sees the same families (common random
 * numbers).
 */
import { URGENT } from '../../engine/index.js';
import { bernoulli, makeDiscrete, nextArrivalNHPP, type Stream } from '../../random/index.js';
import { WEEKS_PER_YEAR, type Param } from '../../scenario/param.js';
import { AGE_BANDS, NEED_LEVELS, ROUTES, VINDPLAATSEN, type AgeBand, type Route, type Scenario, type Vindplaats } from '../../scenario/types.js';
import { isSummer } from '../calendar.js';
import type { Casus } from '../casus.js';
import type { Chain } from '../context.js';
import { Journey } from '../journey.js';
import type { Routing } from './routing.js';

type VindplaatsSpec = NonNullable<Scenario['inflow']['vindplaatsen'][Vindplaats]>;

const sharesOf = <K extends string>(keys: readonly K[], rec: Partial<Record<K, Param>>) => keys.map((k) => rec[k]?.value ?? 0);

/** The inflow at time `t` relative to its base rate: yearly growth and the July-August dip. */
export function rateFactor(s: Scenario, t: number): number {
  const inflow = s.inflow;
  const g = inflow.growth_per_year.value;
  const growth = g === 0 ? 1 : Math.pow(1 + g, t / WEEKS_PER_YEAR); // (pow(1, x) is 1)
  const summer = isSummer(t) ? 1 - inflow.summer_dip.value : 1;
  return growth * summer;
}

/** The largest rateFactor up to `end`: the bound of the thinning. */
export function maxFactor(s: Scenario, end: number): number {
  const g = s.inflow.growth_per_year.value;
  return g >= 0 ? Math.pow(1 + g, end / WEEKS_PER_YEAR) : 1;
}

export class Inflow {
  private nextId = 0;

  constructor(
    private readonly chain: Chain,
    private readonly routing: Routing,
    private readonly onArrival: ((c: Casus) => void) | undefined,
  ) {}

  /** Start every vindplaats's stream. */
  start(): void {
    for (const v of VINDPLAATSEN) this.arrivals(v);
  }

  /**
   * The inflow from one vindplaats. It runs on the callback layer: one handler per source,
   * scheduled again after every arrival, where a process would resume a generator (and
   * allocate an iterator result) per arrival. Like a process it starts at the current time,
   * before other events at that time.
   */
  private arrivals(v: Vindplaats): void {
    const { env, s, streams, end } = this.chain;
    const spec = s.inflow.vindplaatsen[v]!;
    const base = spec.rate.value;
    if (base <= 0) return; // no inflow from this vindplaats
    const u = streams.stream(`arrivals.${v}`);
    const max = base * maxFactor(s, end);
    const ageOf = makeDiscrete(AGE_BANDS, sharesOf(AGE_BANDS, spec.age));
    const needOf = makeDiscrete(NEED_LEVELS.map(Number), sharesOf(NEED_LEVELS, spec.need));
    const wijkOf = makeDiscrete(
      s.population.wijken.map((_, i) => i),
      s.population.wijken.map((w) => w.share.value),
    );
    const routeOf = makeDiscrete(ROUTES, sharesOf(ROUTES, spec.route));
    const rateAt = (t: number) => base * rateFactor(s, t);
    let n = -1; // -1: not started
    const step = () => {
      if (n >= 0) this.arrive(v, spec, `${v}#${n}`, needOf, wijkOf, ageOf, routeOf);
      n++;
      const next = nextArrivalNHPP(u, env.now, rateAt, max, end);
      if (next < end) env.schedule(next - env.now, step);
    };
    env.scheduleAt(env.now, step, URGENT);
  }

  private arrive(v: Vindplaats, spec: VindplaatsSpec, key: string, needOf: (u: Stream) => number, wijkOf: (u: Stream) => number, ageOf: (u: Stream) => string, routeOf: (u: Stream) => Route): void {
    const { env, out, streams, warmup } = this.chain;
    const cu = streams.forKey('casus', key);
    // `| 0` keeps the need a small integer (same value). Optimised code can hand the drawn level
    // over as a boxed double; stored in a casus, that once changed the hidden class of every
    // casus mid-run (need, initialNeed and lastLevel became double fields) and deoptimised all
    // code that handles casussen.
    const need = needOf(cu) | 0;
    const wijk = wijkOf(cu);
    const age = ageOf(cu) as AgeBand;
    const complex = bernoulli(cu, spec.complex_share.value);
    const c = new Journey(this.nextId++, key, v, wijk, age, complex, need, need, cu, env.now, env.now >= warmup, routeOf);
    out.arrived++;
    if (c.observed) {
      out.arrivedObserved++;
      if (need > 0) out.startOnTheWay(c);
    }
    this.onArrival?.(c);
    this.routing.begin(c);
    env.schedule(0, c, URGENT); // the journey starts now, before other events at this time
  }
}
