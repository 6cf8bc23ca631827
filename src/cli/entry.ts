/**
 * The process entry of the CLI: runs `main` on argv and sets the exit code. bin/ketensim.js
 * does the same from the compiled files; tests spawn this file through tsx.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
