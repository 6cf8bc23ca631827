/**
 * Textbook queueing results used to validate the engine (tests and `ketensim selfcheck`).
 * Rates are per time unit; mu is the service rate per server.
 */

/** Erlang C: probability that an arrival has to wait in M/M/c, with offered load a = lambda/mu < c. */
export function erlangC(c: number, a: number): number {
  if (!(a > 0 && a < c)) throw new RangeError(`erlangC: offered load must be in (0, c = ${c}), got ${a}`);
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (1 / (1 - a / c));
  return top / (sum + top);
}

export interface MMcResult {
  wq: number;
  w: number;
  lq: number;
  l: number;
  utilisation: number;
}

/** M/M/c steady state (Erlang C). */
export function mmc(c: number, lambda: number, mu: number): MMcResult {
  const a = lambda / mu;
  const wq = erlangC(c, a) / (c * mu - lambda);
  return { wq, w: wq + 1 / mu, lq: lambda * wq, l: lambda * (wq + 1 / mu), utilisation: a / c };
}

/** M/M/c/K: probability that an arrival finds the system full (K places in all, c of them servers). */
export function mmcKBlocking(c: number, K: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  let p = 1;
  let total = 1;
  for (let n = 1; n <= K; n++) {
    p *= a / Math.min(n, c);
    total += p;
  }
  return p / total;
}

/** M/G/1 (Pollaczek-Khinchine) mean wait in queue, from the first two moments of service. */
export function mg1Wq(lambda: number, meanS: number, secondMomentS: number): number {
  const rho = lambda * meanS;
  if (!(rho < 1)) throw new RangeError(`mg1Wq: rho must be < 1, got ${rho}`);
  return (lambda * secondMomentS) / (2 * (1 - rho));
}

/**
 * M/G/1 with non-preemptive priority classes (Cobham): mean wait in queue per class, class 0
 * first. `lambdas[i]`, `meanS[i]`, `secondS[i]` per class.
 */
export function priorityNonPreemptiveWq(lambdas: number[], meanS: number[], secondS: number[]): number[] {
  const w0 = lambdas.reduce((s, l, i) => s + (l * secondS[i]!) / 2, 0);
  let sigma = 0;
  return lambdas.map((l, i) => {
    const before = sigma;
    sigma += l * meanS[i]!;
    return w0 / ((1 - before) * (1 - sigma));
  });
}

/**
 * M/G/1 with preemptive-resume priority classes: mean time in system per class, class 0 first.
 * T_k = E[S_k] / (1 - sigma_{k-1}) + R_k / ((1 - sigma_{k-1})(1 - sigma_k)), R_k = sum_{i<=k} lambda_i E[S_i^2] / 2.
 */
export function priorityPreemptiveW(lambdas: number[], meanS: number[], secondS: number[]): number[] {
  let sigma = 0;
  let r = 0;
  return lambdas.map((l, i) => {
    const before = sigma;
    sigma += l * meanS[i]!;
    r += (l * secondS[i]!) / 2;
    return meanS[i]! / (1 - before) + r / ((1 - before) * (1 - sigma));
  });
}

/**
 * M/M/1+M (exponential patience with rate theta, waiting customers only): the share of
 * arrivals that abandon, from the birth-death chain with death rate mu + (n - 1) theta.
 */
export function mm1AbandonShare(lambda: number, mu: number, theta: number, states = 2000): number {
  if (!(theta > 0)) throw new RangeError(`mm1AbandonShare: theta must be > 0, got ${theta}`);
  let p = 1;
  let total = 1;
  let abandon = 0;
  for (let n = 1; n < states; n++) {
    p *= lambda / (mu + (n - 1) * theta);
    total += p;
    abandon += p * (n - 1) * theta;
    if (p < 1e-300) break;
  }
  return abandon / total / lambda;
}
