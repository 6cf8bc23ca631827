/**
 * What the waterfall and the tornado share: text at a projector's size, labels wrapped onto lines
 * that fit, and a value axis with a grid.
 */
import * as d3 from 'd3';
import { PROJECTOR_FONT, textWidth, type ChartContext } from './common.js';

/** The analysis charts are read from the back of the room: their text is the slides' size everywhere. */
export const ANALYSIS_FONT = PROJECTOR_FONT;

/** A label on at most `lines` lines of at most `width` pixels; a word too long for the last line is cut with an ellipsis. */
export function wrapLabel(text: string, fs: number, width: number, lines = 2, weight: number | string = 400): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (textWidth(next, fs, weight) <= width || !line) {
      line = next;
      continue;
    }
    out.push(line);
    line = words[i]!;
    if (out.length === lines - 1) {
      line = words.slice(i).join(' ');
      break;
    }
  }
  if (line) out.push(line);
  const last = out.length - 1;
  if (last >= 0 && textWidth(out[last]!, fs, weight) > width) {
    let s = out[last]!;
    while (s.length > 1 && textWidth(`${s}…`, fs, weight) > width) s = s.slice(0, -1);
    out[last] = `${s.trimEnd()}…`;
  }
  return out;
}

/** Write `lines` as one text element centred on `y` (a tspan per line). */
export function multiline(g: d3.Selection<SVGGElement, unknown, null, undefined>, lines: readonly string[], x: number, y: number, fs: number, anchor: 'start' | 'end', weight: number | string = 400): d3.Selection<SVGTextElement, unknown, null, undefined> {
  const lh = fs * 1.15;
  const text = g.append('text').attr('x', x).attr('text-anchor', anchor).attr('fill', '#1a1a1a').attr('font-weight', weight);
  lines.forEach((l, i) => text.append('tspan').attr('x', x).attr('y', y - ((lines.length - 1) * lh) / 2 + i * lh).attr('dy', '0.35em').text(l));
  return text;
}

/** A value axis at the bottom with grid lines up to `top`; tick labels in the locale's format. */
export function valueAxis(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, x: d3.ScaleLinear<number, number>, y: number, top: number, fs: number, ctx: ChartContext, digits: number): void {
  const [x0, x1] = x.range() as [number, number];
  const axis = svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${y})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((x1 - x0) / (fs * 5)))).tickFormat((v) => ctx.fmt(Number(v), digits)).tickSize(-(y - top)));
  axis.selectAll('line').attr('stroke', '#e3e3e3');
  axis.select('.domain').attr('stroke', '#888888');
  axis.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('dy', '1em');
}

/** Digits for the ticks of an axis over [lo, hi]. */
export const tickDigits = (lo: number, hi: number): number => {
  const span = Math.abs(hi - lo);
  return span >= 20 ? 0 : span >= 2 ? 1 : 2;
};
