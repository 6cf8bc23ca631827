/**
 * The process entry of the CLI: runs `main` on argv and sets the exit code. bin/ketensim.js
 * does the same from the compiled files; tests spawn this file through tsx.
 *
 * SIGINT (Ctrl-C) and SIGTERM (a batch system's stop) end the process between two writes, never
 * in the middle of one: every write of results is synchronous, and a handler runs only when the
 * event loop gets a turn. So no temporary file stays behind, each finished run is in runs.jsonl,
 * and the same command resumes.
 */
import { main } from './main.js';

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nketensim: stopped by ${signal}; finished runs are kept in the results folder (if any): rerun the same command to resume\n`);
    process.exit(code);
  });
}

// A reader that stops early (`ketensim compare | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of an unhandled EPIPE with a stack trace. Results folders are written with
// synchronous writes of their own, so nothing is left half-done by stopping here.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
