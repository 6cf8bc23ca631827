/** Non-homogeneous Poisson arrivals by thinning. */
import { describe, expect, it } from 'vitest';
import { nextArrivalNHPP, NHPPArrivals, Streams } from '../../src/random/index.js';
import { expectMoments } from './stats.js';

const streams = new Streams({ seed: 4242, replication: 0 });

describe('non-homogeneous Poisson arrivals (thinning)', () => {
  it('counts per interval of a piecewise rate match the integrated rate', () => {
    // Rate 2 on [0, 5) and 6 on [5, 10), repeating: counts per half period are Poisson(10) and Poisson(30).
    const rate = (t: number) => (t % 10 < 5 ? 2 : 6);
    const arrivals = new NHPPArrivals(streams.stream('nhpp'), rate, 6);
    const periods = 1000;
    const low = new Array<number>(periods).fill(0);
    const high = new Array<number>(periods).fill(0);
    let t = 0;
    let previous = -Infinity;
    for (;;) {
      t = arrivals.next(t);
      expect(t).toBeGreaterThan(previous);
      previous = t;
      if (t >= periods * 10) break;
      const k = Math.floor(t / 10);
      if (t % 10 < 5) low[k]!++;
      else high[k]!++;
    }
    expectMoments(low, 10, 10, 'arrivals in rate-2 half periods');
    expectMoments(high, 30, 30, 'arrivals in rate-6 half periods');
  });

  it('a smooth rate: total count matches the integral', () => {
    // rate(t) = 3 + 2 sin(2 pi t / 7) integrates to 3 per time unit over whole periods.
    const rate = (t: number) => 3 + 2 * Math.sin((2 * Math.PI * t) / 7);
    const u = streams.stream('nhpp-sine');
    const horizon = 7 * 2000;
    const counts: number[] = [];
    let t = nextArrivalNHPP(u, 0, rate, 5);
    for (let period = 0; period < 2000; period++) {
      let c = 0;
      while (t < 7 * (period + 1)) {
        c++;
        t = nextArrivalNHPP(u, t, rate, 5);
      }
      counts.push(c);
    }
    expect(t).toBeGreaterThanOrEqual(horizon);
    expectMoments(counts, 21, 21, 'arrivals per sine period');
  });

  it('gives up with Infinity after `until`, so a rate that drops to 0 cannot hang', () => {
    const u = streams.stream('nhpp-until');
    expect(nextArrivalNHPP(u, 0, () => 0, 1, 50)).toBe(Infinity);
    const a = new NHPPArrivals(u, (t) => (t < 10 ? 1 : 0), 1);
    let t = 0;
    let n = 0;
    while ((t = a.next(t, 100)) < Infinity) n++;
    expect(n).toBeGreaterThan(0);
  });

  it('is reproducible from the stream', () => {
    const run = () => {
      const a = new NHPPArrivals(new Streams({ seed: 1, replication: 2 }).stream('in'), (t) => 1 + (t % 3), 4);
      const ts: number[] = [];
      let t = 0;
      for (let i = 0; i < 100; i++) ts.push((t = a.next(t)));
      return ts;
    };
    expect(run()).toEqual(run());
  });

  it('refuses a rate above its bound, negative or NaN, naming t and the value', () => {
    const u = streams.stream('nhpp-bad');
    expect(() => new NHPPArrivals(u, () => 3, 2).next(0)).toThrow(/NHPP: rate\(t\) must be <= rateMax 2, got rate\([0-9.e-]+\) = 3/);
    expect(() => new NHPPArrivals(u, () => -1, 2).next(0)).toThrow(/NHPP: rate\(t\) must be a number >= 0, got rate\([0-9.e-]+\) = -1/);
    expect(() => nextArrivalNHPP(u, 0, () => NaN, 2)).toThrow(/= NaN/);
    expect(() => new NHPPArrivals(u, () => 1, 0)).toThrow('NHPP: rateMax must be a finite number > 0, got 0');
    expect(() => nextArrivalNHPP(u, 0, () => 1, Infinity)).toThrow('NHPP: rateMax must be a finite number > 0, got Infinity');
    expect(() => nextArrivalNHPP(u, NaN, () => 1, 1)).toThrow('NHPP: now must be a finite number, got NaN');
  });
});
