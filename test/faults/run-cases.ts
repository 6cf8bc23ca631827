/**
 * Runs CLI cases in a process of its own, for cases that might hang or run out of memory: reads a
 * JSON list of argv lists from the file named on the command line, runs each through main(), and
 * prints one JSON line as each starts and one with its answer, so a parent that kills this
 * process after a time limit knows which case hung.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

const cases = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
for (let i = 0; i < cases.length; i++) {
  process.stdout.write(JSON.stringify({ i, start: true }) + '\n');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(cases[i]!, { out: (s) => out.push(s), err: (s) => err.push(s) });
  process.stdout.write(JSON.stringify({ i, code, out: out.join('\n').slice(0, 2000), err: err.join('\n').slice(0, 4000) }) + '\n');
}
