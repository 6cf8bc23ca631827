/**
 * Where problems are spotted (BRIEF 1.2): one arrival stream per vindplaats, non-homogeneous
 * Poisson with yearly growth and a summer dip. A casus's attributes come from its own stream,
 * keyed by vindplaats and arrival number, so every design sees the same families (common random
 * numbers).
 */
import { URGENT } from '../../engine/index.js';
import { bernoulli, makeDiscrete, nextArrivalNHPP, type Stream } from '../../random/index.js';
import { WEEKS_PER_YEAR, type Param } from '../../scenario/param.js';
import { AGE_BANDS, NEED_LEVELS, ROUTES, VINDPLAATSEN, type AgeBand, type Route, type Scenario, type Vindplaats, type VindplaatsSpec } from '../../scenario/types.js';
import { isSummer } from '../calendar.js';
import type { Casus } from '../casus.js';
import type { Chain } from '../context.js';
import { Journey } from '../journey.js';
import type { Routing } from './routing.js';

const sharesOf = <K extends string>(keys: readonly K[], rec: Partial<Record<K, Param>>) => keys.map((k) => rec[k]?.value ?? 0);

/**
 * (1 + g) to the power of the years since `start`, the start of the observed period (the base
 * year): the warm-up runs at the base year's level, so growth and demography begin with the
 * years a beleidsmaker looks at.
 */
const compound = (g: number, start: number, t: number): number => (g === 0 ? 1 : Math.pow(1 + g, Math.max(0, t - start) / WEEKS_PER_YEAR)); // (pow(1, x) is 1)

/** The inflow at time `t` relative to its base rate: yearly growth from `start` and the July-August dip. */
export function rateFactor(s: Scenario, start: number, t: number): number {
  const summer = isSummer(t) ? 1 - s.inflow.summer_dip.value : 1;
  return compound(s.inflow.growth_per_year.value, start, t) * summer;
}

/** The largest growth factor up to `end`: a bound of the thinning. */
export function maxFactor(s: Scenario, start: number, end: number): number {
  const g = s.inflow.growth_per_year.value;
  return g >= 0 ? compound(g, start, end) : 1;
}

/** The number of youths of an age band at time `t` relative to the base year (demography, population.change_per_year). */
export function bandFactor(s: Scenario, band: AgeBand, start: number, t: number): number {
  return compound(s.population.change_per_year?.[band]?.value ?? 0, start, t);
}

/** Is there demography: an age band whose youths change from year to year? */
const hasDemography = (s: Scenario): boolean => AGE_BANDS.some((b) => (s.population.change_per_year?.[b]?.value ?? 0) !== 0);

/** A vindplaats's inflow at time `t` relative to the base year from demography alone: its age mix weighted by each band's change. */
export function demographyFactor(s: Scenario, age: readonly number[], start: number, t: number): number {
  let f = 0;
  for (let i = 0; i < AGE_BANDS.length; i++) f += age[i]! * bandFactor(s, AGE_BANDS[i]!, start, t);
  return f;
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
    const { env, s, streams, end, warmup } = this.chain;
    const spec = s.inflow.vindplaatsen[v]!;
    const base = spec.rate.value;
    if (base <= 0) return; // no inflow from this vindplaats
    const u = streams.stream(`arrivals.${v}`);
    const age = sharesOf(AGE_BANDS, spec.age);
    const ageSum = age.reduce((a, b) => a + b, 0);
    const ageShares = age.map((a) => a / ageSum);
    const demography = hasDemography(s);
    // The largest demography factor up to the end: each band's is at its end or its start.
    const maxDemography = demography ? Math.max(demographyFactor(s, ageShares, warmup, 0), demographyFactor(s, ageShares, warmup, end)) : 1;
    const max = base * maxFactor(s, warmup, end) * maxDemography;
    const fixedAge = makeDiscrete(AGE_BANDS, age);
    const lastAge = age.reduce((last, a, i) => (a > 0 ? i : last), 0);
    // With demography the age mix moves with the youths of each band: the weights at the time of arrival.
    const ageOf: (u: Stream) => AgeBand = demography
      ? (cu) => {
          const t = this.chain.env.now;
          const w = ageShares.map((a, i) => a * bandFactor(s, AGE_BANDS[i]!, warmup, t));
          let x = cu.uniform01() * w.reduce((a, b) => a + b, 0);
          for (let i = 0; i < w.length; i++) if ((x -= w[i]!) < 0 && w[i]! > 0) return AGE_BANDS[i]!;
          return AGE_BANDS[lastAge]!;
        }
      : fixedAge;
    const needOf = makeDiscrete(NEED_LEVELS.map(Number), sharesOf(NEED_LEVELS, spec.need));
    const wijken = s.population.wijken.map((_, i) => i);
    const byYouth = s.population.wijken.every((w) => w.youth);
    // With youths per wijk and age band, the wijk of a casus follows the youths of its age band;
    // otherwise the wijken's shares.
    const wijkOfAge = byYouth
      ? new Map(AGE_BANDS.filter((_, i) => age[i]! > 0).map((b) => [b, makeDiscrete(wijken, s.population.wijken.map((w) => w.youth![b]!.value))] as const))
      : undefined;
    const wijkOf = makeDiscrete(
      wijken,
      s.population.wijken.map((w) => w.share.value),
    );
    const routeOf = makeDiscrete(ROUTES, sharesOf(ROUTES, spec.route));
    const rateAt = demography ? (t: number) => base * rateFactor(s, warmup, t) * demographyFactor(s, ageShares, warmup, t) : (t: number) => base * rateFactor(s, warmup, t);
    let n = -1; // -1: not started
    const step = () => {
      if (n >= 0) this.arrive(v, spec, `${v}#${n}`, needOf, wijkOf, wijkOfAge, ageOf, routeOf);
      n++;
      const next = nextArrivalNHPP(u, env.now, rateAt, max, end);
      if (next < end) env.schedule(next - env.now, step);
    };
    env.scheduleAt(env.now, step, URGENT);
  }

  private arrive(
    v: Vindplaats,
    spec: VindplaatsSpec,
    key: string,
    needOf: (u: Stream) => number,
    wijkOf: (u: Stream) => number,
    wijkOfAge: ReadonlyMap<AgeBand, (u: Stream) => number> | undefined,
    ageOf: (u: Stream) => AgeBand,
    routeOf: (u: Stream) => Route,
  ): void {
    const { env, out, streams, warmup } = this.chain;
    const cu = streams.forKey('casus', key);
    // `| 0` keeps the need a small integer (same value). Optimised code can hand the drawn level
    // over as a boxed double; stored in a casus, that once changed the hidden class of every
    // casus mid-run (need, initialNeed and lastLevel became double fields) and deoptimised all
    // code that handles casussen.
    const need = needOf(cu) | 0;
    let wijk: number;
    let age: AgeBand;
    if (wijkOfAge) {
      age = ageOf(cu);
      wijk = wijkOfAge.get(age)!(cu);
    } else {
      wijk = wijkOf(cu);
      age = ageOf(cu);
    }
    const complex = bernoulli(cu, spec.complex_share.value);
    const c = new Journey(this.nextId++, key, v, wijk, age, complex, need, need, cu, env.now, env.now >= warmup, routeOf);
    out.arrived++;
    if (c.observed) {
      out.arrive(c);
      if (need > 0) out.startOnTheWay(c);
    }
    this.onArrival?.(c);
    this.routing.begin(c);
    env.schedule(0, c, URGENT); // the journey starts now, before other events at this time
  }
}
