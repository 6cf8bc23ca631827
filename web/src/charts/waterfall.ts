/**
 * "Waarom dit verschil?": a design's difference with the reference as a waterfall. Each group of
 * choices is a bar from where the ones before it ended, as long as its contribution (its Shapley
 * value), with its 95% interval as a whisker around its end; the last bar is the total, from zero.
 * The contributions add up to the total. Green where the KPI gets better, red where worse, blue
 * when the KPI has no better direction; the sign is written next to every bar.
 */
import * as d3 from 'd3';
import { textWidth, type ChartContext, svgFrame } from './common.js';
import { ANALYSIS_FONT, multiline, tickDigits, valueAxis, wrapLabel } from './bars.js';

export interface WaterfallRow {
  /** The group's id (data-group) and its name for people. */
  id: string;
  label: string;
  mean: number;
  ciLow: number;
  ciHigh: number;
}

export interface WaterfallOptions {
  title: string;
  /** The total's label ("totaal verschil"). */
  totalLabel: string;
  total: { mean: number; ciLow: number; ciHigh: number };
  better: 'lower' | 'higher' | null;
  digits: number;
}

export const TONES = { good: '#006d4e', bad: '#b3261e', neutral: '#0072b2' };

export function tone(better: 'lower' | 'higher' | null, delta: number): string {
  if (!better || delta === 0 || !Number.isFinite(delta)) return TONES.neutral;
  return (better === 'lower') === delta < 0 ? TONES.good : TONES.bad;
}

export function renderWaterfall(container: HTMLElement, rows: readonly WaterfallRow[], opts: WaterfallOptions, ctx: ChartContext): SVGSVGElement {
  const fs = ANALYSIS_FONT;
  const W = Math.max(640, Math.floor(ctx.width));
  const all = [...rows.map((r) => ({ ...r, total: false })), { id: 'total', label: opts.totalLabel, ...opts.total, total: true }];
  const fmt = (x: number) => ctx.fmt(x, opts.digits);
  const signed = (x: number) => `${x > 0 && fmt(x) !== fmt(0) ? '+' : ''}${fmt(x)}`;
  const ci = (r: { ciLow: number; ciHigh: number }) => (Number.isFinite(r.ciLow) && Number.isFinite(r.ciHigh) ? `[${fmt(r.ciLow)}; ${fmt(r.ciHigh)}]` : '');
  const labelW = Math.min(W * 0.34, Math.max(fs * 6, ...all.map((r) => textWidth(r.label, fs, r.total ? 700 : 400) + fs)));
  const valueW = Math.max(...all.map((r) => Math.max(textWidth(signed(r.mean), fs, 700), textWidth(ci(r), fs)))) + fs;
  const titleLines = wrapLabel(opts.title, fs * 1.1, W, 2, 700);
  const titleH = titleLines.length * fs * 1.3 + fs * 0.6;
  const rowH = fs * 2.9;
  const axisH = fs * 2;
  const H = titleH + rowH * all.length + axisH;
  const x0 = labelW + fs * 0.6;
  const x1 = W - valueW;
  // Where each bar starts and ends: the contributions one after another, then the total from zero.
  let at = 0;
  const spans = all.map((r) => {
    if (r.total) return { a: 0, b: r.mean };
    const s = { a: at, b: at + r.mean };
    at += r.mean;
    return s;
  });
  const ends = spans.flatMap((s, i) => [s.a, s.b, s.b - all[i]!.mean + all[i]!.ciLow, s.b - all[i]!.mean + all[i]!.ciHigh]).filter(Number.isFinite);
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  const x = d3.scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).nice().range([x0, x1]);
  const svg = svgFrame(container, 'waterfall', W, H, fs, opts.title);
  const title = svg.append('text').attr('font-weight', 700).attr('font-size', fs * 1.1).attr('fill', '#1a1a1a');
  titleLines.forEach((l, i) => title.append('tspan').attr('x', 0).attr('y', fs * 1.15 + i * fs * 1.3).text(l));
  const [d0, d1] = x.domain() as [number, number];
  valueAxis(svg, x, H - axisH, titleH, fs, ctx, tickDigits(d0, d1));
  svg.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', titleH).attr('y2', H - axisH).attr('stroke', '#000000').attr('stroke-width', 2);
  all.forEach((r, i) => {
    const yc = titleH + rowH * (i + 0.5);
    const bh = fs * 1.3;
    const { a, b } = spans[i]!;
    const g = svg.append('g').attr('class', r.total ? 'wf-total' : 'wf-row').attr('data-group', r.id).attr('data-mean', String(r.mean));
    g.append('title').text(`${r.label}: ${signed(r.mean)} ${ci(r)}`);
    multiline(g, wrapLabel(r.label, fs, labelW, 2, r.total ? 700 : 400), labelW, yc, fs, 'end', r.total ? 700 : 400).attr('class', 'label');
    if (!Number.isFinite(r.mean)) return;
    const colour = tone(opts.better, r.mean);
    g.append('rect')
      .attr('x', Math.min(x(a), x(b)))
      .attr('y', yc - bh / 2)
      .attr('width', Math.max(2, Math.abs(x(b) - x(a))))
      .attr('height', bh)
      .attr('fill', colour)
      .attr('fill-opacity', r.total ? 1 : 0.8)
      .attr('stroke', r.total ? '#1a1a1a' : 'none')
      .attr('stroke-width', 2);
    // The interval of the contribution, around the bar's end.
    if (Number.isFinite(r.ciLow) && Number.isFinite(r.ciHigh) && r.ciHigh > r.ciLow) {
      const [c0, c1] = [x(b - r.mean + r.ciLow), x(b - r.mean + r.ciHigh)];
      const w = 3;
      g.append('line').attr('class', 'whisker').attr('x1', c0).attr('x2', c1).attr('y1', yc).attr('y2', yc).attr('stroke', '#111111').attr('stroke-width', w);
      for (const c of [c0, c1]) g.append('line').attr('x1', c).attr('x2', c).attr('y1', yc - bh / 3).attr('y2', yc + bh / 3).attr('stroke', '#111111').attr('stroke-width', w);
    }
    // A dashed step to where the next bar starts.
    if (!r.total && i < all.length - 2) g.append('line').attr('x1', x(b)).attr('x2', x(b)).attr('y1', yc + bh / 2).attr('y2', yc + rowH - bh / 2).attr('stroke', '#777777').attr('stroke-width', 1.5).attr('stroke-dasharray', '4 3');
    const value = g.append('text').attr('class', 'value').attr('x', x1 + fs * 0.5).attr('fill', '#1a1a1a');
    value.append('tspan').attr('class', 'mean').attr('x', x1 + fs * 0.5).attr('y', yc - fs * 0.6).attr('dy', '0.35em').attr('font-weight', 700).attr('fill', colour === TONES.neutral ? '#1a1a1a' : colour).text(signed(r.mean));
    value.append('tspan').attr('class', 'ci').attr('x', x1 + fs * 0.5).attr('y', yc + fs * 0.6).attr('dy', '0.35em').attr('fill', '#444444').text(ci(r));
  });
  return svg.node()!;
}
