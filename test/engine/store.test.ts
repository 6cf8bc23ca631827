import { describe, expect, it } from 'vitest';
import { Container, Environment, Meeting, Store } from '../../src/engine/index.js';
import { watchInvariants } from './support.js';

describe('Store and FilterStore', () => {
  it('is first in, first out, and a get waits for a put', () => {
    const env = new Environment();
    const store = new Store<string>(env);
    const got: string[] = [];
    env.process(
      (function* () {
        for (let i = 0; i < 3; i++) got.push(`${String(yield store.get())}@${env.now}`);
      })(),
    );
    env.schedule(1, () => store.put('a'));
    env.schedule(2, () => {
      store.put('b');
      store.put('c');
    });
    env.run();
    expect(got).toEqual(['a@1', 'b@2', 'c@2']);
  });

  it('takes the best item by the store order (a waiting list by urgency)', () => {
    const env = new Environment();
    const list = new Store<{ id: string; urgency: number }>(env, { order: (a, b) => b.urgency - a.urgency });
    list.put({ id: 'x', urgency: 1 });
    list.put({ id: 'y', urgency: 3 });
    list.put({ id: 'z', urgency: 3 });
    list.put({ id: 'w', urgency: 2 });
    expect(list.takeUpTo(10).map((c) => c.id)).toEqual(['y', 'z', 'w', 'x']); // ties keep arrival order
  });

  it('a filtered get takes only what it accepts and does not block others', () => {
    const env = new Environment();
    const store = new Store<number>(env);
    const got: string[] = [];
    env.process(
      (function* () {
        got.push(`even ${String(yield store.get((x) => x % 2 === 0))} @${env.now}`);
      })(),
    );
    env.process(
      (function* () {
        got.push(`any ${String(yield store.get())} @${env.now}`);
      })(),
    );
    env.schedule(1, () => store.put(3));
    env.schedule(2, () => store.put(4));
    env.run();
    expect(got).toEqual(['any 3 @1', 'even 4 @2']);
  });

  it('puts wait while full; cancel withdraws a waiting get; tryGet never waits', () => {
    const env = new Environment();
    const store = new Store<number>(env, { capacity: 1 });
    const times: number[] = [];
    env.process(
      (function* () {
        yield store.put(1);
        times.push(env.now);
        yield store.put(2);
        times.push(env.now);
      })(),
    );
    env.schedule(5, () => expect(store.tryGet()).toBe(1));
    env.run();
    expect(times).toEqual([0, 5]);
    expect(store.tryGet((x) => x > 5)).toBeUndefined();
    const g = store.get((x) => x > 5);
    store.cancel(g);
    expect(store.waitingGets).toBe(0);
    expect(() => store.cancel(g)).toThrow(/not waiting/);
    expect(() => new Store(env, { capacity: 0 })).toThrow(/capacity must be an integer >= 1, got 0/);
  });
});

describe('Container', () => {
  it('gets wait for the level, FIFO; tryGet reports an exhausted budget', () => {
    const env = new Environment();
    const budget = new Container(env, { name: 'lump sum', capacity: 100, init: 30 });
    const log: string[] = [];
    env.process(
      (function* () {
        yield budget.get(50);
        log.push(`big ${env.now}`);
      })(),
    );
    env.process(
      (function* () {
        yield budget.get(10);
        log.push(`small ${env.now}`);
      })(),
    );
    env.schedule(1, () => expect(budget.tryGet(5)).toBe(false)); // the big get is queued first
    env.schedule(3, () => budget.put(40));
    env.run();
    expect(log).toEqual(['big 3', 'small 3']);
    expect(budget.level).toBe(10);
    expect(budget.tryGet(10)).toBe(true);
    expect(budget.tryGet(1)).toBe(false);
    expect(() => budget.get(-1)).toThrow("Container 'lump sum': get amount must be a finite number > 0, got -1");
    expect(() => budget.put(101)).toThrow(/exceeds the capacity 100/);
    // drain() empties it whoever is queued (an expiring budget)
    budget.put(30);
    env.process(
      (function* () {
        yield budget.get(90);
      })(),
    );
    env.run();
    expect(budget.drain()).toBe(30);
    expect(budget.level).toBe(0);
  });
});

describe('Meeting (the MDO pattern: N cases per period)', () => {
  it('discusses at most N cases per meeting, in order, each after its slot', () => {
    const env = new Environment();
    watchInvariants(env);
    // Monthly (4 weeks here), 4 children per meeting, 45 minutes each (in weeks: 45 / (60*24*7)).
    const perCase = 45 / (60 * 24 * 7);
    const mdo = new Meeting<number>(env, { name: 'IVH-MDO', period: 4, firstAt: 4, slots: 4, perCase });
    const done: Array<[number, number]> = [];
    for (let child = 0; child < 6; child++) {
      env.process(
        (function* () {
          yield 0.5 * child;
          const d = (yield mdo.join(child)) as { meetingAt: number; position: number };
          done.push([child, d.meetingAt]);
          expect(env.now).toBeCloseTo(d.meetingAt + (d.position + 1) * perCase, 12);
        })(),
      );
    }
    env.run({ until: 13 });
    expect(done).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 8],
      [5, 8],
    ]);
    expect(mdo.meetingsHeld).toBe(3); // at 4, 8 and 12
    expect(mdo.slotsOffered).toBe(12);
    expect(mdo.slotsUsed).toBe(6);
  });

  it('an extra meeting clears the backlog; the order rule picks the most urgent', () => {
    const env = new Environment();
    const mdo = new Meeting<{ id: number; urgent: boolean }>(env, {
      period: 4,
      slots: 1,
      order: (a, b) => Number(b.urgent) - Number(a.urgent),
    });
    const seen: number[] = [];
    for (const c of [
      { id: 1, urgent: false },
      { id: 2, urgent: true },
      { id: 3, urgent: false },
    ]) {
      mdo.join(c).addCallback(() => seen.push(c.id));
    }
    mdo.addMeeting(1, 2);
    env.run({ until: 5 });
    expect(seen).toEqual([2, 1, 3]); // extra meeting at 1 takes 2 then 1; regular at 4 takes 3
    expect(mdo.waiting).toBe(0);
    expect(() => new Meeting(env, { period: 1, slots: 0 })).toThrow(/slots must be an integer >= 1, got 0/);
  });
});
