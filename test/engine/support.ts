/**
 * Test support: invariant checks attached to every engine run in the tests, and
 * replication helpers that judge results by confidence intervals.
 */
import { expect } from 'vitest';
import { Environment, type TraceRecord } from '../../src/engine/index.js';
import { summarise, type Summary } from '../../src/experiment/ci.js';

export interface InvariantReport {
  steps: number;
  grants: number;
  releases: number;
  preemptions: number;
}

/**
 * Watch an environment and fail loudly the moment an invariant breaks:
 * the clock never goes back; a request is granted at most once and released at most once,
 * and only after its grant; occupancy stays within [0, capacity], where after a capacity
 * drop (rule 'finish') occupancy may exceed capacity only while draining, never by a grant.
 */
export function watchInvariants(env: Environment): () => InvariantReport {
  let last = -Infinity;
  const granted = new Set<number>();
  const done = new Set<number>();
  const rep: InvariantReport = { steps: 0, grants: 0, releases: 0, preemptions: 0 };
  const fail = (msg: string, rec: TraceRecord) => {
    throw new Error(`invariant broken: ${msg} (${JSON.stringify(rec)})`);
  };
  env.observe((rec) => {
    switch (rec.type) {
      case 'step':
        if (rec.time < last) fail('clock went back', rec);
        last = rec.time;
        rep.steps++;
        break;
      case 'grant':
        if (granted.has(rec.request)) fail('request granted twice', rec);
        granted.add(rec.request);
        if (rec.inUse > rec.capacity || rec.inUse < 1) fail('occupancy outside [0, capacity] after a grant', rec);
        rep.grants++;
        break;
      case 'release':
        if (!granted.has(rec.request)) fail('release of a request never granted', rec);
        if (done.has(rec.request)) fail('request released twice', rec);
        done.add(rec.request);
        if (rec.inUse < 0) fail('negative occupancy', rec);
        rep.releases++;
        break;
      case 'preempt':
        if (!granted.has(rec.request) || done.has(rec.request)) fail('preempted a request not in service', rec);
        done.add(rec.request);
        rep.preemptions++;
        break;
      case 'capacity':
        if (rec.capacity < 0) fail('negative capacity', rec);
        break;
    }
  });
  return () => rep;
}

/** Run `rep(r)` for r = 0..R-1 and summarise at the given confidence. */
export function replicate(R: number, rep: (r: number) => number, confidence = 0.999): Summary & { values: number[] } {
  const values: number[] = [];
  for (let r = 0; r < R; r++) values.push(rep(r));
  return { ...summarise(values, confidence), values };
}

/** Assert that the theoretical value lies inside the replications' confidence interval. */
export function expectInCI(s: Summary, theory: number, label: string): void {
  const msg = `${label}: theory ${theory.toFixed(5)} vs CI [${s.ciLow.toFixed(5)}, ${s.ciHigh.toFixed(5)}] (mean ${s.mean.toFixed(5)}, n ${s.n})`;
  expect(s.ciLow <= theory && theory <= s.ciHigh, msg).toBe(true);
}
