/**
 * Container: a level between 0 and a capacity (a budget in euros, places, hours). `get(amount)`
 * waits until the level allows it; `put(amount)` waits until there is room. Both queues are
 * strictly first come, first served: a large get at the head blocks smaller ones behind it,
 * so nobody starves. `tryGet` takes only if it can at once (e.g. "is the lump sum exhausted?").
 */
import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { TimeWeighted } from './monitors.js';
import { settle } from './store.js';

export class ContainerEvent extends SimEvent<void> {
  constructor(env: Environment, readonly amount: number) {
    super(env);
  }
}

export interface ContainerOptions {
  name?: string;
  capacity?: number;
  init?: number;
}

export class Container {
  readonly name: string;
  readonly capacity: number;
  private lvl: number;
  private readonly gets: ContainerEvent[] = [];
  private readonly puts: ContainerEvent[] = [];
  readonly levelStats: TimeWeighted;

  constructor(readonly env: Environment, options: ContainerOptions = {}) {
    this.name = options.name ?? 'container';
    const cap = options.capacity ?? Infinity;
    const init = options.init ?? 0;
    if (!(cap > 0)) throw new RangeError(`Container '${this.name}': capacity must be > 0, got ${String(cap)}`);
    if (!(init >= 0 && init <= cap)) {
      throw new RangeError(`Container '${this.name}': init must be in [0, ${cap}], got ${String(init)}`);
    }
    this.capacity = cap;
    this.lvl = init;
    this.levelStats = new TimeWeighted(`${this.name}.level`, env.now, init);
  }

  get level(): number {
    return this.lvl;
  }

  put(amount: number): ContainerEvent {
    this.checkAmount(amount, 'put');
    const ev = new ContainerEvent(this.env, amount);
    this.puts.push(ev);
    this.dispatch();
    return ev;
  }

  get(amount: number): ContainerEvent {
    this.checkAmount(amount, 'get');
    const ev = new ContainerEvent(this.env, amount);
    this.gets.push(ev);
    this.dispatch();
    return ev;
  }

  /** Take `amount` now if the level allows and nobody is queued before; returns whether it did. */
  tryGet(amount: number): boolean {
    this.checkAmount(amount, 'tryGet');
    if (this.gets.length > 0 || amount > this.lvl) return false;
    this.setLevel(this.lvl - amount);
    this.dispatch();
    return true;
  }

  /** Empty the container now, whoever is queued (e.g. a budget that expires). Returns what was taken. */
  drain(): number {
    const taken = this.lvl;
    if (taken > 0) this.setLevel(0);
    this.dispatch();
    return taken;
  }

  private checkAmount(amount: number, what: string): void {
    if (!(amount > 0) || amount === Infinity) {
      throw new RangeError(`Container '${this.name}': ${what} amount must be a finite number > 0, got ${String(amount)}`);
    }
    if (amount > this.capacity) {
      throw new RangeError(`Container '${this.name}': ${what} amount ${amount} exceeds the capacity ${this.capacity}`);
    }
  }

  private setLevel(v: number): void {
    this.lvl = v;
    this.levelStats.update(this.env.now, v);
  }

  private dispatch(): void {
    let changed = true;
    while (changed) {
      changed = false;
      while (this.puts.length > 0 && this.lvl + this.puts[0]!.amount <= this.capacity) {
        const p = this.puts.shift()!;
        this.setLevel(this.lvl + p.amount);
        settle(p, undefined);
        changed = true;
      }
      while (this.gets.length > 0 && this.gets[0]!.amount <= this.lvl) {
        const g = this.gets.shift()!;
        this.setLevel(this.lvl - g.amount);
        settle(g, undefined);
        changed = true;
      }
    }
  }
}
