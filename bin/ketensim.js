#!/usr/bin/env node
// Entry point of the `ketensim` command; the compiled CLI lives in dist/ (built by `npm ci`).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
process.exitCode = code;
