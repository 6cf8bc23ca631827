/**
 * Distributions drawn from a stream of uniforms. Each function checks its parameters
 * (cheap comparisons, since these run on hot paths) and throws a RangeError naming the
 * distribution, the parameter, what was expected and what was found. Comparisons are written
 * as `!(x > 0)` and the like so that NaN fails them too.
 *
 * Conventions: times are parameterised by their mean (exponential, erlang) or by mean and sd
 * (lognormal), as modellers state them; gamma and weibull use shape and scale.
 *
 * No function keeps state between calls (no cached spare normal), so a value depends only on
 * the stream's position: this keeps runs reproducible and streams independent.
 */
import type { Uniform } from './stream.js';

function bad(dist: string, param: string, expected: string, got: unknown): never {
  throw new RangeError(`${dist}: ${param} must be ${expected}, got ${String(got)}`);
}

const finitePositive = (x: number): boolean => x > 0 && x < Infinity;
const finiteNonNegative = (x: number): boolean => x >= 0 && x < Infinity;

/** Exponential with the given mean (not rate). Never returns Infinity. */
export function exponential(u: Uniform, mean: number): number {
  if (!finitePositive(mean)) bad('exponential', 'mean', 'a finite number > 0', mean);
  return -mean * Math.log(u.uniform01Open());
}

/** Erlang-k with the given mean (sum of k exponentials with mean mean/k); uses k uniforms. */
export function erlang(u: Uniform, k: number, mean: number): number {
  if (!(Number.isInteger(k) && k >= 1)) bad('erlang', 'k', 'an integer >= 1', k);
  if (!finitePositive(mean)) bad('erlang', 'mean', 'a finite number > 0', mean);
  // One log for the product instead of k logs; fold the product into a log sum before it
  // could underflow to 0 (which would give Infinity) for large k.
  let p = 1;
  let logSum = 0;
  for (let i = 0; i < k; i++) {
    p *= u.uniform01Open();
    if (p < 1e-280) {
      logSum += Math.log(p);
      p = 1;
    }
  }
  return (-mean / k) * (logSum + Math.log(p));
}

/** Standard normal by Box-Muller: two uniforms per call, the second variate is discarded. */
export function standardNormal(u: Uniform): number {
  const r = Math.sqrt(-2 * Math.log(u.uniform01Open()));
  return r * Math.cos(2 * Math.PI * u.uniform01());
}

/** Gamma(shape, scale) (mean shape * scale) by Marsaglia-Tsang; shape < 1 via the boost U^(1/shape). */
export function gamma(u: Uniform, shape: number, scale: number): number {
  if (!finitePositive(shape)) bad('gamma', 'shape', 'a finite number > 0', shape);
  if (!finitePositive(scale)) bad('gamma', 'scale', 'a finite number > 0', scale);
  // Marsaglia-Tsang needs shape >= 1: X ~ Gamma(a + 1) times U^(1/a) is Gamma(a).
  if (shape < 1) return gamma(u, shape + 1, scale) * Math.pow(u.uniform01Open(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u.uniform01Open();
    const x2 = x * x;
    // Cheap squeeze first; the log test is needed only rarely.
    if (w < 1 - 0.0331 * x2 * x2 || Math.log(w) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * Lognormal with the given mean and standard deviation of the variable itself (not of its log):
 * sigma^2 = ln(1 + sd^2 / mean^2), mu = ln(mean) - sigma^2 / 2.
 */
export function lognormal(u: Uniform, mean: number, sd: number): number {
  const { mu, sigma } = lognormalParams(mean, sd);
  return Math.exp(mu + sigma * standardNormal(u));
}

/**
 * The parameters of the log of a lognormal with the given mean and sd (checked as for
 * `lognormal`). `exp(mu + sigma * standardNormal(u))` with them is `lognormal(u, mean, sd)`, bit
 * for bit: a hot path can compute them once instead of a logarithm per draw.
 */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  if (!finitePositive(mean)) bad('lognormal', 'mean', 'a finite number > 0', mean);
  if (!finiteNonNegative(sd)) bad('lognormal', 'sd', 'a finite number >= 0', sd);
  const cv = sd / mean;
  const s2 = Math.log1p(cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Weibull(shape, scale) by inversion. */
export function weibull(u: Uniform, shape: number, scale: number): number {
  if (!finitePositive(shape)) bad('weibull', 'shape', 'a finite number > 0', shape);
  if (!finitePositive(scale)) bad('weibull', 'scale', 'a finite number > 0', scale);
  return scale * Math.pow(-Math.log(u.uniform01Open()), 1 / shape);
}

/** Triangular(min, mode, max) by inversion. */
export function triangular(u: Uniform, min: number, mode: number, max: number): number {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) bad('triangular', 'min and max', 'finite numbers with min < max', `${min} and ${max}`);
  if (!(mode >= min && mode <= max)) bad('triangular', 'mode', `in [${min}, ${max}]`, mode);
  const x = u.uniform01();
  const width = max - min;
  const f = (mode - min) / width; // in [0, 1]; working in units of width avoids underflow of width^2
  const y = x < f ? min + width * Math.sqrt(x * f) : max - width * Math.sqrt((1 - x) * (1 - f));
  return clamp(y, min, max); // min + width can round past max
}

/**
 * Uniform on [min, max): min + (max - min) * U. Rounding can give max itself, with probability
 * of order 2^-53 per draw.
 */
export function uniform(u: Uniform, min: number, max: number): number {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) bad('uniform', 'min and max', 'finite numbers with min <= max', `${min} and ${max}`);
  return min + (max - min) * u.uniform01();
}

/** Normal(mean, sd); uses two uniforms per call. */
export function normal(u: Uniform, mean: number, sd: number): number {
  if (!Number.isFinite(mean)) bad('normal', 'mean', 'a finite number', mean);
  if (!finiteNonNegative(sd)) bad('normal', 'sd', 'a finite number >= 0', sd);
  return mean + sd * standardNormal(u);
}

/**
 * Normal(mean, sd) truncated to [min, max] (either bound may be infinite), by rejection with
 * proposals chosen after Robert (1995) so that at least about a third of the proposals are
 * accepted wherever the interval lies, even far in a tail:
 * - the interval holds the mean and is at least 0.7 sd wide (mass > 0.258): plain normal draws;
 * - it holds the mean but is narrower: uniform proposals on the interval;
 * - it lies on one side of the mean: uniform proposals if it is narrow compared with the
 *   tail's decay, otherwise a shifted exponential proposal.
 * Exact (no CDF approximations), never gives up, and always returns a value in [min, max].
 */
export function truncatedNormal(u: Uniform, mean: number, sd: number, min: number, max: number): number {
  if (!Number.isFinite(mean)) bad('truncatedNormal', 'mean', 'a finite number', mean);
  if (!finitePositive(sd)) bad('truncatedNormal', 'sd', 'a finite number > 0', sd);
  if (!(min < max)) bad('truncatedNormal', 'min and max', 'numbers with min < max', `${min} and ${max}`);
  // The interval in standard units.
  const a = (min - mean) / sd;
  const b = (max - mean) / sd;
  if (a <= 0 && b >= 0) {
    if (b - a >= 0.7) {
      for (;;) {
        const x = mean + sd * standardNormal(u);
        if (x >= min && x <= max) return x;
      }
    }
    // Narrow interval around the mean: the density varies by at most a factor exp(0.49 / 2).
    for (;;) {
      const z = a + (b - a) * u.uniform01();
      if (u.uniform01() <= Math.exp(-0.5 * z * z)) return clamp(mean + sd * z, min, max);
    }
  }
  // One side of the mean: mirror into [lo, hi] with 0 < lo.
  const flip = b < 0;
  const lo = flip ? -b : a;
  const hi = flip ? -a : b;
  if (lo === Infinity) {
    bad('truncatedNormal', '[min, max]', 'within about 1e308 sd of the mean', `[${min}, ${max}] for mean ${mean} and sd ${sd}`);
  }
  const w = hi - lo;
  let z: number;
  if (w * (lo + 0.5 * w) <= 1) {
    // Narrow compared with the tail's decay: uniform proposals, accepted with the density
    // ratio exp((lo^2 - z^2) / 2) >= 1/e, written to avoid cancellation far out.
    do z = lo + w * u.uniform01();
    while (u.uniform01() > Math.exp(-0.5 * (z - lo) * (z + lo)));
  } else {
    // Exponential proposal lo + Exp(alpha) with Robert's optimal rate (hypot avoids overflow).
    const alpha = 0.5 * (lo + Math.hypot(lo, 2));
    for (;;) {
      z = lo - Math.log(u.uniform01Open()) / alpha;
      if (z > hi) continue;
      const d = z - alpha;
      if (u.uniform01() <= Math.exp(-0.5 * d * d)) break;
    }
  }
  return clamp(mean + sd * (flip ? -z : z), min, max);
}

/** Keeps a result inside [min, max] when mean + sd * z rounds just outside. */
function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

/** Bernoulli(p): true with probability p. */
export function bernoulli(u: Uniform, p: number): boolean {
  if (!(p >= 0 && p <= 1)) bad('bernoulli', 'p', 'a probability in [0, 1]', p);
  return u.uniform01() < p;
}

/**
 * A discrete empirical distribution over `values` with `weights` (need not sum to 1), sampled
 * by Walker's alias method: O(n) to build, O(1) and one uniform per draw. Build once, sample
 * often. Values with weight 0 are never drawn.
 */
export function makeDiscrete<T>(values: readonly T[], weights: readonly number[]): (u: Uniform) => T {
  const n = values.length;
  if (n === 0 || weights.length !== n) bad('discrete', 'values and weights', 'non-empty arrays of equal length', `${n} values and ${weights.length} weights`);
  let total = 0;
  for (const w of weights) {
    if (!finiteNonNegative(w)) bad('discrete', 'each weight', 'a finite number >= 0', w);
    total += w;
  }
  if (!(total > 0 && total < Infinity)) bad('discrete', 'the sum of weights', 'a finite number > 0', total);
  const vals = values.slice(); // later changes to the caller's array must not change the sampler
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  // Whatever is left is 1 up to rounding.
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return (u: Uniform) => {
    // One uniform picks the column (integer part) and decides column versus alias (fraction).
    const x = u.uniform01() * n;
    const i = Math.floor(x);
    return vals[x - i < prob[i]! ? i : alias[i]!]!;
  };
}

/** One draw from a discrete empirical distribution. Builds the table on every call: use makeDiscrete in loops. */
export function discrete<T>(u: Uniform, values: readonly T[], weights: readonly number[]): T {
  return makeDiscrete(values, weights)(u);
}

/**
 * Poisson(mean): Knuth's product method below 30 (about mean + 1 uniforms), Hörmann's PTRS
 * (transformed rejection with squeeze, 1993) from 30 on (about 2.3 uniforms whatever the mean).
 */
export function poisson(u: Uniform, mean: number): number {
  if (!finiteNonNegative(mean)) bad('poisson', 'mean', 'a finite number >= 0', mean);
  if (mean === 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = u.uniform01Open();
    while (p > limit) {
      k++;
      p *= u.uniform01Open();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u.uniform01() - 0.5;
    const V = u.uniform01Open();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
    if (us >= 0.07 && V <= vr) return k; // squeeze: accept without logs
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

const LOG_FACT_SMALL: number[] = [0];
for (let i = 1; i < 20; i++) LOG_FACT_SMALL.push(LOG_FACT_SMALL[i - 1]! + Math.log(i));

/** ln k! (exact table below 20, Stirling series above: error below 1e-10). */
function logFactorial(k: number): number {
  if (k < 20) return LOG_FACT_SMALL[k]!;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Standard normal CDF via erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7
 * everywhere, so lower-tail values stay accurate down to underflow near z = -37).
 */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const r =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return 0.5 * (x >= 0 ? r : 2 - r);
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) bad('normalQuantile', 'p', 'a number in (0, 1)', p);
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) / (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1);
}

const [A0, A1, A2, A3, A4, A5] = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const [B0, B1, B2, B3, B4] = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const [C0, C1, C2, C3, C4, C5] = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const [D0, D1, D2, D3] = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
