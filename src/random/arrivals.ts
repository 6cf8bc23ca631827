/**
 * Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979): candidates arrive at
 * the constant rate `rateMax`; each is kept with probability rate(t) / rateMax. Used for
 * inflow with growth and seasonality. Exact for any rate function bounded by rateMax; the
 * cost is rateMax / (average rate) candidates per arrival, so keep the bound tight.
 */
import type { Uniform } from './stream.js';

function checkRateMax(rateMax: number): void {
  if (!(rateMax > 0 && rateMax < Infinity)) throw new RangeError(`NHPP: rateMax must be a finite number > 0, got ${rateMax}`);
}

/**
 * The next arrival time after `now` for the rate function `rate` (events per time unit),
 * bounded by `rateMax`. Throws if rate(t) is negative, NaN or above rateMax at a candidate t.
 * Returns Infinity if there is no arrival before `until` (default: never give up; a rate
 * that stays 0 forever would then loop forever).
 */
export function nextArrivalNHPP(u: Uniform, now: number, rate: (t: number) => number, rateMax: number, until = Infinity): number {
  if (!Number.isFinite(now)) throw new RangeError(`NHPP: now must be a finite number, got ${now}`);
  checkRateMax(rateMax);
  // Tolerate rounding in rate functions that sum terms up to exactly rateMax.
  const ceiling = rateMax * (1 + 1e-12);
  let t = now;
  for (;;) {
    t -= Math.log(u.uniform01Open()) / rateMax; // exponential candidate gap, never Infinity
    if (t >= until) return Infinity;
    const r = rate(t);
    if (!(r >= 0)) throw new RangeError(`NHPP: rate(t) must be a number >= 0, got rate(${t}) = ${r}`);
    if (r > ceiling) throw new RangeError(`NHPP: rate(t) must be <= rateMax ${rateMax}, got rate(${t}) = ${r}`);
    if (u.uniform01() * rateMax < r) return t;
  }
}

/** A rate function with its bound, drawing successive arrivals from one stream. */
export class NHPPArrivals {
  constructor(
    private readonly u: Uniform,
    readonly rate: (t: number) => number,
    readonly rateMax: number,
  ) {
    checkRateMax(rateMax);
  }

  /** The next arrival after `now` (Infinity if none before `until`). */
  next(now: number, until = Infinity): number {
    return nextArrivalNHPP(this.u, now, this.rate, this.rateMax, until);
  }
}
