/** Sampling helpers for scenario distributions and placements. */
import { exponential, gamma, lognormal, lognormalParams, standardNormal, type Uniform } from '../random/index.js';
import type { Duration } from '../scenario/types.js';

export function sampleDuration(u: Uniform, d: Duration, scale = 1): number {
  const mean = d.mean.value * scale;
  if (mean <= 0) return 0;
  const cv = d.cv?.value ?? 0;
  switch (d.dist) {
    case 'fixed':
      return mean;
    case 'exponential':
      return exponential(u, mean);
    case 'gamma':
      return cv > 0 ? gamma(u, 1 / (cv * cv), mean * cv * cv) : mean;
    case 'lognormal':
      return cv > 0 ? lognormal(u, mean, mean * cv) : mean;
  }
}

/**
 * A scenario duration compiled once per model: `sample(u, scale)` gives what
 * `sampleDuration(u, d, scale)` gives, bit for bit and from the same uniforms, but a lognormal
 * (every duration in the shipped scenarios) keeps the parameters of its log for scale 1 and for
 * the last other scale, so a draw costs the normal variate and one exp instead of three
 * logarithms, a square root and the scenario lookups. Other distributions, and scales that leave
 * no finite positive mean, go through `sampleDuration`, errors included.
 */
export class DurationSampler {
  private readonly fast: boolean;
  private readonly mean: number;
  private readonly cv: number;
  private mu = 0;
  private sigma = 0;
  private otherScale = NaN;
  private otherMu = 0;
  private otherSigma = 0;

  constructor(private readonly d: Duration) {
    this.mean = d.mean.value;
    this.cv = d.cv?.value ?? 0;
    this.fast = d.dist === 'lognormal' && this.cv > 0 && this.cv < Infinity && this.mean > 0 && this.mean < Infinity;
    if (this.fast) ({ mu: this.mu, sigma: this.sigma } = lognormalParams(this.mean, this.mean * this.cv));
  }

  sample(u: Uniform, scale = 1): number {
    if (!this.fast) return sampleDuration(u, this.d, scale);
    if (scale === 1) return Math.exp(this.mu + this.sigma * standardNormal(u));
    if (scale !== this.otherScale) {
      const mean = this.mean * scale;
      if (!(mean > 0 && mean < Infinity)) return sampleDuration(u, this.d, scale);
      const p = lognormalParams(mean, mean * this.cv);
      this.otherScale = scale;
      this.otherMu = p.mu;
      this.otherSigma = p.sigma;
    }
    return Math.exp(this.otherMu + this.otherSigma * standardNormal(u));
  }
}

/**
 * The level a casus is placed at. Matched: the need with probability `accuracy`, otherwise one
 * level off (heavier with probability `upward`, but never into verblijf: a need-3 casus
 * misplaced upward is placed lighter instead). Stepped: the lightest plausible help (level 1),
 * except verblijf (4), which is never started lighter (safety).
 */
export function placeLevel(u: Uniform, need: number, policy: 'stepped' | 'matched', accuracy: number, upward: number = 0.5): number {
  if (need <= 0) return 0;
  if (policy === 'stepped' && need < 4) return 1;
  if (u.uniform01() < accuracy) return need;
  const up = u.uniform01() < upward;
  // Verblijf has its own gate: nobody is placed there unless the need is verblijf.
  if (up) return need >= 3 ? Math.max(1, need - 1) : need + 1;
  return Math.max(1, need - 1);
}
