/**
 * A quantity over time (casussen in the chain, a queue, a caseload, children in care): per
 * scenario the median across replications and the 10th-90th percentile band; the baseline is
 * dashed; the warm-up is shaded and labelled; time in years, or in calendar years when the
 * scenarios have a calendar (the end of the warm-up is 1 January of the start year), with each
 * switch of design marked on its date.
 */
import * as d3 from 'd3';
import type { SeriesBand } from '../../../src/experiment/results.js';
import { WEEKS_PER_YEAR } from '../../../src/scenario/param.js';
import { FONT, textWidth, titledLineChart, type ChartContext, type ScenarioStyle } from './common.js';

export interface SeriesInput {
  style: ScenarioStyle;
  band: SeriesBand;
}

/** A calendar for the time axis, and the switches of design on it (weeks in the run's time). */
export interface SeriesCalendar {
  startYear: number;
  switches: readonly { atWeeks: number; label: string; color: string }[];
}

export function renderSeries(container: HTMLElement, input: SeriesInput[], opts: { title: string; warmupWeeks: number; calendar?: SeriesCalendar }, ctx: ChartContext): SVGSVGElement {
  // The legend wraps under the title; the note on what line and band mean goes with it.
  const big = ctx.large;
  const { svg, W, H, fs, legendH } = titledLineChart(container, 'series-chart', input.map((d) => d.style), opts.title, `${ctx.t('chart.p50')}; ${ctx.t('chart.band')}`, 420, ctx);
  const marks = opts.calendar?.switches ?? [];
  const m = { t: fs * 2.6 + legendH + fs * 0.4 + marks.length * fs * 1.3, r: fs, b: fs * 3, l: fs * 3.2 };
  if (input.length === 0) return svg.node()!;
  const tMax = d3.max(input, (d) => d3.max(d.band.t)) ?? 1;
  const yMax = (d3.max(input, (d) => d3.max(d.band.p90)) ?? 1) * 1.08 || 1;
  const x = d3.scaleLinear().domain([0, tMax]).range([m.l, W - m.r]);
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([H - m.b, m.t]);
  // Warm-up
  if (opts.warmupWeeks > 0) {
    svg.append('rect').attr('x', x(0)).attr('y', m.t).attr('width', x(opts.warmupWeeks) - x(0)).attr('height', H - m.b - m.t).attr('fill', '#000000').attr('fill-opacity', 0.06);
    const label = ctx.t('chart.warmup');
    if (textWidth(label, fs) < x(opts.warmupWeeks) - x(0)) svg.append('text').attr('x', x(opts.warmupWeeks / 2)).attr('y', m.t + fs * 1.2).attr('text-anchor', 'middle').attr('fill', '#555555').text(label);
  }
  // Axes: the number on the left, years along the bottom.
  const fmt = (v: d3.NumberValue) => ctx.fmt(Number(v), Number.isInteger(Number(v)) ? 0 : undefined);
  const ya = svg.append('g').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(Math.max(2, Math.floor((H - m.b - m.t) / (fs * 2.5)))).tickFormat(fmt).tickSize(-(W - m.l - m.r)));
  ya.selectAll('line').attr('stroke', '#e3e3e3');
  ya.select('.domain').remove();
  ya.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  const years = Math.floor(tMax / WEEKS_PER_YEAR + 1e-9);
  const step = Math.max(1, Math.ceil((years * fs * 3) / (W - m.l - m.r)));
  const cal = opts.calendar;
  // With a calendar, a tick on 1 January of each year from the start year on, written as a year.
  const ticks = cal ? d3.range(0, Math.floor((tMax - opts.warmupWeeks) / WEEKS_PER_YEAR + 1e-9) + 1, step).map((k) => opts.warmupWeeks + k * WEEKS_PER_YEAR) : d3.range(0, years + 1, step).map((yr) => yr * WEEKS_PER_YEAR);
  const tickText = (v: d3.NumberValue) => (cal ? String(cal.startYear + Math.round((Number(v) - opts.warmupWeeks) / WEEKS_PER_YEAR)) : ctx.fmt(Number(v) / WEEKS_PER_YEAR, 0));
  const xa = svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${H - m.b})`).call(d3.axisBottom(x).tickValues(ticks).tickFormat(tickText));
  xa.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  xa.selectAll('line,path').attr('stroke', '#888888');
  // The first time label starts at the axis, clear of the lowest value label left of it.
  if (!cal || opts.warmupWeeks === 0) xa.select('.tick text').attr('text-anchor', 'start');
  // A calendar year is wider than a number of years: the last one ends at the right edge, inside the drawing.
  const lastTick = ticks[ticks.length - 1];
  if (cal && lastTick !== undefined && x(lastTick) + textWidth(tickText(lastTick), fs) / 2 > W) xa.selectAll<SVGTextElement, number>('.tick text').filter((v) => v === lastTick).attr('text-anchor', 'end');
  svg.append('text').attr('x', W - m.r).attr('y', H - fs * 0.3).attr('text-anchor', 'end').attr('fill', '#333333').text(ctx.t(cal ? 'years.chart.axis' : 'chart.years'));
  // Switches of design: a line on the date, labelled above the plot in the colour of the scenario.
  const top = m.t - marks.length * fs * 1.3;
  marks.forEach((s, i) => {
    if (s.atWeeks < 0 || s.atWeeks > tMax) return;
    const at = x(s.atWeeks);
    svg.append('line').attr('class', 'switch').attr('x1', at).attr('x2', at).attr('y1', top + i * fs * 1.3).attr('y2', H - m.b).attr('stroke', s.color).attr('stroke-width', big ? 2.5 : 1.5).attr('stroke-dasharray', '4 3');
    const right = at + fs * 0.4 + textWidth(s.label, fs) <= W - m.r;
    svg.append('text').attr('class', 'switch-label').attr('x', right ? at + fs * 0.4 : at - fs * 0.4).attr('y', top + (i + 0.8) * fs * 1.3).attr('text-anchor', right ? 'start' : 'end').attr('fill', s.color).attr('font-weight', 600).text(s.label);
  });
  // Bands and medians; the baseline last so it stays visible on top, dashed.
  const order = [...input].sort((a, b) => Number(a.style.baseline) - Number(b.style.baseline));
  for (const d of order) {
    const pts = d.band.t.map((t, i) => ({ t, lo: d.band.p10[i]!, mid: d.band.p50[i]!, hi: d.band.p90[i]! }));
    svg
      .append('path')
      .attr('d', d3.area<(typeof pts)[number]>().x((p) => x(p.t)).y0((p) => y(p.lo)).y1((p) => y(p.hi))(pts) ?? '')
      .attr('fill', d.style.color)
      .attr('fill-opacity', d.style.baseline ? 0.08 : 0.16)
      .attr('stroke', 'none');
    svg
      .append('path')
      .attr('d', d3.line<(typeof pts)[number]>().x((p) => x(p.t)).y((p) => y(p.mid))(pts) ?? '')
      .attr('fill', 'none')
      .attr('stroke', d.style.color)
      .attr('stroke-width', big ? 4 : 2.2)
      .attr('stroke-dasharray', d.style.baseline ? (big ? '10 6' : '6 4') : null)
      .append('title')
      .text(d.style.label);
  }
  return svg.node()!;
}
