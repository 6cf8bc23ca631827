/**
 * A small schema library for scenario files: each schema parses an unknown value into a typed
 * one, collects every problem it finds (with the field path, what was expected and what was
 * found, and a "did you mean" for unknown keys), and can describe itself as JSON Schema so
 * editors autocomplete and check files.
 */

export interface Issue {
  /** Field path, e.g. ['swt', 'capacity_per_wijk', 'value']. */
  path: (string | number)[];
  expected: string;
  found: string;
  hint?: string;
  /** 'error' stops the run; 'warning' is reported (e.g. an unstable configuration). */
  severity: 'error' | 'warning';
}

export type JsonSchema = Record<string, unknown>;

export interface Schema<T> {
  parse(value: unknown, path: (string | number)[], issues: Issue[]): T | undefined;
  json(): JsonSchema;
  /** Optional fields may be absent. */
  readonly optional?: boolean;
}

/** A description that is already text for people (not a value to quote). */
export class Described {
  constructor(readonly text: string) {}
}

export function describeValue(v: unknown): string {
  if (v instanceof Described) return v.text;
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).join(', ') || '(none)'}`;
  if (typeof v === 'string') return quoteText(v);
  return String(v);
}

/**
 * A text quoted in a message, cut to its first `max` characters: an error about a value should
 * show the value, not a whole file that was given where a short text belongs.
 */
export function quoteText(v: string, max = 60): string {
  if (v.length <= max) return JSON.stringify(v);
  return `${JSON.stringify(v.slice(0, max))}... (${v.length} characters)`;
}

/** A key as quoted in a message: in single quotes, cut when long. */
export function quoteKey(k: string, max = 40): string {
  return k.length <= max ? `'${k}'` : `'${k.slice(0, max)}...' (${k.length} characters)`;
}

function err(issues: Issue[], path: (string | number)[], expected: string, found: unknown, hint?: string): undefined {
  issues.push({ path: [...path], expected, found: describeValue(found), severity: 'error', ...(hint ? { hint } : {}) });
  return undefined;
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(key.toLowerCase(), k.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export const number = (opts: { min?: number; max?: number; integer?: boolean; description?: string } = {}): Schema<number> => ({
  parse(v, path, issues) {
    const expected = rangeText('a number', opts);
    if (typeof v !== 'number' || !Number.isFinite(v)) return err(issues, path, expected, v);
    if ((opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      return err(issues, path, expected, v);
    }
    return v;
  },
  json: () => ({
    type: opts.integer ? 'integer' : 'number',
    ...(opts.min !== undefined ? { minimum: opts.min } : {}),
    ...(opts.max !== undefined ? { maximum: opts.max } : {}),
    ...(opts.description ? { description: opts.description } : {}),
  }),
});

function rangeText(what: string, o: { min?: number; max?: number; integer?: boolean }): string {
  const base = o.integer ? 'an integer' : what;
  if (o.min !== undefined && o.max !== undefined) return `${base} in [${o.min}, ${o.max}]`;
  if (o.min !== undefined) return `${base} >= ${o.min}`;
  if (o.max !== undefined) return `${base} <= ${o.max}`;
  return base;
}

export const string = (opts: { pattern?: RegExp; patternText?: string; description?: string } = {}): Schema<string> => ({
  parse(v, path, issues) {
    if (typeof v !== 'string' || v.length === 0) return err(issues, path, 'a non-empty text', v);
    if (opts.pattern && !opts.pattern.test(v)) return err(issues, path, opts.patternText ?? `text matching ${opts.pattern}`, v);
    return v;
  },
  json: () => ({ type: 'string', ...(opts.pattern ? { pattern: opts.pattern.source } : {}), ...(opts.description ? { description: opts.description } : {}) }),
});

export const boolean = (description?: string): Schema<boolean> => ({
  parse(v, path, issues) {
    if (typeof v !== 'boolean') return err(issues, path, 'true or false', v);
    return v;
  },
  json: () => ({ type: 'boolean', ...(description ? { description } : {}) }),
});

export function oneOf<const T extends string>(values: readonly T[], description?: string): Schema<T> {
  return {
    parse(v, path, issues) {
      if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
      const guess = typeof v === 'string' ? didYouMean(v, values) : undefined;
      return err(issues, path, `one of ${values.join(', ')}`, v, guess ? `did you mean '${guess}'?` : undefined);
    },
    json: () => ({ enum: [...values], ...(description ? { description } : {}) }),
  };
}

export function optional<T>(s: Schema<T>): Schema<T | undefined> {
  return { parse: (v, p, i) => (v === undefined ? undefined : s.parse(v, p, i)), json: s.json, optional: true };
}

/**
 * A field a file may leave out because it is derived from another one (derive.ts fills it in
 * after the schema, or reports why it cannot): typed as present.
 */
export function derivable<T>(s: Schema<T>): Schema<T> {
  return { parse: (v, p, i) => (v === undefined ? (undefined as unknown as T) : s.parse(v, p, i)), json: s.json, optional: true };
}

export function withDefault<T>(s: Schema<T>, dflt: T): Schema<T> {
  return { parse: (v, p, i) => (v === undefined ? dflt : s.parse(v, p, i)), json: () => ({ ...s.json(), default: dflt }), optional: true };
}

type Shape = Record<string, Schema<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: S[K] extends Schema<infer T> ? T : never };

export function object<S extends Shape>(shape: S, description?: string): Schema<Out<S>> {
  const keys = Object.keys(shape);
  return {
    parse(v, path, issues) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return err(issues, path, `an object with keys ${keys.join(', ')}`, v);
      const rec = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const k of Object.keys(rec)) {
        if (!(k in shape)) {
          const guess = didYouMean(k, keys);
          err(issues, [...path, k], `one of the keys ${keys.join(', ')}`, new Described(`unknown key ${quoteKey(k)}`), guess ? `did you mean '${guess}'?` : undefined);
          ok = false;
        }
      }
      for (const k of keys) {
        const s = shape[k]!;
        if (rec[k] === undefined && !s.optional) {
          err(issues, [...path, k], `a value (this field is required)`, undefined);
          ok = false;
          continue;
        }
        const before = issues.filter((i) => i.severity === 'error').length;
        const parsed = s.parse(rec[k], [...path, k], issues);
        if (issues.filter((i) => i.severity === 'error').length > before) ok = false;
        out[k] = parsed;
      }
      return ok ? (out as Out<S>) : undefined;
    },
    json: () => ({
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(keys.map((k) => [k, shape[k]!.json()])),
      required: keys.filter((k) => !shape[k]!.optional),
      ...(description ? { description } : {}),
    }),
  };
}

/** An object whose keys come from a fixed list (all optional unless `required`), values of one schema. */
export function recordOf<K extends string, T>(keys: readonly K[], value: Schema<T>, opts: { required?: boolean; description?: string } = {}): Schema<Partial<Record<K, T>>> {
  return {
    parse(v, path, issues) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return err(issues, path, `an object with keys among ${keys.join(', ')}`, v);
      const out: Partial<Record<K, T>> = {};
      let ok = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (!(keys as readonly string[]).includes(k)) {
          const guess = didYouMean(k, keys);
          err(issues, [...path, k], `one of the keys ${keys.join(', ')}`, new Described(`unknown key ${quoteKey(k)}`), guess ? `did you mean '${guess}'?` : undefined);
          ok = false;
          continue;
        }
        const p = value.parse(x, [...path, k], issues);
        if (p === undefined) ok = false;
        else out[k as K] = p;
      }
      if (opts.required) {
        for (const k of keys) if (!(k in out) && ok) {
          err(issues, [...path, k], 'a value (every key is required here)', undefined);
          ok = false;
        }
      }
      return ok ? out : undefined;
    },
    json: () => ({
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(keys.map((k) => [k, value.json()])),
      ...(opts.required ? { required: [...keys] } : {}),
      ...(opts.description ? { description: opts.description } : {}),
    }),
  };
}

/** An object with keys of the user's choosing (matching `key`), values of one schema. */
export function dictOf<T>(value: Schema<T>, key: { pattern: RegExp; patternText: string }, description?: string): Schema<Record<string, T>> {
  return {
    parse(v, path, issues) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return err(issues, path, `an object of ${key.patternText} keys`, v);
      const out: Record<string, T> = {};
      let ok = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (!key.pattern.test(k)) {
          err(issues, [...path, k], `a key of ${key.patternText}`, new Described(`the key ${quoteKey(k)}`));
          ok = false;
          continue;
        }
        const p = value.parse(x, [...path, k], issues);
        if (p === undefined) ok = false;
        else out[k] = p;
      }
      return ok ? out : undefined;
    },
    json: () => ({ type: 'object', propertyNames: { pattern: key.pattern.source }, additionalProperties: value.json(), ...(description ? { description } : {}) }),
  };
}

export function arrayOf<T>(item: Schema<T>, opts: { minLength?: number; description?: string } = {}): Schema<T[]> {
  return {
    parse(v, path, issues) {
      if (!Array.isArray(v)) return err(issues, path, 'a list', v);
      if (opts.minLength !== undefined && v.length < opts.minLength) return err(issues, path, `a list of at least ${opts.minLength}`, v);
      const out: T[] = [];
      let ok = true;
      v.forEach((x, i) => {
        const p = item.parse(x, [...path, i], issues);
        if (p === undefined) ok = false;
        else out.push(p);
      });
      return ok ? out : undefined;
    },
    json: () => ({ type: 'array', items: item.json(), ...(opts.minLength ? { minItems: opts.minLength } : {}), ...(opts.description ? { description: opts.description } : {}) }),
  };
}

/** Add a cross-field check to a schema (e.g. shares that must sum to 1). */
export function refine<T>(s: Schema<T>, check: (v: T, path: (string | number)[], issues: Issue[]) => void): Schema<T> {
  return {
    parse(v, path, issues) {
      const p = s.parse(v, path, issues);
      if (p !== undefined) check(p, path, issues);
      return p;
    },
    json: s.json,
    ...(s.optional ? { optional: true } : {}),
  };
}

export function formatPath(path: (string | number)[]): string {
  // A key is cut when long: a file given where a scenario belongs should not be quoted whole.
  const key = (k: string) => (k.length <= 40 ? k : `${k.slice(0, 40)}...`);
  return path.length === 0 ? '(top level)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? key(p) : `.${key(p)}`)).join('');
}
