/**
 * What every chart of the web app shares: the palette, the context a chart is drawn in
 * (translations, number format, size for presentation mode), and small helpers.
 */
import * as d3 from 'd3';
import type { Selection } from 'd3';
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
  /**
   * Height to fill (CSS pixels), for a slide: the chart is then drawn at exactly width x height, so
   * its font sizes are the rendered sizes (at least PROJECTOR_FONT when large).
   */
  height?: number;
}

/** The smallest text on a projected slide (CSS pixels at 1024x768 and up). */
export const PROJECTOR_FONT = 24;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

let measureCtx: CanvasRenderingContext2D | null | undefined;

/** The width of a text in the charts' font (a canvas measures it; without one, an estimate). */
export function textWidth(text: string, fontSize: number, weight: number | string = 400): number {
  if (measureCtx === undefined) measureCtx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (!measureCtx) return text.length * fontSize * 0.58;
  measureCtx.font = `${weight} ${fontSize}px ${FONT}`;
  return measureCtx.measureText(text).width;
}

/**
 * A legend of lines (dashed for the baseline) that wraps onto as many rows as the width needs, so
 * no name is cut and none runs off the chart. Returns the height it took.
 */
export function legendRows(g: Selection<SVGGElement, unknown, null, undefined>, items: readonly { label: string; color: string; dashed: boolean }[], width: number, fs: number, extra?: string): number {
  const swatch = fs * 1.5;
  const gap = fs * 0.9;
  let x = 0;
  let row = 0;
  const place = (w: number) => {
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    const at = x;
    x += w + gap;
    return at;
  };
  for (const it of items) {
    const w = swatch + fs * 0.3 + textWidth(it.label, fs);
    const at = place(w);
    const y = row * fs * 1.4;
    g.append('line').attr('x1', at).attr('x2', at + swatch).attr('y1', y - fs / 3).attr('y2', y - fs / 3).attr('stroke', it.color).attr('stroke-width', Math.max(2, fs / 6)).attr('stroke-dasharray', it.dashed ? '6 4' : null);
    g.append('text').attr('x', at + swatch + fs * 0.3).attr('y', y).attr('fill', '#1a1a1a').attr('font-size', fs).text(it.label);
  }
  if (extra) {
    const at = place(textWidth(extra, fs));
    g.append('text').attr('x', at).attr('y', row * fs * 1.4).attr('fill', '#555555').attr('font-size', fs).text(extra);
  }
  return (row + 1) * fs * 1.4;
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

/** A chart's SVG element W x H with the app's font and a white background, labelled for screen readers. */
export function svgFrame(container: HTMLElement, cls: string, W: number, H: number, fs: number, label: string): Selection<SVGSVGElement, unknown, null, undefined> {
  const svg = d3
    .select(container)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('class', cls)
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('width', W)
    .attr('height', H)
    .attr('role', 'img')
    .attr('aria-label', label)
    .attr('font-family', FONT)
    .attr('font-size', fs);
  svg.append('rect').attr('width', W).attr('height', H).attr('fill', '#ffffff');
  return svg;
}

/**
 * A chart over time with scenarios as lines: its frame (W x H, at most `maxHeight` at a desk, half
 * its width on a projector), the title, and the legend wrapped under it with `note`. `legendH`:
 * the legend's height, below `fs * 2.6`.
 */
export function titledLineChart(
  container: HTMLElement,
  cls: string,
  styles: readonly ScenarioStyle[],
  title: string,
  note: string,
  maxHeight: number,
  ctx: ChartContext,
): { svg: Selection<SVGSVGElement, unknown, null, undefined>; W: number; H: number; fs: number; legendH: number } {
  const W = Math.max(320, Math.floor(ctx.width));
  const H = Math.floor(ctx.height ?? (ctx.large ? W * 0.5 : Math.min(maxHeight, W * 0.55)));
  const fs = ctx.large ? PROJECTOR_FONT : 12;
  const svg = svgFrame(container, cls, W, H, fs, title);
  svg.append('text').attr('x', 0).attr('y', fs * 1.15).attr('font-weight', 600).attr('font-size', fs * 1.15).attr('fill', '#1a1a1a').text(title);
  const legend = svg.append('g').attr('transform', `translate(0,${fs * 2.6})`);
  const items = styles.map((st) => ({ label: st.baseline && !/basis|baseline/i.test(st.label) ? `${st.label} (${ctx.t('chart.baseline')})` : st.label, color: st.color, dashed: st.baseline }));
  return { svg, W, H, fs, legendH: legendRows(legend, items, W, fs, note) };
}
