import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ketensim CLI', () => {
  it('prints help and the version', () => {
    expect(run(['--help']).out).toMatch(/ketensim selfcheck/);
    expect(run(['--version']).out).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('selfcheck prints theory next to the simulated CI, as a table or JSON', () => {
    const r = run(['selfcheck', '--reps', '3', '--seed', '4']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/M\/M\/1, rho 0.9\s+Wq\s+9\.0000/);
    const j = JSON.parse(run(['selfcheck', '--reps', '3', '--json']).out) as { rows: Array<{ theory: number; n: number }> };
    expect(j.rows.length).toBeGreaterThanOrEqual(8);
    expect(j.rows.every((row) => row.n === 3)).toBe(true);
  });

  it('user errors: a clear message, exit code 2, no stack trace', () => {
    for (const [argv, msg] of [
      [['frobnicate'], "unknown command 'frobnicate'"],
      [['selfcheck', '--reps', 'many'], "option --reps: expected an integer >= 2, found 'many'"],
      [['selfcheck', '--rep', '3'], 'unknown option --rep; expected one of --reps, --seed, --json'],
      [['selfcheck', '--seed'], 'option --seed needs a value'],
    ] as const) {
      const r = run([...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
