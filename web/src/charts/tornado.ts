/**
 * A tornado: each assumption set to its low and to its high end, the others as in the file; a bar
 * from the KPI as the file has it to the KPI at each end, the widest first. Blue for the low end,
 * orange for the high end (distinct for colour-blind eyes and in grey); the KPI at both ends is
 * written on the right. A `*` marks an assumption with the default range (−50%/+100%).
 */
import * as d3 from 'd3';
import { textWidth, type ChartContext, svgFrame } from './common.js';
import { ANALYSIS_FONT, multiline, tickDigits, valueAxis, wrapLabel } from './bars.js';

export interface TornadoBar {
  path: string;
  label: string;
  low: number;
  high: number;
  /** The assumption's low and high value as people read them (for the tooltip). */
  lowValue: string;
  highValue: string;
  defaultRange: boolean;
}

export interface TornadoOptions {
  title: string;
  base: number;
  digits: number;
  /** Legend words: "aanname laag", "aanname hoog", and the base line's label. */
  lowLabel: string;
  highLabel: string;
  baseLabel: string;
}

export const LOW_COLOUR = '#0072b2';
export const HIGH_COLOUR = '#e69f00';

export function renderTornado(container: HTMLElement, rows: readonly TornadoBar[], opts: TornadoOptions, ctx: ChartContext): SVGSVGElement {
  const fs = ANALYSIS_FONT;
  const W = Math.max(640, Math.floor(ctx.width));
  const fmt = (v: number) => ctx.fmt(v, opts.digits);
  const label = (r: TornadoBar) => `${r.label}${r.defaultRange ? ' *' : ''}`;
  const labelW = Math.min(W * 0.4, Math.max(fs * 6, ...rows.map((r) => textWidth(label(r), fs) + fs)));
  const ends = (r: TornadoBar) => `${fmt(r.low)} / ${fmt(r.high)}`;
  const valueW = Math.max(fs * 4, ...rows.map((r) => textWidth(ends(r), fs))) + fs;
  const titleLines = wrapLabel(opts.title, fs * 1.1, W, 2, 700);
  const titleH = titleLines.length * fs * 1.3 + fs * 0.4;
  // The legend: the two ends and the base line, on as many rows as the width needs.
  const baseText = `${opts.baseLabel}: ${fmt(opts.base)}`;
  const items = [
    { text: opts.lowLabel, colour: LOW_COLOUR, line: false },
    { text: opts.highLabel, colour: HIGH_COLOUR, line: false },
    { text: baseText, colour: '#000000', line: true },
  ].map((it) => ({ ...it, w: fs * 1.3 + textWidth(it.text, fs) }));
  const placed: { x: number; row: number }[] = [];
  let lx = 0;
  let row = 0;
  for (const it of items) {
    if (lx > 0 && lx + it.w > W) {
      lx = 0;
      row++;
    }
    placed.push({ x: lx, row });
    lx += it.w + fs;
  }
  const legendH = (row + 1) * fs * 1.4 + fs * 0.4;
  const rowH = fs * 2.7;
  const axisH = fs * 2;
  const top = titleH + legendH;
  const H = top + rowH * Math.max(1, rows.length) + axisH;
  const x0 = labelW + fs * 0.6;
  const x1 = W - valueW;
  const vals = [opts.base, ...rows.flatMap((r) => [r.low, r.high])].filter(Number.isFinite);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const pad = (hi - lo) * 0.04 || Math.abs(opts.base) * 0.05 || 1;
  const x = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([x0, x1]);
  const svg = svgFrame(container, 'tornado', W, H, fs, opts.title);
  const title = svg.append('text').attr('font-weight', 700).attr('font-size', fs * 1.1).attr('fill', '#1a1a1a');
  titleLines.forEach((l, i) => title.append('tspan').attr('x', 0).attr('y', fs * 1.15 + i * fs * 1.3).text(l));
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(0,${titleH + fs})`);
  items.forEach((it, i) => {
    const { x: at, row: r } = placed[i]!;
    const y = r * fs * 1.4;
    if (it.line) legend.append('line').attr('x1', at).attr('x2', at + fs).attr('y1', y - fs * 0.35).attr('y2', y - fs * 0.35).attr('stroke', it.colour).attr('stroke-width', 2).attr('stroke-dasharray', '6 3');
    else legend.append('rect').attr('x', at).attr('y', y - fs * 0.75).attr('width', fs).attr('height', fs * 0.8).attr('fill', it.colour);
    legend.append('text').attr('x', at + fs * 1.3).attr('y', y).attr('fill', '#1a1a1a').text(it.text);
  });
  const [d0, d1] = x.domain() as [number, number];
  valueAxis(svg, x, H - axisH, top, fs, ctx, tickDigits(d0, d1));
  rows.forEach((r, i) => {
    const yc = top + rowH * (i + 0.5);
    const bh = fs * 1.2;
    const g = svg.append('g').attr('class', 'tornado-row').attr('data-path', r.path).attr('data-low', String(r.low)).attr('data-high', String(r.high));
    g.append('title').text(`${r.label}: ${r.lowValue} → ${fmt(r.low)}; ${r.highValue} → ${fmt(r.high)}`);
    multiline(g, wrapLabel(label(r), fs, labelW, 2), labelW, yc, fs, 'end').attr('class', 'label');
    // The longer bar first, so the shorter one shows on top of it.
    const bars = ([
      [r.low, LOW_COLOUR, 'low'],
      [r.high, HIGH_COLOUR, 'high'],
    ] as const)
      .filter(([v]) => Number.isFinite(v))
      .sort((p, q) => Math.abs(q[0] - opts.base) - Math.abs(p[0] - opts.base));
    for (const [v, colour, end] of bars) g.append('rect').attr('class', `bar ${end}`).attr('x', Math.min(x(opts.base), x(v))).attr('y', yc - bh / 2).attr('width', Math.max(2, Math.abs(x(v) - x(opts.base)))).attr('height', bh).attr('fill', colour);
    g.append('text').attr('class', 'value').attr('x', x1 + fs * 0.5).attr('y', yc).attr('dy', '0.35em').attr('fill', '#1a1a1a').text(ends(r));
  });
  // The KPI as the files have it: a line through every row, its value under the axis' end.
  svg.append('line').attr('class', 'base').attr('x1', x(opts.base)).attr('x2', x(opts.base)).attr('y1', top).attr('y2', H - axisH).attr('stroke', '#000000').attr('stroke-width', 2).attr('stroke-dasharray', '8 5');
  return svg.node()!;
}
