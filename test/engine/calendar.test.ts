import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Calendar } from '../../src/engine/calendar.js';

function drain(cal: Calendar): string[] {
  const out: string[] = [];
  for (let fn = cal.pop(); fn !== null; fn = cal.pop()) (fn as () => void)();
  return out;
}

describe('Calendar (typed binary heap)', () => {
  it('pops in (time, priority, insertion) order', () => {
    const cal = new Calendar(2);
    const seen: string[] = [];
    const add = (t: number, p: number, tag: string) => cal.push(t, p, () => seen.push(tag));
    add(5, 1, 'e');
    add(1, 1, 'b');
    add(1, 0, 'a');
    add(1, 1, 'c');
    add(3, 1, 'd');
    drain(cal);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('cancels lazily and ignores stale ids', () => {
    const cal = new Calendar();
    const seen: number[] = [];
    const ids = [0, 1, 2, 3].map((i) => cal.push(i, 1, () => seen.push(i)));
    expect(cal.cancel(ids[1]!)).toBe(true);
    expect(cal.cancel(ids[1]!)).toBe(false); // twice
    expect(cal.length).toBe(3);
    expect(cal.peekTime()).toBe(0);
    (cal.pop() as () => void)();
    // ids[0] has fired; its slot is reused by the next push, the old id must not cancel it.
    const reused = cal.push(10, 1, () => seen.push(10));
    expect(cal.cancel(ids[0]!)).toBe(false);
    expect(cal.isPending(reused)).toBe(true);
    drain(cal);
    expect(seen).toEqual([0, 2, 3, 10]);
  });

  it('compacts when cancelled entries pile up and keeps order', () => {
    const cal = new Calendar();
    const seen: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) ids.push(cal.push(5000 - i, 1, () => seen.push(5000 - i)));
    for (let i = 0; i < 5000; i++) if (i % 5 !== 0) cal.cancel(ids[i]!);
    expect(cal.heapSize).toBeLessThan(5000); // compaction happened
    expect(cal.length).toBe(1000);
    drain(cal);
    expect(seen.length).toBe(1000);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
  });

  it('keeps dead entries below a quarter of a heap that keeps cancelling (reneging timers)', () => {
    const cal = new Calendar();
    for (let i = 0; i < 3000; i++) cal.push(1000 + i, 1, () => undefined); // 3000 live events
    let maxHeap = 0;
    for (let i = 0; i < 20000; i++) {
      cal.cancel(cal.push(500 + (i % 400), 1, () => undefined)); // scheduled, then cancelled
      maxHeap = Math.max(maxHeap, cal.heapSize);
    }
    expect(cal.length).toBe(3000);
    expect(maxHeap).toBeLessThanOrEqual(Math.ceil(3000 / 0.75) + 1);
    const times: number[] = [];
    while (cal.length > 0) {
      cal.pop();
      times.push(cal.poppedTime);
    }
    expect(times).toEqual(Array.from({ length: 3000 }, (_, i) => 1000 + i));
  });

  // Times from a wide range exercise the heap; from a narrow one, most pushes land at the time of
  // the last pop and go to the same-time rings, interleaved with heap entries of that time.
  it.each([20, 2])('matches a sorted reference under random pushes, pops and cancels (property, times 0..%i)', (maxT) => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: maxT }), p: fc.integer({ min: 0, max: 2 }) }),
            fc.record({ op: fc.constant('pop' as const) }),
            fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }),
          ),
          { maxLength: 300, size: 'large' },
        ),
        (ops) => {
          const cal = new Calendar(1);
          type Ref = { t: number; p: number; s: number; id: number; live: boolean };
          const ref: Ref[] = [];
          let s = 0;
          let got: number | null = null;
          for (const o of ops) {
            if (o.op === 'push') {
              const mySeq = s++;
              const id = cal.push(o.t, o.p, () => {
                got = mySeq;
              });
              ref.push({ t: o.t, p: o.p, s: mySeq, id, live: true });
            } else if (o.op === 'cancel') {
              const live = ref.filter((r) => r.live);
              if (live.length === 0) continue;
              const r = live[o.k % live.length]!;
              expect(cal.cancel(r.id)).toBe(true);
              r.live = false;
            } else {
              const live = ref.filter((r) => r.live).sort((a, b) => a.t - b.t || a.p - b.p || a.s - b.s);
              const fn = cal.pop();
              if (live.length === 0) {
                expect(fn).toBeNull();
                continue;
              }
              (fn as () => void)();
              expect(got).toBe(live[0]!.s);
              expect(cal.poppedTime).toBe(live[0]!.t);
              live[0]!.live = false;
            }
            expect(cal.length).toBe(ref.filter((r) => r.live).length);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('serves events scheduled for now in (priority, insertion) order among heap events of that time', () => {
    const cal = new Calendar();
    const seen: string[] = [];
    const add = (t: number, p: number, tag: string) => cal.push(t, p, () => seen.push(tag));
    add(1, 1, 'heap-normal');
    add(1, 2, 'heap-late');
    add(0, 1, 'first');
    (cal.pop() as () => void)(); // the clock is at 0
    add(0, 1, 'now-normal'); // rings: time of the last pop, priority 0 or 1
    add(0, 0, 'now-urgent');
    add(0, 2, 'now-late'); // priority 2 goes to the heap
    const cancelled = cal.push(0, 0, () => seen.push('cancelled'));
    expect(cal.cancel(cancelled)).toBe(true);
    expect(cal.length).toBe(5);
    expect(cal.peekTime()).toBe(0);
    (cal.pop() as () => void)();
    add(0, 0, 'urgent-later'); // after now-urgent, before now-normal
    drain(cal);
    expect(seen).toEqual(['first', 'now-urgent', 'urgent-later', 'now-normal', 'now-late', 'heap-normal', 'heap-late']);
    expect(cal.length).toBe(0);
    expect(cal.heapSize).toBe(0);
  });

  it('compacts cancelled entries in the same-time rings too', () => {
    const cal = new Calendar();
    cal.push(0, 1, () => undefined);
    cal.pop(); // the clock is at 0: the pushes below go to the NORMAL ring
    const ids = Array.from({ length: 2000 }, () => cal.push(0, 1, () => undefined));
    for (let i = 0; i < ids.length; i++) if (i % 4 !== 0) cal.cancel(ids[i]!);
    expect(cal.length).toBe(500);
    expect(cal.heapSize).toBeLessThan(1000); // compacted
    let n = 0;
    while (cal.pop() !== null) n++;
    expect(n).toBe(500);
  });
});
