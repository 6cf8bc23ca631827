/**
 * The event calendar: a binary min-heap on typed arrays (struct of arrays), ordered by
 * (time, priority, insertion sequence). The sequence number makes ties deterministic:
 * two events at the same time and priority fire in the order they were scheduled.
 * Priority and sequence share one float key, priority * 2^40 + sequence, so a comparison
 * is at most two number compares (priorities are integers in [0, 4095]; 2^40 events).
 *
 * Payloads (callbacks) live in a slot table; the heap moves only numbers. An event id
 * packs the slot index and the slot's generation, so a stale id (for an event that has
 * already fired or whose slot was reused) can never cancel somebody else's event.
 *
 * Cancellation is lazy: a cancelled entry stays in the heap and is skipped when it
 * reaches the top. When more than MIN_COMPACT cancelled entries make up over a quarter of the
 * heap, it is compacted (filtered and re-heapified in linear time), which keeps memory and pop
 * cost bounded. Models cancel a lot (a Wmo applicant's reneging timer is cancelled when the
 * applicant is served, weeks before it would fire): at half, the youth-care baseline carried
 * 2,200 dead entries next to 2,600 live ones, each popped at the full cost of a live one.
 *
 * Events for "now" skip the heap. An event scheduled at the time of the last pop with priority
 * URGENT (0) or NORMAL (1) (a process that starts, a granted request, a triggered event) goes to a
 * first-in-first-out ring for its priority. All entries of a ring have one time and one priority,
 * and their sequence numbers ascend, so each ring is sorted by (time, priority, sequence) and its
 * head is its minimum; a pop takes the least of the heap top and the two ring heads. The order is
 * the same total order as with the heap alone, at O(1) instead of a sift up to the root and a
 * sift down from it. The youth-care baseline schedules about a quarter of its events this way.
 */

export type EventId = number;
export type Callback = () => void;
/** An object the calendar can call back without a closure (events and processes on hot paths). */
export interface Firable {
  _fire(): void;
}
export type Payload = Callback | Firable;

const SLOT_BITS = 2 ** 26; // at most 67 million pending events
const GEN_WRAP = 2 ** 27; // generations wrap so ids stay exact doubles (< 2^53)
const MIN_COMPACT = 256;
// Where the next entry is (Calendar.least).
const NONE = 0;
const HEAP = 1;
const RING0 = 2;
const RING1 = 3;
const PRIO_SHIFT = 2 ** 40;
export const MAX_PRIORITY = 4095;

/** Same-time, same-priority events in scheduling order (see the file comment). */
class Ring {
  key = new Float64Array(64);
  slot = new Int32Array(64);
  head = 0;
  tail = 0;
  /** The time of every entry (meaningful while the ring is not empty). */
  t = 0;

  get count(): number {
    return this.tail - this.head;
  }

  push(t: number, k: number, slot: number): void {
    if (this.tail === this.key.length) this.grow();
    this.t = t;
    this.key[this.tail] = k;
    this.slot[this.tail++] = slot;
  }

  /** Remove the head; the ring restarts at index 0 once empty (it empties before time moves on). */
  shift(): void {
    if (++this.head === this.tail) this.head = this.tail = 0;
  }

  private grow(): void {
    const n = this.key.length * 2;
    const key = new Float64Array(n);
    key.set(this.key.subarray(this.head, this.tail));
    const slot = new Int32Array(n);
    slot.set(this.slot.subarray(this.head, this.tail));
    this.tail -= this.head;
    this.head = 0;
    this.key = key;
    this.slot = slot;
  }

  /** Keep the entries whose slot passes `keep`, in order. */
  filter(keep: (slot: number) => boolean): void {
    let j = 0;
    for (let i = this.head; i < this.tail; i++) {
      const sl = this.slot[i]!;
      if (!keep(sl)) continue;
      this.key[j] = this.key[i]!;
      this.slot[j++] = sl;
    }
    this.head = 0;
    this.tail = j;
  }
}

export class Calendar {
  private time: Float64Array;
  private key: Float64Array;
  private slotOf: Int32Array;
  private size = 0;
  private nextSeq = 0;

  // Slot table.
  private fns: (Payload | null)[] = [];
  private gen: Float64Array;
  private cancelled: Uint8Array;
  private freeSlots: number[] = [];
  private cancelledCount = 0;
  // Events at the current time, one ring per priority URGENT and NORMAL.
  private readonly ring0 = new Ring();
  private readonly ring1 = new Ring();

  constructor(initialCapacity = 256) {
    this.time = new Float64Array(initialCapacity);
    this.key = new Float64Array(initialCapacity);
    this.slotOf = new Int32Array(initialCapacity);
    this.gen = new Float64Array(initialCapacity);
    this.cancelled = new Uint8Array(initialCapacity);
  }

  /** Number of live (not cancelled) events. */
  get length(): number {
    return this.entries - this.cancelledCount;
  }

  /** Number of entries including lazily cancelled ones (heap and rings; for tests and benches). */
  get heapSize(): number {
    return this.entries;
  }

  private get entries(): number {
    return this.size + this.ring0.count + this.ring1.count;
  }

  /** Number of events scheduled so far (the next insertion sequence number). */
  get scheduledCount(): number {
    return this.nextSeq;
  }

  push(t: number, priority: number, fn: Payload): EventId {
    if (!(priority >= 0 && priority <= MAX_PRIORITY) || (priority | 0) !== priority) {
      throw new RangeError(`Calendar: priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`);
    }
    const slot = this.allocSlot(fn);
    const k = priority * PRIO_SHIFT + this.nextSeq++;
    if (priority <= 1 && t === this.poppedTime) {
      const ring = priority === 0 ? this.ring0 : this.ring1;
      if (ring.head === ring.tail || ring.t === t) {
        ring.push(t, k, slot);
        return this.gen[slot]! * SLOT_BITS + slot;
      }
    }
    if (this.size === this.time.length) this.growHeap();
    let i = this.size++;
    // Sift up.
    const time = this.time, key = this.key, slotOf = this.slotOf;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p]!;
      if (pt < t || (pt === t && key[p]! < k)) break;
      time[i] = pt;
      key[i] = key[p]!;
      slotOf[i] = slotOf[p]!;
      i = p;
    }
    time[i] = t;
    key[i] = k;
    slotOf[i] = slot;
    return this.gen[slot]! * SLOT_BITS + slot;
  }

  /** Cancel a pending event. Returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const g = (id - slot) / SLOT_BITS;
    if (slot >= this.fns.length || this.gen[slot] !== g || this.fns[slot] === null || this.cancelled[slot]) {
      return false;
    }
    this.cancelled[slot] = 1;
    this.fns[slot] = null;
    this.cancelledCount++;
    if (this.cancelledCount > MIN_COMPACT && this.cancelledCount * 4 > this.entries) this.compact();
    return true;
  }

  /** Is this id a pending, not cancelled, event? */
  isPending(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const g = (id - slot) / SLOT_BITS;
    return slot < this.fns.length && this.gen[slot] === g && this.fns[slot] !== null && !this.cancelled[slot];
  }

  /** Time of the next live event, or Infinity when there is none. */
  peekTime(): number {
    for (;;) {
      const from = this.least();
      if (from === NONE) return Infinity;
      const slot = this.slotAt(from);
      if (!this.cancelled[slot]) return from === HEAP ? this.time[0]! : from === RING0 ? this.ring0.t : this.ring1.t;
      this.removeFrom(from);
      this.releaseSlot(slot);
      this.cancelledCount--;
    }
  }

  /**
   * Remove the next live event and return its callback; its time is in `poppedTime`.
   * Returns null when the calendar is empty.
   */
  poppedTime = 0;
  pop(): Payload | null {
    return this.popBefore(Infinity);
  }

  /** Like pop(), but only if the next live event is strictly before `until`. */
  popBefore(until: number): Payload | null {
    // Both rings empty (an empty ring is at index 0): the heap alone, as in the hold model.
    if (this.ring0.tail === 0 && this.ring1.tail === 0) {
      if (this.cancelledCount > 0) this.dropCancelledTop();
      if (this.size === 0 || !(this.time[0]! < until)) return null;
      const slot = this.slotOf[0]!;
      this.poppedTime = this.time[0]!;
      const fn = this.fns[slot]!;
      this.removeTop();
      this.releaseSlot(slot);
      return fn;
    }
    return this.popMixed(until);
  }

  /** popBefore() when a ring holds entries: the least of the heap top and the ring heads. */
  private popMixed(until: number): Payload | null {
    for (;;) {
      const from = this.least();
      if (from === NONE) return null;
      const t = from === HEAP ? this.time[0]! : from === RING0 ? this.ring0.t : this.ring1.t;
      const slot = this.slotAt(from);
      const dead = this.cancelled[slot] === 1;
      if (!dead && !(t < until)) return null;
      this.removeFrom(from);
      if (dead) {
        this.releaseSlot(slot);
        this.cancelledCount--;
        continue;
      }
      this.poppedTime = t;
      const fn = this.fns[slot]!;
      this.releaseSlot(slot);
      return fn;
    }
  }

  /** Drop cancelled entries from the top of the heap (while both rings are empty). */
  private dropCancelledTop(): void {
    while (this.size > 0) {
      const slot = this.slotOf[0]!;
      if (!this.cancelled[slot]) return;
      this.removeTop();
      this.releaseSlot(slot);
      this.cancelledCount--;
    }
  }

  /** Where the least entry (live or cancelled) is: the heap top, a ring head, or NONE. */
  private least(): number {
    const r0 = this.ring0, r1 = this.ring1;
    let from = NONE;
    let t = Infinity;
    let k = 0;
    if (this.size > 0) {
      from = HEAP;
      t = this.time[0]!;
      k = this.key[0]!;
    }
    if (r0.head < r0.tail) {
      const rk = r0.key[r0.head]!;
      if (from === NONE || r0.t < t || (r0.t === t && rk < k)) {
        from = RING0;
        t = r0.t;
        k = rk;
      }
    }
    if (r1.head < r1.tail) {
      const rk = r1.key[r1.head]!;
      if (from === NONE || r1.t < t || (r1.t === t && rk < k)) from = RING1;
    }
    return from;
  }

  private slotAt(from: number): number {
    return from === HEAP ? this.slotOf[0]! : from === RING0 ? this.ring0.slot[this.ring0.head]! : this.ring1.slot[this.ring1.head]!;
  }

  private removeFrom(from: number): void {
    if (from === HEAP) this.removeTop();
    else if (from === RING0) this.ring0.shift();
    else this.ring1.shift();
  }

  private removeTop(): void {
    const last = --this.size;
    if (last === 0) return;
    const time = this.time, key = this.key, slotOf = this.slotOf;
    const t = time[last]!, k = key[last]!, sl = slotOf[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      let ct = time[c]!;
      if (r < last) {
        const rt = time[r]!;
        if (rt < ct || (rt === ct && key[r]! < key[c]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && k < key[c]!)) break;
      time[i] = ct;
      key[i] = key[c]!;
      slotOf[i] = slotOf[c]!;
      i = c;
    }
    time[i] = t;
    key[i] = k;
    slotOf[i] = sl;
  }

  private allocSlot(fn: Payload): number {
    let slot: number;
    if (this.freeSlots.length > 0) {
      slot = this.freeSlots.pop()!;
      this.fns[slot] = fn;
    } else {
      slot = this.fns.length;
      if (slot >= SLOT_BITS) throw new RangeError(`Calendar: more than ${SLOT_BITS} pending events`);
      this.fns.push(fn);
      if (slot >= this.gen.length) {
        const g = new Float64Array(this.gen.length * 2);
        g.set(this.gen);
        this.gen = g;
        const c = new Uint8Array(this.cancelled.length * 2);
        c.set(this.cancelled);
        this.cancelled = c;
      }
    }
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.fns[slot] = null;
    this.cancelled[slot] = 0;
    this.gen[slot] = (this.gen[slot]! + 1) % GEN_WRAP;
    this.freeSlots.push(slot);
  }

  private growHeap(): void {
    const n = this.time.length * 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.time = grow(this.time);
    this.key = grow(this.key);
    const s = new Int32Array(n);
    s.set(this.slotOf);
    this.slotOf = s;
  }

  /** Drop cancelled entries and rebuild the heap (Floyd's heapify; order stays total). */
  private compact(): void {
    let j = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = this.slotOf[i]!;
      if (this.cancelled[slot]) {
        this.releaseSlot(slot);
        continue;
      }
      this.time[j] = this.time[i]!;
      this.key[j] = this.key[i]!;
      this.slotOf[j] = slot;
      j++;
    }
    this.size = j;
    const live = (slot: number) => {
      if (!this.cancelled[slot]) return true;
      this.releaseSlot(slot);
      return false;
    };
    this.ring0.filter(live);
    this.ring1.filter(live);
    this.cancelledCount = 0;
    for (let i = (j >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a]!, tb = this.time[b]!;
    if (ta !== tb) return ta < tb;
    return this.key[a]! < this.key[b]!;
  }

  private swap(a: number, b: number): void {
    const t = this.time[a]!, k = this.key[a]!, sl = this.slotOf[a]!;
    this.time[a] = this.time[b]!;
    this.key[a] = this.key[b]!;
    this.slotOf[a] = this.slotOf[b]!;
    this.time[b] = t;
    this.key[b] = k;
    this.slotOf[b] = sl;
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      let c = l;
      if (l + 1 < this.size && this.less(l + 1, l)) c = l + 1;
      if (!this.less(c, i)) return;
      this.swap(c, i);
      i = c;
    }
  }
}
