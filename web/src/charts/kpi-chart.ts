/**
 * One KPI across the scenarios: a bar per scenario from zero to its mean, the 95% interval as a
 * whisker at its end, the reference's mean as a dashed line through every row, and the value and
 * the difference with the reference written next to each bar. The headline view's main chart and
 * a presentation slide: drawn at its pixel size (no scaling), so the font sizes are what they say.
 */
import * as d3 from 'd3';
import { FONT, PROJECTOR_FONT, textWidth, type ChartContext, svgFrame } from './common.js';

export interface KpiRow {
  label: string;
  color: string;
  mean: number;
  ciLow: number;
  ciHigh: number;
  reference: boolean;
  /** The difference with the reference, when this is not the reference. */
  diff?: { text: string; sig: boolean; tone: 'good' | 'bad' | 'neutral' };
  /** The value before lever changes, when the scenario has changes. */
  before?: number;
}

export interface KpiChartOptions {
  title: string;
  unit: string;
  /** Height in pixels (default: from the rows). */
  height?: number;
  /** Digits of the values. */
  digits: number;
}

const TONE = { good: '#006d4e', bad: '#b3261e', neutral: '#444444' };

/** The font size a chart of this kind uses: at least 24 px on a projector. */
export const kpiFontSize = (large: boolean): number => (large ? PROJECTOR_FONT + 2 : 14);

export function renderKpiChart(container: HTMLElement, rows: readonly KpiRow[], opts: KpiChartOptions, ctx: ChartContext): SVGSVGElement {
  const fs = kpiFontSize(ctx.large);
  const W = Math.max(320, Math.floor(ctx.width));
  const titleH = fs * 2;
  const axisH = fs * 2;
  const rowH0 = fs * 2.6;
  const H = Math.max(titleH + axisH + rows.length * rowH0, Math.floor(opts.height ?? 0));
  const rowH = (H - titleH - axisH) / Math.max(1, rows.length);
  const labelW = Math.ceil(Math.max(fs * 3, ...rows.map((r) => textWidth(r.label, fs, r.reference ? 700 : 400))) + fs);
  const fmt = (x: number) => ctx.fmt(x, opts.digits);
  // Room on the right for the value and the difference ("12,34  Δ −1,23").
  const valueW = Math.ceil(Math.max(fs * 3, ...rows.map((r) => textWidth(fmt(r.mean), fs, 700) + (r.diff ? fs * 0.6 + textWidth(r.diff.text, fs, 700) : 0))) + fs);
  const x0 = labelW;
  const x1 = W - valueW;
  const hi = Math.max(...rows.map((r) => (Number.isFinite(r.ciHigh) ? r.ciHigh : r.mean)), ...rows.map((r) => r.mean), 0);
  const lo = Math.min(0, ...rows.map((r) => (Number.isFinite(r.ciLow) ? r.ciLow : r.mean)));
  const x = d3.scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).nice().range([x0, x1]);
  const svg = svgFrame(container, 'kpi-chart', W, H, fs, `${opts.title}${opts.unit ? ` (${opts.unit})` : ''}`);
  svg.append('text').attr('x', 0).attr('y', fs * 1.25).attr('font-weight', 700).attr('font-size', fs * 1.1).attr('fill', '#1a1a1a').text(`${opts.title}${opts.unit ? ` (${opts.unit})` : ''}`);
  const axis = svg
    .append('g')
    .attr('transform', `translate(0,${H - axisH})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((x1 - x0) / (fs * 5)))).tickFormat((v) => ctx.fmt(Number(v), Math.abs(hi) < 10 ? 1 : 0)).tickSize(-(H - titleH - axisH)));
  axis.selectAll('line').attr('stroke', '#e3e3e3');
  axis.select('.domain').attr('stroke', '#888888');
  axis.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT).attr('dy', '1em');
  const ref = rows.find((r) => r.reference);
  rows.forEach((r, i) => {
    const yc = titleH + rowH * (i + 0.5);
    const bh = Math.min(rowH * 0.55, fs * 1.4);
    const g = svg.append('g').attr('class', 'kpi-row').attr('data-label', r.label);
    g.append('text').attr('class', 'label').attr('x', x0 - fs * 0.5).attr('y', yc).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', '#1a1a1a').attr('font-weight', r.reference ? 700 : 400).text(r.label);
    if (!Number.isFinite(r.mean)) return;
    g.append('rect')
      .attr('x', x(Math.min(0, r.mean)))
      .attr('y', yc - bh / 2)
      .attr('width', Math.max(1, Math.abs(x(r.mean) - x(0))))
      .attr('height', bh)
      .attr('fill', r.color)
      .attr('fill-opacity', r.reference ? 0.45 : 0.85)
      .attr('stroke', r.reference ? r.color : 'none')
      .attr('stroke-dasharray', r.reference ? '6 4' : null);
    if (Number.isFinite(r.ciLow) && Number.isFinite(r.ciHigh) && r.ciHigh > r.ciLow) {
      const w = Math.max(2, fs / 8);
      g.append('line').attr('x1', x(r.ciLow)).attr('x2', x(r.ciHigh)).attr('y1', yc).attr('y2', yc).attr('stroke', '#111111').attr('stroke-width', w);
      for (const v of [r.ciLow, r.ciHigh]) g.append('line').attr('x1', x(v)).attr('x2', x(v)).attr('y1', yc - bh / 3).attr('y2', yc + bh / 3).attr('stroke', '#111111').attr('stroke-width', w);
    }
    if (r.before !== undefined && Number.isFinite(r.before)) {
      g.append('line').attr('x1', x(r.before)).attr('x2', x(r.before)).attr('y1', yc - bh / 2 - 4).attr('y2', yc + bh / 2 + 4).attr('stroke', r.color).attr('stroke-width', Math.max(2, fs / 8)).attr('stroke-dasharray', '3 3');
    }
    const value = g.append('text').attr('class', 'value').attr('x', x1 + fs * 0.5).attr('y', yc).attr('dy', '0.35em').attr('fill', '#1a1a1a');
    value.append('tspan').attr('font-weight', 700).text(fmt(r.mean));
    if (r.diff) value.append('tspan').attr('dx', fs * 0.6).attr('font-weight', r.diff.sig ? 700 : 400).attr('fill', r.diff.sig ? TONE[r.diff.tone] : '#555555').text(r.diff.text);
  });
  // The reference as a line through every row: the eye compares each bar with it.
  if (ref && Number.isFinite(ref.mean)) {
    svg.append('line').attr('class', 'reference').attr('x1', x(ref.mean)).attr('x2', x(ref.mean)).attr('y1', titleH).attr('y2', H - axisH).attr('stroke', '#000000').attr('stroke-width', Math.max(1.5, fs / 10)).attr('stroke-dasharray', '8 5');
  }
  return svg.node()!;
}
