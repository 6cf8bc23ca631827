/**
 * The hostile-input suite, command by command (cases.ts): each case ends in a clear error or a
 * correct result, prints no stack trace, quotes nothing of a file that is not a scenario, and
 * leaves the folders it names as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { COMMANDS } from '../../src/cli/main.js';
import { FAULT_CASES } from './cases.js';
import { cli, expectClearError, expectNoLeak, makeSandbox, snapshot, temporaries, type Sandbox } from './harness.js';

let sandbox: Sandbox;
// The sandbox runs four small sweeps: room for a machine shared with other test runs.
beforeAll(async () => {
  sandbox = await makeSandbox();
}, 120_000);
afterAll(() => rmSync(sandbox.dir, { recursive: true, force: true }));

describe('the hostile-input suite covers every command', () => {
  it('every command of the CLI has fault cases', () => {
    for (const cmd of COMMANDS) expect(FAULT_CASES[cmd]?.length ?? 0, `no fault cases for '${cmd}' in test/faults/cases.ts`).toBeGreaterThanOrEqual(5);
  });

  it('every command in the usage text is a command of the CLI', async () => {
    const help = (await cli(['--help'])).out;
    const used = [...help.matchAll(/^ {2}ketensim ([a-z][a-z-]*)/gm)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThanOrEqual(COMMANDS.length);
    for (const cmd of used) expect(COMMANDS as readonly string[], `'ketensim ${cmd}' is in the usage text but not in COMMANDS (src/cli/main.ts)`).toContain(cmd);
  });
});

for (const [command, cases] of Object.entries(FAULT_CASES)) {
  describe(`ketensim ${command}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const watched = c.unchanged?.(sandbox) ?? [];
        const before = watched.map((d) => snapshot(d));
        const r = await cli(c.argv(sandbox));
        const what = `${command}: ${c.name}`;
        if (c.expect === 'ok') {
          expectNoLeak(r, what);
          expect(r.code, `${what} (stderr: ${r.err})`).toBe(0);
        } else {
          expectClearError(r, c.expect, what);
        }
        watched.forEach((d, i) => expect(snapshot(d), `${what}: ${d} changed`).toEqual(before[i]));
        expect(temporaries(sandbox.dir), `${what}: temporary files left`).toEqual([]);
        c.after?.(sandbox);
      });
    }
  });
}
