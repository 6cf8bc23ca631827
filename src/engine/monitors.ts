/**
 * Monitors: aggregate statistics collected during a run, resettable at the end of a warm-up.
 *
 * - Tally: observations (e.g. waiting times): count, mean, variance (Welford), min, max,
 *   and quantiles. Quantiles are streaming P² estimates (Jain & Chlamtac 1985) for the
 *   probabilities asked for, so nothing is stored per observation; with `keep: true` the
 *   values are kept and quantiles are exact.
 * - TimeWeighted: a level over time (queue length, busy servers, caseload): time-weighted
 *   mean and variance, min, max, and the current level.
 */

export interface TallyOptions {
  /** Probabilities (0 < p < 1) to estimate quantiles for, e.g. [0.5, 0.9]. */
  quantiles?: readonly number[];
  /** Keep every value (exact quantiles; memory grows with the number of observations). */
  keep?: boolean;
}

export interface TallySummary {
  count: number;
  mean: number;
  variance: number;
  sd: number;
  min: number;
  max: number;
  quantiles: Record<string, number>;
}

export class Tally {
  private n = 0;
  private m = 0;
  private s2 = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly probs: readonly number[];
  private p2: P2Quantile[];
  private values: number[] | null;

  constructor(readonly name = 'tally', options: TallyOptions = {}) {
    this.probs = options.quantiles ?? [];
    for (const p of this.probs) {
      if (!(p > 0 && p < 1)) throw new RangeError(`Tally '${name}': quantile probabilities must be in (0, 1), got ${p}`);
    }
    this.values = options.keep ? [] : null;
    this.p2 = this.values === null ? this.probs.map((p) => new P2Quantile(p)) : [];
  }

  record(x: number): void {
    if (Number.isNaN(x)) throw new RangeError(`Tally '${this.name}': cannot record NaN`);
    const n = ++this.n;
    const d = x - this.m;
    this.m += d / n;
    this.s2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (this.values !== null) this.values.push(x);
    else for (let i = 0; i < this.p2.length; i++) this.p2[i]!.add(x);
  }

  /** Forget everything recorded so far (end of warm-up). */
  reset(): void {
    this.n = 0;
    this.m = 0;
    this.s2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    if (this.values !== null) this.values = [];
    this.p2 = this.values === null ? this.probs.map((p) => new P2Quantile(p)) : [];
  }

  get count(): number {
    return this.n;
  }
  get mean(): number {
    return this.n > 0 ? this.m : NaN;
  }
  /** Sample variance (n - 1 in the denominator). */
  get variance(): number {
    return this.n > 1 ? this.s2 / (this.n - 1) : NaN;
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get min(): number {
    return this.n > 0 ? this.lo : NaN;
  }
  get max(): number {
    return this.n > 0 ? this.hi : NaN;
  }

  /** The p-quantile. Exact with `keep`; otherwise only for the probabilities given up front. */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    if (this.values !== null) return exactQuantile(this.values, p);
    const i = this.probs.indexOf(p);
    if (i < 0) {
      throw new RangeError(
        `Tally '${this.name}': quantile ${p} was not requested; construct with quantiles: [${[...this.probs, p].join(', ')}] or keep: true`,
      );
    }
    return this.p2[i]!.value();
  }

  summary(): TallySummary {
    const quantiles: Record<string, number> = {};
    for (const p of this.probs) quantiles[`p${Math.round(p * 100)}`] = this.quantile(p);
    return { count: this.n, mean: this.mean, variance: this.variance, sd: this.sd, min: this.min, max: this.max, quantiles };
  }
}

/** Linear interpolation between order statistics (type 7, as R and numpy default). */
export function exactQuantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The P² algorithm: five markers track a quantile without storing observations. */
export class P2Quantile {
  private readonly q = new Float64Array(5); // marker heights
  private readonly pos = new Float64Array(5); // actual positions (1-based)
  private readonly want = new Float64Array(5); // desired positions
  private readonly dwant: Float64Array;
  private n = 0;

  constructor(readonly p: number) {
    this.dwant = Float64Array.from([0, p / 2, p, (1 + p) / 2, 1]);
  }

  add(x: number): void {
    const q = this.q, pos = this.pos;
    if (this.n < 5) {
      q[this.n++] = x;
      if (this.n === 5) {
        q.sort();
        for (let i = 0; i < 5; i++) pos[i] = i + 1;
        const p = this.p;
        this.want.set([1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5]);
      }
      return;
    }
    this.n++;
    let k: number;
    if (x < q[0]!) {
      q[0] = x;
      k = 0;
    } else if (x >= q[4]!) {
      if (x > q[4]!) q[4] = x;
      k = 3;
    } else {
      k = 0;
      while (k < 3 && x >= q[k + 1]!) k++;
    }
    for (let i = k + 1; i < 5; i++) pos[i] = pos[i]! + 1;
    for (let i = 0; i < 5; i++) this.want[i] = this.want[i]! + this.dwant[i]!;
    for (let i = 1; i <= 3; i++) {
      const d = this.want[i]! - pos[i]!;
      if ((d >= 1 && pos[i + 1]! - pos[i]! > 1) || (d <= -1 && pos[i - 1]! - pos[i]! < -1)) {
        const s = d > 0 ? 1 : -1;
        const qp = this.parabolic(i, s);
        q[i] = q[i - 1]! < qp && qp < q[i + 1]! ? qp : this.linear(i, s);
        pos[i] = pos[i]! + s;
      }
    }
  }

  private parabolic(i: number, s: number): number {
    const q = this.q, n = this.pos;
    return (
      q[i]! +
      (s / (n[i + 1]! - n[i - 1]!)) *
        ((n[i]! - n[i - 1]! + s) * ((q[i + 1]! - q[i]!) / (n[i + 1]! - n[i]!)) +
          (n[i + 1]! - n[i]! - s) * ((q[i]! - q[i - 1]!) / (n[i]! - n[i - 1]!)))
    );
  }

  private linear(i: number, s: number): number {
    const q = this.q, n = this.pos;
    return q[i]! + (s * (q[i + s]! - q[i]!)) / (n[i + s]! - n[i]!);
  }

  value(): number {
    if (this.n === 0) return NaN;
    if (this.n <= 5) return exactQuantile(Array.from(this.q.subarray(0, this.n)), this.p);
    return this.q[2]!;
  }
}

/** A level over time. Call `update(now, level)` whenever the level changes. */
export class TimeWeighted {
  private level: number;
  private lastT: number;
  private startT: number;
  private area = 0;
  private area2 = 0;
  private lo: number;
  private hi: number;

  constructor(readonly name = 'level', now = 0, level = 0) {
    this.level = level;
    this.lastT = now;
    this.startT = now;
    this.lo = level;
    this.hi = level;
  }

  update(now: number, level: number): void {
    if (now < this.lastT) throw new RangeError(`TimeWeighted '${this.name}': time went back from ${this.lastT} to ${now}`);
    if (Number.isNaN(level)) throw new RangeError(`TimeWeighted '${this.name}': level is NaN`);
    const dt = now - this.lastT;
    this.area += this.level * dt;
    this.area2 += this.level * this.level * dt;
    this.lastT = now;
    this.level = level;
    if (level < this.lo) this.lo = level;
    if (level > this.hi) this.hi = level;
  }

  /** Add `delta` to the level. */
  add(now: number, delta: number): void {
    this.update(now, this.level + delta);
  }

  /** Start a new observation window at `now`, keeping the current level (end of warm-up). */
  reset(now: number): void {
    this.update(now, this.level);
    this.area = 0;
    this.area2 = 0;
    this.startT = now;
    this.lo = this.level;
    this.hi = this.level;
  }

  get current(): number {
    return this.level;
  }
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }
  /** Length of the observation window up to `now`. */
  duration(now: number): number {
    return now - this.startT;
  }

  /** Time-weighted mean over [start, now]. */
  mean(now: number): number {
    const T = now - this.startT;
    if (T <= 0) return this.level;
    return (this.area + this.level * (now - this.lastT)) / T;
  }

  /** Time-weighted variance over [start, now]. */
  variance(now: number): number {
    const T = now - this.startT;
    if (T <= 0) return 0;
    const m = this.mean(now);
    const a2 = this.area2 + this.level * this.level * (now - this.lastT);
    return Math.max(0, a2 / T - m * m);
  }
}
