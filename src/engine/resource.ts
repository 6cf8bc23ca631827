/**
 * Resource: c identical servers (staff, places) with a priority queue.
 *
 * Semantics (see docs/engine.md):
 * - A request is granted at once if a server is free, else it waits. The queue is ordered by
 *   priority (lower number first) and, within a priority, first come first served.
 * - A grant reserves the server at that moment. The waiting process resumes at the same
 *   time, in calendar order.
 * - Preemption: a request made with `preempt: true` that finds no free server takes the
 *   server of the user with the worst priority (ties: the most recently granted), if that
 *   priority is strictly worse than its own. The victim's process receives an Interrupt
 *   whose cause is a `Preempted` record. `serve()` turns that into preemptive-resume or
 *   preemptive-restart service.
 * - Balking: with `queueLimit` (or a `balk` rule) a request that would have to wait may be
 *   refused at once; it comes back with `balked === true` and never enters the queue.
 * - Reneging: race the request against a timeout with `anyOf`, and `withdraw()` it if it was
 *   not granted.
 * - Capacity can change over time (`setCapacity`, `followSchedule`). When it drops below the
 *   number in service, the rule `capacityDrop` decides: 'finish' (default) lets work in
 *   service finish and grants nothing new until occupancy is below capacity; 'preempt'
 *   interrupts the excess users at once (worst priority, most recent first).
 */
import type { Environment } from './environment.js';
import { Interrupt, SimEvent, type Process, type ProcessGenerator } from './events.js';
import { Tally, TimeWeighted } from './monitors.js';

export type RequestStatus = 'queued' | 'granted' | 'released' | 'withdrawn' | 'balked' | 'preempted';

export interface Preempted {
  kind: 'preempted';
  /** The request that took the server, or null when a capacity drop did. */
  by: Request | null;
  resource: Resource;
  /** The victim's own request. */
  request: Request;
  /** When the victim's current service started. */
  usageSince: number;
}

export function isPreempted(err: unknown): err is Interrupt & { cause: Preempted } {
  return (
    err instanceof Interrupt &&
    typeof err.cause === 'object' &&
    err.cause !== null &&
    (err.cause as { kind?: unknown }).kind === 'preempted'
  );
}

export class Request extends SimEvent<void> {
  status: RequestStatus = 'queued';
  grantedAt = NaN;
  /** @internal Position among the resource's users while granted (O(1) release). */
  _slot = -1;
  constructor(
    readonly resource: Resource,
    readonly id: number,
    readonly priority: number,
    readonly preempt: boolean,
    readonly requestedAt: number,
    readonly owner: Process<unknown> | null,
    readonly seniority: number,
  ) {
    super(resource.env);
  }
  get granted(): boolean {
    return this.status === 'granted';
  }
  get balked(): boolean {
    return this.status === 'balked';
  }
}

export interface ResourceOptions {
  /** Number of servers, an integer >= 1. */
  capacity: number;
  name?: string;
  /** Balk when this many requests are already waiting (M/M/c/K: K - c). */
  queueLimit?: number;
  /** Balk when this returns true; called only for a request that would have to wait. */
  balk?: (queueLength: number, resource: Resource) => boolean;
  /** What happens to work in service when capacity drops below occupancy. */
  capacityDrop?: 'finish' | 'preempt';
}

export interface RequestOptions {
  /** Lower numbers are served first. Default 0. */
  priority?: number;
  /** May take the server of a user with a strictly worse priority. */
  preempt?: boolean;
  /**
   * Place within the priority class: smaller is served earlier. Default: the request's own
   * id (first come, first served). serve() passes a preempted request's original seniority
   * so it goes back to the front of its class.
   */
  seniority?: number;
  /**
   * The process to interrupt if this request is preempted. Default: the process running now.
   * Pass null for a request made on the callback layer (it can then not be preempted).
   */
  owner?: Process<unknown> | null;
  /** Never balk (serve() re-queues a preempted job this way: it already held the server). */
  noBalk?: boolean;
}

export interface CapacitySchedule {
  /** Change times, ascending, within [0, cycle) when `cycle` is given. */
  times: readonly number[];
  /** Capacity from each time on (integers >= 0; 0 closes the resource). */
  capacities: readonly number[];
  /** Repeat the pattern every `cycle` time units (e.g. 52 weeks). */
  cycle?: number;
}

export class Resource {
  readonly env: Environment;
  readonly name: string;
  private cap: number;
  private readonly queueLimit: number;
  private readonly balkRule: ((q: number, r: Resource) => boolean) | null;
  private readonly dropRule: 'finish' | 'preempt';
  private readonly users: Request[] = [];
  private readonly queue = new RequestHeap();
  private waiting = 0;

  /** Busy servers over time. */
  readonly busy: TimeWeighted;
  /** Waiting requests over time. */
  readonly queueLength: TimeWeighted;
  /** Capacity over time (it changes with setCapacity and calendars): utilisation is busy over this. */
  readonly capacityLevel: TimeWeighted;
  /** Waits of granted requests (grant time minus request time). */
  readonly waits: Tally;
  /** Counts since the start (or the last resetStats). */
  counts = { requests: 0, grants: 0, balked: 0, withdrawn: 0, preempted: 0 };

  constructor(env: Environment, options: ResourceOptions) {
    const name = options.name ?? 'resource';
    const c = options.capacity;
    if (!Number.isInteger(c) || c < 1) {
      throw new RangeError(`Resource '${name}': capacity must be an integer >= 1, got ${String(c)}`);
    }
    const ql = options.queueLimit ?? Infinity;
    if (!(ql >= 0) || (ql !== Infinity && !Number.isInteger(ql))) {
      throw new RangeError(`Resource '${name}': queueLimit must be an integer >= 0, got ${String(ql)}`);
    }
    this.env = env;
    this.name = name;
    this.cap = c;
    this.queueLimit = ql;
    this.balkRule = options.balk ?? null;
    this.dropRule = options.capacityDrop ?? 'finish';
    this.busy = new TimeWeighted(`${name}.busy`, env.now, 0);
    this.queueLength = new TimeWeighted(`${name}.queue`, env.now, 0);
    this.capacityLevel = new TimeWeighted(`${name}.capacity`, env.now, c);
    this.waits = new Tally(`${name}.waits`);
  }

  get capacity(): number {
    return this.cap;
  }
  /** Servers in use now. */
  get inUse(): number {
    return this.users.length;
  }
  /** Requests waiting now. */
  get queued(): number {
    return this.waiting;
  }

  /** Ask for a server. Yield the returned request to wait for it. */
  request(options: RequestOptions = {}): Request {
    const priority = options.priority ?? 0;
    if (!Number.isFinite(priority)) throw new RangeError(`Resource '${this.name}': priority must be finite, got ${priority}`);
    const env = this.env;
    const id = env._nextRequestId();
    const seniority = options.seniority ?? id;
    const owner = options.owner !== undefined ? options.owner : env.activeProcess;
    const req = new Request(this, id, priority, options.preempt ?? false, env.now, owner, seniority);
    this.counts.requests++;
    if (this.users.length < this.cap) {
      this.grant(req);
      return req;
    }
    // Preempt only a full resource, not one draining after a capacity drop (or closed).
    if (req.preempt && this.users.length === this.cap && this.tryPreempt(req)) return req;
    if (!options.noBalk && (this.waiting >= this.queueLimit || (this.balkRule !== null && this.balkRule(this.waiting, this)))) {
      req.status = 'balked';
      this.counts.balked++;
      req._processNow(undefined);
      return req;
    }
    this.queue.push(req);
    this.waiting++;
    this.queueLength.update(env.now, this.waiting);
    return req;
  }

  /** Give back a granted server. Releasing twice, or releasing a request never granted, is an error. */
  release(req: Request): void {
    if (req.resource !== this) throw new Error(`Resource '${this.name}': release of a request made to '${req.resource.name}'`);
    if (req.status !== 'granted') {
      const why = req.status === 'released' ? 'released twice' : `not granted (status '${req.status}')`;
      throw new Error(`Resource '${this.name}': release of request #${req.id} that was ${why}`);
    }
    req.status = 'released';
    this.removeUser(req);
    const env = this.env;
    if (env.observer !== null) {
      env.observer({ type: 'release', time: env.now, resource: this.name, request: req.id, inUse: this.users.length, capacity: this.cap });
    }
    this.dispatch();
  }

  /** Take a waiting request out of the queue (reneging). Withdrawing a granted request is an error. */
  withdraw(req: Request): void {
    if (req.status !== 'queued') {
      throw new Error(`Resource '${this.name}': withdraw of request #${req.id} that is '${req.status}', not queued`);
    }
    req.status = 'withdrawn';
    this.queue.lazyRemoved++;
    // Withdrawn entries behind higher priorities may never reach the top: compact now and then.
    if (this.queue.lazyRemoved > 64 && this.queue.lazyRemoved * 2 > this.queue.size) this.queue.compact();
    this.waiting--;
    this.counts.withdrawn++;
    this.queueLength.update(this.env.now, this.waiting);
  }

  /** Change the number of servers now (integer >= 0). */
  setCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`Resource '${this.name}': capacity must be an integer >= 0, got ${String(capacity)}`);
    }
    this.cap = capacity;
    const env = this.env;
    this.capacityLevel.update(env.now, capacity);
    if (env.observer !== null) {
      env.observer({ type: 'capacity', time: env.now, resource: this.name, capacity, inUse: this.users.length });
    }
    if (this.dropRule === 'preempt') {
      while (this.users.length > capacity) this.preemptUser(this.worstUser()!, null);
    }
    this.dispatch();
  }

  /** Follow a capacity calendar from now on. Times are absolute (cycle * k + times[i]). */
  followSchedule(schedule: CapacitySchedule): void {
    const { times, capacities } = schedule;
    const cycle = schedule.cycle ?? Infinity;
    if (times.length === 0 || times.length !== capacities.length) {
      throw new RangeError(`Resource '${this.name}': schedule needs equally long, non-empty times and capacities`);
    }
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      if (!(t >= 0) || (i > 0 && !(t > times[i - 1]!)) || !(t < cycle)) {
        throw new RangeError(`Resource '${this.name}': schedule times must ascend within [0, cycle), got ${times.join(', ')}`);
      }
      const c = capacities[i]!;
      if (!Number.isInteger(c) || c < 0) {
        throw new RangeError(`Resource '${this.name}': schedule capacities must be integers >= 0, got ${String(c)}`);
      }
    }
    // Next change strictly from now on; computed from integers so no drift accumulates.
    let k = cycle === Infinity ? 0 : Math.floor(this.env.now / cycle);
    let i = 0;
    const at = () => (cycle === Infinity ? 0 : k * cycle) + times[i]!;
    let advanced = false;
    while (at() < this.env.now) {
      advanced = true;
      i++;
      if (i === times.length) {
        if (cycle === Infinity) {
          this.setCapacity(capacities[times.length - 1]!); // past the last change: it stays in force
          return;
        }
        i = 0;
        k++;
      }
    }
    // Started between two changes: the capacity in force now applies at once (in a repeating
    // calendar, before the first change of a cycle the previous cycle's last entry is in force).
    if (at() > this.env.now && (advanced || cycle !== Infinity)) {
      this.setCapacity(capacities[(i + times.length - 1) % times.length]!);
    }
    const next = () => {
      this.setCapacity(capacities[i]!);
      i++;
      if (i === times.length) {
        if (cycle === Infinity) return;
        i = 0;
        k++;
      }
      this.env.scheduleAt(at(), next, 0);
    };
    this.env.scheduleAt(at(), next, 0);
  }

  /**
   * Hold a server for `duration`, the whole pattern in one call: request, wait, serve,
   * release. If preempted, the process re-queues (with the same priority) and either
   * resumes the remaining work ('resume', default) or starts over ('restart'). Any other
   * interrupt or error releases the server (or leaves the queue) and propagates. Returns
   * the number of times it was preempted.
   */
  *serve(duration: number, options: RequestOptions & { onPreempt?: 'resume' | 'restart' } = {}): ProcessGenerator<number> {
    this.env._checkDelay(duration, `Resource '${this.name}'.serve`);
    let remaining = duration;
    let preemptions = 0;
    let seniority = options.seniority;
    let requeue = false;
    for (;;) {
      const req = this.request({ ...options, seniority, noBalk: requeue });
      seniority = req.seniority;
      if (req.balked) throw new Error(`Resource '${this.name}': serve() request balked; check req.balked with request() instead`);
      let start = NaN;
      try {
        yield req;
        start = this.env.now;
        yield remaining;
      } catch (err) {
        if (isPreempted(err) && err.cause.request === req) {
          preemptions++;
          requeue = true;
          if (options.onPreempt !== 'restart' && !Number.isNaN(start)) remaining -= this.env.now - start;
          continue;
        }
        // Any other interrupt or error: give the server (or the place in the queue) back.
        if (req.status === 'granted') this.release(req);
        else if (req.status === 'queued') this.withdraw(req);
        throw err;
      }
      this.release(req);
      return preemptions;
    }
  }

  /** Start a new observation window (end of warm-up). */
  resetStats(): void {
    const now = this.env.now;
    this.busy.reset(now);
    this.queueLength.reset(now);
    this.capacityLevel.reset(now);
    this.waits.reset();
    this.counts = { requests: 0, grants: 0, balked: 0, withdrawn: 0, preempted: 0 };
  }

  // ---- internals ------------------------------------------------------------------------

  private grant(req: Request): void {
    if (req.status !== 'queued') {
      throw new Error(`engine invariant broken: request #${req.id} granted while '${req.status}'`);
    }
    const env = this.env;
    req.status = 'granted';
    req.grantedAt = env.now;
    req._slot = this.users.length;
    this.users.push(req);
    this.counts.grants++;
    this.waits.record(env.now - req.requestedAt);
    this.busy.update(env.now, this.users.length);
    if (env.observer !== null) {
      env.observer({ type: 'grant', time: env.now, resource: this.name, request: req.id, inUse: this.users.length, capacity: this.cap });
    }
    // Nobody waits yet (granted inside request()): mark processed, the yield continues at once.
    if (req._callbacks === null) req._processNow(undefined);
    else req.succeed(undefined);
  }

  private dispatch(): void {
    while (this.users.length < this.cap && this.waiting > 0) {
      const next = this.queue.pop();
      if (next.status !== 'queued') {
        this.queue.lazyRemoved--;
        continue;
      }
      this.waiting--;
      this.queueLength.update(this.env.now, this.waiting);
      this.grant(next);
    }
    // Drop withdrawn entries that reached the front, so the heap does not grow without bound.
    if (this.waiting === 0 && this.queue.size > 0) this.queue.clear();
  }

  private removeUser(req: Request): void {
    // Swap with the last user: the order of users carries no meaning (worstUser() picks by
    // priority, grant time and id), and this keeps release O(1) for resources with many places.
    const u = this.users;
    const i = req._slot;
    if (i < 0 || u[i] !== req) throw new Error(`engine invariant broken: request #${req.id} not among the users of '${this.name}'`);
    const last = u.pop()!;
    if (last !== req) {
      u[i] = last;
      last._slot = i;
    }
    req._slot = -1;
    this.busy.update(this.env.now, u.length);
  }

  /** The user to preempt first: worst priority, then most recently granted, then newest id. */
  private worstUser(): Request | null {
    let w: Request | null = null;
    for (const r of this.users) {
      if (
        w === null ||
        r.priority > w.priority ||
        (r.priority === w.priority && (r.grantedAt > w.grantedAt || (r.grantedAt === w.grantedAt && r.id > w.id)))
      ) {
        w = r;
      }
    }
    return w;
  }

  private tryPreempt(req: Request): boolean {
    const victim = this.worstUser();
    if (victim === null || !(victim.priority > req.priority)) return false;
    this.preemptUser(victim, req);
    this.grant(req);
    return true;
  }

  private preemptUser(victim: Request, by: Request | null): void {
    const owner = victim.owner;
    if (owner === null) {
      throw new Error(`Resource '${this.name}': cannot preempt request #${victim.id}: it was not made inside a process`);
    }
    victim.status = 'preempted';
    this.removeUser(victim);
    this.counts.preempted++;
    const env = this.env;
    if (env.observer !== null) {
      env.observer({ type: 'preempt', time: env.now, resource: this.name, request: victim.id, by: by === null ? -1 : by.id });
    }
    const cause: Preempted = { kind: 'preempted', by, resource: this, request: victim, usageSince: victim.grantedAt };
    if (owner.isAlive) owner.interrupt(cause);
  }
}

/** Binary heap of requests ordered by (priority, id): priority first, then first come first served. */
class RequestHeap {
  private items: Request[] = [];
  lazyRemoved = 0;

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
    this.lazyRemoved = 0;
  }

  /** Drop requests that are no longer queued and rebuild the heap. */
  compact(): void {
    const live = this.items.filter((r) => r.status === 'queued');
    this.items = [];
    this.lazyRemoved = 0;
    for (const r of live) this.push(r);
  }

  push(r: Request): void {
    const a = this.items;
    let i = a.length;
    a.push(r);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(r, a[p]!)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = r;
  }

  pop(): Request {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(a[c + 1]!, a[c]!)) c++;
        if (!before(a[c]!, last)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function before(a: Request, b: Request): boolean {
  return a.priority < b.priority || (a.priority === b.priority && (a.seniority < b.seniority || (a.seniority === b.seniority && a.id < b.id)));
}
