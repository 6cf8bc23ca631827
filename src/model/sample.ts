/** Sampling helpers for scenario distributions and placements. */
import { exponential, gamma, lognormal, type Uniform } from '../random/index.js';
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
 * The level a casus is placed at. Matched: the need with probability `accuracy`, otherwise one
 * level off (heavier with probability `upward`, but never into verblijf: a need-3 casus
 * misplaced upward is placed lighter instead). Stepped: the lightest plausible help (level 1),
 * except verblijf (4), which is never started lighter (safety).
 */
export function placeLevel(u: Uniform, need: number, policy: 'stepped' | 'matched', accuracy: number, upward = 0.5): number {
  if (need <= 0) return 0;
  if (policy === 'stepped' && need < 4) return 1;
  if (u.uniform01() < accuracy) return need;
  const up = u.uniform01() < upward;
  // Verblijf has its own gate: nobody is placed there unless the need is verblijf.
  if (up) return need >= 3 ? Math.max(1, need - 1) : need + 1;
  return Math.max(1, need - 1);
}
