/**
 * Events and processes: the process layer of the engine.
 *
 * An event is pending until it is triggered (succeed or fail); it is then processed at the
 * current time, in calendar order, and its callbacks run. A process is a synchronous
 * generator that yields what it waits for: a delay (a plain number), or an event (a
 * timeout, a resource request, another process, an any-of / all-of condition). When the
 * event is processed, the generator resumes with the event's value, or the event's error
 * is thrown into it.
 */
import type { Environment } from './environment.js';

export const URGENT = 0;
export const NORMAL = 1;

const PENDING = 0;
const TRIGGERED = 1;
const PROCESSED = 2;

/** What a process may yield: a delay in model time units, or an event. */
export type Yieldable = number | SimEvent<unknown>;
export type ProcessGenerator<T = unknown> = Generator<Yieldable, T, unknown>;

type EventCallback = (ev: SimEvent<unknown>) => void;
/**
 * A waiter notified without a closure: processes, and model entities that act as their own
 * callback (`addCallback(entity)`), so a hot path allocates no closure per wait.
 */
export interface Waiter {
  _wake(ev: SimEvent<unknown>): void;
}
type Listener = EventCallback | Waiter;

export class SimEvent<T = unknown> {
  /** @internal */ _state = PENDING;
  /** @internal */ _value: unknown = undefined;
  /** @internal */ _ok = true;
  /**
   * @internal Who is notified when the event is processed, in order: nobody (null), one
   * listener, or an array of them. One waiting process is by far the usual case; holding it
   * directly saves an array for every event a process waits for.
   */
  _callbacks: Listener | Listener[] | null = null;
  /** A failure that some process or condition received counts as handled. */
  defused = false;

  constructor(readonly env: Environment) {}

  /** Triggered: succeed() or fail() was called (it may not have been processed yet). */
  get triggered(): boolean {
    return this._state !== PENDING;
  }
  /** Processed: its callbacks have run. */
  get processed(): boolean {
    return this._state === PROCESSED;
  }
  get ok(): boolean {
    return this._ok;
  }
  /** The value it succeeded with (or the error it failed with). */
  get value(): T {
    if (this._state === PENDING) throw new Error('SimEvent: value of a pending event is not available yet');
    return this._value as T;
  }

  succeed(value?: T, priority: number = NORMAL): this {
    if (this._state !== PENDING) throw new Error('SimEvent: succeed() on an event that was already triggered');
    this._state = TRIGGERED;
    this._value = value;
    this.env._enqueue(this, priority);
    return this;
  }

  fail(error: Error, priority: number = NORMAL): this {
    if (this._state !== PENDING) throw new Error('SimEvent: fail() on an event that was already triggered');
    if (!(error instanceof Error)) throw new TypeError('SimEvent: fail() needs an Error');
    this._state = TRIGGERED;
    this._ok = false;
    this._value = error;
    this.env._enqueue(this, priority);
    return this;
  }

  /**
   * Run `cb` when the event is processed (at once if it already was). `cb` is a function, or a
   * waiter object whose `_wake(event)` is called.
   */
  addCallback(cb: ((ev: SimEvent<T>) => void) | Waiter): void {
    const c = cb as Listener;
    if (this._state === PROCESSED) {
      this.notify(c);
      return;
    }
    this._addListener(c);
  }

  /** @internal */
  _addListener(l: Listener): void {
    const cbs = this._callbacks;
    if (cbs === null) this._callbacks = l;
    else if (Array.isArray(cbs)) cbs.push(l);
    else this._callbacks = [cbs, l];
  }

  /** @internal */
  _removeCallback(cb: Listener): void {
    const cbs = this._callbacks;
    if (cbs === null) return;
    if (!Array.isArray(cbs)) {
      // An empty list, not null: an event that had a listener keeps going through the calendar
      // when triggered (null would mark it processed at once), as it did with an array.
      if (cbs === cb) this._callbacks = [];
      return;
    }
    const i = cbs.indexOf(cb);
    if (i >= 0) cbs.splice(i, 1);
  }

  /** @internal Called by the environment when the event's turn comes. */
  _process(): void {
    this._state = PROCESSED;
    const cbs = this._callbacks;
    this._callbacks = null;
    if (Array.isArray(cbs)) {
      for (let i = 0; i < cbs.length; i++) this.notify(cbs[i]!);
    } else if (cbs !== null) {
      this.notify(cbs);
    }
    if (!this._ok && !this.defused) throw this._value as Error;
  }

  private notify(cb: Listener): void {
    if (typeof cb === 'function') cb(this);
    else cb._wake(this);
  }

  /** @internal The calendar calls this when the event's turn comes. */
  _fire(): void {
    this._process();
  }

  /** @internal Mark as processed without going through the calendar (nobody is waiting yet). */
  _processNow(value: unknown): void {
    this._state = PROCESSED;
    this._value = value;
  }
}

/** An event that succeeds after a delay. */
export class Timeout<T = undefined> extends SimEvent<T> {
  readonly delay: number;
  constructor(env: Environment, delay: number, value?: T) {
    super(env);
    env._checkDelay(delay, 'timeout');
    this.delay = delay;
    this._state = TRIGGERED;
    this._value = value;
    env._enqueueAt(this, env.now + delay, NORMAL);
  }
}

/** Thrown into a process by `Process.interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`Interrupt: ${describeCause(cause)}`);
    this.name = 'Interrupt';
  }
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return 'no cause';
  if (typeof cause === 'object' && cause !== null && 'kind' in cause) return String((cause as { kind: unknown }).kind);
  return String(cause);
}

/** An event that triggers when some (any) or all of a set of events have been processed. */
export class Condition extends SimEvent<SimEvent<unknown>[]> {
  private readonly pending: SimEvent<unknown>[];
  private readonly done: SimEvent<unknown>[] = [];
  private readonly check: EventCallback;

  constructor(env: Environment, readonly mode: 'any' | 'all', events: readonly SimEvent<unknown>[]) {
    super(env);
    for (const e of events) {
      if (!(e instanceof SimEvent)) throw new TypeError(`${mode}Of: every element must be an event`);
      if (e.env !== env) throw new Error(`${mode}Of: events from another environment`);
    }
    this.pending = [...events];
    this.check = (ev) => this.onEvent(ev);
    if (events.length === 0) {
      this.succeed([]);
      return;
    }
    for (const e of events) {
      if (this._state !== PENDING) break;
      e.addCallback(this.check);
    }
  }

  private onEvent(ev: SimEvent<unknown>): void {
    if (this._state !== PENDING) return;
    if (!ev._ok) {
      ev.defused = true;
      this.detach();
      this.fail(ev._value as Error);
      return;
    }
    this.done.push(ev);
    if (this.mode === 'any' || this.done.length === this.pending.length) {
      this.detach();
      this.succeed(this.done.slice());
    }
  }

  private detach(): void {
    for (const e of this.pending) if (!e.processed) e._removeCallback(this.check);
  }
}

/**
 * A process: drives a synchronous generator. It is itself an event that succeeds with the
 * generator's return value (or fails with what it threw), so processes can wait for each
 * other.
 */
export class Process<T = unknown> extends SimEvent<T> {
  /** @internal the event being waited for, if any */
  _target: SimEvent<unknown> | null = null;
  /** @internal calendar id of a pending plain-number delay (or of the start), or -1 */
  _waitId = -1;

  constructor(env: Environment, private readonly gen: ProcessGenerator<T>, readonly name = 'process') {
    super(env);
    if (gen === null || typeof gen !== 'object' || typeof gen.next !== 'function') {
      throw new TypeError('process: expected a generator object (call the generator function: env.process(fn()))');
    }
    // The start is a zero delay at URGENT priority: before normal events at this time.
    this._waitId = env._scheduleAt(env.now, URGENT, this);
  }

  /** @internal The event it waited for was processed. */
  _wake(ev: SimEvent<unknown>): void {
    this._target = null;
    if (ev._ok) this.step(ev._value, false);
    else {
      ev.defused = true;
      this.step(ev._value, true);
    }
  }

  /** @internal A delay (or the start) ended. Note: a process's own completion uses _process. */
  override _fire(): void {
    this._waitId = -1;
    this.step(undefined, false);
  }

  /** A process ends when its generator returns or throws; it cannot be triggered from outside. */
  override succeed(): this {
    throw new Error(`process '${this.name}': succeed() is not allowed; a process ends when its generator returns`);
  }
  override fail(): this {
    throw new Error(`process '${this.name}': fail() is not allowed; throw inside the generator instead`);
  }

  /** Is the generator still running? */
  get isAlive(): boolean {
    return this._state === PENDING;
  }

  /**
   * Throw an Interrupt(cause) into the process at the current time (before other events at
   * this time). The process stops waiting for what it was waiting for.
   */
  interrupt(cause?: unknown): void {
    if (this._state !== PENDING) throw new Error(`interrupt: process '${this.name}' has already finished`);
    if (this.env.activeProcess === this) throw new Error(`interrupt: process '${this.name}' cannot interrupt itself`);
    this.env._scheduleAt(this.env.now, URGENT, () => {
      if (this._state !== PENDING) return; // finished in the meantime
      this.detach();
      this.step(new Interrupt(cause), true);
    });
  }

  private detach(): void {
    if (this._target !== null) {
      this._target._removeCallback(this);
      this._target = null;
    }
    if (this._waitId >= 0) {
      this.env.cancel(this._waitId);
      this._waitId = -1;
    }
  }

  private step(send: unknown, isThrow: boolean): void {
    const env = this.env;
    const prev = env.activeProcess;
    env.activeProcess = this;
    let value = send;
    let thrown = isThrow;
    try {
      for (;;) {
        let r: IteratorResult<Yieldable, T>;
        try {
          r = thrown ? this.gen.throw(value) : this.gen.next(value);
        } catch (err) {
          this.finish(false, err);
          return;
        }
        if (r.done) {
          this.finish(true, r.value);
          return;
        }
        const y = r.value;
        if (typeof y === 'number') {
          if (!(y >= 0) || y === Infinity) {
            value = new RangeError(`process '${this.name}' yielded the delay ${y}; expected a finite number >= 0`);
            thrown = true;
            continue;
          }
          this._waitId = env._scheduleAt(env.now + y, NORMAL, this);
          return;
        }
        if (y instanceof SimEvent) {
          if (y.env !== env) {
            value = new Error(`process '${this.name}' yielded an event of another environment`);
            thrown = true;
            continue;
          }
          if (y._state === PROCESSED) {
            // Already happened: continue at once with its outcome.
            thrown = !y._ok;
            if (thrown) y.defused = true;
            value = y._value;
            continue;
          }
          this._target = y;
          y._addListener(this);
          return;
        }
        value = new TypeError(`process '${this.name}' yielded ${typeof y}; expected a delay (number) or an event`);
        thrown = true;
      }
    } finally {
      env.activeProcess = prev;
    }
  }

  private finish(ok: boolean, value: unknown): void {
    if (ok) {
      if (this._callbacks === null) this._processNow(value); // nobody waits: no calendar event needed
      else {
        this._state = TRIGGERED;
        this._value = value;
        this.env._scheduleAt(this.env.now, NORMAL, () => this._process());
      }
    } else {
      if (this._callbacks === null) {
        // Nobody waits for this process: an uncaught error in a process ends the run.
        this._ok = false;
        this._processNow(value);
        throw value;
      }
      this._state = TRIGGERED;
      this._ok = false;
      this._value = value instanceof Error ? value : new Error(String(value));
      this.env._scheduleAt(this.env.now, NORMAL, () => this._process());
    }
  }
}
