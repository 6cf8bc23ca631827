import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactQuantile, P2Quantile, Tally, TimeWeighted } from '../../src/engine/index.js';

describe('Tally', () => {
  it('computes count, mean, variance, min, max', () => {
    const t = new Tally('waits');
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) t.record(x);
    expect(t.count).toBe(8);
    expect(t.mean).toBe(5);
    expect(t.variance).toBeCloseTo(32 / 7, 12);
    expect(t.min).toBe(2);
    expect(t.max).toBe(9);
    t.reset();
    expect(t.count).toBe(0);
    expect(Number.isNaN(t.mean)).toBe(true);
  });

  it('P² quantiles track exact quantiles of a long stream', () => {
    const t = new Tally('w', { quantiles: [0.5, 0.9] });
    const exact = new Tally('w', { keep: true });
    let x = 0.5;
    for (let i = 0; i < 20000; i++) {
      x = (x * 9301 + 49297) % 233280; // a fixed pseudo-random walk, deterministic
      const v = -Math.log(1 - x / 233280);
      t.record(v);
      exact.record(v);
    }
    expect(Math.abs(t.quantile(0.5) - exact.quantile(0.5))).toBeLessThan(0.02);
    expect(Math.abs(t.quantile(0.9) - exact.quantile(0.9))).toBeLessThan(0.05);
    expect(() => t.quantile(0.75)).toThrow(/quantile 0.75 was not requested/);
    expect(t.summary().quantiles).toHaveProperty('p90');
  });

  it('P² is exact for five or fewer values and stays within the data range (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (xs, p) => {
        const q = new P2Quantile(p);
        for (const x of xs) q.add(x);
        const v = q.value();
        if (xs.length <= 5) expect(Math.abs(v - exactQuantile(xs, p))).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(v)));
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(v).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('rejects NaN', () => {
    expect(() => new Tally('x').record(NaN)).toThrow(/cannot record NaN/);
  });
});

describe('TimeWeighted', () => {
  it('weights levels by time and resets at the end of a warm-up', () => {
    const q = new TimeWeighted('queue', 0, 0);
    q.update(2, 3); // 0 on [0,2)
    q.update(4, 1); // 3 on [2,4)
    expect(q.mean(6)).toBeCloseTo((0 * 2 + 3 * 2 + 1 * 2) / 6, 12);
    expect(q.max).toBe(3);
    q.reset(6);
    q.add(8, 1); // 1 on [6,8), then 2
    expect(q.mean(10)).toBeCloseTo((1 * 2 + 2 * 2) / 4, 12);
    expect(q.variance(10)).toBeCloseTo(0.25, 12);
    expect(() => q.update(5, 1)).toThrow(/time went back from 8 to 5/);
  });
});
