/**
 * What every chart of the web app shares: the palette, the context a chart is drawn in
 * (translations, number format, size for presentation mode), and small helpers.
 */
export { PALETTE } from '../../../src/experiment/report.js';

/** The reference as loaded, next to a changed baseline: neutral, drawn dashed. */
export const REFERENCE_COLOR = '#6b6b6b';

export type Lang = 'nl' | 'en';

export interface ChartContext {
  lang: Lang;
  /** Translate a key of the locale files; `vars` fill {name} placeholders. */
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** Format a number for the locale (nl-NL: decimal comma, thousands dot). */
  fmt: (x: number, digits?: number) => string;
  /** Presentation mode: larger text and strokes, readable from five metres. */
  large: boolean;
  /** Available width in CSS pixels. */
  width: number;
}

/** A scenario as drawn: its name, label and colour; the baseline is drawn dashed or as a ghost. */
export interface ScenarioStyle {
  id: string;
  label: string;
  color: string;
  baseline: boolean;
}

/**
 * A context whose access node is named after the design: the toegang is the wijkteam in the
 * indicatiemodel, the basisteam or the one-stop-shop's intake in the other designs.
 */
export function withDesign(ctx: ChartContext, design: string): ChartContext {
  const key = design === 'brede-basisteams' ? 'flow.node.route:toegang.basisteam' : design === 'one-stop-shop' ? 'flow.node.route:toegang.oss' : null;
  if (!key) return ctx;
  return { ...ctx, t: (k, vars) => (k === 'flow.node.route:toegang' ? ctx.t(key, vars) : ctx.t(k, vars)) };
}
