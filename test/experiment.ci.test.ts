import { describe, expect, it } from 'vitest';
import { summarise, tCdf, tQuantile } from '../src/experiment/ci.js';

describe('Student-t confidence intervals', () => {
  it('reproduces tabulated t quantiles', () => {
    // Standard table values (two-sided 95% and 99%).
    expect(tQuantile(0.95, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.776, 3);
    expect(tQuantile(0.95, 19)).toBeCloseTo(2.093, 3);
    expect(tQuantile(0.95, 29)).toBeCloseTo(2.045, 3);
    expect(tQuantile(0.99, 9)).toBeCloseTo(3.25, 2);
    expect(tQuantile(0.95, 1e6)).toBeCloseTo(1.96, 2);
  });
  it('t CDF is symmetric', () => {
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(tCdf(1.3, 7) + tCdf(-1.3, 7)).toBeCloseTo(1, 12);
  });
  it('summarises replication values', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = (2.776 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.ciHigh - 3).toBeCloseTo(half, 3);
    expect(s.n).toBe(5);
    expect(summarise([]).n).toBe(0);
    expect(Number.isNaN(summarise([7]).ciLow)).toBe(true);
  });
  it('rejects bad arguments', () => {
    expect(() => tQuantile(1.5, 3)).toThrow(/confidence/);
    expect(() => tQuantile(0.95, 0)).toThrow(/degrees of freedom/);
  });
});
