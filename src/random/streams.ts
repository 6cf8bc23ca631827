/**
 * Named random streams for one replication. Every stream is derived from the key
 * `ketensim/v1/<seed>/<replication>/<name>`, so:
 * - the same seed, replication and name always give the same numbers;
 * - adding or removing a stream, or creating streams in another order, never shifts another
 *   stream (this is what makes common random numbers between scenarios work);
 * - per-entity streams (`forKey('casus', id)`, key `.../<name>#<id>`) give each casus its own
 *   numbers, so two designs see the same families with the same needs, whatever order events
 *   happen in.
 *
 * The key is textual: seed 7 and seed '7' (or key 42 and '42') give the same streams.
 * To keep keys unambiguous, string seeds may not contain '/' and names may not contain '#'.
 */
import { seedPrefix, Stream, type TycheState } from './stream.js';

export interface StreamsOptions {
  /** A safe integer or a non-empty string without '/'. */
  seed: number | string;
  /** Replication number, an integer >= 0. */
  replication: number;
}

export class Streams {
  readonly seed: number | string;
  readonly replication: number;
  private readonly prefix: string;
  private readonly cache = new Map<string, Stream>();
  /** Per family of per-entity streams: the generator state after `<prefix><name>#`, mixed once. */
  private readonly families = new Map<string, Readonly<TycheState>>();

  constructor(options: StreamsOptions) {
    const { seed, replication } = options;
    if (typeof seed === 'number') {
      if (!Number.isSafeInteger(seed)) throw new RangeError(`Streams: seed must be a safe integer or a non-empty string, got ${seed}`);
    } else if (typeof seed !== 'string' || seed.length === 0) {
      throw new RangeError(`Streams: seed must be a safe integer or a non-empty string, got ${describe(seed)}`);
    } else if (seed.includes('/')) {
      // A '/' would let (seed 'a/1', replication 2) and (seed 'a', replication 1, name '2/...') share a key.
      throw new RangeError(`Streams: a string seed must not contain '/', got ${JSON.stringify(seed)}`);
    }
    if (!Number.isSafeInteger(replication) || replication < 0) {
      throw new RangeError(`Streams: replication must be an integer >= 0, got ${describe(replication)}`);
    }
    this.seed = seed;
    this.replication = replication;
    this.prefix = `ketensim/v1/${String(seed)}/${replication}/`;
  }

  /** The stream with this name (the same instance on every call). */
  stream(name: string): Stream {
    let s = this.cache.get(name);
    if (s === undefined) {
      checkName(name);
      s = new Stream(name, this.prefix + name);
      this.cache.set(name, s);
    }
    return s;
  }

  /**
   * A fresh stream for one entity (e.g. casus 1234), independent of every other stream.
   * Not cached: the caller keeps it for as long as the entity lives.
   */
  forKey(name: string, key: number | string): Stream {
    let start = this.families.get(name);
    if (start === undefined) {
      checkName(name);
      start = seedPrefix(`${this.prefix}${name}#`);
      this.families.set(name, start);
    }
    if (typeof key === 'number' ? !Number.isFinite(key) : typeof key !== 'string' || key.length === 0) {
      throw new RangeError(`Streams: key for '${name}' must be a finite number or a non-empty string, got ${describe(key)}`);
    }
    const entity = typeof key === 'string' ? key : String(key);
    // The same numbers as new Stream(name, prefix + name + '#' + entity): the common part is mixed once.
    return new Stream(name, entity, entity, start);
  }

  /**
   * Mark a per-entity stream as done (its casus left the chain): drawing from it afterwards
   * throws, which catches a model that still uses a casus after its journey ended.
   */
  release(s: Stream): void {
    if (s.entity === null) throw new Error(`Streams: release of the named stream '${s.name}'; only forKey streams can be released`);
    s._release();
  }
}

function checkName(name: string): void {
  // '#' separates a name from an entity key, so it may not appear in a name.
  if (typeof name !== 'string' || name.length === 0 || name.includes('#')) {
    throw new RangeError(`Streams: a stream name must be a non-empty string without '#', got ${describe(name)}`);
  }
}

function describe(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}
