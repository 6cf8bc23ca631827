/**
 * Command-line options shared by every command: the output sinks, `--name value` parsing and
 * the checks of numbers and choices. Its own module, so main.ts imports the commands and the
 * commands import this, and no import runs in a circle.
 */
import type { CsvDialect } from '../experiment/results.js';
import { UserError } from './errors.js';

/** Where a command prints: results to `out` (stdout), messages to `err` (stderr). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export type Options = Record<string, string | boolean>;

/** Parse `--name value` and `--flag` options after the command. */
export function parseOptions(args: string[], spec: Record<string, 'string' | 'boolean'>): { opts: Options; rest: string[] } {
  const opts: Options = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1); // --out=a=b is the folder 'a=b'
    const kind = spec[name];
    if (kind === undefined) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UserError(`unknown option --${name}; expected one of ${known || '(none)'}`);
    }
    if (kind === 'boolean') {
      if (inline !== undefined) throw new UserError(`option --${name} takes no value, found --${name}=${inline}; leave it out to switch it off`);
      opts[name] = true;
      continue;
    }
    const v = inline ?? args[++i];
    if (v === undefined) throw new UserError(`option --${name} needs a value`);
    opts[name] = v;
  }
  return { opts, rest };
}

/** A number written in decimal ('12', '0.5', '1e-3'); NaN for anything else, the empty text and '0x10' included (Number() reads those as 0 and 16). */
export function decimal(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
}

/**
 * An integer option from `min` to `max`. Beyond 2^53 - 1 a double no longer holds every integer
 * ('9007199254740993' reads as ...992), so a larger seed would silently be another seed.
 */
export function intOption(opts: Options, name: string, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = opts[name];
  if (v === undefined) return dflt;
  const n = decimal(String(v));
  if (!Number.isInteger(n) || n < min) throw new UserError(`option --${name}: expected an integer >= ${min}, found '${String(v)}'`);
  if (n > max) throw new UserError(`option --${name}: expected an integer from ${min} to ${max}${max === Number.MAX_SAFE_INTEGER ? ' (2^53 - 1, the largest integer a number holds exactly)' : ''}, found '${String(v)}'`);
  return n;
}

/** Worker threads at most: each holds a copy of the model (tens of MB); more than this helps no machine we know. */
export const MAX_WORKERS = 256;

export function csvOption(opts: Options): CsvDialect {
  const v = opts.csv ?? 'nl';
  if (v !== 'nl' && v !== 'intl') throw new UserError(`option --csv: expected nl (';' and decimal comma, for Dutch Excel) or intl (',' and decimal point), found '${String(v)}'`);
  return v;
}
