/**
 * Random streams and distributions. Fixed seeds, tolerances from confidence intervals:
 * a sample mean must lie within 4 standard errors of the theoretical mean (probability of a
 * false alarm about 6e-5 per check, and deterministic given the seed).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bernoulli,
  erlang,
  exponential,
  gamma,
  lognormal,
  makeDiscrete,
  NHPPArrivals,
  normal,
  normalCdf,
  normalQuantile,
  poisson,
  Streams,
  triangular,
  truncatedNormal,
  uniform,
  weibull,
  type Uniform,
} from '../../src/random/index.js';

const N = 40_000;
const streams = new Streams({ seed: 12345, replication: 0 });

function sample(name: string, draw: (u: Uniform) => number, n = N): number[] {
  const u = streams.stream(name);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(draw(u));
  return xs;
}

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance, n };
}

/** Mean within 4 standard errors; variance within 4 standard errors of the sample variance (via the 4th moment). */
function expectMoments(xs: number[], mean: number, variance: number, label: string) {
  const m = moments(xs);
  const se = Math.sqrt(variance / m.n);
  expect(Math.abs(m.mean - mean), `${label} mean ${m.mean} vs ${mean}`).toBeLessThan(4 * se);
  const m4 = xs.reduce((a, b) => a + (b - m.mean) ** 4, 0) / m.n;
  const seVar = Math.sqrt(Math.max(m4 - m.variance ** 2, 0) / m.n);
  expect(Math.abs(m.variance - variance), `${label} variance ${m.variance} vs ${variance}`).toBeLessThan(4 * seVar + 1e-12);
}

describe('Streams', () => {
  it('same seed, replication and name give the same numbers', () => {
    const a = new Streams({ seed: 7, replication: 3 }).stream('arrivals');
    const b = new Streams({ seed: 7, replication: 3 }).stream('arrivals');
    for (let i = 0; i < 100; i++) expect(a.uniform01()).toBe(b.uniform01());
  });

  it('different names, replications and seeds give different numbers', () => {
    const first = (s: Streams, n: string) => s.stream(n).uniform01();
    const base = first(new Streams({ seed: 7, replication: 3 }), 'x');
    expect(first(new Streams({ seed: 7, replication: 3 }), 'y')).not.toBe(base);
    expect(first(new Streams({ seed: 7, replication: 4 }), 'x')).not.toBe(base);
    expect(first(new Streams({ seed: 8, replication: 3 }), 'x')).not.toBe(base);
    expect(first(new Streams({ seed: '7', replication: 3 }), 'x')).toBe(base); // the key is textual
  });

  it('adding streams, in any order, never shifts another stream (common random numbers)', () => {
    const alone = new Streams({ seed: 1, replication: 0 }).stream('service');
    const crowded = new Streams({ seed: 1, replication: 0 });
    crowded.stream('new-feature').uniform01();
    crowded.forKey('casus', 17).uniform01();
    const s = crowded.stream('service');
    crowded.stream('another');
    for (let i = 0; i < 50; i++) expect(s.uniform01()).toBe(alone.uniform01());
  });

  it('per-entity streams depend only on (seed, replication, name, key)', () => {
    const s1 = new Streams({ seed: 1, replication: 0 });
    const s2 = new Streams({ seed: 1, replication: 0 });
    s2.stream('noise').uniform01();
    expect(s1.forKey('casus', 42).uniform01()).toBe(s2.forKey('casus', 42).uniform01());
    expect(s1.forKey('casus', 42).uniform01()).not.toBe(s1.forKey('casus', 43).uniform01());
    expect(s1.stream('casus')).toBe(s1.stream('casus')); // named streams are cached
  });

  it('gives 53-bit uniforms in [0, 1)', () => {
    const xs = sample('bits', (u) => u.uniform01(), 2000);
    expect(xs.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53))).toBe(true);
    // With 32-bit resolution every x * 2^53 would be a multiple of 2^21.
    expect(xs.filter((x) => (x * 2 ** 53) % 2 ** 21 !== 0).length).toBeGreaterThan(1900);
    expectMoments(sample('u01', (u) => u.uniform01()), 0.5, 1 / 12, 'uniform01');
  });

  it('rejects bad seeds, replications and names', () => {
    expect(() => new Streams({ seed: 1.5, replication: 0 })).toThrow(/seed must be a safe integer or a non-empty string, got 1.5/);
    expect(() => new Streams({ seed: '', replication: 0 })).toThrow(/non-empty string/);
    expect(() => new Streams({ seed: 1, replication: -1 })).toThrow(/replication must be an integer >= 0, got -1/);
    expect(() => new Streams({ seed: 1, replication: 0 }).stream('')).toThrow(/non-empty string/);
  });
});

describe('distributions: moments against theory', () => {
  it('exponential, erlang, gamma (shape above and below 1), weibull', () => {
    expectMoments(sample('exp', (u) => exponential(u, 2.5)), 2.5, 6.25, 'exponential');
    expectMoments(sample('erl', (u) => erlang(u, 3, 6)), 6, 12, 'erlang');
    expectMoments(sample('gam', (u) => gamma(u, 2.5, 2)), 5, 10, 'gamma 2.5');
    expectMoments(sample('gam2', (u) => gamma(u, 0.4, 3)), 1.2, 3.6, 'gamma 0.4');
    const k = 1.5, lam = 2;
    const g = (x: number) => Math.exp(lgamma(x));
    const m = lam * g(1 + 1 / k);
    expectMoments(sample('wei', (u) => weibull(u, k, lam)), m, lam * lam * g(1 + 2 / k) - m * m, 'weibull');
  });

  it('lognormal by its own mean and sd; normal; uniform; triangular', () => {
    expectMoments(sample('logn', (u) => lognormal(u, 6, 3)), 6, 9, 'lognormal');
    expectMoments(sample('norm', (u) => normal(u, -1, 2)), -1, 4, 'normal');
    expectMoments(sample('unif', (u) => uniform(u, 2, 5)), 3.5, 0.75, 'uniform');
    const [a, c, b] = [1, 2, 6];
    expectMoments(sample('tri', (u) => triangular(u, a, c, b)), (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, 'triangular');
  });

  it('truncated normal stays in bounds and matches the truncated mean', () => {
    const xs = sample('tn', (u) => truncatedNormal(u, 0, 1, 0, Infinity));
    expect(xs.every((x) => x >= 0)).toBe(true);
    expectMoments(xs, Math.sqrt(2 / Math.PI), 1 - 2 / Math.PI, 'half-normal');
    const far = sample('tn2', (u) => truncatedNormal(u, 0, 1, 3, 4), 5000); // far tail: inversion
    expect(far.every((x) => x >= 3 && x <= 4)).toBe(true);
  });

  it('bernoulli share, discrete frequencies, poisson small and large', () => {
    const bs = sample('bern', (u) => (bernoulli(u, 0.3) ? 1 : 0));
    expectMoments(bs, 0.3, 0.21, 'bernoulli');
    const draw = makeDiscrete(['a', 'b', 'c'], [1, 2, 7]);
    const u = streams.stream('disc');
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < N; i++) counts[draw(u)]!++;
    for (const [k, p] of [['a', 0.1], ['b', 0.2], ['c', 0.7]] as const) {
      expect(Math.abs(counts[k]! / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    }
    expectMoments(sample('pois', (u) => poisson(u, 4.2)), 4.2, 4.2, 'poisson 4.2');
    expectMoments(sample('pois2', (u) => poisson(u, 180)), 180, 180, 'poisson 180');
  });
});

describe('goodness of fit at a fixed seed', () => {
  it('exponential and normal pass a chi-square test (20 equiprobable bins)', () => {
    const bins = 20;
    const chi2 = (xs: number[], cdf: (x: number) => number) => {
      const counts = new Array<number>(bins).fill(0);
      for (const x of xs) counts[Math.min(bins - 1, Math.floor(cdf(x) * bins))]!++;
      const e = xs.length / bins;
      return counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    };
    // 99.9% critical value of chi-square with 19 degrees of freedom: 43.82.
    expect(chi2(sample('gof-exp', (u) => exponential(u, 1)), (x) => 1 - Math.exp(-x))).toBeLessThan(43.82);
    expect(chi2(sample('gof-norm', (u) => normal(u, 0, 1)), normalCdf)).toBeLessThan(43.82);
  });

  it('normal CDF and quantile are inverse', () => {
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});

describe('non-homogeneous Poisson arrivals (thinning)', () => {
  it('counts per interval match the integrated rate', () => {
    const rate = (t: number) => (t % 10 < 5 ? 2 : 6);
    const arr = new NHPPArrivals(streams.stream('nhpp'), rate, 6);
    const low: number[] = [];
    const high: number[] = [];
    let t = 0;
    const periods = 400;
    const countLow = new Array<number>(periods).fill(0);
    const countHigh = new Array<number>(periods).fill(0);
    for (;;) {
      t = arr.next(t);
      if (t >= periods * 10) break;
      const k = Math.floor(t / 10);
      if (t % 10 < 5) countLow[k]!++;
      else countHigh[k]!++;
    }
    low.push(...countLow);
    high.push(...countHigh);
    expectMoments(low, 10, 10, 'low-rate half-periods'); // Poisson(2 x 5)
    expectMoments(high, 30, 30, 'high-rate half-periods'); // Poisson(6 x 5)
  });

  it('refuses a rate above its bound or negative', () => {
    const u = streams.stream('nhpp-bad');
    expect(() => new NHPPArrivals(u, () => 3, 2).next(0)).toThrow(/exceeds rateMax 2/);
    expect(() => new NHPPArrivals(u, () => -1, 2).next(0)).toThrow(/must be >= 0, got -1/);
  });
});

describe('parameter validation', () => {
  it('names the distribution, the parameter, what was expected and what was found', () => {
    const u = streams.stream('val');
    expect(() => exponential(u, -1)).toThrow('exponential: mean must be a finite number > 0, got -1');
    expect(() => exponential(u, NaN)).toThrow(/got NaN/);
    expect(() => lognormal(u, 1, -2)).toThrow('lognormal: sd must be a finite number >= 0, got -2');
    expect(() => erlang(u, 0, 1)).toThrow(/erlang: k must be an integer >= 1, got 0/);
    expect(() => bernoulli(u, 1.5)).toThrow(/bernoulli: p must be a probability in \[0, 1\], got 1.5/);
    expect(() => triangular(u, 0, 5, 2)).toThrow(/triangular: mode must be in \[0, 2\], got 5/);
    expect(() => makeDiscrete(['a'], [-1])).toThrow(/discrete: each weight must be a finite number >= 0, got -1/);
    expect(() => makeDiscrete(['a', 'b'], [0, 0])).toThrow(/sum of weights/);
    expect(() => poisson(u, -3)).toThrow(/poisson: mean must be/);
  });

  it('samples are finite and in their support for any valid parameters (property)', () => {
    const u = streams.stream('prop');
    const pos = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
    const shape = fc.double({ min: 0.1, max: 50, noNaN: true }); // shapes used in practice
    fc.assert(
      fc.property(pos, pos, shape, (a, b, k) => {
        const xs = [exponential(u, a), gamma(u, k, b), lognormal(u, a, b), weibull(u, k, b), erlang(u, 1 + Math.floor(a % 5), b)];
        for (const x of xs) expect(Number.isFinite(x) && x >= 0).toBe(true);
        const p = poisson(u, Math.min(a, 500));
        expect(Number.isInteger(p) && p >= 0).toBe(true);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

/** ln Γ(x) (Lanczos), for the Weibull moments. */
function lgamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}
