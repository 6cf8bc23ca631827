/**
 * The default comparison computed at build time (see web/vite.config.ts): its run records by the
 * runner's cache key. Without it (a build that left it out) the app runs the replications itself.
 */
import precomputed from 'virtual:ketensim-precomputed';
import type { RunRecord } from '../../../src/experiment/results.js';

export type PrecomputedRecords = Record<string, RunRecord>;

export const precomputedRecords = (): PrecomputedRecords | undefined => precomputed?.records;
