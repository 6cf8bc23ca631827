/**
 * The simulation environment: the clock, the event calendar, and the two ways to put work
 * on it: callbacks (`schedule`, for hot paths) and processes (`process`, generators that
 * yield what they wait for).
 */
import { Calendar, type EventId, type Payload } from './calendar.js';
import { Condition, NORMAL, Process, SimEvent, Timeout, type ProcessGenerator } from './events.js';

export type { EventId } from './calendar.js';

/** What an observer sees (tests use it to check invariants on every run). */
export type TraceRecord =
  | { type: 'step'; time: number }
  | { type: 'grant'; time: number; resource: string; request: number; inUse: number; capacity: number }
  | { type: 'release'; time: number; resource: string; request: number; inUse: number; capacity: number }
  | { type: 'preempt'; time: number; resource: string; request: number; by: number }
  | { type: 'capacity'; time: number; resource: string; capacity: number; inUse: number };

export type Observer = (rec: TraceRecord) => void;

export interface RunOptions {
  /** Stop the clock at this time. Events at exactly `until` are left for the next run. */
  until?: number;
  /** Stop after this many events (the clock stays at the last event's time). */
  maxEvents?: number;
}

export class Environment {
  private _now: number;
  private readonly calendar = new Calendar();
  /** Number of calendar events processed so far. */
  eventsProcessed = 0;
  /** The process whose generator is running right now, if any. */
  activeProcess: Process<unknown> | null = null;
  /** @internal */ observer: Observer | null = null;
  private nextRequestId = 0;

  constructor(options: { start?: number } = {}) {
    const start = options.start ?? 0;
    if (!Number.isFinite(start)) throw new RangeError(`Environment: start must be a finite number, got ${start}`);
    this._now = start;
  }

  get now(): number {
    return this._now;
  }

  /** Number of events waiting in the calendar. */
  get pending(): number {
    return this.calendar.length;
  }

  /** Install (or with null remove) an observer for trace records. */
  observe(observer: Observer | null): void {
    this.observer = observer;
  }

  // ---- callback layer -------------------------------------------------------------------

  /**
   * Call `fn` after `delay` time units. Lower `priority` runs first among events at the same time.
   * `fn` is a function, or an object whose `_fire()` is called (a handler: a model entity can be
   * its own callback, so a hot path schedules without allocating a closure per event). Never pass
   * an event or a process: they have a `_fire` too, but only the engine may drive them.
   */
  schedule(delay: number, fn: Payload, priority: number = NORMAL): EventId {
    this._checkDelay(delay, 'schedule');
    return this.calendar.push(this._now + delay, priority, fn);
  }

  /** Call `fn` (a function or a handler, as for schedule) at absolute time `time` (not before now). */
  scheduleAt(time: number, fn: Payload, priority: number = NORMAL): EventId {
    if (!(time >= this._now) || time === Infinity) {
      throw new RangeError(`scheduleAt: time must be a finite number >= now (${this._now}), got ${time}`);
    }
    return this.calendar.push(time, priority, fn);
  }

  /** Cancel a scheduled callback. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    return this.calendar.cancel(id);
  }

  // ---- process layer --------------------------------------------------------------------

  /** Start a process from a generator object. It begins at the current time. */
  process<T>(gen: ProcessGenerator<T>, name?: string): Process<T> {
    return new Process<T>(this, gen, name);
  }

  /** A fresh pending event, to be triggered by model code with succeed() or fail(). */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this);
  }

  /** An event that succeeds after `delay`. (A process may also simply yield the number.) */
  timeout<T = undefined>(delay: number, value?: T): Timeout<T> {
    return new Timeout<T>(this, delay, value);
  }

  /** Triggers when the first of `events` is processed; its value lists the events processed by then. */
  anyOf(events: readonly SimEvent<unknown>[]): Condition {
    return new Condition(this, 'any', events);
  }

  /** Triggers when all of `events` are processed; fails as soon as one fails. */
  allOf(events: readonly SimEvent<unknown>[]): Condition {
    return new Condition(this, 'all', events);
  }

  // ---- running ----------------------------------------------------------------------------

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.calendar.peekTime();
  }

  /** Process exactly one event. Returns false when there was none. */
  step(): boolean {
    const fn = this.calendar.pop();
    if (fn === null) return false;
    this.fire(fn);
    return true;
  }

  private fire(fn: Payload): void {
    const t = this.calendar.poppedTime;
    if (t < this._now) {
      // Cannot happen with the checks in schedule(); kept as a cheap guard of the core invariant.
      throw new Error(`engine invariant broken: event at ${t} popped after clock reached ${this._now}`);
    }
    this._now = t;
    this.eventsProcessed++;
    if (this.observer !== null) this.observer({ type: 'step', time: t });
    if (typeof fn === 'function') fn();
    else fn._fire();
  }

  /**
   * Run until the calendar is empty, or until `until` (the clock is then set to exactly
   * `until`; events at `until` or later stay for the next run), or until `maxEvents`
   * events. Can be called again to continue.
   */
  run(options: RunOptions = {}): void {
    const until = options.until ?? Infinity;
    if (Number.isNaN(until)) throw new RangeError('run: until must be a number, got NaN');
    if (until < this._now) {
      throw new RangeError(`run: until (${until}) is in the past; the clock is already at ${this._now}`);
    }
    let budget = options.maxEvents ?? Infinity;
    if (!(budget >= 0)) throw new RangeError(`run: maxEvents must be >= 0, got ${options.maxEvents}`);
    const cal = this.calendar;
    while (budget > 0) {
      const fn = cal.popBefore(until);
      if (fn === null) break;
      this.fire(fn);
      budget--;
    }
    if (until !== Infinity && budget > 0) this._now = until;
  }

  // ---- internals used by events and resources ----------------------------------------------

  /** @internal */
  _checkDelay(delay: number, what: string): void {
    if (typeof delay !== 'number' || !(delay >= 0) || delay === Infinity) {
      throw new RangeError(`${what}: delay must be a finite number >= 0, got ${String(delay)}`);
    }
  }

  /** @internal */
  _scheduleAt(time: number, priority: number, fn: Payload): EventId {
    return this.calendar.push(time, priority, fn);
  }

  /** @internal A triggered event is processed at the current time, in calendar order. */
  _enqueue(ev: SimEvent<unknown>, priority: number): void {
    this.calendar.push(this._now, priority, ev);
  }

  /** @internal */
  _enqueueAt(ev: SimEvent<unknown>, time: number, priority: number): void {
    this.calendar.push(time, priority, ev);
  }

  /** @internal */
  _nextRequestId(): number {
    return this.nextRequestId++;
  }
}
