/**
 * Load simjs@2.0.3 in Node. The published build is a browserify bundle without a module
 * wrapper: it only assigns `window.Sim` when `window` exists (../shared/research/engines.md
 * section 1.1), so we give it a `window` object and read the namespace back. Used only as a
 * reference in tests and benches.
 */
import { createRequire } from 'node:module';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface SimjsRequest {
  done(cb: () => void): SimjsRequest;
}
export interface SimjsEntity {
  time(): number;
  setTimer(d: number): SimjsRequest;
  useFacility(f: unknown, d: number): SimjsRequest;
}
export interface SimjsNamespace {
  Sim: new () => { addEntity(k: unknown): unknown; simulate(t: number, maxEvents?: number): void; time(): number };
  Entity: new () => SimjsEntity;
  Facility: { new (name: string, discipline: number, servers: number): unknown; FCFS: number };
}

let cached: SimjsNamespace | null = null;

export function loadSimjs(): SimjsNamespace {
  if (cached !== null) return cached;
  const g = globalThis as { window?: { Sim?: SimjsNamespace } };
  const had = 'window' in g;
  const saved = g.window;
  g.window = {};
  try {
    const require = createRequire(import.meta.url);
    require('simjs');
    const ns = g.window.Sim;
    if (!ns) throw new Error('simjs did not define window.Sim');
    cached = ns;
    return ns;
  } finally {
    if (had) g.window = saved;
    else delete g.window;
  }
}

/**
 * An FCFS queue with `servers` servers in simjs, fed pre-drawn interarrival and service
 * times. Returns each customer's wait in queue, in arrival order.
 */
export function simjsFcfsWaits(servers: number, interarrivals: ArrayLike<number>, services: ArrayLike<number>): Float64Array {
  const S = loadSimjs();
  const sim = new S.Sim();
  const fac = new S.Facility('server', S.Facility.FCFS, servers);
  const waits = new Float64Array(interarrivals.length);
  const n = interarrivals.length;
  class Source extends S.Entity {
    i = 0;
    start(): void {
      this.next();
    }
    next(): void {
      if (this.i >= n) return;
      this.setTimer(interarrivals[this.i]!).done(() => {
        const k = this.i++;
        const t0 = this.time();
        const s = services[k]!;
        this.useFacility(fac, s).done(() => {
          waits[k] = this.time() - t0 - s;
        });
        this.next();
      });
    }
  }
  sim.addEntity(Source);
  sim.simulate(Infinity);
  return waits;
}
