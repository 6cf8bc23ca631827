/**
 * A KPI over two levers: one cell per combination, coloured on a sequential blue scale (readable
 * in grey and with colour blindness), the value written in each cell.
 */
import * as d3 from 'd3';
import type { ChartContext } from './common.js';
import { exactDecimals } from '../i18n/index.js';

export interface HeatCell {
  x: number;
  y: number;
  value: number;
}

/** Gradient ids, unique in the page (a counter, not a random number). */
let legends = 0;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function renderHeatmap(container: HTMLElement, cells: HeatCell[], opts: { title: string; xLabel: string; yLabel: string }, ctx: ChartContext): SVGSVGElement {
  const big = ctx.large;
  const fs = big ? 22 : 12;
  const xs = [...new Set(cells.map((c) => c.x))].sort((a, b) => a - b);
  const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
  const W = Math.max(Math.min(ctx.width, 560), Math.min(ctx.width, 160 + xs.length * (big ? 140 : 100)));
  const m = { t: fs * 4, r: 16, b: fs * 3.6, l: fs * 6 };
  const cw = (W - m.l - m.r) / xs.length;
  const ch = Math.min(big ? 80 : 48, 320 / ys.length);
  const H = m.t + ch * ys.length + m.b;
  const svg = d3.select(container).append('svg').attr('xmlns', 'http://www.w3.org/2000/svg').attr('viewBox', `0 0 ${W} ${H}`).attr('width', W).attr('height', H).attr('role', 'img').attr('aria-label', opts.title).attr('font-family', FONT).attr('font-size', fs);
  svg.append('rect').attr('width', W).attr('height', H).attr('fill', '#ffffff');
  svg.append('text').attr('x', 0).attr('y', fs + 2).attr('font-weight', 600).attr('font-size', fs * 1.15).attr('fill', '#1a1a1a').text(opts.title);
  const vals = cells.map((c) => c.value).filter(Number.isFinite);
  const colour = d3.scaleSequential(d3.interpolateBlues).domain([d3.min(vals) ?? 0, d3.max(vals) ?? 1]);
  // The swept values exactly as swept (0.005 and 0.01 both read 0,01 with two decimals).
  const dx = exactDecimals(xs);
  const dy = exactDecimals(ys);
  const fmtX = (v: number) => ctx.fmt(v, dx);
  const fmtY = (v: number) => ctx.fmt(v, dy);
  for (const c of cells) {
    const i = xs.indexOf(c.x);
    const j = ys.length - 1 - ys.indexOf(c.y);
    const fill = Number.isFinite(c.value) ? colour(c.value) : '#eeeeee';
    const dark = Number.isFinite(c.value) && d3.hsl(fill).l < 0.55;
    const g = svg.append('g').attr('class', 'cell');
    g.append('rect').attr('x', m.l + i * cw).attr('y', m.t + j * ch).attr('width', cw - 1).attr('height', ch - 1).attr('fill', fill);
    g.append('text').attr('x', m.l + (i + 0.5) * cw).attr('y', m.t + (j + 0.5) * ch + fs / 3).attr('text-anchor', 'middle').attr('fill', dark ? '#ffffff' : '#000000').text(Number.isFinite(c.value) ? ctx.fmt(c.value) : '–');
    g.append('title').text(`${opts.xLabel} ${fmtX(c.x)}, ${opts.yLabel} ${fmtY(c.y)}: ${ctx.fmt(c.value)}`);
  }
  xs.forEach((v, i) => svg.append('text').attr('x', m.l + (i + 0.5) * cw).attr('y', m.t + ch * ys.length + fs + 4).attr('text-anchor', 'middle').attr('fill', '#333333').text(fmtX(v)));
  ys.forEach((v, j) => svg.append('text').attr('x', m.l - 6).attr('y', m.t + (ys.length - 1 - j + 0.5) * ch + fs / 3).attr('text-anchor', 'end').attr('fill', '#333333').text(fmtY(v)));
  svg.append('text').attr('x', W - m.r).attr('y', H - 6).attr('text-anchor', 'end').attr('fill', '#333333').text(`${opts.xLabel} →`);
  svg.append('text').attr('x', 0).attr('y', fs * 3).attr('fill', '#333333').text(`↑ ${opts.yLabel}`);
  // Colour legend, top right: the scale from the lowest to the highest cell value.
  if (vals.length > 0) {
    const lw = Math.min(160, W / 3);
    const lx = W - m.r - lw;
    const ly = fs * 1.6;
    const id = `heat-legend-${++legends}`;
    const grad = svg.append('defs').append('linearGradient').attr('id', id);
    for (let i = 0; i <= 10; i++) grad.append('stop').attr('offset', `${i * 10}%`).attr('stop-color', colour(colour.domain()[0]! + (i / 10) * (colour.domain()[1]! - colour.domain()[0]!)));
    svg.append('rect').attr('class', 'legend').attr('x', lx).attr('y', ly).attr('width', lw).attr('height', fs * 0.8).attr('fill', `url(#${id})`).attr('stroke', '#999999');
    const [lo, hi] = colour.domain() as [number, number];
    svg.append('text').attr('x', lx).attr('y', ly + fs * 1.9).attr('fill', '#333333').attr('font-size', fs * 0.9).text(ctx.fmt(lo));
    svg.append('text').attr('x', lx + lw).attr('y', ly + fs * 1.9).attr('text-anchor', 'end').attr('fill', '#333333').attr('font-size', fs * 0.9).text(ctx.fmt(hi));
  }
  return svg.node()!;
}
