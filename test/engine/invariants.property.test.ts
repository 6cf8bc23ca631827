/**
 * Property-based tests: fast-check builds random small models (servers, priorities,
 * preemption, reneging, balking, capacity calendars) and every run must keep the engine's
 * invariants and account for every customer.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Environment, Resource } from '../../src/engine/index.js';
import { watchInvariants } from './support.js';

const customerArb = fc.record({
  at: fc.double({ min: 0, max: 50, noNaN: true }),
  service: fc.double({ min: 0, max: 10, noNaN: true }),
  priority: fc.integer({ min: 0, max: 2 }),
  preempt: fc.boolean(),
  patience: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: undefined }),
});

const modelArb = fc.record({
  capacity: fc.integer({ min: 1, max: 3 }),
  queueLimit: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  capacityDrop: fc.constantFrom('finish' as const, 'preempt' as const),
  schedule: fc.option(
    fc.record({ low: fc.integer({ min: 0, max: 1 }), high: fc.integer({ min: 1, max: 3 }), switchAt: fc.integer({ min: 1, max: 9 }) }),
    { nil: undefined },
  ),
  customers: fc.array(customerArb, { minLength: 1, maxLength: 40 }),
});

describe('engine invariants on random models (property)', () => {
  it('clock monotone, grants once, occupancy bounded, everyone accounted for', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const env = new Environment();
        const report = watchInvariants(env);
        const res = new Resource(env, {
          capacity: m.capacity,
          capacityDrop: m.capacityDrop,
          ...(m.queueLimit !== undefined ? { queueLimit: m.queueLimit } : {}),
        });
        if (m.schedule) res.followSchedule({ times: [0, m.schedule.switchAt], capacities: [m.schedule.high, m.schedule.low], cycle: 10 });
        const outcome: string[] = m.customers.map(() => 'in system');
        m.customers.forEach((c, i) => {
          env.process(
            (function* () {
              yield c.at;
              if (c.patience === undefined && m.queueLimit === undefined) {
                // preemptive-resume service: total time in service equals the demand
                const opts = { priority: c.priority, preempt: c.preempt };
                let t = env.now;
                yield* res.serve(c.service, opts);
                t = env.now - t;
                expect(t).toBeGreaterThanOrEqual(c.service - 1e-9);
                outcome[i] = 'served';
                return;
              }
              const req = res.request({ priority: c.priority });
              if (req.balked) {
                outcome[i] = 'balked';
                return;
              }
              if (c.patience !== undefined) {
                yield env.anyOf([req, env.timeout(c.patience)]);
                if (!req.granted) {
                  if (req.status === 'queued') res.withdraw(req);
                  outcome[i] = 'reneged';
                  return;
                }
              } else {
                yield req;
              }
              try {
                yield c.service;
                res.release(req);
                outcome[i] = 'served';
              } catch {
                outcome[i] = 'preempted'; // only with capacityDrop 'preempt'
              }
            })(),
          );
        });
        env.run({ until: 10_000 });
        const r = report();
        // Everyone is accounted for: nobody still waits or is in service.
        expect(outcome.filter((o) => o === 'in system')).toEqual([]);
        expect(res.inUse).toBe(0);
        expect(res.queued).toBe(0);
        expect(r.grants).toBe(r.releases + r.preemptions);
        expect(res.counts.requests).toBe(res.counts.grants + res.counts.balked + res.counts.withdrawn);
        if (m.capacityDrop === 'finish' && !m.customers.some((c) => c.preempt)) expect(r.preemptions).toBe(0);
      }),
      { seed: 2026, numRuns: 400 },
    );
  });
});
