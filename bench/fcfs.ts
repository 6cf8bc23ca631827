/**
 * The same FCFS c-server queue in our engine, process style, fed pre-drawn times. Shared by
 * the differential test against simjs and by the benchmark.
 */
import { Environment, Resource } from '../src/engine/index.js';

/** Waits are computed as (departure - arrival - service), the same expression as on the simjs side. */
export function ketensimFcfsWaits(servers: number, interarrivals: ArrayLike<number>, services: ArrayLike<number>): Float64Array {
  const env = new Environment();
  const res = new Resource(env, { capacity: servers });
  const n = interarrivals.length;
  const waits = new Float64Array(n);
  function* customer(k: number) {
    const t0 = env.now;
    const s = services[k]!;
    const req = res.request();
    yield req;
    yield s;
    res.release(req);
    waits[k] = env.now - t0 - s;
  }
  env.process(
    (function* () {
      for (let k = 0; k < n; k++) {
        yield interarrivals[k]!;
        env.process(customer(k));
      }
    })(),
  );
  env.run();
  return waits;
}
