/**
 * The band fitter (src/experiment/optimise.ts) on small models with known answers: it ends inside
 * reachable bands (linear, a queue's wait, from far away, at a bound, with deterministic noise, a
 * staircase seen by doubling the step), names the targets and the parameter of a conflict, asks for its points in batches, and asks for
 * the same points every time, so a cached rerun resumes an interrupted fit.
 */
import { describe, expect, it } from 'vitest';
import { fitToBands, miss, type Band, type EvaluateBatch, type FitParam } from '../src/experiment/optimise.js';

type Model = (x: number[]) => number[];

/** An evaluate callback that logs every batch it is asked for. */
function logged(model: Model): { evaluate: EvaluateBatch; calls: number[][][] } {
  const calls: number[][][] = [];
  const evaluate: EvaluateBatch = async (points) => {
    calls.push(points.map((x) => x.slice()));
    return points.map(model);
  };
  return { evaluate, calls };
}

/** A fixed pseudo-random number in [-1, 1] per point and target (FNV-1a of the point). */
function jitter(x: number[], i: number): number {
  let h = 2166136261;
  for (const c of JSON.stringify([...x, i])) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) / 2 ** 32) * 2 - 1;
}

const xy = (sx: number, sy: number): FitParam[] => [
  { name: 'x', low: 0, high: 10, start: sx },
  { name: 'y', low: 0, high: 10, start: sy },
];
/** Three targets of x and y, all inside near x = 6, y = 3. */
const linear: Model = ([x, y]) => [x! + y!, x! - y!, 2 * x! + y!];
const linearBands: Band[] = [
  { low: 8.5, high: 9.5 },
  { low: 2, high: 4 },
  { low: 14, high: 16.5 },
];
const within = (v: number[], bands: Band[]) => v.every((x, i) => x >= bands[i]!.low && x <= bands[i]!.high);

describe('miss', () => {
  it('is 0 inside the band and the distance in half-widths outside it', () => {
    const band = { low: 2, high: 6 };
    expect([2, 4, 6].map((v) => miss(v, band))).toEqual([0, 0, 0]);
    expect(miss(1, band)).toBe(-0.5);
    expect(miss(10, band)).toBe(2);
  });
});

describe('fitToBands on reachable bands', () => {
  it('a linear model with 2 parameters and 3 bands ends inside in one iteration (6 evaluations)', async () => {
    const { evaluate, calls } = logged(linear);
    const seen: { iteration: number; cost: number }[] = [];
    const r = await fitToBands(xy(1, 1), linearBands, evaluate, { onIteration: ({ iteration, cost }) => seen.push({ iteration, cost }) });
    expect(r.stop).toBe('inside');
    expect(r.converged).toBe(true);
    expect(r.inside).toEqual([true, true, true]);
    expect(r.cost).toBe(0);
    expect(within(linear(r.point), linearBands)).toBe(true);
    expect(r.values).toEqual(linear(r.point));
    expect(r.conflict).toBeUndefined();
    // The start and 2 probes, then 3 steps of which the Gauss-Newton one is inside.
    expect(r.evaluations).toBe(calls.flat().length);
    expect(r.evaluations).toBe(6);
    expect(r.batches).toBe(calls.length);
    expect(r.iterations).toBe(1);
    expect(seen).toEqual([{ iteration: 1, cost: 0 }]);
  });

  it('aims at the central half of each band, so it ends well inside rather than on a band edge', async () => {
    // Its steps aim at the central halves, so the first point inside keeps every target at least a
    // quarter half-width from its edges; aiming at the bands themselves ends on edges from 2 of these 3 starts.
    for (const [sx, sy] of [[1, 1], [10, 0], [0, 10]] as const) {
      const r = await fitToBands(xy(sx, sy), linearBands, logged(linear).evaluate);
      const offCentre = r.values.map((v, i) => Math.abs(v - (linearBands[i]!.low + linearBands[i]!.high) / 2) / ((linearBands[i]!.high - linearBands[i]!.low) / 2));
      expect(Math.max(...offCentre), `from ${sx}, ${sy}`).toBeLessThanOrEqual(0.75);
      expect(r.evaluations).toBe(6);
    }
  });

  it("fits a queue's wait 1/(c - lambda) on the capacity c alone, from an idle start", async () => {
    const wait: Model = ([c]) => [1 / (c! - 1)];
    const band = { low: 0.5, high: 0.6 }; // c in [2.67, 3]
    const { evaluate, calls } = logged(wait);
    const r = await fitToBands([{ name: 'c', low: 1.01, high: 10, start: 10 }], [band], evaluate);
    expect(r.stop).toBe('inside');
    expect(r.point[0]).toBeGreaterThanOrEqual(1 / 0.6 + 1);
    expect(r.point[0]).toBeLessThanOrEqual(3);
    expect(r.evaluations).toBeLessThanOrEqual(25);
    expect(calls[0]).toHaveLength(2); // the start and its probe
  });

  it('reaches the bands of a nonlinear model from a start far outside them', async () => {
    const model: Model = ([x, y]) => [x! ** 2 / 10 + y!, Math.sqrt(x!) * y!];
    const bands = [{ low: 9, high: 10 }, { low: 5, high: 6 }];
    for (const [sx, sy] of [[0, 0], [10, 10], [0, 10]] as const) {
      expect(within(model([sx, sy]), bands)).toBe(false);
      const { evaluate } = logged(model);
      const r = await fitToBands(xy(sx, sy), bands, evaluate);
      expect(r.stop, `from ${sx}, ${sy}`).toBe('inside');
      expect(within(model(r.point), bands)).toBe(true);
      expect(r.evaluations).toBeLessThanOrEqual(40);
    }
  });

  it('holds a parameter at its bound when the band is reachable only there', async () => {
    const model: Model = ([x, y]) => [x!, x! + y!];
    const { evaluate } = logged(model);
    const r = await fitToBands(xy(2, 2), [{ low: 10, high: 12 }, { low: 14, high: 15 }], evaluate);
    expect(r.stop).toBe('inside');
    expect(r.point[0]).toBe(10);
    expect(r.atBound).toEqual([true, false]);
    expect(r.point[1]).toBeGreaterThanOrEqual(4);
    expect(r.point[1]).toBeLessThanOrEqual(5);
  });

  it('ends inside with a noisy but deterministic model (jitter 5% of the narrowest band)', async () => {
    const noisy: Model = (x) => linear(x).map((v, i) => v + 0.05 * jitter(x, i));
    for (const [sx, sy] of [[1, 1], [10, 0], [0, 10]] as const) {
      const { evaluate } = logged(noisy);
      const r = await fitToBands(xy(sx, sy), linearBands, evaluate);
      expect(r.stop, `from ${sx}, ${sy}`).toBe('inside');
      expect(within(noisy(r.point), linearBands)).toBe(true);
    }
  });

  it('reaches bands that overlap only outside their central halves, not on their edges', async () => {
    // x in [0, 10] and x in [9, 100]: the central halves [2.5, 7.5] and [31.75, 77.25] do not meet,
    // nor do the bands shrunk by a tenth of a half-width; aiming at those still ends off the edge 9.
    const { evaluate } = logged(([x]) => [x!, x!]);
    const r = await fitToBands([{ name: 'x', low: 0, high: 100, start: 1 }], [{ low: 0, high: 10 }, { low: 9, high: 100 }], evaluate);
    expect(r.stop).toBe('inside');
    expect(r.point[0]).toBeGreaterThan(9.1);
    expect(r.point[0]).toBeLessThanOrEqual(10);
  });

  it('doubles the difference step when a parameter seems to move nothing, so a staircase is seen', async () => {
    // Whole teams: one per 1.5 units of x; the default step (0.5 units) from x = 0.1 sees no change.
    const teams: Model = ([x, y]) => [Math.floor(x! / 1.5) + y!, y!];
    const { evaluate, calls } = logged(teams);
    const r = await fitToBands(xy(0.1, 5), [{ low: 5.5, high: 6.5 }, { low: 0.8, high: 1.2 }], evaluate);
    expect(r.stop).toBe('inside');
    expect(Math.floor(r.point[0]! / 1.5)).toBe(5);
    expect(calls.flat().some(([x]) => Math.abs(x! - 0.1 - 2) < 1e-9)).toBe(true); // a probe of 20% of the range from the start
  });

  it('reads a band with low == high as its value within a millionth', async () => {
    const { evaluate } = logged(([x]) => [1 / (x! - 1)]);
    const r = await fitToBands([{ name: 'c', low: 1.01, high: 10, start: 9 }], [{ low: 0.5, high: 0.5 }], evaluate);
    expect(r.stop).toBe('inside');
    expect(r.values[0]).toBeCloseTo(0.5, 5);
    expect(r.point[0]).toBeCloseTo(3, 4);
  });
});

describe('fitToBands when the bands cannot all be reached', () => {
  it('names two targets that pull the same parameter in opposite directions, at the least squared misses', async () => {
    // 'hoog' wants x in [8, 10], 'laag' wants 4x in [2, 6]: (x - 8)^2 + ((4x - 6) / 2)^2 is least at
    // x = 2.8 (aiming at the central halves would give 2.7).
    const model: Model = ([x, y]) => [x!, 4 * x!, y!];
    const { evaluate } = logged(model);
    const bands = [{ low: 8, high: 10, name: 'hoog' }, { low: 2, high: 6, name: 'laag' }, { low: 3, high: 4 }];
    const r = await fitToBands(xy(5, 5), bands, evaluate);
    expect(r.stop).toBe('stationary');
    expect(r.converged).toBe(true);
    expect(r.inside).toEqual([false, false, true]);
    expect(r.point[0]).toBeCloseTo(2.8, 3);
    expect(r.conflict?.targets).toEqual([0, 1]);
    expect(r.conflict?.opposed).toEqual([{ targets: [0, 1], param: 0 }]);
    expect(r.conflict?.reason).toBe("targets 'hoog' and 'laag' pull parameter 'x' in opposite directions (target 'hoog' wants it higher, target 'laag' lower)");
  });

  it('names unnamed targets by number, and a target that needs a parameter beyond its bound', async () => {
    const opposite = await fitToBands(xy(5, 5), [{ low: 8, high: 10 }, { low: 2, high: 6 }], logged(([x, y]) => [x!, 2 * x! + 0.1 * y!]).evaluate);
    expect(opposite.conflict?.reason).toMatch(/^targets 0 and 1 pull parameter 'x' in opposite directions/);
    const bound = await fitToBands(xy(2, 2), [{ low: 30, high: 40 }], logged(([x]) => [2 * x!]).evaluate);
    expect(bound.stop).toBe('stationary');
    expect(bound.atBound).toEqual([true, false]);
    expect(bound.conflict?.reason).toBe("target 0 (below its band) needs parameter 'x' above its upper bound 10; parameter 'y' moves no target (over 20% of its range)");
    const flat = await fitToBands(xy(5, 5), [{ low: 1, high: 2 }, { low: 3, high: 4 }], logged(([x]) => [7, x!]).evaluate);
    expect(flat.inside).toEqual([false, true]);
    expect(flat.conflict?.reason).toBe("target 0 does not respond to any parameter here (over 20% of each range); parameter 'y' moves no target (over 20% of its range)");
  });

  it('stops at maxIterations while still improving without claiming a conflict', async () => {
    const { evaluate } = logged(([c]) => [1 / (c! - 1)]);
    const r = await fitToBands([{ name: 'c', low: 1.01, high: 10, start: 10 }], [{ low: 2, high: 2.2 }], evaluate, { maxIterations: 1 });
    expect(r.stop).toBe('maxIterations');
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(1);
    expect(r.conflict).toBeUndefined();
    expect(r.cost).toBeGreaterThan(0);
    expect(r.cost).toBeLessThan((1 / 9 - 2) ** 2 / 0.1 ** 2); // better than the start
  });
});

describe('fitToBands and its evaluations', () => {
  it('asks for the start and its p probes in one batch, then alternates p probes and at most 3 steps', async () => {
    const params: FitParam[] = [...xy(1, 1), { name: 'z', low: -1, high: 1, start: 1 }];
    const model: Model = ([x, y, z]) => [x! + y! + z!, x! - y!, 2 * x! + y! ** 2 / 10 - z!];
    const { evaluate, calls } = logged(model);
    const r = await fitToBands(params, linearBands, evaluate, { step: 0.1 });
    expect(r.iterations).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = calls;
    expect(first).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [1, 2, 1],
      [1, 1, 0.8], // z is at its upper bound: its probe goes down
    ]);
    // Probe batches: p points, each one step of 10% of a range from a common point in one coordinate.
    const isProbes = (batch: number[][]) =>
      batch.length === 3 &&
      batch.every((x, j) => x.every((v, k) => (k === j ? Math.abs(Math.abs(v - batch[(j + 1) % 3]![k]!) - 0.1 * (params[k]!.high - params[k]!.low)) < 1e-9 : true)));
    rest.forEach((batch, q) => {
      if (q % 2 === 1) expect(isProbes(batch), `batch ${q + 1}`).toBe(true);
      else expect(batch.length).toBeLessThanOrEqual(3);
    });
    expect(r.evaluations).toBe(calls.flat().length);
    expect(new Set(calls.flat().map((x) => JSON.stringify(x))).size).toBe(r.evaluations); // no point twice
  });

  it('asks for the same points in the same batches every time', async () => {
    const noisy: Model = (x) => [x[0]! * x[1]!, x[0]! + 1 / (x[1]! + 0.5)].map((v, i) => v + 0.02 * jitter(x, i));
    const bands = [{ low: 5.5, high: 6.5 }, { low: 2.2, high: 2.5 }];
    const a = logged(noisy);
    const b = logged(noisy);
    const ra = await fitToBands(xy(9, 9), bands, a.evaluate);
    const rb = await fitToBands(xy(9, 9), bands, b.evaluate);
    expect(a.calls.length).toBeGreaterThan(3);
    expect(b.calls).toEqual(a.calls);
    expect(rb).toEqual(ra);
  });

  it('resumes an interrupted fit from a cache of evaluations keyed by point', async () => {
    const model: Model = ([x, y]) => [x! ** 2 / 10 + y!, Math.sqrt(x!) * y!];
    const bands = [{ low: 9, high: 10 }, { low: 5, high: 6 }];
    const cache = new Map<string, number[]>();
    let fresh = 0;
    let budget = 3; // the first run is killed at its fourth batch
    const evaluate: EvaluateBatch = async (points) => {
      if (budget-- === 0) throw new Error('killed');
      return points.map((x) => {
        const key = JSON.stringify(x);
        if (!cache.has(key)) {
          fresh++;
          cache.set(key, model(x));
        }
        return cache.get(key)!;
      });
    };
    await expect(fitToBands(xy(0, 0), bands, evaluate)).rejects.toThrow('killed');
    const before = fresh;
    budget = Infinity;
    const resumed = await fitToBands(xy(0, 0), bands, evaluate);
    const whole = await fitToBands(xy(0, 0), bands, logged(model).evaluate);
    expect(resumed).toEqual(whole);
    expect(fresh).toBe(whole.evaluations); // the rerun evaluated only what the first run had not
    expect(before).toBeGreaterThan(0);
  });
});

describe('fitToBands with failing points and bad input', () => {
  it('treats non-finite values as failed points, never accepted', async () => {
    const { evaluate, calls } = logged(([c]) => [c! < 2 ? NaN : 1 / (c! - 1)]);
    const r = await fitToBands([{ name: 'c', low: 0, high: 10, start: 9 }], [{ low: 0.5, high: 0.6 }], evaluate);
    expect(calls.flat().some(([c]) => c! < 2)).toBe(true); // it did try the failing region
    expect(r.stop).toBe('inside');
    expect(r.values.every(Number.isFinite)).toBe(true);
  });

  it('throws a clear error when the start itself fails, or the input is invalid', async () => {
    const nan = logged(() => [NaN]).evaluate;
    await expect(fitToBands(xy(1, 1), [{ low: 0, high: 1, name: 'wacht' }], nan)).rejects.toThrow(/no finite value for target 'wacht' at the start point \(x = 1, y = 1\)/);
    const ok = logged(linear).evaluate;
    await expect(fitToBands([{ name: 'x', low: 1, high: 1, start: 1 }], linearBands, ok)).rejects.toThrow(/parameter 'x' has range \[1, 1\]/);
    await expect(fitToBands(xy(11, 1), linearBands, ok)).rejects.toThrow(/'x' starts at 11, outside its range/);
    await expect(fitToBands(xy(1, 1), [{ low: 2, high: 1 }], ok)).rejects.toThrow(/band 0 is \[2, 1\]/);
    await expect(fitToBands(xy(1, 1), linearBands, ok, { step: 0 })).rejects.toThrow(/step 0/);
    await expect(fitToBands(xy(1, 1), linearBands, async () => [[1]])).rejects.toThrow(/evaluate returned 1 rows for 3 points/);
  });
});
