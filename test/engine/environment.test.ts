import { describe, expect, it } from 'vitest';
import { Environment, Interrupt, type SimEvent } from '../../src/engine/index.js';
import { watchInvariants } from './support.js';

describe('Environment: callbacks and the clock', () => {
  it('runs callbacks in time order and breaks ties by priority, then insertion', () => {
    const env = new Environment();
    watchInvariants(env);
    const seen: string[] = [];
    env.schedule(2, () => seen.push('b@2'));
    env.schedule(1, () => seen.push('a@1'));
    env.schedule(2, () => seen.push('c@2'));
    env.schedule(2, () => seen.push('urgent@2'), 0);
    env.run();
    expect(seen).toEqual(['a@1', 'urgent@2', 'b@2', 'c@2']);
    expect(env.now).toBe(2);
  });

  it('run({until}) stops the clock exactly at until and keeps the next event', () => {
    const env = new Environment();
    const seen: number[] = [];
    for (const t of [5, 10, 15, 25]) env.schedule(t, () => seen.push(env.now));
    env.run({ until: 10 });
    expect(seen).toEqual([5]); // the event at exactly `until` waits for the next run
    expect(env.now).toBe(10);
    env.run({ until: 20 });
    expect(seen).toEqual([5, 10, 15]);
    expect(env.now).toBe(20);
    env.run();
    expect(seen).toEqual([5, 10, 15, 25]);
  });

  it('step() processes one event at a time and maxEvents bounds a run', () => {
    const env = new Environment();
    env.schedule(1, () => undefined);
    env.schedule(2, () => undefined);
    env.schedule(3, () => undefined);
    expect(env.step()).toBe(true);
    expect(env.now).toBe(1);
    env.run({ maxEvents: 1 });
    expect(env.now).toBe(2);
    expect(env.pending).toBe(1);
    expect(env.step()).toBe(true);
    expect(env.step()).toBe(false);
  });

  it('cancels a scheduled callback', () => {
    const env = new Environment();
    let fired = false;
    const id = env.schedule(1, () => (fired = true));
    expect(env.cancel(id)).toBe(true);
    env.run();
    expect(fired).toBe(false);
  });

  it('calls back handler objects (schedule) and waiter objects (addCallback) without closures', () => {
    const env = new Environment();
    watchInvariants(env);
    const seen: string[] = [];
    // An entity that is its own callback: `_fire` for delays, `_wake` for events.
    const entity = {
      _fire: () => seen.push(`fire@${env.now}`),
      _wake: (ev: SimEvent<unknown>) => seen.push(`wake@${env.now}:${String(ev.value)}`),
    };
    env.schedule(2, entity);
    env.scheduleAt(1, entity, 0);
    const ev = env.event<string>();
    ev.addCallback(entity);
    env.schedule(3, () => ev.succeed('granted'));
    env.run();
    expect(seen).toEqual(['fire@1', 'fire@2', 'wake@3:granted']);
    ev.addCallback(entity); // already processed: woken at once
    expect(seen.at(-1)).toBe('wake@3:granted');
    const id = env.schedule(1, entity);
    expect(env.cancel(id)).toBe(true);
    env.run();
    expect(seen).toHaveLength(4);
  });

  it('rejects negative, NaN and infinite delays and running into the past', () => {
    const env = new Environment();
    expect(() => env.schedule(-1, () => undefined)).toThrow(/delay must be a finite number >= 0, got -1/);
    expect(() => env.schedule(NaN, () => undefined)).toThrow(/got NaN/);
    expect(() => env.timeout(Infinity)).toThrow(/got Infinity/);
    env.run({ until: 10 });
    expect(() => env.run({ until: 5 })).toThrow(/in the past; the clock is already at 10/);
    expect(() => env.scheduleAt(3, () => undefined)).toThrow(/>= now \(10\), got 3/);
  });
});

describe('Processes (synchronous generators)', () => {
  it('yield a number waits that long; yield an event waits for it', () => {
    const env = new Environment();
    const log: string[] = [];
    const signal = env.event<string>();
    env.process(
      (function* () {
        yield 3;
        log.push(`slept until ${env.now}`);
        const v = yield signal;
        log.push(`got ${String(v)} at ${env.now}`);
      })(),
    );
    env.schedule(7, () => signal.succeed('go'));
    env.run();
    expect(log).toEqual(['slept until 3', 'got go at 7']);
  });

  it('a process can wait for another and receives its return value', () => {
    const env = new Environment();
    function* child() {
      yield 4;
      return 42;
    }
    let got: unknown;
    env.process(
      (function* () {
        got = yield env.process(child());
        expect(env.now).toBe(4);
      })(),
    );
    env.run();
    expect(got).toBe(42);
  });

  it('a finished process can be yielded later and gives its value at once', () => {
    const env = new Environment();
    const p = env.process(
      (function* () {
        yield 1;
        return 'done';
      })(),
    );
    let got: unknown;
    env.process(
      (function* () {
        yield 5;
        got = yield p;
        expect(env.now).toBe(5);
      })(),
    );
    env.run();
    expect(got).toBe('done');
  });

  it('anyOf triggers on the first event, allOf on the last', () => {
    const env = new Environment();
    const out: Array<[string, number, number]> = [];
    env.process(
      (function* () {
        const a = env.timeout(2, 'a');
        const b = env.timeout(5, 'b');
        const any = (yield env.anyOf([a, b])) as SimEvent[];
        out.push(['any', env.now, any.length]);
        const all = (yield env.allOf([env.timeout(1), env.timeout(3)])) as SimEvent[];
        out.push(['all', env.now, all.length]);
        const none = (yield env.allOf([])) as SimEvent[];
        out.push(['empty', env.now, none.length]);
      })(),
    );
    env.run();
    expect(out).toEqual([
      ['any', 2, 1],
      ['all', 5, 2],
      ['empty', 5, 0],
    ]);
  });

  it('interrupts a waiting process with a cause and stops its wait', () => {
    const env = new Environment();
    const log: string[] = [];
    const worker = env.process(
      (function* () {
        try {
          yield 10;
          log.push('not interrupted');
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          log.push(`interrupted at ${env.now} by ${String(e.cause)}`);
        }
        yield 1;
        log.push(`done at ${env.now}`);
      })(),
    );
    env.process(
      (function* () {
        yield 4;
        worker.interrupt('phone call');
      })(),
    );
    env.run();
    expect(log).toEqual(['interrupted at 4 by phone call', 'done at 5']);
  });

  it('an uncaught error in a process ends the run with that error', () => {
    const env = new Environment();
    env.process(
      (function* () {
        yield 1;
        throw new Error('boom in model code');
      })(),
    );
    expect(() => env.run()).toThrow('boom in model code');
  });

  it('a failure is delivered to the process that waits for it', () => {
    const env = new Environment();
    const ev = env.event();
    let caught = '';
    env.process(
      (function* () {
        try {
          yield ev;
        } catch (e) {
          caught = (e as Error).message;
        }
      })(),
    );
    env.schedule(1, () => ev.fail(new Error('no place')));
    env.run();
    expect(caught).toBe('no place');
  });

  it('names what was wrong on misuse', () => {
    const env = new Environment();
    env.process(
      (function* () {
        yield -2;
      })(),
      'casus',
    );
    expect(() => env.run()).toThrow(/process 'casus' yielded the delay -2/);
    const env2 = new Environment();
    env2.process(
      (function* () {
        yield 'soon' as unknown as number;
      })(),
    );
    expect(() => env2.run()).toThrow(/yielded string; expected a delay \(number\) or an event/);
    const ev = env.event();
    ev.succeed(1);
    expect(() => ev.succeed(2)).toThrow(/already triggered/);
    // @ts-expect-error: passing the function instead of the generator object
    expect(() => env.process(function* () {})).toThrow(/expected a generator object/);
  });
});
