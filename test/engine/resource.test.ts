import { describe, expect, it } from 'vitest';
import { Environment, Interrupt, isPreempted, Resource, type Request } from '../../src/engine/index.js';
import { watchInvariants } from './support.js';

/** A customer that asks for the resource at `at`, holds it for `hold`, and logs what happened. */
function customer(env: Environment, res: Resource, log: string[], name: string, at: number, hold: number, priority = 0) {
  return env.process(
    (function* () {
      yield at;
      const req = res.request({ priority });
      yield req;
      log.push(`${name} start ${env.now}`);
      yield hold;
      res.release(req);
    })(),
    name,
  );
}

describe('Resource', () => {
  it('serves c at a time, first come first served', () => {
    const env = new Environment();
    watchInvariants(env);
    const res = new Resource(env, { capacity: 2 });
    const log: string[] = [];
    customer(env, res, log, 'a', 0, 10);
    customer(env, res, log, 'b', 0, 10);
    customer(env, res, log, 'c', 1, 10);
    customer(env, res, log, 'd', 2, 10);
    env.run();
    expect(log).toEqual(['a start 0', 'b start 0', 'c start 10', 'd start 10']);
    expect(res.busy.mean(env.now)).toBeCloseTo(40 / 20, 12);
    expect(res.waits.mean).toBeCloseTo((0 + 0 + 9 + 8) / 4, 12);
  });

  it('orders the queue by priority, FIFO within a priority', () => {
    const env = new Environment();
    watchInvariants(env);
    const res = new Resource(env, { capacity: 1 });
    const log: string[] = [];
    customer(env, res, log, 'first', 0, 5);
    customer(env, res, log, 'low1', 1, 1, 2);
    customer(env, res, log, 'high1', 2, 1, 1);
    customer(env, res, log, 'low2', 3, 1, 2);
    customer(env, res, log, 'high2', 4, 1, 1);
    env.run();
    expect(log).toEqual(['first start 0', 'high1 start 5', 'high2 start 6', 'low1 start 7', 'low2 start 8']);
  });

  it('preempts the worst-priority user; serve() resumes the remaining work', () => {
    const env = new Environment();
    const report = watchInvariants(env);
    const res = new Resource(env, { capacity: 1 });
    const done: Record<string, number> = {};
    env.process(
      (function* () {
        const n = yield* res.serve(10, { priority: 5 });
        done.low = env.now;
        expect(n).toBe(1);
      })(),
    );
    env.process(
      (function* () {
        yield 4;
        yield* res.serve(3, { priority: 0, preempt: true });
        done.high = env.now;
      })(),
    );
    env.run();
    // high runs 4..7; low did 4 of 10 units, resumes at 7 and finishes 6 later.
    expect(done).toEqual({ high: 7, low: 13 });
    expect(report().preemptions).toBe(1);
  });

  it('preemptive restart starts the work over', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    let lowDone = NaN;
    env.process(
      (function* () {
        yield* res.serve(10, { priority: 5, onPreempt: 'restart' });
        lowDone = env.now;
      })(),
    );
    env.process(
      (function* () {
        yield 4;
        yield* res.serve(3, { priority: 0, preempt: true });
      })(),
    );
    env.run();
    expect(lowDone).toBe(17);
  });

  it('does not preempt an equal or better priority', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    const log: string[] = [];
    env.process(
      (function* () {
        yield* res.serve(5, { priority: 1 });
        log.push(`a ${env.now}`);
      })(),
    );
    env.process(
      (function* () {
        yield 1;
        yield* res.serve(1, { priority: 1, preempt: true });
        log.push(`b ${env.now}`);
      })(),
    );
    env.run();
    expect(log).toEqual(['a 5', 'b 6']);
  });

  it('the preempted process sees who preempted it and since when it was served', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    let info = '';
    env.process(
      (function* () {
        const req = res.request({ priority: 3 });
        yield req;
        try {
          yield 100;
        } catch (e) {
          if (!isPreempted(e)) throw e;
          info = `since ${e.cause.usageSince} by #${e.cause.by!.id} at ${env.now}; status ${req.status}`;
        }
      })(),
    );
    env.process(
      (function* () {
        yield 2;
        const req = res.request({ priority: 0, preempt: true });
        yield req;
        yield 1;
        res.release(req);
      })(),
    );
    env.run();
    expect(info).toBe('since 0 by #1 at 2; status preempted');
  });

  it('reneging: a request raced against a timeout is withdrawn when patience runs out', () => {
    const env = new Environment();
    watchInvariants(env);
    const res = new Resource(env, { capacity: 1 });
    const log: string[] = [];
    customer(env, res, log, 'long', 0, 10);
    for (const [name, patience] of [
      ['patient', 20],
      ['impatient', 3],
    ] as const) {
      env.process(
        (function* () {
          yield 1;
          const req = res.request();
          yield env.anyOf([req, env.timeout(patience)]);
          if (!req.granted) {
            res.withdraw(req);
            log.push(`${name} reneged ${env.now}`);
            return;
          }
          log.push(`${name} start ${env.now}`);
          yield 1;
          res.release(req);
        })(),
      );
    }
    env.run();
    expect(log).toEqual(['long start 0', 'impatient reneged 4', 'patient start 10']);
    expect(res.counts.withdrawn).toBe(1);
    expect(res.queued).toBe(0);
  });

  it('balking: with a queue limit, a request that would wait beyond it is refused', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1, queueLimit: 1 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      env.process(
        (function* () {
          const req = res.request();
          outcomes.push(req.balked);
          if (req.balked) return;
          yield req;
          yield 5;
          res.release(req);
        })(),
      );
    }
    env.run();
    expect(outcomes).toEqual([false, false, true]);
    expect(res.counts.balked).toBe(1);
  });

  it('balking by a custom rule sees the queue length', () => {
    const env = new Environment();
    const seen: number[] = [];
    const res = new Resource(env, {
      capacity: 1,
      balk: (q) => {
        seen.push(q);
        return q >= 2;
      },
    });
    const reqs: Request[] = [];
    env.process(
      (function* () {
        for (let i = 0; i < 4; i++) reqs.push(res.request());
        yield 0;
      })(),
    );
    env.run();
    expect(seen).toEqual([0, 1, 2]);
    expect(reqs.map((r) => r.status)).toEqual(['granted', 'queued', 'queued', 'balked']);
  });

  it('capacity calendar: work in service finishes when capacity drops (rule finish)', () => {
    const env = new Environment();
    watchInvariants(env);
    const res = new Resource(env, { capacity: 2 });
    // Two servers on weekdays [0,5), none in the weekend [5,7), repeating every 7.
    res.followSchedule({ times: [0, 5], capacities: [2, 0], cycle: 7 });
    const log: string[] = [];
    customer(env, res, log, 'a', 0, 6); // runs into the weekend and finishes there
    customer(env, res, log, 'b', 4, 2);
    customer(env, res, log, 'c', 4.5, 1); // has to wait for Monday
    env.run({ until: 20 });
    expect(log).toEqual(['a start 0', 'b start 4', 'c start 7']);
    expect(res.capacity).toBe(0); // day 19 is in the weekend of week 3
  });

  it('capacity drop with rule preempt interrupts the most recent users', () => {
    const env = new Environment();
    const report = watchInvariants(env);
    const res = new Resource(env, { capacity: 2, capacityDrop: 'preempt' });
    const finished: Record<string, number> = {};
    for (const [name, at] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      env.process(
        (function* () {
          yield at;
          yield* res.serve(10);
          finished[name] = env.now;
        })(),
      );
    }
    env.schedule(3, () => res.setCapacity(1));
    env.schedule(20, () => res.setCapacity(2));
    env.run();
    // b (granted last) is preempted at 3 after 2 units; it resumes when a finishes at 10: 8 more.
    expect(finished).toEqual({ a: 10, b: 18 });
    expect(report().preemptions).toBe(1);
  });

  it('a capacity increase grants waiting requests at once', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    const log: string[] = [];
    customer(env, res, log, 'a', 0, 10);
    customer(env, res, log, 'b', 0, 10);
    env.schedule(2, () => res.setCapacity(2));
    env.run();
    expect(log).toEqual(['a start 0', 'b start 2']);
  });

  it('names misuse: capacity below 1, releasing twice, releasing a queued request', () => {
    const env = new Environment();
    expect(() => new Resource(env, { capacity: 0, name: 'wijkteam' })).toThrow(
      "Resource 'wijkteam': capacity must be an integer >= 1, got 0",
    );
    expect(() => new Resource(env, { capacity: 1.5 })).toThrow(/integer >= 1, got 1.5/);
    const res = new Resource(env, { capacity: 1, name: 'mdo' });
    const r1 = res.request();
    const r2 = res.request();
    expect(() => res.release(r2)).toThrow(/not granted \(status 'queued'\)/);
    res.release(r1);
    expect(() => res.release(r1)).toThrow(/released twice/);
    expect(() => res.withdraw(r2)).toThrow(/'granted', not queued/);
    expect(() => res.setCapacity(-1)).toThrow(/integer >= 0, got -1/);
  });

  it('an interrupt that is not a preemption propagates out of serve()', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    let caught: unknown;
    const p = env.process(
      (function* () {
        try {
          yield* res.serve(10);
        } catch (e) {
          caught = e;
        }
      })(),
    );
    env.schedule(1, () => p.interrupt('crisis'));
    env.run();
    expect(caught).toBeInstanceOf(Interrupt);
    expect(res.inUse).toBe(0); // serve() gave the server back
    expect(res.counts.grants).toBe(1);
  });

  it('a preempting request does not take a server of a closed or draining resource', () => {
    const env = new Environment();
    watchInvariants(env);
    const desk = new Resource(env, { capacity: 1 });
    const log: string[] = [];
    env.process(
      (function* () {
        yield* desk.serve(10, { priority: 5 });
        log.push(`routine ${env.now}`);
      })(),
    );
    env.schedule(1, () => desk.setCapacity(0));
    env.process(
      (function* () {
        yield 2;
        yield* desk.serve(1, { priority: 0, preempt: true });
        log.push(`crisis ${env.now}`);
      })(),
    );
    env.schedule(20, () => desk.setCapacity(1));
    env.run();
    expect(log).toEqual(['routine 10', 'crisis 21']);
    expect(desk.counts.preempted).toBe(0);
  });

  it('serve() re-queues a preempted job even when the queue is at its limit', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1, queueLimit: 1 });
    const done: Record<string, number> = {};
    const job = (name: string, at: number, dur: number, priority: number, preempt: boolean) =>
      env.process(
        (function* () {
          yield at;
          yield* res.serve(dur, { priority, preempt });
          done[name] = env.now;
        })(),
      );
    job('routine', 0, 10, 5, false);
    job('waiting', 1, 1, 5, false);
    job('crisis', 2, 3, 0, true);
    env.run();
    // The routine job resumes before the one that waited (it keeps its seniority).
    expect(done).toEqual({ crisis: 5, routine: 13, waiting: 14 });
    expect(res.counts.balked).toBe(0);
  });

  it('withdrawn requests behind higher priorities do not pile up', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    const heapSize = () => (res as unknown as { queue: { size: number } }).queue.size;
    res.request({ owner: null }); // holds the server
    res.request({ priority: 0, owner: null }); // waits at the front, so the queue never empties
    for (let i = 0; i < 5000; i++) res.withdraw(res.request({ priority: 1, owner: null })); // reneging behind it
    expect(res.queued).toBe(1);
    expect(heapSize()).toBeLessThan(200);
  });

  it('a capacity calendar started mid-cycle applies the capacity in force at once', () => {
    const env = new Environment({ start: 6 });
    const desk = new Resource(env, { capacity: 1 });
    desk.followSchedule({ times: [0, 5], capacities: [1, 0], cycle: 7 });
    expect(desk.capacity).toBe(0); // day 6 is in the weekend
    let startedAt = NaN;
    env.process(
      (function* () {
        const req = desk.request();
        yield req;
        startedAt = env.now;
        desk.release(req);
      })(),
    );
    env.run({ until: 10 });
    expect(startedAt).toBe(7);
  });

  it('capacityLevel follows a calendar: the time-weighted capacity over whole cycles is the calendar mean', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 4 });
    // 4 servers, 3 in weeks 6-8 of a 12-week cycle: mean (4 * 10 + 3 * 2) / 12.
    res.followSchedule({ times: [0, 6, 8], capacities: [4, 3, 4], cycle: 12 });
    env.run({ until: 24 });
    expect(res.capacityLevel.mean(24)).toBeCloseTo((4 * 10 + 3 * 2) / 12, 12);
    res.resetStats();
    env.run({ until: 30 });
    expect(res.capacityLevel.mean(30)).toBeCloseTo((4 * 6) / 6, 12);
  });

  it('a request made on the callback layer has no owner to interrupt', () => {
    const env = new Environment();
    const res = new Resource(env, { capacity: 1 });
    let arrivalsAlive = true;
    env.process(
      (function* () {
        const r = res.request({ owner: null }); // made inside a process, but not for it
        expect(r.owner).toBeNull();
        yield 5;
        arrivalsAlive = true;
      })(),
    );
    env.run();
    expect(arrivalsAlive).toBe(true);
  });
});