/**
 * Confidence intervals over replications (Student t). Used by experiments, by calibration
 * and by the statistical tests, so the tests judge the engine by the same rule analysts use.
 */

/** Two-sided Student-t quantile t_{1-alpha/2, df}, e.g. tQuantile(0.95, 19) = 2.093. */
export function tQuantile(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`tQuantile: confidence must be in (0, 1), got ${confidence}`);
  if (!(df >= 1)) throw new RangeError(`tQuantile: degrees of freedom must be >= 1, got ${df}`);
  // The same few quantiles are asked for every KPI of every scenario: computed once each.
  const key = `${confidence}:${df}`;
  let q = quantiles.get(key);
  if (q === undefined) {
    q = bisectT(confidence, df);
    if (quantiles.size > 1000) quantiles.clear();
    quantiles.set(key, q);
  }
  return q;
}

const quantiles = new Map<string, number>();

function bisectT(confidence: number, df: number): number {
  const p = 1 - (1 - confidence) / 2;
  // Bisection on the t CDF (regularised incomplete beta); exact to ~1e-10, cheap enough here.
  let lo = 0;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** CDF of Student's t with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes 6.4). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnBeta = logGamma(a + b) - logGamma(a) - logGamma(b);
  const front = Math.exp(Math.log(x) * a + Math.log(1 - x) * b + lnBeta);
  if (x < (a + 1) / (a + b + 2)) return (front * betaCf(x, a, b)) / a;
  return 1 - (front * betaCf(1 - x, b, a)) / b;
}

function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** Lanczos approximation of ln Γ(x), x > 0. */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

export interface Summary {
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  n: number;
}

/** Mean, sample sd and the Student-t confidence interval of replication values. */
export function summarise(values: readonly number[], confidence = 0.95): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, ciLow: NaN, ciHigh: NaN, n: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i]! - mean) / (i + 1);
  if (n === 1) return { mean, sd: NaN, ciLow: NaN, ciHigh: NaN, n };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = (tQuantile(confidence, n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, ciLow: mean - half, ciHigh: mean + half, n };
}
