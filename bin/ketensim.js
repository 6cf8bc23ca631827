#!/usr/bin/env node
// Entry point of the `ketensim` command; the compiled CLI lives in dist/ (built by `npm ci`).
await import('../dist/src/cli/entry.js');
