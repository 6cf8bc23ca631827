/**
 * Statistical helpers for the random-number tests (not a test file itself). Every check is a
 * confidence-interval check at a fixed seed: deterministic, and with 4 standard errors a false
 * alarm for a correct generator would have probability about 6e-5 per check.
 */
import { expect } from 'vitest';
import type { Uniform } from '../../src/random/index.js';

export function sample(u: Uniform, draw: (u: Uniform) => number, n: number): number[] {
  const xs = new Array<number>(n);
  for (let i = 0; i < n; i++) xs[i] = draw(u);
  return xs;
}

export function moments(xs: readonly number[]): { n: number; mean: number; variance: number; m4: number } {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let s2 = 0;
  let s4 = 0;
  for (const x of xs) {
    const d2 = (x - mean) ** 2;
    s2 += d2;
    s4 += d2 * d2;
  }
  return { n, mean, variance: s2 / (n - 1), m4: s4 / n };
}

/**
 * The sample mean within 4 standard errors of `mean` (standard error from the theoretical
 * variance), and the sample variance within 4 of its own standard errors of `variance`
 * (Var(s^2) ~ (m4 - s^4) / n, estimated from the sample's fourth central moment).
 */
export function expectMoments(xs: readonly number[], mean: number, variance: number, label: string): void {
  const m = moments(xs);
  const seMean = Math.sqrt(variance / m.n);
  expect(Math.abs(m.mean - mean), `${label}: mean ${m.mean}, expected ${mean} +- ${4 * seMean}`).toBeLessThanOrEqual(4 * seMean);
  const seVar = Math.sqrt(Math.max(m.m4 - m.variance ** 2, 0) / m.n);
  expect(Math.abs(m.variance - variance), `${label}: variance ${m.variance}, expected ${variance} +- ${4 * seVar}`).toBeLessThanOrEqual(4 * seVar + 1e-12);
}

/** A share (count / n) within 4 standard errors of the probability p. */
export function expectShare(count: number, n: number, p: number, label: string): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(count / n - p), `${label}: share ${count / n}, expected ${p} +- ${4 * se}`).toBeLessThanOrEqual(4 * se);
}

/** Pearson's chi-square statistic over `bins` equiprobable bins of the continuous CDF. */
export function chiSquareEquiprobable(xs: readonly number[], cdf: (x: number) => number, bins: number): number {
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor(cdf(x) * bins))]!++;
  const e = xs.length / bins;
  return counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
}

/** Kolmogorov-Smirnov statistic D = sup |F_n(x) - F(x)|. */
export function ksStatistic(xs: readonly number[], cdf: (x: number) => number): number {
  const sorted = [...xs].sort((p, q) => p - q);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** ln Gamma(x) for x > 0 (Lanczos, relative error ~ 2e-10), for Weibull moments. */
export function lgamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/**
 * The 99.9% quantile of chi-square with df degrees of freedom (Wilson-Hilferty; within 2% of
 * the exact value from df = 3 on, e.g. 44.0 for df = 19 against 43.8 exactly).
 */
export function chiSquareCritical999(df: number): number {
  const z = 3.0902; // 99.9% standard normal quantile
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** The 99.9% critical value of the Kolmogorov-Smirnov statistic for n draws (asymptotic, n large). */
export const ksCritical999 = (n: number): number => 1.95 / Math.sqrt(n);

/**
 * Chi-square test of integer draws against a pmf: one bin per value whose expected count is at
 * least 5, the rest pooled into a lower and an upper tail. Returns the statistic and the
 * degrees of freedom.
 */
export function chiSquareDiscrete(xs: readonly number[], pmf: (k: number) => number, maxK: number): { stat: number; df: number } {
  const n = xs.length;
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const bins: { observed: number; expected: number }[] = [];
  let pending = { observed: 0, expected: 0 };
  for (let k = 0; k <= maxK; k++) {
    pending.observed += counts.get(k) ?? 0;
    pending.expected += n * pmf(k);
    if (pending.expected >= 5) {
      bins.push(pending);
      pending = { observed: 0, expected: 0 };
    }
  }
  // Everything above maxK (and any unfinished pool) goes into the last bin.
  let above = 0;
  for (const [k, c] of counts) if (k > maxK) above += c;
  const last = bins[bins.length - 1]!;
  last.observed += pending.observed + above;
  last.expected = n - bins.slice(0, -1).reduce((s, b) => s + b.expected, 0);
  return { stat: bins.reduce((s, b) => s + (b.observed - b.expected) ** 2 / b.expected, 0), df: bins.length - 1 };
}
