import { defineConfig } from 'vitest/config';

// One config for the web app (later, under web/) and for vitest.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Statistical tests run many replications; give them room but never retry (seeds are fixed).
    testTimeout: 120_000,
    retry: 0,
    pool: 'forks',
  },
});
