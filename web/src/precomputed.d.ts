/** The default comparison computed at build time (web/vite.config.ts, web/tools/precompute.ts). */
declare module 'virtual:ketensim-precomputed' {
  import type { RunRecord } from '../../src/experiment/results.js';
  import type { Settings } from './state.js';
  const data: { fingerprint: string; settings: Settings; records: Record<string, RunRecord> } | null;
  export default data;
}
