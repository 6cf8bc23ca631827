/**
 * A stream of uniform random numbers: seedrandom's xor4096 generator (Brent's xorgens,
 * period 2^4096 - 1), read with 53-bit resolution. Streams are made by `Streams`, which
 * derives each from (seed, replication, name), so streams never share state.
 */
import seedrandom from 'seedrandom';

/** What the distributions need from a source of uniforms (a Stream, or a test double). */
export interface Uniform {
  /** A double in [0, 1) with 53 random bits. */
  uniform01(): number;
  /** A double in (0, 1): never 0, so safe inside a logarithm. */
  uniform01Open(): number;
}

export class Stream implements Uniform {
  private readonly prng: seedrandom.PRNG;

  /**
   * @internal Use `Streams.stream()` or `Streams.forKey()`: they build `key` from the seed,
   * replication and name, which is what keeps streams reproducible and independent.
   */
  constructor(
    readonly name: string,
    key: string,
  ) {
    this.prng = seedrandom.xor4096(key);
  }

  uniform01(): number {
    // double() combines two 32-bit outputs into 53 bits (the plain call gives only 32).
    return this.prng.double();
  }

  uniform01Open(): number {
    // xor4096's double() already skips 0, but the contract must not depend on that detail.
    let u = this.prng.double();
    while (u === 0) u = this.prng.double();
    return u;
  }
}
