/**
 * Streams of uniform random numbers, read with 53-bit resolution, ported from seedrandom 3 so
 * that they give the same numbers for the same string key (test/random/streams.test.ts compares
 * them):
 * - `Stream`: Brent's xorgens generator xor4096 (period 2^4096 - 1), for named streams;
 * - `EntityStream`: Tyche-i, cheap to seed, for the one stream per casus.
 * Streams are made by `Streams`, which derives each from (seed, replication, name), so streams
 * never share state. State lives in fields and typed arrays and methods on the prototype: a model
 * makes one stream per casus, and seedrandom's closures and plain-array state made that the
 * largest source of garbage in a replication.
 */

/** What the distributions need from a source of uniforms (a Stream, or a test double). */
export interface Uniform {
  /** A double in [0, 1) with 53 random bits. */
  uniform01(): number;
  /** A double in (0, 1): never 0, so safe inside a logarithm. */
  uniform01Open(): number;
}

/** Uniform doubles from a generator of 32-bit outputs, as seedrandom's double(). */
abstract class Uniform53 implements Uniform {
  constructor(readonly name: string) {}

  /** The next 32-bit output (signed), as seedrandom's `int32()`. */
  protected abstract next(): number;

  uniform01(): number {
    // Two 32-bit outputs combined into 53 bits; never exactly 0.
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

export class Stream extends Uniform53 {
  private readonly X = new Int32Array(128);
  private w = 0;
  private i = 0;

  /**
   * @internal Use `Streams.stream()`: it builds `key` from the seed, replication and name, which is
   * what keeps streams reproducible and independent.
   */
  constructor(name: string, key: string) {
    super(name);
    this.init(key);
  }

  /** seedrandom's xor4096 seeding for a string key: mix the characters in, then run 512 steps. */
  private init(key: string): void {
    const X = this.X;
    const seed = key + '\0';
    const n = seed.length;
    const limit = Math.max(128, n);
    let v = 0;
    let w = 0;
    let t: number;
    let i = 0;
    // The characters are read cyclically: c is (j + 32) % n, kept as a running index because a
    // division per step was a large part of the seeding.
    let c = 0;
    for (let j = -32; j < limit; ++j) {
      v ^= seed.charCodeAt(c);
      if (++c === n) c = 0;
      if (j === 0) w = v;
      v ^= v << 10;
      v ^= v >>> 15;
      v ^= v << 4;
      v ^= v >>> 13;
      if (j >= 0) {
        w = (w + 0x61c88647) | 0;
        t = X[j & 127]! ^ (v + w);
        X[j & 127] = t;
        i = t === 0 ? i + 1 : 0;
      }
    }
    if (i >= 128) X[seed.length & 127] = -1;
    i = 127;
    for (let j = 4 * 128; j > 0; --j) {
      let a = X[(i + 34) & 127]!;
      i = (i + 1) & 127;
      let b = X[i]!;
      a ^= a << 13;
      b ^= b << 17;
      a ^= a >>> 15;
      b ^= b >>> 12;
      X[i] = a ^ b;
    }
    this.w = w;
    this.i = i;
  }

  protected next(): number {
    const X = this.X;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let v = X[(this.i + 34) & 127]!;
    const i = (this.i = (this.i + 1) & 127);
    let t = X[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = X[i] = v ^ t;
    return (v + (w ^ (w >>> 16))) | 0;
  }
}

/**
 * A per-entity stream (`Streams.forKey`): seedrandom's Tyche-i generator (`seedrandom.tychei`,
 * Neves and Araujo 2011; 128-bit state, period about 2^127, passes BigCrush), read with 53-bit
 * resolution like `Stream`. A model makes one for every casus, some 15,000 per replication,
 * and each draws only tens of numbers: xor4096's seeding (672 steps through a 4096-bit state) took
 * a seventh of a replication's time, Tyche-i's takes the key length plus 20 rounds. The port gives
 * the same numbers as seedrandom for the same key (test/random/streams.test.ts).
 */
export class EntityStream extends Uniform53 {
  private released = false;
  private a = 0;
  private b = 0;
  private c = 2654435769 | 0;
  private d = 1367130551;

  /** @internal Use `Streams.forKey()`, which builds `key` from the seed, replication, name and entity key. */
  constructor(name: string, key: string) {
    super(name);
    // seedrandom mixes each character into b before a round, then runs 20 more rounds. The
    // rounds are next() on local variables: through the fields they took twice as long.
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    const n = key.length;
    for (let k = 0; k < n + 20; k++) {
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
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** @internal The entity is gone (`Streams.release`): drawing afterwards is a bug and throws. */
  _release(): void {
    this.released = true;
  }

  /** The next 32-bit output (signed), as seedrandom's tychei `int32()`. */
  protected next(): number {
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

  /**
   * Uniform53.uniform01 with the released check, written out again so that its calls of next()
   * see one class: this is the hottest call of a replication, and the shared version (next() on
   * two classes) made a replication about 3% slower.
   */
  override uniform01(): number {
    if (this.released) throw new Error(`Stream '${this.name}': drawn from after it was released`);
    let r: number;
    do {
      const top = this.next() >>> 11;
      const bot = (this.next() >>> 0) / 0x100000000;
      r = (top + bot) / (1 << 21);
    } while (r === 0);
    return r;
  }
}
