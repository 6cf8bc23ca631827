/**
 * Meeting: a recurring meeting that handles at most N cases each time (the IVH-MDO: monthly,
 * 4 children, 45 minutes each; 000:L1642-1668). Cases join a waiting list; at each meeting the
 * first N by the list's order (default first come, first served) are discussed one after
 * another; each case's event succeeds when its own discussion ends. Cases not reached wait
 * for the next meeting. Extra one-off meetings can be added (clearing a backlog).
 *
 * A meeting with no cases waiting still counts its slots as offered, so slot use is
 * slots used / slots offered.
 */
import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { Tally } from './monitors.js';
import { Store } from './store.js';

export interface MeetingOptions<T> {
  name?: string;
  /** Time between regular meetings (> 0). */
  period: number;
  /** Time of the first regular meeting (>= now). Default: now + period. */
  firstAt?: number;
  /** Cases per meeting (integer >= 1). */
  slots: number;
  /** Discussion time per case (>= 0). */
  perCase?: number;
  /** Which waiting case goes first: negative when `a` before `b`. Default first come, first served. */
  order?: (a: T, b: T) => number;
}

export interface Discussed {
  /** When the meeting that took the case started. */
  meetingAt: number;
  /** Position in that meeting, 0-based. */
  position: number;
}

interface Entry<T> {
  item: T;
  joinedAt: number;
  ev: SimEvent<Discussed>;
}

export class Meeting<T> {
  readonly name: string;
  private readonly list: Store<Entry<T>>;
  private readonly period: number;
  private readonly slots: number;
  private readonly perCase: number;
  private k = 0;
  private readonly firstAt: number;
  meetingsHeld = 0;
  slotsOffered = 0;
  slotsUsed = 0;
  /** Join-to-meeting waits of discussed cases. */
  readonly waits = new Tally('meeting.waits');

  constructor(readonly env: Environment, options: MeetingOptions<T>) {
    this.name = options.name ?? 'meeting';
    const { period, slots } = options;
    const perCase = options.perCase ?? 0;
    if (!(period > 0) || period === Infinity) throw new RangeError(`Meeting '${this.name}': period must be a finite number > 0, got ${String(period)}`);
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`Meeting '${this.name}': slots must be an integer >= 1, got ${String(slots)}`);
    if (!(perCase >= 0) || perCase * slots >= period) {
      throw new RangeError(`Meeting '${this.name}': perCase must be >= 0 and slots * perCase below the period, got ${String(perCase)}`);
    }
    const order = options.order;
    this.list = new Store<Entry<T>>(env, {
      name: `${this.name}.list`,
      ...(order ? { order: (a: Entry<T>, b: Entry<T>) => order(a.item, b.item) } : {}),
    });
    this.period = period;
    this.slots = slots;
    this.perCase = perCase;
    this.firstAt = options.firstAt ?? env.now + period;
    if (!(this.firstAt >= env.now)) throw new RangeError(`Meeting '${this.name}': firstAt must be >= now, got ${this.firstAt}`);
    this.scheduleRegular();
  }

  /** Cases waiting for a meeting now. */
  get waiting(): number {
    return this.list.size;
  }

  /** Put a case on the list; the event succeeds when its discussion ends. */
  join(item: T): SimEvent<Discussed> {
    const ev = new SimEvent<Discussed>(this.env);
    this.list.put({ item, joinedAt: this.env.now, ev });
    return ev;
  }

  /** Take a case off the list before it was discussed (it went another way). */
  leave(item: T): boolean {
    const e = this.list.items.find((x) => x.item === item);
    return e !== undefined && this.list.remove(e);
  }

  /** An extra one-off meeting at `time` with `slots` places. */
  addMeeting(time: number, slots: number = this.slots): void {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`Meeting '${this.name}': slots must be an integer >= 1, got ${String(slots)}`);
    this.env.scheduleAt(time, () => this.hold(slots));
  }

  resetStats(): void {
    this.meetingsHeld = 0;
    this.slotsOffered = 0;
    this.slotsUsed = 0;
    this.waits.reset();
    this.list.resetStats();
  }

  /** Waiting-list length over time. */
  get listLevel() {
    return this.list.level;
  }

  private scheduleRegular(): void {
    const at = this.firstAt + this.k * this.period; // multiplicative: no drift
    this.env.scheduleAt(at, () => {
      this.k++;
      this.scheduleRegular();
      this.hold(this.slots);
    });
  }

  private hold(slots: number): void {
    const now = this.env.now;
    this.meetingsHeld++;
    this.slotsOffered += slots;
    const taken = this.list.takeUpTo(slots);
    this.slotsUsed += taken.length;
    taken.forEach((e, position) => {
      this.waits.record(now - e.joinedAt);
      const done: Discussed = { meetingAt: now, position };
      const end = (position + 1) * this.perCase;
      if (end === 0) e.ev.succeed(done);
      else this.env.schedule(end, () => e.ev.succeed(done));
    });
  }
}
