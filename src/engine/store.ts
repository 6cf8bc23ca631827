/**
 * Store: a waiting list of items (casussen, referrals). Producers `put` items, consumers
 * `get` them. A get may carry a filter (only items it accepts; a FilterStore), and the store
 * may carry an order (the next item is the best by that rule, e.g. the most urgent; a
 * priority store). Without either it is first in, first out.
 *
 * Waiting gets are served in the order they were made, but a get whose filter matches no
 * item does not block the gets behind it. Puts wait while the store is full.
 */
import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { TimeWeighted } from './monitors.js';

export interface StoreOptions<T> {
  name?: string;
  /** Maximum number of items (default unlimited). */
  capacity?: number;
  /** Order of items: negative when `a` should be taken before `b`. Ties keep arrival order. */
  order?: (a: T, b: T) => number;
}

export class StorePut<T> extends SimEvent<void> {
  constructor(env: Environment, readonly item: T) {
    super(env);
  }
}

export class StoreGet<T> extends SimEvent<T> {
  /** @internal */ _waiting = true;
  constructor(env: Environment, readonly filter: ((item: T) => boolean) | null, readonly madeAt: number) {
    super(env);
  }
}

export class Store<T> {
  readonly name: string;
  readonly capacity: number;
  private readonly order: ((a: T, b: T) => number) | null;
  private readonly list: T[] = [];
  private readonly gets: StoreGet<T>[] = [];
  private readonly puts: StorePut<T>[] = [];
  /** Number of items over time. */
  readonly level: TimeWeighted;

  constructor(readonly env: Environment, options: StoreOptions<T> = {}) {
    this.name = options.name ?? 'store';
    const cap = options.capacity ?? Infinity;
    if (!(cap >= 1) || (cap !== Infinity && !Number.isInteger(cap))) {
      throw new RangeError(`Store '${this.name}': capacity must be an integer >= 1, got ${String(cap)}`);
    }
    this.capacity = cap;
    this.order = options.order ?? null;
    this.level = new TimeWeighted(`${this.name}.level`, env.now, 0);
  }

  /** Items in the store, in arrival order. */
  get items(): readonly T[] {
    return this.list;
  }
  get size(): number {
    return this.list.length;
  }
  /** Gets that are waiting for an item. */
  get waitingGets(): number {
    return this.gets.length;
  }

  put(item: T): StorePut<T> {
    const ev = new StorePut(this.env, item);
    this.puts.push(ev);
    this.dispatch();
    return ev;
  }

  get(filter?: (item: T) => boolean): StoreGet<T> {
    const ev = new StoreGet<T>(this.env, filter ?? null, this.env.now);
    this.gets.push(ev);
    this.dispatch();
    return ev;
  }

  /** Take an item now if one matches; undefined otherwise (never waits). */
  tryGet(filter?: (item: T) => boolean): T | undefined {
    const i = this.pick(filter ?? null);
    if (i < 0) return undefined;
    const item = this.take(i);
    this.dispatch();
    return item;
  }

  /** Take up to `n` items now, best first (used by meetings that handle N cases at once). */
  takeUpTo(n: number, filter?: (item: T) => boolean): T[] {
    const out: T[] = [];
    while (out.length < n) {
      const i = this.pick(filter ?? null);
      if (i < 0) break;
      out.push(this.take(i));
    }
    if (out.length > 0) this.dispatch();
    return out;
  }

  /** Withdraw a waiting get (the consumer stopped waiting). Error if it already got its item. */
  cancel(get: StoreGet<T>): void {
    const i = this.gets.indexOf(get);
    if (i < 0) throw new Error(`Store '${this.name}': cancel of a get that is not waiting`);
    this.gets.splice(i, 1);
    get._waiting = false;
  }

  /** Remove a specific item (e.g. a casus that left the waiting list). Returns false if absent. */
  remove(item: T): boolean {
    const i = this.list.indexOf(item);
    if (i < 0) return false;
    this.take(i);
    this.dispatch();
    return true;
  }

  resetStats(): void {
    this.level.reset(this.env.now);
  }

  private pick(filter: ((item: T) => boolean) | null): number {
    const list = this.list;
    const order = this.order;
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      const it = list[i]!;
      if (filter !== null && !filter(it)) continue;
      if (order === null) return i;
      if (best < 0 || order(it, list[best]!) < 0) best = i;
    }
    return best;
  }

  private take(i: number): T {
    const item = this.list.splice(i, 1)[0]!;
    this.level.update(this.env.now, this.list.length);
    return item;
  }

  private dispatch(): void {
    let changed = true;
    while (changed) {
      changed = false;
      while (this.puts.length > 0 && this.list.length < this.capacity) {
        const p = this.puts.shift()!;
        this.list.push(p.item);
        this.level.update(this.env.now, this.list.length);
        settle(p, undefined);
        changed = true;
      }
      for (let g = 0; g < this.gets.length && this.list.length > 0; ) {
        const get = this.gets[g]!;
        const i = this.pick(get.filter);
        if (i < 0) {
          g++;
          continue;
        }
        this.gets.splice(g, 1);
        get._waiting = false;
        settle(get, this.take(i));
        changed = true;
      }
    }
  }
}

/** Succeed an event; if nobody waits on it yet, it counts as processed at once. */
export function settle<T>(ev: SimEvent<T>, value: T): void {
  if (ev._callbacks === null) ev._processNow(value);
  else ev.succeed(value);
}
