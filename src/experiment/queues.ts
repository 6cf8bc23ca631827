/**
 * Reference queueing models on the engine: an M/G/c(/K)(+M) queue with up to two priority
 * classes, optional preemptive-resume service, run over a warm-up and a horizon. Used by the
 * validation tests and by `ketensim selfcheck`, and judged against `theory.ts`.
 */
import { Environment, Resource, TimeWeighted } from '../engine/index.js';
import { exponential, Streams, type Stream } from '../random/index.js';

export interface QueueSpec {
  /** Servers. */
  c: number;
  /** Arrival rate per time unit (Poisson). */
  lambda: number;
  /** Service time sampler, given the service stream and the class (0 or 1). */
  service: (u: Stream, cls: number) => number;
  warmup: number;
  horizon: number;
  /** Balk when this many wait already (M/M/c/K with K = c + queueLimit). */
  queueLimit?: number;
  /** Mean of exponential patience while waiting (M/M/c+M). */
  patienceMean?: number;
  /** Share of arrivals in class 0, which has priority over class 1. */
  classShare?: number;
  /** Class 0 preempts class 1 (preemptive-resume). */
  preemptive?: boolean;
  /** Called with the environment before the run (tests attach invariant observers here). */
  onEnv?: (env: Environment) => void;
}

export interface QueueResult {
  /** Mean wait in queue per class, customers arriving after the warm-up. */
  wq: number[];
  /** Mean time in system per class. */
  w: number[];
  /** Time-average number waiting over the horizon. */
  lq: number;
  /** Time-average number in system over the horizon. */
  l: number;
  /** Busy servers / c, time average over the horizon. */
  utilisation: number;
  arrived: number;
  blocked: number;
  reneged: number;
  served: number;
  /** Observed arrival rate over the horizon. */
  lambdaObs: number;
  /** Customers that started, and that finished (after draining): equal when nobody is lost. */
  started: number;
  finished: number;
  /** Left in the resource after draining (must be 0). */
  leftInService: number;
  leftQueued: number;
}

export function runQueue(spec: QueueSpec, seed: number | string, replication: number): QueueResult {
  const streams = new Streams({ seed, replication });
  const arr = streams.stream('arrivals');
  const svc = streams.stream('service');
  const pat = streams.stream('patience');
  const cls = streams.stream('class');
  const env = new Environment();
  spec.onEnv?.(env);
  const res = new Resource(env, { capacity: spec.c, ...(spec.queueLimit !== undefined ? { queueLimit: spec.queueLimit } : {}) });
  const inSystem = new TimeWeighted('in system', 0, 0);
  const sumWq = [0, 0];
  const sumW = [0, 0];
  const count = [0, 0];
  let arrived = 0, blocked = 0, reneged = 0, served = 0, started = 0, finished = 0;
  const end = spec.warmup + spec.horizon;

  function* customer(k: number, observed: boolean) {
    const t0 = env.now;
    started++;
    const s = spec.service(svc, k);
    if (spec.preemptive) {
      inSystem.add(env.now, 1);
      yield* res.serve(s, { priority: k, preempt: true });
      if (observed) sumWq[k]! += env.now - t0 - s;
    } else {
      const req = res.request({ priority: k });
      if (req.balked) {
        if (observed) blocked++;
        finished++;
        return;
      }
      inSystem.add(env.now, 1);
      if (spec.patienceMean !== undefined) {
        yield env.anyOf([req, env.timeout(exponential(pat, spec.patienceMean))]);
        if (!req.granted) {
          res.withdraw(req);
          inSystem.add(env.now, -1);
          if (observed) reneged++;
          finished++;
          return;
        }
      } else {
        yield req;
      }
      if (observed) sumWq[k]! += env.now - t0;
      yield s;
      res.release(req);
    }
    inSystem.add(env.now, -1);
    finished++;
    if (observed) {
      sumW[k]! += env.now - t0;
      count[k]!++;
      served++;
    }
  }

  env.process(
    (function* () {
      for (;;) {
        yield exponential(arr, 1 / spec.lambda);
        if (env.now >= end) return;
        const k = spec.classShare === undefined ? 0 : cls.uniform01() < spec.classShare ? 0 : 1;
        const observed = env.now >= spec.warmup;
        if (observed) arrived++;
        env.process(customer(k, observed));
      }
    })(),
  );
  env.run({ until: spec.warmup });
  res.resetStats();
  inSystem.reset(env.now);
  env.run({ until: end });
  const lq = res.queueLength.mean(env.now);
  const l = inSystem.mean(env.now);
  const utilisation = res.busy.mean(env.now) / spec.c;
  env.run(); // drain: every observed customer finishes
  return {
    wq: sumWq.map((x, i) => x / count[i]!),
    w: sumW.map((x, i) => x / count[i]!),
    lq,
    l,
    utilisation,
    arrived,
    blocked,
    reneged,
    served,
    lambdaObs: arrived / spec.horizon,
    started,
    finished,
    leftInService: res.inUse,
    leftQueued: res.queued,
  };
}

/** Service samplers for the common cases. */
export const exponentialService = (mean: number) => (u: Stream) => exponential(u, mean);
export const deterministicService = (value: number) => () => value;
