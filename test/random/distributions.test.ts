/**
 * Distributions against theory at fixed seeds: moments within CI-based tolerances (see
 * stats.ts), goodness of fit, support, and parameter validation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bernoulli,
  discrete,
  erlang,
  exponential,
  gamma,
  lognormal,
  makeDiscrete,
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
import { chiSquareCritical999, chiSquareDiscrete, chiSquareEquiprobable, expectMoments, expectShare, ksCritical999, ksStatistic, lgamma, sample } from './stats.js';

const N = 40_000;
const streams = new Streams({ seed: 20240601, replication: 0 });
/** N draws from the stream with this name. */
const draws = (name: string, draw: (u: Uniform) => number, n = N): number[] => sample(streams.stream(name), draw, n);

describe('continuous distributions: mean and variance against theory', () => {
  it('exponential (by mean)', () => {
    expectMoments(draws('exp', (u) => exponential(u, 2.5)), 2.5, 6.25, 'exponential(2.5)');
  });

  it('erlang (by mean), including a large k whose product of uniforms would underflow', () => {
    expectMoments(draws('erl', (u) => erlang(u, 3, 6)), 6, 12, 'erlang(3, 6)');
    const big = draws('erl-big', (u) => erlang(u, 2000, 10), 400);
    expect(big.every(Number.isFinite)).toBe(true);
    expectMoments(big, 10, 100 / 2000, 'erlang(2000, 10)');
  });

  it('gamma with shape above 1, below 1 and large', () => {
    for (const [shape, scale] of [[2.5, 2], [0.4, 3], [0.05, 1], [50, 0.1]] as const) {
      expectMoments(draws(`gamma-${shape}`, (u) => gamma(u, shape, scale)), shape * scale, shape * scale * scale, `gamma(${shape}, ${scale})`);
    }
  });

  it('lognormal has the given mean and sd of the variable itself', () => {
    expectMoments(draws('logn', (u) => lognormal(u, 6, 3)), 6, 9, 'lognormal(6, 3)');
    expectMoments(draws('logn2', (u) => lognormal(u, 0.5, 0.2)), 0.5, 0.04, 'lognormal(0.5, 0.2)');
    expect(lognormal(streams.stream('logn0'), 4, 0)).toBeCloseTo(4, 12);
  });

  it('weibull', () => {
    const g = (x: number) => Math.exp(lgamma(x));
    for (const [k, lam] of [[1.5, 2], [0.8, 1]] as const) {
      const m = lam * g(1 + 1 / k);
      expectMoments(draws(`wei-${k}`, (u) => weibull(u, k, lam)), m, lam * lam * g(1 + 2 / k) - m * m, `weibull(${k}, ${lam})`);
    }
  });

  it('normal, uniform, triangular (also with the mode at an end)', () => {
    expectMoments(draws('norm', (u) => normal(u, -1, 2)), -1, 4, 'normal(-1, 2)');
    const un = draws('unif', (u) => uniform(u, 2, 5));
    expect(un.every((x) => x >= 2 && x < 5)).toBe(true);
    expectMoments(un, 3.5, 0.75, 'uniform(2, 5)');
    for (const [a, c, b] of [[1, 2, 6], [0, 0, 1], [0, 1, 1]] as const) {
      const xs = draws(`tri-${a}-${c}-${b}`, (u) => triangular(u, a, c, b));
      expect(xs.every((x) => x >= a && x <= b)).toBe(true);
      expectMoments(xs, (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, `triangular(${a}, ${c}, ${b})`);
    }
  });
});

describe('truncated normal', () => {
  /**
   * Mean, variance and CDF of N(mean, sd) truncated to [min, max], by quadrature of the
   * density on a fine grid (independent of the library and of CDF approximations, which lose
   * precision in the closed-form moments far in a tail). The density is scaled by its maximum
   * on the interval, at z0, so nothing underflows; beyond z0 +- 40 / (1 + |z0|) it is below e^-20.
   */
  function truncatedNormalTheory(mean: number, sd: number, min: number, max: number) {
    const a = (min - mean) / sd;
    const b = (max - mean) / sd;
    const z0 = Math.min(b, Math.max(a, 0));
    const reach = 40 / (1 + Math.abs(z0));
    const lo = Math.max(a, z0 - reach);
    const hi = Math.min(b, z0 + reach);
    const steps = 20_000;
    const h = (hi - lo) / steps;
    const f = (z: number) => Math.exp(-0.5 * (z - z0) * (z + z0));
    // Cumulative trapezoid sums for the CDF; Simpson weights for the moments.
    const cum = new Float64Array(steps + 1);
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i <= steps; i++) {
      const z = lo + i * h;
      if (i > 0) cum[i] = cum[i - 1]! + 0.5 * h * (f(z - h) + f(z));
      const w = (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * f(z);
      m0 += w;
      m1 += w * z;
      m2 += w * z * z;
    }
    const m = m1 / m0;
    const total = cum[steps]!;
    const cdf = (x: number) => {
      const pos = ((x - mean) / sd - lo) / h;
      if (pos <= 0) return 0;
      if (pos >= steps) return 1;
      const i = Math.floor(pos);
      return (cum[i]! + (pos - i) * (cum[i + 1]! - cum[i]!)) / total;
    };
    return { mean: mean + sd * m, variance: sd * sd * (m2 / m0 - m * m), cdf };
  }

  const cases: [string, number, number, number, number][] = [
    ['half-normal', 0, 1, 0, Infinity],
    ['wide around the mean', 10, 3, 5, 20],
    ['narrow around the mean', 0, 1, -0.2, 0.3],
    ['one-sided lower tail', 5, 2, -Infinity, 1],
    ['upper tail [3, 4]', 0, 1, 3, 4],
    ['far upper tail', 0, 1, 8, Infinity],
    ['far lower tail, narrow', 100, 10, -Infinity, -200],
    ['narrow slice in the tail', 0, 1, 5, 5.05],
    ['40 sd out, where the normal CDF underflows', 0, 1, 40, 41],
  ];
  for (const [label, mean, sd, min, max] of cases) {
    it(`${label}: stays in [${min}, ${max}] and matches the truncated moments`, () => {
      const xs = draws(`tn-${label}`, (u) => truncatedNormal(u, mean, sd, min, max), 20_000);
      expect(xs.every((x) => x >= min && x <= max)).toBe(true);
      const theory = truncatedNormalTheory(mean, sd, min, max);
      expectMoments(xs, theory.mean, theory.variance, `truncatedNormal ${label}`);
      expect(ksStatistic(xs, theory.cdf), `truncatedNormal ${label} KS`).toBeLessThan(ksCritical999(xs.length));
    });
  }
});

describe('discrete distributions', () => {
  it('bernoulli share', () => {
    const u = streams.stream('bern');
    let hits = 0;
    for (let i = 0; i < N; i++) if (bernoulli(u, 0.3)) hits++;
    expectShare(hits, N, 0.3, 'bernoulli(0.3)');
    expect(bernoulli(u, 0)).toBe(false);
    expect(bernoulli(u, 1)).toBe(true);
  });

  it('discrete empirical: frequencies match the weights, zero weights are never drawn', () => {
    const values = ['a', 'b', 'never', 'c', 'd'];
    const weights = [1, 2, 0, 7, 0.5];
    const total = 10.5;
    const draw = makeDiscrete(values, weights);
    const u = streams.stream('disc');
    const counts = new Map<string, number>(values.map((v) => [v, 0]));
    for (let i = 0; i < N; i++) {
      const v = draw(u);
      counts.set(v, counts.get(v)! + 1);
    }
    expect(counts.get('never')).toBe(0);
    values.forEach((v, i) => expectShare(counts.get(v)!, N, weights[i]! / total, `discrete ${v}`));
    // Chi-square over the 4 possible values (3 degrees of freedom).
    const chi2 = values.reduce((acc, v, i) => (weights[i]! > 0 ? acc + (counts.get(v)! - (N * weights[i]!) / total) ** 2 / ((N * weights[i]!) / total) : acc), 0);
    expect(chi2).toBeLessThan(chiSquareCritical999(3));
  });

  it('discrete empirical is exact: over an even grid of uniforms each value gets its share', () => {
    // A fake Uniform walking the midpoints of M equal cells of [0, 1): the alias table maps
    // each cell to one value, so the shares must equal the weights up to the cell size
    // (a value's region can cut at most 2 cells per column of the table).
    const M = 200_000;
    const grid = (): Uniform => {
      let j = 0;
      const next = () => (j++ + 0.5) / M;
      return { uniform01: next, uniform01Open: next };
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), { minLength: 1, maxLength: 30 }), (weights) => {
        fc.pre(weights.some((w) => w > 0));
        const total = weights.reduce((a, b) => a + b, 0);
        const draw = makeDiscrete(weights.map((_, i) => i), weights);
        const counts = new Array<number>(weights.length).fill(0);
        const u = grid();
        for (let k = 0; k < M; k++) counts[draw(u)]!++;
        weights.forEach((w, i) => {
          if (w === 0) expect(counts[i]).toBe(0);
          else expect(Math.abs(counts[i]! / M - w / total)).toBeLessThanOrEqual((2 * weights.length) / M);
        });
      }),
      { seed: 5, numRuns: 40 },
    );
  });

  it('discrete (one-off) agrees with makeDiscrete on the same stream position, and the sampler keeps its own copy', () => {
    const values = [10, 20, 30];
    const weights = [3, 1, 1];
    const sampler = makeDiscrete(values, weights);
    values[0] = 99; // must not leak into the sampler
    const a = sample(new Streams({ seed: 3, replication: 0 }).stream('d'), (u) => discrete(u, [10, 20, 30], weights), 200);
    const b = sample(new Streams({ seed: 3, replication: 0 }).stream('d'), sampler, 200);
    expect(b).toEqual(a);
    expect(b).not.toContain(99);
  });

  it('poisson: mean = variance for small, boundary and large means', () => {
    for (const mean of [0.3, 4.2, 29.5, 30, 180, 5000]) {
      const xs = draws(`pois-${mean}`, (u) => poisson(u, mean));
      expect(xs.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
      expectMoments(xs, mean, mean, `poisson(${mean})`);
    }
    expect(poisson(streams.stream('pois-0'), 0)).toBe(0);
  });

  it('poisson: the whole pmf fits (chi-square) for Knuth and PTRS', () => {
    for (const mean of [4.2, 40, 180]) {
      const xs = draws(`pois-pmf-${mean}`, (u) => poisson(u, mean), 50_000);
      const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - lgamma(k + 1));
      const { stat, df } = chiSquareDiscrete(xs, pmf, Math.ceil(mean + 8 * Math.sqrt(mean)));
      expect(stat, `poisson(${mean}) chi-square with ${df} df`).toBeLessThan(chiSquareCritical999(df));
    }
  });
});

describe('goodness of fit at a fixed seed (Kolmogorov-Smirnov and chi-square, 99.9% critical values)', () => {
  const n = 20_000;
  const expCdf = (mean: number) => (x: number) => 1 - Math.exp(-x / mean);
  // CDFs in closed form: Erlang/Gamma with integer shape, Gamma(1/2) via the normal, Weibull, lognormal, triangular.
  const gammaIntCdf = (k: number, scale: number) => (x: number) => {
    let term = 1;
    let sum = 1;
    for (let i = 1; i < k; i++) sum += term *= x / scale / i;
    return 1 - Math.exp(-x / scale) * sum;
  };
  const lognormalCdf = (mean: number, sd: number) => {
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    return (x: number) => normalCdf((Math.log(x) - Math.log(mean) + s2 / 2) / Math.sqrt(s2));
  };
  const triangularCdf = (a: number, c: number, b: number) => (x: number) =>
    x <= c ? ((x - a) * (x - a)) / ((b - a) * (c - a)) : 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
  const cases: [string, (u: Uniform) => number, (x: number) => number][] = [
    ['exponential(1)', (u) => exponential(u, 1), expCdf(1)],
    ['normal(0, 1)', (u) => normal(u, 0, 1), normalCdf],
    ['normal(3, 0.5)', (u) => normal(u, 3, 0.5), (x) => normalCdf((x - 3) / 0.5)],
    ['erlang(3, mean 6)', (u) => erlang(u, 3, 6), gammaIntCdf(3, 2)],
    ['gamma(1, 2) = exponential(2)', (u) => gamma(u, 1, 2), expCdf(2)],
    ['gamma(4, 0.5)', (u) => gamma(u, 4, 0.5), gammaIntCdf(4, 0.5)],
    ['gamma(0.5, 2) = chi-square(1)', (u) => gamma(u, 0.5, 2), (x) => 2 * normalCdf(Math.sqrt(x)) - 1],
    ['weibull(1.5, 2)', (u) => weibull(u, 1.5, 2), (x) => 1 - Math.exp(-((x / 2) ** 1.5))],
    ['weibull(0.7, 1)', (u) => weibull(u, 0.7, 1), (x) => 1 - Math.exp(-(x ** 0.7))],
    ['lognormal(6, 3)', (u) => lognormal(u, 6, 3), lognormalCdf(6, 3)],
    ['triangular(1, 2, 6)', (u) => triangular(u, 1, 2, 6), triangularCdf(1, 2, 6)],
    ['uniform(-2, 3)', (u) => uniform(u, -2, 3), (x) => (x + 2) / 5],
  ];
  for (const [label, draw, cdf] of cases) {
    it(label, () => {
      const xs = draws(`gof-${label}`, draw, n);
      expect(ksStatistic(xs, cdf), `${label} KS`).toBeLessThan(ksCritical999(n));
      expect(chiSquareEquiprobable(xs, cdf, 20), `${label} chi-square`).toBeLessThan(chiSquareCritical999(19));
    });
  }

  it('normalCdf and normalQuantile are accurate and inverse to each other', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7); // absolute error < 6e-8 near the centre
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 6); // relative accuracy in the tail
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 5);
  });
});

describe('parameter validation', () => {
  const u = streams.stream('validation');
  const cases: [() => unknown, string][] = [
    [() => exponential(u, -1), 'exponential: mean must be a finite number > 0, got -1'],
    [() => exponential(u, NaN), 'exponential: mean must be a finite number > 0, got NaN'],
    [() => exponential(u, Infinity), 'exponential: mean must be a finite number > 0, got Infinity'],
    [() => erlang(u, 0, 1), 'erlang: k must be an integer >= 1, got 0'],
    [() => erlang(u, 2.5, 1), 'erlang: k must be an integer >= 1, got 2.5'],
    [() => erlang(u, 2, 0), 'erlang: mean must be a finite number > 0, got 0'],
    [() => gamma(u, 0, 1), 'gamma: shape must be a finite number > 0, got 0'],
    [() => gamma(u, 1, -2), 'gamma: scale must be a finite number > 0, got -2'],
    [() => lognormal(u, 0, 1), 'lognormal: mean must be a finite number > 0, got 0'],
    [() => lognormal(u, 1, -2), 'lognormal: sd must be a finite number >= 0, got -2'],
    [() => weibull(u, -1, 1), 'weibull: shape must be a finite number > 0, got -1'],
    [() => weibull(u, 1, NaN), 'weibull: scale must be a finite number > 0, got NaN'],
    [() => triangular(u, 2, 2, 2), 'triangular: min and max must be finite numbers with min < max, got 2 and 2'],
    [() => triangular(u, 0, 5, 2), 'triangular: mode must be in [0, 2], got 5'],
    [() => uniform(u, 3, 1), 'uniform: min and max must be finite numbers with min <= max, got 3 and 1'],
    [() => normal(u, NaN, 1), 'normal: mean must be a finite number, got NaN'],
    [() => normal(u, 0, -1), 'normal: sd must be a finite number >= 0, got -1'],
    [() => truncatedNormal(u, 0, 0, -1, 1), 'truncatedNormal: sd must be a finite number > 0, got 0'],
    [() => truncatedNormal(u, 0, 1, 1, 1), 'truncatedNormal: min and max must be numbers with min < max, got 1 and 1'],
    [() => truncatedNormal(u, 0, 1e-300, 1e300, Infinity), 'truncatedNormal: [min, max] must be within about 1e308 sd of the mean'],
    [() => bernoulli(u, 1.5), 'bernoulli: p must be a probability in [0, 1], got 1.5'],
    [() => bernoulli(u, NaN), 'bernoulli: p must be a probability in [0, 1], got NaN'],
    [() => makeDiscrete([], []), 'discrete: values and weights must be non-empty arrays of equal length, got 0 values and 0 weights'],
    [() => makeDiscrete(['a', 'b'], [1]), 'discrete: values and weights must be non-empty arrays of equal length, got 2 values and 1 weights'],
    [() => makeDiscrete(['a'], [-1]), 'discrete: each weight must be a finite number >= 0, got -1'],
    [() => discrete(u, ['a', 'b'], [0, 0]), 'discrete: the sum of weights must be a finite number > 0, got 0'],
    [() => poisson(u, -3), 'poisson: mean must be a finite number >= 0, got -3'],
    [() => normalQuantile(1), 'normalQuantile: p must be a number in (0, 1), got 1'],
  ];
  for (const [call, message] of cases) {
    it(message, () => {
      expect(call).toThrow(RangeError);
      expect(call).toThrow(message);
    });
  }
});

describe('property: samples are finite and in their support for any valid parameters', () => {
  const u = streams.stream('property');
  const pos = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
  const shape = fc.double({ min: 0.1, max: 50, noNaN: true });
  const real = fc.double({ min: -1e3, max: 1e3, noNaN: true });
  const options = { seed: 11, numRuns: 300 };

  it('positive continuous distributions', () => {
    fc.assert(
      fc.property(pos, pos, shape, fc.integer({ min: 1, max: 50 }), (a, b, k, n) => {
        for (const x of [exponential(u, a), erlang(u, n, a), gamma(u, k, b), lognormal(u, a, b), weibull(u, k, b)]) {
          expect(Number.isFinite(x) && x >= 0).toBe(true);
        }
      }),
      options,
    );
  });

  it('bounded and real-valued continuous distributions', () => {
    fc.assert(
      fc.property(real, real, real, pos, (p, q, r, sd) => {
        const [lo, mid, hi] = [p, q, r].sort((x, y) => x - y) as [number, number, number];
        const un = uniform(u, lo, hi);
        expect(un >= lo && un <= hi).toBe(true);
        expect(Number.isFinite(normal(u, p, sd))).toBe(true);
        if (lo < hi) {
          const t = triangular(u, lo, mid, hi);
          expect(t >= lo && t <= hi).toBe(true);
          // Any interval, including ones far in a tail (sd down to 1e-3 with bounds 1e3 away).
          const tn = truncatedNormal(u, mid, sd, lo, hi);
          expect(tn >= lo && tn <= hi).toBe(true);
          const tail = truncatedNormal(u, q, sd, r, Infinity);
          expect(tail >= r && Number.isFinite(tail)).toBe(true);
        }
      }),
      options,
    );
  });

  it('discrete distributions', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (p, mean, weights) => {
          expect(typeof bernoulli(u, p)).toBe('boolean');
          const k = poisson(u, mean);
          expect(Number.isInteger(k) && k >= 0).toBe(true);
          if (weights.some((w) => w > 0)) {
            const i = discrete(u, weights.map((_, j) => j), weights);
            expect(weights[i]).toBeGreaterThan(0);
          }
        },
      ),
      options,
    );
  });
});
