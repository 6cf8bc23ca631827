/**
 * Differential test against simjs@2.0.3, an independent engine: an FCFS c-server queue fed
 * the same pre-drawn interarrival and service times must give identical per-customer waits.
 * (simjs's FCFS facility is correct; its LCFS/preemption and reneging are not, see
 * ../shared/research/engines.md, so only FCFS is compared.)
 */
import { describe, expect, it } from 'vitest';
import { simjsFcfsWaits } from '../../bench/simjs.js';
import { ketensimFcfsWaits } from '../../bench/fcfs.js';
import { exponential, lognormal, Streams } from '../../src/random/index.js';

function draws(n: number, rep: number, meanIa: number, service: (u: ReturnType<Streams['stream']>) => number) {
  const s = new Streams({ seed: 99, replication: rep });
  const ia = new Float64Array(n);
  const sv = new Float64Array(n);
  const a = s.stream('interarrival');
  const b = s.stream('service');
  for (let i = 0; i < n; i++) {
    ia[i] = exponential(a, meanIa);
    sv[i] = service(b);
  }
  return { ia, sv };
}

describe('differential: ketensim vs simjs@2.0.3 (FCFS c-server queue, same pre-drawn times)', () => {
  const cases = [
    { c: 1, meanIa: 1 / 0.9, service: (u: ReturnType<Streams['stream']>) => exponential(u, 1), label: 'M/M/1 rho 0.9' },
    { c: 3, meanIa: 1 / 2.4, service: (u: ReturnType<Streams['stream']>) => exponential(u, 1), label: 'M/M/3 rho 0.8' },
    { c: 2, meanIa: 1, service: (u: ReturnType<Streams['stream']>) => lognormal(u, 1.5, 2), label: 'M/G/2 lognormal service' },
  ];
  for (const [rep, k] of cases.entries()) {
    it(`${k.label}: identical per-customer waits for 20000 customers`, () => {
      const { ia, sv } = draws(20000, rep, k.meanIa, k.service);
      const ours = ketensimFcfsWaits(k.c, ia, sv);
      const theirs = simjsFcfsWaits(k.c, ia, sv);
      let mismatches = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) mismatches++;
      expect(mismatches).toBe(0);
      // And the queue really queued: a test of equal zeros would prove nothing.
      expect(ours.filter((w) => w > 1e-9).length).toBeGreaterThan(1000);
    });
  }
});
