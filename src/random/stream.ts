/**
 * A stream of uniform random numbers: seedrandom's Tyche-i generator (`seedrandom.tychei`, Neves
 * and Araujo 2011; 128-bit state, period about 2^127, passes BigCrush), read with 53-bit
 * resolution. Streams are made by `Streams`, which derives each from (seed, replication, name),
 * so streams never share state.
 *
 * The generator is a port of seedrandom's `tychei` that gives the same numbers for the same string
 * key (test/random/streams.test.ts compares them). Its state is four fields and its methods are on
 * the prototype: a model makes one stream per casus, some 15,000 per replication, and each draws
 * only tens of numbers. seedrandom's closures made that the largest source of garbage in a
 * replication, and xor4096 (the generator used before) took a seventh of a replication's time just
 * to seed (672 steps through a 4096-bit state) where Tyche-i takes the key length plus 20 rounds;
 * `Streams` mixes the common prefix of per-entity keys once, so a casus stream costs its own key
 * (`ouders#1963`) plus 20 rounds.
 * One generator for every stream also keeps the calls from the distributions to `uniform01`
 * monomorphic, which measurably speeds up a replication.
 */

/** What the distributions need from a source of uniforms (a Stream, or a test double). */
export interface Uniform {
  /** A double in [0, 1) with 53 random bits. */
  uniform01(): number;
  /** A double in (0, 1): never 0, so safe inside a logarithm. */
  uniform01Open(): number;
}

/** Tyche-i's four words of state. */
export interface TycheState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** seedrandom's initial state, before any key is mixed in. */
const INITIAL: Readonly<TycheState> = { a: 0, b: 0, c: 2654435769 | 0, d: 1367130551 };

/**
 * Mix `key` into the state `from` as seedrandom does (each character into b, then a round) and run
 * `extra` more rounds; write the result into `into`. Seeding key k1 + k2 from the initial state is
 * the same as mixing k1 with no extra rounds and then k2 with 20: that is what lets `Streams` mix
 * the long common prefix of a family of per-entity streams once instead of once per entity.
 * The rounds are on local variables: through the fields they took twice as long.
 */
function absorb(into: TycheState, from: Readonly<TycheState>, key: string, extra: number): void {
  let a = from.a;
  let b = from.b;
  let c = from.c;
  let d = from.d;
  const n = key.length;
  for (let k = 0; k < n + extra; k++) {
    if (k < n) b ^= key.charCodeAt(k);
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  into.a = a;
  into.b = b;
  into.c = c;
  into.d = d;
}

/** @internal The state after mixing in `prefix` (no final rounds): where a family of streams starts. */
export function seedPrefix(prefix: string): Readonly<TycheState> {
  const s = { a: 0, b: 0, c: 0, d: 0 };
  absorb(s, INITIAL, prefix, 0);
  return s;
}

export class Stream implements Uniform {
  private released = false;
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /**
   * @internal Use `Streams.stream()` or `Streams.forKey()`: they build the key from the seed,
   * replication and name, which is what keeps streams reproducible and independent. The stream
   * is seedrandom's `tychei(key)` where key is what `start` has mixed in (`seedPrefix`), followed
   * by `seedKey`. A per-entity stream (`entity` not null) is named `<family>#<entity>`.
   */
  constructor(
    readonly family: string,
    seedKey: string,
    readonly entity: string | null = null,
    start: Readonly<TycheState> = INITIAL,
  ) {
    absorb(this as unknown as TycheState, start, seedKey, 20); // the private a, b, c, d
  }

  /** The stream's name: its family, and for a per-entity stream `#` and the entity key. */
  get name(): string {
    return this.entity === null ? this.family : `${this.family}#${this.entity}`;
  }

  /** @internal The stream's entity is gone (`Streams.release`): drawing afterwards is a bug and throws. */
  _release(): void {
    this.released = true;
  }

  /** The next 32-bit output (signed), as seedrandom's tychei `int32()`. */
  private next(): number {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    this.b = b = (b << 20) ^ (b >>> 12) ^ c;
    this.c = c = (c - d) | 0;
    this.d = (d << 16) ^ (c >>> 16) ^ a;
    return (this.a = (a - b) | 0);
  }

  uniform01(): number {
    if (this.released) throw new Error(`Stream '${this.name}': drawn from after it was released`);
    // Two 32-bit outputs combined into 53 bits, as seedrandom's double(); never exactly 0.
    let r: number;
    do {
      const top = this.next() >>> 11;
      const bot = (this.next() >>> 0) / 0x100000000;
      r = (top + bot) / (1 << 21);
    } while (r === 0);
    return r;
  }

  uniform01Open(): number {
    // uniform01() already skips 0, but the contract must not depend on that detail.
    let u = this.uniform01();
    while (u === 0) u = this.uniform01();
    return u;
  }
}
