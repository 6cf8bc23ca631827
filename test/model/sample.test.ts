/**
 * The compiled duration sampler gives what sampleDuration gives, bit for bit and from the same
 * uniforms, for every distribution and for scales that repeat, alternate or leave no mean.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Streams } from '../../src/random/index.js';
import { DurationSampler, sampleDuration } from '../../src/model/sample.js';
import type { Duration } from '../../src/scenario/types.js';

const param = (value: number) => ({ value, written: { value, unit: 'weeks' }, source: 'aanname (test)', aanname: true });
const duration = (dist: Duration['dist'], mean: number, cv?: number): Duration => ({
  dist,
  mean: param(mean),
  cv: cv === undefined ? undefined : param(cv),
});

/** Draw with both from two streams with the same key: equal values mean equal uniforms used. */
function drawBoth(d: Duration, scales: readonly number[]): { compiled: number[]; reference: number[] } {
  const a = new Streams({ seed: 5, replication: 0 }).stream('d');
  const b = new Streams({ seed: 5, replication: 0 }).stream('d');
  const sampler = new DurationSampler(d);
  return { compiled: scales.map((s) => sampler.sample(a, s)), reference: scales.map((s) => sampleDuration(b, d, s)) };
}

describe('DurationSampler', () => {
  it('matches sampleDuration bit for bit for each distribution and a mix of scales', () => {
    const scales = [1, 1, 0.5, 0.5, 1, 0.5, 1.37, 1.37, 1, 2, 0, 1];
    for (const d of [duration('lognormal', 6, 0.8), duration('lognormal', 6, 0), duration('lognormal', 6), duration('exponential', 3), duration('gamma', 4, 0.5), duration('fixed', 2)]) {
      const { compiled, reference } = drawBoth(d, scales);
      expect(compiled).toEqual(reference);
      expect(compiled.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    }
  });

  it('matches sampleDuration for random means, cvs and scales (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        fc.array(fc.constantFrom(1, 0.5, 0.25, 1.5, 3), { minLength: 1, maxLength: 20 }),
        (mean, cv, scales) => {
          const { compiled, reference } = drawBoth(duration('lognormal', mean, cv), scales);
          expect(compiled).toEqual(reference);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('a mean of zero gives zero and a non-finite scaled mean throws as sampleDuration does', () => {
    const d = duration('lognormal', 6, 0.8);
    const u = new Streams({ seed: 1, replication: 0 }).stream('z');
    const s = new DurationSampler(d);
    expect(s.sample(u, 0)).toBe(0);
    expect(() => s.sample(u, Infinity)).toThrow(/lognormal: mean must be a finite number > 0/);
    expect(() => sampleDuration(u, d, Infinity)).toThrow(/lognormal: mean must be a finite number > 0/);
  });
});
