/**
 * The flow of casussen through the chain: vindplaatsen -> routes (-> MDO) -> care levels -> exits,
 * with the step-up (re-referral) loop drawn as a return arc under the diagram.
 *
 * - layout.ts: pure layout (no DOM), deterministic for the same input; geometry.ts its paths.
 * - render.ts: D3 drawing of the current scenario with the baseline as dashed outlines.
 * - paths.ts: pure mapping of one replication's event log to per-casus node sequences.
 * - animate.ts: dots of one simulated run moving over the diagram (one canvas overlay).
 */
export * from './types.js';
export { ribbonPath, rescaleSegments } from './geometry.js';
export { flowLayout } from './layout.js';
export { casusPaths, eventNode, type CasusPath, type CasusStep, type CasusPathOptions } from './paths.js';
export { renderFlow, flowNodeLabel } from './render.js';
export { animateFlow, type AnimateOptions, type FlowAnimation } from './animate.js';
