/** The default comparison computed at build time (web/vite.config.ts, web/tools/precompute.ts); null when the build left it out. */
declare module 'virtual:ketensim-precomputed' {
  import type { RunRecord } from '../../src/experiment/results.js';
  import type { Settings } from './state.js';
  const data: { fingerprint: string; settings: Settings; records: Record<string, RunRecord> } | null;
  export default data;
}

/** The shipped scenario files as the parser reads them, by path (web/vite.config.ts). */
declare module 'virtual:ketensim-parsed' {
  const data: Record<string, Record<string, unknown>>;
  export default data;
}
