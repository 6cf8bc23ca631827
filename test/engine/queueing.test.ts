/**
 * The engine against queueing theory, over replications, with confidence intervals.
 * Each check runs R independent replications (fixed seeds, so the test is deterministic),
 * deletes a warm-up, and asserts that the theoretical value lies inside the 99.9% Student-t
 * confidence interval of the replication means. Invariants are watched in every run, and
 * every customer must be accounted for after draining.
 */
import { describe, expect, it } from 'vitest';
import { exponentialService, deterministicService, runQueue, type QueueResult, type QueueSpec } from '../../src/experiment/queues.js';
import {
  mg1Wq,
  mm1AbandonShare,
  mmc,
  mmcKBlocking,
  priorityNonPreemptiveWq,
  priorityPreemptiveW,
} from '../../src/experiment/theory.js';
import { expectInCI, replicate, watchInvariants } from './support.js';

const R = 20;
const SEED = 20260101;

function runReps(spec: QueueSpec): QueueResult[] {
  const out: QueueResult[] = [];
  for (let r = 0; r < R; r++) {
    let report: ReturnType<typeof watchInvariants> | null = null;
    const res = runQueue({ ...spec, onEnv: (env) => (report = watchInvariants(env)) }, SEED, r);
    // Everyone is accounted for.
    expect(res.finished).toBe(res.started);
    expect(res.served + res.blocked + res.reneged).toBe(res.arrived);
    expect(res.leftInService).toBe(0);
    expect(res.leftQueued).toBe(0);
    const rep = report!() as { grants: number; releases: number; preemptions: number; steps: number };
    expect(rep.grants).toBe(rep.releases + rep.preemptions);
    expect(rep.steps).toBeGreaterThan(0);
    out.push(res);
  }
  return out;
}

const stat = (rs: QueueResult[], f: (r: QueueResult) => number) => replicate(rs.length, (i) => f(rs[i]!));
const expService = exponentialService;

describe('engine vs queueing theory (20 replications, 99.9% CIs)', () => {
  for (const rho of [0.5, 0.9]) {
    it(`M/M/1 at rho = ${rho}: Wq, W, Lq, utilisation and Little's law`, () => {
      const mu = 1;
      const lambda = rho * mu;
      const rs = runReps({ c: 1, lambda, service: expService(1 / mu), warmup: 2000, horizon: rho < 0.8 ? 20000 : 40000 });
      // Closed forms for M/M/1, independent of theory.ts.
      expectInCI(stat(rs, (r) => r.wq[0]!), rho / (mu - lambda), 'Wq');
      expectInCI(stat(rs, (r) => r.w[0]!), 1 / (mu - lambda), 'W');
      expectInCI(stat(rs, (r) => r.lq), (rho * rho) / (1 - rho), 'Lq');
      expectInCI(stat(rs, (r) => r.utilisation), rho, 'utilisation');
      // Little's law L = lambda W, on the sample path of each replication.
      for (const r of rs) expect(Math.abs(r.l - r.lambdaObs * r.w[0]!) / r.l).toBeLessThan(0.02);
    });
  }

  for (const [c, rho] of [
    [3, 0.7],
    [5, 0.9],
  ] as const) {
    it(`M/M/${c} at rho = ${rho} (Erlang C): Wq, W, Lq, utilisation`, () => {
      const mu = 0.5;
      const lambda = rho * c * mu;
      const th = mmc(c, lambda, mu);
      const rs = runReps({ c, lambda, service: expService(1 / mu), warmup: 2000, horizon: 20000 });
      expectInCI(stat(rs, (r) => r.wq[0]!), th.wq, 'Wq');
      expectInCI(stat(rs, (r) => r.w[0]!), th.w, 'W');
      expectInCI(stat(rs, (r) => r.lq), th.lq, 'Lq');
      expectInCI(stat(rs, (r) => r.utilisation), th.utilisation, 'utilisation');
    });
  }

  it('M/M/2/5 blocking probability (balking at a full waiting room)', () => {
    const c = 2, K = 5, lambda = 1.8, mu = 1;
    const pBlock = mmcKBlocking(c, K, lambda, mu);
    const rs = runReps({ c, lambda, service: expService(1 / mu), warmup: 500, horizon: 10000, queueLimit: K - c });
    expectInCI(stat(rs, (r) => r.blocked / r.arrived), pBlock, 'P(block)');
  });

  it('M/D/1 at rho = 0.8 (Pollaczek-Khinchine)', () => {
    const rho = 0.8, mu = 1;
    const rs = runReps({ c: 1, lambda: rho, service: deterministicService(1 / mu), warmup: 1000, horizon: 30000 });
    expectInCI(stat(rs, (r) => r.wq[0]!), mg1Wq(rho, 1 / mu, 1 / (mu * mu)), 'Wq');
    expectInCI(stat(rs, (r) => r.lq), (rho * rho) / (2 * (1 - rho)), 'Lq');
  });

  it('M/M/1 with two non-preemptive priority classes (Cobham)', () => {
    const mu = 1, lambda = 0.85, share = 0.4;
    const [wq1, wq2] = priorityNonPreemptiveWq([lambda * share, lambda * (1 - share)], [1 / mu, 1 / mu], [2 / mu ** 2, 2 / mu ** 2]);
    const rs = runReps({ c: 1, lambda, service: expService(1 / mu), warmup: 2000, horizon: 30000, classShare: share });
    expectInCI(stat(rs, (r) => r.wq[0]!), wq1!, 'Wq class 1');
    expectInCI(stat(rs, (r) => r.wq[1]!), wq2!, 'Wq class 2');
  });

  it('M/M/1 with two preemptive-resume priority classes', () => {
    const mu = 1, lambda = 0.8, share = 0.5;
    const [w1, w2] = priorityPreemptiveW([lambda * share, lambda * (1 - share)], [1 / mu, 1 / mu], [2 / mu ** 2, 2 / mu ** 2]);
    // Class 1 does not see class 2 at all: it is an M/M/1 on its own.
    expect(w1).toBeCloseTo(1 / (mu - lambda * share), 12);
    const rs = runReps({ c: 1, lambda, service: expService(1 / mu), warmup: 2000, horizon: 30000, classShare: share, preemptive: true });
    expectInCI(stat(rs, (r) => r.w[0]!), w1!, 'W class 1');
    expectInCI(stat(rs, (r) => r.w[1]!), w2!, 'W class 2');
  });

  it('M/M/1+M (exponential patience): share reneged', () => {
    const lambda = 1.2, mu = 1, theta = 0.5; // overloaded without reneging; stable with it
    const rs = runReps({ c: 1, lambda, service: expService(1 / mu), warmup: 500, horizon: 10000, patienceMean: 1 / theta });
    expectInCI(stat(rs, (r) => r.reneged / r.arrived), mm1AbandonShare(lambda, mu, theta), 'P(renege)');
  });
});

describe('theory formulas (textbook values)', () => {
  it('Erlang C and friends match hand-computed cases', () => {
    // M/M/2 with a = 1: C = (1/2 * 1/(1-1/2)) / (1 + 1 + 1) = 1/3.
    expect(mmc(2, 1, 1).wq).toBeCloseTo(1 / 3 / (2 - 1), 12);
    // M/M/1 via Erlang C equals rho/(mu - lambda).
    expect(mmc(1, 0.6, 1).wq).toBeCloseTo(0.6 / 0.4, 12);
    // M/M/1/1 (Erlang B with one line): a / (1 + a).
    expect(mmcKBlocking(1, 1, 2, 1)).toBeCloseTo(2 / 3, 12);
    // M/M/1 as M/G/1 with E[S^2] = 2/mu^2.
    expect(mg1Wq(0.5, 1, 2)).toBeCloseTo(1, 12);
    // One class: Cobham reduces to Pollaczek-Khinchine; preemptive reduces to M/M/1 W.
    expect(priorityNonPreemptiveWq([0.5], [1], [2])[0]).toBeCloseTo(1, 12);
    expect(priorityPreemptiveW([0.5], [1], [2])[0]).toBeCloseTo(2, 12);
    // Very impatient customers all leave unless the server is idle: share -> P(server busy).
    expect(mm1AbandonShare(1, 1, 1e6)).toBeCloseTo(0.5, 3);
  });
});
